/** R-JRN-9 attendance, R-RPT-2 activity, R-RPT-6 paper copy and summary sheet, R-RPT-7 charts: figures, files, access. */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { checkSchool, finalsSchool, getBinary, pageText, pdfPages, squash, xlsxRows } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// One school for the reports that only read it; a test that changes it builds its own.
// Fixed dates of the fixture school (a student who left on 01.10, a dismissal on 20.11, lessons of the past weeks)
// are in the past: on a school day of the 2nd quarter (tests/support/use-clock.ts).
useMidQuarterDay();

let checked: Awaited<ReturnType<typeof checkSchool>>;
beforeAll(async () => {
  checked = await checkSchool();
});

describe("attendance report (R-JRN-9, R-ACL-7)", () => {
  it("per student of a class for a month: days and lessons missed, valid, ill; the school summary; the medic may view it", async () => {
    const { s } = checked;
    const c5a = s.classes["5А"]!.id;
    const medic = await as(s.users.medic);
    const page = await medic.get(`/reports/attendance?class=${c5a}&month=2026-10`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    // A1: one lesson (the whole day 19.10) absent, reason unknown; A2: one lesson (the whole day 06.10) ill.
    expect(text).toContain("Алексеев Артём Игоревич 1 0 0 1 0 0 0 1 0");
    expect(text).toContain("Борисова Вера Андреевна 1 1 1 1 1 0 0 0 0");
    expect(text).toContain("Итого 2 1 1 2 1 0 0 1 0");
    const school = pageText((await medic.get("/reports/attendance?month=2026-10")).text);
    expect(school).toContain("5А 2 1 1 2 1 0 0 1 0");
    expect(school).toContain("5Б 0 0 0 0 0 0 0 0 0");
    expect(school).toContain("По школе 2 1 1 2 1 0 0 1 0");
    const pdf = (await pdfPages((await getBinary(medic, `/reports/attendance.pdf?class=${c5a}&month=2026-10`)).body as Buffer)).join("");
    expect(pdf).toContain(squash("Посещаемость: 5А класс"));
    expect(pdf).toContain(squash("Борисова Вера Андреевна 1 1 1 1 1 0 0 0 0"));
    const rows = await xlsxRows((await getBinary(medic, `/reports/attendance.xlsx?class=${c5a}&period=${s.periods[0]!.id}`)).body as Buffer);
    expect(rows.find((r) => r[0] === "Итого")!.slice(1)).toEqual(["2", "1", "1", "2", "1", "0", "0", "1", "0"]);
  });

  it("a teacher sees the classes taught only (another class is a 404); parents get 403; the medic sees no other report", async () => {
    const { s } = await checkSchool();
    const other = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 6, letter: "А" } });
    const math = await as(s.users.teacherMath);
    expect((await math.get(`/reports/attendance?class=${s.classes["5Б"]!.id}&month=2026-10`)).status).toBe(200);
    expect((await math.get(`/reports/attendance?class=${other.id}&month=2026-10`)).status).toBe(404);
    expect((await (await as(s.users.parentAlekseev)).get("/reports/attendance")).status).toBe(403);
    const medic = await as(s.users.medic);
    for (const url of ["/reports/progress", "/reports/activity", "/reports/paper", "/reports/charts", "/reports/check"])
      expect((await medic.get(url)).status).toBe(403);
    expect(pageText((await medic.get("/reports")).text)).not.toContain("Проверка журналов за месяц");
  });
});

describe("user activity (R-RPT-2)", () => {
  it("logins, lessons filled, marks and late marks per user for a month; who never logged in", async () => {
    const { s } = checked;
    const deputy = await as(s.users.deputy);
    const text = pageText((await deputy.get("/reports/activity?month=2026-10")).text);
    // Математиков: 1 login in October; lessons with a topic 05.10, 12.10, 07.10 = 3; 4 marks entered in October, 2 late.
    expect(text).toMatch(/Математиков Пётр Ильич \([^)]+\) Учитель 1 02\.10\.2026 09:00 3 4 2/);
    expect(text).toMatch(/Русакова Мария Олеговна \([^)]+\) Учитель 0 ни разу 1 1 0/);
    expect(text).toContain("Ни разу не входили");
    const rows = await xlsxRows((await getBinary(deputy, "/reports/activity.xlsx?month=2026-10")).body as Buffer);
    expect(rows.find((r) => r[0]!.startsWith("Математиков"))!.slice(2)).toEqual(["1", "02.10.2026 09:00", "3", "4", "2"]);
    for (const u of [s.users.teacherMath, s.users.teacherRussian, s.users.medic, s.users.parentAlekseev])
      expect((await (await as(u)).get("/reports/activity")).status).toBe(403);
  });
});

