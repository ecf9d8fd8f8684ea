/**
 * Attendance in the seeded journal: illness streaks of each student (Б; «Н»
 * while the class teacher has not yet corrected it, and for the last days),
 * days off on the parents' application, and on single lessons the odd absence
 * without a reason, for competitions, or a lateness.
 */
import { SEED, keyedRng } from "./journal-random.ts";
import { DAY_MS } from "./people.ts";

/** A student's days (ms) that are not ordinary school days. */
export type DayStates = Map<number, "ILL" | "ILL_UNCORRECTED" | "VALID">;

export interface AbsenceRow {
  /** Index into the generated lessons. */
  lesson: number;
  s: number;
  code: string;
  note: string | null;
  at: number;
}

/** The illness streaks and days off of `count` students (by position), from `start` to `lastDay`. */
export function studentDays(count: number, start: number, lastDay: number): DayStates[] {
  return Array.from({ length: count }, (_, i) => {
    const r = keyedRng(SEED, 3, i);
    const state: DayStates = new Map();
    for (let t = start; t <= lastDay; t += DAY_MS) {
      if (new Date(t).getUTCDay() === 0 || state.has(t)) continue;
      if (r.chance(0.011)) {
        const len = 2 + r.int(5);
        const uncorrected = r.chance(0.08);
        for (let k = 0, d = t; k < len; d += DAY_MS) {
          if (new Date(d).getUTCDay() === 0) continue;
          state.set(d, uncorrected ? "ILL_UNCORRECTED" : "ILL");
          k++;
        }
      } else if (r.chance(0.003)) state.set(t, "VALID");
    }
    return state;
  });
}

export interface LessonAttendance {
  /** Index into the generated lessons. */
  no: number;
  /** The load's position and the lesson's index among the load's lessons (keys of the random stream). */
  seq: number;
  i: number;
  t: number;
  roster: readonly number[];
}

/**
 * The attendance of one lesson: an absence row for everyone missing or late
 * (added to `absences`); returns who is present (late ones included).
 * Absences after `recent` are still «Н» (not yet corrected).
 */
export function takeAttendance(lesson: LessonAttendance, days: readonly DayStates[], recent: number, absences: AbsenceRow[]): number[] {
  const { no, seq, i, t } = lesson;
  const present: number[] = [];
  for (const s of lesson.roster) {
    const st = days[s]!.get(t);
    const rr = keyedRng(SEED, 5, seq, i, s).next();
    const fresh = t > recent;
    let code: string | null = null;
    let note: string | null = null;
    if (st === "ILL") [code, note] = fresh ? ["ABSENT", null] : ["ILL", "Справка"];
    else if (st === "ILL_UNCORRECTED") code = "ABSENT";
    else if (st === "VALID") [code, note] = ["VALID", "Заявление родителей"];
    else if (rr < 0.004) code = fresh ? "ABSENT" : "INVALID";
    else if (rr < 0.008) [code, note] = ["VALID", "Соревнования"];
    else if (rr < 0.018) code = "LATE";
    if (code) absences.push({ lesson: no, s, code, note, at: t });
    if (!code || code === "LATE") present.push(s);
  }
  return present;
}
