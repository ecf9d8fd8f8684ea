/**
 * The read replica (issue 20): a real streaming replica of this file's own embedded PostgreSQL
 * (copied with pg_backup_start/stop, standby.signal, primary_conninfo: replica.core.ts). A
 * family's diary is read from the replica (shown by pausing its replay: the page shows the old
 * topic); a replica that lags more than the bound is bypassed; a teacher's own fresh mark is seen
 * at once (read-your-writes) while another browser still reads the replica; a replica that stops
 * sends reads back to the primary without a failed request.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDb, type EmbeddedDb, type ServerAt } from "../../src/lib/embedded-db.ts";
import { applyMigrations } from "../../src/lib/migrate.ts";
import { connectDatabase, disconnectDatabase, pgPool, runOnReplica } from "../../src/lib/db.ts";
import { checkReplica, connectReplica, disconnectReplica, replicaStatus } from "../../src/lib/replica.ts";
import { createReplica, dropReplicaSlot, startReplica } from "../../src/modules/backups/replica.core.ts";
import { freePort } from "../../src/lib/ports.ts";
import { as } from "../support/http.ts";
import { journalSchool, lessonAt, postJson, type JournalSchool } from "../journal/helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

const MAX_LAG_S = 4;

let dir: string;
let primary: EmbeddedDb | undefined;
let replica: ServerAt | undefined;
let replicaUrl: string;
let s: JournalSchool;
let lesson: { id: number };

useMidQuarterDay();

const onReplica = (sql: string) => runOnReplica(() => pgPool().query<Record<string, unknown>>(sql));
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`не дождались: ${what}`);
    await sleep(100);
  }
}
const replicaTopic = async () => (await onReplica(`SELECT topic FROM "Lesson" WHERE id = ${lesson.id}`)).rows[0]?.topic as string | null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-replica-"));
  fs.chmodSync(dir, 0o755); // as root the servers run as \`postgres\`, which must reach their folders
  primary = await startEmbeddedDb({ dataDir: path.join(dir, "primary"), port: await freePort(), persistent: true, quiet: true });
  await primary.createDatabase("journal");
  await applyMigrations(primary.url("journal"));
  await disconnectDatabase(); // setup-file.ts connected the shared test server
  connectDatabase(primary.url("journal"));
  s = await journalSchool();
  lesson = await lessonAt(s, { daysAgo: 0, number: 2 });

  await createReplica({ primaryUrl: primary.url("journal"), dir: path.join(dir, "replica") });
  replica = await startReplica(path.join(dir, "replica"), await freePort());
  replicaUrl = replica.url("journal");
  await connectReplica(replicaUrl, { maxLagSeconds: MAX_LAG_S, recentWriteSeconds: MAX_LAG_S + 2, checkEveryMs: 200 });
  await until("реплика догнала основной сервер", () => replicaStatus().usable);
}, 120_000);

afterAll(async () => {
  await disconnectReplica().catch(() => {});
  await replica?.stop().catch(() => {});
  await disconnectDatabase().catch(() => {});
  await primary?.stop().catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a streaming read replica", () => {
  it("is a real standby that follows the primary", async () => {
    expect((await onReplica("SELECT pg_is_in_recovery() AS r")).rows[0]!.r).toBe(true);
    const slot = await pgPool().query(`SELECT active FROM pg_replication_slots WHERE slot_name = 'journal_replica'`);
    expect(slot.rows).toEqual([{ active: true }]);
    await pgPool().query(`UPDATE "Lesson" SET topic = 'Дроби' WHERE id = $1`, [lesson.id]);
    await until("тема урока на реплике", async () => (await replicaTopic()) === "Дроби");
    // Writes are refused there (a read that writes by mistake is retried on the primary: replica.ts).
    await expect(onReplica(`UPDATE "Lesson" SET topic = 'x' WHERE id = ${lesson.id}`)).rejects.toThrow(/read-only/);
  });

  it("serves the family's diary; a lagging replica is bypassed, and used again once it catches up", async () => {
    const parent = await as(s.users.parentAlekseev);
    const week = () => parent.get(`/diary/${s.students.studentA1!.studentId}/week`);
    await pgPool().query(`UPDATE "Lesson" SET topic = 'Проценты' WHERE id = $1`, [lesson.id]);
    await until("тема на реплике", async () => (await replicaTopic()) === "Проценты");
    await until("реплика в строю", () => replicaStatus().usable);

    // The replica stops replaying: the primary changes the topic, the diary (from the replica) still shows the old one.
    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      await pgPool().query(`UPDATE "Lesson" SET topic = 'Десятичные дроби' WHERE id = $1`, [lesson.id]);
      const before = replicaStatus().reads;
      const stale = await week();
      expect(stale.status).toBe(200);
      expect(replicaStatus().reads).toBe(before + 1);
      expect(stale.text).toContain("Проценты");
      expect(stale.text).not.toContain("Десятичные дроби");

      // Past the lag bound the replica is set aside: the same page now comes from the primary.
      await until("реплика признана отстающей", async () => (await checkReplica(), !replicaStatus().usable), (MAX_LAG_S + 5) * 1000);
      expect(replicaStatus().lagSeconds ?? Infinity).toBeGreaterThan(MAX_LAG_S);
      const primaryReads = replicaStatus().primaryReads;
      const fresh = await week();
      expect(fresh.text).toContain("Десятичные дроби");
      expect(replicaStatus().primaryReads).toBe(primaryReads + 1);
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
    await until("реплика догнала", async () => (await checkReplica(), replicaStatus().usable));
    const reads = replicaStatus().reads;
    expect((await week()).text).toContain("Десятичные дроби");
    expect(replicaStatus().reads).toBe(reads + 1);
  }, 60_000);

  it("a teacher sees their own fresh mark at once; another browser reads the replica", async () => {
    const teacher = await as(s.users.teacherMath);
    const other = await as(s.users.teacherMath); // the same teacher on another device: no write there
    const grid = `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
    const typeId = Object.values(s.types)[0]!;
    const markCells = (html: string) =>
      [...html.matchAll(new RegExp(`class="c m v(\\d)[^"]*" data-l="${lesson.id}" data-t="${typeId}"`, "g"))].map((m) => m[1]);
    await until("реплика в строю", async () => (await checkReplica(), replicaStatus().usable));
    expect(markCells((await teacher.get(grid)).text)).toEqual([]);

    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      const saved = await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, {
        studentId: s.students.studentA1!.studentId,
        assignmentTypeId: typeId,
        value: 5,
      });
      expect(saved.status).toBe(200);
      const reads = replicaStatus().reads;
      // The browser that saved reads from the primary: its mark is there.
      expect(markCells((await teacher.get(grid)).text)).toEqual(["5"]);
      expect(replicaStatus().reads).toBe(reads);
      // The other browser is served by the replica, which has not replayed the mark yet.
      expect(markCells((await other.get(grid)).text)).toEqual([]);
      expect(replicaStatus().reads).toBe(reads + 1);
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
    await until("оценка на реплике", async () => markCells((await other.get(grid)).text).length === 1);
  }, 60_000);

  it("a replica that stops sends reads back to the primary without a failed request", async () => {
    const parent = await as(s.users.parentAlekseev);
    await until("реплика в строю", async () => (await checkReplica(), replicaStatus().usable));
    const statuses: number[] = [];
    let stop = false;
    const loop = async () => {
      while (!stop) statuses.push((await parent.get(`/diary/${s.students.studentA1!.studentId}/week`).timeout(10_000)).status);
    };
    const start = replicaStatus();
    const loops = [loop(), loop()];
    await sleep(500);
    expect(replicaStatus().reads, "чтения шли с реплики").toBeGreaterThan(start.reads);
    await replica!.stop();
    await until("реплика отставлена", () => !replicaStatus().usable);
    const stopped = replicaStatus();
    await sleep(1000);
    stop = true;
    await Promise.all(loops);
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((x) => x !== 200)).toEqual([]);
    expect(replicaStatus().problem).toMatch(/не отвечает/);
    expect(replicaStatus().primaryReads, "после остановки чтения идут с основного сервера").toBeGreaterThan(stopped.primaryReads);
    expect(replicaStatus().reads).toBe(stopped.reads);
    // The slot of a replica removed for good is dropped on the primary.
    expect(await dropReplicaSlot(primary!.url("journal"))).toBe(true);
  }, 60_000);
});
