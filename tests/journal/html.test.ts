/** Every page of the journal is valid HTML (html-validate with the project's rules), including forms re-rendered with errors. */
import { htmlProblems } from "../support/html.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { isoDate } from "../../src/lib/dates.ts";
import { as } from "../support/http.ts";
import { addDays, journalSchool, lessonAt, postJson, today } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

const problems = htmlProblems;

// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

describe("valid HTML", () => {
  it("journal list, grid, year view, finals form, lesson page and forms, history, class pages, kinds of work", async () => {
    const s = await journalSchool();
    const cls = s.classes["5А"]!.id;
    const base = `/journal/${cls}/${s.subjects.math.id}`;
    const lesson = await lessonAt(s, { daysAgo: 1 });
    await prisma.lesson.update({ where: { id: lesson.id }, data: { topic: "Дроби <и> «кавычки»", homework: "№ 1 & 2", homeworkDue: addDays(today(), 2) } });
    const teacher = await as(s.users.teacherMath);
    const a1 = s.students.studentA1!.studentId;
    await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, { studentId: a1, assignmentTypeId: s.types["Ответ на уроке"], value: 5, comment: `"<b>"` });
    await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, { studentId: a1, assignmentTypeId: s.types["Ответ на уроке"], value: 4, comment: `"<b>"` });
    await postJson(teacher, `/journal/lessons/${lesson.id}/attendance`, { studentId: s.students.studentA2!.studentId, code: "ABSENT" });
    const deputy = await as(s.users.deputy);
    const ct = await as(s.users.teacherRussian);
    const pages: Record<string, string> = {};
    const get = async (agent: typeof teacher, url: string) => {
      const r = await agent.get(url);
      expect(r.status, url).toBe(200);
      pages[url] = r.text;
    };
    for (const url of [
      "/journal",
      base,
      `${base}/year`,
      `${base}/finals?period=${s.periods[1]!.id}`,
      `${base}/finals?period=year`,
      `${base}/lessons/new`,
      `/journal/lessons/${lesson.id}`,
    ])
      await get(teacher, url);
    for (const url of [
      base,
      `/journal/lessons/${lesson.id}`,
      `/journal/lessons/${lesson.id}/history?student=${a1}&type=${s.types["Ответ на уроке"]}`,
      "/journal/assignment-types",
      "/journal/assignment-types/new",
      "/class",
    ])
      await get(deputy, url);
    const day = isoDate(addDays(today(), -1));
    for (const url of [`/class/${cls}/attendance?date=${day}`, `/class/${cls}/absences`, `/class/${cls}/completeness?week=${day}`, `/class/${cls}/exemptions`])
      await get(ct, url);
    pages["new lesson with errors"] = (await teacher.form(`${base}/lessons`, { date: "2026-10-30", homeworkDue: "x" })).text;
    pages["lesson sheet with errors"] = (await teacher.form(`/journal/lessons/${lesson.id}/sheet`, { [`mark_${s.types["Ответ на уроке"]}_${a1}`]: "7" })).text;
    pages["finals with errors"] = (await teacher.form(`${base}/finals?period=${s.periods[1]!.id}`, { [`final_${a1}`]: "9" })).text;
    pages["day attendance with errors"] = (await ct.form(`/class/${cls}/attendance`, { date: day, [`day_${a1}`]: "Q" })).text;
    pages["kind of work with errors"] = (await (await as(s.users.admin)).form("/journal/assignment-types", { name: "", weight: "0" })).text;
    const all: string[] = [];
    for (const [url, html] of Object.entries(pages)) for (const p of await problems(html)) all.push(`${url}: ${p}`);
    expect(all).toEqual([]);
    // user text is escaped in the grid
    expect(pages[base]).not.toContain("<b>");
    expect(pages[base]).toContain("Дроби &lt;и&gt;");
  });
});
