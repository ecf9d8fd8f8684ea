/**
 * npm run bench — the benchmark over the large school (see bench/README.md).
 *
 * Prepares the large school in its own embedded PostgreSQL (bench/prepare.ts),
 * starts the app in this process on a free 127.0.0.1 port (and a bare Express
 * app beside it), signs in as seeded users, and for each scenario measures
 *   - the server time of single requests: the median of BENCH_SAMPLES sequential
 *     requests, timed inside the HTTP server from request to the last byte;
 *   - latency (median, p95, p99) and requests per second under load: autocannon
 *     in a forked process, BENCH_CONNECTIONS connections for BENCH_DURATION seconds.
 * Prints a Markdown table and writes it to bench/results/latest.md; with
 * --update-readme also into bench/README.md. Only 127.0.0.1 is ever a target.
 *
 * Environment: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (10),
 * BENCH_SAMPLES (50), BENCH_ONLY (comma-separated scenario keys, listed in
 * bench/scenarios/index.ts), BENCH_DATA_DIR (./data/bench), BENCH_PG_PORT (free port), BENCH_RESEED=1.
 *
 * The parts: bench/scenarios/ (what is measured), bench/measure.ts and bench/runs.ts (how),
 * bench/servers.ts (the servers under measurement), bench/report.ts (the table).
 */
import os from "node:os";
import { OPTS, productionEnv, selected } from "./env.ts";
import { loadInWorker, measure, type Row } from "./measure.ts";
import { benchQuery, prepareBenchDb } from "./prepare.ts";
import { writeReport } from "./report.ts";
import { log } from "./results.ts";
import { measureSignIn, measureYearClose } from "./runs.ts";
import { benchScenarios } from "./scenarios/index.ts";
import { closeTimed, listenBare, listenTimed, startCluster } from "./servers.ts";
import { ms } from "./stats.ts";

// The app runs as in production (compiled view cache), with its own secret and no login limit.
productionEnv();

async function main(): Promise<number> {
  const load0 = os.loadavg()[0]!;
  const db = await prepareBenchDb(log);
  const { disconnectDatabase } = await import("../src/lib/db.ts");
  const { DEMO_PASSWORD } = await import("../src/seed/index.ts");
  const { createApp } = await import("../src/app.ts");
  const q = await benchQuery();

  const app = await listenTimed(createApp());
  const { app: bareApp, timed: bare } = await listenBare();
  let appStopped = false;
  const stopApp = async () => {
    if (appStopped) return;
    appStopped = true;
    await closeTimed(app, bare);
    // Handlers of requests whose client hung up at the end of a load run may still await the database.
    await new Promise((r) => setTimeout(r, 1000));
    await disconnectDatabase();
  };
  const close = async () => {
    await stopApp();
    await db.embedded.stop();
  };

  let clusterStop: (() => Promise<void>) | undefined;
  let teardown: (() => Promise<void>) | undefined;
  try {
    const bench = await benchScenarios({ db, q, app, bare, bareApp, password: DEMO_PASSWORD });
    const { scenarios, pick, cells, runners } = bench;
    teardown = bench.teardown;

    const clusterApp = OPTS.workers >= 2 ? await startCluster(db.url, OPTS.workers) : undefined;
    clusterStop = clusterApp?.stop;
    if (clusterApp) log(`Кластер из ${OPTS.workers} процессов: ${clusterApp.base}`);
    const rows: Row[] = [];
    for (const sc of scenarios) {
      if (!selected(sc.key)) continue;
      log(`— ${sc.title} ...`);
      const custom = runners.get(sc.key);
      if (custom) {
        for (const row of await custom()) {
          rows.push(row);
          if (row.single) log(`  ${row.scenario.title}: ${ms(row.serverMedian)} мс; ${row.single.note}`);
          else if (row.load)
            log(
              `  сервер ${ms(row.serverMedian)} мс; под нагрузкой p50 ${ms(row.load.p50)} / p95 ${ms(row.load.p95)} мс, ${Math.round(row.load.rps)} запросов/с`,
            );
          else log(`  ${row.note}`);
        }
        continue;
      }
      const row = sc.key === "login-post" ? await measureSignIn(app, pick.login, DEMO_PASSWORD) : await measure(sc);
      rows.push(row);
      if (clusterApp && sc.target === app && row.load) {
        const load = await loadInWorker(sc, clusterApp.base);
        rows.push({ scenario: { ...sc, title: `${sc.title} — ${OPTS.workers} процесса (WEB_CONCURRENCY), только нагрузка`, goal: undefined }, load });
        log(`  ${OPTS.workers} процесса: p50 ${ms(load.p50)} / p95 ${ms(load.p95)} мс, ${Math.round(load.rps)} запросов/с`);
      }
      if (row.single) log(`  сервер: медиана ${ms(row.serverMedian)}, p95 ${ms(row.single.p95)} мс`);
      else
        log(
          row.load
            ? `  сервер ${ms(row.serverMedian)} мс; под нагрузкой p50 ${ms(row.load.p50)} / p95 ${ms(row.load.p95)} мс, ${Math.round(row.load.rps)} запросов/с`
            : `  ${row.note}`,
        );
    }

    // What the scenarios added to the large school goes before anything else reads it (year-close copies it).
    await teardown();
    const [pgVersion] = await q<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    if (selected("year-close")) {
      await clusterStop?.();
      clusterStop = undefined;
      await stopApp();
      log("— Закрытие года ...");
      const row = await measureYearClose(db);
      rows.push(row);
      log(row.single ? `  медиана ${ms(row.serverMedian)} мс` : `  ${row.note}`);
    }
    writeReport(rows, { db, pick, cells: cells.length, pgVersion: pgVersion?.v, load0, updateReadme: process.argv.slice(2).includes("--update-readme") });
    return 0;
  } finally {
    await teardown?.().catch((err: unknown) => log(`Не удалось убрать добавленное замером: ${err instanceof Error ? err.message : String(err)}`));
    await clusterStop?.();
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("Замер не удался:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
