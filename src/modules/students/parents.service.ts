/**
 * Parent cards (R-REG-2): a parent is a Person linked to children with the relation; one parent may
 * have several children, and a staff member may also be a parent (an existing person is linked).
 */
import type { Actor } from "../../access/actor.ts";
import { personIdsByName } from "../../lib/person-search.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { Forbidden, NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { today } from "../../lib/dates.ts";
import { auditPersonal, childClassIds, diff, notEndedBy, pick, scopedStudent, PARENT_PROFILE_KEYS, PERSON_KEYS } from "./students.common.ts";
import { canAddParent, canEditParentCard, canEditSection, canViewFile, canViewParentCard } from "./students.policy.ts";
import type { ParentCardInput, ParentCreateInput } from "./students.schemas.ts";
import { DuplicateError, possibleDuplicates } from "./students.service.ts";
import { RELATIONS, TEXT } from "./students.text.ts";

type Relation = keyof typeof RELATIONS;

/** The parent card with the children the actor may see; NotFound outside the actor's scope. */
export async function parentCard(actor: Actor, personId: number) {
  const person = await prisma.person.findFirst({
    where: { id: personId, schoolId: actor.schoolId, childrenLinks: { some: {} } },
    include: {
      profile: true,
      consent: true,
      user: { select: { login: true } },
      staff: { select: { id: true } },
      childrenLinks: {
        include: {
          student: {
            include: {
              person: true,
              memberships: { where: notEndedBy(today()), include: { class: true } },
            },
          },
        },
      },
    },
  });
  if (!person) throw new NotFound();
  const classIds = await childClassIds(prisma, actor.schoolId, person.id);
  if (!canViewParentCard(actor, classIds)) throw new NotFound();
  const children = person.childrenLinks
    .map((l) => ({
      studentId: l.studentId,
      name: fullName(l.student.person),
      person: l.student.person,
      relation: l.relation,
      classes: l.student.memberships.map((m) => className(m.class)).join(", ") || "—",
      visible: canViewFile(
        actor,
        l.student.memberships.map((m) => m.classId),
      ),
    }))
    .sort((a, b) => compareNames(a.person, b.person));
  return {
    person,
    name: fullName(person),
    profile: person.profile,
    consent: person.consent,
    login: person.user?.login ?? null,
    isStaff: !!person.staff,
    children,
    classIds,
    canEdit: canEditParentCard(actor, classIds),
    canConsent: classIds.length ? canEditSection(actor, "consent", classIds) : false,
  };
}

export async function updateParentCard(actor: Actor, personId: number, input: ParentCardInput): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const person = await tx.person.findFirst({ where: { id: personId, schoolId: actor.schoolId, childrenLinks: { some: {} } }, include: { profile: true } });
    if (!person) throw new NotFound();
    const classIds = await childClassIds(tx, actor.schoolId, person.id);
    if (!canViewParentCard(actor, classIds)) throw new NotFound();
    if (!canEditParentCard(actor, classIds)) throw new Forbidden();
    const p = pick(input, PERSON_KEYS);
    const prof = pick(input, PARENT_PROFILE_KEYS);
    const change = diff({ ...person, ...(person.profile ?? {}) }, { ...p, ...prof }, [...PERSON_KEYS, ...PARENT_PROFILE_KEYS]);
    if (!change) return false;
    await tx.person.update({ where: { id: person.id }, data: p });
    await tx.personProfile.upsert({ where: { personId: person.id }, create: { schoolId: actor.schoolId, personId: person.id, ...prof }, update: prof });
    await auditPersonal(tx, actor, "person", person.id, "update", change);
    return true;
  });
}

