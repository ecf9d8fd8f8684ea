/**
 * The journals of the teaching load and their plans (R-PLN-3, R-JRN-11): a teacher's journals with
 * the КТП each follows, the deputy's list of journals without an approved plan, the approved plan
 * of one journal (for the other parts of planning: the journal's next topic, the programme report),
 * and the choices of «Создать КТП».
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { className, compareText, fullName, shortName } from "../../lib/names.ts";
import type { PlanStatus, PlanWorkKind } from "../../generated/prisma/enums.ts";
import { canManageTemplates, createReach } from "./plans.policy.ts";
import { STATUS_NAMES } from "./plans.text.ts";

type PersonName = { lastName: string; firstName: string; middleName: string | null };

/** Names of these people by id. */
export async function namesOf(db: Db, ids: readonly number[]): Promise<Map<number, PersonName>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.person.findMany({ where: { id: { in: unique } }, select: { id: true, lastName: true, firstName: true, middleName: true } });
  return new Map(rows.map((p) => [p.id, p]));
}

/** «5А» or «5А, 1 группа». */
export function journalLabel(cls: { grade: number; letter: string }, subgroup: string | null | undefined): string {
  return subgroup ? `${className(cls)}, ${subgroup}` : className(cls);
}

/** A journal's URL (the journal module's convention: /journal/:classId/:subjectId?subgroup=). */
export function journalUrl(classId: number, subjectId: number, subgroupId: number | null): string {
  return `/journal/${classId}/${subjectId}${subgroupId ? `?subgroup=${subgroupId}` : ""}`;
}

/** A journal of the teaching load with the plan assigned to it (if any). */
export interface JournalRow {
  classId: number;
  subgroupId: number;
  subjectId: number;
  grade: number;
  profile: string;
  label: string;
  subject: string;
  teacher: string;
  teacherId: number;
  url: string;
  plan: { id: number; title: string; status: PlanStatus; statusName: string; author: string } | null;
}

/** The journals (teaching load rows) of a year, optionally only a teacher's, each with its assigned plan. */
export async function journalsOfYear(schoolId: number, yearId: number, teacherId: number | null): Promise<JournalRow[]> {
  const [loads, assignments] = await Promise.all([
    prisma.teachingLoad.findMany({
      where: { schoolId, yearId, ...(teacherId !== null ? { teacherId } : {}) },
      include: {
        class: { select: { grade: true, letter: true, profile: true } },
        subgroup: { select: { name: true } },
        subject: { select: { name: true, sortOrder: true } },
        teacher: { select: { lastName: true, firstName: true, middleName: true } },
      },
    }),
    prisma.planAssignment.findMany({ where: { schoolId, yearId }, include: { plan: { select: { id: true, title: true, status: true, authorId: true } } } }),
  ]);
  const authors = await namesOf(
    prisma,
    assignments.map((a) => a.plan.authorId),
  );
  const byJournal = new Map(assignments.map((a) => [`${a.classId}:${a.subgroupId}:${a.subjectId}`, a.plan]));
  const seen = new Set<string>();
  const rows: (JournalRow & { order: number })[] = [];
  for (const l of loads) {
    const key = `${l.classId}:${l.subgroupId ?? 0}:${l.subjectId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = byJournal.get(key);
    const author = p ? authors.get(p.authorId) : undefined;
    rows.push({
      classId: l.classId,
      subgroupId: l.subgroupId ?? 0,
      subjectId: l.subjectId,
      grade: l.class.grade,
      profile: l.class.profile,
      label: journalLabel(l.class, l.subgroup?.name),
      subject: l.subject.name,
      teacher: fullName(l.teacher),
      teacherId: l.teacherId,
      url: journalUrl(l.classId, l.subjectId, l.subgroupId),
      plan: p ? { id: p.id, title: p.title, status: p.status, statusName: STATUS_NAMES[p.status], author: author ? shortName(author) : "—" } : null,
      order: l.subject.sortOrder,
    });
  }
  rows.sort((a, b) => a.grade - b.grade || compareText(a.label, b.label) || a.order - b.order || compareText(a.subject, b.subject));
  return rows;
}

/** The deputy's list (R-PLN-3): journals of the year without an approved plan, with counts. */
export async function journalsWithoutPlan(actor: Actor, yearId: number) {
  const all = await journalsOfYear(actor.schoolId, yearId, null);
  const missing = all.filter((j) => j.plan?.status !== "APPROVED");
  return { total: all.length, approved: all.length - missing.length, missing };
}

/** The plan of a journal that the journal follows: its assigned plan when approved, else null. */
export async function approvedPlanOf(
  schoolId: number,
  j: { yearId: number; classId: number; subgroupId: number | null; subjectId: number },
): Promise<{
  id: number;
  items: { id: number; position: number; section: string | null; topic: string; hours: number; lessonType: string | null; workKind: PlanWorkKind | null }[];
} | null> {
  const a = await prisma.planAssignment.findUnique({
    where: { yearId_classId_subgroupId_subjectId: { yearId: j.yearId, classId: j.classId, subgroupId: j.subgroupId ?? 0, subjectId: j.subjectId } },
    include: { plan: { include: { items: { orderBy: { position: "asc" } } } } },
  });
  if (!a || a.schoolId !== schoolId || a.plan.status !== "APPROVED") return null;
  return { id: a.plan.id, items: a.plan.items };
}

/**
 * The choices of «Создать КТП»: open years, and the subjects and grades the actor may plan — all of
 * them (school scope), or those of the own teaching load in the year (a teacher).
 */
export async function newPlanOptions(actor: Actor, yearId: number | null) {
  const years = await prisma.academicYear.findMany({
    where: { schoolId: actor.schoolId, status: { not: "CLOSED" } },
    orderBy: { startDate: "desc" },
    select: { id: true, name: true, status: true },
  });
  const all = createReach(actor) === "all";
  const loads =
    !all && yearId
      ? await prisma.teachingLoad.findMany({
          where: { schoolId: actor.schoolId, yearId, teacherId: actor.personId },
          select: { subjectId: true, class: { select: { grade: true } } },
        })
      : [];
  const subjects = await prisma.subject.findMany({
    where: { schoolId: actor.schoolId, ...(all ? { archived: false } : { id: { in: loads.map((l) => l.subjectId) } }) },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true },
  });
  const grades = all ? Array.from({ length: 11 }, (_, i) => i + 1) : [...new Set(loads.map((l) => l.class.grade))].sort((a, b) => a - b);
  return {
    years: years.map((y) => ({ value: y.id, label: `${y.name}${y.status === "DRAFT" ? " (черновик)" : ""}` })),
    subjects: subjects.map((s) => ({ value: s.id, label: s.name })),
    grades: grades.map((g) => ({ value: g, label: `${g} класс` })),
    /** A teacher's pairs of the load: «Математика — 5 класс» (shown as a hint). */
    taught: all ? [] : [...new Set(loads.map((l) => `${subjects.find((s) => s.id === l.subjectId)?.name ?? ""} — ${l.class.grade} класс`))].sort(compareText),
    templates: canManageTemplates(actor),
  };
}
