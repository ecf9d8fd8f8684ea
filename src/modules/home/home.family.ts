/**
 * The family's home (R-DRY-1, R-ACL-1): for each child of a parent — or for the student alone — the
 * lessons of today and of the next day with lessons, each with the homework due for it; the latest
 * marks, those new since the previous sign-in marked; absences without a known reason (code «Н»)
 * of the last 30 days; and the nearest dates of the school calendar (holidays, the end of the study
 * period: the school keeps no other events). Every block links into the child's diary.
 *
 * The students are the diary's reach (own record, own children), decided in memory before the
 * statement; the statement filters by school and those ids, so another student never leaks.
 * Lessons follow the diary's rules: the class the student was in on the lesson's day, and the
 * student's own subgroups.
 */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { isoDate } from "../../lib/dates.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { CANCELLED, HomeQuery, SCHEDULE_OF, day, list, ms } from "./home.query.ts";
import { ATTENDANCE_CODES, periodEndName, slotText } from "./home.text.ts";

/** How far ahead the next day with lessons is looked for (a week of holidays fits). */
const AHEAD_DAYS = 14;
/** Absences without a known reason are listed for this many days back. */
export const ABSENCE_DAYS = 30;
/** Latest marks shown per student. */
export const MARKS_SHOWN = 8;
/** Homework set this many days before a lesson may be due at it (keeps the lookup on the index). */
const HOMEWORK_LOOKBACK_DAYS = 56;

export interface HomeLesson {
  number: number | null;
  time: string | null;
  subject: string;
  cancelled: boolean;
  /** Homework set in earlier lessons of the subject, due at this lesson. */
  due: string[];
}

export interface HomeMark {
  value: number;
  subject: string;
  kind: string;
  date: Date;
  /** Entered after the previous sign-in. */
  isNew: boolean;
}

export interface FamilyStudent {
  id: number;
  name: string;
  /** The student is the actor («Мой день»), not a child. */
  self: boolean;
  className: string | null;
  diaryUrl: string;
  marksUrl: string;
  days: { date: Date; iso: string; isToday: boolean; lessons: HomeLesson[]; url: string }[];
  marks: HomeMark[];
  newMarks: number;
  absences: { date: Date; number: number | null; subject: string; code: string; url: string }[];
  absencesTotal: number;
  events: { kind: "holiday" | "period-end"; name: string; from: Date; to: Date; url: string }[];
}

interface Row {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  grade: number | null;
  letter: string | null;
  next: string | null;
  lessons:
    { date: string; number: number | null; subject: string; start: number | null; end: number | null; cancelled: boolean; due: string[] | null }[] | null;
  marks: { value: number; subject: string; kind: string; date: string; isNew: boolean }[] | null;
  newMarks: number;
  absences: { date: string; number: number | null; subject: string; code: AttendanceCode }[] | null;
  absencesTotal: number;
  /** A holiday's name, or a period's kind (QUARTER …) with its number. */
  events: { kind: "holiday" | "period-end"; name: string; number: number | null; from: string; to: string }[] | null;
}

/** The students whose day the actor's home shows: the diary's reach (R-ACL-1). */
export function familyIds(actor: Actor): readonly number[] {
  return reach(actor, "view", "diary").studentIds;
}

