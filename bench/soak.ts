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
 * `npm run soak -- --operations` (issue 20): 500 users (SOAK_TEACHERS 100, SOAK_PARENTS 380 reading
 * diary weeks, marks and messages, SOAK_DEPUTIES 20 opening report PDFs and the school's journal
 * check) for 10 minutes against the production start with SOAK_WORKERS (2) workers, a rolling
 * restart (SIGHUP) at a third and the database stopped for SOAK_DB_STOP_SECONDS (10) at two thirds:
 * failures count only outside the stop (and 5 s after it); memory is the workers' (their /metrics).
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
import { clusterMemory, memoryGrowth, sampleMemory } from "./soak/memory.ts";
import { startCluster } from "./servers.ts";
import type { OperationsLog } from "./soak/report.ts";
import { soakOptions } from "./soak/options.ts";
import { soakReport } from "./soak/report.ts";
import { soakUsers } from "./soak/users.ts";

/** The large school's data folder (as bench/prepare.ts has it), to start its server again after a stop. */
function benchDataDir(): string {
  return path.resolve(process.env.BENCH_DATA_DIR || path.join(import.meta.dirname, "../data/bench"));
}

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

  // --operations: the production start as a cluster (its own process), so a SIGHUP can replace its workers.
  const cluster = OPTS.operations ? await startCluster(db.url, OPTS.workers) : undefined;
  const server = http.createServer(createApp());
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = cluster?.base ?? `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let embedded = db.embedded;
  const stop = async () => {
    await cluster?.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await disconnectDatabase();
    await embedded.stop();
  };

  try {
    const users = await soakUsers(q, base, db.seed.schoolId, OPTS, DEMO_PASSWORD);

    // Memory samples every 10 s (of the cluster's workers, from its /metrics, with --operations).
    const memory = sampleMemory(cluster ? () => clusterMemory(cluster.base) : undefined);
    const ops: OperationsLog | undefined = cluster ? { t0: Date.now(), dbStopSeconds: OPTS.dbStopSeconds } : undefined;
    const events = (async () => {
      if (!cluster || !ops) return;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      // A rolling restart at a third of the run …
      await sleep((OPTS.seconds * 1000) / 3);
      ops.restartAt = Date.now();
      log("  SIGHUP: рабочие процессы сменяются по одному ...");
      process.kill(cluster.pid, "SIGHUP");
      for (let i = 0; i < 1200 && !ops.restartDoneAt; i++) {
        await sleep(100);
        if (cluster.output().includes("Рабочие процессы перезапущены")) ops.restartDoneAt = Date.now();
      }
      // … and the database stopped for SOAK_DB_STOP_SECONDS at two thirds.
      await sleep(Math.max(0, ops.t0 + (OPTS.seconds * 2000) / 3 - Date.now()));
      log(`  база данных останавливается на ${OPTS.dbStopSeconds} с ...`);
      ops.dbStopAt = Date.now();
      await embedded.stop();
      await sleep(OPTS.dbStopSeconds * 1000);
      const { startEmbeddedDb } = await import("../src/lib/embedded-db.ts");
      embedded = await startEmbeddedDb({ dataDir: benchDataDir(), port: Number(new URL(db.url).port), persistent: true, quiet: true });
      ops.dbBackAt = Date.now();
      log(`  база данных снова работает (остановлена на ${((ops.dbBackAt - ops.dbStopAt) / 1000).toFixed(1)} с)`);
    })();
    const jobs: LoaderJob[] = Array.from({ length: OPTS.loaders }, () => ({
      base,
      users: [],
      durationSec: OPTS.seconds,
      thinkMs: OPTS.thinkMs,
      timeoutMs: OPTS.timeoutMs,
      rampMs: OPTS.rampSeconds * 1000,
    }));
    users.users.forEach((u, i) => jobs[i % OPTS.loaders]!.users.push(u));
    const results = await Promise.all(jobs.map(loaderProcess));
    await events;
    const elapsed = await memory.stop();

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
      ops,
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
    if (cluster) writeResult("soak-cluster.log", cluster.output());
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
