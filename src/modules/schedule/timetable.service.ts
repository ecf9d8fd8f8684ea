/**
 * The weekly timetable of a class and its subgroups (R-SCH-1..2): entries
 * valid from a date, history kept (a change closes the entry the day before
 * and opens a new one), conflicts refused with a message naming the clash.
 * Every edit brings the class's lessons in step, in the same transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { audit } from "../../lib/audit.ts";
import { addDays, formatDate, isoDate } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className, shortName } from "../../lib/names.ts";
import { clashOf, type ClashKind } from "./schedule.policy.ts";
import { getClass, isoWeekday, lockYear, type YearRow } from "./schedule.common.ts";
import type { EntryInput } from "./schedule.schemas.ts";
import { TEXT, WEEKDAYS_AT, lessonNo } from "./schedule.text.ts";
import { syncLessons, syncRange, type SyncResult } from "./lessons.service.ts";

/** Receives what bringing the lessons in step did (the routes report kept lessons). */
export type SyncReport = (r: SyncResult) => void;

const TX = { timeout: 60_000, maxWait: 20_000 };

/** Teaching-load rows of the class (whole class and subgroups) for the entry form. */
export async function loadOptions(db: Db, schoolId: number, classId: number) {
  const loads = await db.teachingLoad.findMany({
    where: { schoolId, classId },
    include: {
      subject: { select: { name: true, sortOrder: true } },
      teacher: { select: { lastName: true, firstName: true, middleName: true } },
      subgroup: { select: { name: true } },
    },
  });
  loads.sort(
    (a, b) =>
      a.subject.sortOrder - b.subject.sortOrder ||
      a.subject.name.localeCompare(b.subject.name, "ru") ||
      (a.subgroup?.name ?? "").localeCompare(b.subgroup?.name ?? "", "ru"),
  );
  return loads.map((l) => ({
    value: l.id,
    label: `${l.subject.name}${l.subgroup ? ` (${l.subgroup.name})` : ""} — ${shortName(l.teacher)}`,
  }));
}

/** Rooms of the school that are in use, for selects. */
export async function roomOptions(db: Db, schoolId: number) {
  const rooms = await db.room.findMany({ where: { schoolId, archived: false }, select: { id: true, name: true } });
  rooms.sort((a, b) => a.name.localeCompare(b.name, "ru", { numeric: true }));
  return rooms.map((r) => ({ value: r.id, label: r.name }));
}

const entryInclude = {
  class: { select: { grade: true, letter: true } },
  subgroup: { select: { name: true } },
  subject: { select: { name: true, shortName: true } },
  teacher: { select: { lastName: true, firstName: true, middleName: true } },
  room: { select: { name: true } },
} as const;

/** Entries in force on the date, for the class, a teacher, or a room. */
export async function entriesOn(db: Db, schoolId: number, date: Date, by: { classId?: number; teacherId?: number; roomId?: number }) {
  return db.timetableEntry.findMany({
    where: { schoolId, ...by, validFrom: { lte: date }, OR: [{ validTo: null }, { validTo: { gte: date } }] },
    include: entryInclude,
    orderBy: [{ weekday: "asc" }, { number: "asc" }],
  });
}
export type EntryRow = Awaited<ReturnType<typeof entriesOn>>[number];

/** The entry of the actor's school, or NotFound. */
export async function getEntry(actor: Actor, id: number, db: Db = prisma) {
  const e = await db.timetableEntry.findFirst({ where: { id, schoolId: actor.schoolId }, include: entryInclude });
  if (!e) throw new NotFound();
  return e;
}

/** What the audit log keeps of an entry. */
function entryAudit(e: {
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherId: number;
  roomId: number | null;
  weekday: number;
  number: number;
  validFrom: Date;
  validTo: Date | null;
}) {
  return {
    classId: e.classId,
    subgroupId: e.subgroupId,
    subjectId: e.subjectId,
    teacherId: e.teacherId,
    roomId: e.roomId,
    weekday: e.weekday,
    number: e.number,
    validFrom: isoDate(e.validFrom),
    validTo: e.validTo ? isoDate(e.validTo) : null,
  };
}

interface Candidate {
  classId: number;
  subgroupId: number | null;
  teacherId: number;
  roomId: number | null;
  weekday: number;
  number: number;
  from: Date;
  to: Date | null;
}

const FIELD_OF: Record<ClashKind, string> = { teacher: "loadId", room: "roomId", class: "number" };

