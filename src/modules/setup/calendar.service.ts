/**
 * A year's calendar (R-PLN-4): period systems (PeriodSet), their periods and the
 * holidays. Every write runs in one transaction that locks the year's row, refuses a
 * closed year (Locked, R-YR-1) and refuses to move or remove a period that already
 * has final marks (Locked; the final-marks module relies on this).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { Locked, NotFound, ValidationError } from "../../lib/errors.ts";
import type { AcademicYear } from "../../generated/prisma/client.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { lockWritableYear, findYear } from "./years.service.ts";
import { KIND_NAMES, MSG, PERIOD_COUNT, gradeRange, periodName, periodsGenitive } from "./years.messages.ts";
import { checkInsideYear, checkPeriod, checkSetGrades, standardPeriods, uncoveredGrades } from "./years.rules.ts";
import type { HolidayInput, PeriodInput, SetInput } from "./years.schemas.ts";

function fail(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

const range = (r: { startDate: Date; endDate: Date }) => ({ startDate: isoDate(r.startDate), endDate: isoDate(r.endDate) });

/** Everything the year page shows: sets with periods (and whether each is locked by final marks), holidays, warnings. */
export async function yearCalendar(schoolId: number, yearId: number) {
  const year = await findYear(schoolId, yearId);
  const [sets, holidays] = await Promise.all([
    prisma.periodSet.findMany({
      where: { schoolId, yearId },
      include: { periods: { orderBy: { number: "asc" }, include: { _count: { select: { finalMarks: true } } } } },
      orderBy: [{ gradeFrom: "asc" }, { id: "asc" }],
    }),
    prisma.holiday.findMany({ where: { schoolId, yearId }, orderBy: [{ startDate: "asc" }, { id: "asc" }] }),
  ]);
  const warnings: string[] = [];
  for (const s of sets) {
    if (s.periods.length !== PERIOD_COUNT[s.kind])
      warnings.push(
        `Система «${KIND_NAMES[s.kind]}» (${gradeRange(s.gradeFrom, s.gradeTo)}): задано ${s.periods.length} из ${PERIOD_COUNT[s.kind]} ${periodsGenitive(s.kind)}.`,
      );
  }
  const uncovered = uncoveredGrades(sets);
  for (const [from, to] of uncovered)
    warnings.push(`${from === to ? `${from} класс не входит` : `${from}–${to} классы не входят`} ни в одну систему периодов.`);
  return {
    year,
    sets: sets.map((s) => ({
      ...s,
      kindName: KIND_NAMES[s.kind],
      grades: gradeRange(s.gradeFrom, s.gradeTo),
      locked: s.periods.some((p) => p._count.finalMarks > 0),
      canAddPeriod: s.periods.length < PERIOD_COUNT[s.kind],
      nextNumber: firstFreeNumber(s.kind, s.periods),
      periods: s.periods.map((p) => ({ ...p, name: periodName(s.kind, p.number), locked: p._count.finalMarks > 0 })),
    })),
    holidays: holidays.map((h) => ({ ...h, grades: gradeRange(h.gradeFrom, h.gradeTo) })),
    warnings,
    uncovered,
  };
}

function firstFreeNumber(kind: SetInput["kind"], periods: { number: number }[]): number {
  for (let n = 1; n <= PERIOD_COUNT[kind]; n++) if (!periods.some((p) => p.number === n)) return n;
  return PERIOD_COUNT[kind];
}

/** A set of the school's year, with its periods; NotFound otherwise. `locked` when its periods have final marks (R-PLN-4). */
export async function findSet(schoolId: number, yearId: number, setId: number) {
  const set = await prisma.periodSet.findFirst({
    where: { id: setId, yearId, schoolId },
    include: { periods: { orderBy: { number: "asc" }, include: { _count: { select: { finalMarks: true } } } } },
  });
  if (!set) throw new NotFound("Система периодов не найдена");
  return { ...set, locked: set.periods.some((p) => p._count.finalMarks > 0) };
}

/** A period of the school's year, with its set; NotFound otherwise. `locked` when final marks exist (R-PLN-4). */
export async function findPeriod(schoolId: number, yearId: number, periodId: number) {
  const period = await prisma.studyPeriod.findFirst({
    where: { id: periodId, yearId, schoolId },
    include: { periodSet: true, _count: { select: { finalMarks: true } } },
  });
  if (!period) throw new NotFound("Период не найден");
  return { ...period, name: periodName(period.periodSet.kind, period.number), locked: period._count.finalMarks > 0 };
}

export async function findHoliday(schoolId: number, yearId: number, holidayId: number) {
  const holiday = await prisma.holiday.findFirst({ where: { id: holidayId, yearId, schoolId } });
  if (!holiday) throw new NotFound("Каникулы не найдены");
  return holiday;
}

/**
 * R-PLN-4: year final marks depend on the last period of a set (it ends the year for those
 * grades): once year marks of the set's grades exist, that period is locked too.
 */
