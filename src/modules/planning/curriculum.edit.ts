/**
 * Changes to the curriculum (R-PLN-1): plans of a grade (and profile), their subject rows, the
 * week they are taken for, and the profile of a class of grades 10–11. Every write runs in one
 * transaction that locks the year (a closed one is Locked) and the curriculum row (so two
 * concurrent additions cannot together pass the limit), re-checks the rules of
 * curriculum.policy.ts on the rows it read, and is audited (entity "curriculum").
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className } from "../../lib/names.ts";
import { assertCurriculumWritable, assertWithinLimit, canChangeProfile, hasProfiles, totalHours, weekDaysOf } from "./curriculum.policy.ts";
import type { CurriculumCreateInput, CurriculumSettingsInput, ItemCreateInput, ItemUpdateInput } from "./curriculum.schemas.ts";
import { TEXT, curriculumName } from "./curriculum.text.ts";

interface LockedYear {
  id: number;
  name: string;
  status: string;
}

/** Locks the year's row against closing while the curriculum changes; NotFound outside the school, Locked when closed. */
export async function lockYear(tx: Db, schoolId: number, yearId: number): Promise<LockedYear> {
  const rows = await tx.$queryRaw<LockedYear[]>`
    SELECT "id", "name", "status"::text AS "status" FROM "AcademicYear" WHERE "id" = ${yearId} AND "schoolId" = ${schoolId} FOR SHARE`;
  const year = rows[0];
  if (!year) throw new NotFound();
  assertCurriculumWritable(year);
  return year;
}

