/**
 * Lesson marks (R-JRN-1): one mark 1–5 per student per kind of work in a lesson, with an
 * optional comment. Every change is audited (old → new, reason) in the same transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import type { Db } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { auditInsert, auditValues, markFacts, NOW, pgTransaction } from "./journal.sql.ts";
import { cellKey, lessonForEdit, rosterSpans, type LessonForEdit } from "./journal.context.ts";
import { assertLessonEdit, assertReason, decideLessonEdit, marksAllowed, wasMemberOn } from "./journal.policy.ts";
import type { MarkInput } from "./journal.schemas.ts";
import { MSG } from "./journal.text.ts";

export interface SavedMark {
  mark: { id: number; value: number; comment: string | null } | null;
  /** The change was a correction (update, delete or with a reason): the cell now has a history. */
  corrected: boolean;
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
  if (!marksAllowed(lesson.grade, lesson.gradingMode)) throw new ValidationError({ value: MSG.marksNotUsed }, MSG.marksNotUsed);
  return r;
}

/** The student was a member of the lesson's class (subgroup) on its date; ValidationError on field studentId otherwise. */
export async function assertMemberOn(db: Db, lesson: LessonForEdit, studentId: number): Promise<void> {
  const spans = await rosterSpans(db, lesson.schoolId, lesson, [studentId]);
  if (!wasMemberOn(spans.get(studentId) ?? [], lesson.date)) throw new ValidationError({ studentId: MSG.notMember(lesson.date) }, MSG.notMember(lesson.date));
}

/**
 * Applies one mark change inside a transaction whose rules were already asserted:
 * creates the lesson's kind of work on first use, creates / updates / deletes the mark,
 * audits old → new. A no-op (same value and comment) writes nothing.
 */
export async function applyMark(
  tx: Db,
  actor: Actor,
  lesson: LessonForEdit,
  change: { studentId: number; assignmentTypeId: number; value: number | null; comment: string | null; reason: string | null },
): Promise<SavedMark> {
  const type = await tx.assignmentType.findFirst({ where: { id: change.assignmentTypeId, schoolId: actor.schoolId }, select: { id: true, archived: true } });
  if (!type) throw new ValidationError({ assignmentTypeId: MSG.typeUnknown }, MSG.typeUnknown);
  let work = await tx.lessonWork.findUnique({ where: { lessonId_assignmentTypeId: { lessonId: lesson.id, assignmentTypeId: type.id } }, select: { id: true } });
  const old = work ? await tx.mark.findUnique({ where: { workId_studentId: { workId: work.id, studentId: change.studentId } } }) : null;
  const key = cellKey.mark(lesson.id, change.studentId, type.id);
  const base = { schoolId: actor.schoolId, actorId: actor.userId, entity: "mark", entityId: key, reason: change.reason };
  const comment = change.value === null ? null : change.comment;

  if (change.value === null) {
    if (!old) return { mark: null, corrected: false };
    await tx.mark.delete({ where: { id: old.id } });
    await audit(tx, { ...base, action: "delete", oldValue: { value: old.value, comment: old.comment } });
    return { mark: null, corrected: true };
  }
  if (old) {
    if (old.value === change.value && (old.comment ?? null) === comment)
      return { mark: { id: old.id, value: old.value, comment: old.comment }, corrected: false };
    const m = await tx.mark.update({ where: { id: old.id }, data: { value: change.value, comment } });
    await audit(tx, { ...base, action: "update", oldValue: { value: old.value, comment: old.comment }, newValue: { value: m.value, comment: m.comment } });
    return { mark: { id: m.id, value: m.value, comment: m.comment }, corrected: true };
  }
  if (!work) {
    if (type.archived) throw new ValidationError({ assignmentTypeId: MSG.typeArchived }, MSG.typeArchived);
    work = await tx.lessonWork.create({ data: { schoolId: actor.schoolId, lessonId: lesson.id, assignmentTypeId: type.id }, select: { id: true } });
  }
  const m = await tx.mark.create({
    data: {
      schoolId: actor.schoolId,
      lessonId: lesson.id,
      workId: work.id,
      studentId: change.studentId,
      value: change.value,
      comment,
      createdBy: actor.userId,
    },
  });
  await audit(tx, { ...base, action: "create", newValue: { value: m.value, comment: m.comment } });
  return { mark: { id: m.id, value: m.value, comment: m.comment }, corrected: !!change.reason };
}

/**
 * Saves one mark (POST /journal/lessons/:lessonId/marks). `value: null` deletes it.
 * Rules (re-asserted on the rows read in the transaction): own journal or substitution
 * (R-ACL-2, R-JRN-2), the lock window and closed years (R-JRN-5, R-YR-1; a deputy or
 * administrator overrides with a reason), membership on the lesson date, marks allowed
 * for the class and subject. Throws NotFound, Forbidden, Locked, ValidationError.
 *
 * The grid's autosave calls this for every keystroke, so it is one short transaction in raw
 * SQL: one query reads the locked lesson with all facts of the rules, the old mark and the
 * kind of work; one statement writes the mark with its audit row (old → new, reason).
 */
export async function saveMark(actor: Actor, lessonId: number, input: MarkInput, now: Date = today()): Promise<SavedMark> {
  return pgTransaction(async (c) => {
    const f = await markFacts(c, actor, lessonId, input.studentId, input.assignmentTypeId);
    if (!f) throw new NotFound("Урок не найден");
    const { lesson, type, old } = f;
    assertMarksEditable(actor, lesson, input.reason, now);
    if (!lesson.member) throw new ValidationError({ studentId: MSG.notMember(lesson.date) }, MSG.notMember(lesson.date));
    if (!type) throw new ValidationError({ assignmentTypeId: MSG.typeUnknown }, MSG.typeUnknown);
    const key = cellKey.mark(lesson.id, input.studentId, type.id);
    const comment = input.value === null ? null : input.comment;
    const audit = (action: string, oldV: unknown, newV: unknown) => auditValues(actor.schoolId, actor.userId, "mark", key, action, oldV, newV, input.reason);

    if (input.value === null) {
      if (!old) return { mark: null, corrected: false };
      await c.query(`WITH d AS (DELETE FROM "Mark" WHERE id = $1) ${auditInsert(2)}`, [
        old.id,
        ...audit("delete", { value: old.value, comment: old.comment }, null),
      ]);
      return { mark: null, corrected: true };
    }
    if (old) {
      if (old.value === input.value && (old.comment ?? null) === comment) return { mark: old, corrected: false };
      await c.query(`WITH u AS (UPDATE "Mark" SET value = $2, comment = $3, "updatedAt" = ${NOW} WHERE id = $1) ${auditInsert(4)}`, [
        old.id,
        input.value,
        comment,
        ...audit("update", { value: old.value, comment: old.comment }, { value: input.value, comment }),
      ]);
      return { mark: { id: old.id, value: input.value, comment }, corrected: true };
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
                  VALUES ($1, $2, $3, $4, $5, $6, $7, ${NOW}, ${NOW}) RETURNING id),
            a AS (${auditInsert(8)})
       SELECT id FROM m`,
      [actor.schoolId, lesson.id, workId, input.studentId, input.value, comment, actor.userId, ...audit("create", null, { value: input.value, comment })],
    );
    return { mark: { id: ins.rows[0]!.id, value: input.value, comment }, corrected: !!input.reason };
  });
}
