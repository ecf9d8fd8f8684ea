/** Lessons, marks and attendance created directly for the diary's tests. */
import { prisma } from "../../src/lib/db.ts";
import type { AttendanceCode } from "../../src/generated/prisma/enums.ts";
import { d, type TestSchool } from "../support/fixtures.ts";

export async function assignmentType(s: TestSchool, name: string, weight: number) {
  return prisma.assignmentType.create({ data: { schoolId: s.schoolId, name, shortName: name.slice(0, 3), weight } });
}

export interface LessonInput {
  classId: number;
  subjectId: number;
  teacherId: number;
  date: string;
  number?: number | null;
  subgroupId?: number | null;
  topic?: string;
  homework?: string;
  homeworkDue?: string;
}

export async function lesson(s: TestSchool, l: LessonInput) {
  return prisma.lesson.create({
    data: {
      schoolId: s.schoolId,
      classId: l.classId,
      subjectId: l.subjectId,
      teacherId: l.teacherId,
      date: d(l.date),
      number: l.number === undefined ? 1 : l.number,
      subgroupId: l.subgroupId ?? null,
      topic: l.topic ?? null,
      homework: l.homework ?? null,
      homeworkDue: l.homeworkDue ? d(l.homeworkDue) : null,
    },
  });
}

export async function mark(s: TestSchool, lessonId: number, studentId: number, typeId: number, value: number, comment: string | null = null) {
  const work = await prisma.lessonWork.upsert({
    where: { lessonId_assignmentTypeId: { lessonId, assignmentTypeId: typeId } },
    create: { schoolId: s.schoolId, lessonId, assignmentTypeId: typeId },
    update: {},
  });
  return prisma.mark.create({ data: { schoolId: s.schoolId, lessonId, workId: work.id, studentId, value, comment } });
}

export async function attendance(s: TestSchool, lessonId: number, studentId: number, code: AttendanceCode) {
  return prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId, studentId, code } });
}

/** A default bell schedule: 1st lesson 08:30–09:15, 2nd 09:25–10:10, 3rd 10:30–11:15. */
export async function bells(s: TestSchool) {
  const schedule = await prisma.bellSchedule.create({ data: { schoolId: s.schoolId, name: "Основное", isDefault: true } });
  const times: [number, number, number][] = [
    [1, 510, 555],
    [2, 565, 610],
    [3, 630, 675],
  ];
  for (const [number, startMinute, endMinute] of times)
    await prisma.bellSlot.create({ data: { schoolId: s.schoolId, scheduleId: schedule.id, number, startMinute, endMinute } });
  return schedule;
}

/** Text with tags removed and whitespace collapsed, for "the page shows …" checks. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ");
}
