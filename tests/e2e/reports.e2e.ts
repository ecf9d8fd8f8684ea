/**
 * The deputy's monthly check of the journals (issue 8): Отчёты → Проверка
 * журналов за месяц, one class picked, the table on screen, then the PDF
 * downloaded from «PDF для печати» and read back as text.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { ARTIFACTS, useBrowser } from "./support/browser.ts";

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
    await page.getByRole("navigation", { name: "Основное меню" }).getByRole("link", { name: "Отчёты" }).click();
    await page.getByRole("main").getByRole("link", { name: "Проверка журналов за месяц" }).click();
    await page.waitForURL(/\/reports\/check/);
    await page.getByRole("checkbox", { name: "6А", exact: true }).check();
    await page.getByRole("button", { name: "Показать" }).click();
    await page.waitForURL(/\/reports\/check\?/);
    const table = page.getByRole("main").getByRole("table").first();
    await expect(table.getByRole("columnheader", { name: "Записано уроков" }).count()).resolves.toBe(1);
    // Rows name the journals of 6А only.
    const body = (await table.textContent()) ?? "";
    expect(body).toContain("6А");
    expect(body).not.toMatch(/\b7А\b/);

    // The PDF opens inline (Content-Disposition: inline), so it is fetched in the same
    // signed-in browser context rather than through the browser's PDF viewer.
    const link = page.getByRole("link", { name: "PDF для печати" });
    const href = (await link.getAttribute("href"))!;
    expect(href).toMatch(/\.pdf/);
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/pdf");
    const data = await response.body();
    expect(data.subarray(0, 5).toString()).toBe("%PDF-");
    fs.writeFileSync(path.join(ARTIFACTS, "monthly-check.pdf"), data);
    const text = await pdfText(data);
    expect(text.toLowerCase()).toContain("проверка");
    expect(text).toContain(squash("6А"));
    // The first teacher named in the table on screen is in the PDF too.
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
