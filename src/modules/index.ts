/** The feature modules' routers, mounted after authentication, CSRF and the forced password change. */
import type { Router } from "express";
import { setupRouter } from "./setup/setup.routes.ts";
import { yearsRouter } from "./years/years.routes.ts";
import { adminRouter } from "./admin/admin.routes.ts";
import { journalRouter } from "./journal/journal.routes.ts";
import { scheduleRouter } from "./schedule/schedule.routes.ts";
import { diaryRouter } from "./diary/diary.routes.ts";
import { movementRouter } from "./movement/movement.routes.ts";
import { staffRouter } from "./staff/staff.routes.ts";
import { importsRouter } from "./imports/imports.routes.ts";
import { reportsRouter } from "./reports/reports.routes.ts";
import { studentsRouter } from "./students/students.routes.ts";
import { yearCloseRouter } from "./year-close/year-close.module.ts";

export const moduleRouters: Router[] = [
  yearsRouter,
  setupRouter,
  adminRouter,
  journalRouter,
  scheduleRouter,
  diaryRouter,
  movementRouter,
  staffRouter,
  importsRouter,
  reportsRouter,
  studentsRouter,
  yearCloseRouter,
];
