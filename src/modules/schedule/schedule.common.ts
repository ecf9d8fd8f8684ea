/**
 * Shared pieces of the timetable module: the year a page works in, lookups
 * scoped to the actor's school (a foreign id is a 404), weekdays, and the
 * per-year write lock that serialises timetable edits.
 */
import type { Request } from "express";
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { Locked, NotFound } from "../../lib/errors.ts";
import { addDays, parseIsoDate, today } from "../../lib/dates.ts";
import { queryText } from "../../lib/http.ts";
import { TEXT } from "./schedule.text.ts";

export interface YearRow {
  id: number;
  name: string;
  status: string;
  startDate: Date;
  endDate: Date;
}

/** 1 (Monday) … 7 (Sunday). */
export function isoWeekday(date: Date): number {
  return date.getUTCDay() || 7;
}

/** The Monday of the date's week. */
export function mondayOf(date: Date): Date {
  return addDays(date, 1 - isoWeekday(date));
}

/** The date of a weekday (1..7) in the week of `monday`. */
export function dateOfWeekday(monday: Date, weekday: number): Date {
  return addDays(monday, weekday - 1);
}

/** Inclusive ranges [aFrom, aTo] and [bFrom, bTo] share a day; a null end is open. */
export function rangesOverlap(aFrom: Date, aTo: Date | null, bFrom: Date, bTo: Date | null): boolean {
  return (bTo === null || aFrom.getTime() <= bTo.getTime()) && (aTo === null || bFrom.getTime() <= aTo.getTime());
}

/** The school's current year, else the latest one; null when the school has none. */
export async function scheduleYear(schoolId: number, db: Db = prisma): Promise<YearRow | null> {
  const years = await db.academicYear.findMany({
    where: { schoolId },
    orderBy: { startDate: "desc" },
    select: { id: true, name: true, status: true, startDate: true, endDate: true },
  });
  return years.find((y) => y.status === "CURRENT") ?? years[0] ?? null;
}

/** The year that holds the date (or the current one): for ?date= pages. */
export async function yearOfDate(schoolId: number, date: Date, db: Db = prisma): Promise<YearRow | null> {
  const y = await db.academicYear.findFirst({
    where: { schoolId, startDate: { lte: date }, endDate: { gte: date } },
    select: { id: true, name: true, status: true, startDate: true, endDate: true },
  });
  return y ?? scheduleYear(schoolId, db);
}

/**
 * Inside a transaction: locks the year's row so concurrent timetable writes of
 * one year run one after another (the conflict checks then see each other's
 * rows); 404 for another school's year, 423 for a closed one (R-YR-1).
 */
export async function lockYear(tx: Db, schoolId: number, yearId: number): Promise<YearRow> {
  const rows = await tx.$queryRaw<YearRow[]>`
    SELECT "id", "name", "status"::text AS "status", "startDate", "endDate"
    FROM "AcademicYear" WHERE "id" = ${yearId} AND "schoolId" = ${schoolId} FOR NO KEY UPDATE`;
  const year = rows[0];
  if (!year) throw new NotFound();
  if (year.status === "CLOSED") throw new Locked(TEXT.yearClosed);
  return year;
}

/** A class of the actor's school (any year), or NotFound. */
export async function getClass(actor: Actor, classId: number, db: Db = prisma) {
  const cls = await db.schoolClass.findFirst({
    where: { id: classId, schoolId: actor.schoolId },
    select: { id: true, grade: true, letter: true, yearId: true, bellScheduleId: true, homeRoomId: true },
  });
  if (!cls) throw new NotFound();
  return cls;
}

/** ?date= of a page: a valid day, else today. */
export function dateParam(req: Request, name = "date"): Date {
  const raw = queryText(req, name);
  return (raw && parseIsoDate(raw)) || today();
}
