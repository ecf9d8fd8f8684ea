/**
 * Who may see whose diary (R-ACL-1): a student only the own diary, a parent only the own
 * children's. Any other student id — a classmate, a guessed id, another school's — is a 404,
 * so the answer does not even tell whether the student exists.
 * Weekly printouts for parents (R-DRY-3): the class teacher for the own class; the deputy and
 * the administrator for any class of the school.
 */
import type { Actor } from "../../access/actor.ts";
import { can, hasRole } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";

/** The students whose diary the actor may open: the own record first, then the children. */
export function diaryStudentIds(actor: Actor): number[] {
  if (!can(actor, "view", "diary")) return [];
  const ids = actor.studentId !== null && actor.roles.has("STUDENT") ? [actor.studentId] : [];
  if (actor.roles.has("PARENT")) for (const id of actor.childStudentIds) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** R-ACL-1: may the actor see this student's diary (own self or own child)? */
export function canViewDiary(actor: Actor, studentId: number): boolean {
  return diaryStudentIds(actor).includes(studentId);
}

/** R-ACL-1: throws NotFound unless the student is the actor or the actor's child. */
export function assertDiaryStudent(actor: Actor, studentId: number): void {
  if (!canViewDiary(actor, studentId)) throw new NotFound();
}

/** Deputies and administrators print for every class; others only for the classes they lead. */
export function printsAnyClass(actor: Actor): boolean {
  return hasRole(actor, "ADMIN", "DEPUTY");
}

/** R-DRY-3: may the actor print the weekly diary of this class (of the actor's school)? */
export function canPrintClassDiary(actor: Actor, cls: { id: number; schoolId: number }): boolean {
  if (cls.schoolId !== actor.schoolId) return false;
  return printsAnyClass(actor) || actor.ledClassIds.includes(cls.id);
}

/** Whether the actor may print for some class at all (shows the printout page). */
export function canPrintAnyDiary(actor: Actor): boolean {
  return printsAnyClass(actor) || actor.ledClassIds.length > 0;
}
