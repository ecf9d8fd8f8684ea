/**
 * «Выполнение программы» (R-PLN-5, R-JRN-11): per journal (class × subject, or a subgroup) of a year,
 * for a study period or the whole year, up to the period's end or today, whichever is earlier:
 *   - hours planned: the plan's hours the journal's lessons should have given by then (the n-th
 *     lesson gives the n-th hour of the plan, plan-pace.ts), in the period: planned by its last
 *     day minus planned before its first day;
 *   - hours given: the journal's lessons of the period with a topic (of the plan or written by hand);
 *   - control, practical and laboratory works planned (topics of that kind whose first hour falls
 *     in the period's planned hours) and done (lessons of the period on such a topic, or with a
 *     kind of work of that kind: control works are all control kinds of work);
 *   - topics skipped: topics no lesson covers while a later topic is covered;
 *   - the behind/ahead figure by the day (N planned, M given, plan-pace.ts walkPlan);
 *   - journals of the year without an approved plan, with the state of the plan they have.
 * Scope by the catalogue's "program-report" reach: the school, the classes led (all their journals),
 * the teacher's own journals. A class, teacher or period asked for outside it (or guessed) is a 404.
 * One set-based SQL statement for the whole report's data (no per-journal queries), counted in walkPlan.
 */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareNames, compareText, shortName } from "../../lib/names.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { AcademicYear } from "../../generated/prisma/client.ts";
import { periodName } from "../setup/years.service.ts";
import { heldSql, lessonOrderSql, paceOf, topicalSql, walkPlan, type Pace } from "./plan-pace.ts";
import { workTypeIds } from "./plan-topics.ts";

/** The works counted by the report (R-PLN-5). */
export const REPORT_WORKS = ["CONTROL", "PRACTICAL", "LABORATORY"] as const;
export type ReportWork = (typeof REPORT_WORKS)[number];

export interface ProgressFilter {
  /** A study period of the year; null: the whole year. */
  periodId: number | null;
  classId: number | null;
  teacherId: number | null;
}

export interface ProgressRow {
  classId: number;
  className: string;
  grade: number;
  subjectId: number;
  subject: string;
  subgroupId: number | null;
  subgroup: string | null;
  teacherIds: number[];
  teachers: string;
  planId: number;
  /** Hours of the plan for the year. */
  total: number;
  /** Hours planned in the period (up to its end or today). */
  planned: number;
  /** Lessons of the period with a topic. */
  given: number;
  works: Record<ReportWork, { planned: number; done: number }>;
  skipped: { id: number; position: number; topic: string }[];
  /** The behind/ahead figure by the report's day. */
  pace: Pace;
  link: string;
}

export interface MissingPlan {
  classId: number;
  className: string;
  grade: number;
  subject: string;
  subgroup: string | null;
  teachers: string;
  /** The state of the plan assigned, null when none is. */
  status: PlanStatus | null;
  superseded: boolean;
  planId: number | null;
  link: string;
}

export interface TeacherLine {
  teacherId: number;
  name: string;
  journals: number;
  total: number;
  planned: number;
  given: number;
  behind: number;
  skipped: number;
  missing: number;
}

export interface PeriodOption {
  id: number;
  label: string;
  gradeFrom: number;
  gradeTo: number;
  startDate: Date;
  endDate: Date;
}

export interface ProgressReport {
  school: { name: string };
  year: AcademicYear;
  period: PeriodOption | null;
  from: Date;
  /** The last day counted: the period's (year's) end or today, whichever is earlier. */
  until: Date;
  rows: ProgressRow[];
  missing: MissingPlan[];
  teachers: TeacherLine[];
  totals: { journals: number; planned: number; given: number; behind: number; ahead: number; skipped: number; missing: number };
}

const journalLink = (classId: number, subjectId: number, subgroupId: number | null) =>
  `/journal/${classId}/${subjectId}${subgroupId ? `?subgroup=${subgroupId}` : ""}`;

