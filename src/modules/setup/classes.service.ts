/**
 * Classes of a year and their class teachers; the class page's roster as of a
 * date (read-only here: the movement book changes memberships, R-REG-3).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { audit } from "../../lib/audit.ts";
import { Conflict, NotFound, ValidationError } from "../../lib/errors.ts";
import { today } from "../../lib/dates.ts";
import { className, compareNames, fullName, shortName } from "../../lib/names.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { canDeleteClass, type ClassUsage } from "./setup.policy.ts";
import type { ClassCreateInput } from "./setup.schemas.ts";
import { activeOn, compareClasses, findTeacher, isUniqueViolation, lockWritableYear, matches, pageOf, teacherOptions, throwIfErrors } from "./setup.common.ts";
import { TEXT } from "./setup.text.ts";

/** Classes of a year ordered by grade then letter, with class teacher and students on the given day. */
export async function listClasses(actor: Actor, yearId: number, opts: { q: string; page: number }, on = today()) {
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId },
    include: { classTeacher: true, _count: { select: { memberships: { where: activeOn(on) } } } },
  });
  const rows = classes
    .map((c) => ({
      id: c.id,
      grade: c.grade,
      letter: c.letter,
      name: className(c),
      teacher: c.classTeacher ? fullName(c.classTeacher) : null,
      students: c._count.memberships,
    }))
    .filter((c) => matches(opts.q, c.name, c.teacher))
    .sort(compareClasses);
  return pageOf(rows, opts.page);
}

/** The class with its year, or NotFound when it is not the actor's school's. */
export async function getClass(actor: Actor, id: number) {
  const cls = await prisma.schoolClass.findFirst({ where: { id, schoolId: actor.schoolId }, include: { year: true, classTeacher: true } });
  if (!cls) throw new NotFound();
  return { ...cls, name: className(cls) };
}

/** Teachers for the class-teacher select, each with the class they already lead in the year. */
export async function classTeacherOptions(actor: Actor, yearId: number) {
  const [teachers, led] = await Promise.all([
    teacherOptions(prisma, actor.schoolId),
    prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId, classTeacherId: { not: null } } }),
  ]);
  const leads = new Map(led.map((c) => [c.classTeacherId!, className(c)]));
  return teachers.map((t) => ({ value: t.id, label: leads.has(t.id) ? `${t.name} (кл. рук. ${leads.get(t.id)})` : t.name }));
}

/** Checks a class-teacher choice: a teacher of the school who leads no other class of the year. */
async function classTeacherError(tx: Db, schoolId: number, yearId: number, personId: number, exceptClassId: number | null): Promise<string | null> {
  const teacher = await findTeacher(tx, schoolId, personId);
  if (!teacher) return TEXT.pickTeacher;
  const other = await tx.schoolClass.findFirst({
    where: { schoolId, yearId, classTeacherId: personId, ...(exceptClassId ? { id: { not: exceptClassId } } : {}) },
  });
  return other ? TEXT.leadsAnother(shortName(teacher), className(other)) : null;
}

async function teacherName(tx: Db, personId: number | null): Promise<string | null> {
  if (!personId) return null;
  const p = await tx.person.findUnique({ where: { id: personId } });
  return p ? fullName(p) : null;
}

/**
 * Creates a class in a year that is not closed (NotFound, Locked); grade and
 * letter unique in the year; the class teacher leads no other class of the year
 * (ValidationError). Audited (entity "class").
 */
export async function createClass(actor: Actor, data: ClassCreateInput) {
  try {
    return await prisma.$transaction(async (tx) => {
      await lockWritableYear(tx, actor.schoolId, data.yearId);
      const errors: FieldErrors = {};
      const name = className(data);
      if (await tx.schoolClass.findFirst({ where: { schoolId: actor.schoolId, yearId: data.yearId, grade: data.grade, letter: data.letter } }))
        errors.letter = TEXT.classExists(name);
      if (data.classTeacherId) {
        const e = await classTeacherError(tx, actor.schoolId, data.yearId, data.classTeacherId, null);
        if (e) errors.classTeacherId = e;
      }
      throwIfErrors(errors);
      const cls = await tx.schoolClass.create({ data: { schoolId: actor.schoolId, ...data } });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "class",
        entityId: cls.id,
        action: "create",
        newValue: { name, yearId: data.yearId, classTeacherId: data.classTeacherId, classTeacher: await teacherName(tx, data.classTeacherId) },
      });
      return cls;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ letter: TEXT.classExists(className(data)) });
    throw e;
  }
}

/**
 * Changes the class teacher (or removes one). A person leads at most one class
 * per year (ValidationError); a closed year is Locked. Audited (entity "class").
 */
export async function updateClassTeacher(actor: Actor, classId: number, classTeacherId: number | null) {
  await prisma.$transaction(async (tx) => {
    const cls = await tx.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId } });
    if (!cls) throw new NotFound();
    await lockWritableYear(tx, actor.schoolId, cls.yearId);
    if (cls.classTeacherId === classTeacherId) return;
    if (classTeacherId) {
      const e = await classTeacherError(tx, actor.schoolId, cls.yearId, classTeacherId, cls.id);
      if (e) throw new ValidationError({ classTeacherId: e });
    }
    await tx.schoolClass.update({ where: { id: cls.id }, data: { classTeacherId } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "class",
      entityId: cls.id,
      action: "update",
      oldValue: { classTeacherId: cls.classTeacherId, classTeacher: await teacherName(tx, cls.classTeacherId) },
      newValue: { classTeacherId, classTeacher: await teacherName(tx, classTeacherId) },
    });
  });
}

async function usageOf(db: Db, schoolId: number, classId: number): Promise<ClassUsage> {
  const [memberships, subgroupMemberships, lessons, loads] = await Promise.all([
    db.classMembership.count({ where: { schoolId, classId } }),
    db.subgroupMembership.count({ where: { schoolId, subgroup: { classId } } }),
    db.lesson.count({ where: { schoolId, classId } }),
    db.teachingLoad.count({ where: { schoolId, classId } }),
  ]);
  return { memberships, subgroupMemberships, lessons, loads };
}

export async function classUsage(actor: Actor, classId: number): Promise<ClassUsage> {
  return usageOf(prisma, actor.schoolId, classId);
}

/** Deletes a class that has no memberships, lessons or load (Conflict otherwise; Locked for a closed year). Audited. */
export async function deleteClass(actor: Actor, classId: number) {
  await prisma.$transaction(async (tx) => {
    const cls = await tx.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId } });
    if (!cls) throw new NotFound();
    await lockWritableYear(tx, actor.schoolId, cls.yearId);
    if (!canDeleteClass(await usageOf(tx, actor.schoolId, cls.id))) throw new Conflict(TEXT.classInUse);
    await tx.schoolClass.delete({ where: { id: cls.id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "class",
      entityId: cls.id,
      action: "delete",
      oldValue: { name: className(cls), yearId: cls.yearId, classTeacherId: cls.classTeacherId },
    });
  });
}

/** The students of the class on a day, from ClassMembership fromDate/toDate, in Russian alphabetical order. */
export async function classRoster(actor: Actor, classId: number, on: Date) {
  const memberships = await prisma.classMembership.findMany({
    where: { schoolId: actor.schoolId, classId, ...activeOn(on) },
    include: { student: { include: { person: true } } },
  });
  memberships.sort((a, b) => compareNames(a.student.person, b.student.person));
  return memberships.map((m) => ({
    studentId: m.studentId,
    name: fullName(m.student.person),
    birthDate: m.student.person.birthDate,
    fromDate: m.fromDate,
    toDate: m.toDate,
  }));
}
