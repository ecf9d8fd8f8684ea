/**
 * Record rules of closing a year (R-YR-1): when a year may be closed, which decisions a
 * student may get, and the default decision from the year final marks.
 */
import type { YearDecisionKind } from "../../generated/prisma/enums.ts";
import { TEXT } from "./year-close.text.ts";

/** Grades whose students finish a level of education (ОГЭ after 9, ЕГЭ after 11). No school-type setting exists yet. */
export const GRADUATING_GRADES: readonly number[] = [9, 11];
/** The highest grade: nobody is promoted from it. */
export const TOP_GRADE = 11;
/** Year marks that make an academic debt. */
export const FAILING_VALUES: readonly string[] = ["2", "1", "н/а", "незач"];

/** R-YR-1: a year may be closed only after its last period has ended (the day after, at the earliest). */
export function hasEnded(lastDay: Date, asOf: Date): boolean {
  return asOf.getTime() > lastDay.getTime();
}

export function isGraduatingGrade(grade: number): boolean {
  return GRADUATING_GRADES.includes(grade);
}

/**
 * The default decision from the year final marks: graduating grades graduate (with a debt
 * they are retained: not admitted to the state exams); any failing mark gives a conditional
 * promotion with those subjects as the debt; otherwise promotion.
 */
export function defaultDecision(grade: number, debtSubjectIds: readonly number[]): YearDecisionKind {
  if (isGraduatingGrade(grade)) return debtSubjectIds.length ? "RETAIN" : "GRADUATE";
  if (grade >= TOP_GRADE) return "RETAIN";
  return debtSubjectIds.length ? "PROMOTE_CONDITIONAL" : "PROMOTE";
}

/** Why a decision does not fit the student (a Russian message), or null when it does. */
export function decisionError(grade: number, kind: YearDecisionKind, debtSubjectIds: readonly number[]): string | null {
  if (kind === "GRADUATE" && !isGraduatingGrade(grade)) return TEXT.graduateOnlyFinal;
  if ((kind === "PROMOTE" || kind === "PROMOTE_CONDITIONAL") && grade >= TOP_GRADE) return TEXT.noPromotionFrom11;
  if (kind === "PROMOTE_CONDITIONAL" && !debtSubjectIds.length) return TEXT.noDebts;
  return null;
}

/** The grade a student goes to in the next year, or null when leaving the school. */
export function targetGrade(grade: number, kind: YearDecisionKind): number | null {
  if (kind === "GRADUATE") return null;
  if (kind === "RETAIN") return grade;
  return grade + 1;
}
