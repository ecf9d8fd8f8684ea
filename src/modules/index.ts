/**
 * The feature modules' routers, each mounted on its URL prefix behind a coarse guard for the whole
 * group (mounted after authentication, CSRF and the forced password change). The guard only lets
 * in users with some right in the group's entities; every route then asks for its own permission
 * and the services for their record rules.
 */
import { Router, type RequestHandler } from "express";
import { can } from "../access/policy.ts";
import { ACTIONS, type Entity } from "../access/permissions.ts";
import { Forbidden } from "../lib/errors.ts";
import { adminRouter } from "./admin/admin.routes.ts";
import { referencesRouter } from "./references/references.routes.ts";
import { methodicalRouter } from "./methodical/methodical.routes.ts";
import { announcementsRouter } from "./announcements/announcements.routes.ts";
import { diaryRouter } from "./diary/diary.routes.ts";
import { importsRouter } from "./imports/imports.routes.ts";
import { messagesRouter } from "./messages/messages.routes.ts";
import { classRouter, journalRouter } from "./journal/journal.routes.ts";
import { movementRouter } from "./movement/movement.routes.ts";
import { deliveryLogRouter } from "./notifications/delivery-log.routes.ts";
import { backupsRouter } from "./backups/backup.routes.ts";
import { serverHealthRouter } from "./server-health/server-health.routes.ts";
import { notificationsRouter } from "./notifications/notifications.routes.ts";
import { planningRouter } from "./planning/planning.routes.ts";
import { diagnosticsRouter } from "./diagnostics/diagnostics.routes.ts";
import { reportsRouter } from "./reports/reports.routes.ts";
import { graduatesRouter } from "./graduates/graduates.routes.ts";
import { scheduleRouter, todayRouter } from "./schedule/schedule.routes.ts";
import { setupRouter } from "./setup/setup.routes.ts";
import { staffRouter } from "./staff/staff.routes.ts";
import { studentsRouter } from "./students/students.routes.ts";
import { integrityRouter, yearCloseRouter } from "./year-close/year-close.module.ts";
import { eventsRouter } from "./events/events.routes.ts";

/** 403 unless the actor has some right (any action) in one of the entities. */
function requireAnyOf(...entities: Entity[]): RequestHandler {
  return (req, _res, next) => next(entities.some((e) => ACTIONS.some((a) => can(req.actor, a, e))) ? undefined : new Forbidden());
}

const REPORTS: Entity[] = [
  "report",
  "attendance-report",
  "paper-report",
  "activity-report",
  "substitution-report",
  "report-card",
  "medical-report",
  "social-report",
  "diagnostic-report",
  "journal-remark",
  "gia-report",
];

export const MOUNTS: readonly { prefix: string; guard: RequestHandler; router: Router }[] = [
  { prefix: "/setup", guard: requireAnyOf("year", "room", "subject", "class", "subgroup", "study-group", "teaching-load"), router: setupRouter },
  // Before /admin: the delivery log has its own entity (the administrator's).
  { prefix: "/admin/notifications", guard: requireAnyOf("notification-log"), router: deliveryLogRouter },
  { prefix: "/admin/backups", guard: requireAnyOf("backup"), router: backupsRouter },
  { prefix: "/admin/server", guard: requireAnyOf("server-health"), router: serverHealthRouter },
  { prefix: "/admin/references", guard: requireAnyOf("reference-list"), router: referencesRouter },
  { prefix: "/admin", guard: requireAnyOf("user", "audit", "role-grant", "school"), router: adminRouter },
  { prefix: "/journal", guard: requireAnyOf("journal", "assignment-type"), router: journalRouter },
  { prefix: "/class", guard: requireAnyOf("journal"), router: classRouter },
  { prefix: "/graduates", guard: requireAnyOf("graduate-final"), router: graduatesRouter },
  { prefix: "/schedule", guard: requireAnyOf("timetable"), router: scheduleRouter },
  { prefix: "/today", guard: requireAnyOf("today"), router: todayRouter },
  { prefix: "/diary", guard: requireAnyOf("diary", "diary-print"), router: diaryRouter },
  { prefix: "/movement", guard: requireAnyOf("movement"), router: movementRouter },
  { prefix: "/staff", guard: requireAnyOf("staff-file", "hr-report", "staff-account-issue", "pd-register"), router: staffRouter },
  { prefix: "/imports", guard: requireAnyOf("import-staff", "import-students"), router: importsRouter },
  { prefix: "/reports", guard: requireAnyOf(...REPORTS), router: reportsRouter },
  { prefix: "/diagnostics", guard: requireAnyOf("diagnostic-work"), router: diagnosticsRouter },
  {
    prefix: "/planning",
    guard: requireAnyOf("curriculum", "thematic-plan", "plan-review", "program-report", "assessment-schedule"),
    router: planningRouter,
  },
  {
    prefix: "/students",
    guard: requireAnyOf("student-file", "student-medical", "student-social", "parent-card", "consent", "account-issue", "gia", "personal-data-log"),
    router: studentsRouter,
  },
  { prefix: "/year-close", guard: requireAnyOf("year-close", "academic-debt"), router: yearCloseRouter },
  { prefix: "/methodical", guard: requireAnyOf("methodical-association"), router: methodicalRouter },
  { prefix: "/integrity", guard: requireAnyOf("integrity"), router: integrityRouter },
  { prefix: "/announcements", guard: requireAnyOf("announcement"), router: announcementsRouter },
  { prefix: "/messages", guard: requireAnyOf("message", "message-moderation"), router: messagesRouter },
  // Every signed-in user has own notifications (the service reads only the user's own rows).
  { prefix: "/notifications", guard: (_req, _res, next) => next(), router: notificationsRouter },
  // Events and the calendar (issue 18): everyone reads; the audience decides what.
  { prefix: "/events", guard: requireAnyOf("event"), router: eventsRouter },
];

/** One router with every module on its prefix. */
export function moduleRoutes(): Router {
  const router = Router();
  for (const m of MOUNTS) router.use(m.prefix, m.guard, m.router);
  return router;
}
