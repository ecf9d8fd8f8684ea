/** Issue 23: plausible birth dates (src/lib/birth-dates.ts), at the tests' fixed day 09.12.2026. */
import { describe, expect, it } from "vitest";
import { birthDateField, birthDateProblem, pupilAgeRange, septemberFirst, yearsText } from "../../src/lib/birth-dates.ts";
import { parseForm, z } from "../../src/lib/validation.ts";
import { d } from "../support/fixtures.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

describe("birth dates", () => {
  it.each([
    [1, "1 год"],
    [2, "2 года"],
    [5, "5 лет"],
    [11, "11 лет"],
    [14, "14 лет"],
    [21, "21 год"],
    [22, "22 года"],
    [40, "40 лет"],
  ])("%i → «%s»", (n, text) => expect(yearsText(n)).toBe(text));

  it("1 September of the school year; from July on, the coming one", () => {
    expect(septemberFirst(d("2026-12-09")).toISOString().slice(0, 10)).toBe("2026-09-01");
    expect(septemberFirst(d("2027-03-01")).toISOString().slice(0, 10)).toBe("2026-09-01");
    expect(septemberFirst(d("2027-08-20")).toISOString().slice(0, 10)).toBe("2027-09-01");
  });

  it("a pupil's range narrows with the grade", () => {
    expect(pupilAgeRange()).toEqual({ min: 5, max: 21 });
    expect(pupilAgeRange(1)).toEqual({ min: 5, max: 11 });
    expect(pupilAgeRange(6)).toEqual({ min: 10, max: 16 });
    expect(pupilAgeRange(11)).toEqual({ min: 15, max: 21 });
  });

  it.each([
    ["2035-01-01", "pupil", undefined, "Дата рождения 01.01.2035 ещё не наступила. Проверьте год."],
    ["2024-03-01", "pupil", undefined, "По этой дате рождения ученику на 1 сентября 2026 г. 2 года, а для ученика допустимо от 5 до 21 года."],
    ["1986-05-05", "pupil", undefined, "ученику на 1 сентября 2026 г. 40 лет"],
    ["2020-05-05", "pupil", 6, "ученику на 1 сентября 2026 г. 6 лет, а в 6 классе допустимо от 10 до 16 лет."],
    ["2014-05-05", "staff", undefined, "По этой дате рождения сотруднику сейчас 12 лет, а допустимо от 16 до 100 лет."],
    ["1900-01-01", "parent", undefined, "родителю сейчас 126 лет"],
  ] as const)("%s as %s (grade %s) is refused: %s", (date, of, grade, message) => {
    expect(birthDateProblem(d(date), of, { grade })).toContain(message);
  });

  it.each([
    ["2015-04-02", "pupil", 5],
    ["2020-01-15", "pupil", 1],
    ["2009-02-01", "pupil", 11],
    ["1980-03-15", "staff", undefined],
    ["2010-12-01", "staff", undefined],
  ] as const)("%s as %s (grade %s) is accepted", (date, of, grade) => {
    expect(birthDateProblem(d(date), of, { grade })).toBeNull();
  });

  it("the zod fields: required or optional, the message on the field", () => {
    const schema = z.object({ birthDate: birthDateField.required("pupil"), other: birthDateField.optional("parent") });
    expect(parseForm(schema, { birthDate: "01.01.2035", other: "" })).toEqual({
      ok: false,
      errors: { birthDate: "Дата рождения 01.01.2035 ещё не наступила. Проверьте год." },
    });
    const parent = parseForm(schema, { birthDate: "2015-04-02", other: "2020-01-01" });
    expect(parent.ok ? "" : parent.errors.other).toContain("По этой дате рождения родителю сейчас 6 лет");
    expect(parseForm(schema, { birthDate: "2015-04-02", other: "" })).toMatchObject({ ok: true, data: { other: null } });
  });
});
