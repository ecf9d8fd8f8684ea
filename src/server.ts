/**
 * Starts the app. With no DATABASE_URL: an embedded PostgreSQL with its data
 * in ./data (kept between runs), migrations applied, the demo school seeded on
 * the first run, the demo logins printed. Ctrl-C stops everything cleanly.
 *
 * With WEB_CONCURRENCY > 1 the primary process prepares the database and forks
 * that many workers (node:cluster) sharing the port; sessions live in
 * PostgreSQL, so any worker serves any request.
 */
import cluster from "node:cluster";
import type { Server } from "node:http";
import { config, ConfigError } from "./config.ts";
import { connectDatabase, disconnectDatabase } from "./lib/db.ts";
import { startEmbeddedDb, type EmbeddedDb } from "./lib/embedded-db.ts";
import { applyMigrations } from "./lib/migrate.ts";

/** Set by the primary for its workers: the database is ready at DATABASE_URL. */
const WORKER_FLAG = "JOURNAL_CLUSTER_WORKER";

async function prepareDatabase(): Promise<{ url: string; embedded?: EmbeddedDb }> {
  const cfg = config();
  let embedded: EmbeddedDb | undefined;
  let url = cfg.databaseUrl;
  if (!url) {
    console.log(`Запуск встроенной PostgreSQL (данные в ${cfg.dataDir}) ...`);
    embedded = await startEmbeddedDb({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, persistent: true });
    if (!(await embedded.databaseExists("journal"))) await embedded.createDatabase("journal");
    url = embedded.url("journal");
  }
  console.log("Применение миграций ...");
  await applyMigrations(url);
  connectDatabase(url);

  if (embedded) {
    const { isSeeded, seedDemo, printDemoLogins } = await import("./seed/index.ts");
    if (!(await isSeeded())) {
      console.log("Первый запуск: создаётся демонстрационная школа ...");
      await seedDemo();
    }
    await printDemoLogins();
  }
  return { url, embedded };
}

async function listen(): Promise<Server> {
  const cfg = config();
  const { createApp } = await import("./app.ts");
  const app = createApp();
  return new Promise((resolve) => {
    const s = cfg.host ? app.listen(cfg.port, cfg.host, () => resolve(s)) : app.listen(cfg.port, () => resolve(s));
  });
}

function onStop(stop: (signal: string) => Promise<void>) {
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

async function worker() {
  connectDatabase(process.env.DATABASE_URL!);
  const server = await listen();
  let stopping = false;
  onStop(async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections?.();
    await disconnectDatabase().catch(() => {});
    process.exit(0);
  });
  // The primary went away (killed): do not linger.
  process.on("disconnect", () => process.exit(0));
}

async function primary() {
  const cfg = config();
  const { url, embedded } = await prepareDatabase();
  let server: Server | undefined;
  if (cfg.workers > 1) {
    await disconnectDatabase();
    let stopping = false;
    const fork = () => cluster.fork({ ...process.env, DATABASE_URL: url, [WORKER_FLAG]: "1" });
    for (let i = 0; i < cfg.workers; i++) fork();
    cluster.on("exit", (w, code) => {
      if (stopping) return;
      console.error(`Рабочий процесс ${w.process.pid} завершился (код ${code}): запускается новый.`);
      fork();
    });
    let online = 0;
    await new Promise<void>((resolve) => cluster.on("listening", () => ++online === cfg.workers && resolve()));
    console.log(`Электронный журнал работает: http://localhost:${cfg.port} (процессов: ${cfg.workers})`);
    onStop(async (signal) => {
      if (stopping) return;
      stopping = true;
      console.log(`\nПолучен ${signal}: остановка ...`);
      const exits = Object.values(cluster.workers ?? {}).map((w) => new Promise((resolve) => (w?.isDead() ? resolve(null) : w?.once("exit", resolve))));
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      await Promise.race([Promise.all(exits), new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (embedded) await embedded.stop().catch(() => {});
      console.log("Остановлено.");
      process.exit(0);
    });
    return;
  }

  server = await listen();
  console.log(`Электронный журнал работает: http://localhost:${cfg.port}`);
  let stopping = false;
  onStop(async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nПолучен ${signal}: остановка ...`);
    server?.close();
    server?.closeAllConnections?.();
    await disconnectDatabase().catch(() => {});
    if (embedded) await embedded.stop().catch(() => {});
    console.log("Остановлено.");
    process.exit(0);
  });
}

(process.env[WORKER_FLAG] && cluster.isWorker ? worker() : primary()).catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error("Не удалось запустить приложение:", err instanceof Error ? err.message : err);
  process.exit(1);
});