/** Adds the family block's column; returns its reader. Null when the actor has no diary to show. */
export function familyBlock(q: HomeQuery, actor: Actor) {
  const ids = familyIds(actor);
  if (!ids.length) return null;
  const $ids = q.params(ids);
  q.column(
    "family",
    `WITH st AS (
       SELECT s.id, p."lastName", p."firstName", p."middleName"
         FROM "Student" s JOIN "Person" p ON p.id = s."personId"
        WHERE s."schoolId" = $1 AND s.id IN (${$ids})
     ), cm AS (
       SELECT m."studentId", m."classId", m."fromDate", m."toDate", c.grade, c.letter, c."yearId", ${SCHEDULE_OF("c")} AS "scheduleId"
         FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
        WHERE m."schoolId" = $1 AND m."studentId" IN (SELECT id FROM st)
          AND m."fromDate" <= $2::date + ${AHEAD_DAYS} AND (m."toDate" IS NULL OR m."toDate" >= $2::date)
     ), cur AS (
       SELECT DISTINCT ON ("studentId") "studentId", grade, letter, "yearId" FROM cm ORDER BY "studentId", ("fromDate" <= $2::date) DESC, "fromDate" DESC
     ), sg AS (
       SELECT s."studentId", s."subgroupId", s."fromDate", s."toDate"
         FROM "SubgroupMembership" s
        WHERE s."schoolId" = $1 AND s."studentId" IN (SELECT id FROM st)
          AND s."fromDate" <= $2::date + ${AHEAD_DAYS} AND (s."toDate" IS NULL OR s."toDate" >= $2::date)
     ), les AS (
       SELECT cm."studentId", cm."scheduleId", l.id, l.date, l.number, l."classId", l."subjectId", l."subgroupId", l."timetableEntryId"
         FROM cm JOIN "Lesson" l ON l."schoolId" = $1 AND l."classId" = cm."classId"
          AND l.date BETWEEN greatest($2::date, cm."fromDate") AND least($2::date + ${AHEAD_DAYS}, coalesce(cm."toDate", $2::date + ${AHEAD_DAYS}))
        WHERE l."subgroupId" IS NULL
           OR EXISTS (SELECT 1 FROM sg WHERE sg."studentId" = cm."studentId" AND sg."subgroupId" = l."subgroupId"
                         AND sg."fromDate" <= l.date AND (sg."toDate" IS NULL OR sg."toDate" >= l.date))
     ), nxt AS (
       SELECT "studentId", min(date) AS date FROM les WHERE date > $2::date GROUP BY 1
     )
     SELECT json_agg(json_build_object(
       'id', st.id, 'lastName', st."lastName", 'firstName', st."firstName", 'middleName', st."middleName",
       'grade', cur.grade, 'letter', cur.letter, 'next', nxt.date,
       'lessons', (SELECT json_agg(json_build_object(
                     'date', les.date, 'number', les.number, 'subject', s.name, 'start', b."startMinute", 'end', b."endMinute",
                     'cancelled', ${CANCELLED("les")},
                     'due', (SELECT json_agg(h.homework ORDER BY h.date, h.id) FROM "Lesson" h
                              WHERE h."classId" = les."classId" AND h."subjectId" = les."subjectId" AND h."homeworkDue" = les.date
                                AND h.date BETWEEN les.date - ${HOMEWORK_LOOKBACK_DAYS} AND les.date - 1 AND btrim(coalesce(h.homework, '')) <> '' AND coalesce(h."subgroupId", 0) = coalesce(les."subgroupId", 0)))
                     ORDER BY les.date, les.number NULLS LAST, les.id)
                     FROM les JOIN "Subject" s ON s.id = les."subjectId"
                     LEFT JOIN "BellSlot" b ON b."scheduleId" = les."scheduleId" AND b.number = les.number
                    WHERE les."studentId" = st.id AND (les.date = $2::date OR les.date = nxt.date)),
       'marks', (SELECT json_agg(json_build_object('value', x.value, 'subject', x.subject, 'kind', x.kind, 'date', x.date, 'isNew', x."isNew")
                                 ORDER BY x.at DESC, x.id DESC)
                   FROM (SELECT m.id, m.value, s.name AS subject, t.name AS kind, l.date, ${ms('m."createdAt"')} AS at,
                                coalesce(m."createdAt" > (SELECT at FROM prev), false) AS "isNew"
                           FROM (SELECT * FROM "Mark" k WHERE k."studentId" = st.id ORDER BY k."createdAt" DESC, k.id DESC LIMIT ${MARKS_SHOWN}) m
                           JOIN "Lesson" l ON l.id = m."lessonId" JOIN "Subject" s ON s.id = l."subjectId"
                           JOIN "LessonWork" w ON w.id = m."workId" JOIN "AssignmentType" t ON t.id = w."assignmentTypeId") x),
       'newMarks', (SELECT count(*)::int FROM "Mark" m WHERE m."studentId" = st.id AND m."createdAt" > (SELECT at FROM prev)),
       'absences', (SELECT json_agg(json_build_object('date', x.date, 'number', x.number, 'subject', x.subject, 'code', x.code) ORDER BY x.date DESC, x.number)
                      FROM (SELECT l.date, l.number, s.name AS subject, a.code FROM "Attendance" a
                              JOIN "Lesson" l ON l.id = a."lessonId" JOIN "Subject" s ON s.id = l."subjectId"
                             WHERE a."studentId" = st.id AND a."schoolId" = $1 AND a.code = 'ABSENT' AND l.date BETWEEN $2::date - ${ABSENCE_DAYS} AND $2::date
                             ORDER BY l.date DESC, l.number LIMIT 5) x),
       'absencesTotal', (SELECT count(*)::int FROM "Attendance" a JOIN "Lesson" l ON l.id = a."lessonId"
                          WHERE a."studentId" = st.id AND a."schoolId" = $1 AND a.code = 'ABSENT' AND l.date BETWEEN $2::date - ${ABSENCE_DAYS} AND $2::date),
       'events', (SELECT json_agg(e ORDER BY e."from") FROM (
                    (SELECT 'holiday' AS kind, h.name, NULL::int AS number, h."startDate" AS "from", h."endDate" AS "to" FROM "Holiday" h
                      WHERE h."schoolId" = $1 AND h."yearId" = cur."yearId" AND h."endDate" >= $2::date
                        AND (h."gradeFrom" IS NULL OR h."gradeFrom" <= cur.grade) AND (h."gradeTo" IS NULL OR cur.grade <= h."gradeTo")
                      ORDER BY h."startDate" LIMIT 1)
                    UNION ALL
                    (SELECT 'period-end', ps.kind::text, p.number, p."endDate", p."endDate" FROM "StudyPeriod" p JOIN "PeriodSet" ps ON ps.id = p."periodSetId"
                      WHERE p."schoolId" = $1 AND p."yearId" = cur."yearId" AND cur.grade BETWEEN ps."gradeFrom" AND ps."gradeTo" AND p."endDate" >= $2::date
                      ORDER BY p."endDate" LIMIT 1)) e)
     ))
     FROM st LEFT JOIN cur ON cur."studentId" = st.id LEFT JOIN nxt ON nxt."studentId" = st.id`,
  );
  return (row: Record<string, unknown>): FamilyStudent[] => readFamily(actor, q.day, list<Row>(row.family));
}

