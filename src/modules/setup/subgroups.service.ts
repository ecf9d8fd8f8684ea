/**
 * Subgroups of a class for a subject and who is in them over time (R-JRN-6, R-YR-2).
 * A student is in at most one subgroup per subject at a time; moving closes the
 * old membership the day before the new one starts.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { audit } from "../../lib/audit.ts";
import { Conflict, NotFound, ValidationError } from "../../lib/errors.ts";
import { addDays, formatDate, within } from "../../lib/dates.ts";
import { className, compareNames, fullName, shortName } from "../../lib/names.ts";
import { reach } from "../../access/policy.ts";
import { canDeleteSubgroup, canManageSomeSubgroupOf, canManageSubgroup, type SubgroupTarget } from "./setup.policy.ts";
import { activeOn, compareSubjects, isUniqueViolation, lockWritableYear } from "./setup.common.ts";
import { classRoster } from "./classes.service.ts";
import { TEXT } from "./setup.text.ts";
import type { StudyGroupKind } from "../../generated/prisma/enums.ts";

/** The pupils of a cross-class group's classes (grades class.grade..gradeTo of its year) on a day, each with the class name, by name. */
async function groupRoster(actor: Actor, g: { gradeTo: number | null; class: { grade: number; yearId: number } }, on: Date) {
  const memberships = await prisma.classMembership.findMany({
    where: { schoolId: actor.schoolId, class: { yearId: g.class.yearId, grade: { gte: g.class.grade, lte: g.gradeTo ?? g.class.grade } }, ...activeOn(on) },
    include: { student: { include: { person: true } }, class: true },
  });
  memberships.sort((a, b) => compareNames(a.student.person, b.student.person));
  return memberships.map((m) => ({
    studentId: m.studentId,
    name: `${fullName(m.student.person)} (${className(m.class)})`,
    birthDate: m.student.person.birthDate,
    fromDate: m.fromDate,
    toDate: m.toDate,
  }));
}

/** The subgroups of a class grouped by subject, with their members on the day and whether each may be deleted. */
export async function classSubgroups(actor: Actor, classId: number, on: Date) {
  const subgroups = await prisma.subgroup.findMany({
    // A cross-class group (R-JRN-13) has its own page under «Сводные группы», not the host class's.
    where: { schoolId: actor.schoolId, classId, kind: null },
    include: {
      subject: true,
      members: { where: activeOn(on), include: { student: { include: { person: true } } } },
      _count: { select: { lessons: true, teachingLoads: true } },
    },
  });
  subgroups.sort((a, b) => compareSubjects(a.subject, b.subject) || a.name.localeCompare(b.name, "ru", { numeric: true }));
  const rows = subgroups.map((g) => ({
    id: g.id,
    name: g.name,
    subjectId: g.subjectId,
    members: g.members
      .map((m) => m.student.person)
      .sort(compareNames)
      .map(shortName),
    deletable: canDeleteSubgroup({ lessons: g._count.lessons, loads: g._count.teachingLoads }),
  }));
  const bySubject = new Map<number, { subject: { id: number; name: string }; subgroups: typeof rows }>();
  for (const [i, g] of subgroups.entries()) {
    const entry = bySubject.get(g.subjectId) ?? { subject: { id: g.subject.id, name: g.subject.name }, subgroups: [] };
    entry.subgroups.push(rows[i]!);
    bySubject.set(g.subjectId, entry);
  }
  return [...bySubject.values()];
}

/**
 * The subgroup with its class, year and subject, or NotFound outside the actor's school. `cross`
 * picks the family: a class's subgroup (false) or a cross-class group (true, R-JRN-13); the other
 * family's id is not found, so each page and its permission see only their own rows.
 */
export async function getSubgroup(actor: Actor, id: number, cross = false) {
  const g = await prisma.subgroup.findFirst({
    where: { id, schoolId: actor.schoolId, kind: cross ? { not: null } : null },
    include: { class: { include: { year: true } }, subject: true, _count: { select: { lessons: true, teachingLoads: true } } },
  });
  if (!g) throw new NotFound();
  return { ...g, className: className(g.class), deletable: canDeleteSubgroup({ lessons: g._count.lessons, loads: g._count.teachingLoads }) };
}

/** The (class, subject) pairs of the actor's own teaching load in the class (R-PLN-2): what a subject teacher may split. */
async function taughtIn(tx: Db, actor: Actor, classId: number, teacherId: number | null): Promise<SubgroupTarget[]> {
  if (teacherId === null) return [];
  return tx.teachingLoad.findMany({ where: { schoolId: actor.schoolId, classId, teacherId }, select: { classId: true, subjectId: true } });
}

/** NotFound unless the actor may create or change subgroups of this class and subject (setup.policy canManageSubgroup). */
async function assertManages(tx: Db, actor: Actor, action: "create" | "update", target: SubgroupTarget) {
  const r = reach(actor, action, "subgroup");
  if (!canManageSubgroup(r, target, await taughtIn(tx, actor, target.classId, r.teacherId))) throw new NotFound();
}

