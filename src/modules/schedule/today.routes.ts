/** /today: the teacher's lessons of the day with links into the journal and what is still missing (R-JRN-2, R-JRN-3). */
import { Router } from "express";
import { isStaff } from "../../access/policy.ts";
import { Forbidden } from "../../lib/errors.ts";
import { formatDate, today } from "../../lib/dates.ts";
import { todayLessons } from "./today.service.ts";

export const todayRouter = Router();

todayRouter.get("/today", async (req, res) => {
  const actor = req.actor!;
  if (!isStaff(actor)) throw new Forbidden();
  const date = today();
  const lessons = await todayLessons(actor, date);
  res.page("schedule/today", { title: `Сегодня, ${formatDate(date)}`, date, lessons, styles: ["/static/css/schedule.css"] });
});
