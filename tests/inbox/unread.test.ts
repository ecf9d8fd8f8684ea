/**
 * The header's counters (issue 15, R-COM-1..2): unread announcements, messages and notifications
 * on every page, compared with the database; they go down when the reader opens what is new, and
 * never count what is not addressed to the reader.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { announce } from "../announcements/helpers.ts";
import { conversationOf, send } from "../messages/helpers.ts";
import { communicationSchool, type CommunicationSchool } from "../support/communication.ts";
import { as } from "../support/http.ts";

/** The header's links with their counts: { Объявления: 1, Сообщения: 0, Уведомления: 2 }. */
function counters(html: string): Record<string, number> {
  const nav = /<nav class="inbox-links"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
  const out: Record<string, number> = {};
  for (const m of nav.matchAll(/<a href="[^"]+"[^>]*>([А-Яа-яё]+)(?: <span class="inbox-count">(\d+|99\+))?/g)) out[m[1]!] = m[2] ? Number(m[2]) : 0;
  return out;
}

describe("the header's unread counters", () => {
  let s: CommunicationSchool;
  beforeAll(async () => {
    s = await communicationSchool();
  });

  it("count what is addressed to the reader and unread, and go down as it is opened", async () => {
    const parent = await as(s.users.parentV);
    expect(counters((await parent.get("/")).text)).toEqual({ Объявления: 0, Сообщения: 0, Уведомления: 0 });

    const mine = await announce(s, "teacherHistory", { audience: "FAMILIES", toParents: true, classes: ["6В"], title: "Собрание 6В" });
    await announce(s, "teacherRussian", { audience: "FAMILIES", toParents: true, classes: ["5А"], title: "Собрание 5А" }); // not for parentV
    await announce(s, "teacherRussian", { audience: "STAFF", title: "Педсовет" }); // staff only
    const teacher = await as(s.users.teacherHistory);
    const conversation = conversationOf(await send(teacher, { to: [s.users.parentV.userId], subject: "Экскурсия", body: "Нужна подпись." }));

    const page = (await parent.get("/schedule")).text;
    const unreadNotifications = await prisma.notification.count({ where: { userId: s.users.parentV.userId, readAt: null, inApp: true } });
    expect(counters(page)).toEqual({ Объявления: 1, Сообщения: 1, Уведомления: unreadNotifications });
    expect(page).toContain('<span class="visually-hidden"> непрочитанных</span>');

    expect((await parent.get(`/announcements/${mine.id}`)).status).toBe(200);
    expect((await parent.get(`/messages/${conversation}`)).status).toBe(200);
    const after = counters((await parent.get("/")).text);
    expect(after).toMatchObject({ Объявления: 0, Сообщения: 0 });
    expect(await prisma.messageReceipt.count({ where: { userId: s.users.parentV.userId, readAt: null } })).toBe(0);
  });

  it("the staff-only announcement counts for staff, not for families; a student sees none of them", async () => {
    const staff = await as(s.users.teacherMath);
    const before = counters((await staff.get("/")).text).Объявления!;
    await announce(s, "teacherRussian", { audience: "STAFF", title: "Ещё педсовет" });
    expect(counters((await staff.get("/")).text).Объявления).toBe(before + 1);
    const student = await as(s.users.studentV1);
    expect(counters((await student.get("/")).text).Объявления).toBe(0);
  });
});
