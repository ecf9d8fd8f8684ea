/**
 * Closing the year (R-YR-1): /year-close overview with the year selector, the pre-close check
 * with acknowledgements, the council's decisions per class, the closing itself and its
 * progress page. Administrator only (year-close view/create).
 */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { prisma } from "../../lib/db.ts";
import { formatDate, formatDateTime, isoDate, today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { idParam, typed } from "../years/years.http.ts";
import { acknowledge, findSchoolYear, lastStudyDay, preCloseCheck } from "./check.service.ts";
import { findRun, lastRun, startClose } from "./close.service.ts";
import { classDecisions, decisionClasses, fillDefaultDecisions, saveClassDecisions } from "./decisions.service.ts";
import { ackSchema, closeSchema, decisionChoices, defaultsSchema, orderSchema, DECISION_KINDS } from "./year-close.schemas.ts";
import { hasEnded } from "./year-close.policy.ts";
import { STATUS_NAMES, selectYear } from "./year-select.ts";
import { DECISION_NAMES, STEP_NAMES } from "./year-close.text.ts";

export const yearCloseRouter = Router();
const styles = ["/static/css/year-close.css"];
const scripts = ["/static/js/year-close.js"];
const view = requirePermission("year-close", "view");
const create = requirePermission("year-close", "create");
const helpers = { formatDate, formatDateTime, isoDate, STATUS_NAMES, DECISION_NAMES, STEP_NAMES, DECISION_KINDS };

async function renderOverview(req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, status = 200) {
  const { year, years } = await selectYear(req, req.actor!.schoolId, true);
  if (!year) return res.page("year-close/index", { title: "Закрытие учебного года", styles, year: null, years, ...helpers });
  const lastDay = await lastStudyDay(prisma, year);
  const check = year.status === "CURRENT" ? await preCloseCheck(prisma, req.actor!.schoolId, year.id) : null;
  const run = await lastRun(req.actor!.schoolId, year.id);
  const ended = hasEnded(lastDay, today());
  res.page("year-close/index", { title: "Закрытие учебного года", styles, year, years, lastDay, ended, check, run, values, errors, ...helpers }, status);
}

yearCloseRouter.get("/year-close", view, async (req, res) => renderOverview(req, res));

async function schoolYear(req: Request) {
  return findSchoolYear(prisma, req.actor!.schoolId, idParam(req.params.yearId));
}

yearCloseRouter.get("/year-close/:yearId/check", view, async (req, res) => {
  const year = await schoolYear(req);
  const check = await preCloseCheck(prisma, req.actor!.schoolId, year.id);
  res.page("year-close/check", { title: `Проверка перед закрытием ${year.name}`, styles, scripts, year, check, ...helpers });
});

yearCloseRouter.post("/year-close/:yearId/acks", create, async (req, res) => {
  const year = await schoolYear(req);
  const parsed = parseForm(ackSchema, req.body);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  const check = await preCloseCheck(prisma, req.actor!.schoolId, year.id);
  const known = new Set(check.items.map((i) => i.key));
  const keys = parsed.data.all ? [...known] : parsed.data.keys.filter((k) => known.has(k));
  const n = await acknowledge(prisma, req.actor!.schoolId, year.id, req.actor!.userId, keys);
  flash(req, "ok", n ? `Принято к сведению пунктов: ${n}` : "Не выбрано ни одного пункта");
  res.redirect(`/year-close/${year.id}/check`);
});

async function renderDecisionClasses(req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, status = 200) {
  const { year, classes } = await decisionClasses(req.actor!.schoolId, idParam(req.params.yearId));
  res.page("year-close/decisions", { title: `Решения педсовета, ${year.name}`, styles, year, classes, values, errors, ...helpers }, status);
}

yearCloseRouter.get("/year-close/:yearId/decisions", view, async (req, res) => renderDecisionClasses(req, res));

yearCloseRouter.post("/year-close/:yearId/decisions/defaults", create, async (req, res) => {
  const year = await schoolYear(req);
  const parsed = parseForm(defaultsSchema, req.body);
  if (!parsed.ok) return renderDecisionClasses(req, res, typed(req.body), parsed.errors, 422);
  const { classId, ...order } = parsed.data;
  const n = await fillDefaultDecisions(req.actor!, year.id, order, classId);
  flash(req, "ok", `Решения по умолчанию записаны для учеников: ${n}`);
  res.redirect(classId ? `/year-close/${year.id}/decisions/${classId}` : `/year-close/${year.id}/decisions`);
});

async function renderClass(req: Request, res: Response, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const data = await classDecisions(req.actor!.schoolId, idParam(req.params.yearId), idParam(req.params.classId));
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

yearCloseRouter.get("/year-close/:yearId/decisions/:classId", view, async (req, res) => renderClass(req, res));

yearCloseRouter.post("/year-close/:yearId/decisions/:classId", create, async (req, res) => {
  const yearId = idParam(req.params.yearId);
  const classId = idParam(req.params.classId);
  const order = parseForm(orderSchema, req.body);
  const { choices, errors } = decisionChoices((req.body ?? {}) as Record<string, unknown>);
  const all = { ...(order.ok ? {} : order.errors), ...errors };
  if (!order.ok || Object.keys(errors).length) return renderClass(req, res, typed(req.body), all, 422);
  try {
    const n = await saveClassDecisions(req.actor!, yearId, classId, order.data, choices);
    flash(req, "ok", `Решения сохранены: ${n}`);
  } catch (e) {
    if (e instanceof ValidationError) return renderClass(req, res, typed(req.body), e.fields, 422);
    throw e;
  }
  res.redirect(`/year-close/${yearId}/decisions/${classId}`);
});

yearCloseRouter.post("/year-close/:yearId/close", create, async (req, res) => {
  const year = await schoolYear(req);
  const parsed = parseForm(closeSchema, req.body);
  if (!parsed.ok) {
    req.query.year = String(year.id);
    return renderOverview(req, res, typed(req.body), parsed.errors, 422);
  }
  const started = await startClose(req.actor!, year.id);
  if (started.runId === null) {
    flash(req, "info", started.message ?? "");
    return res.redirect(`/year-close?year=${year.id}`);
  }
  res.redirect(`/year-close/runs/${started.runId}`);
});

yearCloseRouter.get("/year-close/runs/:runId/status", view, async (req, res) => {
  const run = await findRun(req.actor!.schoolId, idParam(req.params.runId));
  if (!run) throw new NotFound();
  res.json({ status: run.status, step: run.step, stepName: STEP_NAMES[run.step ?? ""] ?? run.step, progress: run.progress, error: run.error });
});

yearCloseRouter.get("/year-close/runs/:runId", view, async (req, res) => {
  const run = await findRun(req.actor!.schoolId, idParam(req.params.runId));
  if (!run) throw new NotFound();
  const year = await findSchoolYear(prisma, req.actor!.schoolId, run.yearId);
  const next = run.nextYearId ? await prisma.academicYear.findFirst({ where: { id: run.nextYearId, schoolId: req.actor!.schoolId } }) : null;
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
