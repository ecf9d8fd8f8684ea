/**
 * R-JRN-8, issue 15: which pupils are heading for «2» in a subject for a study period. One rule for
 * the class teacher's home (home.class.ts) and the families' notification two weeks before the
 * period's end (journal.notify.ts): the forecast is the weighted average of the period's marks so
 * far (the class's lessons from the period's start to the day), rounded with the school's
 * thresholds (journal.calc forecast()). Classes of the school's ungraded grades and subjects not
 * graded with marks have no forecast. SQL narrows the rows to averages below the «3» threshold;
 * forecast() decides, with its exact arithmetic.
 */
import { forecast, type Thresholds } from "./journal.calc.ts";

/** [value, weight, how many] of one pupil's period marks in a subject, as the `risk` CTE counts them. */
export type MarkCounts = readonly (readonly [value: number, weight: string | number, n: number])[];

/**
 * The CTEs `risk_low` and `risk` of the rule (text after a comma in a WITH list). The statement must
 * already have the CTEs `cls` (id, grade: the classes) and `per` ("classId", "startDate",
 * "endDate": each class's study period); `school` and `day` are its parameters for the school's id
 * and the day counted to («$1», «$2»). `risk` has a row per class, pupil and subject graded with
 * marks whose average is below the «3» threshold: "classId", "studentId", "subjectId", marks
 * (JSON MarkCounts for failsForecast()).
 *
 * One pass over the period's marks sums them per pupil and subject (float8 weights: numeric arithmetic
 * over every mark of a class was half of the class teacher's home page) and keeps the pairs below the
 * threshold, with a margin for float rounding; only for those few are the marks read again and counted
 * by value and weight, and forecast() decides on them exactly in JS.
 */
export function forecastRiskCtes(school: string, day: string): string {
  return `risk_low AS MATERIALIZED (
       SELECT per."classId", m."studentId", l."subjectId", per."startDate", least(per."endDate", ${day}::date) AS "endDate"
         FROM per JOIN cls ON cls.id = per."classId" AND cls.grade <> ALL((SELECT sc."ungradedGrades" FROM "School" sc WHERE sc.id = ${school})::int[])
         JOIN "Lesson" l ON l."schoolId" = ${school} AND l."classId" = per."classId" AND l.date BETWEEN per."startDate" AND least(per."endDate", ${day}::date)
         JOIN "Subject" s ON s.id = l."subjectId" AND s."gradingMode" = 'MARKS'
         JOIN "LessonWork" w ON w."lessonId" = l.id JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
         JOIN "Mark" m ON m."workId" = w.id
        GROUP BY 1, 2, 3, 4, 5
       HAVING sum(m.value * t.weight::float8) < ((SELECT sc."forecastThreshold3" FROM "School" sc WHERE sc.id = ${school})::float8 + 1e-9) * sum(t.weight::float8)
     ), risk AS MATERIALIZED (
       -- The marks of those pairs, counted by value and weight (the multiset the forecast weighs).
       SELECT low."classId", low."studentId", low."subjectId", json_agg(json_build_array(k.value, k.weight, k.n)) AS marks
         FROM risk_low low
         CROSS JOIN LATERAL (
           SELECT m.value, t.weight, count(*)::int AS n
             FROM "Lesson" l JOIN "LessonWork" w ON w."lessonId" = l.id JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
             JOIN "Mark" m ON m."workId" = w.id AND m."studentId" = low."studentId"
            WHERE l."schoolId" = ${school} AND l."classId" = low."classId" AND l."subjectId" = low."subjectId" AND l.date BETWEEN low."startDate" AND low."endDate"
            GROUP BY 1, 2
         ) k
        GROUP BY 1, 2, 3
     )`;
}

/** The school's thresholds as one JSON value (a scalar subquery for a column). */
export function thresholdsSql(school: string): string {
  return `SELECT json_build_object('t5', sc."forecastThreshold5", 't4', sc."forecastThreshold4", 't3', sc."forecastThreshold3") FROM "School" sc WHERE sc.id = ${school}`;
}

/** Thresholds from thresholdsSql()'s JSON (numerics arrive as strings or numbers); the defaults where missing. */
export function thresholdsOf(json: Partial<Record<keyof Thresholds, string | number>> | null | undefined): Thresholds {
  return { t5: Number(json?.t5 ?? 4.5), t4: Number(json?.t4 ?? 3.5), t3: Number(json?.t3 ?? 2.5) };
}

/** The weighted marks of MarkCounts, one entry per mark. */
export function marksOfCounts(marks: MarkCounts): { value: number; weight: number }[] {
  return marks.flatMap(([value, weight, n]) => Array.from({ length: n }, () => ({ value, weight: Number(weight) })));
}

/** R-JRN-8: the forecast of these marks is «2». */
export function failsForecast(marks: MarkCounts, t: Thresholds): boolean {
  return forecast(marksOfCounts(marks), t) === 2;
}
