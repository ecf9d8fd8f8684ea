/**
 * Reading the board (issue 15, R-COM-1): every role sees exactly what its audience includes; an
 * announcement outside it (another class, staff-only, another school, past its date) is a 404;
 * the archive; pinned first, then newest; unread ones marked and counted, opening marks read; paging.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/access/actor.ts";
import { prisma } from "../../src/lib/db.ts";
import { latestAnnouncements, unreadAnnouncementCount } from "../../src/modules/announcements/announcements.service.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";
import { announce, boardSchool, boardTitles, type BoardSchool, type UserKey } from "./helpers.ts";

let s: BoardSchool;
const ids: Record<string, number> = {};

beforeAll(async () => {
  s = await boardSchool();
  const made = {
    school: await announce(s, "admin", { title: "Всем", audience: "SCHOOL", minutesAgo: 90 }),
    staff: await announce(s, "secretary", { title: "Сотрудникам", audience: "STAFF", minutesAgo: 80 }),
    fam5A: await announce(s, "teacherMath", { title: "Семьям 5А", audience: "FAMILIES", toParents: true, toStudents: true, classes: ["5А"], minutesAgo: 70 }),
    parents5B: await announce(s, "teacherEnglish", { title: "Родителям 5Б", audience: "FAMILIES", toParents: true, classes: ["5Б"], minutesAgo: 60 }),
    students6V: await announce(s, "teacherHistory", { title: "Ученикам 6В", audience: "FAMILIES", toStudents: true, classes: ["6В"], minutesAgo: 50 }),
    grade5: await announce(s, "deputy", { title: "Ученикам 5 классов", audience: "FAMILIES", toStudents: true, grades: [5], minutesAgo: 40 }),
    untilToday: await announce(s, "admin", { title: "До сегодня", audience: "SCHOOL", showUntil: "2026-12-09", minutesAgo: 30 }),
    expiredSchool: await announce(s, "admin", { title: "Вчерашнее", audience: "SCHOOL", showUntil: "2026-12-08", minutesAgo: 20 }),
    expiredStaff: await announce(s, "secretary", { title: "Истёкшее сотрудникам", audience: "STAFF", showUntil: "2026-11-30", minutesAgo: 10 }),
  };
  for (const [k, a] of Object.entries(made)) ids[k] = a.id;
});

const EVERYONE = ["untilToday", "school"];
/** What each reader's board shows, newest first (the fixture's announcements are 10 minutes apart). */
const SEES: Partial<Record<UserKey, string[]>> = {
  admin: ["untilToday", "grade5", "students6V", "parents5B", "fam5A", "staff", "school"],
  deputy: ["untilToday", "grade5", "students6V", "parents5B", "fam5A", "staff", "school"],
  teacherMath: ["untilToday", "fam5A", "staff", "school"],
  teacherRussian: ["untilToday", "staff", "school"],
  teacherHistory: ["untilToday", "students6V", "staff", "school"],
  secretary: ["untilToday", "staff", "school"],
  tech: ["untilToday", "staff", "school"],
  parentBorisova: ["untilToday", "fam5A", "school"],
  parentAlekseev: ["untilToday", "parents5B", "fam5A", "school"],
  parentV: EVERYONE,
  studentA1: ["untilToday", "grade5", "fam5A", "school"],
  studentB1: ["untilToday", "grade5", "school"],
  studentV1: ["untilToday", "students6V", "school"],
};

const titleOf = (key: string) =>
  ({
    school: "Всем",
    staff: "Сотрудникам",
    fam5A: "Семьям 5А",
    parents5B: "Родителям 5Б",
    students6V: "Ученикам 6В",
    grade5: "Ученикам 5 классов",
    untilToday: "До сегодня",
    expiredSchool: "Вчерашнее",
    expiredStaff: "Истёкшее сотрудникам",
  })[key]!;

