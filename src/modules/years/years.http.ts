/** Small request helpers of the years module: route ids and forms that may come back with field errors. */
import { NotFound, ValidationError } from "../../lib/errors.ts";
import type { FieldErrors } from "../../lib/validation.ts";

/** A positive integer id from the URL; anything else is a 404. */
export function idParam(value: unknown): number {
  const n = typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 2147483647) throw new NotFound();
  return n;
}

/** Runs a service call; a ValidationError from it re-renders the form (422) instead. Returns true when it succeeded. */
export async function submitted(run: () => Promise<unknown>, invalid: (errors: FieldErrors) => Promise<void> | void): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    await invalid(e.fields);
    return false;
  }
}

/** The posted form as typed, for re-rendering (only plain string fields; never the CSRF token). */
export function typed(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === "object") for (const [k, v] of Object.entries(body)) if (k !== "_csrf" && typeof v === "string") out[k] = v;
  return out;
}
