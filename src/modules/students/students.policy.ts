/**
 * Record rules of the personal files (R-REG-1, R-ACL-1, R-ACL-4..8, R-SEC-6, R-SEC-8), as pure
 * functions over the actor and the classes the student is in now. The route guards ask the
 * catalogue (can); these narrow it: the class teacher only for the own class, the medical section
 * written only by the medic, the social one only by the psychologist. Parents and students have no
 * file access at all (the diary shows them what they may see).
 */
import type { Actor } from "../../access/actor.ts";
import { can, hasRole } from "../../access/policy.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";

export type Section = "main" | "medical" | "social" | "consent" | "gia";

/** Roles that see every student's file of the school (the class teacher sees the own class only). */
export function seesAllFiles(actor: Actor): boolean {
  return hasRole(actor, "ADMIN", "DEPUTY", "SECRETARY", "MEDIC", "PSYCHOLOGIST") && can(actor, "view", "student-file");
}

/** Whether the actor leads one of these classes (current year). */
export function leadsAny(actor: Actor, classIds: readonly number[]): boolean {
  return actor.roles.has("CLASS_TEACHER") && classIds.some((id) => actor.ledClassIds.includes(id));
}

/** May the actor open the file of a student who is now in these classes? (No → 404.) */
export function canViewFile(actor: Actor, classIds: readonly number[]): boolean {
  if (!can(actor, "view", "student-file")) return false;
  return seesAllFiles(actor) || leadsAny(actor, classIds);
}

/** Roles with school-wide write access to the main sections (R-ACL-8: deputies for all classes). */
function editsAllMain(actor: Actor): boolean {
  return hasRole(actor, "ADMIN", "DEPUTY", "SECRETARY") && can(actor, "update", "student-file");
}

export function canViewSection(actor: Actor, section: Section, classIds: readonly number[]): boolean {
  if (!canViewFile(actor, classIds)) return false;
  switch (section) {
    case "main":
      return true;
    case "medical":
      return can(actor, "view", "student-medical");
    case "social":
      return can(actor, "view", "student-social");
    case "consent":
      return can(actor, "view", "consent") && (hasRole(actor, "ADMIN", "DEPUTY", "SECRETARY") || leadsAny(actor, classIds));
    case "gia":
      return can(actor, "view", "gia") && (hasRole(actor, "ADMIN", "DEPUTY", "SECRETARY") || leadsAny(actor, classIds));
  }
}

export function canEditSection(actor: Actor, section: Section, classIds: readonly number[]): boolean {
  if (!canViewSection(actor, section, classIds)) return false;
  switch (section) {
    case "main":
      return editsAllMain(actor) || (can(actor, "update", "student-file") && leadsAny(actor, classIds));
    case "medical":
      // R-ACL-5: only the medical worker enters medical data.
      return actor.roles.has("MEDIC") && can(actor, "update", "student-medical");
    case "social":
      // R-ACL-6: only the psychologist / social pedagogue.
      return actor.roles.has("PSYCHOLOGIST") && can(actor, "update", "student-social");
    case "consent":
      return can(actor, "update", "consent") && (hasRole(actor, "ADMIN", "SECRETARY") || leadsAny(actor, classIds));
    case "gia":
      return can(actor, "update", "gia") && (hasRole(actor, "ADMIN", "DEPUTY") || leadsAny(actor, classIds));
  }
}

/** Parent cards: editing follows the parent-card grant, the class teacher for parents of the own class. */
export function canEditParentCard(actor: Actor, childClassIds: readonly number[]): boolean {
  if (!can(actor, "update", "parent-card")) return false;
  return hasRole(actor, "ADMIN", "DEPUTY", "SECRETARY") || leadsAny(actor, childClassIds);
}

export function canViewParentCard(actor: Actor, childClassIds: readonly number[]): boolean {
  return canViewFile(actor, childClassIds) && (can(actor, "view", "parent-card") || can(actor, "view", "student-file"));
}

/** Creating students (and their parents): the secretary, the administrator, the deputy. */
export function canCreateStudent(actor: Actor): boolean {
  return can(actor, "create", "student-file");
}

/** Linking a new or existing parent: parent-card create, or the class teacher keeping the own class current. */
export function canAddParent(actor: Actor, classIds: readonly number[]): boolean {
  return canViewFile(actor, classIds) && (can(actor, "create", "parent-card") || canEditParentCard(actor, classIds));
}

/** R-SEC-8: issuing logins for a class; the class teacher only for the own class. */
export function canIssueAccounts(actor: Actor, classId: number): boolean {
  if (!can(actor, "create", "account-issue")) return false;
  return hasRole(actor, "ADMIN", "DEPUTY", "SECRETARY") || leadsAny(actor, [classId]);
}

/** R-SEC-6: a login is issued only to a person with a recorded, not withdrawn consent and no account yet. */
export function mayGetAccount(p: { hasUser: boolean; consent: { revokedAt: Date | null } | null }): "ok" | "has-account" | "no-consent" {
  if (p.hasUser) return "has-account";
  if (!p.consent || p.consent.revokedAt) return "no-consent";
  return "ok";
}

/** Throws NotFound when the file is outside the actor's scope, Forbidden when the section may not be changed. */
export function assertEditSection(actor: Actor, section: Section, classIds: readonly number[]): void {
  if (!canViewFile(actor, classIds)) throw new NotFound();
  if (!canEditSection(actor, section, classIds)) throw new Forbidden();
}

export function assertViewFile(actor: Actor, classIds: readonly number[]): void {
  if (!canViewFile(actor, classIds)) throw new NotFound();
}
