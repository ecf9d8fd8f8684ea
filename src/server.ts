/**
 * Starts the app. With no DATABASE_URL: an embedded PostgreSQL with its data
 * in ./data (kept between runs), migrations applied, the demo school seeded on
 * the first run, the demo logins printed.
 *
 * With WEB_CONCURRENCY > 1 the primary process prepares the database and forks
 * that many workers (node:cluster) sharing the port; sessions live in
 * PostgreSQL, so any worker serves any request.
 *
 * Signals and exit codes are this file's, not a library's:
 * - SIGINT (Ctrl-C) and SIGTERM stop cleanly: no new connections, requests in progress are
 *   answered (up to DRAIN_MS), the database pool and the embedded server are stopped; exit 0.
 * - SIGHUP never stops the primary. With several workers it restarts them one at a time (a new
 *   one is listening before an old one stops taking requests), so no request is lost; with one
 *   process it is logged and ignored. Workers leave SIGHUP to the primary. The new workers run
 *   the code now on disk and the settings of ENV_FILE read again (a file with a mistake: the
 *   running workers stay).
 * - A start that fails (bad settings, a busy port, a database that cannot start) prints one
 *   Russian sentence and exits 1.
 *
 * Background jobs (src/lib/queue.ts, pg-boss): the process that prepares the database starts the
 * queue right after the migrations (before the demo seed and before any request) and runs its
 * workers and schedules — the only process with one, or the primary of a cluster (which keeps its
 * own small database pool for them); cluster workers only add jobs. A stop ends the queue after
 * the HTTP side drained and before the database closes.
 */
import cluster, { type Worker } from "node:cluster";
import type { Server } from "node:http";
import type { Socket } from "node:net";
import { config, ConfigError, envWithFile, loadConfig } from "./config.ts";
import { connectDatabase, disconnectDatabase } from "./lib/db.ts";
import { connectReplica, disconnectReplica } from "./lib/replica.ts";
import { startEmbeddedDb, type EmbeddedDb } from "./lib/embedded-db.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { log } from "./lib/log.ts";
import { closeMail } from "./lib/mail.ts";
import { attachQueue, enqueue, startQueue, stopQueue } from "./lib/queue.ts";

/** Set by the primary for its workers: the database is ready at DATABASE_URL. */
const WORKER_FLAG = "JOURNAL_CLUSTER_WORKER";
/** How long a stop waits for requests in progress before closing their connections. */
const DRAIN_MS = 10_000;

class StartError extends Error {}

async function prepareDatabase(): Promise<{ url: string; embedded?: EmbeddedDb }> {
  const cfg = config();
  let embedded: EmbeddedDb | undefined;
  let url = cfg.databaseUrl;
  if (!url) {
    console.log(`Запуск встроенной PostgreSQL (данные в ${cfg.dataDir}) ...`);
    const { backupPaths } = await import("./modules/backups/backup.core.ts");
    embedded = await startEmbeddedDb({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, persistent: true, archiveDir: backupPaths(cfg.backupDir).wal });
    if (!(await embedded.databaseExists("journal"))) await embedded.createDatabase("journal");
    url = embedded.url("journal");
  }
  try {
    console.log("Применение миграций ...");
    await applyMigrations(url);
    connectDatabase(url);
    if (cfg.replica) await connectReplica(cfg.replica.url, cfg.replica);
    const { JOBS } = await import("./modules/jobs.ts");
    await startQueue({ url, jobs: JOBS, work: true });
    if (embedded) {
      const { isSeeded, seedDemo, printDemoLogins } = await import("./seed/index.ts");
      if (!(await isSeeded())) {
        console.log("Первый запуск: создаётся демонстрационная школа ...");
        await seedDemo();
      }
      await printDemoLogins();
      if (embedded.archiving) {
        const { enableBackups, readStatus, STALE_HOURS } = await import("./modules/backups/backup.service.ts");
        enableBackups(url);
        // No backup of the last day (a first start, a machine that was off at night): one now, in the background.
        const last = readStatus().last;
        if (!last || Date.now() - new Date(last.finishedAt).getTime() > STALE_HOURS * 3_600_000) await enqueue("backup", {}, { singletonKey: "backup" });
      }
    }
  } catch (err) {
    await stopQueue().catch(() => {});
    await disconnectDatabase().catch(() => {});
    await embedded?.stop().catch(() => {});
    throw err;
  }
  return { url, embedded };
}

