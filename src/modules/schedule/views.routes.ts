/** /schedule: the index, a teacher's and a room's week, the school's day (all printable and as PDF), divergent lessons, generation. */
import { Router } from "express";
import { requirePermission } from "../../access/policy.ts";
import { formatDate, isoDate } from "../../lib/dates.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { flash } from "../../lib/views.ts";
import { NotFound } from "../../lib/errors.ts";
import { dayLessonText, roomWeek, scheduleIndex, schoolDay, teacherWeek } from "./views.service.ts";
import { dayPdf, weekPdf } from "./schedule.pdf.ts";
import { dateParam, idParam, scheduleYear } from "./schedule.common.ts";
import { deleteDivergentLesson, divergentLessons, generateLessons, keepDivergentLesson } from "./lessons.service.ts";
import { WEEKDAYS } from "./schedule.text.ts";

export const viewsRouter = Router();
const styles = ["/static/css/schedule.css"];
const scripts = ["/static/js/schedule.js"];

viewsRouter.get("/schedule", requirePermission("timetable", "view"), async (req, res) => {
  res.page("schedule/index", { title: "Расписание", ...(await scheduleIndex(req.actor!)), styles });
});

viewsRouter.get("/schedule/teachers/:personId", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const { person, grid } = await teacherWeek(req.actor!, idParam(req, "personId"), date);
  res.page("schedule/week", {
    title: grid.title,
    grid,
    date,
    kind: "teacher",
    cls: null,
    pdfUrl: `/schedule/teachers/${person.id}/pdf?date=${isoDate(date)}`,
    styles,
    scripts,
  });
});

viewsRouter.get("/schedule/teachers/:personId/pdf", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const { person, grid } = await teacherWeek(req.actor!, idParam(req, "personId"), date);
  sendPdf(res, await weekPdf(req.actor!.schoolName, grid, date), `timetable-teacher-${person.id}.pdf`);
});

viewsRouter.get("/schedule/rooms/:roomId", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const { room, grid } = await roomWeek(req.actor!, idParam(req, "roomId"), date);
  res.page("schedule/week", {
    title: grid.title,
    grid,
    date,
    kind: "room",
    cls: null,
    pdfUrl: `/schedule/rooms/${room.id}/pdf?date=${isoDate(date)}`,
    styles,
    scripts,
  });
});

viewsRouter.get("/schedule/rooms/:roomId/pdf", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const { room, grid } = await roomWeek(req.actor!, idParam(req, "roomId"), date);
  sendPdf(res, await weekPdf(req.actor!.schoolName, grid, date), `timetable-room-${room.id}.pdf`);
});

const dayTitle = (date: Date) => `Расписание школы на ${formatDate(date)}, ${WEEKDAYS[date.getUTCDay() || 7]?.toLowerCase() ?? "воскресенье"}`;

viewsRouter.get("/schedule/day", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const grid = await schoolDay(req.actor!, date, dayTitle(date));
  res.page("schedule/day", { title: grid.title, grid, date, dayLessonText, pdfUrl: `/schedule/day/pdf?date=${isoDate(date)}`, styles, scripts });
});

viewsRouter.get("/schedule/day/pdf", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const grid = await schoolDay(req.actor!, date, dayTitle(date));
  sendPdf(res, await dayPdf(req.actor!.schoolName, grid, date), `timetable-day-${isoDate(date)}.pdf`);
});

viewsRouter.get("/schedule/conflicts", requirePermission("timetable", "update"), async (req, res) => {
  const year = await scheduleYear(req.actor!.schoolId);
  const lessons = year ? await divergentLessons(req.actor!.schoolId, year.id) : [];
  res.page("schedule/conflicts", { title: "Уроки, расходящиеся с расписанием", year, lessons, styles });
});

viewsRouter.post("/schedule/conflicts/:lessonId/keep", requirePermission("timetable", "update"), async (req, res) => {
  await keepDivergentLesson(req.actor!, idParam(req, "lessonId"));
  flash(req, "ok", "Урок оставлен в журнале как урок вне расписания");
  res.redirect("/schedule/conflicts");
});

viewsRouter.post("/schedule/conflicts/:lessonId/delete", requirePermission("timetable", "delete"), async (req, res) => {
  await deleteDivergentLesson(req.actor!, idParam(req, "lessonId"));
  flash(req, "ok", "Урок удалён вместе с его отметками и посещаемостью");
  res.redirect("/schedule/conflicts");
});

viewsRouter.post("/schedule/generate", requirePermission("timetable", "update"), async (req, res) => {
  const year = await scheduleYear(req.actor!.schoolId);
  if (!year) throw new NotFound();
  const r = await generateLessons(req.actor!.schoolId, year.id, year.startDate, year.endDate);
  flash(
    req,
    "ok",
    `Уроки на ${year.name} учебный год приведены в соответствие с расписанием: создано ${r.created}, изменено ${r.updated}, удалено ${r.removed}, расходятся с расписанием ${r.kept}.`,
  );
  res.redirect(r.kept ? "/schedule/conflicts" : "/schedule");
});

/** The teacher picker of the index page (a GET form without JavaScript). */
viewsRouter.get("/schedule/teachers", requirePermission("timetable", "view"), (req, res) => {
  const id = Number(req.query.id);
  if (!Number.isInteger(id) || id <= 0) throw new NotFound();
  res.redirect(`/schedule/teachers/${id}`);
});
