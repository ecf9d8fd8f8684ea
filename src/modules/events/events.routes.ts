/**
 * /events — events and the calendar (issue 18):
 *   GET  /events[?month=YYYY-MM]          «Календарь»: the month of the reader's audience
 *   GET  /events/new, POST /events        creating (the administration; teachers and class teachers for their classes)
 *   GET  /events/:id                      one event (its audience only)
 *   GET  /events/:id/edit, POST /events/:id, POST /events/:id/delete
 *   POST /events/:id/cancel, POST /events/:id/restore   one occurrence of a recurring event (EXDATE)
 *   GET  /events/:id/files/:fileId        the attachment
 * Anything outside the reader's audience or the editor's rights is a 404.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { isoDate } from "../../lib/dates.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { prisma } from "../../lib/db.ts";
import { flash } from "../../lib/views.ts";
import { parseForm, parseOrThrow } from "../../lib/validation.ts";
import { describeFile, fileLimits, sendStoredFile } from "../files/files.service.ts";
import { canCreate } from "./events.policy.ts";
import { ruleParts } from "./events.recurrence.ts";
import { eventInput, monthQuery, occurrenceInput } from "./events.schemas.ts";
import { eventFile, monthGrid, openEvent } from "./events.service.ts";
import { AUDIENCE_NAMES, DESCRIPTION_MAX, MONTH_GENITIVE, MONTH_NAMES, MSG, PLACE_MAX, TITLE_MAX, WEEKDAYS, uploadHint } from "./events.text.ts";
import { createEvent, deleteEvent, eventForEdit, eventTargets, setOccurrenceCancelled, updateEvent } from "./events.write.ts";

export const eventsRouter = Router();
const styles = ["/static/css/events.css"];
const create = requirePermission("event", "create");

eventsRouter.get("/", async (req, res) => {
  const actor = actorOf(req);
  const grid = await monthGrid(actor, monthQuery.parse(req.query).month);
  res.page("events/calendar", { title: `Календарь: ${MONTH_NAMES[grid.monthIndex]} ${grid.year}`, grid, canCreate: canCreate(actor), MONTH_GENITIVE, styles });
});

/** The form's values as typed (lists as arrays of strings), for showing the form again. */
function formValues(body: Record<string, unknown>): Record<string, unknown> {
  const v = typed(body);
  for (const k of ["grades", "classIds", "weekdays"]) v[k] = ([] as unknown[]).concat(v[k] ?? []).map(String);
  return v;
}

async function formPage(req: Request, res: Response, locals: { id?: number; values: Record<string, unknown>; errors?: Record<string, string> }, status = 200) {
  const actor = actorOf(req);
  const existing = locals.id ? await eventForEdit(actor, locals.id) : null;
  res.page(
    "events/form",
    {
      title: existing ? "Изменение события" : "Новое событие",
      event: existing,
      targets: await eventTargets(prisma, actor),
      AUDIENCE_NAMES,
      WEEKDAYS,
      TITLE_MAX,
      DESCRIPTION_MAX,
      PLACE_MAX,
      uploadHint: uploadHint(await fileLimits(prisma, actor.schoolId)),
      values: locals.values,
      errors: locals.errors ?? {},
      styles,
    },
    status,
  );
}

const hhmm = (m: number | null) => (m === null ? "" : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);
/** A single uploaded attachment (`file`). */
const filesOf = (req: Request) => (req.uploads ?? []).filter((u) => u.field === "file");

eventsRouter.get("/new", create, async (req, res) => {
  const targets = await eventTargets(prisma, actorOf(req));
  const date = typeof req.query.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(req.query.date) ? req.query.date : "";
  await formPage(req, res, { values: { audience: targets.audiences.length === 2 ? "CLASSES" : "", startDate: date, grades: [], classIds: [], weekdays: [] } });
});

eventsRouter.post("/", create, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(eventInput, body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = await createEvent(actorOf(req), parsed.data, filesOf(req)))) : parsed.errors;
  if (errors) return formPage(req, res, { values: formValues(body), errors }, 422);
  flash(req, "ok", MSG.created);
  res.redirect(`/events/${id}`);
});

eventsRouter.get("/:id", async (req, res) => {
  const page = await openEvent(actorOf(req), idParam(req));
  res.page("events/show", { title: page.event.title.slice(0, 48), ...page, file: page.event.file ? describeFile(page.event.file) : null, styles });
});

eventsRouter.get("/:id/edit", async (req, res) => {
  const e = await eventForEdit(actorOf(req), idParam(req));
  const rule = e.rrule ? ruleParts(e.rrule) : null;
  const values = {
    title: e.title,
    description: e.description,
    place: e.place,
    audience: e.audience,
    grades: e.grades.map(String),
    classIds: e.classIds.map(String),
    startDate: isoDate(e.startDate),
    endDate: e.endDate.getTime() === e.startDate.getTime() ? "" : isoDate(e.endDate),
    allDay: e.startMinute === null ? "on" : "",
    startTime: hhmm(e.startMinute),
    endTime: hhmm(e.endMinute),
    repeat: rule ? "on" : "",
    weekdays: rule?.weekdays ?? [],
    until: rule?.until ? isoDate(rule.until) : "",
  };
  await formPage(req, res, { id: e.id, values });
});

eventsRouter.post("/:id", async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(eventInput, body);
  const errors = parsed.ok ? await formErrors(() => updateEvent(actorOf(req), id, parsed.data, filesOf(req))) : parsed.errors;
  if (errors) return formPage(req, res, { id, values: formValues(body), errors }, 422);
  flash(req, "ok", MSG.updated);
  res.redirect(`/events/${id}`);
});

eventsRouter.post("/:id/delete", async (req, res) => {
  await deleteEvent(actorOf(req), idParam(req));
  flash(req, "ok", MSG.deleted);
  res.redirect("/events");
});

for (const [path, cancel] of [
  ["cancel", true],
  ["restore", false],
] as const)
  eventsRouter.post(`/:id/${path}`, async (req, res) => {
    const id = idParam(req); // a malformed id names no event: 404 before the form is read
    const { date } = parseOrThrow(occurrenceInput, bodyOf(req));
    await setOccurrenceCancelled(actorOf(req), id, date, cancel);
    flash(req, "ok", cancel ? MSG.cancelled : MSG.restored);
    res.redirect(`/events/${id}`);
  });

eventsRouter.get("/:id/files/:fileId", async (req, res) => {
  const file = await eventFile(actorOf(req), idParam(req), idParam(req, "fileId"));
  if (!file) throw new NotFound();
  await sendStoredFile(res, file);
});
