/** Form plumbing: a service call whose ValidationError becomes { field: message } for a 422 page. */
import { ValidationError } from "../../lib/errors.ts";
import type { FieldErrors } from "../../lib/validation.ts";

export async function formErrors(fn: () => Promise<unknown>): Promise<FieldErrors | null> {
  try {
    await fn();
    return null;
  } catch (e) {
    if (e instanceof ValidationError) return e.fields;
    throw e;
  }
}
