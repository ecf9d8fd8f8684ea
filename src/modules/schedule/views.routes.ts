/** /schedule: the index, a teacher's and a room's week, the school's day (all printable and as PDF), divergent lessons, generation. */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { formatDate, isoDate } from "../../lib/dates.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { flash } from "../../lib/views.ts";
import { NotFound } from "../../lib/errors.ts";
import { dayLessonText, roomWeek, scheduleIndex, schoolDay, teacherWeek } from "./views.service.ts";
import { dayPdf, weekPdf } from "./schedule.pdf.ts";
import { idParam, queryId } from "../../lib/http.ts";
import { dateParam, scheduleYear } from "./schedule.common.ts";
import { deleteDivergentLesson, divergentLessons, generateLessons, keepDivergentLesson } from "./lessons.service.ts";
import { WEEKDAYS } from "./schedule.text.ts";

export const viewsRouter = Router();
const styles = ["/static/css/schedule.css"];
const scripts = ["/static/js/schedule.js"];

viewsRouter.get("/", requirePermission("timetable", "view"), async (req, res) => {
  res.page("schedule/index", { title: "Расписание", ...(await scheduleIndex(actorOf(req))), styles });
});

viewsRouter.get("/teachers/:personId", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const { person, grid } = await teacherWeek(actorOf(req), idParam(req, "personId"), date);
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

viewsRouter.get("/teachers/:personId/pdf", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const { person, grid } = await teacherWeek(actorOf(req), idParam(req, "personId"), date);
  sendPdf(res, await weekPdf(actorOf(req).schoolName, grid, date), `Расписание ${person.name}.pdf`);
});

viewsRouter.get("/rooms/:roomId", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const { room, grid } = await roomWeek(actorOf(req), idParam(req, "roomId"), date);
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

viewsRouter.get("/rooms/:roomId/pdf", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const { room, grid } = await roomWeek(actorOf(req), idParam(req, "roomId"), date);
  sendPdf(res, await weekPdf(actorOf(req).schoolName, grid, date), `Расписание кабинета ${room.name}.pdf`);
});

const dayTitle = (date: Date) => `Расписание школы на ${formatDate(date)}, ${WEEKDAYS[date.getUTCDay() || 7]?.toLowerCase() ?? "воскресенье"}`;

viewsRouter.get("/day", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const grid = await schoolDay(actorOf(req), date, dayTitle(date));
  res.page("schedule/day", { title: grid.title, grid, date, dayLessonText, pdfUrl: `/schedule/day/pdf?date=${isoDate(date)}`, styles, scripts });
});

viewsRouter.get("/day/pdf", requirePermission("timetable", "view"), async (req, res) => {
  const date = dateParam(req);
  const grid = await schoolDay(actorOf(req), date, dayTitle(date));
  sendPdf(res, await dayPdf(actorOf(req).schoolName, grid, date), `Расписание на ${formatDate(date)}.pdf`);
});

viewsRouter.get("/conflicts", requirePermission("timetable", "update"), async (req, res) => {
  const year = await scheduleYear(actorOf(req).schoolId);
  const lessons = year ? await divergentLessons(actorOf(req).schoolId, year.id) : [];
  res.page("schedule/conflicts", { title: "Уроки, расходящиеся с расписанием", year, lessons, styles });
});

viewsRouter.post("/conflicts/:lessonId/keep", requirePermission("timetable", "update"), async (req, res) => {
  await keepDivergentLesson(actorOf(req), idParam(req, "lessonId"));
  flash(req, "ok", "Урок оставлен в журнале как урок вне расписания");
  res.redirect("/schedule/conflicts");
});

viewsRouter.post("/conflicts/:lessonId/delete", requirePermission("timetable", "delete"), async (req, res) => {
  await deleteDivergentLesson(actorOf(req), idParam(req, "lessonId"));
  flash(req, "ok", "Урок удалён вместе с его отметками и посещаемостью");
  res.redirect("/schedule/conflicts");
});

viewsRouter.post("/generate", requirePermission("timetable", "update"), async (req, res) => {
  const year = await scheduleYear(actorOf(req).schoolId);
  if (!year) throw new NotFound();
  const r = await generateLessons(actorOf(req).schoolId, year.id, year.startDate, year.endDate);
  flash(
    req,
    "ok",
    `Уроки на ${year.name} учебный год приведены в соответствие с расписанием: создано ${r.created}, изменено ${r.updated}, удалено ${r.removed}, расходятся с расписанием ${r.kept}.`,
  );
  res.redirect(r.kept ? "/schedule/conflicts" : "/schedule");
});

/** The teacher picker of the index page (a GET form without JavaScript). */
viewsRouter.get("/teachers", requirePermission("timetable", "view"), (req, res) => {
  const id = queryId(req, "id");
  if (id === null) throw new NotFound();
  res.redirect(`/schedule/teachers/${id}`);
});
