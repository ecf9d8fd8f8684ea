/**
 * What the schedule of assessment procedures (R-PLN-6) needs of the classes' lessons, computed in
 * PostgreSQL (a school's year is tens of thousands of lessons; these are a few thousand rows):
 *   - the first and last lesson number of each class's day;
 *   - the lessons of each journal (class × subgroup × subject) in the year;
 *   - the lesson each assessment topic of an approved plan (КТП) falls on: the lesson linked to the
 *     topic (Lesson.planItemId), else the journal's n-th lesson by date for the plan's n-th hour;
 *   - the lesson number of a planned assessment entered without one (the journal's lesson that day).
 * The lessons are the recorded ones. For a class with a timetable whose lessons have not been made
 * to the end of the year (the schedule module makes them whenever the timetable changes, so this is
 * rare) the timetable's lessons from today on are added, in JavaScript, for that class only.
 */
import { pgPool, prisma } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { planLessons } from "../schedule/lessons.service.ts";
import type { PlanWorkKind } from "../../generated/prisma/enums.ts";

const ASSESSMENT_KINDS = ["CONTROL", "DIAGNOSTIC", "TEST"];
const DAY_MS = 86_400_000;

export const dayKey = (classId: number, date: Date) => `${classId}:${date.getTime()}`;
const csKey = (classId: number, subjectId: number) => `${classId}:${subjectId}`;
const jkey = (classId: number, sg: number, subjectId: number) => `${classId}:${sg}:${subjectId}`;

/** An assessment topic of a journal's approved plan with the lesson it falls on (null: beyond the journal's lessons). */
export interface PlanSlot {
  classId: number;
  sg: number;
  subjectId: number;
  id: number;
  workKind: PlanWorkKind;
  topic: string;
  /** The topic's first hour, 0-based. */
  start: number;
  date: Date | null;
  number: number | null;
}

export interface LessonFacts {
  /** First and last lesson number of a class's day, by dayKey. */
  bounds: Map<string, { first: number; last: number }>;
  /** Lessons of the subject in the class in the year: the most of its journals (subgroups), by `${classId}:${subjectId}`. */
  yearCount: Map<string, number>;
  slots: PlanSlot[];
  /** The journal's lesson number on the day of a planned assessment entered without one, by PlannedAssessment id. */
  plannedNumbers: Map<number, number>;
}

interface Span {
  schoolId: number;
  yearId: number;
  classIds: readonly number[];
  from: Date;
  to: Date;
}

async function sqlFacts({ schoolId, yearId, classIds, from, to }: Span) {
  const args = [schoolId, [...classIds], isoDate(from), isoDate(to)];
  const inYear = `l."schoolId" = $1 AND l."classId" = ANY($2::int[]) AND l.date BETWEEN $3::date AND $4::date`;
  const [bounds, counts, slots, numbers] = await Promise.all([
    pgPool().query<{ classId: number; date: Date; first: number; last: number }>(
      `SELECT l."classId", l.date, min(l.number)::int AS first, max(l.number)::int AS last FROM "Lesson" l
        WHERE ${inYear} AND l.number IS NOT NULL GROUP BY l."classId", l.date`,
      args,
    ),
    pgPool().query<{ classId: number; sg: number; subjectId: number; n: number; last: Date }>(
      `SELECT l."classId", coalesce(l."subgroupId", 0) AS sg, l."subjectId", count(*)::int AS n, max(l.date) AS last FROM "Lesson" l
        WHERE ${inYear} GROUP BY 1, 2, 3`,
      args,
    ),
    pgPool().query<{ want: WantRow[] | null; lessons: SeqRow[] | null }>(
      `WITH items AS (
         SELECT pa."classId", pa."subgroupId" AS sg, pa."subjectId", i.id, i."workKind"::text AS "workKind", i.topic,
                (sum(i.hours) OVER (PARTITION BY pa.id ORDER BY i.position) - i.hours)::int AS start
           FROM "PlanAssignment" pa
           JOIN "ThematicPlan" tp ON tp.id = pa."planId" AND tp.status = 'APPROVED' AND tp."supersededAt" IS NULL AND tp."schoolId" = $1
           JOIN "PlanItem" i ON i."planId" = tp.id
          WHERE pa."schoolId" = $1 AND pa."yearId" = $5 AND pa."classId" = ANY($2::int[])),
       want AS MATERIALIZED (SELECT * FROM items WHERE "workKind" = ANY($6::text[])),
       seq AS (
         SELECT l."classId", coalesce(l."subgroupId", 0) AS sg, l."subjectId", l.date, l.number, l."planItemId",
                (row_number() OVER (PARTITION BY l."classId", coalesce(l."subgroupId", 0), l."subjectId" ORDER BY l.date, l.number NULLS LAST, l.id) - 1)::int AS idx
           FROM "Lesson" l
          WHERE ${inYear} AND (l."classId", coalesce(l."subgroupId", 0), l."subjectId") IN (SELECT "classId", sg, "subjectId" FROM want))
       SELECT (SELECT json_agg(w) FROM want w) AS want,
              (SELECT json_agg(json_build_array(s."classId", s.sg, s."subjectId", s.idx, s.date, s.number, s."planItemId")) FROM seq s
                WHERE s."planItemId" IN (SELECT id FROM want) OR (s."classId", s.sg, s."subjectId", s.idx) IN (SELECT "classId", sg, "subjectId", start FROM want)) AS lessons`,
      [...args, yearId, ASSESSMENT_KINDS],
    ),
    pgPool().query<{ id: number; n: number }>(
      `SELECT p.id, min(l.number)::int AS n FROM "PlannedAssessment" p
         JOIN "Lesson" l ON l."schoolId" = $1 AND l."classId" = p."classId" AND l."subjectId" = p."subjectId" AND l.date = p.date AND l.number IS NOT NULL
        WHERE p."schoolId" = $1 AND p."classId" = ANY($2::int[]) AND p."lessonNumber" IS NULL AND p.date BETWEEN $3::date AND $4::date
        GROUP BY p.id`,
      args,
    ),
  ]);
  return { bounds: bounds.rows, counts: counts.rows, slots: placeSlots(slots.rows[0]?.want ?? [], slots.rows[0]?.lessons ?? []), numbers: numbers.rows };
}

