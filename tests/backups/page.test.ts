/**
 * «Резервные копии» for the administrator (issue 20): the page and «Создать копию сейчас» are the
 * administrator's alone (every other role refused, a crafted POST queues nothing); with an external
 * database the page says who backs it up; with backups on it lists them with their verification,
 * and the administrator's home page turns red when the newest is older than 26 hours, its
 * verification failed, or the last backup failed — and says nothing when all is well.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { startQueue, stopQueue } from "../../src/lib/queue.ts";
import { JOBS } from "../../src/modules/jobs.ts";
import { backupRoot, backupWarnings, STALE_HOURS, type BackupStatus } from "../../src/modules/backups/backup.service.ts";
import { backupPaths, type Manifest } from "../../src/modules/backups/backup.core.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";
import { pageText as text } from "../diary/helpers.ts";

let s: TestSchool;
const root = backupRoot();

beforeAll(async () => {
  s = await buildSchool();
  await startQueue({ url: process.env.DATABASE_URL!, jobs: JOBS.filter((j) => j.name === "backup"), work: false });
});
afterAll(async () => {
  await stopQueue();
  vi.unstubAllEnvs();
  fs.rmSync(root, { recursive: true, force: true });
});

const backupJobs = async () => (await prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'backup'`)[0]!.n;

function writeStatus(st: BackupStatus) {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, "status.json"), JSON.stringify(st));
}

function writeBackup(id: string, finishedAt: Date, verification?: Manifest["verification"]) {
  const dir = path.join(backupPaths(root).base, id);
  fs.mkdirSync(path.join(dir, "data"), { recursive: true });
  const m: Manifest = {
    id,
    startedAt: finishedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    startWal: "000000010000000000000002",
    restorePoint: `backup-${id}`,
    restoreWal: "000000010000000000000003",
    database: "journal",
    tables: { Mark: { rows: 12, checksum: "1" } },
    files: [],
    sums: {},
    bytes: 80 * 1024 * 1024,
    written: 3 * 1024 * 1024,
    verification,
  };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(m));
}

describe("who may see and take backups", () => {
  it.each(["deputy", "teacherMath", "teacherRussian", "secretary", "hr", "parentAlekseev", "studentA1"] as const)(
    "%s: the page and the POST are refused, nothing queued",
    async (who) => {
      const agent = await as(s.users[who]);
      expect((await agent.get("/admin/backups")).status).toBe(403);
      const before = await backupJobs();
      const post = await agent.form("/admin/backups", {});
      expect([403, 404]).toContain(post.status);
      expect(await backupJobs()).toBe(before);
      expect((await agent.get("/")).text).not.toContain("Резервные копии");
    },
  );

  it("the administrator, with an external database: the page says its server backs it up (pgBackRest or Barman), no button, nothing on the home page", async () => {
    const admin = await as(s.users.admin);
    const page = await admin.get("/admin/backups");
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain("pgBackRest или Barman");
    expect(page.text).not.toContain("Создать копию сейчас");
    expect(await htmlProblems(page.text)).toEqual([]);
    expect(backupWarnings()).toEqual([]);
    const before = await backupJobs();
    expect((await admin.form("/admin/backups", {})).status).toBe(302);
    expect(await backupJobs()).toBe(before);
  });
});

describe("with backups on", () => {
  beforeAll(() => vi.stubEnv("JOURNAL_BACKUPS", "on"));

  it("no backup yet: red on the home page with a link to the page", async () => {
    const home = await (await as(s.users.admin)).get("/");
    expect(home.text).toContain('id="admin-backups"');
    expect(text(home.text)).toContain("Резервных копий ещё нет.");
  });

  it("lists the backups with size and verification; «Создать копию сейчас» queues the job once", async () => {
    const now = new Date();
    writeBackup("2026-12-06T23-30-00Z", new Date(now.getTime() - 30 * 3_600_000), {
      at: now.toISOString(),
      ok: false,
      detail: "Mark: строк 11, в копии записано 12",
      ms: 900,
    });
    writeBackup("2026-12-07T23-30-00Z", new Date(now.getTime() - 2 * 3_600_000), {
      at: now.toISOString(),
      ok: true,
      detail: "совпадает: 15 таблиц, 0 файлов",
      ms: 900,
    });
    writeStatus({ last: { id: "2026-12-07T23-30-00Z", finishedAt: new Date(now.getTime() - 2 * 3_600_000).toISOString(), bytes: 1, written: 1 } });
    const admin = await as(s.users.admin);
    const page = await admin.get("/admin/backups");
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain("80,0 МБ");
    expect(t).toContain("3,0 МБ");
    expect(t).toContain("не прошла");
    expect(t).toContain("Mark: строк 11, в копии записано 12");
    expect(t).toContain("совпадает: 15 таблиц");
    expect(page.text.indexOf("2026-12-07T23-30-00Z")).toBeLessThan(page.text.indexOf("2026-12-06T23-30-00Z")); // newest first
    expect(t).toContain("BACKUP_COPY_DIR");
    expect(await htmlProblems(page.text)).toEqual([]);

    const before = await backupJobs();
    const post = await admin.form("/admin/backups", {});
    expect(post.status).toBe(302);
    expect(post.headers.location).toBe("/admin/backups?queued=1");
    await admin.form("/admin/backups", {}); // a double click: one job
    expect(await backupJobs()).toBe(before + 1);
    expect(text((await admin.get("/admin/backups?queued=1")).text)).toContain("Копия поставлена в очередь");
    // All well: nothing on the home page.
    expect((await admin.get("/")).text).not.toContain('id="admin-backups"');
  });

  it(`red on the home page: the newest older than ${STALE_HOURS} hours; a failed verification; a failed backup`, async () => {
    const now = Date.now();
    writeStatus({ last: { id: "a", finishedAt: new Date(now - 27 * 3_600_000).toISOString(), bytes: 1, written: 1 } });
    const admin = await as(s.users.admin);
    expect(text((await admin.get("/")).text)).toContain("Последней резервной копии 27 ч (больше 26 ч).");
    writeStatus({
      last: { id: "a", finishedAt: new Date(now - 3_600_000).toISOString(), bytes: 1, written: 1 },
      lastVerification: { id: "a", at: new Date(now).toISOString(), ok: false, detail: "копия a повреждена: base/5/1259", ms: 10 },
    });
    expect(text((await admin.get("/")).text)).toContain("Проверка копии a не прошла: копия a повреждена: base/5/1259");
    writeStatus({
      last: { id: "a", finishedAt: new Date(now - 3_600_000).toISOString(), bytes: 1, written: 1 },
      lastError: { at: new Date(now).toISOString(), message: "сегмент журнала изменений не попал в архив" },
    });
    expect(text((await admin.get("/")).text)).toContain("Последняя резервная копия не удалась: сегмент журнала изменений не попал в архив");
    // The deputy's home page never shows it.
    expect((await (await as(s.users.deputy)).get("/")).text).not.toContain("Резервн");
  });
});
