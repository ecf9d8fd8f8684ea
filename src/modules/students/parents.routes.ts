/** Parent cards (/students/parents/:id) and adding / linking / unlinking parents in a student's file (R-REG-2). */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { Forbidden } from "../../lib/errors.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { createParent, linkParent, parentCandidates, parentCard, unlinkParent, updateParentCard } from "./parents.service.ts";
import { attempt, formValues, idParam, STYLES } from "./students.http.ts";
import { parentCardSchema, parentCreateSchema, parentLinkSchema } from "./students.schemas.ts";
import { studentFile, type Duplicate } from "./students.service.ts";
import { RELATIONS, SEXES } from "./students.text.ts";

export const parentsRouter = Router();
const viewFile = requirePermission("student-file", "view");
const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
const LISTS = { sexOptions: options(SEXES), relationOptions: options(RELATIONS), RELATIONS };

parentsRouter.get("/students/parents/:id", viewFile, async (req, res) => {
  const card = await parentCard(req.actor!, idParam(req));
  res.page("students/parent", { title: card.name, card, ...LISTS, todayIso: isoDate(today()), styles: STYLES });
});

async function renderCardEdit(req: Request, res: Response, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const card = await parentCard(req.actor!, idParam(req));
  if (!card.canEdit) throw new Forbidden();
  res.page(
    "students/parent-edit",
    { title: "Карточка родителя", card, values: values ?? { ...formValues(card.person), ...formValues(card.profile) }, errors, ...LISTS, styles: STYLES },
    status,
  );
}

parentsRouter.get("/students/parents/:id/edit", viewFile, (req, res) => renderCardEdit(req, res));

parentsRouter.post("/students/parents/:id", viewFile, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(parentCardSchema, req.body);
  if (!parsed.ok) return renderCardEdit(req, res, req.body, parsed.errors, 422);
  const r = await attempt(() => updateParentCard(req.actor!, id, parsed.data));
  if (!r.ok) return renderCardEdit(req, res, req.body, r.errors, 422);
  flash(req, "ok", r.value ? "Карточка родителя сохранена" : "Изменений нет");
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
  const file = await studentFile(req.actor!, idParam(req));
  if (!file.can.addParent) throw new Forbidden();
  const q = typeof req.query.q === "string" ? req.query.q.trim().slice(0, 100) : "";
  const candidates = q ? await parentCandidates(req.actor!, q) : [];
  res.page("students/parent-new", { title: "Добавить родителя", file, q, candidates, values, errors, duplicates, ...LISTS, styles: STYLES }, status);
}

parentsRouter.get("/students/:id/parents/new", viewFile, (req, res) => renderAdd(req, res));

parentsRouter.post("/students/:id/parents", viewFile, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(parentCreateSchema, req.body);
  if (!parsed.ok) return renderAdd(req, res, req.body, parsed.errors, [], 422);
  const r = await attempt(() => createParent(req.actor!, id, parsed.data));
  if (!r.ok) return renderAdd(req, res, req.body, r.errors, r.duplicates, 422);
  flash(req, "ok", "Родитель добавлен");
  res.redirect(`/students/${id}#parents`);
});

parentsRouter.post("/students/:id/parents/link", viewFile, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(parentLinkSchema, req.body);
  const r = parsed.ok
    ? await attempt(() => linkParent(req.actor!, id, parsed.data.personId, parsed.data.relation))
    : { ok: false as const, errors: parsed.errors, duplicates: [] };
  if (!r.ok) return renderAdd(req, res, { link: req.body }, Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [`link.${k}`, v])), [], 422);
  flash(req, "ok", "Родитель привязан к ученику");
  res.redirect(`/students/${id}#parents`);
});

parentsRouter.post("/students/:id/parents/:linkId/delete", viewFile, async (req, res) => {
  const id = idParam(req);
  await unlinkParent(req.actor!, id, idParam(req, "linkId"));
  flash(req, "ok", "Связь с родителем удалена");
  res.redirect(`/students/${id}#parents`);
});
