/**
 * Academic years (R-YR-1, R-PLN-4): what other modules ask about the school calendar
 * (the current year, the periods and holidays of a grade), and the year list itself:
 * create, edit, make current. A closed year is read-only (R-JRN-5).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { isoDate, within } from "../../lib/dates.ts";
import { Conflict, NotFound, ValidationError } from "../../lib/errors.ts";
import type { AcademicYear, Holiday, StudyPeriod } from "../../generated/prisma/client.ts";
import type { PeriodKind } from "../../generated/prisma/enums.ts";
import { assertYearWritable } from "./years.policy.ts";
import { MSG, periodName } from "./years.messages.ts";
import type { YearInput } from "./years.schemas.ts";

export { assertYearWritable, isYearWritable } from "./years.policy.ts";
export { periodName } from "./years.messages.ts";

/** A study period with its kind and Russian name («2-я четверть»). */
export type GradePeriod = StudyPeriod & { kind: PeriodKind; name: string };

/** R-YR-1: the school's CURRENT year (at most one per school), or null. */
export async function currentYear(schoolId: number): Promise<AcademicYear | null> {
  return prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } });
}

/** R-PLN-4: the periods of the set covering `grade` in the year, ordered by number ([] when no set covers it). The caller scopes yearId to the school. */
export async function periodsForGrade(yearId: number, grade: number): Promise<GradePeriod[]> {
  const set = await prisma.periodSet.findFirst({
    where: { yearId, gradeFrom: { lte: grade }, gradeTo: { gte: grade } },
    include: { periods: { orderBy: { number: "asc" } } },
  });
  if (!set) return [];
  return set.periods.map((p) => ({ ...p, kind: set.kind, name: periodName(set.kind, p.number) }));
}

/** R-PLN-4: the period of `grade` that contains `date` (a UTC-midnight day), or null (holidays between periods, outside the year). */
export async function periodContaining(yearId: number, grade: number, date: Date): Promise<GradePeriod | null> {
  const periods = await periodsForGrade(yearId, grade);
  return periods.find((p) => within(date, p.startDate, p.endDate)) ?? null;
}

/** R-PLN-4: the holidays of the year that apply to `grade` (school-wide ones and those whose grade range covers it), by start date. */
export async function holidaysFor(yearId: number, grade: number): Promise<Holiday[]> {
  return prisma.holiday.findMany({
    where: { yearId, OR: [{ gradeFrom: null }, { gradeFrom: { lte: grade }, gradeTo: { gte: grade } }] },
    orderBy: [{ startDate: "asc" }, { id: "asc" }],
  });
}

/** The school's years, newest first. */
export async function yearsOf(schoolId: number): Promise<AcademicYear[]> {
  return prisma.academicYear.findMany({ where: { schoolId }, orderBy: [{ startDate: "desc" }, { id: "desc" }] });
}

/** A year of the school; NotFound (404) for an unknown id or another school's year. */
export async function findYear(schoolId: number, id: number): Promise<AcademicYear> {
  const year = await prisma.academicYear.findFirst({ where: { id, schoolId } });
  if (!year) throw new NotFound("Учебный год не найден");
  return year;
}

/** A year that may be changed: NotFound for other schools' ids, Locked (423) when closed (R-YR-1). */
export async function findWritableYear(schoolId: number, id: number): Promise<AcademicYear> {
  const year = await findYear(schoolId, id);
  assertYearWritable(year);
  return year;
}

/**
 * Inside a transaction: locks the year's row (so concurrent calendar changes of one
 * year run one after another), re-reads it and asserts it is writable (R-YR-1).
 */
export async function lockWritableYear(tx: Db, schoolId: number, id: number): Promise<AcademicYear> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "AcademicYear" WHERE id = ${id} AND "schoolId" = ${schoolId} FOR UPDATE`;
  if (!rows.length) throw new NotFound("Учебный год не найден");
  const year = await tx.academicYear.findUniqueOrThrow({ where: { id } });
  assertYearWritable(year);
  return year;
}

const snapshot = (y: { name: string; startDate: Date; endDate: Date; status?: string }) => ({
  name: y.name,
  startDate: isoDate(y.startDate),
  endDate: isoDate(y.endDate),
  ...(y.status ? { status: y.status } : {}),
});

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === "P2002";
}

/** Creates a DRAFT year; ValidationError when the name is taken. */
export async function createYear(actor: Actor, input: YearInput): Promise<AcademicYear> {
  try {
    return await prisma.$transaction(async (tx) => {
      const year = await tx.academicYear.create({ data: { schoolId: actor.schoolId, ...input, status: "DRAFT" } });
      await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "year", entityId: year.id, action: "create", newValue: snapshot(year) });
      return year;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: MSG.nameTaken });
    throw e;
  }
}

/**
 * Changes the name and dates of a DRAFT or CURRENT year (Locked when closed, R-YR-1).
 * The year must still contain its periods and holidays (R-PLN-4): ValidationError otherwise.
 */
export async function updateYear(actor: Actor, id: number, input: YearInput): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      const year = await lockWritableYear(tx, actor.schoolId, id);
      const [periods, holidays] = await Promise.all([
        tx.studyPeriod.findMany({ where: { yearId: id }, include: { periodSet: true }, orderBy: { startDate: "asc" } }),
        tx.holiday.findMany({ where: { yearId: id }, orderBy: { startDate: "asc" } }),
      ]);
      const outside = (r: { startDate: Date; endDate: Date }) => r.startDate < input.startDate || r.endDate > input.endDate;
      const p = periods.find(outside);
      const h = holidays.find(outside);
      const what = p ? `Период «${periodName(p.periodSet.kind, p.number)}»` : h ? `Каникулы «${h.name}»` : null;
      const item = p ?? h;
      if (what && item) {
        const field = item.startDate < input.startDate ? "startDate" : "endDate";
        throw new ValidationError({ [field]: MSG.outsideNewDates(what, item.startDate, item.endDate) });
      }
      await tx.academicYear.update({ where: { id }, data: input });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "year",
        entityId: id,
        action: "update",
        oldValue: snapshot(year),
        newValue: snapshot(input),
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: MSG.nameTaken });
    throw e;
  }
}

/**
 * R-YR-1: makes a DRAFT year the CURRENT one. Conflict (409) while another year is
 * current (closing it is a separate operation) or when the year is not a draft;
 * Locked when closed.
 */
export async function makeCurrent(actor: Actor, id: number): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      const year = await lockWritableYear(tx, actor.schoolId, id);
      if (year.status !== "DRAFT") throw new Conflict(MSG.onlyDraftToCurrent);
      const current = await tx.academicYear.findFirst({ where: { schoolId: actor.schoolId, status: "CURRENT", id: { not: id } } });
      if (current) throw new Conflict(MSG.anotherCurrent(current.name));
      await tx.academicYear.update({ where: { id }, data: { status: "CURRENT" } });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "year",
        entityId: id,
        action: "make-current",
        oldValue: { status: year.status },
        newValue: { status: "CURRENT" },
      });
    });
  } catch (e) {
    // The partial unique index (one CURRENT per school) caught a concurrent change.
    if (isUniqueViolation(e)) {
      const current = await currentYear(actor.schoolId);
      throw new Conflict(MSG.anotherCurrent(current?.name ?? ""));
    }
    throw e;
  }
}
