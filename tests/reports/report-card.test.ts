/**
 * «Табель успеваемости» (issue 17, R-DRY-6, R-DRY-4): the card against the database (marks count and the
 * weighted average, absences by reason in days and lessons, computed here from the rows this file created),
 * the class's PDF with a page per pupil, who sees it (class teacher: own class; deputy, administrator: any;
 * other class's teacher, guessed pupil, other school: 404; families 403 on staff pages), and the family's
 * card in the diary only once the pupil's finals of the period exist. Today is 09.12.2026, in the 2nd
 * quarter (05.11–28.12).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import type { AttendanceCode } from "../../src/generated/prisma/enums.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pageText, pdfPages, squash } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { htmlProblems } from "../support/html.ts";

useMidQuarterDay();

type School = Awaited<ReturnType<typeof buildSchool>>;
let s: School;
let other: School;
let q1: number, q2: number;
let A1: number, A2: number, B1: number;
let c5a: number;

async function lesson(school: School, cls: "5А" | "5Б", subject: "math" | "russian" | "english", date: string, number = 1) {
  const teacher = { math: school.users.teacherMath, russian: school.users.teacherRussian, english: school.users.teacherEnglish }[subject];
  return prisma.lesson.create({
    data: {
      schoolId: school.schoolId,
      classId: school.classes[cls]!.id,
      subjectId: school.subjects[subject].id,
      teacherId: teacher.personId,
      date: d(date),
      number,
    },
  });
}

async function mark(school: School, lessonId: number, studentId: number, value: number, weight: 1 | 2) {
  const name = weight === 1 ? "Ответ на уроке" : "Контрольная работа";
  const type = await prisma.assignmentType.upsert({
    where: { schoolId_name: { schoolId: school.schoolId, name } },
    create: { schoolId: school.schoolId, name, shortName: weight === 1 ? "Отв" : "К/р", weight },
    update: {},
  });
  const work = await prisma.lessonWork.upsert({
    where: { lessonId_assignmentTypeId: { lessonId, assignmentTypeId: type.id } },
    create: { schoolId: school.schoolId, lessonId, assignmentTypeId: type.id },
    update: {},
  });
  await prisma.mark.create({ data: { schoolId: school.schoolId, lessonId, workId: work.id, studentId, value } });
}

async function absent(school: School, lessonId: number, studentId: number, code: AttendanceCode) {
  await prisma.attendance.create({ data: { schoolId: school.schoolId, lessonId, studentId, code } });
}

/** The pupil's marks of a subject in [from, to] as the test reads them from the database: count and Σ value·weight / Σ weight. */
async function expectedMarks(studentId: number, subjectId: number, from: string, to: string) {
  const rows = await prisma.mark.findMany({
    where: { schoolId: s.schoolId, studentId, lesson: { subjectId, date: { gte: d(from), lte: d(to) } } },
    select: { value: true, work: { select: { assignmentType: { select: { weight: true } } } } },
  });
  const w = rows.map((r) => Number(r.work.assignmentType.weight));
  const avg = rows.reduce((a, r, i) => a + r.value * w[i]!, 0) / w.reduce((a, x) => a + x, 0);
  return { count: rows.length, avg: rows.length ? avg.toFixed(2).replace(".", ",") : "—" };
}

