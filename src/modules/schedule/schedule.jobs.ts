/** The timetable's background job: telling families and teachers about tomorrow's changes (changes.notify.ts). */
import { defineJob } from "../../lib/queue.ts";
import { EVENING_HOUR, runTimetableChanges } from "./changes.notify.ts";

/** Every evening at EVENING_HOUR, school time (a retry after a failure makes nothing twice). */
export const timetableChangesJob = defineJob({
  name: "timetable-changes",
  cron: `0 ${EVENING_HOUR} * * *`,
  retryLimit: 3,
  handler: async () => {
    await runTimetableChanges();
  },
});
