/**
 * Set-based reads of the journal grid in raw SQL (the grid page is the hottest page of the
 * product: a 30 × 50 grid must render in well under 50 ms). Two round trips in all:
 *   1. journalHeader: the class, year, subject, subgroup, school settings, the actor's load,
 *      the subgroups, the grade's periods and the kinds of work — one query;
 *   2. in parallel: lessons with their kinds of work, the roster with names, marks,
 *      attendance, the period's final marks with exemptions, and the cells with a history.
 * Every query is scoped by the school; nothing is cached between requests.
 */
import { pgPool } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import type { AttendanceCode, GradingMode, PeriodKind, YearStatus } from "../../generated/prisma/enums.ts";
import { periodName, type GradePeriod } from "../setup/years.service.ts";
import type { AssignmentTypeRow } from "./assignment-types.service.ts";
import type { LoadRef, MembershipSpan } from "./journal.policy.ts";

async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return (await pgPool().query(sql, params)).rows as T[];
}

/** A JSON date ("2026-09-01") as a UTC-midnight Date, like the DATE columns. */
const day = (s: string): Date => new Date(`${s.slice(0, 10)}T00:00:00Z`);

export interface JournalHeader {
  cls: {
    id: number;
    grade: number;
    letter: string;
    yearId: number;
    classTeacherId: number | null;
    year: { name: string; status: YearStatus; startDate: Date; endDate: Date };
  };
  subject: { id: number; name: string; gradingMode: GradingMode };
  subgroup: { id: number; name: string } | null;
  lockDays: number;
  /** School.ungradedGrades: grades taught without marks (issue 23). */
  ungradedGrades: number[];
  thresholds: { t5: number; t4: number; t3: number };
  loads: LoadRef[];
  subgroups: { id: number; name: string }[];
  periods: GradePeriod[];
  types: AssignmentTypeRow[];
}

/**
 * The journal's header in one query; null when the class, the subject or the subgroup is not
 * the school's (the caller answers 404). `loads` are all loads of this class and subject.
 */
