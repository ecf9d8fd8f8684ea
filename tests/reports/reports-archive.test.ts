/**
 * Issue 7: the reports of a closed year through ?year= — period pickers with that year's periods,
 * months of that year, that year's classes, the paper copy and the summary sheet of a past class.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { as, type Agent } from "../support/http.ts";
import { archiveSchool, htmlProblems, PAST, type ArchiveSchool } from "../support/archive-year.ts";

let s: ArchiveSchool;
let admin: Agent;
beforeAll(async () => {
  s = await archiveSchool();
  admin = await as(s.users.admin);
});

const periodPicker = (html: string) => /<select id="f-period"[\s\S]*?<\/select>/.exec(html)![0];
const yearPicker = (html: string) => /<select id="year-select"[\s\S]*?<\/select>/.exec(html)![0];

describe("reports archive (issue 7)", () => {
  it("progress: the selected year's periods and classes", async () => {
    const res = await admin.get(`/reports/progress?year=${s.past.year.id}&period=${s.past.periods[3]!.id}`);
    expect(res.status).toBe(200);
    expect(yearPicker(res.text)).toMatch(new RegExp(`<option value="${s.past.year.id}" selected>${PAST.name} \\(архив\\)`));
    expect(res.text).toContain("закрыт: данные только для просмотра");
    const picker = periodPicker(res.text);
    for (const p of s.past.periods) expect(picker).toContain(`value="${p.id}"`);
    for (const p of s.periods) expect(picker).not.toContain(`value="${p.id}"`);
    expect(res.text).toContain(`name="class[]" value="${s.past.c4a.id}"`);
    expect(res.text).not.toContain(`name="class[]" value="${s.classes["5А"]!.id}"`);
    expect(await htmlProblems(res.text)).toEqual([]);
  });

  it("attendance: months and periods of the selected year, its classes and the old absences", async () => {
    const byDefault = await admin.get(`/reports/attendance?year=${s.past.year.id}`);
    expect(byDefault.status).toBe(200);
    expect(byDefault.text).toContain('value="2026-05"'); // the past year's last month
    expect(byDefault.text).toContain(`<input type="hidden" name="year" value="${s.past.year.id}">`);
    for (const p of s.past.periods) expect(periodPicker(byDefault.text)).toContain(`value="${p.id}"`);
    expect(byDefault.text).toContain(`class=${s.past.c4a.id}`);
    expect(await htmlProblems(byDefault.text)).toEqual([]);

    const april = await admin.get(`/reports/attendance?year=${s.past.year.id}&month=2026-04&class=${s.past.c4a.id}`);
    expect(april.status).toBe(200);
    expect(april.text).toContain("апрель 2026");
    expect(april.text).toContain("Борисова Вера");

    const q4 = await admin.get(`/reports/attendance?year=${s.past.year.id}&period=${s.past.periods[3]!.id}&class=${s.past.c4a.id}`);
    expect(q4.status).toBe(200);
    expect(q4.text).toContain("Борисова Вера");
    // A period of another year than the selected one is not found.
    expect((await admin.get(`/reports/attendance?year=${s.past.year.id}&period=${s.periods[0]!.id}`)).status).toBe(404);
  });

  it("the monthly check opens on a month of the selected year", async () => {
    const res = await admin.get(`/reports/check?year=${s.past.year.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("май 2026");
    // Issue 23: the summary lists every class of that year, each a link to its journals.
    expect(res.text).toContain(`href="/reports/check?month=2026-05&amp;class=${s.past.c4a.id}"`);
    expect(yearPicker(res.text)).toContain(`<option value="${s.past.year.id}" selected>`);
    expect(await htmlProblems(res.text)).toEqual([]);
  });

  it("paper copy, summary sheet and charts of a past year's class", async () => {
    const list = await admin.get(`/reports/paper?year=${s.past.year.id}`);
    expect(list.status).toBe(200);
    expect(list.text).toMatch(/<option value="\d+"[^>]*>4А<\/option>/);
    expect(list.text).not.toMatch(/<option value="\d+"[^>]*>5А<\/option>/);
    const cls = await admin.get(`/reports/paper?year=${s.past.year.id}&class=${s.past.c4a.id}`);
    expect(cls.text).toContain(`4А класс, ${PAST.name}`);
    for (const p of s.past.periods) expect(cls.text).toContain(`journal.pdf?period=${p.id}`);
    expect(await htmlProblems(cls.text)).toEqual([]);

    const pdf = await admin.get(`/reports/paper/${s.past.c4a.id}/journal.pdf?period=${s.past.periods[3]!.id}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");

    const summary = await admin.get(`/reports/paper/${s.past.c4a.id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.text).toContain(`${PAST.name} учебный год`);
    expect(summary.text).toContain("Алексеев");
    expect(summary.text).toContain(PAST.leaverLast);

    const charts = await admin.get(`/reports/charts?year=${s.past.year.id}&class=${s.past.c4a.id}`);
    expect(charts.status).toBe(200);
    expect(charts.text).toContain(`<input type="hidden" name="year" value="${s.past.year.id}">`);
    expect(await htmlProblems(charts.text)).toEqual([]);
  });
});
