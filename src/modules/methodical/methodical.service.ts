/**
 * Methodical associations («Методические объединения», 002 §4, R-REG-9): a name, a leader, member
 * teachers and subjects. The administration keeps them (audited, entity "methodical-association");
 * the association's page gathers its members' journals of its subjects with their КТП pace
 * (planning.service) and the period's progress and quality (reports' progress.service).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName, shortName } from "../../lib/names.ts";
import { journalPath } from "../journal/journal.service.ts";
import { journalKey, journalsPace, paceBadge, paceText } from "../planning/planning.service.ts";
import { progressReport } from "../reports/progress.service.ts";
import { visibleAssociations } from "./methodical.policy.ts";
import type { AssociationInput } from "./methodical.schemas.ts";
import { MO_TEXT } from "./methodical.text.ts";

const person = { select: { id: true, lastName: true, firstName: true, middleName: true } } as const;

/** The associations the actor sees, with leader, members and subjects named. */
export async function listAssociations(actor: Actor) {
  const rows = await prisma.methodicalAssociation.findMany({
    where: visibleAssociations(actor),
    include: { leader: person, members: { include: { person } }, subjects: { include: { subject: { select: { name: true } } } } },
  });
  return rows
    .map((a) => ({
      id: a.id,
      name: a.name,
      leader: a.leader ? fullName(a.leader) : null,
      members: a.members.length,
      subjects: a.subjects.map((s) => s.subject.name).sort(compareText),
    }))
    .sort((a, b) => compareText(a.name, b.name));
}

/** The school's teachers (a TEACHER role) and subjects for the form. */
export async function associationOptions(schoolId: number) {
  const [teachers, subjects] = await Promise.all([
    prisma.person.findMany({ where: { schoolId, user: { roles: { some: { role: "TEACHER" } } } }, ...person }),
    prisma.subject.findMany({ where: { schoolId, archived: false }, select: { id: true, name: true }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
  ]);
  return {
    teachers: teachers.sort(compareNames).map((p) => ({ value: p.id, label: fullName(p) })),
    subjects: subjects.map((s) => ({ value: s.id, label: s.name })),
  };
}

/** One association the actor sees, or NotFound (another school's, a guessed id, one a teacher does not lead). */
async function visible(db: Db, actor: Actor, id: number) {
  const a = await db.methodicalAssociation.findFirst({
    where: { id, ...visibleAssociations(actor) },
    include: { leader: person, members: { include: { person } }, subjects: { include: { subject: { select: { id: true, name: true } } } } },
  });
  if (!a) throw new NotFound();
  return a;
}

/** The form's values of an association. */
export async function associationForEdit(actor: Actor, id: number) {
  const a = await visible(prisma, actor, id);
  return {
    name: a.name,
    leaderId: a.leaderId ?? "",
    memberIds: a.members.map((m) => String(m.personId)),
    subjectIds: a.subjects.map((s) => String(s.subjectId)),
  };
}

/** Checks the leader, teachers and subjects belong to the actor's school (teachers hold the TEACHER role); field errors otherwise. */
async function assertChoices(db: Db, schoolId: number, input: AssociationInput): Promise<void> {
  const [teachers, subjects] = await Promise.all([
    db.person.count({ where: { schoolId, id: { in: input.memberIds }, user: { roles: { some: { role: "TEACHER" } } } } }),
    db.subject.count({ where: { schoolId, id: { in: input.subjectIds } } }),
  ]);
  const errors: Record<string, string> = {};
  if (teachers !== input.memberIds.length) errors[input.leaderId && input.memberIds.length === 1 ? "leaderId" : "memberIds"] = MO_TEXT.teacher;
  if (subjects !== input.subjectIds.length) errors.subjectIds = MO_TEXT.subject;
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

const snapshot = (i: AssociationInput) => ({ name: i.name, leaderId: i.leaderId, memberIds: [...i.memberIds].sort(), subjectIds: [...i.subjectIds].sort() });

/** Creates (id null) or replaces an association in one transaction, audited; a duplicate name is a field error. Returns its id. */
export async function saveAssociation(actor: Actor, id: number | null, input: AssociationInput): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const before = id === null ? null : await visible(tx, actor, id);
    await assertChoices(tx, actor.schoolId, input);
    const clash = await tx.methodicalAssociation.findFirst({
      where: { schoolId: actor.schoolId, name: { equals: input.name, mode: "insensitive" }, NOT: { id: id ?? -1 } },
    });
    if (clash) throw new ValidationError({ name: MO_TEXT.duplicate });
    const data = { name: input.name, leaderId: input.leaderId };
    const saved = before
      ? await tx.methodicalAssociation.update({ where: { id: before.id }, data })
      : await tx.methodicalAssociation.create({ data: { schoolId: actor.schoolId, ...data } });
    await tx.methodicalMember.deleteMany({ where: { associationId: saved.id } });
    await tx.methodicalSubject.deleteMany({ where: { associationId: saved.id } });
    await tx.methodicalMember.createMany({ data: input.memberIds.map((personId) => ({ associationId: saved.id, personId })) });
    await tx.methodicalSubject.createMany({ data: input.subjectIds.map((subjectId) => ({ associationId: saved.id, subjectId })) });
    const old = before && {
      name: before.name,
      leaderId: before.leaderId,
      memberIds: before.members.map((m) => m.personId).sort(),
      subjectIds: before.subjects.map((s) => s.subjectId).sort(),
    };
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "methodical-association",
      entityId: saved.id,
      action: before ? "update" : "create",
      oldValue: old,
      newValue: snapshot(input),
    });
    return saved.id;
  });
}

