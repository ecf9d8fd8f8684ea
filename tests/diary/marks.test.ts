/** The diary's marks page and statistics: weighted average, forecast, finals, class average without names (R-DRY-2, R-DRY-4, R-ACL-1). */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { ratingPlace } from "../../src/modules/diary/diary.stats.ts";
import { assignmentType, attendance, lesson, mark, pageText } from "./helpers.ts";

/**
 * Math in 5А in the 2nd quarter: A1 has 5 (answer, weight 1) and 2 (control, weight 2); A2 has 4 and 4;
 * a third student, Гаврилов, has 3 (answer).
 */
async function markedSchool() {
  const s = await buildSchool();
  const answer = await assignmentType(s, "Ответ на уроке", 1);
  const control = await assignmentType(s, "Контрольная работа", 2);
  const c5a = s.classes["5А"]!.id;
  const math = { classId: c5a, subjectId: s.subjects.math.id, teacherId: s.users.teacherMath.personId };
  const l1 = await lesson(s, { ...math, date: "2026-11-10", topic: "Дроби" });
  const l2 = await lesson(s, { ...math, date: "2026-11-12", topic: "Контрольная по дробям" });
  const a1 = s.students.studentA1!.studentId;
  const a2 = s.students.studentA2!.studentId;
  await mark(s, l1.id, a1, answer.id, 5);
  await mark(s, l2.id, a1, control.id, 2, "Повторить сокращение дробей");
  await mark(s, l1.id, a2, answer.id, 4);
  await mark(s, l2.id, a2, control.id, 4);
  const p3 = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Гаврилов", firstName: "Глеб" } });
  const a3 = (await prisma.student.create({ data: { schoolId: s.schoolId, personId: p3.id } })).id;
  await prisma.classMembership.create({ data: { schoolId: s.schoolId, studentId: a3, classId: c5a, fromDate: d("2026-09-01") } });
  await mark(s, l1.id, a3, answer.id, 3);
  await attendance(s, l1.id, a1, "ABSENT");
  await attendance(s, l2.id, a2, "ILL");
  return { s, l1, l2, a1, a2 };
}

function mathRow(html: string): string {
  const m = /<th scope="row" class="subject">Математика<\/th>([\s\S]*?)<\/tr>/.exec(html);
  expect(m).not.toBeNull();
  return pageText(m![1]!);
}

const q2 = (s: TestSchool) => s.periods[1]!.id;

// One marked school for the checks that only read it; a test that changes it builds its own.
let marked: Awaited<ReturnType<typeof markedSchool>>;
beforeAll(async () => {
  marked = await markedSchool();
});

