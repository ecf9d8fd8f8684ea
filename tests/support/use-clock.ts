/** useClock(): a describe block on a day of its own (the run's clock is tests/support/clock.ts). */
import { afterAll, beforeAll } from "vitest";
import { setClock } from "../../src/lib/clock.ts";

/**
 * For a describe block whose tests need a particular day (a lesson both older than the lock
 * window and inside a study period, say): the application's clock starts at `instant` for
 * these tests and returns to the run's clock (TEST_NOW) after them.
 */
export function useClock(instant: string): void {
  beforeAll(() => setClock(instant));
  afterAll(() => setClock(process.env.TEST_NOW ?? null));
}

/**
 * For a file whose tests build a history of lessons relative to today (lessons 1–31 days back,
 * the 30-day lock, this week's attendance): a school day with more than a month of the 2nd
 * quarter behind it and no holidays in between, whatever TEST_NOW the run has.
 */
export function useMidQuarterDay(): void {
  useClock("2026-12-09T10:00:00+03:00");
}
