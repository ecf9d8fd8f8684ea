/**
 * Timetable views (R-SCH-1): a class's, a teacher's and a room's week, the
 * whole school on one day — for every role signed in, printable (print CSS)
 * and as PDF with an embedded Cyrillic font (read back with pdf.js); bell
 * schedules (several, one per class); the teacher's «Сегодня».
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as, anonymous } from "../support/http.ts";
import { getBinary as getPdf, pdfText, squash } from "../support/pdf.ts";
import { addEntry, lessonOn, timetableSchool, timetableSnapshot } from "./helpers.ts";

/** 5А: maths Mon 1 in 201, English groups Mon 2 in 202/203; 5Б: russian Mon 2 in 201. */
async function viewSchool() {
  const s = await timetableSchool();
  const a = s.classes["5А"]!.id;
  const b = s.classes["5Б"]!.id;
  const entries = {
    math: await addEntry(s, a, { loadId: s.loads.mathA.id, roomId: s.rooms.r201.id, weekday: 1, number: 1 }),
    g1: await addEntry(s, a, { loadId: s.loads.englishG1.id, roomId: s.rooms.r202.id, weekday: 1, number: 2 }),
    g2: await addEntry(s, a, { loadId: s.loads.englishG2.id, roomId: s.rooms.r203.id, weekday: 1, number: 2 }),
    russianB: await addEntry(s, b, { loadId: s.loads.russianB.id, roomId: s.rooms.r201.id, weekday: 1, number: 3 }),
  };
  return { ...s, entries };
}

const MONDAY = "2026-12-07";

