/** /setup/load: the teaching load of a year (R-PLN-2), per row and per teacher. */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { NotFound } from "../../lib/errors.ts";
import { loadCreateSchema, loadUpdateSchema, queryId } from "./setup.schemas.ts";
import { chooseYear, formErrors, idParam, listParams, queryIdParam } from "./setup.common.ts";
import { assertYearWritable } from "./setup.policy.ts";
import { createLoad, deleteLoad, getLoad, listLoad, loadOptions, teacherLoad, updateLoad } from "./load.service.ts";
import { getClass } from "./classes.service.ts";

export const loadRouter = Router();
const styles = ["/static/css/setup.css"];
const scripts = ["/static/js/setup.js"];

loadRouter.get("/setup/load", requirePermission("teaching-load", "view"), async (req, res) => {
  const actor = req.actor!;
  const { q, page } = listParams(req);
  const { year, years } = await chooseYear(actor, queryIdParam(req, "year"));
  const filters = { teacherId: queryIdParam(req, "teacher"), classId: queryIdParam(req, "class"), subjectId: queryIdParam(req, "subject"), q, page };
  const [load, options] = year ? await Promise.all([listLoad(actor, year.id, filters), loadOptions(actor, year.id)]) : [null, null];
  res.page("setup/load", { title: "Учебная нагрузка", year, years, load, options, filters, q, styles, scripts });
});

async function renderNew(req: Request, res: Response, yearId: number, values: Record<string, unknown>, errors = {}, status = 200) {
  const { year } = await chooseYear(req.actor!, yearId);
  assertYearWritable(year!);
  const options = await loadOptions(req.actor!, year!.id);
  res.page("setup/load-form", { title: "Новая строка нагрузки", year, row: null, options, values, errors, styles, scripts }, status);
}

loadRouter.get("/setup/load/new", requirePermission("teaching-load", "create"), async (req, res) => {
  const { year } = await chooseYear(req.actor!, queryIdParam(req, "year"));
  if (!year) throw new NotFound();
  const classId = queryIdParam(req, "class");
  const teacherId = queryIdParam(req, "teacher");
  await renderNew(req, res, year.id, { classId: classId ?? "", teacherId: teacherId ?? "" });
});

loadRouter.post("/setup/load", requirePermission("teaching-load", "create"), async (req, res) => {
  const actor = req.actor!;
  const parsed = parseForm(loadCreateSchema, req.body);
  let yearId: number | null = null;
  const errors = parsed.ok ? await formErrors(async () => (yearId = (await createLoad(actor, parsed.data)).yearId)) : parsed.errors;
  if (errors) {
    // The form's year: the chosen class's, else the one the form was opened for.
    const classId = parsed.ok ? parsed.data.classId : Number(req.body?.classId);
    const cls =
      Number.isInteger(classId) && classId > 0 && classId <= 2147483647
        ? await getClass(actor, classId).catch((e) => {
            if (e instanceof NotFound) return null;
            throw e;
          })
        : null;
    const formYear = cls?.yearId ?? queryId.parse(req.body?.yearId);
    const { year } = await chooseYear(actor, formYear);
    if (!year) throw new NotFound();
    return renderNew(req, res, year.id, req.body, errors, 422);
  }
  flash(req, "ok", "Строка нагрузки добавлена");
  res.redirect(`/setup/load?year=${yearId}`);
});

loadRouter.get("/setup/load/teacher/:personId", requirePermission("teaching-load", "view"), async (req, res) => {
  const actor = req.actor!;
  const personId = idParam(req, "personId");
  const { year, years } = await chooseYear(actor, queryIdParam(req, "year"));
  const data = await teacherLoad(actor, personId, year?.id ?? null);
  res.page("setup/load-teacher", { title: `Нагрузка: ${data.person.name}`, year, years, ...data, styles, scripts });
});

async function renderEdit(req: Request, res: Response, id: number, values?: Record<string, unknown>, errors = {}, status = 200) {
  const row = await getLoad(req.actor!, id);
  assertYearWritable(row.year);
  const options = await loadOptions(req.actor!, row.yearId);
  const v = values ?? { teacherId: row.teacherId, hours: row.hoursText };
  res.page("setup/load-form", { title: "Строка нагрузки", year: row.year, row, options, values: v, errors, styles, scripts }, status);
}

loadRouter.get("/setup/load/:id/edit", requirePermission("teaching-load", "update"), async (req, res) => {
  await renderEdit(req, res, idParam(req));
});

loadRouter.post("/setup/load/:id", requirePermission("teaching-load", "update"), async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(loadUpdateSchema, req.body);
  const errors = parsed.ok ? await formErrors(() => updateLoad(req.actor!, id, parsed.data)) : parsed.errors;
  if (errors) return renderEdit(req, res, id, req.body, errors, 422);
  const row = await getLoad(req.actor!, id);
  flash(req, "ok", "Строка нагрузки сохранена");
  res.redirect(`/setup/load?year=${row.yearId}`);
});

loadRouter.post("/setup/load/:id/delete", requirePermission("teaching-load", "delete"), async (req, res) => {
  const row = await deleteLoad(req.actor!, idParam(req));
  flash(req, "ok", "Строка нагрузки удалена");
  res.redirect(`/setup/load?year=${row.yearId}`);
});
