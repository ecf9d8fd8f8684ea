/**
 * Issue 23, безотметочное обучение in the diary: a class taught without marks gets a plain sentence
 * instead of a table of dashes on «Оценки», «Неделя» and «Статистика» (topics, homework and
 * attendance still shown); a subject «без отметок» is named in a sentence, not a row of dashes.
 * Period names are declined («2-я четверть», «Оценки за 2-ю четверть»).
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pdfPages, squash } from "../support/pdf.ts";
import { attendance, lesson, pageText } from "./helpers.ts";

async function firstGrade() {
  const s = await buildSchool();
  const c = s.classes["5А"]!.id;
  // 5А becomes a first grade: the school's default setting teaches it without marks.
  await prisma.schoolClass.update({ where: { id: c }, data: { grade: 1 } });
  const l = await lesson(s, {
    classId: c,
    subjectId: s.subjects.russian.id,
    teacherId: s.users.teacherRussian.personId,
    date: "2026-12-08",
    topic: "Буква Ё",
    homework: "Прописи, с. 12",
    homeworkDue: "2026-12-10",
  });
  await attendance(s, l.id, s.students.studentA1!.studentId, "ILL");
  return s;
}

describe("a class taught without marks (the school's setting, 1st grade by default)", () => {
  it("«Оценки»: one plain sentence, no table of dashes", async () => {
    const s = await firstGrade();
    const a1 = s.students.studentA1!.studentId;
    const res = await (await as(s.users.parentAlekseev)).get(`/diary/${a1}/marks`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("В 1А классе обучение без отметок: отметки, средний балл и итоговые отметки не выставляются.");
    expect(text).toContain("Темы уроков и посещаемость — на вкладке «Неделя».");
    expect(res.text).not.toContain("marks-table");
    expect(text).not.toContain("Прогноз");
    // The period picker is still there, with declined names.
    expect(res.text).toContain(">2-я четверть (");
  });

  it("«Неделя»: the sentence above the days; topic, homework and attendance are still shown", async () => {
    const s = await firstGrade();
    const a1 = s.students.studentA1!.studentId;
    const text = pageText((await (await as(s.users.parentAlekseev)).get(`/diary/${a1}/week?date=2026-12-08`)).text);
    expect(text).toContain("В 1А классе обучение без отметок: отметки не ставятся. Здесь — темы уроков и посещаемость.");
    expect(text).toContain("Буква Ё");
    expect(text).toContain("Прописи, с. 12");
    expect(text).toContain("Б — Болел(а)");
  });

  it("«Статистика»: the sentence instead of empty mark tables; attendance stays", async () => {
    const s = await firstGrade();
    const a1 = s.students.studentA1!.studentId;
    const res = await (await as(s.users.studentA1)).get(`/diary/${a1}/stats?from=2026-12-01&to=2026-12-09`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("В 1А классе обучение без отметок, поэтому статистики оценок и места в классе нет.");
    expect(text).not.toContain("Место в классе");
    expect(text).toContain("Посещаемость");
  });

  it("the weekly printout says so instead of «Оценок за неделю нет.»", async () => {
    const s = await firstGrade();
    const res = await getBinary(await as(s.users.teacherRussian), `/diary/class/${s.classes["5А"]!.id}/week.pdf?date=2026-12-08`);
    expect(res.status).toBe(200);
    const [page] = await pdfPages(res.body as Buffer);
    expect(page).toContain(squash("В 1А классе обучение без отметок: отметки не ставятся."));
    expect(page).not.toContain(squash("Оценок за неделю нет."));
    expect(page).toContain(squash("Прописи, с. 12"));
  });

  it("a graded class of the same school keeps its table (5Б)", async () => {
    const s = await firstGrade();
    const b1 = s.students.studentB1!.studentId;
    const res = await (await as(s.users.parentAlekseev)).get(`/diary/${b1}/marks`);
    expect(res.text).toContain("marks-table");
    expect(pageText(res.text)).not.toContain("обучение без отметок");
    expect(pageText((await (await as(s.users.parentAlekseev)).get(`/diary/${b1}/week`)).text)).not.toContain("обучение без отметок");
  });

  it("follows the school's setting: 5А taught without marks by ungradedGrades = [5]", async () => {
    const s = await buildSchool();
    await prisma.school.update({ where: { id: s.schoolId }, data: { ungradedGrades: [5] } });
    const res = await (await as(s.users.studentA1)).get(`/diary/${s.students.studentA1!.studentId}/marks`);
    expect(pageText(res.text)).toContain("В 5А классе обучение без отметок");
  });
});

describe("a subject «без отметок» (e.g. ОРКСЭ)", () => {
  it("is named in a sentence on «Оценки» and «Неделя», not shown as a row of dashes", async () => {
    const s = await buildSchool();
    const orkse = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "ОРКСЭ", shortName: "ОРКСЭ", gradingMode: "NONE" } });
    const c = s.classes["5А"]!.id;
    await prisma.teachingLoad.create({
      data: { schoolId: s.schoolId, yearId: s.year.id, teacherId: s.users.teacherRussian.personId, classId: c, subjectId: orkse.id, hoursPerWeek: 1 },
    });
    await lesson(s, { classId: c, subjectId: orkse.id, teacherId: s.users.teacherRussian.personId, date: "2026-12-08", topic: "Семья и традиции" });
    const a1 = s.students.studentA1!.studentId;
    const agent = await as(s.users.parentAlekseev);
    const marks = await agent.get(`/diary/${a1}/marks?period=${s.periods[1]!.id}`);
    expect(marks.text).toContain("marks-table");
    expect(marks.text).toContain('<th scope="row" class="subject">Математика</th>');
    expect(marks.text).not.toContain('<th scope="row" class="subject">ОРКСЭ</th>');
    expect(pageText(marks.text)).toContain("Предмет «ОРКСЭ» изучается без отметок.");
    const week = pageText((await agent.get(`/diary/${a1}/week?date=2026-12-08`)).text);
    expect(week).toContain("Предмет «ОРКСЭ» изучается без отметок.");
    expect(week).toContain("Семья и традиции");
  });
});

describe("period names in the diary (one declined form everywhere)", () => {
  it("the picker says «1-я четверть» … and the table is «Оценки за 2-ю четверть»", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.studentA1)).get(`/diary/${s.students.studentA1!.studentId}/marks?period=${s.periods[1]!.id}`);
    for (const n of [1, 2, 3, 4]) expect(res.text).toContain(`>${n}-я четверть (`);
    expect(res.text).not.toMatch(/>\d четверть/);
    expect(res.text).toContain("Оценки за 2-ю четверть</caption>");
  });
});

describe("badges of the diary week break only between words", () => {
  it('the kind of work under a mark is not broken mid-word: no overflow-wrap: anywhere, hyphens: auto with <html lang="ru">', async () => {
    const s = await buildSchool();
    const agent = await as(s.users.studentA1);
    const css = (await agent.get("/static/css/diary.css")).text;
    const rule = /\.mark-kind \{([^}]*)\}/.exec(css)![1]!;
    expect(rule).toContain("overflow-wrap: normal");
    expect(rule).toContain("hyphens: auto");
    expect(rule).not.toContain("anywhere");
    const page = await agent.get(`/diary/${s.students.studentA1!.studentId}/week`);
    expect(page.text).toMatch(/<html lang="ru"/);
  });
});
