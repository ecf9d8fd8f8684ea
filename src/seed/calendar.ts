/**
 * The seeded academic year 2026/2027 (R-PLN-4): quarters for grades 1–9,
 * halves for grades 10–11, holidays between the quarters, and the extra
 * February week for first graders. Dates follow the usual Russian calendar
 * (autumn holidays around 4 November, winter ones over the New Year).
 */
export const YEAR = { name: "2026/2027", start: "2026-09-01", end: "2027-05-31" } as const;

export interface PeriodSetDef {
  kind: "QUARTER" | "HALF";
  gradeFrom: number;
  gradeTo: number;
  periods: readonly (readonly [string, string])[];
}

export const PERIOD_SETS: readonly PeriodSetDef[] = [
  {
    kind: "QUARTER",
    gradeFrom: 1,
    gradeTo: 9,
    periods: [
      ["2026-09-01", "2026-10-25"],
      ["2026-11-05", "2026-12-29"],
      ["2027-01-11", "2027-03-21"],
      ["2027-04-01", "2027-05-31"],
    ],
  },
  {
    kind: "HALF",
    gradeFrom: 10,
    gradeTo: 11,
    periods: [
      ["2026-09-01", "2026-12-29"],
      ["2027-01-11", "2027-05-31"],
    ],
  },
];

export interface HolidayDef {
  name: string;
  start: string;
  end: string;
  gradeFrom?: number;
  gradeTo?: number;
}

export const HOLIDAYS: readonly HolidayDef[] = [
  { name: "Осенние каникулы", start: "2026-10-26", end: "2026-11-04" },
  { name: "Зимние каникулы", start: "2026-12-30", end: "2027-01-10" },
  { name: "Дополнительные каникулы для 1 классов", start: "2027-02-15", end: "2027-02-21", gradeFrom: 1, gradeTo: 1 },
  { name: "Весенние каникулы", start: "2027-03-22", end: "2027-03-31" },
];

/** The day students join their classes, and the first day of the year's teaching load. */
export const YEAR_START = YEAR.start;

/**
 * The day the seeded records other than lessons are filled up to (movement orders, staff courses,
 * categories and their five-year validity): a fixed day in the seeded year, before "today" of the
 * tests (2026-12-09) and of the demo, never the real clock.
 */
export const RECORDS_AS_OF = "2026-11-30";
