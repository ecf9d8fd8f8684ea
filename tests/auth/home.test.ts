import { beforeAll, describe, expect, it } from "vitest";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { prisma } from "../../src/lib/db.ts";
import { fullName } from "../../src/lib/names.ts";

/** The sections the home page's «Разделы» card links to, by their first path segment ("/reports/x" is "/reports"). */
function sectionLinks(html: string): string[] {
  const card = /<h2>Разделы<\/h2>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? "";
  return [...card.matchAll(/href="(\/[^/"?]*)[^"]*"/g)].map((m) => m[1]!).sort();
}

/** Blocks that belong to teaching, class leadership and families: never on a staff member's home. */
const FAMILY_AND_TEACHING = ["Мои классы и предметы", "Классное руководство", "Мои дети", "Мой дневник", "Замечания по журналу"];

describe("role-aware home pages", () => {
  let s: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
  });

  it.each([
    ["admin", ["Администратор", "Пользователи", "Настройки школы"]],
    ["deputy", ["Заместитель директора", "Учебный год", "Нагрузка"]],
    ["teacherMath", ["Учитель", "Мои классы и предметы", "Математика"]],
    ["teacherRussian", ["Классный руководитель", "Классное руководство", "5А"]],
    ["parentAlekseev", ["Родитель", "Мои дети", "Алексеев Артём Игоревич", "Алексеева Дарья Игоревна"]],
    ["studentA2", ["Ученик", "Мой дневник", "5А"]],
  ] as const)("%s sees the own home", async (key, texts) => {
    const res = await (await as(s.users[key])).get("/");
    expect(res.status).toBe(200);
    for (const t of texts) expect(res.text).toContain(t);
  });

  // What each of these homes offers: the greeting with the person's name and the current year (from the
  // database), the sections of the role and nothing else, the account settings; no teaching or family blocks.
  it.each([
    ["secretary", "Секретарь", ["/schedule", "/movement", "/imports", "/students"]],
    ["hr", "Специалист по кадрам", ["/schedule", "/staff", "/imports"]],
    // R-ACL-7: the medical worker sees attendance, which lives under the reports.
    ["medic", "Медицинский работник", ["/schedule", "/students", "/reports"]],
    ["psychologist", "Психолог, социальный педагог", ["/schedule", "/students"]],
    ["tech", "Технический персонал", ["/schedule"]],
  ] as const)("%s's home offers the role's sections only", async (key, roleName, sections) => {
    const user = s.users[key];
    const res = await (await as(user)).get("/");
    expect(res.status).toBe(200);
    const person = await prisma.person.findUniqueOrThrow({ where: { id: user.personId } });
    const year = await prisma.academicYear.findFirstOrThrow({ where: { schoolId: s.schoolId, status: "CURRENT" } });
    expect(res.text).toContain(`Здравствуйте, ${fullName(person)}`);
    expect(res.text).toContain(`${roleName} · ${year.name} учебный год`);
    expect(sectionLinks(res.text)).toEqual([...sections].sort());
    expect(res.text).toContain('href="/account"');
    for (const block of FAMILY_AND_TEACHING) expect(res.text).not.toContain(block);
  });

  it("a parent's home names only the own children", async () => {
    const res = await (await as(s.users.parentBorisova)).get("/");
    expect(res.text).toContain("Борисова Вера Андреевна");
    expect(res.text).not.toContain("Алексеев Артём");
    expect(res.text).not.toContain("Пользователи");
  });

  it("a parent's home links each child's diary; a teacher sees open remarks of the monthly check (R-RPT-1)", async () => {
    const s = await buildSchool(); // this test adds a remark: a school of its own
    const parent = await (await as(s.users.parentAlekseev)).get("/");
    const childIds = (await prisma.parentLink.findMany({ where: { parentId: s.users.parentAlekseev.personId } })).map((l) => l.studentId);
    for (const id of childIds) expect(parent.text).toContain(`href="/diary/${id}/week"`);

    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get("/")).text).not.toContain("Замечания по журналу");
    await prisma.journalRemark.create({
      data: {
        schoolId: s.schoolId,
        teacherId: s.users.teacherMath.personId,
        month: new Date("2026-10-01"),
        text: "Нет домашних заданий",
        authorId: s.users.deputy.userId,
      },
    });
    const home = await teacher.get("/");
    expect(home.text).toContain("Замечания по журналу");
    expect(home.text).toMatch(/Не исправлено замечаний: <strong>1<\/strong>/);
    // Another teacher's remark is not shown to the math teacher's colleague.
    expect((await (await as(s.users.teacherRussian)).get("/")).text).not.toContain("Замечания по журналу");
  });
});
