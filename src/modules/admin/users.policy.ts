/**
 * Record rules for accounts, on top of the catalogue (user: view/create/update).
 * Pure functions: the service calls them on the rows it has just read inside the transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { canManageAccounts, canResetPassword, reach, type AccountTarget } from "../../access/policy.ts";
import type { Role } from "../../access/roles.ts";
import { Forbidden } from "../../lib/errors.ts";
import { TEXT } from "./admin.text.ts";

export { canManageAccounts, canResetPassword, type AccountTarget };

/**
 * Whether the actor sees every account of the school (administrator, deputy: R-ROLE-3, R-REG-6).
 * A class teacher's grant is scoped to the own classes' students and parents (R-SEC-3), so it does not count.
 */
export function viewsAllAccounts(actor: Actor): boolean {
  return reach(actor, "view", "user").all;
}

/** Throws Forbidden unless the actor manages accounts (R-ROLE-3: the administrator). */
export function assertManagesAccounts(actor: Actor): void {
  if (!canManageAccounts(actor)) throw new Forbidden();
}

/** Throws Forbidden unless the actor may reset the target's password or lift its lockout (R-SEC-3). */
export function assertCanResetPassword(actor: Actor, target: AccountTarget): void {
  if (!canResetPassword(actor, target)) throw new Forbidden();
}

export interface AdminState {
  /** The target holds ADMIN and is not blocked. */
  targetIsActiveAdmin: boolean;
  /** Active (not blocked) administrators of the school other than the target. */
  otherActiveAdmins: number;
}

/**
 * Why a role change must be refused, or null (R-ROLE-3): the last active administrator keeps ADMIN,
 * and nobody removes ADMIN from themselves.
 */
export function roleChangeProblem(actor: Actor, targetUserId: number, oldRoles: readonly Role[], newRoles: readonly Role[], state: AdminState): string | null {
  const losesAdmin = oldRoles.includes("ADMIN") && !newRoles.includes("ADMIN");
  if (!losesAdmin) return null;
  if (state.targetIsActiveAdmin && state.otherActiveAdmins === 0) return TEXT.lastAdmin;
  if (targetUserId === actor.userId) return TEXT.selfAdmin;
  return null;
}

/** Why blocking must be refused, or null: not oneself, not the last active administrator. */
export function blockProblem(actor: Actor, targetUserId: number, state: AdminState): string | null {
  if (state.targetIsActiveAdmin && state.otherActiveAdmins === 0) return TEXT.lastAdminBlock;
  if (targetUserId === actor.userId) return TEXT.selfBlock;
  return null;
}
