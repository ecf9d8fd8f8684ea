/**
 * The lesson on a phone (issue 23 §7): one section at a time (attendance or a kind of work), each
 * pupil a fieldset of radio buttons (Н Б УП НП ОП —, 5 4 3 2 —) with the saved value checked. Without
 * JavaScript the radio buttons go with the one form: every section at once, all or nothing — a bad
 * value in one row saves nothing and is shown next to that row with everything typed kept.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { auditOf, journalSchool, lessonAt, marksOf, postJson, type JournalSchool } from "./helpers.ts";

useMidQuarterDay();

let s: JournalSchool;
let a1: number;
let a2: number;
beforeAll(async () => {
  s = await journalSchool();
  a1 = s.students.studentA1!.studentId;
  a2 = s.students.studentA2!.studentId;
});

/** The phone layout's part of the page. */
function phone(html: string): string {
  const start = html.indexOf('<section class="card lesson-phone"');
  expect(start, "нет раскладки для телефона").toBeGreaterThan(0);
  const next = html.indexOf('<section class="card', start + 1);
  return html.slice(start, next > 0 ? next : html.indexOf("</main>", start));
}
/** A pupil's row (fieldset) for attendance ("a:<id>") or a mark ("m:<typeId>:<id>"). */
function row(html: string, key: string): string {
  const m = new RegExp(`<fieldset class="lp-row[^"]*" data-key="${key}"[\\s\\S]*?</fieldset>`).exec(html);
  expect(m, `нет строки ${key}`).not.toBeNull();
  return m![0];
}
/** The values of the checked radio buttons of a row. */
function checked(rowHtml: string): string[] {
  return [...rowHtml.matchAll(/<input type="radio"[^>]*value="([^"]*)"[^>]*\bchecked\b/g)].map((m) => m[1]!);
}
/** A lesson `daysAgo` days back with these kinds of work. */
async function lessonWith(daysAgo: number, number: number, types: number[]) {
  const lesson = await lessonAt(s, { daysAgo, number });
  await prisma.lessonWork.createMany({ data: types.map((t) => ({ schoolId: s.schoolId, lessonId: lesson.id, assignmentTypeId: t })) });
  return lesson;
}

