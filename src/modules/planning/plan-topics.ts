/**
 * The journal follows the plan (R-JRN-11, R-JRN-10): the topics of a journal's calendar-thematic
 * plan offered to a lesson and the plan's kinds of work set on the lesson. The behind/ahead figure is
 * plan-pace.ts. Other modules reach both through planning.service.ts.
 *
 * A journal's plan is the APPROVED, not superseded ThematicPlan assigned to it (PlanAssignment of
 * the class's year, subgroup 0 = the whole class); its topics are the PlanItem rows in position order.
 * A lesson covers a topic when Lesson.planItemId points at it.
 *
 * The next topic (R-JRN-11): the first topic of the plan, in order, that the journal's earlier lessons
 * (by date, number, id) do not yet cover fully — a topic of N hours covers N lessons, so a 2-hour topic
 * is offered to two lessons, then the next one. A topic skipped is offered again until a lesson covers it.
 */
import type { Db } from "../../lib/db.ts";
import { pgPool } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import type { PlanWorkKind } from "../../generated/prisma/enums.ts";
import { WORK_KIND_NAMES } from "./plans.text.ts";

/** A journal: class (and subgroup, null = the whole class) × subject. */
export interface JournalKey {
  classId: number;
  subjectId: number;
  subgroupId: number | null;
}

export interface PlanTopic {
  id: number;
  position: number;
  section: string | null;
  topic: string;
  hours: number;
  lessonType: string | null;
  workKind: PlanWorkKind | null;
  /** Lessons of the journal before the lesson in question linked to this topic. */
  covered: number;
}

export interface JournalPlanTopics {
  planId: number;
  title: string;
  items: PlanTopic[];
  /** The next topic in order (R-JRN-11), null when every topic is covered. */
  next: PlanTopic | null;
}

/** The approved, not superseded plan assigned to the journal $2 class, $3 subject, $4 subgroup (or null) of school $1. */
export const PLAN_OF = (c: string, s: string, g: string) => `(SELECT pa."planId" FROM "PlanAssignment" pa
     JOIN "SchoolClass" sc ON sc.id = pa."classId" AND sc."yearId" = pa."yearId"
     JOIN "ThematicPlan" tp ON tp.id = pa."planId" AND tp.status = 'APPROVED' AND tp."supersededAt" IS NULL
    WHERE pa."schoolId" = $1 AND pa."classId" = ${c} AND pa."subjectId" = ${s} AND pa."subgroupId" = ${g})`;

/** The first topic, in order, not yet covered fully by earlier lessons (R-JRN-11). */
export function nextTopic<T extends { hours: number; covered: number }>(items: readonly T[]): T | null {
  return items.find((i) => i.covered < i.hours) ?? null;
}

/**
 * The topics of a journal's approved plan with the lessons covering each before a point: an existing
 * lesson (lessons before it by date, number, id) or a date (every lesson of the journal up to that
 * date, for a new lesson). Null when the journal has no approved plan (or the plan has no topics).
 * One query.
 */
export async function planTopicsAt(schoolId: number, j: JournalKey, at: { lessonId: number } | { date: Date }): Promise<JournalPlanTopics | null> {
  const lessonId = "lessonId" in at ? at.lessonId : null;
  const date = "date" in at ? isoDate(at.date) : null;
  const { rows } = await pgPool().query<{
    planId: number;
    title: string;
    id: number;
    position: number;
    section: string | null;
    topic: string;
    hours: number;
    lessonType: string | null;
    workKind: PlanWorkKind | null;
    covered: number;
  }>(
    `WITH me AS (SELECT l.date, coalesce(l.number, 99) AS n, l.id FROM "Lesson" l WHERE l.id = $5::int AND l."schoolId" = $1
                 UNION ALL SELECT $6::date, 100, 2147483647 WHERE $5::int IS NULL),
          c AS (SELECT l."planItemId" AS id, count(*)::int AS n FROM "Lesson" l, me
                 WHERE l."schoolId" = $1 AND l."classId" = $2 AND l."subjectId" = $3 AND l."subgroupId" IS NOT DISTINCT FROM $4::int
                   AND l."planItemId" IS NOT NULL AND (l.date, coalesce(l.number, 99), l.id) < (me.date, me.n, me.id)
                 GROUP BY l."planItemId")
     SELECT p.id AS "planId", p.title, i.id, i.position, i.section, i.topic, i.hours, i."lessonType", i."workKind"::text AS "workKind", coalesce(c.n, 0) AS covered
       FROM "ThematicPlan" p JOIN "PlanItem" i ON i."planId" = p.id LEFT JOIN c ON c.id = i.id
      WHERE p.id = ${PLAN_OF("$2", "$3", "coalesce($4::int, 0)")}
      ORDER BY i.position`,
    [schoolId, j.classId, j.subjectId, j.subgroupId, lessonId, date],
  );
  if (!rows.length) return null;
  const items: PlanTopic[] = rows.map((r) => ({
    id: r.id,
    position: r.position,
    section: r.section,
    topic: r.topic,
    hours: r.hours,
    lessonType: r.lessonType,
    workKind: r.workKind,
    covered: r.covered,
  }));
  return { planId: rows[0]!.planId, title: rows[0]!.title, items, next: nextTopic(items) };
}

