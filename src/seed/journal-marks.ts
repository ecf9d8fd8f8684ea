/**
 * Kinds of work and marks of the seeded journal: a control work on the lessons
 * journal-controls.ts picks (about one in 11–16 of a graded load), marked for everyone present (checked days later, sometimes
 * past the school's late-entry limit, R-JRN-4); otherwise «Ответ на уроке» for
 * a share of the class and, on some lessons, a second kind of work that fits
 * the subject (R-JRN-10). Marks 1–5 around each student's ability; they feed
 * the period finals.
 */
import type { Finals } from "./journal-finals.ts";
import type { Occurrence } from "./journal-calendar.ts";
import { SEED, keyedRng, type KeyedRng } from "./journal-random.ts";
import type { LoadInput } from "./journal-timetable.ts";
import { extraWorks } from "./journal-topics.ts";
import { DAY_MS, HOUR_MS } from "./people.ts";
import type { SubjectKind } from "./subject-kinds.ts";

/** A kind of work of the school (AssignmentType). */
export interface WorkType {
  id: number;
  weight: number;
  isControl: boolean;
}

export interface WorkRow {
  /** Index into the generated lessons. */
  lesson: number;
  type: number;
  topic: string | null;
}

export interface MarkRow {
  lesson: number;
  /** Index into the generated works. */
  work: number;
  s: number;
  value: number;
  comment: string | null;
  at: number;
  by: number | null;
}

/** The share of the present answering on an ordinary lesson, and the chance of a second work. */
export interface MarkDensity {
  answerShare: number;
  extraChance: number;
}

/**
 * Mark density: realistic for the demo (as many marks per pupil as when a control work was every
 * eighth lesson: fewer control works, more of the other marks); with a `target` (the large school)
 * thickened towards that many marks. `graded` loads are marked; their lessons up to `lastDay` count,
 * `controls` of them (journal-controls.ts) being control works.
 */
export function markDensity(
  input: {
    loads: readonly LoadInput[];
    byLoad: ReadonlyMap<number, Occurrence[]>;
    lastDay: number;
    graded: (load: LoadInput) => boolean;
    rosterOf: (load: LoadInput, t: number) => number[];
    controls: ReadonlyMap<number, ReadonlySet<number>>;
  },
  target: number | null,
): MarkDensity {
  const { loads, byLoad, lastDay, graded, rosterOf, controls } = input;
  let slotsToMark = 0;
  let controlSlots = 0;
  for (const load of loads) {
    if (!graded(load)) continue;
    const at = controls.get(load.id);
    for (const [i, occ] of (byLoad.get(load.id) ?? []).entries()) {
      if (occ.t > lastDay) continue;
      const present = rosterOf(load, occ.t).length;
      slotsToMark += present;
      if (at?.has(i)) controlSlots += present;
    }
  }
  // Marks per present student-lesson: a control work (everyone) on the control lessons, otherwise
  // «Ответ на уроке» for a share of the class and, on some lessons, a second work (~85% marked).
  const base = 0.3 + 0.35 * 0.85;
  const share = slotsToMark > 0 ? controlSlots / slotsToMark : 1 / 8;
  const wanted = target !== null && slotsToMark > 0 ? target / (0.95 * slotsToMark) : 1 / 8 + (7 / 8) * base;
  const perOther = share < 1 ? (wanted - share) / (1 - share) : 0;
  const k = Math.min(2.4, Math.max(1, perOther / base));
  return { answerShare: Math.min(0.6, 0.3 * k), extraChance: Math.min(0.95, 0.35 * k) };
}

/** The ability (the mean mark to expect) of `count` students, by position. */
export function abilities(count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const r = keyedRng(SEED, 1, i);
    return Math.min(4.95, Math.max(2.7, 4.12 + 0.55 * r.normal()));
  });
}

export interface MarkingContext {
  /** The school's kinds of work by name. */
  types: ReadonlyMap<string, WorkType>;
  density: MarkDensity;
  ability: readonly number[];
  /** Position of each subject (by id). */
  subjectPos: ReadonlyMap<number, number>;
  nowMs: number;
}

export interface MarkedLesson {
  /** Index into the generated lessons. */
  no: number;
  /** The load's position and the lesson's index among the load's lessons (keys of the random streams). */
  seq: number;
  i: number;
  subjectId: number;
  periodId: number;
  kind: SubjectKind;
  /** The lesson's own stream, drawn from after its type and homework. */
  r: KeyedRng;
  /** The control work on a control lesson, else null. */
  control: string | null;
  /** The lesson's topic (a control work's topic). */
  topic: string;
  /** The topic of the plan the lesson is on (the topic of its other kinds of work). */
  planTopic: string;
  graded: boolean;
  present: readonly number[];
  /** When the lesson ends (ms). */
  end: number;
  by: number | null;
}

/** The works of one lesson and, on graded loads, the marks of the present; adds them to `out` and to the finals. */
export function markLesson(ctx: MarkingContext, lesson: MarkedLesson, out: { works: WorkRow[]; marks: MarkRow[]; finals: Finals }): void {
  const { types, density, ability, subjectPos, nowMs } = ctx;
  const { r, kind, control, graded, present, by } = lesson;
  const typeId = (name: string) => types.get(name)!;
  const workNames: [string, number][] = []; // name, share of the present marked
  if (control !== null) {
    workNames.push([control, 1]);
  } else {
    workNames.push(["Ответ на уроке", density.answerShare]);
    if (r.chance(density.extraChance)) {
      const extras = extraWorks(kind);
      const name = extras[r.int(extras.length)]!;
      workNames.push([name, name === "Домашнее задание" ? 0.6 : 0.9]);
    }
  }
  const usedTypes = new Set<number>();
  for (const [wi, [name, share]] of workNames.entries()) {
    const at = types.get(name) ?? typeId("Ответ на уроке");
    if (usedTypes.has(at.id)) continue; // one work per kind in a lesson
    usedTypes.add(at.id);
    const workNo = out.works.length;
    out.works.push({
      lesson: lesson.no,
      type: at.id,
      topic: control !== null ? lesson.topic : name === "Ответ на уроке" ? null : `${name}: ${lesson.planTopic}`,
    });
    if (!graded) continue;
    // Control works take a few days to check; some are entered late (R-JRN-4).
    const delay = at.isControl ? (r.chance(0.1) ? 8 + r.int(5) : 1 + r.int(4)) * DAY_MS + r.int(10) * HOUR_MS : r.int(180) * 60_000;
    const enteredAt = Math.min(nowMs, lesson.end + delay);
    for (const s of present) {
      const mr = keyedRng(SEED, 6, lesson.seq, lesson.i, wi, s);
      if (share < 1 && !mr.chance(share)) continue;
      const subjectBias = keyedRng(SEED, 7, s, subjectPos.get(lesson.subjectId)!).normal() * 0.25;
      const raw = ability[s]! + subjectBias + 0.8 * mr.normal() - (at.isControl ? 0.3 : 0);
      let value = Math.round(raw);
      if (value >= 5) value = 5;
      else if (value <= 2) value = raw < 1.6 && mr.chance(0.25) ? 1 : 2;
      const comment = value <= 2 && mr.chance(0.3) ? (at.isControl ? "Работу переписать" : "Не готов к уроку") : null;
      out.marks.push({ lesson: lesson.no, work: workNo, s, value, comment, at: enteredAt, by });
      const f = out.finals.of(s, lesson.subjectId, lesson.periodId, by);
      f.sum += value * at.weight;
      f.weight += at.weight;
      f.count++;
    }
  }
}
