/**
 * Which lessons the timetable asks for (pure planning and matching, no writes):
 * every weekly entry on each school day of its validity, with the one-date
 * changes applied (cancelled, moved, substitute, room), and the matching of
 * planned lessons to the lessons that already exist.
 */
import type { Db } from "../../lib/db.ts";
import { addDays, isoDate } from "../../lib/dates.ts";
import { loadCalendar } from "./calendar.ts";
import { isoWeekday } from "./schedule.common.ts";

export interface PlannedLesson {
  entryId: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherId: number;
  roomId: number | null;
  /** A SUBSTITUTE change's teacher; undefined leaves the lesson's substitute as it is. */
  substituteId: number | null | undefined;
  date: Date;
  number: number;
  /** For a lesson moved to another date: the date the weekly timetable had it on. */
  fromDate?: Date;
}

export interface ExistingLesson {
  id: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherId: number;
  substituteId: number | null;
  roomId: number | null;
  date: Date;
  number: number | null;
  timetableEntryId: number | null;
}

const t = (d: Date) => d.getTime();
const maxDate = (...ds: Date[]) => new Date(Math.max(...ds.map(t)));
const minDate = (...ds: Date[]) => new Date(Math.min(...ds.map(t)));

/** Lessons the timetable plans for the classes (all of the year when omitted) with dates in [from, to]. */
export async function planLessons(db: Db, schoolId: number, yearId: number, from: Date, to: Date, classIds?: readonly number[]) {
  const year = await db.academicYear.findFirst({ where: { id: yearId, schoolId }, select: { startDate: true, endDate: true } });
  const classes = await db.schoolClass.findMany({
    where: { schoolId, yearId, ...(classIds ? { id: { in: [...classIds] } } : {}) },
    select: { id: true, grade: true },
  });
  const planned: PlannedLesson[] = [];
  if (!year || !classes.length) return { planned, classIds: classes.map((c) => c.id) };
  from = maxDate(from, year.startDate);
  to = minDate(to, year.endDate);
  const ids = classes.map((c) => c.id);
  const grade = new Map(classes.map((c) => [c.id, c.grade]));
  const cal = await loadCalendar(db, schoolId, yearId);
  const entries = await db.timetableEntry.findMany({
    where: { schoolId, yearId, classId: { in: ids } },
    select: {
      id: true,
      classId: true,
      subgroupId: true,
      subjectId: true,
      teacherId: true,
      roomId: true,
      weekday: true,
      number: true,
      validFrom: true,
      validTo: true,
    },
  });
  const changes = await db.timetableChange.findMany({
    where: { schoolId, entry: { yearId, classId: { in: ids } } },
    select: { entryId: true, date: true, kind: true, substituteId: true, roomId: true, newDate: true, newNumber: true },
  });
  const changeOf = new Map(changes.map((c) => [`${c.entryId}|${isoDate(c.date)}`, c]));
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const inRange = (d: Date) => t(d) >= t(from) && t(d) <= t(to);

  const emit = (e: (typeof entries)[number], d: Date) => {
    const ch = changeOf.get(`${e.id}|${isoDate(d)}`);
    if (ch?.kind === "CANCEL") return;
    const date = ch?.kind === "MOVE" ? (ch.newDate ?? d) : d;
    const number = ch?.kind === "MOVE" ? (ch.newNumber ?? e.number) : e.number;
    if (!inRange(date)) return;
    planned.push({
      entryId: e.id,
      classId: e.classId,
      subgroupId: e.subgroupId,
      subjectId: e.subjectId,
      teacherId: e.teacherId,
      roomId: ch?.kind === "ROOM" ? ch.roomId : e.roomId,
      substituteId: ch?.kind === "SUBSTITUTE" ? ch.substituteId : undefined,
      date,
      number,
      ...(date.getTime() !== d.getTime() ? { fromDate: d } : {}),
    });
  };
  const isLessonDay = (e: (typeof entries)[number], d: Date) =>
    isoWeekday(d) === e.weekday &&
    t(d) >= t(e.validFrom) &&
    (e.validTo === null || t(d) <= t(e.validTo)) &&
    cal.isSchoolDay(grade.get(e.classId)!, d) &&
    t(d) >= t(year.startDate) &&
    t(d) <= t(year.endDate);

  for (const e of entries) {
    const start = maxDate(from, e.validFrom);
    const end = e.validTo ? minDate(to, e.validTo) : to;
    for (let d = addDays(start, (e.weekday - isoWeekday(start) + 7) % 7); t(d) <= t(end); d = addDays(d, 7)) {
      if (cal.isSchoolDay(grade.get(e.classId)!, d)) emit(e, d);
    }
  }
  // Lessons moved into the range from a date outside it.
  for (const ch of changes) {
    if (ch.kind !== "MOVE" || inRange(ch.date)) continue;
    const e = entryById.get(ch.entryId)!;
    if (isLessonDay(e, ch.date)) emit(e, ch.date);
  }
  return { planned, classIds: ids };
}

