/** Every diary page is valid HTML (html-validate with the project's rules), including re-rendered forms with errors. */
import { htmlProblems } from "../support/html.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { assignmentType, attendance, bells, lesson, mark } from "./helpers.ts";

const problems = htmlProblems;

describe("valid HTML of the diary", () => {
  it("week (with marks, attendance, a substitute and a cancelled lesson), marks, statistics, form errors, printout page", async () => {
    const s = await buildSchool();
    await bells(s);
    const type = await assignmentType(s, "Ответ на уроке", 1);
    const c5a = s.classes["5А"]!.id;
    const a1 = s.students.studentA1!.studentId;
    const l = await lesson(s, {
      classId: c5a,
      subjectId: s.subjects.math.id,
      teacherId: s.users.teacherMath.personId,
      date: "2026-11-16",
      topic: "Дроби <и> «кавычки»",
      homework: "№ 1 & 2",
      homeworkDue: "2026-11-18",
    });
    await prisma.lesson.update({ where: { id: l.id }, data: { substituteId: s.users.teacherRussian.personId } });
    await mark(s, l.id, a1, type.id, 5, `"<b>"`);
    await attendance(s, l.id, a1, "LATE");
    const entry = await prisma.timetableEntry.create({
      data: {
        schoolId: s.schoolId,
        yearId: s.year.id,
        classId: c5a,
        subjectId: s.subjects.english.id,
        teacherId: s.users.teacherEnglish.personId,
        weekday: 2,
        number: 2,
        validFrom: d("2026-09-01"),
      },
    });
    await prisma.timetableChange.create({ data: { schoolId: s.schoolId, entryId: entry.id, date: d("2026-11-17"), kind: "CANCEL" } });

    const parent = await as(s.users.parentAlekseev);
    const pages: [string, string, number][] = [];
    for (const [url, status] of [
      [`/diary/${a1}/week?date=2026-11-16`, 200],
      [`/diary/${a1}/week`, 200],
      [`/diary/${a1}/week?date=вчера`, 422],
      [`/diary/${a1}/marks?period=${s.periods[1]!.id}`, 200],
      [`/diary/${a1}/stats?from=2026-11-01&to=2026-11-30`, 200],
      [`/diary/${a1}/stats?from=2026-11-30&to=2026-11-01`, 422],
    ] as const) {
      const res = await parent.get(url);
      expect(res.status, url).toBe(status);
      pages.push([url, res.text, status]);
    }
    const res = await (await as(s.users.teacherRussian)).get("/diary/print");
    expect(res.status).toBe(200);
    pages.push(["/diary/print", res.text, 200]);
    for (const [url, html] of pages) expect(await problems(html), url).toEqual([]);
  });
});
