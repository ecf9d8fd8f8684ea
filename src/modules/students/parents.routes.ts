/** Parent cards (/students/parents/:id) and adding / linking / unlinking parents in a student's file (R-REG-2). */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { Forbidden } from "../../lib/errors.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { bodyOf, formErrors, idParam, queryText, typed } from "../../lib/http.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { createParent, linkParent, parentCandidates, parentCard, unlinkParent, updateParentCard } from "./parents.service.ts";
import { creationErrors, formValues, prefixed, STYLES } from "./students.http.ts";
import { parentCardSchema, parentCreateSchema, parentLinkSchema } from "./students.schemas.ts";
import { studentFile, type Duplicate } from "./students.service.ts";
import { RELATIONS, SEXES } from "./students.text.ts";

export const parentsRouter = Router();
const viewFile = requirePermission("student-file", "view");
const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
const LISTS = { sexOptions: options(SEXES), relationOptions: options(RELATIONS), RELATIONS };

parentsRouter.get("/parents/:id", viewFile, async (req, res) => {
  const card = await parentCard(actorOf(req), idParam(req));
  res.page("students/parent", { title: card.name, card, ...LISTS, todayIso: isoDate(today()), styles: STYLES });
});

async function renderCardEdit(req: Request, res: Response, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const card = await parentCard(actorOf(req), idParam(req));
  if (!card.canEdit) throw new Forbidden();
  res.page(
    "students/parent-edit",
    { title: "Карточка родителя", card, values: values ?? { ...formValues(card.person), ...formValues(card.profile) }, errors, ...LISTS, styles: STYLES },
    status,
  );
}

parentsRouter.get("/parents/:id/edit", viewFile, (req, res) => renderCardEdit(req, res));

parentsRouter.post("/parents/:id", viewFile, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(parentCardSchema, body);
  let changed = false;
  const errors = parsed.ok ? await formErrors(async () => (changed = await updateParentCard(actorOf(req), id, parsed.data))) : parsed.errors;
  if (errors) return renderCardEdit(req, res, typed(body), errors, 422);
  flash(req, "ok", changed ? "Карточка родителя сохранена" : "Изменений нет");
  res.redirect(`/students/parents/${id}`);
});

async function renderAdd(
  req: Request,
  res: Response,
  values: Record<string, unknown> = {},
  errors: FieldErrors = {},
  duplicates: Duplicate[] = [],
  status = 200,
) {
  const file = await studentFile(actorOf(req), idParam(req));
  if (!file.can.addParent) throw new Forbidden();
  const q = queryText(req, "q").slice(0, 100);
  const candidates = q ? await parentCandidates(actorOf(req), q) : [];
  res.page("students/parent-new", { title: "Добавить родителя", file, q, candidates, values, errors, duplicates, ...LISTS, styles: STYLES }, status);
}

parentsRouter.get("/:id/parents/new", viewFile, (req, res) => renderAdd(req, res));

parentsRouter.post("/:id/parents", viewFile, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(parentCreateSchema, body);
  const failure = parsed.ok ? await creationErrors(() => createParent(actorOf(req), id, parsed.data)) : { errors: parsed.errors, duplicates: [] };
  if (failure) return renderAdd(req, res, typed(body), failure.errors, failure.duplicates, 422);
  flash(req, "ok", "Родитель добавлен");
  res.redirect(`/students/${id}#parents`);
});

parentsRouter.post("/:id/parents/link", viewFile, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(parentLinkSchema, body);
  const errors = parsed.ok ? await formErrors(() => linkParent(actorOf(req), id, parsed.data.personId, parsed.data.relation)) : parsed.errors;
  if (errors) return renderAdd(req, res, { link: typed(body) }, prefixed("link", errors), [], 422);
  flash(req, "ok", "Родитель привязан к ученику");
  res.redirect(`/students/${id}#parents`);
});

parentsRouter.post("/:id/parents/:linkId/delete", viewFile, async (req, res) => {
  const id = idParam(req);
  await unlinkParent(actorOf(req), id, idParam(req, "linkId"));
  flash(req, "ok", "Связь с родителем удалена");
  res.redirect(`/students/${id}#parents`);
});
