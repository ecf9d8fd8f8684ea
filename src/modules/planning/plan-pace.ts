/**
 * The behind/ahead figure of a journal against its plan (R-JRN-11): «по плану к сегодняшнему дню N ч,
 * пройдено M ч», one definition for the grid, «Сегодня» and the deputy's report (walkPlan over the data
 * of one SQL statement for any number of journals; README «Журнал» explains it to users):
 *   - held lessons: the journal's lessons dated before the day, and the day's own once their topic is
 *     written (a lesson of today without a topic does not count yet: the figures do not fall behind at 8 am);
 *   - N, planned = min(hours of the plan, held lessons): the n-th lesson of the journal should give the
 *     n-th hour of the plan;
 *   - M, given = the hour of the plan the journal has reached, walking the held lessons in order:
 *       a lesson on a plan topic that starts at hour s (0-based) and lasts h hours, being the c-th lesson
 *       on that topic, reaches hour s + min(c, h) — the journal's position is the furthest hour reached
 *       (a topic skipped is passed over; a third lesson on a 2-hour topic does not move the journal on);
 *       a lesson whose topic is written by hand (not a topic of the plan) moves the journal one hour on;
 *       a lesson without a topic moves nothing; M is at most the plan's hours.
 *   - M − N < 0: behind by N − M hours; > 0: ahead; 0: on track.
 */
import { pgPool } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import type { JournalKey } from "./plan-topics.ts";

/** A topic of a plan as the walk needs it. */
export interface WalkItem {
  id: number;
  hours: number;
}

/** A held lesson of a journal, in order (date, number, id): its topic of the plan (or null) and whether it has a topic at all. */
export interface WalkLesson {
  planItemId: number | null;
  topical: boolean;
}

export interface Walk {
  /** Hours of the plan. */
  total: number;
  /** The first hour of each topic (0-based), by the topics' order. */
  start: number[];
  /** Held lessons on each topic. */
  covered: number[];
  /** Held lessons. */
  held: number;
  /** The hour of the plan reached (not capped). */
  reached: number;
  /** The index of the furthest topic with a lesson, -1 without any. */
  last: number;
}

/**
 * The walk of the held lessons through the plan (the file's comment): a lesson on topic n (its c-th)
 * reaches start[n] + min(c, hours[n]) — the journal's position is the furthest reached —, a lesson with a
 * topic written by hand moves it one hour on, a lesson without a topic nothing.
 */
export function walkPlan(items: readonly WalkItem[], lessons: readonly WalkLesson[]): Walk {
  const index = new Map(items.map((it, n) => [it.id, n]));
  const start: number[] = [];
  let total = 0;
  for (const it of items) {
    start.push(total);
    total += it.hours;
  }
  const covered = items.map(() => 0);
  let reached = 0;
  let last = -1;
  for (const l of lessons) {
    const n = l.planItemId === null ? undefined : index.get(l.planItemId);
    if (n !== undefined) {
      covered[n]!++;
      reached = Math.max(reached, start[n]! + Math.min(covered[n]!, items[n]!.hours));
      last = Math.max(last, n);
    } else if (l.topical) reached++;
  }
  return { total, start, covered, held: lessons.length, reached, last };
}

/** The behind/ahead figure of a journal (see the file's comment). */
export interface Pace {
  planId: number;
  /** Hours of the plan. */
  total: number;
  /** N: hours the plan gives by the day. */
  planned: number;
  /** M: the hour of the plan the journal has reached. */
  given: number;
  /** M − N: negative behind, positive ahead. */
  diff: number;
  state: "behind" | "ahead" | "on-track";
  /** The next topic by the held lessons (the one a new lesson of the day is offered), null when all are covered. */
  next: { id: number; position: number; topic: string } | null;
}

/** N, M and the state of a walk. */
export function paceOf(planId: number, w: Pick<Walk, "total" | "held" | "reached">, next: Pace["next"] = null): Pace {
  const planned = Math.min(w.total, w.held);
  const given = Math.min(w.total, w.reached);
  const diff = given - planned;
  return { planId, total: w.total, planned, given, diff, state: diff < 0 ? "behind" : diff > 0 ? "ahead" : "on-track", next };
}

/** SQL of a lesson `l`: has a topic (of the plan or written). */
export const topicalSql = `(btrim(coalesce(l.topic, '')) <> '' OR l."planItemId" IS NOT NULL)`;

/** The SQL condition of a held lesson `l` as of the day `day` (today, or an earlier day whose lessons all count). */
export const heldSql = (day: string, todaySql: string = day) => `(l.date < ${day} OR (l.date = ${day} AND (${topicalSql} OR ${day} < ${todaySql})))`;

/** SQL of the order of a journal's lessons. */
export const lessonOrderSql = `l.date, l.number NULLS LAST, l.id`;

/**
 * The figures' data of journals given as arrays ($2 classes, $3 subgroups or 0, $4 subjects) of school $1
 * as of the day $5: per journal with an approved plan its topics [id, hours, position, topic] and its held
 * lessons [planItemId, topical] in order. A prepared statement (planned once per connection: the grid runs it).
 */