describe("timetable views", () => {
  // The views only read the timetable: one school for them; a test that changes it builds its own.
  let s: Awaited<ReturnType<typeof viewSchool>>;
  beforeAll(async () => {
    s = await viewSchool();
  });

  it.each(["admin", "deputy", "teacherMath", "secretary", "tech", "parentAlekseev", "studentA1"] as const)(
    "%s sees a class's, a teacher's and a room's week and the school's day",
    async (who) => {
      const agent = await as(s.users[who]);
      const cls = await agent.get(`/schedule/classes/${s.classes["5А"]!.id}?date=${MONDAY}`);
      expect(cls.status).toBe(200);
      expect(cls.text).toContain("Расписание 5А класса");
      expect(cls.text).toContain("Английский язык (1 группа)");
      expect(cls.text).toContain("Английский язык (2 группа)");
      expect(cls.text).toContain("каб. 202");
      expect(cls.text).toContain("08:30–09:15");
      const teacher = await agent.get(`/schedule/teachers/${s.users.teacherMath.personId}?date=${MONDAY}`);
      expect(teacher.status).toBe(200);
      expect(teacher.text).toContain("Расписание: Математиков Пётр Ильич");
      expect(teacher.text).toContain("5А");
      const room = await agent.get(`/schedule/rooms/${s.rooms.r201.id}?date=${MONDAY}`);
      expect(room.status).toBe(200);
      expect(room.text).toContain("Кабинет 201");
      expect(room.text).toContain("5Б");
      expect(room.text).toContain("Русский язык");
      const day = await agent.get(`/schedule/day?date=${MONDAY}`);
      expect(day.status).toBe(200);
      expect(day.text).toContain("Расписание школы на 07.12.2026, понедельник");
      const index = await agent.get("/schedule");
      expect(index.status).toBe(200);
      // Only deputies and administrators get the editing links.
      const editor = who === "admin" || who === "deputy";
      expect(cls.text.includes("/entries/new")).toBe(editor);
      expect(index.text.includes("/schedule/generate")).toBe(editor);
    },
  );

  it("pages are printable: print CSS, a print button and a PDF link", async () => {
    const agent = await as(s.users.studentA1);
    const page = await agent.get(`/schedule/classes/${s.classes["5А"]!.id}?date=${MONDAY}`);
    expect(page.text).toContain("/static/css/schedule.css");
    expect(page.text).toContain("js-print");
    expect(page.text).toContain(`/schedule/classes/${s.classes["5А"]!.id}/pdf?date=${MONDAY}`);
    const css = await agent.get("/static/css/schedule.css");
    expect(css.text).toContain("@media print");
  });

  it("the anonymous visitor is sent to sign in", async () => {
    const res = await anonymous().get(`/schedule/classes/${s.classes["5А"]!.id}`);
    expect([302, 303]).toContain(res.status);
  });

  it("PDFs of a class's, a teacher's and a room's week and of the school's day carry the Cyrillic text", async () => {
    const agent = await as(s.users.parentAlekseev);
    const cls = await getPdf(agent, `/schedule/classes/${s.classes["5А"]!.id}/pdf?date=${MONDAY}`);
    expect(cls.status).toBe(200);
    expect(cls.headers["content-type"]).toContain("application/pdf");
    const text = await pdfText(cls.body as Buffer);
    for (const t of ["Расписание 5А класса", "Понедельник", "Математика", "Английскийязык(1группа)", "Математиков П. И.", "каб.201", "08:30–09:15"])
      expect(text).toContain(squash(t));
    const teacher = await pdfText((await getPdf(agent, `/schedule/teachers/${s.users.teacherRussian.personId}/pdf?date=${MONDAY}`)).body as Buffer);
    expect(teacher).toContain(squash("Расписание: Русакова Мария Олеговна"));
    expect(teacher).toContain(squash("5А (2 группа)"));
    const room = await pdfText((await getPdf(agent, `/schedule/rooms/${s.rooms.r201.id}/pdf?date=${MONDAY}`)).body as Buffer);
    expect(room).toContain(squash("Кабинет 201"));
    expect(room).toContain(squash("Русский язык"));
    const day = await pdfText((await getPdf(agent, `/schedule/day/pdf?date=${MONDAY}`)).body as Buffer);
    expect(day).toContain(squash("Расписание школы на 07.12.2026"));
    expect(day).toContain("5Б");
  });

  it("the school's day shows substitutions and cancellations of that date", async () => {
    const s = await viewSchool();
    const deputy = await as(s.users.deputy);
    await deputy.form("/schedule/changes", { entry: s.entries.math, date: MONDAY, kind: "SUBSTITUTE", substituteId: s.users.teacherEnglish.personId });
    await deputy.form("/schedule/changes", { entry: s.entries.russianB, date: MONDAY, kind: "CANCEL" });
    const day = await (await as(s.users.studentA1)).get(`/schedule/day?date=${MONDAY}`);
    expect(day.text).toContain("Инглишева Е. В. (замена)");
    expect(day.text).toContain("Урок отменён");
    const pdf = await pdfText((await getPdf(deputy, `/schedule/day/pdf?date=${MONDAY}`)).body as Buffer);
    expect(pdf).toContain(squash("Инглишева Е. В. (замена)"));
  });
});

