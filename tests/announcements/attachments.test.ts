/**
 * Attachments of announcements (issue 15): stored with the announcement through the files module
 * (limits and types checked by content), downloaded only by readers of the announcement and only
 * as a file of that announcement (every guessed id a 404), removed and added on edit, audited.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as, type Agent } from "../support/http.ts";
import { announce, boardSchool, boardState, type BoardSchool } from "./helpers.ts";

let s: BoardSchool;
beforeAll(async () => {
  s = await boardSchool();
});

const TEXT = Buffer.from("Расписание собраний:\n1. Понедельник\n2. Среда\n", "utf8");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
const HTML = Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "utf8");

type File = { name: string; data: Buffer; type?: string };

/** The announcement form sent as multipart/form-data, with files in `files`. */
function postMultipart(agent: Agent, url: string, fields: Record<string, string | string[]>, files: File[]) {
  let req = agent.post(url).field("_csrf", agent.token);
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) req = req.field(k, one);
  for (const f of files) req = req.attach("files", f.data, { filename: f.name, contentType: f.type ?? "application/octet-stream" });
  return req;
}

const to5A = () => ({ title: "Собрание 5А", body: "См. вложения", audience: "FAMILIES", toParents: "on", classIds: String(s.classes["5А"].id) });

async function filesOf(id: number) {
  const links = await prisma.announcementFile.findMany({ where: { announcementId: id }, include: { file: true }, orderBy: { fileId: "asc" } });
  return links.map((l) => l.file);
}

