/**
 * «Учебный план» (R-PLN-1) under /planning:
 *   GET  /curriculum?year=ID                 the year's plans per grade and profile, class profiles, journal settings
 *   GET  /curriculum.pdf|.xlsx?year=ID       the official document
 *   POST /curriculum                         a new plan of a grade (and profile)
 *   POST /curriculum/copy                    last year's plan into a draft year (all or nothing)
 *   POST /curriculum/journal-settings        «применить к журналу»
 *   POST /curriculum/classes/:classId/profile  a class's profile (R-PLN-1: not during the year)
 *   GET  /curriculum/:id                     a grade's plan; POST settings; POST …/delete; POST …/items (a subject)
 *   GET  /curriculum/items/:itemId/edit      a subject row; POST saves; POST …/delete removes
 * The load check (/load-check) is load-check.routes.ts, mounted here.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { sendDownload } from "../../lib/download.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { flash, type PageLocals } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { prisma } from "../../lib/db.ts";
import { copyPreviousYear } from "./curriculum.copy.ts";
import { curriculumPdf, curriculumXlsx, documentFileName } from "./curriculum.doc.ts";
import { addItem, createCurriculum, deleteCurriculum, deleteItem, setClassProfile, updateCurriculumSettings, updateItem } from "./curriculum.edit.ts";
import { GRADING_NAMES, applyJournalSettings, applyRights, journalDiff } from "./curriculum.journal.ts";
import {
  classProfileSchema,
  curriculumCreateSchema,
  curriculumSettingsSchema,
  itemCreateSchema,
  itemUpdateSchema,
  yearFormSchema,
} from "./curriculum.schemas.ts";
import { getCurriculum, getItem, loadCurricula, yearOverview } from "./curriculum.service.ts";
import { AREAS, ASSESSMENT_FORMS, PART_NAMES, WEEK_NAMES } from "./curriculum.text.ts";
import { loadCheckRouter } from "./load-check.routes.ts";
import { pickYear } from "./planning-year.ts";

export const curriculumRouter = Router();
const view = requirePermission("curriculum", "view");
const create = requirePermission("curriculum", "create");
const update = requirePermission("curriculum", "update");
const remove = requirePermission("curriculum", "delete");
const lists = { AREAS, ASSESSMENT_FORMS, PART_NAMES, WEEK_NAMES, GRADING_NAMES };

async function overviewPage(req: Request, res: Response, yearId?: number, locals: PageLocals = {}, status = 200) {
  const actor = actorOf(req);
  const { year, years } = await pickYear(req, yearId);
  if (!year) return res.page("planning/curriculum", { title: "Учебный план", year, years, ...locals }, status);
  const [overview, diff] = await Promise.all([yearOverview(actor, year), year.status === "CURRENT" ? journalDiff(actor.schoolId, year.id) : null]);
  res.page("planning/curriculum", { title: "Учебный план", year, years, overview, diff, rights: applyRights(actor), ...lists, ...locals }, status);
}

curriculumRouter.get("/curriculum", view, async (req, res) => overviewPage(req, res));

async function sendDocument(req: Request, res: Response, format: "pdf" | "xlsx") {
  const actor = actorOf(req);
  const { year } = await pickYear(req);
  if (!year) throw new NotFound();
  const [school, curricula] = await Promise.all([
    prisma.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { name: true, shortName: true } }),
    loadCurricula(prisma, actor.schoolId, year.id),
  ]);
  const input = { school, year, curricula };
  if (format === "pdf") sendPdf(res, await curriculumPdf(input), documentFileName(year, "pdf"));
  else sendDownload(res, await curriculumXlsx(input), documentFileName(year, "xlsx"));
}

curriculumRouter.get("/curriculum.pdf", view, async (req, res) => sendDocument(req, res, "pdf"));
curriculumRouter.get("/curriculum.xlsx", view, async (req, res) => sendDocument(req, res, "xlsx"));

curriculumRouter.post("/curriculum", create, async (req, res) => {
  const body = bodyOf(req);
  // The year is the form's hidden field: a malformed one is a crafted request, not a typing error.
  if (yearField(body) === undefined) throw new NotFound();
  const parsed = parseForm(curriculumCreateSchema, body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = (await createCurriculum(actorOf(req), parsed.data)).id)) : parsed.errors;
  if (errors) return overviewPage(req, res, yearField(body), { values: typed(body), errors }, 422);
  flash(req, "ok", "Учебный план добавлен: заполните предметы");
  res.redirect(`/planning/curriculum/${id}`);
});

/** The year id posted with a form, or undefined (then the page shows the current year). */
function yearField(body: Record<string, unknown>): number | undefined {
  const parsed = parseForm(yearFormSchema, body);
  return parsed.ok ? parsed.data.yearId : undefined;
}

curriculumRouter.post("/curriculum/copy", create, async (req, res) => {
  const parsed = parseForm(yearFormSchema, bodyOf(req));
  if (!parsed.ok) throw new NotFound();
  let copied = { curricula: 0, items: 0, from: "" };
  const errors = await formErrors(async () => (copied = await copyPreviousYear(actorOf(req), parsed.data.yearId)));
  if (errors) return overviewPage(req, res, parsed.data.yearId, { errors: { copy: errors._form ?? Object.values(errors)[0] ?? "" } }, 422);
  flash(req, "ok", `Скопирован учебный план ${copied.from}: планов — ${copied.curricula}, предметов — ${copied.items}`);
  res.redirect(`/planning/curriculum?year=${parsed.data.yearId}`);
});

