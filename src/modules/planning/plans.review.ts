/**
 * The review of calendar-thematic plans (R-PLN-3): the author sends a plan for approval (or takes
 * it back), a reviewer ("plan-review" update, never the author) approves it or returns it with a
 * comment the author sees. An approved plan is locked: a change starts a new version (a copy with
 * version + 1 and previousId); when that version is approved the old one is superseded (kept as
 * history) and its journals' assignments move to the new one, with the lessons linked to its
 * topics re-linked to the same topics of the new version.
 *
 * Notifications (notifications.service.ts notify(), kind REMARK — the kind of the deputy's remarks
 * to a teacher about the journal; there is no kind of its own for plans): the author when the plan
 * is approved or returned, the reviewers when a plan is submitted. All in the write's transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { roleScope } from "../../access/policy.ts";
import { ROLES } from "../../access/roles.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { Forbidden, NotFound, ValidationError } from "../../lib/errors.ts";
import { notify } from "../notifications/notifications.service.ts";
import type { ThematicPlan } from "../../generated/prisma/client.ts";
import { copyItems, lockEditable, lockPlan } from "./plans.edit.ts";
import { assertNotAuthor, canStartVersion, canWithdrawPlan, isReviewer } from "./plans.policy.ts";
import { TEXT } from "./plans.text.ts";

const planLink = (id: number) => `/planning/plans/${id}`;

/** Sends a draft or returned plan for approval; ValidationError for a plan without topics. NotFound, Locked as lockEditable. */
export async function submitPlan(actor: Actor, id: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { plan } = await lockEditable(tx, actor, id);
    if (plan.isTemplate) throw new ValidationError({ _form: TEXT.templateNotAssigned });
    if (!(await tx.planItem.count({ where: { planId: id } }))) throw new ValidationError({ _form: TEXT.emptyPlan });
    const now = clock.now();
    await tx.thematicPlan.update({ where: { id }, data: { status: "SUBMITTED", submittedAt: now } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "thematic-plan",
      entityId: id,
      action: "submit",
      oldValue: { status: plan.status },
    });
    await tellReviewers(tx, actor, plan, now);
  });
}

/** Takes a submitted plan back to a draft (to change it before the review). */
export async function withdrawPlan(actor: Actor, id: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { plan, year } = await lockPlan(tx, actor, id);
    if (!canWithdrawPlan(actor, plan, year)) throw new ValidationError({ _form: TEXT.notSubmitted });
    await tx.thematicPlan.update({ where: { id }, data: { status: "DRAFT" } });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "thematic-plan", entityId: id, action: "withdraw" });
  });
}

/**
 * Locks a submitted plan for its review: NotFound outside the school, Forbidden without
 * "plan-review" update or for the plan's own author, ValidationError when it is not submitted.
 */