/** Days and lessons by reason from the pupil's attendance rows in [from, to] (every lesson of a day is the pupil's own here). */
async function expectedAbsences(studentId: number, classId: number, from: string, to: string) {
  const lessons = await prisma.lesson.findMany({
    where: { schoolId: s.schoolId, classId, date: { gte: d(from), lte: d(to) } },
    select: { date: true, attendances: { where: { studentId }, select: { code: true } } },
  });
  const byDay = new Map<string, (AttendanceCode | null)[]>();
  const lessonsBy = { ABSENT: 0, ILL: 0, VALID: 0, INVALID: 0, LATE: 0 } as Record<AttendanceCode, number>;
  for (const l of lessons) {
    const code = l.attendances[0]?.code ?? null;
    if (code) lessonsBy[code]++;
    const k = l.date.toISOString();
    byDay.set(k, [...(byDay.get(k) ?? []), code]);
  }
  const days = { total: 0, ill: 0, valid: 0, invalid: 0, unknown: 0 };
  for (const codes of byDay.values()) {
    if (!codes.every((c) => c !== null && c !== "LATE")) continue;
    days.total++;
    if (codes.includes("INVALID")) days.invalid++;
    else if (codes.includes("ABSENT")) days.unknown++;
    else if (codes.every((c) => c === "ILL")) days.ill++;
    else days.valid++;
  }
  const total = lessonsBy.ABSENT + lessonsBy.ILL + lessonsBy.VALID + lessonsBy.INVALID;
  return { days, lessons: { total, ...lessonsBy } };
}

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  [A1, A2, B1] = [s.students.studentA1!.studentId, s.students.studentA2!.studentId, s.students.studentB1!.studentId];
  c5a = s.classes["5А"]!.id;
  [q1, q2] = [s.periods[0]!.id, s.periods[1]!.id];
  // Maths: a September «5» (1st quarter only), then in the 2nd quarter A1 4 (answer), 3 (control, weight 2), 5; A2 5.
  await mark(s, (await lesson(s, "5А", "math", "2026-09-14")).id, A1, 5, 1);
  const m1 = await lesson(s, "5А", "math", "2026-11-10");
  await mark(s, m1.id, A1, 4, 1);
  await mark(s, m1.id, A1, 3, 2);
  await mark(s, m1.id, A2, 5, 1);
  await mark(s, (await lesson(s, "5А", "math", "2026-11-17")).id, A1, 5, 1);
  // Russian: A1 2 and 3 → 2,50.
  await mark(s, (await lesson(s, "5А", "russian", "2026-11-12")).id, A1, 2, 1);
  await mark(s, (await lesson(s, "5А", "russian", "2026-11-19")).id, A1, 3, 1);
  // Absences of A1 in the 2nd quarter:
  //  24.11: both lessons Б → a day by illness; 25.11: Б + УП → a day by valid reason;
  //  26.11: НП + present → no day, one lesson НП; 27.11: Н + НП → a day without valid reason;
  //  30.11: the only lesson Н → a day, reason not given; 01.12: ОП (late: no absence).
  const day = async (date: string, codes: (AttendanceCode | null)[]) => {
    for (const [i, code] of codes.entries()) {
      const l = await lesson(s, "5А", i % 2 ? "russian" : "math", date, i + 1);
      if (code) await absent(s, l.id, A1, code);
    }
  };
  await day("2026-11-24", ["ILL", "ILL"]);
  await day("2026-11-25", ["ILL", "VALID"]);
  await day("2026-11-26", ["INVALID", null]);
  await day("2026-11-27", ["ABSENT", "INVALID"]);
  await day("2026-11-30", ["ABSENT"]);
  await day("2026-12-01", ["LATE"]);
  // Finals of the 2nd quarter: A1 maths «4» (Russian not yet); A2 and B1 none.
  await prisma.finalMark.create({
    data: { schoolId: s.schoolId, studentId: A1, subjectId: s.subjects.math.id, yearId: s.year.id, kind: "PERIOD", periodId: q2, value: "4" },
  });
  // Another school's pupil with marks never shows.
  await mark(other, (await lesson(other, "5А", "math", "2026-11-10")).id, other.students.studentA1!.studentId, 2, 1);
});

