/**
 * Pure checks of the school calendar (R-PLN-4): periods inside the year, in order
 * and not overlapping; grade ranges of period systems not overlapping; the
 * standard period dates. Each returns { field: Russian message } (empty when fine).
 */
import type { PeriodKind } from "../../generated/prisma/enums.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { MSG, PERIOD_COUNT, periodName } from "./years.messages.ts";

export interface DateRange {
  startDate: Date;
  endDate: Date;
}
export interface PeriodLike extends DateRange {
  id?: number;
  number: number;
}

const t = (d: Date) => d.getTime();

/** Dates of something that must lie inside the year: start ≤ end, both within the year. */
export function checkInsideYear(year: DateRange, item: DateRange): FieldErrors {
  const errors: FieldErrors = {};
  if (t(item.startDate) < t(year.startDate)) errors.startDate = MSG.notBeforeYear(year.startDate);
  else if (t(item.startDate) > t(year.endDate)) errors.startDate = MSG.notAfterYear(year.endDate);
  if (t(item.endDate) > t(year.endDate)) errors.endDate = MSG.notAfterYear(year.endDate);
  else if (t(item.endDate) < t(item.startDate)) errors.endDate = MSG.endNotBeforeStart;
  return errors;
}

/**
 * R-PLN-4: a period of a set — number within the kind's count and unique, dates inside
 * the year, not overlapping the set's other periods and ordered by number.
 */
export function checkPeriod(year: DateRange, kind: PeriodKind, others: readonly PeriodLike[], candidate: PeriodLike): FieldErrors {
  const errors: FieldErrors = {};
  const rest = others.filter((o) => candidate.id === undefined || o.id !== candidate.id);
  if (candidate.number > PERIOD_COUNT[kind]) errors.number = MSG.tooManyPeriods(kind);
  else if (rest.some((o) => o.number === candidate.number)) errors.number = MSG.numberTaken;
  Object.assign(errors, checkInsideYear(year, candidate));
  if (errors.startDate || errors.endDate) return errors;
  for (const o of [...rest].sort((a, b) => a.number - b.number)) {
    const name = periodName(kind, o.number);
    if (t(candidate.startDate) <= t(o.endDate) && t(o.startDate) <= t(candidate.endDate)) {
      errors.startDate ??= MSG.periodOverlap(name, o.startDate, o.endDate);
    } else if (o.number < candidate.number && t(o.endDate) >= t(candidate.startDate)) {
      errors.startDate ??= MSG.periodAfter(name, o.endDate);
    } else if (o.number > candidate.number && t(o.startDate) <= t(candidate.endDate)) {
      errors.endDate ??= MSG.periodBefore(name, o.startDate);
    }
  }
  return errors;
}

export interface SetLike {
  id?: number;
  kind: PeriodKind;
  gradeFrom: number;
  gradeTo: number;
}

/** R-PLN-4: period systems of one year cover disjoint grade ranges. */
export function checkSetGrades(others: readonly SetLike[], candidate: SetLike): FieldErrors {
  if (candidate.gradeFrom > candidate.gradeTo) return { gradeTo: MSG.gradeOrder };
  for (const o of others) {
    if (candidate.id !== undefined && o.id === candidate.id) continue;
    if (candidate.gradeFrom <= o.gradeTo && o.gradeFrom <= candidate.gradeTo) return { gradeFrom: MSG.gradesOverlap(o.kind, o.gradeFrom, o.gradeTo) };
  }
  return {};
}

/** Grades 1–11 that no set of the year covers, as ranges: [[10, 11]]. */
export function uncoveredGrades(sets: readonly SetLike[]): [number, number][] {
  const gaps: [number, number][] = [];
  for (let g = 1; g <= 11; g++) {
    if (sets.some((s) => s.gradeFrom <= g && g <= s.gradeTo)) continue;
    const last = gaps[gaps.length - 1];
    if (last && last[1] === g - 1) last[1] = g;
    else gaps.push([g, g]);
  }
  return gaps;
}

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const lastOfFebruary = (y: number) => new Date(Date.UTC(y, 2, 0));

/**
 * The usual period dates for a year starting in `startYear`: quarters 01.09–26.10,
 * 05.11–28.12, 12.01–22.03, 01.04–31.05; trimesters 01.09–30.11, 01.12–end of February,
 * 01.03–31.05; halves 01.09–28.12, 12.01–31.05. Clipped to the year's dates; null when
 * a period would then be empty.
 */
export function standardPeriods(kind: PeriodKind, year: DateRange): PeriodLike[] | null {
  const y = year.startDate.getUTCFullYear();
  const bounds: [Date, Date][] =
    kind === "QUARTER"
      ? [
          [day(y, 9, 1), day(y, 10, 26)],
          [day(y, 11, 5), day(y, 12, 28)],
          [day(y + 1, 1, 12), day(y + 1, 3, 22)],
          [day(y + 1, 4, 1), day(y + 1, 5, 31)],
        ]
      : kind === "TRIMESTER"
        ? [
            [day(y, 9, 1), day(y, 11, 30)],
            [day(y, 12, 1), lastOfFebruary(y + 1)],
            [day(y + 1, 3, 1), day(y + 1, 5, 31)],
          ]
        : [
            [day(y, 9, 1), day(y, 12, 28)],
            [day(y + 1, 1, 12), day(y + 1, 5, 31)],
          ];
  const periods = bounds.map(([from, to], i) => ({
    number: i + 1,
    startDate: t(from) < t(year.startDate) ? year.startDate : from,
    endDate: t(to) > t(year.endDate) ? year.endDate : to,
  }));
  return periods.every((p) => t(p.startDate) <= t(p.endDate)) ? periods : null;
}
