/**
 * Backups of the embedded database (issue 20), with what the server alone offers (the embedded
 * package has no pg_dump or pg_basebackup): WAL archived continuously by the server itself
 * (embedded-db.ts archiveFlags: each segment gzipped into `<root>/wal`), and base backups taken with
 * the low-level API (pg_backup_start, a copy of the data folder, pg_backup_stop). Any moment after
 * the oldest kept backup can then be restored.
 *
 * A backup `<root>/base/<id>/` holds `data/` (the copy; a file unchanged since the previous backup is
 * a hard link to it, so a night costs only what changed) and `manifest.json`: the WAL segment it
 * starts from, a named restore point made right after it with the main tables locked against
 * writes, those tables' row counts and order-free checksums at that point, the uploaded files then
 * stored (copied once into `<root>/files/`), and the SHA-256 of every copied file. A verification
 * checks the files against their sums, restores the copy into a scratch folder up to the restore
 * point, starts a server on it and compares the tables with what the manifest recorded.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import pg from "pg";
import { formatDateTime } from "../../lib/dates.ts";
import { ensureServerFolder, giveToServer, serverRunningOn, startServerAt } from "../../lib/embedded-db.ts";
import type { FileStore } from "../../lib/files/store.ts";
import { freePort } from "../../lib/ports.ts";

export class BackupError extends Error {}

/** The tables a verification compares (row counts and checksums): the school's records and everything written daily. */
export const CHECKED_TABLES = [
  "School",
  "Person",
  "User",
  "Student",
  "ClassMembership",
  "Lesson",
  "LessonWork",
  "Mark",
  "Attendance",
  "FinalMark",
  "Announcement",
  "Conversation",
  "Message",
  "StoredFile",
  "AuditLog",
] as const;

export interface TableSum {
  rows: number;
  checksum: string;
}

export interface Verification {
  at: string;
  ok: boolean;
  /** What was found: «совпадает» or the first differences. */
  detail: string;
  ms: number;
}

export interface Manifest {
  id: string;
  startedAt: string;
  finishedAt: string;
  /** The first WAL segment the copy needs (from backup_label). */
  startWal: string;
  /** The named restore point right after the copy, and its segment: a restore of this backup ends there. */
  restorePoint: string;
  restoreWal: string;
  database: string;
  tables: Record<string, TableSum>;
  /** SHA-256 of the uploaded files stored at the time (their content is in `<root>/files/`). */
  files: string[];
  /** Relative path → SHA-256 of each file of `data/`. */
  sums: Record<string, string>;
  bytes: number;
  /** Bytes written for this backup (the rest are links to the previous one). */
  written: number;
  verification?: Verification;
}

export interface BackupPaths {
  root: string;
  wal: string;
  base: string;
  files: string;
}

export function backupPaths(root: string): BackupPaths {
  return { root, wal: path.join(root, "wal"), base: path.join(root, "base"), files: path.join(root, "files") };
}

/** «2026-12-07T02-30-00Z»: sortable, a valid folder name everywhere. */
export function backupId(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}

