/**
 * A conversation (issue 15, R-COM-2): receipts («прочитано 09.12 10:03» / «не прочитано»), replies,
 * the archive (a new message brings it back), search by text and by person, forwarding, and the
 * members-only rule: every guessed conversation or file id is a 404 and changes nothing.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { unreadMessageCount } from "../../src/modules/messages/messages.service.ts";
import { shortDateTime } from "../../src/modules/messages/messages.text.ts";
import { clock } from "../../src/lib/clock.ts";
import { as } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";
import { conversationOf, messageSchool, messageState, postMultipart, send, type MessageSchool } from "./helpers.ts";

let s: MessageSchool;
beforeAll(async () => {
  s = await messageSchool();
});

const unread = (key: keyof MessageSchool["users"]) => unreadMessageCount(prisma, s.users[key]);

describe("receipts and replies", () => {
  let id: number;

  it("a teacher writes to a parent: stored at the application's time, unread for the parent, «не прочитано» for the author", async () => {
    const before = await unread("parentBorisova");
    const t0 = clock.nowMs();
    id = conversationOf(
      await send(await as(s.users.teacherMath), { to: [s.users.parentBorisova.userId], subject: "Контрольная", body: "Вера не сдала работу." }),
    );
    const m = await prisma.message.findFirstOrThrow({ where: { conversationId: id } });
    expect(Math.abs(m.createdAt.getTime() - t0)).toBeLessThan(10_000);
    expect(await unread("parentBorisova")).toBe(before + 1);
    const page = await (await as(s.users.teacherMath)).get(`/messages/${id}`);
    expect(page.text).toContain('<span class="msg-receipt">не прочитано</span>');
    expect(page.text).toContain(`datetime="${m.createdAt.toISOString()}"`);
    expect(await htmlProblems(page.text)).toEqual([]);
  });

  it("the parent's inbox shows it first with its unread count; opening marks it read, the author sees «прочитано» with the time", async () => {
    const parent = await as(s.users.parentBorisova);
    const inbox = await parent.get("/messages");
    expect(inbox.status).toBe(200);
    expect(inbox.text).toMatch(new RegExp(`<a href="/messages/${id}">Контрольная</a> <span class="badge badge-info">1 новое</span>`));
    expect(inbox.text).toContain("Математиков Пётр Ильич");
    expect(inbox.text).toContain("Вера не сдала работу.");
    expect(await htmlProblems(inbox.text)).toEqual([]);

    const page = await parent.get(`/messages/${id}`);
    expect(page.text).toContain('<span class="badge badge-info">новое</span>');
    expect(page.text).toContain('Математиков Пётр Ильич <span class="muted">— учитель</span>'); // who the other party is
    const r = await prisma.messageReceipt.findFirstOrThrow({ where: { userId: s.users.parentBorisova.userId, message: { conversationId: id } } });
    expect(r.readAt).not.toBeNull();
    expect(await unread("parentBorisova")).toBe(0);
    const again = await parent.get(`/messages/${id}`);
    expect(again.text).not.toContain('<span class="badge badge-info">новое</span>');

    const author = await (await as(s.users.teacherMath)).get(`/messages/${id}`);
    expect(author.text).toContain(`<span class="msg-receipt msg-read">прочитано ${shortDateTime(r.readAt!)}</span>`);
    expect(shortDateTime(r.readAt!)).toMatch(/^\d\d\.\d\d \d\d:\d\d$/);
  });

  it("the parent replies: the teacher gets an unread reply and a notification leading to the conversation", async () => {
    const res = await (await as(s.users.parentBorisova)).form(`/messages/${id}/reply`, { body: "Спасибо, сдаст завтра." });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/messages/${id}`);
    const msgs = await prisma.message.findMany({ where: { conversationId: id }, orderBy: { id: "asc" }, include: { receipts: true } });
    expect(msgs.map((m) => [m.authorId, m.body, m.receipts.map((r) => r.userId)])).toEqual([
      [s.users.teacherMath.userId, "Вера не сдала работу.", [s.users.parentBorisova.userId]],
      [s.users.parentBorisova.userId, "Спасибо, сдаст завтра.", [s.users.teacherMath.userId]],
    ]);
    const c = await prisma.conversation.findUniqueOrThrow({ where: { id } });
    expect(c.lastMessageAt.getTime()).toBe(msgs[1]!.createdAt.getTime());
    expect(await unread("teacherMath")).toBe(1);
    const note = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.teacherMath.userId, link: `/messages/${id}` } });
    expect(note.title).toBe("Ответ от Борисова О. Н.: Контрольная");
    // Messages oldest first on the page.
    const page = (await (await as(s.users.teacherMath)).get(`/messages/${id}`)).text;
    expect(page.indexOf("Вера не сдала работу.")).toBeLessThan(page.indexOf("Спасибо, сдаст завтра."));
  });

  it("an empty reply is refused beside the field, nothing stored", async () => {
    const before = await messageState(s.schoolId);
    const res = await (await as(s.users.parentBorisova)).form(`/messages/${id}/reply`, { body: "  " });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-body-error">Напишите текст сообщения или приложите файл/);
    expect(await messageState(s.schoolId)).toEqual(before);
  });

  it("a stranger cannot open, reply, archive or complain in it: 404 and nothing changes", async () => {
    const before = await messageState(s.schoolId);
    const members = await prisma.conversationMember.findMany({ where: { conversationId: id }, orderBy: { userId: "asc" } });
    const msg = await prisma.message.findFirstOrThrow({ where: { conversationId: id } });
    for (const key of ["parentAlekseev", "teacherRussian", "admin", "studentA2"] as const) {
      const agent = await as(s.users[key]);
      expect((await agent.get(`/messages/${id}`)).status, key).toBe(404);
      expect((await agent.form(`/messages/${id}/reply`, { body: "Влезу" })).status, key).toBe(404);
      expect((await agent.form(`/messages/${id}/archive`, { archived: "1" })).status, key).toBe(404);
      expect((await agent.form(`/messages/${id}/complaints`, { messageId: String(msg.id), reason: "x" })).status, key).toBe(404);
      expect((await agent.get(`/messages/new?forward=${msg.id}`)).status, key).toBe(404);
    }
    const parent = await as(s.users.parentBorisova);
    for (const url of ["/messages/99999999", "/messages/abc", "/messages/0", "/messages/-1"]) expect((await parent.get(url)).status, url).toBe(404);
    expect(await messageState(s.schoolId)).toEqual(before);
    expect(await prisma.conversationMember.findMany({ where: { conversationId: id }, orderBy: { userId: "asc" } })).toEqual(members);
  });
});

describe("the archive", () => {
  it("archived conversations leave the inbox; a new message brings them back; «Вернуть во входящие» too", async () => {
    const id = conversationOf(
      await send(await as(s.users.teacherRussian), { to: [s.users.parentAlekseev.userId], subject: "Дежурство", body: "Артём дежурит в пятницу." }),
    );
    const parent = await as(s.users.parentAlekseev);
    const archived = await parent.form(`/messages/${id}/archive`, { archived: "1" });
    expect(archived.status).toBe(302);
    const member = await prisma.conversationMember.findUniqueOrThrow({
      where: { conversationId_userId: { conversationId: id, userId: s.users.parentAlekseev.userId } },
    });
    expect(member.archivedAt).not.toBeNull();
    // Only the parent's copy is archived.
    const teacherMember = await prisma.conversationMember.findUniqueOrThrow({
      where: { conversationId_userId: { conversationId: id, userId: s.users.teacherRussian.userId } },
    });
    expect(teacherMember.archivedAt).toBeNull();
    expect((await parent.get("/messages")).text).not.toContain("Дежурство");
    const arch = await parent.get("/messages?folder=archive");
    expect(arch.text).toContain(`<a href="/messages/${id}">Дежурство</a>`);
    expect(await htmlProblems(arch.text)).toEqual([]);
    expect((await parent.get(`/messages/${id}`)).text).toContain("Вернуть во входящие");

    await (await as(s.users.teacherRussian)).form(`/messages/${id}/reply`, { body: "Напоминаю про дежурство." });
    expect((await parent.get("/messages")).text).toContain(`<a href="/messages/${id}">Дежурство</a>`);
    expect((await parent.get("/messages?folder=archive")).text).not.toContain("Дежурство");

    await parent.form(`/messages/${id}/archive`, { archived: "1" });
    const back = await parent.form(`/messages/${id}/archive`, { archived: "0" });
    expect(back.headers.location).toBe(`/messages/${id}`);
    expect((await parent.get("/messages")).text).toContain("Дежурство");
  });
});

describe("search and paging", () => {
  it("finds by words of the text (ё = е), by the subject and by the other person's name; nothing of others", async () => {
    const deputy = await as(s.users.deputy);
    await send(deputy, { to: [s.users.teacherEnglish.userId], subject: "Ёлка в актовом зале", body: "Нужна помощь с украшением." });
    await send(deputy, { to: [s.users.medic.userId], subject: "Прививки", body: "Список на январь." });
    await send(await as(s.users.admin), { to: [s.users.hr.userId], subject: "Отпуск", body: "Украшение зала — тоже секрет." });
    const titles = async (q: string, folder = "") => {
      const res = await deputy.get(`/messages?q=${encodeURIComponent(q)}${folder}`);
      expect(res.status).toBe(200);
      return [...res.text.matchAll(/<a href="\/messages\/\d+">([^<]*)<\/a>/g)].map((m) => m[1]);
    };
    expect(await titles("украшением")).toEqual(["Ёлка в актовом зале"]);
    expect(await titles("елка")).toEqual(["Ёлка в актовом зале"]);
    expect(await titles("Медикова")).toEqual(["Прививки"]);
    expect(await titles("инглишева помощь")).toEqual(["Ёлка в актовом зале"]);
    expect(await titles("секрет")).toEqual([]);
    expect(await titles("%")).toEqual([]);
    expect(await titles("январь", "&folder=sent")).toEqual(["Прививки"]);
    const page = await deputy.get("/messages?q=%3Cscript%3E");
    expect(page.text).toContain('value="&lt;script&gt;"');
  });

  it("pages of 20, newest activity first", async () => {
    const tech = await as(s.users.tech);
    const base = clock.nowMs();
    const conv = await prisma.conversation.createManyAndReturn({
      data: Array.from({ length: 25 }, (_, i) => ({
        schoolId: s.schoolId,
        subject: `Заявка ${String(i + 1).padStart(2, "0")}`,
        createdById: s.users.secretary.userId,
        createdAt: new Date(base - (100 - i) * 60_000),
        lastMessageAt: new Date(base - (100 - i) * 60_000),
      })),
    });
    await prisma.conversationMember.createMany({
      data: conv.flatMap((c) => [
        { conversationId: c.id, userId: s.users.tech.userId, schoolId: s.schoolId },
        { conversationId: c.id, userId: s.users.secretary.userId, schoolId: s.schoolId },
      ]),
    });
    await prisma.message.createMany({
      data: conv.map((c) => ({ schoolId: s.schoolId, conversationId: c.id, authorId: s.users.secretary.userId, body: c.subject, createdAt: c.lastMessageAt })),
    });
    const first = await tech.get("/messages");
    const subjects = [...first.text.matchAll(/>(Заявка \d\d)<\/a>/g)].map((m) => m[1]);
    expect(subjects).toHaveLength(20);
    expect(subjects[0]).toBe("Заявка 25");
    expect(first.text).toContain("Страница 1 из 2");
    const second = await tech.get("/messages?page=2");
    expect([...second.text.matchAll(/>(Заявка \d\d)<\/a>/g)].map((m) => m[1])).toEqual(["Заявка 05", "Заявка 04", "Заявка 03", "Заявка 02", "Заявка 01"]);
  });
});

describe("attachments", () => {
  const TEXT = Buffer.from("Список литературы:\n1. Пушкин\n", "utf8");
  const HTML = Buffer.from("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "utf8");
  let id: number;
  let fileId: number;

  it("a message with a file: stored, listed, downloaded by the members with nosniff and as an attachment", async () => {
    const res = await postMultipart(
      await as(s.users.teacherEnglish),
      "/messages/new",
      { to: String(s.users.parentBorisova.userId), subject: "Литература", body: "Во вложении." },
      [{ name: "список.txt", data: TEXT, type: "text/plain" }],
    );
    id = conversationOf(res);
    const link = await prisma.messageFile.findFirstOrThrow({ where: { message: { conversationId: id } }, include: { file: true } });
    fileId = link.fileId;
    expect([link.file.name, link.file.mime, link.file.size, link.file.uploaderId]).toEqual([
      "список.txt",
      "text/plain",
      TEXT.length,
      s.users.teacherEnglish.userId,
    ]);
    const parent = await as(s.users.parentBorisova);
    const page = await parent.get(`/messages/${id}`);
    expect(page.text).toContain(`<a href="/messages/${id}/files/${fileId}" download>список.txt</a>`);
    const dl = await parent.get(`/messages/${id}/files/${fileId}`);
    expect(dl.status).toBe(200);
    expect(dl.text).toBe(TEXT.toString("utf8"));
    expect(dl.headers["x-content-type-options"]).toBe("nosniff");
    expect(dl.headers["content-disposition"]).toMatch(/^attachment;/);
    expect((await (await as(s.users.teacherEnglish)).get(`/messages/${id}/files/${fileId}`)).status).toBe(200);
  });

  it("every guessed download is a 404: a non-member, another conversation's URL, an unknown id", async () => {
    const url = `/messages/${id}/files/${fileId}`;
    for (const key of ["parentAlekseev", "admin", "teacherMath"] as const) expect((await (await as(s.users[key])).get(url)).status, key).toBe(404);
    // The parent's other conversation with the file id of this one.
    const otherId = conversationOf(await send(await as(s.users.teacherMath), { to: [s.users.parentBorisova.userId], subject: "Другое" }));
    const parent = await as(s.users.parentBorisova);
    expect((await parent.get(`/messages/${otherId}/files/${fileId}`)).status).toBe(404);
    expect((await parent.get(`/messages/${id}/files/99999999`)).status).toBe(404);
    expect((await parent.get(`/messages/${id}/files/x`)).status).toBe(404);
  });

  it("an HTML page named .pdf is refused beside the files field, the typed values kept, nothing stored", async () => {
    const before = await messageState(s.schoolId);
    const res = await postMultipart(
      await as(s.users.teacherEnglish),
      "/messages/new",
      { to: String(s.users.parentBorisova.userId), subject: "Справка", body: "См." },
      [{ name: "справка.pdf", data: HTML, type: "application/pdf" }],
    );
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-files-error">Файл «справка.pdf» — веб-страница или разметка/);
    expect(res.text).toContain('value="Справка"');
    expect(res.text).toMatch(new RegExp(`name="to" value="${s.users.parentBorisova.userId}"[^>]* checked`));
    expect(await messageState(s.schoolId)).toEqual(before);
  });

  it("more files than the school allows are refused", async () => {
    await prisma.school.update({ where: { id: s.schoolId }, data: { maxFilesPerMessage: 2 } });
    try {
      const before = await messageState(s.schoolId);
      const files = Array.from({ length: 3 }, (_, i) => ({ name: `ф${i}.txt`, data: Buffer.from(`текст ${i}\n`) }));
      const res = await postMultipart(
        await as(s.users.teacherEnglish),
        "/messages/new",
        { to: String(s.users.parentBorisova.userId), subject: "Много" },
        files,
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain("не больше 2 файлов");
      expect(await messageState(s.schoolId)).toEqual(before);
    } finally {
      await prisma.school.update({ where: { id: s.schoolId }, data: { maxFilesPerMessage: 5 } });
    }
  });

  it("a reply with a file only (no text) is fine", async () => {
    const res = await postMultipart(await as(s.users.parentBorisova), `/messages/${id}/reply`, { body: "" }, [
      { name: "ответ.txt", data: Buffer.from("Готово\n") },
    ]);
    expect(res.status).toBe(302);
    const last = await prisma.message.findFirstOrThrow({
      where: { conversationId: id },
      orderBy: { id: "desc" },
      include: { files: { include: { file: true } } },
    });
    expect([last.body, last.files.map((f) => f.file.name)]).toEqual(["", ["ответ.txt"]]);
  });

  it("forwarding: a new conversation with the quoted text and the same files; another's message or an outsider: refused", async () => {
    const parent = await as(s.users.parentBorisova);
    const original = await prisma.message.findFirstOrThrow({ where: { conversationId: id }, orderBy: { id: "asc" } });
    const form = await parent.get(`/messages/new?forward=${original.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Пересылка: Литература"');
    expect(form.text).toContain("Файлы будут пересланы: список.txt");
    expect(await htmlProblems(form.text)).toEqual([]);

    const res = await send(parent, {
      to: [s.users.teacherRussian.userId],
      subject: "Пересылка: Литература",
      body: "Посмотрите, пожалуйста.",
      forward: original.id,
    });
    const fwdId = conversationOf(res);
    const m = await prisma.message.findFirstOrThrow({ where: { conversationId: fwdId }, include: { files: true } });
    expect(m.forwardedFromId).toBe(original.id);
    expect(m.body).toMatch(
      /^Посмотрите, пожалуйста\.\n\n---------- Пересланное сообщение ----------\nОт: Инглишева Елена Викторовна, \d\d\.\d\d\.\d{4} \d\d:\d\d\nТема: Литература\n\nВо вложении\.$/,
    );
    expect(m.files.map((f) => f.fileId)).toEqual([fileId]);
    const teacher = await as(s.users.teacherRussian);
    expect((await teacher.get(`/messages/${fwdId}/files/${fileId}`)).status).toBe(200);

    const before = await messageState(s.schoolId);
    // A message of a conversation the sender is not in.
    const alien = await send(await as(s.users.parentAlekseev), { to: [s.users.teacherRussian.userId], forward: original.id });
    expect(alien.status).toBe(404);
    // To someone outside the address book.
    const outsider = await send(parent, { to: [s.users.parentAlekseev.userId], forward: original.id });
    expect(outsider.status).toBe(422);
    expect(await messageState(s.schoolId)).toEqual(before);
  });
});
