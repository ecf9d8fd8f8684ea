/**
 * The demo school's communication (src/seed/communication.ts, issue 15 «Done means»): the board with
 * every kind of audience, conversations with read receipts and attachments, a group message sent as
 * one conversation per parent, the notifications they made, and the e-mail delivery log with sent
 * letters and one failed. What demo.parent sees is compared with the database: exactly the
 * announcements of their audience; the attachments download for them and are a 404 for a parent
 * of another class. A second seed adds nothing.
 */
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { clock } from "../../src/lib/clock.ts";
import { addDays, isoDate, today } from "../../src/lib/dates.ts";
import { seedDemo } from "../../src/seed/index.ts";
import type { Announcement } from "../../src/generated/prisma/client.ts";
import { boardTitles } from "../announcements/helpers.ts";
import { block } from "../auth/home-helpers.ts";
import { as, type Agent } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

let schoolId: number;
let seeded: Awaited<ReturnType<typeof seedDemo>>["communication"];

beforeAll(async () => {
  const result = await seedDemo("demo");
  schoolId = result.schoolId;
  seeded = result.communication;
}, 300_000);

const user = (key: string) => prisma.user.findUniqueOrThrow({ where: { login: `demo.${key}` }, include: { roles: true } });

/** The current classes (and their grades) of a parent's children. */
async function childClasses(personId: number) {
  const d = today();
  const ms = await prisma.classMembership.findMany({
    where: { student: { parentLinks: { some: { parentId: personId } } }, fromDate: { lte: d }, OR: [{ toDate: null }, { toDate: { gte: d } }] },
    include: { class: true },
  });
  return { ids: ms.map((m) => m.classId), grades: ms.map((m) => m.class.grade) };
}

/** Announcements addressed to a parent (the rule of R-COM-1, written out here): the whole school's, and the parents' of their children's classes or grades. */
function addressedToParent(a: Announcement, fam: { ids: number[]; grades: number[] }): boolean {
  return (
    a.audience === "SCHOOL" ||
    (a.audience === "FAMILIES" && a.toParents && (a.classIds.some((c) => fam.ids.includes(c)) || a.grades.some((g) => fam.grades.includes(g))))
  );
}
const active = (a: Announcement) => !a.showUntil || a.showUntil >= today();
const boardOrder = (a: Announcement, b: Announcement) => Number(b.pinned) - Number(a.pinned) || b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;

/** The bytes of a download. */
const download = (agent: Agent, url: string) =>
  agent
    .get(url)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    });
const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

/** A parent with an account none of whose children is in class `classId`. */
async function parentOutside(classId: number) {
  const d = today();
  return prisma.user.findFirstOrThrow({
    where: {
      schoolId,
      roles: { some: { role: "PARENT" } },
      person: {
        childrenLinks: {
          some: {},
          none: { student: { memberships: { some: { classId, fromDate: { lte: d }, OR: [{ toDate: null }, { toDate: { gte: d } }] } } } },
        },
      },
    },
    orderBy: { id: "asc" },
  });
}

