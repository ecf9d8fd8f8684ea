/**
 * Attendance of a lesson (R-JRN-1, R-JRN-9, R-JRN-12): Н, Б, УП, НП, ОП per student, set by the
 * teacher and corrected by the class teacher, and the stamp "attendance taken". writeAttendance
 * and writeAttendanceTaken are their one writer: the grid's autosave, the lesson sheet and the
 * class teacher's day all go through them. Every change is audited in the same transaction; a
 * save that changes nothing writes nothing.
 */
import type { Actor } from "../../access/actor.ts";
import { clock } from "../../lib/clock.ts";
import { today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { cellKey, type LessonForEdit } from "./journal.context.ts";
import { assertLessonEdit, assertReason, decideLessonEdit } from "./journal.policy.ts";
import type { AttendanceInput } from "./journal.schemas.ts";
import { attendanceFacts, auditInsert, auditValues, lessonFacts, pgTransaction, timestamp, type Client } from "./journal.sql.ts";
import { MSG } from "./journal.text.ts";

export interface SavedAttendance {
  attendance: { code: AttendanceCode } | null;
  corrected: boolean;
}

/** What writeAttendance did: the saved entry, and whether anything was written (false: the cell already held this code). */
export interface WrittenAttendance extends SavedAttendance {
  changed: boolean;
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

/** R-JRN-12: the lesson's attendance counts as taken from the first save on (the stamp is set once). */
async function stampTaken(c: Client, lesson: LessonForEdit, at: Date): Promise<void> {
  if (!lesson.attendanceCheckedAt)
    await c.query(`UPDATE "Lesson" SET "attendanceCheckedAt" = ${timestamp(2)}, "updatedAt" = ${timestamp(2)} WHERE id = $1`, [lesson.id, at]);
}

/**
 * Writes one student's attendance on client `c`, inside the caller's transaction; `code: null`
 * clears it. Rules re-asserted on the rows just read with the lesson locked
 * (assertAttendanceEditable, membership on the lesson date); stamps the lesson's attendance as
 * taken. Same code: nothing is written, nothing audited. Throws NotFound, Forbidden, Locked,
 * ValidationError.
 */
export async function writeAttendance(c: Client, actor: Actor, lessonId: number, input: AttendanceInput, now: Date): Promise<WrittenAttendance> {
  const f = await attendanceFacts(c, actor, lessonId, input.studentId);
  if (!f) throw new NotFound("Урок не найден");
  const { lesson, old } = f;
  assertAttendanceEditable(actor, lesson, input.reason, now);
  if (!lesson.member) throw new ValidationError({ studentId: MSG.notMember(lesson.date) }, MSG.notMember(lesson.date));
  const at = clock.now();
  const audit = (action: string, oldValue: unknown, newValue: unknown) =>
    auditValues({
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "attendance",
      entityId: cellKey.attendance(lesson.id, input.studentId),
      action,
      oldValue,
      newValue,
      reason: input.reason,
      at,
    });
  await stampTaken(c, lesson, at);
  if (input.code === null) {
    if (!old) return { attendance: null, corrected: false, changed: false };
    await c.query(`WITH d AS (DELETE FROM "Attendance" WHERE id = $1) ${auditInsert(2)}`, [old.id, ...audit("delete", { code: old.code }, null)]);
    return { attendance: null, corrected: true, changed: true };
  }
  if (old) {
    if (old.code === input.code) return { attendance: { code: old.code }, corrected: false, changed: false };
    await c.query(`WITH u AS (UPDATE "Attendance" SET code = $2::"AttendanceCode", "updatedAt" = ${timestamp(3)} WHERE id = $1) ${auditInsert(4)}`, [
      old.id,
      input.code,
      at,
      ...audit("update", { code: old.code }, { code: input.code }),
    ]);
    return { attendance: { code: input.code }, corrected: true, changed: true };
  }
  await c.query(
    `WITH i AS (INSERT INTO "Attendance" ("schoolId", "lessonId", "studentId", code, "updatedAt") VALUES ($1, $2, $3, $4::"AttendanceCode", ${timestamp(5)})) ${auditInsert(6)}`,
    [actor.schoolId, lesson.id, input.studentId, input.code, at, ...audit("create", null, { code: input.code })],
  );
  return { attendance: { code: input.code }, corrected: !!input.reason, changed: true };
}

/**
 * R-JRN-12 on client `c`, inside the caller's transaction: the attendance of the lesson was
 * taken (everyone present unless marked), so the completeness check does not report it. Same
 * rules as changing attendance. Throws NotFound, Forbidden, Locked, ValidationError.
 */
export async function writeAttendanceTaken(c: Client, actor: Actor, lessonId: number, reason: string | null, now: Date): Promise<void> {
  const lesson = await lessonFacts(c, actor, lessonId);
  if (!lesson) throw new NotFound("Урок не найден");
  assertAttendanceEditable(actor, lesson, reason, now);
  await stampTaken(c, lesson, clock.now());
}

/**
 * Saves one student's attendance for a lesson (POST /journal/lessons/:lessonId/attendance):
 * writeAttendance in a short transaction of its own (the grid's autosave). Throws NotFound,
 * Forbidden, Locked, ValidationError.
 */
export async function saveAttendance(actor: Actor, lessonId: number, input: AttendanceInput, now: Date = today()): Promise<SavedAttendance> {
  const { attendance, corrected } = await pgTransaction((c) => writeAttendance(c, actor, lessonId, input, now));
  return { attendance, corrected };
}

/** R-JRN-12: "everyone present" (POST /journal/lessons/:lessonId/attendance-taken); see writeAttendanceTaken. */
export async function markAttendanceTaken(actor: Actor, lessonId: number, reason: string | null = null, now: Date = today()): Promise<void> {
  await pgTransaction((c) => writeAttendanceTaken(c, actor, lessonId, reason, now));
}
