/** R-INT-1: the seal of a closed year, its check (page, command), the archive file. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { closeYear } from "../../src/modules/year-close/close.service.ts";
import { exportYear, verifyArchive, verifyYear } from "../../src/modules/year-close/integrity.service.ts";
import { chainRoot, leavesFromRows, leavesSql, type Leaf } from "../../src/modules/year-close/integrity.canon.ts";
import { as } from "../support/http.ts";
import { AFTER_END, closingSchool, decideAll, type ClosingSchool } from "./helpers.ts";

const run = promisify(execFile);

interface Table {
  columns: string[];
  rows: unknown[][];
}
/** The archive file's JSON (data tables by name). */
const archiveOf = (body: Buffer) => JSON.parse(zlib.gunzipSync(body).toString("utf8")) as { data: Record<string, Table | undefined> };
let s: ClosingSchool;

beforeAll(async () => {
  s = await closingSchool();
  // Awkward texts: both canonical forms (SQL and TypeScript) must agree on them.
  await prisma.lesson.update({ where: { id: s.lessons[1]! }, data: { homework: '§ 12, № 3|4\r\n\t«ёж» \\ "x" \u0001', lessonType: null } });
  await decideAll(s);
  expect((await closeYear(s.actor, s.year.id, { asOf: AFTER_END })).status).toBe("DONE");
});

