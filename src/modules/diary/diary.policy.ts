/**
 * Who may see whose diary (R-ACL-1): a student only the own diary, a parent only the own
 * children's. Any other student id — a classmate, a guessed id, another school's — is a 404,
 * so the answer does not even tell whether the student exists.
 * Weekly printouts for parents (R-DRY-3): the class teacher for the own class; the deputy and
 * the administrator for any class of the school.
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach, reachesClass } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";

/** The students whose diary the actor may open (the diary's reach): the own record first, then the children. */
export function diaryStudentIds(actor: Actor): readonly number[] {
  return reach(actor, "view", "diary").studentIds;
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
  return reach(actor, "view", "diary-print").all;
}

/** R-DRY-3: may the actor print the weekly diary of this class (of the actor's school)? */
export function canPrintClassDiary(actor: Actor, cls: { id: number; schoolId: number }): boolean {
  return cls.schoolId === actor.schoolId && reachesClass(reach(actor, "view", "diary-print"), [cls.id]);
}

/** Whether the actor may print for some class at all (shows the printout page). */
export function canPrintAnyDiary(actor: Actor): boolean {
  const r = reach(actor, "view", "diary-print");
  return can(actor, "view", "diary-print") && (r.all || r.classIds.length > 0);
}
