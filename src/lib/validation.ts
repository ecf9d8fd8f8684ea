/**
 * zod at the edge: form fields with Russian messages, and parseForm(), which
 * turns zod issues into { field: message } for the form to show beside fields.
 */
import { z } from "zod";
import { ValidationError } from "./errors.ts";
import { parseIsoDate } from "./dates.ts";

z.config(z.locales.ru());

export { z };

export const field = {
  /** A required single-line text. */
  text: (max = 200) =>
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim() : v),
      z.string({ message: "Заполните поле" }).min(1, "Заполните поле").max(max, `Не длиннее ${max} символов`),
    ),
  /** An optional text: empty becomes null. */
  optionalText: (max = 2000) =>
    z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)),
      z.string().max(max, `Не длиннее ${max} символов`).nullable(),
    ),
  /** A whole number within bounds. */
  int: (min: number, max: number, what = "число") =>
    z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
      z
        .number({ message: `Укажите ${what}` })
        .int(`Укажите целое ${what}`)
        .min(min, `Не меньше ${min}`)
        .max(max, `Не больше ${max}`),
    ),
  optionalInt: (min: number, max: number) =>
    z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? null : Number(v.trim())) : (v ?? null)),
      z.number({ message: "Укажите число" }).int("Укажите целое число").min(min, `Не меньше ${min}`).max(max, `Не больше ${max}`).nullable(),
    ),
  /** A decimal number such as hours per week: «1,5» and «1.5» both accepted. */
  decimal: (min: number, max: number) =>
    z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim().replace(",", "."))) : v),
      z
        .number({ message: "Укажите число" })
        .min(min, `Не меньше ${String(min).replace(".", ",")}`)
        .max(max, `Не больше ${max}`),
    ),
  /** A database id chosen from a list. */
  id: (what = "значение") =>
    z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v),
      z
        .number({ message: `Выберите ${what}` })
        .int(`Выберите ${what}`)
        .positive(`Выберите ${what}`)
        .max(2147483647, `Выберите ${what}`),
    ),
  optionalId: () =>
    z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? null : Number(v)) : (v ?? null)),
      z.number({ message: "Неверное значение" }).int("Неверное значение").positive("Неверное значение").max(2147483647).nullable(),
    ),
  /** A date from <input type="date"> (ГГГГ-ММ-ДД) or typed as ДД.ММ.ГГГГ; becomes a UTC-midnight Date. */
  date: () =>
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim() : (v ?? "")),
      z
        .string({ message: "Укажите дату" })
        .min(1, "Укажите дату")
        .transform((v, ctx) => {
          const d = parseIsoDate(v);
          if (!d) {
            ctx.addIssue({ code: "custom", message: "Дата в формате ДД.ММ.ГГГГ" });
            return z.NEVER;
          }
          return d;
        }),
    ),
  optionalDate: () =>
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim() : (v ?? "")),
      z.string().transform((v, ctx) => {
        if (v === "") return null;
        const d = parseIsoDate(v);
        if (!d) {
          ctx.addIssue({ code: "custom", message: "Дата в формате ДД.ММ.ГГГГ" });
          return z.NEVER;
        }
        return d;
      }),
    ),
  /** An HTML checkbox: present means true. */
  checkbox: () => z.preprocess((v) => v === "on" || v === "true" || v === "1" || v === true, z.boolean()),
  /** A set of checkboxes with the same name: zero, one or many values. */
  many: <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(item)),
  enumOf: <const T extends readonly [string, ...string[]]>(values: T, message = "Выберите значение из списка") => z.enum(values, { message }),
};

export type FieldErrors = Record<string, string>;

/** Parses input; returns the data or { field: message } (the first message of each field). */
export function parseForm<T extends z.ZodType>(schema: T, input: unknown): { ok: true; data: z.output<T> } | { ok: false; errors: FieldErrors } {
  // A missing body is an empty form; a missing single value stays missing (an optional field is fine).
  const result = schema.safeParse(input == null && schema instanceof z.ZodObject ? {} : input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: issuesToFields(result.error.issues) };
}

/** Parses or throws ValidationError (for handlers that let the error middleware answer). */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = parseForm(schema, input);
  if (!r.ok) throw new ValidationError(r.errors);
  return r.data;
}

function issuesToFields(issues: z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "_form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Query-string parameters: page number and search text, never trusted. */
export const listQuery = z.object({
  page: z.preprocess((v) => (typeof v === "string" ? Number(v) : 1), z.number().int().min(1).max(100000).catch(1)),
  q: z.preprocess((v) => (typeof v === "string" ? v.trim().slice(0, 100) : ""), z.string().catch("")),
});
