/**
 * The hours of a subject for a school year, shared by the parts of planning (КТП, the programme
 * report, the assessment schedule's 10 % rule): the curriculum's weekly hours × the study weeks of
 * the grade (R-PLN-1, R-PLN-3, R-JRN-11).
 *
 * Study weeks come from the calendar, not from a constant: the days of the year's study periods of
 * the grade's period set (quarters for 1–9, halves for 10–11, …), on the school days of the week
 * (5 or 6: the grade's curriculum, else the school's; always 5 in grade 1), without the holidays
 * that apply to the grade; weeks = round(study days ÷ school days a week). The seeded 2026/2027
 * gives 34 weeks, and 33 in grade 1 with its extra February holidays — the federal norms.
 *
 *   const hours = await yearHoursIndex(prisma, schoolId, yearId);
 *   hours.of(5, "", mathId)   // { perWeek: 5, weeks: 34, total: 170, … } or null: not in the curriculum
 */
import type { Db } from "../../lib/db.ts";
import { curriculumKey, loadCurricula } from "./curriculum.service.ts";

const DAY_MS = 86_400_000;

export interface DateRange {
  startDate: Date;
  endDate: Date;
}

/** Days (UTC midnight, as @db.Date columns read) of the periods on the first `weekDays` days of the week (Mon = 1), without holiday days. */
export function countStudyDays(periods: readonly DateRange[], holidays: readonly DateRange[], weekDays: number): number {
  const off = new Set<number>();
  for (const h of holidays) for (let t = h.startDate.getTime(); t <= h.endDate.getTime(); t += DAY_MS) off.add(t);
  const seen = new Set<number>();
  let days = 0;
  for (const p of periods)
    for (let t = p.startDate.getTime(); t <= p.endDate.getTime(); t += DAY_MS) {
      if (seen.has(t)) continue;
      seen.add(t);
      const weekday = ((new Date(t).getUTCDay() + 6) % 7) + 1;
      if (weekday <= weekDays && !off.has(t)) days++;
    }
  return days;
}

/** Whole study weeks of that many study days (to the nearest week). */
export function weeksOf(days: number, weekDays: number): number {
  return weekDays > 0 ? Math.round(days / weekDays) : 0;
}

/** A subject's hours for the year: its curriculum row's weekly hours × the grade's study weeks. */
export interface YearHours {
  perWeek: number;
  weeks: number;
  /** Study days counted for the grade. */
  days: number;
  weekDays: 5 | 6;
  /** perWeek × weeks, to tenths. */
  total: number;
}

export interface StudyWeeks {
  days: number;
  weeks: number;
}

export interface YearHoursIndex {
  yearId: number;
  /** The grade's study days and weeks for a week of that many days. */
  weeks(grade: number, weekDays: number): StudyWeeks;
  /** The subject's hours in the curriculum of the grade (and profile); null when the curriculum has no such row. */
  of(grade: number, profile: string, subjectId: number): YearHours | null;
}

/**
 * Reads a year's calendar (period sets, holidays) and curricula once, for any number of
 * grade × subject questions (a list of plans, the deputy's report). NotFound is not raised: an
 * unknown year simply has no curriculum (every answer null).
 */
export async function yearHoursIndex(db: Db, schoolId: number, yearId: number): Promise<YearHoursIndex> {
  const [year, sets, holidays, curricula] = await Promise.all([
    db.academicYear.findFirst({ where: { id: yearId, schoolId }, select: { startDate: true, endDate: true } }),
    db.periodSet.findMany({ where: { schoolId, yearId }, include: { periods: true }, orderBy: { gradeFrom: "asc" } }),
    db.holiday.findMany({ where: { schoolId, yearId } }),
    loadCurricula(db, schoolId, yearId),
  ]);
  const byKey = new Map(curricula.map((c) => [curriculumKey(c.grade, c.profile), c]));
  const cache = new Map<string, StudyWeeks>();
  const weeks = (grade: number, weekDays: number): StudyWeeks => {
    const key = `${grade}|${weekDays}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const set = sets.find((s) => s.gradeFrom <= grade && grade <= s.gradeTo && s.periods.length);
    const periods: DateRange[] = set ? set.periods : year ? [year] : [];
    const own = holidays.filter((h) => (h.gradeFrom ?? 1) <= grade && grade <= (h.gradeTo ?? 11));
    const days = countStudyDays(periods, own, weekDays);
    const out = { days, weeks: weeksOf(days, weekDays) };
    cache.set(key, out);
    return out;
  };
  return {
    yearId,
    weeks,
    of(grade, profile, subjectId) {
      const c = byKey.get(curriculumKey(grade, profile));
      const item = c?.items.find((i) => i.subjectId === subjectId);
      if (!c || !item) return null;
      const weekDays = c.week;
      const w = weeks(grade, weekDays);
      return { perWeek: item.hours, weeks: w.weeks, days: w.days, weekDays, total: Math.round(item.hours * w.weeks * 10) / 10 };
    },
  };
}

/** One subject's hours for the year (see yearHoursIndex); null when the curriculum has no such row. */
export async function subjectYearHours(db: Db, schoolId: number, yearId: number, grade: number, profile: string, subjectId: number): Promise<YearHours | null> {
  return (await yearHoursIndex(db, schoolId, yearId)).of(grade, profile, subjectId);
}

/** A total of hours (a КТП's) against the curriculum's hours for the year. */
export interface HoursCheck {
  planned: number;
  curriculum: YearHours | null;
  /** planned − curriculum total; null without a curriculum row. */
  diff: number | null;
  state: "none" | "match" | "short" | "over";
}

export function compareHours(planned: number, curriculum: YearHours | null): HoursCheck {
  if (!curriculum) return { planned, curriculum, diff: null, state: "none" };
  const diff = Math.round((planned - curriculum.total) * 10) / 10;
  return { planned, curriculum, diff, state: diff === 0 ? "match" : diff < 0 ? "short" : "over" };
}