describe("the board of the demo school", () => {
  it("holds 6–10 announcements of the director, the deputies and a class teacher for every kind of audience: one pinned, one archived, one with a PDF", async () => {
    const all = await prisma.announcement.findMany({ where: { schoolId }, include: { files: { include: { file: true } }, reads: true } });
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.length).toBeLessThanOrEqual(10);
    expect(seeded?.announcements).toBe(all.length);
    const [admin, deputy, student] = await Promise.all([user("admin"), user("deputy"), user("student")]);
    const cls = await prisma.schoolClass.findFirstOrThrow({
      where: { memberships: { some: { studentId: (await prisma.student.findUniqueOrThrow({ where: { personId: student.personId } })).id, toDate: null } } },
    });
    const classTeacher = await prisma.user.findFirstOrThrow({ where: { personId: cls.classTeacherId! } });
    const authors = new Set(all.map((a) => a.authorId));
    for (const u of [admin, deputy, classTeacher]) expect(authors.has(u.id)).toBe(true);
    expect(new Set(all.map((a) => a.audience))).toEqual(new Set(["SCHOOL", "STAFF", "FAMILIES"]));
    expect(all.some((a) => a.audience === "FAMILIES" && a.toParents && a.grades.length && !a.classIds.length)).toBe(true);
    expect(all.some((a) => a.audience === "FAMILIES" && a.toParents && a.toStudents && a.classIds.includes(cls.id) && a.authorId === classTeacher.id)).toBe(
      true,
    );
    expect(all.filter((a) => a.pinned)).toHaveLength(1);
    expect(all.filter((a) => a.showUntil && a.showUntil < today()).length).toBeGreaterThanOrEqual(1);
    const withFiles = all.filter((a) => a.files.length);
    expect(withFiles).toHaveLength(1);
    expect(withFiles[0]!.files.map((f) => f.file.mime)).toEqual(["application/pdf"]);
    // Posted as the product posts: the author's own read mark, at the time of posting, in the past.
    for (const a of all) {
      expect(a.reads.find((r) => r.userId === a.authorId)?.readAt).toEqual(a.createdAt);
      expect(a.createdAt.getTime()).toBeLessThan(clock.nowMs());
    }
  });

  it("demo.parent sees exactly the announcements of their audience, in board order, some read and some not", async () => {
    const parent = await user("parent");
    const fam = await childClasses(parent.personId);
    const all = await prisma.announcement.findMany({ where: { schoolId }, include: { reads: { where: { userId: parent.id } } } });
    const expected = all.filter((a) => addressedToParent(a, fam) && active(a)).sort(boardOrder);
    const html = (await (await as(parent)).get("/announcements")).text;
    expect(boardTitles(html)).toEqual(expected.map((a) => a.title.replace(/"/g, "&#34;")));
    // Not everything: the staff's, another class's and other grades' announcements are left out.
    const hidden = all.filter((a) => !expected.includes(a));
    expect(hidden.map((a) => a.audience)).toEqual(expect.arrayContaining(["STAFF", "FAMILIES"]));
    for (const a of hidden) expect(html).not.toContain(`href="/announcements/${a.id}"`);
    // Unread ones are marked: exactly those without a read mark.
    const unread = [...html.matchAll(/<li class="card ann-item[^"]*ann-unread[^"]*">\s*<h2 class="ann-title"><a href="\/announcements\/(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(unread).toEqual(expected.filter((a) => !a.reads.length).map((a) => a.id));
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.length).toBeLessThan(expected.length);
    // The home page lists the newest three of the same board with the same marks.
    const home = block((await (await as(parent)).get("/")).text, "home-news");
    for (const a of expected.slice(0, 3)) expect(home).toContain(a.title);
    for (const a of expected.slice(3)) expect(home).not.toContain(a.title);
    expect(home).toContain(`новых: ${unread.length}`);
  });

  it("the class's excursion memo downloads for demo.parent (the stored bytes) and is a 404 for a parent of another class", async () => {
    const link = await prisma.announcementFile.findFirstOrThrow({ where: { announcement: { schoolId } }, include: { file: true, announcement: true } });
    const url = `/announcements/${link.announcementId}/files/${link.fileId}`;
    const res = await download(await as(await user("parent")), url);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const body = res.body as Buffer;
    expect(body.length).toBe(link.file.size);
    expect(sha256(body)).toBe(link.file.sha256);
    expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const stranger = await as(await parentOutside(link.announcement.classIds[0]!));
    expect((await stranger.get(url)).status).toBe(404);
    expect((await stranger.get(`/announcements/${link.announcementId}`)).status).toBe(404);
  });
});

describe("the conversations of the demo school", () => {
  it("demo.parent and the class teacher: a question, a reply with a PDF, a thank-you — each with its «прочитано»", async () => {
    const parent = await user("parent");
    const c = await prisma.conversation.findFirstOrThrow({
      where: { schoolId, members: { some: { userId: parent.id } }, messages: { some: { authorId: parent.id } } },
      include: { members: true, messages: { orderBy: { createdAt: "asc" }, include: { receipts: true, files: { include: { file: true } } } } },
    });
    const teacherId = c.members.find((m) => m.userId !== parent.id)!.userId;
    expect(c.members).toHaveLength(2);
    expect(c.messages.map((m) => m.authorId)).toEqual([parent.id, teacherId, parent.id]);
    for (const m of c.messages) {
      expect(m.receipts.map((r) => r.userId)).toEqual([m.authorId === parent.id ? teacherId : parent.id]);
      expect(m.receipts[0]!.readAt!.getTime()).toBeGreaterThan(m.createdAt.getTime());
    }
    const file = c.messages[1]!.files[0]!.file;
    expect(file.mime).toBe("application/pdf");
    const agent = await as(parent);
    const page = await agent.get(`/messages/${c.id}`);
    expect(page.status).toBe(200);
    expect(page.text.match(/class="msg-receipt msg-read">прочитано/g)).toHaveLength(2);
    const res = await download(agent, `/messages/${c.id}/files/${file.id}`);
    expect(res.status).toBe(200);
    expect(sha256(res.body as Buffer)).toBe(file.sha256);
    const stranger = await as(await parentOutside(0));
    expect((await stranger.get(`/messages/${c.id}/files/${file.id}`)).status).toBe(404);
    expect((await stranger.get(`/messages/${c.id}`)).status).toBe(404);
  });

  it("the class teacher's message to the class's parents is one conversation per parent, no parent sees another; demo.parent has not read it", async () => {
    const parent = await user("parent");
    const fam = await childClasses(parent.personId);
    const student = await prisma.student.findUniqueOrThrow({ where: { personId: (await user("student")).personId } });
    const cls = await prisma.schoolClass.findFirstOrThrow({ where: { memberships: { some: { studentId: student.id, toDate: null } } } });
    expect(fam.ids).toContain(cls.id);
    const ct = await prisma.user.findFirstOrThrow({ where: { personId: cls.classTeacherId! } });
    const d = today();
    const parents = await prisma.user.findMany({
      where: {
        schoolId,
        blocked: false,
        roles: { some: { role: "PARENT" } },
        person: {
          childrenLinks: {
            some: { student: { memberships: { some: { classId: cls.id, fromDate: { lte: d }, OR: [{ toDate: null }, { toDate: { gte: d } }] } } } },
          },
        },
      },
    });
    const copies = await prisma.conversation.findMany({
      where: { schoolId, createdById: ct.id, subject: { startsWith: "Родительское собрание" } },
      include: { members: true, messages: { include: { receipts: true }, orderBy: { createdAt: "asc" } } },
    });
    expect(copies.map((c) => c.members.find((m) => m.userId !== ct.id)!.userId).sort((a, b) => a - b)).toEqual(parents.map((p) => p.id).sort((a, b) => a - b));
    for (const c of copies) {
      expect(c.members.map((m) => m.userId)).toEqual(expect.arrayContaining([ct.id]));
      expect(c.members).toHaveLength(2);
      // The author's copy waits in the archive until a parent answers.
      expect(c.members.find((m) => m.userId === ct.id)!.archivedAt === null).toBe(c.messages.length > 1);
    }
    expect(copies.filter((c) => c.messages.length > 1).length).toBeGreaterThan(0);
    const mine = copies.find((c) => c.members.some((m) => m.userId === parent.id))!;
    expect(mine.messages[0]!.receipts).toEqual([expect.objectContaining({ userId: parent.id, readAt: null })]);
    expect(await prisma.conversationMember.groupBy({ by: ["conversationId"], where: { schoolId }, having: { userId: { _count: { gt: 2 } } } })).toEqual([]);
  });

  it("demo.parent and demo.teacher each have unread messages, shown on their home pages as in the database", async () => {
    for (const key of ["parent", "teacher"]) {
      const u = await user(key);
      const n = await prisma.messageReceipt.count({ where: { userId: u.id, readAt: null } });
      expect(n, key).toBeGreaterThan(0);
      expect(block((await (await as(u)).get("/")).text, "home-news"), key).toContain(`Непрочитанных сообщений: ${n}`);
    }
    // demo.teacher's is the deputy's latest in their conversation, sent today.
    const teacher = await user("teacher");
    const deputy = await user("deputy");
    const last = await prisma.message.findFirstOrThrow({
      where: { conversation: { members: { every: { userId: { in: [teacher.id, deputy.id] } } } } },
      orderBy: { createdAt: "desc" },
      include: { receipts: true, conversation: { include: { messages: { include: { files: { include: { file: true } } } } } } },
    });
    expect(last.authorId).toBe(deputy.id);
    expect(last.receipts).toEqual([expect.objectContaining({ userId: teacher.id, readAt: null })]);
    expect(last.conversation.messages.flatMap((m) => m.files.map((f) => f.file.mime))).toEqual(["text/csv"]);
  });
});

describe("notifications and the delivery log", () => {
  it("demo.parent's notifications: marks of the child, announcements of their audience, messages; some unread", async () => {
    const parent = await user("parent");
    const fam = await childClasses(parent.personId);
    const rows = await prisma.notification.findMany({ where: { userId: parent.id } });
    const kinds = new Set(rows.map((n) => n.kind));
    for (const k of ["MARK", "ANNOUNCEMENT", "MESSAGE"] as const) expect(kinds.has(k), k).toBe(true);
    expect(rows.some((n) => n.readAt === null)).toBe(true);
    expect(rows.some((n) => n.readAt !== null)).toBe(true);
    // Each mark notification names real marks of one of the parent's children, with their values and subject (keyed as journal.notify.ts keys them).
    const children = (await prisma.parentLink.findMany({ where: { parentId: parent.personId } })).map((l) => l.studentId);
    for (const n of rows.filter((r) => r.kind === "MARK")) {
      const tokens = n
        .dedupeKey!.replace(/^mark:/, "")
        .split(",")
        .map((t) => t.split(":").map(Number));
      const marks = await prisma.mark.findMany({ where: { id: { in: tokens.map((t) => t[0]!) } }, include: { lesson: { include: { subject: true } } } });
      expect(tokens.map(([id]) => marks.find((m) => m.id === id)?.value)).toEqual(tokens.map((t) => t[1]));
      for (const m of marks) expect(children).toContain(m.studentId);
      expect(n.title).toBe(`${marks.length > 1 ? "Новые отметки" : "Новая отметка"}: ${tokens.map((t) => t[1]).join(", ")} — ${marks[0]!.lesson.subject.name}`);
    }
    // An absence notification exactly when the journal has an «Н» of the children in the last 30 days (the latest day).
    const absent = await prisma.attendance.findFirst({
      where: { code: "ABSENT", studentId: { in: children }, lesson: { date: { gte: addDays(today(), -30), lt: today() } } },
      orderBy: { lesson: { date: "desc" } },
      include: { lesson: true },
    });
    expect(rows.filter((n) => n.kind === "ABSENCE").map((n) => n.dedupeKey)).toEqual(
      absent ? [`absence:${absent.studentId}:${isoDate(absent.lesson.date)}`] : [],
    );
    // One announcement notification for each announcement addressed to the parent (the archived one too), no other.
    const all = await prisma.announcement.findMany({ where: { schoolId } });
    const told = rows.filter((n) => n.kind === "ANNOUNCEMENT").map((n) => n.link);
    expect(told.sort()).toEqual(
      all
        .filter((a) => addressedToParent(a, fam))
        .map((a) => `/announcements/${a.id}`)
        .sort(),
    );
  });

  it("no family is told of a staff announcement, and no author of their own", async () => {
    const leaks = await prisma.notification.count({
      where: {
        schoolId,
        kind: "ANNOUNCEMENT",
        link: { in: (await prisma.announcement.findMany({ where: { schoolId, audience: "STAFF" } })).map((a) => `/announcements/${a.id}`) },
        userId: { in: (await prisma.user.findMany({ where: { schoolId, roles: { every: { role: { in: ["PARENT", "STUDENT"] } } } } })).map((u) => u.id) },
      },
    });
    expect(leaks).toBe(0);
    for (const a of await prisma.announcement.findMany({ where: { schoolId } }))
      expect(await prisma.notification.count({ where: { userId: a.authorId, link: `/announcements/${a.id}` } })).toBe(0);
  });

  it("the delivery log: letters SENT to confirmed addresses on a reserved domain, one FAILED with the SMTP server's reason, nothing queued", async () => {
    const log = await prisma.emailDelivery.findMany({ where: { schoolId } });
    expect(seeded?.deliveries).toBe(log.length);
    expect(log.filter((d) => d.status === "QUEUED")).toEqual([]);
    expect(log.filter((d) => d.status === "SENT").length).toBeGreaterThanOrEqual(3);
    const failed = log.filter((d) => d.status === "FAILED");
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toMatch(/^EENVELOPE: 4\d\d \d\.\d\.\d <[^>]+@example\.org>: /);
    expect(failed[0]!.sentAt).toBeNull();
    const addresses = await prisma.emailAddress.findMany({ where: { schoolId } });
    for (const d of log) {
      const a = addresses.find((x) => x.userId === d.userId);
      expect(a?.address).toBe(d.toAddress);
      expect(a!.confirmedAt).not.toBeNull();
      expect(d.toAddress).toMatch(/@example\.org$/);
      if (d.status === "SENT") expect(d.sentAt!.getTime()).toBeGreaterThanOrEqual(d.createdAt.getTime());
    }
    const parent = await user("parent");
    expect(log.filter((d) => d.userId === parent.id && d.status === "SENT").map((d) => d.kind)).toEqual(
      expect.arrayContaining(["CONFIRM", "ANNOUNCEMENT", "digest-daily"]),
    );
    // The administrator's «Журнал доставки» shows them with the reason.
    const page = await (await as(await user("admin"))).get("/admin/notifications");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Mailbox full");
    expect(page.text).toContain((await prisma.emailAddress.findUniqueOrThrow({ where: { userId: parent.id } })).address);
  });
});

describe("seeding again", () => {
  it("adds nothing", async () => {
    const count = () =>
      Promise.all([
        prisma.announcement.count(),
        prisma.conversation.count(),
        prisma.message.count(),
        prisma.notification.count(),
        prisma.emailDelivery.count(),
        prisma.storedFile.count(),
      ]);
    const before = await count();
    const again = await seedDemo("demo");
    expect(again.communication).toEqual({ announcements: 0, conversations: 0, messages: 0, notifications: 0, deliveries: 0 });
    expect(await count()).toEqual(before);
  }, 120_000);
});

// Issue 17's records in the same seeded demo (one seed per file keeps the suite short).
describe("the demo school's withdrawn consent and substitutions (issue 17)", () => {
  it("one parent withdrew the consent: the account is blocked by it, and the personal file says so", async () => {
    const revoked = await prisma.personalDataConsent.findMany({
      where: { schoolId, revokedAt: { not: null } },
      include: { person: { include: { user: true } } },
    });
    expect(revoked).toHaveLength(1);
    expect(revoked[0]!.person.user).toMatchObject({ blocked: true, blockedByConsent: true });
  });

  it("lessons were given by substitutes: the changes, the lessons and the register agree", async () => {
    const changes = await prisma.timetableChange.findMany({ where: { schoolId, kind: "SUBSTITUTE" } });
    expect(changes.length).toBeGreaterThanOrEqual(6);
    const lessons = await prisma.lesson.findMany({ where: { schoolId, substituteId: { not: null } } });
    expect(lessons.length).toBe(changes.length);
    for (const c of changes)
      expect(lessons.some((l) => l.timetableEntryId === c.entryId && l.date.getTime() === c.date.getTime() && l.substituteId === c.substituteId)).toBe(true);
    const deputy = await as({ login: "demo.deputy" });
    const months = [...new Set(lessons.map((l) => isoDate(l.date).slice(0, 7)))];
    let listed = 0;
    for (const m of months) {
      const page = await deputy.get(`/reports/substitutions?month=${m}`);
      expect(page.status).toBe(200);
      listed += (page.text.match(/<tr(?: class="muted")?><td>\d\d\.\d\d\.\d{4}<\/td>/g) ?? []).length;
    }
    expect(listed).toBe(lessons.length);
  });
});

// «Табель успеваемости» (issue 17) in the same seeded demo: the finals of the ended quarter open the card in the diary.
describe("the demo school's report card (issue 17)", () => {
  it("demo.parent's child has the card of a period with finals in the diary, each final as in the database", async () => {
    const parent = await user("parent");
    // The child in grades 5–9 (the other is a 1st grader, taught without marks).
    const links = await prisma.parentLink.findMany({ where: { parentId: parent.personId, schoolId } });
    const finals = await prisma.finalMark.findMany({
      where: { schoolId, studentId: { in: links.map((l) => l.studentId) }, kind: "PERIOD" },
      include: { subject: true, period: true },
      orderBy: [{ period: { startDate: "desc" } }, { studentId: "asc" }],
    });
    expect(finals.length).toBeGreaterThan(0);
    const studentId = finals[0]!.studentId;
    const latest = finals.filter((f) => f.studentId === studentId && f.periodId === finals[0]!.periodId);
    const page = await (await as({ login: "demo.parent" })).get(`/diary/${studentId}/report-card`);
    expect(page.status).toBe(200);
    const text = page.text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("Табель успеваемости");
    const re = (t: string) => t.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    for (const f of latest) expect(text, f.subject.name).toMatch(new RegExp(`${re(f.subject.name)} \\d+ [\\d,—]+ [\\d—]+ ${re(f.value)} `));
  });
});

// Issue 17, graduating classes: the demo's 9th and 11th classes of the current year (it has no archived year).
describe("the demo school's GIA results and certificate marks (issue 17)", () => {
  it("graduates have GIA results linked to the school's subjects, and the analysis counts exactly them", async () => {
    const exams = await prisma.giaExam.findMany({ where: { schoolId, resultEnteredAt: { not: null } }, include: { registration: true } });
    expect(exams.length).toBeGreaterThan(20);
    expect(exams.every((e) => e.subjectId !== null && /^[2-5]$/.test(e.mark ?? ""))).toBe(true);
    const deputy = await as(await user("deputy"));
    const text = (await deputy.get("/reports/gia")).text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain(`Внесено результатов экзаменов: ${exams.length}`);
    const ogeRussian = exams.filter((e) => e.registration.level === "OGE" && e.subjectName === "Русский язык");
    expect(text).toMatch(new RegExp(`Русский язык Все классы ${ogeRussian.length} `));
  });

  it("half of each graduating class has final marks as the school's rule proposes them, confirmed by the deputy", async () => {
    const finals = await prisma.finalMark.findMany({ where: { schoolId, kind: "FINAL" } });
    expect(finals.length).toBeGreaterThan(10);
    const marks = await prisma.finalMark.findMany({ where: { schoolId, kind: { in: ["YEAR", "EXAM"] } } });
    const v = new Map(marks.map((m) => [`${m.kind}:${m.studentId}:${m.subjectId}`, m.value]));
    const classOf = await prisma.classMembership.findMany({
      where: { schoolId, studentId: { in: finals.map((f) => f.studentId) }, toDate: null },
      include: { class: true },
    });
    const grade = new Map(classOf.map((m) => [m.studentId, m.class.grade]));
    for (const f of finals) {
      const year = Number(v.get(`YEAR:${f.studentId}:${f.subjectId}`));
      const exam = v.get(`EXAM:${f.studentId}:${f.subjectId}`);
      // Grade 9: the mean of year and exam, x.5 up; grade 11: the year mark; no exam: the year mark.
      const expected = grade.get(f.studentId) === 9 && exam ? Math.floor((year + Number(exam)) / 2 + 0.5) : year;
      expect(f.value, `${f.studentId}:${f.subjectId}`).toBe(String(expected));
    }
    expect(await prisma.auditLog.count({ where: { schoolId, entity: "final-mark", entityId: { endsWith: ":final" } } })).toBe(finals.length);
  });
});

describe("the institution's registers of the demo school (issue 17, R-REG-9)", () => {
  it("the institution card is filled, its details pass their control digits, the director is the administrator", async () => {
    const { isValidInn10, isValidOgrn, isValidOkpo } = await import("../../src/modules/admin/card.schemas.ts");
    const school = await prisma.school.findUniqueOrThrow({ where: { id: schoolId } });
    expect(isValidInn10(school.inn!)).toBe(true);
    expect(isValidOgrn(school.ogrn!)).toBe(true);
    expect(isValidOkpo(school.okpo!)).toBe(true);
    expect(school.licenseNumber).toBeTruthy();
    const admin = await user("admin");
    expect(school.directorPersonId).toBe(admin.personId);
  });

  it("four methodical associations, each teacher in one, the leader a member; demo.deputy sees one's journals", async () => {
    const list = await prisma.methodicalAssociation.findMany({ where: { schoolId }, include: { members: true, subjects: true }, orderBy: { id: "asc" } });
    expect(list.map((a) => a.name)).toEqual([
      "МО учителей начальных классов",
      "МО естественно-математического цикла",
      "МО гуманитарного цикла",
      "МО учителей физической культуры, ОБЗР, технологии и искусства",
    ]);
    const all = list.flatMap((a) => a.members.map((m) => m.personId));
    expect(new Set(all).size).toBe(all.length);
    for (const a of list) {
      expect(a.members.map((m) => m.personId)).toContain(a.leaderId);
      expect(a.subjects.length).toBeGreaterThan(0);
    }
    const page = await (await as({ login: "demo.deputy" })).get(`/methodical/${list[1]!.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/href="\/journal\/\d+\/\d+/);
  });
});

describe("the demo school's cross-class groups (issue 17, R-JRN-13)", () => {
  it("the elective «Финансовая грамотность» of 8А+8Б has members of both classes and is in exactly their diaries", async () => {
    const g = await prisma.subgroup.findFirstOrThrow({
      where: { schoolId, kind: "ELECTIVE" },
      include: {
        members: { where: { toDate: null }, include: { student: { include: { memberships: { where: { toDate: null }, include: { class: true } } } } } },
      },
    });
    expect(g.name).toBe("Финансовая грамотность, 8 классы");
    const classes = new Set(g.members.flatMap((m) => m.student.memberships.map((c) => `${c.class.grade}${c.class.letter}`)));
    expect([...classes].sort()).toEqual(["8А", "8Б"]);
    const lessons = await prisma.lesson.findMany({ where: { subgroupId: g.id, date: { lte: today() } }, orderBy: { date: "desc" } });
    expect(lessons.length).toBeGreaterThan(5);
    expect(await prisma.mark.count({ where: { lesson: { subgroupId: g.id } } })).toBeGreaterThan(0);
    expect(await prisma.lesson.count({ where: { subgroupId: g.id, date: { gt: today() } } })).toBeGreaterThan(0);
    // A member of 8Б sees the latest group lesson in the diary; the admin reads that diary.
    const day = isoDate(lessons[0]!.date);
    const ofClass = (letter: string) => g.members.filter((m) => m.student.memberships.some((c) => c.class.letter === letter)).map((m) => m.student.personId);
    const account = await prisma.user.findFirstOrThrow({ where: { schoolId, personId: { in: ofClass("Б") } }, orderBy: { id: "asc" } });
    const member = await prisma.student.findFirstOrThrow({ where: { personId: account.personId } });
    expect((await (await as(account)).get(`/diary/${member.id}/week?date=${day}`)).text).toContain(lessons[0]!.topic!);
    // A classmate of 8А (the host class) who is not a member does not.
    const outsider = await prisma.classMembership.findFirstOrThrow({
      where: {
        schoolId,
        toDate: null,
        classId: lessons[0]!.classId,
        studentId: { notIn: g.members.map((m) => m.studentId) },
        student: { person: { user: { isNot: null } } },
      },
      include: { student: { include: { person: { include: { user: true } } } } },
    });
    const outsiderWeek = await (await as(outsider.student.person.user!)).get(`/diary/${outsider.studentId}/week?date=${day}`);
    expect(outsiderWeek.status).toBe(200);
    expect(outsiderWeek.text).not.toContain("Финансовая грамотность");
    const gpd = await prisma.subgroup.findFirstOrThrow({ where: { schoolId, kind: "GPD" } });
    expect(await prisma.mark.count({ where: { lesson: { subgroupId: gpd.id } } })).toBe(0);
  });
});
