/** Percentiles and means of the measured times (ms), and how a time is printed. */

/** The p-th percentile (nearest rank) of ascending `sorted`; NaN for none. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** The median of `values` in any order. */
export const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** A time in ms for the tables: two decimals below 10, one above; «—» for none. */
export const ms = (v: number | null | undefined) => (v === undefined || v === null || Number.isNaN(v) ? "—" : v < 10 ? v.toFixed(2) : v.toFixed(1));
