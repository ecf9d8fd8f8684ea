/**
 * The teacher's home: «Сегодня» in short (today's lessons and what is still missing in them, the rule
 * of schedule/today.service missingOf: no homework asked for where none is set, grading.ts homeworkExpected), the own journals with overdue entries (lessons of the lock
 * window, R-JRN-5, without a topic or attendance), control works whose marks are still not all in
 * after the school's limit (School.lateControlWorkDays, R-JRN-4 / R-RPT-1; only where marks are used:
 * not in the school's ungraded grades, not in subjects without marks), the open remarks of the
 * monthly check. The own lessons are those the teacher gives: the own ones nobody substitutes and
 * the substitutions (R-JRN-2).
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach } from "../../access/policy.ts";
import { addDays } from "../../lib/dates.ts";
import { className, shortName, type NameParts } from "../../lib/names.ts";
import { journalPath } from "../journal/journal.service.ts";
import { missingOf } from "../schedule/today.service.ts";
import { ATTENDANCE_TAKEN, BLANK, CANCELLED, HomeQuery, SCHEDULE_OF, day, list, ms } from "./home.query.ts";
import { slotText } from "./home.text.ts";

export interface TodayItem {
  number: number | null;
  time: string | null;
  className: string;
  subject: string;
  subgroup: string | null;
  url: string;
  cancelled: boolean;
  substitutedBy: string | null;
  substituteFor: string | null;
  missing: string[];
}

export interface OverdueJournal {
  className: string;
  subject: string;
  subgroup: string | null;
  noTopic: number;
  noAttendance: number;
  oldest: Date;
  url: string;
}

export interface LateControlWork {
  date: Date;
  /** The school's limit for entering the marks passed on this day. */
  deadline: Date;
  className: string;
  subject: string;
  subgroup: string | null;
  kind: string;
  topic: string | null;
  missing: number;
  url: string;
}

export interface TeacherHome {
  today: TodayItem[];
  /** The teaching load of the current year: each journal's grid. */
  journals: { label: string; url: string }[];
  overdue: OverdueJournal[];
  lateControl: LateControlWork[];
  lateControlDays: number;
  openRemarks: number | null;
}

interface Journal {
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  grade: number;
  letter: string;
  subject: string;
  subgroup: string | null;
}

type TodayRow = Journal & {
  id: number;
  number: number | null;
  start: number | null;
  end: number | null;
  own: boolean;
  teacher: NameParts;
  substituteId: number | null;
  substitute: NameParts | null;
  topic: string | null;
  homework: string | null;
  checkedAt: number | null;
  attendances: number;
  cancelled: boolean;
};

/** The lessons the teacher gives in the lock window before today: the own ones not substituted, and the substitutions. */
const MINE = `
  SELECT l.* FROM "Lesson" l
   WHERE l."teacherId" = $4 AND l."substituteId" IS NULL AND l.date BETWEEN $2::date - $7::int AND $2::date - 1 AND l."schoolId" = $1
  UNION ALL
  SELECT l.* FROM "Lesson" l
   WHERE l."schoolId" = $1 AND l."substituteId" = $4 AND l.date BETWEEN $2::date - $7::int AND $2::date - 1`;

const JOURNAL_COLUMNS = `'classId', l."classId", 'subjectId', l."subjectId", 'subgroupId', l."subgroupId", 'grade', c.grade, 'letter', c.letter,
  'subject', s.name, 'subgroup', g.name`;
const JOURNAL_JOINS = `JOIN "SchoolClass" c ON c.id = l."classId" JOIN "Subject" s ON s.id = l."subjectId" LEFT JOIN "Subgroup" g ON g.id = l."subgroupId"`;
const person = (p: string) => `json_build_object('lastName', ${p}."lastName", 'firstName', ${p}."firstName", 'middleName', ${p}."middleName")`;

