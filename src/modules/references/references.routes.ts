/**
 * /admin/references — «Справочники» (002 §4, 004 plan item 15, R-REG-9):
 *   GET  /admin/references[/:kind]              the lists, one tab per kind (deputies read)
 *   POST /admin/references/:kind                 add an entry (open lists only)
 *   POST /admin/references/:kind/:code           rename / reorder
 *   POST /admin/references/:kind/:code/archive   archive; …/restore brings it back
 *   POST /admin/references/:kind/:code/delete    delete an own entry no record keeps
 * A code the school's list does not have (another school's entry, a guessed one) is a 404.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { attempt, bodyOf, typed } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { canAdd } from "./references.policy.ts";
import { codeParam, kindParam, parseEntry } from "./references.schemas.ts";
import { addEntry, deleteEntry, referenceList, setArchived, updateEntry } from "./references.service.ts";
import { KINDS, REF_TEXT, REFERENCE_KINDS, type ReferenceKind } from "./references.text.ts";

export const referencesRouter = Router();
const styles = ["/static/css/years.css"];

const kindOf = (req: Request): ReferenceKind => {
  const k = kindParam.safeParse(req.params.kind);
  if (!k.success) throw new NotFound();
  return k.data;
};
const codeOf = (req: Request): string => {
  const c = codeParam.safeParse(req.params.code);
  if (!c.success) throw new NotFound();
  return c.data;
};

/** The page of one list; `form` names the form whose typed values and errors are shown again ("new" or a code). */
async function render(req: Request, res: Response, kind: ReferenceKind, form?: { key: string; values: Record<string, unknown>; errors: FieldErrors }) {
  const entries = await referenceList(actorOf(req).schoolId, kind);
  res.page(
    "references/index",
    {
      title: REF_TEXT.title,
      styles,
      kinds: REFERENCE_KINDS.map((k) => ({ kind: k, title: KINDS[k].title })),
      kind,
      def: KINDS[kind],
      entries,
      canAdd: canAdd(kind),
      form,
      REF_TEXT,
    },
    form ? 422 : 200,
  );
}

referencesRouter.get("/", requirePermission("reference-list", "view"), (_req, res) => res.redirect(`/admin/references/${REFERENCE_KINDS[0]}`));
referencesRouter.get("/:kind", requirePermission("reference-list", "view"), (req, res) => render(req, res, kindOf(req)));

referencesRouter.post("/:kind", requirePermission("reference-list", "create"), async (req, res) => {
  const kind = kindOf(req);
  const body = bodyOf(req);
  const parsed = parseEntry(body);
  const r = parsed.ok ? await attempt(() => addEntry(actorOf(req), kind, parsed.data)) : parsed;
  if (!r.ok) return render(req, res, kind, { key: "new", values: typed(body), errors: r.errors });
  flash(req, "ok", REF_TEXT.added);
  res.redirect(`/admin/references/${kind}`);
});

referencesRouter.post("/:kind/:code", requirePermission("reference-list", "update"), async (req, res) => {
  const kind = kindOf(req);
  const code = codeOf(req);
  const body = bodyOf(req);
  const parsed = parseEntry(body);
  const r = parsed.ok ? await attempt(() => updateEntry(actorOf(req), kind, code, parsed.data)) : parsed;
  if (!r.ok) return render(req, res, kind, { key: code, values: typed(body), errors: r.errors });
  flash(req, "ok", REF_TEXT.saved);
  res.redirect(`/admin/references/${kind}`);
});

for (const [action, archived] of [
  ["archive", true],
  ["restore", false],
] as const)
  referencesRouter.post(`/:kind/:code/${action}`, requirePermission("reference-list", "update"), async (req, res) => {
    const kind = kindOf(req);
    await setArchived(actorOf(req), kind, codeOf(req), archived);
    flash(req, "ok", archived ? REF_TEXT.archived : REF_TEXT.restored);
    res.redirect(`/admin/references/${kind}`);
  });

referencesRouter.post("/:kind/:code/delete", requirePermission("reference-list", "delete"), async (req, res) => {
  const kind = kindOf(req);
  await deleteEntry(actorOf(req), kind, codeOf(req));
  flash(req, "ok", REF_TEXT.deleted);
  res.redirect(`/admin/references/${kind}`);
});