export async function journalHeader(schoolId: number, j: { classId: number; subjectId: number; subgroupId: number | null }): Promise<JournalHeader | null> {
  const [r] = await rows<{
    id: number;
    grade: number;
    letter: string;
    yearId: number;
    classTeacherId: number | null;
    yearName: string;
    yearStatus: YearStatus;
    yearStart: Date;
    yearEnd: Date;
    subjectName: string | null;
    gradingMode: GradingMode | null;
    subgroupName: string | null;
    lockDays: number;
    ungradedGrades: number[] | null;
    t5: string;
    t4: string;
    t3: string;
    loads: LoadRef[];
    subgroups: { id: number; name: string }[];
    periodKind: PeriodKind | null;
    periods: { id: number; schoolId: number; yearId: number; periodSetId: number; number: number; startDate: string; endDate: string }[] | null;
    types: { id: number; name: string; shortName: string; weight: string | number; isControl: boolean; sortOrder: number; archived: boolean }[];
  }>(
    `SELECT c.id, c.grade, c.letter, c."yearId", c."classTeacherId",
            y.name AS "yearName", y.status::text AS "yearStatus", y."startDate" AS "yearStart", y."endDate" AS "yearEnd",
            s.name AS "subjectName", s."gradingMode"::text AS "gradingMode", sg.name AS "subgroupName",
            sc."lockDays", sc."ungradedGrades", sc."forecastThreshold5"::text AS t5, sc."forecastThreshold4"::text AS t4, sc."forecastThreshold3"::text AS t3,
            (SELECT coalesce(json_agg(json_build_object('teacherId', tl."teacherId", 'classId', tl."classId", 'subgroupId', tl."subgroupId", 'subjectId', tl."subjectId")), '[]')
               FROM "TeachingLoad" tl WHERE tl."classId" = c.id AND tl."subjectId" = $3) AS loads,
            (SELECT coalesce(json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name, g.id), '[]')
               FROM "Subgroup" g WHERE g."classId" = c.id AND g."subjectId" = $3 AND g."schoolId" = $1) AS subgroups,
            ps.kind::text AS "periodKind",
            (SELECT json_agg(json_build_object('id', p.id, 'schoolId', p."schoolId", 'yearId', p."yearId", 'periodSetId', p."periodSetId",
                                               'number', p.number, 'startDate', p."startDate", 'endDate', p."endDate") ORDER BY p.number)
               FROM "StudyPeriod" p WHERE p."periodSetId" = ps.id) AS periods,
            (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'shortName', t."shortName", 'weight', t.weight,
                                                        'isControl', t."isControl", 'sortOrder', t."sortOrder", 'archived', t.archived)), '[]')
               FROM "AssignmentType" t WHERE t."schoolId" = $1) AS types
       FROM "SchoolClass" c
       JOIN "AcademicYear" y ON y.id = c."yearId"
       JOIN "School" sc ON sc.id = c."schoolId"
       LEFT JOIN "Subject" s ON s.id = $3 AND s."schoolId" = $1
       LEFT JOIN "Subgroup" sg ON sg.id = $4 AND sg."classId" = c.id AND sg."subjectId" = $3 AND sg."schoolId" = $1
       LEFT JOIN LATERAL (SELECT ps.id, ps.kind FROM "PeriodSet" ps
                           WHERE ps."yearId" = c."yearId" AND ps."gradeFrom" <= c.grade AND ps."gradeTo" >= c.grade ORDER BY ps.id LIMIT 1) ps ON true
      WHERE c.id = $2 AND c."schoolId" = $1`,
    [schoolId, j.classId, j.subjectId, j.subgroupId],
  );
  if (!r || r.subjectName === null || (j.subgroupId !== null && r.subgroupName === null)) return null;
  const kind = r.periodKind;
  const periods: GradePeriod[] =
    kind && r.periods ? r.periods.map((p) => ({ ...p, startDate: day(p.startDate), endDate: day(p.endDate), kind, name: periodName(kind, p.number) })) : [];
  const types = r.types.map((t) => ({ ...t, weight: Number(t.weight) })).sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, "ru"));
  return {
    cls: {
      id: r.id,
      grade: r.grade,
      letter: r.letter,
      yearId: r.yearId,
      classTeacherId: r.classTeacherId,
      year: { name: r.yearName, status: r.yearStatus, startDate: r.yearStart, endDate: r.yearEnd },
    },
    subject: { id: j.subjectId, name: r.subjectName, gradingMode: r.gradingMode! },
    subgroup: j.subgroupId !== null ? { id: j.subgroupId, name: r.subgroupName! } : null,
    lockDays: r.lockDays,
    ungradedGrades: r.ungradedGrades ?? [],
    thresholds: { t5: Number(r.t5), t4: Number(r.t4), t3: Number(r.t3) },
    loads: r.loads,
    subgroups: r.subgroups,
    periods,
    types,
  };
}

export interface GridScope {
  schoolId: number;
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  from: Date;
  to: Date;
}

const params = (s: GridScope) => [s.schoolId, s.classId, s.subjectId, s.subgroupId, isoDate(s.from), isoDate(s.to)];

export interface LessonRow {
  id: number;
  date: Date;
  number: number | null;
  topic: string | null;
  lessonType: string | null;
  homework: string | null;
  homeworkDue: Date | null;
  substituteId: number | null;
  attendanceTaken: boolean;
  subLast: string | null;
  subFirst: string | null;
  subMiddle: string | null;
  works: { id: number; assignmentTypeId: number; topic: string | null }[];
}

export interface RosterStudent {
  id: number;
  person: { lastName: string; firstName: string; middleName: string | null };
  spans: MembershipSpan[];
}

export interface MarkCell {
  lessonId: number;
  typeId: number;
  studentId: number;
  value: number;
  comment: string | null;
}

export interface GridCells {
  lessons: LessonRow[];
  roster: RosterStudent[];
  marks: MarkCell[];
  attendance: { lessonId: number; studentId: number; code: AttendanceCode }[];
  finals: Map<number, string>;
  exemptions: Map<number, { fromDate: Date; toDate: Date }[]>;
  /** "entity|entityId" of the audit keys of corrected cells (see cellKey in journal.context.ts). */
  history: Set<string>;
}

type Row = unknown[];