/** Adds the teacher's columns; null when the actor has no «Сегодня» (no teaching). */
export function teacherBlock(q: HomeQuery, actor: Actor) {
  if (!can(actor, "view", "today")) return null;
  const remarks = reach(actor, "update", "journal-remark").personId !== null;
  q.cte("mine", MINE);
  q.column(
    "teacherToday",
    `SELECT json_agg(json_build_object(${JOURNAL_COLUMNS}, 'id', l.id, 'number', l.number, 'start', b."startMinute", 'end', b."endMinute",
              'own', l."teacherId" = $4, 'teacher', ${person("tp")}, 'substituteId', l."substituteId",
              'substitute', CASE WHEN sp.id IS NULL THEN NULL ELSE ${person("sp")} END,
              'topic', l.topic, 'homework', l.homework, 'checkedAt', ${ms('l."attendanceCheckedAt"')},
              'attendances', (SELECT count(*) FROM "Attendance" a WHERE a."lessonId" = l.id), 'cancelled', ${CANCELLED("l")})
            ORDER BY l.number NULLS LAST, l.id)
       FROM "Lesson" l ${JOURNAL_JOINS}
       JOIN "Person" tp ON tp.id = l."teacherId" LEFT JOIN "Person" sp ON sp.id = l."substituteId"
       LEFT JOIN "BellSlot" b ON b."scheduleId" = ${SCHEDULE_OF("c")} AND b.number = l.number
      WHERE l."schoolId" = $1 AND l.date = $2::date AND (l."teacherId" = $4 OR l."substituteId" = $4)`,
  );
  q.column(
    "teacherOverdue",
    `SELECT json_agg(x ORDER BY x.grade, x.letter, x.subject, x.subgroup NULLS FIRST) FROM (
       SELECT l."classId", l."subjectId", l."subgroupId", c.grade, c.letter, s.name AS subject, g.name AS subgroup,
              count(*) FILTER (WHERE ${BLANK("l.topic")})::int AS "noTopic",
              count(*) FILTER (WHERE NOT ${ATTENDANCE_TAKEN("l")})::int AS "noAttendance",
              min(l.date) AS oldest
         FROM mine l ${JOURNAL_JOINS}
        WHERE c."yearId" = $6 AND (${BLANK("l.topic")} OR NOT ${ATTENDANCE_TAKEN("l")}) AND NOT ${CANCELLED("l")}
        GROUP BY 1, 2, 3, 4, 5, 6, 7) x`,
  );
  // Control works past the limit: students of the lesson's class (subgroup) that day with no mark
  // for the work, not absent (late arrivals are present) and not exempt from the subject (R-JRN-9).
  q.column(
    "teacherLateControl",
    `WITH cw AS MATERIALIZED (
       SELECT l.id, l.date, l."classId", l."subjectId", l."subgroupId", c.grade, c.letter, s.name AS subject, g.name AS subgroup, t.name AS kind,
              w.topic, w.id AS "workId"
         FROM mine l ${JOURNAL_JOINS}
         JOIN "LessonWork" w ON w."lessonId" = l.id JOIN "AssignmentType" t ON t.id = w."assignmentTypeId" AND t."isControl"
        WHERE c."yearId" = $6 AND s."gradingMode" = 'MARKS' AND c.grade <> ALL((SELECT sc."ungradedGrades" FROM "School" sc WHERE sc.id = $1)::int[])
          AND l.date <= $2::date - 1 - (SELECT sc."lateControlWorkDays" FROM "School" sc WHERE sc.id = $1))
     SELECT json_agg(x ORDER BY x.date, x.id) FROM (
       SELECT cw.*,
              (SELECT count(*)::int FROM (
                  SELECT m."studentId" FROM "ClassMembership" m
                   WHERE cw."subgroupId" IS NULL AND m."classId" = cw."classId" AND m."fromDate" <= cw.date AND (m."toDate" IS NULL OR m."toDate" >= cw.date)
                  UNION
                  SELECT m."studentId" FROM "SubgroupMembership" m
                   WHERE m."subgroupId" = cw."subgroupId" AND m."fromDate" <= cw.date AND (m."toDate" IS NULL OR m."toDate" >= cw.date)) r
                WHERE NOT EXISTS (SELECT 1 FROM "Mark" k WHERE k."workId" = cw."workId" AND k."studentId" = r."studentId")
                  AND NOT EXISTS (SELECT 1 FROM "Attendance" a WHERE a."lessonId" = cw.id AND a."studentId" = r."studentId" AND a.code <> 'LATE')
                  AND NOT EXISTS (SELECT 1 FROM "Exemption" e WHERE e."studentId" = r."studentId" AND e."fromDate" <= cw.date AND e."toDate" >= cw.date
                                    AND (e."subjectId" IS NULL OR e."subjectId" = cw."subjectId"))) AS missing
         FROM cw) x
     WHERE x.missing > 0`,
  );
  q.column(
    "teacherJournals",
    `SELECT json_agg(json_build_object('classId', t."classId", 'subjectId', t."subjectId", 'subgroupId', t."subgroupId", 'grade', c.grade, 'letter', c.letter,
                                       'subject', s.name, 'subgroup', g.name) ORDER BY c.grade, c.letter, s.name, g.name NULLS FIRST)
       FROM "TeachingLoad" t JOIN "SchoolClass" c ON c.id = t."classId" JOIN "Subject" s ON s.id = t."subjectId" LEFT JOIN "Subgroup" g ON g.id = t."subgroupId"
      WHERE t."schoolId" = $1 AND t."yearId" = $6 AND t."teacherId" = $4`,
  );
  q.column("lateControlDays", `SELECT sc."lateControlWorkDays" FROM "School" sc WHERE sc.id = $1`);
  q.column("ungradedGrades", `SELECT sc."ungradedGrades" FROM "School" sc WHERE sc.id = $1`);
  if (remarks) q.column("teacherRemarks", `SELECT count(*)::int FROM "JournalRemark" r WHERE r."schoolId" = $1 AND r."teacherId" = $4 AND r."fixedAt" IS NULL`);

  return (row: Record<string, unknown>): TeacherHome => {
    const lateDays = Number(row.lateControlDays ?? 0);
    const ungradedGrades = Array.isArray(row.ungradedGrades) ? (row.ungradedGrades as number[]) : null;
    const name = (j: Journal) => className({ grade: j.grade, letter: j.letter });
    return {
      today: list<TodayRow>(row.teacherToday).map((l) => ({
        number: l.number,
        time: slotText(l.start, l.end),
        className: name(l),
        subject: l.subject,
        subgroup: l.subgroup,
        url: `/journal/lessons/${l.id}`,
        cancelled: l.cancelled,
        substitutedBy: l.own && l.substitute && l.substituteId !== actor.personId ? shortName(l.substitute) : null,
        substituteFor: !l.own ? shortName(l.teacher) : null,
        missing: l.cancelled
          ? []
          : missingOf({ ...l, attendanceCheckedAt: l.checkedAt === null ? null : new Date(l.checkedAt) }, { grade: l.grade, ungradedGrades }),
      })),
      journals: list<Journal>(row.teacherJournals).map((j) => ({
        label: `${name(j)} ${j.subject}${j.subgroup ? ` (${j.subgroup})` : ""}`,
        url: journalPath(j),
      })),
      overdue: list<Journal & { noTopic: number; noAttendance: number; oldest: string }>(row.teacherOverdue).map((j) => ({
        className: name(j),
        subject: j.subject,
        subgroup: j.subgroup,
        noTopic: j.noTopic,
        noAttendance: j.noAttendance,
        oldest: day(j.oldest),
        url: journalPath(j),
      })),
      lateControl: list<Journal & { id: number; date: string; kind: string; topic: string | null; missing: number }>(row.teacherLateControl).map((w) => ({
        date: day(w.date),
        deadline: addDays(day(w.date), lateDays),
        className: name(w),
        subject: w.subject,
        subgroup: w.subgroup,
        kind: w.kind,
        topic: w.topic,
        missing: w.missing,
        url: `/journal/lessons/${w.id}`,
      })),
      lateControlDays: lateDays,
      openRemarks: remarks ? Number(row.teacherRemarks ?? 0) : null,
    };
  };
}
