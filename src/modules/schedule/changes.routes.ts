/** /schedule/changes: changes for one date — cancel, move, substitute, room (R-SCH-2, R-JRN-2). */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { formatDate, isoDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import { field, parseForm } from "../../lib/validation.ts";
import { changeFormData, changesPage, removeChange, saveChange } from "./changes.service.ts";
import type { DayLesson } from "./day.service.ts";
import { changeSchema } from "./schedule.schemas.ts";
import { dateParam } from "./schedule.common.ts";
import { CHANGE_KIND_NAMES, TEXT } from "./schedule.text.ts";

export const changesRouter = Router();
const styles = ["/static/css/schedule.css"];
const scripts = ["/static/js/schedule.js"];

changesRouter.get("/changes", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const page = await changesPage(actorOf(req), date);
  res.page("schedule/changes", { title: `Изменения в расписании на ${formatDate(date)}`, date, ...page, CHANGE_KIND_NAMES, styles, scripts });
});

const kinds = Object.entries(CHANGE_KIND_NAMES).map(([value, label]) => ({ value, label }));

/** The form's values from the lesson's recorded change (a substitute by default). */
function changeValues(lesson: DayLesson): Record<string, unknown> {
  const c = lesson.change;
  if (!c) return { kind: "SUBSTITUTE" };
  return {
    kind: c.kind,
    substituteId: lesson.substituteId,
    roomId: c.kind === "ROOM" ? lesson.roomId : null,
    newDate: c.newDate ? isoDate(c.newDate) : "",
    newNumber: c.newNumber,
    note: c.note,
  };
}

/** The change form of the entry's lesson on the date; without `values`, those of the recorded change. */
async function formPage(
  req: Request,
  res: Response,
  entryId: number,
  date: Date,
  values: Record<string, unknown> | null,
  errors: Record<string, string> = {},
  status = 200,
) {
  const { lesson, teachers, rooms } = await changeFormData(actorOf(req), entryId, date);
  res.page(
    "schedule/change-form",
    { title: `Изменение на ${formatDate(date)}`, lesson, date, kinds, teachers, rooms, values: values ?? changeValues(lesson), errors, styles, scripts },
    status,
  );
}

/** The entry and the date of a change: from the form when posted, else from the query string; 404 when unreadable. */
function entryDate(req: Request): { entryId: number; date: Date } {
  const source: Record<string, unknown> = req.method === "POST" ? bodyOf(req) : req.query;
  const e = parseForm(field.id(), source.entry);
  const d = parseForm(field.date(), source.date);
  if (!e.ok || !d.ok) throw new NotFound();
  return { entryId: e.data, date: d.data };
}

changesRouter.get("/changes/new", requirePermission("timetable", "update"), async (req, res) => {
  const { entryId, date } = entryDate(req);
  await formPage(req, res, entryId, date, null);
});

changesRouter.post("/changes", requirePermission("timetable", "update"), async (req, res) => {
  const { entryId, date } = entryDate(req);
  const body = bodyOf(req);
  const parsed = parseForm(changeSchema, body);
  let kept = 0;
  const errors = parsed.ok ? await formErrors(async () => (kept = (await saveChange(actorOf(req), entryId, date, parsed.data)).kept)) : parsed.errors;
  if (errors) return formPage(req, res, entryId, date, typed(body), errors, 422);
  flash(req, "ok", "Изменение сохранено");
  if (kept) flash(req, "info", TEXT.kept(kept));
  res.redirect(`/schedule/changes?date=${isoDate(date)}`);
});

changesRouter.post("/changes/:id/delete", requirePermission("timetable", "update"), async (req, res) => {
  const date = await removeChange(actorOf(req), idParam(req));
  flash(req, "ok", "Изменение отменено: урок идёт по расписанию");
  res.redirect(`/schedule/changes?date=${isoDate(date)}`);
});