/**
 * The subjects for which the actor may create subgroups of the class (the class page's form): all the
 * school's for the administration and the class teacher, the own load's subjects for a subject teacher;
 * empty when none.
 */
export async function subgroupSubjectOptions(actor: Actor, classId: number) {
  const r = reach(actor, "create", "subgroup");
  const taught = await taughtIn(prisma, actor, classId, r.teacherId);
  if (!canManageSomeSubgroupOf(r, classId, taught)) return [];
  const subjects = await prisma.subject.findMany({ where: { schoolId: actor.schoolId, archived: false } });
  return subjects.filter((s) => canManageSubgroup(r, { classId, subjectId: s.id }, taught)).sort(compareSubjects);
}

/** Whether the actor may rename the subgroup and move pupils into and out of it (the subgroup page's forms). */
export async function canEditSubgroup(actor: Actor, g: SubgroupTarget) {
  const r = reach(actor, "update", "subgroup");
  return canManageSubgroup(r, g, await taughtIn(prisma, actor, g.classId, r.teacherId));
}

async function nameTaken(tx: Db, classId: number, subjectId: number, name: string, exceptId: number | null) {
  return !!(await tx.subgroup.findFirst({
    where: { classId, subjectId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
  }));
}

/**
 * Creates a subgroup of the class for an active subject (NotFound, Locked, ValidationError). R-JRN-6: the
 * class teacher for the own class, a subject teacher for a subject of the own load in the class, the
 * administration for any; otherwise NotFound.
 */
export async function createSubgroup(actor: Actor, classId: number, data: { subjectId: number; name: string }) {
  try {
    return await prisma.$transaction(async (tx) => {
      const cls = await tx.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId } });
      if (!cls) throw new NotFound();
      const r = reach(actor, "create", "subgroup");
      const taught = await taughtIn(tx, actor, cls.id, r.teacherId);
      if (!canManageSomeSubgroupOf(r, cls.id, taught)) throw new NotFound();
      await lockWritableYear(tx, actor.schoolId, cls.yearId);
      const subject = await tx.subject.findFirst({ where: { id: data.subjectId, schoolId: actor.schoolId, archived: false } });
      if (!subject) throw new ValidationError({ subjectId: TEXT.pickSubject });
      if (!canManageSubgroup(r, { classId: cls.id, subjectId: subject.id }, taught)) throw new NotFound();
      if (await nameTaken(tx, cls.id, subject.id, data.name, null)) throw new ValidationError({ name: TEXT.subgroupExists });
      return tx.subgroup.create({ data: { schoolId: actor.schoolId, classId: cls.id, subjectId: subject.id, name: data.name } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: TEXT.subgroupExists });
    throw e;
  }
}

/**
 * Renames a subgroup (`cross`: a cross-class group, as getSubgroup); the name is unique within the class and subject.
 * NotFound outside the actor's subgroups (canManageSubgroup).
 */
export async function renameSubgroup(actor: Actor, id: number, name: string, cross = false) {
  try {
    await prisma.$transaction(async (tx) => {
      const g = await tx.subgroup.findFirst({ where: { id, schoolId: actor.schoolId, kind: cross ? { not: null } : null }, include: { class: true } });
      if (!g) throw new NotFound();
      await assertManages(tx, actor, "update", g);
      await lockWritableYear(tx, actor.schoolId, g.class.yearId);
      if (await nameTaken(tx, g.classId, g.subjectId, name, g.id)) throw new ValidationError({ name: TEXT.subgroupExists });
      await tx.subgroup.update({ where: { id: g.id }, data: { name } });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: TEXT.subgroupExists });
    throw e;
  }
}

/** Deletes a subgroup (`cross` as getSubgroup) without lessons or load (Conflict otherwise); its membership history goes with it. */
export async function deleteSubgroup(actor: Actor, id: number, cross = false) {
  return prisma.$transaction(async (tx) => {
    const g = await tx.subgroup.findFirst({ where: { id, schoolId: actor.schoolId, kind: cross ? { not: null } : null }, include: { class: true } });
    if (!g) throw new NotFound();
    await lockWritableYear(tx, actor.schoolId, g.class.yearId);
    const usage = { lessons: await tx.lesson.count({ where: { subgroupId: g.id } }), loads: await tx.teachingLoad.count({ where: { subgroupId: g.id } }) };
    if (!canDeleteSubgroup(usage)) throw new Conflict(TEXT.subgroupInUse);
    await tx.subgroup.delete({ where: { id: g.id } });
    return g;
  });
}

