/** R-DRY-3: the class teacher's weekly printouts for parents (/diary/print, /diary/class/:classId/week.pdf). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { Forbidden } from "../../lib/errors.ts";
import { isoDate } from "../../lib/dates.ts";
import { idParam } from "../../lib/http.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { dateQuery, mondayOf } from "./diary.common.ts";
import { canPrintAnyDiary } from "./diary.policy.ts";
import { classWeekPdf, printableClasses } from "./diary.print.ts";

export const diaryPrintRouter = Router();

/** The choice of week and class; only for class teachers, deputies and administrators. */
diaryPrintRouter.get("/print", async (req, res) => {
  const actor = actorOf(req);
  if (!canPrintAnyDiary(actor)) throw new Forbidden();
  const monday = mondayOf(dateQuery(req.query.date));
  const classes = await printableClasses(actor);
  res.page("diary/print", {
    title: "Печать дневников за неделю",
    classes,
    date: isoDate(monday),
    values: { date: isoDate(monday) },
    styles: ["/static/css/diary.css"],
  });
});

/** One PDF for the class, one page per student; another class than the own is a 404. */
diaryPrintRouter.get("/class/:classId/week.pdf", async (req, res) => {
  const { pdf, filename } = await classWeekPdf(actorOf(req), idParam(req, "classId"), dateQuery(req.query.date));
  sendPdf(res, pdf, filename);
});
