/**
 * An absence without a reason today, a forecast of «2» and too few marks two weeks before the period's end,
 * told to families (issue 15 «Notifications», R-COM-4, R-JRN-8). Attendance and marks go through
 * the journal's own routes; the producers (runAbsenceNotices every minute, runForecastNotices in
 * the morning) are called as their jobs call them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { clock } from "../../src/lib/clock.ts";
import { prisma } from "../../src/lib/db.ts";
import { isoDate } from "../../src/lib/dates.ts";
import { ABSENCE_SETTLE_MS, runAbsenceNotices, runFewMarksNotices, runForecastNotices } from "../../src/modules/journal/journal.notify.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { journalSchool, lessonAt, type JournalSchool } from "../journal/helpers.ts";
import { ids, later, noticesOf, putAttendance, putMark, usersWith } from "./support.ts";

useMidQuarterDay(); // Wednesday 9 December 2026, 10:00 in Moscow; the 2nd quarter ends on 28 December

let s: JournalSchool;
let A1: number, A2: number;
beforeAll(async () => {
  s = await journalSchool();
  [A1, A2] = [s.students.studentA1!.studentId, s.students.studentA2!.studentId];
  await runAbsenceNotices(clock.now()); // the job has been running
});

describe("an absence without a reason today (R-COM-4)", () => {
  it("«Н» that has stood ten minutes tells the parents once a day, naming the lessons; the pupil and other families nothing", async () => {
    const second = await lessonAt(s, { number: 2 });
    const third = await lessonAt(s, { number: 3, subject: "russian", teacher: s.users.teacherRussian });
    await putAttendance(await as(s.users.teacherMath), second.id, A1, "Н");
    const key = `absence:${A1}:${isoDate(second.date)}`;

    later(ABSENCE_SETTLE_MS / 2);
    expect(await runAbsenceNotices(clock.now())).toBe(0); // not yet: the teacher may still re-mark a latecomer
    expect(await usersWith(s.schoolId, key)).toEqual([]);

    later(ABSENCE_SETTLE_MS / 2 + 1000);
    expect(await runAbsenceNotices(clock.now())).toBe(1);
    expect(await usersWith(s.schoolId, key)).toEqual(ids(s.users.parentAlekseev));
    const [n] = await noticesOf(s.schoolId, "ABSENCE");
    expect(n).toMatchObject({
      title: "Отсутствие на уроке без указания причины: 2-й урок, Математика, 9 декабря",
      body: "Алексеев Артём (5А). Если причина отсутствия известна (болезнь, заявление), сообщите её классному руководителю.",
      link: `/diary/${A1}/week?date=2026-12-09`,
    });

    // Another «Н» the same day: still one notification for the day.
    await putAttendance(await as(s.users.teacherRussian), third.id, A1, "Н");
    later(ABSENCE_SETTLE_MS + 1000);
    expect(await runAbsenceNotices(clock.now())).toBe(0);
    expect(await noticesOf(s.schoolId, "ABSENCE")).toHaveLength(1);
  });

  it("«Н» changed to «УП» before the run tells nothing; «Н» entered today for yesterday tells nothing", async () => {
    const before = (await noticesOf(s.schoolId, "ABSENCE")).length;
    const todays = await lessonAt(s, { number: 4 });
    const yesterdays = await lessonAt(s, { number: 2, daysAgo: 1 });
    const teacher = await as(s.users.teacherMath);
    await putAttendance(teacher, todays.id, A2, "Н");
    await putAttendance(teacher, todays.id, A2, "УП");
    await putAttendance(teacher, yesterdays.id, A2, "Н");
    later(ABSENCE_SETTLE_MS + 1000);
    expect(await runAbsenceNotices(clock.now())).toBe(0);
    expect(await noticesOf(s.schoolId, "ABSENCE")).toHaveLength(before);
    expect(await prisma.notification.count({ where: { userId: s.users.parentBorisova.userId } })).toBe(0);
  });
});

describe("a forecast of «2» two weeks before the period's end (R-JRN-8)", () => {
  const at = (iso: string) => new Date(`${iso}T07:00:00+03:00`);

  it("a pupil with 2, 2, 3 is told on the 14th day before the end (parents and the pupil), not on the 15th, and once", async () => {
    const math = await as(s.users.teacherMath);
    for (const [daysAgo, a1, a2] of [
      [8, 2, 5],
      [7, 2, 4],
      [6, 3, 4],
    ] as const) {
      const lesson = await lessonAt(s, { daysAgo });
      await putMark(s, math, lesson.id, A1, a1);
      await putMark(s, math, lesson.id, A2, a2);
    }
    const period = s.periods[1]!; // 5 November – 28 December
    const key = `forecast:${A1}:${s.subjects.math.id}:${period.id}`;

    expect(await runForecastNotices(at("2026-12-13"))).toBe(0); // 15 days before
    expect(await noticesOf(s.schoolId, "FORECAST")).toHaveLength(0);

    expect(await runForecastNotices(at("2026-12-14"))).toBe(1);
    expect(await usersWith(s.schoolId, key)).toEqual(ids(s.users.parentAlekseev, s.users.studentA1));
    const n = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.parentAlekseev.userId, dedupeKey: key } });
    expect(n).toMatchObject({
      kind: "FORECAST",
      title: "Прогноз «2» за 2-ю четверть: Математика",
      body:
        "Алексеев Артём (5А): средний балл по предмету «Математика» — 2,33, по нему выходит «2» за 2-ю четверть. " +
        "2-я четверть заканчивается 28 декабря: за две недели ещё можно исправить отметки, обсудите это с учителем.",
      link: `/diary/${A1}/marks?period=${period.id}`,
    });
    // 5, 4, 4 is no risk: Борисова and her daughter get nothing.
    expect(await prisma.notification.count({ where: { userId: { in: ids(s.users.parentBorisova, s.users.studentA2) }, kind: "FORECAST" } })).toBe(0);

    expect(await runForecastNotices(at("2026-12-14"))).toBe(0);
    expect(await noticesOf(s.schoolId, "FORECAST")).toHaveLength(2);
  });

  it("the class teacher's home names the same pupil as heading for «2» (one rule)", async () => {
    const page = await (await as(s.users.teacherRussian)).get("/");
    expect(page.status).toBe(200);
    const block = /<h3>Прогноз «2»[\s\S]*?(?=<h3>|<\/section>)/.exec(page.text)?.[0] ?? "";
    expect(block).toContain("Алексеев Артём Игоревич: <a");
    expect(block).toContain(">Математика</a>");
    expect(block).not.toContain("Борисова");
  });
});

describe("too few marks for certification two weeks before the period's end (issue 17)", () => {
  const at = (iso: string) => new Date(`${iso}T07:00:00+03:00`);

  it("2 marks of the school's minimum 3 are told (parents and the pupil), 3 are not; an exempt pupil is not; once", async () => {
    const russian = await as(s.users.teacherRussian);
    const lessons = [];
    for (const daysAgo of [5, 4]) lessons.push(await lessonAt(s, { daysAgo, number: 3, subject: "russian", teacher: s.users.teacherRussian }));
    lessons.push(await lessonAt(s, { daysAgo: 3, number: 3, subject: "russian", teacher: s.users.teacherRussian }));
    for (const [i, lesson] of lessons.entries()) {
      if (i < 2) await putMark(s, russian, lesson.id, A1, 4);
      await putMark(s, russian, lesson.id, A2, 5);
    }
    const period = s.periods[1]!;
    const few = (student: number) => `fewmarks:${student}:${s.subjects.russian.id}:${period.id}`;
    const exemption = await prisma.exemption.create({
      data: { schoolId: s.schoolId, studentId: A1, subjectId: s.subjects.russian.id, fromDate: new Date("2026-12-14"), toDate: new Date("2026-12-20") },
    });

    await runFewMarksNotices(at("2026-12-13")); // 15 days before: nothing
    expect(await usersWith(s.schoolId, few(A1))).toEqual([]);
    await runFewMarksNotices(at("2026-12-14")); // exempt from the subject that day: nothing
    expect(await usersWith(s.schoolId, few(A1))).toEqual([]);

    await prisma.exemption.delete({ where: { id: exemption.id } });
    await runFewMarksNotices(at("2026-12-14"));
    expect(await usersWith(s.schoolId, few(A1))).toEqual(ids(s.users.parentAlekseev, s.users.studentA1));
    expect(await usersWith(s.schoolId, few(A2))).toEqual([]); // exactly the minimum
    // Математика: both have 3 marks (the forecast test above): nothing.
    expect(await usersWith(s.schoolId, `fewmarks:${A1}:${s.subjects.math.id}:${period.id}`)).toEqual([]);
    const n = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.parentAlekseev.userId, dedupeKey: few(A1) } });
    expect(n).toMatchObject({
      kind: "FORECAST",
      title: "Мало отметок за 2-ю четверть: Русский язык",
      body:
        "Алексеев Артём (5А): по предмету «Русский язык» пока 2 отметки, а для аттестации за 2-ю четверть нужно не меньше 3. " +
        "2-я четверть заканчивается 28 декабря: обсудите с учителем, как получить недостающие отметки.",
      link: `/diary/${A1}/marks?period=${period.id}`,
    });

    const before = await prisma.notification.count({ where: { schoolId: s.schoolId, kind: "FORECAST" } });
    await runFewMarksNotices(at("2026-12-14"));
    expect(await prisma.notification.count({ where: { schoolId: s.schoolId, kind: "FORECAST" } })).toBe(before);
  });
});
