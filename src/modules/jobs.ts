/**
 * Every background job of the product (src/lib/queue.ts runs them): server.ts passes this list to
 * startQueue(), tests pass it too. A module's jobs live in its own *.jobs.ts (or use-case file).
 */
import type { AnyJobDefinition } from "../lib/queue.ts";
import { backupJob } from "./backups/backup.service.ts";
import { filesCleanupJob } from "./files/files.cleanup.ts";
import { digestDailyJob, digestWeeklyJob, emailSendJob } from "./notifications/notifications.jobs.ts";
import { absenceNoticesJob, forecastNoticesJob, markNoticesJob } from "./journal/journal.jobs.ts";
import { timetableChangesJob } from "./schedule/schedule.jobs.ts";

export const JOBS: readonly AnyJobDefinition[] = [
  emailSendJob,
  digestDailyJob,
  digestWeeklyJob,
  filesCleanupJob,
  timetableChangesJob,
  markNoticesJob,
  absenceNoticesJob,
  forecastNoticesJob,
  backupJob,
];
