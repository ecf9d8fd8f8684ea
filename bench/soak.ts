/**
 * npm run soak — the soak run of issue 8 over the large school (bench/prepare.ts).
 *
 * 200 concurrent users on 127.0.0.1 for SOAK_SECONDS (default 300):
 *   - SOAK_TEACHERS (50) teachers saving marks («Ответ на уроке») in their own lessons inside the
 *     edit window, each save a real change (5 ↔ 4), JSON as the journal grid sends it;
 *   - SOAK_PARENTS (150) parents reading diary week pages of their own children (random week of
 *     the last eight).
 * Every user is a closed loop: request, wait for the answer, think SOAK_THINK_MS (random 0…2×,
 * default 250 ms on average), next request. The load comes from SOAK_LOADERS (2) forked processes
 * using fetch with keep-alive; the app runs in this process as in production (NODE_ENV=production),
 * so its memory is sampled here every 10 s (RSS and V8 heap used).
 *
 * Verdict (exit code 1 on failure):
 *   - failed requests = 0 (any non-2xx, a mark save without {ok:true}, a network error or a timeout
 *     of SOAK_TIMEOUT_MS, default 30 s);
 *   - no acknowledged mark lost: after the run, the last acknowledged value of every cell is the value
 *     in the database;
 *   - memory bound: the heap used in the last minute (mean of its samples) is at most
 *     SOAK_HEAP_BOUND_MB (100) above the heap of the first minute (mean of its samples — the warm-up;
 *     a shorter run uses its first and last thirds); RSS growth likewise, bounded by
 *     SOAK_RSS_BOUND_MB (200). The lowest heap of each of those minutes (after a collection) is shown beside.
 *     Runs shorter than 2 minutes report memory without judging it (the heap's saw-tooth is longer).
 * Writes the table to bench/results/soak.md. Data: BENCH_DATA_DIR (./data/bench), BENCH_PG_PORT.
 *
 * The parts: bench/soak/users.ts (who), bench/soak/loader.ts (the load processes), bench/soak/memory.ts,
 * bench/soak/marks.ts (the acknowledged marks against the database), bench/soak/report.ts (the verdict).
 */
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { productionEnv } from "./env.ts";
import { forkJob } from "./fork.ts";
import { log, writeResult } from "./results.ts";
import type { LoaderJob, LoaderResult } from "./soak/loader.ts";
import { checkAcked } from "./soak/marks.ts";
import { memoryGrowth, sampleMemory } from "./soak/memory.ts";
import { soakOptions } from "./soak/options.ts";
import { soakReport } from "./soak/report.ts";
import { soakUsers } from "./soak/users.ts";

/** A load generator in its own process (bench/soak/loader.ts). */
function loaderProcess(job: LoaderJob): Promise<LoaderResult> {
  return forkJob<LoaderJob, LoaderResult>(path.join(import.meta.dirname, "soak/loader.ts"), job, { ...process.env, SOAK_LOADER: "1" });
}

async function main(): Promise<number> {
  productionEnv();
  process.env.DB_POOL_SIZE ||= "20";
  const OPTS = soakOptions();
  const load0 = os.loadavg()[0]!;

  // The app's modules load only now, after its environment is set.
  const { prepareBenchDb, benchQuery } = await import("./prepare.ts");
  const db = await prepareBenchDb(log);
  const { disconnectDatabase } = await import("../src/lib/db.ts");
  const { DEMO_PASSWORD } = await import("../src/seed/index.ts");
  const { createApp } = await import("../src/app.ts");
  const q = await benchQuery();

  const server = http.createServer(createApp());
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await disconnectDatabase();
    await db.embedded.stop();
  };

  try {
    const users = await soakUsers(q, base, db.seed.schoolId, OPTS, DEMO_PASSWORD);

    // Memory samples every 10 s.
    const memory = sampleMemory();
    const jobs: LoaderJob[] = Array.from({ length: OPTS.loaders }, () => ({
      base,
      users: [],
      durationSec: OPTS.seconds,
      thinkMs: OPTS.thinkMs,
      timeoutMs: OPTS.timeoutMs,
    }));
    users.users.forEach((u, i) => jobs[i % OPTS.loaders]!.users.push(u));
    const results = await Promise.all(jobs.map(loaderProcess));
    const elapsed = memory.stop();

    const acks = await checkAcked(q, results);
    const { report, ok, failures } = soakReport({
      OPTS,
      db,
      load0,
      users,
      elapsed,
      results,
      acks,
      samples: memory.samples,
      memory: memoryGrowth(memory.samples, OPTS.seconds),
    });
    console.log("\n" + report);
    if (failures.length) console.log("Первые ошибки:\n  " + failures.join("\n  "));
    if (acks.lost.length)
      console.log(
        "Потерянные отметки (ячейка: подтверждено → в базе):\n  " +
          acks.lost
            .slice(0, 20)
            .map(([k, v]) => `${k}: ${v} → ${acks.dbValues.get(k)}`)
            .join("\n  "),
      );
    writeResult("soak.md", report);
    log("Записано: bench/results/soak.md");
    return ok ? 0 : 1;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("Нагрузочный прогон не удался:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
