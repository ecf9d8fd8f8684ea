/** /setup/classes: classes of a year, class teachers, the class page with its roster, subgroups and load. */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { can, requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, parseId, queryId, typed } from "../../lib/http.ts";
import { classCreateSchema, classUpdateSchema } from "./setup.schemas.ts";
import { chooseYear, dateParam, listParams } from "./setup.common.ts";
import { assertYearWritable, canDeleteClass } from "./setup.policy.ts";
import { classRoster, classTeacherOptions, classUsage, createClass, deleteClass, getClass, listClasses, updateClassTeacher } from "./classes.service.ts";
import { classSubgroups, subgroupSubjectOptions } from "./subgroups.service.ts";
import { classLoad } from "./load.service.ts";

export const classesRouter = Router();
const styles = ["/static/css/setup.css"];
const scripts = ["/static/js/setup.js"];
const GRADES = Array.from({ length: 11 }, (_, i) => ({ value: i + 1, label: String(i + 1) }));

classesRouter.get("/classes", requirePermission("class", "view"), async (req, res) => {
  const { q, page } = listParams(req);
  const { year, years } = await chooseYear(actorOf(req), queryId(req, "year"));
  const classes = year ? await listClasses(actorOf(req), year.id, { q, page }) : null;
  res.page("setup/classes", { title: "Классы", year, years, classes, q, styles, scripts });
});

async function renderNew(req: Request, res: Response, yearId: number, values: Record<string, unknown>, errors = {}, status = 200) {
  const { year } = await chooseYear(actorOf(req), yearId);
  assertYearWritable(year!);
  const teachers = await classTeacherOptions(actorOf(req), yearId);
  res.page("setup/class-new", { title: "Новый класс", year, teachers, grades: GRADES, values, errors, styles }, status);
}

classesRouter.get("/classes/new", requirePermission("class", "create"), async (req, res) => {
  const { year } = await chooseYear(actorOf(req), queryId(req, "year"));
  if (!year) throw new NotFound();
  await renderNew(req, res, year.id, { yearId: year.id });
});

classesRouter.post("/classes", requirePermission("class", "create"), async (req, res) => {
  const body = bodyOf(req);
  const yearId = parseId(body.yearId);
  if (!yearId) throw new NotFound();
  const parsed = parseForm(classCreateSchema, body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = (await createClass(actorOf(req), parsed.data)).id)) : parsed.errors;
  if (errors) return renderNew(req, res, yearId, typed(body), errors, 422);
  flash(req, "ok", "Класс создан");
  res.redirect(`/setup/classes/${id}`);
});

classesRouter.get("/classes/:id", requirePermission("class", "view"), async (req, res) => {
  const actor = actorOf(req);
  const cls = await getClass(actor, idParam(req));
  const { date, bad } = dateParam(req);
  const [roster, subgroups, load, subjects, usage] = await Promise.all([
    classRoster(actor, cls.id, date),
    can(actor, "view", "subgroup") ? classSubgroups(actor, cls.id, date) : null,
    can(actor, "view", "teaching-load") ? classLoad(actor, cls.id) : null,
    can(actor, "create", "subgroup") ? subgroupSubjectOptions(actor, cls.id) : [],
    classUsage(actor, cls.id),
  ]);
  const notices = bad ? ["Дата не распознана, показан состав на сегодня."] : [];
  res.page("setup/class", {
    title: `${cls.name} класс`,
    cls,
    date,
    roster,
    subgroups,
    load,
    notices,
    deletable: canDeleteClass(usage),
    styles,
    scripts,
    subjects: subjects.map((s) => ({ value: s.id, label: s.name })),
  });
});

async function renderEdit(req: Request, res: Response, classId: number, values?: Record<string, unknown>, errors = {}, status = 200) {
  const cls = await getClass(actorOf(req), classId);
  assertYearWritable(cls.year);
  const teachers = await classTeacherOptions(actorOf(req), cls.yearId);
  res.page(
    "setup/class-edit",
    { title: `${cls.name} класс`, cls, teachers, values: values ?? { classTeacherId: cls.classTeacherId ?? "" }, errors, styles },
    status,
  );
}

classesRouter.get("/classes/:id/edit", requirePermission("class", "update"), async (req, res) => {
  await renderEdit(req, res, idParam(req));
});

classesRouter.post("/classes/:id", requirePermission("class", "update"), async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(classUpdateSchema, bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => updateClassTeacher(actorOf(req), id, parsed.data.classTeacherId)) : parsed.errors;
  if (errors) return renderEdit(req, res, id, typed(bodyOf(req)), errors, 422);
  flash(req, "ok", "Классный руководитель сохранён");
  res.redirect(`/setup/classes/${id}`);
});

classesRouter.post("/classes/:id/delete", requirePermission("class", "delete"), async (req, res) => {
  const cls = await getClass(actorOf(req), idParam(req));
  await deleteClass(actorOf(req), cls.id);
  flash(req, "ok", `Класс ${cls.name} удалён`);
  res.redirect(`/setup/classes?year=${cls.yearId}`);
});
