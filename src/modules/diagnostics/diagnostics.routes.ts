/**
 * /diagnostics — ВПР and the school's diagnostic works (issue 17, 002 §2): the year's works the user reaches,
 * the form of a new work (class-subject, kind, date, maximum score, mark scale) and each work's results form.
 *   GET  /diagnostics?year=ID        the list and the new work's form
 *   POST /diagnostics?year=ID        create a work
 *   GET  /diagnostics/:id            the pupils with their scores and marks
 *   POST /diagnostics/:id/results    save the scores (score-<studentId>)
 *   POST /diagnostics/:id/delete     delete the work with its results
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { can, requirePermission } from "../../access/policy.ts";
import { formatDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { attempt, bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { selectYear } from "../setup/year-select.service.ts";
import { createWork, deleteWork, listWorks, saveResults, workPage } from "./diagnostics.service.ts";
import { scoresOf, workInput, workSchema } from "./diagnostics.schemas.ts";
import { KIND_NAMES, KIND_OPTIONS } from "./diagnostics.text.ts";

export const diagnosticsRouter = Router();
const helpers = { formatDate, KIND_NAMES, KIND_OPTIONS };

async function renderList(req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, status = 200) {
  const actor = actorOf(req);
  const { year, years } = await selectYear(req, actor.schoolId, true);
  if (!year) throw new NotFound("Учебный год не найден");
  const { works, choices } = await listWorks(actor, year.id);
  res.page("diagnostics/index", { title: "ВПР и диагностические работы", year, years, works, choices, values, errors, ...helpers }, status);
}

diagnosticsRouter.get("/", requirePermission("diagnostic-work", "view"), (req, res) => renderList(req, res));

diagnosticsRouter.post("/", requirePermission("diagnostic-work", "create"), async (req, res) => {
  const actor = actorOf(req);
  const { year } = await selectYear(req, actor.schoolId, true);
  if (!year) throw new NotFound("Учебный год не найден");
  const parsed = parseForm(workSchema, req.body);
  const made = parsed.ok ? await attempt(() => createWork(actor, year.id, workInput(parsed.data))) : parsed;
  if (!made.ok) return renderList(req, res, typed(req.body), made.errors, 422);
  flash(req, "ok", "Работа создана: внесите результаты");
  res.redirect(`/diagnostics/${made.value}`);
});

async function renderWork(req: Request, res: Response, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const w = await workPage(actorOf(req), idParam(req));
  const v = values ?? Object.fromEntries(w.rows.map((r) => [`score-${r.studentId}`, r.score ?? ""]));
  res.page(
    "diagnostics/work",
    {
      title: `${KIND_NAMES[w.work.kind]}: ${w.className}, ${w.subject}`,
      ...w,
      values: v,
      errors,
      canReport: can(actorOf(req), "view", "diagnostic-report"),
      ...helpers,
    },
    status,
  );
}

diagnosticsRouter.get("/:id", requirePermission("diagnostic-work", "view"), (req, res) => renderWork(req, res));

diagnosticsRouter.post("/:id/results", requirePermission("diagnostic-work", "update"), async (req, res) => {
  const id = idParam(req);
  let n = 0;
  const errors = await formErrors(async () => (n = await saveResults(actorOf(req), id, scoresOf(bodyOf(req)))));
  if (errors) return renderWork(req, res, typed(req.body), errors, 422);
  flash(req, "ok", `Результаты сохранены: ${n}`);
  res.redirect(`/diagnostics/${id}`);
});

diagnosticsRouter.post("/:id/delete", requirePermission("diagnostic-work", "delete"), async (req, res) => {
  const yearId = await deleteWork(actorOf(req), idParam(req));
  flash(req, "ok", "Работа удалена");
  res.redirect(`/diagnostics?year=${yearId}`);
});