/** The class roster on a day, each student marked as in this subgroup or in another of the same subject. */
export async function subgroupMembersForm(
  actor: Actor,
  subgroup: { id: number; classId: number; subjectId: number; kind: StudyGroupKind | null; gradeTo: number | null; class: { grade: number; yearId: number } },
  on: Date,
) {
  const roster = subgroup.kind ? await groupRoster(actor, subgroup, on) : await classRoster(actor, subgroup.classId, on);
  const memberships = await prisma.subgroupMembership.findMany({
    where: { schoolId: actor.schoolId, studentId: { in: roster.map((r) => r.studentId) }, subgroup: { subjectId: subgroup.subjectId }, ...activeOn(on) },
    include: { subgroup: { include: { class: true } } },
  });
  const current = new Map(memberships.map((m) => [m.studentId, m]));
  return roster.map((r) => {
    const m = current.get(r.studentId);
    return {
      ...r,
      checked: m?.subgroupId === subgroup.id,
      since: m?.subgroupId === subgroup.id ? m.fromDate : null,
      elsewhere:
        m && m.subgroupId !== subgroup.id
          ? m.subgroup.classId === subgroup.classId
            ? m.subgroup.name
            : `${className(m.subgroup.class)}, ${m.subgroup.name}`
          : null,
    };
  });
}

/**
 * Sets who is in the subgroup from a day on, in one transaction (R-JRN-6, R-YR-2):
 * checked students join (leaving any other subgroup of the subject the day
 * before); unchecked members leave (their last day is the day before).
 * Only members of the class on that day may join (of a cross-class group: pupils of the classes of its grades,
 * R-JRN-13); the day must lie in the
 * class's year; a later change of the same student's subgroups is refused
 * (ValidationError). Locked for a closed year. Audited (entity "subgroup").
 * NotFound outside the actor's subgroups (the class teacher's class, the subject teacher's load).
 */
export async function setSubgroupMembers(actor: Actor, subgroupId: number, data: { date: Date; studentIds: number[] }, cross = false) {
  return prisma.$transaction(async (tx) => {
    const g = await tx.subgroup.findFirst({
      where: { id: subgroupId, schoolId: actor.schoolId, kind: cross ? { not: null } : null },
      include: { class: true },
    });
    if (!g) throw new NotFound();
    await assertManages(tx, actor, "update", g);
    const year = await lockWritableYear(tx, actor.schoolId, g.class.yearId);
    const day = data.date;
    if (!within(day, year.startDate, year.endDate))
      throw new ValidationError({ date: TEXT.dateOutsideYear(formatDate(year.startDate), formatDate(year.endDate)) });

    const wanted = new Set(data.studentIds);
    // A class's subgroup takes the class's pupils; a cross-class group those of its grades' classes (R-JRN-13).
    const classes = g.kind ? { class: { yearId: g.class.yearId, grade: { gte: g.class.grade, lte: g.gradeTo ?? g.class.grade } } } : { classId: g.classId };
    const inClass = new Set(
      (await tx.classMembership.findMany({ where: { schoolId: actor.schoolId, ...classes, ...activeOn(day) }, select: { studentId: true } })).map(
        (m) => m.studentId,
      ),
    );
    if ([...wanted].some((id) => !inClass.has(id))) throw new ValidationError({ studentIds: g.kind ? TEXT.notInGroupGrades : TEXT.notInClass });

    // Every membership in this subject's subgroups that is still open on the day or starts later,
    // for the students concerned: those checked and those now in this subgroup.
    const open = await tx.subgroupMembership.findMany({
      where: {
        schoolId: actor.schoolId,
        subgroup: { subjectId: g.subjectId },
        OR: [{ studentId: { in: [...wanted] } }, { subgroupId: g.id }],
        AND: [{ OR: [{ toDate: null }, { toDate: { gte: day } }] }],
      },
      include: { student: { include: { person: true } } },
    });
    const later = open.filter((m) => m.fromDate > day);
    if (later.length) {
      const names = [...new Set(later.map((m) => shortName(m.student.person)))].join(", ");
      throw new ValidationError({ date: TEXT.laterSubgroupChanges(names) });
    }

    const close = async (m: { id: number; fromDate: Date }) => {
      if (m.fromDate.getTime() >= day.getTime()) await tx.subgroupMembership.delete({ where: { id: m.id } });
      else await tx.subgroupMembership.update({ where: { id: m.id }, data: { toDate: addDays(day, -1) } });
    };
    const stays = new Set<number>();
    const removed: number[] = [];
    const moved: { studentId: number; fromSubgroupId: number }[] = [];
    for (const m of open) {
      if (m.subgroupId === g.id) {
        if (wanted.has(m.studentId)) stays.add(m.studentId);
        else {
          await close(m);
          removed.push(m.studentId);
        }
      } else if (wanted.has(m.studentId)) {
        await close(m);
        moved.push({ studentId: m.studentId, fromSubgroupId: m.subgroupId });
      }
    }
    const added = [...wanted].filter((id) => !stays.has(id));
    if (added.length)
      await tx.subgroupMembership.createMany({ data: added.map((studentId) => ({ schoolId: actor.schoolId, subgroupId: g.id, studentId, fromDate: day })) });

    if (added.length || removed.length)
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: g.kind ? "study-group" : "subgroup",
        entityId: g.id,
        action: "members",
        newValue: { date: formatDate(day), added, removed, moved },
      });
    return { added: added.length, removed: removed.length };
  });
}
