/**
 * Issue 7: the students register of a closed year through ?year= — the students of that year's
 * classes as they were (a pupil who has left included), the class filter of that year — and the
 * class history in the personal file.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { as } from "../support/http.ts";
import { archiveSchool, htmlProblems, PAST, type ArchiveSchool } from "../support/archive-year.ts";

let s: ArchiveSchool;
beforeAll(async () => {
  s = await archiveSchool();
});

const classPicker = (html: string) => /<select id="students-class"[\s\S]*?<\/select>/.exec(html)![0];

describe("students archive (issue 7)", () => {
  it("?year= lists that year's students with their classes of that year and filters by that year's classes", async () => {
    const admin = await as(s.users.admin);
    const res = await admin.get(`/students?year=${s.past.year.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(PAST.leaverLast);
    expect(res.text).toContain("<td>4А</td>");
    expect(res.text).not.toContain("<td>5А</td>");
    expect(res.text).toContain("закрыт: ученики и классы показаны такими");
    expect(res.text).toContain(`<input type="hidden" name="year" value="${s.past.year.id}">`);
    const picker = classPicker(res.text);
    expect(picker).toContain(`value="${s.past.c4a.id}"`);
    expect(picker).toContain(`value="${s.past.c4b.id}"`);
    expect(picker).not.toContain(`value="${s.classes["5А"]!.id}"`);
    expect(res.text).not.toMatch(/<form method="post" action="(?!\/logout)/);
    expect(await htmlProblems(res.text)).toEqual([]);

    const only4a = await admin.get(`/students?year=${s.past.year.id}&class=${s.past.c4a.id}`);
    expect(only4a.text).toContain("Алексеев Артём");
    expect(only4a.text).toContain("Борисова Вера");
    expect(only4a.text).toContain(PAST.leaverLast);
    expect(only4a.text).not.toContain("Алексеева Дарья");
    expect(only4a.text).toContain("Найдено: 3");
    // The pager and «Сбросить» keep the year.
    expect(only4a.text).toContain(`href="/students?year=${s.past.year.id}"`);

    // Without ?year=: the current classes, as before.
    const current = await admin.get("/students");
    expect(current.text).toContain("<td>5А</td>");
    expect(classPicker(current.text)).toContain(`value="${s.classes["5А"]!.id}"`);
    expect((await admin.get("/students?year=999999999")).status).toBe(404);
  });

  it("a class teacher sees the class led in that year only", async () => {
    const teacher = await as(s.users.teacherRussian); // 4А in 2025/2026, 5А now
    const res = await teacher.get(`/students?year=${s.past.year.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Алексеев Артём");
    expect(res.text).toContain(PAST.leaverLast);
    expect(res.text).not.toContain("Алексеева Дарья");
    expect(classPicker(res.text)).not.toContain(`value="${s.past.c4b.id}"`);
    const foreign = await teacher.get(`/students?year=${s.past.year.id}&class=${s.past.c4b.id}`);
    expect(foreign.text).toContain("Найдено: 0");
  });

  it("the personal file keeps the class history; the movement book filters by the year", async () => {
    const admin = await as(s.users.admin);
    const file = await admin.get(`/students/${s.past.A1}`);
    expect(file.status).toBe(200);
    const history = /<section class="card" id="history">[\s\S]*?<\/section>/.exec(file.text)![0];
    expect(history).toContain(PAST.name);
    expect(history).toContain("4А");
    expect(history).toContain("5А");
    const book = await admin.get(`/movement?year=${s.past.year.id}`);
    expect(book.status).toBe(200);
  });
});