describe("the journal's paper copy and the summary sheet (R-RPT-6)", () => {
  it("the class teacher prints the class's quarter as one numbered PDF with grids, topics and the certification page", async () => {
    const { s } = checked;
    const c5a = s.classes["5А"]!.id;
    const res = await getBinary(await as(s.users.teacherRussian), `/reports/paper/${c5a}/journal.pdf?period=${s.periods[0]!.id}`);
    expect(res.status).toBe(200);
    const pages = await pdfPages(res.body as Buffer);
    const n = pages.length;
    expect(n).toBe(6); // title, math grid, math topics, russian grid, russian topics, certification
    expect(pages[0]).toContain(squash("Классный журнал 5А класса"));
    expect(pages[1]).toContain(squash("5А — Математика: отметки и посещаемость"));
    expect(pages[1]).toContain(squash("Алексеев А. И."));
    expect(pages[1]).toContain(squash("05.10 12.10 19.10"));
    expect(pages[1]).toContain(squash("5 4 Н 3"));
    expect(pages[2]).toContain(squash("05.10.2026 1 Дроби № 1"));
    expect(pages[3]).toContain(squash("Русский язык"));
    expect(pages[5]).toContain(squash("Лист заверения"));
    expect(pages[5]).toContain(squash(`содержит ${n} пронумерованных страниц`));
    expect(pages[5]).toContain(squash("Директор"));
    pages.forEach((p, i) => expect(p).toContain(squash(`Страница ${i + 1} из ${n}`)));
    expect(pages.join("")).not.toContain("Проценты"); // November is not in the first quarter
  });

  it("the summary sheet of the year as PDF and xlsx; another class is a 404; a subject teacher gets 403", async () => {
    const s = await finalsSchool();
    const c5a = s.classes["5А"]!.id;
    await prisma.classMembership.updateMany({ where: { classId: c5a }, data: { fromDate: d("2026-09-01") } });
    const ct = await as(s.users.teacherRussian);
    const rows = await xlsxRows((await getBinary(ct, `/reports/paper/${c5a}/summary.xlsx`)).body as Buffer);
    expect(rows[1]![0]).toBe("Сводная ведомость итоговой успеваемости");
    const head = rows.find((r) => r[1] === "Ученик")!;
    const iMath = head.indexOf("Мат"),
      iRus = head.indexOf("Рус");
    const a2 = rows.find((r) => r[1] === "Борисова Вера Андреевна")!;
    expect([a2[iMath], a2[iRus]]).toEqual(["4", "4"]);
    const a1 = rows.find((r) => r[1] === "Алексеев Артём Игоревич")!;
    expect([a1[iMath], a1[iRus]]).toEqual(["5", ""]);
    expect(rows.find((r) => r[0] === "Борисова Вера Андреевна")![iMath - 1]).toBe("4 4 · · 4");
    const pdf = (await pdfPages((await getBinary(ct, `/reports/paper/${c5a}/summary.pdf`)).body as Buffer)).join("");
    expect(pdf).toContain(squash("Сводная ведомость итоговой успеваемости"));
    expect(pdf).toContain(squash("5А класс, 2026/2027 учебный год"));
    expect(pdf).toContain(squash("Классный руководитель"));
    expect((await ct.get(`/reports/paper/${s.classes["5Б"]!.id}/summary`)).status).toBe(404);
    expect((await (await as(s.users.teacherMath)).get(`/reports/paper/${c5a}/summary`)).status).toBe(403);
    expect((await (await as(s.users.deputy)).get(`/reports/paper/${s.classes["5Б"]!.id}/summary`)).status).toBe(200);
  });
});

describe("charts (R-RPT-7)", () => {
  it("renders the class's charts as inline SVG with the figures in a table", async () => {
    const { s } = checked;
    const res = await (await as(s.users.teacherRussian)).get(`/reports/charts?class=${s.classes["5А"]!.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("<svg");
    expect(res.text).not.toMatch(/<script[^>]+src="https?:/);
    // Q1 averages: math (5+4+3+4)/4 = 4,00; russian 5,00
    expect(pageText(res.text)).toContain("Математика 4,00");
    expect(pageText(res.text)).toContain("Русский язык 5,00");
    expect((await (await as(s.users.parentAlekseev)).get("/reports/charts")).status).toBe(403);
  });
});
