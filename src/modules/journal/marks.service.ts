/**
 * Lesson marks (R-JRN-1): one mark 1–5 per student per kind of work in a lesson, with an
 * optional comment. writeMark is the one writer of a mark: the grid's autosave (saveMark) and
 * the lesson sheet both go through it. Every change is audited (old → new, reason) in the
 * same transaction; a save that changes nothing writes nothing.
 */
import type { Actor } from "../../access/actor.ts";
import { clock } from "../../lib/clock.ts";
import { today } from "../../lib/dates.ts";
import { marklessReason } from "../../lib/grading.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { auditInsert, auditValues, markFacts, pgTransaction, timestamp, type Client } from "./journal.sql.ts";
import { cellKey, type LessonForEdit } from "./journal.context.ts";
import { assertLessonEdit, assertReason, decideLessonEdit, marksAllowed } from "./journal.policy.ts";
import type { MarkInput } from "./journal.schemas.ts";
import { MSG } from "./journal.text.ts";

export interface SavedMark {
  mark: { id: number; value: number; comment: string | null } | null;
  /** The change was a correction (update, delete or with a reason): the cell now has a history. */
  corrected: boolean;
}

/** What writeMark did: the saved mark, and whether anything was written (false: the cell already held this value). */
export interface WrittenMark extends SavedMark {
  changed: boolean;
}

/**
 * R-ACL-2, R-JRN-2, R-JRN-5: asserts the actor may change marks of this lesson and returns
 * whether it is an override (then `reason` is required: ValidationError).
 * Throws Locked (closed year, lock window), Forbidden (not the own journal).
 */
export function assertMarksEditable(actor: Actor, lesson: LessonForEdit, reason: string | null, now: Date): { override: boolean } {
  const decision = decideLessonEdit(actor, lesson, lesson.ownLoad, "marks", now, lesson.lockDays);
  const r = assertLessonEdit(decision, lesson, lesson.lockDays, "marks");
  assertReason(r.override, reason);
  if (!marksAllowed(lesson)) {
    const why = marklessReason(lesson) ?? MSG.marksNotUsed;
    throw new ValidationError({ value: why }, why);
  }
  return r;
}

/**
 * Writes one mark on client `c`, inside the caller's transaction; `value: null` deletes it.
 * Rules, re-asserted on the rows just read with the lesson locked: own journal or substitution
 * (R-ACL-2, R-JRN-2), the lock window and closed years (R-JRN-5, R-YR-1; a deputy or
 * administrator overrides with a reason), marks allowed for the class and subject, membership
 * on the lesson date, a kind of work of the school — an archived one only where the lesson
 * already has it. Creates the lesson's kind of work on first use. Same value and comment:
 * nothing is written, nothing audited. Throws NotFound, Forbidden, Locked, ValidationError.
 */
export async function writeMark(c: Client, actor: Actor, lessonId: number, input: MarkInput, now: Date): Promise<WrittenMark> {
  const f = await markFacts(c, actor, lessonId, input.studentId, input.assignmentTypeId);
  if (!f) throw new NotFound("Урок не найден");
  const { lesson, type, old } = f;
  assertMarksEditable(actor, lesson, input.reason, now);
  if (!lesson.member) throw new ValidationError({ studentId: MSG.notMember(lesson.date) }, MSG.notMember(lesson.date));
  if (!type) throw new ValidationError({ assignmentTypeId: MSG.typeUnknown }, MSG.typeUnknown);
  const at = clock.now();
  const comment = input.value === null ? null : input.comment;
  const audit = (action: string, oldValue: unknown, newValue: unknown) =>
    auditValues({
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "mark",
      entityId: cellKey.mark(lesson.id, input.studentId, type.id),
      action,
      oldValue,
      newValue,
      reason: input.reason,
      at,
    });

  if (input.value === null) {
    if (!old) return { mark: null, corrected: false, changed: false };
    await c.query(`WITH d AS (DELETE FROM "Mark" WHERE id = $1) ${auditInsert(2)}`, [
      old.id,
      ...audit("delete", { value: old.value, comment: old.comment }, null),
    ]);
    return { mark: null, corrected: true, changed: true };
  }
  if (old) {
    if (old.value === input.value && (old.comment ?? null) === comment) return { mark: old, corrected: false, changed: false };
    await c.query(`WITH u AS (UPDATE "Mark" SET value = $2, comment = $3, "updatedAt" = ${timestamp(4)} WHERE id = $1) ${auditInsert(5)}`, [
      old.id,
      input.value,
      comment,
      at,
      ...audit("update", { value: old.value, comment: old.comment }, { value: input.value, comment }),
    ]);
    return { mark: { id: old.id, value: input.value, comment }, corrected: true, changed: true };
  }
  let workId = f.workId;
  if (workId === null) {
    if (type.archived) throw new ValidationError({ assignmentTypeId: MSG.typeArchived }, MSG.typeArchived);
    const w = await c.query<{ id: number }>(`INSERT INTO "LessonWork" ("schoolId", "lessonId", "assignmentTypeId") VALUES ($1, $2, $3) RETURNING id`, [
      actor.schoolId,
      lesson.id,
      type.id,
    ]);
    workId = w.rows[0]!.id;
  }
  const ins = await c.query<{ id: number }>(
    `WITH m AS (INSERT INTO "Mark" ("schoolId", "lessonId", "workId", "studentId", value, comment, "createdBy", "createdAt", "updatedAt")
                VALUES ($1, $2, $3, $4, $5, $6, $7, ${timestamp(8)}, ${timestamp(8)}) RETURNING id),
          a AS (${auditInsert(9)})
     SELECT id FROM m`,
    [actor.schoolId, lesson.id, workId, input.studentId, input.value, comment, actor.userId, at, ...audit("create", null, { value: input.value, comment })],
  );
  return { mark: { id: ins.rows[0]!.id, value: input.value, comment }, corrected: !!input.reason, changed: true };
}

/**
 * Saves one mark (POST /journal/lessons/:lessonId/marks): writeMark in a transaction of its
 * own. The grid's autosave calls this for every keystroke, so it is short: one query reads the
 * locked lesson with all facts of the rules, the old mark and the kind of work; one statement
 * writes the mark with its audit row. Throws NotFound, Forbidden, Locked, ValidationError.
 */
export async function saveMark(actor: Actor, lessonId: number, input: MarkInput, now: Date = today()): Promise<SavedMark> {
  const { mark, corrected } = await pgTransaction((c) => writeMark(c, actor, lessonId, input, now));
  return { mark, corrected };
}
