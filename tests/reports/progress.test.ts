/** R-RPT-3: every figure of the progress and quality report on hand-built final marks; PDF, xlsx and access. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/access/actor.ts";
import { classify, delta, pctOf, progressReport } from "../../src/modules/reports/progress.service.ts";
import { num } from "../../src/modules/reports/reports.common.ts";
import { as } from "../support/http.ts";
import { finalsSchool, getBinary, pageText, pdfPages, squash, xlsxRows } from "./helpers.ts";

describe("classify a student's finals", () => {
  it.each([
    [["5", "5", "осв"], "excellent"],
    [["5", "4"], "good"],
    [["5", "3", "4"], "one3"],
    [["3", "3", "5"], "three"],
    [["5", "2"], "failing"],
    [["5", "н/а"], "failing"],
    [["зач", "незач"], "failing"],
    [["осв"], "none"],
    [[], "none"],
  ] as [string[], string][])("%j → %s", (values, cat) => expect(classify(values)).toBe(cat));
});

describe("progress and quality (R-RPT-3)", () => {
  // The reports only read the school: one for the file.
  let s: Awaited<ReturnType<typeof finalsSchool>>;
  beforeAll(async () => {
    s = await finalsSchool();
  });

  it("the first quarter per class, school, subject and teacher, with the lists", async () => {
    const r = await progressReport((await loadActor(s.users.deputy.userId))!, {
      yearId: undefined,
      period: String(s.periods[0]!.id),
      classIds: [],
      teacherId: null,
    });
    const [a, b] = r.classRows as [(typeof r.classRows)[number], (typeof r.classRows)[number]];
    expect(a).toMatchObject({ name: "5А", attested: 2, excellent: 1, good: 0, one3: 1, failing: 0 });
    expect([pctOf(a.passedPct), pctOf(a.qualityPct), num(a.average), pctOf(a.sou)]).toEqual(["100,0 %", "50,0 %", "4,50", "83,3 %"]);
    expect(b).toMatchObject({ name: "5Б", attested: 1, excellent: 0, good: 0, one3: 0, failing: 1 });
    expect([pctOf(b.passedPct), pctOf(b.qualityPct), num(b.average), pctOf(b.sou)]).toEqual(["0,0 %", "0,0 %", "3,00", "40,0 %"]);
    expect(r.total).toMatchObject({ attested: 3, excellent: 1, good: 0, one3: 1, failing: 1 });
    expect([pctOf(r.total.passedPct), pctOf(r.total.qualityPct), num(r.total.average), pctOf(r.total.sou)]).toEqual(["66,7 %", "33,3 %", "4,13", "72,5 %"]);
    expect(a.lists).toEqual({ excellent: ["Алексеев Артём Игоревич"], good: [], one3: ["Борисова Вера Андреевна: Русский язык (3)"], failing: [] });
    expect(b.lists.failing).toEqual(["Алексеева Дарья Игоревна: Математика (2)"]);
    const subj = Object.fromEntries(r.subjectRows.map((x) => [x.name, [pctOf(x.passedPct), pctOf(x.qualityPct), num(x.average)]]));
    expect(subj).toEqual({
      "Английский язык": ["100,0 %", "100,0 %", "5,00"],
      Математика: ["66,7 %", "66,7 %", "3,67"],
      "Русский язык": ["100,0 %", "66,7 %", "4,00"],
    });
    const teach = r.teacherRows.map((t) => `${t.teacher} ${t.className} ${t.subject} ${pctOf(t.passedPct)} ${pctOf(t.qualityPct)} ${num(t.average)}`);
    expect(teach).toEqual([
      "Инглишева Е. В. 5А Английский язык 100,0 % 100,0 % 5,00",
      "Математиков П. И. 5А Математика 100,0 % 100,0 % 4,50",
      "Математиков П. И. 5Б Математика 0,0 % 0,0 % 2,00",
      "Русакова М. О. 5А Русский язык 100,0 % 50,0 % 4,00",
      "Русакова М. О. 5Б Русский язык 100,0 % 100,0 % 4,00",
    ]);
    expect(r.prevPeriods).toEqual([]);
  });

  it("the second quarter compared with the first", async () => {
    const r = await progressReport((await loadActor(s.users.deputy.userId))!, {
      yearId: undefined,
      period: String(s.periods[1]!.id),
      classIds: [],
      teacherId: null,
    });
    const [a, b] = r.classRows as [(typeof r.classRows)[number], (typeof r.classRows)[number]];
    expect(a).toMatchObject({ excellent: 1, good: 1, one3: 0, failing: 0 });
    expect(delta(a.qualityPct, a.prev?.qualityPct)).toBe("+50,0");
    expect(delta(a.passedPct, a.prev?.passedPct)).toBe("0");
    expect(b).toMatchObject({ one3: 1, failing: 0 });
    expect(delta(b.passedPct, b.prev?.passedPct)).toBe("+100,0");
    expect([pctOf(r.total.passedPct), pctOf(r.total.qualityPct)]).toEqual(["100,0 %", "66,7 %"]);
    expect(delta(r.total.qualityPct, r.prevTotal?.qualityPct)).toBe("+33,3");
    const math = r.subjectRows.find((x) => x.name === "Математика")!;
    expect(delta(math.average, math.prev?.average, 2)).toBe("+0,33");
  });

  it("the same for one teacher's classes; the year marks", async () => {
    const deputy = (await loadActor(s.users.deputy.userId))!;
    const r = await progressReport(deputy, { yearId: undefined, period: String(s.periods[0]!.id), classIds: [], teacherId: s.users.teacherMath.personId });
    expect(r.classRows.map((c) => [c.name, c.excellent, c.good, c.failing, pctOf(c.qualityPct)])).toEqual([
      ["5А", 1, 1, 0, "100,0 %"],
      ["5Б", 0, 0, 1, "0,0 %"],
    ]);
    expect(r.subjectRows.map((x) => x.name)).toEqual(["Математика"]);
    const y = await progressReport(deputy, { yearId: undefined, period: "year", classIds: [], teacherId: null });
    expect(y.total).toMatchObject({ attested: 2, excellent: 1, good: 1 });
    expect(y.prevPeriods.map((p) => p.number)).toEqual([4]);
  });

  it("the PDF and xlsx carry the figures; the teacher sees only the own subjects; parents and the medic get 403", async () => {
    const deputy = await as(s.users.deputy);
    const q = `?period=${s.periods[0]!.id}`;
    const page = await deputy.get(`/reports/progress${q}`);
    expect(page.status).toBe(200);
    expect(pageText(page.text)).toContain("По школе 3 1 0 1 1 66,7 % 33,3 % 4,13 72,5 %");
    const pdf = (await pdfPages((await getBinary(deputy, `/reports/progress.pdf${q}`)).body as Buffer)).join("");
    for (const t of [
      "Успеваемость и качество знаний",
      "1-я четверть 2026/2027",
      "5А 2 1 0 1 0 100,0 % 50,0 % 4,50 83,3 %",
      "По школе 3 1 0 1 1 66,7 % 33,3 % 4,13 72,5 %",
      "Неуспевающие (1): Алексеева Дарья Игоревна: Математика (2)",
      "Директор",
    ])
      expect(pdf).toContain(squash(t));
    const rows = await xlsxRows((await getBinary(deputy, `/reports/progress.xlsx${q}`)).body as Buffer);
    expect(rows.find((r) => r[0] === "По школе")!.slice(1, 10)).toEqual(["3", "1", "0", "1", "1", "66,7 %", "33,3 %", "4.13", "72,5 %"]);

    const math = await as(s.users.teacherMath);
    const own = pageText((await math.get(`/reports/progress${q}`)).text);
    expect(own).toContain("Математиков П. И.: 5Б Математика");
    expect(own).not.toContain("Русакова М. О.: 5А Русский язык");
    for (const u of [s.users.parentAlekseev, s.users.studentA1, s.users.medic]) expect((await (await as(u)).get(`/reports/progress${q}`)).status).toBe(403);
  });
});