/** The instant of a backup id. */
export function backupTime(id: string): Date {
  return new Date(id.replace(/T(\d\d)-(\d\d)-(\d\d)Z$/, "T$1:$2:$3Z"));
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Row counts and order-free checksums (sum of each row's hash) of the checked tables present in the database. */
export async function tableSums(client: pg.ClientBase): Promise<Record<string, TableSum>> {
  const present = new Set(
    (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.name),
  );
  const out: Record<string, TableSum> = {};
  for (const t of CHECKED_TABLES) {
    if (!present.has(t)) continue;
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `SELECT count(*)::text AS rows, coalesce(sum(hashtext(t::text)::bigint), 0)::text AS checksum FROM ${quoteIdent(t)} t`,
    );
    out[t] = { rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum };
  }
  return out;
}

/** The differences between two sets of table sums, in Russian; empty when they agree. */
export function compareSums(expected: Record<string, TableSum>, actual: Record<string, TableSum>): string[] {
  const out: string[] = [];
  for (const [t, e] of Object.entries(expected)) {
    const a = actual[t];
    if (!a) out.push(`нет таблицы ${t}`);
    else if (a.rows !== e.rows) out.push(`${t}: строк ${a.rows}, в копии записано ${e.rows}`);
    else if (a.checksum !== e.checksum) out.push(`${t}: содержимое отличается (контрольная сумма)`);
  }
  return out;
}

// ---------------------------------------------------------------- the copy of the data folder

/** Entries of the data folder a base backup leaves out (PostgreSQL's documented list); folders are kept empty. */
const SKIP_FILES = new Set(["postmaster.pid", "postmaster.opts", "backup_label.old", "pg_internal.init", "current_logfiles"]);
const EMPTY_DIRS = new Set(["pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans", "log"]);

async function hashFile(file: string): Promise<string> {
  const h = crypto.createHash("sha256");
  await pipeline(fs.createReadStream(file), h);
  return h.digest("hex");
}

/** Copies `from` to `to` and returns the SHA-256 of what was copied. */
async function copyHashed(from: string, to: string): Promise<string> {
  const h = crypto.createHash("sha256");
  const read = fs.createReadStream(from);
  read.on("data", (chunk) => h.update(chunk));
  await pipeline(read, fs.createWriteStream(to, { mode: 0o600 }));
  return h.digest("hex");
}

interface CopyResult {
  sums: Record<string, string>;
  bytes: number;
  written: number;
}

/**
 * Copies the data folder `src` into `dst` (leaving out what a base backup leaves out). A file whose
 * content equals the same file of `previous` (a folder with its sums) becomes a hard link to it.
 * Files that vanish while copied (a dropped table) are skipped: the WAL replay recreates the state.
 */
export async function copyDataFolder(src: string, dst: string, previous?: { dir: string; sums: Record<string, string> }): Promise<CopyResult> {
  const result: CopyResult = { sums: {}, bytes: 0, written: 0 };
  const walk = async (rel: string): Promise<void> => {
    const from = path.join(src, rel);
    const to = path.join(dst, rel);
    await fsp.mkdir(to, { recursive: true, mode: 0o700 });
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(from, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    for (const e of entries) {
      const r = path.join(rel, e.name);
      if (SKIP_FILES.has(e.name) || e.name.startsWith("pgsql_tmp")) continue;
      if (e.isDirectory()) {
        if (rel === "" && EMPTY_DIRS.has(e.name)) await fsp.mkdir(path.join(dst, r), { recursive: true, mode: 0o700 });
        else await walk(r);
      } else if (e.isSymbolicLink()) {
        await fsp.symlink(await fsp.readlink(path.join(from, e.name)), path.join(to, e.name));
      } else if (e.isFile()) {
        let sum: string;
        try {
          sum = await copyHashed(path.join(from, e.name), path.join(to, e.name));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
          throw err;
        }
        const size = (await fsp.stat(path.join(to, e.name))).size;
        result.sums[r] = sum;
        result.bytes += size;
        if (previous && previous.sums[r] === sum) {
          await fsp.rm(path.join(to, e.name));
          await fsp.link(path.join(previous.dir, r), path.join(to, e.name));
        } else result.written += size;
      }
    }
  };
  await walk("");
  return result;
}

// ---------------------------------------------------------------- listing

export function readManifest(root: string, id: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(backupPaths(root).base, id, "manifest.json"), "utf8")) as Manifest;
  } catch {
    return null;
  }
}

function writeManifest(root: string, m: Manifest): void {
  const file = path.join(backupPaths(root).base, m.id, "manifest.json");
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(m, null, 1));
  fs.renameSync(`${file}.tmp`, file);
}

