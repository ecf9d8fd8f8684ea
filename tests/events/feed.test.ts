/**
 * The personal iCalendar feed (issue 18): created in «Персональные настройки», shown once, read
 * back with a real third-party parser (node-ical) and compared with the database — the user's own
 * lessons, the children's homework due dates, the events of the user's audience and nothing else;
 * a wrong, replaced or revoked token is a 404 that reveals nothing.
 */
import ical, { type VEvent } from "node-ical";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { addDays, schoolInstant, today } from "../../src/lib/dates.ts";
import { d } from "../support/fixtures.ts";
import { communicationSchool, type CommunicationSchool } from "../support/communication.ts";
import { anonymous, as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

let s: CommunicationSchool;
const ids: Record<string, number> = {};
useMidQuarterDay(); // Wednesday 2026-12-09

async function issueLink(user: keyof CommunicationSchool["users"]): Promise<string> {
  const agent = await as(s.users[user]);
  const res = await agent.form("/account/calendar", {});
  expect(res.headers.location).toBe("/account/calendar/issued");
  const page = await agent.get("/account/calendar/issued");
  const url = /id="calendar-url">([^<]+)</.exec(page.text)![1]!;
  // Shown once: the page does not show it again.
  expect((await agent.get("/account/calendar/issued")).headers.location).toBe("/account#calendar");
  return new URL(url).pathname;
}

function parse(text: string): VEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === "VEVENT");
}
const uid = (e: VEvent) => e.uid.split("@")[0]!;
/** A text property (node-ical gives a string, or an object with its parameters). */
const text = (v: unknown): string => (typeof v === "string" ? v : ((v as { val?: string } | undefined)?.val ?? ""));

beforeAll(async () => {
  s = await communicationSchool();
  const { schoolId } = s;
  const bells = await prisma.bellSchedule.create({ data: { schoolId, name: "Основное", isDefault: true } });
  await prisma.bellSlot.createMany({
    data: [
      { schoolId, scheduleId: bells.id, number: 1, startMinute: 510, endMinute: 555 },
      { schoolId, scheduleId: bells.id, number: 2, startMinute: 565, endMinute: 610 },
    ],
  });
  const lesson = (cls: "5А" | "5Б" | "6В", subject: "math" | "english", teacher: "teacherMath" | "teacherEnglish", date: string, number: number, extra = {}) =>
    prisma.lesson.create({
      data: { schoolId, classId: s.classes[cls].id, subjectId: s.subjects[subject].id, teacherId: s.users[teacher].personId, date: d(date), number, ...extra },
    });
  ids.math5A = (await lesson("5А", "math", "teacherMath", "2026-12-10", 1, { topic: "Дроби" })).id;
  ids.eng5B = (await lesson("5Б", "english", "teacherEnglish", "2026-12-11", 2, { homework: "Упр. 5", homeworkDue: d("2026-12-14") })).id;
  ids.math6V = (await lesson("6В", "math", "teacherMath", "2026-12-10", 2)).id;
  ids.old = (await lesson("5А", "math", "teacherMath", "2026-11-01", 1)).id; // before the window
  const ev = (title: string, audience: "SCHOOL" | "CLASSES" | "STAFF", classes: ("5Б" | "6В")[] = [], extra = {}) =>
    prisma.schoolEvent.create({
      data: {
        schoolId,
        authorId: s.users.admin.userId,
        title,
        audience,
        classIds: classes.map((c) => s.classes[c].id),
        startDate: d("2026-12-16"),
        endDate: d("2026-12-16"),
        startMinute: 900,
        endMinute: 960,
        ...extra,
      },
    });
  ids.school = (await ev("Концерт", "SCHOOL")).id;
  ids.b = (await ev("Поход 5Б", "CLASSES", ["5Б"])).id;
  ids.v = (await ev("Поход 6В", "CLASSES", ["6В"])).id;
  ids.staff = (await ev("Педсовет", "STAFF")).id;
  ids.weekly = (
    await ev("Разговоры о важном", "SCHOOL", [], {
      startDate: d("2026-12-07"),
      endDate: d("2026-12-07"),
      startMinute: 480,
      endMinute: 525,
      rrule: "FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231T235959Z",
      untilDate: d("2026-12-31"),
      exdates: [d("2026-12-14")],
    })
  ).id;
}, 60_000);

