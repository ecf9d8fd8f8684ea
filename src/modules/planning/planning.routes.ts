/**
 * Planning (issue 16, R-PLN-1..6, R-JRN-11), under /planning:
 *   /planning/curriculum   the curriculum (учебный план) per grade and profile, its PDF and .xlsx;
 *   /planning/load-check   the teaching load against the curriculum, teachers' hours against their rate;
 *   /planning/plans        calendar-thematic plans (КТП): the library of templates, teachers' plans, review;
 *   /planning/progress     «Выполнение программы»: hours and works planned vs given;
 *   /planning/assessments  the schedule of assessment procedures (график оценочных процедур).
 * Each part has its own router; this one only mounts them.
 */
import { Router } from "express";
import { assessmentsRouter } from "./assessments.routes.ts";
import { curriculumRouter } from "./curriculum.routes.ts";
import { plansRouter } from "./plans.routes.ts";
import { progressRouter } from "./progress.routes.ts";

export const planningRouter = Router();
planningRouter.use(curriculumRouter);
planningRouter.use("/plans", plansRouter);
planningRouter.use("/progress", progressRouter);
planningRouter.use("/assessments", assessmentsRouter);