/** Locks a curriculum of the school (NotFound otherwise) and its year; returns the row with its items' hours. */
async function lockCurriculum(tx: Db, schoolId: number, id: number) {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT "id" FROM "Curriculum" WHERE "id" = ${id} AND "schoolId" = ${schoolId} FOR UPDATE`;
  if (!locked.length) throw new NotFound();
  const c = await tx.curriculum.findUniqueOrThrow({ where: { id }, include: { items: true } });
  const year = await lockYear(tx, schoolId, c.yearId);
  const school = await tx.school.findUniqueOrThrow({ where: { id: schoolId }, select: { weekDays: true } });
  return { c, year, schoolWeekDays: school.weekDays };
}

const hoursOf = (items: readonly { hoursPerWeek: unknown }[]) => items.map((i) => ({ hours: Number(i.hoursPerWeek) }));

/** The classes of a grade and profile of a year, and whether any of them already has lessons (R-PLN-1). */
async function classesWithProfile(tx: Db, schoolId: number, yearId: number, grade: number, profile: string) {
  const classes = await tx.schoolClass.findMany({ where: { schoolId, yearId, grade, profile }, orderBy: { letter: "asc" } });
  const started = [];
  for (const cls of classes) if ((await tx.lesson.count({ where: { schoolId, classId: cls.id } })) > 0) started.push(cls);
  return { classes, started };
}

/**
 * Creates the (empty) curriculum of a grade, with a profile only in grades 10–11.
 * ValidationError for a profile in another grade or a plan that exists; NotFound, Locked for the year.
 */
export async function createCurriculum(actor: Actor, data: CurriculumCreateInput) {
  try {
    return await insertCurriculum(actor, data);
  } catch (e) {
    // A concurrent request created the same plan first.
    if ((e as { code?: string })?.code === "P2002")
      throw new ValidationError({ [data.profile ? "profile" : "grade"]: TEXT.profileTaken(curriculumName(data)) });
    throw e;
  }
}

function insertCurriculum(actor: Actor, data: CurriculumCreateInput) {
  return prisma.$transaction(async (tx) => {
    await lockYear(tx, actor.schoolId, data.yearId);
    if (data.profile && !hasProfiles(data.grade)) throw new ValidationError({ profile: TEXT.profileGrades });
    const name = curriculumName(data);
    if (await tx.curriculum.findFirst({ where: { yearId: data.yearId, grade: data.grade, profile: data.profile } }))
      throw new ValidationError({ [data.profile ? "profile" : "grade"]: TEXT.profileTaken(name) });
    const c = await tx.curriculum.create({
      data: { schoolId: actor.schoolId, yearId: data.yearId, grade: data.grade, profile: data.profile, updatedById: actor.personId },
    });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "curriculum",
      entityId: c.id,
      action: "create",
      newValue: { name, yearId: data.yearId },
    });
    return c;
  });
}

/**
 * Changes the profile, the week and the note of a curriculum. A renamed profile moves its classes
 * along, which R-PLN-1 allows only while none of them has lessons (or the year is a draft); a
 * shorter week must still hold the plan's hours (the limit with the figures beside «weekDays»).
 */
export async function updateCurriculumSettings(actor: Actor, id: number, data: CurriculumSettingsInput) {
  await prisma.$transaction(async (tx) => {
    const { c, year, schoolWeekDays } = await lockCurriculum(tx, actor.schoolId, id);
    if (data.profile !== c.profile) {
      if (data.profile && !hasProfiles(c.grade)) throw new ValidationError({ profile: TEXT.profileGrades });
      if (await tx.curriculum.findFirst({ where: { yearId: c.yearId, grade: c.grade, profile: data.profile } }))
        throw new ValidationError({ profile: TEXT.profileTaken(curriculumName({ grade: c.grade, profile: data.profile })) });
      const { classes, started } = await classesWithProfile(tx, actor.schoolId, c.yearId, c.grade, c.profile);
      if (!canChangeProfile(year, started.length)) throw new ValidationError({ profile: TEXT.profileFixed(started.map(className).join(", ")) });
      if (classes.length) await tx.schoolClass.updateMany({ where: { id: { in: classes.map((k) => k.id) } }, data: { profile: data.profile } });
    }
    if (c.grade === 1 && data.weekDays === 6) throw new ValidationError({ weekDays: TEXT.firstGradeWeek });
    assertWithinLimit(c.grade, weekDaysOf(c.grade, data.weekDays, schoolWeekDays), totalHours(hoursOf(c.items)), "weekDays");
    await tx.curriculum.update({ where: { id: c.id }, data: { profile: data.profile, weekDays: data.weekDays, note: data.note, updatedById: actor.personId } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "curriculum",
      entityId: c.id,
      action: "update",
      oldValue: { name: curriculumName(c), weekDays: c.weekDays, note: c.note },
      newValue: { name: curriculumName({ grade: c.grade, profile: data.profile }), weekDays: data.weekDays, note: data.note },
    });
  });
}

/** Deletes a curriculum with its rows; a profile that classes learn by is kept (ValidationError). */
export async function deleteCurriculum(actor: Actor, id: number) {
  return prisma.$transaction(async (tx) => {
    const { c } = await lockCurriculum(tx, actor.schoolId, id);
    if (c.profile) {
      const { classes } = await classesWithProfile(tx, actor.schoolId, c.yearId, c.grade, c.profile);
      if (classes.length) throw new ValidationError({ _form: TEXT.curriculumUsed(classes.map(className).join(", ")) });
    }
    await tx.curriculum.delete({ where: { id: c.id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "curriculum",
      entityId: c.id,
      action: "delete",
      oldValue: { name: curriculumName(c), yearId: c.yearId, subjects: c.items.length },
    });
    return c;
  });
}

/** The columns of a subject row from the form. */
function columns(d: ItemUpdateInput) {
  return { area: d.area, part: d.part, hoursPerWeek: d.hours, assessmentForm: d.assessmentForm, marked: d.marked, split: d.split };
}

function itemAudit(subject: string, d: ItemUpdateInput) {
  return { subject, area: d.area, part: d.part, hours: d.hours, assessmentForm: d.assessmentForm, marked: d.marked, split: d.split };
}

/**
 * Adds a subject to a curriculum. ValidationError: a subject not of the school or archived, one
 * already in the plan, or a total over the grade's limit (R-PLN-1, the figures beside «hours»).
 */
export async function addItem(actor: Actor, curriculumId: number, data: ItemCreateInput) {
  return prisma.$transaction(async (tx) => {
    const { c, schoolWeekDays } = await lockCurriculum(tx, actor.schoolId, curriculumId);
    const subject = await tx.subject.findFirst({ where: { id: data.subjectId, schoolId: actor.schoolId, archived: false } });
    if (!subject) throw new ValidationError({ subjectId: TEXT.pickSubject });
    if (c.items.some((i) => i.subjectId === subject.id)) throw new ValidationError({ subjectId: TEXT.subjectTaken(subject.name) });
    const total = totalHours([...hoursOf(c.items), { hours: data.hours }]);
    assertWithinLimit(c.grade, weekDaysOf(c.grade, c.weekDays, schoolWeekDays), total, "hours");
    const item = await tx.curriculumItem.create({
      data: { schoolId: actor.schoolId, curriculumId: c.id, subjectId: subject.id, ...columns(data), sortOrder: subject.sortOrder },
      select: { id: true },
    });
    await tx.curriculum.update({ where: { id: c.id }, data: { updatedById: actor.personId } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "curriculum",
      entityId: c.id,
      action: "create",
      newValue: { curriculum: curriculumName(c), ...itemAudit(subject.name, data) },
    });
    return item;
  });
}

async function lockItem(tx: Db, schoolId: number, itemId: number) {
  const item = await tx.curriculumItem.findFirst({ where: { id: itemId, schoolId } });
  if (!item) throw new NotFound();
  const locked = await lockCurriculum(tx, schoolId, item.curriculumId);
  const subject = await tx.subject.findUniqueOrThrow({ where: { id: item.subjectId }, select: { name: true } });
  return { ...locked, item: locked.c.items.find((i) => i.id === itemId) ?? item, subject: subject.name };
}

/** Changes a subject row; the new total must fit the grade's limit (ValidationError beside «hours»). */
export async function updateItem(actor: Actor, itemId: number, data: ItemUpdateInput) {
  return prisma.$transaction(async (tx) => {
    const { c, item, subject, schoolWeekDays } = await lockItem(tx, actor.schoolId, itemId);
    const total = totalHours([...hoursOf(c.items.filter((i) => i.id !== item.id)), { hours: data.hours }]);
    assertWithinLimit(c.grade, weekDaysOf(c.grade, c.weekDays, schoolWeekDays), total, "hours");
    await tx.curriculumItem.update({ where: { id: item.id }, data: columns(data) });
    await tx.curriculum.update({ where: { id: c.id }, data: { updatedById: actor.personId } });
    const old: ItemUpdateInput = {
      area: item.area,
      part: item.part,
      hours: Number(item.hoursPerWeek),
      assessmentForm: item.assessmentForm,
      marked: item.marked,
      split: item.split,
    };
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "curriculum",
      entityId: c.id,
      action: "update",
      oldValue: { curriculum: curriculumName(c), ...itemAudit(subject, old) },
      newValue: { curriculum: curriculumName(c), ...itemAudit(subject, data) },
    });
    return c;
  });
}

/** Removes a subject row from its curriculum (NotFound; Locked for a closed year). */
export async function deleteItem(actor: Actor, itemId: number) {
  return prisma.$transaction(async (tx) => {
    const { c, item, subject } = await lockItem(tx, actor.schoolId, itemId);
    await tx.curriculumItem.delete({ where: { id: item.id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "curriculum",
      entityId: c.id,
      action: "delete",
      oldValue: { curriculum: curriculumName(c), subject, hours: Number(item.hoursPerWeek) },
    });
    return c;
  });
}

/**
 * Sets the profile of a class of grades 10–11 (SchoolClass.profile): "" or a profile of the
 * grade's curricula. R-PLN-1: refused once the class has lessons in a current year (ValidationError
 * beside «profile»); Locked in a closed year. Audited (entity "class").
 */
export async function setClassProfile(actor: Actor, classId: number, profile: string) {
  await prisma.$transaction(async (tx) => {
    const cls = await tx.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId } });
    if (!cls) throw new NotFound();
    const year = await lockYear(tx, actor.schoolId, cls.yearId);
    if (profile === cls.profile) return;
    if (profile && !hasProfiles(cls.grade)) throw new ValidationError({ profile: TEXT.profileGrades });
    if (profile && !(await tx.curriculum.findFirst({ where: { schoolId: actor.schoolId, yearId: cls.yearId, grade: cls.grade, profile } })))
      throw new ValidationError({ profile: TEXT.pickProfile });
    const lessons = await tx.lesson.count({ where: { schoolId: actor.schoolId, classId: cls.id } });
    if (!canChangeProfile(year, lessons)) throw new ValidationError({ profile: TEXT.profileFixed(className(cls)) });
    await tx.schoolClass.update({ where: { id: cls.id }, data: { profile } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "class",
      entityId: cls.id,
      action: "update",
      oldValue: { name: className(cls), profile: cls.profile },
      newValue: { name: className(cls), profile },
    });
  });
}
