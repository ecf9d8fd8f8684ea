import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { c, snapshot, st } from "./helpers.ts";

/** Roles with no subgroup rights at all (403); teachers have record rules (404), tested below. */
const DENIED_ROLES = ["secretary", "parentAlekseev", "studentA1"] as const;

/** Two English subgroups of 5А. */
async function withGroups(s: TestSchool) {
  const base = { schoolId: s.schoolId, classId: c(s, "5А").id, subjectId: s.subjects.english.id };
  const g1 = await prisma.subgroup.create({ data: { ...base, name: "1 группа" } });
  const g2 = await prisma.subgroup.create({ data: { ...base, name: "2 группа" } });
  return { g1, g2 };
}

const memberships = (studentId: number) => prisma.subgroupMembership.findMany({ where: { studentId }, orderBy: [{ fromDate: "asc" }, { id: "asc" }] });

describe("subgroups (R-JRN-6, R-YR-2)", () => {
  // Read-only and refused requests change nothing (the refusals check it): they share one school with two
  // English groups of 5А (Алексеев in the first); a test that changes the school builds its own.
  let s: TestSchool;
  let g1: { id: number };
  beforeAll(async () => {
    s = await buildSchool();
    ({ g1 } = await withGroups(s));
    await prisma.subgroupMembership.create({
      data: { schoolId: s.schoolId, subgroupId: g1.id, studentId: st(s, "studentA1").studentId, fromDate: d("2026-09-01") },
    });
  });

  it("the deputy creates subgroups of a class for a subject and renames one", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.deputy);
    const res = await agent.form(`/setup/classes/${c(s, "5А").id}/subgroups`, { subjectId: s.subjects.english.id, name: "1 группа" });
    expect(res.status).toBe(302);
    const g = await prisma.subgroup.findFirstOrThrow({ where: { classId: c(s, "5А").id, subjectId: s.subjects.english.id } });
    expect(g.name).toBe("1 группа");
    expect((await agent.form(`/setup/subgroups/${g.id}`, { name: "Группа Инглишевой" })).status).toBe(302);
    expect((await prisma.subgroup.findUniqueOrThrow({ where: { id: g.id } })).name).toBe("Группа Инглишевой");
    const page = await agent.get(`/setup/classes/${c(s, "5А").id}`);
    expect(page.text).toContain("Группа Инглишевой");
  });

  it("refuses an empty name, a duplicate name and another school's subject", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const { g1, g2 } = await withGroups(s);
    const agent = await as(s.users.admin);
    const before = await snapshot(s.schoolId);
    const url = `/setup/classes/${c(s, "5А").id}/subgroups`;
    let res = await agent.form(url, { subjectId: s.subjects.english.id, name: "" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Заполните поле");
    res = await agent.form(url, { subjectId: s.subjects.english.id, name: "1 ГРУППА" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Подгруппа с таким названием по этому предмету уже есть");
    res = await agent.form(url, { subjectId: other.subjects.english.id, name: "3 группа" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Выберите предмет из списка");
    res = await agent.form(url, { subjectId: "", name: "3 группа" });
    expect(res.status).toBe(422);
    res = await agent.form(`/setup/subgroups/${g2.id}`, { name: g1.name });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Подгруппа с таким названием по этому предмету уже есть");
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("assigns students with checkboxes from a date; moving closes the old membership the day before", async () => {
    const s = await buildSchool();
    const { g1, g2 } = await withGroups(s);
    const a1 = st(s, "studentA1").studentId;
    const a2 = st(s, "studentA2").studentId;
    const agent = await as(s.users.deputy);

    let res = await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-09-01", studentIds: [a1, a2] });
    expect(res.status).toBe(302);
    expect((await memberships(a1)).map((m) => [m.subgroupId, m.fromDate, m.toDate])).toEqual([[g1.id, d("2026-09-01"), null]]);

    // A1 moves to the second group from 1 October.
    res = await agent.form(`/setup/subgroups/${g2.id}/members`, { date: "01.10.2026", studentIds: [a1] });
    expect(res.status).toBe(302);
    expect((await memberships(a1)).map((m) => [m.subgroupId, m.fromDate, m.toDate])).toEqual([
      [g1.id, d("2026-09-01"), d("2026-09-30")],
      [g2.id, d("2026-10-01"), null],
    ]);
    // A2 stays where she was.
    expect((await memberships(a2)).map((m) => [m.subgroupId, m.toDate])).toEqual([[g1.id, null]]);

    // A2 leaves the first group from 1 November (unchecked).
    res = await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-11-01" });
    expect(res.status).toBe(302);
    expect((await memberships(a2)).map((m) => [m.subgroupId, m.toDate])).toEqual([[g1.id, d("2026-10-31")]]);

    // The page shows the composition as of a date.
    const sept = await agent.get(`/setup/subgroups/${g1.id}?date=2026-09-15`);
    expect(sept.text).toMatch(new RegExp(`value="${a1}" checked`));
    const oct = await agent.get(`/setup/subgroups/${g1.id}?date=2026-10-15`);
    expect(oct.text).not.toMatch(new RegExp(`value="${a1}" checked`));
    expect(oct.text).toMatch(new RegExp(`value="${a2}" checked`));
    expect(oct.text).toContain("сейчас: 2 группа");

    // The change is audited.
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "subgroup", action: "members" } })).toBe(3);
  });

  it("a student is never in two subgroups of a subject at once", async () => {
    const s = await buildSchool();
    const { g1, g2 } = await withGroups(s);
    const a1 = st(s, "studentA1").studentId;
    const agent = await as(s.users.admin);
    await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-09-01", studentIds: [a1] });
    await agent.form(`/setup/subgroups/${g2.id}/members`, { date: "2026-09-20", studentIds: [a1] });
    await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-05", studentIds: [a1] });
    const ms = await memberships(a1);
    for (let i = 1; i < ms.length; i++) expect(ms[i - 1]!.toDate!.getTime()).toBeLessThan(ms[i]!.fromDate.getTime());
    expect(ms.filter((m) => m.toDate === null)).toHaveLength(1);
  });

  it("a move on the day a membership began replaces it instead of leaving an empty range", async () => {
    const s = await buildSchool();
    const { g1, g2 } = await withGroups(s);
    const a1 = st(s, "studentA1").studentId;
    const agent = await as(s.users.admin);
    await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [a1] });
    await agent.form(`/setup/subgroups/${g2.id}/members`, { date: "2026-10-01", studentIds: [a1] });
    expect((await memberships(a1)).map((m) => [m.subgroupId, m.fromDate, m.toDate])).toEqual([[g2.id, d("2026-10-01"), null]]);
  });

  it("only members of the class on that date may join", async () => {
    const s = await buildSchool();
    const { g1 } = await withGroups(s);
    const agent = await as(s.users.admin);
    // A1 left 5А at the end of October.
    await prisma.classMembership.updateMany({ where: { studentId: st(s, "studentA1").studentId }, data: { toDate: d("2026-10-31") } });
    const before = await snapshot(s.schoolId);
    for (const [date, student] of [
      ["2026-10-01", st(s, "studentB1").studentId],
      ["2026-11-10", st(s, "studentA1").studentId],
    ] as const) {
      const res = await agent.form(`/setup/subgroups/${g1.id}/members`, { date, studentIds: [student] });
      expect(res.status).toBe(422);
      expect(res.text).toContain("не состоят в классе на эту дату");
    }
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a date outside the year, an unreadable date and a date before later changes", async () => {
    const s = await buildSchool();
    const { g1, g2 } = await withGroups(s);
    const a1 = st(s, "studentA1").studentId;
    const agent = await as(s.users.admin);
    await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [a1] });
    const before = await snapshot(s.schoolId);
    let res = await agent.form(`/setup/subgroups/${g2.id}/members`, { date: "2027-06-15", studentIds: [a1] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("в пределах учебного года");
    res = await agent.form(`/setup/subgroups/${g2.id}/members`, { date: "завтра", studentIds: [a1] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Дата в формате ДД.ММ.ГГГГ");
    res = await agent.form(`/setup/subgroups/${g2.id}/members`, { date: "2026-09-15", studentIds: [a1] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("После этой даты уже есть изменения подгрупп");
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("deletes a subgroup without lessons or load; refuses one with load", async () => {
    const s = await buildSchool();
    const { g1, g2 } = await withGroups(s);
    await prisma.teachingLoad.create({
      data: {
        schoolId: s.schoolId,
        yearId: s.year.id,
        teacherId: s.users.teacherEnglish.personId,
        classId: c(s, "5А").id,
        subgroupId: g2.id,
        subjectId: s.subjects.english.id,
        hoursPerWeek: 3,
      },
    });
    const agent = await as(s.users.admin);
    await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [st(s, "studentA1").studentId] });
    expect((await agent.form(`/setup/subgroups/${g1.id}/delete`, {})).status).toBe(302);
    expect(await prisma.subgroup.findUnique({ where: { id: g1.id } })).toBeNull();
    const res = await agent.form(`/setup/subgroups/${g2.id}/delete`, {});
    expect(res.status).toBe(409);
    expect(res.text).toContain("Подгруппу нельзя удалить");
    expect(await prisma.subgroup.findUnique({ where: { id: g2.id } })).not.toBeNull();
  });

  it("a teacher of another subject sees a subgroup read-only, without checkboxes", async () => {
    const res = await (await as(s.users.teacherMath)).get(`/setup/subgroups/${g1.id}?date=2026-10-01`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Алексеев Артём Игоревич");
    expect(res.text).not.toContain('type="checkbox"');
  });

  it.each(DENIED_ROLES)("%s may not create, rename, fill or delete subgroups; nothing changes", async (who) => {
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users[who]);
    expect((await agent.form(`/setup/classes/${c(s, "5А").id}/subgroups`, { subjectId: s.subjects.math.id, name: "А" })).status).toBe(403);
    expect((await agent.form(`/setup/subgroups/${g1.id}`, { name: "Б" })).status).toBe(403);
    expect((await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [st(s, "studentA1").studentId] })).status).toBe(403);
    expect((await agent.form(`/setup/subgroups/${g1.id}/delete`, {})).status).toBe(403);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("another school's class and subgroup answer 404 and stay unchanged", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const { g1 } = await withGroups(other);
    const before = await snapshot(other.schoolId);
    const agent = await as(s.users.admin);
    expect((await agent.form(`/setup/classes/${c(other, "5А").id}/subgroups`, { subjectId: s.subjects.math.id, name: "А" })).status).toBe(404);
    expect((await agent.get(`/setup/subgroups/${g1.id}`)).status).toBe(404);
    expect((await agent.form(`/setup/subgroups/${g1.id}`, { name: "Б" })).status).toBe(404);
    expect((await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [st(other, "studentA1").studentId] })).status).toBe(404);
    expect((await agent.form(`/setup/subgroups/${g1.id}/delete`, {})).status).toBe(404);
    expect(await snapshot(other.schoolId)).toEqual(before);
  });

  it("subgroups of a closed year are read-only (423)", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    const { g1 } = await withGroups(s);
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users.admin);
    expect((await agent.form(`/setup/classes/${c(s, "5А").id}/subgroups`, { subjectId: s.subjects.math.id, name: "А" })).status).toBe(423);
    expect((await agent.form(`/setup/subgroups/${g1.id}`, { name: "Б" })).status).toBe(423);
    expect((await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [st(s, "studentA1").studentId] })).status).toBe(423);
    expect((await agent.form(`/setup/subgroups/${g1.id}/delete`, {})).status).toBe(423);
    expect(await snapshot(s.schoolId)).toEqual(before);
    const page = await agent.get(`/setup/subgroups/${g1.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('type="checkbox"');
  });

  describe("the class teacher and the subject teacher (R-JRN-6, 000 §6)", () => {
    // 5А is led by Русакова (who teaches Russian in 5А and 5Б); Инглишева leads 5Б and teaches English in 5А;
    // Математиков teaches Mathematics in both classes and leads none.

    it("the class teacher of 5А creates a subgroup of any subject of the own class and fills it", async () => {
      const s = await buildSchool();
      const agent = await as(s.users.teacherRussian);
      expect((await agent.get(`/class/${c(s, "5А").id}/absences`)).text).toContain(`href="/setup/classes/${c(s, "5А").id}#subgroups"`);
      const page = await agent.get(`/setup/classes/${c(s, "5А").id}`);
      expect(page.text).toContain("Создать подгруппу");
      expect(page.text).toMatch(new RegExp(`<option value="${s.subjects.english.id}"`));
      let res = await agent.form(`/setup/classes/${c(s, "5А").id}/subgroups`, { subjectId: s.subjects.math.id, name: "1 группа" });
      expect(res.status).toBe(302);
      const g = await prisma.subgroup.findFirstOrThrow({ where: { classId: c(s, "5А").id, subjectId: s.subjects.math.id } });
      res = await agent.form(`/setup/subgroups/${g.id}/members`, { date: "2026-10-01", studentIds: [st(s, "studentA1").studentId] });
      expect(res.status).toBe(302);
      expect((await memberships(st(s, "studentA1").studentId)).map((m) => m.subgroupId)).toEqual([g.id]);
      expect((await agent.get(`/setup/subgroups/${g.id}`)).text).toContain('type="checkbox"');
      expect(
        await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "subgroup", action: "members", actorId: s.users.teacherRussian.userId } }),
      ).toBe(1);
    });

    it("the subject teacher splits only the own subject in a taught class", async () => {
      const s = await buildSchool();
      const agent = await as(s.users.teacherEnglish);
      // Reached from her journal of 5А.
      expect((await agent.get(`/journal/${c(s, "5А").id}/${s.subjects.english.id}`)).text).toContain(`href="/setup/classes/${c(s, "5А").id}#subgroups"`);
      // The class page offers English only (her load in 5А), not Mathematics.
      const page = await agent.get(`/setup/classes/${c(s, "5А").id}`);
      expect(page.text).toMatch(new RegExp(`<option value="${s.subjects.english.id}"`));
      expect(page.text).not.toMatch(new RegExp(`<option value="${s.subjects.math.id}"`));
      const res = await agent.form(`/setup/classes/${c(s, "5А").id}/subgroups`, { subjectId: s.subjects.english.id, name: "1 группа" });
      expect(res.status).toBe(302);
      const g = await prisma.subgroup.findFirstOrThrow({ where: { classId: c(s, "5А").id, subjectId: s.subjects.english.id } });
      expect((await agent.form(`/setup/subgroups/${g.id}`, { name: "Группа А" })).status).toBe(302);
      expect((await agent.form(`/setup/subgroups/${g.id}/members`, { date: "2026-10-01", studentIds: [st(s, "studentA2").studentId] })).status).toBe(302);
      expect((await memberships(st(s, "studentA2").studentId)).map((m) => m.subgroupId)).toEqual([g.id]);
    });

    it("a teacher of another subject, the wrong class teacher and crafted ids get 404; nothing changes", async () => {
      const s = await buildSchool();
      const { g1 } = await withGroups(s); // English groups of 5А
      const mathB = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: c(s, "5Б").id, subjectId: s.subjects.math.id, name: "М" } });
      const a1 = st(s, "studentA1").studentId;
      const b1 = st(s, "studentB1").studentId;
      const before = await snapshot(s.schoolId);
      const math = await as(s.users.teacherMath);
      // Mathematics teacher: not English of 5А, not the class teacher.
      expect((await math.form(`/setup/classes/${c(s, "5А").id}/subgroups`, { subjectId: s.subjects.english.id, name: "Х" })).status).toBe(404);
      expect((await math.form(`/setup/subgroups/${g1.id}`, { name: "Х" })).status).toBe(404);
      expect((await math.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [a1] })).status).toBe(404);
      // The class teacher of 5А (she teaches Russian in 5Б): not Mathematics of 5Б, not its groups.
      const russian = await as(s.users.teacherRussian);
      expect((await russian.form(`/setup/classes/${c(s, "5Б").id}/subgroups`, { subjectId: s.subjects.math.id, name: "Х" })).status).toBe(404);
      expect((await russian.form(`/setup/subgroups/${mathB.id}`, { name: "Х" })).status).toBe(404);
      expect((await russian.form(`/setup/subgroups/${mathB.id}/members`, { date: "2026-10-01", studentIds: [b1] })).status).toBe(404);
      // The class teacher of 5Б (English teacher of 5А): a 5А subject she does not teach, and her own class's
      // pupil pushed into another class's group by a crafted form.
      const english = await as(s.users.teacherEnglish);
      expect((await english.form(`/setup/classes/${c(s, "5А").id}/subgroups`, { subjectId: s.subjects.math.id, name: "Х" })).status).toBe(404);
      expect((await english.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [b1] })).status).toBe(422);
      // Teachers never delete subgroups (the administration does).
      expect((await russian.form(`/setup/subgroups/${g1.id}/delete`, {})).status).toBe(403);
      expect(await snapshot(s.schoolId)).toEqual(before);
      // The forms are not offered where the teacher may not write.
      expect((await math.get(`/setup/subgroups/${g1.id}`)).text).not.toContain('type="checkbox"');
      expect((await math.get(`/setup/classes/${c(s, "5А").id}`)).text).toContain("Создать подгруппу"); // his Mathematics
      expect((await russian.get(`/setup/classes/${c(s, "5Б").id}`)).text).not.toMatch(new RegExp(`<option value="${s.subjects.math.id}"`));
    });

    it("another school's class and subgroup answer 404 to a class teacher", async () => {
      const s = await buildSchool();
      const other = await buildSchool();
      const { g1 } = await withGroups(other);
      const before = await snapshot(other.schoolId);
      const agent = await as(s.users.teacherRussian);
      expect((await agent.form(`/setup/classes/${c(other, "5А").id}/subgroups`, { subjectId: other.subjects.math.id, name: "А" })).status).toBe(404);
      expect((await agent.form(`/setup/subgroups/${g1.id}/members`, { date: "2026-10-01", studentIds: [st(other, "studentA1").studentId] })).status).toBe(404);
      expect(await snapshot(other.schoolId)).toEqual(before);
    });
  });
});
