/**
 * Record rules of personal API tokens (issue 21), from the catalogue row "api-token": everyone
 * lists, creates and revokes the own tokens ("self"); the administrator lists and revokes every
 * token of the school ("school"). A token of another user (or school) is not found (404).
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach } from "../../access/policy.ts";
import { Forbidden } from "../../lib/errors.ts";

/** May create own tokens (the form in «Персональные настройки»). */
export function canCreateToken(actor: Actor): boolean {
  return can(actor, "create", "api-token");
}

/** Throws Forbidden unless the actor may create tokens. */
export function assertCreatesTokens(actor: Actor): void {
  if (!canCreateToken(actor)) throw new Forbidden();
}

/** Sees every token of the school (the administrator's page «Токены для приложений (API)»). */
export function seesSchoolTokens(actor: Actor): boolean {
  return reach(actor, "view", "api-token").all;
}

/**
 * Which tokens the actor may revoke, as a Prisma where fragment: the school's (administrator) or
 * the own; null when none. Always inside the actor's school.
 */
export function revocableTokens(actor: Actor): { schoolId: number; userId?: number } | null {
  const r = reach(actor, "delete", "api-token");
  if (r.all) return { schoolId: actor.schoolId };
  if (r.personId !== null) return { schoolId: actor.schoolId, userId: actor.userId };
  return null;
}
