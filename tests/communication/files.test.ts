/**
 * Uploaded files (issue 15 «Files»): multipart forms parsed by busboy with Russian errors; files
 * checked by content against the allow-list and the school's limits; the same content stored once;
 * downloads with a safe type, nosniff, inline only for images and PDF, the Russian name; the
 * clean-up of files linked to nothing. Real parts: a disk store in a temporary folder, PostgreSQL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { errorHandler } from "../../src/lib/error-handler.ts";
import { DiskFileStore, setFileStore, sha256Of } from "../../src/lib/files/store.ts";
import { multipartForms, type UploadedFile } from "../../src/lib/uploads.ts";
import { acceptFiles, sendStoredFile } from "../../src/modules/files/files.service.ts";
import { cleanupFiles } from "../../src/modules/files/files.cleanup.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";

let s: TestSchool;
let root: string;
let store: DiskFileStore;
beforeAll(async () => {
  s = await buildSchool();
  root = fs.mkdtempSync(path.join(os.tmpdir(), "journal-files-test-"));
  store = new DiskFileStore(root);
  setFileStore(store);
});
afterAll(() => {
  setFileStore(undefined);
  fs.rmSync(root, { recursive: true, force: true });
});

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
);
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(62), Buffer.from("PE\0\0"), Buffer.alloc(200)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert("xss")</script></body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>');
const TEXT = Buffer.from("Список литературы на лето:\n1. Пушкин — «Капитанская дочка»\n", "utf8");

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Лист1").addRow(["Фамилия", "Отметка"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const file = (filename: string, data: Buffer): UploadedFile => ({ field: "files", filename, contentType: "application/octet-stream", data });
const actor = () => ({ schoolId: s.schoolId, userId: s.users.teacherMath.userId });
const rowsOf = () => prisma.storedFile.count({ where: { schoolId: s.schoolId } });

describe("the type is decided by the content", () => {
  it.each([
    ["Расписание.pdf", "application/pdf", PDF],
    ["фото.png", "image/png", PNG],
    ["фото-без-расширения", "image/png", PNG],
    ["Список.txt", "text/plain", TEXT],
    ["Список.csv", "text/csv", Buffer.from("Фамилия;Отметка\nИванов;5\n")],
  ])("%s is accepted as %s", async (name, mime, data) => {
    const r = await acceptFiles(prisma, actor(), [file(name, data)]);
    expect(r.ok && r.files.map((f) => [f.name, f.mime, f.size, f.sha256])).toEqual([[name, mime, data.length, sha256Of(data)]]);
  });

  it("an Excel workbook is a spreadsheet by its content", async () => {
    const data = await xlsx();
    const r = await acceptFiles(prisma, actor(), [file("Отметки.xlsx", data)]);
    expect(r.ok && r.files[0]!.mime).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });

  it.each([
    ["справка.pdf", HTML, /«справка\.pdf» — веб-страница/],
    ["page.html", HTML, /веб-страница или разметка/],
    ["рисунок.svg", SVG, /веб-страница или разметка/],
    ["игра.exe", EXE, /«игра\.exe» не принят/],
    ["документ.pdf", EXE, /«документ\.pdf» не принят/],
    ["отчёт.pdf", TEXT, /«отчёт\.pdf» не является файлом PDF/],
    ["win1251.csv", Buffer.from([0xd4, 0xe0, 0xec, 0xe8, 0xeb, 0xe8, 0xff, 0x3b, 0x35, 0x0a]), /не принят/],
  ])("%s with the wrong content is refused with a message naming the file; nothing is stored", async (name, data, message) => {
    const before = await rowsOf();
    const r = await acceptFiles(prisma, actor(), [file("хороший.png", PNG), file(name, data)]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(message);
    expect(await rowsOf()).toBe(before);
  });

  it("an empty file is refused", async () => {
    const r = await acceptFiles(prisma, actor(), [file("пусто.txt", Buffer.alloc(0))]);
    expect(!r.ok && r.error).toBe("Файл «пусто.txt» пустой.");
  });
});

describe("storage", () => {
  it("the same content twice is stored once (two rows, one file on disk, written atomically)", async () => {
    const data = Buffer.from(`Один и тот же текст ${Date.now()}`);
    const r = await acceptFiles(prisma, actor(), [file("первый.txt", data), file("второй.txt", data)]);
    expect(r.ok).toBe(true);
    const sha = sha256Of(data);
    expect(await prisma.storedFile.count({ where: { sha256: sha } })).toBe(2);
    const p = store.pathOf(sha);
    expect(p).toBe(path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha));
    expect(fs.readFileSync(p)).toEqual(data);
    expect(fs.readdirSync(path.dirname(p))).toEqual([sha]); // no temporary files left
    await acceptFiles(prisma, actor(), [file("третий.txt", data)]);
    expect(fs.readdirSync(path.dirname(p))).toEqual([sha]);
  });

  it("a key that is not a SHA-256 never reaches the file system", async () => {
    await expect(store.get("../../etc/passwd")).rejects.toThrow();
    await expect(store.put("0".repeat(64), Buffer.from("x"))).rejects.toThrow();
  });
});

describe("the school's limits", () => {
  it("more files than the school allows are refused; the administrator's setting is used", async () => {
    await prisma.school.update({ where: { id: s.schoolId }, data: { maxFilesPerMessage: 2 } });
    const before = await rowsOf();
    const r = await acceptFiles(prisma, actor(), [file("1.png", PNG), file("2.png", PNG), file("3.png", PNG)]);
    expect(!r.ok && r.error).toBe("Можно приложить не больше 2 файлов.");
    expect(await rowsOf()).toBe(before);
    expect((await acceptFiles(prisma, actor(), [file("1.png", PNG), file("2.png", PNG)])).ok).toBe(true);
    await prisma.school.update({ where: { id: s.schoolId }, data: { maxFilesPerMessage: 5 } });
  });

  it("a file over the school's size is refused by name", async () => {
    await prisma.school.update({ where: { id: s.schoolId }, data: { maxFileMb: 1 } });
    const big = Buffer.concat([TEXT, Buffer.alloc(1024 * 1024, 0x41)]);
    const r = await acceptFiles(prisma, actor(), [file("большой.txt", big)]);
    expect(!r.ok && r.error).toBe("Файл «большой.txt» больше 1 МБ — это предел, установленный школой.");
    await prisma.school.update({ where: { id: s.schoolId }, data: { maxFileMb: 10 } });
    expect((await acceptFiles(prisma, actor(), [file("большой.txt", big)])).ok).toBe(true);
  });
});

describe("downloads", () => {
  const app = express();
  app.get("/f/:id", async (req, res, next) => {
    try {
      await sendStoredFile(res, await prisma.storedFile.findUniqueOrThrow({ where: { id: Number(req.params.id) } }));
    } catch (err) {
      next(err);
    }
  });
  app.use(errorHandler);

  async function stored(name: string, data: Buffer) {
    const r = await acceptFiles(prisma, actor(), [file(name, data)]);
    if (!r.ok) throw new Error(r.error);
    return r.files[0]!;
  }

  it("a PDF opens in the browser with its type, nosniff, no caching and a policy that allows nothing else", async () => {
    const f = await stored("Расписание 6А.pdf", PDF);
    const res = await request(app).get(`/f/${f.id}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-disposition"]).toBe(
      `inline; filename=Raspisanie-6A.pdf; filename*=UTF-8''%D0%A0%D0%B0%D1%81%D0%BF%D0%B8%D1%81%D0%B0%D0%BD%D0%B8%D0%B5%206%D0%90.pdf`,
    );
    expect(res.headers["content-security-policy"]).toMatch(/^default-src 'none'/);
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(Buffer.from(res.body as Buffer)).toEqual(PDF);
  });

  it("an image opens in the browser in a sandbox", async () => {
    const f = await stored("фото.png", PNG);
    const res = await request(app).get(`/f/${f.id}`);
    expect(res.headers["content-type"]).toBe("image/png");
    expect(res.headers["content-disposition"]).toMatch(/^inline;/);
    expect(res.headers["content-security-policy"]).toMatch(/^sandbox; default-src 'none'/);
  });

  it.each([
    ["Отметки.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["<img src=x onerror=alert(1)>.txt", "text/plain; charset=utf-8"],
  ])("%s is saved, never shown (attachment, %s)", async (name, type) => {
    const f = await stored(name, name.endsWith(".xlsx") ? await xlsx() : TEXT);
    const res = await request(app).get(`/f/${f.id}`).buffer(true);
    expect(res.headers["content-type"]).toBe(type);
    expect(res.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toMatch(/sandbox/);
  });

  it("a row whose content is gone is a 404, not a 500", async () => {
    const f = await stored("исчезнет.txt", Buffer.from(`исчезнет ${Date.now()}`));
    await store.remove(f.sha256);
    expect((await request(app).get(`/f/${f.id}`)).status).toBe(404);
  });
});

describe("the clean-up job", () => {
  it("removes rows linked to nothing for a day and content no row references; linked and recent files stay", async () => {
    const keepData = Buffer.from(`привязан ${Date.now()}`);
    const orphanData = Buffer.from(`сирота ${Date.now()}`);
    const sharedData = Buffer.from(`общий ${Date.now()}`);
    const r = await acceptFiles(prisma, actor(), [file("привязан.txt", keepData), file("сирота.txt", orphanData), file("общий-старый.txt", sharedData)]);
    if (!r.ok) throw new Error(r.error);
    const [linked, orphan, sharedOld] = r.files as [(typeof r.files)[0], (typeof r.files)[0], (typeof r.files)[0]];
    const recent = await acceptFiles(prisma, actor(), [file("общий-новый.txt", sharedData)]);
    const day = 25 * 3600_000;
    await prisma.storedFile.updateMany({ where: { id: { in: [linked.id, orphan.id, sharedOld.id] } }, data: { createdAt: new Date(Date.now() - day) } });
    // The linked one belongs to a message.
    const conv = await prisma.conversation.create({ data: { schoolId: s.schoolId, subject: "Тема", createdById: s.users.teacherMath.userId } });
    const msg = await prisma.message.create({ data: { schoolId: s.schoolId, conversationId: conv.id, authorId: s.users.teacherMath.userId, body: "Текст" } });
    await prisma.messageFile.create({ data: { messageId: msg.id, fileId: linked.id } });
    // The content was stored hours ago (past the store's grace period).
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const f of [linked, orphan, sharedOld]) fs.utimesSync(store.pathOf(f.sha256), old, old);

    const result = await cleanupFiles();
    expect(result.rows).toBeGreaterThanOrEqual(2);
    const left = (await prisma.storedFile.findMany({ where: { id: { in: [linked.id, orphan.id, sharedOld.id, recent.ok ? recent.files[0]!.id : 0] } } }))
      .map((f) => f.name)
      .sort();
    expect(left).toEqual(["общий-новый.txt", "привязан.txt"]);
    expect(await store.has(linked.sha256)).toBe(true);
    expect(await store.has(orphan.sha256)).toBe(false);
    expect(await store.has(sharedOld.sha256)).toBe(true); // still referenced by the recent row
  });

  it("content stored within the last hour stays even with no row (an upload in progress)", async () => {
    const data = Buffer.from(`в процессе ${Date.now()}`);
    await store.put(sha256Of(data), data);
    await cleanupFiles();
    expect(await store.has(sha256Of(data))).toBe(true);
  });
});

describe("multipart forms (busboy)", () => {
  const app = express();
  app.use(multipartForms({ limitBytes: 4096 }));
  app.post("/echo", (req, res) => {
    res.json({
      body: req.body as unknown,
      files: (req.uploads ?? []).map((f) => ({ field: f.field, filename: f.filename, size: f.data.length, text: f.data.toString("utf8") })),
    });
  });
  app.use(errorHandler);

  it("fields go to the body (repeated names as a list), files to req.uploads with their Russian names; an empty file input is not a file", async () => {
    const res = await request(app)
      .post("/echo")
      .field("_csrf", "t")
      .field("classIds", "1")
      .field("classIds", "2")
      .field("title", "Собрание в 6А")
      .attach("files", Buffer.from("привет"), "Привет мир.txt")
      .attach("files", Buffer.alloc(0), "");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      body: { _csrf: "t", classIds: ["1", "2"], title: "Собрание в 6А" },
      files: [{ field: "files", filename: "Привет мир.txt", size: 12, text: "привет" }],
    });
  });

  it("a body over the limit is a Russian 413, not a 500", async () => {
    const res = await request(app).post("/echo").field("_csrf", "t").attach("files", Buffer.alloc(10_000, 0x41), "big.txt");
    expect(res.status).toBe(413);
    expect(res.text).toContain("Слишком большой объём файлов: за одну отправку не больше");
  });

  it("a malformed body is a Russian 400", async () => {
    const res = await request(app)
      .post("/echo")
      .set("Content-Type", "multipart/form-data; boundary=XYZ")
      .send('--XYZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nтекст без конца');
    expect(res.status).toBe(400);
    expect(res.text).toContain("Форма пришла повреждённой");
    const noBoundary = await request(app).post("/echo").set("Content-Type", "multipart/form-data").send("abc");
    expect(noBoundary.status).toBe(400);
  });
});