/**
 * Matches planned lessons to existing ones: first the same entry, date and
 * number; then the same entry and date; then the same class, subgroup,
 * subject and date (a lesson made by hand, or by an entry since replaced).
 * Returns what to update, what to insert and which existing lessons the
 * timetable no longer asks for (orphans).
 */
export function reconcile(existing: readonly ExistingLesson[], planned: readonly PlannedLesson[]) {
  const byEntry = new Map<string, ExistingLesson[]>();
  const byLoose = new Map<string, ExistingLesson[]>();
  const push = (m: Map<string, ExistingLesson[]>, k: string, l: ExistingLesson) => {
    const list = m.get(k);
    if (list) list.push(l);
    else m.set(k, [l]);
  };
  for (const l of existing) {
    if (l.timetableEntryId !== null) push(byEntry, `${l.timetableEntryId}|${isoDate(l.date)}`, l);
    push(byLoose, `${l.classId}|${l.subgroupId ?? 0}|${l.subjectId}|${isoDate(l.date)}`, l);
  }
  const used = new Set<number>();
  const matchOf = new Map<PlannedLesson, ExistingLesson>();
  const pass = (key: (p: PlannedLesson) => string, map: Map<string, ExistingLesson[]>, sameNumber: boolean) => {
    for (const p of planned) {
      if (matchOf.has(p)) continue;
      const hit = (map.get(key(p)) ?? []).find((l) => !used.has(l.id) && (!sameNumber || l.number === p.number));
      if (hit) {
        used.add(hit.id);
        matchOf.set(p, hit);
      }
    }
  };
  const entryKey = (p: PlannedLesson) => `${p.entryId}|${isoDate(p.date)}`;
  const looseKey = (p: PlannedLesson) => `${p.classId}|${p.subgroupId ?? 0}|${p.subjectId}|${isoDate(p.date)}`;
  pass(entryKey, byEntry, true);
  pass(entryKey, byEntry, false);
  // A lesson moved to another date keeps its row (and whatever was entered in it).
  pass((p) => (p.fromDate ? `${p.entryId}|${isoDate(p.fromDate)}` : ""), byEntry, false);
  pass(looseKey, byLoose, true);
  pass(looseKey, byLoose, false);

  const updates: { id: number; p: PlannedLesson }[] = [];
  const inserts: PlannedLesson[] = [];
  for (const p of planned) {
    const l = matchOf.get(p);
    if (!l) {
      inserts.push(p);
      continue;
    }
    const changed =
      l.date.getTime() !== p.date.getTime() ||
      l.number !== p.number ||
      l.teacherId !== p.teacherId ||
      l.roomId !== p.roomId ||
      l.timetableEntryId !== p.entryId ||
      (p.substituteId !== undefined && l.substituteId !== p.substituteId);
    if (changed) updates.push({ id: l.id, p });
  }
  const orphans = existing.filter((l) => !used.has(l.id));
  return { updates, inserts, orphans };
}
