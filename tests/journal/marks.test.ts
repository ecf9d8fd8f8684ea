/**
 * Saving one mark: POST /journal/lessons/:lessonId/marks and saveMark().
 * R-JRN-1, R-ACL-2 (class-only grading), R-JRN-2 (substitute), R-JRN-5 (lock, override), R-YR-1 (closed year).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { Forbidden, Locked, NotFound, ValidationError } from "../../src/lib/errors.ts";
import { clock } from "../../src/lib/clock.ts";
import { saveAttendance, saveMark } from "../../src/modules/journal/journal.service.ts";
import { as } from "../support/http.ts";
import { actorOf, addDays, auditOf, journalSchool, lessonAt, marksOf, postJson, today, type JournalSchool } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

let s: JournalSchool;
// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

beforeAll(async () => {
  s = await journalSchool();
});

const body = (over: Record<string, unknown> = {}) => ({
  studentId: s.students.studentA1!.studentId,
  assignmentTypeId: s.types["Ответ на уроке"],
  value: 5,
  ...over,
});

describe("a teacher enters marks in the own journal (R-JRN-1, R-ACL-2)", () => {
  it("teacher of 5А Математика saves a mark: 200, stored, audited with old → new", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const agent = await as(s.users.teacherMath);
    const res = await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ comment: "устный ответ" }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, mark: { value: 5, comment: "устный ответ" }, corrected: false });
    const [mark] = await marksOf(lesson.id);
    expect(mark).toMatchObject({ value: 5, comment: "устный ответ", studentId: s.students.studentA1!.studentId });
    // the kind of work was created on first use
    expect(await prisma.lessonWork.count({ where: { lessonId: lesson.id } })).toBe(1);

    const changed = await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ value: "4" }));
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ mark: { value: 4, comment: null }, corrected: true });
    const log = await auditOf("mark", `${lesson.id}:${s.students.studentA1!.studentId}:${s.types["Ответ на уроке"]}`);
    expect(log.map((e) => e.action)).toEqual(["create", "update"]);
    expect(log[1]).toMatchObject({
      oldValue: { value: 5, comment: "устный ответ" },
      newValue: { value: 4, comment: null },
      actorId: s.users.teacherMath.userId,
    });

    const removed = await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ value: null }));
    expect(removed.status).toBe(200);
    expect(removed.body.mark).toBeNull();
    expect(await marksOf(lesson.id)).toHaveLength(0);
    expect((await auditOf("mark", `${lesson.id}:${s.students.studentA1!.studentId}:${s.types["Ответ на уроке"]}`)).at(-1)!.action).toBe("delete");
  });

  it("one mark per kind of work: a second kind adds a second mark in the same lesson", async () => {
    const lesson = await lessonAt(s, { daysAgo: 2 });
    const agent = await as(s.users.teacherMath);
    await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ value: 5 }));
    const r = await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ value: 3, assignmentTypeId: s.types["Контрольная работа"] }));
    expect(r.status).toBe(200);
    expect((await marksOf(lesson.id)).map((m) => m.value)).toEqual([5, 3]);
  });

  it("a mark on today's lesson is allowed, one on a future lesson is refused (422)", async () => {
    const agent = await as(s.users.teacherMath);
    const todayLesson = await lessonAt(s, { daysAgo: 0 });
    expect((await postJson(agent, `/journal/lessons/${todayLesson.id}/marks`, body())).status).toBe(200);
    const future = await lessonAt(s, { daysAgo: -2 });
    const r = await postJson(agent, `/journal/lessons/${future.id}/marks`, body());
    expect(r.status).toBe(422);
    expect(r.body.field).toBe("lesson");
    expect(await marksOf(future.id)).toHaveLength(0);
  });
});

describe("who may not enter marks (R-ACL-2)", () => {
  it.each([
    ["teacherEnglish (teaches 5А English, not Математика)", "teacherEnglish", 403],
    ["teacherRussian (class teacher of 5А, no Математика load)", "teacherRussian", 403],
    ["parent of a 5А student", "parentAlekseev", 403],
    ["a 5А student", "studentA1", 403],
    ["the secretary", "secretary", 403],
  ] as const)("%s gets 403 and nothing is stored", async (_label, key, status) => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const agent = await as(s.users[key]);
    const res = await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body());
    expect(res.status).toBe(status);
    expect(res.body.error).toBeTruthy();
    expect(await marksOf(lesson.id)).toHaveLength(0);
    expect(await prisma.auditLog.count({ where: { entity: "mark", entityId: { startsWith: `${lesson.id}:` } } })).toBe(0);
  });

  it("service level: saveMark by teacherEnglish on 5А Математика throws Forbidden", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    await expect(saveMark(await actorOf(s.users.teacherEnglish), lesson.id, { ...body(), comment: null, reason: null, value: 5 })).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect(await marksOf(lesson.id)).toHaveLength(0);
  });

  it("parents and students get 403 on journal pages too", async () => {
    for (const key of ["parentAlekseev", "studentA1"] as const) {
      const agent = await as(s.users[key]);
      expect((await agent.get("/journal")).status).toBe(403);
      expect((await agent.get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`)).status).toBe(403);
    }
  });
});

describe("the 30-day lock (R-JRN-5; School.lockDays = 30)", () => {
  it.each([
    [29, 200],
    [30, 200],
    [31, 423],
    [45, 423],
  ])("a lesson %i days old: the teacher gets %i", async (days, status) => {
    const lesson = await lessonAt(s, { daysAgo: days });
    const res = await postJson(await as(s.users.teacherMath), `/journal/lessons/${lesson.id}/marks`, body());
    expect(res.status).toBe(status);
    expect(await marksOf(lesson.id)).toHaveLength(status === 200 ? 1 : 0);
  });

  it("the lock follows the school setting: with lockDays 10 an 11-day-old lesson is locked", async () => {
    const other = await journalSchool();
    await prisma.school.update({ where: { id: other.schoolId }, data: { lockDays: 10 } });
    const open = await lessonAt(other, { daysAgo: 10 });
    const locked = await lessonAt(other, { daysAgo: 11 });
    const agent = await as(other.users.teacherMath);
    const b = { studentId: other.students.studentA1!.studentId, assignmentTypeId: other.types["Ответ на уроке"], value: 4 };
    expect((await postJson(agent, `/journal/lessons/${open.id}/marks`, b)).status).toBe(200);
    expect((await postJson(agent, `/journal/lessons/${locked.id}/marks`, b)).status).toBe(423);
  });

  it("a deputy corrects a 31-day-old mark only with a reason, and the reason is audited", async () => {
    const lesson = await lessonAt(s, { daysAgo: 31 });
    const agent = await as(s.users.deputy);
    const without = await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ value: 4 }));
    expect(without.status).toBe(422);
    expect(without.body).toMatchObject({ field: "reason", error: "Укажите причину исправления" });
    expect(await marksOf(lesson.id)).toHaveLength(0);

    const blank = await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ value: 4, reason: "   " }));
    expect(blank.status).toBe(422);

    const withReason = await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ value: 4, reason: "Ошибка учителя, заявление от 20.11" }));
    expect(withReason.status).toBe(200);
    expect(withReason.body.corrected).toBe(true);
    const [entry] = await auditOf("mark", `${lesson.id}:${s.students.studentA1!.studentId}:${s.types["Ответ на уроке"]}`);
    expect(entry).toMatchObject({
      action: "create",
      reason: "Ошибка учителя, заявление от 20.11",
      actorId: s.users.deputy.userId,
      newValue: { value: 4, comment: null },
    });
  });

  it("the administrator may also override with a reason", async () => {
    const lesson = await lessonAt(s, { daysAgo: 40 });
    const res = await postJson(await as(s.users.admin), `/journal/lessons/${lesson.id}/marks`, body({ reason: "Исправление по приказу" }));
    expect(res.status).toBe(200);
  });

  it("a deputy editing another teacher's current journal also needs a reason (override)", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const agent = await as(s.users.deputy);
    expect((await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body())).status).toBe(422);
    expect((await postJson(agent, `/journal/lessons/${lesson.id}/marks`, body({ reason: "Проверка" }))).status).toBe(200);
  });
});

describe("closed academic years are read-only for everyone (R-YR-1)", () => {
  it.each(["teacherMath", "deputy", "admin"] as const)("%s gets 423 in a closed year, even with a reason", async (key) => {
    const closed = await journalSchool({ yearStatus: "CLOSED" });
    const lesson = await lessonAt(closed, { daysAgo: 1 });
    const res = await postJson(await as(closed.users[key]), `/journal/lessons/${lesson.id}/marks`, {
      studentId: closed.students.studentA1!.studentId,
      assignmentTypeId: closed.types["Ответ на уроке"],
      value: 5,
      reason: "Исправление",
    });
    expect(res.status).toBe(423);
    expect(res.body.error).toMatch(/закрыт/);
    expect(await marksOf(lesson.id)).toHaveLength(0);
  });
});

describe("membership on the lesson date", () => {
  it("a student who left 5А cannot get a mark for a later lesson, but can for an earlier one", async () => {
    const local = await journalSchool();
    const a1 = local.students.studentA1!.studentId;
    await prisma.classMembership.updateMany({ where: { studentId: a1 }, data: { toDate: addDays(today(), -5) } });
    const before = await lessonAt(local, { daysAgo: 6 });
    const after = await lessonAt(local, { daysAgo: 4 });
    const agent = await as(local.users.teacherMath);
    const b = { studentId: a1, assignmentTypeId: local.types["Ответ на уроке"], value: 5 };
    const r = await postJson(agent, `/journal/lessons/${after.id}/marks`, b);
    expect(r.status).toBe(422);
    expect(r.body.field).toBe("studentId");
    expect(await marksOf(after.id)).toHaveLength(0);
    expect((await postJson(agent, `/journal/lessons/${before.id}/marks`, b)).status).toBe(200);
  });

  it("a student of 5Б cannot get a mark in a 5А lesson", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const r = await postJson(await as(s.users.teacherMath), `/journal/lessons/${lesson.id}/marks`, body({ studentId: s.students.studentB1!.studentId }));
    expect(r.status).toBe(422);
    expect(await marksOf(lesson.id)).toHaveLength(0);
  });
});

describe("malformed input is refused with a Russian message and nothing is stored", () => {
  it.each([
    ["0", { value: 0 }, "value"],
    ["6", { value: 6 }, "value"],
    ["«5+»", { value: "5+" }, "value"],
    ["«abc»", { value: "abc" }, "value"],
    ["4.5", { value: 4.5 }, "value"],
    ["a huge comment", { comment: "х".repeat(501) }, "comment"],
    ["no student", { studentId: undefined }, "studentId"],
    ["a student id that is text", { studentId: "первый" }, "studentId"],
    ["an unknown kind of work", { assignmentTypeId: 999999 }, "assignmentTypeId"],
  ] as const)("%s → 422", async (_label, over, field) => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const r = await postJson(await as(s.users.teacherMath), `/journal/lessons/${lesson.id}/marks`, body(over));
    expect(r.status).toBe(422);
    expect(r.body.field).toBe(field);
    expect(r.body.error).toMatch(/[а-яА-Я]/);
    expect(await marksOf(lesson.id)).toHaveLength(0);
  });

  it("an unknown lesson id → 404; a non-numeric id → 404", async () => {
    const agent = await as(s.users.teacherMath);
    expect((await postJson(agent, `/journal/lessons/99999999/marks`, body())).status).toBe(404);
    expect((await postJson(agent, `/journal/lessons/abc/marks`, body())).status).toBe(404);
  });

  it("another school's lesson id → 404, even for its own kind of work and student", async () => {
    const other = await journalSchool();
    const foreign = await lessonAt(other, { daysAgo: 1 });
    const r = await postJson(await as(s.users.teacherMath), `/journal/lessons/${foreign.id}/marks`, {
      studentId: other.students.studentA1!.studentId,
      assignmentTypeId: other.types["Ответ на уроке"],
      value: 5,
    });
    expect(r.status).toBe(404);
    expect(await marksOf(foreign.id)).toHaveLength(0);
    await expect(
      saveMark(await actorOf(s.users.deputy), foreign.id, { studentId: 1, assignmentTypeId: 1, value: 5, comment: null, reason: "x" }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("another school's kind of work is refused (422), not connected", async () => {
    const other = await journalSchool();
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const r = await postJson(await as(s.users.teacherMath), `/journal/lessons/${lesson.id}/marks`, body({ assignmentTypeId: other.types["Ответ на уроке"] }));
    expect(r.status).toBe(422);
    expect(await prisma.lessonWork.count({ where: { lessonId: lesson.id } })).toBe(0);
  });

  it("without the CSRF header the save is refused (403)", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const agent = await as(s.users.teacherMath);
    const r = await agent.post(`/journal/lessons/${lesson.id}/marks`).set("accept", "application/json").send(body());
    expect(r.status).toBe(403);
    expect(await marksOf(lesson.id)).toHaveLength(0);
  });

  it("service level: errors are typed (ValidationError, Locked)", async () => {
    const teacher = await actorOf(s.users.teacherMath);
    const old = await lessonAt(s, { daysAgo: 31 });
    await expect(saveMark(teacher, old.id, { ...body(), comment: null, reason: null, value: 5 })).rejects.toBeInstanceOf(Locked);
    const fresh = await lessonAt(s, { daysAgo: 1 });
    await expect(
      saveMark(teacher, fresh.id, { ...body({ studentId: s.students.studentB1!.studentId }), comment: null, reason: null, value: 5 }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("substitute teacher (R-JRN-2)", () => {
  it("edits only the substituted lesson; the substitution is recorded by the deputy", async () => {
    const substituted = await lessonAt(s, { daysAgo: 1 });
    const other = await lessonAt(s, { daysAgo: 1, number: 2 });
    const deputy = await as(s.users.deputy);
    const set = await deputy.form(`/journal/lessons/${substituted.id}/substitute`, { substituteId: String(s.users.teacherEnglish.personId) });
    expect(set.status).toBe(302);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: substituted.id } })).substituteId).toBe(s.users.teacherEnglish.personId);
    expect((await auditOf("lesson", String(substituted.id))).at(-1)).toMatchObject({
      action: "substitute",
      newValue: { substituteId: s.users.teacherEnglish.personId },
    });

    const sub = await as(s.users.teacherEnglish);
    expect((await postJson(sub, `/journal/lessons/${substituted.id}/marks`, body())).status).toBe(200);
    expect((await postJson(sub, `/journal/lessons/${other.id}/marks`, body())).status).toBe(403);
    expect(await marksOf(other.id)).toHaveLength(0);
  });

  it("a teacher cannot record a substitution (403)", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const r = await (await as(s.users.teacherMath)).form(`/journal/lessons/${lesson.id}/substitute`, { substituteId: String(s.users.teacherEnglish.personId) });
    expect(r.status).toBe(403);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).substituteId).toBeNull();
  });

  it("the substitute must be a teacher of the school (422 for a parent's person id)", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const r = await (await as(s.users.deputy)).form(`/journal/lessons/${lesson.id}/substitute`, { substituteId: String(s.users.parentAlekseev.personId) });
    expect(r.status).toBe(422);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).substituteId).toBeNull();
  });
});

describe("concurrent saves (two tabs, two teachers' keystrokes at once)", () => {
  it("the first marks of a new kind of work for two students at once both succeed; the same cell twice ends audited as create + update", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1, number: 7 });
    const teacher = await actorOf(s.users.teacherMath);
    const type = s.types["Проверочная работа"];
    const save = (studentId: number, value: number) => saveMark(teacher, lesson.id, { studentId, assignmentTypeId: type, value, comment: null, reason: null });
    const [a, b] = await Promise.all([save(s.students.studentA1!.studentId, 5), save(s.students.studentA2!.studentId, 4)]);
    expect([a.mark?.value, b.mark?.value]).toEqual([5, 4]);
    expect(await prisma.lessonWork.count({ where: { lessonId: lesson.id } })).toBe(1);

    const c = s.students.studentA1!.studentId;
    await Promise.all([save(c, 3), save(c, 2)]);
    const marks = await prisma.mark.findMany({ where: { lessonId: lesson.id, studentId: c } });
    expect(marks).toHaveLength(1);
    const log = await auditOf("mark", `${lesson.id}:${c}:${type}`);
    expect(log.map((e) => e.action)).toEqual(["create", "update", "update"]);
    expect((log.at(-1)!.newValue as { value: number }).value).toBe(marks[0]!.value);
  });
});

describe("timestamps come from the application's clock (lib/clock.ts), not the database's", () => {
  it("a mark's createdAt and updatedAt, its audit row and the lesson's attendance stamp carry the clock's time", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1, number: 8 });
    const teacher = await actorOf(s.users.teacherMath);
    const a1 = s.students.studentA1!.studentId;
    const from = clock.nowMs();
    await saveMark(teacher, lesson.id, { studentId: a1, assignmentTypeId: s.types["Ответ на уроке"], value: 5, comment: null, reason: null });
    await saveAttendance(teacher, lesson.id, { studentId: a1, code: "LATE", reason: null });
    const to = clock.nowMs();
    const [mark] = await marksOf(lesson.id);
    const [markAudit] = await auditOf("mark", `${lesson.id}:${a1}:${s.types["Ответ на уроке"]}`);
    const [attAudit] = await auditOf("attendance", `${lesson.id}:${a1}`);
    const { attendanceCheckedAt } = await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } });
    for (const at of [mark!.createdAt, mark!.updatedAt, markAudit!.at, attAudit!.at, attendanceCheckedAt!]) {
      expect(at.getTime()).toBeGreaterThanOrEqual(from);
      expect(at.getTime()).toBeLessThanOrEqual(to);
    }
  });
});
