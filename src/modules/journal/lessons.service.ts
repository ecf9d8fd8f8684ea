/**
 * Lessons of a journal: create for a date (inside a study period of the class's grade, not in
 * holidays), edit the topic, type, homework and kinds of work, delete only while the lesson
 * has no marks or attendance, and record a substitution (R-JRN-1, R-JRN-2, R-JRN-3, R-JRN-10).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { Conflict, Forbidden, Locked, NotFound, ValidationError } from "../../lib/errors.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { lessonForEdit, reads } from "./journal.context.ts";
import { assertEditLessonDetails, canEditLessonDetails, canSetSubstitute, isYearOpen, teachesJournal, type JournalRef } from "./journal.policy.ts";
import { listAssignmentTypes } from "./assignment-types.service.ts";
import { planTopicsAt, resolvePlanTopic } from "../planning/planning.service.ts";
import type { LessonInput } from "./journal.schemas.ts";
import { MSG } from "./journal.text.ts";

/** The study period of the grade containing the date, or a Russian message why the date is not a school day. */
export async function checkLessonDate(db: Db, yearId: number, grade: number, date: Date): Promise<{ periodId: number } | { error: string }> {
  const [period, holiday] = await reads(db, [
    () =>
      db.studyPeriod.findFirst({
        where: { yearId, startDate: { lte: date }, endDate: { gte: date }, periodSet: { gradeFrom: { lte: grade }, gradeTo: { gte: grade } } },
        select: { id: true },
      }),
    () =>
      db.holiday.findFirst({
        where: { yearId, startDate: { lte: date }, endDate: { gte: date }, OR: [{ gradeFrom: null }, { gradeFrom: { lte: grade }, gradeTo: { gte: grade } }] },
        select: { name: true },
      }),
  ]);
  if (holiday) return { error: MSG.lessonHoliday(holiday.name) };
  if (!period) return { error: MSG.lessonDateOutside };
  return { periodId: period.id };
}

/** A journal's class, subject and subgroup, scoped to the school (NotFound otherwise), with all loads of it. */
export async function findJournal(db: Db, actor: Actor, j: JournalRef) {
  const [cls, subject, subgroup] = await reads(db, [
    () =>
      db.schoolClass.findFirst({
        where: { id: j.classId, schoolId: actor.schoolId },
        include: {
          year: true,
          school: { select: { ungradedGrades: true } },
          teachingLoads: { where: { subjectId: j.subjectId }, select: { teacherId: true, classId: true, subgroupId: true, subjectId: true } },
        },
      }),
    () => db.subject.findFirst({ where: { id: j.subjectId, schoolId: actor.schoolId } }),
    async () =>
      j.subgroupId ? db.subgroup.findFirst({ where: { id: j.subgroupId, classId: j.classId, subjectId: j.subjectId, schoolId: actor.schoolId } }) : null,
  ]);
  if (!cls || !subject || (j.subgroupId && !subgroup)) throw new NotFound("Журнал не найден");
  return { cls, subject, subgroup, ownLoad: teachesJournal(actor, cls.teachingLoads, j) };
}