/** Throws ValidationError naming the first clash of the candidate with other entries in force at an overlapping time. */
async function assertNoClash(db: Db, schoolId: number, yearId: number, c: Candidate, exceptIds: number[]): Promise<void> {
  const others = await db.timetableEntry.findMany({
    where: {
      schoolId,
      yearId,
      weekday: c.weekday,
      number: c.number,
      id: { notIn: exceptIds },
      ...(c.to ? { validFrom: { lte: c.to } } : {}),
      OR: [{ validTo: null }, { validTo: { gte: c.from } }],
    },
    include: entryInclude,
  });
  const when = `${WEEKDAYS_AT[c.weekday]}, ${lessonNo(c.number)}`;
  for (const o of others) {
    if (o.validTo && o.validTo < o.validFrom) continue;
    const kind = clashOf(c, o);
    if (!kind) continue;
    const since = o.validFrom > c.from ? ` (с ${formatDate(o.validFrom)})` : "";
    const cls = `${className(o.class)}${o.subgroup ? ` (${o.subgroup.name})` : ""}`;
    const msg =
      kind === "teacher"
        ? TEXT.teacherBusy(shortName(o.teacher), `${cls}, ${o.subject.name}${since}`, when)
        : kind === "room"
          ? TEXT.roomBusy(o.room!.name, `${cls}, ${o.subject.name}, ${shortName(o.teacher)}${since}`, when)
          : TEXT.classBusy(cls, `${o.subject.name}, ${shortName(o.teacher)}${since}`, when);
    throw new ValidationError({ [FIELD_OF[kind]]: msg, _form: msg });
  }
}

function assertInYear(year: YearRow, date: Date, fieldName: string) {
  if (date < year.startDate || date > year.endDate)
    throw new ValidationError({ [fieldName]: TEXT.dateOutsideYear(formatDate(year.startDate), formatDate(year.endDate)) });
}

/** The optional end date of an entry: inside the year, not before its start. */
function assertValidTo(year: YearRow, from: Date, to: Date | null | undefined) {
  if (!to) return;
  assertInYear(year, to, "validTo");
  if (to < from) throw new ValidationError({ validTo: TEXT.validToBeforeFrom });
}

async function resolveInput(tx: Db, actor: Actor, classId: number, input: EntryInput) {
  const school = await tx.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { weekDays: true } });
  if (input.weekday > school.weekDays) throw new ValidationError({ weekday: TEXT.weekdayOff });
  const load = await tx.teachingLoad.findFirst({ where: { id: input.loadId, schoolId: actor.schoolId, classId } });
  if (!load) throw new ValidationError({ loadId: TEXT.pickLoad });
  if (input.roomId !== null) {
    const room = await tx.room.findFirst({ where: { id: input.roomId, schoolId: actor.schoolId, archived: false } });
    if (!room) throw new ValidationError({ roomId: TEXT.pickRoom });
  }
  return { subgroupId: load.subgroupId, subjectId: load.subjectId, teacherId: load.teacherId };
}

/** Creates an entry of the class valid from input.validFrom (ValidationError for a clash or bad choice; 423 closed year). */
export async function createEntry(actor: Actor, classId: number, input: EntryInput, report?: SyncReport): Promise<number> {
  const cls = await getClass(actor, classId);
  return prisma.$transaction(async (tx) => {
    const year = await lockYear(tx, actor.schoolId, cls.yearId);
    assertInYear(year, input.validFrom, "validFrom");
    assertValidTo(year, input.validFrom, input.validTo);
    const r = await resolveInput(tx, actor, cls.id, input);
    const row = { classId: cls.id, ...r, roomId: input.roomId, weekday: input.weekday, number: input.number };
    const validTo = input.validTo ?? null;
    await assertNoClash(tx, actor.schoolId, year.id, { ...row, from: input.validFrom, to: validTo }, []);
    const e = await tx.timetableEntry.create({ data: { schoolId: actor.schoolId, yearId: year.id, ...row, validFrom: input.validFrom, validTo } });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "timetable-entry", entityId: e.id, action: "create", newValue: entryAudit(e) });
    const range = syncRange(year, input.validFrom);
    const sync = await syncLessons(tx, actor.schoolId, year.id, range.from, range.to, [cls.id]);
    report?.(sync);
    return e.id;
  }, TX);
}

/**
 * Changes an entry from input.validFrom on: the old row is closed the day
 * before and a new one opened, so the timetable's history is kept; a change
 * from the entry's first day (or earlier) rewrites it in place. One-date
 * changes after that day move to the new row (or go, if the weekday changed).
 */