/** The periods of a year for the filter: «2-я четверть (1–9 кл.)» when the year has several period sets. */
export async function periodOptions(schoolId: number, yearId: number): Promise<PeriodOption[]> {
  const sets = await prisma.periodSet.findMany({
    where: { schoolId, yearId },
    include: { periods: { orderBy: { number: "asc" } } },
    orderBy: { gradeFrom: "asc" },
  });
  return sets.flatMap((s) =>
    s.periods.map((p) => ({
      id: p.id,
      label: sets.length > 1 ? `${periodName(s.kind, p.number)} (${s.gradeFrom}–${s.gradeTo} кл.)` : periodName(s.kind, p.number),
      gradeFrom: s.gradeFrom,
      gradeTo: s.gradeTo,
      startDate: p.startDate,
      endDate: p.endDate,
    })),
  );
}

/** The actor's reach for the report: the whole school, the classes led, the own journals (403 is the route's). */
function scopeOf(actor: Actor) {
  const r = reach(actor, "view", "program-report");
  return { all: r.all, classIds: [...r.classIds], teacherId: r.teacherId };
}

/** The classes (of the year) and teachers the filters may offer within the scope: those of the journals it reaches. */
export async function filterOptions(actor: Actor, yearId: number) {
  const scope = scopeOf(actor);
  const loads = await prisma.teachingLoad.findMany({
    where: { schoolId: actor.schoolId, yearId },
    select: {
      classId: true,
      teacherId: true,
      class: { select: { grade: true, letter: true } },
      teacher: { select: { lastName: true, firstName: true, middleName: true } },
    },
  });
  // The loads of the journals within reach: all, those of the classes led, the teacher's own.
  const mine = loads.filter((l) => scope.all || scope.classIds.includes(l.classId) || l.teacherId === scope.teacherId);
  const classes = new Map(mine.map((l) => [l.classId, { id: l.classId, grade: l.class.grade, letter: l.class.letter, name: className(l.class) }]));
  const teachers = new Map(mine.map((l) => [l.teacherId, { id: l.teacherId, person: l.teacher, name: shortName(l.teacher) }]));
  return {
    classes: [...classes.values()].sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter)),
    teachers: [...teachers.values()].sort((a, b) => compareNames(a.person, b.person)).map(({ id, name }) => ({ id, name })),
  };
}

/** NotFound unless the class, teacher and period asked for are of the school's year and within the actor's reach. */
async function assertFilter(actor: Actor, yearId: number, f: ProgressFilter, periods: PeriodOption[]): Promise<PeriodOption | null> {
  const period = f.periodId === null ? null : (periods.find((p) => p.id === f.periodId) ?? null);
  if (f.periodId !== null && !period) throw new NotFound("Учебный период не найден");
  if (f.classId === null && f.teacherId === null) return period;
  const { classes, teachers } = await filterOptions(actor, yearId);
  if (f.classId !== null && !classes.some((c) => c.id === f.classId)) throw new NotFound("Класс не найден");
  if (f.teacherId !== null && !teachers.some((t) => t.id === f.teacherId)) throw new NotFound("Учитель не найден");
  return period;
}

interface Raw {
  classId: number;
  grade: number;
  letter: string;
  sg: number;
  subgroupName: string | null;
  subjectId: number;
  subjectName: string;
  subjectOrder: number;
  teachers: [number, string, string, string | null][] | null;
  planId: number | null;
  assignedId: number | null;
  assignedStatus: PlanStatus | null;
  superseded: boolean;
  /** The plan's topics: [id, hours, position, workKind]. */
  items: [number, number, number, string | null][] | null;
  /** The held lessons in order: [planItemId, topical, days from the first day (negative before it), works (1 control, 2 practical, 4 laboratory)]. */
  lessons: [number | null, boolean, number, number][] | null;
}

