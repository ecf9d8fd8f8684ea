/**
 * XSS in titles, texts and file names (issue 15): whatever is typed or uploaded stays text on every
 * page that shows it — the board, the announcement, the edit form, the archive, the audit log; a
 * javascript: link is not a link.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";
import { boardSchool, type BoardSchool } from "./helpers.ts";

let s: BoardSchool;
let id: number;

const TITLE = `<script>alert("title")</script> <img src=x onerror=alert(1)>`;
const BODY = [
  "<script>alert('body')</script>",
  "[нажми](javascript:alert(document.cookie))",
  '<a href="javascript:alert(2)">ссылка</a>',
  "<iframe src=https://evil.example></iframe>",
  "**жирный** и [сайт школы](https://school.example/news)",
].join("\n\n");
const FILE_NAME = `<img src=x onerror=alert(3)>.txt`;

beforeAll(async () => {
  s = await boardSchool();
  const agent = await as(s.users.admin);
  const res = await agent
    .post("/announcements")
    .field("_csrf", agent.token)
    .field("title", TITLE)
    .field("body", BODY)
    .field("audience", "SCHOOL")
    .attach("files", Buffer.from("обычный текст\n"), { filename: FILE_NAME, contentType: "text/plain" });
  expect(res.status, res.text.slice(0, 300)).toBe(302);
  id = Number(/(\d+)$/.exec(res.headers.location!)![1]);
});

/** No markup of the attack anywhere in the page: no script, no handler, no javascript: address. */
function assertInert(html: string) {
  expect(html).not.toMatch(/<script>alert/);
  expect(html).not.toMatch(/<img src=x/);
  expect(html).not.toMatch(/<iframe/);
  expect(html).not.toMatch(/href="javascript:/i);
  expect(html).not.toMatch(/<a href="javascript/i);
}

describe("stored as typed, shown as text", () => {
  it("the title and the file name are stored exactly as typed", async () => {
    const a = await prisma.announcement.findUniqueOrThrow({ where: { id }, include: { files: { include: { file: true } } } });
    expect(a.title).toBe(TITLE);
    expect(a.body).toBe(BODY);
    expect(a.files.map((f) => f.file.name)).toEqual([FILE_NAME]);
  });

  it("the board (a parent's)", async () => {
    const res = await (await as(s.users.parentBorisova)).get("/announcements");
    assertInert(res.text);
    expect(res.text).toContain("&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;");
    expect(res.text).toContain("&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;");
    expect(await htmlProblems(res.text)).toEqual([]);
  });

  it("the announcement: text escaped, the javascript: link is plain text, the safe subset rendered", async () => {
    const res = await (await as(s.users.studentA1)).get(`/announcements/${id}`);
    expect(res.status).toBe(200);
    assertInert(res.text);
    expect(res.text).toContain("<p>&lt;script&gt;alert('body')&lt;/script&gt;</p>");
    expect(res.text).toContain("<p>[нажми](javascript:alert(document.cookie))</p>");
    expect(res.text).toContain("<p>&lt;a href=&quot;javascript:alert(2)&quot;&gt;ссылка&lt;/a&gt;</p>");
    expect(res.text).toContain('<strong>жирный</strong> и <a href="https://school.example/news" rel="noopener noreferrer nofollow">сайт школы</a>');
    expect(res.text).toContain("&lt;img src=x onerror=alert(3)&gt;.txt</a>");
    expect(await htmlProblems(res.text)).toEqual([]);
  });

  it("the edit form keeps everything as text in its fields", async () => {
    const res = await (await as(s.users.admin)).get(`/announcements/${id}/edit`);
    assertInert(res.text);
    expect(res.text).toContain('value="&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;"');
    expect(res.text).toContain("Удалить «&lt;img src=x onerror=alert(3)&gt;.txt»");
    expect(await htmlProblems(res.text)).toEqual([]);
  });

  it("the download names the file safely", async () => {
    const file = await prisma.announcementFile.findFirstOrThrow({ where: { announcementId: id } });
    const res = await (await as(s.users.parentV)).get(`/announcements/${id}/files/${file.fileId}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(res.headers["content-disposition"]).not.toMatch(/[<>"]\w/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("after an edit and expiry: the archive and the audit log show the old and new titles as text", async () => {
    const admin = await as(s.users.admin);
    const edited = await admin.form(`/announcements/${id}`, { title: `${TITLE} (изм.)`, body: BODY, audience: "SCHOOL" });
    expect(edited.status).toBe(302);
    await prisma.announcement.update({ where: { id }, data: { showUntil: new Date("2026-12-01T00:00:00Z") } });
    const archive = await admin.get("/announcements/archive");
    assertInert(archive.text);
    expect(archive.text).toContain("(изм.)");
    const log = await admin.get("/admin/audit");
    expect(log.status).toBe(200);
    assertInert(log.text);
  });
});
