/** Request helpers of the module: the possible duplicates of a refused create form, prefixed field errors, form values of a stored row. */
import { ValidationError } from "../../lib/errors.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { DuplicateError, type Duplicate } from "./students.service.ts";

export const STYLES = ["/static/css/students.css"];

export interface FormFailure {
  errors: FieldErrors;
  duplicates: Duplicate[];
}

/**
 * Runs a create call that may find possible duplicates (R-REG: same full name and birth date):
 * null when it succeeded, else the field errors and the persons a DuplicateError found, which the
 * form lists beside «Всё равно создать».
 */
export async function creationErrors(fn: () => Promise<unknown>): Promise<FormFailure | null> {
  try {
    await fn();
    return null;
  } catch (e) {
    if (e instanceof DuplicateError) return { errors: e.fields, duplicates: e.duplicates };
    if (e instanceof ValidationError) return { errors: e.fields, duplicates: [] };
    throw e;
  }
}

/** Field errors of one form among several on a page, keyed «form.field» (the file page's note, consent, link forms). */
export function prefixed(prefix: string, errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v]));
}

/** Values of a Date-bearing row for the form inputs (dates as ГГГГ-ММ-ДД). */
export function formValues(row: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row ?? {})) out[k] = v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? "");
  return out;
}
