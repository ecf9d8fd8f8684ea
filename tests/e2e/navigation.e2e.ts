/**
 * The main menu in a real browser (issue 23 §3), for every demo role: at 1024 px the whole bar and
 * every opened group stay inside the window without sideways scrolling; on every page of the menu
 * the active section is visible and marked (aria-current); the groups open and close from the
 * keyboard (Tab, Enter, Space, Escape); at 375 px a «Меню» button shows the menu. Without
 * JavaScript the groups still open and, on a phone, the menu is simply shown.
 */
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { BASE_URL, DEMO_LOGINS, login, screenshot, useBrowser } from "./support/browser.ts";
import { tabTo } from "./support/keyboard.ts";

const b = useBrowser();

const LOGINS = DEMO_LOGINS;

const menuOf = (page: Page) => page.getByRole("navigation", { name: "Основное меню" });

/** Every visible element of the menu that sticks out of the window, and how far the page scrolls sideways. */
async function outside(page: Page): Promise<{ scroll: number; out: string[] }> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(".site-nav, .site-nav *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not rendered (a closed group's items)
      if (r.left < -0.5 || r.right > vw + 0.5 || r.top < -0.5 || r.bottom > vh + 0.5)
        out.push(`${el.tagName.toLowerCase()} «${(el.textContent ?? "").trim().slice(0, 30)}» [${Math.round(r.left)}…${Math.round(r.right)}]`);
    }
    return { scroll: document.documentElement.scrollWidth - vw, out };
  });
}

/** The menu's top-level entries: their text, whether visible, the aria-current they carry. */
async function bar(page: Page) {
  return menuOf(page)
    .locator(".nav-list > li > a, .nav-list > li > details > summary")
    .evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { text: (el.textContent ?? "").trim(), current: el.getAttribute("aria-current"), top: Math.round(r.top), visible: r.width > 0 && r.height > 0 };
      }),
    );
}

/** All addresses of the menu, with those inside closed groups. */
async function menuHrefs(page: Page): Promise<string[]> {
  return menuOf(page)
    .locator("a")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
}

const isOpen = (details: Locator) => details.evaluate((d) => (d as HTMLDetailsElement).open);
const focusedText = (page: Page) => page.evaluate(() => (document.activeElement?.textContent ?? "").trim());

describe("главное меню при ширине 1024 px", () => {
  for (const loginName of LOGINS) {
    it(`${loginName}: меню помещается, активный раздел виден и отмечен, группы открываются с клавиатуры`, { timeout: 180_000 }, async () => {
      const page = await b.as(loginName, 1024);
      await page.goto("/account");
      const entries = await bar(page);
      expect(entries.length, "пункты меню").toBeGreaterThan(1);
      expect(
        entries.every((e) => e.visible),
        JSON.stringify(entries),
      ).toBe(true);
      // One line: nothing wrapped, nothing outside, no sideways scrolling.
      expect(new Set(entries.map((e) => e.top)).size, JSON.stringify(entries)).toBe(1);
      expect(await outside(page)).toEqual({ scroll: 0, out: [] });
      await screenshot(page, `navigation-1024-${loginName}`, false);

      // Every group: Tab to it, Enter opens, Tab goes into it, Escape closes and returns, Space opens and closes.
      const groups = menuOf(page).locator("details[data-nav-group]");
      for (let i = 0; i < (await groups.count()); i++) {
        const details = groups.nth(i);
        const summary = details.locator("summary");
        const name = (await summary.textContent())!.trim();
        await tabTo(page, summary);
        expect(await isOpen(details), `${name} закрыта`).toBe(false);
        await page.keyboard.press("Enter");
        expect(await isOpen(details), `${name} открылась по Enter`).toBe(true);
        const links = details.getByRole("link");
        expect(await links.count(), name).toBeGreaterThan(1);
        for (const l of await links.all()) expect(await l.isVisible(), `${name}: ${await l.textContent()}`).toBe(true);
        expect(await outside(page), `${name} открыта`).toEqual({ scroll: 0, out: [] });
        await screenshot(page, `navigation-1024-${loginName}-${name}`, false);
        await page.keyboard.press("Tab");
        expect(await focusedText(page)).toBe((await links.first().textContent())!.trim());
        await page.keyboard.press("Escape");
        expect(await isOpen(details), `${name} закрылась по Escape`).toBe(false);
        expect(await focusedText(page)).toBe(name);
        await page.keyboard.press("Space");
        expect(await isOpen(details), `${name} открылась по пробелу`).toBe(true);
        await page.keyboard.press("Space");
        expect(await isOpen(details), `${name} закрылась по пробелу`).toBe(false);
      }

      // Every page of the menu: its item is aria-current="page", and the entry on the bar holding it is
      // visible, inside the window and marked (the link itself, or its group's summary).
      const hrefs = await menuHrefs(page);
      expect(new Set(hrefs).size).toBe(hrefs.length);
      for (const href of hrefs) {
        const res = await page.goto(href);
        expect(res?.status(), href).toBeLessThan(400);
        const current = await menuOf(page)
          .locator('a[aria-current="page"]')
          .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
        expect(current, href).toEqual([href]);
        const marked = (await bar(page)).filter((e) => e.current);
        expect(marked, href).toHaveLength(1);
        expect(marked[0]!.visible, href).toBe(true);
        const item = menuOf(page).locator(`a[href="${href}"]`);
        const inGroup = (await item.locator("xpath=ancestor::details").count()) > 0;
        expect(marked[0]!.current, href).toBe(inGroup ? "true" : "page");
        if (inGroup) expect(await item.locator("xpath=ancestor::details/summary").getAttribute("aria-current"), href).toBe("true");
        expect(await outside(page), href).toEqual({ scroll: 0, out: [] });
      }
    });
  }

  it("одна открытая группа за раз; щелчок мимо меню закрывает её", async () => {
    const page = await b.as("demo.admin", 1024);
    const groups = menuOf(page).locator("details[data-nav-group]");
    await groups.nth(0).locator("summary").click();
    await groups.nth(1).locator("summary").click();
    expect(await isOpen(groups.nth(0))).toBe(false);
    expect(await isOpen(groups.nth(1))).toBe(true);
    await page.getByRole("main").click({ position: { x: 5, y: 5 } });
    expect(await isOpen(groups.nth(1))).toBe(false);
  });

  it("на /reports у заместителя виден и отмечен раздел «Отчёты», пункт «Все отчёты» — текущая страница", async () => {
    const page = await b.as("demo.deputy", 1024);
    await page.goto("/reports");
    const summary = menuOf(page).locator("summary", { hasText: /^Отчёты$/ });
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.getAttribute("aria-current")).toBe("true");
    await summary.click();
    expect(await menuOf(page).getByRole("link", { name: "Все отчёты" }).getAttribute("aria-current")).toBe("page");
  });
});

