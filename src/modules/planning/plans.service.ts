/**
 * Calendar-thematic plans (КТП, R-PLN-3, R-JRN-10, R-JRN-11): reading them. A plan belongs to a
 * subject and grade (and a profile in 10–11): an ordered list of sections and topics with hours,
 * the lesson type and the kind of work. The school's library holds templates (no year); a
 * teacher's plan has a year and is assigned to journals (PlanAssignment, one plan per journal).
 * Its total hours are compared with the curriculum's hours for the year (planning.hours.ts), the
 * difference shown. Authors are named everywhere.
 *
 * This file reads; plans.edit.ts writes plans and topics, plans.review.ts sends, approves, returns
 * and versions them, plans.assign.ts assigns them to journals, plan-import.service.ts imports and
 * exports .xlsx, plans.journals.ts lists journals with their plans. Other parts of planning may use
 * approvedPlanOf() (plans.journals.ts) for the plan a journal follows.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { compareText, fullName, shortName } from "../../lib/names.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { ThematicPlan } from "../../generated/prisma/client.ts";
import { compareHours, yearHoursIndex, type HoursCheck, type YearHoursIndex } from "./planning.hours.ts";
import {
  canAssignPlan,
  canDeletePlan,
  canEditPlan,
  canManageTemplates,
  canReviewPlan,
  canStartVersion,
  canSubmitPlan,
  canViewPlans,
  canWithdrawPlan,
  createReach,
  inEditScope,
  isReviewer,
  lockReason,
} from "./plans.policy.ts";
import { journalLabel, journalUrl, namesOf } from "./plans.journals.ts";
import { STATUS_NAMES, hoursSummary, subjectGrade, type Tab } from "./plans.text.ts";

/** The plans the actor sees: the whole school's (view "school"), else only the own. */
export function viewWhere(actor: Actor): { schoolId: number; authorId?: number } {
  return canViewPlans(actor) ? { schoolId: actor.schoolId } : { schoolId: actor.schoolId, authorId: actor.personId };
}

/** A plan as lists show it: who wrote it, its state, its hours against the curriculum, its journals. */
export interface PlanHead {
  id: number;
  title: string;
  subjectId: number;
  subject: string;
  grade: number;
  profile: string;
  name: string;
  yearId: number | null;
  yearName: string | null;
  isTemplate: boolean;
  status: PlanStatus;
  statusName: string;
  version: number;
  previousId: number | null;
  supersededAt: Date | null;
  authorId: number;
  author: string;
  authorShort: string;
  reviewer: string | null;
  reviewedAt: Date | null;
  submittedAt: Date | null;
  reviewComment: string | null;
  updatedAt: Date;
  topics: number;
  total: number;
  hours: HoursCheck;
  hoursText: { line: string; verdict: string };
  assigned: { label: string; url: string }[];
  /** A newer version being prepared (a draft, submitted or returned copy of this approved plan). */
  nextVersion: { id: number; version: number; status: PlanStatus } | null;
}

type PlanRow = ThematicPlan;

