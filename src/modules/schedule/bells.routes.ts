/** /schedule/bells: bell schedules, their slots and the classes that use each (R-SCH-1). */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { field, parseForm, z } from "../../lib/validation.ts";
import { assignBellClasses, classesForBells, createBell, deleteBell, getBell, listBells, updateBell } from "./bells.service.ts";
import { bellSchema, parseSlots } from "./schedule.schemas.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { formatMinute } from "./schedule.text.ts";

export const bellsRouter = Router();
const styles = ["/static/css/schedule.css"];

bellsRouter.get("/bells", requirePermission("timetable", "view"), async (req, res) => {
  res.page("schedule/bells", { title: "Расписание звонков", schedules: await listBells(actorOf(req)), formatMinute, styles });
});

bellsRouter.get("/bells/new", requirePermission("timetable", "create"), (_req, res) => {
  res.page("schedule/bell-form", { title: "Новое расписание звонков", bell: null, classes: [], values: {}, styles });
});

/** Parses the whole bells form: name, default flag and the slot rows. */
function parseBellForm(body: Record<string, unknown>) {
  const head = parseForm(bellSchema, body);
  const { slots, errors } = parseSlots(body);
  const all = { ...(head.ok ? {} : head.errors), ...errors };
  if (!head.ok || Object.keys(errors).length) return { ok: false as const, errors: all };
  return { ok: true as const, data: { ...head.data, slots } };
}

async function rerender(req: Request, res: Response, bellId: number | null, errors: Record<string, string>) {
  const bell = bellId ? await getBell(actorOf(req), bellId) : null;
  const classes = bell ? await classesForBells(actorOf(req)) : [];
  res.page("schedule/bell-form", { title: bell ? bell.name : "Новое расписание звонков", bell, classes, values: typed(bodyOf(req)), errors, styles }, 422);
}

bellsRouter.post("/bells", requirePermission("timetable", "create"), async (req, res) => {
  const parsed = parseBellForm(bodyOf(req));
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = await createBell(actorOf(req), parsed.data))) : parsed.errors;
  if (errors) return rerender(req, res, null, errors);
  flash(req, "ok", "Расписание звонков сохранено");
  res.redirect(`/schedule/bells/${id}/edit`);
});

/** The form's values from a saved schedule: name, default flag, «08:30» times. */
function valuesOf(bell: Awaited<ReturnType<typeof getBell>>) {
  const v: Record<string, unknown> = { name: bell.name, isDefault: bell.isDefault };
  for (const s of bell.slots) [v[`start${s.number}`], v[`end${s.number}`]] = [formatMinute(s.startMinute), formatMinute(s.endMinute)];
  return v;
}

bellsRouter.get("/bells/:id/edit", requirePermission("timetable", "update"), async (req, res) => {
  const bell = await getBell(actorOf(req), idParam(req));
  res.page("schedule/bell-form", { title: bell.name, bell, classes: await classesForBells(actorOf(req)), values: valuesOf(bell), styles });
});

bellsRouter.post("/bells/:id", requirePermission("timetable", "update"), async (req, res) => {
  const bell = await getBell(actorOf(req), idParam(req));
  const parsed = parseBellForm(bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => updateBell(actorOf(req), bell.id, parsed.data)) : parsed.errors;
  if (errors) return rerender(req, res, bell.id, errors);
  flash(req, "ok", "Расписание звонков сохранено");
  res.redirect(`/schedule/bells/${bell.id}/edit`);
});

const classesSchema = z.object({ classIds: field.many(field.id("класс")) });

bellsRouter.post("/bells/:id/classes", requirePermission("timetable", "update"), async (req, res) => {
  const bell = await getBell(actorOf(req), idParam(req));
  const parsed = parseForm(classesSchema, bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => assignBellClasses(actorOf(req), bell.id, parsed.data.classIds)) : parsed.errors;
  if (errors)
    return res.page(
      "schedule/bell-form",
      { title: bell.name, bell, classes: await classesForBells(actorOf(req)), values: valuesOf(bell), errors, styles },
      422,
    );
  flash(req, "ok", "Классы расписания звонков сохранены");
  res.redirect(`/schedule/bells/${bell.id}/edit`);
});

bellsRouter.post("/bells/:id/delete", requirePermission("timetable", "delete"), async (req, res) => {
  const bell = await getBell(actorOf(req), idParam(req));
  const errors = await formErrors(() => deleteBell(actorOf(req), bell.id));
  if (errors)
    return res.page(
      "schedule/bell-form",
      { title: bell.name, bell, classes: await classesForBells(actorOf(req)), values: valuesOf(bell), errors, styles },
      422,
    );
  flash(req, "ok", "Расписание звонков удалено");
  res.redirect("/schedule/bells");
});