describe("bell schedules", () => {
  it("the deputy adds a second schedule for the first grade and assigns a class; its times show in the class's week", async () => {
    const s = await viewSchool();
    const deputy = await as(s.users.deputy);
    const res = await deputy.form("/schedule/bells", {
      name: "1 классы",
      start1: "08:00",
      end1: "08:35",
      start2: "08:55",
      end2: "09:30",
      start3: "09:50",
      end3: "10:25",
    });
    expect(res.status).toBe(302);
    const bell = await prisma.bellSchedule.findFirstOrThrow({ where: { schoolId: s.schoolId, name: "1 классы" }, include: { slots: true } });
    expect(bell.isDefault).toBe(false);
    expect(bell.slots.map((x) => [x.number, x.startMinute, x.endMinute]).sort()).toEqual([
      [1, 480, 515],
      [2, 535, 570],
      [3, 590, 625],
    ]);
    expect((await deputy.form(`/schedule/bells/${bell.id}/classes`, { classIds: String(s.classes["5Б"]!.id) })).status).toBe(302);
    expect((await prisma.schoolClass.findUniqueOrThrow({ where: { id: s.classes["5Б"]!.id } })).bellScheduleId).toBe(bell.id);
    const week = await deputy.get(`/schedule/classes/${s.classes["5Б"]!.id}?date=${MONDAY}`);
    expect(week.text).toContain("08:00–08:35");
    expect(week.text).not.toContain("08:30–09:15");
    const list = await deputy.get("/schedule/bells");
    expect(list.text).toContain("1 классы");
    expect(list.text).toContain("Основное");
    // «Сегодня» uses the class's bells.
    const today = await (await as(s.users.teacherRussian)).get(`/today?date=${MONDAY}`);
    expect(today.text).toContain("09:50–10:25");
  });

  it.each([
    [{ name: "", start1: "08:30", end1: "09:15" }, "name", ""],
    [{ name: "Основное", start1: "08:30", end1: "09:15" }, "name", "Расписание звонков с таким названием уже есть"],
    [{ name: "Сокращённое", start1: "8-30", end1: "09:15" }, "start1", "Время в формате ЧЧ:ММ, например 08:30"],
    [{ name: "Сокращённое", start1: "09:30", end1: "09:15" }, "end1", "Конец урока должен быть позже начала"],
    [{ name: "Сокращённое", start1: "08:30", end1: "09:15", start2: "09:00", end2: "09:40" }, "start2", "Урок 2 начинается раньше, чем закончился предыдущий"],
    [{ name: "Сокращённое" }, "start1", "Укажите время хотя бы одного урока"],
  ])("refuses bad bells %j in Russian and changes nothing", async (body, field, message) => {
    const s = await viewSchool();
    const before = await timetableSnapshot(s.schoolId);
    const res = await (await as(s.users.deputy)).form("/schedule/bells", body);
    expect(res.status).toBe(422);
    if (message) expect(res.text).toContain(message);
    expect(res.text).toContain(`name="${field}"`);
    expect(await timetableSnapshot(s.schoolId)).toEqual(before);
  });

  it("a teacher cannot create, change or delete bells (403); another school's bells are a 404", async () => {
    const s = await viewSchool();
    const other = await viewSchool();
    const teacher = await as(s.users.teacherMath);
    const before = await timetableSnapshot(s.schoolId);
    expect((await teacher.form("/schedule/bells", { name: "Моё", start1: "08:00", end1: "08:40" })).status).toBe(403);
    expect((await teacher.form(`/schedule/bells/${s.bells.id}`, { name: "Моё", start1: "08:00", end1: "08:40" })).status).toBe(403);
    expect((await teacher.form(`/schedule/bells/${s.bells.id}/delete`, {})).status).toBe(403);
    expect((await teacher.get("/schedule/bells/new")).status).toBe(403);
    expect(await timetableSnapshot(s.schoolId)).toEqual(before);
    const deputy = await as(s.users.deputy);
    expect((await deputy.get(`/schedule/bells/${other.bells.id}/edit`)).status).toBe(404);
    expect((await deputy.form(`/schedule/bells/${other.bells.id}`, { name: "Чужое", start1: "08:00", end1: "08:40" })).status).toBe(404);
    expect((await deputy.form(`/schedule/bells/${s.bells.id}/classes`, { classIds: String(other.classes["5А"]!.id) })).status).toBe(422);
  });

  it("the default schedule cannot be deleted", async () => {
    const s = await viewSchool();
    const res = await (await as(s.users.admin)).form(`/schedule/bells/${s.bells.id}/delete`, {});
    expect(res.status).toBe(422);
    expect(res.text).toContain("Расписание звонков по умолчанию удалить нельзя");
  });
});

