/** Cross-class groups (R-JRN-13): the administration sets them up; other roles, schools and ids are refused. */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { DENIED_ROLES, c, snapshot, st } from "./helpers.ts";

async function courses(s: TestSchool) {
  const finance = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "Финансовая грамотность", shortName: "ФГ" } });
  const play = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "ГПД: прогулка и самоподготовка", shortName: "ГПД", gradingMode: "NONE" } });
  return { finance, play };
}

describe("cross-class groups (R-JRN-13)", () => {
  // Refusals change nothing: they share one school with one elective of grade 5 (Алексеев of 5А in it).
  let s: TestSchool;
  let groupId: number;
  let financeId: number;
  beforeAll(async () => {
    s = await buildSchool();
    const { finance } = await courses(s);
    financeId = finance.id;
    const g = await prisma.subgroup.create({
      data: { schoolId: s.schoolId, classId: c(s, "5А").id, subjectId: finance.id, name: "Финансы 5", kind: "ELECTIVE" },
    });
    groupId = g.id;
    await prisma.subgroupMembership.create({
      data: { schoolId: s.schoolId, subgroupId: g.id, studentId: st(s, "studentA1").studentId, fromDate: d("2026-09-01") },
    });
  });

  it("the deputy creates an elective of a parallel, takes members of 5А and 5Б, adds its load line; all audited", async () => {
    const s = await buildSchool();
    const { finance } = await courses(s);
    const agent = await as(s.users.deputy);
    let res = await agent.form(`/setup/groups?year=${s.year.id}`, {
      name: "Финансовая грамотность, 5 классы",
      kind: "ELECTIVE",
      subjectId: finance.id,
      gradeFrom: 5,
    });
    expect(res.status).toBe(302);
    const g = await prisma.subgroup.findFirstOrThrow({ where: { schoolId: s.schoolId, kind: "ELECTIVE" } });
    expect(g).toMatchObject({ classId: c(s, "5А").id, subjectId: finance.id, gradeTo: null });
    expect(res.headers.location).toBe(`/setup/groups/${g.id}`);

    const [a1, b1] = [st(s, "studentA1").studentId, st(s, "studentB1").studentId];
    res = await agent.form(`/setup/groups/${g.id}/members`, { date: "2026-09-01", studentIds: [a1, b1] });
    expect(res.status).toBe(302);
    const members = await prisma.subgroupMembership.findMany({ where: { subgroupId: g.id }, orderBy: { studentId: "asc" } });
    expect(members.map((m) => [m.studentId, m.toDate])).toEqual([...[a1, b1].sort((x, y) => x - y)].map((id) => [id, null]));

    res = await agent.form(`/setup/groups/${g.id}/load`, { teacherId: s.users.teacherMath.personId, hours: "1" });
    expect(res.status).toBe(302);
    const load = await prisma.teachingLoad.findFirstOrThrow({ where: { subgroupId: g.id } });
    expect(load).toMatchObject({ classId: c(s, "5А").id, subjectId: finance.id, teacherId: s.users.teacherMath.personId });

    const page = await agent.get(`/setup/groups/${g.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Алексеева Дарья Игоревна (5Б)");
    expect(page.text).toContain("Математиков П. И., 1 ч в неделю");
    const list = await agent.get(`/setup/groups?year=${s.year.id}`);
    expect(list.text).toContain("Финансовая грамотность, 5 классы");
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "study-group", entityId: String(g.id) } })).toBe(2);
    // The host class's subgroups page does not list the group as its own subgroup.
    expect((await agent.get(`/setup/classes/${c(s, "5А").id}`)).text).not.toContain("Финансовая грамотность, 5 классы");
  });

  it("a ГПД of grades 5–6 needs a course without marks; bad input keeps the typed values and stores nothing", async () => {
    const s = await buildSchool();
    const { finance, play } = await courses(s);
    const agent = await as(s.users.admin);
    const before = await snapshot(s.schoolId);
    const url = `/setup/groups?year=${s.year.id}`;
    let res = await agent.form(url, { name: "ГПД-1", kind: "GPD", subjectId: finance.id, gradeFrom: 5, gradeTo: 6 });
    expect(res.status).toBe(422);
    expect(res.text).toContain("ГПД и курсы внеурочной деятельности ведутся без отметок");
    expect(res.text).toContain('value="ГПД-1"');
    res = await agent.form(url, { name: "ГПД-1", kind: "GPD", subjectId: play.id, gradeFrom: 5, gradeTo: 4 });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Последняя параллель не может быть меньше первой");
    res = await agent.form(url, { name: "ГПД-1", kind: "GPD", subjectId: play.id, gradeFrom: 9 });
    expect(res.status).toBe(422);
    expect(res.text).toContain("В этой параллели в учебном году нет ни одного класса");
    res = await agent.form(url, { name: "", kind: "кружок", subjectId: play.id, gradeFrom: 5 });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Заполните поле");
    expect(res.text).toContain("Выберите вид группы");
    expect(await snapshot(s.schoolId)).toEqual(before);

    res = await agent.form(url, { name: "ГПД-1", kind: "GPD", subjectId: play.id, gradeFrom: 5, gradeTo: 6 });
    expect(res.status).toBe(302);
    expect(await prisma.subgroup.findFirstOrThrow({ where: { schoolId: s.schoolId, kind: "GPD" } })).toMatchObject({ gradeTo: 6 });
  });

  it("members come only from the classes of the group's grades on that date", async () => {
    const before = await snapshot(s.schoolId);
    const other = await buildSchool();
    const agent = await as(s.users.admin);
    const res = await agent.form(`/setup/groups/${groupId}/members`, { date: "2026-09-01", studentIds: [other.students.studentA1!.studentId] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("не учатся в классах параллелей группы");
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it.each(DENIED_ROLES)("%s may not see or change the groups (403) and nothing changes", async (role) => {
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users[role]);
    expect((await agent.get(`/setup/groups/${groupId}`)).status).toBe(403);
    expect((await agent.form(`/setup/groups?year=${s.year.id}`, { name: "Чужая", kind: "ELECTIVE", subjectId: financeId, gradeFrom: 5 })).status).toBe(403);
    expect((await agent.form(`/setup/groups/${groupId}/members`, { date: "2026-09-01", studentIds: [st(s, "studentB1").studentId] })).status).toBe(403);
    expect((await agent.form(`/setup/groups/${groupId}/load`, { teacherId: s.users.teacherMath.personId, hours: "2" })).status).toBe(403);
    expect((await agent.form(`/setup/groups/${groupId}/delete`, {})).status).toBe(403);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("another school's administrator gets 404 for the group and its writes; nothing changes", async () => {
    const before = await snapshot(s.schoolId);
    const other = await buildSchool();
    const agent = await as(other.users.admin);
    expect((await agent.get(`/setup/groups/${groupId}`)).status).toBe(404);
    expect((await agent.form(`/setup/groups/${groupId}`, { name: "Захват" })).status).toBe(404);
    expect((await agent.form(`/setup/groups/${groupId}/members`, { date: "2026-09-01", studentIds: [] })).status).toBe(404);
    expect((await agent.form(`/setup/groups/${groupId}/load`, { teacherId: other.users.teacherMath.personId, hours: "2" })).status).toBe(404);
    expect((await agent.form(`/setup/groups/${groupId}/delete`, {})).status).toBe(404);
    expect((await agent.form(`/setup/groups?year=${s.year.id}`, { name: "Чужая", kind: "ELECTIVE", subjectId: financeId, gradeFrom: 5 })).status).toBe(404);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("a group's id is not a class's subgroup and a subgroup's id is not a group (404 both ways)", async () => {
    const agent = await as(s.users.admin);
    const sub = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: c(s, "5А").id, subjectId: s.subjects.english.id, name: "1 группа" } });
    try {
      expect((await agent.get(`/setup/subgroups/${groupId}`)).status).toBe(404);
      expect((await agent.form(`/setup/subgroups/${groupId}/delete`, {})).status).toBe(404);
      expect((await agent.get(`/setup/groups/${sub.id}`)).status).toBe(404);
      expect((await agent.form(`/setup/groups/${sub.id}/members`, { date: "2026-09-01", studentIds: [st(s, "studentB1").studentId] })).status).toBe(404);
      expect(await prisma.subgroup.count({ where: { id: groupId } })).toBe(1);
      expect(await prisma.subgroupMembership.count({ where: { subgroupId: sub.id } })).toBe(0);
    } finally {
      await prisma.subgroup.delete({ where: { id: sub.id } });
    }
  });
});