export type PlanItemRow = Omit<PlanTopic, "covered">;

/**
 * The topics with these ids that belong to the journal's approved plan (inside the saving
 * transaction): an id of another plan, another journal or a guessed one is simply absent.
 */
export async function journalPlanItems(db: Db, schoolId: number, j: JournalKey, ids: readonly number[]): Promise<Map<number, PlanItemRow>> {
  const want = [...new Set(ids)];
  if (!want.length) return new Map();
  const rows = await db.$queryRaw<PlanItemRow[]>`
    SELECT i.id, i.position, i.section, i.topic, i.hours, i."lessonType", i."workKind"::text AS "workKind"
      FROM "PlanItem" i
      JOIN "PlanAssignment" pa ON pa."planId" = i."planId"
      JOIN "SchoolClass" sc ON sc.id = pa."classId" AND sc."yearId" = pa."yearId"
      JOIN "ThematicPlan" tp ON tp.id = pa."planId" AND tp.status = 'APPROVED' AND tp."supersededAt" IS NULL
     WHERE i.id = ANY(${want}::int[]) AND i."schoolId" = ${schoolId} AND pa."schoolId" = ${schoolId}
       AND pa."classId" = ${j.classId} AND pa."subjectId" = ${j.subjectId} AND pa."subgroupId" = ${j.subgroupId ?? 0}`;
  return new Map(rows.map((r) => [r.id, r]));
}

// ------------------------------------------------------------------ kinds of work

/** A kind of work of the school as the mapping needs it. */
export interface WorkType {
  id: number;
  name: string;
  isControl: boolean;
  archived: boolean;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/ё/g, "е");

/** Stems of the school's kinds of work for a plan's kind of work (names are the school's own). */
const STEMS: Record<PlanWorkKind, RegExp> = {
  CONTROL: /контрольн/,
  PRACTICAL: /практическ/,
  LABORATORY: /лабораторн/,
  EXCURSION: /экскурс/,
  DIAGNOSTIC: /диагностическ/,
  TEST: /^тест|тестир/,
};

/**
 * The school's kind of work that a plan topic of this kind sets on its lesson (R-JRN-10): the active
 * kind named like it («Контрольная работа»), else one whose name has its stem («Практическая работа
 * по физике»), for a control work else the first control kind (isControl). Null when the school has
 * none: then the lesson's kinds of work are left as they are and the form says so.
 */
export function workTypeFor(kind: PlanWorkKind | null, types: readonly WorkType[]): number | null {
  if (!kind) return null;
  const active = types.filter((t) => !t.archived);
  const exact = active.find((t) => norm(t.name) === norm(WORK_KIND_NAMES[kind]));
  if (exact) return exact.id;
  const stem = active.find((t) => STEMS[kind].test(norm(t.name)));
  if (stem) return stem.id;
  if (kind === "CONTROL") return active.find((t) => t.isControl)?.id ?? null;
  return null;
}

/** Every kind of work (archived too) that counts as a recorded work of this kind in the report: control works are all isControl kinds. */
export function workTypeIds(kind: PlanWorkKind, types: readonly WorkType[]): number[] {
  return types.filter((t) => STEMS[kind].test(norm(t.name)) || (kind === "CONTROL" && t.isControl)).map((t) => t.id);
}