export async function updateEntry(actor: Actor, entryId: number, input: EntryInput, report?: SyncReport): Promise<number> {
  const old = await getEntry(actor, entryId);
  return prisma.$transaction(async (tx) => {
    const year = await lockYear(tx, actor.schoolId, old.yearId);
    assertInYear(year, input.validFrom, "validFrom");
    if (old.validTo && input.validFrom > old.validTo) throw new ValidationError({ validFrom: `Эта запись действует только по ${formatDate(old.validTo)}` });
    const r = await resolveInput(tx, actor, old.classId, input);
    const row = { classId: old.classId, ...r, roomId: input.roomId, weekday: input.weekday, number: input.number };
    const same =
      row.subgroupId === old.subgroupId &&
      row.subjectId === old.subjectId &&
      row.teacherId === old.teacherId &&
      row.roomId === old.roomId &&
      row.weekday === old.weekday &&
      row.number === old.number;
    const inPlace = input.validFrom <= old.validFrom;
    const from = inPlace || same ? old.validFrom : input.validFrom;
    // The end date: as typed (empty: until further notice); a caller that passes none keeps the entry's own.
    const validTo = input.validTo === undefined ? old.validTo : input.validTo;
    assertValidTo(year, from, validTo);
    if (same && (validTo?.getTime() ?? null) === (old.validTo?.getTime() ?? null)) return old.id;
    await assertNoClash(tx, actor.schoolId, year.id, { ...row, from, to: validTo }, [old.id]);
    let id = old.id;
    if (same || inPlace) {
      // Only the end date changed, or the change applies from the entry's first day: rewrite in place.
      await tx.timetableEntry.update({ where: { id: old.id }, data: { ...row, validTo } });
      if (validTo) await tx.timetableChange.deleteMany({ where: { entryId: old.id, date: { gt: validTo } } });
      if (row.weekday !== old.weekday) await tx.timetableChange.deleteMany({ where: { entryId: old.id } });
    } else {
      await tx.timetableEntry.update({ where: { id: old.id }, data: { validTo: addDays(input.validFrom, -1) } });
      const e = await tx.timetableEntry.create({ data: { schoolId: actor.schoolId, yearId: year.id, ...row, validFrom: input.validFrom, validTo } });
      id = e.id;
      if (row.weekday === old.weekday)
        await tx.timetableChange.updateMany({ where: { entryId: old.id, date: { gte: input.validFrom } }, data: { entryId: id } });
      else await tx.timetableChange.deleteMany({ where: { entryId: old.id, date: { gte: input.validFrom } } });
    }
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "timetable-entry",
      entityId: id,
      action: "update",
      oldValue: entryAudit(old),
      newValue: entryAudit(await tx.timetableEntry.findUniqueOrThrow({ where: { id } })),
    });
    const range = syncRange(year, from);
    const sync = await syncLessons(tx, actor.schoolId, year.id, range.from, range.to, [old.classId]);
    report?.(sync);
    return id;
  }, TX);
}

/**
 * Removes an entry from a date on (history kept: the entry is closed the day
 * before). Future lessons go, unless something was entered in them.
 */
export async function removeEntry(actor: Actor, entryId: number, fromDate: Date, report?: SyncReport): Promise<void> {
  const old = await getEntry(actor, entryId);
  await prisma.$transaction(async (tx) => {
    const year = await lockYear(tx, actor.schoolId, old.yearId);
    assertInYear(year, fromDate, "fromDate");
    const from = fromDate < old.validFrom ? old.validFrom : fromDate;
    if (old.validTo && from > old.validTo) throw new ValidationError({ fromDate: `Эта запись действует только по ${formatDate(old.validTo)}` });
    await tx.timetableEntry.update({ where: { id: old.id }, data: { validTo: addDays(from, -1) } });
    await tx.timetableChange.deleteMany({ where: { entryId: old.id, date: { gte: from } } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "timetable-entry",
      entityId: old.id,
      action: "delete",
      oldValue: entryAudit(old),
      newValue: { removedFrom: isoDate(from) },
    });
    const range = syncRange(year, from);
    const sync = await syncLessons(tx, actor.schoolId, year.id, range.from, range.to, [old.classId]);
    report?.(sync);
    // An entry that never came into force and is referred to by nothing goes completely.
    if (from.getTime() === old.validFrom.getTime() && (await tx.lesson.count({ where: { timetableEntryId: old.id } })) === 0)
      await tx.timetableEntry.delete({ where: { id: old.id } });
  }, TX);
}

/** Weekday of the date as the timetable counts it (1..6; 7 is Sunday). */
export { isoWeekday };

/** What the entry form offers: the class, its load rows (whole class and subgroups) and the rooms. */
export async function entryFormData(actor: Actor, classId: number) {
  const cls = await getClass(actor, classId);
  return { cls: { ...cls, name: className(cls) }, loads: await loadOptions(prisma, actor.schoolId, cls.id), rooms: await roomOptions(prisma, actor.schoolId) };
}

/** The load row an entry was made from (for the edit form's preselection). */
export async function loadIdOfEntry(actor: Actor, e: { classId: number; subjectId: number; teacherId: number; subgroupId: number | null }) {
  const load = await prisma.teachingLoad.findFirst({
    where: { schoolId: actor.schoolId, classId: e.classId, subjectId: e.subjectId, teacherId: e.teacherId, subgroupId: e.subgroupId },
    select: { id: true },
  });
  return load?.id ?? null;
}
