/**
 * New and corrected marks told to families (issue 15 «Notifications», R-COM-4): a teacher enters
 * marks through the journal's own route; the producer (runMarkNotices, the per-minute job) tells the
 * pupil and the parents once per mark, other families nothing; a correction tells the new value, a
 * deleted or ungraded mark nothing; overlapping and repeated runs make nothing twice. E-mail
 * arrives at a real SMTP server at once, or waits for the daily digest, as each parent chose.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { clock, setClock } from "../../src/lib/clock.ts";
import { prisma } from "../../src/lib/db.ts";
import { JOB_NAMES } from "../../src/lib/queue.ts";
import { JOBS } from "../../src/modules/jobs.ts";
import { MARK_SETTLE_MS, runMarkNotices } from "../../src/modules/journal/journal.notify.ts";
import { dayMonthGen } from "../../src/modules/journal/journal.notify.text.ts";
import { runDigest } from "../../src/modules/notifications/digest.ts";
import { until } from "../communication/support.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { journalSchool, lessonAt, type JournalSchool } from "../journal/helpers.ts";
import { confirmedAddress, ids, later, noticesOf, putMark, useMailAndSending, usersWith } from "./support.ts";

useMidQuarterDay();
const { smtp } = useMailAndSending();

let s: JournalSchool;
let A1: number, A2: number, B1: number;
beforeAll(async () => {
  s = await journalSchool();
  [A1, A2, B1] = [s.students.studentA1!.studentId, s.students.studentA2!.studentId, s.students.studentB1!.studentId];
  // The job has been running: the school's cursor starts now, marks entered from here on are told.
  await runMarkNotices(clock.now());
});

/** The marks have stood their settle time: the job's next run. */
function run() {
  later(MARK_SETTLE_MS + 1000);
  return runMarkNotices(clock.now());
}

describe("a new mark (R-COM-4)", () => {
  it("the pupil and the parents get one notification with the mark, the subject, the work and the date; other families nothing; a second run nothing", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const mark = await putMark(s, await as(s.users.teacherMath), lesson.id, A1, 5);
    const before = await prisma.notification.count({ where: { schoolId: s.schoolId } });

    expect(await run()).toBe(1);
    const key = `mark:${mark!.id}:5`;
    expect(await usersWith(s.schoolId, key)).toEqual(ids(s.users.parentAlekseev, s.users.studentA1));
    const n = await prisma.notification.findFirstOrThrow({ where: { dedupeKey: key, userId: s.users.parentAlekseev.userId } });
    expect(n).toMatchObject({
      kind: "MARK",
      title: "Новая отметка: 5 — Математика",
      body: `Алексеев Артём (5А): 5 — ответ на уроке, ${dayMonthGen(lesson.date)}.`,
      link: `/diary/${A1}/marks?period=${s.periods[1]!.id}`,
      inApp: true,
      readAt: null,
    });
    // Nobody else: the other family (Борисова and her daughter) and the staff got nothing.
    expect(await prisma.notification.count({ where: { schoolId: s.schoolId } })).toBe(before + 2);

    expect(await run()).toBe(0);
    expect(await prisma.notification.count({ where: { schoolId: s.schoolId } })).toBe(before + 2);

    // The parent sees it under «Уведомления», and it opens the child's marks page.
    const parent = await as(s.users.parentAlekseev);
    const page = await parent.get("/notifications");
    expect(page.text).toContain("Новая отметка: 5 — Математика");
    const open = await parent.get(`/notifications/${n.id}/open`);
    expect(open.headers.location).toBe(`/diary/${A1}/marks?period=${s.periods[1]!.id}`);
  });

  it("overlapping runs (a retried job beside the next tick) tell each mark once", async () => {
    const lesson = await lessonAt(s, { daysAgo: 2 });
    const mark = await putMark(s, await as(s.users.teacherMath), lesson.id, A2, 3);
    later(MARK_SETTLE_MS + 1000);
    const now = clock.now();
    const runs = await Promise.all([runMarkNotices(now), runMarkNotices(now), runMarkNotices(now)]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await usersWith(s.schoolId, `mark:${mark!.id}:3`)).toEqual(ids(s.users.parentBorisova, s.users.studentA2));
    expect(await prisma.notification.count({ where: { schoolId: s.schoolId, dedupeKey: { startsWith: `mark:${mark!.id}:` } } })).toBe(2);
  });
});

