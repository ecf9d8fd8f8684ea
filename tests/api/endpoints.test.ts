/**
 * The JSON API's endpoints with the pages' access rules (issue 21): the main access tests run
 * through the API (R-ACL-1, R-ACL-2), the diary week with ETag/304, the marks and timetable, the
 * lists, the teacher's today and grid, and mark entry by API that the pages then show.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { addDays, isoDate, today } from "../../src/lib/dates.ts";
import {
  diaryWeekSchema,
  meSchema,
  gridSchema,
  marksSchema,
  messagesSchema,
  announcementsSchema,
  savedMarkSchema,
  timetableSchema,
  todaySchema,
} from "../../src/modules/api/api.schemas.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { journalSchool, lessonAt, type JournalSchool } from "../journal/helpers.ts";
import { attendance, bells, mark } from "../diary/helpers.ts";
import { apiAs, errorOf } from "./helpers.ts";

useMidQuarterDay(); // Wednesday 9 December 2026, a school day of the 2nd quarter

let s: JournalSchool;
let other: JournalSchool;
let lessonId: number;
beforeAll(async () => {
  s = await journalSchool();
  other = await journalSchool();
  await bells(s);
  const l = await lessonAt(s, { daysAgo: 1 }); // Tuesday, 5А Математика, 1st lesson
  lessonId = l.id;
  await prisma.lesson.update({ where: { id: l.id }, data: { topic: "Дроби", homework: "№ 12, 14", homeworkDue: addDays(today(), 1) } });
  await mark(s, l.id, s.students.studentA1!.studentId, s.types["Контрольная работа"], 4, "аккуратно");
  await attendance(s, l.id, s.students.studentA2!.studentId, "ILL");
});

const A1 = () => s.students.studentA1!.studentId;
const A2 = () => s.students.studentA2!.studentId;
const B1 = () => s.students.studentB1!.studentId;
const DIARY = ["diary", "marks", "timetable"] as const;

describe("the diary by API: the same access as the pages (R-ACL-1)", () => {
  it("a parent reads the own child's week: lessons, topic, homework, marks, bell times", async () => {
    const api = await apiAs(s.users.parentAlekseev);
    const res = await api.get(`/api/v1/students/${A1()}/diary?week=${isoDate(today())}`);
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("private, no-cache");
    const week = diaryWeekSchema.parse(res.body);
    expect(week.weekStart).toBe("2026-12-07");
    const tuesday = week.days.find((d) => d.date === "2026-12-08")!;
    expect(tuesday.className).toBe("5А");
    expect(tuesday.lessons).toEqual([
      expect.objectContaining({
        lessonId,
        number: 1,
        time: "08:30–09:15",
        subject: "Математика",
        topic: "Дроби",
        homework: { text: "№ 12, 14", due: "2026-12-10" },
        marks: [{ value: 4, kind: "Контрольная работа", workTopic: null, comment: "аккуратно" }],
        attendance: null,
      }),
    ]);
    expect(week.homeworkDue).toEqual([{ due: "2026-12-10", subject: "Математика", text: "№ 12, 14", given: "2026-12-08" }]);
  });

  it("attendance shows in the child's week; another child's marks do not", async () => {
    const api = await apiAs(s.users.parentBorisova);
    const week = diaryWeekSchema.parse((await api.get(`/api/v1/students/${A2()}/diary?week=2026-12-08`)).body);
    const lesson = week.days.find((d) => d.date === "2026-12-08")!.lessons[0]!;
    expect(lesson.attendance).toEqual({ code: "ILL", label: "Б", title: "Болел(а)" });
    expect(lesson.marks).toEqual([]);
  });

  it.each(DIARY)("a parent reading another family's student gets 404 (%s), nothing of it", async (what) => {
    const api = await apiAs(s.users.parentAlekseev);
    expect((await api.get(`/api/v1/students/${A1()}/${what}`)).status).toBe(200);
    const res = await api.get(`/api/v1/students/${A2()}/${what}`);
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe("not_found");
    expect(JSON.stringify(res.body)).not.toContain("Борисова");
  });

  it.each(DIARY)("a student reading a classmate or a sibling gets 404 (%s)", async (what) => {
    const api = await apiAs(s.users.studentA1);
    expect((await api.get(`/api/v1/students/${A1()}/${what}`)).status).toBe(200);
    expect((await api.get(`/api/v1/students/${A2()}/${what}`)).status).toBe(404);
    expect((await api.get(`/api/v1/students/${B1()}/${what}`)).status).toBe(404);
  });

  it("guessed, malformed and other schools' ids answer 404", async () => {
    const api = await apiAs(s.users.parentBorisova);
    for (const id of [A2() + 1, A2() - 1, 999999999, 99999999999, 0, "abc", "1e3", other.students.studentA1!.studentId])
      for (const what of DIARY) expect((await api.get(`/api/v1/students/${id}/${what}`)).status, `${id} ${what}`).toBe(404);
    // A period of another school on the marks endpoint: 404 as on the page.
    expect((await api.get(`/api/v1/students/${A2()}/marks?period=${other.periods[1]!.id}`)).status).toBe(404);
    expect((await api.get(`/api/v1/students/${A2()}/marks?period=${s.periods[1]!.id}`)).status).toBe(200);
  });

  it("bad query values are 422 with the field named, in Russian", async () => {
    const api = await apiAs(s.users.studentA1);
    for (const week of ["2026-13-01", "2026-02-31", "вчера"]) {
      const res = await api.get(`/api/v1/students/${A1()}/diary?week=${encodeURIComponent(week)}`);
      expect(res.status, week).toBe(422);
      const error = errorOf(res);
      expect(error.code).toBe("validation_failed");
      expect(error.fields?.[0]).toEqual({ field: "week", message: expect.stringMatching(/ГГГГ-ММ-ДД|дат/i) as string });
    }
    const page = await api.get("/api/v1/announcements?page=0");
    expect(page.status).toBe(422);
    expect(errorOf(page).fields?.[0]?.field).toBe("page");
  });

  it.each(["teacherMath", "deputy", "admin"] as const)("staff without the parent role (%s) have no diary by API (403)", async (who) => {
    const api = await apiAs(s.users[who]);
    const res = await api.get(`/api/v1/students/${A1()}/diary`);
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe("forbidden");
  });

  it("the week carries an ETag: If-None-Match answers 304 until the week changes", async () => {
    const api = await apiAs(s.users.studentA1);
    const url = `/api/v1/students/${A1()}/diary?week=2026-12-08`;
    const first = await api.get(url);
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await api.get(url).set("If-None-Match", etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    await mark(s, lessonId, A1(), s.types["Ответ на уроке"], 5);
    const changed = await api.get(url).set("If-None-Match", etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    // The marks and the timetable too (Express tags every JSON answer with a hash of its body).
    for (const other of [`/api/v1/students/${A1()}/marks`, `/api/v1/students/${A1()}/timetable?week=2026-12-08`]) {
      const r = await api.get(other);
      expect((await api.get(other).set("If-None-Match", r.headers.etag as string)).status, other).toBe(304);
    }
  });

  it("the marks of a period: weighted average and the class average, as the marks page", async () => {
    const api = await apiAs(s.users.studentA1);
    const res = await api.get(`/api/v1/students/${A1()}/marks`);
    const marks = marksSchema.parse(res.body);
    expect(marks.period?.id).toBe(s.periods[1]!.id);
    const math = marks.subjects.find((r) => r.subject === "Математика")!;
    expect(math.marks.map((m) => m.value).sort()).toEqual([4, 5]);
    expect(math.average).not.toBeNull();
    // Fewer than three classmates with marks: no class average (R-ACL-1), as on the page.
    expect(math.classAverage).toBeNull();
  });

  it("the timetable of the week: numbers, bell times, subjects", async () => {
    const api = await apiAs(s.users.parentAlekseev);
    const t = timetableSchema.parse((await api.get(`/api/v1/students/${A1()}/timetable?week=2026-12-08`)).body);
    expect(t.days.find((d) => d.date === "2026-12-08")!.lessons).toEqual([
      { number: 1, time: "08:30–09:15", subject: "Математика", cancelled: false, change: null, substitute: null },
    ]);
  });
});

describe("who am I", () => {
  it("a parent of two sees both children; a student only the own record", async () => {
    const parent = meSchema.parse((await (await apiAs(s.users.parentAlekseev)).get("/api/v1/me")).body);
    expect(parent.children.map((c) => c.id).sort()).toEqual([A1(), B1()].sort());
    expect(parent.student).toBeNull();
    const student = meSchema.parse((await (await apiAs(s.users.studentA1)).get("/api/v1/me")).body);
    expect(student.student).toEqual({ id: A1(), name: "Алексеев Артём Игоревич" });
    expect(student.children).toEqual([]);
    const teacher = meSchema.parse((await (await apiAs(s.users.teacherMath, { scope: "write" })).get("/api/v1/me")).body);
    expect(teacher).toMatchObject({ student: null, children: [], token: { scope: "write" }, school: { id: s.schoolId } });
  });
});

describe("announcements and messages by API", () => {
  it("lists are paginated and only the reader's own", async () => {
    await prisma.announcement.create({
      data: {
        schoolId: s.schoolId,
        authorId: s.users.admin.userId,
        title: "Собрание родителей",
        body: "В пятницу",
        audience: "SCHOOL",
        toParents: true,
        toStudents: true,
      },
    });
    await prisma.announcement.create({
      data: {
        schoolId: other.schoolId,
        authorId: other.users.admin.userId,
        title: "Чужая школа",
        body: "-",
        audience: "SCHOOL",
        toParents: true,
        toStudents: true,
      },
    });
    const api = await apiAs(s.users.parentAlekseev);
    const list = announcementsSchema.parse((await api.get("/api/v1/announcements")).body);
    expect(list.items.map((a) => a.title)).toEqual(["Собрание родителей"]);
    expect(list).toMatchObject({ page: 1, hasNext: false });
    const messages = messagesSchema.parse((await api.get("/api/v1/messages?folder=inbox&page=1")).body);
    expect(messages).toMatchObject({ folder: "inbox", items: [], page: 1 });
    expect((await api.get("/api/v1/messages?folder=spam")).status).toBe(422);
  });
});

describe("the teacher's endpoints (R-ACL-2, R-JRN-5)", () => {
  it("today's lessons of the teacher, with the journal they belong to", async () => {
    await lessonAt(s, { daysAgo: 0, number: 3 });
    const api = await apiAs(s.users.teacherMath);
    const t = todaySchema.parse((await api.get("/api/v1/teacher/today")).body);
    expect(t.date).toBe("2026-12-09");
    expect(t.lessons).toEqual([
      expect.objectContaining({ number: 3, className: "5А", subject: "Математика", journal: { classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id } }),
    ]);
    expect((await (await apiAs(s.users.parentAlekseev)).get("/api/v1/teacher/today")).status).toBe(403);
  });

  it("the grid of a taught journal; another school's journal is 404; families have none (403)", async () => {
    const api = await apiAs(s.users.teacherMath);
    const url = `/api/v1/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
    const grid = gridSchema.parse((await api.get(url)).body);
    expect(grid.canWrite).toBe(true);
    const row = grid.students.find((r) => r.studentId === A1())!;
    const col = grid.lessons.findIndex((l) => l.lessonId === lessonId);
    const stored = await prisma.mark.findMany({ where: { lessonId, studentId: A1() }, select: { value: true } });
    expect(row.cells[col]!.marks.filter((v) => v !== null).sort()).toEqual(stored.map((m) => m.value).sort());
    expect(stored.length).toBeGreaterThan(0);
    expect((await api.get(`/api/v1/journal/${other.classes["5А"]!.id}/${other.subjects.math.id}`)).status).toBe(404);
    expect((await api.get(`/api/v1/journal/${s.classes["5А"]!.id}/${other.subjects.math.id}`)).status).toBe(404);
    expect((await api.get(`/api/v1/journal/999999999/${s.subjects.math.id}`)).status).toBe(404);
    expect((await (await apiAs(s.users.parentAlekseev)).get(url)).status).toBe(403);
  });

  it("a teacher reads a journal not taught (as the pages allow, R-ACL-2) but cannot write it; nothing is written", async () => {
    const api = await apiAs(s.users.teacherRussian, { scope: "write" });
    const grid = gridSchema.parse((await api.get(`/api/v1/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`)).body);
    expect(grid.canWrite).toBe(false);
    const before = await prisma.mark.count({ where: { lessonId } });
    const res = await api.post("/api/v1/journal/marks", { lessonId, studentId: A2(), assignmentTypeId: s.types["Ответ на уроке"], value: 3 });
    expect(res.status).toBe(403); // as the grid's autosave answers (marks.service: Forbidden)
    expect(await prisma.mark.count({ where: { lessonId } })).toBe(before);
  });

  it("a mark entered by API is validated like the grid's autosave and shows on the pages", async () => {
    const api = await apiAs(s.users.teacherMath, { scope: "write" });
    const bad = await api.post("/api/v1/journal/marks", { lessonId, studentId: A2(), assignmentTypeId: s.types["Ответ на уроке"], value: 7 });
    expect(bad.status).toBe(422);
    expect(errorOf(bad).fields).toEqual([{ field: "value", message: expect.any(String) as string }]);
    // A student of another school, a lesson of another school: not found, nothing written.
    const foreignStudent = await api.post("/api/v1/journal/marks", {
      lessonId,
      studentId: other.students.studentA1!.studentId,
      assignmentTypeId: s.types["Ответ на уроке"],
      value: 5,
    });
    expect(foreignStudent.status).toBe(422);
    expect(errorOf(foreignStudent).fields?.[0]?.field).toBe("studentId");
    const foreignLesson = await lessonAt(other, { daysAgo: 1 });
    expect(
      (await api.post("/api/v1/journal/marks", { lessonId: foreignLesson.id, studentId: A2(), assignmentTypeId: s.types["Ответ на уроке"], value: 5 })).status,
    ).toBe(404);
    expect(await prisma.mark.count({ where: { studentId: A2(), lessonId } })).toBe(0);

    const ok = await api.post("/api/v1/journal/marks", {
      lessonId,
      studentId: A2(),
      assignmentTypeId: s.types["Самостоятельная работа"],
      value: 3,
      comment: "по API",
    });
    expect(ok.status).toBe(200);
    const saved = savedMarkSchema.parse(ok.body);
    expect(saved.mark).toMatchObject({ value: 3, comment: "по API" });
    const row = await prisma.mark.findFirstOrThrow({ where: { lessonId, studentId: A2() } });
    expect(row.createdBy).toBe(s.users.teacherMath.userId);
    expect(await prisma.auditLog.count({ where: { entity: "mark", actorId: s.users.teacherMath.userId } })).toBeGreaterThan(0);

    // The parent's diary page and the teacher's grid page show it.
    const parent = await as(s.users.parentBorisova);
    const week = await parent.get(`/diary/${A2()}/week?date=2026-12-08`);
    expect(week.text).toContain("по API");
    const teacher = await as(s.users.teacherMath);
    const grid = await teacher.get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`);
    expect(grid.status).toBe(200);
    // The grid's cell of that student, lesson and kind of work (grid.html.ts: td.c.m with data-l, data-t, the comment as title).
    const row3 = grid.text.split("<tr").find((r) => r.includes(`data-s="${A2()}"`) || r.includes("Борисова Вера")) ?? "";
    expect(row3).toMatch(new RegExp(`<td class="c m v3[^"]*" data-l="${lessonId}" data-t="${s.types["Самостоятельная работа"]}" title="по API">3</td>`));
  });

  it("a mark older than the 30-day lock is refused by API as in the grid (423), nothing written", async () => {
    const old = await lessonAt(s, { daysAgo: 31 });
    const api = await apiAs(s.users.teacherMath, { scope: "write" });
    const res = await api.post("/api/v1/journal/marks", { lessonId: old.id, studentId: A1(), assignmentTypeId: s.types["Ответ на уроке"], value: 5 });
    expect(res.status).toBe(423);
    expect(errorOf(res).code).toBe("locked");
    expect(await prisma.mark.count({ where: { lessonId: old.id } })).toBe(0);
  });
});

describe("unknown paths", () => {
  it("answer 404 JSON under /api/v1", async () => {
    const api = await apiAs(s.users.studentA1);
    const res = await api.get("/api/v1/no-such-thing");
    expect(res.status).toBe(404);
    expect(errorOf(res)).toEqual({ code: "not_found", message: "Не найдено." });
  });
});

describe("bodies", () => {
  it("a body that is not JSON is 400 JSON; a form-encoded one is read as no body (422 with the fields)", async () => {
    const api = await apiAs(s.users.teacherMath, { scope: "write" });
    const broken = await api.post("/api/v1/journal/marks", {}).set("Content-Type", "application/json").send("{ not json");
    expect(broken.status).toBe(400);
    expect(errorOf(broken).code).toBe("bad_request");
    const form = await api
      .post("/api/v1/journal/marks", {})
      .type("form")
      .send({ lessonId: String(lessonId), value: "5" });
    expect(form.status).toBe(422);
    expect(errorOf(form).fields?.map((f) => f.field)).toContain("lessonId");
  });
});
