/**
 * The scenarios of `npm run bench`, in the order they run; their keys are what BENCH_ONLY selects:
 * bare, health, login, login-post (floors.ts); home, today, journal, mark (journal.ts); diary-sql,
 * diary-redirect, diary-week, diary-marks (diary.ts); home-parent, home-teacher, home-class-teacher,
 * home-deputy, home-admin (home.ts); report-check, report-check-pdf, report-summary,
 * report-summary-xlsx (reports.ts); and year-close, run after the servers stop (bench/runs.ts).
 */
import type { Cell, Scenario } from "../measure.ts";
import type { ScenarioContext } from "./context.ts";
import { diaryScenarios } from "./diary.ts";
import { floorScenarios } from "./floors.ts";
import { homeScenarios } from "./home.ts";
import { journalScenarios, type JournalPick } from "./journal.ts";
import { reportScenarios } from "./reports.ts";

export type { ScenarioContext } from "./context.ts";
export type { JournalPick } from "./journal.ts";

/** Picks the data, signs the users in and lists the scenarios. */
export async function benchScenarios(ctx: ScenarioContext): Promise<{ scenarios: Scenario[]; pick: JournalPick; cells: Cell[] }> {
  const journal = await journalScenarios(ctx);
  const diary = await diaryScenarios(ctx);
  const scenarios = [...floorScenarios(ctx), ...journal.scenarios, ...diary, ...(await homeScenarios(ctx))];
  scenarios.push(...(await reportScenarios(ctx, journal.pick)));
  return { scenarios, pick: journal.pick, cells: journal.cells };
}
