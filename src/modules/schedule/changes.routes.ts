/** /schedule/changes: changes for one date — cancel, move, substitute, room (R-SCH-2, R-JRN-2). */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { prisma } from "../../lib/db.ts";
import { formatDate, isoDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { flash } from "../../lib/views.ts";
import { field, parseForm } from "../../lib/validation.ts";
import { changesPage, lessonOfDay, removeChange, saveChange, teacherOptions } from "./changes.service.ts";
import { roomOptions } from "./timetable.service.ts";
import { changeSchema } from "./schedule.schemas.ts";
import { dateParam, formErrors, idParam } from "./schedule.common.ts";
import { CHANGE_KIND_NAMES, TEXT } from "./schedule.text.ts";

export const changesRouter = Router();
const styles = ["/static/css/schedule.css"];
const scripts = ["/static/js/schedule.js"];

changesRouter.get("/schedule/changes", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const page = await changesPage(req.actor!, date);
  res.page("schedule/changes", { title: `Изменения в расписании на ${formatDate(date)}`, date, ...page, CHANGE_KIND_NAMES, styles, scripts });
});

const kinds = Object.entries(CHANGE_KIND_NAMES).map(([value, label]) => ({ value, label }));

async function formPage(
  req: Request,
  res: Response,
  entryId: number,
  date: Date,
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
  status = 200,
) {
  const { lesson } = await lessonOfDay(prisma, req.actor!, entryId, date);
  const teachers = await teacherOptions(prisma, req.actor!.schoolId);
  const rooms = await roomOptions(prisma, req.actor!.schoolId);
  res.page(
    "schedule/change-form",
    { title: `Изменение на ${formatDate(date)}`, lesson, date, kinds, teachers, rooms, values, errors, styles, scripts },
    status,
  );
}

function entryDate(req: Request): { entryId: number; date: Date } {
  const source = req.method === "POST" ? req.body : req.query;
  const e = parseForm(field.id(), source?.entry);
  const d = parseForm(field.date(), source?.date);
  if (!e.ok || !d.ok) throw new NotFound();
  return { entryId: e.data, date: d.data };
}

changesRouter.get("/schedule/changes/new", requirePermission("timetable", "update"), async (req, res) => {
  const { entryId, date } = entryDate(req);
  const { lesson } = await lessonOfDay(prisma, req.actor!, entryId, date);
  const c = lesson.change;
  const values = c
    ? {
        kind: c.kind,
        substituteId: lesson.substituteId,
        roomId: c.kind === "ROOM" ? lesson.roomId : null,
        newDate: c.newDate ? isoDate(c.newDate) : "",
        newNumber: c.newNumber,
        note: c.note,
      }
    : { kind: "SUBSTITUTE" };
  await formPage(req, res, entryId, date, values);
});

changesRouter.post("/schedule/changes", requirePermission("timetable", "update"), async (req, res) => {
  const { entryId, date } = entryDate(req);
  const parsed = parseForm(changeSchema, req.body);
  let kept = 0;
  const errors = parsed.ok ? await formErrors(async () => (kept = (await saveChange(req.actor!, entryId, date, parsed.data)).kept)) : parsed.errors;
  if (errors) return formPage(req, res, entryId, date, req.body, errors, 422);
  flash(req, "ok", "Изменение сохранено");
  if (kept) flash(req, "info", TEXT.kept(kept));
  res.redirect(`/schedule/changes?date=${isoDate(date)}`);
});

changesRouter.post("/schedule/changes/:id/delete", requirePermission("timetable", "update"), async (req, res) => {
  const date = await removeChange(req.actor!, idParam(req));
  flash(req, "ok", "Изменение отменено: урок идёт по расписанию");
  res.redirect(`/schedule/changes?date=${isoDate(date)}`);
});
