/**
 * A year's page (/setup/years/:id): period systems, their periods, holidays (R-PLN-4).
 * Writes need can(action, 'year'); a closed year answers 423 (R-YR-1); another school's ids 404.
 */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { isoDate } from "../../lib/dates.ts";
import { flash } from "../../lib/views.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import * as cal from "./calendar.service.ts";
import { KIND_NAMES, PERIOD_COUNT, STATUS_NAMES } from "./years.messages.ts";
import { parseHoliday, parsePeriod, parseSet } from "./years.schemas.ts";
import { findWritableYear, isYearWritable } from "./years.service.ts";
import { idParam, submitted, typed } from "./years.http.ts";

export const calendarRouter = Router();

const STYLES = ["/static/css/years.css"];
const common = { styles: STYLES, KIND_NAMES, PERIOD_COUNT, STATUS_NAMES };
const yearUrl = (id: number) => `/setup/years/${id}`;
const canCreate = requirePermission("year", "create");
const canUpdate = requirePermission("year", "update");
const canDelete = requirePermission("year", "delete");

/** The year page; after a rejected form, `form` names the form whose values and errors are shown. */
async function renderYear(req: Request, res: Response, form = "", values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) {
  const data = await cal.yearCalendar(req.actor!.schoolId, idParam(req.params.id));
  res.page("years/show", { title: `Учебный год ${data.year.name}`, ...common, ...data, writable: isYearWritable(data.year), form, values, errors }, status);
}

/** Parses, calls the service, and on bad input shows the year page again with that form's errors. */
async function yearForm<T>(
  req: Request,
  res: Response,
  form: string,
  parsed: { ok: true; data: T } | { ok: false; errors: FieldErrors },
  run: (data: T) => Promise<unknown>,
) {
  if (!parsed.ok) {
    await renderYear(req, res, form, typed(req.body), parsed.errors, 422);
    return false;
  }
  const data = parsed.data;
  return submitted(
    () => run(data),
    (errors) => renderYear(req, res, form, typed(req.body), errors, 422),
  );
}

calendarRouter.get("/setup/years/:id", requirePermission("year", "view"), async (req, res) => {
  await renderYear(req, res);
});

// ---- period systems

calendarRouter.post("/setup/years/:id/period-sets", canCreate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  if (!(await yearForm(req, res, "set", parseSet(req.body), (d) => cal.createSet(req.actor!, year.id, d)))) return;
  flash(req, "ok", "Система периодов добавлена");
  res.redirect(yearUrl(year.id));
});

const renderSet = (
  res: Response,
  year: { id: number; name: string },
  set: { id: number; locked: boolean },
  values: Record<string, unknown>,
  errors: FieldErrors = {},
  status = 200,
) => res.page("years/set-edit", { title: "Система периодов: изменение", ...common, year, set, values, errors }, status);

calendarRouter.get("/setup/years/:id/period-sets/:setId/edit", canUpdate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const set = await cal.findSet(year.schoolId, year.id, idParam(req.params.setId));
  renderSet(res, year, set, { kind: set.kind, gradeFrom: String(set.gradeFrom), gradeTo: String(set.gradeTo) });
});

calendarRouter.post("/setup/years/:id/period-sets/:setId", canUpdate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const set = await cal.findSet(year.schoolId, year.id, idParam(req.params.setId));
  const parsed = parseSet(req.body);
  const invalid = (errors: FieldErrors) => renderSet(res, year, set, typed(req.body), errors, 422);
  if (!parsed.ok) return invalid(parsed.errors);
  if (!(await submitted(() => cal.updateSet(req.actor!, year.id, set.id, parsed.data), invalid))) return;
  flash(req, "ok", "Система периодов сохранена");
  res.redirect(yearUrl(year.id));
});

calendarRouter.post("/setup/years/:id/period-sets/:setId/delete", canDelete, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  await cal.deleteSet(req.actor!, year.id, idParam(req.params.setId));
  flash(req, "ok", "Система периодов удалена");
  res.redirect(yearUrl(year.id));
});

// «Заполнить типовыми датами»: one transaction replaces the set's periods.
calendarRouter.post("/setup/years/:id/period-sets/:setId/standard", canUpdate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const setId = idParam(req.params.setId);
  let n = 0;
  const ok = await submitted(
    async () => (n = await cal.fillStandardPeriods(req.actor!, year.id, setId)),
    (errors) => renderYear(req, res, `standard-${setId}`, {}, errors, 422),
  );
  if (!ok) return;
  flash(req, "ok", `Заданы типовые даты: периодов — ${n}`);
  res.redirect(yearUrl(year.id));
});

