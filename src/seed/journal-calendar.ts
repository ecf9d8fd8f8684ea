/**
 * The days of the seeded journal: every lesson of every load from the seeded
 * weekly timetable (src/seed/timetable.ts), on the class's school days, inside
 * a study period of its grade and outside holidays.
 */
import type { LoadInput } from "./journal-timetable.ts";
import { push } from "./journal-roster.ts";
import { DAY_MS } from "./people.ts";
import type { SeededTimetable } from "./timetable.ts";

/** One lesson of a load: the day (ms), its number, the period and the timetable entry it comes from. */
export interface Occurrence {
  t: number;
  number: number;
  periodId: number;
  entryId: number;
  roomId: number | null;
}

interface Holiday {
  gradeFrom: number | null;
  gradeTo: number | null;
  startDate: Date;
  endDate: Date;
}

interface PeriodSet {
  gradeFrom: number;
  gradeTo: number;
  periods: { id: number; startDate: Date; endDate: Date }[];
}

export interface CalendarInput {
  classes: readonly { id: number; grade: number }[];
  loads: readonly LoadInput[];
  tt: Pick<SeededTimetable, "slots" | "days">;
  holidays: readonly Holiday[];
  sets: readonly PeriodSet[];
  /** First and last day (ms, inclusive). */
  start: number;
  horizon: number;
}

/** The lessons of every load (by load id) from `start` to `horizon`, earliest first. */
export function occurrences({ classes, loads, tt, holidays, sets, start, horizon }: CalendarInput): Map<number, Occurrence[]> {
  // School calendar per class: period (of the class's grade) or null on holidays and outside periods.
  const periodOn = (grade: number, t: number) => {
    if (
      holidays.some(
        (h) =>
          (h.gradeFrom === null || h.gradeFrom <= grade) &&
          (h.gradeTo === null || grade <= h.gradeTo) &&
          h.startDate.getTime() <= t &&
          t <= h.endDate.getTime(),
      )
    )
      return null;
    const set = sets.find((s) => s.gradeFrom <= grade && grade <= s.gradeTo);
    return set?.periods.find((p) => p.startDate.getTime() <= t && t <= p.endDate.getTime()) ?? null;
  };

  const byLoad = new Map<number, Occurrence[]>();
  const slotsByClassDay = new Map<string, { load: LoadInput; number: number; entryId: number; roomId: number | null }[]>();
  for (const load of loads) {
    for (const slot of tt.slots.get(load.id) ?? [])
      push(slotsByClassDay, `${load.classId}:${slot.day}`, { load, number: slot.number, entryId: slot.entryId, roomId: slot.roomId });
  }
  for (let t = start; t <= horizon; t += DAY_MS) {
    const day = ((new Date(t).getUTCDay() + 6) % 7) + 1; // 1 = Monday
    for (const cls of classes) {
      if (day > (tt.days.get(cls.id) ?? 0)) continue;
      const period = periodOn(cls.grade, t);
      if (!period) continue;
      // Every weekly entry gives its lesson each week (as the timetable's lesson generator does).
      for (const { load, number, entryId, roomId } of slotsByClassDay.get(`${cls.id}:${day}`) ?? [])
        push(byLoad, load.id, { t, number, periodId: period.id, entryId, roomId });
    }
  }
  return byLoad;
}
