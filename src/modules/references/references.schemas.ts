/** Forms of the reference lists (/admin/references). */
import { field, parseForm, z, type FieldErrors } from "../../lib/validation.ts";
import { REFERENCE_KINDS } from "./references.text.ts";

const entrySchema = z.object({ name: field.text(200), sort: field.optionalInt(0, 100000) });
export type EntryInput = z.output<typeof entrySchema>;

export function parseEntry(input: unknown): { ok: true; data: EntryInput } | { ok: false; errors: FieldErrors } {
  return parseForm(entrySchema, input);
}

/** The list in the URL: one of the kinds, else NotFound at the route. */
export const kindParam = z.enum(REFERENCE_KINDS);
/** An entry's code in the URL. */
export const codeParam = z.string().min(1).max(60);
