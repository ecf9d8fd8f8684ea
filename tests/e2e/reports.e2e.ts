/**
 * The deputy's monthly check of the journals (issue 8, issue 23): Отчёты → Проверка журналов
 * за месяц opens on the school summary (a line per class, fitting 1280 px), 6А is opened from
 * it — its journals beside its remarks and the remark form — and the class's PDF is downloaded
 * from «PDF для печати», its Russian file name checked and its text read back.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { ARTIFACTS, screenshot, useBrowser } from "./support/browser.ts";
import { axeFindings } from "./support/checks.ts";

const b = useBrowser();

/** All text of the PDF with whitespace removed (pdf.js may drop or add spaces between words). */
async function pdfText(data: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("");
  }
  await doc.destroy();
  return text.replace(/\s+/g, "");
}
const squash = (t: string) => t.replace(/\s+/g, "");

describe("заместитель директора", () => {
  it("проводит проверку журналов за месяц и скачивает её PDF", async () => {
    const page = await b.as("demo.deputy");
    const menu = page.getByRole("navigation", { name: "Основное меню" });
    await menu.locator("summary", { hasText: /^Отчёты$/ }).click(); // the «Отчёты» group opens
    await menu.getByRole("link", { name: "Все отчёты" }).click();
    await page.getByRole("main").getByRole("link", { name: "Проверка журналов за месяц" }).click();
    await page.waitForURL(/\/reports\/check/);
    const main = page.getByRole("main");
    // The summary: one line per class, nothing cut off on the right at 1280 px.
    const summary = main.getByRole("table").first();
    await expect(summary.getByRole("columnheader", { name: "Без темы" }).count()).resolves.toBe(1);
    await expect(summary.getByRole("rowheader").count()).resolves.toBeGreaterThan(10);
    const fits = () =>
      page.evaluate(() => [document.documentElement, ...document.querySelectorAll(".table-wrap")].every((el) => el.scrollWidth <= el.clientWidth));
    await expect(fits()).resolves.toBe(true);
    await screenshot(page, "monthly-check-summary");
    expect((await axeFindings(page, "проверка журналов: сводка")).findings).toEqual([]); // serious and critical only

    await summary.getByRole("link", { name: "6А", exact: true }).click();
    await page.waitForURL(/\/reports\/check\?.*class=\d+/);
    const table = main.getByRole("table").first();
    await expect(table.getByRole("columnheader", { name: "Записано уроков" }).count()).resolves.toBe(1);
    await expect(fits()).resolves.toBe(true);
    // The journals of 6А only.
    const body = (await table.textContent()) ?? "";
    expect(body).toContain("6А");
    expect(body).not.toMatch(/\b7А\b/);
    // The remark form stands beside the class's remarks, below its journals.
    const form = main.getByRole("form", { name: "Новое замечание" });
    const [formBox, listBox, tableBox] = await Promise.all([form.boundingBox(), main.locator(".check-remarks-list").boundingBox(), table.boundingBox()]);
    expect(formBox!.x).toBeGreaterThan(listBox!.x + listBox!.width - 1);
    expect(Math.abs(formBox!.y - listBox!.y)).toBeLessThan(40);
    expect(formBox!.y).toBeGreaterThan(tableBox!.y + tableBox!.height);
    await screenshot(page, "monthly-check-6A");
    expect((await axeFindings(page, "проверка журналов: 6А")).findings).toEqual([]);

    // The PDF opens inline (Content-Disposition: inline), so it is fetched in the same
    // signed-in browser context rather than through the browser's PDF viewer.
    const link = page.getByRole("link", { name: "PDF для печати" });
    const href = (await link.getAttribute("href"))!;
    expect(href).toMatch(/\.pdf/);
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/pdf");
    // The file says what it is: «Проверка-журналов-6А-<месяц>-<год>.pdf», with an ASCII fallback.
    const disposition = response.headers()["content-disposition"] ?? "";
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? "")).toMatch(/^Проверка-журналов-6А-[а-я]+-\d{4}\.pdf$/);
    expect(disposition).toMatch(/filename=Proverka-zhurnalov-6A-[a-z]+-\d{4}\.pdf/);
    const data = await response.body();
    expect(data.subarray(0, 5).toString()).toBe("%PDF-");
    fs.writeFileSync(path.join(ARTIFACTS, "monthly-check.pdf"), data);
    const text = await pdfText(data);
    expect(text.toLowerCase()).toContain("проверка");
    expect(text).toContain(squash("6А"));
    // The first journal (subject) named in the table on screen is in the PDF too.
    const teacher =
      (await table
        .locator("tbody")
        .getByRole("rowheader")
        .first()
        .textContent()
        .catch(() => null)) ?? "";
    if (teacher.trim()) expect(text).toContain(squash(teacher.trim()).slice(0, 20));
  });
});
