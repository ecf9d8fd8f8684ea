/**
 * Changes for one date (R-SCH-2, R-JRN-2): a cancelled lesson, a lesson moved
 * to another number and/or date, a substitute teacher (not busy at that time),
 * another room. The date's lesson follows at once: the substitute is set on
 * it (created if missing), so the journal shows who taught and lets the
 * substitute fill in that lesson only. A change of today, or of tomorrow from
 * the evening hour, is told to the families and teachers at once, in the same
 * transaction (changes.notify.ts; earlier ones by the evening job).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { audit } from "../../lib/audit.ts";
import { addDays, formatDate, isoDate } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { compareNames, fullName, shortName } from "../../lib/names.ts";
import { dayLessons, givenBy, type DayLesson } from "./day.service.ts";
import { isoWeekday, lockYear, yearOfDate } from "./schedule.common.ts";
import { clashOf } from "./schedule.policy.ts";
import type { ChangeInput } from "./schedule.schemas.ts";
import { TEXT, lessonNo } from "./schedule.text.ts";
import { syncLessons, type SyncResult } from "./lessons.service.ts";
import { roomOptions } from "./timetable.service.ts";
import { clock } from "../../lib/clock.ts";
import { changeSnapshot, tellChange } from "./changes.notify.ts";

const TX = { timeout: 60_000, maxWait: 20_000 };

/** Teachers (staff with the TEACHER role, not dismissed) of the school, for the substitute select. */
export async function teacherOptions(db: Db, schoolId: number) {
  const persons = await db.person.findMany({
    where: { schoolId, staff: { is: { dismissedAt: null } }, user: { is: { roles: { some: { role: "TEACHER" } } } } },
    select: { id: true, lastName: true, firstName: true, middleName: true },
  });
  persons.sort(compareNames);
  return persons.map((p) => ({ value: p.id, label: fullName(p), short: shortName(p) }));
}

/** The date's lesson of the entry, or NotFound when the entry is not the school's or gives no lesson that day. */
export async function lessonOfDay(db: Db, actor: Actor, entryId: number, date: Date): Promise<{ lesson: DayLesson; day: DayLesson[] }> {
  const entry = await db.timetableEntry.findFirst({ where: { id: entryId, schoolId: actor.schoolId }, select: { id: true } });
  if (!entry) throw new NotFound();
  const day = await dayLessons(db, actor.schoolId, date);
  const lesson = day.find((l) => l.entryId === entryId && l.movedFrom === null);
  if (!lesson) throw new NotFound(TEXT.noLessonThatDay);
  return { lesson, day };
}

/** The change form of the entry's lesson on the date: the lesson, the teachers for a substitute and the rooms (NotFound as lessonOfDay). */
export async function changeFormData(actor: Actor, entryId: number, date: Date) {
  const { lesson } = await lessonOfDay(prisma, actor, entryId, date);
  const teachers = await teacherOptions(prisma, actor.schoolId);
  const rooms = await roomOptions(prisma, actor.schoolId);
  return { lesson, teachers, rooms };
}

function where(l: DayLesson): string {
  return `${l.className}${l.subgroupName ? ` (${l.subgroupName})` : ""}, ${l.subjectName}, ${lessonNo(l.number)}`;
}

/** Throws ValidationError when the lesson, placed at (day, number) with these people, would clash with another lesson. */
function assertFree(day: DayLesson[], self: DayLesson, use: { teacherId: number; roomId: number | null; number: number }, field: string) {
  for (const o of day) {
    if (!o.active || o.number !== use.number || o.entryId === self.entryId) continue;
    const kind = clashOf(
      { classId: self.classId, subgroupId: self.subgroupId, teacherId: use.teacherId, roomId: use.roomId },
      { classId: o.classId, subgroupId: o.subgroupId, teacherId: givenBy(o), roomId: o.roomId },
    );
    if (!kind) continue;
    const msg =
      kind === "teacher"
        ? TEXT.substituteBusy(o.substituteName ?? o.teacherName, where(o))
        : kind === "room"
          ? `Кабинет ${o.roomName} в это время занят: ${where(o)}`
          : `У класса в это время уже есть урок: ${where(o)}`;
    throw new ValidationError({ [field]: msg, _form: msg });
  }
}

