/** Shared pieces of the diary: the scoped student lookup, weeks, and membership-over-time filters. */
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { addDays, isoDate, parseIsoDate, today, within } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import { assertDiaryStudent, diaryStudentIds } from "./diary.policy.ts";
import { TEXT } from "./diary.text.ts";

/** A time span of a class or subgroup membership: inclusive, toDate null while open. */
export interface Span {
  fromDate: Date;
  toDate: Date | null;
}

export interface DiaryStudent {
  id: number;
  name: string;
  firstName: string;
}

interface StudentNameRow {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
}

/** Names of the given students of the school: one indexed statement on the pg pool (every diary page runs it). */
async function studentNames(schoolId: number, ids: readonly number[]): Promise<StudentNameRow[]> {
  const { rows } = await pgPool().query<StudentNameRow>({
    name: "diary-students",
    text: `SELECT st.id, p."lastName", p."firstName", p."middleName"
             FROM "Student" st JOIN "Person" p ON p.id = st."personId"
            WHERE st.id = ANY($2::int[]) AND st."schoolId" = $1`,
    values: [schoolId, [...ids]],
  });
  return rows;
}

/**
 * R-ACL-1: the student whose diary is asked for, only if it is the actor or the actor's child
 * and belongs to the actor's school; otherwise NotFound.
 */
export async function loadDiaryStudent(actor: Actor, studentId: number): Promise<DiaryStudent> {
  assertDiaryStudent(actor, studentId);
  const [st] = await studentNames(actor.schoolId, [studentId]);
  if (!st) throw new NotFound();
  return { id: st.id, name: fullName(st), firstName: st.firstName };
}

/** The students the actor may switch between (own self first, then the children by name). */
export async function diaryStudents(actor: Actor): Promise<DiaryStudent[]> {
  const ids = diaryStudentIds(actor);
  if (!ids.length) return [];
  const rows = await studentNames(actor.schoolId, ids);
  rows.sort((a, b) => (a.id === actor.studentId ? -1 : b.id === actor.studentId ? 1 : compareNames(a, b)));
  return rows.map((r) => ({ id: r.id, name: fullName(r), firstName: r.firstName }));
}

/**
 * R-ACL-1: the student of the switcher list (loaded with diaryStudents) if the actor may see it;
 * NotFound otherwise. Saves a second lookup on pages that show the switcher anyway.
 */
export function pickDiaryStudent(actor: Actor, students: readonly DiaryStudent[], studentId: number): DiaryStudent {
  assertDiaryStudent(actor, studentId);
  const st = students.find((s) => s.id === studentId);
  if (!st) throw new NotFound();
  return st;
}

/** The Monday of the date's week. */
export function mondayOf(date: Date): Date {
  return addDays(date, -((date.getUTCDay() + 6) % 7));
}

/** A ?date= query value: absent → today; not a date → ValidationError (422). */
export function dateQuery(value: unknown, fallback?: Date): Date {
  if (value === undefined || value === "") return fallback ?? today();
  const d = typeof value === "string" ? parseIsoDate(value.trim()) : null;
  if (!d) throw new ValidationError({ date: TEXT.badDate }, TEXT.badDate);
  return d;
}

/** The span (of those given) that contains the date, or undefined. */
export function spanOn<T extends Span>(spans: readonly T[], date: Date): T | undefined {
  return spans.find((s) => within(date, s.fromDate, s.toDate));
}

/**
 * Whether a lesson belongs in this student's diary: the student was in the lesson's class on
 * the lesson's date, and for a subgroup lesson in that subgroup on that date. A student who moved
 * sees the old class's lessons before the move and the new class's after it.
 */
export function isStudentLesson(
  lesson: { classId: number; subgroupId: number | null; date: Date },
  classSpans: readonly (Span & { classId: number })[],
  subgroupSpans: readonly (Span & { subgroupId: number })[],
): boolean {
  if (!classSpans.some((m) => m.classId === lesson.classId && within(lesson.date, m.fromDate, m.toDate))) return false;
  if (lesson.subgroupId === null) return true;
  return subgroupSpans.some((m) => m.subgroupId === lesson.subgroupId && within(lesson.date, m.fromDate, m.toDate));
}

/** Overlap condition for spans with the inclusive range [from, to] (a Prisma where fragment). */
export function overlapping(from: Date, to: Date) {
  return { fromDate: { lte: to }, OR: [{ toDate: null }, { toDate: { gte: from } }] };
}

/** The school year's first day (1 September) for a date. */
export function schoolYearStart(date: Date): Date {
  const y = date.getUTCFullYear() - (date.getUTCMonth() < 8 ? 1 : 0);
  return new Date(Date.UTC(y, 8, 1));
}

export type RangeResult =
  | { ok: true; from: Date; to: Date; values: { from: string; to: string } }
  | { ok: false; errors: Record<string, string>; values: { from: string; to: string } };

/** ?from=&to= of the statistics form: defaults from 1 September to today; bad dates become field errors. */
export function parseRange(query: Record<string, unknown>, now: Date = today()): RangeResult {
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const raw = { from: text(query.from), to: text(query.to) };
  const to = raw.to ? parseIsoDate(raw.to) : now;
  const from = raw.from ? parseIsoDate(raw.from) : to ? schoolYearStart(to) : null;
  const errors: Record<string, string> = {};
  if (!from) errors.from = TEXT.badDate;
  if (!to) errors.to = TEXT.badDate;
  if (!from || !to) return { ok: false, errors, values: raw };
  return { ok: true, from, to, values: { from: isoDate(from), to: isoDate(to) } };
}