/** A new parent (a new person) linked to the student. Duplicate full name + birth date needs confirmation. */
export async function createParent(actor: Actor, studentId: number, input: ParentCreateInput): Promise<{ personId: number }> {
  return prisma.$transaction(async (tx) => {
    const { student, classIds } = await scopedStudent(actor, studentId, tx);
    if (!canAddParent(actor, classIds)) throw new Forbidden();
    if (!input.confirmDuplicate) {
      const dups = await possibleDuplicates(tx, actor.schoolId, input);
      if (dups.length) throw new DuplicateError(dups);
    }
    const p = pick(input, PERSON_KEYS);
    const prof = pick(input, PARENT_PROFILE_KEYS);
    const person = await tx.person.create({ data: { schoolId: actor.schoolId, ...p } });
    await tx.personProfile.create({ data: { schoolId: actor.schoolId, personId: person.id, ...prof } });
    await auditPersonal(tx, actor, "person", person.id, "create", diff(null, { ...p, ...prof }, [...PERSON_KEYS, ...PARENT_PROFILE_KEYS]));
    await link(tx, actor, student, person, input.relation);
    return { personId: person.id };
  });
}

async function link(
  tx: Db,
  actor: Actor,
  student: { id: number; personId: number; person: { lastName: string; firstName: string; middleName: string | null } },
  parent: { id: number; lastName: string; firstName: string; middleName: string | null },
  relation: Relation,
) {
  await tx.parentLink.create({ data: { schoolId: actor.schoolId, parentId: parent.id, studentId: student.id, relation } });
  const value = { student: fullName(student.person), parent: fullName(parent), relation: RELATIONS[relation] };
  await auditPersonal(tx, actor, "parent-link", student.personId, "create", { newValue: value });
  await auditPersonal(tx, actor, "parent-link", parent.id, "create", { newValue: value });
}

/** Links an existing person of the school (a staff member, a parent of another child) as a parent. */
export async function linkParent(actor: Actor, studentId: number, personId: number, relation: Relation): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { student, classIds } = await scopedStudent(actor, studentId, tx);
    if (!canAddParent(actor, classIds)) throw new Forbidden();
    const parent = await tx.person.findFirst({ where: { id: personId, schoolId: actor.schoolId } });
    if (!parent) throw new ValidationError({ personId: TEXT.pickPerson });
    if (parent.id === student.personId) throw new ValidationError({ personId: TEXT.parentIsStudent });
    const existing = await tx.parentLink.findUnique({ where: { parentId_studentId: { parentId: parent.id, studentId: student.id } } });
    if (existing) throw new ValidationError({ personId: TEXT.parentAlreadyLinked });
    await link(tx, actor, student, parent, relation);
  });
}

export async function unlinkParent(actor: Actor, studentId: number, linkId: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { student, classIds } = await scopedStudent(actor, studentId, tx);
    if (!canEditParentCard(actor, classIds) || !canAddParent(actor, classIds)) throw new Forbidden();
    const l = await tx.parentLink.findFirst({ where: { id: linkId, studentId: student.id, schoolId: actor.schoolId }, include: { parent: true } });
    if (!l) throw new NotFound();
    await tx.parentLink.delete({ where: { id: l.id } });
    const value = { student: fullName(student.person), parent: fullName(l.parent), relation: RELATIONS[l.relation] };
    await auditPersonal(tx, actor, "parent-link", student.personId, "delete", { oldValue: value });
    await auditPersonal(tx, actor, "parent-link", l.parent.id, "delete", { oldValue: value });
  });
}

/** Persons of the school to link as a parent, found by name (at most 20): staff and parents, not students. */
export async function parentCandidates(actor: Actor, q: string) {
  const named = await personIdsByName(prisma, actor.schoolId, q);
  if (!named) return [];
  const rows = await prisma.person.findMany({
    where: { schoolId: actor.schoolId, student: null, id: { in: named } },
    include: { staff: { select: { id: true } }, _count: { select: { childrenLinks: true } } },
    take: 50,
  });
  return rows
    .sort(compareNames)
    .slice(0, 20)
    .map((p) => ({
      id: p.id,
      name: fullName(p),
      birthDate: p.birthDate,
      ties: [p.staff ? "сотрудник" : null, p._count.childrenLinks ? "родитель" : null].filter(Boolean).join(", "),
    }));
}
