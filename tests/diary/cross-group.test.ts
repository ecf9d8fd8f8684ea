/**
 * Cross-class groups in the diary and the journal (R-JRN-13, R-DRY-1): a group hosted by 5А with a
 * member of 5А (Алексеев) and one of 5Б (Алексеева); Борисова is in 5А and not a member. The group's
 * lesson is in exactly its members' diaries; its teacher keeps its journal (roster from both
 * classes) and sees it in the journal list and «Сегодня»; its marks stay out of 5А's class average.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { postJson } from "../journal/helpers.ts";
import { assignmentType, attendance, bells, lesson, mark, pageText } from "./helpers.ts";

useMidQuarterDay(); // Wednesday 09.12.2026, 2nd quarter

let s: TestSchool;
let groupId: number;
let financeId: number;
let lessonId: number;
let typeId: number;
const st = (k: "studentA1" | "studentA2" | "studentB1") => s.students[k]!.studentId;

beforeAll(async () => {
  s = await buildSchool();
  await bells(s);
  typeId = (await assignmentType(s, "Ответ на уроке", 1)).id;
  const finance = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "Финансовая грамотность", shortName: "ФГ" } });
  financeId = finance.id;
  const g = await prisma.subgroup.create({
    data: { schoolId: s.schoolId, classId: s.classes["5А"]!.id, subjectId: finance.id, name: "Финграмотность 5", kind: "ELECTIVE" },
  });
  groupId = g.id;
  for (const k of ["studentA1", "studentB1"] as const)
    await prisma.subgroupMembership.create({ data: { schoolId: s.schoolId, subgroupId: g.id, studentId: st(k), fromDate: d("2026-09-01") } });
  await prisma.teachingLoad.create({
    data: {
      schoolId: s.schoolId,
      yearId: s.year.id,
      teacherId: s.users.teacherMath.personId,
      classId: s.classes["5А"]!.id,
      subgroupId: g.id,
      subjectId: finance.id,
      hoursPerWeek: 1,
    },
  });
  await prisma.timetableEntry.create({
    data: {
      schoolId: s.schoolId,
      yearId: s.year.id,
      classId: s.classes["5А"]!.id,
      subgroupId: g.id,
      subjectId: finance.id,
      teacherId: s.users.teacherMath.personId,
      weekday: 3,
      number: 3,
      validFrom: d("2026-09-01"),
    },
  });
  const l = await lesson(s, {
    classId: s.classes["5А"]!.id,
    subgroupId: g.id,
    subjectId: finance.id,
    teacherId: s.users.teacherMath.personId,
    date: "2026-12-07",
    number: 3,
    topic: "Семейный бюджет",
    homework: "Составить бюджет на неделю",
    homeworkDue: "2026-12-09",
  });
  lessonId = l.id;
  await mark(s, l.id, st("studentB1"), typeId, 5);
  await mark(s, l.id, st("studentA1"), typeId, 2);
  await attendance(s, l.id, st("studentA1"), "LATE");
});

const week = async (user: keyof TestSchool["users"], studentId: number) => {
  const res = await (await as(s.users[user])).get(`/diary/${studentId}/week?date=2026-12-07`);
  expect(res.status).toBe(200);
  return { html: res.text, text: pageText(res.text) };
};

describe("a cross-class group's lesson is in exactly its members' diaries (R-JRN-13)", () => {
  it("the 5Б member sees it with the time of her own class's bells, topic, homework and her mark", async () => {
    const { html, text } = await week("studentB1", st("studentB1"));
    expect(text).toContain("Финансовая грамотность");
    expect(text).toContain("Семейный бюджет");
    expect(text).toContain("10:30–11:15");
    expect(text).toMatch(/Домашние задания на эту неделю 09\.12 Финансовая грамотность: Составить бюджет на неделю/);
    expect(html).toMatch(/class="mark mark-5" title="Ответ на уроке">5/);
  });

  it("the host class's member sees it with her own mark and attendance, not the other member's", async () => {
    const { html, text } = await week("studentA1", st("studentA1"));
    expect(text).toContain("Семейный бюджет");
    expect(html).toMatch(/class="mark mark-2" title="Ответ на уроке">2/);
    expect(html).not.toMatch(/class="mark mark-5"/);
    expect(html).toContain('title="Опоздание">ОП');
  });

  it("a classmate of the host class who is not a member does not see it, nor its homework", async () => {
    const { text } = await week("studentA2", st("studentA2"));
    expect(text).not.toContain("Финансовая грамотность");
    expect(text).not.toContain("Семейный бюджет");
    expect(text).not.toContain("Составить бюджет");
  });

  it("the parent of both members sees it in each child's diary; the other parent does not in hers", async () => {
    expect((await week("parentAlekseev", st("studentB1"))).text).toContain("Семейный бюджет");
    expect((await week("parentAlekseev", st("studentA1"))).text).toContain("Семейный бюджет");
    expect((await week("parentBorisova", st("studentA2"))).text).not.toContain("Семейный бюджет");
  });

  it("a member who left the group before the lesson no longer sees it", async () => {
    const left = await prisma.subgroupMembership.create({
      data: { schoolId: s.schoolId, subgroupId: groupId, studentId: st("studentA2"), fromDate: d("2026-09-01"), toDate: d("2026-12-06") },
    });
    try {
      expect((await week("studentA2", st("studentA2"))).text).not.toContain("Семейный бюджет");
    } finally {
      await prisma.subgroupMembership.delete({ where: { id: left.id } });
    }
  });

  it("the marks page lists the course for a member, not for a non-member classmate of the host class", async () => {
    const q2 = s.periods[1]!.id;
    const member = pageText((await (await as(s.users.studentB1)).get(`/diary/${st("studentB1")}/marks?period=${q2}`)).text);
    expect(member).toContain("Финансовая грамотность");
    const other = pageText((await (await as(s.users.studentA2)).get(`/diary/${st("studentA2")}/marks?period=${q2}`)).text);
    expect(other).not.toContain("Финансовая грамотность");
  });
});

describe("the group's journal (R-JRN-13)", () => {
  it("the teacher's journal list and the grid show the group with members of both classes only", async () => {
    const agent = await as(s.users.teacherMath);
    const list = pageText((await agent.get("/journal")).text);
    expect(list).toContain("Финансовая грамотность");
    const grid = await agent.get(`/journal/${s.classes["5А"]!.id}/${financeId}?subgroup=${groupId}`);
    expect(grid.status).toBe(200);
    const text = pageText(grid.text);
    expect(text).toContain("Алексеева");
    expect(text).toContain("Алексеев");
    expect(text).not.toContain("Борисова");
  });

  it("the host class's class teacher does not find the group among her class's journals", async () => {
    const list = pageText((await (await as(s.users.teacherRussian)).get("/journal")).text);
    expect(list).toContain("Русский язык");
    expect(list).not.toContain("Финграмотность 5");
  });

  it("the teacher marks the 5Б member; a non-member classmate is refused and nothing is stored", async () => {
    const agent = await as(s.users.teacherMath);
    const ok = await postJson(agent, `/journal/lessons/${lessonId}/marks`, { studentId: st("studentB1"), assignmentTypeId: typeId, value: 4 });
    expect(ok.status).toBe(200);
    const bad = await postJson(agent, `/journal/lessons/${lessonId}/marks`, { studentId: st("studentA2"), assignmentTypeId: typeId, value: 4 });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(await prisma.mark.count({ where: { lessonId, studentId: st("studentA2") } })).toBe(0);
  });

  it("another class's teacher may not write the group's journal", async () => {
    const agent = await as(s.users.teacherEnglish);
    const res = await postJson(agent, `/journal/lessons/${lessonId}/marks`, { studentId: st("studentB1"), assignmentTypeId: typeId, value: 3 });
    expect([403, 404]).toContain(res.status);
    const m = await prisma.mark.findFirstOrThrow({ where: { lessonId, studentId: st("studentB1") } });
    expect(m.value).not.toBe(3);
  });

  it("«Сегодня» of the group's teacher lists the group's lesson of the day", async () => {
    await lesson(s, {
      classId: s.classes["5А"]!.id,
      subgroupId: groupId,
      subjectId: financeId,
      teacherId: s.users.teacherMath.personId,
      date: "2026-12-09",
      number: 3,
    });
    const res = await (await as(s.users.teacherMath)).get("/today?date=2026-12-09");
    expect(res.status).toBe(200);
    expect(pageText(res.text)).toContain("Финансовая грамотность");
  });
});
