/**
 * Issue 23: the monthly check opens on the month whose check is due (until the 20th, the previous month; the
 * app clock pinned per block), and the remark form stands beside the class it is about: a remark written there
 * returns to the class, is listed with it, and counts in the summary's «Открытые замечания».
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { checkMonthOf } from "../../src/modules/reports/reports.common.ts";
import { d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useClock } from "../support/use-clock.ts";
import { checkSchool, pageText } from "./helpers.ts";

const year = { startDate: d("2026-09-01"), endDate: d("2027-05-31") };

describe("the month the check opens on (deadline: the 20th)", () => {
  it.each([
    ["2026-11-01", "2026-10"],
    ["2026-11-20", "2026-10"],
    ["2026-11-21", "2026-11"],
    ["2026-12-09", "2026-11"],
    ["2027-01-15", "2026-12"],
    // Early September: August lies before the school year.
    ["2026-09-10", "2026-09"],
    ["2026-10-20", "2026-09"],
    // After the year: its last month.
    ["2027-06-15", "2027-05"],
  ])("on %s: %s", (day, month) => {
    expect(checkMonthOf(undefined, year, d(day)).key).toBe(month);
  });

  it("an asked month wins; a bad one falls back to the current month", () => {
    expect(checkMonthOf("2026-09", year, d("2026-11-10")).key).toBe("2026-09");
    expect(checkMonthOf("2026-13", year, d("2026-11-10")).key).toBe("2026-11");
  });
});

describe("on 20 November the page opens on October", () => {
  useClock("2026-11-20T10:00:00+03:00");
  it("the summary of October", async () => {
    const { s } = await checkSchool();
    const text = pageText((await (await as(s.users.deputy)).get("/reports/check")).text);
    expect(text).toContain("За октябрь 2026");
    expect(text).toContain("Итого по школе 3 5 / 3 1 1 1 1,0 4 (80,0 %) 2 0 2 0");
  });
});

describe("on 21 November the page opens on November", () => {
  useClock("2026-11-21T10:00:00+03:00");
  it("the summary of November", async () => {
    const { s } = await checkSchool();
    const text = pageText((await (await as(s.users.deputy)).get("/reports/check")).text);
    expect(text).toContain("За ноябрь 2026, учтены дни по 21.11.2026");
  });
});

describe("remarks beside the class (R-RPT-1)", () => {
  useClock("2026-12-09T10:00:00+03:00");

  it("a remark written on a class's page returns to it, is listed there and counted in the summary", async () => {
    const { s } = await checkSchool();
    const [c5a, c5b] = [s.classes["5А"]!.id, s.classes["5Б"]!.id];
    const deputy = await as(s.users.deputy);
    await deputy.get(`/reports/check?month=2026-10&class=${c5a}`);

    // Refused: the class's page again, with the message and the typed text, and nothing written.
    const bad = await deputy.form("/reports/remarks", { month: "2026-10", class: String(c5a), teacherId: "", journal: "", text: "Проверьте темы" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Проверка электронных журналов: 5А класс");
    expect(bad.text).toContain("Проверьте темы");
    expect(await prisma.journalRemark.count({ where: { schoolId: s.schoolId } })).toBe(0);

    const ok = await deputy.form("/reports/remarks", {
      month: "2026-10",
      class: String(c5a),
      teacherId: String(s.users.teacherMath.personId),
      journal: `${c5a}:${s.subjects.math.id}`,
      text: "Заполните темы уроков за 19.10",
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe(`/reports/check?month=2026-10&class=${c5a}#remarks`);
    expect(await prisma.journalRemark.findFirstOrThrow({ where: { schoolId: s.schoolId } })).toMatchObject({
      teacherId: s.users.teacherMath.personId,
      classId: c5a,
      subjectId: s.subjects.math.id,
    });
    // A remark on the teacher's whole journal concerns every class of the teacher.
    await deputy.form("/reports/remarks", {
      month: "2026-10",
      class: String(c5b),
      teacherId: String(s.users.teacherMath.personId),
      journal: "",
      text: "Отметки вносите в день урока",
    });

    const page5a = pageText((await deputy.get(`/reports/check?month=2026-10&class=${c5a}`)).text);
    expect(page5a).toContain("Заполните темы уроков за 19.10");
    expect(page5a).toContain("Отметки вносите в день урока");
    const page5b = pageText((await deputy.get(`/reports/check?month=2026-10&class=${c5b}`)).text);
    expect(page5b).not.toContain("Заполните темы уроков за 19.10");
    expect(page5b).toContain("Отметки вносите в день урока");

    // Open remarks: 5А two, 5Б one, the school two (each counted once).
    const summary = pageText((await deputy.get("/reports/check?month=2026-10")).text);
    expect(summary).toContain("5А Русакова М. О. 2 4 / 3 1 1 1 1,3 3 (75,0 %) 2 0 2 2");
    expect(summary).toContain("5Б Инглишева Е. В. 1 1 / 0 0 0 0 0,0 1 (100,0 %) 0 0 0 1");
    expect(summary).toContain("Итого по школе 3 5 / 3 1 1 1 1,0 4 (80,0 %) 2 0 2 2");
    expect(summary).toContain("Замечания за октябрь 2026: 2, не исправлено 2");
  });

  it("a teacher sees the own journals of a class and no remark form", async () => {
    const { s } = await checkSchool();
    const page = await (await as(s.users.teacherMath)).get(`/reports/check?month=2026-10&class=${s.classes["5А"]!.id}`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("Математика Математиков П. И. 3 3 1 1 1 4 2,0");
    expect(text).not.toContain("Русский язык Русакова");
    expect(page.text).not.toContain('action="/reports/remarks"');
  });
});