describe("the feed", () => {
  it("a parent of a 5А and a 5Б pupil: the children's lessons, homework due and their events — as the database has them, nothing more", async () => {
    const path = await issueLink("parentAlekseev");
    const res = await anonymous().get(path);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/calendar/);
    const events = parse(res.text);
    const uids = events.map(uid).sort();

    // The database's view: the lessons of the children's classes within the window (2 weeks back, 8 ahead).
    const from = addDays(today(), -14);
    const to = addDays(today(), 56);
    const lessons = await prisma.lesson.findMany({
      where: { schoolId: s.schoolId, classId: { in: [s.classes["5А"].id, s.classes["5Б"].id] }, date: { gte: from, lte: to } },
    });
    const homework = lessons.filter((l) => l.homework && l.homeworkDue);
    const lessonUids = uids.filter((u) => u.startsWith("lesson-"));
    expect(lessonUids.map((u) => Number(u.split("-")[1])).sort()).toEqual(lessons.map((l) => l.id).sort());
    expect(uids.filter((u) => u.startsWith("homework-")).map((u) => Number(u.split("-")[1]))).toEqual(homework.map((l) => l.id));
    expect(lessonUids).not.toContain(expect.stringContaining(`lesson-${ids.math6V}`));

    const math = events.find((e) => uid(e).startsWith(`lesson-${ids.math5A}`))!;
    expect(text(math.summary)).toBe("Математика (Артём)");
    expect(math.start.getTime()).toBe(schoolInstant(2026, 12, 10, 8, 30).getTime());
    expect(math.end?.getTime()).toBe(schoolInstant(2026, 12, 10, 9, 15).getTime());
    expect(text(math.description)).toContain("Дроби");

    const eventUids = uids.filter((u) => u.startsWith("event-"));
    expect(eventUids).toEqual(
      [
        `event-${ids.b}-2026-12-16`,
        `event-${ids.school}-2026-12-16`,
        `event-${ids.weekly}-2026-12-07`,
        `event-${ids.weekly}-2026-12-21`,
        `event-${ids.weekly}-2026-12-28`,
      ].sort(),
    );
    expect(res.text).not.toContain("Поход 6В");
    expect(res.text).not.toContain("Педсовет");
  });

  it("a teacher's feed holds the lessons they teach, not the colleagues'; staff events yes", async () => {
    const events = parse((await anonymous().get(await issueLink("teacherMath"))).text);
    const lessons = await prisma.lesson.findMany({
      where: { schoolId: s.schoolId, teacherId: s.users.teacherMath.personId, date: { gte: addDays(today(), -14) } },
    });
    expect(
      events
        .map(uid)
        .filter((u) => u.startsWith("lesson-"))
        .map((u) => Number(u.split("-")[1]))
        .sort(),
    ).toEqual(lessons.map((l) => l.id).sort());
    expect(events.map((e) => text(e.summary))).toContain("Педсовет");
    expect(events.map((e) => text(e.summary))).not.toContain("Поход 6В");
  });

  it("a wrong, replaced or revoked token: 404 revealing nothing; the revocation is audited", async () => {
    const first = await issueLink("studentV1");
    expect((await anonymous().get(first)).status).toBe(200);
    const second = await issueLink("studentV1");
    const replaced = await anonymous().get(first);
    expect(replaced.status).toBe(404);
    expect(replaced.text).not.toContain("BEGIN:VCALENDAR");
    expect((await anonymous().get(second)).text).toContain("Поход 6В");
    expect((await anonymous().get("/ical/" + "A".repeat(43) + ".ics")).status).toBe(404);
    expect((await anonymous().get("/ical/nothing")).status).toBe(404);

    const agent = await as(s.users.studentV1);
    expect((await agent.form("/account/calendar/delete", {})).status).toBe(302);
    expect((await anonymous().get(second)).status).toBe(404);
    expect(await prisma.calendarFeed.count({ where: { userId: s.users.studentV1.userId } })).toBe(0);
    expect(
      await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "calendar-feed", entityId: String(s.users.studentV1.userId), action: "revoke" } }),
    ).toBe(1);
    // Only the hash is stored.
    expect(await prisma.calendarFeed.count({ where: { hash: second.slice(6, -4) } })).toBe(0);
  });

  it("a blocked account's link answers 404", async () => {
    const path = await issueLink("parentBorisova");
    await prisma.user.update({ where: { id: s.users.parentBorisova.userId }, data: { blocked: true } });
    expect((await anonymous().get(path)).status).toBe(404);
  });
});
