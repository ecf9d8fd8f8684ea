/**
 * The administrator closes a school year in a real browser (issue 8, R-YR-1): Закрытие года →
 * the pre-close check (items accepted), the council's decisions (defaults with an order), the
 * closing itself with its confirmation (refused first without it), the progress page until
 * «закрыт», the integrity of the seal, and the old year read-only afterwards.
 *
 * The demo school's year runs until May 2027, so the scenario has its own small school in the
 * same database (tests/support/fixtures.ts buildSchool with startYear 2025): its current year
 * 2025/2026 ended on 31 May 2026. Nothing of the demo school is touched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, disconnectDatabase, prisma } from "../../src/lib/db.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { DATABASE_URL, login, screenshot, useBrowser, useDb } from "./support/browser.ts";
import { axeFindings } from "./support/checks.ts";

const b = useBrowser();
const db = useDb();
let s: TestSchool;

beforeAll(async () => {
  connectDatabase(DATABASE_URL);
  s = await buildSchool({ startYear: 2025 });
  // Year marks: Алексеев all «5», Борисова all «4», Алексеева a «2» in mathematics (a debt: conditional
  // promotion) and no mark in Russian (an item of the pre-close check).
  const { math, russian, english } = s.subjects;
  const A1 = s.students.studentA1!.studentId;
  const A2 = s.students.studentA2!.studentId;
  const B1 = s.students.studentB1!.studentId;
  for (const [studentId, subjectId, value] of [
    [A1, math.id, "5"],
    [A1, russian.id, "5"],
    [A1, english.id, "5"],
    [A2, math.id, "4"],
    [A2, russian.id, "4"],
    [A2, english.id, "4"],
    [B1, math.id, "2"],
  ] as const)
    await prisma.finalMark.create({ data: { schoolId: s.schoolId, studentId, subjectId, yearId: s.year.id, kind: "YEAR", value } });
});

afterAll(async () => {
  await disconnectDatabase();
});

describe("администратор", () => {
  it("закрывает учебный год: проверка, решения педсовета, закрытие, архив только для просмотра", async () => {
    const page = await b.page();
    await page.goto("/login");
    await login(page, s.users.admin.login, s.users.admin.password);
    const main = page.getByRole("main");

    const menu = page.getByRole("navigation", { name: "Основное меню" });
    await menu.locator("summary", { hasText: /^Школа$/ }).click(); // the «Школа» group opens
    await menu.getByRole("link", { name: "Закрытие года" }).click();
    await page.waitForURL(/\/year-close/);
    await expect(main.getByRole("heading", { level: 2 }).first().textContent()).resolves.toContain("2025/2026");
    await expect(main.textContent()).resolves.toContain("непринятых пунктов");

    // 1. The pre-close check: Алексеева has no year mark in Russian; the administrator accepts it.
    await main.getByRole("link", { name: "Проверка перед закрытием" }).click();
    await page.waitForURL(/\/check$/);
    const items = (await main.getByRole("table").last().textContent()) ?? "";
    expect(items).toContain("Нет годовой отметки");
    expect(items).toContain("Русский язык");
    expect(items).toContain("Алексеева");
    await main.getByRole("button", { name: "Принять все к сведению" }).click();
    await page.waitForURL(/\/check$/);
    await expect(page.getByText(/Принято к сведению пунктов: \d+/).count()).resolves.toBe(1);
    await main.getByRole("link", { name: "← Закрытие учебного года" }).click();

    // 2. The council's decisions: the defaults from the year marks, with the order's number and date.
    await main.getByRole("link", { name: "Решения педсовета по ученикам" }).click();
    await page.waitForURL(/\/decisions$/);
    await main.getByRole("button", { name: "Записать" }).click(); // empty order: refused next to the fields
    await expect(page.locator("#f-orderNumber-error").textContent()).resolves.toMatch(/\S/);
    await main.getByLabel("Номер приказа").fill("45-уч");
    await main.getByLabel("Дата приказа").fill("2026-05-29");
    await main.getByRole("button", { name: "Записать" }).click();
    await page.waitForURL(/\/decisions$/);
    await expect(page.getByText("Решения по умолчанию записаны для учеников: 3").count()).resolves.toBe(1);
    await main.getByRole("link", { name: "← Закрытие учебного года" }).click();
    await expect(main.textContent()).resolves.toContain("приняты для всех");

    // 3. Closing: refused without the confirmation (nothing changes), then done.
    await main.getByRole("button", { name: "Закрыть учебный год" }).click();
    await expect(page.locator("#f-confirm-error").textContent()).resolves.toContain("Подтвердите закрытие учебного года");
    expect((await db.one<{ status: string }>(`SELECT status FROM "AcademicYear" WHERE id = $1`, [s.year.id])).status).toBe("CURRENT");
    // Issue 23: the checkbox sits beside its label, on the same line.
    const box = (await main.getByLabel("Подтверждаю закрытие учебного года 2025/2026").boundingBox())!;
    const label = (await main.getByText("Подтверждаю закрытие учебного года 2025/2026", { exact: true }).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(label.x + 1);
    expect(Math.abs(box.y + box.height / 2 - (label.y + label.height / 2))).toBeLessThan(8);
    await main.getByLabel("Подтверждаю закрытие учебного года 2025/2026").check();
    await main.getByRole("button", { name: "Закрыть учебный год" }).click();
    await page.waitForURL(/\/year-close\/runs\/\d+/);
    await page.getByText("Учебный год 2025/2026 закрыт").waitFor({ timeout: 60_000 });
    await expect(main.textContent()).resolves.toContain("текущим стал 2026/2027");
    const stats = main.locator("table.yc-stats");
    await expect(stats.getByRole("row", { name: /^Переведено \d/ }).textContent()).resolves.toContain("2");
    await expect(stats.getByRole("row", { name: /Переведено условно/ }).textContent()).resolves.toContain("1");
    await expect(stats.locator("code.yc-hash").textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    const axe = await axeFindings(page, "закрытие года: итог");
    expect(axe.findings).toEqual([]); // serious and critical only
    await screenshot(page, "year-close-done");

    // What the database holds now: the old year closed and sealed, the pupils in 6А/6Б of the new one.
    const years = await db.rows<{ name: string; status: string }>(`SELECT name, status FROM "AcademicYear" WHERE "schoolId" = $1 ORDER BY "startDate"`, [
      s.schoolId,
    ]);
    expect(years).toEqual([
      { name: "2025/2026", status: "CLOSED" },
      { name: "2026/2027", status: "CURRENT" },
    ]);
    const now = await db.rows<{ studentId: number; cls: string }>(
      `SELECT m."studentId", c.grade || c.letter AS cls FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
        JOIN "AcademicYear" y ON y.id = c."yearId" WHERE y."schoolId" = $1 AND y.status = 'CURRENT' ORDER BY m."studentId"`,
      [s.schoolId],
    );
    expect(now).toEqual(
      [
        { studentId: s.students.studentA1!.studentId, cls: "6А" },
        { studentId: s.students.studentA2!.studentId, cls: "6А" },
        { studentId: s.students.studentB1!.studentId, cls: "6Б" },
      ].sort((x, y) => x.studentId - y.studentId),
    );

    // 4. The seal holds, and the closed year offers nothing to change.
    await main.getByRole("link", { name: "Проверка целостности архива" }).click();
    await page.waitForURL(/\/integrity\/\d+/);
    await expect(page.getByText("Целостность подтверждена").count()).resolves.toBe(1);
    await page.goto(`/year-close?year=${s.year.id}`);
    await expect(main.textContent()).resolves.toContain("доступны только для просмотра");
    await expect(main.getByRole("button", { name: "Закрыть учебный год" }).count()).resolves.toBe(0);
  });
});
