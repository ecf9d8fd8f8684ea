/**
 * The home page's «Объявления» block (issue 15: the unread counts «in the header and on the home
 * page»): the reader's three newest announcements of their own audience (pinned first, unread
 * marked, each linked), a link to the board, and the unread messages count linking to
 * «Сообщения» — for every role, compared with the database. Another class's announcements never
 * appear, however new.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { clock } from "../../src/lib/clock.ts";
import { today } from "../../src/lib/dates.ts";
import { NEWS_COUNT } from "../../src/modules/home/home.service.ts";
import { dayMonth } from "../../src/modules/home/home.text.ts";
import { announce, boardSchool, type BoardSchool, type UserKey } from "../announcements/helpers.ts";
import { block, blockHtml, blocks, items, links } from "../auth/home-helpers.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay(); // Wednesday 09.12.2026, 10:00 in Moscow

const DAY = 24 * 60;
let s: BoardSchool;
const ids: Record<string, number> = {};

const home = async (key: UserKey) => {
  const res = await (await as(s.users[key])).get("/");
  expect(res.status).toBe(200);
  return res.text;
};

/** The announcement ids linked from the block's list, in order. */
const listed = (html: string) => [...blockHtml(html, "home-news").matchAll(/<li[^>]*><a href="\/announcements\/(\d+)">/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  s = await boardSchool();
  const post = async (key: string, author: UserKey, data: Parameters<typeof announce>[2]) =>
    (ids[key] = (await announce(s, author, { title: key, ...data })).id);
  // Oldest first; the newest ones are addressed to 5Б and 6В only.
  await post("Архив", "admin", { audience: "SCHOOL", showUntil: "2026-12-01", minutesAgo: 20 * DAY });
  await post("Закреплённое", "admin", { audience: "SCHOOL", pinned: true, minutesAgo: 10 * DAY });
  await post("Старое всем", "deputy", { audience: "SCHOOL", minutesAgo: 40 * DAY });
  await post("Всей школе", "deputy", { audience: "SCHOOL", minutesAgo: 3 * DAY });
  await post("Родителям 5А", "teacherRussian", { audience: "FAMILIES", toParents: true, classes: ["5А"], minutesAgo: 2 * DAY });
  await post("Сотрудникам", "deputy", { audience: "STAFF", minutesAgo: DAY });
  await post("Ученикам 5 классов", "deputy", { audience: "FAMILIES", toStudents: true, grades: [5], minutesAgo: 90 });
  await post("Родителям 5Б", "teacherEnglish", { audience: "FAMILIES", toParents: true, classes: ["5Б"], minutesAgo: 60 });
  await post("Семьям 6В", "teacherHistory", { audience: "FAMILIES", toParents: true, toStudents: true, classes: ["6В"], minutesAgo: 30 });
  // Борисова has opened «Всей школе»; Математиков «Закреплённое».
  await prisma.announcementRead.createMany({
    data: [
      { announcementId: ids["Всей школе"]!, userId: s.users.parentBorisova.userId, schoolId: s.schoolId },
      { announcementId: ids["Закреплённое"]!, userId: s.users.teacherMath.userId, schoolId: s.schoolId },
    ],
  });
  // Two unread messages for Борисова from the class teacher, one read.
  const c = await prisma.conversation.create({
    data: {
      schoolId: s.schoolId,
      subject: "Собрание",
      createdById: s.users.teacherRussian.userId,
      members: { create: [s.users.teacherRussian, s.users.parentBorisova].map((u) => ({ userId: u.userId, schoolId: s.schoolId })) },
    },
  });
  for (const readAt of [clock.now(), null, null])
    await prisma.message.create({
      data: {
        schoolId: s.schoolId,
        conversationId: c.id,
        authorId: s.users.teacherRussian.userId,
        body: "Текст",
        receipts: { create: { userId: s.users.parentBorisova.userId, schoolId: s.schoolId, readAt } },
      },
    });
});

/** What the block must show for a reader: the announcements in board order, each with its day and whether it is unread (from the database). */
async function expected(userId: number, titles: string[]) {
  const rows = await prisma.announcement.findMany({ where: { id: { in: titles.map((t) => ids[t]!) } }, include: { reads: { where: { userId } } } });
  const recent = clock.nowMs() - 30 * 86_400_000;
  return titles.map((t) => {
    const a = rows.find((r) => r.id === ids[t])!;
    return {
      id: a.id,
      text: `${a.title} ${dayMonth(today(a.createdAt))}${a.pinned ? " закреплено" : ""}`,
      unread: !a.reads.length && a.createdAt.getTime() >= recent,
    };
  });
}

