/**
 * R-DRY-2: statistics for a chosen range of dates — marks by value, the average, attendance —
 * and the student's own place in the class rating by average. R-ACL-1: only the place and the
 * number ranked leave this module; no classmate's id, name or average does.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, Prisma } from "../../lib/db.ts";
import { daysBetween, today } from "../../lib/dates.ts";
import { className } from "../../lib/names.ts";
import { ValidationError } from "../../lib/errors.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { weightedAverage } from "../journal/journal.calc.ts";
import { loadDiaryStudent, type DiaryStudent } from "./diary.common.ts";
import { currentClassOf } from "./diary.marks.ts";
import { ATTENDANCE, ATTENDANCE_ORDER, TEXT } from "./diary.text.ts";

export interface DiaryStats {
  student: DiaryStudent;
  from: Date;
  to: Date;
  className: string | null;
  /** Counts for 5, 4, 3, 2, 1. */
  byValue: { value: number; count: number }[];
  total: number;
  average: number | null;
  attendance: { kind: AttendanceCode; code: string; title: string; count: number }[];
  /** Own place among the classmates with marks in the range, by weighted average; null without own marks. */
  rating: { place: number; of: number } | null;
}

/** Checks a chosen range: from ≤ to and at most a year long (ValidationError otherwise). */
export function assertRange(from: Date, to: Date): void {
  if (from > to) throw new ValidationError({ to: TEXT.badRange });
  if (daysBetween(from, to) > 366) throw new ValidationError({ to: TEXT.longRange });
}

/**
 * The place of `own` among the averages: 1 + the number of strictly better ones (ties share a
 * place). Averages are compared after rounding to 4 decimals so equal sums rank equal.
 */
export function ratingPlace(own: number, averages: readonly number[]): { place: number; of: number } {
  const r = (x: number) => Math.round(x * 10000);
  return { place: 1 + averages.filter((a) => r(a) > r(own)).length, of: averages.length };
}

/** R-DRY-2: statistics of a student the actor may see (NotFound otherwise) for [from, to]. */
export async function getDiaryStats(actor: Actor, studentId: number, from: Date, to: Date, now: Date = today()): Promise<DiaryStats> {
  const student = await loadDiaryStudent(actor, studentId);
  assertRange(from, to);
  const schoolId = actor.schoolId;
  const cls = await currentClassOf(schoolId, actor.currentYearId, studentId, to < now ? to : now);
  const inRange = { date: { gte: from, lte: to } };

  const [marks, attendance, classAverages] = await Promise.all([
    prisma.mark.findMany({
      where: { schoolId, studentId, lesson: inRange },
      select: { value: true, work: { select: { assignmentType: { select: { weight: true } } } } },
    }),
    prisma.attendance.groupBy({ by: ["code"], where: { schoolId, studentId, lesson: inRange }, _count: { _all: true } }),
    cls
      ? prisma.$queryRaw<{ studentId: number; avg: number }[]>(Prisma.sql`
          SELECT m."studentId" AS "studentId", (SUM(m.value * t.weight) / SUM(t.weight))::float8 AS avg
          FROM "Lesson" l
          JOIN "Mark" m ON m."lessonId" = l.id
          JOIN "LessonWork" w ON w.id = m."workId"
          JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
          WHERE l."schoolId" = ${schoolId} AND l."classId" = ${cls.id} AND l.date >= ${from} AND l.date <= ${to}
            AND m."studentId" IN (
              SELECT cm."studentId" FROM "ClassMembership" cm
              WHERE cm."classId" = ${cls.id} AND cm."fromDate" <= ${to} AND (cm."toDate" IS NULL OR cm."toDate" >= ${from}))
          GROUP BY m."studentId"
          HAVING SUM(t.weight) > 0`)
      : Promise.resolve([]),
  ]);

  const weighted = marks.map((m) => ({ value: m.value, weight: Number(m.work.assignmentType.weight) }));
  const byValue = [5, 4, 3, 2, 1].map((value) => ({ value, count: marks.filter((m) => m.value === value).length }));
  const counts = new Map(attendance.map((a) => [a.code, a._count._all]));
  const own = classAverages.find((r) => r.studentId === studentId);
  return {
    student,
    from,
    to,
    className: cls ? className(cls) : null,
    byValue,
    total: marks.length,
    average: weightedAverage(weighted),
    attendance: ATTENDANCE_ORDER.map((kind) => ({ kind, ...ATTENDANCE[kind], count: counts.get(kind) ?? 0 })),
    rating: own ? ratingPlace(own.avg, classAverages.map((r) => r.avg)) : null,
  };
}
