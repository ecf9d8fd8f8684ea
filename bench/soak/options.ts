/** The settings of `npm run soak` (SOAK_* in the environment, described in bench/soak.ts). */
import { envNumber } from "../env.ts";

/** `operations`: `npm run soak -- --operations` (issue 20) — more users, longer, the cluster, a rolling restart and a database stop. */
export function soakOptions(operations = process.argv.slice(2).includes("--operations")) {
  return {
    operations,
    seconds: envNumber("SOAK_SECONDS", operations ? 600 : 300, 5, 3600),
    teachers: envNumber("SOAK_TEACHERS", operations ? 100 : 50, 1, 500),
    parents: envNumber("SOAK_PARENTS", operations ? 380 : 150, 0, 2000),
    deputies: envNumber("SOAK_DEPUTIES", operations ? 20 : 0, 0, 200),
    thinkMs: envNumber("SOAK_THINK_MS", 250, 0, 10_000),
    /** The users start one after another over this many seconds (500 at once would be one burst no school makes). */
    rampSeconds: envNumber("SOAK_RAMP_SECONDS", operations ? 10 : 1, 0, 300),
    timeoutMs: envNumber("SOAK_TIMEOUT_MS", 30_000, 1000, 120_000),
    loaders: envNumber("SOAK_LOADERS", 2, 1, 16),
    heapBoundMb: envNumber("SOAK_HEAP_BOUND_MB", 100, 1, 10_000),
    rssBoundMb: envNumber("SOAK_RSS_BOUND_MB", 200, 1, 10_000),
    /** With --operations: the workers of the cluster, and how long the database is stopped. */
    workers: envNumber("SOAK_WORKERS", 2, 2, 16),
    dbStopSeconds: envNumber("SOAK_DB_STOP_SECONDS", 10, 1, 120),
  };
}

export type SoakOptions = ReturnType<typeof soakOptions>;
