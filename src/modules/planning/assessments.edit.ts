/**
 * Changes to the schedule of assessment procedures (R-PLN-6), each audited (entity "assessment-schedule",
 * exceptions "assessment-exception" with the reason):
 *   createPlanned / deletePlanned     a teacher's planned assessment (own load; school scope any journal);
 *   acceptException / withdrawException  the deputy accepts a rule broken on purpose, with a reason;
 *   publish / unpublish               the deputy shows a class's schedule of a period to its families.
 * The rules' warnings never block saving: the teacher sees them after saving and the deputy in the list.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { formatDate, isoDate, within } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className } from "../../lib/names.ts";
import { periodName } from "../../lib/periods-ru.ts";
import type { LoadJournal } from "./assessments.data.ts";
import { loadYearSchedule } from "./assessments.data.ts";
import { assertManageSchedule, assertYearOpen, canChangeAssessment, journalsInScope } from "./assessments.policy.ts";
import type { ExceptionInput, PlannedInput } from "./assessments.schemas.ts";
import { RULE_NAMES, TEXT } from "./assessments.text.ts";

const ENTITY = "assessment-schedule";

/** The class of the actor's school with its year; NotFound otherwise. */
async function classOf(db: Db, actor: Actor, classId: number) {
  const cls = await db.schoolClass.findFirst({
    where: { id: classId, schoolId: actor.schoolId },
    select: { id: true, grade: true, letter: true, yearId: true, profile: true, year: { select: { name: true, status: true } } },
  });
  if (!cls) throw new NotFound();
  return cls;
}

/**
 * Why `date` is not a school day of the class (null when it is): a day off of its week (5 or 6 school
 * days: the grade's curriculum, else the school's; always 5 in grade 1, as planning.hours.ts counts
 * them) or a holiday that applies to its grade.
 */
async function notSchoolDay(db: Db, schoolId: number, cls: { yearId: number; grade: number; profile: string }, date: Date): Promise<string | null> {
  const [school, curriculum, holiday] = await Promise.all([
    db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { weekDays: true } }),
    db.curriculum.findFirst({ where: { schoolId, yearId: cls.yearId, grade: cls.grade, profile: cls.profile }, select: { weekDays: true } }),
    db.holiday.findFirst({
      where: {
        schoolId,
        yearId: cls.yearId,
        startDate: { lte: date },
        endDate: { gte: date },
        AND: [{ OR: [{ gradeFrom: null }, { gradeFrom: { lte: cls.grade } }] }, { OR: [{ gradeTo: null }, { gradeTo: { gte: cls.grade } }] }],
      },
      select: { name: true },
    }),
  ]);
  if (holiday) return TEXT.holiday(holiday.name);
  const weekDays = cls.grade === 1 ? 5 : (curriculum?.weekDays ?? school.weekDays);
  const weekday = ((date.getUTCDay() + 6) % 7) + 1; // Mon = 1 … Sun = 7
  return weekday > weekDays ? TEXT.dayOff(weekDays) : null;
}

/** The class's journals of the teaching load. */
async function journalsOf(db: Db, schoolId: number, classId: number): Promise<LoadJournal[]> {
  const loads = await db.teachingLoad.findMany({
    where: { schoolId, classId },
    select: { classId: true, subgroupId: true, subjectId: true, teacherId: true, hoursPerWeek: true, subgroup: { select: { name: true } } },
  });
  return loads.map((l) => ({
    classId: l.classId,
    subgroupId: l.subgroupId ?? 0,
    subgroupName: l.subgroup?.name ?? null,
    subjectId: l.subjectId,
    teacherId: l.teacherId,
    hoursPerWeek: Number(l.hoursPerWeek),
  }));
}

/** A study period of the class's grade in its year; NotFound otherwise (the form's hidden field). */
async function periodOf(db: Db, schoolId: number, cls: { yearId: number; grade: number }, periodId: number) {
  const p = await db.studyPeriod.findFirst({
    where: { id: periodId, schoolId, yearId: cls.yearId, periodSet: { gradeFrom: { lte: cls.grade }, gradeTo: { gte: cls.grade } } },
    select: { id: true, startDate: true, endDate: true, number: true, periodSet: { select: { kind: true } } },
  });
  if (!p) throw new NotFound();
  return p;
}

/**
 * The checked fields of a planned assessment for `action` in the class: the journal among the actor's own
 * (a journal of the class outside them is not found, 404), the date within the period and on a school day,
 * a kind that is an assessment procedure. ValidationError with every field's message.
 */