/**
 * The report's data in one statement: per journal (the teaching load's class (subgroup) × subject rows
 * within the scope and filters) its names, teachers and plan, the approved plan's topics and the held
 * lessons with their kinds of work; the figures are counted by walkPlan (plan-pace.ts).
 * $1 school, $2 year, $3 the first day, $4 the last day counted, $5..$7 the scope (all, classes led, the
 * teacher), $8 class and $9 teacher filters (or null), $10..$11 the grades of the period's set,
 * $12..$14 the kinds of work counted as control, practical and laboratory works, $15 today.
 */
export const PROGRESS_SQL = `
  WITH j AS MATERIALIZED (
         SELECT tl."classId", coalesce(tl."subgroupId", 0) AS sg, tl."subjectId", array_agg(DISTINCT tl."teacherId") AS teachers
           FROM "TeachingLoad" tl JOIN "SchoolClass" c ON c.id = tl."classId"
          WHERE tl."schoolId" = $1 AND tl."yearId" = $2 AND c.grade BETWEEN $10 AND $11 AND ($8::int IS NULL OR tl."classId" = $8)
          GROUP BY tl."classId", coalesce(tl."subgroupId", 0), tl."subjectId"
         HAVING ($5 OR tl."classId" = ANY($6::int[]) OR bool_or(tl."teacherId" = $7)) AND ($9::int IS NULL OR bool_or(tl."teacherId" = $9))),
       pj AS MATERIALIZED (
         SELECT (row_number() OVER ())::int AS key, j.*, pa."planId" AS "assignedId", tp.status::text AS "assignedStatus", tp."supersededAt" IS NOT NULL AS superseded,
                CASE WHEN tp.status = 'APPROVED' AND tp."supersededAt" IS NULL THEN tp.id END AS "planId"
           FROM j LEFT JOIN "PlanAssignment" pa ON pa."schoolId" = $1 AND pa."yearId" = $2 AND pa."classId" = j."classId" AND pa."subgroupId" = j.sg AND pa."subjectId" = j."subjectId"
                  LEFT JOIN "ThematicPlan" tp ON tp.id = pa."planId"),
       l AS MATERIALIZED (
         SELECT pj.key, l.id, l.date, l.number, l."planItemId", ${topicalSql} AS topical
           FROM pj JOIN "Lesson" l ON l."schoolId" = $1 AND l."classId" = pj."classId" AND l."subjectId" = pj."subjectId" AND coalesce(l."subgroupId", 0) = pj.sg
          WHERE pj."planId" IS NOT NULL AND ${heldSql("$4::date", "$15::date")}),
       w AS (SELECT w."lessonId",
                    bit_or(CASE WHEN w."assignmentTypeId" = ANY($12::int[]) THEN 1 ELSE 0 END | CASE WHEN w."assignmentTypeId" = ANY($13::int[]) THEN 2 ELSE 0 END
                           | CASE WHEN w."assignmentTypeId" = ANY($14::int[]) THEN 4 ELSE 0 END) AS f
               FROM "LessonWork" w
              WHERE w."schoolId" = $1 AND w."assignmentTypeId" = ANY($12::int[] || $13::int[] || $14::int[]) AND w."lessonId" IN (SELECT id FROM l WHERE date >= $3::date)
              GROUP BY w."lessonId"),
       la AS (SELECT l.key, json_agg(json_build_array(l."planItemId", l.topical, l.date - $3::date, coalesce(w.f, 0)) ORDER BY ${lessonOrderSql}) AS lessons
                FROM l LEFT JOIN w ON w."lessonId" = l.id GROUP BY l.key),
       ia AS (SELECT i."planId", json_agg(json_build_array(i.id, i.hours, i.position, i."workKind") ORDER BY i.position) AS items
                FROM "PlanItem" i WHERE i."planId" IN (SELECT "planId" FROM pj) GROUP BY i."planId")
  SELECT pj."classId", c.grade, c.letter, pj.sg, g.name AS "subgroupName", pj."subjectId", s.name AS "subjectName", s."sortOrder" AS "subjectOrder",
         (SELECT json_agg(json_build_array(p.id, p."lastName", p."firstName", p."middleName")) FROM "Person" p WHERE p.id = ANY(pj.teachers)) AS teachers,
         pj."planId", pj."assignedId", pj."assignedStatus", coalesce(pj.superseded, false) AS superseded, ia.items, la.lessons
    FROM pj JOIN "SchoolClass" c ON c.id = pj."classId" JOIN "Subject" s ON s.id = pj."subjectId"
         LEFT JOIN "Subgroup" g ON g.id = pj.sg LEFT JOIN ia ON ia."planId" = pj."planId" LEFT JOIN la ON la.key = pj.key`;

