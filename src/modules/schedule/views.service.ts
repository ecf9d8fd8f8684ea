/**
 * Read-only timetable views (R-SCH-1: one timetable visible to all): a
 * class's, a teacher's and a room's week, the whole school on one day. Each
 * is a plain grid model that both the HTML page and the PDF draw.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { today } from "../../lib/dates.ts";
import { className, compareNames, fullName, shortName } from "../../lib/names.ts";
import { bellTimes, type SlotTime } from "./bells.service.ts";
import { dayLessons, type DayLesson } from "./day.service.ts";
import { entriesOn, type EntryRow } from "./timetable.service.ts";
import { scheduleYear } from "./schedule.common.ts";
import { CHANGE_KIND_NAMES, formatMinute } from "./schedule.text.ts";

export interface GridItem {
  entryId: number;
  main: string;
  details: string[];
  mark?: "cancelled" | "changed";
}

export interface WeekGrid {
  title: string;
  weekdays: number[];
  numbers: number[];
  /** «08:30–09:15» per lesson number. */
  times: Map<number, string>;
  cells: Map<string, GridItem[]>;
}

export const cellKey = (weekday: number, number: number) => `${weekday}|${number}`;

function timesOf(slots: Map<number, SlotTime>): Map<number, string> {
  return new Map([...slots].map(([n, s]) => [n, `${formatMinute(s.startMinute)}–${formatMinute(s.endMinute)}`]));
}

async function weekGrid(
  schoolId: number,
  title: string,
  entries: EntryRow[],
  item: (e: EntryRow) => GridItem,
  bellScheduleId: number | null,
): Promise<WeekGrid> {
  const school = await prisma.school.findUniqueOrThrow({ where: { id: schoolId }, select: { weekDays: true } });
  const slots = (await bellTimes(schoolId))(bellScheduleId);
  const maxNumber = Math.max(6, ...entries.map((e) => e.number), ...[...slots.keys()].filter((n) => n <= 8));
  const cells = new Map<string, GridItem[]>();
  for (const e of entries) {
    const k = cellKey(e.weekday, e.number);
    cells.set(k, [...(cells.get(k) ?? []), item(e)]);
  }
  return {
    title,
    weekdays: Array.from({ length: Math.max(school.weekDays, ...entries.map((e) => e.weekday)) }, (_, i) => i + 1),
    numbers: Array.from({ length: maxNumber }, (_, i) => i + 1),
    times: timesOf(slots),
    cells,
  };
}

const group = (e: EntryRow) => (e.subgroup ? ` (${e.subgroup.name})` : "");

/** The class's weekly timetable in force on the date (404 for another school's class). */
export async function classWeek(actor: Actor, classId: number, asked: Date | null) {
  const found = await prisma.schoolClass.findFirst({
    where: { id: classId, schoolId: actor.schoolId },
    include: { year: { select: { id: true, name: true, status: true, startDate: true, endDate: true } } },
  });
  if (!found) throw new NotFound();
  const { year, ...cls } = found;
  // Issue 7: without ?date= a class of another (e.g. closed) year opens on a day of its own year.
  const now = today();
  const date = asked ?? (now < year.startDate ? year.startDate : now > year.endDate ? year.endDate : now);
  const entries = await entriesOn(prisma, actor.schoolId, date, { classId });
  const grid = await weekGrid(
    actor.schoolId,
    `Расписание ${className(cls)} класса`,
    entries,
    (e) => ({
      entryId: e.id,
      main: `${e.subject.name}${group(e)}`,
      details: [shortName(e.teacher), e.room ? `каб. ${e.room.name}` : ""].filter(Boolean),
    }),
    cls.bellScheduleId,
  );
  /** A closed year's timetable is read-only (R-YR-1): the page offers no edit controls. */
  return { cls: { ...cls, name: className(cls) }, grid, date, year, readOnly: year.status === "CLOSED" };
}

