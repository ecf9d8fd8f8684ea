/**
 * The rules of the schedule of assessment procedures (R-PLN-6; the letter of Минпросвещения and
 * Рособрнадзор СК-228/03 / 01-169/08-01 of 06.08.2021), as a pure function over the entries of a year
 * and the facts about the classes' lessons (assessments.data.ts gathers both):
 *
 *   one-per-day        at most one assessment per class per day. On a day with n of them, each one
 *                      without an accepted exception is warned while at least two are left unexcepted
 *                      (excepting all but one settles the day);
 *   first-last-lesson  not on the first or the last lesson of the class's day (lesson numbers of the
 *                      day's lessons: recorded ones and the timetable's), unless the subject has one
 *                      lesson a week (timetable entries, else the teaching load); unchecked when the
 *                      lesson number or the day's lessons are unknown;
 *   frequency          per subject and class no more than once in 2.5 weeks on average: in a study
 *                      period of D days (D / 7 weeks) at most ceil(D / 7 / 2.5) = ceil(2D / 35); the
 *                      ones after that many, by date, are warned;
 *   share              per subject and class no more than 10 % of the year's lessons (one lesson each):
 *                      the k-th of the year is warned when 10 k > the year's lessons; unchecked when the
 *                      year's lessons are unknown.
 * A warning is shown as accepted when the deputy accepted an exception for that class, subject, date
 * and rule (AssessmentException).
 */
import { daysBetween } from "../../lib/dates.ts";
import { WARN, type RuleKey } from "./assessments.text.ts";

/** What the rules need of an entry (one class, subject and date; several works of that day are one entry). */
export interface RuleEntry {
  key: string;
  classId: number;
  subjectId: number;
  subjectName: string;
  date: Date;
  lessonNumber: number | null;
}

export interface ExceptionInfo {
  id: number;
  reason: string;
  acceptedBy: string;
  acceptedAt: Date;
}

export interface Warning {
  rule: RuleKey;
  text: string;
  /** The accepted exception, null while the warning is open. */
  exception: ExceptionInfo | null;
}

export interface RuleFacts {
  /** The first and last lesson numbers of the class's day; null when the day's lessons are unknown. */
  dayBounds(classId: number, date: Date): { first: number; last: number } | null;
  /** Lessons a week of the subject in the class on the date (0: unknown). */
  weeklyLessons(classId: number, subjectId: number, date: Date): number;
  /** Lessons of the subject in the class in the year (0: unknown). */
  yearLessons(classId: number, subjectId: number): number;
  /** The class's study period that contains the date. */
  periodOf(classId: number, date: Date): { id: number; startDate: Date; endDate: Date } | null;
  /** The exception accepted for this class, subject, date and rule. */
  exception(classId: number, subjectId: number, date: Date, rule: RuleKey): ExceptionInfo | null;
}

/** The most assessments of a subject in a period of these dates: one in 2.5 weeks on average, rounded up. */
export function frequencyLimit(startDate: Date, endDate: Date): number {
  const days = daysBetween(startDate, endDate) + 1;
  return Math.ceil((2 * days) / 35);
}

/** The most assessments of a subject in a year of this many lessons: 10 % of them, rounded down. */
export function shareLimit(yearLessons: number): number {
  return Math.floor(yearLessons / 10);
}

const byDate = (a: RuleEntry, b: RuleEntry) =>
  a.date.getTime() - b.date.getTime() || (a.lessonNumber ?? 99) - (b.lessonNumber ?? 99) || a.key.localeCompare(b.key);

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

/** The warnings of each entry (by key), open and accepted; entries without any are absent. */
export function checkRules(entries: readonly RuleEntry[], facts: RuleFacts): Map<string, Warning[]> {
  const out = new Map<string, Warning[]>();
  const warn = (e: RuleEntry, rule: RuleKey, text: string) => {
    const w: Warning = { rule, text, exception: facts.exception(e.classId, e.subjectId, e.date, rule) };
    const list = out.get(e.key);
    if (list) list.push(w);
    else out.set(e.key, [w]);
  };

  for (const day of groupBy(entries, (e) => `${e.classId}|${e.date.getTime()}`).values()) {
    if (day.length < 2) continue;
    day.sort(byDate);
    const subjects = day.map((e) => e.subjectName);
    const open = day.filter((e) => !facts.exception(e.classId, e.subjectId, e.date, "one-per-day"));
    for (const e of day) if (open.length >= 2 || !open.includes(e)) warn(e, "one-per-day", WARN.onePerDay(day.length, subjects));
  }

  for (const e of entries) {
    if (e.lessonNumber === null) continue;
    const bounds = facts.dayBounds(e.classId, e.date);
    if (!bounds) continue;
    const first = e.lessonNumber <= bounds.first;
    const last = e.lessonNumber >= bounds.last;
    if (!first && !last) continue;
    const weekly = facts.weeklyLessons(e.classId, e.subjectId, e.date);
    if (weekly > 0 && weekly <= 1) continue;
    warn(e, "first-last-lesson", WARN.firstLast(e.lessonNumber, first && last ? "only" : first ? "first" : "last", weekly));
  }

  const inPeriod = groupBy(entries, (e) => {
    const p = facts.periodOf(e.classId, e.date);
    return p ? `${e.classId}|${e.subjectId}|${p.id}` : null;
  });
  for (const list of inPeriod.values()) {
    const p = facts.periodOf(list[0]!.classId, list[0]!.date)!;
    const limit = frequencyLimit(p.startDate, p.endDate);
    if (list.length <= limit) continue;
    list.sort(byDate);
    const days = daysBetween(p.startDate, p.endDate) + 1;
    list.forEach((e, i) => {
      if (i + 1 > limit) warn(e, "frequency", WARN.frequency(i + 1, days, limit));
    });
  }

  for (const list of groupBy(entries, (e) => `${e.classId}|${e.subjectId}`).values()) {
    const lessons = facts.yearLessons(list[0]!.classId, list[0]!.subjectId);
    if (lessons <= 0 || list.length * 10 <= lessons) continue;
    list.sort(byDate);
    list.forEach((e, i) => {
      if ((i + 1) * 10 > lessons) warn(e, "share", WARN.share(i + 1, lessons, shareLimit(lessons)));
    });
  }
  return out;
}