describe("every role reads what its audience includes", () => {
  it.each(Object.entries(SEES))("%s: the board, and every other announcement is a 404", async (user, keys) => {
    const agent = await as(s.users[user as UserKey]);
    const res = await agent.get("/announcements");
    expect(res.status).toBe(200);
    expect(boardTitles(res.text)).toEqual(keys.map(titleOf));
    for (const key of Object.keys(ids).filter((k) => !k.startsWith("expired"))) {
      const page = await agent.get(`/announcements/${ids[key]}`);
      expect(page.status, `${user} ${key}`).toBe(keys.includes(key) ? 200 : 404);
      if (keys.includes(key)) expect(page.text).toContain(`<h1>${titleOf(key)}`);
    }
  });

  it("administration sees every families' announcement marked with its audience", async () => {
    const res = await (await as(s.users.deputy)).get("/announcements");
    expect(res.text).toContain('<span class="ann-audience">Родителям и ученикам: 5А</span>');
    expect(res.text).toContain('<span class="ann-audience">Родителям: 5Б</span>');
    expect(res.text).toContain('<span class="ann-audience">Ученикам: 6В</span>');
    expect(res.text).toContain('<span class="ann-audience">Ученикам: 5 классы</span>');
    expect(res.text).toContain('<span class="ann-audience">Сотрудникам</span>');
    expect(res.text).toContain('<span class="ann-audience">Всей школе</span>');
  });

  it("another school's users see none of it: board empty, every id a 404", async () => {
    const other = await boardSchool();
    for (const user of ["admin", "parentBorisova", "studentA1"] as const) {
      const agent = await as(other.users[user]);
      expect(boardTitles((await agent.get("/announcements")).text)).toEqual([]);
      for (const id of Object.values(ids)) expect((await agent.get(`/announcements/${id}`)).status).toBe(404);
    }
    expect(await prisma.announcementRead.count({ where: { schoolId: other.schoolId } })).toBe(0);
  });

  it.each(["/announcements/0", "/announcements/abc", "/announcements/99999999", "/announcements/2147483648", "/announcements/1.5"])(
    "%s is a 404",
    async (url) => {
      expect((await (await as(s.users.admin)).get(url)).status).toBe(404);
    },
  );

  it("a child who left the class no longer brings the class's announcements to the parent", async () => {
    const m = await prisma.classMembership.findFirstOrThrow({ where: { studentId: s.students.studentA2!.studentId } });
    await prisma.classMembership.update({ where: { id: m.id }, data: { toDate: new Date("2026-12-01T00:00:00Z") } });
    try {
      const res = await (await as(s.users.parentBorisova)).get("/announcements");
      expect(boardTitles(res.text)).toEqual(EVERYONE.map(titleOf));
    } finally {
      await prisma.classMembership.update({ where: { id: m.id }, data: { toDate: null } });
    }
  });
});

describe("«показывать до» and the archive", () => {
  it("an announcement shown until today is on the board; one until yesterday is gone for its readers (404)", async () => {
    const agent = await as(s.users.parentAlekseev);
    expect(boardTitles((await agent.get("/announcements")).text)).toContain("До сегодня");
    expect((await agent.get(`/announcements/${ids.expiredSchool}`)).status).toBe(404);
    expect((await (await as(s.users.tech)).get(`/announcements/${ids.expiredStaff}`)).status).toBe(404);
  });

  it("the administrator sees every expired one under «Архив»; an author the own; others nothing", async () => {
    const admin = await as(s.users.admin);
    const archive = await admin.get("/announcements/archive");
    expect(archive.status).toBe(200);
    expect(boardTitles(archive.text)).toEqual(["Истёкшее сотрудникам", "Вчерашнее"]);
    expect(archive.text).toContain("показывалось до 30.11.2026");
    const opened = await admin.get(`/announcements/${ids.expiredStaff}`);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain("в архиве");

    const secretary = await as(s.users.secretary);
    expect(boardTitles((await secretary.get("/announcements/archive")).text)).toEqual(["Истёкшее сотрудникам"]);
    expect((await secretary.get(`/announcements/${ids.expiredStaff}`)).status).toBe(200);
    expect((await secretary.get(`/announcements/${ids.expiredSchool}`)).status).toBe(404);

    expect(boardTitles((await (await as(s.users.teacherMath)).get("/announcements/archive")).text)).toEqual([]);
    expect(boardTitles((await (await as(s.users.parentBorisova)).get("/announcements/archive")).text)).toEqual([]);
  });
});

/** The header's unread counter beside «Объявления» (src/modules/inbox), or null when it shows none. */
function headerCount(html: string): string | null {
  return /href="\/announcements"[^>]*>Объявления <span class="inbox-count">(\d+)/.exec(html)?.[1] ?? null;
}

