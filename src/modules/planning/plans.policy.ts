/**
 * Record rules of the calendar-thematic plans (КТП, R-PLN-3, R-JRN-11), as pure functions over
 * rows already read; the services re-assert them inside their transactions.
 *
 *   view     school staff with "thematic-plan" view (the whole school's plans and the library);
 *   edit     the author of a plan (TEACHER: update "self"), or school scope (deputy, administrator);
 *            only a draft or returned plan — a submitted one is withdrawn first, an approved one is
 *            locked (a change is a new version), an old version is history;
 *   create   for the own teaching load (TEACHER: create "taught"), or any subject and grade (school);
 *   library  templates are kept by school-scope creators of "thematic-plan";
 *   review   "plan-review" update, never by the plan's author (not even a deputy's own plan).
 * An object outside the actor's scope is not found (404); a rule broken on a visible plan is
 * Locked (423) or Forbidden (403) with the reason.
 */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import { Forbidden, Locked } from "../../lib/errors.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { TEXT } from "./plans.text.ts";

export interface PlanRef {
  authorId: number;
  status: PlanStatus;
  isTemplate: boolean;
  supersededAt: Date | null;
  previousId?: number | null;
}

/** The whole school's plans and the library are visible (view "school"). */
export function canViewPlans(actor: Actor): boolean {
  return reach(actor, "view", "thematic-plan").all;
}

/** Creates plans for any subject and grade (school), or only for the own teaching load (taught). */
export function createReach(actor: Actor): "all" | "taught" | "none" {
  const r = reach(actor, "create", "thematic-plan");
  return r.all ? "all" : r.teacherId !== null ? "taught" : "none";
}

/** Keeps the school's library of templates: school-scope creators (deputy, administrator). */
export function canManageTemplates(actor: Actor): boolean {
  return reach(actor, "create", "thematic-plan").all;
}

/**
 * The plans whose changes are in the actor's scope (the `where` of every write's lookup, so a plan
 * outside it is a 404): school scope — any plan and template; self — the own plans (not templates).
 */
export function editWhere(actor: Actor, action: "update" | "delete" = "update"): { authorId?: number; isTemplate?: boolean } | null {
  const r = reach(actor, action, "thematic-plan");
  if (r.all) return {};
  if (r.personId !== null) return { authorId: r.personId, isTemplate: false };
  return null;
}

/** Whether the plan is within the actor's scope of changes (see editWhere). */
export function inEditScope(actor: Actor, plan: PlanRef, action: "update" | "delete" = "update"): boolean {
  const where = editWhere(actor, action);
  if (!where) return false;
  if (plan.isTemplate) return canManageTemplates(actor) && where.authorId === undefined;
  return where.authorId === undefined || where.authorId === plan.authorId;
}

/** Why the plan's content may not change now (null: it may): an old version, approved, submitted, a closed year. */
export function lockReason(plan: PlanRef, year: { status: string } | null): string | null {
  if (plan.supersededAt) return TEXT.superseded;
  if (year?.status === "CLOSED") return TEXT.yearClosed;
  if (plan.isTemplate) return null;
  if (plan.status === "APPROVED") return TEXT.approvedLocked;
  if (plan.status === "SUBMITTED") return TEXT.submittedLocked;
  return null;
}

/** R-PLN-3: the content of an approved or submitted plan, an old version, a closed year's plan is locked (Locked). */
export function assertContentEditable(plan: PlanRef, year: { status: string } | null): void {
  const reason = lockReason(plan, year);
  if (reason) throw new Locked(reason);
}

/** May edit the plan's topics and settings now: in scope and not locked. */
export function canEditPlan(actor: Actor, plan: PlanRef, year: { status: string } | null): boolean {
  return inEditScope(actor, plan) && lockReason(plan, year) === null;
}

/** Deletes a plan: in the delete scope, never an approved one or an old version (history is kept). */
export function canDeletePlan(actor: Actor, plan: PlanRef, year: { status: string } | null): boolean {
  if (!inEditScope(actor, plan, "delete") || plan.supersededAt || year?.status === "CLOSED") return false;
  return plan.isTemplate || plan.status !== "APPROVED";
}

/** Reviews plans at all ("plan-review" update). */
export function isReviewer(actor: Actor): boolean {
  return reach(actor, "update", "plan-review").all;
}

/** R-PLN-3: approves or returns this plan: a reviewer, not its author, and the plan is submitted. */
export function canReviewPlan(actor: Actor, plan: PlanRef): boolean {
  return isReviewer(actor) && plan.authorId !== actor.personId && plan.status === "SUBMITTED" && !plan.isTemplate && !plan.supersededAt;
}

/** R-PLN-3: an author never approves (or returns) the own plan, whatever the roles (Forbidden). */
export function assertNotAuthor(actor: Actor, plan: PlanRef): void {
  if (plan.authorId === actor.personId) throw new Forbidden(TEXT.ownPlan);
}

/** Sends for approval: in scope, a draft or returned year plan. */
export function canSubmitPlan(actor: Actor, plan: PlanRef, year: { status: string } | null): boolean {
  return !plan.isTemplate && canEditPlan(actor, plan, year);
}

/** Withdraws a submitted plan back to a draft: in scope, submitted, not an old version. */
export function canWithdrawPlan(actor: Actor, plan: PlanRef, year: { status: string } | null): boolean {
  return inEditScope(actor, plan) && plan.status === "SUBMITTED" && !plan.supersededAt && year?.status !== "CLOSED";
}

/** Starts a new version of an approved plan: in scope, approved, the current version. */
export function canStartVersion(actor: Actor, plan: PlanRef, year: { status: string } | null): boolean {
  return inEditScope(actor, plan) && !plan.isTemplate && plan.status === "APPROVED" && !plan.supersededAt && year?.status !== "CLOSED";
}

/** A newer version not yet approved: its journals come from the approved version when it is approved. */
export function isPendingVersion(plan: PlanRef): boolean {
  return !!plan.previousId && plan.status !== "APPROVED" && !plan.supersededAt;
}

/** Assigns the plan to journals: in scope, a year plan (not a template), not an old version nor a pending new one, an open year. */
export function canAssignPlan(actor: Actor, plan: PlanRef, year: { status: string } | null): boolean {
  return inEditScope(actor, plan) && !plan.isTemplate && !plan.supersededAt && !isPendingVersion(plan) && year !== null && year.status !== "CLOSED";
}

/** Journals the actor assigns plans to: every journal of the year (school), or the own teaching load. */
export function assignAll(actor: Actor): boolean {
  return reach(actor, "update", "thematic-plan").all;
}
