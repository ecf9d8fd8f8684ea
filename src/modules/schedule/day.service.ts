/**
 * The effective lessons of one date across the school: the weekly entries in
 * force that day on school days of each class's grade, with the one-date
 * changes applied (cancelled, moved away or in, substitute, other room).
 * Used by the changes page, the slot checks of a change and the school's day view.
 */
import type { Db } from "../../lib/db.ts";
import { className, shortName } from "../../lib/names.ts";
import type { TimetableChangeKind } from "../../generated/prisma/enums.ts";
import { loadCalendar } from "./calendar.ts";
import { isoWeekday, yearOfDate } from "./schedule.common.ts";

export interface DayLesson {
  entryId: number;
  classId: number;
  className: string;
  grade: number;
  bellScheduleId: number | null;
  subgroupId: number | null;
  subgroupName: string | null;
  subjectId: number;
  subjectName: string;
  subjectShort: string;
  teacherId: number;
  teacherName: string;
  substituteId: number | null;
  substituteName: string | null;
  roomId: number | null;
  roomName: string | null;
  /** The number the lesson takes place at that day. */
  number: number;
  /** The weekly entry's number. */
  plannedNumber: number;
  change: { id: number; kind: TimetableChangeKind; newDate: Date | null; newNumber: number | null; note: string | null } | null;
  /** False when cancelled or moved away from this date. */
  active: boolean;
  /** Set when moved here from another date. */
  movedFrom: Date | null;
}

const entryInclude = {
  class: { select: { grade: true, letter: true, bellScheduleId: true } },
  subgroup: { select: { name: true } },
  subject: { select: { name: true, shortName: true } },
  teacher: { select: { lastName: true, firstName: true, middleName: true } },
  room: { select: { name: true } },
} as const;

/** Effective lessons of the date, ordered by class then number. */
export async function dayLessons(db: Db, schoolId: number, date: Date): Promise<DayLesson[]> {
  const year = await yearOfDate(schoolId, date, db);
  if (!year) return [];
  const cal = await loadCalendar(db, schoolId, year.id);
  const weekday = isoWeekday(date);
  const entries = await db.timetableEntry.findMany({
    where: { schoolId, yearId: year.id, weekday, validFrom: { lte: date }, OR: [{ validTo: null }, { validTo: { gte: date } }] },
    include: entryInclude,
  });
  const changes = await db.timetableChange.findMany({
    where: { schoolId, OR: [{ date }, { kind: "MOVE", newDate: date }] },
    include: {
      substitute: { select: { lastName: true, firstName: true, middleName: true } },
      room: { select: { name: true } },
      entry: { include: entryInclude },
    },
  });
  const onDate = new Map(changes.filter((c) => c.date.getTime() === date.getTime()).map((c) => [c.entryId, c]));
  const out: DayLesson[] = [];
  type E = (typeof entries)[number];
  const make = (e: E, ch: (typeof changes)[number] | undefined, movedFrom: Date | null): DayLesson => ({
    entryId: e.id,
    classId: e.classId,
    className: className(e.class),
    grade: e.class.grade,
    bellScheduleId: e.class.bellScheduleId,
    subgroupId: e.subgroupId,
    subgroupName: e.subgroup?.name ?? null,
    subjectId: e.subjectId,
    subjectName: e.subject.name,
    subjectShort: e.subject.shortName,
    teacherId: e.teacherId,
    teacherName: shortName(e.teacher),
    substituteId: ch?.kind === "SUBSTITUTE" ? ch.substituteId : null,
    substituteName: ch?.kind === "SUBSTITUTE" && ch.substitute ? shortName(ch.substitute) : null,
    roomId: ch?.kind === "ROOM" ? ch.roomId : e.roomId,
    roomName: ch?.kind === "ROOM" ? (ch.room?.name ?? null) : (e.room?.name ?? null),
    number: ch?.kind === "MOVE" ? (ch.newNumber ?? e.number) : e.number,
    plannedNumber: e.number,
    change: ch ? { id: ch.id, kind: ch.kind, newDate: ch.newDate, newNumber: ch.newNumber, note: ch.note } : null,
    active: true,
    movedFrom,
  });
  for (const e of entries) {
    if (!cal.isSchoolDay(e.class.grade, date)) continue;
    const ch = onDate.get(e.id);
    const l = make(e, ch, null);
    if (ch?.kind === "CANCEL") [l.active, l.number] = [false, e.number];
    if (ch?.kind === "MOVE" && ch.newDate && ch.newDate.getTime() !== date.getTime()) [l.active, l.number] = [false, e.number];
    out.push(l);
  }
  for (const ch of changes) {
    if (ch.kind !== "MOVE" || !ch.newDate || ch.newDate.getTime() !== date.getTime() || ch.date.getTime() === date.getTime()) continue;
    out.push(make(ch.entry, ch, ch.date));
  }
  out.sort(
    (a, b) =>
      a.grade - b.grade ||
      a.className.localeCompare(b.className, "ru") ||
      a.number - b.number ||
      (a.subgroupName ?? "").localeCompare(b.subgroupName ?? "", "ru"),
  );
  return out;
}

/** The teacher who actually gives the lesson. */
export function givenBy(l: Pick<DayLesson, "teacherId" | "substituteId">): number {
  return l.substituteId ?? l.teacherId;
}