describe("diary marks page (R-DRY-1, R-DRY-4)", () => {
  it("shows the period's marks with weighted average and forecast for mixed weights", async () => {
    const { s, a1 } = marked;
    const res = await (await as(s.users.studentA1)).get(`/diary/${a1}/marks?period=${q2(s)}`);
    expect(res.status).toBe(200);
    // (5·1 + 2·2) / 3 = 3,00 → forecast 3 (the plain mean 3,5 would give 4). Class: (5+4+3+2·2+4·2)/7 = 3,43.
    expect(mathRow(res.text)).toMatch(/^ ?5 10\.11 2 12\.11 3,00 3 3,43\s*$/);
    expect(res.text).toContain('title="12.11, Контрольная работа — Повторить сокращение дробей"');
    expect(pageText(res.text)).toContain("Русский язык"); // subjects of the class without marks are listed too
  });

  it("follows the school's forecast thresholds", async () => {
    const { s, a1 } = await markedSchool();
    await prisma.school.update({ where: { id: s.schoolId }, data: { forecastThreshold3: 3.1 } });
    const res = await (await as(s.users.studentA1)).get(`/diary/${a1}/marks?period=${q2(s)}`);
    expect(mathRow(res.text)).toMatch(/^ ?5 10\.11 2 12\.11 3,00 2 3,43\s*$/);
  });

  it("shows period and year final marks as soon as they are entered", async () => {
    const { s, a1 } = await markedSchool();
    const agent = await as(s.users.parentAlekseev);
    let row = mathRow((await agent.get(`/diary/${a1}/marks?period=${q2(s)}`)).text);
    expect(row).not.toContain("прогноз");
    await prisma.finalMark.create({
      data: { schoolId: s.schoolId, studentId: a1, subjectId: s.subjects.math.id, yearId: s.year.id, kind: "PERIOD", periodId: q2(s), value: "3" },
    });
    row = mathRow((await agent.get(`/diary/${a1}/marks?period=${q2(s)}`)).text);
    expect(row).toMatch(/3,43 3 прогноз 3\s*$/);
    await prisma.finalMark.create({
      data: { schoolId: s.schoolId, studentId: a1, subjectId: s.subjects.math.id, yearId: s.year.id, kind: "YEAR", value: "4" },
    });
    row = mathRow((await agent.get(`/diary/${a1}/marks?period=${q2(s)}`)).text);
    expect(row).toMatch(/3,43 3 4\s*$/);
  });

  it("another period shows only its own marks", async () => {
    const { s, a1 } = marked;
    const res = await (await as(s.users.studentA1)).get(`/diary/${a1}/marks?period=${s.periods[0]!.id}`);
    expect(mathRow(res.text)).toMatch(/^ ?—\s*$/);
  });

  it("the class average never reveals a classmate's name or marks (R-ACL-1)", async () => {
    const { s, a1 } = marked;
    for (const page of ["marks", "stats", "week?date=2026-11-10"]) {
      const res = await (await as(s.users.studentA1)).get(`/diary/${a1}/${page}`);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain("Борисова");
      expect(res.text).not.toContain("Вера");
      expect(res.text).not.toContain("attendance-ill"); // A2's attendance
      expect(res.text).not.toContain("Гаврилов");
    }
  });

  it("hides the class average while fewer than three students have marks (it would reveal a classmate's)", async () => {
    const { s, a1 } = await markedSchool();
    await prisma.mark.deleteMany({ where: { schoolId: s.schoolId, student: { person: { lastName: "Гаврилов" } } } });
    const res = await (await as(s.users.studentA1)).get(`/diary/${a1}/marks?period=${q2(s)}`);
    expect(mathRow(res.text)).toMatch(/^ ?5 10\.11 2 12\.11 3,00 3\s*$/);
  });
});

describe("diary statistics (R-DRY-2)", () => {
  it("counts marks by value, the average, attendance and the own place in the class", async () => {
    const { s, a1, a2 } = marked;
    let res = await (await as(s.users.studentA1)).get(`/diary/${a1}/stats?from=2026-11-01&to=2026-11-30`);
    expect(res.status).toBe(200);
    let text = pageText(res.text);
    expect(text).toMatch(/5 1 4 0 3 0 2 1 1 0 Всего 2/);
    expect(text).toContain("Средний балл: 3,00");
    expect(text).toMatch(/Н — Отсутствовал\(а\) 1/);
    expect(text).toMatch(/Б — Болел\(а\) 0/);
    expect(text).toContain("2-е место из 3");
    expect(res.text).not.toContain("Борисова");

    res = await (await as(s.users.parentBorisova)).get(`/diary/${a2}/stats?from=2026-11-01&to=2026-11-30`);
    text = pageText(res.text);
    expect(text).toContain("1-е место из 3");
    expect(text).toMatch(/Б — Болел\(а\) 1/);
    expect(res.text).not.toContain("Алексеев");

    // A range without marks: no place.
    res = await (await as(s.users.studentA1)).get(`/diary/${a1}/stats?from=2026-09-01&to=2026-09-30`);
    expect(pageText(res.text)).toContain("За эти даты оценок нет");
  });

  it.each([
    [{ from: "2026-11-30", to: "2026-11-01" }, "Начало периода не может быть позже конца"],
    [{ from: "первое", to: "2026-11-01" }, "Дата в формате ДД.ММ.ГГГГ"],
    [{ from: "2024-01-01", to: "2026-11-01" }, "Период не длиннее одного года"],
  ])("a bad range %j re-renders the form with 422", async (q, message) => {
    const { s, a1: id } = marked;
    const res = await (await as(s.users.studentA1)).get(`/diary/${id}/stats?from=${encodeURIComponent(q.from)}&to=${q.to}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${q.from}"`);
  });

  it("ranks ties together", () => {
    expect(ratingPlace(4.5, [5, 4.5, 4.5, 3])).toEqual({ place: 2, of: 4 });
    expect(ratingPlace(3, [5, 4.5, 4.5, 3])).toEqual({ place: 4, of: 4 });
    expect(ratingPlace(2 / 3 + 4, [14 / 3, 4 + 2 / 3])).toEqual({ place: 1, of: 2 });
  });
});
