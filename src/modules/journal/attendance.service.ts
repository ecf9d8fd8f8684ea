/**
 * Attendance of a lesson (R-JRN-1, R-JRN-9): Н, Б, УП, НП, ОП per student, set by the
 * teacher and corrected by the class teacher. Every change is audited in the same transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { cellKey, lessonForEdit, type LessonForEdit } from "./journal.context.ts";
import { assertLessonEdit, assertReason, decideLessonEdit } from "./journal.policy.ts";
import type { AttendanceInput } from "./journal.schemas.ts";
import { attendanceFacts, auditInsert, auditValues, NOW, pgTransaction } from "./journal.sql.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { MSG } from "./journal.text.ts";
import { clock } from "../../lib/clock.ts";

export interface SavedAttendance {
  attendance: { code: AttendanceCode } | null;
  corrected: boolean;
}

/**
 * R-ACL-2, R-JRN-9, R-JRN-5: the lesson's teacher (own load), its substitute, or the class
 * teacher of the class may change attendance within the lock window; deputies and
 * administrators always, with a reason. Throws Locked, Forbidden, ValidationError.
 */
export function assertAttendanceEditable(actor: Actor, lesson: LessonForEdit, reason: string | null, now: Date): { override: boolean } {
  const decision = decideLessonEdit(actor, lesson, lesson.ownLoad, "attendance", now, lesson.lockDays);
  const r = assertLessonEdit(decision, lesson, lesson.lockDays, "attendance");
  assertReason(r.override, reason);
  return r;
}

/** Applies one attendance change (rules already asserted); marks the lesson's attendance as taken. */
export async function applyAttendance(
  tx: Db,
  actor: Actor,
  lesson: LessonForEdit,
  change: { studentId: number; code: AttendanceCode | null; reason: string | null },
): Promise<SavedAttendance> {
  if (!lesson.attendanceCheckedAt) {
    await tx.lesson.update({ where: { id: lesson.id }, data: { attendanceCheckedAt: clock.now() } });
    lesson.attendanceCheckedAt = clock.now();
  }
  const old = await tx.attendance.findUnique({ where: { lessonId_studentId: { lessonId: lesson.id, studentId: change.studentId } } });
  const base = {
    schoolId: actor.schoolId,
    actorId: actor.userId,
    entity: "attendance",
    entityId: cellKey.attendance(lesson.id, change.studentId),
    reason: change.reason,
  };
  if (change.code === null) {
    if (!old) return { attendance: null, corrected: false };
    await tx.attendance.delete({ where: { id: old.id } });
    await audit(tx, { ...base, action: "delete", oldValue: { code: old.code } });
    return { attendance: null, corrected: true };
  }
  if (old) {
    if (old.code === change.code) return { attendance: { code: old.code }, corrected: false };
    await tx.attendance.update({ where: { id: old.id }, data: { code: change.code } });
    await audit(tx, { ...base, action: "update", oldValue: { code: old.code }, newValue: { code: change.code } });
    return { attendance: { code: change.code }, corrected: true };
  }
  await tx.attendance.create({ data: { schoolId: actor.schoolId, lessonId: lesson.id, studentId: change.studentId, code: change.code } });
  await audit(tx, { ...base, action: "create", newValue: { code: change.code } });
  return { attendance: { code: change.code }, corrected: !!change.reason };
}

/**
 * Saves one student's attendance for a lesson (POST /journal/lessons/:lessonId/attendance);
 * `code: null` clears it. Throws NotFound, Forbidden, Locked, ValidationError.
 * Like saveMark, one short raw-SQL transaction: facts in one query, then the write with its audit row.
 */
export async function saveAttendance(actor: Actor, lessonId: number, input: AttendanceInput, now: Date = today()): Promise<SavedAttendance> {
  return pgTransaction(async (c) => {
    const f = await attendanceFacts(c, actor, lessonId, input.studentId);
    if (!f) throw new NotFound("Урок не найден");
    const { lesson, old } = f;
    assertAttendanceEditable(actor, lesson, input.reason, now);
    if (!lesson.member) throw new ValidationError({ studentId: MSG.notMember(lesson.date) }, MSG.notMember(lesson.date));
    const key = cellKey.attendance(lesson.id, input.studentId);
    const audit = (action: string, oldV: unknown, newV: unknown) =>
      auditValues(actor.schoolId, actor.userId, "attendance", key, action, oldV, newV, input.reason);
    if (!lesson.attendanceCheckedAt) await c.query(`UPDATE "Lesson" SET "attendanceCheckedAt" = ${NOW} WHERE id = $1`, [lesson.id]);
    if (input.code === null) {
      if (!old) return { attendance: null, corrected: false };
      await c.query(`WITH d AS (DELETE FROM "Attendance" WHERE id = $1) ${auditInsert(2)}`, [old.id, ...audit("delete", { code: old.code }, null)]);
      return { attendance: null, corrected: true };
    }
    if (old) {
      if (old.code === input.code) return { attendance: { code: old.code }, corrected: false };
      await c.query(`WITH u AS (UPDATE "Attendance" SET code = $2::"AttendanceCode", "updatedAt" = ${NOW} WHERE id = $1) ${auditInsert(3)}`, [
        old.id,
        input.code,
        ...audit("update", { code: old.code }, { code: input.code }),
      ]);
      return { attendance: { code: input.code }, corrected: true };
    }
    await c.query(
      `WITH i AS (INSERT INTO "Attendance" ("schoolId", "lessonId", "studentId", code, "updatedAt") VALUES ($1, $2, $3, $4::"AttendanceCode", ${NOW})) ${auditInsert(5)}`,
      [actor.schoolId, lesson.id, input.studentId, input.code, ...audit("create", null, { code: input.code })],
    );
    return { attendance: { code: input.code }, corrected: !!input.reason };
  });
}

/**
 * R-JRN-12: the teacher confirms attendance was taken (everyone present), so the
 * completeness check does not report the lesson. Same rules as editing attendance.
 */
export async function markAttendanceTaken(actor: Actor, lessonId: number, reason: string | null = null, now: Date = today()): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const lesson = await lessonForEdit(tx, actor, lessonId, true);
    assertAttendanceEditable(actor, lesson, reason, now);
    if (!lesson.attendanceCheckedAt) await tx.lesson.update({ where: { id: lesson.id }, data: { attendanceCheckedAt: clock.now() } });
  });
}
