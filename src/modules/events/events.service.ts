/**
 * Events and the calendar (issue 18): what a reader's audience includes, expanded into the
 * occurrences of a range (events.recurrence.ts). Exports for other modules: upcomingEvents() for
 * the home pages' «Ближайшие события», studentWeekEvents() for the diary's week, feedEvents() for
 * the iCalendar feed and viewerOf(). Writes are in events.write.ts.
 *
 * The viewer's classes are one statement; the range's events one more, filtered by the audience
 * rule (events.policy.ts inAudience) in memory: a school has a few hundred events a year.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { addDays, isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className } from "../../lib/names.ts";
import type { SchoolEvent, StoredFile } from "../../generated/prisma/client.ts";
import { canChange, inAudience, isStaff, managesAll, type Viewer } from "./events.policy.ts";
import { occurrenceDays, ruleParts } from "./events.recurrence.ts";

export { weeklyRule } from "./events.recurrence.ts";
import { AUDIENCE_NAMES, UPCOMING_DAYS, WEEKDAYS } from "./events.text.ts";

interface ClassRow {
  kind: "staff" | "child" | "own";
  id: number;
  grade: number;
}

/** The classes of the current year that put the actor in an audience, read in one statement. */
async function viewerClasses(actor: Actor, day: Date): Promise<ClassRow[]> {
  const staff = isStaff(actor);
  const children = actor.roles.has("PARENT") ? [...actor.childStudentIds] : [];
  const own = actor.roles.has("STUDENT") && actor.studentId !== null ? [actor.studentId] : [];
  if (!staff && !children.length && !own.length) return [];
  return prisma.$queryRaw<ClassRow[]>`
    SELECT 'staff' AS kind, c.id, c.grade FROM "SchoolClass" c
     WHERE ${staff} AND c."schoolId" = ${actor.schoolId} AND c."yearId" = ${actor.currentYearId ?? 0}
       AND (c.id = ANY(${[...actor.ledClassIds]}::int[])
            OR EXISTS (SELECT 1 FROM "TeachingLoad" t WHERE t."classId" = c.id AND t."teacherId" = ${actor.personId} AND t."yearId" = c."yearId"))
    UNION ALL
    SELECT CASE WHEN m."studentId" = ANY(${children}::int[]) THEN 'child' ELSE 'own' END, c.id, c.grade
      FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
     WHERE m."studentId" = ANY(${[...children, ...own]}::int[]) AND m."schoolId" = ${actor.schoolId}
       AND m."fromDate" <= ${day}::date AND (m."toDate" IS NULL OR m."toDate" >= ${day}::date)`;
}

function viewerFrom(actor: Actor, rows: ClassRow[], staff: boolean): Viewer {
  const of = (kind: ClassRow["kind"]) => rows.filter((r) => r.kind === kind);
  return {
    schoolId: actor.schoolId,
    userId: actor.userId,
    seesAll: managesAll(actor),
    staff,
    staffClassIds: of("staff").map((r) => r.id),
    staffGrades: [...new Set(of("staff").map((r) => r.grade))],
    parent: actor.roles.has("PARENT"),
    childClassIds: of("child").map((r) => r.id),
    childGrades: [...new Set(of("child").map((r) => r.grade))],
    student: actor.roles.has("STUDENT"),
    ownClassIds: of("own").map((r) => r.id),
    ownGrades: [...new Set(of("own").map((r) => r.grade))],
  };
}

/** The actor as a viewer of the calendar (their audiences today). */
export async function viewerOf(actor: Actor): Promise<Viewer> {
  return viewerFrom(actor, await viewerClasses(actor, today()), isStaff(actor));
}

