/**
 * Issue 7: a closed year's journals stay viewable through ?year= — the list of that year's class ×
 * subject journals, the grid of its periods with the old marks — and nothing of it can be changed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { archiveSchool, htmlProblems, PAST, type ArchiveSchool } from "../support/archive-year.ts";
import { postJson } from "./helpers.ts";

let s: ArchiveSchool;
beforeAll(async () => {
  s = await archiveSchool();
});

/** Every journal cell of the page is read-only and the page has no writing controls. */
function expectReadOnly(html: string) {
  const cells = html.match(/<td class="c [amf][^"]*"/g) ?? [];
  expect(cells.length).toBeGreaterThan(0);
  for (const c of cells) expect(c).toMatch(/ ro\b/);
  expect(html).not.toContain("Новый урок");
  expect(html).not.toContain('id="override-reason"');
  expect(html).not.toMatch(/<form method="post" action="(?!\/logout)/);
  expect(html).toContain("Учебный год закрыт");
}

describe("journal archive (issue 7)", () => {
  it("the journal list with ?year= shows that year's classes and subjects, linked to their grids", async () => {
    for (const who of [s.users.admin, s.users.teacherMath]) {
      const agent = await as(who);
      const res = await agent.get(`/journal?year=${s.past.year.id}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`${PAST.name} учебный год`);
      expect(res.text).toContain("(закрыт, только просмотр)");
      expect(res.text).toContain(`/journal/${s.past.c4a.id}/${s.subjects.math.id}`);
      expect(res.text).toContain(`/journal/${s.past.c4b.id}/${s.subjects.math.id}`);
      expect(res.text).toContain("4А");
      // The current year's classes are not offered for the past year.
      expect(res.text).not.toMatch(/<option value="\d+"[^>]*>5А<\/option>/);
      expect(await htmlProblems(res.text)).toEqual([]);
      expect(res.text).toMatch(/<option value="\d+"[^>]*>4А<\/option>/);
    }
    // Without ?year= the current year is shown, as before.
    const current = await (await as(s.users.teacherMath)).get("/journal");
    expect(current.text).toContain("2026/2027 учебный год");
    expect(current.text).not.toContain(`/journal/${s.past.c4a.id}/`);
  });

  it("the grid of a closed year's class shows the old marks and the year's periods, read-only", async () => {
    for (const who of [s.users.admin, s.users.teacherMath, s.users.deputy]) {
      const agent = await as(who);
      const res = await agent.get(`/journal/${s.past.c4a.id}/${s.subjects.math.id}`);
      expect(res.status).toBe(200);
      // Without ?period= the last period of the past year opens (it contains the lesson).
      expect(res.text).toContain(`${PAST.name} учебный год`);
      expect(res.text).toMatch(/<td class="c m v4 ro[^"]*"[^>]*>4<\/td>/);
      expect(res.text).toContain("Алексеев");
      expect(res.text).toContain(PAST.leaverLast);
      for (const p of s.past.periods) expect(res.text).toContain(`period=${p.id}`);
      for (const p of s.periods) expect(res.text).not.toContain(`period=${p.id}"`);
      expectReadOnly(res.text);

      const q4 = await agent.get(`/journal/${s.past.c4a.id}/${s.subjects.math.id}?period=${s.past.periods[3]!.id}`);
      expect(q4.status).toBe(200);
      expect(q4.text).toContain(PAST.topic);
      expectReadOnly(q4.text);
      expect(await htmlProblems(q4.text)).toEqual([]);

      // The lesson page and the year's final marks: no writing controls either.
      const lesson = await agent.get(`/journal/lessons/${s.past.lesson.id}`);
      expect(lesson.status).toBe(200);
      expect(lesson.text).toContain(PAST.topic);
      expect(lesson.text).not.toMatch(/<form method="post" action="(?!\/logout)/);
      const year = await agent.get(`/journal/${s.past.c4a.id}/${s.subjects.math.id}/year`);
      expect(year.status).toBe(200);
      for (const c of year.text.match(/<td class="c f[^"]*"/g) ?? []) expect(c).toMatch(/ ro\b/);
    }
  });

  it("writes into the closed year stay refused (423) and change nothing", async () => {
    const before = JSON.stringify(await prisma.mark.findMany({ where: { lessonId: s.past.lesson.id }, orderBy: { id: "asc" } }));
    for (const who of [s.users.admin, s.users.teacherMath]) {
      const agent = await as(who);
      const mark = await postJson(agent, `/journal/lessons/${s.past.lesson.id}/marks`, {
        studentId: s.past.A1,
        assignmentTypeId: s.past.typeId,
        value: 2,
        reason: "исправление",
      });
      expect(mark.status).toBe(423);
      const att = await postJson(agent, `/journal/lessons/${s.past.lesson.id}/attendance`, { studentId: s.past.A1, code: "ABSENT", reason: "исправление" });
      expect(att.status).toBe(423);
      const fin = await postJson(agent, `/journal/${s.past.c4a.id}/${s.subjects.math.id}/final-marks`, {
        studentId: s.past.A1,
        periodId: null,
        value: "5",
        reason: "исправление",
      });
      expect(fin.status).toBe(423);
    }
    expect(JSON.stringify(await prisma.mark.findMany({ where: { lessonId: s.past.lesson.id }, orderBy: { id: "asc" } }))).toBe(before);
    expect((await prisma.finalMark.findFirstOrThrow({ where: { studentId: s.past.A1, yearId: s.past.year.id, kind: "YEAR" } })).value).toBe("4");
  });
});