describe("the seal of a closed year", () => {
  it("is intact right after closing, and the archive file gives the same root without a database", async () => {
    const report = await verifyYear(prisma, s.schoolId, s.year.id);
    expect(report).toMatchObject({ sealed: true, ok: true, sealIntact: true, total: 0 });
    expect(report.counts).toMatchObject({ lessons: 3, marks: 3, attendance: 3, finalMarks: 10, decisions: 5 });
    const file = await exportYear(prisma, s.schoolId, s.year.id);
    const fromFile = verifyArchive(file.body);
    expect(fromFile).toMatchObject({ ok: true, sealIntact: true, rootHash: report.rootHash, currentRoot: report.rootHash });
  });

  it("the SQL and TypeScript canonical forms give the same leaves", async () => {
    const sql = await prisma.$queryRaw<Leaf[]>`${leavesSql(s.schoolId, s.year.id)}`;
    const file = await exportYear(prisma, s.schoolId, s.year.id);
    const doc = archiveOf(file.body);
    // The archive's JSON rows, each read as the row type the canonical form expects (the file itself is not typed).
    const rows = <T>(t: Table | undefined): T[] => (t?.rows ?? []).map((r) => Object.fromEntries(t!.columns.map((c, i) => [c, r[i]])) as T);
    const ts = leavesFromRows({
      lessons: rows(doc.data.lessons),
      works: rows(doc.data.works),
      marks: rows(doc.data.marks),
      attendance: rows(doc.data.attendance),
      finals: rows(doc.data.finals),
      decisions: rows(doc.data.decisions),
    });
    expect(chainRoot(s.schoolId, s.year.id, ts)).toBe(chainRoot(s.schoolId, s.year.id, sql));
  });

  it("the command checks an archive file offline and names what was changed in it", async () => {
    const file = await exportYear(prisma, s.schoolId, s.year.id);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "year-archive-"));
    const good = path.join(dir, "good.json.gz");
    fs.writeFileSync(good, file.body);
    const ok = await run("npx", ["tsx", "scripts/verify-year.ts", "--file", good], { cwd: process.cwd() });
    expect(ok.stdout).toContain("ЦЕЛОСТНОСТЬ ПОДТВЕРЖДЕНА");
    const doc = archiveOf(file.body);
    const finalRow = doc.data.finals!.rows[0]!;
    finalRow[4] = finalRow[4] === "5" ? "4" : "5";
    const bad = path.join(dir, "bad.json.gz");
    fs.writeFileSync(bad, zlib.gzipSync(JSON.stringify(doc)));
    const res = await run("npx", ["tsx", "scripts/verify-year.ts", "--file", bad], { cwd: process.cwd() }).catch((e: { code: number; stdout: string }) => e);
    expect((res as { code?: number }).code).toBe(1);
    expect(res.stdout).toMatch(/ЦЕЛОСТНОСТЬ НАРУШЕНА: изменений 1/);
    expect(res.stdout).toMatch(/итоговые отметки: изменено/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the integrity page shows it intact to the deputy; only the administrator downloads the archive", async () => {
    const deputy = await as(s.users.deputy);
    const page = await deputy.get(`/integrity/${s.year.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Целостность подтверждена");
    expect((await deputy.get(`/integrity/${s.year.id}/export`)).status).toBe(403);
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get(`/integrity/${s.year.id}`)).status).toBe(403);
    const admin = await as(s.users.admin);
    const file = await admin
      .get(`/integrity/${s.year.id}/export`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    // Issue 23: a Russian name with a transliterated ASCII fallback.
    expect(file.headers["content-disposition"]).toBe(
      `attachment; filename=Arkhiv-zhurnala-2026-2027.json.gz; filename*=UTF-8''${encodeURIComponent("Архив-журнала-2026-2027.json.gz")}`,
    );
    expect(file.headers["content-type"]).toBe("application/gzip");
    expect(verifyArchive(file.body as Buffer).ok).toBe(true);
  });

  it("detects a mark changed by SQL after sealing and says which lesson", async () => {
    await prisma.$executeRaw`UPDATE "Mark" SET value = 2 WHERE "lessonId" = ${s.lessons[0]!}`;
    await prisma.$executeRaw`UPDATE "FinalMark" SET value = '5' WHERE "studentId" = ${s.B1} AND kind = 'YEAR' AND value = '2'`;
    const report = await verifyYear(prisma, s.schoolId, s.year.id);
    expect(report.ok).toBe(false);
    expect(report.sealIntact).toBe(true);
    expect(report.differences.map((d) => d.text)).toEqual([
      "Урок 20.05.2027, 5А, Математика — отметки: изменено",
      "Ученик Алексеева Дарья Игоревна — итоговые отметки: изменено",
    ]);
    const admin = await as(s.users.admin);
    const page = await admin.get(`/integrity/${s.year.id}`);
    expect(page.text).toContain("Нарушена целостность");
    expect(page.text).toContain("Урок 20.05.2027, 5А, Математика — отметки: изменено");
    await prisma.$executeRaw`UPDATE "Mark" SET value = 5 WHERE "lessonId" = ${s.lessons[0]!}`;
    await prisma.$executeRaw`UPDATE "FinalMark" SET value = '2' WHERE "studentId" = ${s.B1} AND kind = 'YEAR' AND "subjectId" = ${s.subjects.math.id}`;
    expect((await verifyYear(prisma, s.schoolId, s.year.id)).ok).toBe(true);
  });

  it("detects added and removed rows and a seal edited by hand", async () => {
    const m = await prisma.mark.findFirstOrThrow({ where: { lessonId: s.lessons[2]! } });
    await prisma.mark.delete({ where: { id: m.id } });
    await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: s.lessons[0]!, studentId: s.A2, code: "ILL" } });
    const r = await verifyYear(prisma, s.schoolId, s.year.id);
    expect(r.differences.map((d) => d.text)).toEqual([
      "Урок 20.05.2027, 11А, Математика — отметки: удалено (было записей: 1)",
      "Урок 20.05.2027, 5А, Математика — посещаемость: изменено (записей было 1, стало 2)",
    ]);
    await prisma.$executeRaw`UPDATE "YearSealLeaf" SET hash = repeat('0', 64) WHERE kind = 'lesson' AND "refId" = ${s.lessons[1]!}`;
    expect((await verifyYear(prisma, s.schoolId, s.year.id)).sealIntact).toBe(false);
  });
});
