/**
 * R-GIA-1: the final (certificate) mark proposed from the year mark and the exam mark by the
 * school's rule for the grade. Pure: the page, the confirmation and the tests share it.
 */
import type { FinalMarkRule } from "../../generated/prisma/enums.ts";

const NUMERIC = /^[2-5]$/;

/** The school's default rules: grade 9 — the mean of year and exam, grade 11 — the year mark. */
export const DEFAULT_RULES: Record<9 | 11, FinalMarkRule> = { 9: "MEAN", 11: "YEAR" };

/** Usual rounding of a mark: x.5 goes up ((5 + 4) / 2 = 4,5 → 5; (4 + 3) / 2 = 3,5 → 4). */
export function roundMark(x: number): number {
  return Math.floor(x + 0.5);
}

/**
 * The proposed final mark: null without a year mark; the year mark when there is no exam mark
 * (subjects without an exam) or either mark is not a number (зачёт, осв); otherwise by the rule —
 * YEAR the year mark, MEAN the rounded mean, MAX the higher of the two.
 */
export function proposeFinal(rule: FinalMarkRule, year: string | null, exam: string | null): string | null {
  if (!year) return null;
  if (!exam || !NUMERIC.test(year) || !NUMERIC.test(exam)) return year;
  const y = Number(year);
  const e = Number(exam);
  if (rule === "MEAN") return String(roundMark((y + e) / 2));
  if (rule === "MAX") return String(Math.max(y, e));
  return year;
}
