/** Bells, the weekly timetable, one-date changes, timetable views and the teacher's «Сегодня» (/schedule, /today). */
import { Router } from "express";

export const scheduleRouter = Router();
