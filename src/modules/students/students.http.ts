/** Request helpers of the module: path ids, and turning service field errors into a re-rendered form. */
import type { Request } from "express";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { DuplicateError, type Duplicate } from "./students.service.ts";

export const STYLES = ["/static/css/students.css"];

/** A numeric path parameter; anything else is a 404. */
export function idParam(req: Request, name = "id"): number {
  const raw = String(req.params[name] ?? "");
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > 2147483647) throw new NotFound();
  return id;
}

/** An optional numeric query parameter (?class=): garbage counts as absent. */
export function queryId(req: Request, name: string): number | null {
  const raw = req.query[name];
  if (typeof raw !== "string" || !/^\d{1,10}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= 2147483647 ? n : null;
}

export interface FormFailure {
  errors: FieldErrors;
  duplicates: Duplicate[];
}

/** Runs a service call; field errors (and duplicates) come back as a value for the form. */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | ({ ok: false } & FormFailure)> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof DuplicateError) return { ok: false, errors: e.fields, duplicates: e.duplicates };
    if (e instanceof ValidationError) return { ok: false, errors: e.fields, duplicates: [] };
    throw e;
  }
}

/** Values of a Date-bearing row for the form inputs (dates as ГГГГ-ММ-ДД). */
export function formValues(row: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row ?? {})) out[k] = v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? "");
  return out;
}
