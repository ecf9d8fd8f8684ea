/**
 * «Табель успеваемости» in a real browser (issue 17): the parent opens the «Табель» tab of the child whose
 * quarter finals are entered and prints it; the deputy picks a class in Отчёты → Табель успеваемости and
 * downloads the class's PDF, a page per pupil on the screen.
 */
import { describe, expect, it } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { screenshot, useBrowser, useDb } from "./support/browser.ts";
import { axeFindings } from "./support/checks.ts";

const b = useBrowser();
const db = useDb();

async function pdfPageTexts(data: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items
        .map((it) => ("str" in it ? it.str : ""))
        .join("")
        .replace(/\s+/g, ""),
    );
  }
  await doc.destroy();
  return pages;
}
const squash = (t: string) => t.replace(/\s+/g, "");

describe("родитель", () => {
  it("открывает вкладку «Табель» ребёнка с выставленными итоговыми за четверть и печатает его", async () => {
    const child = await db.one<{ studentId: number; name: string }>(
      `SELECT s.id AS "studentId", concat_ws(' ', p."lastName", p."firstName", p."middleName") AS name
         FROM "User" u JOIN "ParentLink" pl ON pl."parentId" = u."personId" JOIN "Student" s ON s.id = pl."studentId" JOIN "Person" p ON p.id = s."personId"
        WHERE u.login = 'demo.parent' AND EXISTS (SELECT 1 FROM "FinalMark" f WHERE f."studentId" = s.id AND f.kind = 'PERIOD')
        ORDER BY s.id LIMIT 1`,
    );
    const page = await b.as("demo.parent");
    await page.goto(`/diary/${child.studentId}/week`);
    await page.getByRole("navigation", { name: "Разделы дневника" }).getByRole("link", { name: "Табель" }).click();
    await page.waitForURL(new RegExp(`/diary/${child.studentId}/report-card`));
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { name: "Табель успеваемости" }).count()).resolves.toBe(1);
    await expect(main.textContent()).resolves.toContain(`${child.name}, `);
    await expect(main.getByRole("columnheader", { name: "Итоговая" }).count()).resolves.toBe(1);
    await screenshot(page, "report-card-family");
    expect((await axeFindings(page, "табель в дневнике")).findings).toEqual([]);
    const href = (await main.getByRole("link", { name: "PDF для печати" }).getAttribute("href"))!;
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/pdf");
    const pages = await pdfPageTexts(await response.body());
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain(squash(child.name));
  });
});

describe("заместитель директора", () => {
  it("выбирает класс в «Табеле успеваемости» и скачивает один PDF класса — по странице на ученика", async () => {
    const page = await b.as("demo.deputy");
    await page.goto("/reports");
    await page.getByRole("main").getByRole("link", { name: "Табель успеваемости" }).click();
    await page.waitForURL(/\/reports\/report-cards/);
    const main = page.getByRole("main");
    await main.getByLabel("Класс").selectOption({ label: "6А" });
    await main.getByRole("button", { name: "Показать" }).click();
    await page.waitForURL(/\/reports\/report-cards\?class=\d+/);
    const cards = main.locator("section.report-card");
    const n = await cards.count();
    expect(n).toBeGreaterThan(10);
    const first = (await cards.first().getByRole("heading").textContent())!.split(",")[0]!;
    // The card's markup is the diary's (checked with axe above); the class page is thirty of them, so only a screenshot here.
    await screenshot(page, "report-cards-6A", false);
    const href = (await main.getByRole("link", { name: /^PDF класса/ }).getAttribute("href"))!;
    const response = await page.request.get(href);
    expect(response.status()).toBe(200);
    const pages = await pdfPageTexts(await response.body());
    expect(pages).toHaveLength(n);
    expect(pages[0]).toContain(squash(first));
    expect(pages[0]).toContain(squash("Родитель (законный представитель)"));
  });
});
