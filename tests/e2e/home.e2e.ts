/**
 * The home page of every demo role in a real browser (issue 23 §2): each block the role has, its
 * figures compared with PostgreSQL, and a click from a block to the page where the work is done.
 */
import { describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { addDays, isoDate, today } from "../../src/lib/dates.ts";
import { clock } from "../../src/lib/clock.ts";
import { useBrowser, useDb } from "./support/browser.ts";

const b = useBrowser();
const db = useDb();

/** The block whose heading has this id. */
const region = (page: Page, id: string): Locator => page.locator(`section[aria-labelledby="${id}"]`);
/** The ids of the page's blocks, in order. */
const blockIds = (page: Page) => page.locator("main section[aria-labelledby]").evaluateAll((els) => els.map((e) => e.getAttribute("aria-labelledby") ?? ""));
const text = async (l: Locator) => ((await l.textContent()) ?? "").replace(/\s+/g, " ").trim();

interface UserRow {
  id: number;
  personId: number;
  schoolId: number;
}
const userOf = (login: string) => db.one<UserRow>(`SELECT id, "personId", "schoolId" FROM "User" WHERE login = $1`, [login]);

/** Lessons of a student on a date, as the diary counts them: the class that day and the student's own subgroups. */
async function studentLessons(studentId: number, date: Date): Promise<number> {
  const r = await db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Lesson" l
      JOIN "ClassMembership" m ON m."classId" = l."classId" AND m."studentId" = $1 AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date)
     WHERE l.date = $2 AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM "SubgroupMembership" s WHERE s."subgroupId" = l."subgroupId" AND s."studentId" = $1
                                                              AND s."fromDate" <= l.date AND (s."toDate" IS NULL OR s."toDate" >= l.date)))`,
    [studentId, isoDate(date)],
  );
  return r.n;
}

describe("главная страница родителя и ученика", () => {
  it("родитель видит день каждого ребёнка, новые с прошлого входа отметки и переходит в дневник", async () => {
    const parent = await userOf("demo.parent");
    // The previous visit three days ago (other files' sign-ins forgotten): marks entered since are new.
    await db.rows(`DELETE FROM "LoginEvent" WHERE "userId" = $1`, [parent.id]);
    await db.rows(
      `INSERT INTO "LoginEvent" ("schoolId", "userId", login, success, at) VALUES ($1, $2, 'demo.parent', true, $3::timestamptz AT TIME ZONE 'UTC')`,
      [parent.schoolId, parent.id, new Date(clock.now().getTime() - 3 * 86_400_000).toISOString()],
    );
    const page = await b.as("demo.parent");
    // The sign-in before this one, as the login journal has it.
    const { at: prevAt } = await db.one<{ at: string }>(
      `SELECT to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM "LoginEvent" WHERE "userId" = $1 AND success ORDER BY at DESC OFFSET 1 LIMIT 1`,
      [parent.id],
    );
    const children = await db.rows<{ id: number; name: string; className: string }>(
      `SELECT s.id, concat_ws(' ', p."lastName", p."firstName", p."middleName") AS name, c.grade || c.letter AS "className"
         FROM "ParentLink" pl JOIN "Student" s ON s.id = pl."studentId" JOIN "Person" p ON p.id = s."personId"
         JOIN "ClassMembership" m ON m."studentId" = s.id AND m."toDate" IS NULL JOIN "SchoolClass" c ON c.id = m."classId"
        WHERE pl."parentId" = $1 ORDER BY p."lastName", p."firstName"`,
      [parent.personId],
    );
    expect(children.length).toBe(2);
    expect(await blockIds(page)).toEqual(expect.arrayContaining(children.map((c) => `family-${c.id}`)));
    for (const c of children) {
      const block = region(page, `family-${c.id}`);
      await expect(text(block.getByRole("heading", { level: 2 }))).resolves.toBe(`${c.name} ${c.className} класс`);
      // Today's lessons, one list item each.
      const todays = await studentLessons(c.id, today());
      const firstList = block.locator("h3 + ol, h3 + p").first();
      await expect(firstList.locator("li").count()).resolves.toBe(todays);
      // The latest marks: those after the previous sign-in are marked new, their number in the heading.
      const marks = await db.rows<{ isNew: boolean }>(
        `SELECT m."createdAt" > $2::timestamptz AT TIME ZONE 'UTC' AS "isNew" FROM "Mark" m WHERE m."studentId" = $1 ORDER BY m."createdAt" DESC, m.id DESC LIMIT 8`,
        [c.id, prevAt],
      );
      const fresh = await db.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM "Mark" WHERE "studentId" = $1 AND "createdAt" > $2::timestamptz AT TIME ZONE 'UTC'`,
        [c.id, prevAt],
      );
      const list = block.locator("ul.home-marks > li");
      await expect(list.count()).resolves.toBe(marks.length);
      await expect(block.locator("ul.home-marks > li.home-new").count()).resolves.toBe(marks.filter((m) => m.isNew).length);
      if (fresh.n) await expect(text(block.getByRole("link", { name: "Последние отметки" }).locator(".."))).resolves.toContain(`новых: ${fresh.n}`);
      // Unexplained absences of 30 days.
      const absent = await db.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM "Attendance" a JOIN "Lesson" l ON l.id = a."lessonId" WHERE a."studentId" = $1 AND a.code = 'ABSENT' AND l.date BETWEEN $2 AND $3`,
        [c.id, isoDate(addDays(today(), -30)), isoDate(today())],
      );
      if (absent.n) await expect(text(block)).resolves.toContain(`Уроков: ${absent.n}.`);
      else await expect(text(block)).resolves.toContain("Пропуски без причины за 30 дней Нет");
    }
    // One click to the child's diary.
    const first = children[0]!;
    await region(page, `family-${first.id}`).getByRole("link", { name: first.name }).click();
    await page.waitForURL(new RegExp(`/diary/${first.id}/week`));
    await expect(text(page.getByRole("heading", { level: 1 }))).resolves.toContain(first.name);
  });

  it("ученик видит свой день и ничего о других детях", async () => {
    const page = await b.as("demo.student");
    const me = await db.one<{ id: number; className: string }>(
      `SELECT s.id, c.grade || c.letter AS "className" FROM "User" u JOIN "Student" s ON s."personId" = u."personId"
         JOIN "ClassMembership" m ON m."studentId" = s.id AND m."toDate" IS NULL JOIN "SchoolClass" c ON c.id = m."classId" WHERE u.login = 'demo.student'`,
    );
    expect(await blockIds(page)).toEqual([`family-${me.id}`]);
    await expect(text(region(page, `family-${me.id}`).getByRole("heading", { level: 2 }))).resolves.toBe(`Мой дневник ${me.className} класс`);
  });
});

describe("главная страница учителя и классного руководителя", () => {
  it("учитель видит сегодняшние уроки со ссылками на урок в журнале", async () => {
    const teacher = await userOf("demo.teacher");
    const page = await b.as("demo.teacher");
    const lessons = await db.rows<{ id: number }>(
      `SELECT id FROM "Lesson" WHERE date = $1 AND ("teacherId" = $2 OR "substituteId" = $2) ORDER BY number NULLS LAST, id`,
      [isoDate(today()), teacher.personId],
    );
    const block = region(page, "teacher-today");
    const hrefs = await block.locator("li a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(lessons.map((l) => `/journal/lessons/${l.id}`));
    expect(await blockIds(page)).toEqual(expect.arrayContaining(["teacher-today", "teacher-overdue", "teacher-control"]));
    expect((await blockIds(page)).filter((id) => id.startsWith("class-") || id.startsWith("family-") || id.startsWith("school-"))).toEqual([]);
    if (lessons.length) {
      await block.locator("li a").first().click();
      await page.waitForURL(new RegExp(`/journal/lessons/${lessons[0]!.id}`));
    }
  });

  it("классный руководитель видит свой класс: учеников и отсутствующих сегодня без причины", async () => {
    const teacher = await userOf("demo.classteacher");
    const page = await b.as("demo.classteacher");
    const cls = await db.one<{ id: number; name: string; students: number }>(
      `SELECT c.id, c.grade || c.letter AS name,
              (SELECT count(*)::int FROM "ClassMembership" m WHERE m."classId" = c.id AND m."fromDate" <= $2 AND (m."toDate" IS NULL OR m."toDate" >= $2)) AS students
         FROM "SchoolClass" c JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT' WHERE c."classTeacherId" = $1`,
      [teacher.personId, isoDate(today())],
    );
    const absent = await db.one<{ n: number }>(
      `SELECT count(DISTINCT a."studentId")::int AS n FROM "Attendance" a JOIN "Lesson" l ON l.id = a."lessonId" WHERE l."classId" = $1 AND l.date = $2 AND a.code = 'ABSENT'`,
      [cls.id, isoDate(today())],
    );
    const block = region(page, `class-${cls.id}`);
    await expect(text(block.getByRole("heading", { level: 2 }))).resolves.toBe(`Мой класс ${cls.name} учеников: ${cls.students}`);
    const absentList = block.locator("h3:has-text('Отсутствуют сегодня') + ul > li");
    await expect(absentList.count()).resolves.toBe(absent.n);
    await block.getByRole("link", { name: "Отсутствуют сегодня без причины" }).click();
    await page.waitForURL(new RegExp(`/class/${cls.id}/attendance`));
  });
});