/**
 * Everything of one journal and period in one query ($1 school, $2 class, $3 subject,
 * $4 subgroup or null, $5..$6 the period's dates, $7 the period id or null, $8 the year; with
 * the dates and the year null they are read from the period $7 and the class), each part a
 * compact JSON array: the lessons with their kinds of work and substitute; the roster
 * (class or subgroup memberships overlapping the period) with names; marks with their kind of
 * work; attendance; the period final marks; the roster's exemptions; and the corrected cells —
 * the corrections of the school's marks and attendance (a partial index holds only
 * corrections) whose cell belongs to one of the period's lessons, and the corrected finals.
 */
export async function gridCells(
  s: GridScope | (Omit<GridScope, "from" | "to"> & { from: null; to: null }),
  yearId: number | null,
  periodId: number | null,
): Promise<GridCells> {
  const [r] = await rows<{ lessons: Row[]; roster: Row[]; marks: Row[]; att: Row[]; finals: Row[]; exempt: Row[]; hist: Row[] }>(
    `WITH b AS MATERIALIZED (
            SELECT coalesce($5::date, p."startDate") AS f, coalesce($6::date, p."endDate") AS t, coalesce($8::int, c."yearId") AS y
              FROM "SchoolClass" c LEFT JOIN "StudyPeriod" p ON p.id = $7::int AND p."schoolId" = $1
             WHERE c.id = $2 AND c."schoolId" = $1),
          l AS MATERIALIZED (
            SELECT l.id, l.date, l.number, l.topic, l."lessonType", l.homework, l."homeworkDue", l."substituteId", l."attendanceCheckedAt"
              FROM "Lesson" l
             WHERE l."schoolId" = $1 AND l."classId" = $2 AND l."subjectId" = $3 AND l."subgroupId" IS NOT DISTINCT FROM $4::int AND l.date BETWEEN (SELECT f FROM b) AND (SELECT t FROM b)),
          m AS MATERIALIZED (
            SELECT m."studentId", m."fromDate", m."toDate" FROM "ClassMembership" m
             WHERE $4::int IS NULL AND m."schoolId" = $1 AND m."classId" = $2 AND m."fromDate" <= (SELECT t FROM b) AND (m."toDate" IS NULL OR m."toDate" >= (SELECT f FROM b))
            UNION ALL
            SELECT m."studentId", m."fromDate", m."toDate" FROM "SubgroupMembership" m
             WHERE $4::int IS NOT NULL AND m."schoolId" = $1 AND m."subgroupId" = $4 AND m."fromDate" <= (SELECT t FROM b) AND (m."toDate" IS NULL OR m."toDate" >= (SELECT f FROM b)))
     SELECT
       (SELECT coalesce(json_agg(json_build_array(l.id, l.date, l.number, l.topic, l."lessonType", l.homework, l."homeworkDue", l."substituteId",
                                                  l."attendanceCheckedAt" IS NOT NULL, p."lastName", p."firstName", p."middleName",
                                                  (SELECT coalesce(json_agg(json_build_array(w.id, w."assignmentTypeId", w.topic)), '[]')
                                                     FROM "LessonWork" w WHERE w."lessonId" = l.id))
                                 ORDER BY l.date, l.number NULLS LAST, l.id), '[]')
          FROM l LEFT JOIN "Person" p ON p.id = l."substituteId") AS lessons,
       (SELECT coalesce(json_agg(json_build_array(m."studentId", m."fromDate", m."toDate", p."lastName", p."firstName", p."middleName")), '[]')
          FROM m JOIN "Student" st ON st.id = m."studentId" JOIN "Person" p ON p.id = st."personId") AS roster,
       (SELECT coalesce(json_agg(json_build_array(k."lessonId", w."assignmentTypeId", k."studentId", k.value, k.comment)), '[]')
          FROM l JOIN "Mark" k ON k."lessonId" = l.id JOIN "LessonWork" w ON w.id = k."workId") AS marks,
       (SELECT coalesce(json_agg(json_build_array(a."lessonId", a."studentId", a.code)), '[]')
          FROM l JOIN "Attendance" a ON a."lessonId" = l.id) AS att,
       (SELECT coalesce(json_agg(json_build_array(f."studentId", f.value)), '[]')
          FROM "FinalMark" f
         WHERE $7::int IS NOT NULL AND f."studentId" IN (SELECT "studentId" FROM m)
           AND f."schoolId" = $1 AND f."subjectId" = $3 AND f."yearId" = (SELECT y FROM b) AND f.kind = 'PERIOD' AND f."periodId" = $7) AS finals,
       (SELECT coalesce(json_agg(json_build_array(e."studentId", e."fromDate", e."toDate")), '[]')
          FROM "Exemption" e
         WHERE e."schoolId" = $1 AND e."fromDate" <= (SELECT t FROM b) AND e."toDate" >= (SELECT f FROM b) AND (e."subjectId" IS NULL OR e."subjectId" = $3)
           AND e."studentId" IN (SELECT "studentId" FROM m)) AS exempt,
       (SELECT coalesce(json_agg(json_build_array(h.entity, h."entityId")), '[]') FROM (
          SELECT a.entity, a."entityId" FROM "AuditLog" a
           WHERE a."schoolId" = $1 AND a.entity IN ('mark', 'attendance') AND (a.action <> 'create' OR a.reason IS NOT NULL)
             AND split_part(a."entityId", ':', 1) = ANY (ARRAY(SELECT l.id::text FROM l))
          UNION ALL
          SELECT a.entity, a."entityId" FROM "AuditLog" a
           WHERE $7::int IS NOT NULL AND a."schoolId" = $1 AND a.entity = 'final-mark' AND (a.action <> 'create' OR a.reason IS NOT NULL)
             AND a."entityId" = ANY (ARRAY(SELECT m."studentId" || ':' || $3 || ':' || (SELECT y FROM b) || ':' || $7 FROM m))) h) AS hist`,
    [s.schoolId, s.classId, s.subjectId, s.subgroupId, s.from && isoDate(s.from), s.to && isoDate(s.to), periodId, yearId],
  );
  const x = r!;
  const byStudent = new Map<number, RosterStudent>();
  for (const [id, from, to, lastName, firstName, middleName] of x.roster as [number, string, string | null, string, string, string | null][]) {
    let st = byStudent.get(id);
    if (!st) byStudent.set(id, (st = { id, person: { lastName, firstName, middleName }, spans: [] }));
    st.spans.push({ fromDate: day(from), toDate: to ? day(to) : null });
  }
  const exemptions = new Map<number, { fromDate: Date; toDate: Date }[]>();
  for (const [id, from, to] of x.exempt as [number, string, string][])
    exemptions.set(id, [...(exemptions.get(id) ?? []), { fromDate: day(from), toDate: day(to) }]);
  return {
    lessons: (
      x.lessons as [
        number,
        string,
        number | null,
        string | null,
        string | null,
        string | null,
        string | null,
        number | null,
        boolean,
        string | null,
        string | null,
        string | null,
        [number, number, string | null][],
      ][]
    ).map(([id, date, number, topic, lessonType, homework, due, substituteId, attendanceTaken, subLast, subFirst, subMiddle, works]) => ({
      id,
      date: day(date),
      number,
      topic,
      lessonType,
      homework,
      homeworkDue: due ? day(due) : null,
      substituteId,
      attendanceTaken,
      subLast,
      subFirst,
      subMiddle,
      works: works.map(([wid, assignmentTypeId, wtopic]) => ({ id: wid, assignmentTypeId, topic: wtopic })),
    })),
    roster: [...byStudent.values()],
    marks: (x.marks as [number, number, number, number, string | null][]).map(([lessonId, typeId, studentId, value, comment]) => ({
      lessonId,
      typeId,
      studentId,
      value,
      comment,
    })),
    attendance: (x.att as [number, number, AttendanceCode][]).map(([lessonId, studentId, code]) => ({ lessonId, studentId, code })),
    finals: new Map((x.finals as [number, string][]).map(([id, v]) => [id, v])),
    exemptions,
    history: new Set((x.hist as [string, string][]).map(([e, k]) => `${e}|${k}`)),
  };
}

