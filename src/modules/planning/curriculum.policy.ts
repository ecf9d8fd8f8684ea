/**
 * Record rules of the curriculum (R-PLN-1), as pure functions over rows already read; the
 * services re-assert them inside their transactions.
 */
import { Locked, ValidationError } from "../../lib/errors.ts";
import { TEXT } from "./curriculum.text.ts";

/**
 * The largest weekly load of a pupil by grade, for a 5-day and a 6-day week: СанПиН 1.2.3685-21,
 * table 6.6. Grade 1 learns five days a week only.
 */
export const WEEKLY_LIMITS: Readonly<Record<number, readonly [number, number]>> = {
  1: [21, 21],
  2: [23, 26],
  3: [23, 26],
  4: [23, 26],
  5: [29, 32],
  6: [30, 33],
  7: [32, 35],
  8: [33, 36],
  9: [33, 36],
  10: [34, 37],
  11: [34, 37],
};

/** The school days a week of a grade's curriculum: its own setting, else the school's; always 5 in grade 1. */
export function weekDaysOf(grade: number, own: number | null, schoolWeekDays: number): 5 | 6 {
  if (grade === 1) return 5;
  return (own ?? schoolWeekDays) === 5 ? 5 : 6;
}

/** The weekly limit of the grade for that week (СанПиН 1.2.3685-21, table 6.6). */
export function weeklyLimit(grade: number, weekDays: number): number {
  const limits = WEEKLY_LIMITS[grade] ?? WEEKLY_LIMITS[11]!;
  return weekDays === 5 ? limits[0] : limits[1];
}

/** Sum of weekly hours, to tenths. */
export function totalHours(items: readonly { hours: number }[]): number {
  return Math.round(items.reduce((s, i) => s + i.hours * 10, 0)) / 10;
}

/** Whether the total fits the grade's limit. */
export function isWithinLimit(grade: number, weekDays: number, total: number): boolean {
  return total <= weeklyLimit(grade, weekDays) + 1e-9;
}

/**
 * R-PLN-1: a plan over the limit is refused with the figures, the message beside `field`
 * (ValidationError).
 */
export function assertWithinLimit(grade: number, weekDays: number, total: number, field: string): void {
  if (!isWithinLimit(grade, weekDays, total)) throw new ValidationError({ [field]: TEXT.overLimit(grade, weekDays, total, weeklyLimit(grade, weekDays)) });
}

/** Profiles belong to grades 10–11 (ФГОС СОО). */
export function hasProfiles(grade: number): boolean {
  return grade >= 10;
}

/**
 * R-PLN-1: profiles cannot change during the year. A class's profile may be set while its year is
 * a draft, or while the class has no lessons yet; never in a closed year.
 */
export function canChangeProfile(year: { status: string }, lessons: number): boolean {
  if (year.status === "CLOSED") return false;
  return year.status === "DRAFT" || lessons === 0;
}

/** R-YR-1: a closed year's curriculum is read-only (Locked). */
export function assertCurriculumWritable(year: { status: string }, message = "Учебный год закрыт: учебный план доступен только для чтения"): void {
  if (year.status === "CLOSED") throw new Locked(message);
}
