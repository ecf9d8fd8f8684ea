/**
 * Record rules of the schedule of assessment procedures (R-PLN-6), over the catalogue's
 * "assessment-schedule" scopes:
 *
 *   staff view   the school's staff with view "school" (deputy, administrator, teachers, class
 *                teachers, the secretary) see every class's schedule and its warnings;
 *   families     parents ("own-children") and students ("self") see only a published schedule of the
 *                child's own class, in the diary — the /planning pages are not theirs (404);
 *   plan         create "taught": a teacher plans assessments for the journals of the own teaching
 *                load (class, subgroup, subject), school scope for any journal; a journal outside the
 *                scope is not found (404); update/delete likewise;
 *   exceptions   accepting a justified exception and publishing are the deputy's (update "school");
 *   closed year  nothing changes in a closed year.
 */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import { Forbidden, Locked, NotFound } from "../../lib/errors.ts";
import type { LoadJournal } from "./assessments.data.ts";
import { TEXT } from "./assessments.text.ts";

/** The staff pages (/planning/assessments): school-wide view; families and others get a 404. */
export function canViewSchedules(actor: Actor): boolean {
  return reach(actor, "view", "assessment-schedule").all;
}

export function assertViewSchedules(actor: Actor): void {
  if (!canViewSchedules(actor)) throw new NotFound();
}

/** The journals whose assessments the actor plans (create) or changes (update, delete): all, or the own load's. */
export function journalsInScope(actor: Actor, action: "create" | "update" | "delete", journals: readonly LoadJournal[]): LoadJournal[] {
  const r = reach(actor, action, "assessment-schedule");
  if (r.all) return [...journals];
  if (r.teacherId !== null) return journals.filter((j) => j.teacherId === r.teacherId);
  return [];
}

/** Whether an assessment of this class, subject (and subgroup) is within the actor's scope for the action. */
export function canChangeAssessment(
  actor: Actor,
  action: "update" | "delete",
  a: { classId: number; subjectId: number; subgroupId: number },
  journals: readonly LoadJournal[],
): boolean {
  const r = reach(actor, action, "assessment-schedule");
  if (r.all) return true;
  return journalsInScope(actor, action, journals).some(
    (j) => j.classId === a.classId && j.subjectId === a.subjectId && (a.subgroupId === 0 || j.subgroupId === a.subgroupId || j.subgroupId === 0),
  );
}

/** Accepts exceptions and publishes schedules: update at school scope (the deputy, the administrator). */
export function canManageSchedule(actor: Actor): boolean {
  return reach(actor, "update", "assessment-schedule").all;
}

export function assertManageSchedule(actor: Actor): void {
  if (!canManageSchedule(actor)) throw new Forbidden();
}

/** Nothing changes in a closed year (Locked). */
export function assertYearOpen(year: { status: string; name: string }): void {
  if (year.status === "CLOSED") throw new Locked(TEXT.yearClosed(year.name));
}
