/**
 * Who sees which methodical association (R-REG-9, 002 §4): the administration every association of
 * the school, a teacher those the teacher leads; anything else is not found (404).
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach } from "../../access/policy.ts";

/** The Prisma filter of the associations the actor sees. */
export function visibleAssociations(actor: Actor): { schoolId: number; leaderId?: number } {
  const r = reach(actor, "view", "methodical-association");
  if (r.all) return { schoolId: actor.schoolId };
  return { schoolId: actor.schoolId, leaderId: r.personId ?? -1 };
}

/** Creating, editing and deleting associations: the administration (catalogue cells create/update/delete). */
export function canManageAssociations(actor: Actor): boolean {
  return can(actor, "update", "methodical-association");
}
