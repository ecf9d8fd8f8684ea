/**
 * Request helpers of the journal: the journal part of a URL, the correction reason of a form,
 * the page's styles and scripts. The general ones (ids, typed values, form errors, JSON
 * endpoints) are lib/http.ts.
 */
import type { Request } from "express";
import { ValidationError } from "../../lib/errors.ts";
import { idParam, queryId } from "../../lib/http.ts";
import { field } from "../../lib/validation.ts";

export const styles = ["/static/css/journal.css"];
export const scripts = ["/static/js/autosave.js", "/static/js/journal.js"];

/** The journal part of a URL: /journal/:classId/:subjectId with ?subgroup=. */
export function journalOf(req: Request) {
  return { classId: idParam(req, "classId"), subjectId: idParam(req, "subjectId"), subgroupId: queryId(req, "subgroup") };
}

/** The URL of a journal page: /journal/:classId/:subjectId + extra, with ?subgroup= and the given query. */
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

/** The optional correction reason of a posted form (absent or blank → null); ValidationError when too long. */
export function reasonOf(body: Record<string, unknown>): string | null {
  const r = field.optionalText(500).safeParse(body.reason);
  if (!r.success) throw new ValidationError({ reason: r.error.issues[0]!.message });
  return r.data;
}
