/**
 * Period final marks of the seeded journal (R-JRN-7): the weighted average of
 * a student's marks in a subject and period, with the school's forecast
 * thresholds (R-JRN-8); «н/а» without marks, «зач» in pass/fail subjects.
 */
import { HOUR_MS } from "./people.ts";

export interface Final {
  s: number;
  subjectId: number;
  periodId: number;
  sum: number;
  weight: number;
  count: number;
  by: number | null;
  passFail: boolean;
}

export interface FinalRow extends Final {
  value: string;
  at: number;
}

/** The running finals of the students, one per student, subject and period, in the order first met. */
export class Finals {
  private readonly byKey = new Map<string, Final>();

  /** The final of a student in a subject and period (created, given by `by`, when first met). */
  of(s: number, subjectId: number, periodId: number, by: number | null): Final {
    const key = `${s}:${subjectId}:${periodId}`;
    let f = this.byKey.get(key);
    if (!f) this.byKey.set(key, (f = { s, subjectId, periodId, sum: 0, weight: 0, count: 0, by, passFail: false }));
    return f;
  }

  /**
   * The final marks of the periods that ended before `until`, entered ten hours
   * after the period's end (or now). `thresholds` are the school's forecast thresholds for 5, 4 and 3.
   */
  rows(
    sets: readonly { periods: { id: number; endDate: Date }[] }[],
    until: Date,
    thresholds: { t5: number; t4: number; t3: number },
    nowMs: number,
  ): FinalRow[] {
    const ended = new Map(
      sets
        .flatMap((s) => s.periods)
        .filter((p) => p.endDate.getTime() < until.getTime())
        .map((p) => [p.id, p]),
    );
    const { t5, t4, t3 } = thresholds;
    return [...this.byKey.values()]
      .filter((f) => ended.has(f.periodId))
      .map((f) => {
        const avg = f.weight ? f.sum / f.weight : 0;
        const value = f.passFail ? "зач" : f.count === 0 ? "н/а" : avg >= t5 ? "5" : avg >= t4 ? "4" : avg >= t3 ? "3" : "2";
        const at = Math.min(nowMs, ended.get(f.periodId)!.endDate.getTime() + 10 * HOUR_MS);
        return { ...f, value, at };
      });
  }
}
