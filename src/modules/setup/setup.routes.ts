/** School setup (/setup/...): academic years and their calendars, rooms, subjects, classes and class teachers, subgroups, teaching load. */
import { Router } from "express";
import { roomsRouter } from "./rooms.routes.ts";
import { subjectsRouter } from "./subjects.routes.ts";
import { classesRouter } from "./classes.routes.ts";
import { subgroupsRouter } from "./subgroups.routes.ts";
import { groupsRouter } from "./groups.routes.ts";
import { loadRouter } from "./load.routes.ts";
import { yearsRouter } from "./years.routes.ts";

export const setupRouter = Router();
setupRouter.use(yearsRouter, roomsRouter, subjectsRouter, classesRouter, subgroupsRouter, groupsRouter, loadRouter);