/**
 * Records (or replaces) the change of the entry's lesson on the date and
 * brings the lessons of the class in step; tells those concerned when the
 * change is of today or tomorrow's evening (tellChange). ValidationError names
 * what is wrong: a busy substitute or room, a move onto a taken slot.
 */
export async function saveChange(actor: Actor, entryId: number, date: Date, input: ChangeInput): Promise<SyncResult> {
  return prisma.$transaction(async (tx) => {
    const entry = await tx.timetableEntry.findFirst({ where: { id: entryId, schoolId: actor.schoolId } });
    if (!entry) throw new NotFound();
    const year = await lockYear(tx, actor.schoolId, entry.yearId);
    const { lesson, day } = await lessonOfDay(tx, actor, entryId, date);
    const previous = await tx.timetableChange.findUnique({ where: { entryId_date: { entryId, date } } });
    const data = {
      kind: input.kind,
      substituteId: null as number | null,
      roomId: null as number | null,
      newDate: null as Date | null,
      newNumber: null as number | null,
      note: input.note,
    };
    const base = {
      teacherId: lesson.teacherId,
      roomId: previous?.kind === "ROOM" ? (await tx.timetableEntry.findUniqueOrThrow({ where: { id: entryId } })).roomId : lesson.roomId,
      number: lesson.plannedNumber,
    };

    if (input.kind === "SUBSTITUTE") {
      if (!input.substituteId) throw new ValidationError({ substituteId: TEXT.pickTeacher });
      const ok = (await teacherOptions(tx, actor.schoolId)).some((t) => t.value === input.substituteId);
      if (!ok) throw new ValidationError({ substituteId: TEXT.pickTeacher });
      if (input.substituteId === lesson.teacherId) throw new ValidationError({ substituteId: TEXT.substituteSame });
      assertFree(day, lesson, { ...base, teacherId: input.substituteId }, "substituteId");
      data.substituteId = input.substituteId;
    } else if (input.kind === "ROOM") {
      const room = input.roomId ? await tx.room.findFirst({ where: { id: input.roomId, schoolId: actor.schoolId, archived: false } }) : null;
      if (!room) throw new ValidationError({ roomId: TEXT.pickRoom });
      assertFree(day, lesson, { ...base, roomId: room.id }, "roomId");
      data.roomId = room.id;
    } else if (input.kind === "MOVE") {
      if (!input.newDate && !input.newNumber) throw new ValidationError({ newNumber: TEXT.moveNothing });
      const target = input.newDate ?? date;
      const number = input.newNumber ?? lesson.plannedNumber;
      if (target.getTime() === date.getTime() && number === lesson.plannedNumber) throw new ValidationError({ newNumber: TEXT.moveSame });
      if (target < year.startDate || target > year.endDate)
        throw new ValidationError({ newDate: TEXT.dateOutsideYear(formatDate(year.startDate), formatDate(year.endDate)) });
      if (isoWeekday(target) === 7) throw new ValidationError({ newDate: "В воскресенье уроков нет" });
      const targetDay = target.getTime() === date.getTime() ? day : await dayLessons(tx, actor.schoolId, target);
      assertFree(targetDay, lesson, { ...base, number }, input.newDate ? "newDate" : "newNumber");
      data.newDate = input.newDate && input.newDate.getTime() !== date.getTime() ? input.newDate : null;
      data.newNumber = input.newNumber;
    }
    const told = await changeSnapshot(tx, actor.schoolId, entryId, [date, previous?.newDate, data.newDate], clock.now());
    const saved = await tx.timetableChange.upsert({
      where: { entryId_date: { entryId, date } },
      create: { schoolId: actor.schoolId, entryId, date, ...data, createdById: actor.userId },
      update: { ...data, createdById: actor.userId, createdAt: clock.now() },
    });
    if (previous?.kind === "MOVE" && previous.newDate) await moveBack(tx, actor.schoolId, entryId, previous.newDate, date);
    const sync = await resync(
      tx,
      actor.schoolId,
      entry,
      date,
      [previous?.newDate, data.newDate],
      previous?.kind === "SUBSTITUTE" && input.kind !== "SUBSTITUTE",
    );
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "timetable-change",
      entityId: saved.id,
      action: previous ? "update" : "create",
      oldValue: previous ? changeAudit(previous) : undefined,
      newValue: { ...changeAudit({ ...data, date }), entryId, className: lesson.className, subject: lesson.subjectName, teacherId: lesson.teacherId },
      reason: input.note,
    });
    await tellChange(tx, told);
    return sync;
  }, TX);
}

