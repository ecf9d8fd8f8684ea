/**
 * Operations (issue 20), measured on the parent's diary week:
 * - diary-week-replica: under load with a real streaming replica of the large school (made for the
 *   run by replica.core.ts and removed after it), in this process and, with BENCH_WORKERS, in the
 *   cluster. The same page without the replica is the diary-week row of the same run. On this
 *   2-core machine the replica shares the cores with the primary and the app, so the figure shows
 *   the mechanism's cost, not the gain of a second machine.
 * - rolling-restart: the production start with 2 workers under autocannon (BENCH_CONNECTIONS) for
 *   40 s, a SIGHUP after 5 s (the workers replaced one at a time): the failed requests.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { OPTS } from "../env.ts";
import { loadInWorker, measure, type Row, type Scenario } from "../measure.ts";
import { freePort } from "../prepare.ts";
import { log } from "../results.ts";
import { startCluster } from "../servers.ts";
import type { ScenarioContext } from "./context.ts";

export function operationsScenarios(
  ctx: ScenarioContext,
  diaryWeek: Scenario | undefined,
): { scenarios: Scenario[]; runners: Map<string, () => Promise<Row[]>> } {
  const sc: Scenario = {
    ...(diaryWeek ?? { target: ctx.app, method: "GET", path: "/", skip: "нет сценария недели дневника" }),
    key: "diary-week-replica",
    title: "Дневник: неделя, родитель, чтение с реплики (DATABASE_REPLICA_URL, потоковая реплика на этой же машине)",
    goal: undefined,
  };
  const runners = new Map<string, () => Promise<Row[]>>();
  runners.set(sc.key, async () => {
    if (sc.skip) return [{ scenario: sc, note: sc.skip }];
    const { createReplica, dropReplicaSlot, startReplica } = await import("../../src/modules/backups/replica.core.ts");
    const { connectReplica, disconnectReplica, replicaStatus } = await import("../../src/lib/replica.ts");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-bench-replica-"));
    fs.chmodSync(dir, 0o755);
    const t0 = Date.now();
    await createReplica({ primaryUrl: ctx.db.url, dir: path.join(dir, "pg") });
    const server = await startReplica(path.join(dir, "pg"), await freePort());
    log(`  реплика создана и запущена за ${((Date.now() - t0) / 1000).toFixed(1)} с`);
    const rows: Row[] = [];
    try {
      const settings = { maxLagSeconds: 5, recentWriteSeconds: 10 };
      await connectReplica(server.url(new URL(ctx.db.url).pathname.slice(1)), settings);
      for (let i = 0; i < 100 && !replicaStatus().usable; i++) await new Promise((r) => setTimeout(r, 100));
      if (!replicaStatus().usable) return [{ scenario: sc, note: `реплика не догнала основной сервер: ${replicaStatus().problem}` }];
      const before = replicaStatus().reads;
      const row = await measure(sc);
      const served = replicaStatus().reads - before;
      rows.push({ ...row, note: `с реплики: ${served} страниц` });
      if (OPTS.workers >= 2 && row.load) {
        const cluster = await startCluster(ctx.db.url, OPTS.workers, { DATABASE_REPLICA_URL: server.url(new URL(ctx.db.url).pathname.slice(1)) });
        try {
          const load = await loadInWorker(sc, cluster.base);
          rows.push({ scenario: { ...sc, title: `${sc.title} — ${OPTS.workers} процесса (WEB_CONCURRENCY), только нагрузка` }, load });
        } finally {
          await cluster.stop();
        }
      }
    } finally {
      await disconnectReplica();
      await server.stop();
      await dropReplicaSlot(ctx.db.url).catch(() => false);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  });

  const restart: Scenario = {
    ...sc,
    key: "rolling-restart",
    title: "Перезапуск под нагрузкой: неделя дневника, 2 процесса, SIGHUP на 5-й секунде (рабочие процессы сменяются по одному), 40 с",
  };
  runners.set(restart.key, async () => {
    if (restart.skip) return [{ scenario: restart, note: restart.skip }];
    const cluster = await startCluster(ctx.db.url, Math.max(2, OPTS.workers));
    try {
      const load = loadInWorker(restart, cluster.base, 40);
      await new Promise((r) => setTimeout(r, 5000));
      const t0 = Date.now();
      process.kill(cluster.pid, "SIGHUP");
      let took = NaN;
      for (let i = 0; i < 340 && Number.isNaN(took); i++) {
        await new Promise((r) => setTimeout(r, 100));
        if (cluster.output().includes("Рабочие процессы перезапущены")) took = (Date.now() - t0) / 1000;
      }
      const result = await load;
      const failed = result.errors + result.non2xx + result.timeouts;
      return [
        {
          scenario: restart,
          load: result,
          note: `${failed} неудачных из ${result.requests} (ошибок соединения ${result.errors}, тайм-аутов ${result.timeouts}, ответы ${JSON.stringify(result.statuses)}); смена процессов — ${Number.isNaN(took) ? "не закончилась за 34 с" : `${took.toFixed(1)} с`}`,
        },
      ];
    } finally {
      await cluster.stop();
    }
  });
  return { scenarios: [sc, restart], runners };
}
