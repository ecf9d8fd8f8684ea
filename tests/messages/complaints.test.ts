/**
 * «Пожаловаться» and the administrator's «Жалобы на сообщения» (issue 15, R-COM-2): a member
 * complains about another's message; only the administrator reads the complaints (with the
 * message, though not a member) and hides the message or dismisses the complaint — both audited;
 * everyone else is denied and nothing changes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";
import { conversationOf, messageSchool, messageState, postMultipart, send, type MessageSchool } from "./helpers.ts";

let s: MessageSchool;
let other: MessageSchool;
let conv: number;
let msgId: number;
let fileId: number;
beforeAll(async () => {
  [s, other] = await Promise.all([messageSchool(), messageSchool()]);
  const res = await postMultipart(
    await as(s.users.teacherMath),
    "/messages/new",
    { to: String(s.users.parentBorisova.userId), subject: "Грубость", body: "Ваша дочь — бездельница!" },
    [{ name: "фото.txt", data: Buffer.from("снимок\n") }],
  );
  conv = conversationOf(res);
  const m = await prisma.message.findFirstOrThrow({ where: { conversationId: conv }, include: { files: true } });
  msgId = m.id;
  fileId = m.files[0]!.fileId;
});

const audits = () => prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "message" }, orderBy: { id: "asc" } });

describe("«Пожаловаться»", () => {
  it("the recipient complains with a reason: a complaint is stored and the administrator is notified", async () => {
    const parent = await as(s.users.parentBorisova);
    const page = await parent.get(`/messages/${conv}`);
    expect(page.text).toContain("Пожаловаться");
    const res = await parent.form(`/messages/${conv}/complaints`, { messageId: String(msgId), reason: "Оскорбление ребёнка" });
    expect(res.status).toBe(302);
    const c = await prisma.messageComplaint.findMany({ where: { messageId: msgId } });
    expect(c.map((x) => [x.reporterId, x.reason, x.decision, x.schoolId])).toEqual([[s.users.parentBorisova.userId, "Оскорбление ребёнка", null, s.schoolId]]);
    const note = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.admin.userId, link: "/messages/complaints" } });
    expect(note.title).toBe("Жалоба на сообщение");
    expect((await parent.get(`/messages/${conv}`)).text).toContain("Жалоба отправлена администратору школы");
  });

  it("complaining twice adds nothing; the author cannot complain about the own message; a message of another conversation is a 404", async () => {
    const before = await messageState(s.schoolId);
    const parent = await as(s.users.parentBorisova);
    const again = await parent.form(`/messages/${conv}/complaints`, { messageId: String(msgId) });
    expect(again.status).toBe(302);
    expect((await parent.get(`/messages/${conv}`)).text).toContain("Вы уже пожаловались на это сообщение");
    const author = await as(s.users.teacherMath);
    expect((await author.get(`/messages/${conv}`)).text).not.toContain("Пожаловаться");
    expect((await author.form(`/messages/${conv}/complaints`, { messageId: String(msgId) })).status).toBe(404);
    const mine = conversationOf(await send(parent, { to: [s.users.teacherMath.userId], subject: "Другое" }));
    expect((await parent.form(`/messages/${mine}/complaints`, { messageId: String(msgId) })).status).toBe(404);
    expect((await parent.form(`/messages/${conv}/complaints`, { messageId: "x" })).status).toBe(404);
    expect((await messageState(s.schoolId)).complaints).toBe(before.complaints);
  });
});

describe("the complaints page", () => {
  it.each(["deputy", "teacherMath", "secretary", "parentBorisova", "studentA1"] as const)(
    "%s: denied (403), hiding and dismissing too, nothing changes",
    async (key) => {
      const complaint = await prisma.messageComplaint.findFirstOrThrow({ where: { messageId: msgId } });
      const agent = await as(s.users[key]);
      expect((await agent.get("/messages/complaints")).status).toBe(403);
      expect((await agent.form(`/messages/complaints/${complaint.id}/hide`, {})).status).toBe(403);
      expect((await agent.form(`/messages/complaints/${complaint.id}/dismiss`, {})).status).toBe(403);
      expect((await agent.get(`/messages/complaints/${complaint.id}/files/${fileId}`)).status).toBe(403);
      expect((await prisma.message.findUniqueOrThrow({ where: { id: msgId } })).hiddenAt).toBeNull();
      expect((await prisma.messageComplaint.findUniqueOrThrow({ where: { id: complaint.id } })).decidedAt).toBeNull();
      expect(await audits()).toEqual([]);
    },
  );

  it("the administrator reads the open complaint with the message and its file, though not a member", async () => {
    const admin = await as(s.users.admin);
    const complaint = await prisma.messageComplaint.findFirstOrThrow({ where: { messageId: msgId } });
    const page = await admin.get("/messages/complaints");
    expect(page.status).toBe(200);
    for (const t of [
      "Грубость",
      "Ваша дочь — бездельница!",
      "Математиков Пётр Ильич",
      "Борисова Ольга Николаевна",
      "Оскорбление ребёнка",
      "Скрыть сообщение",
      "Отклонить жалобу",
    ])
      expect(page.text).toContain(t);
    expect(await htmlProblems(page.text)).toEqual([]);
    expect((await admin.get(`/messages/complaints/${complaint.id}/files/${fileId}`)).status).toBe(200);
    expect((await admin.get(`/messages/complaints/${complaint.id}/files/99999999`)).status).toBe(404);
    // The conversation itself stays the members'.
    expect((await admin.get(`/messages/${conv}`)).status).toBe(404);
    // Another school's administrator sees nothing of it.
    const foreign = await as(other.users.admin);
    expect((await foreign.get("/messages/complaints")).text).not.toContain("Грубость");
    expect((await foreign.form(`/messages/complaints/${complaint.id}/hide`, {})).status).toBe(404);
    expect((await foreign.get(`/messages/complaints/${complaint.id}/files/${fileId}`)).status).toBe(404);
    expect((await prisma.message.findUniqueOrThrow({ where: { id: msgId } })).hiddenAt).toBeNull();
  });

  it("«Скрыть сообщение»: hidden for the members, its file gone, audited; a second decision changes nothing", async () => {
    const admin = await as(s.users.admin);
    const complaint = await prisma.messageComplaint.findFirstOrThrow({ where: { messageId: msgId } });
    const res = await admin.form(`/messages/complaints/${complaint.id}/hide`, {});
    expect(res.status).toBe(302);
    const m = await prisma.message.findUniqueOrThrow({ where: { id: msgId } });
    expect(m.hiddenAt).not.toBeNull();
    expect(m.hiddenById).toBe(s.users.admin.userId);
    const decided = await prisma.messageComplaint.findUniqueOrThrow({ where: { id: complaint.id } });
    expect([decided.decision, decided.decidedById]).toEqual(["hidden", s.users.admin.userId]);
    const log = await audits();
    expect(log.map((a) => [a.action, a.entityId, a.actorId, a.reason])).toEqual([["hide", String(msgId), s.users.admin.userId, "Оскорбление ребёнка"]]);
    expect(log[0]!.newValue).toMatchObject({ complaintId: complaint.id, hiddenAt: m.hiddenAt!.toISOString() });

    for (const key of ["parentBorisova", "teacherMath"] as const) {
      const agent = await as(s.users[key]);
      const page = await agent.get(`/messages/${conv}`);
      expect(page.text).toContain("Сообщение скрыто администратором");
      expect(page.text).not.toContain("бездельница");
      expect(page.text).not.toContain("фото.txt");
      expect((await agent.get(`/messages/${conv}/files/${fileId}`)).status).toBe(404);
      expect((await agent.get(`/messages/new?forward=${msgId}`)).status).toBe(404);
      const list = await agent.get(`/messages${key === "teacherMath" ? "?folder=sent" : ""}`);
      expect(list.text).toContain("Сообщение скрыто администратором");
      expect(list.text).not.toContain("бездельница");
      expect((await agent.get("/messages?q=бездельница")).text).not.toContain("Грубость");
    }
    // Already decided: a notice, no second audit entry.
    const twice = await admin.form(`/messages/complaints/${complaint.id}/dismiss`, {});
    expect(twice.status).toBe(302);
    expect((await admin.get("/messages/complaints")).text).toContain("Эта жалоба уже рассмотрена");
    expect(await audits()).toHaveLength(1);
    const closed = await admin.get("/messages/complaints?status=closed");
    expect(closed.text).toContain("сообщение скрыто");
    expect(await htmlProblems(closed.text)).toEqual([]);
  });

  it("«Отклонить жалобу»: the message stays, audited", async () => {
    const id = conversationOf(
      await send(await as(s.users.teacherRussian), { to: [s.users.parentAlekseev.userId], subject: "Оценки", body: "Артём получил 3." }),
    );
    const m = await prisma.message.findFirstOrThrow({ where: { conversationId: id } });
    await (await as(s.users.parentAlekseev)).form(`/messages/${id}/complaints`, { messageId: String(m.id) });
    const complaint = await prisma.messageComplaint.findFirstOrThrow({ where: { messageId: m.id } });
    expect(complaint.reason).toBeNull();
    const res = await (await as(s.users.admin)).form(`/messages/complaints/${complaint.id}/dismiss`, {});
    expect(res.status).toBe(302);
    expect((await prisma.messageComplaint.findUniqueOrThrow({ where: { id: complaint.id } })).decision).toBe("dismissed");
    expect((await prisma.message.findUniqueOrThrow({ where: { id: m.id } })).hiddenAt).toBeNull();
    const log = await audits();
    expect(log.at(-1)).toMatchObject({ action: "dismiss-complaint", entityId: String(m.id), actorId: s.users.admin.userId });
    expect((await (await as(s.users.parentAlekseev)).get(`/messages/${id}`)).text).toContain("Артём получил 3.");
  });
});
