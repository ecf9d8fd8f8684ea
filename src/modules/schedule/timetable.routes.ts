/** /schedule/classes/:classId and /schedule/entries: a class's weekly timetable and its editing (R-SCH-1..2). */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { createEntry, entryFormData, getEntry, loadIdOfEntry, removeEntry, updateEntry } from "./timetable.service.ts";
import { classWeek } from "./views.service.ts";
import { weekPdf } from "./schedule.pdf.ts";
import { entrySchema, removeEntrySchema } from "./schedule.schemas.ts";
import { bodyOf, formErrors, idParam, queryText, typed } from "../../lib/http.ts";
import { dateParam, getClass } from "./schedule.common.ts";
import { TEXT, WEEKDAYS } from "./schedule.text.ts";
import type { SyncResult } from "./lessons.service.ts";

/** A SyncReport that tells the user about kept lessons on the next page. */
const reportKept = (req: Request) => (r: SyncResult) => {
  if (r.kept) flash(req, "info", TEXT.kept(r.kept));
};

/** ?date= when given (a bad value counts as today, as dateParam does), else null: the class's own year decides. */
const askedDate = (req: Request): Date | null => (queryText(req, "date") ? dateParam(req) : null);

export const timetableRouter = Router();
const styles = ["/static/css/schedule.css"];
const scripts = ["/static/js/schedule.js"];

timetableRouter.get("/classes/:classId", requirePermission("timetable", "view"), async (req, res) => {
  const { cls, grid, date, year, readOnly } = await classWeek(actorOf(req), idParam(req, "classId"), askedDate(req));
  res.page("schedule/week", {
    title: grid.title,
    grid,
    date,
    kind: "class",
    cls,
    year,
    readOnly,
    pdfUrl: `/schedule/classes/${cls.id}/pdf?date=${isoDate(date)}`,
    styles,
    scripts,
  });
});

timetableRouter.get("/classes/:classId/pdf", requirePermission("timetable", "view"), async (req, res) => {
  const { cls, grid, date } = await classWeek(actorOf(req), idParam(req, "classId"), askedDate(req));
  sendPdf(res, await weekPdf(actorOf(req).schoolName, grid, date), `Расписание ${cls.grade}${cls.letter} класса.pdf`);
});

async function formPage(
  req: Request,
  res: Response,
  classId: number,
  entry: Awaited<ReturnType<typeof getEntry>> | null,
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
  status = 200,
) {
  const { cls, loads, rooms } = await entryFormData(actorOf(req), classId);
  const weekdays = WEEKDAYS.slice(1).map((label, i) => ({ value: i + 1, label }));
  const numbers = Array.from({ length: 8 }, (_, i) => ({ value: i + 1, label: String(i + 1) }));
  res.page(
    "schedule/entry-form",
    {
      title: `${entry ? "Урок в расписании" : "Новый урок в расписании"}: ${cls.name}`,
      cls,
      entry,
      loads,
      rooms,
      weekdays,
      numbers,
      values,
      errors,
      today: isoDate(today()),
      styles,
    },
    status,
  );
}

timetableRouter.get("/classes/:classId/entries/new", requirePermission("timetable", "create"), async (req, res) => {
  const values = { weekday: queryText(req, "weekday"), number: queryText(req, "number"), validFrom: isoDate(today()) };
  await formPage(req, res, idParam(req, "classId"), null, values);
});

timetableRouter.post("/classes/:classId/entries", requirePermission("timetable", "create"), async (req, res) => {
  const cls = await getClass(actorOf(req), idParam(req, "classId"));
  const body = bodyOf(req);
  const parsed = parseForm(entrySchema, body);
  const errors = parsed.ok ? await formErrors(() => createEntry(actorOf(req), cls.id, parsed.data, reportKept(req))) : parsed.errors;
  if (errors) return formPage(req, res, cls.id, null, typed(body), errors, 422);
  flash(req, "ok", "Урок добавлен в расписание");
  res.redirect(`/schedule/classes/${cls.id}?date=${isoDate(parsed.ok ? parsed.data.validFrom : today())}`);
});

timetableRouter.get("/entries/:id/edit", requirePermission("timetable", "update"), async (req, res) => {
  const entry = await getEntry(actorOf(req), idParam(req));
  const loadId = await loadIdOfEntry(actorOf(req), entry);
  await formPage(req, res, entry.classId, entry, {
    loadId,
    roomId: entry.roomId,
    weekday: entry.weekday,
    number: entry.number,
    validFrom: isoDate(today()),
    validTo: entry.validTo ? isoDate(entry.validTo) : "",
    fromDate: isoDate(today()),
  });
});

timetableRouter.post("/entries/:id", requirePermission("timetable", "update"), async (req, res) => {
  const entry = await getEntry(actorOf(req), idParam(req));
  const body = bodyOf(req);
  const parsed = parseForm(entrySchema, body);
  const errors = parsed.ok ? await formErrors(() => updateEntry(actorOf(req), entry.id, parsed.data, reportKept(req))) : parsed.errors;
  if (errors) return formPage(req, res, entry.classId, entry, typed(body), errors, 422);
  flash(req, "ok", "Расписание изменено");
  res.redirect(`/schedule/classes/${entry.classId}?date=${isoDate(parsed.ok ? parsed.data.validFrom : today())}`);
});

timetableRouter.post("/entries/:id/delete", requirePermission("timetable", "delete"), async (req, res) => {
  const entry = await getEntry(actorOf(req), idParam(req));
  const body = bodyOf(req);
  const parsed = parseForm(removeEntrySchema, body);
  const errors = parsed.ok ? await formErrors(() => removeEntry(actorOf(req), entry.id, parsed.data.fromDate, reportKept(req))) : parsed.errors;
  if (errors) return formPage(req, res, entry.classId, entry, { ...typed(body), validFrom: isoDate(today()) }, errors, 422);
  flash(req, "ok", "Урок убран из расписания");
  res.redirect(`/schedule/classes/${entry.classId}?date=${isoDate(parsed.ok ? parsed.data.fromDate : today())}`);
});