async function listen(): Promise<Server> {
  const cfg = config();
  const { createApp } = await import("./app.ts");
  const app = createApp();
  return new Promise((resolve, reject) => {
    const s = cfg.host ? app.listen(cfg.port, cfg.host) : app.listen(cfg.port);
    closeGently(s);
    s.once("listening", () => resolve(s));
    s.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") reject(new StartError(`порт ${cfg.port} уже занят другой программой; задайте другой в PORT или остановите её`));
      else if (err.code === "EACCES") reject(new StartError(`нет права открыть порт ${cfg.port}; выберите порт выше 1024 в PORT`));
      else reject(err);
    });
  });
}

/**
 * Keep-alive connections of a stopping server end without a race. Node closes idle connections the
 * moment the server closes (and drain() asks again every 100 ms), but "idle" may mean a client's
 * next request is already on its way: that client gets a reset connection (autocannon under a
 * rolling restart counted a few in a thousand; the soak's fetch clients, which keep more
 * connections than they use at once, several at a time even with a 1 s grace). Instead, once the
 * server no longer listens, every response says `Connection: close` (the client opens its next
 * connection to a live worker), and an idle connection is closed only when its keep-alive time,
 * announced to the client in every response (`Keep-Alive: timeout=5`), has run out: a client no
 * longer sends on it then.
 */
function closeGently(server: Server): void {
  const idleSince = new Map<Socket, number>();
  server.on("connection", (socket: Socket) => {
    idleSince.set(socket, Date.now());
    socket.once("close", () => idleSince.delete(socket));
  });
  server.prependListener("request", (req, res) => {
    const socket = req.socket;
    idleSince.delete(socket);
    if (!server.listening) res.setHeader("Connection", "close");
    res.once("finish", () => {
      if (!socket.destroyed) idleSince.set(socket, Date.now());
    });
  });
  const sweep = () => {
    const now = Date.now();
    for (const [socket, since] of idleSince) if (now - since >= server.keepAliveTimeout) socket.destroy();
  };
  // Called by server.close() (a stop, or the cluster retiring this worker): from then on, sweep until the last connection ends.
  let sweeping: NodeJS.Timeout | undefined;
  server.closeIdleConnections = () => {
    sweeping ??= setInterval(sweep, 100).unref();
    sweep();
  };
}

