/**
 * /methodical — methodical associations (002 §4, R-REG-9):
 *   GET  /methodical                   the list (the administration: all; a teacher: those the teacher leads)
 *   GET  /methodical/new, POST /methodical          a new association (the administration)
 *   GET  /methodical/:id               its page: teachers, subjects, journals with the КТП pace, results
 *   GET  /methodical/:id/edit, POST /methodical/:id  editing; POST /methodical/:id/delete
 * An association outside the actor's view is a 404.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { attempt, bodyOf, idParam, typed } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { pctOf } from "../reports/progress.service.ts";
import { canManageAssociations } from "./methodical.policy.ts";
import { parseAssociation } from "./methodical.schemas.ts";
import { associationForEdit, associationOptions, associationPage, deleteAssociation, listAssociations, saveAssociation } from "./methodical.service.ts";
import { MO_TEXT } from "./methodical.text.ts";

export const methodicalRouter = Router();
const view = requirePermission("methodical-association", "view");
const create = requirePermission("methodical-association", "create");
const update = requirePermission("methodical-association", "update");

methodicalRouter.get("/", view, async (req, res) => {
  const actor = actorOf(req);
  res.page("methodical/index", { title: MO_TEXT.title, list: await listAssociations(actor), manage: canManageAssociations(actor), MO_TEXT });
});

async function formPage(req: Request, res: Response, id: number | null, values: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const options = await associationOptions(actorOf(req).schoolId);
  res.page("methodical/form", { title: id ? "Изменение объединения" : MO_TEXT.newTitle, associationId: id, values, errors, ...options, MO_TEXT }, status);
}

methodicalRouter.get("/new", create, (req, res) => formPage(req, res, null, { memberIds: [], subjectIds: [] }));

methodicalRouter.post("/", create, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseAssociation(body);
  const r = parsed.ok ? await attempt(() => saveAssociation(actorOf(req), null, parsed.data)) : parsed;
  if (!r.ok) return formPage(req, res, null, typed(body), r.errors, 422);
  flash(req, "ok", MO_TEXT.created);
  res.redirect(`/methodical/${r.value}`);
});

methodicalRouter.get("/:id", view, async (req, res) => {
  const actor = actorOf(req);
  const page = await associationPage(actor, idParam(req));
  res.page("methodical/show", { title: page.name, page, manage: canManageAssociations(actor), pctOf, MO_TEXT });
});

methodicalRouter.get("/:id/edit", update, async (req, res) => {
  const id = idParam(req);
  await formPage(req, res, id, await associationForEdit(actorOf(req), id));
});

methodicalRouter.post("/:id", update, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseAssociation(body);
  const r = parsed.ok ? await attempt(() => saveAssociation(actorOf(req), id, parsed.data)) : parsed;
  if (!r.ok) return formPage(req, res, id, typed(body), r.errors, 422);
  flash(req, "ok", MO_TEXT.saved);
  res.redirect(`/methodical/${id}`);
});

methodicalRouter.post("/:id/delete", requirePermission("methodical-association", "delete"), async (req, res) => {
  await deleteAssociation(actorOf(req), idParam(req));
  flash(req, "ok", MO_TEXT.deleted);
  res.redirect("/methodical");
});
