/**
 * Academic debts of conditional promotions (issue 17, 003 §2.13.3): the list of a year with the deadlines and
 * the liquidations; the administrator and the deputies (entity academic-debt) set a decision's deadline and
 * record a liquidation. A decision or subject outside the school's year is a 404 (debts.service).
 *   GET  /year-close/:yearId/debts
 *   POST /year-close/:yearId/debts/:decisionId/deadline
 *   POST /year-close/:yearId/debts/:decisionId/subjects/:subjectId
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { can, requirePermission } from "../../access/policy.ts";
import { formatDate, isoDate } from "../../lib/dates.ts";
import { formErrors, idParam, typed } from "../../lib/http.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { assertOpenDebt, liquidateDebt, setDebtDeadline, yearDebts } from "./debts.service.ts";
import { debtDeadlineSchema, liquidationSchema } from "./year-close.schemas.ts";

export const debtsRouter = Router();
const styles = ["/static/css/year-close.css"];
const view = requirePermission("academic-debt", "view");
const update = requirePermission("academic-debt", "update");

/** The page; `failed` is the form that was refused (its key, typed values and errors beside the fields). */
async function render(req: Request, res: Response, failed: { key: string; values: Record<string, unknown>; errors: FieldErrors } | null = null, status = 200) {
  const actor = actorOf(req);
  const { year, rows } = await yearDebts(actor, idParam(req, "yearId"));
  res.page(
    "year-close/debts",
    { title: `Академические задолженности, ${year.name}`, styles, year, rows, failed, canEdit: can(actor, "update", "academic-debt"), formatDate, isoDate },
    status,
  );
}

debtsRouter.get("/:yearId/debts", view, async (req, res) => render(req, res));

debtsRouter.post("/:yearId/debts/:decisionId/deadline", update, async (req, res) => {
  const yearId = idParam(req, "yearId");
  const decisionId = idParam(req, "decisionId");
  const parsed = parseForm(debtDeadlineSchema, req.body);
  // A form the page does not show (another school's decision, a guessed id) is a 404, not a 422.
  if (!parsed.ok) await assertOpenDebt(actorOf(req), yearId, decisionId, null);
  let changed = false;
  const errors = parsed.ok
    ? await formErrors(async () => (changed = await setDebtDeadline(actorOf(req), yearId, decisionId, parsed.data.debtDeadline)))
    : parsed.errors;
  if (errors) return render(req, res, { key: `deadline-${decisionId}`, values: typed(req.body), errors }, 422);
  flash(req, "ok", changed ? "Срок ликвидации задолженности сохранён" : "Изменений нет");
  res.redirect(`/year-close/${yearId}/debts#d${decisionId}`);
});

debtsRouter.post("/:yearId/debts/:decisionId/subjects/:subjectId", update, async (req, res) => {
  const yearId = idParam(req, "yearId");
  const decisionId = idParam(req, "decisionId");
  const subjectId = idParam(req, "subjectId");
  const parsed = parseForm(liquidationSchema, req.body);
  if (!parsed.ok) await assertOpenDebt(actorOf(req), yearId, decisionId, subjectId);
  const errors = parsed.ok ? await formErrors(() => liquidateDebt(actorOf(req), yearId, decisionId, subjectId, parsed.data)) : parsed.errors;
  if (errors) return render(req, res, { key: `liq-${decisionId}-${subjectId}`, values: typed(req.body), errors }, 422);
  flash(req, "ok", "Задолженность отмечена как ликвидированная");
  res.redirect(`/year-close/${yearId}/debts#d${decisionId}`);
});
