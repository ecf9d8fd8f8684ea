/**
 * Backups that restore (issue 20): this file runs its own embedded PostgreSQL with WAL archiving
 * (not the shared test server), takes a base backup, changes marks, and restores: to the backup's
 * moment (the marks as they were, nothing else lost), to a moment between two writes (the first
 * kept, the second not); a verification restores into a scratch folder and agrees with the
 * manifest; a damaged backup is caught by it; uploaded files come back with the backup.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDb, type EmbeddedDb } from "../../src/lib/embedded-db.ts";
import { applyMigrations } from "../../src/lib/migrate.ts";
import { connectDatabase, disconnectDatabase, pgPool, prisma } from "../../src/lib/db.ts";
import { DiskFileStore, sha256Of, setFileStore } from "../../src/lib/files/store.ts";
import { freePort } from "../../src/lib/ports.ts";
import {
  backupPaths,
  backupsToKeep,
  listBackups,
  pruneBackups,
  restoreInstallation,
  takeBackup,
  verifyBackup,
  type Manifest,
} from "../../src/modules/backups/backup.core.ts";
import { journalSchool, lessonAt, type JournalSchool } from "../journal/helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

/** Folders the server's account (postgres, when the tests run as root) can enter. */
const home = fs.mkdtempSync(path.join(fs.existsSync("/var/tmp") ? "/var/tmp" : "/tmp", "journal-backup-test-"));
fs.chmodSync(home, 0o755);
const dataDir = path.join(home, "data");
const root = path.join(home, "backups");
const second = path.join(home, "second");
const store = new DiskFileStore(path.join(home, "files"));

let port: number;
let db: EmbeddedDb | undefined;
let s: JournalSchool;
let url: string;

const start = async () => {
  db = await startEmbeddedDb({ dataDir, port, persistent: true, quiet: true, archiveDir: backupPaths(root).wal });
  url = db.url("journal");
  connectDatabase(url);
};
const stop = async () => {
  await disconnectDatabase();
  await db!.stop();
  db = undefined;
};

beforeAll(async () => {
  port = await freePort();
  fs.mkdirSync(dataDir, { recursive: true });
  await disconnectDatabase(); // setup-file.ts connected the shared server
  db = await startEmbeddedDb({ dataDir, port, persistent: true, quiet: true, archiveDir: backupPaths(root).wal });
  await db.createDatabase("journal");
  url = db.url("journal");
  await applyMigrations(url);
  connectDatabase(url);
  setFileStore(store);
  s = await journalSchool();
}, 180_000);

afterAll(async () => {
  setFileStore(undefined);
  await disconnectDatabase().catch(() => {});
  await db?.stop().catch(() => {});
  fs.rmSync(home, { recursive: true, force: true });
});

