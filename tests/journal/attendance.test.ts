/**
 * Attendance (R-JRN-1, R-JRN-9, R-JRN-5, R-ACL-2) and the class teacher's pages: the daily
 * attendance page, the absence totals, the weekly completeness check (R-JRN-12).
 * In the fixture teacherRussian is the class teacher of 5А, teacherMath teaches Математика.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { isoDate } from "../../src/lib/dates.ts";
import { Forbidden, Locked } from "../../src/lib/errors.ts";
import { absenceTotals, saveAttendance, weeklyCompleteness } from "../../src/modules/journal/journal.service.ts";
import { weekStart } from "../../src/modules/journal/class-checks.service.ts";
import { as } from "../support/http.ts";
import { actorOf, addDays, auditOf, journalSchool, lessonAt, postJson, today, type JournalSchool } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

let s: JournalSchool;
let a1: number;
let a2: number;
// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

beforeAll(async () => {
  s = await journalSchool();
  a1 = s.students.studentA1!.studentId;
  a2 = s.students.studentA2!.studentId;
});

const attOf = (lessonId: number, studentId: number) => prisma.attendance.findUnique({ where: { lessonId_studentId: { lessonId, studentId } } });

describe("attendance of a lesson (POST /journal/lessons/:id/attendance)", () => {
  it("the teacher marks «Н», the class teacher turns it into «Б»; both audited old → new; the lesson counts as taken", async () => {
    const lesson = await lessonAt(s, { daysAgo: 2 });
    const r1 = await postJson(await as(s.users.teacherMath), `/journal/lessons/${lesson.id}/attendance`, { studentId: a1, code: "Н" });
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ ok: true, attendance: { code: "ABSENT" } });
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).attendanceCheckedAt).not.toBeNull();

    const r2 = await postJson(await as(s.users.teacherRussian), `/journal/lessons/${lesson.id}/attendance`, { studentId: a1, code: "ILL" });
    expect(r2.status).toBe(200);
    expect(r2.body).toMatchObject({ attendance: { code: "ILL" }, corrected: true });
    expect((await attOf(lesson.id, a1))!.code).toBe("ILL");
    const log = await auditOf("attendance", `${lesson.id}:${a1}`);
    expect(log.map((e) => [e.action, e.oldValue, e.newValue])).toEqual([
      ["create", null, { code: "ABSENT" }],
      ["update", { code: "ABSENT" }, { code: "ILL" }],
    ]);
    expect(log[1]!.actorId).toBe(s.users.teacherRussian.userId);

    const cleared = await postJson(await as(s.users.teacherMath), `/journal/lessons/${lesson.id}/attendance`, { studentId: a1, code: "" });
    expect(cleared.body).toMatchObject({ attendance: null, corrected: true });
    expect(await attOf(lesson.id, a1)).toBeNull();
  });

  it("refusals: another teacher 403, parent and student 403, a bad code 422, a student of another class 422, a locked lesson 423 for the class teacher", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1, number: 2 });
    const url = `/journal/lessons/${lesson.id}/attendance`;
    expect((await postJson(await as(s.users.teacherEnglish), url, { studentId: a1, code: "ABSENT" })).status).toBe(403);
    for (const key of ["parentAlekseev", "studentA1"] as const)
      expect((await postJson(await as(s.users[key]), url, { studentId: a1, code: "ABSENT" })).status).toBe(403);
    const teacher = await as(s.users.teacherMath);
    for (const code of ["X", "отсутствовал", 5]) {
      const r = await postJson(teacher, url, { studentId: a1, code });
      expect(r.status).toBe(422);
      expect(r.body.field).toBe("code");
      expect(r.body.error).toMatch(/[а-я]/);
    }
    expect((await postJson(teacher, url, { code: "ABSENT" })).status).toBe(422);
    expect((await postJson(teacher, url, { studentId: s.students.studentB1!.studentId, code: "ABSENT" })).status).toBe(422);
    expect(await prisma.attendance.count({ where: { lessonId: lesson.id } })).toBe(0);

    const old = await lessonAt(s, { daysAgo: 31 });
    const locked = await postJson(await as(s.users.teacherRussian), `/journal/lessons/${old.id}/attendance`, { studentId: a1, code: "ILL" });
    expect(locked.status).toBe(423);
    await expect(saveAttendance(await actorOf(s.users.teacherMath), old.id, { studentId: a1, code: "ABSENT", reason: null })).rejects.toBeInstanceOf(Locked);
    await expect(saveAttendance(await actorOf(s.users.teacherEnglish), lesson.id, { studentId: a1, code: "ABSENT", reason: null })).rejects.toBeInstanceOf(
      Forbidden,
    );
    // the deputy corrects it with a reason (audited), not without
    const deputy = await as(s.users.deputy);
    const noReason = await postJson(deputy, `/journal/lessons/${old.id}/attendance`, { studentId: a1, code: "ILL" });
    expect(noReason.status).toBe(422);
    expect(noReason.body.field).toBe("reason");
    expect((await postJson(deputy, `/journal/lessons/${old.id}/attendance`, { studentId: a1, code: "ILL", reason: "Справка из поликлиники" })).status).toBe(
      200,
    );
    expect((await auditOf("attendance", `${old.id}:${a1}`))[0]).toMatchObject({ reason: "Справка из поликлиники", actorId: s.users.deputy.userId });
  });
});

describe("the class teacher's daily attendance page (R-JRN-9)", () => {
  it("shows all lessons of the day; corrects reasons for the whole day in one form, audited; other teachers get 403", async () => {
    const day = addDays(today(), -3);
    const math = await lessonAt(s, { daysAgo: 3, number: 1 });
    const russian = await lessonAt(s, { daysAgo: 3, number: 2, subject: "russian", teacher: s.users.teacherRussian });
    await postJson(await as(s.users.teacherMath), `/journal/lessons/${math.id}/attendance`, { studentId: a2, code: "ABSENT" });

    const url = `/class/${s.classes["5А"]!.id}/attendance?date=${isoDate(day)}`;
    const ct = await as(s.users.teacherRussian);
    const page = await ct.get(url);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`name="att_${math.id}_${a2}"`);
    expect(page.text).toContain(`name="att_${russian.id}_${a2}"`);
    expect((await (await as(s.users.teacherMath)).get(url)).status).toBe(403);
    expect((await (await as(s.users.deputy)).get(url)).status).toBe(200);
    expect((await (await as(s.users.parentBorisova)).get(url)).status).toBe(403);

    // «весь день: болезнь» for Борисова; a bad value elsewhere rejects the whole form
    const bad = await ct.form(`/class/${s.classes["5А"]!.id}/attendance`, { date: isoDate(day), [`day_${a2}`]: "ILL", [`att_${math.id}_${a1}`]: "ZZZ" });
    expect(bad.status).toBe(422);
    expect((await attOf(math.id, a2))!.code).toBe("ABSENT");
    const ok = await ct.form(`/class/${s.classes["5А"]!.id}/attendance`, { date: isoDate(day), [`day_${a2}`]: "ILL" });
    expect(ok.status).toBe(302);
    expect((await attOf(math.id, a2))!.code).toBe("ILL");
    expect((await attOf(russian.id, a2))!.code).toBe("ILL");
    expect((await auditOf("attendance", `${math.id}:${a2}`)).at(-1)).toMatchObject({
      action: "update",
      oldValue: { code: "ABSENT" },
      newValue: { code: "ILL" },
    });
  });

  it("absence totals per period: lessons and days missed, of which for a valid reason and illness", async () => {
    const local = await journalSchool();
    const b = local.students.studentA2!.studentId;
    const teacher = await as(local.users.teacherMath);
    const ru = await as(local.users.teacherRussian);
    // day 1: both lessons missed, ill → 1 day (valid, illness), 2 lessons
    const d1m = await lessonAt(local, { daysAgo: 4, number: 1 });
    const d1r = await lessonAt(local, { daysAgo: 4, number: 2, subject: "russian", teacher: local.users.teacherRussian });
    // day 2: one of two lessons missed without a valid reason → 0 days, 1 lesson; late does not count
    const d2m = await lessonAt(local, { daysAgo: 3, number: 1 });
    const d2r = await lessonAt(local, { daysAgo: 3, number: 2, subject: "russian", teacher: local.users.teacherRussian });
    await postJson(teacher, `/journal/lessons/${d1m.id}/attendance`, { studentId: b, code: "ILL" });
    await postJson(ru, `/journal/lessons/${d1r.id}/attendance`, { studentId: b, code: "ILL" });
    await postJson(teacher, `/journal/lessons/${d2m.id}/attendance`, { studentId: b, code: "INVALID" });
    await postJson(ru, `/journal/lessons/${d2r.id}/attendance`, { studentId: b, code: "LATE" });

    const period = local.periods.find((p) => p.startDate <= today() && p.endDate >= today())!;
    const totals = await absenceTotals(await actorOf(local.users.teacherRussian), local.classes["5А"]!.id, period.id);
    const row = totals.rows.find((r) => r.id === b)!;
    expect(row.totals).toMatchObject({ lessons: 3, ill: 2, valid: 0, invalid: 1, late: 1, days: 1, daysValid: 1, daysIll: 1 });
    expect(totals.rows.find((r) => r.id === local.students.studentA1!.studentId)!.totals.lessons).toBe(0);

    const page = await ru.get(`/class/${local.classes["5А"]!.id}/absences?period=${period.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Борисова Вера Андреевна");
    expect((await (await as(local.users.teacherMath)).get(`/class/${local.classes["5А"]!.id}/absences`)).status).toBe(403);
  });
});

describe("the weekly completeness check (R-JRN-12)", () => {
  it("lists lessons without topic, homework or attendance for the class teacher", async () => {
    const local = await journalSchool();
    const cls = local.classes["5А"]!;
    const done = await lessonAt(local, { daysAgo: 2, number: 1 });
    await prisma.lesson.update({ where: { id: done.id }, data: { topic: "Дроби", homework: "№ 12", attendanceCheckedAt: new Date() } });
    const empty = await lessonAt(local, { daysAgo: 2, number: 2, subject: "russian", teacher: local.users.teacherRussian });
    const date = addDays(today(), -2);
    const week = await weeklyCompleteness(await actorOf(local.users.teacherRussian), cls.id, date);
    expect(week.from).toEqual(weekStart(date));
    const byId = new Map(week.rows.map((r) => [r.id, r]));
    expect(byId.get(done.id)).toMatchObject({ noTopic: false, noHomework: false, noAttendance: false });
    expect(byId.get(empty.id)).toMatchObject({ noTopic: true, noHomework: true, noAttendance: true });
    expect(week.problems.map((p) => p.id)).toEqual([empty.id]);
    // «все присутствуют» (a plain form post) marks the attendance as taken
    expect((await (await as(local.users.teacherRussian)).form(`/journal/lessons/${empty.id}/attendance-taken`, {})).status).toBe(302);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: empty.id } })).attendanceCheckedAt).not.toBeNull();
    expect((await (await as(local.users.teacherEnglish)).form(`/journal/lessons/${done.id}/attendance-taken`, {})).status).toBe(403);

    const page = await (await as(local.users.teacherRussian)).get(`/class/${cls.id}/completeness?week=${isoDate(date)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Русский язык");
    expect((await (await as(local.users.teacherMath)).get(`/class/${cls.id}/completeness`)).status).toBe(403);
    expect((await (await as(local.users.deputy)).get(`/class/${cls.id}/completeness`)).status).toBe(200);
    const other = await journalSchool();
    expect((await (await as(local.users.deputy)).get(`/class/${other.classes["5А"]!.id}/completeness`)).status).toBe(404);
  });
});