async function checkedPlanned(tx: Db, actor: Actor, cls: Awaited<ReturnType<typeof classOf>>, input: PlannedInput, action: "create" | "update") {
  const all = await journalsOf(tx, actor.schoolId, cls.id);
  const mine = journalsInScope(actor, action, all);
  if (!mine.length) throw new NotFound();
  assertYearOpen(cls.year);
  const period = await periodOf(tx, actor.schoolId, cls, input.periodId);
  const same = (j: LoadJournal) => j.subjectId === input.journal.subjectId && j.subgroupId === input.journal.subgroupId;
  const journal = mine.find(same);
  if (!journal) {
    if (all.some(same)) throw new NotFound();
    throw new ValidationError({ journal: TEXT.pickJournal });
  }
  const errors: Record<string, string> = {};
  if (!within(input.date, period.startDate, period.endDate)) errors.date = TEXT.dateOutside(period.startDate, period.endDate);
  else {
    const off = await notSchoolDay(tx, actor.schoolId, cls, input.date);
    if (off) errors.date = off;
  }
  const kind = await tx.assignmentType.findFirst({
    where: { id: input.assignmentTypeId, schoolId: actor.schoolId, isAssessment: true, archived: false },
    select: { id: true, name: true },
  });
  if (!kind) errors.assignmentTypeId = TEXT.pickKind;
  if (Object.keys(errors).length || !kind) throw new ValidationError(errors);
  return {
    fields: {
      subgroupId: journal.subgroupId,
      subjectId: journal.subjectId,
      date: input.date,
      lessonNumber: input.lessonNumber,
      assignmentTypeId: kind.id,
      title: input.title,
    },
    kind: kind.name,
  };
}

/** What the audit log keeps of a planned assessment. */
function auditView(row: { classId: number; subjectId: number; subgroupId: number; date: Date; lessonNumber: number | null; title: string }, kind: string) {
  return {
    classId: row.classId,
    subjectId: row.subjectId,
    subgroupId: row.subgroupId,
    date: isoDate(row.date),
    lessonNumber: row.lessonNumber,
    kind,
    title: row.title,
  };
}

/**
 * Plans an assessment (R-PLN-6) for a journal of the class: a teacher only for the own load — a class
 * or journal outside it is not found (404), nothing saved. ValidationError for a date outside the
 * period or not a school day, a kind of work that is not an assessment procedure, a journal not offered.
 */
export async function createPlanned(actor: Actor, classId: number, input: PlannedInput): Promise<{ id: number }> {
  return prisma.$transaction(async (tx) => {
    const cls = await classOf(tx, actor, classId);
    const { fields, kind } = await checkedPlanned(tx, actor, cls, input, "create");
    const row = await tx.plannedAssessment.create({ data: { schoolId: actor.schoolId, classId: cls.id, ...fields, createdById: actor.personId } });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: ENTITY, entityId: row.id, action: "create", newValue: auditView(row, kind) });
    return { id: row.id };
  });
}

/** A planned assessment as its edit form shows it, within the actor's update scope (404 outside it). */
export async function plannedForEdit(actor: Actor, id: number) {
  const row = await prisma.plannedAssessment.findFirst({ where: { id, schoolId: actor.schoolId } });
  if (!row) throw new NotFound();
  const cls = await classOf(prisma, actor, row.classId);
  if (!canChangeAssessment(actor, "update", row, await journalsOf(prisma, actor.schoolId, cls.id))) throw new NotFound();
  return row;
}

/**
 * Changes a planned assessment (another day, lesson, kind or title; another of the actor's journals of the
 * class) with the checks of createPlanned. Not found (404) outside the actor's update scope; audited with
 * the old and the new values.
 */
export async function updatePlanned(actor: Actor, id: number, input: PlannedInput): Promise<{ classId: number }> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.plannedAssessment.findFirst({ where: { id, schoolId: actor.schoolId } });
    if (!row) throw new NotFound();
    const was = await tx.assignmentType.findUnique({ where: { id: row.assignmentTypeId }, select: { name: true } });
    const cls = await classOf(tx, actor, row.classId);
    if (!canChangeAssessment(actor, "update", row, await journalsOf(tx, actor.schoolId, cls.id))) throw new NotFound();
    const { fields, kind } = await checkedPlanned(tx, actor, cls, input, "update");
    const next = await tx.plannedAssessment.update({ where: { id }, data: fields });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: ENTITY,
      entityId: id,
      action: "update",
      oldValue: auditView(row, was?.name ?? ""),
      newValue: auditView(next, kind),
    });
    return { classId: row.classId };
  });
}

