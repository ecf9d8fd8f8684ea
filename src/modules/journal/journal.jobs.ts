/**
 * The journal's background jobs (src/lib/queue.ts runs them, on the school's clock): the families'
 * notifications of journal.notify.ts. Each handler only calls the run function with the
 * application's «now», so tests call the same function with the instant they need.
 */
import { clock } from "../../lib/clock.ts";
import { defineJob } from "../../lib/queue.ts";
import { runAbsenceNotices, runFewMarksNotices, runForecastNotices, runMarkNotices } from "./journal.notify.ts";

/** New and corrected marks, every minute (a mark is told once it has stood two minutes). */
export const markNoticesJob = defineJob({
  name: "journal-mark-notices",
  cron: "* * * * *",
  retryLimit: 2,
  handler: async () => {
    await runMarkNotices(clock.now());
  },
});

/** Today's absences without a reason, every minute (once «Н» has stood ten minutes). */
export const absenceNoticesJob = defineJob({
  name: "journal-absence-notices",
  cron: "* * * * *",
  retryLimit: 2,
  handler: async () => {
    await runAbsenceNotices(clock.now());
  },
});

/** Forecasts of «2» and too few marks for the periods ending in two weeks, every morning before lessons. */
export const forecastNoticesJob = defineJob({
  name: "journal-forecast-notices",
  cron: "0 7 * * *",
  retryLimit: 3,
  handler: async () => {
    await runForecastNotices(clock.now());
    await runFewMarksNotices(clock.now());
  },
});