describe("pinned first, then newest; unread marked; opening marks read", () => {
  it("a pinned older announcement leads the board", async () => {
    const school = await boardSchool();
    await announce(school, "admin", { title: "Старое закреплённое", audience: "SCHOOL", pinned: true, minutesAgo: 600 });
    await announce(school, "admin", { title: "Новое", audience: "SCHOOL", minutesAgo: 1 });
    await announce(school, "admin", { title: "Вчерашнее", audience: "SCHOOL", minutesAgo: 1440 });
    const res = await (await as(school.users.studentA1)).get("/announcements");
    expect(boardTitles(res.text)).toEqual(["Старое закреплённое", "Новое", "Вчерашнее"]);
    expect(res.text).toMatch(/class="card ann-item ann-pinned ann-unread"[\s\S]*?Старое закреплённое[\s\S]*?<span class="badge">закреплено<\/span>/);
  });

  it("a parent's unread ones are «новое» and counted; opening one marks it read and the count drops", async () => {
    const user = s.users.parentAlekseev;
    const actor = (await loadActor(user.userId))!;
    await prisma.announcementRead.deleteMany({ where: { userId: user.userId } });
    const agent = await as(user);
    const board = await agent.get("/announcements");
    expect(board.text.match(/badge badge-new">новое</g)).toHaveLength(4);
    expect(await unreadAnnouncementCount(prisma, actor)).toBe(4);
    expect(headerCount(board.text)).toBe("4");

    const opened = await agent.get(`/announcements/${ids.fam5A}`);
    expect(opened.status).toBe(200);
    // The header's counter on the opened page already counts it as read (read again after the page's write).
    expect(headerCount(opened.text)).toBe("3");
    const read = await prisma.announcementRead.findUniqueOrThrow({ where: { announcementId_userId: { announcementId: ids.fam5A!, userId: user.userId } } });
    expect(read.schoolId).toBe(s.schoolId);
    expect(await unreadAnnouncementCount(prisma, actor)).toBe(3);
    const again = await agent.get("/announcements");
    expect(again.text.match(/badge badge-new">новое</g)).toHaveLength(3);
    expect(again.text).not.toMatch(/ann-unread">\s*<h2 class="ann-title"><a href="\/announcements\/\d+">Семьям 5А/);

    // Opening twice keeps one read row.
    await agent.get(`/announcements/${ids.fam5A}`);
    expect(await prisma.announcementRead.count({ where: { userId: user.userId } })).toBe(1);
  });

  it("an unread announcement older than 30 days is no longer «новое» nor counted; the author's own never is", async () => {
    const school = await boardSchool();
    await announce(school, "admin", { title: "Давнее", audience: "SCHOOL", minutesAgo: 31 * 24 * 60 });
    await announce(school, "admin", { title: "Свежее", audience: "SCHOOL", minutesAgo: 29 * 24 * 60 });
    const parent = (await loadActor(school.users.parentBorisova.userId))!;
    expect(await unreadAnnouncementCount(prisma, parent)).toBe(1);
    const res = await (await as(school.users.parentBorisova)).get("/announcements");
    expect(boardTitles(res.text)).toEqual(["Свежее", "Давнее"]);
    expect(res.text.match(/badge badge-new">новое</g)).toHaveLength(1);
    expect(await unreadAnnouncementCount(prisma, (await loadActor(school.users.admin.userId))!)).toBe(0);
  });

  it("latestAnnouncements: the newest n of the reader's board, pinned first, with excerpts", async () => {
    const actor = (await loadActor(s.users.studentA1.userId))!;
    const latest = await latestAnnouncements(prisma, actor, 2);
    expect(latest.map((a) => a.title)).toEqual(["До сегодня", "Ученикам 5 классов"]);
    expect(latest[0]).toMatchObject({ excerpt: "Текст", pinned: false, authorName: "Админова Анна Сергеевна" });
  });
});

describe("paging", () => {
  it("20 a page; the second page holds the rest; exactly 20 make one page; the pages are valid HTML", async () => {
    const school = await boardSchool();
    for (let i = 1; i <= 23; i++) await announce(school, "admin", { title: `№${i}`, audience: "SCHOOL", minutesAgo: 100 - i });
    const agent = await as(school.users.parentV);
    const first = await agent.get("/announcements");
    expect(boardTitles(first.text)).toEqual(Array.from({ length: 20 }, (_, i) => `№${23 - i}`));
    expect(first.text).toContain("Страница 1");
    expect(first.text).toContain('<a href="/announcements?page=2" rel="next">Старше →</a>');
    expect(first.text).not.toContain('rel="prev"');
    expect(await htmlProblems(first.text)).toEqual([]);
    const second = await agent.get("/announcements?page=2");
    expect(boardTitles(second.text)).toEqual(["№3", "№2", "№1"]);
    expect(second.text).toContain('<a href="/announcements" rel="prev">← Новее</a>');
    expect(second.text).not.toContain('rel="next"');
    const beyond = await agent.get("/announcements?page=7");
    expect(beyond.status).toBe(302);
    expect(beyond.headers.location).toBe("/announcements");
    expect((await agent.get("/announcements?page=abc")).status).toBe(200);
    await prisma.announcement.deleteMany({ where: { schoolId: school.schoolId, title: { in: ["№1", "№2", "№3"] } } });
    const exactly = await agent.get("/announcements");
    expect(boardTitles(exactly.text)).toHaveLength(20);
    expect(exactly.text).not.toContain('class="pager"');
  });
});