/** Stops taking connections and waits for the requests in progress (at most DRAIN_MS). */
function drain(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** SIGINT and SIGTERM run `stop` once; a second signal while stopping is ignored. */
function onStop(stop: (signal: string) => Promise<void>) {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      (err) => {
        console.error("Ошибка при остановке:", err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

/** The queue, the mail connections and the database pool, in that order (jobs may still write). */
async function closeBackground(): Promise<void> {
  await stopQueue().catch(() => {});
  closeMail();
  await disconnectReplica().catch(() => {});
  await disconnectDatabase().catch(() => {});
}

async function worker() {
  connectDatabase(process.env.DATABASE_URL!);
  const replica = config().replica;
  if (replica) await connectReplica(replica.url, replica);
  attachQueue(process.env.DATABASE_URL!);
  const server = await listen();
  // The primary decides what a hang-up means (a rolling restart); a worker keeps serving.
  process.on("SIGHUP", () => {});
  onStop(async () => {
    await drain(server);
    await closeBackground();
  });
  // The primary retired this worker (a rolling restart: its server is closed and its requests
  // answered by now) or went away (killed): close the pool and do not linger.
  process.on("disconnect", () => {
    setTimeout(() => process.exit(0), DRAIN_MS).unref();
    void closeBackground().finally(() => process.exit(0));
  });
}

async function primary() {
  const cfg = config();
  const { url, embedded } = await prepareDatabase();
  const stopEmbedded = async () => {
    if (embedded) await embedded.stop().catch(() => {});
  };

  if (cfg.workers > 1) {
    // The primary keeps its connection: it runs the background jobs for the whole cluster.
    let stopping = false;
    /** Workers being replaced by a rolling restart: their exit is expected. */
    const retiring = new Set<Worker>();
    /** The workers' environment: this process's, with ENV_FILE read again on SIGHUP. */
    let workerEnv = process.env;
    const fork = () => cluster.fork({ ...workerEnv, DATABASE_URL: url, [WORKER_FLAG]: "1" });
    const listening = (w: Worker) => new Promise<void>((resolve) => w.once("listening", () => resolve()));
    const exited = (w: Worker) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once("exit", () => resolve())));

    // GET /metrics in any worker answers for the whole cluster (gathered here).
    const { serveClusterMetrics } = await import("./modules/metrics/metrics.service.ts");
    serveClusterMetrics();
    // A message to a worker that has just died (a metrics request, its retirement) fails with EPIPE
    // on its Worker object; unhandled, that error would end this process and the whole cluster.
    cluster.on("fork", (w) => w.on("error", (err: Error) => log.warn({ err, pid: w.process.pid }, "рабочий процесс недоступен")));
    cluster.on("exit", (w, code) => {
      if (stopping || retiring.delete(w)) return;
      console.error(`Рабочий процесс ${w.process.pid} завершился (код ${code}): запускается новый.`);
      fork();
    });
    try {
      await Promise.all(Array.from({ length: cfg.workers }, () => listening(fork())));
    } catch (err) {
      await closeBackground();
      await stopEmbedded();
      throw err;
    }
    console.log(`Электронный журнал работает: http://localhost:${cfg.port} (процессов: ${cfg.workers})`);

    let restarting = false;
    process.on("SIGHUP", () => {
      if (stopping || restarting) return;
      try {
        const env = envWithFile(startEnv);
        loadConfig(env); // changed settings with a mistake: the running workers stay
        workerEnv = env;
      } catch (err) {
        console.error(err instanceof Error ? err.message : err, "\nРабочие процессы не перезапущены.");
        return;
      }
      restarting = true;
      console.log("Получен SIGHUP: рабочие процессы перезапускаются по одному ...");
      void (async () => {
        for (const old of Object.values(cluster.workers ?? {})) {
          if (!old || stopping) continue;
          await listening(fork());
          retiring.add(old);
          // disconnect(), not a signal: the primary first takes the worker out of its round-robin,
          // so no connection is handed to a process that is closing (a handle in flight to a worker
          // that exits is lost, and its client waits forever); the worker then closes its server,
          // answers what it has and exits. One that does not finish in time is stopped by SIGTERM.
          old.disconnect();
          const late = setTimeout(() => old.process.kill("SIGTERM"), DRAIN_MS);
          await exited(old);
          clearTimeout(late);
        }
        restarting = false;
        if (!stopping) console.log("Рабочие процессы перезапущены.");
      })();
    });

    onStop(async (signal) => {
      stopping = true;
      console.log(`\nПолучен ${signal}: остановка ...`);
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      for (const w of workers) w.process.kill("SIGTERM");
      await Promise.race([Promise.all(workers.map(exited)), new Promise((resolve) => setTimeout(resolve, DRAIN_MS + 2000))]);
      await closeBackground();
      await stopEmbedded();
      console.log("Остановлено.");
    });
    return;
  }

  let server: Server;
  try {
    server = await listen();
  } catch (err) {
    await closeBackground();
    await stopEmbedded();
    throw err;
  }
  console.log(`Электронный журнал работает: http://localhost:${cfg.port}`);
  process.on("SIGHUP", () => console.log("Получен SIGHUP: процесс продолжает работу (перезапуск по SIGHUP — при WEB_CONCURRENCY больше 1)."));
  onStop(async (signal) => {
    console.log(`\nПолучен ${signal}: остановка ...`);
    await drain(server);
    await closeBackground();
    await stopEmbedded();
    console.log("Остановлено.");
  });
}

/** The environment the primary was started with (ENV_FILE is applied over it, at start and on SIGHUP). */
const startEnv = { ...process.env };

/**
 * A promise rejected with nobody to catch it (a read beside a page failing while the database goes
 * away) must not end a process that is serving a school: Node's default would, and a worker's end
 * takes its requests in flight with it (the operations soak lost the whole cluster that way). It is
 * logged with its stack, to be fixed where it comes from.
 */
function keepRunningOnStrayRejections(): void {
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "непойманный отказ промиса (процесс продолжает работу)"));
}

async function main(): Promise<void> {
  keepRunningOnStrayRejections();
  if (process.env[WORKER_FLAG] && cluster.isWorker) return worker();
  Object.assign(process.env, envWithFile(startEnv));
  return primary();
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error("Не удалось запустить приложение:", err instanceof Error ? err.message : err);
  process.exit(1);
});
