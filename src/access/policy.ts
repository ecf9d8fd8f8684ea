/**
 * The policy layer: can(actor, action, entity) answers from the permission
 * catalogue; route guards and views ask it, nothing else decides access.
 * Record-level rules (which class, which date) are in the modules' *.policy.ts
 * and build on can().
 */
import type { NextFunction, Request, Response } from "express";
import { Forbidden } from "../lib/errors.ts";
import type { Actor } from "./actor.ts";
import { GRANTS, type Action, type Entity } from "./permissions.ts";
import type { Role } from "./roles.ts";

export function can(actor: Actor | null | undefined, action: Action, entity: Entity): boolean {
  if (!actor) return false;
  for (const role of actor.roles) if (GRANTS[role][entity].includes(action)) return true;
  return false;
}

export function hasRole(actor: Actor | null | undefined, ...roles: Role[]): boolean {
  return !!actor && roles.some((r) => actor.roles.has(r));
}

/** Throws Forbidden unless the actor may do the action. */
export function assertCan(actor: Actor | null | undefined, action: Action, entity: Entity): asserts actor is Actor {
  if (!can(actor, action, entity)) throw new Forbidden();
}

/** Route guard: 403 unless the signed-in actor may do the action. */
export function requirePermission(entity: Entity, action: Action) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!can(req.actor, action, entity)) return next(new Forbidden());
    next();
  };
}

/** A staff member (any role except parent and student). */
export function isStaff(actor: Actor | null | undefined): boolean {
  return hasRole(actor, "ADMIN", "DEPUTY", "TEACHER", "CLASS_TEACHER", "SECRETARY", "HR", "MEDIC", "PSYCHOLOGIST", "TECH_STAFF");
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
 * R-SEC-3: only the administrator resets passwords and unlocks accounts; a class
 * teacher may do both for students and parents of the own class, never for staff.
 */
export function canResetPassword(actor: Actor, target: AccountTarget): boolean {
  if (target.schoolId !== actor.schoolId || target.userId === actor.userId) return false;
  if (actor.roles.has("ADMIN")) return true;
  if (!actor.roles.has("CLASS_TEACHER")) return false;
  // An account without roles is not a family account: nothing to check means no right.
  const familyOnly = target.roles.length > 0 && target.roles.every((r) => r === "STUDENT" || r === "PARENT");
  return familyOnly && target.familyClassIds.some((id) => actor.ledClassIds.includes(id));
}

/** Creating users, assigning roles, blocking and ending sessions: the administrator (R-ROLE-3). */
export function canManageAccounts(actor: Actor): boolean {
  return actor.roles.has("ADMIN");
}
