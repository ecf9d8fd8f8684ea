/**
 * Changes to calendar-thematic plans (КТП, R-PLN-3): a new plan (empty or copied from a template
 * or another plan), its title and note, its topics (the table, pasted text, an imported sheet all
 * end in writeItems), deleting it. Every write runs in one transaction that locks the plan's row,
 * re-checks the rules of plans.policy.ts on the row it read (outside the actor's scope: NotFound;
 * approved, submitted, an old version, a closed year: Locked), and is audited
 * (entity "thematic-plan").
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { Forbidden, Locked, NotFound, ValidationError } from "../../lib/errors.ts";
import type { PlanItem, ThematicPlan } from "../../generated/prisma/client.ts";
import { assertContentEditable, canDeletePlan, canManageTemplates, createReach, inEditScope } from "./plans.policy.ts";
import { sameItem, totalOf, type ItemInput } from "./plans.rows.ts";
import type { PlanCreateInput, PlanSettingsInput } from "./plans.schemas.ts";
import { viewWhere } from "./plans.service.ts";
import { TEXT, subjectGrade } from "./plans.text.ts";

export interface LockedPlan {
  plan: ThematicPlan;
  year: { id: number; name: string; status: string } | null;
}

/**
 * Locks a plan of the school for a change (FOR UPDATE) and its year (FOR SHARE, against closing);
 * NotFound unless it is within the actor's scope of changes (plans.policy.ts editWhere).
 */