function readFamily(actor: Actor, today: Date, rows: Row[]): FamilyStudent[] {
  // The own record first, then the children by name (as the diary's switcher).
  const sorted = [...rows].sort((a, b) => Number(b.id === actor.studentId) - Number(a.id === actor.studentId) || compareNames(a, b));
  return sorted.map((r): FamilyStudent => {
    const diaryUrl = `/diary/${r.id}/week`;
    const weekUrl = (d: Date) => `${diaryUrl}?date=${isoDate(d)}`;
    const dates = [today, ...(r.next ? [day(r.next)] : [])];
    const lessons = (r.lessons ?? []).map((l) => ({ ...l, day: day(l.date) }));
    return {
      id: r.id,
      name: fullName(r),
      self: r.id === actor.studentId,
      className: r.grade !== null && r.letter !== null ? className({ grade: r.grade, letter: r.letter }) : null,
      diaryUrl,
      marksUrl: `/diary/${r.id}/marks`,
      days: dates.map((d) => ({
        date: d,
        iso: isoDate(d),
        isToday: d.getTime() === today.getTime(),
        url: weekUrl(d),
        lessons: lessons
          .filter((l) => l.day.getTime() === d.getTime())
          .map((l) => ({ number: l.number, time: slotText(l.start, l.end), subject: l.subject, cancelled: l.cancelled, due: l.due ?? [] })),
      })),
      marks: (r.marks ?? []).map((m) => ({ value: m.value, subject: m.subject, kind: m.kind, date: day(m.date), isNew: m.isNew })),
      newMarks: r.newMarks,
      absences: (r.absences ?? []).map((a) => ({
        date: day(a.date),
        number: a.number,
        subject: a.subject,
        code: ATTENDANCE_CODES[a.code],
        url: weekUrl(day(a.date)),
      })),
      absencesTotal: r.absencesTotal,
      events: (r.events ?? []).map((e) => ({
        kind: e.kind,
        name: e.kind === "holiday" ? e.name : periodEndName(e.number ?? 0, e.name),
        from: day(e.from),
        to: day(e.to),
        url: weekUrl(day(e.from) < today ? today : day(e.from)),
      })),
    };
  });
}
