/**
 * Record rules of events and the calendar (issue 18), as pure functions of the actor (or the
 * viewer read for them) and the event rows. The catalogue row "event" decides:
 *
 *  - Reading: everyone ("s"), and the audience decides what each reader sees (inAudience): a
 *    pupil, a parent or a staff member sees an event iff they are in its audience; the
 *    administration (who may change any event) sees all, an author the own ones.
 *  - Creating: "school" any audience (the administration's school events); "taught" class events
 *    for the classes of the teaching load; "own-classes" for the classes led. A user with
 *    several roles gets the union. Class events are for classes or for those classes' parents.
 *  - Changing and deleting: "school" any of the school's; "own-classes" the events of the own
 *    classes only; "self" the own.
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach, scopesOf } from "../../access/policy.ts";
import { STAFF_ROLES } from "../../access/roles.ts";
import type { EventAudience } from "../../generated/prisma/enums.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { MSG } from "./events.text.ts";

/** Who is looking, with the classes that put them in an audience (current year, today). */
export interface Viewer {
  schoolId: number;
  userId: number;
  /** Sees every event of the school (the administration). */
  seesAll: boolean;
  staff: boolean;
  /** Classes a staff member teaches or leads, and their grades. */
  staffClassIds: readonly number[];
  staffGrades: readonly number[];
  parent: boolean;
  childClassIds: readonly number[];
  childGrades: readonly number[];
  student: boolean;
  ownClassIds: readonly number[];
  ownGrades: readonly number[];
}

/** What an audience check needs of an event. */
export interface AudienceOf {
  schoolId: number;
  authorId: number;
  audience: EventAudience;
  grades: readonly number[];
  classIds: readonly number[];
}

const meets = (e: AudienceOf, classIds: readonly number[], grades: readonly number[]) =>
  e.classIds.some((c) => classIds.includes(c)) || e.grades.some((g) => grades.includes(g));

/** The viewer is in the event's audience (or may see it anyway: the administration, the author). */
export function inAudience(v: Viewer, e: AudienceOf): boolean {
  if (e.schoolId !== v.schoolId) return false;
  if (v.seesAll || e.authorId === v.userId) return true;
  const asStaff = v.staff && meets(e, v.staffClassIds, v.staffGrades);
  switch (e.audience) {
    case "SCHOOL":
      return true;
    case "STAFF":
      return v.staff;
    case "GRADES":
    case "CLASSES":
      return asStaff || (v.parent && meets(e, v.childClassIds, v.childGrades)) || (v.student && meets(e, v.ownClassIds, v.ownGrades));
    case "PARENTS":
      return asStaff || (v.parent && ((!e.classIds.length && !e.grades.length) || meets(e, v.childClassIds, v.childGrades)));
  }
}

/** May create events at all (the «Новое событие» button, the form's guard). */
export function canCreate(actor: Actor): boolean {
  return can(actor, "create", "event");
}

/** Sees and changes every event of the school: the administration. */
export function managesAll(actor: Actor): boolean {
  return reach(actor, "update", "event").all;
}

export function isStaff(actor: Actor): boolean {
  return STAFF_ROLES.some((r) => actor.roles.has(r));
}

/** The creating scopes of the actor's roles, before the taught classes are read. */
export function creatingScopes(actor: Actor): { all: boolean; taught: boolean; ledClassIds: readonly number[] } {
  const scopes = scopesOf(actor, "create", "event");
  return { all: scopes.has("school"), taught: scopes.has("taught"), ledClassIds: scopes.has("own-classes") ? actor.ledClassIds : [] };
}

/** What the form may offer: audiences, classes and (the administration) grades. */
export interface EventTargets {
  audiences: EventAudience[];
  classes: { id: number; grade: number; letter: string }[];
  grades: number[];
}

/**
 * The server's re-check of a posted audience (nothing is stored when it fails): an audience the
 * actor may not address is Forbidden; a class or grade outside the actor's targets is NotFound,
 * like any id outside one's scope.
 */
export function assertTargets(t: EventTargets, choice: { audience: EventAudience; classIds: readonly number[]; grades: readonly number[] }): void {
  if (!t.audiences.includes(choice.audience)) throw new Forbidden(MSG.forbiddenAudience);
  const classes = new Set(t.classes.map((c) => c.id));
  if (!choice.classIds.every((id) => classes.has(id))) throw new NotFound();
  if (!choice.grades.every((g) => t.grades.includes(g))) throw new NotFound();
  // A teacher's parents-only event is for the chosen classes' parents, never the whole school's.
  if (choice.audience === "PARENTS" && !t.grades.length && !choice.classIds.length) throw new Forbidden(MSG.forbiddenAudience);
}

/** Change (update) or delete: the administration any; a class teacher the own classes' events; others the own. */
export function canChange(actor: Actor, action: "update" | "delete", e: AudienceOf): boolean {
  if (e.schoolId !== actor.schoolId) return false;
  const scopes = scopesOf(actor, action, "event");
  if (scopes.has("school")) return true;
  if (scopes.has("self") && e.authorId === actor.userId) return true;
  if (scopes.has("own-classes")) {
    const own = (e.audience === "CLASSES" || e.audience === "PARENTS") && !e.grades.length && e.classIds.length > 0;
    return own && e.classIds.every((c) => actor.ledClassIds.includes(c));
  }
  return false;
}