/** Removes the change: the lesson returns to the weekly timetable (told at once as saveChange). */
export async function removeChange(actor: Actor, changeId: number): Promise<Date> {
  return prisma.$transaction(async (tx) => {
    const change = await tx.timetableChange.findFirst({ where: { id: changeId, schoolId: actor.schoolId }, include: { entry: true } });
    if (!change) throw new NotFound();
    await lockYear(tx, actor.schoolId, change.entry.yearId);
    const told = await changeSnapshot(tx, actor.schoolId, change.entryId, [change.date, change.newDate], clock.now());
    await tx.timetableChange.delete({ where: { id: change.id } });
    if (change.kind === "MOVE" && change.newDate) await moveBack(tx, actor.schoolId, change.entryId, change.newDate, change.date);
    await resync(tx, actor.schoolId, change.entry, change.date, [change.newDate], change.kind === "SUBSTITUTE");
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "timetable-change",
      entityId: change.id,
      action: "delete",
      oldValue: { ...changeAudit(change), entryId: change.entryId },
    });
    await tellChange(tx, told);
    return change.date;
  }, TX);
}

/** A lesson moved to another date goes back to its own date first, so the re-sync keeps its row. */
async function moveBack(tx: Db, schoolId: number, entryId: number, movedTo: Date, own: Date) {
  await tx.lesson.updateMany({ where: { schoolId, timetableEntryId: entryId, date: movedTo }, data: { date: own } });
}

/** What the audit log keeps of a change. */
function changeAudit(c: {
  kind: string;
  date: Date;
  substituteId: number | null;
  roomId: number | null;
  newDate: Date | null;
  newNumber: number | null;
  note?: string | null;
}) {
  return {
    kind: c.kind,
    date: isoDate(c.date),
    substituteId: c.substituteId,
    roomId: c.roomId,
    newDate: c.newDate ? isoDate(c.newDate) : null,
    newNumber: c.newNumber,
    note: c.note ?? null,
  };
}

async function resync(
  tx: Db,
  schoolId: number,
  entry: { id: number; classId: number; yearId: number },
  date: Date,
  others: (Date | null | undefined)[],
  clearSubstitute: boolean,
): Promise<SyncResult> {
  const dates = [date, ...others.filter((d): d is Date => !!d)];
  const from = new Date(Math.min(...dates.map((d) => d.getTime())));
  const to = new Date(Math.max(...dates.map((d) => d.getTime())));
  const sync = await syncLessons(tx, schoolId, entry.yearId, from, to, [entry.classId]);
  if (clearSubstitute) await tx.lesson.updateMany({ where: { schoolId, timetableEntryId: entry.id, date }, data: { substituteId: null } });
  return sync;
}

/** The changes page of a date: the day's lessons by class with their changes. */
export async function changesPage(actor: Actor, date: Date) {
  const year = await yearOfDate(actor.schoolId, date);
  const day = await dayLessons(prisma, actor.schoolId, date);
  return { year, day, prev: addDays(date, -1), next: addDays(date, 1) };
}
