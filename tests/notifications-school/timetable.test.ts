/**
 * Changes of the timetable told to families and teachers (issue 15 «Notifications», R-SCH-2): the
 * evening job tells tomorrow's changes — one notification per recipient and day, the class's (or
 * the subgroup's) students and parents, the lesson's teacher and the substitute, nobody else; a run
 * again makes nothing new; a change removed before the job is never told. From the evening hour
 * (and for today at any time) a change is told at once when it is saved, again when it reads
 * differently, not when saved unchanged; what no longer concerns someone is told «по расписанию».
 * A lesson of today that is already over is not told. E-mail is off here (tests/notifications-school/email.test.ts sends).
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { clock } from "../../src/lib/clock.ts";
import { runTimetableChanges, toldAtOnce } from "../../src/modules/schedule/changes.notify.ts";
import { as, type Agent } from "../support/http.ts";
import { useClock } from "../support/use-clock.ts";
import { d, lastNotificationId, told, weekSchool, whoOf, type WeekSchool } from "./helpers.ts";

const EVENING = new Date("2026-12-09T17:00:00+03:00");
const THU = "2026-12-10";

async function change(deputy: Agent, entry: number, date: string, fields: Record<string, string>) {
  const res = await deputy.form("/schedule/changes", { entry, date, ...fields });
  expect(res.status, res.text.slice(0, 300)).toBe(302);
  return prisma.timetableChange.findFirstOrThrow({ where: { entryId: entry, date: d(date) } });
}

async function remove(deputy: Agent, changeId: number) {
  expect((await deputy.form(`/schedule/changes/${changeId}/delete`, {})).status).toBe(302);
}

const diary = (s: WeekSchool, key: "studentA1" | "studentA2", date = THU) => `/diary/${s.students[key]!.studentId}/week?date=${date}`;

describe("the window of telling at once", () => {
  it.each([
    ["2026-12-09T10:00:00+03:00", "2026-12-09", true],
    ["2026-12-09T10:00:00+03:00", "2026-12-10", false],
    ["2026-12-09T16:59:00+03:00", "2026-12-10", false],
    ["2026-12-09T17:00:00+03:00", "2026-12-10", true],
    ["2026-12-09T23:30:00+03:00", "2026-12-11", false],
    ["2026-12-09T23:30:00+03:00", "2026-12-08", false],
  ])("at %s a change of %s is told at once: %s", (now, date, expected) => {
    expect(toldAtOnce(d(date), new Date(now))).toBe(expected);
  });
});

describe("the evening job (changes made during the day)", () => {
  it("tells tomorrow's families of the class and the teachers once each, with the day's changes; other classes nothing; a rerun nothing", async () => {
    const s = await weekSchool();
    const deputy = await as(s.users.deputy);
    await change(deputy, s.thu.mathA, THU, { kind: "CANCEL" });
    await change(deputy, s.thu.russianA, THU, { kind: "SUBSTITUTE", substituteId: String(s.users.teacherEnglish.personId) });
    // Made and removed before the evening: never told.
    const room = await change(deputy, s.thu.russianB, THU, { kind: "ROOM", roomId: String(s.rooms.r201.id) });
    await remove(deputy, room.id);
    // 10:00, a change for tomorrow: nothing yet.
    expect(await told(s, "TIMETABLE_CHANGE")).toEqual([]);

    expect(await runTimetableChanges(EVENING)).toBe(7);
    const lines = "1-й урок «Математика» отменён\n2-й урок «Русский язык» — замена: ведёт Инглишева Е. В.";
    const rows = await told(s, "TIMETABLE_CHANGE");
    expect(rows.sort((a, b) => a.who.localeCompare(b.who))).toEqual([
      { who: "parentAlekseev", title: "Завтра, 10 декабря, Алексеев Артём (5А): изменения в расписании (2)", body: lines, link: diary(s, "studentA1") },
      { who: "parentBorisova", title: "Завтра, 10 декабря, Борисова Вера (5А): изменения в расписании (2)", body: lines, link: diary(s, "studentA2") },
      { who: "studentA1", title: "Завтра, 10 декабря: изменения в расписании (2)", body: lines, link: diary(s, "studentA1") },
      { who: "studentA2", title: "Завтра, 10 декабря: изменения в расписании (2)", body: lines, link: diary(s, "studentA2") },
      {
        who: "teacherEnglish",
        title: "Завтра, 10 декабря: 5А, 2-й урок «Русский язык» — замена: ведёте вы (по расписанию — Русакова М. О.)",
        body: "5А, 2-й урок «Русский язык» — замена: ведёте вы (по расписанию — Русакова М. О.)",
        link: `/today?date=${THU}`,
      },
      {
        who: "teacherMath",
        title: "Завтра, 10 декабря: 5А, 1-й урок «Математика» отменён",
        body: "5А, 1-й урок «Математика» отменён",
        link: `/today?date=${THU}`,
      },
      {
        who: "teacherRussian",
        title: "Завтра, 10 декабря: 5А, 2-й урок «Русский язык» — замена: ведёт Инглишева Е. В.",
        body: "5А, 2-й урок «Русский язык» — замена: ведёт Инглишева Е. В.",
        link: `/today?date=${THU}`,
      },
    ]);
    // The parent sees it in «Уведомления» and it leads to the child's diary of that day.
    const parent = await as(s.users.parentAlekseev);
    const list = await parent.get("/notifications");
    expect(list.text).toContain("Завтра, 10 декабря, Алексеев Артём (5А): изменения в расписании (2)");
    const n = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.parentAlekseev.userId, kind: "TIMETABLE_CHANGE" } });
    const open = await parent.get(`/notifications/${n.id}/open`);
    expect(open.headers.location).toBe(diary(s, "studentA1"));
    expect((await parent.get(open.headers.location!)).status).toBe(200);

    // Idempotent: the job again (a retry, a second process) makes nothing new.
    expect(await runTimetableChanges(EVENING)).toBe(0);
    expect(await runTimetableChanges(new Date("2026-12-09T21:00:00+03:00"))).toBe(0);
    expect(await told(s, "TIMETABLE_CHANGE")).toHaveLength(7);
    // The next evening is about Friday: nothing of Thursday again.
    await runTimetableChanges(new Date("2026-12-10T17:00:00+03:00"));
    expect(await told(s, "TIMETABLE_CHANGE")).toHaveLength(7);
  });

  it("a change of a subgroup's lesson reaches that subgroup's students and parents only", async () => {
    const s = await weekSchool();
    const deputy = await as(s.users.deputy);
    await change(deputy, s.thu.englishG1, THU, { kind: "CANCEL" });
    const since = await lastNotificationId();
    await runTimetableChanges(EVENING);
    const rows = await told(s, "TIMETABLE_CHANGE", since);
    expect(whoOf(rows)).toEqual(["parentAlekseev", "studentA1", "teacherEnglish"]);
    expect(rows.find((r) => r.who === "studentA1")!.title).toBe("Завтра, 10 декабря: 3-й урок «Английский язык» отменён");
    expect(rows.find((r) => r.who === "teacherEnglish")!.title).toBe("Завтра, 10 декабря: 5А (1 группа), 3-й урок «Английский язык» отменён");
  });

  it("a change of today is told at once; a lesson of today already over is not", async () => {
    const s = await weekSchool();
    const deputy = await as(s.users.deputy);
    const today = "2026-12-09"; // Wednesday; at 10:00 the 1st lesson (8:30–9:15) is over, the 4th (11:15) is not
    await change(deputy, s.wed.mathA, today, { kind: "CANCEL" });
    expect(await told(s, "TIMETABLE_CHANGE")).toEqual([]);
    await change(deputy, s.wed.russianA, today, { kind: "CANCEL" });
    const rows = await told(s, "TIMETABLE_CHANGE");
    expect(whoOf(rows)).toEqual(["parentAlekseev", "parentBorisova", "studentA1", "studentA2", "teacherRussian"]);
    expect(rows.find((r) => r.who === "studentA2")).toEqual({
      who: "studentA2",
      title: "Сегодня, 9 декабря: 4-й урок «Русский язык» отменён",
      body: "4-й урок «Русский язык» отменён",
      link: diary(s, "studentA2", today),
    });
  });
});

describe("a change made in the evening (after 17:00) for tomorrow", () => {
  useClock("2026-12-09T18:00:00+03:00");

  it("is told at once; saved unchanged — nothing; another substitute — told again, the former one released; removed — «по расписанию»", async () => {
    const s = await weekSchool();
    const deputy = await as(s.users.deputy);
    const c = await change(deputy, s.thu.russianA, THU, { kind: "SUBSTITUTE", substituteId: String(s.users.teacherEnglish.personId), note: "Больничный" });
    let rows = await told(s, "TIMETABLE_CHANGE");
    expect(whoOf(rows)).toEqual(["parentAlekseev", "parentBorisova", "studentA1", "studentA2", "teacherEnglish", "teacherRussian"]);
    expect(rows.find((r) => r.who === "studentA1")!.title).toBe("Завтра, 10 декабря: 2-й урок «Русский язык» — замена: ведёт Инглишева Е. В.");

    // The evening job after it, and the same change saved again (only the note differs): nothing new.
    expect(await runTimetableChanges(clock.now())).toBe(0);
    await change(deputy, s.thu.russianA, THU, { kind: "SUBSTITUTE", substituteId: String(s.users.teacherEnglish.personId), note: "Больничный лист" });
    expect(await told(s, "TIMETABLE_CHANGE")).toHaveLength(6);

    // Another substitute: everyone concerned is told again; the former substitute is released.
    let since = await lastNotificationId();
    await change(deputy, s.thu.russianA, THU, { kind: "SUBSTITUTE", substituteId: String(s.users.teacherMath.personId) });
    rows = await told(s, "TIMETABLE_CHANGE", since);
    expect(whoOf(rows)).toEqual(["parentAlekseev", "parentBorisova", "studentA1", "studentA2", "teacherEnglish", "teacherMath", "teacherRussian"]);
    const by = (who: string) => rows.find((r) => r.who === who)!;
    expect(by("parentBorisova").title).toBe("Завтра, 10 декабря, Борисова Вера (5А): 2-й урок «Русский язык» — замена: ведёт Математиков П. И.");
    expect(by("teacherMath").title).toBe("Завтра, 10 декабря: 5А, 2-й урок «Русский язык» — замена: ведёте вы (по расписанию — Русакова М. О.)");
    expect(by("teacherEnglish").title).toBe("Завтра, 10 декабря: 5А, 2-й урок «Русский язык» — замена отменена, вы не ведёте этот урок");
    expect(await runTimetableChanges(clock.now())).toBe(0);

    // Removed: the lesson goes by the timetable, and those told hear so.
    since = await lastNotificationId();
    await remove(deputy, c.id);
    rows = await told(s, "TIMETABLE_CHANGE", since);
    expect(whoOf(rows)).toEqual(["parentAlekseev", "parentBorisova", "studentA1", "studentA2", "teacherMath", "teacherRussian"]);
    expect(rows.find((r) => r.who === "studentA1")!.title).toBe("Завтра, 10 декабря: 2-й урок «Русский язык» — замены не будет, ведёт Русакова М. О.");
    expect(rows.find((r) => r.who === "teacherMath")!.title).toBe("Завтра, 10 декабря: 5А, 2-й урок «Русский язык» — замена отменена, вы не ведёте этот урок");
    expect(await runTimetableChanges(clock.now())).toBe(0);
  });

  it("a second change of the day is told with the first: the newest notification is the whole day", async () => {
    const s = await weekSchool();
    const deputy = await as(s.users.deputy);
    await change(deputy, s.thu.mathA, THU, { kind: "CANCEL" });
    const since = await lastNotificationId();
    await change(deputy, s.thu.englishG2, THU, { kind: "ROOM", roomId: String(s.rooms.r203.id) });
    const rows = await told(s, "TIMETABLE_CHANGE", since);
    // Only those the new change concerns: the 2nd subgroup and its teacher, not the 1st subgroup nor the maths teacher.
    expect(whoOf(rows)).toEqual(["parentBorisova", "studentA2", "teacherRussian"]);
    expect(rows.find((r) => r.who === "studentA2")).toMatchObject({
      title: "Завтра, 10 декабря: изменения в расписании (2)",
      body: "1-й урок «Математика» отменён\n3-й урок «Английский язык» — в кабинете 203",
    });
  });

  it("a lesson moved to another day: tomorrow's families now, that day's on its eve", async () => {
    const s = await weekSchool();
    const deputy = await as(s.users.deputy);
    await change(deputy, s.thu.mathA, THU, { kind: "MOVE", newDate: "2026-12-14", newNumber: "5" });
    let rows = await told(s, "TIMETABLE_CHANGE");
    expect(whoOf(rows)).toEqual(["parentAlekseev", "parentBorisova", "studentA1", "studentA2", "teacherMath"]);
    expect(rows.find((r) => r.who === "studentA1")!.title).toBe("Завтра, 10 декабря: 1-й урок «Математика» перенесён на 14 декабря, 5-й урок");
    // Sunday evening: Monday's families hear of the lesson moved there.
    const since = await lastNotificationId();
    expect(await runTimetableChanges(new Date("2026-12-13T17:00:00+03:00"))).toBe(5);
    rows = await told(s, "TIMETABLE_CHANGE", since);
    expect(rows.find((r) => r.who === "parentBorisova")).toEqual({
      who: "parentBorisova",
      title: "Завтра, 14 декабря, Борисова Вера (5А): 5-й урок: «Математика» (перенос с 10 декабря)",
      body: "5-й урок: «Математика» (перенос с 10 декабря)",
      link: diary(s, "studentA2", "2026-12-14"),
    });
  });
});
