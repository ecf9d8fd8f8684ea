import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { assertYearWritable, currentYear, holidaysFor, isYearWritable, periodContaining, periodsForGrade } from "../../src/modules/setup/years.service.ts";
import { checkPeriod, checkSetGrades, standardPeriods, uncoveredGrades } from "../../src/modules/setup/years.rules.ts";
import { Locked } from "../../src/lib/errors.ts";

/** The fixture school with quarters for 1–9 and halves for 10–11. */
async function schoolWithTwoSets() {
  const s = await buildSchool();
  await prisma.periodSet.updateMany({ where: { yearId: s.year.id }, data: { gradeTo: 9 } });
  const halves = await prisma.periodSet.create({ data: { schoolId: s.schoolId, yearId: s.year.id, kind: "HALF", gradeFrom: 10, gradeTo: 11 } });
  await prisma.studyPeriod.create({
    data: { schoolId: s.schoolId, yearId: s.year.id, periodSetId: halves.id, number: 2, startDate: d("2027-01-12"), endDate: d("2027-05-31") },
  });
  await prisma.studyPeriod.create({
    data: { schoolId: s.schoolId, yearId: s.year.id, periodSetId: halves.id, number: 1, startDate: d("2026-09-01"), endDate: d("2026-12-28") },
  });
  return s;
}

describe("years.service for other modules", () => {
  it("currentYear gives the school's CURRENT year, or null", async () => {
    const s = await buildSchool();
    const closed = await buildSchool({ yearStatus: "CLOSED" });
    expect((await currentYear(s.schoolId))?.id).toBe(s.year.id);
    expect(await currentYear(closed.schoolId)).toBeNull();
  });

  it("periodsForGrade: quarters for grade 5, halves for grade 10, ordered by number (R-PLN-4)", async () => {
    const s = await schoolWithTwoSets();
    const five = await periodsForGrade(s.year.id, 5);
    expect(five.map((p) => [p.number, p.kind, p.name])).toEqual([
      [1, "QUARTER", "1-я четверть"],
      [2, "QUARTER", "2-я четверть"],
      [3, "QUARTER", "3-я четверть"],
      [4, "QUARTER", "4-я четверть"],
    ]);
    const ten = await periodsForGrade(s.year.id, 10);
    expect(ten.map((p) => [p.number, p.kind, p.name, p.startDate])).toEqual([
      [1, "HALF", "1-е полугодие", d("2026-09-01")],
      [2, "HALF", "2-е полугодие", d("2027-01-12")],
    ]);
  });

  it("periodsForGrade is empty for a grade no set covers", async () => {
    const s = await buildSchool();
    await prisma.periodSet.updateMany({ where: { yearId: s.year.id }, data: { gradeTo: 9 } });
    expect(await periodsForGrade(s.year.id, 11)).toEqual([]);
  });

  it("periodContaining finds the period of a day, inclusive of its ends, and null between periods", async () => {
    const s = await schoolWithTwoSets();
    expect((await periodContaining(s.year.id, 5, d("2026-09-01")))?.number).toBe(1);
    expect((await periodContaining(s.year.id, 5, d("2026-10-25")))?.number).toBe(1);
    expect(await periodContaining(s.year.id, 5, d("2026-10-30"))).toBeNull();
    expect((await periodContaining(s.year.id, 5, d("2027-02-01")))?.name).toBe("3-я четверть");
    expect((await periodContaining(s.year.id, 10, d("2027-02-01")))?.name).toBe("2-е полугодие");
    expect(await periodContaining(s.year.id, 10, d("2027-06-01"))).toBeNull();
  });

  it("holidaysFor gives school-wide holidays and those of the grade's range, by date", async () => {
    const s = await buildSchool();
    const h = (name: string, from: string, to: string, gradeFrom: number | null = null, gradeTo: number | null = null) =>
      prisma.holiday.create({ data: { schoolId: s.schoolId, yearId: s.year.id, name, startDate: d(from), endDate: d(to), gradeFrom, gradeTo } });
    await h("Зимние", "2026-12-29", "2027-01-11");
    await h("Осенние", "2026-10-26", "2026-11-04");
    await h("Дополнительные", "2027-02-15", "2027-02-21", 1, 1);
    expect((await holidaysFor(s.year.id, 1)).map((x) => x.name)).toEqual(["Осенние", "Зимние", "Дополнительные"]);
    expect((await holidaysFor(s.year.id, 5)).map((x) => x.name)).toEqual(["Осенние", "Зимние"]);
  });

  it("isYearWritable / assertYearWritable: a closed year is read-only (R-YR-1, R-JRN-5)", () => {
    expect(isYearWritable({ status: "DRAFT" })).toBe(true);
    expect(isYearWritable({ status: "CURRENT" })).toBe(true);
    expect(isYearWritable({ status: "CLOSED" })).toBe(false);
    expect(() => assertYearWritable({ status: "CURRENT", name: "2026/2027" })).not.toThrow();
    expect(() => assertYearWritable({ status: "CLOSED", name: "2025/2026" })).toThrow(Locked);
    expect(() => assertYearWritable({ status: "CLOSED", name: "2025/2026" })).toThrow("Учебный год 2025/2026 закрыт");
  });
});

