/**
 * Kinds of work (assignment types) with their weights for the weighted average (R-JRN-1,
 * R-JRN-8). The administrator (and deputy) keeps the list; changes are audited.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import type { AssignmentType } from "../../generated/prisma/client.ts";
import { compareText } from "../../lib/names.ts";
import type { AssignmentTypeInput } from "./journal.schemas.ts";
import { DEFAULT_ASSIGNMENT_TYPES, MSG } from "./journal.text.ts";

export interface AssignmentTypeRow {
  id: number;
  name: string;
  shortName: string;
  weight: number;
  isControl: boolean;
  sortOrder: number;
  archived: boolean;
}

/** A kind of work as the settings page shows it: with the «оценочная процедура» flag of the assessment schedule (R-PLN-6). */
export interface AssignmentTypeFull extends AssignmentTypeRow {
  isAssessment: boolean;
}

const row = (t: AssignmentType): AssignmentTypeFull => ({
  id: t.id,
  name: t.name,
  shortName: t.shortName,
  weight: Number(t.weight),
  isControl: t.isControl,
  isAssessment: t.isAssessment,
  sortOrder: t.sortOrder,
  archived: t.archived,
});

/**
 * Creates the default kinds of work that the school does not have yet (by name):
 * «Ответ на уроке» 1, «Самостоятельная работа» 1.5, «Контрольная работа» 2, «Диктант» 2,
 * «Лабораторная работа» 1.5, «Практическая работа» 1.5, «Домашнее задание» 1,
 * «Проверочная работа» 1.5 (a short check in a lesson), «Тест» 1.5, «Диагностическая работа» 1.5 —
 * control works, dictations, tests and diagnostics are assessment procedures (R-PLN-6). Idempotent; the seed calls it for every school.
 */
export async function ensureDefaultAssignmentTypes(schoolId: number, db: Db = prisma): Promise<AssignmentTypeFull[]> {
  const existing = await db.assignmentType.findMany({ where: { schoolId }, select: { name: true } });
  const have = new Set(existing.map((t) => t.name));
  const missing = DEFAULT_ASSIGNMENT_TYPES.map((t, i) => ({ ...t, sortOrder: (i + 1) * 10 })).filter((t) => !have.has(t.name));
  if (missing.length) await db.assignmentType.createMany({ data: missing.map((t) => ({ schoolId, ...t })), skipDuplicates: true });
  return listAssignmentTypes(schoolId, true, db);
}

/** The school's kinds of work by sort order and name (archived ones only when asked). */
export async function listAssignmentTypes(schoolId: number, withArchived = false, db: Db = prisma): Promise<AssignmentTypeFull[]> {
  const types = await db.assignmentType.findMany({ where: { schoolId, ...(withArchived ? {} : { archived: false }) } });
  return types.map(row).sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.name, b.name));
}

export async function getAssignmentType(actor: Actor, id: number): Promise<AssignmentTypeFull> {
  const t = await prisma.assignmentType.findFirst({ where: { id, schoolId: actor.schoolId } });
  if (!t) throw new NotFound("Вид работы не найден");
  return row(t);
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === "P2002";
}

/** Adds a kind of work; ValidationError when the name is taken. */
export async function createAssignmentType(actor: Actor, input: AssignmentTypeInput): Promise<AssignmentTypeFull> {
  try {
    return await prisma.$transaction(async (tx) => {
      const t = await tx.assignmentType.create({ data: { schoolId: actor.schoolId, ...input } });
      await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "assignment-type", entityId: t.id, action: "create", newValue: row(t) });
      return row(t);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: MSG.typeNameTaken });
    throw e;
  }
}

/** Changes a kind of work (a new weight changes every average that uses it, R-JRN-8). */
export async function updateAssignmentType(actor: Actor, id: number, input: AssignmentTypeInput): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      const old = await tx.assignmentType.findFirst({ where: { id, schoolId: actor.schoolId } });
      if (!old) throw new NotFound("Вид работы не найден");
      const t = await tx.assignmentType.update({ where: { id }, data: input });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "assignment-type",
        entityId: id,
        action: "update",
        oldValue: row(old),
        newValue: row(t),
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: MSG.typeNameTaken });
    throw e;
  }
}

/** Archived kinds of work keep their marks but are not offered for new lessons. */
export async function setAssignmentTypeArchived(actor: Actor, id: number, archived: boolean): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const old = await tx.assignmentType.findFirst({ where: { id, schoolId: actor.schoolId } });
    if (!old) throw new NotFound("Вид работы не найден");
    if (old.archived === archived) return;
    await tx.assignmentType.update({ where: { id }, data: { archived } });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "assignment-type", entityId: id, action: archived ? "archive" : "unarchive" });
  });
}