async function lastPeriodHasYearMarks(tx: Db, period: { id: number; yearId: number; number: number; periodSetId: number }): Promise<boolean> {
  const set = await tx.periodSet.findUniqueOrThrow({ where: { id: period.periodSetId }, include: { periods: { select: { number: true } } } });
  if (Math.max(...set.periods.map((p) => p.number)) !== period.number) return false;
  const rows = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "FinalMark" f
    WHERE f."yearId" = ${period.yearId} AND f.kind = 'YEAR' AND EXISTS (
      SELECT 1 FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
      WHERE m."studentId" = f."studentId" AND c."yearId" = ${period.yearId} AND c.grade BETWEEN ${set.gradeFrom} AND ${set.gradeTo})`;
  return (rows[0]?.n ?? 0) > 0;
}

/** Locks a set's period rows and tells whether any of them has final marks (R-PLN-4). */
async function setHasFinalMarks(tx: Db, setId: number): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "StudyPeriod" WHERE "periodSetId" = ${setId} FOR UPDATE`;
  if (!rows.length) return false;
  return (await tx.finalMark.count({ where: { periodId: { in: rows.map((r) => r.id) } } })) > 0;
}

async function lockedSet(tx: Db, schoolId: number, yearId: number, setId: number) {
  const set = await tx.periodSet.findFirst({ where: { id: setId, yearId, schoolId }, include: { periods: { orderBy: { number: "asc" } } } });
  if (!set) throw new NotFound("Система периодов не найдена");
  return set;
}

function write<T>(actor: Actor, yearId: number, fn: (tx: Db, year: AcademicYear) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => fn(tx, await lockWritableYear(tx, actor.schoolId, yearId)));
}

const log = (tx: Db, actor: Actor, entity: string, entityId: number, action: string, oldValue?: unknown, newValue?: unknown) =>
  audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity, entityId, action, oldValue, newValue });

/** R-PLN-4: adds a period system; its grade range may not overlap another set of the year. */
export async function createSet(actor: Actor, yearId: number, input: SetInput): Promise<void> {
  await write(actor, yearId, async (tx) => {
    const others = await tx.periodSet.findMany({ where: { yearId } });
    fail(checkSetGrades(others, input));
    const set = await tx.periodSet.create({ data: { schoolId: actor.schoolId, yearId, ...input } });
    await log(tx, actor, "period-set", set.id, "create", undefined, input);
  });
}

/** R-PLN-4: changes kind or grades; Locked once its periods have final marks; the kind must fit the existing period numbers. */
export async function updateSet(actor: Actor, yearId: number, setId: number, input: SetInput): Promise<void> {
  await write(actor, yearId, async (tx) => {
    const set = await lockedSet(tx, actor.schoolId, yearId, setId);
    const changed = set.kind !== input.kind || set.gradeFrom !== input.gradeFrom || set.gradeTo !== input.gradeTo;
    if (!changed) return;
    if (await setHasFinalMarks(tx, setId)) throw new Locked(MSG.finalMarksLockSet);
    const others = await tx.periodSet.findMany({ where: { yearId } });
    const errors = checkSetGrades(others, { ...input, id: setId });
    if (set.periods.some((p) => p.number > PERIOD_COUNT[input.kind])) errors.kind = MSG.kindTooSmall(input.kind);
    fail(errors);
    await tx.periodSet.update({ where: { id: setId }, data: input });
    await log(tx, actor, "period-set", setId, "update", { kind: set.kind, gradeFrom: set.gradeFrom, gradeTo: set.gradeTo }, input);
  });
}

/** Removes a set with its periods; Locked once any of them has final marks (R-PLN-4). */
export async function deleteSet(actor: Actor, yearId: number, setId: number): Promise<void> {
  await write(actor, yearId, async (tx) => {
    const set = await lockedSet(tx, actor.schoolId, yearId, setId);
    if (await setHasFinalMarks(tx, setId)) throw new Locked(MSG.finalMarksLockSet);
    await tx.periodSet.delete({ where: { id: setId } });
    await log(tx, actor, "period-set", setId, "delete", { kind: set.kind, gradeFrom: set.gradeFrom, gradeTo: set.gradeTo, periods: set.periods.map(range) });
  });
}

/**
 * «Заполнить типовыми датами»: replaces the set's periods with the standard ones
 * (years.rules standardPeriods) in one transaction. Locked when final marks exist;
 * ValidationError { _form } when the standard dates do not fit the year.
 */
export async function fillStandardPeriods(actor: Actor, yearId: number, setId: number): Promise<number> {
  return write(actor, yearId, async (tx, year) => {
    const set = await lockedSet(tx, actor.schoolId, yearId, setId);
    if (await setHasFinalMarks(tx, setId)) throw new Locked(MSG.finalMarksLockSet);
    const periods = standardPeriods(set.kind, year);
    if (!periods) throw new ValidationError({ _form: MSG.standardDoesNotFit });
    await tx.studyPeriod.deleteMany({ where: { periodSetId: setId } });
    await tx.studyPeriod.createMany({ data: periods.map((p) => ({ schoolId: actor.schoolId, yearId, periodSetId: setId, ...p })) });
    await log(tx, actor, "period-set", setId, "fill-standard", { periods: set.periods.map(range) }, { periods: periods.map(range) });
    return periods.length;
  });
}

