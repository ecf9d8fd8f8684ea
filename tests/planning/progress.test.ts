/**
 * The behind/ahead figure (R-JRN-11) against a hand-computed case, shown on the journal grid and in
 * «Сегодня», and the report «Выполнение программы» (R-PLN-5): its figures for a small fixture, the
 * PDF text and the .xlsx cells, and who sees what (teacher: own journals; class teacher: own class;
 * deputy: the school; parents and students: 403; ids outside the scope: 404).
 *
 * The fixture, 5А math (plan of 12 hours; today is 09.12.2026, quarters 01.09–25.10 and 05.11–28.12):
 *   №1 Натуральные числа 2 ч (start 0) · №2 Сложение 1 ч (2) · №3 Контрольная работа № 1, control (3) ·
 *   №4 Углы 3 ч (4) · №5 Практическая: построение углов, practical (7) · №6 Лабораторная: измерение, lab (8) ·
 *   №7 Повторение 3 ч (9).
 *   Lessons: 20.10 №1 · 21.10 №1 · 22.10 №2 | 10.11 no topic · 11.11 №3 · 12.11 №4 · 13.11 «Разбор контрольной
 *   работы» by hand with a practical work · 16.11 №4 · 17.11 №4 · 08.12 №6 | today 09.12 no topic (not held yet) ·
 *   10.12 no topic (ahead).
 *   Held by today: 10 lessons → N = min(12, 10) = 10.
 *   M by the walk: 1, 2, 3, 3 (no topic), 4, 5, 6 (by hand), max(6, 4+2) = 6, max(6, 4+3) = 7, max(7, 8+1) = 9 → M = 9:
 *   behind by 1 hour. Topic №5 is skipped (№6 is covered); the next topic offered is №5.
 */
import { beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { prisma } from "../../src/lib/db.ts";
import { d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pdfText, squash } from "../support/pdf.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { actorOf, journalSchool, type JournalSchool } from "../journal/helpers.ts";
import { journalPace } from "../../src/modules/planning/planning.service.ts";
import { programProgress } from "../../src/modules/planning/progress.service.ts";
import { assignedPlan } from "./progress-helpers.ts";
import { htmlProblems } from "../support/html.ts";

useMidQuarterDay();

let s: JournalSchool;
let items: Awaited<ReturnType<typeof assignedPlan>>["items"];
let math5A: { classId: number; subjectId: number; subgroupId: null };

async function lesson(
  date: string,
  opts: { item?: number; topic?: string; cls?: "5А" | "5Б"; subject?: "math" | "english"; works?: number[]; number?: number } = {},
) {
  const it = opts.item ? items[opts.item - 1]! : null;
  return prisma.lesson.create({
    data: {
      schoolId: s.schoolId,
      classId: s.classes[opts.cls ?? "5А"]!.id,
      subjectId: s.subjects[opts.subject ?? "math"].id,
      teacherId: (opts.subject === "english" ? s.users.teacherEnglish : s.users.teacherMath).personId,
      date: d(date),
      number: opts.number ?? 2,
      topic: opts.topic ?? it?.topic ?? null,
      planItemId: it?.id ?? null,
      works: { create: (opts.works ?? []).map((assignmentTypeId) => ({ schoolId: s.schoolId, assignmentTypeId })) },
    },
  });
}

beforeAll(async () => {
  s = await journalSchool();
  math5A = { classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id, subgroupId: null };
  ({ items } = await assignedPlan(s, [
    ["Натуральные числа", 2],
    ["Сложение", 1],
    ["Контрольная работа № 1", 1, "CONTROL"],
    ["Углы", 3],
    ["Практическая: построение углов", 1, "PRACTICAL"],
    ["Лабораторная: измерение", 1, "LABORATORY"],
    ["Повторение", 3],
  ]));
  await lesson("2026-10-20", { item: 1 });
  await lesson("2026-10-21", { item: 1 });
  await lesson("2026-10-22", { item: 2 });
  await lesson("2026-11-10");
  await lesson("2026-11-11", { item: 3, works: [s.types["Контрольная работа"]] });
  await lesson("2026-11-12", { item: 4 });
  await lesson("2026-11-13", { topic: "Разбор контрольной работы", works: [s.types["Практическая работа"]] });
  await lesson("2026-11-16", { item: 4 });
  await lesson("2026-11-17", { item: 4 });
  await lesson("2026-12-08", { item: 6 });
  await lesson("2026-12-09", { number: 3 });
  await lesson("2026-12-10");
  // 5А English: an approved plan of 4 hours, one lesson given by hand-written topic, one without.
  await assignedPlan(
    s,
    [
      ["Greetings", 2],
      ["My family", 2],
    ],
    { subject: "english", author: s.users.teacherEnglish.personId },
  );
  await lesson("2026-12-01", { subject: "english", topic: "Greetings and introductions" });
  await lesson("2026-12-02", { subject: "english" });
  // 5А Russian: a plan sent for approval only. 5Б math and Russian: no plan at all.
  await assignedPlan(s, [["Фонетика", 10]], { subject: "russian", status: "SUBMITTED", author: s.users.teacherRussian.personId });
});

describe("the behind/ahead figure (R-JRN-11)", () => {
  it("matches the hand-computed case: planned 10 h by today, given 9 h — behind by 1; the next topic is the skipped №5", async () => {
    const pace = await journalPace(s.schoolId, math5A);
    expect(pace).toMatchObject({ total: 12, planned: 10, given: 9, diff: -1, state: "behind", next: { id: items[4]!.id, position: 5 } });
  });

  it("today's lesson counts once its topic is written; then the plan expects 11 h and the journal reached 10", async () => {
    const today = await prisma.lesson.findFirstOrThrow({ where: { classId: math5A.classId, subjectId: math5A.subjectId, date: d("2026-12-09") } });
    await prisma.lesson.update({ where: { id: today.id }, data: { planItemId: items[4]!.id, topic: items[4]!.topic } });
    // №5 (start 7) on its first lesson reaches 8, below the 9 already reached: the skipped topic catches up, the position stays.
    expect(await journalPace(s.schoolId, math5A)).toMatchObject({ planned: 11, given: 9, diff: -2 });
    await prisma.lesson.update({ where: { id: today.id }, data: { planItemId: null, topic: null } });
  });

  it("a journal ahead of its plan: topics covered faster than the lessons go (hand-computed)", async () => {
    const t = await journalSchool();
    const plan = await assignedPlan(
      t,
      [
        ["А", 1],
        ["Б", 1],
        ["В", 2],
        ["Г", 1],
      ],
      { cls: "5Б" },
    );
    const j = { classId: t.classes["5Б"]!.id, subjectId: t.subjects.math.id, subgroupId: null };
    const mk = (date: string, item: number | null, topic: string | null) =>
      prisma.lesson.create({
        data: { schoolId: t.schoolId, ...j, teacherId: t.users.teacherMath.personId, date: d(date), number: 1, planItemId: item, topic },
      });
    await mk("2026-12-01", plan.items[0]!.id, "А");
    await mk("2026-12-02", plan.items[2]!.id, "В"); // Б skipped: В starts at hour 2, its 1st lesson reaches hour 3
    expect(await journalPace(t.schoolId, j)).toMatchObject({ total: 5, planned: 2, given: 3, diff: 1, state: "ahead" });
    await mk("2026-12-03", null, "Повторение"); // by hand: one hour on
    await mk("2026-12-04", null, null); // no topic: nothing
    expect(await journalPace(t.schoolId, j)).toMatchObject({ planned: 4, given: 4, diff: 0, state: "on-track" });
  });

  it("the grid shows the figure and the next topic; «Сегодня» shows it per lesson", async () => {
    const teacher = await as(s.users.teacherMath);
    const grid = await teacher.get(`/journal/${math5A.classId}/${math5A.subjectId}`);
    expect(grid.status).toBe(200);
    expect(grid.text).toContain("КТП: отставание 1 ч");
    expect(grid.text).toContain("По плану к сегодняшнему дню 10 ч, пройдено 9 ч из 12 ч.");
    expect(grid.text).toContain("Следующая тема: №5 «Практическая: построение углов»");
    const today = await teacher.get("/today");
    expect(today.text).toContain("КТП: отставание 1 ч");
    expect(today.text).toContain("по плану к сегодняшнему дню 10 ч, пройдено 9 ч — отставание 1 ч");
    // A journal without an approved plan shows nothing of it.
    const other = await teacher.get(`/journal/${s.classes["5Б"]!.id}/${math5A.subjectId}`);
    expect(other.text).not.toContain("По плану к сегодняшнему дню");
  });
});

describe("«Выполнение программы» (R-PLN-5)", () => {
  it("the year for the deputy: figures of the fixture, journals without an approved plan, teachers", async () => {
    const r = await programProgress(await actorOf(s.users.deputy), s.year, { periodId: null, classId: null, teacherId: null });
    expect(r.rows.map((x) => `${x.className} ${x.subject}`)).toEqual(["5А Английский язык", "5А Математика"]);
    const math = r.rows.find((x) => x.subject === "Математика")!;
    expect(math).toMatchObject({
      total: 12,
      planned: 10,
      given: 9,
      works: { CONTROL: { planned: 1, done: 1 }, PRACTICAL: { planned: 1, done: 1 }, LABORATORY: { planned: 1, done: 1 } },
      skipped: [{ position: 5, topic: "Практическая: построение углов" }],
      pace: { planned: 10, given: 9, diff: -1 },
      teachers: "Математиков П. И.",
    });
    // «Дано» is the lessons with a topic: the database says the same.
    const given = await prisma.lesson.count({
      where: { ...math5A, date: { gte: s.year.startDate, lt: d("2026-12-09") }, OR: [{ topic: { not: null } }, { planItemId: { not: null } }] },
    });
    expect(math.given).toBe(given);
    // English: 2 lessons held, one with a hand-written topic: planned 2, given 1, reached 1.
    expect(r.rows[0]).toMatchObject({ total: 4, planned: 2, given: 1, pace: { planned: 2, given: 1, diff: -1 }, skipped: [] });
    expect(r.missing.map((m) => `${m.className} ${m.subject}: ${m.status ?? "нет"}`).sort()).toEqual(
      ["5А Русский язык: SUBMITTED", "5Б Математика: нет", "5Б Русский язык: нет"].sort(),
    );
    // Every journal of the teaching load is either a row or listed without a plan.
    const loads = await prisma.teachingLoad.count({ where: { schoolId: s.schoolId } });
    expect(r.totals.journals).toBe(loads);
    expect(r.teachers.find((t) => t.name === "Математиков П. И.")).toMatchObject({
      journals: 1,
      total: 12,
      planned: 10,
      given: 9,
      behind: 1,
      skipped: 1,
      missing: 1,
    });
  });

  it("a period: the 2nd quarter counts its own hours and works; the 1st ends before today", async () => {
    const actor = await actorOf(s.users.deputy);
    const q2 = await programProgress(actor, s.year, { periodId: s.periods[1]!.id, classId: null, teacherId: null });
    expect(q2.rows.find((x) => x.subject === "Математика")).toMatchObject({
      planned: 7,
      given: 6,
      works: { CONTROL: { planned: 1, done: 1 }, PRACTICAL: { planned: 1, done: 1 }, LABORATORY: { planned: 1, done: 1 } },
      pace: { planned: 10, given: 9 },
    });
    const q1 = await programProgress(actor, s.year, { periodId: s.periods[0]!.id, classId: null, teacherId: null });
    expect(q1.until).toEqual(d("2026-10-25"));
    expect(q1.rows.find((x) => x.subject === "Математика")).toMatchObject({
      planned: 3,
      given: 3,
      works: { CONTROL: { planned: 0, done: 0 }, PRACTICAL: { planned: 0, done: 0 }, LABORATORY: { planned: 0, done: 0 } },
      skipped: [],
      pace: { planned: 3, given: 3, diff: 0 },
    });
  });

  it("the page, the PDF and the .xlsx say the same, under Russian file names", async () => {
    const deputy = await as(s.users.deputy);
    const page = await deputy.get(`/planning/progress?period=${s.periods[1]!.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("отставание 1 ч");
    expect(page.text).toContain("№5 Практическая: построение углов");
    expect(page.text).toContain("КТП на утверждении");

    const pdf = await getBinary(deputy, "/planning/progress/report.pdf");
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    expect(decodeURIComponent(pdf.headers["content-disposition"] as string)).toContain("Выполнение-программы-2026-2027.pdf");
    const text = await pdfText(pdf.body as Buffer);
    for (const part of [
      "Выполнение программы",
      "5А",
      "Математика",
      "отставание 1 ч",
      "10 / 9",
      "Журналы без утверждённого КТП",
      "КТП не назначен",
      "Заместитель директора",
    ])
      expect(text).toContain(squash(part));

    const xlsx = await getBinary(deputy, `/planning/progress/report.xlsx?period=${s.periods[1]!.id}`);
    expect(xlsx.status).toBe(200);
    expect(decodeURIComponent(xlsx.headers["content-disposition"] as string)).toContain("Выполнение-программы-2026-2027-2-я-четверть.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const math = rows.find((r) => r[0] === "5А" && r[1] === "Математика")!;
    expect(math).toEqual([
      "5А",
      "Математика",
      "Математиков П. И.",
      12,
      7,
      6,
      "−1",
      "1 из 1",
      "1 из 1",
      "1 из 1",
      "№5 Практическая: построение углов",
      "10 / 9",
      "отставание 1 ч",
    ]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["По классам и предметам", "По учителям", "Журналы без утверждённого КТП"]);
  });
});

describe("who sees the report", () => {
  const journalsOf = async (user: keyof JournalSchool["users"]) =>
    (await programProgress(await actorOf(s.users[user]), s.year, { periodId: null, classId: null, teacherId: null })).rows
      .map((r) => `${r.className} ${r.subject}`)
      .concat(
        (await programProgress(await actorOf(s.users[user]), s.year, { periodId: null, classId: null, teacherId: null })).missing.map(
          (m) => `${m.className} ${m.subject}`,
        ),
      )
      .sort();

  it("a teacher sees only the journals taught; a class teacher also the own class's; the deputy the school", async () => {
    expect(await journalsOf("teacherMath")).toEqual(["5А Математика", "5Б Математика"]);
    // Русакова teaches Russian in 5А and 5Б and leads 5А.
    expect(await journalsOf("teacherRussian")).toEqual(["5А Английский язык", "5А Математика", "5А Русский язык", "5Б Русский язык"].sort());
    expect((await journalsOf("deputy")).length).toBe(5);
    const page = await (await as(s.users.teacherMath)).get("/planning/progress");
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Русский язык");
  });

  it("parents, students and staff without the right get 403; ids outside the scope or guessed get 404", async () => {
    for (const user of [s.users.parentAlekseev, s.users.studentA1, s.users.secretary, s.users.hr]) {
      const agent = await as(user);
      expect((await agent.get("/planning/progress")).status).toBe(403);
      expect((await agent.get("/planning/progress/report.pdf")).status).toBe(403);
    }
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get(`/planning/progress?class=${s.classes["5А"]!.id}`)).status).toBe(200);
    expect((await teacher.get(`/planning/progress?teacher=${s.users.teacherRussian.personId}`)).status).toBe(404);
    expect((await teacher.get(`/planning/progress?teacher=${s.users.teacherMath.personId}`)).status).toBe(200);
    const other = await journalSchool();
    for (const q of [`class=${other.classes["5А"]!.id}`, `period=${other.periods[0]!.id}`, `year=${other.year.id}`, "class=999999999", "period=2147483647"])
      expect((await teacher.get(`/planning/progress?${q}`)).status, q).toBe(404);
    expect((await teacher.get("/planning/progress/report.docx")).status).toBe(404);
    // The English teacher leads 5Б only: a class outside it and outside the own load is a 404.
    const english = await as(s.users.teacherEnglish);
    expect((await english.get(`/planning/progress?class=${s.classes["5Б"]!.id}`)).status).toBe(200);
    expect((await english.get(`/planning/progress?class=${s.classes["5А"]!.id}`)).status).toBe(200);
    expect((await english.get(`/planning/progress?teacher=${s.users.teacherRussian.personId}`)).status).toBe(200);
    const russian = await as(s.users.teacherRussian);
    expect((await russian.get(`/planning/progress?teacher=${s.users.teacherEnglish.personId}`)).status).toBe(200);
  });
});

describe("valid HTML", () => {
  it("the report (all filters), the grid with the figure, «Сегодня», the lesson forms with the plan's topics and their errors", async () => {
    const deputy = await as(s.users.deputy);
    const teacher = await as(s.users.teacherMath);
    const today = await prisma.lesson.findFirstOrThrow({ where: { ...math5A, date: d("2026-12-09") } });
    const pages: [typeof teacher, string][] = [
      [deputy, "/planning/progress"],
      [deputy, `/planning/progress?period=${s.periods[1]!.id}&class=${math5A.classId}&teacher=${s.users.teacherMath.personId}`],
      [teacher, "/planning/progress"],
      [teacher, `/journal/${math5A.classId}/${math5A.subjectId}`],
      [teacher, "/today"],
      [teacher, `/journal/lessons/${today.id}`],
      [teacher, `/journal/${math5A.classId}/${math5A.subjectId}/lessons/new`],
    ];
    for (const [agent, url] of pages) {
      const r = await agent.get(url);
      expect(r.status, url).toBe(200);
      expect(await htmlProblems(r.text), url).toEqual([]);
    }
    const bad = await teacher.form(`/journal/${math5A.classId}/${math5A.subjectId}/lessons`, { date: "2026-12-09", planItemId: "999999999", topic: "x" });
    expect(bad.status).toBe(422);
    expect(await htmlProblems(bad.text)).toEqual([]);
  });
});