async function lockForReview(tx: Db, actor: Actor, id: number): Promise<ThematicPlan> {
  if (!isReviewer(actor)) throw new Forbidden();
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "ThematicPlan" WHERE "id" = ${id} AND "schoolId" = ${actor.schoolId} FOR UPDATE`;
  if (!rows.length) throw new NotFound("КТП не найден");
  const plan = await tx.thematicPlan.findUniqueOrThrow({ where: { id } });
  assertNotAuthor(actor, plan);
  if (plan.status !== "SUBMITTED" || plan.isTemplate || plan.supersededAt) throw new ValidationError({ _form: TEXT.notSubmitted });
  return plan;
}

/**
 * R-PLN-3: approves a submitted plan. A new version supersedes the previous one: the previous
 * gets supersededAt, its assignments and its lessons' topic links move to this version.
 */
export async function approvePlan(actor: Actor, id: number, comment: string | null): Promise<{ moved: number }> {
  return prisma.$transaction(async (tx) => {
    const plan = await lockForReview(tx, actor, id);
    const now = clock.now();
    await tx.thematicPlan.update({ where: { id }, data: { status: "APPROVED", reviewedById: actor.personId, reviewedAt: now, reviewComment: comment } });
    let moved = 0;
    if (plan.previousId !== null) {
      const prev = await tx.thematicPlan.findFirst({ where: { id: plan.previousId, schoolId: actor.schoolId } });
      if (prev && !prev.supersededAt) {
        await tx.thematicPlan.update({ where: { id: prev.id }, data: { supersededAt: now } });
        // A journal already given this version keeps it; the rest of the old version's journals move here.
        const own = await tx.planAssignment.findMany({ where: { planId: id }, select: { yearId: true, classId: true, subgroupId: true, subjectId: true } });
        const taken = new Set(own.map((a) => `${a.classId}:${a.subgroupId}:${a.subjectId}`));
        const old = await tx.planAssignment.findMany({ where: { planId: prev.id } });
        const move = old.filter((a) => !taken.has(`${a.classId}:${a.subgroupId}:${a.subjectId}`));
        if (move.length) moved = (await tx.planAssignment.updateMany({ where: { id: { in: move.map((a) => a.id) } }, data: { planId: id } })).count;
        await relinkLessons(tx, actor.schoolId, prev.id, id);
      }
    }
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "thematic-plan",
      entityId: id,
      action: "approve",
      newValue: { version: plan.version, previousId: plan.previousId, moved },
      reason: comment,
    });
    await tellAuthor(tx, actor, plan, "approve", comment);
    return { moved };
  });
}

/** Returns a submitted plan to its author with a comment (required at the form). */
export async function returnPlan(actor: Actor, id: number, comment: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const plan = await lockForReview(tx, actor, id);
    await tx.thematicPlan.update({
      where: { id },
      data: { status: "RETURNED", reviewedById: actor.personId, reviewedAt: clock.now(), reviewComment: comment },
    });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "thematic-plan", entityId: id, action: "return", reason: comment });
    await tellAuthor(tx, actor, plan, "return", comment);
  });
}

/**
 * Starts a new version of an approved plan (a copy of its topics, version + 1, previousId, the same
 * author), or returns the one already being prepared. The approved version stays in force (and
 * assigned) until the new one is approved. NotFound outside the actor's scope; Locked otherwise.
 */
export async function startVersion(actor: Actor, id: number): Promise<{ id: number; created: boolean }> {
  return prisma.$transaction(async (tx) => {
    const { plan, year } = await lockPlan(tx, actor, id);
    const pending = await tx.thematicPlan.findFirst({ where: { schoolId: actor.schoolId, previousId: id, supersededAt: null, status: { not: "APPROVED" } } });
    if (pending) return { id: pending.id, created: false };
    if (!canStartVersion(actor, plan, year)) throw new ValidationError({ _form: plan.supersededAt ? TEXT.superseded : TEXT.notSubmitted });
    const items = await tx.planItem.findMany({ where: { planId: id }, orderBy: { position: "asc" } });
    const next = await tx.thematicPlan.create({
      data: {
        schoolId: plan.schoolId,
        subjectId: plan.subjectId,
        grade: plan.grade,
        profile: plan.profile,
        yearId: plan.yearId,
        isTemplate: false,
        title: plan.title,
        authorId: plan.authorId,
        version: plan.version + 1,
        previousId: plan.id,
        copiedFromId: plan.copiedFromId,
        note: plan.note,
      },
    });
    await copyItems(tx, plan.schoolId, next.id, items);
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "thematic-plan",
      entityId: next.id,
      action: "version",
      newValue: { from: id, version: next.version },
    });
    return { id: next.id, created: true };
  });
}

/**
 * Lessons linked to a topic of the old version are linked to the same topic (the same text, the
 * nearest in order) of the new one; topics removed in the new version keep their old link.
 */
async function relinkLessons(tx: Db, schoolId: number, fromPlanId: number, toPlanId: number): Promise<void> {
  const [from, to] = await Promise.all([
    tx.planItem.findMany({ where: { planId: fromPlanId }, orderBy: { position: "asc" }, select: { id: true, topic: true, position: true } }),
    tx.planItem.findMany({ where: { planId: toPlanId }, orderBy: { position: "asc" }, select: { id: true, topic: true, position: true } }),
  ]);
  const free = new Map<string, { id: number; position: number }[]>();
  for (const t of to) free.set(t.topic, [...(free.get(t.topic) ?? []), t]);
  const olds: number[] = [];
  const news: number[] = [];
  for (const f of from) {
    const same = free.get(f.topic);
    if (!same?.length) continue;
    same.sort((a, b) => Math.abs(a.position - f.position) - Math.abs(b.position - f.position));
    olds.push(f.id);
    news.push(same.shift()!.id);
  }
  if (olds.length)
    await tx.$executeRaw`
      UPDATE "Lesson" AS l SET "planItemId" = m.n
        FROM unnest(${olds}::int[], ${news}::int[]) AS m(o, n)
       WHERE l."planItemId" = m.o AND l."schoolId" = ${schoolId}`;
}

/** The reviewers of the school: users whose roles have "plan-review" update (the school's overrides included). */
async function reviewerUserIds(tx: Db, actor: Actor): Promise<number[]> {
  const roles = ROLES.filter((r) => roleScope(actor, r, "update", "plan-review") === "school");
  if (!roles.length) return [];
  const users = await tx.user.findMany({ where: { schoolId: actor.schoolId, blocked: false, roles: { some: { role: { in: roles } } } }, select: { id: true } });
  return users.map((u) => u.id).filter((id) => id !== actor.userId);
}

async function planLine(tx: Db, plan: ThematicPlan): Promise<string> {
  const subject = await tx.subject.findUnique({ where: { id: plan.subjectId }, select: { name: true } });
  return `«${plan.title}» (${subject?.name ?? ""}, ${plan.grade} класс${plan.version > 1 ? `, версия ${plan.version}` : ""})`;
}

async function tellReviewers(tx: Db, actor: Actor, plan: ThematicPlan, at: Date): Promise<void> {
  const userIds = await reviewerUserIds(tx, actor);
  if (!userIds.length) return;
  await notify(tx, {
    schoolId: actor.schoolId,
    userIds,
    kind: "REMARK",
    title: `КТП на утверждение: ${plan.title}`,
    body: `${actor.shortName} отправил(а) на утверждение КТП ${await planLine(tx, plan)}.`,
    link: planLink(plan.id),
    dedupeKey: `plan-submit:${plan.id}:${at.getTime()}`,
  });
}

async function tellAuthor(tx: Db, actor: Actor, plan: ThematicPlan, what: "approve" | "return", comment: string | null): Promise<void> {
  const user = await tx.user.findUnique({ where: { personId: plan.authorId }, select: { id: true } });
  if (!user || user.id === actor.userId) return;
  const line = await planLine(tx, plan);
  await notify(tx, {
    schoolId: actor.schoolId,
    userIds: [user.id],
    kind: "REMARK",
    title: what === "approve" ? `КТП утверждён: ${plan.title}` : `КТП возвращён на доработку: ${plan.title}`,
    body:
      what === "approve"
        ? `${actor.shortName} утвердил(а) КТП ${line}.${comment ? `\n\nКомментарий: ${comment}` : ""}`
        : `${actor.shortName} вернул(а) КТП ${line} на доработку.\n\nЧто исправить: ${comment ?? ""}\n\nИсправьте темы и снова отправьте план на утверждение.`,
    link: planLink(plan.id),
    dedupeKey: `plan-${what}:${plan.id}:${clock.now().getTime()}`,
  });
}