describe("posting with attachments", () => {
  let id: number;

  it("the form is multipart with a files field and the school's limits", async () => {
    const res = await (await as(s.users.teacherMath)).get("/announcements/new");
    expect(res.text).toContain('enctype="multipart/form-data"');
    expect(res.text).toMatch(/<input id="f-files" name="files" type="file" multiple/);
    expect(res.text).toContain("До 5 файлов, каждый не больше 10 МБ");
  });

  it("a teacher posts to 5А with a text file and a PDF: both stored with their detected types and linked", async () => {
    const res = await postMultipart(await as(s.users.teacherMath), "/announcements", to5A(), [
      { name: "расписание.txt", data: TEXT, type: "text/plain" },
      { name: "памятка.pdf", data: PDF, type: "application/pdf" },
    ]);
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    id = Number(/(\d+)$/.exec(res.headers.location!)![1]);
    const files = await filesOf(id);
    expect(files.map((f) => [f.name, f.mime, f.size, f.schoolId, f.uploaderId])).toEqual([
      ["расписание.txt", "text/plain", TEXT.length, s.schoolId, s.users.teacherMath.userId],
      ["памятка.pdf", "application/pdf", PDF.length, s.schoolId, s.users.teacherMath.userId],
    ]);
    const page = await (await as(s.users.parentBorisova)).get(`/announcements/${id}`);
    expect(page.text).toContain(`<a href="/announcements/${id}/files/${files[0]!.id}" download>расписание.txt</a>`);
    expect(page.text).toContain(`<a href="/announcements/${id}/files/${files[1]!.id}">памятка.pdf</a>`);
  });

  it("a reader downloads: the content, its type, nosniff, an attachment for text", async () => {
    const [txt, pdf] = await filesOf(id);
    const agent = await as(s.users.parentBorisova);
    const res = await agent.get(`/announcements/${id}/files/${txt!.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(TEXT.toString("utf8"));
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-disposition"]).toMatch(/^attachment;/);
    const p = await agent.get(`/announcements/${id}/files/${pdf!.id}`).buffer(true);
    expect(p.status).toBe(200);
    expect(p.headers["content-type"]).toBe("application/pdf");
  });

  it("every guessed download is a 404: a reader outside the audience, another announcement's file, an unknown id, another school", async () => {
    const [txt] = await filesOf(id);
    const url = `/announcements/${id}/files/${txt!.id}`;
    for (const user of ["parentV", "studentB1", "tech", "teacherHistory"] as const) expect((await (await as(s.users[user])).get(url)).status, user).toBe(404);
    const other = await announce(s, "admin", { title: "Всем", audience: "SCHOOL" });
    const admin = await as(s.users.admin);
    expect((await admin.get(`/announcements/${other.id}/files/${txt!.id}`)).status).toBe(404);
    expect((await admin.get(`/announcements/${id}/files/99999999`)).status).toBe(404);
    expect((await admin.get(`/announcements/${id}/files/x`)).status).toBe(404);
    const foreign = await boardSchool();
    expect((await (await as(foreign.users.admin)).get(url)).status).toBe(404);
  });

  it("a file past its «показывать до» is a 404 for readers, still there for the author", async () => {
    const [txt] = await filesOf(id);
    await prisma.announcement.update({ where: { id }, data: { showUntil: new Date("2026-12-01T00:00:00Z") } });
    try {
      expect((await (await as(s.users.parentBorisova)).get(`/announcements/${id}/files/${txt!.id}`)).status).toBe(404);
      expect((await (await as(s.users.teacherMath)).get(`/announcements/${id}/files/${txt!.id}`)).status).toBe(200);
    } finally {
      await prisma.announcement.update({ where: { id }, data: { showUntil: null } });
    }
  });

  it("an HTML page named .pdf is refused beside the files field, the typed values kept, nothing stored", async () => {
    const before = await boardState(s.schoolId);
    const storedBefore = await prisma.storedFile.count({ where: { schoolId: s.schoolId } });
    const res = await postMultipart(await as(s.users.teacherMath), "/announcements", { ...to5A(), title: "С опасным файлом" }, [
      { name: "справка.pdf", data: HTML, type: "application/pdf" },
    ]);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-files-error">Файл «справка.pdf» — веб-страница или разметка/);
    expect(res.text).toContain('value="С опасным файлом"');
    expect(await boardState(s.schoolId)).toEqual(before);
    expect(await prisma.storedFile.count({ where: { schoolId: s.schoolId } })).toBe(storedBefore);
  });

  it("more files than the school allows are refused", async () => {
    const before = await boardState(s.schoolId);
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `файл${i}.txt`, data: Buffer.from(`текст ${i}\n`) }));
    const res = await postMultipart(await as(s.users.admin), "/announcements", { title: "Много файлов", audience: "SCHOOL" }, files);
    expect(res.status).toBe(422);
    expect(res.text).toContain("не больше 5");
    expect(await boardState(s.schoolId)).toEqual(before);
  });
});

describe("editing attachments", () => {
  it("the author removes one and adds one; the audit names them old → new", async () => {
    const agent = await as(s.users.teacherMath);
    const made = await postMultipart(agent, "/announcements", to5A(), [
      { name: "старый.txt", data: Buffer.from("старый\n") },
      { name: "оставить.txt", data: Buffer.from("оставить\n") },
    ]);
    const id = Number(/(\d+)$/.exec(made.headers.location!)![1]);
    const [old] = await filesOf(id);
    const form = await agent.get(`/announcements/${id}/edit`);
    expect(form.text).toContain(`name="removeFiles" value="${old!.id}"`);
    const res = await postMultipart(agent, `/announcements/${id}`, { ...to5A(), removeFiles: String(old!.id) }, [
      { name: "новый.txt", data: Buffer.from("новый\n") },
    ]);
    expect(res.status, res.text.slice(0, 300)).toBe(302);
    expect((await filesOf(id)).map((f) => f.name)).toEqual(["оставить.txt", "новый.txt"]);
    const [entry] = await prisma.auditLog.findMany({ where: { entity: "announcement", entityId: String(id) } });
    expect(entry).toMatchObject({ oldValue: { files: ["старый.txt", "оставить.txt"] }, newValue: { files: ["оставить.txt", "новый.txt"] } });
    // The removed file is no longer reachable through the announcement.
    expect((await agent.get(`/announcements/${id}/files/${old!.id}`)).status).toBe(404);
  });

  it("removing a file of another announcement does nothing to it", async () => {
    const agent = await as(s.users.admin);
    const a = await postMultipart(agent, "/announcements", { title: "А", audience: "SCHOOL" }, [{ name: "а.txt", data: Buffer.from("а\n") }]);
    const b = await postMultipart(agent, "/announcements", { title: "Б", audience: "SCHOOL" }, []);
    const aId = Number(/(\d+)$/.exec(a.headers.location!)![1]);
    const bId = Number(/(\d+)$/.exec(b.headers.location!)![1]);
    const [fa] = await filesOf(aId);
    expect((await postMultipart(agent, `/announcements/${bId}`, { title: "Б", audience: "SCHOOL", removeFiles: String(fa!.id) }, [])).status).toBe(302);
    expect((await filesOf(aId)).map((f) => f.id)).toEqual([fa!.id]);
  });
});
