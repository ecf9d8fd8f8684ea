/**
 * The scenarios of `npm run bench`, in the order they run; their keys are what BENCH_ONLY selects:
 * bare, health, login, login-post (floors.ts); home, today, journal, mark (journal.ts); diary-sql,
 * diary-redirect, diary-week, diary-marks (diary.ts); api-diary-week, api-diary-week-304 (api.ts); home-parent, home-teacher, home-class-teacher,
 * home-deputy, home-admin (home.ts); calendar-month, ical-parent (events.ts); report-check, report-check-pdf, report-summary,
 * report-summary-xlsx, report-forecast, report-forecast-pdf, report-cards-pdf, report-gia (reports.ts); plan-progress, plan-progress-pdf, plan-import (planning.ts); unread-overhead, message-send, board, messages-list,
 * messages-search, digest (communication.ts: measured by their own runners, on a volume added before
 * the first of them and removed by teardown()); diary-week-replica and rolling-restart (operations.ts:
 * with a streaming replica made for the run; a SIGHUP to a cluster under load); and year-close, run after the servers stop (bench/runs.ts).
 */
import type { Cell, Row, Scenario } from "../measure.ts";
import { communicationScenarios } from "./communication.ts";
import type { ScenarioContext } from "./context.ts";
import { diaryScenarios } from "./diary.ts";
import { apiScenarios } from "./api.ts";
import { floorScenarios } from "./floors.ts";
import { homeScenarios } from "./home.ts";
import { eventsScenarios } from "./events.ts";
import { journalScenarios, type JournalPick } from "./journal.ts";
import { planningScenarios } from "./planning.ts";
import { reportScenarios } from "./reports.ts";
import { operationsScenarios } from "./operations.ts";

export type { ScenarioContext } from "./context.ts";
export type { JournalPick } from "./journal.ts";

export interface BenchScenarios {
  scenarios: Scenario[];
  pick: JournalPick;
  cells: Cell[];
  /** Scenarios measured their own way (instead of measure()), by key; each gives one or more rows. */
  runners: Map<string, () => Promise<Row[]>>;
  /** Removes what the scenarios added to the large school; run after the last scenario (safe to call twice). */
  teardown: () => Promise<void>;
}

/** Picks the data, signs the users in and lists the scenarios. */
export async function benchScenarios(ctx: ScenarioContext): Promise<BenchScenarios> {
  const journal = await journalScenarios(ctx);
  const diary = await diaryScenarios(ctx);
  const scenarios = [...floorScenarios(ctx), ...journal.scenarios, ...diary, ...(await apiScenarios(ctx)), ...(await homeScenarios(ctx))];
  scenarios.push(...(await reportScenarios(ctx, journal.pick)));
  const planning = await planningScenarios(ctx);
  scenarios.push(...planning.scenarios);
  const communication = await communicationScenarios(ctx);
  scenarios.push(...communication.scenarios);
  const events = await eventsScenarios(ctx);
  scenarios.push(...events.scenarios);
  const operations = operationsScenarios(
    ctx,
    diary.find((d) => d.key === "diary-week"),
  );
  scenarios.push(...operations.scenarios);
  const runners = new Map([...planning.runners, ...communication.runners, ...operations.runners]);
  const teardown = async () => {
    await planning.teardown();
    await communication.teardown();
    await events.teardown();
  };
  return { scenarios, pick: journal.pick, cells: journal.cells, runners, teardown };
}
