/**
 * Where the demo's КТП put their control works in the rest of the year, so that the schedule of
 * assessment procedures (R-PLN-6, assessments.rules.ts) finds them within the rules. The schedule
 * places a plan's topic starting at hour s on the journal's lesson s + 1 by date (assessments.data.ts),
 * and a plan drawn from the journal has as many hours given as the journal has lessons so far, so its
 * future hour h falls on the journal's h-th lesson after today. A control topic may start there when
 *   - it is at least controlSpacing(weekly hours) lessons after the journal's last control work;
 *   - that lesson is neither the first nor the last of the class's day (unless the subject has one
 *     lesson a week) and the class has no assessment of another subject that day;
 *   - the subject's assessments in the class stay within the study period's limit (frequencyLimit)
 *     and within 10 % of the year's lessons (counting the journal's control works given so far);
 *   - for the second subgroup of a subject: the first subgroup's plan has its control work that day
 *     (subgroups write theirs on the same days).
 */
import { frequencyLimit } from "../modules/planning/assessments.rules.ts";
import { controlSpacing } from "./journal-controls.ts";

export interface KtpLesson {
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  date: Date;
  number: number | null;
}

export interface KtpPeriod {
  startDate: Date;
  endDate: Date;
}

export interface JournalControls {
  classId: number;
  subjectId: number;
  hoursPerWeek: number;
  /** The journal's lessons after today, by date and number. */
  future: readonly KtpLesson[];
  /** Lessons given so far, and the 0-based index among them of the last control work (-1: none). */
  given: number;
  lastControl: number;
  periods: readonly KtpPeriod[];
}

export class KtpControls<L extends KtpLesson = KtpLesson> {
  private readonly bounds = new Map<string, { first: number; last: number }>();
  /** Class-day → the subject with an assessment that day. */
  private readonly busy = new Map<string, number>();
  /** Class × subject → the days (ms) of its assessments. */
  private readonly days = new Map<string, Set<number>>();
  /** Class × subject → the year's lessons (the most of its subgroups). */
  private readonly yearLessons = new Map<string, number>();
  /** Class × subject whose first journal has been placed (the others follow its days). */
  private readonly placed = new Set<string>();

  /** `lessons`: every lesson of the year; `isControl`: the control works given so far. */
  constructor(lessons: readonly L[], isControl: (l: L) => boolean) {
    const perJournal = new Map<string, number>();
    for (const l of lessons) {
      if (l.number !== null) {
        const k = this.dayKey(l.classId, l.date);
        const b = this.bounds.get(k);
        if (!b) this.bounds.set(k, { first: l.number, last: l.number });
        else {
          b.first = Math.min(b.first, l.number);
          b.last = Math.max(b.last, l.number);
        }
      }
      const j = `${l.classId}:${l.subgroupId ?? 0}:${l.subjectId}`;
      perJournal.set(j, (perJournal.get(j) ?? 0) + 1);
      const cs = this.csKey(l.classId, l.subjectId);
      this.yearLessons.set(cs, Math.max(this.yearLessons.get(cs) ?? 0, perJournal.get(j)!));
      if (isControl(l)) this.mark(l.classId, l.subjectId, l.date);
    }
  }

  private dayKey = (classId: number, date: Date) => `${classId}:${date.getTime()}`;
  private csKey = (classId: number, subjectId: number) => `${classId}:${subjectId}`;

  private mark(classId: number, subjectId: number, date: Date): void {
    this.busy.set(this.dayKey(classId, date), subjectId);
    const cs = this.csKey(classId, subjectId);
    (this.days.get(cs) ?? this.days.set(cs, new Set()).get(cs)!).add(date.getTime());
  }

  /**
   * The test for a journal's future control topics: `accept(h)` says whether a control topic may start
   * at the h-th future hour and, when it may, counts it (unless `take` is false). Call in order of h.
   */
  journal(j: JournalControls): { accept: (h: number, take?: boolean) => boolean } {
    const cs = this.csKey(j.classId, j.subjectId);
    const leader = !this.placed.has(cs);
    this.placed.add(cs);
    const spacing = controlSpacing(j.hoursPerWeek);
    const oneAWeek = Math.ceil(j.hoursPerWeek - 1e-9) <= 1;
    const yearLessons = this.yearLessons.get(cs) ?? 0;
    let last = j.lastControl;
    const accept = (h: number, take = true): boolean => {
      const lesson = j.future[h];
      if (!lesson || lesson.number === null || j.given + h - last < spacing) return false;
      const t = lesson.date.getTime();
      const days = this.days.get(cs) ?? new Set<number>();
      if (days.has(t)) {
        // The first subgroup's control work that day (the same entry of the schedule); a day already
        // taken by the journal itself (a control work given) is not one for a future topic.
        if (leader) return false;
      } else {
        if (!leader) return false;
        const taken = this.busy.get(this.dayKey(j.classId, lesson.date));
        if (taken !== undefined && taken !== j.subjectId) return false;
        const period = j.periods.find((p) => p.startDate <= lesson.date && lesson.date <= p.endDate);
        if (!period) return false;
        const inPeriod = [...days].filter((d) => period.startDate.getTime() <= d && d <= period.endDate.getTime()).length;
        if (inPeriod + 1 > frequencyLimit(period.startDate, period.endDate) || (days.size + 1) * 10 > yearLessons) return false;
      }
      const b = this.bounds.get(this.dayKey(j.classId, lesson.date));
      if (!oneAWeek && (!b || lesson.number <= b.first || lesson.number >= b.last)) return false;
      if (!take) return true;
      this.mark(j.classId, j.subjectId, lesson.date);
      last = j.given + h;
      return true;
    };
    return { accept };
  }
}
