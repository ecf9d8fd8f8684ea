/**
 * The review, versions and journals of a КТП (R-PLN-3):
 *   POST /:id/submit        the author sends the plan for approval
 *   POST /:id/withdraw      …or takes it back to change it
 *   POST /:id/approve       a reviewer approves it ({ comment? }); not the author
 *   POST /:id/return        a reviewer returns it with a comment (required)
 *   POST /:id/version       a new version of an approved plan (or the one being prepared)
 *   POST /:id/assignments   the journals that follow the plan ({ journals: "classId:subgroupId"[] })
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { attempt, bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { parseForm } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { saveAssignments } from "./plans.assign.ts";
import { planPage } from "./plans.pages.ts";
import { approvePlan, returnPlan, startVersion, submitPlan, withdrawPlan } from "./plans.review.ts";
import { approveSchema, assignSchema, returnSchema } from "./plans.schemas.ts";

export const reviewRouter = Router();
const update = requirePermission("thematic-plan", "update");
const review = requirePermission("plan-review", "update");

reviewRouter.post("/:id/submit", update, async (req, res) => {
  const id = idParam(req);
  const errors = await formErrors(() => submitPlan(actorOf(req), id));
  if (errors) return planPage(req, res, id, { errors }, 422);
  flash(req, "ok", "КТП отправлен на утверждение");
  res.redirect(`/planning/plans/${id}`);
});

reviewRouter.post("/:id/withdraw", update, async (req, res) => {
  const id = idParam(req);
  const errors = await formErrors(() => withdrawPlan(actorOf(req), id));
  if (errors) return planPage(req, res, id, { errors }, 422);
  flash(req, "ok", "КТП отозван с утверждения: его снова можно изменять");
  res.redirect(`/planning/plans/${id}`);
});

reviewRouter.post("/:id/approve", review, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(approveSchema, body);
  const done = parsed.ok ? await attempt(() => approvePlan(actorOf(req), id, parsed.data.comment)) : { ok: false as const, errors: parsed.errors };
  if (!done.ok) return planPage(req, res, id, { review: typed(body), errors: done.errors }, 422);
  flash(req, "ok", done.value.moved ? `КТП утверждён; классов перешло на новую версию: ${done.value.moved}` : "КТП утверждён");
  res.redirect(`/planning/plans/${id}`);
});

reviewRouter.post("/:id/return", review, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(returnSchema, body);
  const errors = parsed.ok ? await formErrors(() => returnPlan(actorOf(req), id, parsed.data.comment)) : parsed.errors;
  if (errors) return planPage(req, res, id, { review: typed(body), errors }, 422);
  flash(req, "ok", "КТП возвращён автору на доработку");
  res.redirect(`/planning/plans/${id}`);
});

reviewRouter.post("/:id/version", update, async (req, res) => {
  const id = idParam(req);
  const done = await attempt(() => startVersion(actorOf(req), id));
  if (!done.ok) return planPage(req, res, id, { errors: done.errors }, 422);
  flash(req, "ok", done.value.created ? "Создана новая версия КТП: измените её и отправьте на утверждение" : "Новая версия КТП уже готовится");
  res.redirect(`/planning/plans/${done.value.id}`);
});

reviewRouter.post("/:id/assignments", update, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(assignSchema, body);
  const done = parsed.ok ? await attempt(() => saveAssignments(actorOf(req), id, parsed.data.journals)) : { ok: false as const, errors: parsed.errors };
  if (!done.ok) {
    const ticked = Array.isArray(body.journals) ? body.journals : body.journals ? [body.journals] : [];
    return planPage(req, res, id, { ticked, errors: { journals: done.errors.journals ?? done.errors._form ?? Object.values(done.errors)[0] ?? "" } }, 422);
  }
  flash(req, "ok", `Классы КТП сохранены: назначено ${done.value.added}, снято ${done.value.removed}`);
  res.redirect(`/planning/plans/${id}#journals`);
});
