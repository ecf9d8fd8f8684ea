/**
 * Plausible birth dates (issue 23): a date in the future, or one that makes a pupil 2 or 40 years
 * old, is refused with a message that says the age it gives. Pupils: from 5 to 21 years on
 * 1 September of the school year (narrower when the grade is known: from grade + 4 to grade + 10);
 * staff and parents: adults, from 16 to 100 years today. The zod fields here are the one check for
 * every form that takes a birth date; imports and services with a known grade call
 * birthDateProblem() with it.
 */
import { formatDate, today } from "./dates.ts";
import { field, z } from "./validation.ts";

/** Whose birth date: a pupil (age on 1 September), a staff member or a parent (adults, age today). */
export type BirthOf = "pupil" | "staff" | "parent";

export const PUPIL_AGE = { min: 5, max: 21 } as const;
export const ADULT_AGE = { min: 16, max: 100 } as const;

/** Full years between two days. */
export function fullYears(from: Date, to: Date): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  if (to.getUTCMonth() < from.getUTCMonth() || (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate())) years--;
  return years;
}

/** «1 год», «2 года», «5 лет», «21 год», «11 лет». */
export function yearsText(n: number): string {
  const d = n % 10;
  const dd = n % 100;
  const word = dd >= 11 && dd <= 14 ? "лет" : d === 1 ? "год" : d >= 2 && d <= 4 ? "года" : "лет";
  return `${n} ${word}`;
}

/** «5 лет», «21 года» after «от» / «до». */
function yearsGenitive(n: number): string {
  return `${n} ${n % 10 === 1 && n % 100 !== 11 ? "года" : "лет"}`;
}

/** 1 September of the school year `on` falls in; from July on, the coming one (enrolment for September). */
export function septemberFirst(on: Date): Date {
  const year = on.getUTCMonth() >= 6 ? on.getUTCFullYear() : on.getUTCFullYear() - 1;
  return new Date(Date.UTC(year, 8, 1));
}

/** The ages a pupil of this grade may have on 1 September (any grade: 5–21). */
export function pupilAgeRange(grade?: number | null): { min: number; max: number } {
  if (!grade) return { ...PUPIL_AGE };
  return { min: Math.max(PUPIL_AGE.min, grade + 4), max: Math.min(PUPIL_AGE.max, grade + 10) };
}

const WHO: Record<BirthOf, string> = { pupil: "ученику", staff: "сотруднику", parent: "родителю" };

/**
 * What is wrong with a birth date, in Russian, or null: after today; a pupil's age on 1 September
 * of the school year of `on` (the enrolment date; default today) outside pupilAgeRange(grade);
 * an adult's age today outside 16–100.
 */
export function birthDateProblem(d: Date, of: BirthOf, opts: { grade?: number | null; on?: Date } = {}): string | null {
  const now = today();
  if (d.getTime() > now.getTime()) return `Дата рождения ${formatDate(d)} ещё не наступила. Проверьте год.`;
  if (of === "pupil") {
    const sept = septemberFirst(opts.on ?? now);
    const age = fullYears(d, sept);
    const r = pupilAgeRange(opts.grade);
    if (age >= r.min && age <= r.max) return null;
    const where = opts.grade ? `в ${opts.grade} классе` : "для ученика";
    return `По этой дате рождения ученику на 1 сентября ${sept.getUTCFullYear()} г. ${yearsText(age)}, а ${where} допустимо от ${r.min} до ${yearsGenitive(r.max)}. Проверьте дату рождения.`;
  }
  const age = fullYears(d, now);
  if (age >= ADULT_AGE.min && age <= ADULT_AGE.max) return null;
  return `По этой дате рождения ${WHO[of]} сейчас ${yearsText(age)}, а допустимо от ${ADULT_AGE.min} до ${yearsGenitive(ADULT_AGE.max)}. Проверьте дату рождения.`;
}

const check = (of: BirthOf) => (d: Date | null, ctx: z.RefinementCtx) => {
  const problem = d ? birthDateProblem(d, of) : null;
  if (problem) ctx.addIssue({ code: "custom", message: problem });
};

/** Form fields for a birth date: required or optional, checked for whose it is. */
export const birthDateField = {
  required: (of: BirthOf) => field.date().superRefine(check(of)),
  optional: (of: BirthOf) => field.optionalDate().superRefine(check(of)),
};