async function checkInput(db: Db, actor: Actor, yearId: number, grade: number, yearEnd: Date, input: LessonInput): Promise<void> {
  const errors: FieldErrors = {};
  const date = await checkLessonDate(db, yearId, grade, input.date);
  if ("error" in date) errors.date = date.error;
  if (input.homeworkDue && input.homeworkDue < input.date) errors.homeworkDue = MSG.dueBeforeLesson;
  else if (input.homeworkDue && input.homeworkDue > yearEnd) errors.homeworkDue = MSG.dueOutsideYear;
  if (input.works.length) {
    const types = await db.assignmentType.findMany({ where: { id: { in: input.works }, schoolId: actor.schoolId }, select: { id: true } });
    if (types.length !== new Set(input.works).size) errors.works = MSG.typeUnknown;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

const snapshot = (l: {
  date: Date;
  number: number | null;
  topic: string | null;
  planItemId: number | null;
  lessonType: string | null;
  homework: string | null;
  homeworkDue: Date | null;
}) => ({
  date: isoDate(l.date),
  number: l.number,
  topic: l.topic,
  planItemId: l.planItemId,
  lessonType: l.lessonType,
  homework: l.homework,
  homeworkDue: l.homeworkDue ? isoDate(l.homeworkDue) : null,
});

const filled = (text: string | null | undefined) => !!text?.trim();

/**
 * When the topic and the homework were entered (R-JRN-14, 004 Регламент §2.1–2.3): stamped `at` when the
 * text is first entered or changed to another non-empty text, kept when it stays the same, cleared with
 * the text. The monthly check and the journal count late entries from these (journal.timeliness.ts).
 */
export function entryTimes(
  old: { topic: string | null; homework: string | null; topicSetAt: Date | null; homeworkSetAt: Date | null } | null,
  next: { topic?: string | null; homework?: string | null },
  at: Date,
): { topicSetAt?: Date | null; homeworkSetAt?: Date | null } {
  const stamp = (before: string | null | undefined, after: string | null | undefined, was: Date | null | undefined) =>
    !filled(after) ? null : filled(before) && before!.trim() === after!.trim() ? (was ?? null) : at;
  const out: { topicSetAt?: Date | null; homeworkSetAt?: Date | null } = {};
  if (next.topic !== undefined) out.topicSetAt = stamp(old?.topic, next.topic, old?.topicSetAt);
  if (next.homework !== undefined) out.homeworkSetAt = stamp(old?.homework, next.homework, old?.homeworkSetAt);
  return out;
}

/**
 * Creates a lesson of a journal (R-JRN-1). The load's teacher, or a deputy/administrator;
 * the lesson's teacher is the load's teacher. With a topic of the journal's plan (planItemId,
 * R-JRN-11) the lesson is linked to it, and the topic's text, lesson type and kind of work fill
 * what the form left (planning.service.ts resolvePlanTopic). Throws NotFound, Forbidden, Locked
 * (closed year), ValidationError (date outside the periods or in holidays, due date, kinds of
 * work, a topic not of the journal's plan).
 */
export async function createLesson(actor: Actor, j: JournalRef, posted: LessonInput): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const { cls, ownLoad } = await findJournal(tx, actor, j);
    assertEditLessonDetails(actor, { substituteId: null, yearStatus: cls.year.status, yearName: cls.year.name }, ownLoad);
    const input = { ...posted, ...(await resolvePlanTopic(tx, actor.schoolId, j, posted, { storedId: null, existingWorks: new Set() })) };
    await checkInput(tx, actor, cls.yearId, cls.grade, cls.year.endDate, input);
    const load =
      cls.teachingLoads.find((l) => l.teacherId === actor.personId && (l.subgroupId === null || l.subgroupId === j.subgroupId)) ??
      cls.teachingLoads.find((l) => l.subgroupId === j.subgroupId) ??
      cls.teachingLoads.find((l) => l.subgroupId === null);
    if (!load) throw new ValidationError({ _form: MSG.noLoad }, MSG.noLoad);
    const { works, workTopics } = input;
    const lesson = await tx.lesson.create({
      data: {
        schoolId: actor.schoolId,
        classId: j.classId,
        subgroupId: j.subgroupId,
        subjectId: j.subjectId,
        teacherId: load.teacherId,
        date: input.date,
        number: input.number,
        topic: input.topic,
        lessonType: input.lessonType,
        homework: input.homework,
        homeworkDue: input.homeworkDue,
        ...entryTimes(null, input, clock.now()),
        planItemId: input.planItemId ?? null,
        works: { create: [...new Set(works)].map((id) => ({ schoolId: actor.schoolId, assignmentTypeId: id, topic: workTopics?.[id] ?? null })) },
      },
    });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "lesson", entityId: lesson.id, action: "create", newValue: snapshot(lesson) });
    return lesson.id;
  });
}

/**
 * Changes a lesson's details and kinds of work. The date of a lesson with marks or
 * attendance stays; a kind of work with marks cannot be removed (ValidationError). A topic of
 * the journal's plan links the lesson to it (R-JRN-11, as in createLesson); planItemId null
 * unlinks it, undefined (a form without the plan's topics) leaves the link as it is.
 */
export async function updateLesson(actor: Actor, lessonId: number, posted: LessonInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const facts = await lessonForEdit(tx, actor, lessonId, true);
    assertEditLessonDetails(actor, facts, facts.ownLoad);
    const [lesson, year] = await reads(tx, [
      () =>
        tx.lesson.findUniqueOrThrow({
          where: { id: lessonId },
          include: { works: { include: { _count: { select: { marks: true } } } }, _count: { select: { marks: true, attendances: true } } },
        }),
      () => tx.academicYear.findUniqueOrThrow({ where: { id: facts.yearId } }),
    ]);
    const input = {
      ...posted,
      ...(await resolvePlanTopic(tx, actor.schoolId, { classId: lesson.classId, subjectId: lesson.subjectId, subgroupId: lesson.subgroupId }, posted, {
        storedId: lesson.planItemId,
        existingWorks: new Set(lesson.works.map((w) => w.assignmentTypeId)),
      })),
    };
    await checkInput(tx, actor, facts.yearId, facts.grade, year.endDate, input);
    if (input.date.getTime() !== lesson.date.getTime() && lesson._count.marks + lesson._count.attendances > 0)
      throw new ValidationError({ date: "У урока есть отметки или посещаемость: дату изменить нельзя" });
    const keep = new Set(input.works);
    const removed = lesson.works.filter((w) => !keep.has(w.assignmentTypeId));
    if (removed.some((w) => w._count.marks > 0)) throw new ValidationError({ works: "У этого вида работы есть отметки: сначала удалите их" });
    const existing = new Set(lesson.works.map((w) => w.assignmentTypeId));
    const added = [...keep].filter((id) => !existing.has(id));
    const archived = added.length ? await tx.assignmentType.count({ where: { id: { in: added }, archived: true } }) : 0;
    if (archived) throw new ValidationError({ works: MSG.typeArchived });
    const { workTopics } = input;
    const fields = {
      date: input.date,
      number: input.number,
      topic: input.topic,
      lessonType: input.lessonType,
      homework: input.homework,
      homeworkDue: input.homeworkDue,
      ...entryTimes(lesson, input, clock.now()),
      ...(input.planItemId !== undefined ? { planItemId: input.planItemId } : {}),
    };
    await tx.lessonWork.deleteMany({ where: { id: { in: removed.map((w) => w.id) } } });
    await tx.lessonWork.createMany({
      data: added.map((id) => ({ schoolId: actor.schoolId, lessonId, assignmentTypeId: id, topic: workTopics?.[id] ?? null })),
    });
    for (const w of lesson.works)
      if (keep.has(w.assignmentTypeId) && workTopics && (workTopics[w.assignmentTypeId] ?? null) !== w.topic)
        await tx.lessonWork.update({ where: { id: w.id }, data: { topic: workTopics[w.assignmentTypeId] ?? null } });
    const updated = await tx.lesson.update({ where: { id: lessonId }, data: fields });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "lesson",
      entityId: lessonId,
      action: "update",
      oldValue: snapshot(lesson),
      newValue: snapshot(updated),
    });
  });
}

