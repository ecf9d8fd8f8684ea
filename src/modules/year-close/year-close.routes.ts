/**
 * Closing the year (R-YR-1): /year-close overview with the year selector, the pre-close check
 * with acknowledgements, the council's decisions per class, the closing itself and its
 * progress page. Administrator only (year-close view/create).
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { formatDate, formatDateTime, isoDate } from "../../lib/dates.ts";
import { Conflict, NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { parseForm, parseOrThrow, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { findRun, startClose } from "./close.service.ts";
import { classDecisions, decisionClasses, fillDefaultDecisions, saveClassDecisions } from "./decisions.service.ts";
import { acknowledgeItems, closeOverview, closeRun, yearCheck, yearOfSchool, type AcademicYear } from "./overview.service.ts";
import { ackSchema, closeSchema, decisionChoices, defaultsSchema, orderSchema, DECISION_KINDS } from "./year-close.schemas.ts";
import { STATUS_NAMES, selectYear } from "../setup/year-select.service.ts";
import { DECISION_NAMES, STEP_NAMES } from "./year-close.text.ts";
import { debtsRouter } from "./debts.routes.ts";

export const yearCloseRouter = Router();
const styles = ["/static/css/year-close.css"];
const scripts = ["/static/js/year-close.js"];
const view = requirePermission("year-close", "view");
const create = requirePermission("year-close", "create");
const helpers = { formatDate, formatDateTime, isoDate, STATUS_NAMES, DECISION_NAMES, STEP_NAMES, DECISION_KINDS };

/**
 * The overview of the year chosen by ?year= (or of `shown`, the year a refused form was posted for); `refusal`
 * is why closing was refused (before the year's end, decisions missing), shown on the page above the form.
 */
async function renderOverview(
  req: Request,
  res: Response,
  form: { shown?: AcademicYear; values?: Record<string, unknown>; errors?: FieldErrors; refusal?: string } = {},
  status = 200,
) {
  const actor = actorOf(req);
  const selected = await selectYear(req, actor.schoolId, true);
  const year = form.shown ?? selected.year;
  const { years } = selected;
  if (!year) return res.page("year-close/index", { title: "Закрытие учебного года", styles, year: null, years, ...helpers });
  const { lastDay, closableFrom, ended, check, run } = await closeOverview(actor, year);
  const { values = {}, errors = {}, refusal = null } = form;
  res.page(
    "year-close/index",
    { title: "Закрытие учебного года", styles, year, years, lastDay, closableFrom, ended, check, run, values, errors, refusal, ...helpers },
    status,
  );
}

yearCloseRouter.use(debtsRouter);

yearCloseRouter.get("/", view, async (req, res) => renderOverview(req, res));

yearCloseRouter.get("/:yearId/check", view, async (req, res) => {
  const { year, check } = await yearCheck(actorOf(req), idParam(req, "yearId"));
  res.page("year-close/check", { title: `Проверка перед закрытием ${year.name}`, styles, scripts, year, check, ...helpers });
});

yearCloseRouter.post("/:yearId/acks", create, async (req, res) => {
  const year = await yearOfSchool(actorOf(req), idParam(req, "yearId"));
  const n = await acknowledgeItems(actorOf(req), year.id, parseOrThrow(ackSchema, req.body));
  flash(req, "ok", n ? `Принято к сведению пунктов: ${n}` : "Не выбрано ни одного пункта");
  res.redirect(`/year-close/${year.id}/check`);
});

async function renderDecisionClasses(req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, status = 200) {
  const { year, classes } = await decisionClasses(actorOf(req).schoolId, idParam(req, "yearId"));
  res.page("year-close/decisions", { title: `Решения педсовета, ${year.name}`, styles, year, classes, values, errors, ...helpers }, status);
}

yearCloseRouter.get("/:yearId/decisions", view, async (req, res) => renderDecisionClasses(req, res));

