/**
 * Shared pieces of the setup module: years (choice and write lock), teacher
 * lists, date-range filters and in-memory paging of small catalogues.
 */
import type { Request } from "express";
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { parseIsoDate, today } from "../../lib/dates.ts";
import { compareNames, compareText, fullName, shortName, searchForm } from "../../lib/names.ts";
import { listQuery, type FieldErrors } from "../../lib/validation.ts";
import { assertYearWritable } from "./setup.policy.ts";

export const PAGE_SIZE = 25;

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

/** One page of an already filtered and sorted list; a page past the end shows the last one. */
export function pageOf<T>(all: T[], page: number): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  return { items: all.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE), page: p, pages, total: all.length };
}

/** Case-insensitive "contains" for search boxes (ё matches е). */
export function matches(q: string, ...texts: (string | null | undefined)[]): boolean {
  if (!q) return true;
  const needle = searchForm(q);
  return texts.some((t) => !!t && searchForm(t).includes(needle));
}

export function listParams(req: Request): { q: string; page: number } {
  return listQuery.parse(req.query);
}

/** ?date= of a page: a valid day, else today (bad: something unreadable was given). */
export function dateParam(req: Request): { date: Date; bad: boolean } {
  const raw = typeof req.query.date === "string" ? req.query.date.trim() : "";
  const parsed = raw ? parseIsoDate(raw) : null;
  return { date: parsed ?? today(), bad: !!raw && !parsed };
}

/** Memberships (class or subgroup) that cover the given day. */
export function activeOn(date: Date) {
  return { fromDate: { lte: date }, OR: [{ toDate: null }, { toDate: { gte: date } }] };
}

/** Throws ValidationError when any field has a message. */
export function throwIfErrors(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** True for Prisma's unique-constraint violation (a concurrent insert won the race). */
export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === "P2002";
}

// ---------------------------------------------------------------- years

export interface YearRow {
  id: number;
  name: string;
  status: string;
  startDate: Date;
  endDate: Date;
}

export async function schoolYears(actor: Actor): Promise<YearRow[]> {
  return prisma.academicYear.findMany({
    where: { schoolId: actor.schoolId },
    orderBy: { startDate: "desc" },
    select: { id: true, name: true, status: true, startDate: true, endDate: true },
  });
}

/**
 * The year a page shows: the one asked for (404 when it is not this school's),
 * else the current one, else the latest. Null when the school has no years.
 */
export async function chooseYear(actor: Actor, yearId: number | null): Promise<{ year: YearRow | null; years: YearRow[] }> {
  const years = await schoolYears(actor);
  if (yearId !== null) {
    const year = years.find((y) => y.id === yearId);
    if (!year) throw new NotFound();
    return { year, years };
  }
  return { year: years.find((y) => y.status === "CURRENT") ?? years[0] ?? null, years };
}

/**
 * Inside a transaction: locks the year's row (so concurrent setup writes of one
 * year run one after another and see each other's rows), 404 when it is not
 * this school's, 423 when it is closed (R-YR-1).
 */
export async function lockWritableYear(tx: Db, schoolId: number, yearId: number): Promise<YearRow> {
  const rows = await tx.$queryRaw<YearRow[]>`
    SELECT "id", "name", "status"::text AS "status", "startDate", "endDate"
    FROM "AcademicYear" WHERE "id" = ${yearId} AND "schoolId" = ${schoolId} FOR NO KEY UPDATE`;
  const year = rows[0];
  if (!year) throw new NotFound();
  assertYearWritable(year);
  return year;
}

// ---------------------------------------------------------------- teachers

/** Staff persons of the school with the TEACHER role who are not dismissed. */
function teacherWhere(schoolId: number) {
  return {
    schoolId,
    staff: { is: { OR: [{ dismissedAt: null }, { dismissedAt: { gt: today() } }] } },
    user: { is: { roles: { some: { role: "TEACHER" as const } } } },
  };
}

export interface PersonOption {
  id: number;
  name: string;
  short: string;
}

/** Teachers for a select, in Russian alphabetical order. */
export async function teacherOptions(db: Db, schoolId: number): Promise<PersonOption[]> {
  const persons = await db.person.findMany({ where: teacherWhere(schoolId), select: { id: true, lastName: true, firstName: true, middleName: true } });
  persons.sort(compareNames);
  return persons.map((p) => ({ id: p.id, name: fullName(p), short: shortName(p) }));
}

/** The teacher person, or null when the id is not a teacher of this school. */
export async function findTeacher(db: Db, schoolId: number, personId: number) {
  return db.person.findFirst({ where: { id: personId, ...teacherWhere(schoolId) } });
}

// ---------------------------------------------------------------- ordering

export function compareClasses(a: { grade: number; letter: string }, b: { grade: number; letter: string }): number {
  return a.grade - b.grade || compareText(a.letter, b.letter);
}

export function compareSubjects(a: { sortOrder: number; name: string }, b: { sortOrder: number; name: string }): number {
  return a.sortOrder - b.sortOrder || compareText(a.name, b.name);
}