/** What a topic's kind of work means for the form: the kind it sets, or why none. */
export function workNote(
  item: { workKind: PlanWorkKind | null } | null,
  types: readonly WorkType[],
): { typeId: number; text: string } | { typeId: null; text: string } | null {
  if (!item?.workKind) return null;
  const name = WORK_KIND_NAMES[item.workKind];
  const typeId = workTypeFor(item.workKind, types);
  if (typeId === null) return { typeId: null, text: `По КТП это ${name.toLowerCase()}, но такого вида работы в школе нет: отметьте вид работы сами.` };
  const type = types.find((t) => t.id === typeId)!;
  return { typeId, text: `По КТП это ${name.toLowerCase()}: к уроку добавляется вид работы «${type.name}».` };
}

// ------------------------------------------------------------------ the lesson form

/** The plan's topics as the lesson form shows them (views/journal/_lesson-fields.ejs). */
export interface TopicForm {
  planId: number;
  title: string;
  options: { value: number; label: string; topic: string; lessonType: string }[];
  next: PlanTopic | null;
  /** «Следующая тема по КТП: №5 «…» (урок 2 из 2)». */
  nextText: string;
  /** What the selected topic's kind of work does (workNote), null for an ordinary topic. */
  workText: string | null;
}

/** «№5 Сложение дробей — 2 ч, пройдено 1» for the select. */
function optionLabel(i: PlanTopic, nextId: number | null): string {
  const done = i.covered >= i.hours ? ", пройдена" : i.covered > 0 ? `, уроков: ${i.covered}` : "";
  const kind = i.workKind ? ` · ${WORK_KIND_NAMES[i.workKind].toLowerCase()}` : "";
  return `№${i.position} ${i.topic} — ${i.hours} ч${done}${kind}${i.id === nextId ? " (следующая)" : ""}`;
}

/** The select of the plan's topics with the next one named, for the topic selected (`selectedId`). */
export function topicForm(plan: JournalPlanTopics, types: readonly WorkType[], selectedId: number | null): TopicForm {
  const next = plan.next;
  const selected = plan.items.find((i) => i.id === selectedId) ?? null;
  return {
    planId: plan.planId,
    title: plan.title,
    options: plan.items.map((i) => ({ value: i.id, label: optionLabel(i, next?.id ?? null), topic: i.topic, lessonType: i.lessonType ?? "" })),
    next,
    nextText: next
      ? `Следующая тема по КТП: №${next.position} «${next.topic}»${next.hours > 1 ? ` (урок ${next.covered + 1} из ${next.hours})` : ""}.`
      : "Все темы КТП уже пройдены.",
    workText: workNote(selected, types)?.text ?? null,
  };
}

/**
 * The values a lesson form starts with when the lesson has no topic yet (R-JRN-11): the next topic
 * selected and written in, its lesson type, and its kind of work checked with the topic as the
 * work's topic. Null without a plan or when every topic is covered.
 */
export function topicPrefill(plan: JournalPlanTopics | null, types: readonly WorkType[]): Record<string, string | string[]> | null {
  const next = plan?.next;
  if (!next) return null;
  const out: Record<string, string | string[]> = {
    planItemId: String(next.id),
    planShown: String(next.id),
    topic: next.topic,
    lessonType: next.lessonType ?? "",
    works: [],
  };
  const typeId = workTypeFor(next.workKind, types);
  if (typeId !== null) {
    out.works = [String(typeId)];
    out[`workTopic_${typeId}`] = next.topic;
  }
  return out;
}

// ------------------------------------------------------------------ saving a lesson's topic

/** The lesson form's fields that a plan topic fills. */
export interface LessonTopicFields {
  topic: string | null;
  lessonType: string | null;
  works: number[];
  workTopics?: Record<number, string | null>;
  /** The chosen topic of the plan: null = «тема не из КТП»; undefined = the form had no plan select (the link stays). */
  planItemId?: number | null;
  /** The topic whose values the form was pre-filled with (a hidden field): tells a changed choice from a kept one without JavaScript. */
  planShown?: number | null;
}

