/**
 * Backups as the installation runs them (issue 20): on with the embedded database (src/server.ts
 * calls enableBackups() with its superuser connection; forked workers inherit JOURNAL_BACKUPS), off
 * with an external server (its own tools: pgBackRest, Barman — README). The nightly job takes a base
 * backup, prunes by the retention, mirrors to BACKUP_COPY_DIR and verifies the new backup; its
 * outcome is kept in `<root>/status.json`, which the administrator's home page reads (one small
 * file, not the manifests).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { config } from "../../config.ts";
import { prisma } from "../../lib/db.ts";
import { fileStore } from "../../lib/files/store.ts";
import { formatSize } from "../files/files.service.ts";
import { defineJob } from "../../lib/queue.ts";
import { backupTime, listBackups, takeBackup, verifyBackup, type Manifest, type Verification } from "./backup.core.ts";

/** A backup older than this is a warning on the administrator's home page. */
export const STALE_HOURS = 26;
/** Free space below this share of the disk (or below two backups' worth) is a warning. */
export const LOW_SPACE_SHARE = 0.1;

const ENV = "JOURNAL_BACKUPS";
let superuserUrl: string | undefined;

/** This installation backs up its embedded database (called by the process that started it). */
export function enableBackups(url: string): void {
  superuserUrl = url;
  process.env[ENV] = "on";
}

export function backupsEnabled(): boolean {
  return process.env[ENV] === "on";
}

/** BACKUP_DIR (default DATA_DIR/backups); tests without one of their own get a temporary folder, never the developer's. */
export function backupRoot(): string {
  const cfg = config();
  return cfg.isTest && !process.env.BACKUP_DIR ? path.join(os.tmpdir(), `journal-test-backups-${process.pid}`) : cfg.backupDir;
}

/** What the home page and the backups page show without reading the manifests. */
export interface BackupStatus {
  last?: { id: string; finishedAt: string; bytes: number; written: number };
  lastVerification?: Verification & { id: string };
  lastError?: { at: string; message: string };
}

function statusFile(root: string): string {
  return path.join(root, "status.json");
}

export function readStatus(root = backupRoot()): BackupStatus {
  try {
    return JSON.parse(fs.readFileSync(statusFile(root), "utf8")) as BackupStatus;
  } catch {
    return {};
  }
}

function writeStatus(root: string, patch: Partial<BackupStatus>): void {
  fs.mkdirSync(root, { recursive: true });
  const next = { ...readStatus(root), ...patch };
  fs.writeFileSync(`${statusFile(root)}.tmp`, JSON.stringify(next, null, 1));
  fs.renameSync(`${statusFile(root)}.tmp`, statusFile(root));
}

/** A backup now, then its verification; the outcome in status.json. Throws when the backup failed. */
export async function backupNow(url = superuserUrl): Promise<{ manifest: Manifest; verification: Verification }> {
  if (!url) throw new Error("Резервное копирование не включено: приложение работает не со встроенной базой");
  const cfg = config();
  const root = backupRoot();
  let manifest: Manifest;
  try {
    manifest = await takeBackup({ url, root, store: fileStore(), copyTo: cfg.backupCopyDir, keep: cfg.backupKeep });
  } catch (err) {
    writeStatus(root, { lastError: { at: new Date().toISOString(), message: err instanceof Error ? err.message : String(err) } });
    throw err;
  }
  writeStatus(root, { last: { id: manifest.id, finishedAt: manifest.finishedAt, bytes: manifest.bytes, written: manifest.written }, lastError: undefined });
  const verification = await verifyBackup(root, manifest);
  writeStatus(root, { lastVerification: { ...verification, id: manifest.id } });
  return { manifest, verification };
}

/** Free and total bytes of the file system holding `dir` (its nearest existing folder). */
export function diskSpace(dir: string): { free: number; total: number } | null {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  try {
    const s = fs.statfsSync(d);
    return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

/** The warnings of the administrator's home page (Russian sentences); empty when backups are off or all is well. */
export function backupWarnings(now = new Date(), root = backupRoot()): string[] {
  if (!backupsEnabled()) return [];
  const st = readStatus(root);
  const out: string[] = [];
  if (!st.last) out.push("Резервных копий ещё нет.");
  else {
    const hours = (now.getTime() - new Date(st.last.finishedAt).getTime()) / 3_600_000;
    if (hours > STALE_HOURS) out.push(`Последней резервной копии ${Math.floor(hours)} ч (больше ${STALE_HOURS} ч).`);
  }
  if (st.lastError && (!st.last || st.lastError.at > st.last.finishedAt)) out.push(`Последняя резервная копия не удалась: ${st.lastError.message}`);
  if (st.lastVerification && !st.lastVerification.ok) out.push(`Проверка копии ${st.lastVerification.id} не прошла: ${st.lastVerification.detail}`);
  const space = diskSpace(root);
  if (space && (space.free < space.total * LOW_SPACE_SHARE || (st.last && space.free < 2 * st.last.bytes)))
    out.push(`На диске резервных копий осталось ${formatBytes(space.free)} из ${formatBytes(space.total)}.`);
  return out;
}

/** Sizes as the files module writes them («3,4 МБ»). */
export const formatBytes = formatSize;

/** The WAL archiver's state (pg_stat_archiver), for the backups page. */
export async function archiverState(): Promise<{
  archived: number;
  lastArchivedAt: Date | null;
  failed: number;
  lastFailedWal: string | null;
  lastFailedAt: Date | null;
}> {
  const [r] = await prisma.$queryRaw<
    { archived: number; lastArchivedAt: Date | null; failed: number; lastFailedWal: string | null; lastFailedAt: Date | null }[]
  >`
    SELECT archived_count::int AS archived, last_archived_time AS "lastArchivedAt", failed_count::int AS failed,
           last_failed_wal AS "lastFailedWal", last_failed_time AS "lastFailedAt" FROM pg_stat_archiver`;
  return r ?? { archived: 0, lastArchivedAt: null, failed: 0, lastFailedWal: null, lastFailedAt: null };
}

/** The backups page's list: newest first, without the per-file sums. */
export function backupList(root = backupRoot()) {
  return listBackups(root).map((m) => ({
    id: m.id,
    at: backupTime(m.id),
    finishedAt: new Date(m.finishedAt),
    bytes: m.bytes,
    written: m.written,
    files: m.files.length,
    rows: Object.values(m.tables).reduce((a, t) => a + t.rows, 0),
    verification: m.verification ?? null,
  }));
}

/** Nightly at 02:30 (school time): a backup and its verification. One attempt: a failure is shown, not retried all night. */
export const backupJob = defineJob({
  name: "backup",
  cron: "30 2 * * *",
  retryLimit: 0,
  policy: "stately",
  expireInSeconds: 4 * 3600,
  handler: async () => {
    if (!superuserUrl) return; // another process (a worker) or an external database
    await backupNow();
  },
});
