/** Issue 23: one helper declines study period names (src/lib/periods-ru.ts), and the pages use it. */
import { describe, expect, it } from "vitest";
import { declinePeriodName, periodFor, periodIn, periodName, periodSlug } from "../../src/lib/periods-ru.ts";
import { periodName as setupPeriodName } from "../../src/modules/setup/years.service.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

describe("period names in Russian", () => {
  it.each([
    ["QUARTER", 1, ["1-я четверть", "1-й четверти", "1-ю четверть", "1-й четверти"], "за 1-ю четверть", "в 1-й четверти"],
    ["QUARTER", 2, ["2-я четверть", "2-й четверти", "2-ю четверть", "2-й четверти"], "за 2-ю четверть", "во 2-й четверти"],
    ["HALF", 1, ["1-е полугодие", "1-го полугодия", "1-е полугодие", "1-м полугодии"], "за 1-е полугодие", "в 1-м полугодии"],
    ["HALF", 2, ["2-е полугодие", "2-го полугодия", "2-е полугодие", "2-м полугодии"], "за 2-е полугодие", "во 2-м полугодии"],
    ["TRIMESTER", 3, ["3-й триместр", "3-го триместра", "3-й триместр", "3-м триместре"], "за 3-й триместр", "в 3-м триместре"],
  ] as const)("%s %i: nominative, genitive, accusative, prepositional", (kind, number, [nom, gen, acc, prep], za, v) => {
    const p = { kind, number };
    expect([periodName(p), periodName(p, "gen"), periodName(p, "acc"), periodName(p, "prep")]).toEqual([nom, gen, acc, prep]);
    expect(periodFor(p)).toBe(za);
    expect(periodIn(p)).toBe(v);
    expect(declinePeriodName(nom, "acc")).toBe(acc);
    expect(declinePeriodName(nom, "gen")).toBe(gen);
  });

  it("the setup module's names are the helper's (no second spelling such as «2 четверть»)", () => {
    expect(setupPeriodName("QUARTER", 2)).toBe("2-я четверть");
    expect(setupPeriodName("HALF", 1)).toBe("1-е полугодие");
  });

  it("leaves text it does not know as it is; gives ASCII slugs for file names", () => {
    expect(declinePeriodName("Год", "acc")).toBe("Год");
    expect(periodSlug({ kind: "QUARTER", number: 2 })).toBe("q2");
    expect(periodSlug({ kind: "HALF", number: 1 })).toBe("h1");
  });
});

describe("pages print declined period names", () => {
  it("the paper copy offers «Журнал за 1-ю четверть (PDF)», not «за 1-я четверть»", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.deputy)).get(`/reports/paper?class=${s.classes["5А"]!.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Журнал за 1-ю четверть (PDF)");
    expect(res.text).toContain("Журнал за 4-ю четверть (PDF)");
    expect(res.text).not.toContain("за 1-я четверть");
  });

  it("the final marks form is «итоговые за 2-ю четверть»", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.teacherMath)).get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}/finals?period=${s.periods[1]!.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("итоговые за 2-ю четверть");
  });
});