describe("the news block lists the reader's own newest announcements", () => {
  it.each<[UserKey, string[]]>([
    // A parent of 5А: not the newer ones of 5Б and 6В, nor the pupils' or the staff's.
    ["parentBorisova", ["Закреплённое", "Родителям 5А", "Всей школе"]],
    // A parent with children in 5А and 5Б.
    ["parentAlekseev", ["Закреплённое", "Родителям 5Б", "Родителям 5А"]],
    ["parentV", ["Закреплённое", "Семьям 6В", "Всей школе"]],
    ["studentA1", ["Закреплённое", "Ученикам 5 классов", "Всей школе"]],
    ["studentV1", ["Закреплённое", "Семьям 6В", "Всей школе"]],
    // Staff read the whole school's and the staff's, not the families'.
    ["teacherMath", ["Закреплённое", "Сотрудникам", "Всей школе"]],
    ["tech", ["Закреплённое", "Сотрудникам", "Всей школе"]],
    // The administration reads every families' announcement.
    ["admin", ["Закреплённое", "Семьям 6В", "Родителям 5Б"]],
  ])("%s", async (key, titles) => {
    const html = await home(key);
    const want = await expected(s.users[key].userId, titles);
    expect(listed(html)).toEqual(want.map((w) => w.id));
    expect(items(html, "home-news", "home-news-list")).toEqual(want.map((w) => (w.unread ? `${w.text} новое` : w.text)));
    const unreadItems = [...blockHtml(html, "home-news").matchAll(/<li( class="home-new")?><a href="\/announcements\/(\d+)"/g)]
      .filter((m) => m[1])
      .map((m) => Number(m[2]));
    expect(unreadItems).toEqual(want.filter((w) => w.unread).map((w) => w.id));
    expect(links(html, "home-news")).toEqual(expect.arrayContaining(["/announcements", ...want.map((w) => `/announcements/${w.id}`)]));
    expect(want).toHaveLength(NEWS_COUNT);
  });

  it("an announcement of another class never appears, not even for the newest of the school", async () => {
    for (const key of ["parentBorisova", "studentA1", "teacherMath"] as const) {
      const text = block(await home(key), "home-news");
      for (const foreign of ["Родителям 5Б", "Семьям 6В"]) expect(text).not.toContain(foreign);
    }
    expect(block(await home("parentBorisova"), "home-news")).not.toContain("Ученикам 5 классов");
  });

  it("the past «показывать до» and the older ones are not listed; an empty board says so", async () => {
    const text = block(await home("admin"), "home-news");
    expect(text).not.toContain("Архив");
    expect(text).not.toContain("Старое всем");
    const other = await boardSchool(); // a school of its own with no announcements
    const res = await (await as(other.users.parentBorisova)).get("/");
    expect(block(res.text, "home-news")).toContain("Объявлений для вас пока нет.");
  });
});

describe("the counts beside the news are the header's, from the database", () => {
  it("a parent: new announcements and unread messages, linked to the board and to «Сообщения»", async () => {
    const html = await home("parentBorisova");
    const messages = await prisma.messageReceipt.count({ where: { userId: s.users.parentBorisova.userId, readAt: null } });
    expect(messages).toBe(2);
    const text = block(html, "home-news");
    expect(text).toContain(`Непрочитанных сообщений: ${messages}`);
    expect(links(html, "home-news")).toContain("/messages");
    // «Закреплённое» and «Родителям 5А» are unread and recent; «Всей школе» was opened, «Старое всем» is too old to be new.
    expect(text).toMatch(/^Объявления новых: 2 /);
  });

  it("a teacher with nothing unread: no figures, «Новых сообщений нет»", async () => {
    // Every announcement opened (the own «Родителям 5А» among them: an author's own is listed too).
    await prisma.announcementRead.createMany({
      data: Object.values(ids).map((announcementId) => ({ announcementId, userId: s.users.teacherRussian.userId, schoolId: s.schoolId })),
    });
    const html = await home("teacherRussian");
    expect(await prisma.messageReceipt.count({ where: { userId: s.users.teacherRussian.userId, readAt: null } })).toBe(0);
    const text = block(html, "home-news");
    expect(text).toContain("Новых сообщений нет.");
    expect(text).not.toContain("новых:");
    expect(text).not.toContain("новое");
  });

  it("every role has the block, and every home page stays valid HTML", async () => {
    for (const key of Object.keys(s.users) as UserKey[]) {
      const html = await home(key);
      expect(blocks(html), key).toContain("home-news");
      expect(await htmlProblems(html), key).toEqual([]);
    }
  });
});