// ---- periods

calendarRouter.post("/setup/years/:id/period-sets/:setId/periods", canCreate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const set = await cal.findSet(year.schoolId, year.id, idParam(req.params.setId));
  if (!(await yearForm(req, res, `period-${set.id}`, parsePeriod(req.body), (d) => cal.createPeriod(req.actor!, year.id, set.id, d)))) return;
  flash(req, "ok", "Период добавлен");
  res.redirect(yearUrl(year.id));
});

type PeriodRow = Awaited<ReturnType<typeof cal.findPeriod>>;
const renderPeriod = (
  res: Response,
  year: { id: number; name: string },
  period: PeriodRow,
  values: Record<string, unknown>,
  errors: FieldErrors = {},
  status = 200,
) => res.page("years/period-edit", { title: `${period.name}: изменение`, ...common, year, period, values, errors }, status);

calendarRouter.get("/setup/years/:id/periods/:periodId/edit", canUpdate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const period = await cal.findPeriod(year.schoolId, year.id, idParam(req.params.periodId));
  renderPeriod(res, year, period, { number: String(period.number), startDate: isoDate(period.startDate), endDate: isoDate(period.endDate) });
});

calendarRouter.post("/setup/years/:id/periods/:periodId", canUpdate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const period = await cal.findPeriod(year.schoolId, year.id, idParam(req.params.periodId));
  const parsed = parsePeriod(req.body);
  const invalid = (errors: FieldErrors) => renderPeriod(res, year, period, typed(req.body), errors, 422);
  if (!parsed.ok) return invalid(parsed.errors);
  if (!(await submitted(() => cal.updatePeriod(req.actor!, year.id, period.id, parsed.data), invalid))) return;
  flash(req, "ok", "Период сохранён");
  res.redirect(yearUrl(year.id));
});

calendarRouter.post("/setup/years/:id/periods/:periodId/delete", canDelete, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  await cal.deletePeriod(req.actor!, year.id, idParam(req.params.periodId));
  flash(req, "ok", "Период удалён");
  res.redirect(yearUrl(year.id));
});

// ---- holidays

calendarRouter.post("/setup/years/:id/holidays", canCreate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  if (!(await yearForm(req, res, "holiday", parseHoliday(req.body), (d) => cal.createHoliday(req.actor!, year.id, d)))) return;
  flash(req, "ok", "Каникулы добавлены");
  res.redirect(yearUrl(year.id));
});

const renderHoliday = (
  res: Response,
  year: { id: number; name: string },
  holiday: { id: number; name: string },
  values: Record<string, unknown>,
  errors: FieldErrors = {},
  status = 200,
) => res.page("years/holiday-edit", { title: `Каникулы «${holiday.name}»: изменение`, ...common, year, holiday, values, errors }, status);

calendarRouter.get("/setup/years/:id/holidays/:holidayId/edit", canUpdate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const h = await cal.findHoliday(year.schoolId, year.id, idParam(req.params.holidayId));
  const grade = (g: number | null) => (g === null ? "" : String(g));
  renderHoliday(res, year, h, {
    name: h.name,
    startDate: isoDate(h.startDate),
    endDate: isoDate(h.endDate),
    gradeFrom: grade(h.gradeFrom),
    gradeTo: grade(h.gradeTo),
  });
});

calendarRouter.post("/setup/years/:id/holidays/:holidayId", canUpdate, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const h = await cal.findHoliday(year.schoolId, year.id, idParam(req.params.holidayId));
  const parsed = parseHoliday(req.body);
  const invalid = (errors: FieldErrors) => renderHoliday(res, year, h, typed(req.body), errors, 422);
  if (!parsed.ok) return invalid(parsed.errors);
  if (!(await submitted(() => cal.updateHoliday(req.actor!, year.id, h.id, parsed.data), invalid))) return;
  flash(req, "ok", "Каникулы сохранены");
  res.redirect(yearUrl(year.id));
});

calendarRouter.post("/setup/years/:id/holidays/:holidayId/delete", canDelete, async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  await cal.deleteHoliday(req.actor!, year.id, idParam(req.params.holidayId));
  flash(req, "ok", "Каникулы удалены");
  res.redirect(yearUrl(year.id));
});
