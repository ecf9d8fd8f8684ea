/**
 * The demo's cross-class groups step (src/seed/cross-groups.ts, R-JRN-13) on a fixture school: an
 * elective of grade 5 takes every second pupil of 5А and 5Б, has its load line, a weekly entry and
 * its lessons on that weekday inside the study periods up to the day given, with topics, attendance
 * and marks; a member of each class sees it in the diary, a non-member does not; a second run adds nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { DEMO_GROUPS, seedCrossGroups, type CrossGroupSeedCounts } from "../../src/seed/cross-groups.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

let s: TestSchool;
let counts: CrossGroupSeedCounts | null;
const elective = { ...DEMO_GROUPS[0]!, grades: [5, 5] as [number, number], weekdays: [3] };

beforeAll(async () => {
  s = await buildSchool();
  await prisma.assignmentType.create({ data: { schoolId: s.schoolId, name: "Ответ на уроке", shortName: "Отв", weight: 1 } });
  await prisma.assignmentType.create({ data: { schoolId: s.schoolId, name: "Контрольная работа", shortName: "К/р", weight: 2, isControl: true } });
  counts = await seedCrossGroups(s.schoolId, { until: d("2026-12-09"), plans: [elective] });
});

describe("seeded cross-class elective (R-JRN-13)", () => {
  it("has members of both classes, a load line, a weekly entry and Wednesday lessons inside the periods", async () => {
    const g = await prisma.subgroup.findFirstOrThrow({ where: { schoolId: s.schoolId, kind: "ELECTIVE" }, include: { members: true } });
    expect(g.classId).toBe(s.classes["5А"]!.id);
    expect(g.members.map((m) => m.studentId).sort()).toEqual([s.students.studentA1!.studentId, s.students.studentB1!.studentId].sort());
    expect(await prisma.teachingLoad.count({ where: { subgroupId: g.id } })).toBe(1);
    expect(await prisma.timetableEntry.count({ where: { subgroupId: g.id, weekday: 3 } })).toBe(1);
    const lessons = await prisma.lesson.findMany({ where: { subgroupId: g.id, date: { lte: d("2026-12-09") } }, orderBy: { date: "asc" } });
    // The rest of the year's lessons are there as the timetable makes them: no topic yet.
    const later = await prisma.lesson.findMany({ where: { subgroupId: g.id, date: { gt: d("2026-12-09") } } });
    expect(later.length).toBeGreaterThan(10);
    expect(later.every((l) => l.date.getUTCDay() === 3 && l.topic === null)).toBe(true);
    // Wednesdays of 01.09–25.10 (02.09 … 21.10: 8) and of 05.11–09.12 (11.11 … 09.12: 5).
    expect(lessons).toHaveLength(13);
    expect(counts).toMatchObject({ groups: 1, members: 2, lessons: 13 });
    for (const l of lessons) expect(l.date.getUTCDay()).toBe(3);
    expect(lessons.every((l) => l.topic)).toBe(true);
    expect(await prisma.mark.count({ where: { lesson: { subgroupId: g.id } } })).toBe(counts!.marks);
    expect(counts!.marks).toBeGreaterThan(0);
    expect(await prisma.attendance.count({ where: { lesson: { subgroupId: g.id } } })).toBe(counts!.attendance);
    expect(counts!.attendance).toBeGreaterThan(0);
    // One control work a study period, on its latest group lesson (the course has one lesson a week, R-PLN-6).
    const controls = await prisma.lessonWork.findMany({
      where: { lesson: { subgroupId: g.id }, assignmentType: { isControl: true } },
      include: { lesson: true },
    });
    expect(controls.map((w) => w.lesson.date).sort((a, b) => a.getTime() - b.getTime())).toEqual([d("2026-10-21"), d("2026-12-09")]);
  });

  it("is in the diaries of its members of 5А and 5Б and not in the non-member's", async () => {
    const week = async (key: "studentA1" | "studentA2" | "studentB1") =>
      (await (await as(s.users[key])).get(`/diary/${s.students[key]!.studentId}/week?date=2026-12-09`)).text;
    expect(await week("studentA1")).toContain("Финансовая грамотность");
    expect(await week("studentB1")).toContain("Финансовая грамотность");
    expect(await week("studentA2")).not.toContain("Финансовая грамотность");
  });

  it("a second run adds nothing", async () => {
    expect(await seedCrossGroups(s.schoolId, { until: d("2026-12-09"), plans: [elective] })).toBeNull();
    expect(await prisma.subgroup.count({ where: { schoolId: s.schoolId, kind: { not: null } } })).toBe(1);
  });
});
