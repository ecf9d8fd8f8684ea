/** /journal/assignment-types: the kinds of work and their weights, kept by the administrator (R-JRN-1, R-JRN-8). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { assignmentTypeInput } from "./journal.schemas.ts";
import { formErrors, idParam, typed } from "../../lib/http.ts";
import { styles } from "./journal.http.ts";
import { createAssignmentType, getAssignmentType, listAssignmentTypes, setAssignmentTypeArchived, updateAssignmentType } from "./assignment-types.service.ts";

export const assignmentTypesRouter = Router();
/** Mounted under /journal (modules/index.ts): PATH in the router, BASE in links and redirects. */
const PATH = "/assignment-types";
const BASE = `/journal${PATH}`;

assignmentTypesRouter.get(PATH, requirePermission("assignment-type", "view"), async (req, res) => {
  const types = await listAssignmentTypes(actorOf(req).schoolId, true);
  res.page("journal/assignment-types", { title: "Виды работ", types, styles });
});

assignmentTypesRouter.get(`${PATH}/new`, requirePermission("assignment-type", "create"), (_req, res) => {
  res.page("journal/assignment-type-form", { title: "Новый вид работы", type: null, values: { weight: "1", sortOrder: "100" }, styles });
});

assignmentTypesRouter.post(PATH, requirePermission("assignment-type", "create"), async (req, res) => {
  const parsed = parseForm(assignmentTypeInput, req.body);
  const errors = parsed.ok ? await formErrors(() => createAssignmentType(actorOf(req), parsed.data)) : parsed.errors;
  if (errors) return res.page("journal/assignment-type-form", { title: "Новый вид работы", type: null, values: typed(req.body), errors, styles }, 422);
  flash(req, "ok", "Вид работы добавлен");
  res.redirect(BASE);
});

assignmentTypesRouter.get(`${PATH}/:id/edit`, requirePermission("assignment-type", "update"), async (req, res) => {
  const type = await getAssignmentType(actorOf(req), idParam(req, "id"));
  const values = { ...type, weight: String(type.weight).replace(".", ","), isControl: type.isControl ? "on" : "", isAssessment: type.isAssessment ? "on" : "" };
  res.page("journal/assignment-type-form", { title: type.name, type, values, styles });
});

assignmentTypesRouter.post(`${PATH}/:id`, requirePermission("assignment-type", "update"), async (req, res) => {
  const type = await getAssignmentType(actorOf(req), idParam(req, "id"));
  const parsed = parseForm(assignmentTypeInput, req.body);
  const errors = parsed.ok ? await formErrors(() => updateAssignmentType(actorOf(req), type.id, parsed.data)) : parsed.errors;
  if (errors) return res.page("journal/assignment-type-form", { title: type.name, type, values: typed(req.body), errors, styles }, 422);
  flash(req, "ok", "Вид работы сохранён");
  res.redirect(BASE);
});

for (const [path, archived, text] of [
  ["archive", true, "перенесён в архив"],
  ["unarchive", false, "возвращён из архива"],
] as const) {
  assignmentTypesRouter.post(`${PATH}/:id/${path}`, requirePermission("assignment-type", "update"), async (req, res) => {
    await setAssignmentTypeArchived(actorOf(req), idParam(req, "id"), archived);
    flash(req, "ok", `Вид работы ${text}`);
    res.redirect(BASE);
  });
}