describe("«Сегодня»", () => {
  it("lists the teacher's lessons of the day with times, rooms, journal links and what is missing", async () => {
    const s = await viewSchool();
    const math = (await lessonOn(s.entries.math, MONDAY))!;
    const g2 = (await lessonOn(s.entries.g2, MONDAY))!;
    const agent = await as(s.users.teacherMath);
    let page = await agent.get(`/today?date=${MONDAY}`);
    expect(page.status).toBe(200);
    // «Уроки на 07.12.2026», or «Сегодня, 07.12.2026» when the run's clock is on that day (TEST_NOW).
    expect(page.text).toMatch(/(Уроки на|Сегодня,) 07\.12\.2026/);
    expect(page.text).toContain(`href="/journal/lessons/${math.id}"`);
    expect(page.text).toContain(`href="/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}"`);
    expect(page.text).toContain("08:30–09:15");
    expect(page.text).toContain("201");
    expect(page.text).toContain("тема урока, домашнее задание, посещаемость");
    // Topic, homework and the attendance check filled: nothing is missing.
    await prisma.lesson.update({ where: { id: math.id }, data: { topic: "Дроби", homework: "№ 12", attendanceCheckedAt: new Date() } });
    page = await agent.get(`/today?date=${MONDAY}`);
    expect(page.text).toContain("всё заполнено");
    expect(page.text).not.toContain("тема урока");
    // The lesson link opens in the journal for the teacher.
    expect((await agent.get(`/journal/lessons/${math.id}`)).status).toBe(200);
    // Another teacher sees only her own lessons (the second English group).
    const russian = await (await as(s.users.teacherRussian)).get(`/today?date=${MONDAY}`);
    expect(russian.text).toContain(`/journal/lessons/${g2.id}`);
    expect(russian.text).not.toContain(`/journal/lessons/${math.id}"`);
    expect(russian.text).toContain("5А (2 группа)");
  });

  it("shows today by default and «no lessons» on a free day; parents and students are refused", async () => {
    const s = await viewSchool();
    const page = await (await as(s.users.teacherEnglish)).get("/today");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Сегодня,");
    const sunday = await (await as(s.users.teacherEnglish)).get("/today?date=2026-12-06");
    expect(sunday.text).toContain("В этот день у вас нет уроков.");
    expect((await (await as(s.users.parentAlekseev)).get("/today")).status).toBe(403);
    expect((await (await as(s.users.studentA1)).get("/today")).status).toBe(403);
  });
});

describe("valid HTML", () => {
  it("every timetable page validates (html-validate, the project's rules)", async () => {
    const { FileSystemConfigLoader, HtmlValidate } = await import("html-validate");
    const path = await import("node:path");
    const validator = new HtmlValidate(new FileSystemConfigLoader());
    const s = await viewSchool();
    const deputy = await as(s.users.deputy);
    await deputy.form("/schedule/changes", { entry: s.entries.math, date: MONDAY, kind: "SUBSTITUTE", substituteId: s.users.teacherEnglish.personId });
    const a = s.classes["5А"]!.id;
    const urls = [
      "/schedule",
      `/schedule/classes/${a}?date=${MONDAY}`,
      `/schedule/teachers/${s.users.teacherMath.personId}`,
      `/schedule/rooms/${s.rooms.r201.id}`,
      `/schedule/day?date=${MONDAY}`,
      "/schedule/bells",
      "/schedule/bells/new",
      `/schedule/bells/${s.bells.id}/edit`,
      `/schedule/changes?date=${MONDAY}`,
      `/schedule/changes/new?entry=${s.entries.g1}&date=${MONDAY}`,
      `/schedule/classes/${a}/entries/new`,
      `/schedule/entries/${s.entries.math}/edit`,
      "/schedule/conflicts",
      `/today?date=${MONDAY}`,
    ];
    const problems: string[] = [];
    for (const url of urls) {
      const agent = url.startsWith("/today") ? await as(s.users.teacherEnglish) : deputy;
      const res = await agent.get(url);
      expect(res.status, url).toBe(200);
      const report = await validator.validateString(res.text, path.resolve("page.html"));
      for (const r of report.results) for (const m of r.messages) problems.push(`${url}: ${m.ruleId} ${m.message}`);
    }
    // A form re-rendered with errors too.
    const bad = await deputy.form(`/schedule/classes/${a}/entries`, { loadId: "", weekday: "9", number: "", validFrom: "x" });
    const report = await validator.validateString(bad.text, path.resolve("page.html"));
    for (const r of report.results) for (const m of r.messages) problems.push(`entry form with errors: ${m.ruleId} ${m.message}`);
    expect(problems).toEqual([]);
  });
});
