import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { DENIED_ROLES, FAMILY_ROLES, c, snapshot } from "./helpers.ts";

describe("teaching load (R-PLN-2)", () => {
  // Read-only and refused requests change nothing (the refusals check it): one school for them; a test
  // that changes the school builds its own.
  let s: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
  });

  it("the deputy adds a row with hours written with a comma, edits hours and teacher, deletes it", async () => {
    const s = await buildSchool();
    const g = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: c(s, "5Б").id, subjectId: s.subjects.english.id, name: "1 группа" } });
    const agent = await as(s.users.deputy);
    let res = await agent.form("/setup/load", {
      teacherId: s.users.teacherEnglish.personId,
      classId: c(s, "5Б").id,
      subjectId: s.subjects.english.id,
      subgroupId: g.id,
      hours: "1,5",
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/setup/load?year=${s.year.id}`);
    const row = await prisma.teachingLoad.findFirstOrThrow({ where: { subgroupId: g.id } });
    expect(Number(row.hoursPerWeek)).toBe(1.5);
    expect(row.yearId).toBe(s.year.id);

    res = await agent.form(`/setup/load/${row.id}`, { teacherId: s.users.teacherMath.personId, hours: "2.5" });
    expect(res.status).toBe(302);
    const changed = await prisma.teachingLoad.findUniqueOrThrow({ where: { id: row.id } });
    expect(Number(changed.hoursPerWeek)).toBe(2.5);
    expect(changed.teacherId).toBe(s.users.teacherMath.personId);

    expect((await agent.form(`/setup/load/${row.id}/delete`, {})).status).toBe(302);
    expect(await prisma.teachingLoad.findUnique({ where: { id: row.id } })).toBeNull();
  });

  it.each([
    ["abc", "Укажите число"],
    ["0", "Не меньше 0,5"],
    ["41", "Не больше 40"],
    ["", "Укажите число"],
    ["1,25", "Не больше одного знака после запятой"],
  ])("refuses hours «%s» with 422 and keeps the typed value", async (hours, message) => {
    const s = await buildSchool();
    const before = await snapshot(s.schoolId);
    const res = await (
      await as(s.users.admin)
    ).form("/setup/load", { yearId: s.year.id, teacherId: s.users.teacherMath.personId, classId: c(s, "5А").id, subjectId: s.subjects.english.id, hours });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${hours}"`);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("refuses bad hours on edit as well", async () => {
    const s = await buildSchool();
    const row = await prisma.teachingLoad.findFirstOrThrow({ where: { classId: c(s, "5А").id, subjectId: s.subjects.math.id } });
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users.admin);
    for (const hours of ["abc", "0", "41"]) {
      const res = await agent.form(`/setup/load/${row.id}`, { teacherId: row.teacherId, hours });
      expect(res.status).toBe(422);
    }
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a subgroup of another class or another subject", async () => {
    const s = await buildSchool();
    const ofB = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: c(s, "5Б").id, subjectId: s.subjects.english.id, name: "1 группа" } });
    const mathA = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: c(s, "5А").id, subjectId: s.subjects.math.id, name: "1 группа" } });
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users.admin);
    for (const subgroupId of [ofB.id, mathA.id]) {
      const res = await agent.form("/setup/load", {
        teacherId: s.users.teacherEnglish.personId,
        classId: c(s, "5А").id,
        subjectId: s.subjects.english.id,
        subgroupId,
        hours: "2",
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain("Подгруппа должна относиться к выбранному классу и предмету");
    }
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a duplicate row (same class, subgroup, subject and teacher), on create and on edit", async () => {
    const s = await buildSchool();
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users.admin);
    let res = await agent.form("/setup/load", { teacherId: s.users.teacherMath.personId, classId: c(s, "5А").id, subjectId: s.subjects.math.id, hours: "1" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Такая строка нагрузки уже есть");
    expect(await snapshot(s.schoolId)).toEqual(before);

    // Another teacher for the same class and subject is a different row…
    res = await agent.form("/setup/load", { teacherId: s.users.teacherRussian.personId, classId: c(s, "5А").id, subjectId: s.subjects.math.id, hours: "1" });
    expect(res.status).toBe(302);
    // …but handing it to the first teacher would duplicate.
    const row = await prisma.teachingLoad.findFirstOrThrow({ where: { teacherId: s.users.teacherRussian.personId, subjectId: s.subjects.math.id } });
    res = await agent.form(`/setup/load/${row.id}`, { teacherId: s.users.teacherMath.personId, hours: "1" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Такая строка нагрузки уже есть");
    expect((await prisma.teachingLoad.findUniqueOrThrow({ where: { id: row.id } })).teacherId).toBe(s.users.teacherRussian.personId);
  });

  it("refuses a teacher without the TEACHER role, another school's class and an archived subject", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const archived = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "Черчение", shortName: "Черч", archived: true } });
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users.admin);
    const base = { teacherId: s.users.teacherMath.personId, classId: c(s, "5А").id, subjectId: s.subjects.english.id, hours: "2" };
    const cases: [Record<string, unknown>, string][] = [
      [{ teacherId: s.users.secretary.personId }, "Выберите учителя из списка"],
      [{ teacherId: other.users.teacherMath.personId }, "Выберите учителя из списка"],
      [{ classId: c(other, "5А").id, yearId: s.year.id }, "Выберите класс из списка"],
      [{ subjectId: archived.id }, "Выберите предмет из списка"],
      [{ teacherId: "" }, "Выберите учителя"],
    ];
    for (const [change, message] of cases) {
      const res = await agent.form("/setup/load", { ...base, ...change });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
    }
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("lists the load of a year with filters, search and totals per teacher", async () => {
    const agent = await as(s.users.deputy);
    const all = await agent.get("/setup/load");
    expect(all.status).toBe(200);
    // Fixture: Математиков 5+5, Русакова 4+4, Инглишева 3.
    expect(all.text).toContain("Строк: 5, часов в неделю: 21");
    const totals = all.text.slice(all.text.indexOf("Часы по учителям"));
    expect(totals).toMatch(/Математиков Пётр Ильич<\/a><\/td><td class="num">2<\/td><td class="num">10</);
    expect(totals).toMatch(/Русакова Мария Олеговна<\/a><\/td><td class="num">2<\/td><td class="num">8</);
    const byClass = await agent.get(`/setup/load?year=${s.year.id}&class=${c(s, "5Б").id}`);
    expect(byClass.text).toContain("Строк: 2, часов в неделю: 9");
    const byTeacher = await agent.get(`/setup/load?teacher=${s.users.teacherMath.personId}&subject=${s.subjects.math.id}`);
    expect(byTeacher.text).toContain("Строк: 2, часов в неделю: 10");
    const searched = await agent.get("/setup/load?q=" + encodeURIComponent("англ"));
    expect(searched.text).toContain("Строк: 1, часов в неделю: 3");
  });

  it("paginates the load 25 rows per page, keeping the filters in the pager", async () => {
    const s = await buildSchool();
    const subjects = await Promise.all(
      Array.from({ length: 30 }, (_, i) => prisma.subject.create({ data: { schoolId: s.schoolId, name: `Курс ${i + 1}`, shortName: `К${i + 1}` } })),
    );
    await prisma.teachingLoad.createMany({
      data: subjects.map((subj) => ({
        schoolId: s.schoolId,
        yearId: s.year.id,
        teacherId: s.users.teacherMath.personId,
        classId: c(s, "5А").id,
        subjectId: subj.id,
        hoursPerWeek: 1,
      })),
    });
    const agent = await as(s.users.admin);
    const p1 = await agent.get(`/setup/load?teacher=${s.users.teacherMath.personId}`);
    expect((p1.text.match(/\/setup\/load\/\d+\/edit/g) ?? []).length).toBe(25);
    expect(p1.text).toContain(`/setup/load?year=${s.year.id}&amp;teacher=${s.users.teacherMath.personId}&amp;page=2`);
    const p2 = await agent.get(`/setup/load?year=${s.year.id}&teacher=${s.users.teacherMath.personId}&page=2`);
    expect((p2.text.match(/\/setup\/load\/\d+\/edit/g) ?? []).length).toBe(7);
    // The totals count every matching row, not only the page.
    expect(p2.text).toContain("Строк: 32, часов в неделю: 40");
  });

  it("a teacher's page shows the rows and the sum of hours", async () => {
    const s = await buildSchool();
    await prisma.teachingLoad.create({
      data: {
        schoolId: s.schoolId,
        yearId: s.year.id,
        teacherId: s.users.teacherMath.personId,
        classId: c(s, "5А").id,
        subjectId: s.subjects.english.id,
        hoursPerWeek: 0.5,
      },
    });
    const res = await (await as(s.users.teacherMath)).get(`/setup/load/teacher/${s.users.teacherMath.personId}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Математиков Пётр Ильич");
    expect(res.text).toContain("10,5");
  });

  it("teachers and HR see the load read-only", async () => {
    for (const u of [s.users.teacherMath, s.users.hr]) {
      const res = await (await as(u)).get("/setup/load");
      expect(res.status).toBe(200);
      expect(res.text).toContain("Математиков Пётр Ильич");
      expect(res.text).not.toContain("/edit");
      expect(res.text).not.toContain("Добавить строку");
    }
  });

  it.each([...FAMILY_ROLES, "secretary"] as const)("%s may not see the load (403)", async (who) => {
    const agent = await as(s.users[who]);
    expect((await agent.get("/setup/load")).status).toBe(403);
    expect((await agent.get(`/setup/load/teacher/${s.users.teacherMath.personId}`)).status).toBe(403);
  });

  it.each(DENIED_ROLES)("%s may not add, change or delete load; nothing changes", async (who) => {
    const row = await prisma.teachingLoad.findFirstOrThrow({ where: { classId: c(s, "5А").id, subjectId: s.subjects.math.id } });
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users[who]);
    expect(
      (await agent.form("/setup/load", { teacherId: s.users.teacherMath.personId, classId: c(s, "5Б").id, subjectId: s.subjects.english.id, hours: "2" }))
        .status,
    ).toBe(403);
    expect((await agent.form(`/setup/load/${row.id}`, { teacherId: row.teacherId, hours: "6" })).status).toBe(403);
    expect((await agent.form(`/setup/load/${row.id}/delete`, {})).status).toBe(403);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("another school's load row, year and teacher answer 404", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const row = await prisma.teachingLoad.findFirstOrThrow({ where: { schoolId: other.schoolId } });
    const before = await snapshot(other.schoolId);
    const agent = await as(s.users.admin);
    expect((await agent.get(`/setup/load/${row.id}/edit`)).status).toBe(404);
    expect((await agent.form(`/setup/load/${row.id}`, { teacherId: row.teacherId, hours: "6" })).status).toBe(404);
    expect((await agent.form(`/setup/load/${row.id}/delete`, {})).status).toBe(404);
    expect((await agent.get(`/setup/load?year=${other.year.id}`)).status).toBe(404);
    expect((await agent.get(`/setup/load/teacher/${other.users.teacherMath.personId}`)).status).toBe(404);
    expect(await snapshot(other.schoolId)).toEqual(before);
  });

  it("the load of a closed year is Locked (423)", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    const row = await prisma.teachingLoad.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users.deputy);
    expect(
      (await agent.form("/setup/load", { teacherId: s.users.teacherMath.personId, classId: c(s, "5Б").id, subjectId: s.subjects.english.id, hours: "2" }))
        .status,
    ).toBe(423);
    expect((await agent.form(`/setup/load/${row.id}`, { teacherId: row.teacherId, hours: "6" })).status).toBe(423);
    expect((await agent.form(`/setup/load/${row.id}/delete`, {})).status).toBe(423);
    expect((await agent.get(`/setup/load/new?year=${s.year.id}`)).status).toBe(423);
    expect(await snapshot(s.schoolId)).toEqual(before);
    const list = await agent.get(`/setup/load?year=${s.year.id}`);
    expect(list.status).toBe(200);
    expect(list.text).not.toContain("/edit");
  });
});
