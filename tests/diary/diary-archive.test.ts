/**
 * Issue 7: a student's diary of a closed year — the week of a past date in the class of that date,
 * the marks page with ?year= over that year's periods — for the student and own parents only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { as } from "../support/http.ts";
import { archiveSchool, htmlProblems, PAST, type ArchiveSchool } from "../support/archive-year.ts";

let s: ArchiveSchool;
beforeAll(async () => {
  s = await archiveSchool();
});

describe("diary archive (issue 7)", () => {
  it("the week of a past date shows the lesson in the class the student was in then", async () => {
    const agent = await as(s.users.studentA1);
    const res = await agent.get(`/diary/${s.past.A1}/week?date=${PAST.lessonDate}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("4А");
    expect(res.text).toContain(PAST.topic);
    // Today's week: the current class.
    const now = await agent.get(`/diary/${s.past.A1}/week`);
    expect(now.text).toContain("5А");
  });

  it("the marks page with ?year= lists that year's periods, the old marks and finals, read-only", async () => {
    for (const who of [s.users.studentA1, s.users.parentAlekseev]) {
      const agent = await as(who);
      const res = await agent.get(`/diary/${s.past.A1}/marks?year=${s.past.year.id}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain("4А класс");
      expect(res.text).toContain("закрыт: только просмотр");
      expect(res.text).toContain(`<input type="hidden" name="year" value="${s.past.year.id}">`);
      const picker = /<select id="period"[\s\S]*?<\/select>/.exec(res.text)![0];
      for (const p of s.past.periods) expect(picker).toContain(`<option value="${p.id}"`);
      for (const p of s.periods) expect(picker).not.toContain(`<option value="${p.id}"`);
      // The last period of the past year: the mark 4 of 15.04 and the period final 4.
      expect(res.text).toMatch(/<span class="mark mark-4"[^>]*>4<sub class="mark-date">/);
      expect(res.text).toContain(PAST.markComment);
      expect(await htmlProblems(res.text)).toEqual([]);
      expect(res.text).not.toMatch(/<form method="post" action="(?!\/logout)/);
      // A period of that year picked explicitly.
      const q1 = await agent.get(`/diary/${s.past.A1}/marks?year=${s.past.year.id}&period=${s.past.periods[0]!.id}`);
      expect(q1.status).toBe(200);
      expect(q1.text).not.toContain(PAST.markComment);
    }
    // Without ?year= the current year, as before.
    const current = await (await as(s.users.studentA1)).get(`/diary/${s.past.A1}/marks`);
    expect(current.status).toBe(200);
    expect(current.text).toContain("5А класс");
    expect(current.text).not.toContain(PAST.markComment);
  });

  it("others' children stay hidden (404), an unknown year too", async () => {
    const other = await as(s.users.parentBorisova);
    expect((await other.get(`/diary/${s.past.A1}/marks?year=${s.past.year.id}`)).status).toBe(404);
    expect((await other.get(`/diary/${s.past.A1}/week?date=${PAST.lessonDate}`)).status).toBe(404);
    const classmate = await as(s.users.studentA2);
    expect((await classmate.get(`/diary/${s.past.A1}/marks?year=${s.past.year.id}`)).status).toBe(404);
    const own = await as(s.users.studentA1);
    expect((await own.get(`/diary/${s.past.A1}/marks?year=999999999`)).status).toBe(404);
    // A period of the other year than the one selected.
    expect((await own.get(`/diary/${s.past.A1}/marks?year=${s.past.year.id}&period=${s.periods[0]!.id}`)).status).toBe(404);
  });
});
