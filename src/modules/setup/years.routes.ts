/** Academic years, period systems, periods and holidays (/setup/years). */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { isoDate } from "../../lib/dates.ts";
import { flash } from "../../lib/views.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { calendarRouter } from "./calendar.routes.ts";
import { STATUS_NAMES } from "./years.messages.ts";
import { parseYear } from "./years.schemas.ts";
import { createYear, findWritableYear, isYearWritable, makeCurrent, updateYear, yearsOf } from "./years.service.ts";
import { attempt, bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";

export const yearsRouter = Router();

const STYLES = ["/static/css/years.css"];

async function renderList(req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, status = 200) {
  const years = await yearsOf(actorOf(req).schoolId);
  res.page("years/index", { title: "Учебные годы", styles: STYLES, years, STATUS_NAMES, isYearWritable, values, errors }, status);
}

yearsRouter.get("/years", requirePermission("year", "view"), async (req, res) => {
  await renderList(req, res);
});

// Create a DRAFT year (R-YR-1).
yearsRouter.post("/years", requirePermission("year", "create"), async (req, res) => {
  const parsed = parseYear(bodyOf(req));
  const created = parsed.ok ? await attempt(() => createYear(actorOf(req), parsed.data)) : parsed;
  if (!created.ok) return renderList(req, res, typed(bodyOf(req)), created.errors, 422);
  flash(req, "ok", `Учебный год ${created.value.name} создан как черновик. Задайте периоды и каникулы.`);
  res.redirect(`/setup/years/${created.value.id}`);
});

const renderEdit = (res: Response, year: { id: number; name: string }, values: Record<string, unknown>, errors: FieldErrors = {}, status = 200) =>
  res.page("years/edit", { title: `Учебный год ${year.name}: изменение`, styles: STYLES, year, values, errors }, status);

// Edit name and dates of a DRAFT or CURRENT year; a CLOSED one is Locked (R-YR-1).
yearsRouter.get("/years/:id/edit", requirePermission("year", "update"), async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  renderEdit(res, year, { name: year.name, startDate: isoDate(year.startDate), endDate: isoDate(year.endDate) });
});

yearsRouter.post("/years/:id", requirePermission("year", "update"), async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  const parsed = parseYear(bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => updateYear(actorOf(req), year.id, parsed.data)) : parsed.errors;
  if (errors) return renderEdit(res, year, typed(bodyOf(req)), errors, 422);
  flash(req, "ok", "Учебный год сохранён");
  res.redirect(`/setup/years/${year.id}`);
});

// R-YR-1: a DRAFT year becomes CURRENT only while no other year is current.
yearsRouter.post("/years/:id/make-current", requirePermission("year", "update"), async (req, res) => {
  const year = await findWritableYear(actorOf(req).schoolId, idParam(req));
  await makeCurrent(actorOf(req), year.id);
  flash(req, "ok", `Учебный год ${year.name} стал текущим`);
  res.redirect("/setup/years");
});

yearsRouter.use(calendarRouter);