/** One occurrence of an event, as the calendar, the diary and the feed show it. */
export interface Occurrence {
  id: number;
  title: string;
  description: string;
  place: string;
  /** Start and last day of this occurrence. */
  date: Date;
  endDate: Date;
  startMinute: number | null;
  endMinute: number | null;
  allDay: boolean;
  recurring: boolean;
  /** «08:00–08:45», «весь день». */
  time: string;
  audience: string;
  /** Updated at (the feed's DTSTAMP and change tracking). */
  updatedAt: Date;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

export function timeText(e: { startMinute: number | null; endMinute: number | null }): string {
  if (e.startMinute === null) return "весь день";
  return e.endMinute !== null ? `${hhmm(e.startMinute)}–${hhmm(e.endMinute)}` : hhmm(e.startMinute);
}

/** The events of the school whose occurrences may fall in [from, to]. */
function eventsInRange(schoolId: number, from: Date, to: Date): Promise<SchoolEvent[]> {
  return prisma.schoolEvent.findMany({
    where: { schoolId, startDate: { lte: to }, OR: [{ endDate: { gte: from } }, { rrule: { not: null }, untilDate: { gte: from } }] },
    orderBy: [{ startDate: "asc" }, { id: "asc" }],
  });
}

function expand(events: SchoolEvent[], from: Date, to: Date, classNames: Map<number, string>): Occurrence[] {
  const out: Occurrence[] = [];
  for (const e of events) {
    const length = e.endDate.getTime() - e.startDate.getTime();
    for (const d of occurrenceDays(e, from, to))
      out.push({
        id: e.id,
        title: e.title,
        description: e.description,
        place: e.place,
        date: d,
        endDate: new Date(d.getTime() + length),
        startMinute: e.startMinute,
        endMinute: e.endMinute,
        allDay: e.startMinute === null,
        recurring: e.rrule !== null,
        time: timeText(e),
        audience: audienceText(e, classNames),
        updatedAt: e.updatedAt,
      });
  }
  return out.sort((a, b) => a.date.getTime() - b.date.getTime() || (a.startMinute ?? -1) - (b.startMinute ?? -1) || a.id - b.id);
}

/** «Классы: 7А, 7Б», «Параллели: 1–4», «Вся школа». */
export function audienceText(e: Pick<SchoolEvent, "audience" | "grades" | "classIds">, classNames: Map<number, string>): string {
  const classes = e.classIds.map((id) => classNames.get(id) ?? "").filter(Boolean);
  if (e.audience === "GRADES") return `${AUDIENCE_NAMES.GRADES}: ${e.grades.join(", ")}`;
  if (e.audience === "CLASSES") return `${AUDIENCE_NAMES.CLASSES}: ${classes.join(", ")}`;
  if (e.audience === "PARENTS" && classes.length) return `Родители: ${classes.join(", ")}`;
  return AUDIENCE_NAMES[e.audience];
}

async function classNamesOf(events: readonly Pick<SchoolEvent, "classIds">[]): Promise<Map<number, string>> {
  const ids = [...new Set(events.flatMap((e) => e.classIds))];
  if (!ids.length) return new Map();
  const rows = await prisma.schoolClass.findMany({ where: { id: { in: ids } }, select: { id: true, grade: true, letter: true } });
  return new Map(rows.map((c) => [c.id, className(c)]));
}

/** The occurrences in [from, to] (days, inclusive) of the events the viewer is in the audience of. */
export async function occurrencesFor(viewer: Viewer, from: Date, to: Date): Promise<Occurrence[]> {
  const events = (await eventsInRange(viewer.schoolId, from, to)).filter((e) => inAudience(viewer, e));
  return expand(events, from, to, await classNamesOf(events));
}

/** «Ближайшие события» of the home pages: the next UPCOMING_DAYS days, today included. */
export async function upcomingEvents(actor: Actor): Promise<Occurrence[]> {
  const from = today();
  return occurrencesFor(await viewerOf(actor), from, addDays(from, UPCOMING_DAYS - 1));
}

/**
 * The events of a diary week for a student the actor may see (the caller has checked that with the
 * diary's policy): those for the student's class that week, and for a parent also the
 * parents-only ones of it. The student's classes are those of the week's Monday.
 */
export async function studentWeekEvents(actor: Actor, studentId: number, monday: Date, saturday: Date): Promise<Occurrence[]> {
  const rows = await prisma.$queryRaw<{ id: number; grade: number }[]>`
    SELECT c.id, c.grade FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
     WHERE m."studentId" = ${studentId} AND m."schoolId" = ${actor.schoolId}
       AND m."fromDate" <= ${saturday}::date AND (m."toDate" IS NULL OR m."toDate" >= ${monday}::date)`;
  const classIds = rows.map((r) => r.id);
  const grades = [...new Set(rows.map((r) => r.grade))];
  const parent = actor.roles.has("PARENT") && actor.childStudentIds.includes(studentId);
  const viewer: Viewer = {
    schoolId: actor.schoolId,
    userId: actor.userId,
    seesAll: false,
    staff: false,
    staffClassIds: [],
    staffGrades: [],
    parent,
    childClassIds: parent ? classIds : [],
    childGrades: parent ? grades : [],
    student: true,
    ownClassIds: classIds,
    ownGrades: grades,
  };
  return occurrencesFor(viewer, monday, saturday);
}

/** An event as its page shows it. */
export interface EventPage {
  event: SchoolEvent & { file: Pick<StoredFile, "id" | "name" | "mime" | "size"> | null };
  audience: string;
  time: string;
  repeat: { weekdays: string; until: Date | null } | null;
  /** The next occurrences (recurring events), with the cancelled ones marked. */
  upcoming: { date: Date; cancelled: boolean }[];
  canEdit: boolean;
  canDelete: boolean;
}

/** An event the actor is in the audience of; NotFound otherwise (another school's or a guessed id). */
export async function openEvent(actor: Actor, id: number): Promise<EventPage> {
  const event = await prisma.schoolEvent.findFirst({
    where: { id, schoolId: actor.schoolId },
    include: { file: { select: { id: true, name: true, mime: true, size: true } } },
  });
  if (!event || !inAudience(await viewerOf(actor), event)) throw new NotFound();
  const names = await classNamesOf([event]);
  let repeat: EventPage["repeat"] = null;
  let upcoming: EventPage["upcoming"] = [];
  if (event.rrule) {
    const parts = ruleParts(event.rrule);
    repeat = {
      weekdays: WEEKDAYS.filter((w) => parts.weekdays.includes(w.code))
        .map((w) => w.name)
        .join(", "),
      until: parts.until,
    };
    const from = event.startDate > today() ? event.startDate : today();
    const to = addDays(from, 62);
    const active = occurrenceDays(event, from, to).map((d) => ({ date: d, cancelled: false }));
    const cancelled = event.exdates.filter((d) => d >= from && d <= to).map((d) => ({ date: d, cancelled: true }));
    upcoming = [...active, ...cancelled].sort((a, b) => a.date.getTime() - b.date.getTime());
  }
  return {
    event,
    audience: audienceText(event, names),
    time: timeText(event),
    repeat,
    upcoming,
    canEdit: canChange(actor, "update", event),
    canDelete: canChange(actor, "delete", event),
  };
}

/** The attachment of an event the actor sees; null otherwise (the route answers 404). */
export async function eventFile(actor: Actor, id: number, fileId: number): Promise<StoredFile | null> {
  const event = await prisma.schoolEvent.findFirst({ where: { id, schoolId: actor.schoolId, fileId }, include: { file: true } });
  if (!event?.file || event.file.schoolId !== actor.schoolId || !inAudience(await viewerOf(actor), event)) return null;
  return event.file;
}

/** The month grid of the calendar: weeks Monday to Sunday, each day with its occurrences. */
export interface MonthGrid {
  month: string;
  prev: string;
  next: string;
  year: number;
  monthIndex: number;
  weeks: { date: Date; iso: string; inMonth: boolean; isToday: boolean; events: Occurrence[] }[][];
  /** The month's occurrences in order (the list for narrow screens and screen readers). */
  list: Occurrence[];
}

/** The calendar's month (?month=YYYY-MM, default the current one) of the actor's audience. */
export async function monthGrid(actor: Actor, month: string | undefined): Promise<MonthGrid> {
  const now = today();
  const [y, m] = month ? month.split("-").map(Number) : [now.getUTCFullYear(), now.getUTCMonth() + 1];
  const first = new Date(Date.UTC(y!, m! - 1, 1));
  const last = new Date(Date.UTC(y!, m, 0));
  const gridStart = addDays(first, -((first.getUTCDay() + 6) % 7));
  const gridEnd = addDays(last, 6 - ((last.getUTCDay() + 6) % 7));
  const list = await occurrencesFor(await viewerOf(actor), gridStart, gridEnd);
  const weeks: MonthGrid["weeks"] = [];
  for (let d = gridStart; d <= gridEnd; d = addDays(d, 1)) {
    if ((d.getUTCDay() + 6) % 7 === 0) weeks.push([]);
    weeks[weeks.length - 1]!.push({
      date: d,
      iso: isoDate(d),
      inMonth: d.getUTCMonth() === first.getUTCMonth(),
      isToday: d.getTime() === now.getTime(),
      events: list.filter((o) => o.date <= d && o.endDate >= d),
    });
  }
  const monthOf = (d: Date) => isoDate(d).slice(0, 7);
  return {
    month: monthOf(first),
    prev: monthOf(new Date(Date.UTC(y!, m! - 2, 1))),
    next: monthOf(new Date(Date.UTC(y!, m, 1))),
    year: y!,
    monthIndex: m! - 1,
    weeks,
    list: list.filter((o) => o.endDate >= first && o.date <= last),
  };
}