/**
 * The new-lesson form: the journal's names, whether the actor may create lessons in it, the kinds
 * of work, and the topics of the journal's approved plan with the next one for a lesson on `date`
 * (R-JRN-11; null without a plan).
 */
export async function newLessonForm(actor: Actor, j: JournalRef, date: Date | null = null) {
  const [journal, types, plan] = await Promise.all([
    findJournal(prisma, actor, j),
    listAssignmentTypes(actor.schoolId),
    date ? planTopicsAt(actor.schoolId, j, { date }) : Promise.resolve(null),
  ]);
  const { cls, subject, subgroup, ownLoad } = journal;
  return {
    cls: { id: cls.id, grade: cls.grade, letter: cls.letter, yearName: cls.year.name },
    subject: { id: subject.id, name: subject.name },
    subgroup: subgroup ? { id: subgroup.id, name: subgroup.name } : null,
    canCreate: canEditLessonDetails(actor, { substituteId: null, yearStatus: cls.year.status }, ownLoad),
    types,
    plan,
  };
}

/** Deletes a lesson without marks and attendance (Conflict otherwise). */
export async function deleteLesson(actor: Actor, lessonId: number): Promise<JournalRef> {
  return prisma.$transaction(async (tx) => {
    const facts = await lessonForEdit(tx, actor, lessonId, true);
    assertEditLessonDetails(actor, facts, facts.ownLoad);
    const lesson = await tx.lesson.findUniqueOrThrow({ where: { id: lessonId }, include: { _count: { select: { marks: true, attendances: true } } } });
    if (lesson._count.marks + lesson._count.attendances > 0) throw new Conflict(MSG.lessonHasData);
    await tx.lessonWork.deleteMany({ where: { lessonId } });
    await tx.lesson.delete({ where: { id: lessonId } });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "lesson", entityId: lessonId, action: "delete", oldValue: snapshot(lesson) });
    return { classId: lesson.classId, subjectId: lesson.subjectId, subgroupId: lesson.subgroupId };
  });
}

/** Teachers of the school who are not dismissed, for the substitution select. */
export async function substituteOptions(db: Db, schoolId: number) {
  const persons = await db.person.findMany({
    where: { schoolId, user: { is: { blocked: false, roles: { some: { role: "TEACHER" } } } } },
    select: { id: true, lastName: true, firstName: true, middleName: true, staff: { select: { dismissedAt: true } } },
  });
  return persons.filter((p) => !p.staff?.dismissedAt);
}

/**
 * R-JRN-2: records (or clears) who substituted for the lesson's teacher; set by a deputy or
 * administrator, audited. The substitute may then edit this lesson only.
 */
export async function setSubstitute(actor: Actor, lessonId: number, substituteId: number | null): Promise<void> {
  if (!canSetSubstitute(actor)) throw new Forbidden();
  await prisma.$transaction(async (tx) => {
    const facts = await lessonForEdit(tx, actor, lessonId, true);
    if (!isYearOpen(facts.yearStatus)) throw new Locked(MSG.closedYear(facts.yearName));
    if (substituteId !== null) {
      const ok = (await substituteOptions(tx, actor.schoolId)).some((p) => p.id === substituteId);
      if (!ok) throw new ValidationError({ substituteId: MSG.substituteUnknown });
      if (substituteId === facts.teacherId) throw new ValidationError({ substituteId: MSG.substituteSelf });
    }
    if (facts.substituteId === substituteId) return;
    await tx.lesson.update({ where: { id: lessonId }, data: { substituteId } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "lesson",
      entityId: lessonId,
      action: "substitute",
      oldValue: { substituteId: facts.substituteId },
      newValue: { substituteId },
    });
  });
}