describe("the lesson page on a phone", () => {
  it("has a switch of sections and per pupil large radio buttons with the saved values checked; the page is valid HTML", async () => {
    const answer = s.types["Ответ на уроке"];
    const test = s.types["Контрольная работа"];
    const lesson = await lessonWith(1, 2, [answer, test]);
    const teacher = await as(s.users.teacherMath);
    expect(
      (await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, { studentId: a1, assignmentTypeId: test, value: 4, comment: "задача 3" })).status,
    ).toBe(200);
    expect((await postJson(teacher, `/journal/lessons/${lesson.id}/attendance`, { studentId: a2, code: "ILL" })).status).toBe(200);

    const r = await teacher.get(`/journal/lessons/${lesson.id}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('href="/static/css/lesson.css"');
    expect(r.text).toContain('src="/static/js/lesson.js"');
    const html = phone(r.text);
    // the switch: attendance first, then the lesson's kinds of work; attendance open
    const tabs = [...html.matchAll(/<input type="radio" class="lp-tab[^"]*" id="[^"]*" name="lp-view" value="([^"]*)"( checked)?>/g)];
    expect(tabs.map((m) => [m[1], !!m[2]])).toEqual([
      ["att", true],
      [String(answer), false],
      [String(test), false],
    ]);
    // attendance: Н Б УП НП ОП and «—» (present), the saved code checked
    const att2 = row(html, `a:${a2}`);
    expect(att2).toContain("<legend>Борисова Вера Андреевна</legend>");
    expect([...att2.matchAll(/name="att_\d+" value="([^"]*)"/g)].map((m) => m[1])).toEqual(["ABSENT", "ILL", "VALID", "INVALID", "LATE", ""]);
    expect(checked(att2)).toEqual(["ILL"]);
    expect(att2).toMatch(/>Б<span class="sr-only"> — болезнь<\/span><\/label>/);
    expect(checked(row(html, `a:${a1}`))).toEqual([""]);
    // marks: 5 4 3 2 and «—», the saved mark checked, its comment kept in the row
    const m1 = row(html, `m:${test}:${a1}`);
    expect([...m1.matchAll(new RegExp(`name="mark_${test}_${a1}" value="([^"]*)"`, "g"))].map((m) => m[1])).toEqual(["5", "4", "3", "2", ""]);
    expect(checked(m1)).toEqual(["4"]);
    expect(m1).toContain(`name="comment_${test}_${a1}" class="lp-cmt-input" maxlength="500" value="задача 3"`);
    expect(checked(row(html, `m:${answer}:${a1}`))).toEqual([""]);
    expect(await htmlProblems(r.text)).toEqual([]);

    // ?view= opens a kind of work
    const v = phone((await teacher.get(`/journal/lessons/${lesson.id}?view=${test}`)).text);
    expect(v).toMatch(new RegExp(`name="lp-view" value="${test}" checked>`));
    expect(v).toContain("data-view-fixed");
  });

  it("without JavaScript the form saves every section at once, audited, and returns to the same section", async () => {
    const answer = s.types["Ответ на уроке"];
    const selfWork = s.types["Самостоятельная работа"];
    const lesson = await lessonWith(1, 3, [answer, selfWork]);
    const teacher = await as(s.users.teacherMath);
    // what the radio buttons of the form post: one value per pupil per section, and the comments
    const r = await teacher.form(`/journal/lessons/${lesson.id}/sheet`, {
      "lp-view": String(selfWork),
      [`att_${a1}`]: "",
      [`att_${a2}`]: "LATE",
      [`mark_${answer}_${a1}`]: "5",
      [`comment_${answer}_${a1}`]: "у доски",
      [`mark_${answer}_${a2}`]: "",
      [`comment_${answer}_${a2}`]: "",
      [`mark_${selfWork}_${a1}`]: "3",
      [`comment_${selfWork}_${a1}`]: "",
      [`mark_${selfWork}_${a2}`]: "2",
      [`comment_${selfWork}_${a2}`]: "",
    });
    expect(r.status).toBe(302);
    expect(r.headers.location).toBe(`/journal/lessons/${lesson.id}?view=${selfWork}`);
    const marks = await prisma.mark.findMany({ where: { lessonId: lesson.id }, include: { work: true }, orderBy: { id: "asc" } });
    expect(marks.map((m) => [m.work.assignmentTypeId, m.studentId, m.value, m.comment])).toEqual([
      [answer, a1, 5, "у доски"],
      [selfWork, a1, 3, null],
      [selfWork, a2, 2, null],
    ]);
    expect(await prisma.attendance.findMany({ where: { lessonId: lesson.id }, select: { studentId: true, code: true } })).toEqual([
      { studentId: a2, code: "LATE" },
    ]);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).attendanceCheckedAt).not.toBeNull();
    expect((await auditOf("attendance", `${lesson.id}:${a2}`)).map((e) => e.action)).toEqual(["create"]);

    // the page shows what was stored, in the section it was sent from
    const html = phone((await teacher.get(r.headers.location!)).text);
    expect(html).toMatch(new RegExp(`name="lp-view" value="${selfWork}" checked>`));
    expect(checked(row(html, `m:${selfWork}:${a2}`))).toEqual(["2"]);
    expect(checked(row(html, `a:${a2}`))).toEqual(["LATE"]);
    expect(html).toContain("Посещаемость на уроке отмечена.");
  });

  it("a bad value in one row saves nothing: the message is next to that row, every typed value is kept, its section opens", async () => {
    const answer = s.types["Ответ на уроке"];
    const test = s.types["Контрольная работа"];
    const lesson = await lessonWith(2, 4, [answer, test]);
    const teacher = await as(s.users.teacherMath);
    await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, { studentId: a2, assignmentTypeId: answer, value: 3 });
    const before = await marksOf(lesson.id);

    const r = await teacher.form(`/journal/lessons/${lesson.id}/sheet`, {
      "lp-view": "att",
      [`att_${a1}`]: "ABSENT",
      [`att_${a2}`]: "",
      [`mark_${answer}_${a1}`]: "",
      [`mark_${answer}_${a2}`]: "5",
      [`comment_${answer}_${a2}`]: "исправил",
      [`mark_${test}_${a1}`]: "",
      [`mark_${test}_${a2}`]: "7",
    });
    expect(r.status).toBe(422);
    // nothing written: the old mark as it was, no attendance, attendance not stamped, nothing audited
    expect(await marksOf(lesson.id)).toEqual(before);
    expect(await prisma.attendance.count({ where: { lessonId: lesson.id } })).toBe(0);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).attendanceCheckedAt).toBeNull();
    expect(await auditOf("attendance", `${lesson.id}:${a1}`)).toHaveLength(0);

    const html = phone(r.text);
    expect(html).toContain("Проверьте строки с сообщениями: ничего не сохранено.");
    // the message next to the row, the typed «7» kept (checked)
    const bad = row(html, `m:${test}:${a2}`);
    expect(bad).toContain('class="lp-row lp-bad"');
    expect(bad).toMatch(/<p class="lp-why error" id="lp-m\d+-\d+-why">Отметка — целое число от 1 до 5<\/p>/);
    expect(bad).toMatch(/aria-describedby="lp-m\d+-\d+-st lp-m\d+-\d+-why"/);
    expect(checked(bad)).toEqual(["7"]);
    expect(row(html, `m:${test}:${a1}`)).not.toContain("lp-bad");
    // the other typed values kept too, not the stored ones
    expect(checked(row(html, `a:${a1}`))).toEqual(["ABSENT"]);
    expect(checked(row(html, `m:${answer}:${a2}`))).toEqual(["5"]);
    expect(row(html, `m:${answer}:${a2}`)).toContain('value="исправил"');
    // the section with the error opens, and its tab says so
    expect(html).toMatch(
      new RegExp(`name="lp-view" value="${test}" checked><label for="lp-view-${test}">Контрольная работа <span class="lp-tab-bad">\\(ошибка\\)</span>`),
    );
    expect(await htmlProblems(r.text)).toEqual([]);

    // a corrected value then saves everything
    const ok = await teacher.form(`/journal/lessons/${lesson.id}/sheet`, {
      [`att_${a1}`]: "ABSENT",
      [`att_${a2}`]: "",
      [`mark_${answer}_${a2}`]: "5",
      [`comment_${answer}_${a2}`]: "исправил",
      [`mark_${test}_${a2}`]: "4",
    });
    expect(ok.status).toBe(302);
    const after = await prisma.mark.findMany({ where: { lessonId: lesson.id }, include: { work: true }, orderBy: { id: "asc" } });
    expect(after.map((m) => [m.work.assignmentTypeId, m.studentId, m.value, m.comment])).toEqual([
      [answer, a2, 5, "исправил"],
      [test, a2, 4, null],
    ]);
    expect((await prisma.attendance.findFirstOrThrow({ where: { lessonId: lesson.id } })).code).toBe("ABSENT");
  });

  it("a locked lesson is read-only for its teacher; a deputy corrects it with a reason (without one nothing is saved)", async () => {
    const answer = s.types["Ответ на уроке"];
    const lesson = await lessonWith(31, 5, [answer]);
    await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: lesson.id, studentId: a1, code: "ILL" } });
    const teacher = await as(s.users.teacherMath);
    const ro = phone((await teacher.get(`/journal/lessons/${lesson.id}`)).text);
    expect(ro).not.toContain('type="radio" id="lp-a-');
    expect(ro).not.toContain("<form");
    expect(ro).toContain("Б — болезнь");
    expect((await teacher.form(`/journal/lessons/${lesson.id}/sheet`, { [`att_${a1}`]: "" })).status).toBe(423);
    expect((await prisma.attendance.findFirstOrThrow({ where: { lessonId: lesson.id } })).code).toBe("ILL");

    const deputy = await as(s.users.deputy);
    const page = await deputy.get(`/journal/lessons/${lesson.id}`);
    const html = phone(page.text);
    expect(html).toContain('id="lp-reason" name="reason"');
    expect(html).toContain("data-reason-a");
    expect(await htmlProblems(page.text)).toEqual([]);
    const noReason = await deputy.form(`/journal/lessons/${lesson.id}/sheet`, { [`att_${a1}`]: "", [`mark_${answer}_${a2}`]: "5" });
    expect(noReason.status).toBe(422);
    expect(phone(noReason.text)).toContain("Укажите причину исправления");
    expect(await marksOf(lesson.id)).toHaveLength(0);
    expect((await prisma.attendance.findFirstOrThrow({ where: { lessonId: lesson.id } })).code).toBe("ILL");
    const ok = await deputy.form(`/journal/lessons/${lesson.id}/sheet`, {
      reason: "Справка принесена позже",
      [`att_${a1}`]: "VALID",
      [`mark_${answer}_${a2}`]: "5",
    });
    expect(ok.status).toBe(302);
    expect((await prisma.attendance.findFirstOrThrow({ where: { lessonId: lesson.id } })).code).toBe("VALID");
    expect((await auditOf("attendance", `${lesson.id}:${a1}`)).at(-1)).toMatchObject({ action: "update", reason: "Справка принесена позже" });
  });

  it("a teacher of another subject cannot post the phone form (403) and nothing is written", async () => {
    const answer = s.types["Ответ на уроке"];
    const lesson = await lessonWith(1, 7, [answer]);
    const other = await as(s.users.teacherEnglish);
    const r = await other.form(`/journal/lessons/${lesson.id}/sheet`, { [`att_${a1}`]: "ABSENT", [`mark_${answer}_${a1}`]: "5" });
    expect(r.status).toBe(403);
    expect(await marksOf(lesson.id)).toHaveLength(0);
    expect(await prisma.attendance.count({ where: { lessonId: lesson.id } })).toBe(0);
  });
});
