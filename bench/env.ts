/**
 * The settings of `npm run bench` and `npm run soak` from the environment, and the environment the
 * app runs in during both (as in production).
 */
import crypto from "node:crypto";

/** A number from the environment variable `name` when it lies in [min, max]; `def` otherwise (unset, not a number). */
export function envNumber(name: string, def: number, min: number, max: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= min && v <= max ? v : def;
}

/** The app runs as in production (compiled view cache), with its own secret, no login or API limit and no request log. */
export function productionEnv(): void {
  process.env.NODE_ENV = "production";
  process.env.SESSION_SECRET ||= crypto.randomBytes(32).toString("hex");
  process.env.LOGIN_RATE_LIMIT = "1000000";
  process.env.API_RATE_LIMIT = "1000000"; // the API's per-token limit would turn the load into 429s
  process.env.LOG_REQUESTS = "false";
}

/** The benchmark's settings (bench/README.md). */
export const OPTS = {
  duration: envNumber("BENCH_DURATION", 10, 1, 300),
  connections: envNumber("BENCH_CONNECTIONS", 10, 1, 500),
  samples: envNumber("BENCH_SAMPLES", 50, 5, 1000),
  /** With 2 or more: the same load also against `src/server.ts` run as a cluster of this many workers. */
  workers: envNumber("BENCH_WORKERS", 0, 0, 64),
  /** Year-close runs, each on a fresh copy of the large school's database. */
  closeRuns: envNumber("BENCH_CLOSE_RUNS", 3, 1, 20),
  only: process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((s) => s.trim())) : null,
};

/** Whether BENCH_ONLY (when set) selects any of these scenario keys. */
export function selected(...keys: string[]): boolean {
  return !OPTS.only || keys.some((k) => OPTS.only!.has(k));
}