describe("a corrected or deleted mark", () => {
  it("a correction tells the new value once; a changed comment tells nothing; a value put back is told again", async () => {
    const lesson = await lessonAt(s, { daysAgo: 3 });
    const teacher = await as(s.users.teacherMath);
    const mark = await putMark(s, teacher, lesson.id, A1, 5);
    await run();
    const told = () =>
      prisma.notification.findMany({
        where: { userId: s.users.parentAlekseev.userId, dedupeKey: { startsWith: `mark:${mark!.id}:` } },
        orderBy: { id: "asc" },
      });
    expect((await told()).map((n) => n.title)).toEqual(["Новая отметка: 5 — Математика"]);

    await putMark(s, teacher, lesson.id, A1, 4);
    expect(await run()).toBe(1);
    const after = await told();
    expect(after.map((n) => n.title)).toEqual(["Новая отметка: 5 — Математика", "Отметка исправлена: 4 — Математика"]);
    expect(after[1]!.body).toBe(`Алексеев Артём (5А): 4 (было 5) — ответ на уроке, ${dayMonthGen(lesson.date)}.`);
    expect(await usersWith(s.schoolId, after[1]!.dedupeKey!)).toEqual(ids(s.users.parentAlekseev, s.users.studentA1));
    expect(await run()).toBe(0);

    await putMark(s, teacher, lesson.id, A1, 4, { comment: "устный ответ" });
    expect(await run()).toBe(0);
    expect(await told()).toHaveLength(2);

    await putMark(s, teacher, lesson.id, A1, 5, { comment: "устный ответ" });
    expect(await run()).toBe(1);
    expect((await told()).map((n) => n.title).at(-1)).toBe("Отметка исправлена: 5 — Математика");
  });

  it("a mark deleted before the run tells nothing; a typo fixed before the run tells only the final value", async () => {
    const lesson = await lessonAt(s, { daysAgo: 4 });
    const teacher = await as(s.users.teacherMath);
    const before = await noticesOf(s.schoolId, "MARK");
    await putMark(s, teacher, lesson.id, A2, 2);
    await putMark(s, teacher, lesson.id, A2, null);
    expect(await run()).toBe(0);
    expect(await noticesOf(s.schoolId, "MARK")).toHaveLength(before.length);

    const mark = await putMark(s, teacher, lesson.id, A2, 3, { type: "Самостоятельная работа" });
    await putMark(s, teacher, lesson.id, A2, 4, { type: "Самостоятельная работа" });
    expect(await run()).toBe(1);
    const news = (await noticesOf(s.schoolId, "MARK")).slice(before.length);
    expect(news.map((n) => [n.userId, n.title, n.dedupeKey])).toEqual(
      ids(s.users.parentBorisova, s.users.studentA2).map((u) => [u, "Новая отметка: 4 — Математика", `mark:${mark!.id}:4`]),
    );
  });
});

describe("several marks at once", () => {
  it("marks of one pupil in one subject make one notification; another subject and another pupil their own", async () => {
    const math1 = await lessonAt(s, { daysAgo: 6 });
    const math2 = await lessonAt(s, { daysAgo: 5 });
    const russian = await lessonAt(s, { daysAgo: 5, subject: "russian", teacher: s.users.teacherRussian });
    const math = await as(s.users.teacherMath);
    const m1 = await putMark(s, math, math1.id, A1, 5);
    const m2 = await putMark(s, math, math2.id, A1, 3, { type: "Контрольная работа" });
    const m3 = await putMark(s, await as(s.users.teacherRussian), russian.id, A1, 4);
    const m4 = await putMark(s, math, math2.id, A2, 5);
    expect(await run()).toBe(3);

    const group = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.parentAlekseev.userId, dedupeKey: `mark:${m1!.id}:5,${m2!.id}:3` } });
    expect(group.title).toBe("Новые отметки: 5, 3 — Математика");
    expect(group.body).toBe(`Алексеев Артём (5А): 5 — ответ на уроке, ${dayMonthGen(math1.date)}; 3 — контрольная работа, ${dayMonthGen(math2.date)}.`);
    expect((await prisma.notification.findFirstOrThrow({ where: { userId: s.users.studentA1.userId, dedupeKey: `mark:${m3!.id}:4` } })).title).toBe(
      "Новая отметка: 4 — Русский язык",
    );
    expect(await usersWith(s.schoolId, `mark:${m4!.id}:5`)).toEqual(ids(s.users.parentBorisova, s.users.studentA2));
    // Алексеев, the father of two, hears nothing about his 5Б daughter from these.
    expect(await prisma.notification.count({ where: { userId: s.users.studentB1.userId } })).toBe(0);
  });

  it("a class whose grade the school has since set to be taught without marks (School.ungradedGrades) tells nothing", async () => {
    const lesson = await lessonAt(s, { cls: "5Б", daysAgo: 1 });
    const mark = await putMark(s, await as(s.users.teacherMath), lesson.id, B1, 5);
    await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [1, 5] } });
    try {
      expect(await run()).toBe(0);
      expect(await prisma.notification.count({ where: { schoolId: s.schoolId, dedupeKey: { startsWith: `mark:${mark!.id}:` } } })).toBe(0);
    } finally {
      await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [1] } });
    }
  });
});