curriculumRouter.post("/curriculum/journal-settings", update, async (req, res) => {
  const parsed = parseForm(yearFormSchema, bodyOf(req));
  if (!parsed.ok) throw new NotFound();
  const { year } = await pickYear(req, parsed.data.yearId);
  if (year?.status !== "CURRENT") throw new NotFound();
  const done = await applyJournalSettings(actorOf(req), year.id);
  flash(req, "ok", `Настройки журнала изменены: предметов — ${done.subjects}, параллелей — ${done.grades}`);
  res.redirect(`/planning/curriculum?year=${year.id}#journal`);
});

curriculumRouter.post("/curriculum/classes/:classId/profile", update, async (req, res) => {
  const classId = idParam(req, "classId");
  const body = bodyOf(req);
  const parsed = parseForm(classProfileSchema, body);
  const errors = parsed.ok ? await formErrors(() => setClassProfile(actorOf(req), classId, parsed.data.profile)) : parsed.errors;
  const cls = await prisma.schoolClass.findFirst({ where: { id: classId, schoolId: actorOf(req).schoolId }, select: { yearId: true } });
  if (!cls) throw new NotFound();
  if (errors)
    return overviewPage(req, res, cls.yearId, { profileValues: { [classId]: body.profile }, errors: { [`profile-${classId}`]: errors.profile ?? "" } }, 422);
  flash(req, "ok", "Профиль класса сохранён");
  res.redirect(`/planning/curriculum?year=${cls.yearId}#profiles`);
});

async function gradePage(req: Request, res: Response, id: number, locals: PageLocals = {}, status = 200) {
  const data = await getCurriculum(actorOf(req), id);
  const c = data.curriculum;
  const settings = { profile: c.profile, weekDays: c.weekDays === null ? "" : String(c.weekDays), note: c.note ?? "" };
  res.page(
    "planning/curriculum-grade",
    { title: `Учебный план: ${c.name}`, ...data, settings, values: { part: "MANDATORY", marked: "on" }, ...lists, ...locals },
    status,
  );
}

curriculumRouter.get("/curriculum/items/:itemId/edit", update, async (req, res) => itemPage(req, res, idParam(req, "itemId")));

async function itemPage(req: Request, res: Response, itemId: number, locals: PageLocals = {}, status = 200) {
  const data = await getItem(actorOf(req), itemId);
  const i = data.item;
  const values = {
    area: i.area,
    part: i.part,
    hours: i.hoursText,
    assessmentForm: i.assessmentForm ?? "",
    marked: i.marked ? "on" : "",
    split: i.split ? "on" : "",
  };
  res.page("planning/curriculum-item", { title: `${i.subject}: ${data.curriculum.name}`, ...data, values, ...lists, ...locals }, status);
}

curriculumRouter.post("/curriculum/items/:itemId", update, async (req, res) => {
  const itemId = idParam(req, "itemId");
  const body = bodyOf(req);
  const parsed = parseForm(itemUpdateSchema, body);
  const errors = parsed.ok ? await formErrors(() => updateItem(actorOf(req), itemId, parsed.data)) : parsed.errors;
  if (errors) return itemPage(req, res, itemId, { values: typed(body), errors }, 422);
  const { curriculum } = await getItem(actorOf(req), itemId);
  flash(req, "ok", "Предмет в учебном плане сохранён");
  res.redirect(`/planning/curriculum/${curriculum.id}`);
});

curriculumRouter.post("/curriculum/items/:itemId/delete", remove, async (req, res) => {
  const c = await deleteItem(actorOf(req), idParam(req, "itemId"));
  flash(req, "ok", "Предмет убран из учебного плана");
  res.redirect(`/planning/curriculum/${c.id}`);
});

curriculumRouter.get("/curriculum/:id", view, async (req, res) => gradePage(req, res, idParam(req)));

curriculumRouter.post("/curriculum/:id", update, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(curriculumSettingsSchema, body);
  const errors = parsed.ok ? await formErrors(() => updateCurriculumSettings(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) return gradePage(req, res, id, { settings: typed(body), errors }, 422);
  flash(req, "ok", "Настройки учебного плана сохранены");
  res.redirect(`/planning/curriculum/${id}`);
});

curriculumRouter.post("/curriculum/:id/delete", remove, async (req, res) => {
  const id = idParam(req);
  let yearId = 0;
  const errors = await formErrors(async () => (yearId = (await deleteCurriculum(actorOf(req), id)).yearId));
  if (errors) return gradePage(req, res, id, { errors }, 422);
  flash(req, "ok", "Учебный план удалён");
  res.redirect(`/planning/curriculum?year=${yearId}`);
});

curriculumRouter.post("/curriculum/:id/items", create, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(itemCreateSchema, body);
  const errors = parsed.ok ? await formErrors(() => addItem(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) return gradePage(req, res, id, { values: typed(body), errors }, 422);
  flash(req, "ok", "Предмет добавлен в учебный план");
  res.redirect(`/planning/curriculum/${id}#items`);
});

curriculumRouter.use(loadCheckRouter);