describe("главная страница заместителя и администратора", () => {
  it("заместитель видит заполнение сегодняшнего журнала по школе и замечания", async () => {
    const deputy = await userOf("demo.deputy");
    const page = await b.as("demo.deputy");
    const lessons = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId" JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
        WHERE l."schoolId" = $1 AND l.date = $2
          AND NOT EXISTS (SELECT 1 FROM "TimetableChange" ch WHERE ch."entryId" = l."timetableEntryId" AND ch.date = l.date
                            AND (ch.kind = 'CANCEL' OR (ch.kind = 'MOVE' AND ch."newDate" IS NOT NULL AND ch."newDate" <> ch.date)))`,
      [deputy.schoolId, isoDate(today())],
    );
    await expect(text(region(page, "school-today"))).resolves.toContain(`всего уроков сегодня — ${lessons.n}.`);
    const open = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "JournalRemark" WHERE "schoolId" = $1 AND "fixedAt" IS NULL`, [deputy.schoolId]);
    await expect(text(region(page, "school-check"))).resolves.toContain(`Не исправлено замечаний: ${open.n}`);
    await region(page, "school-check")
      .getByRole("link", { name: /Не исправлено замечаний/ })
      .click();
    await page.waitForURL(/\/reports\/remarks\?open=1/);
  });

  it("администратор видит ещё заблокированные входы и состояние учебного года", async () => {
    const admin = await userOf("demo.admin");
    const page = await b.as("demo.admin");
    const year = await db.one<{ name: string }>(`SELECT name FROM "AcademicYear" WHERE "schoolId" = $1 AND status = 'CURRENT'`, [admin.schoolId]);
    const locked = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM "User" WHERE "schoolId" = $1 AND "lockedUntil" > $2::timestamptz AT TIME ZONE 'UTC'`,
      [admin.schoolId, clock.now().toISOString()],
    );
    await expect(text(region(page, "admin-year"))).resolves.toContain(`${year.name} — текущий`);
    await expect(region(page, "admin-locked").locator("li").count()).resolves.toBe(locked.n);
    expect(await blockIds(page)).toEqual(expect.arrayContaining(["school-today", "school-gaps", "school-check", "admin-locked", "admin-year"]));
  });
});

describe("главная страница ведущих реестры", () => {
  const pupils = `FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId" JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
                   JOIN "Student" st ON st.id = m."studentId" WHERE m."fromDate" <= $1 AND (m."toDate" IS NULL OR m."toDate" >= $1)`;

  it("секретарь: ученики без согласия на обработку данных", async () => {
    const page = await b.as("demo.secretary");
    const r = await db.one<{ n: number }>(
      `SELECT count(DISTINCT st.id)::int AS n ${pupils}
         AND NOT EXISTS (SELECT 1 FROM "PersonalDataConsent" pc WHERE pc."personId" = st."personId" AND pc."revokedAt" IS NULL)`,
      [isoDate(today())],
    );
    await expect(text(region(page, "reg-consent"))).resolves.toContain(`Учеников без согласия: ${r.n};`);
    expect(await blockIds(page)).toEqual(["reg-consent", "reg-logins", "reg-orders", "reg-changes"]);
  });

  it("медицинский работник: ученики без группы здоровья", async () => {
    const page = await b.as("demo.medic");
    const r = await db.one<{ n: number }>(
      `SELECT count(DISTINCT st.id)::int AS n ${pupils}
         AND NOT EXISTS (SELECT 1 FROM "StudentMedical" md WHERE md."studentId" = st.id AND md."healthGroup" IS NOT NULL)`,
      [isoDate(today())],
    );
    await expect(text(region(page, "reg-medical"))).resolves.toContain(r.n ? `Учеников: ${r.n}` : "заполнены");
    expect(await blockIds(page)).toEqual(["reg-ill", "reg-medical"]);
  });

  it("кадры, психолог и технический персонал: свои реестры и ничего о журнале", async () => {
    const cases: [string, string[]][] = [
      ["demo.hr", ["reg-staff"]],
      ["demo.psychologist", ["reg-social"]],
      ["demo.tech", ["reg-changes"]],
    ];
    for (const [login, ids] of cases) {
      const page = await b.as(login);
      expect(await blockIds(page)).toEqual(ids);
    }
    const page = await b.as("demo.tech");
    const changes = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM "TimetableChange" ch JOIN "User" u ON u."schoolId" = ch."schoolId" AND u.login = 'demo.tech'
        WHERE ch.date = $1 OR (ch.kind = 'MOVE' AND ch."newDate" = $1)`,
      [isoDate(today())],
    );
    if (changes.n) await expect(region(page, "reg-changes").locator("li").count()).resolves.toBe(Math.min(changes.n, 8));
    else await expect(text(region(page, "reg-changes"))).resolves.toContain("Изменений нет.");
  });

  it("учитель-родитель видит и свои уроки, и день своих детей", async () => {
    const page = await b.as("demo.teacherparent");
    const ids = await blockIds(page);
    expect(ids).toContain("teacher-today");
    expect(ids.filter((id) => id.startsWith("family-")).length).toBeGreaterThan(0);
  });
});
