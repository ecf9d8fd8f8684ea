/** /setup/load: the teaching load of a year (R-PLN-2), per row and per teacher. */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { field, parseForm } from "../../lib/validation.ts";
import { NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, parseId, queryId, typed } from "../../lib/http.ts";
import { loadCreateSchema, loadUpdateSchema } from "./setup.schemas.ts";
import { chooseYear, listParams } from "./setup.common.ts";
import { assertYearWritable } from "./setup.policy.ts";
import { createLoad, deleteLoad, getLoad, listLoad, loadFormYear, loadOptions, teacherLoad, updateLoad } from "./load.service.ts";

export const loadRouter = Router();
const styles = ["/static/css/setup.css"];
const scripts = ["/static/js/setup.js"];

loadRouter.get("/load", requirePermission("teaching-load", "view"), async (req, res) => {
  const actor = actorOf(req);
  const { q, page } = listParams(req);
  const { year, years } = await chooseYear(actor, queryId(req, "year"));
  const filters = { teacherId: queryId(req, "teacher"), classId: queryId(req, "class"), subjectId: queryId(req, "subject"), q, page };
  const [load, options] = year ? await Promise.all([listLoad(actor, year.id, filters), loadOptions(actor, year.id)]) : [null, null];
  res.page("setup/load", { title: "Учебная нагрузка", year, years, load, options, filters, q, styles, scripts });
});

async function renderNew(req: Request, res: Response, yearId: number, values: Record<string, unknown>, errors = {}, status = 200) {
  const { year } = await chooseYear(actorOf(req), yearId);
  assertYearWritable(year!);
  const options = await loadOptions(actorOf(req), year!.id);
  res.page("setup/load-form", { title: "Новая строка нагрузки", year, row: null, options, values, errors, styles, scripts }, status);
}

loadRouter.get("/load/new", requirePermission("teaching-load", "create"), async (req, res) => {
  const { year } = await chooseYear(actorOf(req), queryId(req, "year"));
  if (!year) throw new NotFound();
  const classId = queryId(req, "class");
  const teacherId = queryId(req, "teacher");
  await renderNew(req, res, year.id, { classId: classId ?? "", teacherId: teacherId ?? "" });
});

loadRouter.post("/load", requirePermission("teaching-load", "create"), async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(loadCreateSchema, body);
  let yearId = 0;
  const errors = parsed.ok ? await formErrors(async () => (yearId = (await createLoad(actorOf(req), parsed.data)).yearId)) : parsed.errors;
  if (errors) {
    // The form's year: the chosen class's, else the one the form was opened for.
    const classId = parseForm(field.id(), body.classId);
    const year = await loadFormYear(actorOf(req), classId.ok ? classId.data : null, parseId(body.yearId));
    return renderNew(req, res, year.id, typed(body), errors, 422);
  }
  flash(req, "ok", "Строка нагрузки добавлена");
  res.redirect(`/setup/load?year=${yearId}`);
});

loadRouter.get("/load/teacher/:personId", requirePermission("teaching-load", "view"), async (req, res) => {
  const actor = actorOf(req);
  const personId = idParam(req, "personId");
  const { year, years } = await chooseYear(actor, queryId(req, "year"));
  const data = await teacherLoad(actor, personId, year?.id ?? null);
  res.page("setup/load-teacher", { title: `Нагрузка: ${data.person.name}`, year, years, ...data, styles, scripts });
});

async function renderEdit(req: Request, res: Response, id: number, values?: Record<string, unknown>, errors = {}, status = 200) {
  const row = await getLoad(actorOf(req), id);
  assertYearWritable(row.year);
  const options = await loadOptions(actorOf(req), row.yearId);
  const v = values ?? { teacherId: row.teacherId, hours: row.hoursText };
  res.page("setup/load-form", { title: "Строка нагрузки", year: row.year, row, options, values: v, errors, styles, scripts }, status);
}

loadRouter.get("/load/:id/edit", requirePermission("teaching-load", "update"), async (req, res) => {
  await renderEdit(req, res, idParam(req));
});

loadRouter.post("/load/:id", requirePermission("teaching-load", "update"), async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(loadUpdateSchema, bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => updateLoad(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) return renderEdit(req, res, id, typed(bodyOf(req)), errors, 422);
  const row = await getLoad(actorOf(req), id);
  flash(req, "ok", "Строка нагрузки сохранена");
  res.redirect(`/setup/load?year=${row.yearId}`);
});

loadRouter.post("/load/:id/delete", requirePermission("teaching-load", "delete"), async (req, res) => {
  const row = await deleteLoad(actorOf(req), idParam(req));
  flash(req, "ok", "Строка нагрузки удалена");
  res.redirect(`/setup/load?year=${row.yearId}`);
});
