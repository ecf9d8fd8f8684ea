/**
 * R-JRN-8: the weighted average of a student's marks and the forecast of the final mark.
 * Pure functions; exact integer arithmetic (weights have one decimal, thresholds two), so
 * an average of exactly 4.5 meets a 4.5 threshold.
 */

export interface WeightedMark {
  value: number;
  /** AssignmentType.weight, e.g. 1, 1.5, 2. */
  weight: number;
}

export interface Thresholds {
  /** Averages at or above give «5» (school setting, default 4.5). */
  t5: number;
  t4: number;
  t3: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { t5: 4.5, t4: 3.5, t3: 2.5 };

interface Sums {
  /** Σ value × weight × 10 */
  num: number;
  /** Σ weight × 10 */
  den: number;
  count: number;
}

function sums(marks: readonly WeightedMark[]): Sums {
  let num = 0;
  let den = 0;
  for (const m of marks) {
    const w = Math.round(m.weight * 10);
    num += m.value * w;
    den += w;
  }
  return { num, den, count: marks.length };
}

/** Σ(value × weight) ÷ Σ weight, or null without marks (or with zero total weight). */
export function weightedAverage(marks: readonly WeightedMark[]): number | null {
  const s = sums(marks);
  return s.den > 0 ? s.num / s.den : null;
}

/** The forecast from a weighted average's exact sums: ≥ t5 → 5, ≥ t4 → 4, ≥ t3 → 3, else 2. */
function forecastFromSums(s: Sums, t: Thresholds): number | null {
  if (s.den <= 0) return null;
  const scaled = s.num * 100; // compare num/den ≥ t  ⇔  num·100 ≥ round(t·100)·den
  if (scaled >= Math.round(t.t5 * 100) * s.den) return 5;
  if (scaled >= Math.round(t.t4 * 100) * s.den) return 4;
  if (scaled >= Math.round(t.t3 * 100) * s.den) return 3;
  return 2;
}

/** R-JRN-8: the forecast final mark for a period from the period's marks; null without marks. */
export function forecast(marks: readonly WeightedMark[], t: Thresholds = DEFAULT_THRESHOLDS): number | null {
  return forecastFromSums(sums(marks), t);
}

/**
 * The forecast from sums a query already made (issue 17's forecast report): `num` = Σ value × round(weight × 10),
 * `den` = Σ round(weight × 10) — the same exact arithmetic as forecast(); null without marks.
 */
export function forecastOfSums(num: number, den: number, t: Thresholds = DEFAULT_THRESHOLDS): number | null {
  return forecastFromSums({ num, den, count: 0 }, t);
}

/** Rounds a plain average (e.g. of period final marks for the year) with the same thresholds. */
export function roundAverage(avg: number | null, t: Thresholds = DEFAULT_THRESHOLDS): number | null {
  if (avg === null) return null;
  const num = Math.round(avg * 10000);
  return forecastFromSums({ num, den: 10000, count: 1 }, t);
}

/** R-JRN-8: the year forecast from the numeric period finals («н/а», «осв» and pass/fail are skipped). */
export function yearForecast(periodFinals: readonly (string | null | undefined)[], t: Thresholds = DEFAULT_THRESHOLDS): number | null {
  const nums = periodFinals.filter((v): v is string => !!v && /^[1-5]$/.test(v)).map(Number);
  if (!nums.length) return null;
  // Σ / n with the exact comparison: num = Σ·10, den = n·10
  return forecastFromSums({ num: nums.reduce((a, b) => a + b, 0) * 10, den: nums.length * 10, count: nums.length }, t);
}

/** «4,57» for people; empty without an average. */
export function formatAverage(avg: number | null): string {
  return avg === null ? "" : avg.toFixed(2).replace(".", ",");
}
