/**
 * «График оценочных процедур» (R-PLN-6) under /planning/assessments, the staff's pages (families see
 * a published schedule in the diary; here they get a 404):
 *   GET  /?year=&period=                          the year's classes for a period, the teacher's classes first, all warnings
 *   GET  /classes/:classId?period=&added=         a class's schedule: calendar of weeks × subjects, the list with warnings,
 *                                                 the form to plan one, exceptions and publishing for the deputy
 *   GET  /classes/:classId/pdf?period=            the class's schedule as a PDF
 *   POST /classes/:classId/planned                plan an assessment (own load; warnings shown after saving)
 *   GET  /classes/:classId?period=&edit=:id       the same page, the form changing planned one :id
 *   POST /planned/:id                             change a planned one (another day, lesson, kind, title)
 *   POST /planned/:id/delete                      remove a planned one
 *   POST /classes/:classId/exceptions             accept a justified exception with a reason (deputy)
 *   POST /exceptions/:id/delete                   withdraw an exception (deputy)
 *   POST /classes/:classId/publication            publish the period's schedule (deputy); …/publication/delete withdraws it
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { isoDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { parseForm } from "../../lib/validation.ts";
import { flash, type PageLocals } from "../../lib/views.ts";
import { acceptException, createPlanned, deletePlanned, plannedForEdit, setPublished, updatePlanned, withdrawException } from "./assessments.edit.ts";
import { schedulePdf, schedulePdfName } from "./assessments.pdf.ts";
import { assertViewSchedules } from "./assessments.policy.ts";
import { exceptionInput, plannedInput, publicationInput } from "./assessments.schemas.ts";
import { classSchedulePage, overview } from "./assessments.service.ts";
import { RULE_NAMES, SOURCE_NAMES, TEXT, periodLine } from "./assessments.text.ts";
import { pickYear } from "./planning-year.ts";

export const assessmentsRouter = Router();
const view = requirePermission("assessment-schedule", "view");
const create = requirePermission("assessment-schedule", "create");
const remove = requirePermission("assessment-schedule", "delete");
const update = requirePermission("assessment-schedule", "update");
const styles = ["/static/css/assessments.css"];
const words = { RULE_NAMES, SOURCE_NAMES, TEXT, periodLine };
const BASE = "/planning/assessments";
const classUrl = (classId: number, periodId?: number | null, extra = "") => `${BASE}/classes/${classId}${periodId ? `?period=${periodId}${extra}` : ""}`;

assessmentsRouter.get("/", view, async (req, res) => {
  const actor = actorOf(req);
  assertViewSchedules(actor);
  const { year, years } = await pickYear(req);
  const data = year ? await overview(actor, year.id, queryId(req, "period")) : null;
  res.page("planning/assessments", { title: TEXT.title, year, years, data, ...words, styles });
});

async function classPage(req: Request, res: Response, periodId: number | null, locals: PageLocals = {}, status = 200) {
  const actor = actorOf(req);
  const page = await classSchedulePage(actor, idParam(req, "classId"), periodId);
  const changed = queryId(req, "changed");
  const added = queryId(req, "added") ?? changed;
  // Right after saving: the rules the new work breaks (saving is never refused for them).
  const addedEntry = added === null ? undefined : page.entries.find((e) => e.items.some((i) => i.plannedId === added));
  const addedWarnings = addedEntry?.warnings.filter((w) => !w.exception) ?? [];
  // Changing a planned one: the form below the list, filled with it (404 outside the actor's scope or class).
  const editId = queryId(req, "edit");
  if (editId !== null && !locals.editing) {
    const row = await plannedForEdit(actor, editId);
    if (row.classId !== page.cls.id) throw new NotFound();
    locals = {
      ...locals,
      editing: { id: row.id },
      values: {
        journal: `${row.subjectId}:${row.subgroupId}`,
        date: isoDate(row.date),
        lessonNumber: row.lessonNumber === null ? "" : String(row.lessonNumber),
        assignmentTypeId: String(row.assignmentTypeId),
        title: row.title,
      },
    };
  }
  const warnIntro = changed !== null ? TEXT.changedWarn : TEXT.addedWarn;
  res.page("planning/assessments-class", { title: `${TEXT.title}: ${page.cls.name}`, page, addedWarnings, warnIntro, ...words, styles, ...locals }, status);
}

assessmentsRouter.get("/classes/:classId", view, async (req, res) => classPage(req, res, queryId(req, "period")));

assessmentsRouter.get("/classes/:classId/pdf", view, async (req, res) => {
  const actor = actorOf(req);
  const page = await classSchedulePage(actor, idParam(req, "classId"), queryId(req, "period"));
  const pdf = await schedulePdf({ schoolName: actor.schoolName, ...page, publishedAt: page.publication?.publishedAt ?? null });
  sendPdf(res, pdf, schedulePdfName(page.cls, page.period));
});

assessmentsRouter.post("/classes/:classId/planned", create, async (req, res) => {
  const classId = idParam(req, "classId");
  const parsed = parseForm(plannedInput, req.body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = (await createPlanned(actorOf(req), classId, parsed.data)).id)) : parsed.errors;
  const periodId = bodyPeriod(req);
  if (errors) return classPage(req, res, periodId, { values: typed(req.body), errors }, 422);
  flash(req, "ok", TEXT.added);
  res.redirect(classUrl(classId, periodId, `&added=${id}`));
});

assessmentsRouter.post("/planned/:id", update, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(plannedInput, req.body);
  let classId = 0;
  const errors = parsed.ok ? await formErrors(async () => ({ classId } = await updatePlanned(actorOf(req), id, parsed.data))) : parsed.errors;
  const periodId = bodyPeriod(req);
  if (errors) {
    const row = await plannedForEdit(actorOf(req), id);
    req.params.classId = String(row.classId);
    return classPage(req, res, periodId, { editing: { id }, values: typed(req.body), errors }, 422);
  }
  flash(req, "ok", TEXT.changed);
  res.redirect(classUrl(classId, periodId, `&changed=${id}`));
});

assessmentsRouter.post("/planned/:id/delete", remove, async (req, res) => {
  const { classId } = await deletePlanned(actorOf(req), idParam(req));
  flash(req, "ok", TEXT.removed);
  res.redirect(classUrl(classId, bodyPeriod(req)));
});

assessmentsRouter.post("/classes/:classId/exceptions", update, async (req, res) => {
  const classId = idParam(req, "classId");
  const parsed = parseForm(exceptionInput, req.body);
  const errors = parsed.ok ? await formErrors(() => acceptException(actorOf(req), classId, parsed.data)) : parsed.errors;
  if (errors) {
    const body = typed(req.body);
    const exceptionForm = { key: `${String(body.subjectId)}:${String(body.date)}:${String(body.rule)}`, values: body, errors };
    return classPage(req, res, bodyPeriod(req), { exceptionForm }, 422);
  }
  flash(req, "ok", TEXT.accepted);
  res.redirect(classUrl(classId, bodyPeriod(req)));
});

assessmentsRouter.post("/exceptions/:id/delete", update, async (req, res) => {
  const { classId } = await withdrawException(actorOf(req), idParam(req));
  flash(req, "ok", TEXT.withdrawn);
  res.redirect(classUrl(classId, bodyPeriod(req)));
});

for (const [path, on] of [
  ["/classes/:classId/publication", true],
  ["/classes/:classId/publication/delete", false],
] as const) {
  assessmentsRouter.post(path, update, async (req, res) => {
    const classId = idParam(req, "classId");
    const parsed = parseForm(publicationInput, req.body);
    if (!parsed.ok) throw new NotFound();
    const done = await setPublished(actorOf(req), classId, parsed.data.periodId, on);
    flash(req, "ok", (on ? TEXT.published : TEXT.unpublished)(done.className, done.periodName));
    res.redirect(classUrl(classId, parsed.data.periodId));
  });
}

/** The period a form posted (a hidden field), null when absent or not an id. */
function bodyPeriod(req: Request): number | null {
  const v = (req.body as Record<string, unknown> | undefined)?.periodId;
  const n = typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : null;
  return n && n > 0 ? n : null;
}
