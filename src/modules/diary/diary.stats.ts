/**
 * R-DRY-2: statistics for a chosen range of dates — marks by value, the average, attendance —
 * and the student's own place in the class rating by average. R-ACL-1: only the place and the
 * number ranked leave this module; no classmate's id, name or average does.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { daysBetween, isoDate, today } from "../../lib/dates.ts";
import { isUngradedGrade } from "../../lib/grading.ts";
import { className } from "../../lib/names.ts";
import { ValidationError } from "../../lib/errors.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { weightedAverage } from "../journal/journal.service.ts";
import { loadDiaryStudent, type DiaryStudent } from "./diary.common.ts";
import { currentClassOf } from "./diary.marks.ts";
import { ATTENDANCE, ATTENDANCE_ORDER, MARKLESS, TEXT } from "./diary.text.ts";

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
  /** Issue 23: the class is taught without marks (and the student has none in the range): the page says so instead of empty tables. */
  markless: string | null;
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

interface StatsRow {
  marks: { value: number; weight: number }[] | null;
  attendance: { code: AttendanceCode; count: number }[] | null;
  /** Every ranked classmate's average, without ids: only the own place is derived from it. */
  averages: number[] | null;
  own: number | null;
}

/**
 * One statement: the own marks and attendance in [from, to], and the class's averages for the
 * rating. $1 school, $2 student, $3 class (0: none), $4..$5 the range.
 */
const STATS_SQL = `
WITH ranked AS (
  SELECT m."studentId", (SUM(m.value * t.weight) / SUM(t.weight))::float8 AS avg
    FROM "Lesson" l
    JOIN "Mark" m ON m."lessonId" = l.id
    JOIN "LessonWork" w ON w.id = m."workId"
    JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
   WHERE l."schoolId" = $1 AND l."classId" = $3 AND l.date BETWEEN $4::date AND $5::date
     AND m."studentId" IN (
       SELECT cm."studentId" FROM "ClassMembership" cm
        WHERE cm."classId" = $3 AND cm."fromDate" <= $5::date AND (cm."toDate" IS NULL OR cm."toDate" >= $4::date))
   GROUP BY m."studentId"
  HAVING SUM(t.weight) > 0
)
SELECT
  (SELECT json_agg(json_build_object('value', m.value, 'weight', t.weight::float8))
     FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" JOIN "LessonWork" w ON w.id = m."workId" JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
    WHERE m."studentId" = $2 AND m."schoolId" = $1 AND l.date BETWEEN $4::date AND $5::date) AS marks,
  (SELECT json_agg(json_build_object('code', x.code, 'count', x.n)) FROM (
     SELECT a.code, COUNT(*)::int AS n FROM "Attendance" a JOIN "Lesson" l ON l.id = a."lessonId"
      WHERE a."studentId" = $2 AND a."schoolId" = $1 AND l.date BETWEEN $4::date AND $5::date GROUP BY a.code) x) AS attendance,
  (SELECT json_agg(avg) FROM ranked) AS averages,
  (SELECT avg FROM ranked WHERE "studentId" = $2) AS own`;

/** R-DRY-2: statistics of a student the actor may see (NotFound otherwise) for [from, to]. */
export async function getDiaryStats(actor: Actor, studentId: number, from: Date, to: Date, now: Date = today(), known?: DiaryStudent): Promise<DiaryStats> {
  const student = known && known.id === studentId ? known : await loadDiaryStudent(actor, studentId);
  assertRange(from, to);
  const schoolId = actor.schoolId;
  const cls = await currentClassOf(schoolId, actor.currentYearId, studentId, to < now ? to : now);
  const {
    rows: [row],
  } = await pgPool().query<StatsRow>({ name: "diary-stats", text: STATS_SQL, values: [schoolId, studentId, cls?.id ?? 0, isoDate(from), isoDate(to)] });
  const marks = row!.marks ?? [];
  const counts = new Map((row!.attendance ?? []).map((a) => [a.code, a.count]));
  return {
    student,
    from,
    to,
    className: cls ? className(cls) : null,
    byValue: [5, 4, 3, 2, 1].map((value) => ({ value, count: marks.filter((m) => m.value === value).length })),
    total: marks.length,
    average: weightedAverage(marks),
    attendance: ATTENDANCE_ORDER.map((kind) => ({ kind, ...ATTENDANCE[kind], count: counts.get(kind) ?? 0 })),
    rating: row!.own !== null ? ratingPlace(row!.own, row!.averages ?? []) : null,
    markless: cls && !marks.length && isUngradedGrade(cls.grade, cls.ungradedGrades) ? MARKLESS.stats(className(cls)) : null,
  };
}
