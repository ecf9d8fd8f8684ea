/** Request helpers of the journal: ids from the URL, JSON answers for the grid's autosave, form re-rendering. */
import type { NextFunction, Request, Response } from "express";
import { AppError, NotFound, ValidationError } from "../../lib/errors.ts";
import { field } from "../../lib/validation.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { optionalQueryId } from "./journal.schemas.ts";

export const styles = ["/static/css/journal.css"];
export const scripts = ["/static/js/journal.js"];

/** A positive integer id from the URL; anything else is a 404. */
export function idParam(req: Request, name: string): number {
  const v = req.params[name];
  const n = typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 2147483647) throw new NotFound();
  return n;
}

/** An optional id from the query string; garbage counts as absent. */
export function queryId(req: Request, name: string): number | null {
  return optionalQueryId.parse(req.query[name]);
}

/** The journal part of a URL: /journal/:classId/:subjectId with ?subgroup=. */
export function journalOf(req: Request) {
  return { classId: idParam(req, "classId"), subjectId: idParam(req, "subjectId"), subgroupId: queryId(req, "subgroup") };
}

export function journalPath(
  j: { classId: number; subjectId: number; subgroupId: number | null },
  extra = "",
  query: Record<string, string | number | null | undefined> = {},
): string {
  const q = new URLSearchParams();
  if (j.subgroupId) q.set("subgroup", String(j.subgroupId));
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return `/journal/${j.classId}/${j.subjectId}${extra}${s ? `?${s}` : ""}`;
}

/**
 * A JSON endpoint: runs the handler and answers { ok: true, ...result }; a ValidationError
 * becomes 422 { error, field, fields }, other known errors their status with { error }.
 */
export function json(handler: (req: Request) => Promise<object>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.json({ ok: true, ...(await handler(req)) });
    } catch (e) {
      if (e instanceof ValidationError) {
        const [field, error] = Object.entries(e.fields)[0] ?? ["_form", e.message];
        res.status(422).json({ error, field, fields: e.fields });
      } else if (e instanceof AppError) res.status(e.status).json({ error: e.message });
      else next(e);
    }
  };
}

/** Runs a service call; field errors come back as a value for the form to show (422). */
export async function formErrors(fn: () => Promise<unknown>): Promise<FieldErrors | null> {
  try {
    await fn();
    return null;
  } catch (e) {
    if (e instanceof ValidationError) return e.fields;
    throw e;
  }
}

/** The posted form as typed, for re-rendering (plain string fields only, never the CSRF token). */
export function typed(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body && typeof body === "object") for (const [k, v] of Object.entries(body)) if (k !== "_csrf" && (typeof v === "string" || Array.isArray(v))) out[k] = v;
  return out;
}

/** The request body as a plain record (urlencoded forms and JSON alike). */
export function bodyOf(req: Request): Record<string, unknown> {
  return req.body && typeof req.body === "object" ? (req.body as Record<string, unknown>) : {};
}

/** The optional correction reason of a posted form (absent or blank → null); ValidationError when too long. */
export function reasonOf(body: Record<string, unknown>): string | null {
  const r = field.optionalText(500).safeParse(body.reason);
  if (!r.success) throw new ValidationError({ reason: r.error.issues[0]!.message });
  return r.data;
}
