/**
 * «Анализ результатов ГИА» (issue 17): a hand-computed case of four 9th-graders in two classes —
 * Математика linked to the school subject: 9А A1 25 б. «5» (year 4, higher), A2 12 б. «3» (year 3,
 * confirmed); 9Б B1 6 б. «2» (year 3, lower), B2 18 б. «4» (year 4, confirmed). School: 4 takers,
 * mean score 61 / 4 = 15,25 → 15,3, mean mark 14 / 4 = 3,50, one of each mark, below the minimum
 * 1 / 4 = 25 %, confirmed 2 of 4, higher 1, lower 1. Русский язык is not linked: no comparison. A
 * chosen exam without a result and another school's results are not counted. Deputies and the
 * administrator only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { getBinary, pageText, pdfPages, squash, xlsxRows } from "./helpers.ts";
import { htmlProblems } from "../support/html.ts";

useMidQuarterDay();

type School = Awaited<ReturnType<typeof buildSchool>>;
let s: School;
let other: School;

async function exam(school: School, studentId: number, subjectName: string, score: number | null, mark: string | null, subjectId: number | null = null) {
  const reg = await prisma.giaRegistration.upsert({
    where: { studentId_yearId: { studentId, yearId: school.year.id } },
    create: { schoolId: school.schoolId, studentId, yearId: school.year.id, level: "OGE" },
    update: {},
  });
  await prisma.giaExam.create({ data: { schoolId: school.schoolId, registrationId: reg.id, subjectName, score, mark, subjectId } });
}

async function yearMark(studentId: number, value: string) {
  await prisma.finalMark.create({ data: { schoolId: s.schoolId, studentId, subjectId: s.subjects.math.id, yearId: s.year.id, kind: "YEAR", value } });
}

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  await prisma.schoolClass.updateMany({ where: { schoolId: { in: [s.schoolId, other.schoolId] } }, data: { grade: 9 } });
  const p = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Васильев", firstName: "Борис", birthDate: d("2011-02-02") } });
  const b2 = await prisma.student.create({ data: { schoolId: s.schoolId, personId: p.id } });
  await prisma.classMembership.create({ data: { schoolId: s.schoolId, studentId: b2.id, classId: s.classes["5Б"]!.id, fromDate: d("2026-09-01") } });
  const [a1, a2, b1] = [s.students.studentA1!.studentId, s.students.studentA2!.studentId, s.students.studentB1!.studentId];
  const math = s.subjects.math.id;
  await exam(s, a1, "Математика", 25, "5", math);
  await exam(s, a2, "Математика", 12, "3", math);
  await exam(s, b1, "Математика", 6, "2", math);
  await exam(s, b2.id, "Математика", 18, "4", math);
  for (const [id, v] of [
    [a1, "4"],
    [a2, "3"],
    [b1, "3"],
    [b2.id, "4"],
  ] as const)
    await yearMark(id, v);
  await exam(s, a1, "Русский язык", 30, "4");
  await exam(s, a2, "Русский язык", null, null); // chosen, no result yet
  await exam(other, other.students.studentA1!.studentId, "Математика", 3, "2", other.subjects.math.id);
});

describe("the ГИА analysis (issue 17)", () => {
  it("the deputy: per subject for the school and each class, the hand-computed figures; page, .xlsx and PDF", async () => {
    const deputy = await as(s.users.deputy);
    const page = await deputy.get("/reports/gia");
    expect(page.status).toBe(200);
    expect(await htmlProblems(page.text)).toEqual([]);
    const text = pageText(page.text);
    expect(text).toContain("Внесено результатов экзаменов: 5");
    expect(text).toContain("Математика Все классы 4 15,3 3,50 1 1 1 1 25,0 % 4 2 (50,0 %) 1 (25,0 %) 1 (25,0 %)");
    expect(text).toContain("Математика 9А 2 18,5 4,00 1 0 1 0 0,0 % 2 1 (50,0 %) 1 (50,0 %) 0 (0,0 %)");
    expect(text).toContain("Математика 9Б 2 12,0 3,00 0 1 0 1 50,0 % 2 1 (50,0 %) 0 (0,0 %) 1 (50,0 %)");
    expect(text).toContain("Русский язык Все классы 1 30,0 4,00 0 1 0 0 0,0 % 0 — — —");
    expect(text).toMatch(/11 классы \(ЕГЭ, ГВЭ\) Результатов нет/);

    const rows = await xlsxRows((await getBinary(deputy, "/reports/gia.xlsx")).body as Buffer);
    const school = rows.find((r) => r[0] === "Математика" && r[1] === "Все классы")!;
    expect(school.slice(2, 9)).toEqual(["4", "15.3", "3.5", "1", "1", "1", "1"]);
    expect(school.slice(9)).toEqual(["25,0 %", "4", "2 (50,0 %)", "1 (25,0 %)", "1 (25,0 %)"]);

    const pdf = squash((await pdfPages((await getBinary(deputy, "/reports/gia.pdf")).body as Buffer)).join(" "));
    expect(pdf).toContain(squash("Анализ результатов ГИА"));
    expect(pdf).toContain(squash("2 (50,0 %)"));
  });

  it.each([
    ["the class teacher", "teacherRussian"],
    ["a subject teacher", "teacherMath"],
    ["the secretary", "secretary"],
    ["a parent", "parentAlekseev"],
    ["a pupil", "studentA1"],
  ] as const)("%s gets 403", async (_who, user) => {
    const agent = await as(s.users[user]);
    expect((await agent.get("/reports/gia")).status).toBe(403);
    expect((await agent.get("/reports/gia.xlsx")).status).toBe(403);
  });

  it("another school's year is a 404, and that school's deputy sees only its own results", async () => {
    const deputy = await as(s.users.deputy);
    expect((await deputy.get(`/reports/gia?year=${other.year.id}`)).status).toBe(404);
    const text = pageText((await (await as(other.users.deputy)).get("/reports/gia")).text);
    expect(text).toContain("Математика Все классы 1 3,0 2,00 0 0 0 1 100,0 % 0 — — —");
  });
});
