/** Bells, the weekly timetable, one-date changes, timetable views and the teacher's «Сегодня» (/schedule, /today). */
import { Router } from "express";
import { bellsRouter } from "./bells.routes.ts";
import { changesRouter } from "./changes.routes.ts";
import { timetableRouter } from "./timetable.routes.ts";
import { viewsRouter } from "./views.routes.ts";

export const scheduleRouter = Router();
scheduleRouter.use(bellsRouter, changesRouter, timetableRouter, viewsRouter);

export { todayRouter } from "./today.routes.ts";
