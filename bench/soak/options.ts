/** The settings of `npm run soak` (SOAK_* in the environment, described in bench/soak.ts). */
import { envNumber } from "../env.ts";

export function soakOptions() {
  return {
    seconds: envNumber("SOAK_SECONDS", 300, 5, 3600),
    teachers: envNumber("SOAK_TEACHERS", 50, 1, 500),
    parents: envNumber("SOAK_PARENTS", 150, 0, 2000),
    thinkMs: envNumber("SOAK_THINK_MS", 250, 0, 10_000),
    timeoutMs: envNumber("SOAK_TIMEOUT_MS", 30_000, 1000, 120_000),
    loaders: envNumber("SOAK_LOADERS", 2, 1, 16),
    heapBoundMb: envNumber("SOAK_HEAP_BOUND_MB", 100, 1, 10_000),
    rssBoundMb: envNumber("SOAK_RSS_BOUND_MB", 200, 1, 10_000),
  };
}

export type SoakOptions = ReturnType<typeof soakOptions>;