/** Deletes an association (its members and subjects go with it), audited. */
export async function deleteAssociation(actor: Actor, id: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const a = await visible(tx, actor, id);
    await tx.methodicalAssociation.delete({ where: { id: a.id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "methodical-association",
      entityId: a.id,
      action: "delete",
      oldValue: { name: a.name },
      newValue: null,
    });
  });
}

/**
 * The association's page: its teachers, subjects, the current year's journals of its subjects by
 * its teachers (with the КТП pace), and the period's progress and quality of those journals and
 * subjects (within the actor's report scope).
 */
export async function associationPage(actor: Actor, id: number) {
  const a = await visible(prisma, actor, id);
  const memberIds = a.members.map((m) => m.personId);
  const subjectIds = a.subjects.map((s) => s.subjectId);
  const loads =
    actor.currentYearId && memberIds.length && subjectIds.length
      ? await prisma.teachingLoad.findMany({
          where: { schoolId: actor.schoolId, yearId: actor.currentYearId, teacherId: { in: memberIds }, subjectId: { in: subjectIds } },
          include: {
            class: { select: { grade: true, letter: true } },
            subject: { select: { name: true } },
            subgroup: { select: { name: true } },
            teacher: person,
          },
        })
      : [];
  const keys = loads.map((l) => ({ classId: l.classId, subjectId: l.subjectId, subgroupId: l.subgroupId }));
  const pace = await journalsPace(actor.schoolId, keys);
  const journals = loads
    .map((l) => {
      const p = pace.get(journalKey({ classId: l.classId, subjectId: l.subjectId, subgroupId: l.subgroupId }));
      return {
        teacher: fullName(l.teacher),
        teacherPerson: l.teacher,
        className: className(l.class) + (l.subgroup ? ` (${l.subgroup.name})` : ""),
        grade: l.class.grade,
        subject: l.subject.name,
        link: journalPath({ classId: l.classId, subjectId: l.subjectId, subgroupId: l.subgroupId }),
        plan: p ? { text: paceText(p), badge: paceBadge(p) } : null,
      };
    })
    .sort(
      (x, y) =>
        compareNames(x.teacherPerson, y.teacherPerson) || compareText(x.subject, y.subject) || x.grade - y.grade || compareText(x.className, y.className),
    );

  const report = await progressReport(actor, { yearId: undefined, period: undefined, classIds: [], teacherId: null }).catch((e: unknown) => {
    if (e instanceof NotFound) return null;
    throw e;
  });
  const subjectNames = new Set(a.subjects.map((s) => s.subject.name));
  const members = new Set(memberIds);
  return {
    id: a.id,
    name: a.name,
    leader: a.leader ? fullName(a.leader) : null,
    members: a.members
      .map((m) => m.person)
      .sort(compareNames)
      .map((p) => ({ name: fullName(p), short: shortName(p), leads: p.id === a.leaderId })),
    subjects: a.subjects.map((s) => s.subject.name).sort(compareText),
    journals,
    period: report ? (report.period?.name ?? "год") : null,
    subjectResults: report ? report.subjectRows.filter((r) => subjectIds.includes(r.subjectId)) : [],
    teacherResults: report ? report.teacherRows.filter((r) => r.teacherId !== null && members.has(r.teacherId) && subjectNames.has(r.subject)) : [],
    wholeSchool: report?.scope.all ?? false,
  };
}