export interface YearCells {
  roster: RosterStudent[];
  marks: { studentId: number; value: number; date: Date; weight: number }[];
  finals: { studentId: number; periodId: number | null; value: string }[];
  history: Set<string>;
}

/**
 * The year view of one journal in one query ($1..$6 as gridCells over the whole year, $7 the
 * year): the roster, every mark with its date and weight, the period and year final marks of
 * the roster, and the corrected final marks.
 */
export async function yearCells(s: GridScope, yearId: number): Promise<YearCells> {
  const [r] = await rows<{ roster: Row[]; marks: Row[]; finals: Row[]; hist: Row[] }>(
    `WITH m AS MATERIALIZED (
            SELECT m."studentId", m."fromDate", m."toDate" FROM "ClassMembership" m
             WHERE $4::int IS NULL AND m."schoolId" = $1 AND m."classId" = $2 AND m."fromDate" <= $6 AND (m."toDate" IS NULL OR m."toDate" >= $5)
            UNION ALL
            SELECT m."studentId", m."fromDate", m."toDate" FROM "SubgroupMembership" m
             WHERE $4::int IS NOT NULL AND m."schoolId" = $1 AND m."subgroupId" = $4 AND m."fromDate" <= $6 AND (m."toDate" IS NULL OR m."toDate" >= $5))
     SELECT
       (SELECT coalesce(json_agg(json_build_array(m."studentId", m."fromDate", m."toDate", p."lastName", p."firstName", p."middleName")), '[]')
          FROM m JOIN "Student" st ON st.id = m."studentId" JOIN "Person" p ON p.id = st."personId") AS roster,
       (SELECT coalesce(json_agg(json_build_array(k."studentId", k.value, l.date, t.weight)), '[]')
          FROM "Lesson" l JOIN "Mark" k ON k."lessonId" = l.id JOIN "LessonWork" w ON w.id = k."workId" JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
         WHERE l."schoolId" = $1 AND l."classId" = $2 AND l."subjectId" = $3 AND l."subgroupId" IS NOT DISTINCT FROM $4::int AND l.date BETWEEN $5 AND $6
           -- a member's marks only: a backdated transfer leaves marks «из другого класса» outside the figures (journal.membership.ts)
           AND EXISTS (SELECT 1 FROM m x WHERE x."studentId" = k."studentId" AND x."fromDate" <= l.date AND (x."toDate" IS NULL OR x."toDate" >= l.date))) AS marks,
       (SELECT coalesce(json_agg(json_build_array(f."studentId", f."periodId", f.value)), '[]')
          FROM "FinalMark" f
         WHERE f."studentId" IN (SELECT "studentId" FROM m) AND f."schoolId" = $1 AND f."subjectId" = $3 AND f."yearId" = $7 AND f.kind IN ('PERIOD', 'YEAR')) AS finals,
       (SELECT coalesce(json_agg(json_build_array(a.entity, a."entityId")), '[]')
          FROM "AuditLog" a
         WHERE a."schoolId" = $1 AND a.entity = 'final-mark' AND (a.action <> 'create' OR a.reason IS NOT NULL)
           AND split_part(a."entityId", ':', 1) = ANY (ARRAY(SELECT "studentId"::text FROM m))
           AND split_part(a."entityId", ':', 2) = $3::text AND split_part(a."entityId", ':', 3) = $7::text) AS hist`,
    [...params(s), yearId],
  );
  const x = r!;
  const byStudent = new Map<number, RosterStudent>();
  for (const [id, from, to, lastName, firstName, middleName] of x.roster as [number, string, string | null, string, string, string | null][]) {
    let st = byStudent.get(id);
    if (!st) byStudent.set(id, (st = { id, person: { lastName, firstName, middleName }, spans: [] }));
    st.spans.push({ fromDate: day(from), toDate: to ? day(to) : null });
  }
  return {
    roster: [...byStudent.values()],
    marks: (x.marks as [number, number, string, number | string][]).map(([studentId, value, date, weight]) => ({
      studentId,
      value,
      date: day(date),
      weight: Number(weight),
    })),
    finals: (x.finals as [number, number | null, string][]).map(([studentId, periodId, value]) => ({ studentId, periodId, value })),
    history: new Set((x.hist as [string, string][]).map(([e, k]) => `${e}|${k}`)),
  };
}