/** The finished backups, newest first. */
export function listBackups(root: string): Manifest[] {
  const base = backupPaths(root).base;
  if (!fs.existsSync(base)) return [];
  return fs
    .readdirSync(base)
    .filter((n) => !n.endsWith(".part") && !n.startsWith("."))
    .sort()
    .reverse()
    .map((id) => readManifest(root, id))
    .filter((m): m is Manifest => m !== null);
}

// ---------------------------------------------------------------- taking a backup

export interface BackupOptions {
  /** A superuser's connection to the database (the embedded server's own account). */
  url: string;
  root: string;
  store: FileStore;
  /** The second medium: the whole backup folder mirrored there. */
  copyTo?: string;
  keep?: Retention;
  /** How long to wait for the restore point's WAL to be archived. */
  archiveTimeoutMs?: number;
}

/** Takes a base backup now; then prunes by the retention and mirrors to the second folder. */
export async function takeBackup(o: BackupOptions): Promise<Manifest> {
  const P = backupPaths(o.root);
  fs.mkdirSync(P.base, { recursive: true });
  fs.mkdirSync(P.files, { recursive: true });
  const startedAt = new Date();
  let id = backupId(startedAt);
  while (fs.existsSync(path.join(P.base, id))) id = backupId(new Date(backupTime(id).getTime() + 1000));
  const client = new pg.Client({ connectionString: o.url });
  client.on("error", () => {});
  await client.connect();
  const part = path.join(P.base, `${id}.part`);
  try {
    const setting = async (name: string) => (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name]!;
    if ((await setting("archive_mode")) === "off")
      throw new BackupError("архивирование журнала изменений PostgreSQL выключено: резервные копии делаются только со встроенной базой приложения");
    const dataDir = await setting("data_directory");
    const database = (await client.query<{ db: string }>("SELECT current_database() AS db")).rows[0]!.db;
    const previous = listBackups(o.root)[0];

    await client.query("SELECT pg_backup_start($1, true)", [`journal ${id}`]);
    let copy: CopyResult;
    try {
      copy = await copyDataFolder(dataDir, path.join(part, "data"), previous && { dir: path.join(P.base, previous.id, "data"), sums: previous.sums });
    } catch (err) {
      await client.query("SELECT pg_backup_stop(false)").catch(() => {});
      throw err;
    }
    const stop = (await client.query<{ labelfile: string; spcmapfile: string | null }>("SELECT labelfile, spcmapfile FROM pg_backup_stop(true)")).rows[0]!;
    for (const [name, text] of [
      ["backup_label", stop.labelfile],
      ["tablespace_map", stop.spcmapfile],
    ] as const) {
      if (!text) continue;
      fs.writeFileSync(path.join(part, "data", name), text, { mode: 0o600 });
      copy.sums[name] = crypto.createHash("sha256").update(text).digest("hex");
    }
    const startWal = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(stop.labelfile)?.[1];
    if (!startWal) throw new BackupError("в backup_label нет начального сегмента журнала изменений");

    // The moment a restore of this backup returns to: the checked tables locked against writes
    // (reads go on), their sums, a named restore point; the lock ends with the transaction.
    const restorePoint = `backup-${id}`;
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    let tables: Record<string, TableSum>;
    let restoreWal: string;
    try {
      const present = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`, [
        CHECKED_TABLES,
      ]);
      if (present.rows.length) await client.query(`LOCK TABLE ${present.rows.map((r) => quoteIdent(r.name)).join(", ")} IN SHARE MODE`);
      tables = await tableSums(client);
      restoreWal = (await client.query<{ wal: string }>("SELECT pg_walfile_name(pg_create_restore_point($1)) AS wal", [restorePoint])).rows[0]!.wal;
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    }
    await client.query("SELECT pg_switch_wal()");
    await waitArchived(client, restoreWal, o.archiveTimeoutMs ?? 120_000);

    const files: string[] = [];
    for await (const f of o.store.list()) {
      const target = path.join(P.files, f.sha256);
      if (!fs.existsSync(target)) {
        const data = await o.store.get(f.sha256);
        if (!data) continue; // removed meanwhile
        await pipeline(data, fs.createWriteStream(`${target}.tmp`));
        fs.renameSync(`${target}.tmp`, target);
      }
      files.push(f.sha256);
    }

    const manifest: Manifest = {
      id,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      startWal,
      restorePoint,
      restoreWal,
      database,
      tables,
      files: files.sort(),
      sums: copy.sums,
      bytes: copy.bytes,
      written: copy.written,
    };
    fs.writeFileSync(path.join(part, "manifest.json"), JSON.stringify(manifest, null, 1));
    fs.renameSync(part, path.join(P.base, id));
    pruneBackups(o.root, o.keep);
    if (o.copyTo) await mirrorBackups(o.root, o.copyTo);
    return manifest;
  } catch (err) {
    fs.rmSync(part, { recursive: true, force: true });
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Waits until the archiver has stored segment `wal` (segments of one timeline sort by name). */
async function waitArchived(client: pg.ClientBase, wal: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ last: string | null; failed: string | null }>(
      "SELECT last_archived_wal AS last, last_failed_wal AS failed FROM pg_stat_archiver",
    );
    const last = rows[0]?.last ?? "";
    if (last.length >= 24 && last.slice(0, 24) >= wal) return;
    if (Date.now() > until)
      throw new BackupError(
        `сегмент журнала изменений ${wal} не попал в архив за ${Math.round(timeoutMs / 1000)} с${rows[0]?.failed ? ` (не удалось заархивировать ${rows[0].failed})` : ""}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---------------------------------------------------------------- retention and the second medium

export interface Retention {
  daily: number;
  weekly: number;
}

const isoWeek = (d: Date) => {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  t.setUTCDate(t.getUTCDate() + 3 - ((t.getUTCDay() + 6) % 7));
  const first = new Date(Date.UTC(t.getUTCFullYear(), 0, 4));
  return `${t.getUTCFullYear()}-${Math.round((t.getTime() - first.getTime()) / 604_800_000)}`;
};

/** The backups kept: all of the day before the newest, the newest of each of the last `daily` days and of the last `weekly` weeks that have one. */
export function backupsToKeep(ids: readonly string[], keep: Retention): Set<string> {
  const newest = [...ids].sort().reverse();
  // Everything of the last day (a backup made by hand before an update outlives the night's).
  const since = newest.length ? backupTime(newest[0]!).getTime() - 86_400_000 : 0;
  const kept = new Set<string>(newest.filter((id) => backupTime(id).getTime() > since));
  const days = new Set<string>();
  const weeks = new Set<string>();
  for (const id of newest) {
    const at = backupTime(id);
    const day = id.slice(0, 10);
    if (!days.has(day) && days.size < keep.daily) {
      days.add(day);
      kept.add(id);
    }
    const week = isoWeek(at);
    if (!weeks.has(week) && weeks.size < keep.weekly) {
      weeks.add(week);
      kept.add(id);
    }
  }
  return kept;
}

/**
 * Removes backups beyond the retention, unfinished ones older than a day, WAL older than the oldest
 * kept backup needs, and stored files no kept backup lists.
 */
export function pruneBackups(root: string, keep: Retention = { daily: 7, weekly: 4 }): { removed: string[] } {
  const P = backupPaths(root);
  const all = listBackups(root);
  const kept = backupsToKeep(
    all.map((m) => m.id),
    keep,
  );
  const removed: string[] = [];
  for (const m of all)
    if (!kept.has(m.id)) {
      fs.rmSync(path.join(P.base, m.id), { recursive: true, force: true });
      removed.push(m.id);
    }
  for (const n of fs.existsSync(P.base) ? fs.readdirSync(P.base) : [])
    if (n.endsWith(".part") && Date.now() - fs.statSync(path.join(P.base, n)).mtimeMs > 86_400_000)
      fs.rmSync(path.join(P.base, n), { recursive: true, force: true });
  const left = all.filter((m) => kept.has(m.id));
  const oldest = left.at(-1);
  if (oldest && fs.existsSync(P.wal))
    for (const n of fs.readdirSync(P.wal)) {
      const seg = /^([0-9A-F]{24})\.gz$/.exec(n)?.[1];
      if (seg && seg < oldest.startWal) fs.rmSync(path.join(P.wal, n), { force: true });
    }
  if (left.length && fs.existsSync(P.files)) {
    const listed = new Set(left.flatMap((m) => m.files));
    for (const n of fs.readdirSync(P.files)) if (!listed.has(n.replace(/\.tmp$/, ""))) fs.rmSync(path.join(P.files, n), { force: true });
  }
  return { removed };
}

/** Copies what is new under `root` to `to` (the second medium) and removes there what `root` no longer has. */
export async function mirrorBackups(root: string, to: string): Promise<void> {
  const P = backupPaths(root);
  const Q = backupPaths(to);
  for (const d of [Q.base, Q.wal, Q.files]) fs.mkdirSync(d, { recursive: true });
  const plain = async (from: string, dst: string) => {
    const names = new Set(fs.existsSync(from) ? fs.readdirSync(from).filter((n) => !n.endsWith(".tmp")) : []);
    for (const n of fs.readdirSync(dst)) if (!names.has(n)) fs.rmSync(path.join(dst, n), { recursive: true, force: true });
    for (const n of names) {
      const a = fs.statSync(path.join(from, n));
      const b = fs.statSync(path.join(dst, n), { throwIfNoEntry: false });
      if (b && b.size === a.size) continue;
      await fsp.copyFile(path.join(from, n), path.join(dst, `${n}.tmp`));
      fs.renameSync(path.join(dst, `${n}.tmp`), path.join(dst, n));
    }
  };
  await plain(P.wal, Q.wal);
  await plain(P.files, Q.files);
  const ids = listBackups(root)
    .map((m) => m.id)
    .reverse();
  for (const n of fs.readdirSync(Q.base)) if (!ids.includes(n)) fs.rmSync(path.join(Q.base, n), { recursive: true, force: true });
  let previous: Manifest | null = null;
  for (const id of ids) {
    const done = readManifest(to, id);
    if (!done) {
      const part = path.join(Q.base, `${id}.part`);
      fs.rmSync(part, { recursive: true, force: true });
      await copyDataFolder(
        path.join(P.base, id, "data"),
        path.join(part, "data"),
        previous ? { dir: path.join(Q.base, previous.id, "data"), sums: previous.sums } : undefined,
      );
      fs.copyFileSync(path.join(P.base, id, "manifest.json"), path.join(part, "manifest.json"));
      fs.renameSync(part, path.join(Q.base, id));
    } else if (readManifest(root, id)?.verification && !done.verification) {
      fs.copyFileSync(path.join(P.base, id, "manifest.json"), path.join(Q.base, id, "manifest.json"));
    }
    previous = readManifest(to, id);
  }
}

// ---------------------------------------------------------------- restoring

/** The files of `data/` whose content no longer matches the manifest (a damaged backup); empty when intact. */
export async function damagedFiles(root: string, m: Manifest): Promise<string[]> {
  const dir = path.join(backupPaths(root).base, m.id, "data");
  const bad: string[] = [];
  for (const [rel, sum] of Object.entries(m.sums)) {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) bad.push(`${rel} (нет файла)`);
    else if ((await hashFile(file)) !== sum) bad.push(rel);
  }
  return bad;
}

/** Segment names sort by timeline, then position; «.history» files are kept for every timeline. */
async function unpackWal(root: string, from: string, into: string): Promise<number> {
  const P = backupPaths(root);
  let n = 0;
  for (const name of fs.existsSync(P.wal) ? fs.readdirSync(P.wal).sort() : []) {
    const m = /^([0-9A-F]{24}|[0-9A-F]{8}\.history)\.gz$/.exec(name);
    if (!m) continue;
    if (m[1]!.length === 24 && m[1]!.slice(8) < from.slice(8)) continue;
    await pipeline(fs.createReadStream(path.join(P.wal, name)), zlib.createGunzip(), fs.createWriteStream(path.join(into, m[1]!)));
    n++;
  }
  return n;
}

export type RecoveryTarget = { kind: "backup" } | { kind: "time"; at: Date } | { kind: "latest" };

/**
 * Puts backup `m` into the empty folder `dataDir` and recovers it to `target` (the backup's own
 * moment, a moment after it, or the end of the archived WAL) with a server started on it, then
 * stops that server. `extraWal`: another folder of segments to offer (the replaced installation's
 * pg_wal, for the latest moment). Returns the server's log of the recovery.
 */
export async function recoverInto(
  root: string,
  m: Manifest,
  dataDir: string,
  target: RecoveryTarget,
  check?: (url: string) => Promise<void>,
  extraWal?: string,
): Promise<string> {
  const bad = await damagedFiles(root, m);
  if (bad.length) throw new BackupError(`копия ${m.id} повреждена: ${bad.slice(0, 3).join(", ")}${bad.length > 3 ? ` и ещё ${bad.length - 3}` : ""}`);
  await copyDataFolder(path.join(backupPaths(root).base, m.id, "data"), dataDir);
  // The segments, where the server's account can read them (restore_command copies from there).
  const wal = `${dataDir}.wal`;
  fs.rmSync(wal, { recursive: true, force: true });
  if (!ensureServerFolder(wal)) throw new BackupError(`пользователь postgres не может читать папку ${wal}`);
  try {
    await unpackWal(root, m.startWal, wal);
    if (extraWal && fs.existsSync(extraWal))
      for (const n of fs.readdirSync(extraWal))
        if (/^[0-9A-F]{24}$/.test(n) && n.slice(8) >= m.startWal.slice(8) && !fs.existsSync(path.join(wal, n)))
          fs.copyFileSync(path.join(extraWal, n), path.join(wal, n));
    giveToServer(wal);
    const settings = [
      `restore_command = 'cp "${wal}/%f" "%p"'`,
      target.kind === "backup"
        ? `recovery_target_name = '${m.restorePoint}'`
        : target.kind === "time"
          ? `recovery_target_time = '${target.at.toISOString().replace("T", " ").replace("Z", "+00")}'`
          : "",
      target.kind === "latest" ? "" : "recovery_target_action = 'promote'",
    ].filter(Boolean);
    fs.appendFileSync(path.join(dataDir, "postgresql.auto.conf"), `\n# restore of backup ${m.id}\n${settings.join("\n")}\n`);
    fs.writeFileSync(path.join(dataDir, "recovery.signal"), "");
    fs.chmodSync(dataDir, 0o700);
    giveToServer(dataDir);
    let server;
    try {
      server = await startServerAt(dataDir, await freePort());
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      if (/recovery ended before configured recovery target was reached/.test(text))
        throw new BackupError(`в архиве журнала изменений нет записей до выбранного момента (копия ${m.id})`);
      const lines = text.split("\n").filter((l) => /FATAL|PANIC|ERROR|invalid|syntax/.test(l));
      throw new BackupError(`восстановление не удалось: ${lines.length ? lines.slice(0, 3).join(" ") : text.slice(0, 300)}`);
    }
    try {
      if (check) await check(server.url(m.database));
    } finally {
      await server.stop();
    }
    // Recovery is over: its settings would only mislead whoever reads the file next.
    const conf = path.join(dataDir, "postgresql.auto.conf");
    fs.writeFileSync(
      conf,
      fs.readFileSync(conf, "utf8").replace(/\n# restore of backup [^\n]*\n(?:(?:restore_command|recovery_target_\w+) = [^\n]*\n)*/g, "\n"),
    );
    giveToServer(conf);
    return server.log();
  } finally {
    fs.rmSync(wal, { recursive: true, force: true });
  }
}

/**
 * Restores backup `m` into a scratch folder up to its restore point, starts a server on it and
 * compares the checked tables with the manifest; records the result in the manifest.
 */
export async function verifyBackup(root: string, m: Manifest): Promise<Verification> {
  const t0 = Date.now();
  const scratch = path.join(root, `.verify-${m.id}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  let verification: Verification;
  try {
    if (!ensureServerFolder(scratch)) throw new BackupError(`пользователь postgres не может войти в папку ${scratch}`);
    let diff: string[] = [];
    await recoverInto(root, m, path.join(scratch, "data"), { kind: "backup" }, async (url) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        diff = compareSums(m.tables, await tableSums(client));
      } finally {
        await client.end();
      }
    });
    const missing = m.files.filter((f) => !fs.existsSync(path.join(backupPaths(root).files, f)));
    if (missing.length) diff.push(`нет ${missing.length} загруженных файлов`);
    verification = {
      at: new Date().toISOString(),
      ok: diff.length === 0,
      detail: diff.length ? diff.slice(0, 5).join("; ") : `совпадает: ${Object.keys(m.tables).length} таблиц, ${m.files.length} файлов`,
      ms: Date.now() - t0,
    };
  } catch (err) {
    verification = { at: new Date().toISOString(), ok: false, detail: err instanceof Error ? err.message : String(err), ms: Date.now() - t0 };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const current = readManifest(root, m.id);
  if (current) writeManifest(root, { ...current, verification });
  return verification;
}

/** Puts back the uploaded files the backup lists that the store no longer has; returns how many. */
export async function restoreFiles(root: string, m: Manifest, store: FileStore): Promise<number> {
  let n = 0;
  for (const sha of m.files) {
    if (await store.has(sha)) continue;
    const file = path.join(backupPaths(root).files, sha);
    if (!fs.existsSync(file)) continue;
    await store.put(sha, await fsp.readFile(file));
    n++;
  }
  return n;
}

/**
 * Restores an installation whose server is stopped: the current data folder `pgDir` is kept beside
 * it (`<pgDir>.before-restore-<time>`: nothing is lost), the backup is recovered into its place to
 * `target`, and the uploaded files it lists are put back. Returns the folder the old data went to.
 */
export async function restoreInstallation(o: {
  root: string;
  id: string;
  pgDir: string;
  target: RecoveryTarget;
  store: FileStore;
}): Promise<{ kept: string; files: number }> {
  const m = readManifest(o.root, o.id);
  if (!m) throw new BackupError(`нет резервной копии ${o.id} в ${backupPaths(o.root).base}`);
  if (o.target.kind === "time" && o.target.at.getTime() < new Date(m.finishedAt).getTime())
    throw new BackupError(`копия ${m.id} закончена ${formatDateTime(new Date(m.finishedAt))}, позже выбранного момента: выберите более раннюю копию`);
  const pgDir = fs.existsSync(o.pgDir) ? fs.realpathSync(o.pgDir) : o.pgDir;
  if (serverRunningOn(pgDir)) throw new BackupError("приложение (его база) работает: остановите его перед восстановлением");
  const kept = `${pgDir}.before-restore-${backupId(new Date())}`;
  if (fs.existsSync(pgDir)) fs.renameSync(pgDir, kept);
  try {
    // Segments the old installation wrote but had not archived yet serve the later moments.
    await recoverInto(o.root, m, pgDir, o.target, undefined, o.target.kind === "backup" ? undefined : path.join(kept, "pg_wal"));
  } catch (err) {
    fs.rmSync(pgDir, { recursive: true, force: true });
    if (fs.existsSync(kept)) fs.renameSync(kept, pgDir);
    throw err;
  }
  return { kept, files: await restoreFiles(o.root, m, o.store) };
}
