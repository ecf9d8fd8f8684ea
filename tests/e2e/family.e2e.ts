/**
 * Parents and students in a real browser (issue 8): a parent of two children
 * reads both diaries and the marks page; a student who edits the address to
 * reach another student's diary gets «Страница не найдена» (404); a parent of a
 * 1st-grader reads «обучение без отметок» on the week, marks and statistics pages.
 */
import { describe, expect, it } from "vitest";
import { addDays, isoDate, today } from "../../src/lib/dates.ts";
import { useBrowser, useDb } from "./support/browser.ts";

const b = useBrowser();
const db = useDb();

interface Child {
  studentId: number;
  name: string;
  classId: number;
  className: string;
  /** Issue 23: the class is taught without marks (School.ungradedGrades, the 1st grade by default). */
  markless: boolean;
}

async function childrenOf(login: string): Promise<Child[]> {
  return db.rows<Child>(
    `SELECT s.id AS "studentId", concat_ws(' ', p."lastName", p."firstName", p."middleName") AS name,
            c.id AS "classId", c.grade || c.letter AS "className",
            (SELECT c.grade = ANY(sc."ungradedGrades") FROM "School" sc WHERE sc.id = c."schoolId") AS markless
       FROM "User" u
       JOIN "ParentLink" pl ON pl."parentId" = u."personId"
       JOIN "Student" s ON s.id = pl."studentId"
       JOIN "Person" p ON p.id = s."personId"
       JOIN "ClassMembership" m ON m."studentId" = s.id AND m."toDate" IS NULL
       JOIN "SchoolClass" c ON c.id = m."classId"
      WHERE u.login = $1
      ORDER BY p."lastName", p."firstName"`,
    [login],
  );
}

