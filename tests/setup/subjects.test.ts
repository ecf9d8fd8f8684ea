import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { DENIED_ROLES, FAMILY_ROLES, snapshot } from "./helpers.ts";

describe("subjects", () => {
  // Read-only and refused requests change nothing (the refusals check it): they share one school with
  // an unused subject «Музыка»; a test that changes the school builds its own.
  let s: TestSchool;
  let music: { id: number };
  beforeAll(async () => {
    s = await buildSchool();
    music = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "Музыка", shortName: "Муз" } });
  });

  it("the admin adds a subject with its grading mode and edits it", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    let res = await agent.form("/setup/subjects", { name: "Технология", shortName: "Техн", gradingMode: "PASS_FAIL", sortOrder: "40" });
    expect(res.status).toBe(302);
    const subj = await prisma.subject.findFirstOrThrow({ where: { schoolId: s.schoolId, name: "Технология" } });
    expect(subj).toMatchObject({ shortName: "Техн", gradingMode: "PASS_FAIL", sortOrder: 40 });
    res = await agent.form(`/setup/subjects/${subj.id}`, { name: "Труд (технология)", shortName: "Труд", gradingMode: "NONE", sortOrder: "" });
    expect(res.status).toBe(302);
    expect(await prisma.subject.findUniqueOrThrow({ where: { id: subj.id } })).toMatchObject({ name: "Труд (технология)", gradingMode: "NONE", sortOrder: 0 });
    const list = await agent.get("/setup/subjects");
    expect(list.text).toContain("Труд (технология)");
    expect(list.text).toContain("без отметок");
  });

  it.each([
    [{ name: "", shortName: "X", gradingMode: "MARKS" }, "Заполните поле"],
    [{ name: "Физика", shortName: "", gradingMode: "MARKS" }, "Заполните поле"],
    [{ name: "Физика", shortName: "Физ", gradingMode: "STARS" }, "Выберите способ оценивания"],
    [{ name: "Физика", shortName: "Физ", gradingMode: "MARKS", sortOrder: "-1" }, "Не меньше 0"],
  ])("refuses bad input %j with 422", async (form, message) => {
    const s = await buildSchool();
    const before = await snapshot(s.schoolId);
    const res = await (await as(s.users.deputy)).form("/setup/subjects", form);
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a duplicate subject name and keeps the typed values", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.deputy)).form("/setup/subjects", { name: "математика", shortName: "М", gradingMode: "MARKS" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Предмет с таким названием уже есть");
    expect(res.text).toContain('value="математика"');
    expect(await prisma.subject.count({ where: { schoolId: s.schoolId } })).toBe(3);
  });

  it("a subject used in teaching load cannot be deleted, only archived", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    const res = await agent.form(`/setup/subjects/${s.subjects.math.id}/delete`, {});
    expect(res.status).toBe(409);
    expect(res.text).toContain("Перенесите его в архив");
    expect(await prisma.subject.findUnique({ where: { id: s.subjects.math.id } })).not.toBeNull();
    expect((await agent.form(`/setup/subjects/${s.subjects.math.id}/archive`, {})).status).toBe(302);
    expect((await prisma.subject.findUniqueOrThrow({ where: { id: s.subjects.math.id } })).archived).toBe(true);
  });

  it("an unused subject can be deleted", async () => {
    const s = await buildSchool();
    const music = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "Музыка", shortName: "Муз" } });
    const res = await (await as(s.users.admin)).form(`/setup/subjects/${music.id}/delete`, {});
    expect(res.status).toBe(302);
    expect(await prisma.subject.findUnique({ where: { id: music.id } })).toBeNull();
  });

  it("lists in sort order, 25 per page, searchable", async () => {
    const s = await buildSchool();
    await prisma.subject.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({ schoolId: s.schoolId, name: `Курс ${i + 1}`, shortName: `К${i + 1}`, sortOrder: 100 + i })),
    });
    const agent = await as(s.users.admin);
    const p1 = await agent.get("/setup/subjects");
    expect((p1.text.match(/\/setup\/subjects\/\d+\/edit/g) ?? []).length).toBe(25);
    expect(p1.text).toContain("Страница 1 из 2");
    const found = await agent.get("/setup/subjects?q=" + encodeURIComponent("англ"));
    expect((found.text.match(/\/setup\/subjects\/\d+\/edit/g) ?? []).length).toBe(1);
  });

  it("a teacher sees the subjects read-only", async () => {
    const res = await (await as(s.users.teacherMath)).get("/setup/subjects");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Математика");
    expect(res.text).not.toContain("/edit");
  });

  it.each(FAMILY_ROLES)("%s may not see the subjects (403)", async (who) => {
    expect((await (await as(s.users[who])).get("/setup/subjects")).status).toBe(403);
  });

  it.each(DENIED_ROLES)("%s may not create, change, archive or delete a subject; nothing changes", async (who) => {
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users[who]);
    expect((await agent.form("/setup/subjects", { name: "ИЗО", shortName: "ИЗО", gradingMode: "MARKS" })).status).toBe(403);
    expect((await agent.form(`/setup/subjects/${music.id}`, { name: "Пение", shortName: "П", gradingMode: "MARKS" })).status).toBe(403);
    expect((await agent.form(`/setup/subjects/${music.id}/archive`, {})).status).toBe(403);
    expect((await agent.form(`/setup/subjects/${music.id}/delete`, {})).status).toBe(403);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("a subject of another school answers 404", async () => {
    const s1 = await buildSchool();
    const s2 = await buildSchool();
    const agent = await as(s1.users.admin);
    const foreign = s2.subjects.english.id;
    expect((await agent.get(`/setup/subjects/${foreign}/edit`)).status).toBe(404);
    expect((await agent.form(`/setup/subjects/${foreign}`, { name: "X", shortName: "X", gradingMode: "MARKS" })).status).toBe(404);
    expect((await agent.form(`/setup/subjects/${foreign}/archive`, {})).status).toBe(404);
    expect((await agent.form(`/setup/subjects/${foreign}/delete`, {})).status).toBe(404);
    expect(await prisma.subject.findUniqueOrThrow({ where: { id: foreign } })).toMatchObject({ name: "Английский язык", archived: false });
  });
});