/** Removes a planned assessment within the actor's delete scope (404 outside it). Returns its class and date. */
export async function deletePlanned(actor: Actor, id: number): Promise<{ classId: number; date: Date }> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.plannedAssessment.findFirst({ where: { id, schoolId: actor.schoolId } });
    if (!row) throw new NotFound();
    const cls = await classOf(tx, actor, row.classId);
    if (!canChangeAssessment(actor, "delete", row, await journalsOf(tx, actor.schoolId, cls.id))) throw new NotFound();
    assertYearOpen(cls.year);
    await tx.plannedAssessment.delete({ where: { id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: ENTITY,
      entityId: id,
      action: "delete",
      oldValue: { classId: row.classId, subjectId: row.subjectId, date: isoDate(row.date), title: row.title },
    });
    return { classId: row.classId, date: row.date };
  });
}

/**
 * The deputy accepts a justified exception to a rule (R-PLN-6) for a class, subject and date, with a
 * reason: only for a warning that is open now (ValidationError otherwise). Audited with the reason.
 */
export async function acceptException(actor: Actor, classId: number, input: ExceptionInput): Promise<void> {
  assertManageSchedule(actor);
  const cls = await classOf(prisma, actor, classId);
  assertYearOpen(cls.year);
  const s = await loadYearSchedule(actor.schoolId, cls.yearId, [cls.id]);
  const entry = s?.entries.find((e) => e.subjectId === input.subjectId && isoDate(e.date) === isoDate(input.date));
  const warning = entry?.warnings.find((w) => w.rule === input.rule);
  if (!warning) throw new ValidationError({ reason: TEXT.noSuchWarning }, TEXT.noSuchWarning);
  if (warning.exception) throw new ValidationError({ reason: TEXT.exceptionExists }, TEXT.exceptionExists);
  await prisma.$transaction(async (tx) => {
    const taken = await tx.assessmentException.findFirst({ where: { classId: cls.id, subjectId: input.subjectId, date: input.date, rule: input.rule } });
    if (taken) throw new ValidationError({ reason: TEXT.exceptionExists }, TEXT.exceptionExists);
    const row = await tx.assessmentException.create({
      data: {
        schoolId: actor.schoolId,
        classId: cls.id,
        subjectId: input.subjectId,
        date: input.date,
        rule: input.rule,
        reason: input.reason,
        acceptedById: actor.personId,
      },
    });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "assessment-exception",
      entityId: row.id,
      action: "create",
      newValue: { classId: cls.id, subjectId: input.subjectId, date: formatDate(input.date), rule: RULE_NAMES[input.rule], warning: warning.text },
      reason: input.reason,
    });
  });
}

/** The deputy withdraws an accepted exception (the warning is open again). Returns its class and date. */
export async function withdrawException(actor: Actor, id: number): Promise<{ classId: number; date: Date }> {
  assertManageSchedule(actor);
  return prisma.$transaction(async (tx) => {
    const row = await tx.assessmentException.findFirst({ where: { id, schoolId: actor.schoolId } });
    if (!row) throw new NotFound();
    const cls = await classOf(tx, actor, row.classId);
    assertYearOpen(cls.year);
    await tx.assessmentException.delete({ where: { id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "assessment-exception",
      entityId: id,
      action: "delete",
      oldValue: { classId: row.classId, subjectId: row.subjectId, date: formatDate(row.date), rule: row.rule, reason: row.reason },
    });
    return { classId: row.classId, date: row.date };
  });
}

/** The deputy publishes (or, with `on` false, withdraws) a class's schedule of a period to its students and parents. */
export async function setPublished(actor: Actor, classId: number, periodId: number, on: boolean): Promise<{ className: string; periodName: string }> {
  assertManageSchedule(actor);
  return prisma.$transaction(async (tx) => {
    const cls = await classOf(tx, actor, classId);
    assertYearOpen(cls.year);
    const period = await periodOf(tx, actor.schoolId, cls, periodId);
    const names = { className: className(cls), periodName: periodName({ kind: period.periodSet.kind, number: period.number }) };
    const existing = await tx.assessmentPublication.findFirst({ where: { classId: cls.id, periodId: period.id } });
    if (on === !!existing) return names;
    if (on) await tx.assessmentPublication.create({ data: { schoolId: actor.schoolId, classId: cls.id, periodId: period.id, publishedById: actor.personId } });
    else await tx.assessmentPublication.delete({ where: { id: existing!.id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: ENTITY,
      entityId: `${cls.id}:${period.id}`,
      action: on ? "publish" : "unpublish",
      newValue: { class: names.className, period: names.periodName },
    });
    return names;
  });
}