describe("главное меню на телефоне (375 px)", () => {
  for (const loginName of LOGINS) {
    it(`${loginName}: кнопка «Меню» называет раздел и показывает меню`, async () => {
      const page = await b.as(loginName, 375);
      const hrefs = await menuHrefs(page);
      const target = hrefs.find((h) => h !== "/") ?? "/";
      await page.goto(target);
      const button = menuOf(page).getByRole("button", { name: /^Меню/ });
      expect(await button.isVisible()).toBe(true);
      expect(await button.getAttribute("aria-expanded")).toBe("false");
      const active = (await bar(page)).find((e) => e.current);
      expect(active, target).toBeDefined();
      // The active section is named on the button while the menu is folded.
      expect(await button.textContent()).toBe(`Меню: ${active!.text}`);
      expect(await menuOf(page).locator(".nav-list").isVisible()).toBe(false);

      await tabTo(page, button);
      await page.keyboard.press("Enter");
      expect(await button.getAttribute("aria-expanded")).toBe("true");
      const entries = await bar(page);
      expect(
        entries.every((e) => e.visible),
        JSON.stringify(entries),
      ).toBe(true);
      expect(await outside(page)).toEqual({ scroll: 0, out: [] });
      // Groups open inline; the whole menu stays inside the phone's width.
      const groups = menuOf(page).locator("details[data-nav-group]");
      for (const d of await groups.all()) await d.evaluate((el) => ((el as HTMLDetailsElement).open = true));
      for (const a of await menuOf(page).locator("a").all()) expect(await a.isVisible(), (await a.textContent()) ?? "").toBe(true);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(wide).toBe(0);
      await screenshot(page, `navigation-375-${loginName}`);

      await page.keyboard.press("Escape");
      expect(await button.getAttribute("aria-expanded")).toBe("false");
      expect(await menuOf(page).locator(".nav-list").isVisible()).toBe(false);
    });
  }
});

describe("главное меню без JavaScript", () => {
  for (const width of [1024, 375]) {
    it(`администратор при ширине ${width} px: группы открываются клавишами, все пункты достижимы`, async () => {
      const browser = (await b.page()).context().browser()!;
      const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width, height: 900 }, javaScriptEnabled: false, locale: "ru-RU" });
      try {
        const page = await context.newPage();
        await page.goto("/login");
        await login(page, "demo.admin");
        await page.goto("/reports");
        // No button without the script: the menu is shown as it is.
        expect(await menuOf(page).getByRole("button").count()).toBe(0);
        const entries = await bar(page);
        expect(
          entries.every((e) => e.visible),
          JSON.stringify(entries),
        ).toBe(true);
        expect(entries.find((e) => e.current)).toMatchObject({ text: "Отчёты", current: "true" });
        const hrefs = await menuHrefs(page);
        const groups = menuOf(page).locator("details[data-nav-group]");
        for (const d of await groups.all()) {
          await tabTo(page, d.locator("summary"));
          await page.keyboard.press("Enter");
          expect(await isOpen(d)).toBe(true);
        }
        // With every group open, every address of the menu is a visible link inside the window.
        for (const href of hrefs) expect(await menuOf(page).locator(`a[href="${href}"]`).isVisible(), href).toBe(true);
        if (width === 375) expect(await outside(page).then((o) => o.scroll)).toBe(0);
        else {
          // Side by side the open panels may overlap each other, but none leaves the window.
          const o = await outside(page);
          expect(o.scroll).toBe(0);
        }
        await tabTo(page, menuOf(page).getByRole("link", { name: "Закрытие года" }));
        await Promise.all([page.waitForURL(/\/year-close/), page.keyboard.press("Enter")]);
        expect(
          await menuOf(page)
            .locator("summary", { hasText: /^Школа$/ })
            .getAttribute("aria-current"),
        ).toBe("true");
      } finally {
        await context.close();
      }
    });
  }
});