export async function lockPlan(tx: Db, actor: Actor, id: number, action: "update" | "delete" = "update"): Promise<LockedPlan> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "ThematicPlan" WHERE "id" = ${id} AND "schoolId" = ${actor.schoolId} FOR UPDATE`;
  if (!rows.length) throw new NotFound("КТП не найден");
  const plan = await tx.thematicPlan.findUniqueOrThrow({ where: { id } });
  if (!inEditScope(actor, plan, action)) throw new NotFound("КТП не найден");
  let year: LockedPlan["year"] = null;
  if (plan.yearId !== null) {
    const y = await tx.$queryRaw<{ id: number; name: string; status: string }[]>`
      SELECT "id", "name", "status"::text AS "status" FROM "AcademicYear" WHERE "id" = ${plan.yearId} FOR SHARE`;
    year = y[0] ?? null;
  }
  return { plan, year };
}

/** Locks a plan whose topics and settings are about to change: in scope (NotFound) and not locked (Locked). */
export async function lockEditable(tx: Db, actor: Actor, id: number): Promise<LockedPlan> {
  const locked = await lockPlan(tx, actor, id);
  assertContentEditable(locked.plan, locked.year);
  return locked;
}

/**
 * Creates a plan of a year, or a template of the library (school-scope creators only: Forbidden),
 * empty or as a copy of a plan the actor sees (`fromId`: its topics copied, copiedFromId kept).
 * A teacher creates plans only for a subject and grade of the own teaching load in that year
 * (ValidationError beside the subject). ValidationError for a profile outside grades 10–11.
 */
export async function createPlan(actor: Actor, input: PlanCreateInput): Promise<{ id: number }> {
  const reachCreate = createReach(actor);
  if (reachCreate === "none") throw new Forbidden();
  const template = input.kind === "template";
  if (template && !canManageTemplates(actor)) throw new Forbidden(TEXT.templatesOnly);
  return prisma.$transaction(async (tx) => {
    const source = input.fromId
      ? await tx.thematicPlan.findFirst({ where: { id: input.fromId, ...viewWhere(actor) }, include: { items: { orderBy: { position: "asc" } } } })
      : null;
    if (input.fromId && !source) throw new NotFound("КТП не найден");
    const subject = await tx.subject.findFirst({ where: { id: input.subjectId, schoolId: actor.schoolId } });
    if (!subject) throw new ValidationError({ subjectId: "Выберите предмет из списка" });
    if (input.profile && input.grade < 10) throw new ValidationError({ profile: TEXT.profileGrades });
    let yearId: number | null = null;
    if (!template) {
      if (!input.yearId) throw new ValidationError({ yearId: "Выберите учебный год" });
      const year = await tx.academicYear.findFirst({ where: { id: input.yearId, schoolId: actor.schoolId } });
      if (!year) throw new ValidationError({ yearId: "Выберите учебный год" });
      if (year.status === "CLOSED") throw new ValidationError({ yearId: TEXT.yearClosed });
      yearId = year.id;
      if (reachCreate === "taught") {
        const taught = await tx.teachingLoad.count({
          where: { schoolId: actor.schoolId, yearId, teacherId: actor.personId, subjectId: subject.id, class: { grade: input.grade } },
        });
        if (!taught) throw new ValidationError({ subjectId: TEXT.notTaught(subject.name, input.grade, year.name) });
      }
    }
    const plan = await tx.thematicPlan.create({
      data: {
        schoolId: actor.schoolId,
        subjectId: subject.id,
        grade: input.grade,
        profile: input.profile,
        yearId,
        isTemplate: template,
        title: input.title ?? subjectGrade(subject.name, input.grade, input.profile),
        authorId: actor.personId,
        copiedFromId: source?.id ?? null,
        note: source?.note ?? null,
      },
    });
    if (source) await copyItems(tx, actor.schoolId, plan.id, source.items);
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "thematic-plan",
      entityId: plan.id,
      action: source ? "copy" : "create",
      newValue: { title: plan.title, template, yearId, from: source?.id ?? null, topics: source?.items.length ?? 0 },
    });
    return { id: plan.id };
  });
}

/** Changes the title and the note of a plan (the same rules as its topics). */
export async function updatePlanSettings(actor: Actor, id: number, input: PlanSettingsInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { plan } = await lockEditable(tx, actor, id);
    await tx.thematicPlan.update({ where: { id }, data: { title: input.title, note: input.note } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "thematic-plan",
      entityId: id,
      action: "settings",
      oldValue: { title: plan.title, note: plan.note },
      newValue: input,
    });
  });
}

/** Lessons linked to topics that are removed lose the link (a plain id; the lesson's own topic text stays). */
async function unlinkLessons(tx: Db, schoolId: number, itemIds: readonly number[]): Promise<void> {
  if (itemIds.length)
    await tx.$executeRaw`UPDATE "Lesson" SET "planItemId" = NULL WHERE "schoolId" = ${schoolId} AND "planItemId" = ANY(${[...itemIds]}::int[])`;
}

export interface ItemsChange {
  added: number;
  changed: number;
  removed: number;
  total: number;
}

/**
 * Writes the plan's topics in this order (positions 1…n), keeping the ids of stored topics that
 * are kept (rows posted with their id, or — for an import — the row at the same position), so the
 * lessons linked to a topic (Lesson.planItemId) stay linked. Rows identical to the stored ones are
 * not touched. Runs in the caller's transaction, after lockEditable().
 */
export async function writeItems(tx: Db, schoolId: number, planId: number, rows: readonly { id: number | null; item: ItemInput }[]): Promise<ItemsChange> {
  const stored = await tx.planItem.findMany({ where: { planId }, orderBy: { position: "asc" } });
  const byId = new Map(stored.map((s) => [s.id, s]));
  const used = new Set<number>();
  const target = rows.map((r, i) => {
    const own = r.id !== null && byId.has(r.id) && !used.has(r.id) ? byId.get(r.id)! : null;
    if (own) used.add(own.id);
    return { position: i + 1, item: r.item, own };
  });
  const removed = stored.filter((s) => !used.has(s.id));
  if (removed.length) {
    const ids = removed.map((s) => s.id);
    await unlinkLessons(tx, schoolId, ids);
    await tx.planItem.deleteMany({ where: { id: { in: ids } } });
  }
  const moving = target.filter((t) => t.own && t.own.position !== t.position).map((t) => t.own!.id);
  if (moving.length) await tx.$executeRaw`UPDATE "PlanItem" SET "position" = -"position" WHERE "id" = ANY(${moving})`;
  let changed = 0;
  for (const t of target) {
    if (!t.own) continue;
    if (t.own.position === t.position && sameItem(t.own, t.item)) continue;
    changed++;
    await tx.planItem.update({ where: { id: t.own.id }, data: { position: t.position, ...t.item } });
  }
  const fresh = target.filter((t) => !t.own);
  if (fresh.length) await tx.planItem.createMany({ data: fresh.map((t) => ({ schoolId, planId, position: t.position, ...t.item })) });
  await tx.thematicPlan.update({ where: { id: planId }, data: { updatedAt: clock.now() } });
  return { added: fresh.length, changed, removed: removed.length, total: totalOf(rows.map((r) => r.item)) };
}

/** Saves the topics table (R-JRN-10, R-JRN-11): all rows or none. NotFound, Locked as lockEditable. */
export async function saveItems(actor: Actor, id: number, rows: readonly { id: number | null; item: ItemInput }[], action = "items"): Promise<ItemsChange> {
  return prisma.$transaction(async (tx) => {
    await lockEditable(tx, actor, id);
    const change = await writeItems(tx, actor.schoolId, id, rows);
    if (change.added + change.changed + change.removed)
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "thematic-plan",
        entityId: id,
        action,
        newValue: { ...change, topics: rows.length },
      });
    return change;
  });
}

/** Adds pasted topics at the end, or replaces all topics with them. */
export async function pasteItems(actor: Actor, id: number, items: readonly ItemInput[], mode: "append" | "replace"): Promise<ItemsChange> {
  return prisma.$transaction(async (tx) => {
    await lockEditable(tx, actor, id);
    const stored = mode === "append" ? await tx.planItem.findMany({ where: { planId: id }, orderBy: { position: "asc" } }) : [];
    const rows = [...stored.map((s) => ({ id: s.id, item: s })), ...items.map((item) => ({ id: null, item }))];
    const change = await writeItems(tx, actor.schoolId, id, rows);
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "thematic-plan", entityId: id, action: `paste-${mode}`, newValue: change });
    return change;
  });
}

/**
 * Deletes a plan with its topics and assignments: a draft, returned or submitted plan, a newer
 * version being prepared, a template. An approved plan and old versions are history (Locked).
 */
export async function deletePlan(actor: Actor, id: number): Promise<{ yearId: number | null; isTemplate: boolean; previousId: number | null }> {
  return prisma.$transaction(async (tx) => {
    const { plan, year } = await lockPlan(tx, actor, id, "delete");
    if (!canDeletePlan(actor, plan, year)) throw new Locked(year?.status === "CLOSED" ? TEXT.yearClosed : TEXT.approvedKept);
    await unlinkLessons(
      tx,
      actor.schoolId,
      (await tx.planItem.findMany({ where: { planId: id }, select: { id: true } })).map((i) => i.id),
    );
    await tx.thematicPlan.delete({ where: { id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "thematic-plan",
      entityId: id,
      action: "delete",
      oldValue: { title: plan.title, status: plan.status, version: plan.version, template: plan.isTemplate },
    });
    return { yearId: plan.yearId, isTemplate: plan.isTemplate, previousId: plan.previousId };
  });
}

type PlanItemFields = Pick<PlanItem, "position" | "section" | "topic" | "hours" | "lessonType" | "workKind" | "note">;

/** The topics of one plan written into another (a copy, a new version): the same positions, sections and kinds. */
export async function copyItems(tx: Db, schoolId: number, planId: number, items: readonly PlanItemFields[]): Promise<void> {
  if (!items.length) return;
  await tx.planItem.createMany({
    data: items.map((i) => ({
      schoolId,
      planId,
      position: i.position,
      section: i.section,
      topic: i.topic,
      hours: i.hours,
      lessonType: i.lessonType,
      workKind: i.workKind,
      note: i.note,
    })),
  });
}
