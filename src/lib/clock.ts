/**
 * The application's clock. Every "now" and "today" of the school's rules (the lock window, the
 * current period, today's lessons, the seeded journal) comes from here, never from `new Date()`,
 * so a test run can set the date and the outcome does not depend on when it runs.
 *
 * TEST_NOW (an ISO instant, e.g. «2026-12-07T00:30:00+03:00») starts the clock at that instant;
 * time then runs on as usual. It is honoured outside production only. Tests may also call
 * setClock() in their own process. Record timestamps that no rule compares with a school day
 * (sessions, createdAt of rows) stay on the real clock.
 */

let offsetMs = 0;

export class ClockError extends Error {}

/** Starts the clock at `instant` (time runs on from there); null returns to the real time. */
export function setClock(instant: Date | string | null): void {
  if (instant === null) {
    offsetMs = 0;
    return;
  }
  const at = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  if (!Number.isFinite(at)) throw new ClockError(`TEST_NOW: «${String(instant)}» — ожидается момент времени вида 2026-12-07T00:30:00+03:00`);
  offsetMs = at - Date.now();
}

export const clock = {
  /** The current instant on the application's clock. */
  now: (): Date => new Date(Date.now() + offsetMs),
  /** Milliseconds since the epoch on the application's clock. */
  nowMs: (): number => Date.now() + offsetMs,
  /** True when the clock is not the real time (TEST_NOW or setClock). */
  isSet: (): boolean => offsetMs !== 0,
};

if (process.env.TEST_NOW && process.env.NODE_ENV !== "production") setClock(process.env.TEST_NOW);
