/**
 * Issue 23, безотметочное обучение: the subject flag «без отметок» (audited), and what it and the
 * school's grades without marks do to the journal — marks refused on the server (grid JSON, lesson
 * form, final marks), the plain line on the grid and the lesson page — and to the checks that count
 * missing marks (the monthly journal check, the pre-close check of the year).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/access/actor.ts";
import { prisma } from "../../src/lib/db.ts";
import { monthlyCheck } from "../../src/modules/reports/check.service.ts";
import { monthOf } from "../../src/modules/reports/reports.common.ts";
import { preCloseCheck } from "../../src/modules/year-close/check.service.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { journalSchool, lessonAt, marksOf, postJson, type JournalSchool } from "../journal/helpers.ts";
import { snapshot } from "./helpers.ts";

useMidQuarterDay();

const LINE_GRADE = "Обучение без отметок: в 5-х классах отметки не ставятся.";
const LINE_SUBJECT = "Обучение без отметок: предмет «Математика» изучается без отметок.";

describe("the subject flag «без отметок» (/setup/subjects)", () => {
  it("the administrator sets it; the change is audited old → new and the list says «без отметок»", async () => {
    const s = await journalSchool();
    const admin = await as(s.users.admin);
    const form = await admin.get(`/setup/subjects/${s.subjects.math.id}/edit`);
    expect(form.text).toContain('<option value="NONE"');
    expect(form.text).toContain("безотметочное обучение по предмету");
    const res = await admin.form(`/setup/subjects/${s.subjects.math.id}`, { name: "Математика", shortName: "Мат", gradingMode: "NONE", sortOrder: "0" });
    expect(res.status).toBe(302);
    expect((await prisma.subject.findUniqueOrThrow({ where: { id: s.subjects.math.id } })).gradingMode).toBe("NONE");
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "subject", entityId: String(s.subjects.math.id) } });
    expect(log).toMatchObject({ action: "update", actorId: s.users.admin.userId, oldValue: { gradingMode: "MARKS" }, newValue: { gradingMode: "NONE" } });
    expect((await admin.get("/setup/subjects")).text).toContain("без отметок");
    // Saving the same values again changes and audits nothing.
    await admin.form(`/setup/subjects/${s.subjects.math.id}`, { name: "Математика", shortName: "Мат", gradingMode: "NONE", sortOrder: "0" });
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "subject" } })).toBe(1);
  });

  it.each(["teacherMath", "secretary", "parentAlekseev"] as const)("%s cannot set it (403, nothing changes)", async (who) => {
    const s = await journalSchool();
    const before = await snapshot(s.schoolId);
    const res = await (await as(s.users[who])).form(`/setup/subjects/${s.subjects.math.id}`, { name: "Математика", shortName: "Мат", gradingMode: "NONE" });
    expect(res.status).toBe(403);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });
});

describe("the journal refuses marks where there are none (issue 23)", () => {
  let s: JournalSchool;
  beforeAll(async () => {
    s = await journalSchool();
  });

  const cases = [
    [
      "a grade the school teaches without marks",
      LINE_GRADE,
      (x: JournalSchool) => prisma.school.update({ where: { id: x.schoolId }, data: { ungradedGrades: [5] } }),
    ],
    [
      "a subject graded «без отметок»",
      LINE_SUBJECT,
      (x: JournalSchool) => prisma.subject.update({ where: { id: x.subjects.math.id }, data: { gradingMode: "NONE" } }),
    ],
  ] as const;

  it.each(cases)("%s: the grid's JSON endpoint answers 422 with the Russian reason and stores nothing", async (_what, line, setUp) => {
    const x = await journalSchool();
    await setUp(x);
    const lesson = await lessonAt(x, { daysAgo: 1 });
    const teacher = await as(x.users.teacherMath);
    const res = await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, {
      studentId: x.students.studentA1!.studentId,
      assignmentTypeId: x.types["Ответ на уроке"],
      value: 5,
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe(line);
    expect(await marksOf(lesson.id)).toHaveLength(0);
    expect(await prisma.lessonWork.count({ where: { lessonId: lesson.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { schoolId: x.schoolId, entity: "mark" } })).toBe(0);
    // Attendance is still taken.
    const att = await postJson(teacher, `/journal/lessons/${lesson.id}/attendance`, { studentId: x.students.studentA1!.studentId, code: "ILL" });
    expect(att.status).toBe(200);
    expect((await prisma.attendance.findFirstOrThrow({ where: { lessonId: lesson.id } })).code).toBe("ILL");
  });

  it.each(cases)("%s: a crafted lesson form with a mark is refused (422) with the reason; nothing is saved", async (_what, line, setUp) => {
    const x = await journalSchool();
    await setUp(x);
    const lesson = await lessonAt(x, { daysAgo: 1 });
    const a1 = x.students.studentA1!.studentId;
    const type = x.types["Ответ на уроке"];
    const teacher = await as(x.users.teacherMath);
    const page = await teacher.get(`/journal/lessons/${lesson.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(line);
    expect(page.text).not.toContain(`name="mark_${type}_${a1}"`);
    expect(page.text).toContain("Сохранить посещаемость</button>");
    const res = await teacher.form(`/journal/lessons/${lesson.id}/sheet`, { [`mark_${type}_${a1}`]: "5", [`att_${a1}`]: "ABSENT" });
    expect(res.status).toBe(422);
    expect(res.text).toContain(line);
    expect(await marksOf(lesson.id)).toHaveLength(0);
    // All or nothing: the attendance of the same post is not kept either.
    expect(await prisma.attendance.count({ where: { lessonId: lesson.id } })).toBe(0);
    // The attendance alone is saved.
    const ok = await teacher.form(`/journal/lessons/${lesson.id}/sheet`, { [`att_${a1}`]: "ABSENT" });
    expect(ok.status).toBe(302);
    expect(await prisma.attendance.count({ where: { lessonId: lesson.id } })).toBe(1);
  });

  it.each(cases)("%s: a final mark is refused with the reason (422), nothing stored", async (_what, line, setUp) => {
    const x = await journalSchool();
    await setUp(x);
    const teacher = await as(x.users.teacherMath);
    const base = `/journal/${x.classes["5А"]!.id}/${x.subjects.math.id}`;
    const res = await postJson(teacher, `${base}/final-marks`, { studentId: x.students.studentA1!.studentId, periodId: x.periods[0]!.id, value: "5" });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe(line);
    expect(await prisma.finalMark.count({ where: { schoolId: x.schoolId } })).toBe(0);
  });

  it("the grid shows the plain line above the table; a graded journal does not", async () => {
    await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [5] } });
    const teacher = await as(s.users.teacherMath);
    const grid = await teacher.get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}?period=${s.periods[1]!.id}`);
    expect(grid.status).toBe(200);
    expect(grid.text).toContain(LINE_GRADE);
    await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [1] } });
    const graded = await teacher.get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}?period=${s.periods[1]!.id}`);
    expect(graded.text).not.toContain("Обучение без отметок");
  });

  it("a graded class and subject still take marks (control)", async () => {
    const lesson = await lessonAt(s, { daysAgo: 2 });
    const teacher = await as(s.users.teacherMath);
    const res = await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, {
      studentId: s.students.studentA1!.studentId,
      assignmentTypeId: s.types["Ответ на уроке"],
      value: 4,
    });
    expect(res.status).toBe(200);
    expect((await marksOf(lesson.id)).map((m) => m.value)).toEqual([4]);
  });
});

describe("checks that count missing marks leave out classes and subjects without marks", () => {
  it("the monthly journal check counts no «students without marks» there", async () => {
    const s = await journalSchool();
    await lessonAt(s, { daysAgo: 1 });
    const deputy = (await loadActor(s.users.deputy.userId))!;
    const month = monthOf("2026-12");
    const row = async () => (await monthlyCheck(deputy, { month, classIds: [s.classes["5А"]!.id] })).teachers.flatMap((t) => t.rows)[0]!;
    expect(await row()).toMatchObject({ graded: true, students: 2, noMark: 2 });
    await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [1, 5] } });
    expect(await row()).toMatchObject({ graded: false, students: 0, noMark: 0 });
    await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [1] } });
    await prisma.subject.update({ where: { id: s.subjects.math.id }, data: { gradingMode: "NONE" } });
    expect(await row()).toMatchObject({ graded: false, noMark: 0 });
  });

  it("the pre-close check of the year expects no year marks there", async () => {
    const s = await journalSchool();
    const finalsOf = async () =>
      (await preCloseCheck(prisma, s.schoolId, s.year.id)).items
        .filter((i) => i.kind === "finals")
        .map((i) => `${i.className} ${i.subjectName}`)
        .sort();
    expect(await finalsOf()).toEqual(["5А Английский язык", "5А Математика", "5А Русский язык", "5Б Математика", "5Б Русский язык"]);
    await prisma.subject.update({ where: { id: s.subjects.english.id }, data: { gradingMode: "NONE" } });
    await prisma.schoolClass.update({ where: { id: s.classes["5Б"]!.id }, data: { grade: 1 } });
    expect(await finalsOf()).toEqual(["5А Математика", "5А Русский язык"]);
  });
});