/** Heads of these plans in one round of queries; hours of templates are compared with `templateYearId`'s curriculum. */
export async function planHeads(db: Db, schoolId: number, plans: readonly PlanRow[], templateYearId: number | null): Promise<PlanHead[]> {
  if (!plans.length) return [];
  const ids = plans.map((p) => p.id);
  const yearIds = [...new Set([...plans.map((p) => p.yearId ?? templateYearId).filter((y): y is number => y !== null)])];
  const [sums, subjects, names, years, assignments, next, indexes] = await Promise.all([
    db.planItem.groupBy({ by: ["planId"], where: { planId: { in: ids } }, _sum: { hours: true }, _count: { _all: true } }),
    db.subject.findMany({ where: { schoolId, id: { in: [...new Set(plans.map((p) => p.subjectId))] } }, select: { id: true, name: true } }),
    namesOf(
      db,
      plans.flatMap((p) => [p.authorId, ...(p.reviewedById ? [p.reviewedById] : [])]),
    ),
    db.academicYear.findMany({ where: { schoolId, id: { in: yearIds } }, select: { id: true, name: true } }),
    db.planAssignment.findMany({ where: { planId: { in: ids } } }),
    db.thematicPlan.findMany({
      where: { schoolId, previousId: { in: ids }, supersededAt: null, status: { not: "APPROVED" } },
      select: { id: true, version: true, status: true, previousId: true },
    }),
    Promise.all(yearIds.map((y) => yearHoursIndex(db, schoolId, y))),
  ]);
  const [classes, subgroups] = await Promise.all([
    assignments.length ? db.schoolClass.findMany({ where: { id: { in: [...new Set(assignments.map((a) => a.classId))] } } }) : [],
    assignments.some((a) => a.subgroupId)
      ? db.subgroup.findMany({ where: { id: { in: assignments.flatMap((a) => (a.subgroupId ? [a.subgroupId] : [])) } }, select: { id: true, name: true } })
      : [],
  ]);
  const sumOf = new Map(sums.map((s) => [s.planId, { total: s._sum.hours ?? 0, topics: s._count._all }]));
  const subjectOf = new Map(subjects.map((s) => [s.id, s.name]));
  const yearOf = new Map(years.map((y) => [y.id, y.name]));
  const classOf = new Map(classes.map((c) => [c.id, c]));
  const groupOf = new Map(subgroups.map((g) => [g.id, g.name]));
  const indexOf = new Map<number, YearHoursIndex>(indexes.map((ix) => [ix.yearId, ix]));
  const nextOf = new Map(next.map((n) => [n.previousId!, n]));
  return plans.map((p) => {
    const subject = subjectOf.get(p.subjectId) ?? "—";
    const author = names.get(p.authorId);
    const reviewer = p.reviewedById ? names.get(p.reviewedById) : undefined;
    const s = sumOf.get(p.id) ?? { total: 0, topics: 0 };
    const hoursYear = p.yearId ?? templateYearId;
    const ix = hoursYear !== null ? indexOf.get(hoursYear) : undefined;
    const hours = compareHours(s.total, ix ? ix.of(p.grade, p.profile, p.subjectId) : null);
    const assigned = assignments
      .filter((a) => a.planId === p.id && classOf.has(a.classId))
      .map((a) => {
        const cls = classOf.get(a.classId)!;
        return {
          label: journalLabel(cls, a.subgroupId ? groupOf.get(a.subgroupId) : null),
          url: journalUrl(a.classId, a.subjectId, a.subgroupId || null),
          cls,
        };
      })
      .sort((a, b) => a.cls.grade - b.cls.grade || compareText(a.label, b.label))
      .map(({ label, url }) => ({ label, url }));
    const n = nextOf.get(p.id);
    return {
      id: p.id,
      title: p.title,
      subjectId: p.subjectId,
      subject,
      grade: p.grade,
      profile: p.profile,
      name: subjectGrade(subject, p.grade, p.profile),
      yearId: p.yearId,
      yearName: p.yearId ? (yearOf.get(p.yearId) ?? null) : null,
      isTemplate: p.isTemplate,
      status: p.status,
      statusName: STATUS_NAMES[p.status],
      version: p.version,
      previousId: p.previousId,
      supersededAt: p.supersededAt,
      authorId: p.authorId,
      author: author ? fullName(author) : "—",
      authorShort: author ? shortName(author) : "—",
      reviewer: reviewer ? fullName(reviewer) : null,
      reviewedAt: p.reviewedAt,
      submittedAt: p.submittedAt,
      reviewComment: p.reviewComment,
      updatedAt: p.updatedAt,
      topics: s.topics,
      total: s.total,
      hours,
      hoursText: hoursSummary(hours, hoursYear !== null ? (yearOf.get(hoursYear) ?? null) : null),
      assigned,
      nextVersion: n ? { id: n.id, version: n.version, status: n.status } : null,
    };
  });
}

export interface ListFilters {
  tab: Tab;
  yearId: number | null;
  subjectId: number | null;
  grade: number | null;
  status: PlanStatus | null;
  authorId: number | null;
}

/**
 * The plans of a tab: the actor's own (of the year), all the school's (of the year, filtered), the
 * ones waiting for review, or the library's templates (hours compared with the year's curriculum).
 * Old versions are left out (their history is on the plan's page).
 */
export async function listPlans(actor: Actor, f: ListFilters): Promise<PlanHead[]> {
  const base = { ...viewWhere(actor), supersededAt: null };
  const filters = {
    ...(f.subjectId ? { subjectId: f.subjectId } : {}),
    ...(f.grade ? { grade: f.grade } : {}),
  };
  const where =
    f.tab === "library"
      ? { ...base, ...filters, isTemplate: true }
      : f.tab === "mine"
        ? { ...base, ...filters, isTemplate: false, yearId: f.yearId ?? -1, authorId: actor.personId }
        : f.tab === "review"
          ? { ...base, ...filters, isTemplate: false, status: "SUBMITTED" as const, ...(f.yearId ? { yearId: f.yearId } : {}) }
          : {
              ...base,
              ...filters,
              isTemplate: false,
              yearId: f.yearId ?? -1,
              ...(f.status ? { status: f.status } : {}),
              ...(f.authorId ? { authorId: f.authorId } : {}),
            };
  const plans = await prisma.thematicPlan.findMany({
    where,
    orderBy: [{ grade: "asc" }, { subjectId: "asc" }, { version: "desc" }, { id: "asc" }],
    take: 2000,
  });
  const heads = await planHeads(prisma, actor.schoolId, plans, f.yearId ?? actor.currentYearId);
  return heads.sort((a, b) => a.grade - b.grade || compareText(a.subject, b.subject) || compareText(a.author, b.author) || a.id - b.id);
}

