/**
 * Request helpers shared by every module: ids from the URL and the query string, the posted
 * form as typed, field errors of a service call, JSON endpoints. The form POST idiom:
 *
 *   router.post("/things/:id", guard, async (req, res) => {
 *     const parsed = parseForm(schema, req.body);
 *     const errors = parsed.ok ? await formErrors(() => updateThing(actorOf(req), idParam(req), parsed.data)) : parsed.errors;
 *     if (errors) return thingPage(req, res, { values: typed(req.body), errors }, 422);
 *     flash(req, "ok", "Сохранено");
 *     res.redirect(`/things/${idParam(req)}`);
 *   });
 */
import type { NextFunction, Request, Response } from "express";
import { AppError, NotFound, ValidationError } from "./errors.ts";
import type { FieldErrors } from "./validation.ts";

const MAX_ID = 2_147_483_647; // PostgreSQL integer

/** A positive integer id (as text); null for anything else. */
export function parseId(value: unknown): number | null {
  if (typeof value !== "string" || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= MAX_ID ? n : null;
}

/** A positive integer id from the URL (`req.params[name]`); anything else is a 404. */
export function idParam(req: Request, name = "id"): number {
  const n = parseId(req.params[name]);
  if (n === null) throw new NotFound();
  return n;
}

/** An optional id from the query string; garbage counts as absent. */
export function queryId(req: Request, name: string): number | null {
  const v = req.query[name];
  return parseId(typeof v === "string" ? v.trim() : undefined);
}

/** A query-string value as one trimmed string ("" when absent or repeated). */
export function queryText(req: Request, name: string): string {
  const v = req.query[name];
  return typeof v === "string" ? v.trim() : "";
}

/** The request body as a plain record (urlencoded forms and JSON alike). */
export function bodyOf(req: Request): Record<string, unknown> {
  return req.body && typeof req.body === "object" ? (req.body as Record<string, unknown>) : {};
}

/** The posted form as typed, for re-rendering (text fields and lists only, never the CSRF token). */
export function typed(body: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (body && typeof body === "object") for (const [k, v] of Object.entries(body)) if (k !== "_csrf" && (typeof v === "string" || Array.isArray(v))) out[k] = v;
  return out;
}

/** Runs a service call: null when it succeeded, its field errors when it threw a ValidationError (the form is shown again, 422). */
export async function formErrors(fn: () => Promise<unknown>): Promise<FieldErrors | null> {
  try {
    await fn();
    return null;
  } catch (e) {
    if (e instanceof ValidationError) return e.fields;
    throw e;
  }
}

/** Runs a service call that returns a value: { ok, value } or the field errors of its ValidationError. */
export async function attempt<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: FieldErrors }> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, errors: e.fields };
    throw e;
  }
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

/** The route pattern a request matched («/students/:id»), for logs and metrics: never the URL (ids, a searched name); null when no route matched. */
export function routePattern(req: Request): string | null {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === "string" ? `${req.baseUrl}${path}` : null;
}