yearCloseRouter.post("/:yearId/decisions/defaults", create, async (req, res) => {
  const year = await yearOfSchool(actorOf(req), idParam(req, "yearId"));
  const parsed = parseForm(defaultsSchema, req.body);
  if (!parsed.ok) return renderDecisionClasses(req, res, typed(req.body), parsed.errors, 422);
  const { classId, ...order } = parsed.data;
  const n = await fillDefaultDecisions(actorOf(req), year.id, order, classId);
  flash(req, "ok", `Решения по умолчанию записаны для учеников: ${n}`);
  res.redirect(classId ? `/year-close/${year.id}/decisions/${classId}` : `/year-close/${year.id}/decisions`);
});

async function renderClass(req: Request, res: Response, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const data = await classDecisions(actorOf(req).schoolId, idParam(req, "yearId"), idParam(req, "classId"));
  const v = values ?? {
    orderNumber: data.order?.orderNumber ?? "",
    orderDate: data.order?.orderDate ?? "",
    ...Object.fromEntries(data.rows.map((r) => [`kind-${r.studentId}`, r.decision?.kind ?? r.suggested])),
  };
  res.page(
    "year-close/class",
    { title: `Решения педсовета: ${data.cls.name} класс, ${data.year.name}`, styles, ...data, values: v, errors, ...helpers },
    status,
  );
}

yearCloseRouter.get("/:yearId/decisions/:classId", view, async (req, res) => renderClass(req, res));

yearCloseRouter.post("/:yearId/decisions/:classId", create, async (req, res) => {
  const yearId = idParam(req, "yearId");
  const classId = idParam(req, "classId");
  const order = parseForm(orderSchema, req.body);
  const picked = decisionChoices(bodyOf(req));
  const invalid = { ...(order.ok ? {} : order.errors), ...picked.errors };
  let n = 0;
  const errors =
    order.ok && !Object.keys(picked.errors).length
      ? await formErrors(async () => (n = await saveClassDecisions(actorOf(req), yearId, classId, order.data, picked.choices)))
      : invalid;
  if (errors) return renderClass(req, res, typed(req.body), errors, 422);
  flash(req, "ok", `Решения сохранены: ${n}`);
  res.redirect(`/year-close/${yearId}/decisions/${classId}`);
});

yearCloseRouter.post("/:yearId/close", create, async (req, res) => {
  const year = await yearOfSchool(actorOf(req), idParam(req, "yearId"));
  const parsed = parseForm(closeSchema, req.body);
  if (!parsed.ok) return renderOverview(req, res, { shown: year, values: typed(req.body), errors: parsed.errors }, 422);
  let started: Awaited<ReturnType<typeof startClose>>;
  try {
    started = await startClose(actorOf(req), year.id);
  } catch (err) {
    // Refused before any work (the year has not ended, decisions missing): the reason on the overview itself.
    if (err instanceof Conflict) return renderOverview(req, res, { shown: year, values: typed(req.body), refusal: err.message }, 409);
    throw err;
  }
  if (started.runId === null) {
    flash(req, "info", started.message ?? "");
    return res.redirect(`/year-close?year=${year.id}`);
  }
  res.redirect(`/year-close/runs/${started.runId}`);
});

yearCloseRouter.get("/runs/:runId/status", view, async (req, res) => {
  const run = await findRun(actorOf(req).schoolId, idParam(req, "runId"));
  if (!run) throw new NotFound();
  res.json({ status: run.status, step: run.step, stepName: STEP_NAMES[run.step ?? ""] ?? run.step, progress: run.progress, error: run.error });
});

yearCloseRouter.get("/runs/:runId", view, async (req, res) => {
  const { run, year, next } = await closeRun(actorOf(req), idParam(req, "runId"));
  // Without JavaScript the page reloads itself while the run goes on (HTTP Refresh header).
  if (run.status === "RUNNING") res.set("Refresh", "2");
  res.page("year-close/run", {
    title: `Закрытие учебного года ${year.name}`,
    styles,
    scripts,
    run,
    year,
    next,
    stats: run.stats as Record<string, unknown> | null,
    ...helpers,
  });
});
