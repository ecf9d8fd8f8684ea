/**
 * Whatever a user types into a subject, a text or a file name is shown as text (issue 15): escaped
 * in the list, the conversation, «Отправленные», the forward form and the complaints page; the text's
 * formatting subset renders, raw HTML and javascript: links do not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";
import { conversationOf, messageSchool, postMultipart, type MessageSchool } from "./helpers.ts";

let s: MessageSchool;
let conv: number;
let msgId: number;
const SUBJECT = `<script>alert("s")</script> & "кавычки"`;
const BODY = `<img src=x onerror=alert(1)> **жирный** [ссылка](javascript:alert(2)) <b>b</b>\nвторая строка`;
const FILE = `<img src=x onerror=alert(3)>.txt`;

beforeAll(async () => {
  s = await messageSchool();
  const res = await postMultipart(await as(s.users.teacherMath), "/messages/new", { to: String(s.users.parentBorisova.userId), subject: SUBJECT, body: BODY }, [
    { name: FILE, data: Buffer.from("текст\n") },
  ]);
  conv = conversationOf(res);
  msgId = (await prisma.message.findFirstOrThrow({ where: { conversationId: conv } })).id;
  await (await as(s.users.parentBorisova)).form(`/messages/${conv}/complaints`, { messageId: String(msgId), reason: `<script>alert("r")</script>` });
});

function assertInert(html: string) {
  expect(html).not.toMatch(/<script>alert/);
  expect(html).not.toMatch(/<img src=x/);
  expect(html).not.toContain('href="javascript:');
  expect(html).not.toContain("<b>b</b>");
}

describe("XSS in subjects, texts, file names and reasons is escaped", () => {
  it("stored as typed", async () => {
    const c = await prisma.conversation.findUniqueOrThrow({ where: { id: conv }, include: { messages: { include: { files: { include: { file: true } } } } } });
    expect(c.subject).toBe(SUBJECT);
    expect(c.messages[0]!.body).toBe(BODY);
    expect(c.messages[0]!.files[0]!.file.name).toBe(FILE);
  });

  it.each([
    ["parentBorisova", (): string => `/messages/${conv}`],
    ["parentBorisova", (): string => "/messages"],
    ["teacherMath", (): string => "/messages?folder=sent"],
    ["parentBorisova", (): string => `/messages/new?forward=${msgId}`],
    ["admin", (): string => "/messages/complaints"],
  ] as const)("%s on %s", async (key, url) => {
    const res = await (await as(s.users[key])).get(url());
    expect(res.status).toBe(200);
    assertInert(res.text);
    expect(res.text).toContain("&lt;script&gt;alert(&#34;s&#34;)&lt;/script&gt;");
    expect(await htmlProblems(res.text)).toEqual([]);
  });

  it("the conversation renders the formatting subset and escapes the rest", async () => {
    const page = (await (await as(s.users.parentBorisova)).get(`/messages/${conv}`)).text;
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt; <strong>жирный</strong>");
    expect(page).toContain("[ссылка](javascript:alert(2))");
    expect(page).toContain("&lt;b&gt;b&lt;/b&gt;<br>");
    expect(page).toContain("&lt;img src=x onerror=alert(3)&gt;.txt</a>");
  });

  it("the complaint's reason is escaped on the administrator's page", async () => {
    const page = (await (await as(s.users.admin)).get("/messages/complaints")).text;
    expect(page).toContain("&lt;script&gt;alert(&#34;r&#34;)&lt;/script&gt;");
  });
});