export const PACE_SQL = `
  SELECT pa."classId", pa."subgroupId" AS sg, pa."subjectId", p.id AS "planId",
         (SELECT json_agg(json_build_array(i.id, i.hours, i.position, i.topic) ORDER BY i.position) FROM "PlanItem" i WHERE i."planId" = p.id) AS items,
         (SELECT coalesce(json_agg(json_build_array(l."planItemId", ${topicalSql}) ORDER BY ${lessonOrderSql}), '[]')
            FROM "Lesson" l
           WHERE l."schoolId" = $1 AND l."classId" = pa."classId" AND l."subjectId" = pa."subjectId" AND coalesce(l."subgroupId", 0) = pa."subgroupId"
             AND ${heldSql("$5::date")}) AS lessons
    FROM (SELECT DISTINCT k.c, k.g, k.s FROM unnest($2::int[], $3::int[], $4::int[]) AS k(c, g, s)) k
    JOIN "PlanAssignment" pa ON pa."schoolId" = $1 AND pa."classId" = k.c AND pa."subgroupId" = k.g AND pa."subjectId" = k.s
    JOIN "SchoolClass" sc ON sc.id = pa."classId" AND sc."yearId" = pa."yearId"
    JOIN "ThematicPlan" p ON p.id = pa."planId" AND p.status = 'APPROVED' AND p."supersededAt" IS NULL`;

/** PACE_SQL for one journal ($2 class, $3 subject, $4 subgroup or null, $5 the day): about a quarter of its time (the grid's header runs it). */
export const JOURNAL_PACE_SQL = `
  SELECT pa."classId", pa."subgroupId" AS sg, pa."subjectId", p.id AS "planId",
         (SELECT json_agg(json_build_array(i.id, i.hours, i.position, i.topic) ORDER BY i.position) FROM "PlanItem" i WHERE i."planId" = p.id) AS items,
         (SELECT coalesce(json_agg(json_build_array(l."planItemId", ${topicalSql}) ORDER BY ${lessonOrderSql}), '[]')
            FROM "Lesson" l
           WHERE l."schoolId" = $1 AND l."classId" = $2 AND l."subjectId" = $3 AND l."subgroupId" IS NOT DISTINCT FROM $4::int AND ${heldSql("$5::date")}) AS lessons
    FROM "PlanAssignment" pa
    JOIN "SchoolClass" sc ON sc.id = pa."classId" AND sc."yearId" = pa."yearId"
    JOIN "ThematicPlan" p ON p.id = pa."planId" AND p.status = 'APPROVED' AND p."supersededAt" IS NULL
   WHERE pa."schoolId" = $1 AND pa."classId" = $2 AND pa."subjectId" = $3 AND pa."subgroupId" = coalesce($4::int, 0)`;

interface PaceRow {
  classId: number;
  sg: number;
  subjectId: number;
  planId: number;
  items: [number, number, number, string][] | null;
  lessons: [number | null, boolean][];
}

/** The figure of a journal from its row of PACE_SQL / JOURNAL_PACE_SQL; null for a plan without topics. */
function paceOfRow(r: PaceRow): Pace | null {
  const items = (r.items ?? []).map(([id, hours, position, topic]) => ({ id, hours, position, topic }));
  if (!items.length) return null;
  const walk = walkPlan(
    items,
    r.lessons.map(([planItemId, topical]) => ({ planItemId, topical })),
  );
  const n = items.findIndex((it, i) => walk.covered[i]! < it.hours);
  return paceOf(r.planId, walk, n < 0 ? null : { id: items[n]!.id, position: items[n]!.position, topic: items[n]!.topic });
}

/** The key of a journal in the maps of journalsPace. */
export const journalKey = (j: JournalKey) => `${j.classId}:${j.subgroupId ?? 0}:${j.subjectId}`;

/**
 * The behind/ahead figures of journals as of a day (today by default): one query for all of them.
 * Journals without an approved plan (or with an empty one) are absent from the map.
 */
export async function journalsPace(schoolId: number, journals: readonly JournalKey[], day: Date = today()): Promise<Map<string, Pace>> {
  const out = new Map<string, Pace>();
  if (!journals.length) return out;
  const { rows } = await pgPool().query<PaceRow>({
    name: "journals-pace",
    text: PACE_SQL,
    values: [schoolId, journals.map((j) => j.classId), journals.map((j) => j.subgroupId ?? 0), journals.map((j) => j.subjectId), isoDate(day)],
  });
  for (const r of rows) {
    const pace = paceOfRow(r);
    if (pace) out.set(journalKey({ classId: r.classId, subgroupId: r.sg, subjectId: r.subjectId }), pace);
  }
  return out;
}

/**
 * The behind/ahead figure of one journal (the grid's header); null without an approved plan. One
 * prepared statement of about a millisecond, run beside the grid's own queries.
 */
export async function journalPace(schoolId: number, j: JournalKey, day: Date = today()): Promise<Pace | null> {
  const { rows } = await pgPool().query<PaceRow>({
    name: "journal-pace",
    text: JOURNAL_PACE_SQL,
    values: [schoolId, j.classId, j.subjectId, j.subgroupId, isoDate(day)],
  });
  return rows[0] ? paceOfRow(rows[0]) : null;
}

/** «отставание 2 ч», «опережение 1 ч», «по плану». */
export function paceState(p: Pace): string {
  return p.diff < 0 ? `отставание ${-p.diff} ч` : p.diff > 0 ? `опережение ${p.diff} ч` : "по плану";
}

/** «По КТП к сегодняшнему дню 24 ч, пройдено 22 ч — отставание 2 ч». */
export function paceText(p: Pace): string {
  return `по плану к сегодняшнему дню ${p.planned} ч, пройдено ${p.given} ч — ${paceState(p)}`;
}

/** The badge class of a figure: on track ok, ahead info, behind by 1–2 hours warn, more bad. */
export function paceBadge(p: Pace): string {
  return p.diff === 0 ? "badge-ok" : p.diff > 0 ? "badge-info" : p.diff >= -2 ? "badge-warn" : "badge-bad";
}
