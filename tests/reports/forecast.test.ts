/**
 * «Прогноз итоговых отметок и группа риска» (issue 17, R-JRN-8): each pupil's weighted average and forecast
 * per subject for the class's current period and the year so far; the pupils at risk — a forecast of «2» or
 * fewer period marks than the school's minimum (default 3) — per class and for the school; page, .xlsx and
 * PDF; who sees what (deputy: all; class teacher: the own class; teacher: the own subjects; families: 403;
 * another school's class: 404). Today is 09.12.2026, in the 2nd quarter (05.11–28.12).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pageText, pdfPages, squash, xlsxRows } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Fixed dates of the fixture (lessons, consents, the 2nd quarter 05.11–28.12) on a school day of that quarter, whatever TEST_NOW the run has.
useMidQuarterDay();

type School = Awaited<ReturnType<typeof buildSchool>>;
let s: School;
let other: School;

async function marks(
  school: School,
  cls: "5А" | "5Б",
  subject: "math" | "russian",
  teacherId: number,
  date: string,
  list: [studentId: number, value: number, weight: 1 | 2][],
) {
  const lesson = await prisma.lesson.create({
    data: { schoolId: school.schoolId, classId: school.classes[cls]!.id, subjectId: school.subjects[subject].id, teacherId, date: d(date), number: 2 },
  });
  for (const [studentId, value, weight] of list) {
    const type = await prisma.assignmentType.upsert({
      where: { schoolId_name: { schoolId: school.schoolId, name: weight === 1 ? "Ответ на уроке" : "Контрольная работа" } },
      create: { schoolId: school.schoolId, name: weight === 1 ? "Ответ на уроке" : "Контрольная работа", shortName: weight === 1 ? "Отв" : "К/р", weight },
      update: {},
    });
    const work = await prisma.lessonWork.upsert({
      where: { lessonId_assignmentTypeId: { lessonId: lesson.id, assignmentTypeId: type.id } },
      create: { schoolId: school.schoolId, lessonId: lesson.id, assignmentTypeId: type.id },
      update: {},
    });
    await prisma.mark.create({ data: { schoolId: school.schoolId, lessonId: lesson.id, workId: work.id, studentId, value } });
  }
}

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  const a1 = s.students.studentA1!.studentId;
  const a2 = s.students.studentA2!.studentId;
  const b1 = s.students.studentB1!.studentId;
  const math = s.users.teacherMath.personId;
  // 5А math: A1 «5» in September (the year only), then 2, 2, 3 in the quarter → 2,33 → «2»; the year 3,00 → «3».
  await marks(s, "5А", "math", math, "2026-09-14", [[a1, 5, 1]]);
  await marks(s, "5А", "math", math, "2026-11-10", [
    [a1, 2, 1],
    [a2, 5, 1],
  ]);
  await marks(s, "5А", "math", math, "2026-11-17", [[a1, 2, 1]]);
  await marks(s, "5А", "math", math, "2026-11-24", [[a1, 3, 1]]);
  // 5А Russian: A1 4 (answer) and 5 (control, weight 2) and 3 → (4 + 10 + 3) / 4 = 4,25 → «4».
  await marks(s, "5А", "russian", s.users.teacherRussian.personId, "2026-11-12", [
    [a1, 4, 1],
    [a1, 5, 2],
  ]);
  await marks(s, "5А", "russian", s.users.teacherRussian.personId, "2026-11-19", [[a1, 3, 1]]);
  // 5Б math: B1 5, 5, 5.
  for (const day of ["2026-11-11", "2026-11-18", "2026-11-25"]) await marks(s, "5Б", "math", math, day, [[b1, 5, 1]]);
  // 5А's English has no marks: everyone has «мало отметок» there. Another school's pupils never appear.
  await marks(other, "5А", "math", other.users.teacherMath.personId, "2026-11-10", [[other.students.studentA1!.studentId, 2, 1]]);
});

describe("the forecast report (issue 17)", () => {
  it("the deputy: the school's summary per class and every pupil at risk with the reason", async () => {
    const deputy = await as(s.users.deputy);
    const page = await deputy.get("/reports/forecast");
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    // 5А: A1 (a «2» in maths, no marks in English), A2 (one maths mark; none in Russian, English) → 2 pupils, 1 «2», 4 pairs with few marks.
    expect(text).toContain("5А 2 2 1 4");
    // 5Б: B1 has no marks in Russian.
    expect(text).toContain("5Б 1 1 0 1");
    expect(text).toContain("Группа риска (3)");
    expect(text).toContain("5А Алексеев Артём Игоревич Математика 2,33 3 прогноз «2»");
    expect(text).toContain("5А Борисова Вера Андреевна Математика 5,00 1 мало отметок (1 из 3)");
    expect(text).not.toContain(other.users.teacherMath.login);
    const rows = await xlsxRows((await getBinary(deputy, "/reports/forecast.xlsx")).body as Buffer);
    expect(rows.find((r) => r[0] === "5А")!.slice(1, 5)).toEqual(["2", "2", "1", "4"]);
    expect(rows.filter((r) => r[5]?.startsWith("прогноз")).map((r) => r.slice(0, 3))).toEqual([["5А", "Алексеев Артём Игоревич", "Математика"]]);
  });

  it("one class: pupils × subjects with the period's and the year's average → forecast; the PDF says the same", async () => {
    const classTeacher = await as(s.users.teacherRussian); // leads 5А
    const c5a = s.classes["5А"]!.id;
    const text = pageText((await classTeacher.get(`/reports/forecast?class=${c5a}`)).text);
    expect(text).toContain("5А класс: период 05.11.2026 — 28.12.2026");
    expect(text).toContain("Ученик Английский язык Математика Русский язык Алексеев Артём Игоревич — — 2,33 → 2 3,00 → 3 4,25 → 4 4,25 → 4");
    const pdf = (await pdfPages((await getBinary(classTeacher, `/reports/forecast.pdf?class=${c5a}`)).body as Buffer)).join("");
    expect(pdf).toContain(squash("Прогноз итоговых отметок и группа риска: 5А класс"));
    expect(pdf).toContain(squash("2,33 → 2"));
    // In 5Б, which he only teaches, his subject alone; another school's class is a 404.
    expect(pageText((await classTeacher.get(`/reports/forecast?class=${s.classes["5Б"]!.id}`)).text)).toContain(
      "Ученик Русский язык Алексеева Дарья Игоревна — —",
    );
    expect((await classTeacher.get(`/reports/forecast?class=${other.classes["5Б"]!.id}`)).status).toBe(404);
  });

  it("a teacher sees only the own subjects; the school's minimum of marks is a setting", async () => {
    const teacher = await as(s.users.teacherMath);
    const text = pageText((await teacher.get("/reports/forecast")).text);
    expect(text).toContain("5А 2 2 1 1"); // maths only: A1 «2», A2 one mark
    expect(text).not.toContain("Русский язык");
    await prisma.school.update({ where: { id: s.schoolId }, data: { minMarksForCertification: 1 } });
    try {
      expect(pageText((await teacher.get("/reports/forecast")).text)).toContain("5А 2 1 1 0");
    } finally {
      await prisma.school.update({ where: { id: s.schoolId }, data: { minMarksForCertification: 3 } });
    }
  });

  it("families and non-teaching staff get 403; another school's or a guessed class is a 404", async () => {
    for (const u of [s.users.parentAlekseev, s.users.studentA1, s.users.secretary, s.users.hr])
      expect([(await (await as(u)).get("/reports/forecast")).status, u.login]).toEqual([403, u.login]);
    const deputy = await as(s.users.deputy);
    expect((await deputy.get(`/reports/forecast?class=${other.classes["5А"]!.id}`)).status).toBe(404);
    expect((await deputy.get("/reports/forecast.xlsx?class=2147483000")).status).toBe(404);
  });
});

describe("the settings' minimum of marks (issue 17)", () => {
  it("is saved from the form, refused outside 1–20 with the message beside the field", async () => {
    const admin = await as(s.users.admin);
    const form = (await admin.get("/admin/school")).text;
    expect(form).toContain('name="minMarksForCertification"');
    const bad = await admin.form("/admin/school", { minMarksForCertification: "0" });
    expect(bad.status).toBe(422);
    expect(pageText(bad.text)).toContain("Не меньше 1");
  });
});