describe("родитель двоих детей", () => {
  it("читает дневники обоих детей и страницу оценок", async () => {
    const children = await childrenOf("demo.parent");
    expect(children.length).toBe(2);
    const page = await b.as("demo.parent");
    await page.getByRole("navigation", { name: "Основное меню" }).getByRole("link", { name: "Дневник" }).click();
    await page.waitForURL(/\/diary\/\d+\/week/);
    const monday = addDays(today(), -((today().getUTCDay() + 6) % 7));

    for (const child of children) {
      // The switcher between the children, then the week.
      await page.getByRole("navigation", { name: "Выбор ученика" }).getByRole("link", { name: child.name }).click();
      await page.waitForURL(new RegExp(`/diary/${child.studentId}/week`));
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(child.name);
      const main = page.getByRole("main");
      await expect(main.textContent()).resolves.toContain(child.className);
      // A topic of this week's lesson of the child's whole class (if the week has one so far) is shown.
      const topics = await db.rows<{ topic: string }>(
        `SELECT topic FROM "Lesson" WHERE "classId" = $1 AND "subgroupId" IS NULL AND date BETWEEN $2 AND $3 AND topic IS NOT NULL ORDER BY date DESC, number LIMIT 1`,
        [child.classId, isoDate(monday), isoDate(today())],
      );
      if (topics[0]) await expect(main.getByText(topics[0].topic, { exact: false }).count()).resolves.toBeGreaterThan(0);

      // The marks page: one row per subject; a child who has marks sees them with their dates.
      // A class taught without marks (issue 23) has a plain sentence instead of a table of dashes.
      await page.getByRole("navigation", { name: "Разделы дневника" }).getByRole("link", { name: "Оценки" }).click();
      await page.waitForURL(new RegExp(`/diary/${child.studentId}/marks`));
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(child.name);
      if (child.markless) {
        await expect(main.textContent()).resolves.toContain(`В ${child.className} классе обучение без отметок`);
        await expect(main.locator("table.marks-table").count()).resolves.toBe(0);
        await page.getByRole("navigation", { name: "Разделы дневника" }).getByRole("link", { name: "Неделя" }).click();
        await page.waitForURL(new RegExp(`/diary/${child.studentId}/week`));
        continue;
      }
      const table = main.getByRole("table").first();
      await expect(table.getByRole("columnheader", { name: "Предмет" }).count()).resolves.toBe(1);
      expect(await table.getByRole("row").count()).toBeGreaterThan(1);
      const marks = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "Mark" WHERE "studentId" = $1`, [child.studentId]);
      if (marks.n > 0) await expect(table.textContent()).resolves.toMatch(/\b[1-5]\s*\d\d\.\d\d/);
      // Back to the week for the next child.
      await page.getByRole("navigation", { name: "Разделы дневника" }).getByRole("link", { name: "Неделя" }).click();
      await page.waitForURL(new RegExp(`/diary/${child.studentId}/week`));
    }
  });
});

describe("ученик", () => {
  it("не открывает дневник другого ученика, исправив адрес (404)", async () => {
    const page = await b.as("demo.student");
    await page.getByRole("navigation", { name: "Основное меню" }).getByRole("link", { name: "Дневник" }).click();
    await page.waitForURL(/\/diary\/\d+\/week/);
    const own = Number(new URL(page.url()).pathname.split("/")[2]);
    // A sibling (same parent) and a student of another class.
    const others = await db.rows<{ id: number }>(
      `(SELECT pl2."studentId" AS id FROM "ParentLink" pl JOIN "ParentLink" pl2 ON pl2."parentId" = pl."parentId" AND pl2."studentId" <> pl."studentId"
         WHERE pl."studentId" = $1 LIMIT 1)
       UNION ALL
       (SELECT m."studentId" AS id FROM "ClassMembership" m
         WHERE m."toDate" IS NULL AND m."classId" <> (SELECT "classId" FROM "ClassMembership" WHERE "studentId" = $1 AND "toDate" IS NULL LIMIT 1)
         ORDER BY m."studentId" LIMIT 1)`,
      [own],
    );
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) {
      for (const tab of ["week", "marks", "stats"]) {
        const response = await page.goto(`/diary/${other.id}/${tab}`);
        expect(response?.status(), `/diary/${other.id}/${tab}`).toBe(404);
        await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Страница не найдена");
      }
    }
    // A nonsense id is a 404 as well, never a 500.
    expect((await page.goto(`/diary/99999999/week`))?.status()).toBe(404);
    expect((await page.goto(`/diary/abc/week`))?.status()).toBe(404);
    // Their own diary still opens.
    expect((await page.goto(`/diary/${own}/week`))?.status()).toBe(200);
  });
});

describe("родитель первоклассника (issue 23)", () => {
  it("дневник 1-го класса на неделе, в оценках и в статистике говорит об обучении без отметок; отметок в базе нет", async () => {
    // A parent with a login (a family that consented, R-SEC-6) whose only child is in the 1st grade.
    const parent = await db.one<{ login: string; studentId: number; className: string }>(
      `SELECT u.login, pl."studentId", c.grade || c.letter AS "className"
         FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
         JOIN "ParentLink" pl ON pl."parentId" = u."personId"
         JOIN "ClassMembership" m ON m."studentId" = pl."studentId" AND m."toDate" IS NULL
         JOIN "SchoolClass" c ON c.id = m."classId" AND c.grade = 1
        WHERE u.login NOT LIKE 'demo.%' AND NOT EXISTS (SELECT 1 FROM "Staff" s WHERE s."personId" = u."personId")
          AND (SELECT count(*) FROM "ParentLink" x WHERE x."parentId" = u."personId") = 1
        ORDER BY u.id LIMIT 1`,
    );
    const marks = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "Mark" WHERE "studentId" = $1`, [parent.studentId]);
    expect(marks.n).toBe(0);
    const page = await b.as(parent.login);
    const cls = parent.className;
    const note = page.getByRole("main").locator(".markless-note");
    const pages: [string, string][] = [
      ["week", `В ${cls} классе обучение без отметок: отметки не ставятся. Здесь — темы уроков и посещаемость.`],
      [
        "marks",
        `В ${cls} классе обучение без отметок: отметки, средний балл и итоговые отметки не выставляются. Темы уроков и посещаемость — на вкладке «Неделя».`,
      ],
      ["stats", `В ${cls} классе обучение без отметок, поэтому статистики оценок и места в классе нет. Посещаемость — ниже.`],
    ];
    for (const [tab, message] of pages) {
      expect((await page.goto(`/diary/${parent.studentId}/${tab}`))?.status(), tab).toBe(200);
      await expect(note.first().textContent(), tab).resolves.toBe(message);
    }
    // The marks page has no table of dashes.
    await page.goto(`/diary/${parent.studentId}/marks`);
    await expect(page.getByRole("main").locator("table.marks-table").count()).resolves.toBe(0);
  });
});