/** A teacher's weekly timetable in force on the date (404 for a person who is not the school's). */
export async function teacherWeek(actor: Actor, personId: number, date: Date) {
  const person = await prisma.person.findFirst({ where: { id: personId, schoolId: actor.schoolId, staff: { isNot: null } } });
  if (!person) throw new NotFound();
  const entries = await entriesOn(prisma, actor.schoolId, date, { teacherId: personId });
  const grid = await weekGrid(
    actor.schoolId,
    `Расписание: ${fullName(person)}`,
    entries,
    (e) => ({
      entryId: e.id,
      main: `${className(e.class)}${group(e)}`,
      details: [e.subject.name, e.room ? `каб. ${e.room.name}` : ""].filter(Boolean),
    }),
    null,
  );
  return { person: { id: person.id, name: fullName(person) }, grid };
}

/** A room's weekly timetable in force on the date (404 for another school's room). */
export async function roomWeek(actor: Actor, roomId: number, date: Date) {
  const room = await prisma.room.findFirst({ where: { id: roomId, schoolId: actor.schoolId } });
  if (!room) throw new NotFound();
  const entries = await entriesOn(prisma, actor.schoolId, date, { roomId });
  const grid = await weekGrid(
    actor.schoolId,
    `Кабинет ${room.name}`,
    entries,
    (e) => ({
      entryId: e.id,
      main: `${className(e.class)}${group(e)}`,
      details: [e.subject.name, shortName(e.teacher)],
    }),
    null,
  );
  return { room, grid };
}

export interface DayGrid {
  title: string;
  numbers: number[];
  rows: { classId: number; className: string; cells: Map<number, DayLesson[]> }[];
}

/** The whole school on one day: classes × lesson numbers, with the date's changes. */
export async function schoolDay(actor: Actor, date: Date, title: string): Promise<DayGrid> {
  const day = await dayLessons(prisma, actor.schoolId, date);
  const year = await scheduleYear(actor.schoolId);
  const classes = year
    ? await prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: year.id }, orderBy: [{ grade: "asc" }, { letter: "asc" }] })
    : [];
  const rows = classes.map((c) => ({ classId: c.id, className: className(c), cells: new Map<number, DayLesson[]>() }));
  const byClass = new Map(rows.map((r) => [r.classId, r]));
  for (const l of day) {
    const row = byClass.get(l.classId);
    if (!row) continue;
    row.cells.set(l.number, [...(row.cells.get(l.number) ?? []), l]);
  }
  const maxNumber = Math.max(6, ...day.map((l) => l.number));
  return { title, numbers: Array.from({ length: maxNumber }, (_, i) => i + 1), rows };
}

/** What a day cell says about a lesson: «Математика, Иванов И. И., каб. 214» and the change. */
export function dayLessonText(l: DayLesson): { main: string; details: string[]; note: string | null } {
  const teacher = l.substituteName ? `${l.substituteName} (замена)` : l.teacherName;
  const note = l.change ? CHANGE_KIND_NAMES[l.change.kind] : l.movedFrom ? "Перенесён" : null;
  return {
    main: `${l.subjectShort}${l.subgroupName ? ` (${l.subgroupName})` : ""}`,
    details: [teacher, l.roomName ? `каб. ${l.roomName}` : ""].filter(Boolean),
    note,
  };
}

/** Choices for the index page: classes of the current year, teachers, rooms. */
export async function scheduleIndex(actor: Actor) {
  const year = await scheduleYear(actor.schoolId);
  const classes = year
    ? (await prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: year.id }, orderBy: [{ grade: "asc" }, { letter: "asc" }] })).map(
        (c) => ({ id: c.id, name: className(c) }),
      )
    : [];
  const teacherRows = await prisma.person.findMany({
    where: { schoolId: actor.schoolId, OR: [{ timetable: { some: {} } }, { teachingLoads: { some: {} } }] },
    select: { id: true, lastName: true, firstName: true, middleName: true },
  });
  teacherRows.sort(compareNames);
  const rooms = await prisma.room.findMany({ where: { schoolId: actor.schoolId, archived: false }, select: { id: true, name: true } });
  rooms.sort((a, b) => a.name.localeCompare(b.name, "ru", { numeric: true }));
  return { year, classes, teachers: teacherRows.map((p) => ({ id: p.id, name: fullName(p) })), rooms };
}
