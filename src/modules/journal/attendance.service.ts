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
import { assertMemberOn } from "./marks.service.ts";

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
    await tx.lesson.update({ where: { id: lesson.id }, data: { attendanceCheckedAt: new Date() } });
    lesson.attendanceCheckedAt = new Date();
  }
  const old = await tx.attendance.findUnique({ where: { lessonId_studentId: { lessonId: lesson.id, studentId: change.studentId } } });
  const base = { schoolId: actor.schoolId, actorId: actor.userId, entity: "attendance", entityId: cellKey.attendance(lesson.id, change.studentId), reason: change.reason };
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
 */
export async function saveAttendance(actor: Actor, lessonId: number, input: AttendanceInput, now: Date = today()): Promise<SavedAttendance> {
  return prisma.$transaction(async (tx) => {
    const lesson = await lessonForEdit(tx, actor, lessonId, true);
    assertAttendanceEditable(actor, lesson, input.reason, now);
    await assertMemberOn(tx, lesson, input.studentId);
    return applyAttendance(tx, actor, lesson, input);
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
    if (!lesson.attendanceCheckedAt) await tx.lesson.update({ where: { id: lesson.id }, data: { attendanceCheckedAt: new Date() } });
  });
}