describe("calendar rules (pure)", () => {
  const year = { startDate: d("2026-09-01"), endDate: d("2027-05-31") };
  const q = (number: number, from: string, to: string, id = number) => ({ id, number, startDate: d(from), endDate: d(to) });

  it("accepts a period in order and refuses one that overlaps or breaks the order", () => {
    const others = [q(1, "2026-09-01", "2026-10-25"), q(3, "2027-01-12", "2027-03-21")];
    expect(checkPeriod(year, "QUARTER", others, { number: 2, startDate: d("2026-11-05"), endDate: d("2026-12-28") })).toEqual({});
    expect(checkPeriod(year, "QUARTER", others, { number: 2, startDate: d("2026-10-25"), endDate: d("2026-12-28") }).startDate).toContain("Пересекается");
    expect(checkPeriod(year, "QUARTER", others, { number: 4, startDate: d("2026-11-05"), endDate: d("2026-12-28") }).startDate).toContain(
      "Должен начинаться после",
    );
    expect(checkPeriod(year, "QUARTER", others, { number: 2, startDate: d("2027-03-25"), endDate: d("2027-03-30") }).endDate).toContain(
      "Должен заканчиваться до начала периода «3-я четверть»",
    );
    // Editing a period is checked against the others, not against itself.
    expect(checkPeriod(year, "QUARTER", others, { id: 1, number: 1, startDate: d("2026-09-02"), endDate: d("2026-10-20") })).toEqual({});
  });

  it("refuses overlapping grade ranges and reports uncovered grades", () => {
    const sets = [{ id: 1, kind: "QUARTER" as const, gradeFrom: 1, gradeTo: 9 }];
    expect(checkSetGrades(sets, { kind: "HALF", gradeFrom: 10, gradeTo: 11 })).toEqual({});
    expect(checkSetGrades(sets, { kind: "HALF", gradeFrom: 9, gradeTo: 11 }).gradeFrom).toContain("Пересекается");
    expect(checkSetGrades(sets, { id: 1, kind: "QUARTER", gradeFrom: 1, gradeTo: 11 })).toEqual({});
    expect(uncoveredGrades(sets)).toEqual([[10, 11]]);
    expect(
      uncoveredGrades([
        { kind: "QUARTER", gradeFrom: 2, gradeTo: 4 },
        { kind: "HALF", gradeFrom: 6, gradeTo: 11 },
      ]),
    ).toEqual([
      [1, 1],
      [5, 5],
    ]);
  });

  it("standard quarters follow the year's start year", () => {
    const ps = standardPeriods("QUARTER", { startDate: d("2030-09-01"), endDate: d("2031-05-31") })!;
    expect(ps.map((p) => [p.startDate.toISOString().slice(0, 10), p.endDate.toISOString().slice(0, 10)])).toEqual([
      ["2030-09-01", "2030-10-26"],
      ["2030-11-05", "2030-12-28"],
      ["2031-01-12", "2031-03-22"],
      ["2031-04-01", "2031-05-31"],
    ]);
  });
});
