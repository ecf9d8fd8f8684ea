/**
 * A year's page (/setup/years/:id): period systems, their periods, holidays (R-PLN-4).
 * Writes need can(action, 'year'); a closed year answers 423 (R-YR-1); another school's ids 404.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { isoDate } from "../../lib/dates.ts";
import { flash } from "../../lib/views.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import * as cal from "./calendar.service.ts";
import { KIND_NAMES, PERIOD_COUNT, STATUS_NAMES } from "./years.messages.ts";
import { parseHoliday, parsePeriod, parseSet } from "./years.schemas.ts";
import { findWritableYear, isYearWritable } from "./years.service.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";

export const calendarRouter = Router();

const STYLES = ["/static/css/years.css"];
const common = { styles: STYLES, KIND_NAMES, PERIOD_COUNT, STATUS_NAMES };
const yearUrl = (id: number) => `/setup/years/${id}`;
const canCreate = requirePermission("year", "create");
const canUpdate = requirePermission("year", "update");
const canDelete = requirePermission("year", "delete");

/** The year page; after a rejected form, `form` names the form whose values and errors are shown. */
async function renderYear(req: Request, res: Response, form = "", values: Record<string, unknown> = {}, errors: FieldErrors = {}, status = 200) {
  const data = await cal.yearCalendar(actorOf(req).schoolId, idParam(req));
  res.page("years/show", { title: `Учебный год ${data.year.name}`, ...common, ...data, writable: isYearWritable(data.year), form, values, errors }, status);
}

calendarRouter.get("/years/:id", requirePermission("year", "view"), async (req, res) => {
  await renderYear(req, res);
});

// ---- period systems

calendarRouter.post("/years/:id/period-sets", canCreate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const parsed = parseSet(bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => cal.createSet(actorOf(req), year.id, parsed.data)) : parsed.errors;
  if (errors) return renderYear(req, res, "set", typed(bodyOf(req)), errors, 422);
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

calendarRouter.get("/years/:id/period-sets/:setId/edit", canUpdate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const set = await cal.findSet(year.schoolId, year.id, idParam(req, "setId"));
  renderSet(res, year, set, { kind: set.kind, gradeFrom: String(set.gradeFrom), gradeTo: String(set.gradeTo) });
});

calendarRouter.post("/years/:id/period-sets/:setId", canUpdate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const set = await cal.findSet(year.schoolId, year.id, idParam(req, "setId"));
  const parsed = parseSet(bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => cal.updateSet(actorOf(req), year.id, set.id, parsed.data)) : parsed.errors;
  if (errors) return renderSet(res, year, set, typed(bodyOf(req)), errors, 422);
  flash(req, "ok", "Система периодов сохранена");
  res.redirect(yearUrl(year.id));
});

calendarRouter.post("/years/:id/period-sets/:setId/delete", canDelete, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  await cal.deleteSet(actorOf(req), year.id, idParam(req, "setId"));
  flash(req, "ok", "Система периодов удалена");
  res.redirect(yearUrl(year.id));
});

// «Заполнить типовыми датами»: one transaction replaces the set's periods.
calendarRouter.post("/years/:id/period-sets/:setId/standard", canUpdate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const setId = idParam(req, "setId");
  let n = 0;
  const errors = await formErrors(async () => (n = await cal.fillStandardPeriods(actorOf(req), year.id, setId)));
  if (errors) return renderYear(req, res, `standard-${setId}`, {}, errors, 422);
  flash(req, "ok", `Заданы типовые даты: периодов — ${n}`);
  res.redirect(yearUrl(year.id));
});

// ---- periods

calendarRouter.post("/years/:id/period-sets/:setId/periods", canCreate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const set = await cal.findSet(year.schoolId, year.id, idParam(req, "setId"));
  const parsed = parsePeriod(bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => cal.createPeriod(actorOf(req), year.id, set.id, parsed.data)) : parsed.errors;
  if (errors) return renderYear(req, res, `period-${set.id}`, typed(bodyOf(req)), errors, 422);
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

calendarRouter.get("/years/:id/periods/:periodId/edit", canUpdate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const period = await cal.findPeriod(year.schoolId, year.id, idParam(req, "periodId"));
  renderPeriod(res, year, period, { number: String(period.number), startDate: isoDate(period.startDate), endDate: isoDate(period.endDate) });
});

calendarRouter.post("/years/:id/periods/:periodId", canUpdate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const period = await cal.findPeriod(year.schoolId, year.id, idParam(req, "periodId"));
  const parsed = parsePeriod(bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => cal.updatePeriod(actorOf(req), year.id, period.id, parsed.data)) : parsed.errors;
  if (errors) return renderPeriod(res, year, period, typed(bodyOf(req)), errors, 422);
  flash(req, "ok", "Период сохранён");
  res.redirect(yearUrl(year.id));
});

calendarRouter.post("/years/:id/periods/:periodId/delete", canDelete, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  await cal.deletePeriod(actorOf(req), year.id, idParam(req, "periodId"));
  flash(req, "ok", "Период удалён");
  res.redirect(yearUrl(year.id));
});

// ---- holidays

calendarRouter.post("/years/:id/holidays", canCreate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const parsed = parseHoliday(bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => cal.createHoliday(actorOf(req), year.id, parsed.data)) : parsed.errors;
  if (errors) return renderYear(req, res, "holiday", typed(bodyOf(req)), errors, 422);
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

calendarRouter.get("/years/:id/holidays/:holidayId/edit", canUpdate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const h = await cal.findHoliday(year.schoolId, year.id, idParam(req, "holidayId"));
  const grade = (g: number | null) => (g === null ? "" : String(g));
  renderHoliday(res, year, h, {
    name: h.name,
    startDate: isoDate(h.startDate),
    endDate: isoDate(h.endDate),
    gradeFrom: grade(h.gradeFrom),
    gradeTo: grade(h.gradeTo),
  });
});

calendarRouter.post("/years/:id/holidays/:holidayId", canUpdate, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const h = await cal.findHoliday(year.schoolId, year.id, idParam(req, "holidayId"));
  const parsed = parseHoliday(bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => cal.updateHoliday(actorOf(req), year.id, h.id, parsed.data)) : parsed.errors;
  if (errors) return renderHoliday(res, year, h, typed(bodyOf(req)), errors, 422);
  flash(req, "ok", "Каникулы сохранены");
  res.redirect(yearUrl(year.id));
});

calendarRouter.post("/years/:id/holidays/:holidayId/delete", canDelete, async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  await cal.deleteHoliday(actorOf(req), year.id, idParam(req, "holidayId"));
  flash(req, "ok", "Каникулы удалены");
  res.redirect(yearUrl(year.id));
});