/** An assessment topic of a plan as the query returns it. */
type WantRow = Omit<PlanSlot, "date" | "number">;
/** A journal's lesson: class, subgroup, subject, its 0-based place in the journal, date, number, the topic it is linked to. */
type SeqRow = [number, number, number, number, string, number | null, number | null];

/** Each topic on the lesson linked to it (the first), else on the journal's lesson at its first hour. */
function placeSlots(want: readonly WantRow[], lessons: readonly SeqRow[]): PlanSlot[] {
  const linked = new Map<string, SeqRow>();
  const nth = new Map<string, SeqRow>();
  for (const l of lessons) {
    const j = jkey(l[0], l[1], l[2]);
    nth.set(`${j}:${l[3]}`, l);
    if (l[6] !== null) {
      const k = `${j}:${l[6]}`;
      const had = linked.get(k);
      if (!had || had[3] > l[3]) linked.set(k, l);
    }
  }
  return want.map((w) => {
    const j = jkey(w.classId, w.sg, w.subjectId);
    const l = linked.get(`${j}:${w.id}`) ?? nth.get(`${j}:${w.start}`);
    return { ...w, date: l ? new Date(`${l[4]}T00:00:00Z`) : null, number: l ? l[5] : null };
  });
}

interface SeriesLesson {
  sg: number;
  subjectId: number;
  date: Date;
  number: number | null;
  planItemId: number | null;
}

/**
 * The facts of classes whose lessons stop short of the year's end: their recorded lessons and the
 * timetable's from `day` on (where the journal has no lesson that day), walked in JavaScript.
 */
