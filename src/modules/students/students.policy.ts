/**
 * Record rules of the personal files (R-REG-1, R-ACL-1, R-ACL-4..8, R-SEC-6, R-SEC-8), as pure
 * functions over the actor and the classes the student is in now. The route guards ask the
 * catalogue (can); these narrow it: the class teacher only for the own class, the medical section
 * written only by the medic, the social one only by the psychologist. Parents and students have no
 * file access at all (the diary shows them what they may see).
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach, reachesClass } from "../../access/policy.ts";
import type { Entity } from "../../access/permissions.ts";
import type { Role } from "../../access/roles.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";

export type Section = "main" | "medical" | "social" | "consent" | "gia";

const SECTION_ENTITY: Record<Section, Entity> = { main: "student-file", medical: "student-medical", social: "student-social", consent: "consent", gia: "gia" };

/** Whether the actor sees every student's file of the school (a class teacher sees the own class only). */
export function seesAllFiles(actor: Actor): boolean {
  return reach(actor, "view", "student-file").all;
}

/** May the actor open the file of a student who is now in these classes? (No → 404.) */
export function canViewFile(actor: Actor, classIds: readonly number[]): boolean {
  return reachesClass(reach(actor, "view", "student-file"), classIds);
}

/**
 * The sections that hold personal data of the special kinds or identity documents (152-ФЗ): health,
 * social status, the GIA registration with its identity document. They open only to a person in the
 * register of staff admitted to personal data (001 §3.14, R-SEC-7, issue 17) — nobody is exempt, not
 * even the administrator: the register is the director's list of who may see them.
 */
export const PD_SECTIONS: readonly Section[] = ["medical", "social", "gia"];

/** The role would show this section, but the actor's non-disclosure undertaking is not recorded. */
export function closedByUndertaking(actor: Actor, section: Section, classIds: readonly number[]): boolean {
  return (
    !actor.pdAdmitted && PD_SECTIONS.includes(section) && canViewFile(actor, classIds) && reachesClass(reach(actor, "view", SECTION_ENTITY[section]), classIds)
  );
}

/**
 * A section is seen when the file is, the section's own entity reaches the student's class, and for
 * the personal-data sections the actor is admitted (PD_SECTIONS).
 */
export function canViewSection(actor: Actor, section: Section, classIds: readonly number[]): boolean {
  if (PD_SECTIONS.includes(section) && !actor.pdAdmitted) return false;
  return canViewFile(actor, classIds) && reachesClass(reach(actor, "view", SECTION_ENTITY[section]), classIds);
}

/**
 * Changing a section follows its entity's update scope: the medical section only the medical
 * worker (R-ACL-5), the social one only the psychologist (R-ACL-6), the main sections the
 * registry roles school-wide and the class teacher for the own class (R-ACL-8).
 */
export function canEditSection(actor: Actor, section: Section, classIds: readonly number[]): boolean {
  return canViewSection(actor, section, classIds) && reachesClass(reach(actor, "update", SECTION_ENTITY[section]), classIds);
}

/** Parent cards: editing follows the parent-card grant, the class teacher for parents of the own class. */
export function canEditParentCard(actor: Actor, childClassIds: readonly number[]): boolean {
  return reachesClass(reach(actor, "update", "parent-card"), childClassIds);
}

/** A parent card is seen with the file of one of the parent's children. */
export function canViewParentCard(actor: Actor, childClassIds: readonly number[]): boolean {
  return canViewFile(actor, childClassIds);
}

/** Creating students (and their parents): the secretary, the administrator, the deputy. */
export function canCreateStudent(actor: Actor): boolean {
  return can(actor, "create", "student-file");
}

/** Linking a new or existing parent: parent-card create, or the class teacher keeping the own class current. */
export function canAddParent(actor: Actor, classIds: readonly number[]): boolean {
  return canViewFile(actor, classIds) && (reachesClass(reach(actor, "create", "parent-card"), classIds) || canEditParentCard(actor, classIds));
}

/** R-SEC-8: issuing logins for a class; the class teacher only for the own class. */
export function canIssueAccounts(actor: Actor, classId: number): boolean {
  return reachesClass(reach(actor, "create", "account-issue"), [classId]);
}

/**
 * R-SEC-6, issue 17: a withdrawn consent closes a family account (a pupil's or a parent's); an account with
 * any staff role stays open — its basis is the employment, not this consent.
 */
export function closedByRevocation(roles: readonly Role[]): boolean {
  return roles.length > 0 && roles.every((r) => r === "STUDENT" || r === "PARENT");
}

/** R-SEC-6: a login is issued only to a person with a recorded, not withdrawn consent and no account yet. */
export function mayGetAccount(p: { hasUser: boolean; consent: { revokedAt: Date | null } | null }): "ok" | "has-account" | "no-consent" {
  if (p.hasUser) return "has-account";
  if (!p.consent || p.consent.revokedAt) return "no-consent";
  return "ok";
}

/**
 * R-SEC-6 as it stands for one person (issue 23: the consent section must not contradict itself):
 * no login; a login with a recorded consent; a staff member's own account; a login without a
 * recorded consent (issued before consent was required, or by another path); a login whose
 * consent was withdrawn afterwards.
 */
export type LoginConsentState = "none" | "ok" | "staff" | "no-consent" | "revoked" | "revoked-open";

/** `blocked`: the account is blocked (a withdrawn consent blocks a family account, issue 17; the administrator may have opened it again). */
export function loginConsentState(p: {
  hasLogin: boolean;
  isStaff: boolean;
  blocked?: boolean;
  consent: { revokedAt: Date | null } | null;
}): LoginConsentState {
  if (!p.hasLogin) return "none";
  if (p.consent && !p.consent.revokedAt) return "ok";
  if (p.isStaff) return "staff";
  if (!p.consent) return "no-consent";
  return p.blocked === false ? "revoked-open" : "revoked";
}

/** Throws NotFound when the file is outside the actor's scope, Forbidden when the section may not be changed. */
export function assertEditSection(actor: Actor, section: Section, classIds: readonly number[]): void {
  if (!canViewFile(actor, classIds)) throw new NotFound();
  if (!canEditSection(actor, section, classIds)) throw new Forbidden();
}

export function assertViewFile(actor: Actor, classIds: readonly number[]): void {
  if (!canViewFile(actor, classIds)) throw new NotFound();
}