/** R-PLN-4: adds a period to a set: inside the year, ordered by number, not overlapping the set's other periods. */
export async function createPeriod(actor: Actor, yearId: number, setId: number, input: PeriodInput): Promise<void> {
  await write(actor, yearId, async (tx, year) => {
    const set = await lockedSet(tx, actor.schoolId, yearId, setId);
    fail(checkPeriod(year, set.kind, set.periods, input));
    const p = await tx.studyPeriod.create({ data: { schoolId: actor.schoolId, yearId, periodSetId: setId, ...input } });
    await log(tx, actor, "period", p.id, "create", undefined, { number: p.number, ...range(p) });
  });
}

/** R-PLN-4: moves a period's boundaries or number; Locked once it has final marks. */
export async function updatePeriod(actor: Actor, yearId: number, periodId: number, input: PeriodInput): Promise<void> {
  await write(actor, yearId, async (tx, year) => {
    const period = await tx.studyPeriod.findFirst({ where: { id: periodId, yearId, schoolId: actor.schoolId } });
    if (!period) throw new NotFound("Период не найден");
    const set = await lockedSet(tx, actor.schoolId, yearId, period.periodSetId);
    const same = period.number === input.number && +period.startDate === +input.startDate && +period.endDate === +input.endDate;
    if (same) return;
    await tx.$queryRaw`SELECT id FROM "StudyPeriod" WHERE id = ${periodId} FOR UPDATE`;
    if ((await tx.finalMark.count({ where: { periodId } })) > 0) throw new Locked(MSG.finalMarksLock(periodName(set.kind, period.number)));
    if (await lastPeriodHasYearMarks(tx, period)) throw new Locked(MSG.yearMarksLock(periodName(set.kind, period.number)));
    fail(checkPeriod(year, set.kind, set.periods, { ...input, id: periodId }));
    await tx.studyPeriod.update({ where: { id: periodId }, data: input });
    await log(tx, actor, "period", periodId, "update", { number: period.number, ...range(period) }, { number: input.number, ...range(input) });
  });
}

/** Removes a period; Locked once it has final marks (R-PLN-4). */
export async function deletePeriod(actor: Actor, yearId: number, periodId: number): Promise<void> {
  await write(actor, yearId, async (tx) => {
    const period = await tx.studyPeriod.findFirst({ where: { id: periodId, yearId, schoolId: actor.schoolId }, include: { periodSet: true } });
    if (!period) throw new NotFound("Период не найден");
    await tx.$queryRaw`SELECT id FROM "StudyPeriod" WHERE id = ${periodId} FOR UPDATE`;
    if ((await tx.finalMark.count({ where: { periodId } })) > 0) throw new Locked(MSG.finalMarksLock(periodName(period.periodSet.kind, period.number)));
    if (await lastPeriodHasYearMarks(tx, period)) throw new Locked(MSG.yearMarksLock(periodName(period.periodSet.kind, period.number)));
    await tx.studyPeriod.delete({ where: { id: periodId } });
    await log(tx, actor, "period", periodId, "delete", { number: period.number, ...range(period) });
  });
}

const holidaySnapshot = (h: HolidayInput) => ({ name: h.name, ...range(h), gradeFrom: h.gradeFrom, gradeTo: h.gradeTo });

/** R-PLN-4: adds holidays inside the year, for all grades or a grade range. */
export async function createHoliday(actor: Actor, yearId: number, input: HolidayInput): Promise<void> {
  await write(actor, yearId, async (tx, year) => {
    fail(checkInsideYear(year, input));
    const h = await tx.holiday.create({ data: { schoolId: actor.schoolId, yearId, ...input } });
    await log(tx, actor, "holiday", h.id, "create", undefined, holidaySnapshot(input));
  });
}

export async function updateHoliday(actor: Actor, yearId: number, holidayId: number, input: HolidayInput): Promise<void> {
  await write(actor, yearId, async (tx, year) => {
    const h = await tx.holiday.findFirst({ where: { id: holidayId, yearId, schoolId: actor.schoolId } });
    if (!h) throw new NotFound("Каникулы не найдены");
    fail(checkInsideYear(year, input));
    await tx.holiday.update({ where: { id: holidayId }, data: input });
    await log(tx, actor, "holiday", holidayId, "update", holidaySnapshot(h), holidaySnapshot(input));
  });
}

export async function deleteHoliday(actor: Actor, yearId: number, holidayId: number): Promise<void> {
  await write(actor, yearId, async (tx) => {
    const h = await tx.holiday.findFirst({ where: { id: holidayId, yearId, schoolId: actor.schoolId } });
    if (!h) throw new NotFound("Каникулы не найдены");
    await tx.holiday.delete({ where: { id: holidayId } });
    await log(tx, actor, "holiday", holidayId, "delete", holidaySnapshot(h));
  });
}
