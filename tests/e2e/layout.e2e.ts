/**
 * Phone and desktop widths (issue 8): screenshots of the diary and the journal
 * at 375 px and 1280 px (test-results/e2e/layout-*.png, kept as artifacts), and
 * neither the diary nor the journal may scroll sideways on a 375 px phone.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { screenshot, useBrowser } from "./support/browser.ts";
import { openLatestLesson } from "./support/journal.ts";

const b = useBrowser();
const WIDTHS = [375, 1280] as const;

/** How far the page is wider than the window (0 when nothing sticks out), and what sticks out. */
async function overflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const extra = document.documentElement.scrollWidth - vw;
    const culprits: string[] = [];
    if (extra > 0)
      for (const el of document.querySelectorAll<HTMLElement>("body *")) {
        const r = el.getBoundingClientRect();
        if (r.right > vw + 1 && culprits.length < 5)
          culprits.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ").join(".") : ""} (right ${Math.round(r.right)})`);
      }
    return { extra, culprits };
  });
}

describe("дневник и журнал на телефоне и на компьютере", () => {
  for (const width of WIDTHS) {
    it(`дневник родителя при ширине ${width} px`, async () => {
      const page = await b.as("demo.parent", width);
      await page.goto("/diary");
      await page.waitForURL(/\/diary\/\d+\/week/);
      await screenshot(page, `layout-diary-week-${width}`);
      if (width === 375) expect(await overflow(page), "неделя дневника шире экрана").toEqual({ extra: 0, culprits: [] });
      await page.getByRole("navigation", { name: "Разделы дневника" }).getByRole("link", { name: "Оценки" }).click();
      await page.waitForURL(/\/diary\/\d+\/marks/);
      await screenshot(page, `layout-diary-marks-${width}`);
      if (width === 375) expect(await overflow(page), "оценки в дневнике шире экрана").toEqual({ extra: 0, culprits: [] });
    });

    it(`журнал учителя при ширине ${width} px`, async () => {
      const page = await b.as("demo.teacher", width);
      await page.goto("/journal");
      await page.getByRole("main").getByRole("table").first().getByRole("link").first().click();
      await page.waitForURL(/\/journal\/\d+\/\d+/);
      await screenshot(page, `layout-journal-grid-${width}`);
      // Wide tables scroll inside their own box; the page itself stays as wide as the phone.
      if (width === 375) expect(await overflow(page), "журнал шире экрана").toEqual({ extra: 0, culprits: [] });
      await openLatestLesson(page);
      await screenshot(page, `layout-journal-lesson-${width}`);
      if (width === 375) expect(await overflow(page), "страница урока шире экрана").toEqual({ extra: 0, culprits: [] });
    });
  }
});
