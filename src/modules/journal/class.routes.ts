/**
 * /class: the class teacher's pages for the own class (deputies and administrators may open
 * any class): daily attendance with absence reasons, absence totals, the weekly completeness
 * check of the class's journals, exemptions (R-JRN-9, R-JRN-12).
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { formatDate, isoDate, parseIsoDate, today } from "../../lib/dates.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import {
  absenceTotals,
  classExemptions,
  createExemption,
  dailyAttendance,
  deleteExemption,
  saveDailyAttendance,
  weeklyCompleteness,
} from "./journal.service.ts";
import { classList } from "./class-checks.service.ts";
import { exemptionInput } from "./journal.schemas.ts";
import { bodyOf, formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { styles } from "./journal.http.ts";
import { ATTENDANCE_LABELS, ATTENDANCE_NAMES } from "./journal.text.ts";

export const classRouter = Router();
const view = requirePermission("journal", "view");

function dateParam(value: unknown): Date {
  return (typeof value === "string" && parseIsoDate(value)) || today();
}

classRouter.get("/", view, async (req, res) => {
  const data = await classList(actorOf(req));
  if (data.led.length === 1 && !data.all.length) return res.redirect(`/class/${data.led[0]!.value}/attendance`);
  res.page("journal/class-index", { title: "Мой класс", ...data, styles });
});

classRouter.get("/:classId", view, (req, res) => res.redirect(`/class/${idParam(req, "classId")}/attendance`));

async function attendancePage(req: Request, res: Response, date: Date, extra: Record<string, unknown> = {}, status = 200) {
  const data = await dailyAttendance(actorOf(req), idParam(req, "classId"), date);
  res.page(
    "journal/class-attendance",
    { title: `Посещаемость ${data.cls.name} за ${formatDate(date)}`, ...data, ATTENDANCE_LABELS, ATTENDANCE_NAMES, isoDay: isoDate(date), styles, ...extra },
    status,
  );
}

classRouter.get("/:classId/attendance", view, (req, res) => attendancePage(req, res, dateParam(req.query.date)));

classRouter.post("/:classId/attendance", requirePermission("journal", "update"), async (req, res) => {
  const body = bodyOf(req);
  const date = dateParam(body.date);
  let changed = 0;
  const errors = await formErrors(async () => (changed = await saveDailyAttendance(actorOf(req), idParam(req, "classId"), date, body)));
  if (errors) return attendancePage(req, res, date, { errors, values: typed(body) }, 422);
  flash(req, "ok", changed ? `Посещаемость сохранена (изменено отметок: ${changed})` : "Изменений нет");
  res.redirect(`/class/${idParam(req, "classId")}/attendance?date=${isoDate(date)}`);
});

classRouter.get("/:classId/absences", view, async (req, res) => {
  const periodId = req.query.period === "year" ? null : queryId(req, "period");
  const data = await absenceTotals(actorOf(req), idParam(req, "classId"), periodId);
  res.page("journal/class-absences", { title: `Пропуски уроков — ${data.cls.name}`, ...data, styles });
});

classRouter.get("/:classId/completeness", view, async (req, res) => {
  const data = await weeklyCompleteness(actorOf(req), idParam(req, "classId"), dateParam(req.query.week));
  res.page("journal/class-completeness", { title: `Заполнение журнала — ${data.cls.name}`, ...data, styles });
});

async function exemptionsPage(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const data = await classExemptions(actorOf(req), idParam(req, "classId"));
  res.page("journal/class-exemptions", { title: `Освобождения — ${data.cls.name}`, ...data, styles, ...extra }, status);
}

classRouter.get("/:classId/exemptions", view, (req, res) => exemptionsPage(req, res));

classRouter.post("/:classId/exemptions", requirePermission("journal", "update"), async (req, res) => {
  const parsed = parseForm(exemptionInput, req.body);
  const errors = parsed.ok ? await formErrors(() => createExemption(actorOf(req), idParam(req, "classId"), parsed.data)) : parsed.errors;
  if (errors) return exemptionsPage(req, res, { values: typed(req.body), errors }, 422);
  flash(req, "ok", "Освобождение записано");
  res.redirect(`/class/${idParam(req, "classId")}/exemptions`);
});

classRouter.post("/:classId/exemptions/:id/delete", requirePermission("journal", "update"), async (req, res) => {
  await deleteExemption(actorOf(req), idParam(req, "classId"), idParam(req, "id"));
  flash(req, "ok", "Освобождение удалено");
  res.redirect(`/class/${idParam(req, "classId")}/exemptions`);
});
