/**
 * Assigning a plan to journals (R-PLN-3): a teacher's plan of a year is given to one or more of the
 * teacher's own journals of its subject and grade (classes or subgroups of the teaching load; a
 * deputy or the administrator may give it to any journal of the year). One plan per journal
 * (PlanAssignment is unique per class × subgroup × subject × year): ticking a journal that follows
 * another plan moves it to this one. A newer version being prepared takes over its journals when
 * approved (plans.review.ts), so it is not assigned directly.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { Locked, ValidationError } from "../../lib/errors.ts";
import type { ThematicPlan } from "../../generated/prisma/client.ts";
import { lockPlan } from "./plans.edit.ts";
import { assignAll, canAssignPlan, isPendingVersion } from "./plans.policy.ts";
import { journalsOfYear, type JournalRow } from "./plans.journals.ts";
import { TEXT } from "./plans.text.ts";

export const journalKey = (j: { classId: number; subgroupId: number }) => `${j.classId}:${j.subgroupId}`;

/** The journals this plan may be given to by the actor: its year, subject and grade (and profile), the own load unless school scope. */
export async function assignableJournals(actor: Actor, plan: Pick<ThematicPlan, "yearId" | "subjectId" | "grade" | "profile">): Promise<JournalRow[]> {
  if (plan.yearId === null) return [];
  const rows = await journalsOfYear(actor.schoolId, plan.yearId, assignAll(actor) ? null : actor.personId);
  return rows.filter((j) => j.subjectId === plan.subjectId && j.grade === plan.grade && (!plan.profile || j.profile === plan.profile));
}

/**
 * Sets the journals of a plan to the ticked ones among those the actor may assign: ticked ones are
 * given this plan (moved from another plan if they had one), unticked ones that had this plan lose
 * it. ValidationError for a journal not offered; Locked for a template or an old version.
 */
export async function saveAssignments(actor: Actor, id: number, keys: readonly string[]): Promise<{ added: number; removed: number }> {
  return prisma.$transaction(async (tx) => {
    const { plan, year } = await lockPlan(tx, actor, id);
    if (!canAssignPlan(actor, plan, year))
      throw new Locked(
        plan.isTemplate ? TEXT.templateNotAssigned : plan.supersededAt ? TEXT.superseded : isPendingVersion(plan) ? TEXT.versionAssign : TEXT.yearClosed,
      );
    const offered = await assignableJournals(actor, plan);
    const byKey = new Map(offered.map((j) => [journalKey(j), j]));
    const wanted = new Set(keys);
    for (const k of wanted) if (!byKey.has(k)) throw new ValidationError({ journals: TEXT.pickJournal });
    let added = 0;
    let removed = 0;
    for (const j of offered) {
      const has = j.plan?.id === plan.id;
      const want = wanted.has(journalKey(j));
      if (want && !has) {
        await tx.planAssignment.upsert({
          where: { yearId_classId_subgroupId_subjectId: { yearId: plan.yearId!, classId: j.classId, subgroupId: j.subgroupId, subjectId: j.subjectId } },
          create: {
            schoolId: actor.schoolId,
            planId: plan.id,
            yearId: plan.yearId!,
            classId: j.classId,
            subgroupId: j.subgroupId,
            subjectId: j.subjectId,
            assignedById: actor.personId,
          },
          update: { planId: plan.id, assignedById: actor.personId },
        });
        added++;
      } else if (!want && has) {
        await tx.planAssignment.deleteMany({
          where: { planId: plan.id, yearId: plan.yearId!, classId: j.classId, subgroupId: j.subgroupId, subjectId: j.subjectId },
        });
        removed++;
      }
    }
    if (added + removed)
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "thematic-plan",
        entityId: id,
        action: "assign",
        newValue: { journals: offered.filter((j) => wanted.has(journalKey(j))).map((j) => `${j.label} ${j.subject}`), added, removed },
      });
    return { added, removed };
  });
}
