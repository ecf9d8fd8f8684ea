/**
 * School days of a year for a grade: inside a study period of the grade's
 * period set (PeriodSet gradeFrom..gradeTo), outside holidays that apply to the
 * grade (a holiday without a grade range applies to all), never on Sunday.
 */
import type { Db } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { isoWeekday } from "./schedule.common.ts";

export interface YearCalendar {
  isSchoolDay(grade: number, date: Date): boolean;
}

export async function loadCalendar(db: Db, schoolId: number, yearId: number): Promise<YearCalendar> {
  const periods = await db.studyPeriod.findMany({
    where: { schoolId, yearId },
    select: { startDate: true, endDate: true, periodSet: { select: { gradeFrom: true, gradeTo: true } } },
  });
  const holidays = await db.holiday.findMany({ where: { schoolId, yearId }, select: { startDate: true, endDate: true, gradeFrom: true, gradeTo: true } });
  const cache = new Map<string, boolean>();
  return {
    isSchoolDay(grade, date) {
      if (isoWeekday(date) === 7) return false;
      const key = `${grade}|${isoDate(date)}`;
      let v = cache.get(key);
      if (v === undefined) {
        const t = date.getTime();
        v =
          periods.some((p) => p.periodSet.gradeFrom <= grade && grade <= p.periodSet.gradeTo && p.startDate.getTime() <= t && t <= p.endDate.getTime()) &&
          !holidays.some(
            (h) =>
              (h.gradeFrom === null || h.gradeFrom <= grade) &&
              (h.gradeTo === null || grade <= h.gradeTo) &&
              h.startDate.getTime() <= t &&
              t <= h.endDate.getTime(),
          );
        cache.set(key, v);
      }
      return v;
    },
  };
}