describe("the report card against the database (issue 17)", () => {
  it("the class teacher's page: every subject with marks count, weighted average, forecast, final; absences by reason", async () => {
    const ct = await as(s.users.teacherRussian); // leads 5А
    const res = await ct.get(`/reports/report-cards?class=${c5a}&period=${q2}`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    const math = await expectedMarks(A1, s.subjects.math.id, "2026-11-05", "2026-12-28");
    const rus = await expectedMarks(A1, s.subjects.russian.id, "2026-11-05", "2026-12-28");
    expect([math, rus]).toEqual([
      { count: 3, avg: "3,75" },
      { count: 2, avg: "2,50" },
    ]);
    expect(text).toContain("Алексеев Артём Игоревич, 5А класс, 2-я четверть (05.11.2026 – 28.12.2026)");
    // (4 + 3·2 + 5) / 4 = 3,75 → «4» with the 3.5 threshold; Russian 2,50 → «3»; English without marks.
    expect(text).toContain(`Английский язык 0 — — не выставлена Математика ${math.count} ${math.avg} 4 4 Русский язык ${rus.count} ${rus.avg} 3 не выставлена`);
    const abs = await expectedAbsences(A1, c5a, "2026-11-05", "2026-12-09");
    expect(abs).toEqual({
      days: { total: 4, ill: 1, valid: 1, invalid: 1, unknown: 1 },
      lessons: { total: 8, ABSENT: 2, ILL: 3, VALID: 1, INVALID: 2, LATE: 1 },
    });
    const { days, lessons } = abs;
    expect(text).toContain(
      `Всего пропущено ${days.total} ${lessons.total} по болезни (Б) ${days.ill} ${lessons.ILL} по уважительной причине (УП) ${days.valid} ${lessons.VALID} ` +
        `без уважительной причины (НП) ${days.invalid} ${lessons.INVALID} причина не указана (Н) ${days.unknown} ${lessons.ABSENT} Опоздания (ОП) — ${lessons.LATE}`,
    );
    // A2 sat the same lessons: her card has her own mark and no absences.
    expect(text).toContain("Борисова Вера Андреевна, 5А класс");
    expect(text).toContain("Математика 1 5,00 5 не выставлена");
    expect(text).not.toContain("Алексеева Дарья"); // 5Б
  });

  it("the 1st quarter and the year count their own marks", async () => {
    const deputy = await as(s.users.deputy);
    const q1Text = pageText((await deputy.get(`/reports/report-cards?class=${c5a}&period=${q1}`)).text);
    expect(q1Text).toContain("Математика 1 5,00 5 не выставлена");
    const year = pageText((await deputy.get(`/reports/report-cards?class=${c5a}&period=year`)).text);
    const y = await expectedMarks(A1, s.subjects.math.id, "2026-09-01", "2027-05-31");
    expect(y).toEqual({ count: 4, avg: "4,00" });
    // The year's forecast is the journal's: from the period finals (one «4»); the year mark is not entered.
    expect(year).toContain(`Годовая`);
    expect(year).toContain(`Математика ${y.count} ${y.avg} 4 не выставлена`);
  });

  it("one PDF for the class, a page per pupil with the signature lines; one pupil's PDF", async () => {
    const ct = await as(s.users.teacherRussian);
    const res = await getBinary(ct, `/reports/report-cards.pdf?class=${c5a}&period=${q2}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/pdf");
    const pages = await pdfPages(res.body as Buffer);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain(squash("Табель успеваемости"));
    expect(pages[0]).toContain(squash("Алексеев Артём Игоревич, 5А класс, 2-я четверть"));
    expect(pages[0]).toContain(squash("Математика 3 3,75 4 4"));
    expect(pages[0]).toContain(squash("Всего пропущено 4 8"));
    expect(pages[0]).toContain(squash("Классный руководитель Русакова М. О."));
    expect(pages[0]).toContain(squash("Родитель (законный представитель)"));
    expect(pages[1]).toContain(squash("Борисова Вера Андреевна"));
    const one = await pdfPages((await getBinary(ct, `/reports/report-cards.pdf?class=${c5a}&period=${q2}&student=${A2}`)).body as Buffer);
    expect(one).toHaveLength(1);
    expect(one[0]).toContain(squash("Борисова Вера Андреевна"));
  });
});

describe("who sees the report card (issue 17)", () => {
  it("another class's teacher, a guessed pupil or period, another school's class: 404; a subject teacher and families: 403", async () => {
    const ctB = await as(s.users.teacherEnglish); // leads 5Б
    expect((await ctB.get(`/reports/report-cards?class=${c5a}`)).status).toBe(404);
    expect((await getBinary(ctB, `/reports/report-cards.pdf?class=${c5a}&period=${q2}`)).status).toBe(404);
    expect((await ctB.get(`/reports/report-cards?class=${s.classes["5Б"]!.id}`)).status).toBe(200);
    const ct = await as(s.users.teacherRussian);
    expect((await getBinary(ct, `/reports/report-cards.pdf?class=${c5a}&period=${q2}&student=${B1}`)).status).toBe(404);
    expect((await getBinary(ct, `/reports/report-cards.pdf?class=${c5a}&period=${other.periods[1]!.id}`)).status).toBe(404);
    const deputy = await as(s.users.deputy);
    expect((await deputy.get(`/reports/report-cards?class=${other.classes["5А"]!.id}`)).status).toBe(404);
    expect((await getBinary(deputy, "/reports/report-cards.pdf?class=2147483000")).status).toBe(404);
    expect((await (await as(other.users.deputy)).get(`/reports/report-cards?class=${c5a}`)).status).toBe(404);
    for (const u of [s.users.teacherMath, s.users.secretary, s.users.parentAlekseev, s.users.studentA1])
      expect([(await (await as(u)).get(`/reports/report-cards?class=${c5a}`)).status, u.login]).toEqual([403, u.login]);
    expect((await (await as(s.users.admin)).get(`/reports/report-cards?class=${c5a}&period=${q2}`)).status).toBe(200);
  });

  it("R-DRY-4: the family sees the card of a period as soon as the pupil's finals of it exist, not before", async () => {
    const parent = await as(s.users.parentAlekseev); // A1 (5А, a maths final) and B1 (5Б, no finals)
    const page = await parent.get(`/diary/${A1}/report-card`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("Табель");
    expect(text).toContain("Алексеев Артём Игоревич, 5А класс, 2-я четверть");
    expect(text).toContain("Математика 3 3,75 4 4");
    expect((await parent.get(`/diary/${A1}/report-card?period=${q1}`)).status).toBe(404); // no finals of the 1st quarter
    expect((await parent.get(`/diary/${A1}/report-card?period=year`)).status).toBe(404);
    const pdf = await pdfPages((await getBinary(parent, `/diary/${A1}/report-card/pdf?period=${q2}`)).body as Buffer);
    expect(pdf).toHaveLength(1);
    expect(pdf[0]).toContain(squash("Алексеев Артём Игоревич"));

    const none = await parent.get(`/diary/${B1}/report-card`);
    expect(none.status).toBe(200);
    expect(pageText(none.text)).toContain("появится здесь, как только будут выставлены итоговые отметки");
    expect((await parent.get(`/diary/${B1}/report-card?period=${q2}`)).status).toBe(404);
    const final = await prisma.finalMark.create({
      data: { schoolId: s.schoolId, studentId: B1, subjectId: s.subjects.math.id, yearId: s.year.id, kind: "PERIOD", periodId: q2, value: "5" },
    });
    try {
      const after = await parent.get(`/diary/${B1}/report-card`);
      expect(pageText(after.text)).toContain("Алексеева Дарья Игоревна, 5Б класс, 2-я четверть");
    } finally {
      await prisma.finalMark.delete({ where: { id: final.id } });
    }
  });

  it("another family's child (a guessed id) and another school's pupil are a 404; the pupil sees the own card", async () => {
    const parent = await as(s.users.parentBorisova); // A2 only
    expect((await parent.get(`/diary/${A1}/report-card`)).status).toBe(404);
    expect((await getBinary(parent, `/diary/${A1}/report-card/pdf?period=${q2}`)).status).toBe(404);
    expect((await parent.get(`/diary/${other.students.studentA1!.studentId}/report-card`)).status).toBe(404);
    const own = await parent.get(`/diary/${A2}/report-card`);
    expect(pageText(own.text)).toContain("появится здесь");
    const pupil = await as(s.users.studentA1);
    expect((await pupil.get(`/diary/${A2}/report-card`)).status).toBe(404);
    const mine = await pupil.get(`/diary/${A1}/report-card`);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('aria-current="page">Табель');
    // Staff read cards on the reports page, not in a family's diary.
    expect((await (await as(s.users.deputy)).get(`/diary/${A1}/report-card`)).status).toBe(404);
  });
});

describe("valid HTML of the report card pages", () => {
  it("the staff page (with and without a class) and the diary tab (with and without a card)", async () => {
    const deputy = await as(s.users.deputy);
    const parent = await as(s.users.parentAlekseev);
    const pages = {
      choose: (await deputy.get("/reports/report-cards")).text,
      cards: (await deputy.get(`/reports/report-cards?class=${c5a}&period=${q2}`)).text,
      diary: (await parent.get(`/diary/${A1}/report-card`)).text,
      none: (await parent.get(`/diary/${B1}/report-card`)).text,
    };
    expect(pageText(pages.choose)).toContain("Выберите класс");
    for (const [name, html] of Object.entries(pages)) expect(await htmlProblems(html), name).toEqual([]);
  });
});

describe("a pupil who moved between quarters (issue 17)", () => {
  it("each period's card is of the class the pupil was in at its end, with the marks given there", async () => {
    const t = await buildSchool();
    const b1 = t.students.studentB1!.studentId;
    const [p1, p2] = [t.periods[0]!.id, t.periods[1]!.id];
    await prisma.classMembership.updateMany({ where: { schoolId: t.schoolId, studentId: b1 }, data: { toDate: d("2026-10-31") } });
    await prisma.classMembership.create({ data: { schoolId: t.schoolId, studentId: b1, classId: t.classes["5А"]!.id, fromDate: d("2026-11-01") } });
    await mark(t, (await lesson(t, "5Б", "math", "2026-10-05")).id, b1, 5, 1);
    await mark(t, (await lesson(t, "5А", "math", "2026-11-10")).id, b1, 3, 1);
    for (const [periodId, value] of [
      [p1, "5"],
      [p2, "3"],
    ] as const)
      await prisma.finalMark.create({
        data: { schoolId: t.schoolId, studentId: b1, subjectId: t.subjects.math.id, yearId: t.year.id, kind: "PERIOD", periodId, value },
      });
    const parent = await as(t.users.parentAlekseev);
    const first = pageText((await parent.get(`/diary/${b1}/report-card?period=${p1}`)).text);
    expect(first).toContain("Алексеева Дарья Игоревна, 5Б класс, 1-я четверть");
    expect(first).toContain("Математика 1 5,00 5 5");
    const second = pageText((await parent.get(`/diary/${b1}/report-card`)).text);
    expect(second).toContain("Алексеева Дарья Игоревна, 5А класс, 2-я четверть");
    expect(second).toContain("Математика 1 3,00 3 3");
    const deputy = await as(t.users.deputy);
    expect(pageText((await deputy.get(`/reports/report-cards?class=${t.classes["5Б"]!.id}&period=${p2}`)).text)).not.toContain("Алексеева Дарья");
    expect(pageText((await deputy.get(`/reports/report-cards?class=${t.classes["5А"]!.id}&period=${p2}`)).text)).toContain(
      "Алексеева Дарья Игоревна, 5А класс",
    );
  });
});
