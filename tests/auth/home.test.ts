import { describe, expect, it } from "vitest";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";

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
});
