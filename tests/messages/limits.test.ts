/**
 * Limits and speed of «Сообщения» (issue 15): the school's messages per hour (a group send counts
 * once; over it a Russian message and nothing stored), e-mail switched off, and the speed figures —
 * a message to the ≈ 50 parents of a class in ≤ 200 ms, the list of conversations with 10,000
 * messages in the school in ≤ 20 ms, the unread count a single indexed query.
 */
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/access/actor.ts";
import { clock } from "../../src/lib/clock.ts";
import { pgPool, prisma } from "../../src/lib/db.ts";
import { sendMessage } from "../../src/modules/messages/messages.send.ts";
import { listConversations, unreadMessageCount } from "../../src/modules/messages/messages.service.ts";
import { d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { conversationOf, messageSchool, messageState, send, type MessageSchool } from "./helpers.ts";

let s: MessageSchool;
beforeAll(async () => {
  s = await messageSchool();
});

describe("the rate limit (School.messagesPerHour)", () => {
  it("a group send counts once; over the limit the form says so (429), nothing is stored, replies too; an hour later it works again", async () => {
    await prisma.school.update({ where: { id: s.schoolId }, data: { messagesPerHour: 3 } });
    const teacher = await as(s.users.teacherRussian);
    expect((await send(teacher, { groups: [`parents:${s.classes["5А"].id}`], subject: "Всем родителям" })).status).toBe(302);
    const id = conversationOf(await send(teacher, { to: [s.users.parentBorisova.userId], subject: "Второе" }));
    expect((await teacher.form(`/messages/${id}/reply`, { body: "Третье" })).status).toBe(302);

    const before = await messageState(s.schoolId);
    const over = await send(teacher, { to: [s.users.admin.userId], subject: "Четвёртое", body: "Текст сохранится в форме" });
    expect(over.status).toBe(429);
    expect(over.text).toContain("Вы отправили 3 сообщения за последний час — это предел, установленный школой.");
    expect(over.text).toContain("Текст сохранится в форме");
    const reply = await teacher.form(`/messages/${id}/reply`, { body: "Ещё ответ" });
    expect(reply.status).toBe(429);
    expect(reply.text).toContain("это предел, установленный школой");
    expect(await messageState(s.schoolId)).toEqual(before);
    // Others are not limited by the teacher's sends.
    expect((await send(await as(s.users.parentBorisova), { to: [s.users.teacherRussian.userId], subject: "Родитель" })).status).toBe(302);

    // An hour later the old sends no longer count.
    await prisma.message.updateMany({ where: { authorId: s.users.teacherRussian.userId }, data: { createdAt: new Date(clock.nowMs() - 61 * 60_000) } });
    expect((await send(teacher, { to: [s.users.admin.userId], subject: "Через час" })).status).toBe(302);
    await prisma.school.update({ where: { id: s.schoolId }, data: { messagesPerHour: 60 } });
  });
});

describe("e-mail switched off (no SMTP_URL)", () => {
  it("the outside-address field is not offered; a posted address is refused beside the field, nothing stored", async () => {
    const agent = await as(s.users.teacherMath);
    expect((await agent.get("/messages/new")).text).not.toContain('name="externalEmail"');
    const before = await messageState(s.schoolId);
    const res = await send(agent, { to: [s.users.parentBorisova.userId], externalEmail: "babushka@example.ru" });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-externalEmail-error">Отправка писем на e-mail в школе не настроена/);
    expect(await messageState(s.schoolId)).toEqual(before);
  });
});

/** Best of `n` runs, in milliseconds. */
async function bestOf(n: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** How many statements `fn` sends to PostgreSQL (every client of the shared pool, Prisma's included). */
async function statements(fn: () => Promise<unknown>): Promise<number> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return n;
}

/**
 * The speed targets (≤ 200 ms for a class's parents, ≤ 20 ms for the list) hold on an idle machine; the
 * test machine is shared, so the timings here are a loose guard (printed for the record) and the
 * assertions that matter are structural: a send costs the same number of statements for 5 or 50
 * recipients, and the list and the count read through indexes.
 */
describe("speed", () => {
  async function classOf(size: number, letter: string) {
    const { schoolId } = s;
    const cls = await prisma.schoolClass.create({ data: { schoolId, yearId: s.year.id, grade: 7, letter, classTeacherId: s.users.teacherMath.personId } });
    for (let i = 0; i < size; i++) {
      const kid = await prisma.person.create({ data: { schoolId, lastName: `Ученик${letter}${i}`, firstName: "Имя" } });
      const st = await prisma.student.create({ data: { schoolId, personId: kid.id } });
      await prisma.classMembership.create({ data: { schoolId, studentId: st.id, classId: cls.id, fromDate: d("2026-09-01") } });
      const parent = await prisma.person.create({ data: { schoolId, lastName: `Родитель${letter}${i}`, firstName: "Имя" } });
      await prisma.user.create({
        data: { schoolId, personId: parent.id, login: `${s.tag}.p7${letter}${i}`.toLowerCase(), passwordHash: "-", roles: { create: [{ role: "PARENT" }] } },
      });
      await prisma.parentLink.create({ data: { schoolId, parentId: parent.id, studentId: st.id, relation: "MOTHER" } });
    }
    return cls;
  }

  it("a message to the 50 parents of a class: one conversation each, in as many statements as a message to 5", async () => {
    const [big, small] = [await classOf(50, "Г"), await classOf(5, "Д")];
    const actor = (await loadActor(s.users.teacherMath.userId))!;
    let n = 0;
    const toClass = (classId: number) => () =>
      sendMessage(actor, {
        to: [],
        groups: [`parents:${classId}`],
        subject: `Собрание ${++n}`,
        body: "Собрание в пятницу.",
        externalEmail: null,
        forward: null,
      });
    await toClass(small.id)(); // plans warmed
    const [forBig, forSmall] = [await statements(toClass(big.id)), await statements(toClass(small.id))];
    expect(forBig).toBe(forSmall);
    expect(forBig).toBeLessThanOrEqual(20);
    const ms = await bestOf(5, toClass(big.id));
    console.log(`messages: a send to 50 parents: ${forBig} statements, ${ms.toFixed(1)} ms (best of 5)`);
    expect(ms).toBeLessThanOrEqual(1000);
    const copies = await prisma.conversation.findMany({
      where: { schoolId: s.schoolId, subject: "Собрание 2" },
      include: { members: true, messages: { include: { receipts: true } } },
    });
    expect(copies).toHaveLength(50);
    expect(copies.every((c) => c.members.length === 2 && c.messages.length === 1 && c.messages[0]!.receipts.length === 1)).toBe(true);
    expect(new Set(copies.map((c) => c.members.find((m) => m.userId !== actor.userId)!.userId)).size).toBe(50);
  });

  it("the list of conversations with 10,000 messages in the school: one statement (≤ 20 ms on an idle machine); the unread count reads its index", async () => {
    const { schoolId } = s;
    const me = s.users.deputy.userId;
    const people = [s.users.teacherMath, s.users.teacherRussian, s.users.teacherEnglish, s.users.parentAlekseev, s.users.parentBorisova, s.users.medic].map(
      (u) => u.userId,
    );
    // 2,000 conversations of 5 messages each; the deputy is in 300 of them.
    await pgPool().query(
      `WITH c AS (
         INSERT INTO "Conversation" ("schoolId", subject, "createdById", "createdAt", "lastMessageAt")
         SELECT $1, 'Тема ' || g, $2, now() - g * interval '1 minute', now() - g * interval '1 minute' FROM generate_series(1, 2000) g
         RETURNING id, "createdAt"
       ), n AS (SELECT id, "createdAt", row_number() OVER (ORDER BY id) AS k FROM c),
       mem AS (
         INSERT INTO "ConversationMember" ("conversationId", "userId", "schoolId")
         SELECT id, CASE WHEN k <= 300 THEN $2 ELSE ($3::int[])[1 + k % 6] END, $1 FROM n
         UNION ALL SELECT id, ($3::int[])[1 + (k + 1) % 6], $1 FROM n
       ), msg AS (
         INSERT INTO "Message" ("schoolId", "conversationId", "authorId", body, "createdAt")
         SELECT $1, n.id, CASE WHEN i % 2 = 0 AND n.k <= 300 THEN $2 ELSE ($3::int[])[1 + (n.k + 1) % 6] END,
                'Сообщение ' || i || ' о делах класса, довольно длинное, чтобы было что показать в списке', n."createdAt" + i * interval '1 second'
           FROM n CROSS JOIN generate_series(1, 5) i
         RETURNING id, "authorId"
       )
       INSERT INTO "MessageReceipt" ("messageId", "userId", "schoolId")
       SELECT id, CASE WHEN "authorId" = $2 THEN ($3::int[])[1] ELSE $2 END, $1 FROM msg WHERE "authorId" = $2 OR id % 3 = 0`,
      [schoolId, me, people],
    );
    await pgPool().query(`ANALYZE "Conversation"; ANALYZE "ConversationMember"; ANALYZE "Message"; ANALYZE "MessageReceipt"`);
    expect(await prisma.message.count({ where: { schoolId } })).toBeGreaterThanOrEqual(10_000);
    const actor = (await loadActor(me))!;
    const page = await listConversations(actor, { folder: "inbox", q: "", page: 1 });
    expect(page.total).toBe(300);
    expect(page.items).toHaveLength(20);
    const list = await bestOf(5, () => listConversations(actor, { folder: "inbox", q: "", page: 1 }));
    const later = await bestOf(5, () => listConversations(actor, { folder: "inbox", q: "", page: 10 }));
    const search = await bestOf(5, () => listConversations(actor, { folder: "inbox", q: "делах", page: 1 }));
    const sent = await bestOf(5, () => listConversations(actor, { folder: "sent", q: "", page: 1 }));
    const count = await bestOf(5, () => unreadMessageCount(prisma, actor));
    console.log(
      `messages: list ${list.toFixed(1)} ms, page 10 ${later.toFixed(1)} ms, search ${search.toFixed(1)} ms, sent ${sent.toFixed(1)} ms, unread count ${count.toFixed(2)} ms`,
    );
    expect(list).toBeLessThanOrEqual(100);
    expect(later).toBeLessThanOrEqual(100);
    expect(await statements(() => listConversations(actor, { folder: "inbox", q: "", page: 1 }))).toBe(1);
    expect(await unreadMessageCount(prisma, actor)).toBeGreaterThan(0);
    // For a user with a usual number of messages the count reads the index (the deputy's 3,000 receipts make a scan cheaper).
    const plan = await pgPool().query<{ "QUERY PLAN": string }>(
      `EXPLAIN SELECT count(*)::int AS n FROM "MessageReceipt" WHERE "userId" = $1 AND "readAt" IS NULL`,
      [s.users.hr.userId],
    );
    expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toMatch(/Index (Only )?Scan using "MessageReceipt_userId_readAt_idx"/);
  });
});
