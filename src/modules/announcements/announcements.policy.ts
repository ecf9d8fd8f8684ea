/**
 * Record rules of the announcements board (issue 15, R-COM-1), as pure functions of the actor and
 * the rows a service has read. The catalogue row "announcement" decides:
 *
 *  - Reading: everyone ("s"); what each reader sees is the audience — staff the whole school's
 *    and the staff's, parents and students the whole school's and those for their (children's)
 *    classes; those who may post to any audience (administration) also see every families' one.
 *  - Posting (create): "school" any audience, any grade or class; "taught" the families of the
 *    classes in the teaching load; "own-classes" the families of the classes led; "self" staff
 *    only. A user with several roles gets the union. Only the administration pins.
 *  - Editing and deleting: "school" any of the school's, "self" the own.
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach, scopesOf } from "../../access/policy.ts";
import { STAFF_ROLES } from "../../access/roles.ts";
import type { AnnouncementAudience } from "../../generated/prisma/enums.ts";
import { Forbidden } from "../../lib/errors.ts";
import { MSG } from "./announcements.text.ts";

/** What the posting form may offer: the audiences and, for families, the classes and grades. */
export interface PostingTargets {
  audiences: AnnouncementAudience[];
  /** Classes of the current year the actor may address (families). */
  classes: { id: number; grade: number; letter: string }[];
  /** Whole grades (all their classes): only for those who may post to any audience. */
  grades: number[];
}

/** May post at all (the «Новое объявление» button, the form's guard). */
export function canPost(actor: Actor): boolean {
  return can(actor, "create", "announcement");
}

/** Posts to any audience: the administration. They pin, and they read every families' announcement. */
export function postsAnywhere(actor: Actor): boolean {
  return reach(actor, "create", "announcement").all;
}

/** Pinning an announcement at the top of the board: the administration only. */
export const canPin = postsAnywhere;

/** Whether the reader is staff (reads the staff-only announcements). */
export function isStaff(actor: Actor): boolean {
  return STAFF_ROLES.some((r) => actor.roles.has(r));
}

/** The posting scopes of the actor's roles, before the taught classes are read from the database. */
export function postingScopes(actor: Actor): { all: boolean; staff: boolean; taught: boolean; ledClassIds: readonly number[] } {
  const scopes = scopesOf(actor, "create", "announcement");
  return {
    all: scopes.has("school"),
    staff: scopes.has("school") || scopes.has("self"),
    taught: scopes.has("taught"),
    ledClassIds: scopes.has("own-classes") ? actor.ledClassIds : [],
  };
}

type Change = "update" | "delete";

/** Edit (update) or delete: the administrator any announcement of the school, others their own. */
export function canChange(actor: Actor, action: Change, a: { schoolId: number; authorId: number }): boolean {
  if (a.schoolId !== actor.schoolId) return false;
  const scopes = scopesOf(actor, action, "announcement");
  return scopes.has("school") || (scopes.has("self") && a.authorId === actor.userId);
}

/** Sees every expired announcement of the school under «Архив» (others see their own expired ones). */
export function seesWholeArchive(actor: Actor): boolean {
  return reach(actor, "update", "announcement").all;
}

/** What a posted audience asks for. */
export interface AudienceChoice {
  audience: AnnouncementAudience;
  classIds: readonly number[];
  grades: readonly number[];
  pinned: boolean;
}

/**
 * The server's re-check of a posted audience against what the actor may address: an audience,
 * class or grade outside the targets, or pinning by anyone but the administration, throws
 * Forbidden (nothing is stored).
 */
export function assertTargets(actor: Actor, targets: PostingTargets, choice: AudienceChoice): void {
  if (!targets.audiences.includes(choice.audience)) throw new Forbidden(MSG.forbiddenAudience);
  if (choice.audience === "FAMILIES") {
    const classes = new Set(targets.classes.map((c) => c.id));
    if (!choice.classIds.every((id) => classes.has(id))) throw new Forbidden(MSG.forbiddenAudience);
    if (!choice.grades.every((g) => targets.grades.includes(g))) throw new Forbidden(MSG.forbiddenAudience);
  }
  if (choice.pinned && !canPin(actor)) throw new Forbidden(MSG.forbiddenPin);
}
