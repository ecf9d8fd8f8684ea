/**
 * «Журнал замещения уроков» (001 §4.5.1, issue 17): the month's substituted lessons with the totals per
 * teacher for payroll; the page, the PDF and the .xlsx agree; the deputies, the administrator and HR
 * see it, nobody else; another school's lessons and another month's never appear.
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

/** A lesson of 5А: the load's teacher, maybe a substitute (person ids). Today is 09.12.2026 (tests/support/clock.ts). */
async function lesson(
  school: School,
  date: string,
  number: number,
  subject: "math" | "russian",
  teacherId: number,
  substituteId: number | null,
  topic: string | null,
) {
  return prisma.lesson.create({
    data: {
      schoolId: school.schoolId,
      classId: school.classes["5А"]!.id,
      subjectId: school.subjects[subject].id,
      teacherId,
      substituteId,
      date: d(date),
      number,
      topic,
    },
  });
}

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  const math = s.users.teacherMath.personId;
  const russian = s.users.teacherRussian.personId;
  const english = s.users.teacherEnglish.personId;
  // December: English replaces Math twice (one of them still ahead), Math replaces Russian once.
  await lesson(s, "2026-12-01", 2, "math", math, english, "Сложение дробей");
  await lesson(s, "2026-12-03", 3, "russian", russian, math, null);
  await lesson(s, "2026-12-15", 2, "math", math, english, null);
  // Not substitutions, or not this month.
  await lesson(s, "2026-12-02", 1, "math", math, null, "Дроби");
  await lesson(s, "2026-11-30", 1, "math", math, english, "Дроби");
  // Another school's substitution on the same day.
  await lesson(other, "2026-12-01", 2, "math", other.users.teacherMath.personId, other.users.teacherEnglish.personId, "Чужой урок");
});

describe("the substitution register (001 §4.5.1)", () => {
  it("lists the month's substituted lessons with totals per teacher; the PDF and the spreadsheet say the same", async () => {
    const deputy = await as(s.users.deputy);
    const page = await deputy.get("/reports/substitutions?month=2026-12");
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("Проведено замещений: 2, запланировано до конца месяца: 1");
    expect(text).toContain("01.12.2026 2 5А Математика Математиков Пётр Ильич");
    expect(text).toContain("Сложение дробей");
    expect(text).toContain("тема не записана");
    expect(text).toContain("запланировано");
    expect(text).not.toContain("Чужой урок");
    expect(text).not.toContain("30.11.2026");
    const english = s.users.teacherEnglish;
    const englishName = (await prisma.person.findUniqueOrThrow({ where: { id: english.personId } })).lastName;
    // Totals: English gave 1 and has 1 ahead; Math gave 1.
    expect(text).toMatch(new RegExp(`${englishName} \\S+ \\S+ 1 1`));
    expect(text).toMatch(/Итого 2 1/);

    const rows = await xlsxRows((await getBinary(deputy, "/reports/substitutions.xlsx?month=2026-12")).body as Buffer);
    const lessons = rows.filter((r) => /^\d\d\.12\.2026$/.test(r[0] ?? ""));
    expect(lessons.map((r) => [r[0], r[2], r[3], r[7]])).toEqual([
      ["01.12.2026", "5А", "Математика", "1"],
      ["03.12.2026", "5А", "Русский язык", "1"],
      ["15.12.2026", "5А", "Математика", "0"],
    ]);
    expect(rows.filter((r) => r[0] === "Итого").map((r) => r.slice(1, 3))).toEqual([
      ["2", "1"],
      ["2", "1"],
    ]);
    const pdf = (await pdfPages((await getBinary(deputy, "/reports/substitutions.pdf?month=2026-12")).body as Buffer)).join("");
    expect(pdf).toContain(squash("Журнал замещения уроков"));
    expect(pdf).toContain(squash("Сложение дробей"));
    expect(pdf).not.toContain(squash("Чужой урок"));
  });

  it("a month without substitutions says so; a malformed month falls back to the current one", async () => {
    const admin = await as(s.users.admin);
    expect(pageText((await admin.get("/reports/substitutions?month=2026-10")).text)).toContain("В этом месяце замещений нет.");
    const fallback = await admin.get("/reports/substitutions?month=2026-13");
    expect(fallback.status).toBe(200);
    expect(pageText(fallback.text)).toContain("декабрь 2026. Проведено замещений: 2");
  });

  it("HR sees it (payroll) and finds it under «Отчёты»; teachers, the class teacher, the secretary, families get 403 for the page and the files", async () => {
    const hr = await as(s.users.hr);
    expect((await hr.get("/reports/substitutions?month=2026-12")).status).toBe(200);
    expect((await hr.get("/reports")).text).toContain('href="/reports/substitutions"');
    for (const u of [s.users.teacherMath, s.users.teacherRussian, s.users.secretary, s.users.medic, s.users.parentAlekseev, s.users.studentA1]) {
      const agent = await as(u);
      for (const url of ["/reports/substitutions", "/reports/substitutions.pdf", "/reports/substitutions.xlsx"])
        expect([(await agent.get(url)).status, u.login, url]).toEqual([403, u.login, url]);
    }
  });
});
