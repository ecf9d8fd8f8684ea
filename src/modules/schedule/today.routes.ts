/** /today: the teacher's lessons of the day with links into the journal and what is still missing (R-JRN-2, R-JRN-3). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { addDays, formatDate, isoDate, today } from "../../lib/dates.ts";
import { dateParam } from "./schedule.common.ts";
import { todayLessons } from "./today.service.ts";

export const todayRouter = Router();

todayRouter.get("/", requirePermission("today", "view"), async (req, res) => {
  const actor = actorOf(req);
  // ?date= looks at another day (tomorrow's lessons, a missed day); today by default.
  const date = dateParam(req);
  const isToday = date.getTime() === today().getTime();
  const lessons = await todayLessons(actor, date);
  res.page("schedule/today", {
    title: isToday ? `Сегодня, ${formatDate(date)}` : `Уроки на ${formatDate(date)}`,
    date,
    isToday,
    lessons,
    prev: isoDate(addDays(date, -1)),
    next: isoDate(addDays(date, 1)),
    styles: ["/static/css/schedule.css"],
  });
});
