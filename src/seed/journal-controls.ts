/**
 * Which lessons of the seeded journal carry a control work, so that the demo's schedule of
 * assessment procedures keeps the rules it is checked against (R-PLN-6, the letter СК-228/03;
 * src/modules/planning/assessments.rules.ts counts them):
 *   - spacing: a journal's next control work is due no sooner than max(11, ceil(2.5 × weekly hours) + 1)
 *     lessons after the last one (the first after 11–14 lessons, 5–8 at one lesson a week), so that a subject has at most one in
 *     2.5 weeks and no more than 10 % of its lessons; the study period's limit (frequencyLimit) is
 *     also checked;
 *   - a due control work moves to the journal's next lesson when that lesson is the first or the last
 *     of the class's day (unless the subject has one lesson a week) or the class already has an
 *     assessment of another subject that day (all the class's loads count);
 *   - the subgroups of one subject (English in two groups) write theirs on the same days: the group's
 *     days are chosen on its first load's lessons, where every load of the group has a lesson.
 * Pure and deterministic: loads in order, lessons by date (no random draws).
 */
import type { Occurrence } from "./journal-calendar.ts";
import type { LoadInput } from "./journal-timetable.ts";

export interface ControlsInput {
  loads: readonly (LoadInput & { seq: number })[];
  byLoad: ReadonlyMap<number, readonly Occurrence[]>;
  /** Control works are given up to this day (ms). */
  lastDay: number;
  graded: (load: LoadInput) => boolean;
  /** The most assessments of a subject in the study period (frequencyLimit of its dates). */
  periodLimit: (periodId: number) => number;
}

/** The lessons needed between two control works of a journal of this many hours a week. */
export function controlSpacing(hoursPerWeek: number): number {
  return Math.max(11, Math.ceil(2.5 * hoursPerWeek - 1e-9) + 1);
}

/** The control lessons of every graded load: indices into its occurrences (by load id). */
export function controlLessons({ loads, byLoad, lastDay, graded, periodLimit }: ControlsInput): Map<number, Set<number>> {
  const dayKey = (classId: number, t: number) => `${classId}:${t}`;
  // The first and last lesson number of each class's day, over all its loads.
  const bounds = new Map<string, { first: number; last: number }>();
  for (const load of loads)
    for (const occ of byLoad.get(load.id) ?? []) {
      if (occ.t > lastDay) break;
      const k = dayKey(load.classId, occ.t);
      const b = bounds.get(k);
      if (!b) bounds.set(k, { first: occ.number, last: occ.number });
      else {
        b.first = Math.min(b.first, occ.number);
        b.last = Math.max(b.last, occ.number);
      }
    }
  // The loads of a class and subject (subgroups), in load order.
  const groups = new Map<string, (LoadInput & { seq: number })[]>();
  for (const load of loads) {
    if (!graded(load)) continue;
    const k = `${load.classId}:${load.subjectId}`;
    const list = groups.get(k);
    if (list) list.push(load);
    else groups.set(k, [load]);
  }

  const busy = new Map<string, number>(); // class-day → the subject with an assessment that day
  const out = new Map<number, Set<number>>();
  for (const group of groups.values()) {
    const lead = group[0]!;
    const { classId, subjectId } = lead;
    // Each load's first lesson of a day (index into its occurrences), by day.
    const dayIndex = group.map((load) => {
      const m = new Map<number, number>();
      for (const [i, occ] of (byLoad.get(load.id) ?? []).entries()) if (occ.t <= lastDay && !m.has(occ.t)) m.set(occ.t, i);
      return m;
    });
    const oneAWeek = group.every((l) => Math.ceil(l.hours - 1e-9) <= 1);
    const spacing = controlSpacing(Math.max(...group.map((l) => l.hours)));
    const inPeriod = new Map<number, number>();
    const sets = group.map((l) => out.set(l.id, new Set<number>()).get(l.id)!);
    let due = (oneAWeek ? 4 : 10) + (lead.seq % 4);
    for (const [i, occ] of (byLoad.get(lead.id) ?? []).entries()) {
      if (occ.t > lastDay) break;
      if (i < due) continue;
      const day = dayKey(classId, occ.t);
      const taken = busy.get(day);
      if (taken !== undefined && taken !== subjectId) continue;
      if ((inPeriod.get(occ.periodId) ?? 0) >= periodLimit(occ.periodId)) continue;
      const b = bounds.get(day)!;
      const at = dayIndex.map((m) => m.get(occ.t));
      const fits = at.every((idx, g) => {
        if (idx === undefined) return false;
        const n = byLoad.get(group[g]!.id)![idx]!.number;
        return oneAWeek || (b.first < n && n < b.last);
      });
      if (!fits) continue;
      at.forEach((idx, g) => sets[g]!.add(idx!));
      busy.set(day, subjectId);
      inPeriod.set(occ.periodId, (inPeriod.get(occ.periodId) ?? 0) + 1);
      due = i + spacing;
    }
  }
  return out;
}
