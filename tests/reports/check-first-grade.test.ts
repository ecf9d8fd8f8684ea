/**
 * Issue 23: the monthly journal check does not count a lesson of the 1st grade as «без д/з» —
 * homework is not set there (СанПиН 1.2.3685-21), nor in a grade the school teaches without marks
 * (src/lib/grading.ts homeworkExpected). Figures compared with the lessons in the database; the
 * page, the PDF and the spreadsheet show «—» in that column and say why.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/access/actor.ts";
import { prisma } from "../../src/lib/db.ts";
import { gradesWithoutHomework, homeworkExpected } from "../../src/lib/grading.ts";
import { NO_HOMEWORK_NOTE } from "../../src/modules/reports/check.figures.ts";
import { monthlyCheck } from "../../src/modules/reports/check.service.ts";
import { monthOf } from "../../src/modules/reports/reports.common.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { getBinary, pageText, pdfPages, squash, xlsxRows } from "./helpers.ts";

useMidQuarterDay();

const october = monthOf("2026-10");

/** 1А (grade 1): four October lessons of mathematics, none with homework, one without a topic, one without attendance; 5А: two, one without homework. */
async function firstGradeSchool() {
  const s = await buildSchool();
  const first = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 1, letter: "А" } });
  const teacherId = s.users.teacherMath.personId;
  const lesson = (classId: number, date: string, o: { topic?: string; homework?: string; taken?: boolean } = {}) =>
    prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId,
        subjectId: s.subjects.math.id,
        teacherId,
        date: d(date),
        number: 1,
        topic: o.topic ?? null,
        homework: o.homework ?? null,
        attendanceCheckedAt: o.taken ? new Date(`${date}T08:00:00Z`) : null,
      },
    });
  await lesson(first.id, "2026-10-05", { topic: "Счёт до 10", taken: true });
  await lesson(first.id, "2026-10-06", { topic: "Сложение", taken: true });
  await lesson(first.id, "2026-10-07", { taken: true });
  await lesson(first.id, "2026-10-08", { topic: "Вычитание" });
  const c5a = s.classes["5А"]!.id;
  await lesson(c5a, "2026-10-05", { topic: "Дроби", homework: "№ 1", taken: true });
  await lesson(c5a, "2026-10-06", { topic: "Дроби", taken: true });
  return { s, first };
}

/** Lessons of a class in October 2026 (up to today) without homework, counted in the database. */
const withoutHomework = (s: TestSchool, classId: number) =>
  prisma.lesson.count({
    where: { schoolId: s.schoolId, classId, date: { gte: d("2026-10-01"), lte: d("2026-10-31") }, OR: [{ homework: null }, { homework: "" }] },
  });

describe("the rule (src/lib/grading.ts)", () => {
  it("sets no homework in the 1st grade whatever the school's marks setting, nor in its ungraded grades", () => {
    expect(homeworkExpected(1, null)).toBe(false);
    expect(homeworkExpected(2, null)).toBe(true);
    expect(homeworkExpected(1, [])).toBe(false);
    expect(homeworkExpected(2, [1, 2])).toBe(false);
    expect(homeworkExpected(3, [1, 2])).toBe(true);
    expect(gradesWithoutHomework([4, 2, 1])).toEqual([1, 2, 4]);
  });
});

describe("monthly check of a 1st-grade class", () => {
  let s: TestSchool;
  let first: { id: number };
  beforeAll(async () => {
    ({ s, first } = await firstGradeSchool());
  });

  it("counts topic and attendance gaps of 1А but no lesson as without homework; 5А's gap is counted", async () => {
    const c = await monthlyCheck((await loadActor(s.users.deputy.userId))!, { month: october, classIds: [] });
    const rows = c.teachers.flatMap((t) => t.rows);
    const row1 = rows.find((r) => r.classId === first.id)!;
    const row5 = rows.find((r) => r.classId === s.classes["5А"]!.id)!;
    // The database has four 1А lessons without homework; the check counts none of them.
    expect(await withoutHomework(s, first.id)).toBe(4);
    expect(row1).toMatchObject({ lessons: 4, noTopic: 1, noAttendance: 1, noHomework: 0, homeworkSet: false, graded: false });
    expect(row5).toMatchObject({ lessons: 2, noHomework: await withoutHomework(s, s.classes["5А"]!.id), homeworkSet: true });
    expect(row5.noHomework).toBe(1);
    // The teacher's and the school's totals: only 5А's gap.
    expect(c.total.noHomework).toBe(1);
    expect(c.classes.find((b) => b.classId === first.id)!.total).toMatchObject({ noHomework: 0, homeworkSet: false, noTopic: 1 });
  });

  it("the page shows «—» for 1А with the reason; the summary, the PDF and the spreadsheet agree", async () => {
    const deputy = await as(s.users.deputy);
    const details = pageText((await deputy.get(`/reports/check?month=2026-10&class=${first.id}`)).text);
    // subject, teacher, planned, lessons, no topic, no homework, no attendance, marks
    expect(details).toContain("Математика Математиков П. И. 0 4 1 — 1 0");
    expect(details).toContain(NO_HOMEWORK_NOTE);
    const summary = await deputy.get("/reports/check?month=2026-10");
    expect(summary.status).toBe(200);
    const text = pageText(summary.text);
    // class, class teacher, journals, lessons / planned, no topic, no attendance, no homework
    expect(text).toMatch(/1А — 1 4 \/ 0 1 1 — /);
    expect(text).toMatch(/5А Русакова М\. О\. 1 2 \/ 0 0 0 1 /);
    expect(text).toMatch(/Итого по школе 2 6 \/ 0 1 1 1 /);
    expect(text).toContain(NO_HOMEWORK_NOTE);
    // A class with homework alone: no note.
    expect(pageText((await deputy.get(`/reports/check?month=2026-10&class=${s.classes["5А"]!.id}`)).text)).not.toContain(NO_HOMEWORK_NOTE);

    const pdf = (await pdfPages((await getBinary(deputy, "/reports/check.pdf?month=2026-10")).body as Buffer)).join("");
    expect(pdf).toContain(squash("1А — 1 4 / 0 1 1 —"));
    expect(pdf).toContain(squash("«—» в «Без д/з»"));
    const rows = await xlsxRows((await getBinary(deputy, "/reports/check.xlsx?month=2026-10")).body as Buffer);
    expect(rows.find((r) => r[0] === "1А")!.slice(3, 7)).toEqual(["4 / 0", "1", "1", "—"]);
  });

  it("a school teaching the 5th grade without marks sets no homework there either: 5А's gap is not counted", async () => {
    const own = await firstGradeSchool();
    await prisma.school.update({ where: { id: own.s.schoolId }, data: { ungradedGrades: [1, 5] } });
    const c = await monthlyCheck((await loadActor(own.s.users.deputy.userId))!, { month: october, classIds: [] });
    expect(await withoutHomework(own.s, own.s.classes["5А"]!.id)).toBe(1);
    expect(c.total.noHomework).toBe(0);
    expect(c.teachers.flatMap((t) => t.rows).every((r) => !r.homeworkSet && r.noHomework === 0)).toBe(true);
  });
});
