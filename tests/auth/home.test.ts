import { describe, expect, it } from "vitest";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { prisma } from "../../src/lib/db.ts";

describe("role-aware home pages", () => {
  it.each([
    ["admin", ["Администратор", "Пользователи", "Настройки школы"]],
    ["deputy", ["Заместитель директора", "Учебный год", "Нагрузка"]],
    ["teacherMath", ["Учитель", "Мои классы и предметы", "Математика"]],
    ["teacherRussian", ["Классный руководитель", "Классное руководство", "5А"]],
    ["secretary", ["Секретарь"]],
    ["hr", ["Специалист по кадрам"]],
    ["medic", ["Медицинский работник"]],
    ["psychologist", ["Психолог"]],
    ["tech", ["Технический персонал"]],
    ["parentAlekseev", ["Родитель", "Мои дети", "Алексеев Артём Игоревич", "Алексеева Дарья Игоревна"]],
    ["studentA2", ["Ученик", "Мой дневник", "5А"]],
  ] as const)("%s sees the own home", async (key, texts) => {
    const s = await buildSchool();
    const res = await (await as(s.users[key])).get("/");
    expect(res.status).toBe(200);
    for (const t of texts) expect(res.text).toContain(t);
  });

  it("a parent's home names only the own children", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.parentBorisova)).get("/");
    expect(res.text).toContain("Борисова Вера Андреевна");
    expect(res.text).not.toContain("Алексеев Артём");
    expect(res.text).not.toContain("Пользователи");
  });

  it("a parent's home links each child's diary; a teacher sees open remarks of the monthly check (R-RPT-1)", async () => {
    const s = await buildSchool();
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
