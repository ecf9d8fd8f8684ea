/**
 * Lessons (R-JRN-1, R-JRN-3, R-JRN-10): create with topic, type, kinds of work and homework with
 * a due date; edit; delete only without marks; the no-JavaScript lesson sheet (marks, comments,
 * attendance of all students at once, all or nothing); the kinds of work with weights kept by
 * the administrator.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { isoDate } from "../../src/lib/dates.ts";
import { as } from "../support/http.ts";
import { addDays, auditOf, journalSchool, lessonAt, marksOf, postJson, today, type JournalSchool } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

let s: JournalSchool;
let base: string;
// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

beforeAll(async () => {
  s = await journalSchool();
  base = `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
});

const day = (daysAgo: number) => isoDate(addDays(today(), -daysAgo));

describe("creating, editing and deleting a lesson", () => {
  it("the teacher creates a lesson with topic, type, kinds of work and homework; it is audited and shown in the grid", async () => {
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get(`${base}/lessons/new`)).status).toBe(200);
    const r = await teacher.form(`${base}/lessons`, {
      date: day(1),
      number: "3",
      topic: "Сложение дробей",
      lessonType: "Урок открытия новых знаний",
      works: [String(s.types["Ответ на уроке"]), String(s.types["Самостоятельная работа"])],
      [`workTopic_${s.types["Самостоятельная работа"]}`]: "Дроби с общим знаменателем",
      homework: "№ 245, 246",
      homeworkDue: day(-2),
    });
    expect(r.status).toBe(302);
    const id = Number(/\/journal\/lessons\/(\d+)/.exec(r.headers.location!)![1]);
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id }, include: { works: true } });
    expect(lesson).toMatchObject({
      topic: "Сложение дробей",
      lessonType: "Урок открытия новых знаний",
      homework: "№ 245, 246",
      number: 3,
      teacherId: s.users.teacherMath.personId,
    });
    expect(isoDate(lesson.homeworkDue!)).toBe(day(-2));
    expect(lesson.works.map((w) => [w.assignmentTypeId, w.topic]).sort()).toEqual(
      [
        [s.types["Ответ на уроке"], null],
        [s.types["Самостоятельная работа"], "Дроби с общим знаменателем"],
      ].sort(),
    );
    expect((await auditOf("lesson", String(id)))[0]!.action).toBe("create");
    const grid = await teacher.get(base);
    expect(grid.text).toContain("Сложение дробей");
    expect(grid.text).toContain("№ 245, 246");

    // edit: the topic and homework change, a kind of work is removed
    const e = await teacher.form(`/journal/lessons/${id}`, {
      date: day(1),
      topic: "Сложение и вычитание дробей",
      homework: "№ 250",
      homeworkDue: day(-3),
      works: String(s.types["Ответ на уроке"]),
    });
    expect(e.status).toBe(302);
    const edited = await prisma.lesson.findUniqueOrThrow({ where: { id }, include: { works: true } });
    expect(edited.topic).toBe("Сложение и вычитание дробей");
    expect(edited.works.map((w) => w.assignmentTypeId)).toEqual([s.types["Ответ на уроке"]]);
    expect((await auditOf("lesson", String(id))).at(-1)).toMatchObject({
      action: "update",
      oldValue: { topic: "Сложение дробей" },
      newValue: { topic: "Сложение и вычитание дробей" },
    });
  });

  it.each([
    ["a date outside every study period (between quarters)", { date: "2026-10-30" }, "date", /учебного периода/],
    ["a date outside the year", { date: "2027-07-01" }, "date", /учебного периода/],
    ["no date", { date: "" }, "date", /./],
    ["a malformed date", { date: "31.02.2026" }, "date", /./],
    // A getter: the row is built when the file is collected, before useMidQuarterDay() sets the clock.
    [
      "homework due before the lesson",
      {
        get homeworkDue() {
          return day(5);
        },
      },
      "homeworkDue",
      /раньше даты урока/,
    ],
    ["an unknown kind of work", { works: "999999" }, "works", /вид работы/i],
    ["lesson number 9", { number: "9" }, "number", /./],
  ] as const)("refuses %s with a Russian message beside the field, nothing saved", async (_label, over, field, message) => {
    const before = await prisma.lesson.count({ where: { schoolId: s.schoolId } });
    const r = await (await as(s.users.teacherMath)).form(`${base}/lessons`, { date: day(1), topic: "Тема", ...over });
    expect(r.status).toBe(422);
    expect(r.text).toMatch(message);
    expect(r.text).toMatch(new RegExp(`name="${field}"`));
    expect(await prisma.lesson.count({ where: { schoolId: s.schoolId } })).toBe(before);
  });

  it("another subject's teacher (403), a parent (403) and a closed year (423) cannot create lessons", async () => {
    expect((await (await as(s.users.teacherEnglish)).form(`${base}/lessons`, { date: day(1) })).status).toBe(403);
    expect((await (await as(s.users.parentAlekseev)).form(`${base}/lessons`, { date: day(1) })).status).toBe(403);
    const closed = await journalSchool({ yearStatus: "CLOSED" });
    const r = await (await as(closed.users.teacherMath)).form(`/journal/${closed.classes["5А"]!.id}/${closed.subjects.math.id}/lessons`, { date: day(1) });
    expect(r.status).toBe(423);
    expect(await prisma.lesson.count({ where: { schoolId: closed.schoolId } })).toBe(0);
  });

  it("a lesson with marks cannot be deleted (409); without marks it can, audited", async () => {
    const teacher = await as(s.users.teacherMath);
    const withMark = await lessonAt(s, { daysAgo: 1, number: 4 });
    await postJson(teacher, `/journal/lessons/${withMark.id}/marks`, {
      studentId: s.students.studentA1!.studentId,
      assignmentTypeId: s.types["Ответ на уроке"],
      value: 5,
    });
    const refused = await teacher.form(`/journal/lessons/${withMark.id}/delete`, {});
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("есть отметки");
    expect(await prisma.lesson.count({ where: { id: withMark.id } })).toBe(1);

    const empty = await lessonAt(s, { daysAgo: 1, number: 5 });
    expect((await (await as(s.users.teacherEnglish)).form(`/journal/lessons/${empty.id}/delete`, {})).status).toBe(403);
    const ok = await teacher.form(`/journal/lessons/${empty.id}/delete`, {});
    expect(ok.status).toBe(302);
    expect(await prisma.lesson.count({ where: { id: empty.id } })).toBe(0);
    expect((await auditOf("lesson", String(empty.id))).at(-1)!.action).toBe("delete");
    const other = await journalSchool();
    const foreign = await lessonAt(other, { daysAgo: 1 });
    expect((await (await as(s.users.deputy)).form(`/journal/lessons/${foreign.id}/delete`, {})).status).toBe(404);
  });
});

describe("the lesson sheet without JavaScript (POST /journal/lessons/:id/sheet)", () => {
  it("saves marks with comments and attendance of all students at once; a bad value rejects the whole form", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1, number: 6 });
    await prisma.lessonWork.createMany({
      data: [s.types["Ответ на уроке"], s.types["Контрольная работа"]].map((t) => ({ schoolId: s.schoolId, lessonId: lesson.id, assignmentTypeId: t })),
    });
    const a1 = s.students.studentA1!.studentId;
    const a2 = s.students.studentA2!.studentId;
    const teacher = await as(s.users.teacherMath);
    const page = await teacher.get(`/journal/lessons/${lesson.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`name="mark_${s.types["Контрольная работа"]}_${a1}"`);
    expect(page.text).toContain(`name="att_${a2}"`);

    const bad = await teacher.form(`/journal/lessons/${lesson.id}/sheet`, {
      [`mark_${s.types["Ответ на уроке"]}_${a1}`]: "5",
      [`mark_${s.types["Контрольная работа"]}_${a1}`]: "6",
      [`att_${a2}`]: "ABSENT",
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Отметка — целое число от 1 до 5");
    expect(await marksOf(lesson.id)).toHaveLength(0);
    expect(await prisma.attendance.count({ where: { lessonId: lesson.id } })).toBe(0);

    const ok = await teacher.form(`/journal/lessons/${lesson.id}/sheet`, {
      [`mark_${s.types["Ответ на уроке"]}_${a1}`]: "5",
      [`mark_${s.types["Контрольная работа"]}_${a1}`]: "4",
      [`comment_${s.types["Контрольная работа"]}_${a1}`]: "ошибка в задаче 3",
      [`att_${a2}`]: "ABSENT",
      [`att_${a1}`]: "",
    });
    expect(ok.status).toBe(302);
    const marks = await marksOf(lesson.id);
    expect(marks.map((m) => [m.value, m.comment])).toEqual([
      [5, null],
      [4, "ошибка в задаче 3"],
    ]);
    expect((await prisma.attendance.findFirstOrThrow({ where: { lessonId: lesson.id } })).code).toBe("ABSENT");
    expect(await prisma.auditLog.count({ where: { entity: "mark", entityId: { startsWith: `${lesson.id}:` } } })).toBe(2);

    // another teacher's sheet post is refused
    expect((await (await as(s.users.teacherEnglish)).form(`/journal/lessons/${lesson.id}/sheet`, { [`att_${a1}`]: "ILL" })).status).toBe(403);
  });

  it("all or nothing across cells: the class teacher's attendance is not kept when a mark in the same post is refused (403)", async () => {
    const lesson = await lessonAt(s, { daysAgo: 2, number: 1 });
    const answer = s.types["Ответ на уроке"];
    await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: lesson.id, assignmentTypeId: answer } });
    const a1 = s.students.studentA1!.studentId;
    const a2 = s.students.studentA2!.studentId;
    const classTeacher = await as(s.users.teacherRussian);
    const refused = await classTeacher.form(`/journal/lessons/${lesson.id}/sheet`, { [`att_${a2}`]: "ABSENT", [`mark_${answer}_${a1}`]: "5" });
    expect(refused.status).toBe(403);
    expect(await prisma.attendance.count({ where: { lessonId: lesson.id } })).toBe(0);
    expect(await marksOf(lesson.id)).toHaveLength(0);
    expect(await auditOf("attendance", `${lesson.id}:${a2}`)).toHaveLength(0);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).attendanceCheckedAt).toBeNull();

    // attendance alone is the class teacher's to set; an unchanged posted value is no change
    const ok = await classTeacher.form(`/journal/lessons/${lesson.id}/sheet`, { [`att_${a2}`]: "ABSENT", [`att_${a1}`]: "" });
    expect(ok.status).toBe(302);
    expect((await prisma.attendance.findFirstOrThrow({ where: { lessonId: lesson.id } })).code).toBe("ABSENT");
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).attendanceCheckedAt).not.toBeNull();
    expect((await auditOf("attendance", `${lesson.id}:${a2}`)).map((e) => e.action)).toEqual(["create"]);
  });
});

describe("kinds of work and their weights (/journal/assignment-types)", () => {
  it("the administrator adds and edits a kind of work; weights are checked; teachers only view", async () => {
    const admin = await as(s.users.admin);
    const list = await admin.get("/journal/assignment-types");
    expect(list.status).toBe(200);
    expect(list.text).toContain("Контрольная работа");
    const created = await admin.form("/journal/assignment-types", { name: "Зачёт по теории", shortName: "Зач", weight: "1,5", sortOrder: "100" });
    expect(created.status).toBe(302);
    const t = await prisma.assignmentType.findFirstOrThrow({ where: { schoolId: s.schoolId, name: "Зачёт по теории" } });
    expect(Number(t.weight)).toBe(1.5);
    expect((await auditOf("assignment-type", String(t.id)))[0]!.action).toBe("create");

    for (const [weight, re] of [
      ["0", /./],
      ["abc", /./],
      ["1,55", /одного знака/],
    ] as const) {
      const r = await admin.form(`/journal/assignment-types/${t.id}`, { name: "Зачёт по теории", shortName: "Зач", weight, sortOrder: "100" });
      expect(r.status).toBe(422);
      expect(r.text).toMatch(re);
    }
    expect((await admin.form("/journal/assignment-types", { name: "Контрольная работа", shortName: "К", weight: "2" })).status).toBe(422);
    expect((await admin.form(`/journal/assignment-types/${t.id}`, { name: "Зачёт по теории", shortName: "Зач", weight: "2", sortOrder: "100" })).status).toBe(
      302,
    );
    expect(Number((await prisma.assignmentType.findUniqueOrThrow({ where: { id: t.id } })).weight)).toBe(2);

    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get("/journal/assignment-types")).status).toBe(200);
    expect((await teacher.form("/journal/assignment-types", { name: "Своё", shortName: "С", weight: "1" })).status).toBe(403);
    expect((await (await as(s.users.parentAlekseev)).get("/journal/assignment-types")).status).toBe(403);
  });
});
