/** Forms of the years module, parsed with zod; cross-field rules return { field: message } too. */
import { field, parseForm, z, type FieldErrors } from "../../lib/validation.ts";
import { MSG } from "./years.messages.ts";

type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Field-level parse, then cross-field checks on the parsed data. */
function parseWith<S extends z.ZodType>(schema: S, input: unknown, cross: (d: z.output<S>) => FieldErrors): Parsed<z.output<S>> {
  const r = parseForm(schema, input);
  if (!r.ok) return r;
  const errors = cross(r.data);
  return Object.keys(errors).length ? { ok: false, errors } : r;
}

const yearName = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().replace(/\s*\/\s*/, "/") : v),
  z
    .string({ message: "Заполните поле" })
    .min(1, "Заполните поле")
    .regex(/^\d{4}\/\d{4}$/, MSG.nameFormat)
    .refine((v) => Number(v.slice(5)) === Number(v.slice(0, 4)) + 1, MSG.nameNextYear),
);

const yearSchema = z.object({ name: yearName, startDate: field.date(), endDate: field.date() });
export type YearInput = z.output<typeof yearSchema>;

/** «2027/2028», 01.09.2027 – 31.05.2028: start before end, start in the first year, end in the second. */
export function parseYear(input: unknown): Parsed<YearInput> {
  return parseWith(yearSchema, input, (d) => {
    const errors: FieldErrors = {};
    const first = Number(d.name.slice(0, 4));
    if (d.startDate.getUTCFullYear() !== first) errors.startDate = MSG.startInFirstYear(first);
    if (d.endDate.getTime() <= d.startDate.getTime()) errors.endDate = MSG.endAfterStart;
    else if (d.endDate.getUTCFullYear() !== first + 1) errors.endDate = MSG.endInSecondYear(first + 1);
    return errors;
  });
}

const KINDS = ["QUARTER", "TRIMESTER", "HALF"] as const;
const grade = () => field.int(1, 11, "класс");

const setSchema = z.object({ kind: field.enumOf(KINDS, "Выберите вид периодов"), gradeFrom: grade(), gradeTo: grade() });
export type SetInput = z.output<typeof setSchema>;

export function parseSet(input: unknown): Parsed<SetInput> {
  return parseWith(setSchema, input, (d): FieldErrors => (d.gradeFrom > d.gradeTo ? { gradeTo: MSG.gradeOrder } : {}));
}

const periodSchema = z.object({ number: field.int(1, 4, "номер"), startDate: field.date(), endDate: field.date() });
export type PeriodInput = z.output<typeof periodSchema>;

export function parsePeriod(input: unknown): Parsed<PeriodInput> {
  return parseWith(periodSchema, input, (d): FieldErrors => (d.endDate < d.startDate ? { endDate: MSG.endNotBeforeStart } : {}));
}

const holidaySchema = z.object({
  name: field.text(100),
  startDate: field.date(),
  endDate: field.date(),
  gradeFrom: field.optionalInt(1, 11),
  gradeTo: field.optionalInt(1, 11),
});
export type HolidayInput = z.output<typeof holidaySchema>;

/** Holidays: a name, dates (start ≤ end) and an optional grade range (both ends or none). */
export function parseHoliday(input: unknown): Parsed<HolidayInput> {
  return parseWith(holidaySchema, input, (d) => {
    const errors: FieldErrors = {};
    if (d.endDate < d.startDate) errors.endDate = MSG.endNotBeforeStart;
    if ((d.gradeFrom === null) !== (d.gradeTo === null)) errors[d.gradeFrom === null ? "gradeFrom" : "gradeTo"] = MSG.gradesBoth;
    else if (d.gradeFrom !== null && d.gradeTo !== null && d.gradeFrom > d.gradeTo) errors.gradeTo = MSG.gradeOrder;
    return errors;
  });
}