/**
 * The report for the actor's scope and the filters (see the file's comment). NotFound for a period,
 * class or teacher outside the year or the scope. Two statements: the data, and the names of the topics skipped.
 */
export async function programProgress(actor: Actor, year: AcademicYear, f: ProgressFilter, now: Date = today()): Promise<ProgressReport> {
  const scope = scopeOf(actor);
  const [periods, types, school] = await Promise.all([
    periodOptions(actor.schoolId, year.id),
    prisma.assignmentType.findMany({ where: { schoolId: actor.schoolId }, select: { id: true, name: true, isControl: true, archived: true } }),
    prisma.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { name: true } }),
  ]);
  const period = await assertFilter(actor, year.id, f, periods);
  const from = period?.startDate ?? year.startDate;
  const to = period?.endDate ?? year.endDate;
  const until = to < now ? to : now;
  // Unnamed: planned for these values each time (about 3 ms). As a named statement PostgreSQL switched to a
  // generic plan after five calls, and for the whole school that plan ran 15 s instead of 0.2 s.
  const { rows } = await pgPool().query<Raw>({
    text: PROGRESS_SQL,
    values: [
      actor.schoolId,
      year.id,
      isoDate(from),
      isoDate(until),
      scope.all,
      scope.classIds,
      scope.teacherId,
      f.classId,
      f.teacherId,
      period?.gradeFrom ?? 1,
      period?.gradeTo ?? 11,
      workTypeIds("CONTROL", types),
      workTypeIds("PRACTICAL", types),
      workTypeIds("LABORATORY", types),
      isoDate(now),
    ],
  });
  const report = assemble(school, year, period, from, until, rows);
  // The topics skipped by name: one query for all of them.
  const ids = report.rows.flatMap((r) => r.skipped.map((k) => k.id));
  if (ids.length) {
    const names = new Map(
      (await prisma.planItem.findMany({ where: { id: { in: ids }, schoolId: actor.schoolId }, select: { id: true, topic: true } })).map((i) => [i.id, i.topic]),
    );
    for (const r of report.rows) for (const k of r.skipped) k.topic = names.get(k.id) ?? "";
  }
  return report;
}

const WORK_BITS: Record<ReportWork, number> = { CONTROL: 1, PRACTICAL: 2, LABORATORY: 4 };

/** The figures of a journal with an approved plan (the file's comment). */
function figuresOf(items: NonNullable<Raw["items"]>, lessons: NonNullable<Raw["lessons"]>) {
  const walk = walkPlan(
    items.map(([id, hours]) => ({ id, hours })),
    lessons.map(([planItemId, topical]) => ({ planItemId, topical })),
  );
  const kindOf = new Map(items.map(([id, , , kind]) => [id, kind]));
  const before = lessons.filter(([, , day]) => day < 0).length;
  const inPeriod = lessons.filter(([, , day]) => day >= 0);
  const plannedFrom = Math.min(walk.total, before);
  const plannedTo = Math.min(walk.total, walk.held);
  const works = Object.fromEntries(
    REPORT_WORKS.map((k) => [
      k,
      {
        planned: items.filter(([, , , kind], n) => kind === k && walk.start[n]! >= plannedFrom && walk.start[n]! < plannedTo).length,
        done: inPeriod.filter(([item, , , f]) => (item !== null && kindOf.get(item) === k) || (f & WORK_BITS[k]) !== 0).length,
      },
    ]),
  ) as Record<ReportWork, { planned: number; done: number }>;
  const skipped = items.flatMap(([id, , position], n) => (n < walk.last && walk.covered[n] === 0 ? [{ id, position, topic: "" }] : []));
  return { walk, planned: plannedTo - plannedFrom, given: inPeriod.filter(([, topical]) => topical).length, works, skipped };
}