export interface PlanTopicContext {
  chosen: PlanItemRow | null;
  shown: PlanItemRow | null;
  /** The lesson's stored link (null for a new lesson). */
  storedId: number | null;
  types: readonly WorkType[];
  /** Kinds of work the lesson already has (never removed here). */
  existingWorks: ReadonlySet<number>;
}

const same = (a: string | null | undefined, b: string | null | undefined) => norm(a ?? "") === norm(b ?? "");

/**
 * The topic, lesson type and kinds of work of a lesson saved with a plan topic (R-JRN-11, R-JRN-10):
 *   - an empty topic becomes the chosen topic's; so does the pre-filled topic of another topic when the
 *     choice was changed (a form without JavaScript keeps the text of the topic first offered);
 *     a topic the teacher wrote stays as written (the link to the chosen topic is kept);
 *   - the lesson type likewise;
 *   - a newly chosen topic that is a control, practical or laboratory work (…) adds its kind of work
 *     (workTypeFor) with the topic as the work's topic; a kind pre-checked for the topic first offered
 *     is dropped when another topic was chosen, unless the lesson had it already.
 * Pure: the caller has checked that the topics belong to the journal's plan.
 */
export function applyPlanTopic(input: LessonTopicFields, ctx: PlanTopicContext): LessonTopicFields {
  const { chosen, shown } = ctx;
  const changed = (chosen?.id ?? null) !== (shown?.id ?? null);
  let topic = input.topic;
  let lessonType = input.lessonType;
  if (chosen && (!topic?.trim() || (changed && shown && same(topic, shown.topic)))) topic = chosen.topic;
  if (chosen && (!lessonType?.trim() || (changed && shown && same(lessonType, shown.lessonType)))) lessonType = chosen.lessonType;
  const works = [...new Set(input.works)];
  const workTopics = { ...(input.workTopics ?? {}) };
  if (changed && shown) {
    const stale = workTypeFor(shown.workKind, ctx.types);
    const wanted = chosen ? workTypeFor(chosen.workKind, ctx.types) : null;
    if (stale !== null && stale !== wanted && !ctx.existingWorks.has(stale) && works.includes(stale) && same(workTopics[stale] ?? shown.topic, shown.topic)) {
      works.splice(works.indexOf(stale), 1);
      delete workTopics[stale];
    }
  }
  if (chosen && changed && chosen.id !== ctx.storedId) {
    const typeId = workTypeFor(chosen.workKind, ctx.types);
    if (typeId !== null && !works.includes(typeId)) works.push(typeId);
  }
  if (chosen) {
    const typeId = workTypeFor(chosen.workKind, ctx.types);
    if (typeId !== null && works.includes(typeId) && !workTopics[typeId]?.trim()) workTopics[typeId] = chosen.topic;
  }
  return { ...input, topic, lessonType, works, workTopics };
}

/**
 * Checks the plan topics of a posted lesson form against the journal's approved plan and applies the
 * chosen one (applyPlanTopic). ValidationError { planItemId } for a topic not of this journal's plan.
 * Returns the fields to save, planItemId undefined when the form had no plan select.
 */
export async function resolvePlanTopic(
  db: Db,
  schoolId: number,
  j: JournalKey,
  input: LessonTopicFields,
  lesson: { storedId: number | null; existingWorks: ReadonlySet<number> },
): Promise<LessonTopicFields> {
  if (input.planItemId === undefined) return input;
  const ids = [input.planItemId, input.planShown].filter((x): x is number => typeof x === "number");
  // One after the other: `db` is usually a transaction (one connection).
  const items = await journalPlanItems(db, schoolId, j, ids);
  const types = ids.length ? await db.assignmentType.findMany({ where: { schoolId }, select: { id: true, name: true, isControl: true, archived: true } }) : [];
  const chosen = input.planItemId === null ? null : (items.get(input.planItemId) ?? null);
  if (input.planItemId !== null && !chosen) throw new ValidationError({ planItemId: "Этой темы нет в утверждённом КТП журнала: выберите тему из списка" });
  const shown = input.planShown ? (items.get(input.planShown) ?? null) : null;
  return applyPlanTopic(input, { chosen, shown, storedId: lesson.storedId, types, existingWorks: lesson.existingWorks });
}