/** Choices of the list's filters: the school's subjects and the authors of its plans. */
export async function listOptions(actor: Actor) {
  const [subjects, authors] = await Promise.all([
    prisma.subject.findMany({
      where: { schoolId: actor.schoolId, archived: false },
      orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
      select: { id: true, name: true },
    }),
    prisma.thematicPlan.findMany({ where: { schoolId: actor.schoolId, isTemplate: false }, distinct: ["authorId"], select: { authorId: true } }),
  ]);
  const names = await namesOf(
    prisma,
    authors.map((a) => a.authorId),
  );
  return {
    subjects: subjects.map((s) => ({ value: s.id, label: s.name })),
    authors: [...names.entries()].map(([id, p]) => ({ value: id, label: fullName(p) })).sort((a, b) => compareText(a.label, b.label)),
  };
}

/** A plan the actor sees (NotFound otherwise), with its year. */
export async function findPlan(actor: Actor, id: number) {
  const plan = await prisma.thematicPlan.findFirst({ where: { id, ...viewWhere(actor) } });
  if (!plan) throw new NotFound("КТП не найден");
  const year = plan.yearId ? await prisma.academicYear.findUnique({ where: { id: plan.yearId }, select: { id: true, name: true, status: true } }) : null;
  return { plan, year };
}

/** What the actor may do with the plan now (buttons; every action re-checks in its service). */
export function planRights(actor: Actor, plan: PlanRow, year: { status: string } | null) {
  return {
    edit: canEditPlan(actor, plan, year),
    inScope: inEditScope(actor, plan),
    lock: lockReason(plan, year),
    remove: canDeletePlan(actor, plan, year),
    submit: canSubmitPlan(actor, plan, year),
    withdraw: canWithdrawPlan(actor, plan, year),
    review: canReviewPlan(actor, plan),
    ownSubmitted: isReviewer(actor) && plan.status === "SUBMITTED" && plan.authorId === actor.personId,
    version: canStartVersion(actor, plan, year),
    assign: canAssignPlan(actor, plan, year),
    copy: createReach(actor) !== "none",
    toLibrary: canManageTemplates(actor) && !plan.isTemplate,
  };
}

/** The plan's page: the head, the topics in order, its journals, the versions before and after, what the actor may do. */
export async function getPlan(actor: Actor, id: number) {
  const { plan, year } = await findPlan(actor, id);
  const [[head], items, copiedFrom, previous] = await Promise.all([
    planHeads(prisma, actor.schoolId, [plan], plan.yearId ?? actor.currentYearId),
    prisma.planItem.findMany({ where: { planId: plan.id }, orderBy: { position: "asc" } }),
    plan.copiedFromId
      ? prisma.thematicPlan.findFirst({ where: { id: plan.copiedFromId, schoolId: actor.schoolId }, select: { id: true, title: true, isTemplate: true } })
      : null,
    plan.previousId ? prisma.thematicPlan.findFirst({ where: { id: plan.previousId, schoolId: actor.schoolId }, select: { id: true, version: true } }) : null,
  ]);
  const current = plan.supersededAt
    ? await prisma.thematicPlan.findFirst({ where: { schoolId: actor.schoolId, previousId: plan.id }, select: { id: true, version: true } })
    : null;
  let section: string | null = null;
  const rows = items.map((i) => {
    if (i.section) section = i.section;
    return { ...i, currentSection: section };
  });
  return { plan: head!, note: plan.note, year, items: rows, copiedFrom, previous, newer: current, rights: planRights(actor, plan, year) };
}

/** All versions of a plan, oldest first (the chain of previousId), with their reviews; NotFound outside the actor's view. */
export async function planHistory(actor: Actor, id: number) {
  const { plan } = await findPlan(actor, id);
  const chain: PlanRow[] = [plan];
  for (let p = plan; p.previousId !== null;) {
    const prev = await prisma.thematicPlan.findFirst({ where: { id: p.previousId, schoolId: actor.schoolId } });
    if (!prev || chain.some((c) => c.id === prev.id)) break;
    chain.unshift(prev);
    p = prev;
  }
  for (let p = plan; ;) {
    const next = await prisma.thematicPlan.findFirst({ where: { previousId: p.id, schoolId: actor.schoolId }, orderBy: { id: "asc" } });
    if (!next || chain.some((c) => c.id === next.id)) break;
    chain.push(next);
    p = next;
  }
  const heads = await planHeads(prisma, actor.schoolId, chain, plan.yearId ?? actor.currentYearId);
  const events = await prisma.auditLog.findMany({
    where: { schoolId: actor.schoolId, entity: "thematic-plan", entityId: { in: chain.map((c) => String(c.id)) } },
    orderBy: { at: "asc" },
    include: { actor: { select: { person: { select: { lastName: true, firstName: true, middleName: true } } } } },
    take: 500,
  });
  return {
    plan: heads.find((h) => h.id === plan.id)!,
    versions: heads,
    events: events.map((e) => ({ at: e.at, planId: Number(e.entityId), action: e.action, who: e.actor ? shortName(e.actor.person) : "—", reason: e.reason })),
  };
}
