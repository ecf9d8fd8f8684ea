/**
 * The policy layer: every access decision starts here, from the permission catalogue
 * (permissions.ts) and the school's overrides of it. `can()` answers yes/no for route guards,
 * navigation and templates; `reach()` turns (actor, action, entity) into what the actor reaches —
 * the whole school, the classes led, the teaching load, the children, the own records — for the
 * record predicates and list queries of the modules' *.policy.ts. Record rules that are not scopes
 * (the 30-day lock, membership on a date, a closed year) stay in those policy files.
 */
import type { NextFunction, Request, Response } from "express";
import { Forbidden } from "../lib/errors.ts";
import type { Actor } from "./actor.ts";
import { allowedScopes, defaultScope, type Action, type Entity, type Scope } from "./permissions.ts";
import type { Role } from "./roles.ts";

/** The key of a cell in a school's overrides (Actor.overrides). */
export function cellKey(role: Role, entity: Entity, action: Action): string {
  return `${role}|${entity}|${action}`;
}

/** The scope a role has for an action on an entity in the actor's school: the override when valid, else the default. */
export function roleScope(actor: Pick<Actor, "overrides">, role: Role, action: Action, entity: Entity): Scope {
  const o = actor.overrides.get(cellKey(role, entity, action));
  return o !== undefined && allowedScopes(role, entity, action).includes(o) ? o : defaultScope(role, entity, action);
}

/** The scopes of all the actor's roles for this action and entity (never "none"). */
export function scopesOf(actor: Actor | null | undefined, action: Action, entity: Entity): Set<Scope> {
  const out = new Set<Scope>();
  if (!actor) return out;
  for (const role of actor.roles) {
    const s = roleScope(actor, role, action, entity);
    if (s !== "none") out.add(s);
  }
  return out;
}

export function can(actor: Actor | null | undefined, action: Action, entity: Entity): boolean {
  return scopesOf(actor, action, entity).size > 0;
}

/** What an actor reaches for an action on an entity; empty (nothing) when the catalogue says none. */
export interface Reach {
  /** The whole school. */
  all: boolean;
  /** Classes led (own-classes). */
  classIds: readonly number[];
  /** The teacher whose teaching load is reached (taught): the actor's person id, else null. */
  teacherId: number | null;
  /** Students reached: the own children (own-children) and the own student record (self). */
  studentIds: readonly number[];
  /** The person whose own records are reached (self): the actor's person id, else null. */
  personId: number | null;
}

export function reach(actor: Actor | null | undefined, action: Action, entity: Entity): Reach {
  const scopes = scopesOf(actor, action, entity);
  const studentIds: number[] = [];
  if (actor && scopes.has("self") && actor.studentId !== null) studentIds.push(actor.studentId);
  if (actor && scopes.has("own-children")) for (const id of actor.childStudentIds) if (!studentIds.includes(id)) studentIds.push(id);
  return {
    all: scopes.has("school"),
    classIds: actor && scopes.has("own-classes") ? actor.ledClassIds : [],
    teacherId: actor && scopes.has("taught") ? actor.personId : null,
    studentIds,
    personId: actor && scopes.has("self") ? actor.personId : null,
  };
}

/** Whether a reach covers a record in one of these classes (school, or a class led). */
export function reachesClass(r: Reach, classIds: readonly number[]): boolean {
  return r.all || classIds.some((id) => r.classIds.includes(id));
}

/** Throws Forbidden unless the actor may do the action. */
export function assertCan(actor: Actor | null | undefined, action: Action, entity: Entity): asserts actor is Actor {
  if (!can(actor, action, entity)) throw new Forbidden();
}

/** Route guard: 403 unless the signed-in actor may do the action (on something of the entity). */
export function requirePermission(entity: Entity, action: Action) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!can(req.actor, action, entity)) return next(new Forbidden());
    next();
  };
}

/** A subject that the actor can manage a person's account: R-SEC-3. */
export interface AccountTarget {
  userId: number;
  schoolId: number;
  roles: readonly Role[];
  /** Current-year classes where the target is a student, or where the target's children study. */
  familyClassIds: readonly number[];
}

/**
 * R-SEC-3: the user entity's update scope decides: the administrator (school) resets anyone's
 * password and unlocks anyone; a class teacher (own-classes) only students and parents of the
 * own class, never staff. Nobody resets the own password this way.
 */
export function canResetPassword(actor: Actor, target: AccountTarget): boolean {
  if (target.schoolId !== actor.schoolId || target.userId === actor.userId) return false;
  const r = reach(actor, "update", "user");
  if (r.all) return true;
  // An account without roles is not a family account: nothing to check means no right.
  const familyOnly = target.roles.length > 0 && target.roles.every((role) => role === "STUDENT" || role === "PARENT");
  return familyOnly && reachesClass(r, target.familyClassIds);
}

/** Creating users, assigning roles, blocking and ending sessions (R-ROLE-3). */
export function canManageAccounts(actor: Actor): boolean {
  return reach(actor, "create", "user").all;
}