describe("by e-mail (a real SMTP server)", () => {
  it("«сразу»: the letter arrives at the confirmed address; «раз в день»: kept for the evening digest, which then carries it", async () => {
    await confirmedAddress(s, s.users.parentAlekseev, "alekseev@example.ru");
    await prisma.notificationSetting.create({
      data: { userId: s.users.parentAlekseev.userId, schoolId: s.schoolId, kind: "MARK", inApp: true, email: true, frequency: "IMMEDIATE" },
    });
    await confirmedAddress(s, s.users.parentBorisova, "borisova@example.ru"); // defaults: e-mail on, marks as a daily digest
    const lesson = await lessonAt(s, { daysAgo: 7 });
    const math = await as(s.users.teacherMath);
    const a = await putMark(s, math, lesson.id, A1, 4);
    const b = await putMark(s, math, lesson.id, A2, 5);
    expect(await run()).toBe(2);

    await until("письмо Алексееву", () => smtp().to("alekseev@example.ru").length > 0);
    const letter = smtp().to("alekseev@example.ru")[0]!;
    expect(letter.mail.subject).toBe(`Новая отметка: 4 — Математика — ${s.school.shortName}`);
    expect(letter.mail.text).toContain(`Алексеев Артём (5А): 4 — ответ на уроке, ${dayMonthGen(lesson.date)}.`);
    expect(letter.mail.text).toContain(`/diary/${A1}/marks?period=${s.periods[1]!.id}`);
    expect(letter.header("list-unsubscribe")).toContain("/unsubscribe/");
    expect(await prisma.emailDelivery.count({ where: { userId: s.users.parentAlekseev.userId } })).toBe(1);

    const kept = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.parentBorisova.userId, dedupeKey: `mark:${b!.id}:5` } });
    expect(kept).toMatchObject({ digest: "DAILY", digestedAt: null, inApp: true });
    expect(await prisma.emailDelivery.count({ where: { userId: s.users.parentBorisova.userId } })).toBe(0);
    expect(smtp().to("borisova@example.ru")).toHaveLength(0);

    // Nothing twice: another run sends no second letter.
    expect(await run()).toBe(0);
    expect(await prisma.emailDelivery.count({ where: { userId: s.users.parentAlekseev.userId } })).toBe(1);

    expect(await runDigest("DAILY")).toBe(1);
    await until("сводка Борисовой", () => smtp().to("borisova@example.ru").length > 0);
    expect(smtp().to("borisova@example.ru")[0]!.mail.text).toContain("Новая отметка: 5 — Математика");
    expect(smtp().to("borisova@example.ru")[0]!.mail.text).toContain("Борисова Вера (5А): 5 — ответ на уроке");
    expect(smtp().to("alekseev@example.ru")).toHaveLength(1);
    expect(a).not.toBeNull();
  });
});

describe("the clock set back (a demo server restarted at its TEST_NOW)", () => {
  it("the producer starts again from the clock's now: new marks are told, nothing is told twice", async () => {
    const all = await prisma.notification.count({ where: { schoolId: s.schoolId } });
    // Back before the file's first entries (its clock started at 10:00 and ran on): a window
    // starting at 10:00 again would reread the first test's mark, corrected since, as a new one.
    setClock("2026-12-09T09:30:00+03:00");
    expect(await runMarkNotices(clock.now())).toBe(0);
    expect(await prisma.notification.count({ where: { schoolId: s.schoolId } })).toBe(all);
    const lesson = await lessonAt(s, { daysAgo: 8 });
    const mark = await putMark(s, await as(s.users.teacherMath), lesson.id, A2, 4);
    expect(await run()).toBe(1);
    expect(await usersWith(s.schoolId, `mark:${mark!.id}:4`)).toEqual(ids(s.users.parentBorisova, s.users.studentA2));
  });
});

describe("the jobs and the settings", () => {
  it("the producers are jobs of the queue on their schedules (every minute; forecasts at 07:00)", () => {
    const cron = Object.fromEntries(JOBS.map((j) => [j.name, j.cron ?? null]));
    expect(cron).toMatchObject({ "journal-mark-notices": "* * * * *", "journal-absence-notices": "* * * * *", "journal-forecast-notices": "0 7 * * *" });
    expect(JOB_NAMES).toEqual(expect.arrayContaining(["journal-mark-notices", "journal-absence-notices", "journal-forecast-notices"]));
  });

  it.each([
    ["parentAlekseev", true],
    ["studentA1", true],
    ["teacherMath", false],
  ] as const)("«Персональные настройки» of %s offer marks, absences and forecasts: %s", async (who, offered) => {
    const page = await (await as(s.users[who])).get("/account");
    expect(page.status).toBe(200);
    for (const name of ["Новые отметки", "Пропуск урока без уважительной причины", "Прогноз «2» за четверть или полугодие"])
      expect(page.text.includes(name), name).toBe(offered);
  });
});
