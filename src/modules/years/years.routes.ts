/** Academic years, period systems, periods and holidays (/setup/years), school settings (/admin/school). */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { isoDate } from "../../lib/dates.ts";
import { flash } from "../../lib/views.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { calendarRouter } from "./calendar.routes.ts";
import { schoolRouter } from "./school.routes.ts";
import { STATUS_NAMES } from "./years.messages.ts";
import { parseYear } from "./years.schemas.ts";
import { createYear, findWritableYear, isYearWritable, makeCurrent, updateYear, yearsOf } from "./years.service.ts";
import { idParam, submitted, typed } from "./years.http.ts";

export const yearsRouter = Router();

const STYLES = ["/static/css/years.css"];

async function renderList(req: Request, res: Response, values: Record<string, string> = {}, errors: FieldErrors = {}, status = 200) {
  const years = await yearsOf(req.actor!.schoolId);
  res.page("years/index", { title: "Учебные годы", styles: STYLES, years, STATUS_NAMES, isYearWritable, values, errors }, status);
}

yearsRouter.get("/setup/years", requirePermission("year", "view"), async (req, res) => {
  await renderList(req, res);
});

// Create a DRAFT year (R-YR-1).
yearsRouter.post("/setup/years", requirePermission("year", "create"), async (req, res) => {
  const parsed = parseYear(req.body);
  if (!parsed.ok) return renderList(req, res, typed(req.body), parsed.errors, 422);
  let id = 0;
  const ok = await submitted(
    async () => (id = (await createYear(req.actor!, parsed.data)).id),
    (errors) => renderList(req, res, typed(req.body), errors, 422),
  );
  if (!ok) return;
  flash(req, "ok", `Учебный год ${parsed.data.name} создан как черновик. Задайте периоды и каникулы.`);
  res.redirect(`/setup/years/${id}`);
});

const renderEdit = (res: Response, year: { id: number; name: string }, values: Record<string, unknown>, errors: FieldErrors = {}, status = 200) =>
  res.page("years/edit", { title: `Учебный год ${year.name}: изменение`, styles: STYLES, year, values, errors }, status);

// Edit name and dates of a DRAFT or CURRENT year; a CLOSED one is Locked (R-YR-1).
yearsRouter.get("/setup/years/:id/edit", requirePermission("year", "update"), async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  renderEdit(res, year, { name: year.name, startDate: isoDate(year.startDate), endDate: isoDate(year.endDate) });
});

yearsRouter.post("/setup/years/:id", requirePermission("year", "update"), async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  const parsed = parseYear(req.body);
  if (!parsed.ok) return renderEdit(res, year, typed(req.body), parsed.errors, 422);
  const ok = await submitted(
    () => updateYear(req.actor!, year.id, parsed.data),
    (errors) => renderEdit(res, year, typed(req.body), errors, 422),
  );
  if (!ok) return;
  flash(req, "ok", "Учебный год сохранён");
  res.redirect(`/setup/years/${year.id}`);
});

// R-YR-1: a DRAFT year becomes CURRENT only while no other year is current.
yearsRouter.post("/setup/years/:id/make-current", requirePermission("year", "update"), async (req, res) => {
  const year = await findWritableYear(req.actor!.schoolId, idParam(req.params.id));
  await makeCurrent(req.actor!, year.id);
  flash(req, "ok", `Учебный год ${year.name} стал текущим`);
  res.redirect("/setup/years");
});

yearsRouter.use(calendarRouter);
yearsRouter.use(schoolRouter);
