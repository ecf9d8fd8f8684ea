/**
 * The journal grid page and the weighted average / forecast (R-JRN-1, R-JRN-6, R-JRN-8, R-ACL-2):
 * who sees it, the roster as of each lesson date, subgroups, read-only and greyed cells,
 * the history marker, and the numbers for mixed weights.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { NotFound } from "../../src/lib/errors.ts";
import { forecast, getGrid, weightedAverage, yearForecast } from "../../src/modules/journal/journal.service.ts";
import { as } from "../support/http.ts";
import { actorOf, addDays, journalSchool, lessonAt, postJson, today, type JournalSchool } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { htmlProblems } from "../support/html.ts";
import { formatDate } from "../../src/lib/dates.ts";
import { MSG } from "../../src/modules/journal/journal.text.ts";
import { GRID_TEXT } from "../../src/modules/journal/grid.text.ts";

let s: JournalSchool;
let url: string;
// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

beforeAll(async () => {
  s = await journalSchool();
  url = `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
});

describe("weighted average and forecast (R-JRN-8), pure", () => {
  it("mixed weights: Σ value × weight ÷ Σ weight", () => {
    // 5 (контрольная, 2) + 3 (ответ, 1) + 4 (самостоятельная, 1.5) = (10 + 3 + 6) / 4.5
    expect(
      weightedAverage([
        { value: 5, weight: 2 },
        { value: 3, weight: 1 },
        { value: 4, weight: 1.5 },
      ]),
    ).toBeCloseTo(19 / 4.5, 10);
    expect(
      forecast([
        { value: 5, weight: 2 },
        { value: 3, weight: 1 },
        { value: 4, weight: 1.5 },
      ]),
    ).toBe(4);
    // the same marks with equal weights: 4.0 → 4; a heavy «2» pulls a 5 + 5 down to 3
    expect(
      forecast([
        { value: 5, weight: 1 },
        { value: 5, weight: 1 },
        { value: 2, weight: 2 },
      ]),
    ).toBe(4); // 14/4 = 3.5 → 4
    expect(
      forecast([
        { value: 5, weight: 1 },
        { value: 5, weight: 1 },
        { value: 2, weight: 3 },
      ]),
    ).toBe(3); // 16/5 = 3.2 → 3
  });

  it("exact thresholds: 4.5 → 5, 3.5 → 4, 2.5 → 3, below → 2; no marks → null", () => {
    expect(
      forecast([
        { value: 5, weight: 1 },
        { value: 4, weight: 1 },
      ]),
    ).toBe(5);
    expect(
      forecast([
        { value: 4, weight: 1 },
        { value: 3, weight: 1 },
      ]),
    ).toBe(4);
    expect(
      forecast([
        { value: 3, weight: 1 },
        { value: 2, weight: 1 },
      ]),
    ).toBe(3);
    expect(
      forecast([
        { value: 2, weight: 1.5 },
        { value: 3, weight: 1 },
      ]),
    ).toBe(2); // 6/2.5 = 2.4
    expect(forecast([])).toBeNull();
    expect(weightedAverage([])).toBeNull();
    // a school with a stricter «5»
    expect(
      forecast(
        [
          { value: 5, weight: 1 },
          { value: 4, weight: 1 },
        ],
        { t5: 4.6, t4: 3.5, t3: 2.5 },
      ),
    ).toBe(4);
  });

  it("the year forecast averages the numeric period finals and skips «н/а», «осв»", () => {
    expect(yearForecast(["5", "4", "5", "4"])).toBe(5); // 4.5
    expect(yearForecast(["4", "3", "н/а", null])).toBe(4); // 3.5
    expect(yearForecast(["осв", "зач"])).toBeNull();
  });
});

describe("the grid page (GET /journal/:classId/:subjectId)", () => {
  it("the teacher sees students alphabetically, the lesson column, editable cells; the average and forecast for mixed weights", async () => {
    const l1 = await lessonAt(s, { daysAgo: 3 });
    const l2 = await lessonAt(s, { daysAgo: 2 });
    const teacher = await as(s.users.teacherMath);
    const a1 = s.students.studentA1!.studentId;
    for (const [lesson, type, value] of [
      [l1, "Контрольная работа", 5],
      [l1, "Ответ на уроке", 3],
      [l2, "Самостоятельная работа", 4],
    ] as const)
      expect((await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, { studentId: a1, assignmentTypeId: s.types[type], value })).status).toBe(200);

    const res = await teacher.get(url);
    expect(res.status).toBe(200);
    // rows: Алексеев before Борисова; the 5Б student is not there
    const names = [...res.text.matchAll(/<th scope="row" class="stu" title="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(["Алексеев Артём Игоревич", "Борисова Вера Андреевна"]);
    expect(res.text).toContain(`href="/journal/lessons/${l1.id}"`);
    // editable mark cells (no ro) with the values
    expect(res.text).toMatch(new RegExp(`<td class="c m v5" data-l="${l1.id}" data-t="${s.types["Контрольная работа"]}">5</td>`));
    // (5·2 + 3·1 + 4·1.5) / 4.5 = 4.22 → forecast 4
    expect(res.text).toContain(`<td class="num avg">4,22</td><td class="num fc v4" title="3 отм.">4</td>`);

    const grid = await getGrid(await actorOf(s.users.teacherMath), {
      classId: s.classes["5А"]!.id,
      subjectId: s.subjects.math.id,
      subgroupId: null,
      periodId: null,
    });
    const row = grid.rows.find((r) => r.id === a1)!;
    expect(row.avg).toBeCloseTo(19 / 4.5, 10);
    expect(row.forecast).toBe(4);
    expect(grid.ownLoad).toBe(true);
  });

  it("other staff view read-only; parents and students get 403; ids of another school or unknown periods → 404", async () => {
    await lessonAt(s, { daysAgo: 1 });
    const english = await as(s.users.teacherEnglish);
    const res = await english.get(url);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<td class="c m ro/);
    expect(res.text).not.toMatch(/<td class="c m( v\d)?"/);
    expect(res.text).not.toContain("Новый урок");
    for (const key of ["teacherRussian", "deputy", "admin"] as const) expect((await (await as(s.users[key])).get(url)).status).toBe(200);
    // the teaching staff views; parents, students and non-teaching staff have no journal access
    for (const key of ["parentAlekseev", "parentBorisova", "studentA1", "secretary", "medic"] as const)
      expect((await (await as(s.users[key])).get(url)).status).toBe(403);

    const other = await journalSchool();
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get(`/journal/${other.classes["5А"]!.id}/${other.subjects.math.id}`)).status).toBe(404);
    expect((await teacher.get(`/journal/${s.classes["5А"]!.id}/${other.subjects.math.id}`)).status).toBe(404);
    expect((await teacher.get(`${url}?period=${other.periods[0]!.id}`)).status).toBe(404);
    expect((await teacher.get(`${url}?subgroup=999999`)).status).toBe(404);
    expect((await teacher.get(`/journal/abc/${s.subjects.math.id}`)).status).toBe(404);
    await expect(
      getGrid(await actorOf(s.users.teacherMath), { classId: other.classes["5А"]!.id, subjectId: other.subjects.math.id, subgroupId: null, periodId: null }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("lessons older than lockDays are greyed and read-only for the teacher, correctable with a reason by the deputy", async () => {
    const old = await lessonAt(s, { daysAgo: 15 });
    await prisma.school.update({ where: { id: s.schoolId }, data: { lockDays: 10 } });
    try {
      const teacherPage = (await (await as(s.users.teacherMath)).get(url)).text;
      expect(teacherPage).toMatch(new RegExp(`<td class="c a ro locked" data-l="${old.id}"`));
      const deputyPage = (await (await as(s.users.deputy)).get(url)).text;
      expect(deputyPage).toMatch(new RegExp(`<td class="c a rs locked" data-l="${old.id}"`));
      expect(deputyPage).toContain('id="override-reason"');
    } finally {
      await prisma.school.update({ where: { id: s.schoolId }, data: { lockDays: 30 } });
    }
  });

  it("the roster as of each lesson date: a student who left is blank after leaving; one who joined later is blank before", async () => {
    const local = await journalSchool();
    const a1 = local.students.studentA1!.studentId;
    const b1 = local.students.studentB1!.studentId;
    await prisma.classMembership.updateMany({ where: { studentId: a1 }, data: { toDate: addDays(today(), -5) } });
    await prisma.classMembership.updateMany({ where: { studentId: b1 }, data: { toDate: addDays(today(), -5) } });
    await prisma.classMembership.create({
      data: { schoolId: local.schoolId, studentId: b1, classId: local.classes["5А"]!.id, fromDate: addDays(today(), -4) },
    });
    const before = await lessonAt(local, { daysAgo: 6 });
    const after = await lessonAt(local, { daysAgo: 3 });
    const grid = await getGrid(await actorOf(local.users.teacherMath), {
      classId: local.classes["5А"]!.id,
      subjectId: local.subjects.math.id,
      subgroupId: null,
      periodId: null,
    });
    const cells = (id: number) => grid.rows.find((r) => r.id === id)!.cells.map((c) => c.member);
    const order = grid.lessons.map((l) => l.id);
    expect(order).toEqual([before.id, after.id]);
    expect(cells(a1)).toEqual([true, false]);
    expect(cells(b1)).toEqual([false, true]);
    expect(grid.rows.map((r) => r.name)).toEqual(["Алексеев Артём Игоревич", "Алексеева Дарья Игоревна", "Борисова Вера Андреевна"]);
    const page = (await (await as(local.users.teacherMath)).get(`/journal/${local.classes["5А"]!.id}/${local.subjects.math.id}`)).text;
    expect(page).toContain('title="Не числился в классе на эту дату"');
  });

  it("a subgroup journal: only the group's members, edited by the group's teacher only", async () => {
    const local = await journalSchool();
    const cls = local.classes["5А"]!;
    const group = await prisma.subgroup.create({ data: { schoolId: local.schoolId, classId: cls.id, subjectId: local.subjects.english.id, name: "1 группа" } });
    await prisma.subgroupMembership.create({
      data: { schoolId: local.schoolId, subgroupId: group.id, studentId: local.students.studentA2!.studentId, fromDate: addDays(today(), -60) },
    });
    // English of 5А is taught by teacherEnglish for the whole class; group 1 gets its own teacher (teacherRussian)
    await prisma.teachingLoad.create({
      data: {
        schoolId: local.schoolId,
        yearId: local.year.id,
        teacherId: local.users.teacherRussian.personId,
        classId: cls.id,
        subgroupId: group.id,
        subjectId: local.subjects.english.id,
        hoursPerWeek: 2,
      },
    });
    const lesson = await lessonAt(local, { subject: "english", daysAgo: 1, subgroupId: group.id, teacher: local.users.teacherRussian });
    const grid = await getGrid(await actorOf(local.users.teacherRussian), {
      classId: cls.id,
      subjectId: local.subjects.english.id,
      subgroupId: group.id,
      periodId: null,
    });
    expect(grid.rows.map((r) => r.name)).toEqual(["Борисова Вера Андреевна"]);
    expect(grid.subgroup).toMatchObject({ name: "1 группа" });
    expect(grid.lessons[0]!.marks).toBe("edit");

    const body = { studentId: local.students.studentA2!.studentId, assignmentTypeId: local.types["Ответ на уроке"], value: 4 };
    expect((await postJson(await as(local.users.teacherRussian), `/journal/lessons/${lesson.id}/marks`, body)).status).toBe(200);
    // a class member outside the group cannot get a mark in the group's lesson
    const outside = await postJson(await as(local.users.teacherRussian), `/journal/lessons/${lesson.id}/marks`, {
      ...body,
      studentId: local.students.studentA1!.studentId,
    });
    expect(outside.status).toBe(422);
    // the whole-class page shows the group tab
    const page = await (await as(local.users.teacherEnglish)).get(`/journal/${cls.id}/${local.subjects.english.id}?subgroup=${group.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("1 группа");
  });

  it("a corrected cell shows the history marker", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1, number: 5 });
    const teacher = await as(s.users.teacherMath);
    const body = { studentId: s.students.studentA2!.studentId, assignmentTypeId: s.types["Ответ на уроке"], value: 3 };
    await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, body);
    let page = (await teacher.get(url)).text;
    expect(page).toMatch(new RegExp(`<td class="c m v3" data-l="${lesson.id}"`));
    await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, { ...body, value: 4 });
    page = (await teacher.get(url)).text;
    expect(page).toMatch(new RegExp(`<td class="c m v4 h" data-l="${lesson.id}"`));
  });
});

describe("the grid opens where the teacher is (issue 23)", () => {
  const attr = (html: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(html)?.[1] ?? null;
  const ddmm = (d: Date) => formatDate(d).slice(0, 5);

  it("today's first lesson is the anchor (#today, «К отметкам», aria-current); future lessons are folded after it and say «урок ещё не прошёл»", async () => {
    const local = await journalSchool();
    const past = await lessonAt(local, { daysAgo: 3 });
    const first = await lessonAt(local, { daysAgo: 0, number: 2 });
    const second = await lessonAt(local, { daysAgo: 0, number: 3 });
    const next = await lessonAt(local, { daysAgo: -2 });
    const last = await lessonAt(local, { daysAgo: -5 });
    const j = { classId: local.classes["5А"]!.id, subjectId: local.subjects.math.id, subgroupId: null, periodId: null };
    const grid = await getGrid(await actorOf(local.users.teacherMath), j);
    expect(grid.lessons.map((l) => [l.id, l.today, l.future])).toEqual([
      [past.id, false, false],
      [first.id, true, false],
      [second.id, true, false],
      [next.id, false, true],
      [last.id, false, true],
    ]);
    expect(grid.anchorLessonId).toBe(first.id);
    expect(grid.futureCount).toBe(2);
    expect(grid.lastFutureDate).toEqual(last.date);
    expect(grid.foldFuture).toBe(true);

    const res = await (await as(local.users.teacherMath)).get(`/journal/${j.classId}/${j.subjectId}`);
    expect(res.status).toBe(200);
    const html = res.text;
    // one anchor, on today's first lesson; the skip link and the table name it
    expect(html.match(/id="today"/g)).toHaveLength(1);
    expect(html).toMatch(
      new RegExp(
        `<th scope="colgroup" colspan="\\d+" class="lh today" id="today"[^>]*>\\s*<a href="/journal/lessons/${first.id}" tabindex="-1" aria-current="date">`,
      ),
    );
    expect(html).toContain('<a class="grid-skip" href="#today">К отметкам</a>');
    expect(attr(html, "data-today")).toBe(String(first.id));
    // the box starts at its end (CSS, without JavaScript too) and future lessons are folded, with the switch naming them
    expect(html).toContain('<div class="grid-area fold">');
    expect(html).toContain('<div class="grid-wrap to-end">');
    expect(html).toContain(`Показать будущие уроки: 2 (по ${ddmm(last.date)})`);
    // header date links are not Tab stops; future cells carry fu, past and today's cells do not
    expect(html.match(/<a href="\/journal\/lessons\/\d+" tabindex="-1"/g)).toHaveLength(5);
    expect(html.match(/<th scope="colgroup" colspan="\d+" class="lh future fu" title="Урок ещё не прошёл">/g)).toHaveLength(2);
    for (const l of [next, last]) {
      expect(html).toMatch(new RegExp(`<td class="c a ro fu" data-l="${l.id}"`));
      expect(html).toMatch(new RegExp(`<td class="c m ro fu" data-l="${l.id}"`));
    }
    for (const l of [past, first, second]) expect(html).toMatch(new RegExp(`<td class="c a" data-l="${l.id}"`));
    // the class row splits its blank cell the same way
    expect(html).toMatch(/<th scope="row" class="stu">Класс<\/th><td colspan="6"><\/td><td class="fu" colspan="4"><\/td>/);
    // what the keyboard says: the server's own wording for a future lesson and a wrong mark
    expect(attr(html, "data-msg-future")).toBe(MSG.future);
    expect(attr(html, "data-msg-mark")).toBe(GRID_TEXT.markKey);
    expect(attr(html, "data-msg-ro")).toBe(GRID_TEXT.readOnly);
    expect(attr(html, "data-msg-nomarks")).toBe(""); // marks are used in 5А mathematics
    expect(await htmlProblems(html)).toEqual([]);
  });

  it("the server refuses what the keyboard warns about, with the same words, and stores nothing", async () => {
    const local = await journalSchool();
    const today = await lessonAt(local, { daysAgo: 0 });
    const future = await lessonAt(local, { daysAgo: -2 });
    const teacher = await as(local.users.teacherMath);
    const body = { studentId: local.students.studentA1!.studentId, assignmentTypeId: local.types["Ответ на уроке"] };
    const tooHigh = await postJson(teacher, `/journal/lessons/${today.id}/marks`, { ...body, value: 7 });
    expect(tooHigh.status).toBe(422);
    const zero = await postJson(teacher, `/journal/lessons/${today.id}/marks`, { ...body, value: 0 });
    expect(zero.status).toBe(422);
    const ahead = await postJson(teacher, `/journal/lessons/${future.id}/marks`, { ...body, value: 5 });
    expect(ahead.status).toBe(422);
    expect(ahead.body.error).toBe(MSG.future);
    expect(await prisma.mark.count({ where: { lessonId: { in: [today.id, future.id] } } })).toBe(0);
    const page = (await teacher.get(`/journal/${local.classes["5А"]!.id}/${local.subjects.math.id}`)).text;
    expect(attr(page, "data-msg-future")).toBe(ahead.body.error);
  });

  it("no lesson today: the last past lesson is the anchor; no future lessons: nothing is folded", async () => {
    const local = await journalSchool();
    await lessonAt(local, { daysAgo: 6 });
    const lastPast = await lessonAt(local, { daysAgo: 2 });
    const grid = await getGrid(await actorOf(local.users.teacherMath), {
      classId: local.classes["5А"]!.id,
      subjectId: local.subjects.math.id,
      subgroupId: null,
      periodId: null,
    });
    expect(grid.anchorLessonId).toBe(lastPast.id);
    expect(grid.futureCount).toBe(0);
    expect(grid.foldFuture).toBe(false);
    const html = (await (await as(local.users.teacherMath)).get(`/journal/${local.classes["5А"]!.id}/${local.subjects.math.id}`)).text;
    expect(html).toMatch(new RegExp(`class="lh" id="today"[^>]*>\\s*<a href="/journal/lessons/${lastPast.id}" tabindex="-1">`));
    expect(html).toContain('<div class="grid-area">');
    expect(html).toContain('<div class="grid-wrap to-end">');
    expect(html).not.toContain('id="show-future"');
  });

  it("every lesson of the period still ahead: nothing to open at, nothing folded, the skip link goes to the table", async () => {
    const local = await journalSchool();
    const ahead = await lessonAt(local, { daysAgo: -3 });
    const grid = await getGrid(await actorOf(local.users.teacherMath), {
      classId: local.classes["5А"]!.id,
      subjectId: local.subjects.math.id,
      subgroupId: null,
      periodId: null,
    });
    expect(grid.lessons.map((l) => l.id)).toEqual([ahead.id]);
    expect(grid.anchorLessonId).toBeNull();
    expect(grid.foldFuture).toBe(false);
    const html = (await (await as(local.users.teacherMath)).get(`/journal/${local.classes["5А"]!.id}/${local.subjects.math.id}`)).text;
    expect(html).not.toContain('id="today"');
    expect(html).toContain('<a class="grid-skip" href="#jgrid">К отметкам</a>');
    expect(html).toContain('<div class="grid-wrap">');
    expect(html).toMatch(new RegExp(`<td class="c a ro fu" data-l="${ahead.id}"`));
    expect(await htmlProblems(html)).toEqual([]);
  });

  it("a read-only cell says why: another teacher's journal names the rule, the own teacher gets the plain words", async () => {
    const local = await journalSchool();
    await lessonAt(local, { daysAgo: 1 });
    const url2 = `/journal/${local.classes["5А"]!.id}/${local.subjects.math.id}`;
    const english = (await (await as(local.users.teacherEnglish)).get(url2)).text;
    expect(attr(english, "data-msg-ro")).toBe(MSG.notOwn);
    const deputy = (await (await as(local.users.deputy)).get(url2)).text;
    expect(attr(deputy, "data-msg-ro")).toBe(GRID_TEXT.readOnly);
    expect(attr(deputy, "data-msg-locked")).toBe(MSG.locked(30));
    // parents still get 403, whatever the grid would say
    expect((await (await as(local.users.parentAlekseev)).get(url2)).status).toBe(403);
  });
});
