/**
 * Timeliness of the journal (R-JRN-14, R-JRN-2, R-JRN-3; 004 Регламент §2.1–2.3):
 *   late topic     the topic was entered (Lesson.topicSetAt) after the lesson day, in the school's time zone;
 *   late homework  the homework was entered (Lesson.homeworkSetAt) after the end of the class's last lesson
 *                  of that day (the class's bell schedule, else the school's default) plus the school's
 *                  allowance (School.homeworkAllowanceMinutes, default 120), to the minute: an entry within
 *                  the limit's minute (13:10:xx for 13:10) is on time, the next minute late.
 *                  A day whose lessons have no bell slot: late after the lesson day, like the topic.
 * An entry time of null (rows older than the rule) is unknown and never late. Only lessons whose topic or
 * homework is filled now are counted. The same SQL serves the monthly check and the journal's notice.
 */
import { pgPool } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";

const SCHOOL_TZ = process.env.SCHOOL_TIMEZONE || "Europe/Moscow";

/**
 * CTEs `ends` and `late` (id, late_topic, late_homework) for the lessons of the relation `lessons` (columns
 * id, "classId", date, topic, homework, "topicSetAt", "homeworkSetAt"). Parameters by placeholder: the
 * school, the time zone, the allowance in minutes.
 */
export function lateLessonsSql(lessons: string, p: { school: string; tz: string; allowance: string }): string {
  return `ends AS (
  SELECT x."classId", x.date, max(bs."endMinute") AS end_minute
    FROM "Lesson" x JOIN "SchoolClass" c ON c.id = x."classId"
    JOIN "BellSlot" bs ON bs.number = x.number
     AND bs."scheduleId" = coalesce(c."bellScheduleId", (SELECT b.id FROM "BellSchedule" b WHERE b."schoolId" = ${p.school} AND b."isDefault" ORDER BY b.id LIMIT 1))
   WHERE x."schoolId" = ${p.school} AND (x."classId", x.date) IN (SELECT DISTINCT "classId", date FROM ${lessons})
   GROUP BY 1, 2
), late AS (
  SELECT t.id,
         btrim(coalesce(t.topic, '')) <> '' AND t."topicSetAt" >= (((t.date + 1)::timestamp AT TIME ZONE ${p.tz}) AT TIME ZONE 'UTC') AS late_topic,
         btrim(coalesce(t.homework, '')) <> '' AND date_trunc('minute', t."homeworkSetAt") >
           (((t.date::timestamp + make_interval(mins => coalesce(e.end_minute + ${p.allowance}, 1440))) AT TIME ZONE ${p.tz}) AT TIME ZONE 'UTC') AS late_homework
    FROM ${lessons} t LEFT JOIN ends e ON e."classId" = t."classId" AND e.date = t.date
)`;
}

export interface Lateness {
  lateTopics: number;
  lateHomework: number;
}

/** Late topics and homework of one journal (class, subject, subgroup) between two days: the notice on the grid. */
export async function journalLateness(
  schoolId: number,
  j: { classId: number; subjectId: number; subgroupId: number | null },
  from: Date,
  to: Date,
): Promise<Lateness> {
  const sql = `
WITH jl AS MATERIALIZED (
  SELECT l.id, l."classId", l.date, l.topic, l.homework, l."topicSetAt", l."homeworkSetAt"
    FROM "Lesson" l
   WHERE l."schoolId" = $1 AND l."classId" = $2 AND l."subjectId" = $3 AND coalesce(l."subgroupId", 0) = $4 AND l.date BETWEEN $5::date AND $6::date
), ${lateLessonsSql("jl", { school: "$1", tz: "$7::text", allowance: '(SELECT s."homeworkAllowanceMinutes" FROM "School" s WHERE s.id = $1)' })}
SELECT count(*) FILTER (WHERE late_topic)::int AS "lateTopics", count(*) FILTER (WHERE late_homework)::int AS "lateHomework" FROM late`;
  const { rows } = await pgPool().query<Lateness>(sql, [schoolId, j.classId, j.subjectId, j.subgroupId ?? 0, isoDate(from), isoDate(to), SCHOOL_TZ]);
  return rows[0] ?? { lateTopics: 0, lateHomework: 0 };
}
