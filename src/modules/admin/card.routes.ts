/** The institution card (/admin/school/card, a tab of the school settings): the administrator only, can('update', 'school'). */
import { Router, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { isoDate } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { bodyOf, typed } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { parseCard } from "./card.schemas.ts";
import { directorOptions, schoolCard, updateSchoolCard } from "./card.service.ts";
import { CARD_TEXT } from "./card.text.ts";

export const cardRouter = Router();
const guard = requirePermission("school", "update");

const render = async (res: Response, values: Record<string, unknown>, errors: FieldErrors = {}, status = 200) =>
  res.page(
    "admin/card",
    { title: CARD_TEXT.title, styles: ["/static/css/years.css"], values, errors, directors: await directorOptions(actorOf(res.req).schoolId) },
    status,
  );

cardRouter.get("/school/card", guard, async (req, res) => {
  const card = await schoolCard(actorOf(req).schoolId);
  const values = Object.fromEntries(Object.entries(card).map(([k, v]) => [k, v instanceof Date ? isoDate(v) : (v ?? "")]));
  await render(res, values);
});

cardRouter.post("/school/card", guard, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseCard(body);
  if (!parsed.ok) return render(res, typed(body), parsed.errors, 422);
  try {
    const changed = await updateSchoolCard(actorOf(req), parsed.data);
    flash(req, "ok", changed ? CARD_TEXT.saved : CARD_TEXT.unchanged);
  } catch (e) {
    if (e instanceof ValidationError) return render(res, typed(body), e.fields, 422);
    throw e;
  }
  res.redirect("/admin/school/card");
});