/** A mark of pupil A1 in a lesson `daysAgo` back, written as the journal stores it. */
async function markAt(daysAgo: number, value: number): Promise<number> {
  const lesson = await lessonAt(s, { daysAgo });
  const work = await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: lesson.id, assignmentTypeId: s.types["Ответ на уроке"] } });
  const m = await prisma.mark.create({
    data: { schoolId: s.schoolId, lessonId: lesson.id, workId: work.id, studentId: s.students.studentA1!.studentId, value },
  });
  return m.id;
}
const valueOf = async (id: number) => (await prisma.mark.findUnique({ where: { id } }))?.value ?? null;
/** The database's clock right now (what recovery_target_time is compared with). */
const dbNow = async () => (await pgPool().query<{ now: Date }>("SELECT clock_timestamp() AS now")).rows[0]!.now;
/** The segment in use is closed and archived (what a restore to a later moment reads). */
async function archiveNow() {
  const { rows } = await pgPool().query<{ wal: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS wal");
  for (let i = 0; i < 100; i++) {
    const last = (await pgPool().query<{ last: string | null }>("SELECT last_archived_wal AS last FROM pg_stat_archiver")).rows[0]!.last ?? "";
    if (last >= rows[0]!.wal) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("not archived");
}

let first: Manifest;
let markA: number, markB: number;
let fileSha: string;

describe("a backup and its verification", () => {
  it("copies the data folder, records the tables and the uploaded files, and a verification restores it and agrees", async () => {
    markA = await markAt(3, 5);
    markB = await markAt(4, 4);
    const content = Buffer.from("%PDF-1.4 план работы\n");
    fileSha = sha256Of(content);
    await store.put(fileSha, content);

    first = await takeBackup({ url, root, store, copyTo: second });
    expect(first.tables.Mark!.rows).toBe(await prisma.mark.count());
    expect(first.tables.Person!.rows).toBe(await prisma.person.count());
    expect(first.files).toEqual([fileSha]);
    expect(Object.keys(first.sums)).toContain("backup_label");
    expect(fs.existsSync(path.join(backupPaths(root).wal, `${first.startWal}.gz`))).toBe(true);
    // The second medium has the same backup, the WAL and the files.
    expect(listBackups(second).map((m) => m.id)).toEqual([first.id]);
    expect(fs.existsSync(path.join(backupPaths(second).files, fileSha))).toBe(true);

    const v = await verifyBackup(root, first);
    expect(v.detail).toMatch(/^совпадает/);
    expect(v.ok).toBe(true);
    expect(listBackups(root)[0]!.verification?.ok).toBe(true);
  }, 120_000);

  it("a second backup links the files that did not change to the first (a night costs what changed)", async () => {
    const next = await takeBackup({ url, root, store });
    expect(next.written).toBeLessThan(next.bytes / 2);
    const rel = Object.keys(next.sums).find((r) => r.startsWith("global/") && next.sums[r] === first.sums[r])!;
    expect(fs.statSync(path.join(backupPaths(root).base, next.id, "data", rel)).ino).toBe(
      fs.statSync(path.join(backupPaths(root).base, first.id, "data", rel)).ino,
    );
  }, 120_000);
});

describe("restore", () => {
  it("to a moment between two writes keeps the first and not the second; to the backup's moment, the marks as they were", async () => {
    await prisma.mark.update({ where: { id: markA }, data: { value: 2 } });
    await new Promise((r) => setTimeout(r, 300));
    const between = await dbNow();
    await new Promise((r) => setTimeout(r, 300));
    await prisma.mark.update({ where: { id: markB }, data: { value: 3 } });
    const persons = await prisma.person.count();
    await archiveNow();
    await store.remove(fileSha);
    await stop();

    // The server is stopped: to the moment between the writes.
    const r1 = await restoreInstallation({ root, id: first.id, pgDir: path.join(dataDir, "pg"), target: { kind: "time", at: between }, store });
    expect(fs.existsSync(r1.kept)).toBe(true); // the replaced data is kept, not deleted
    expect(r1.files).toBe(1);
    expect(await store.has(fileSha)).toBe(true);
    await start();
    expect(await valueOf(markA)).toBe(2);
    expect(await valueOf(markB)).toBe(4);
    expect(await prisma.person.count()).toBe(persons);
    await stop();

    // To the backup's own moment: both marks as they were.
    await restoreInstallation({ root, id: first.id, pgDir: path.join(dataDir, "pg"), target: { kind: "backup" }, store });
    await start();
    expect(await valueOf(markA)).toBe(5);
    expect(await valueOf(markB)).toBe(4);
    expect(await prisma.person.count()).toBe(persons);
    // The restored installation writes and archives on: a backup of it verifies.
    await prisma.mark.update({ where: { id: markA }, data: { value: 3 } });
    const after = await takeBackup({ url, root, store });
    expect((await verifyBackup(root, after)).ok).toBe(true);
  }, 240_000);

  it("refuses while the server runs, and a moment before the backup was finished", async () => {
    await expect(restoreInstallation({ root, id: first.id, pgDir: path.join(dataDir, "pg"), target: { kind: "backup" }, store })).rejects.toThrow(
      /остановите его перед восстановлением/,
    );
    await expect(
      restoreInstallation({ root, id: first.id, pgDir: path.join(dataDir, "pg"), target: { kind: "time", at: new Date(first.startedAt) }, store }),
    ).rejects.toThrow(/выберите более раннюю копию/);
    expect(await valueOf(markA)).toBe(3); // nothing touched
  });
});

describe("a damaged backup", () => {
  it("is caught by the verification, which names the file", async () => {
    const m = listBackups(root).at(-1)!;
    const rel = Object.keys(m.sums).find((r) => r.startsWith("base/") && fs.statSync(path.join(backupPaths(root).base, m.id, "data", r)).size > 8192)!;
    const file = path.join(backupPaths(root).base, m.id, "data", rel);
    // A copy of its own (the file may be a link shared with a later backup).
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    bytes[4000] = bytes[4000]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const v = await verifyBackup(root, m);
    expect(v.ok).toBe(false);
    expect(v.detail).toContain(rel);
  }, 120_000);
});

describe("retention", () => {
  it("keeps the last day's, the newest of each of the last 7 days and of the last 4 weeks", () => {
    const ids = Array.from({ length: 40 }, (_, i) =>
      new Date(Date.UTC(2026, 10, 1 + i, 2, 30))
        .toISOString()
        .replace(/\.\d+Z$/, "Z")
        .replace(/:/g, "-"),
    );
    ids.push("2026-12-10T14-00-00Z"); // a second backup on the last day: both are within its 24 hours
    const kept = [...backupsToKeep(ids, { daily: 7, weekly: 4 })].sort();
    expect(kept).toEqual([
      "2026-11-22T02-30-00Z",
      "2026-11-29T02-30-00Z",
      "2026-12-04T02-30-00Z",
      "2026-12-05T02-30-00Z",
      "2026-12-06T02-30-00Z",
      "2026-12-07T02-30-00Z",
      "2026-12-08T02-30-00Z",
      "2026-12-09T02-30-00Z",
      "2026-12-10T02-30-00Z",
      "2026-12-10T14-00-00Z",
    ]);
  });

  it("pruning removes the WAL the oldest kept backup does not need", () => {
    const { wal } = backupPaths(root);
    fs.writeFileSync(path.join(wal, "000000010000000000000000.gz"), "");
    pruneBackups(root, { daily: 7, weekly: 4 });
    expect(fs.existsSync(path.join(wal, "000000010000000000000000.gz"))).toBe(false);
    expect(fs.readdirSync(wal).length).toBeGreaterThan(0);
  });
});
