/** Subjects of the school with their grading mode; used subjects are archived, never deleted. */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { Conflict, NotFound, ValidationError } from "../../lib/errors.ts";
import { canDeleteSubject } from "./setup.policy.ts";
import type { SubjectInput } from "./setup.schemas.ts";
import { compareSubjects, isUniqueViolation, matches, pageOf } from "./setup.common.ts";
import { TEXT } from "./setup.text.ts";

/** Subjects of the actor's school: active first, then by sort order and name; searchable by name and short name. */
export async function listSubjects(actor: Actor, opts: { q: string; page: number }) {
  const subjects = await prisma.subject.findMany({ where: { schoolId: actor.schoolId } });
  const filtered = subjects.filter((s) => matches(opts.q, s.name, s.shortName));
  filtered.sort((a, b) => Number(a.archived) - Number(b.archived) || compareSubjects(a, b));
  return pageOf(filtered, opts.page);
}

/** Active subjects for selects. */
export async function subjectOptions(actor: Actor) {
  const subjects = await prisma.subject.findMany({ where: { schoolId: actor.schoolId, archived: false } });
  return subjects.sort(compareSubjects);
}

/** The subject, or NotFound when it is not the actor's school's. */
export async function getSubject(actor: Actor, id: number) {
  const subject = await prisma.subject.findFirst({ where: { id, schoolId: actor.schoolId } });
  if (!subject) throw new NotFound();
  return subject;
}

async function assertNameFree(actor: Actor, name: string, exceptId: number | null) {
  const other = await prisma.subject.findFirst({
    where: { schoolId: actor.schoolId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
  });
  if (other) throw new ValidationError({ name: TEXT.subjectExists });
}

/** Creates a subject; the name is unique in the school (ValidationError otherwise). Audited (entity "subject"). */
export async function createSubject(actor: Actor, data: SubjectInput) {
  await assertNameFree(actor, data.name, null);
  try {
    return await prisma.$transaction(async (tx) => {
      const subject = await tx.subject.create({ data: { schoolId: actor.schoolId, ...data } });
      await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "subject", entityId: subject.id, action: "create", newValue: { ...data } });
      return subject;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: TEXT.subjectExists });
    throw e;
  }
}

/**
 * Updates a subject of the actor's school (NotFound; ValidationError for a taken name); the changed
 * fields (old → new, e.g. the grading mode «без отметок», issue 23) are audited (entity "subject").
 */
export async function updateSubject(actor: Actor, id: number, data: SubjectInput) {
  const before = await getSubject(actor, id);
  await assertNameFree(actor, data.name, id);
  const changed = (Object.keys(data) as (keyof SubjectInput)[]).filter((k) => before[k] !== data[k]);
  if (!changed.length) return;
  try {
    await prisma.$transaction(async (tx) => {
      await tx.subject.update({ where: { id }, data });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "subject",
        entityId: id,
        action: "update",
        oldValue: Object.fromEntries(changed.map((k) => [k, before[k]])),
        newValue: Object.fromEntries(changed.map((k) => [k, data[k]])),
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: TEXT.subjectExists });
    throw e;
  }
}

export async function setSubjectArchived(actor: Actor, id: number, archived: boolean) {
  await getSubject(actor, id);
  await prisma.subject.update({ where: { id }, data: { archived } });
}

/** What refers to the subject: teaching load, subgroups, lessons, final marks. */
export async function subjectUsage(actor: Actor, id: number) {
  const where = { schoolId: actor.schoolId, subjectId: id };
  const [loads, subgroups, lessons, finalMarks] = await Promise.all([
    prisma.teachingLoad.count({ where }),
    prisma.subgroup.count({ where }),
    prisma.lesson.count({ where }),
    prisma.finalMark.count({ where }),
  ]);
  return { loads, subgroups, lessons, finalMarks };
}

/** Deletes an unused subject; one used in load (or anywhere) may only be archived (Conflict). */
export async function deleteSubject(actor: Actor, id: number) {
  await getSubject(actor, id);
  await prisma.$transaction(async (tx) => {
    const where = { schoolId: actor.schoolId, subjectId: id };
    const usage = {
      loads: await tx.teachingLoad.count({ where }),
      subgroups: await tx.subgroup.count({ where }),
      lessons: await tx.lesson.count({ where }),
      finalMarks: await tx.finalMark.count({ where }),
    };
    if (!canDeleteSubject(usage)) throw new Conflict(TEXT.subjectInUse);
    await tx.subject.delete({ where: { id } });
  });
}