async function timetableFacts(
  span: Span,
  day: Date,
  slots: readonly PlanSlot[],
  planned: readonly { id: number; classId: number; subjectId: number; date: Date }[],
) {
  const start = day > span.from ? day : span.from;
  const [rows, plan] = await Promise.all([
    prisma.lesson.findMany({
      where: { schoolId: span.schoolId, classId: { in: [...span.classIds] }, date: { gte: span.from, lte: span.to } },
      select: { classId: true, subgroupId: true, subjectId: true, date: true, number: true, planItemId: true },
      orderBy: [{ date: "asc" }, { number: "asc" }, { id: "asc" }],
    }),
    start <= span.to ? planLessons(prisma, span.schoolId, span.yearId, start, span.to, span.classIds) : Promise.resolve({ planned: [] }),
  ]);
  const series = new Map<string, SeriesLesson[]>();
  const push = (classId: number, l: SeriesLesson) => {
    const k = jkey(classId, l.sg, l.subjectId);
    const list = series.get(k);
    if (list) list.push(l);
    else series.set(k, [l]);
  };
  const had = new Set<string>();
  for (const l of rows) {
    push(l.classId, { sg: l.subgroupId ?? 0, subjectId: l.subjectId, date: l.date, number: l.number, planItemId: l.planItemId });
    had.add(`${jkey(l.classId, l.subgroupId ?? 0, l.subjectId)}:${l.date.getTime()}`);
  }
  for (const p of plan.planned)
    if (!had.has(`${jkey(p.classId, p.subgroupId ?? 0, p.subjectId)}:${p.date.getTime()}`))
      push(p.classId, { sg: p.subgroupId ?? 0, subjectId: p.subjectId, date: p.date, number: p.number, planItemId: null });
  const bounds = new Map<string, { first: number; last: number }>();
  const yearCount = new Map<string, number>();
  const dayNumber = new Map<string, number>();
  for (const [k, list] of series) {
    list.sort((a, b) => a.date.getTime() - b.date.getTime() || (a.number ?? 99) - (b.number ?? 99));
    const classId = Number(k.split(":")[0]);
    const ck = csKey(classId, list[0]!.subjectId);
    yearCount.set(ck, Math.max(yearCount.get(ck) ?? 0, list.length));
    for (const l of list) {
      if (l.number === null) continue;
      const dk = dayKey(classId, l.date);
      const b = bounds.get(dk);
      if (!b) bounds.set(dk, { first: l.number, last: l.number });
      else {
        b.first = Math.min(b.first, l.number);
        b.last = Math.max(b.last, l.number);
      }
      const nk = `${ck}:${l.date.getTime()}`;
      dayNumber.set(nk, Math.min(dayNumber.get(nk) ?? 99, l.number));
    }
  }
  const placed = slots.map((s) => {
    const list = series.get(jkey(s.classId, s.sg, s.subjectId)) ?? [];
    const l = list.find((x) => x.planItemId === s.id) ?? list[s.start];
    return { ...s, date: l?.date ?? null, number: l?.number ?? null };
  });
  const plannedNumbers = new Map<number, number>();
  for (const p of planned) {
    const n = dayNumber.get(`${csKey(p.classId, p.subjectId)}:${p.date.getTime()}`);
    if (n !== undefined) plannedNumbers.set(p.id, n);
  }
  return { bounds, yearCount, slots: placed, plannedNumbers };
}

/** The lesson facts of the classes in the year (see the file's comment). */
export async function lessonFacts(
  span: Span,
  day: Date,
  withTimetable: ReadonlySet<number>,
  planned: readonly { id: number; classId: number; subjectId: number; date: Date; lessonNumber: number | null }[],
): Promise<LessonFacts> {
  const out: LessonFacts = { bounds: new Map(), yearCount: new Map(), slots: [], plannedNumbers: new Map() };
  if (!span.classIds.length) return out;
  const sql = await sqlFacts(span);
  const last = new Map<number, number>();
  for (const c of sql.counts) last.set(c.classId, Math.max(last.get(c.classId) ?? 0, c.last.getTime()));
  const unmade = new Set(span.classIds.filter((id) => withTimetable.has(id) && (last.get(id) ?? 0) < span.to.getTime() - 14 * DAY_MS && day <= span.to));
  for (const b of sql.bounds) if (!unmade.has(b.classId)) out.bounds.set(dayKey(b.classId, b.date), { first: b.first, last: b.last });
  for (const c of sql.counts) {
    if (unmade.has(c.classId)) continue;
    const k = csKey(c.classId, c.subjectId);
    out.yearCount.set(k, Math.max(out.yearCount.get(k) ?? 0, c.n));
  }
  out.slots = sql.slots.filter((s) => !unmade.has(s.classId));
  for (const n of sql.numbers) out.plannedNumbers.set(n.id, n.n);
  if (unmade.size) {
    const js = await timetableFacts(
      { ...span, classIds: [...unmade] },
      day,
      sql.slots.filter((s) => unmade.has(s.classId)),
      planned.filter((p) => unmade.has(p.classId) && p.lessonNumber === null),
    );
    for (const [k, v] of js.bounds) out.bounds.set(k, v);
    for (const [k, v] of js.yearCount) out.yearCount.set(k, v);
    out.slots.push(...js.slots);
    for (const [k, v] of js.plannedNumbers) out.plannedNumbers.set(k, v);
  }
  return out;
}