function assemble(school: { name: string }, year: AcademicYear, period: PeriodOption | null, from: Date, until: Date, raw: Raw[]): ProgressReport {
  raw.sort(
    (a, b) =>
      a.grade - b.grade ||
      compareText(a.letter, b.letter) ||
      a.subjectOrder - b.subjectOrder ||
      compareText(a.subjectName, b.subjectName) ||
      compareText(a.subgroupName ?? "", b.subgroupName ?? ""),
  );
  const rows: ProgressRow[] = [];
  const missing: MissingPlan[] = [];
  const byTeacher = new Map<number, TeacherLine>();
  for (const r of raw) {
    const people = (r.teachers ?? []).map(([id, lastName, firstName, middleName]) => ({ id, lastName, firstName, middleName }));
    people.sort(compareNames);
    const teachers = people.map(shortName).join(", ");
    const subgroupId = r.sg || null;
    const link = journalLink(r.classId, r.subjectId, subgroupId);
    const line = (t: { id: number; lastName: string; firstName: string; middleName: string | null }) => {
      let l = byTeacher.get(t.id);
      if (!l)
        byTeacher.set(t.id, (l = { teacherId: t.id, name: shortName(t), journals: 0, total: 0, planned: 0, given: 0, behind: 0, skipped: 0, missing: 0 }));
      return l;
    };
    if (r.planId === null || !r.items?.length) {
      missing.push({
        classId: r.classId,
        className: className(r),
        grade: r.grade,
        subject: r.subjectName,
        subgroup: r.subgroupName,
        teachers,
        status: r.assignedStatus,
        superseded: r.superseded,
        planId: r.assignedId,
        link,
      });
      for (const t of people) line(t).missing++;
      continue;
    }
    const x = figuresOf(r.items, r.lessons ?? []);
    const row: ProgressRow = {
      classId: r.classId,
      className: className(r),
      grade: r.grade,
      subjectId: r.subjectId,
      subject: r.subjectName,
      subgroupId,
      subgroup: r.subgroupName,
      teacherIds: people.map((t) => t.id),
      teachers,
      planId: r.planId,
      total: x.walk.total,
      planned: x.planned,
      given: x.given,
      works: x.works,
      skipped: x.skipped,
      pace: paceOf(r.planId, x.walk),
      link,
    };
    rows.push(row);
    for (const t of people) {
      const l = line(t);
      l.journals++;
      l.total += row.total;
      l.planned += row.planned;
      l.given += row.given;
      if (row.pace.diff < 0) l.behind++;
      if (row.skipped.length) l.skipped++;
    }
  }
  const teachers = [...byTeacher.values()].sort((a, b) => compareText(a.name, b.name));
  return {
    school,
    year,
    period,
    from,
    until,
    rows,
    missing,
    teachers,
    totals: {
      journals: rows.length + missing.length,
      planned: rows.reduce((a, r) => a + r.planned, 0),
      given: rows.reduce((a, r) => a + r.given, 0),
      behind: rows.filter((r) => r.pace.diff < 0).length,
      ahead: rows.filter((r) => r.pace.diff > 0).length,
      skipped: rows.filter((r) => r.skipped.length).length,
      missing: missing.length,
    },
  };
}
