/**
 * Issue 23: no homework is set in the 1st grade (СанПиН 1.2.3685-21; src/lib/grading.ts
 * homeworkExpected), so nothing that reports what a lesson lacks asks for it there — the teacher's
 * «Сегодня» and home page — while the topic and attendance still count, on the deputy's home too.
 * What each page lists is compared with the lessons in the database.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { addDays, isoDate, today } from "../../src/lib/dates.ts";
import { homeworkExpected } from "../../src/lib/grading.ts";
import { journalSchool, type JournalSchool } from "../journal/helpers.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { block, dm, items, lesson, mark } from "./home-helpers.ts";

useMidQuarterDay(); // Wednesday 09.12.2026, 10:00 in Moscow

const page = async (user: { login: string; userId?: number }, url = "/") => {
  const res = await (await as(user)).get(url);
  expect(res.status).toBe(200);
  return res.text;
};

/** 1А (grade 1) and its mathematics load for the maths teacher. */
async function withFirstGrade(s: JournalSchool) {
  const first = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 1, letter: "А" } });
  await prisma.teachingLoad.create({
    data: {
      schoolId: s.schoolId,
      yearId: s.year.id,
      teacherId: s.users.teacherMath.personId,
      classId: first.id,
      subjectId: s.subjects.math.id,
      hoursPerWeek: 4,
    },
  });
  const firstLesson = (daysAgo: number, number: number, o: { topic?: string; taken?: boolean } = {}) =>
    prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: first.id,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        date: addDays(today(), -daysAgo),
        number,
        topic: o.topic ?? null,
        attendanceCheckedAt: o.taken ? new Date() : null,
      },
    });
  return { first, firstLesson };
}

/** What a lesson lacks, read from the database row the way the rule says. */
async function expectedMissing(lessonId: number): Promise<string[]> {
  const l = await prisma.lesson.findUniqueOrThrow({
    where: { id: lessonId },
    include: { class: { include: { school: true } }, _count: { select: { attendances: true } } },
  });
  const missing: string[] = [];
  if (!l.topic?.trim()) missing.push("тема урока");
  if (!l.homework?.trim() && homeworkExpected(l.class.grade, l.class.school.ungradedGrades)) missing.push("домашнее задание");
  if (!l.attendanceCheckedAt && l._count.attendances === 0) missing.push("посещаемость");
  return missing;
}

describe("the teacher's «Сегодня» with a 1st-grade class", () => {
  let s: JournalSchool;
  const ids: number[] = [];
  beforeAll(async () => {
    s = await journalSchool();
    const { firstLesson } = await withFirstGrade(s);
    // 1: 1А, topic and attendance, no homework (complete); 2: 1А, nothing entered; 3: 5А, topic and attendance, no homework.
    ids.push((await firstLesson(0, 1, { topic: "Счёт до 10", taken: true })).id);
    ids.push((await firstLesson(0, 2)).id);
    ids.push((await lesson(s, { daysAgo: 0, number: 3, topic: "Дроби", taken: true })).id);
  });

  it("the home page asks for no homework in 1А and still does in 5А", async () => {
    const missing = await Promise.all(ids.map(expectedMissing));
    expect(missing).toEqual([[], ["тема урока", "посещаемость"], ["домашнее задание"]]);
    const none = await prisma.lesson.count({ where: { id: { in: ids }, homework: null } });
    expect(none).toBe(3);
    expect(items(await page(s.users.teacherMath), "teacher-today")).toEqual([
      "1 1А, Математика всё заполнено",
      `2 1А, Математика нет: ${missing[1]!.join(", ")}`,
      `3 5А, Математика нет: ${missing[2]!.join(", ")}`,
    ]);
  });

  it("the «Сегодня» page says the same", async () => {
    const html = await page(s.users.teacherMath, `/today?date=${isoDate(today())}`);
    const rows = [...html.matchAll(/<tr class="[^"]*">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain("всё заполнено");
    expect(rows[1]).toContain("тема урока, посещаемость");
    expect(rows[1]).not.toContain("домашнее задание");
    expect(rows[2]).toContain(">домашнее задание<");
  });

  it("a school teaching the 5th grade without marks asks for no homework in 5А either", async () => {
    await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [1, 5] } });
    try {
      expect(await expectedMissing(ids[2]!)).toEqual([]);
      expect(items(await page(s.users.teacherMath), "teacher-today")[2]).toBe("3 5А, Математика всё заполнено");
    } finally {
      await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [1] } });
    }
  });
});

describe("late control works where marks are not used", () => {
  it("are listed in a graded class and not once the school teaches that grade without marks", async () => {
    const s = await journalSchool();
    const cw = await lesson(s, { daysAgo: 9, number: 5, topic: "Контрольная", taken: true });
    await mark(s, cw.id, s.students.studentA1!.studentId, 4, "Контрольная работа");
    expect(items(await page(s.users.teacherMath), "teacher-control")).toHaveLength(1);
    await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [1, 5] } });
    expect(items(await page(s.users.teacherMath), "teacher-control")).toEqual([]);
  });
});

describe("the deputy's home with a 1st-grade class", () => {
  it("counts 1А's lessons of the last three days without a topic or attendance, never for homework", async () => {
    const s = await journalSchool();
    const { first, firstLesson } = await withFirstGrade(s);
    await firstLesson(1, 1, { topic: "Сложение", taken: true }); // complete without homework: no gap
    await firstLesson(2, 1, { taken: true }); // no topic
    await firstLesson(2, 2, { topic: "Вычитание" }); // no attendance
    const gaps = await prisma.lesson.findMany({
      where: { classId: first.id, date: { gte: addDays(today(), -3), lte: addDays(today(), -1) } },
      include: { _count: { select: { attendances: true } } },
    });
    const noTopic = gaps.filter((l) => !l.topic?.trim()).length;
    const noAttendance = gaps.filter((l) => !l.attendanceCheckedAt && !l._count.attendances).length;
    expect([gaps.length, noTopic, noAttendance, gaps.filter((l) => !l.homework).length]).toEqual([3, 1, 1, 3]);
    expect(block(await page(s.users.deputy), "school-gaps")).toBe(
      `Незаполненные уроки ${dm(addDays(today(), -3))}–${dm(addDays(today(), -1))} Учителей с уроками без темы или посещаемости: 1. ` +
        `Математиков П. И. (без темы — ${noTopic}, без посещаемости — ${noAttendance}): 1А Математика`,
    );
  });
});
