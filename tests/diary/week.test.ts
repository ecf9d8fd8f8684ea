/** The diary's week (R-DRY-1): content for a student and a parent, subgroups, class moves. */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { isoDate, today } from "../../src/lib/dates.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { assignmentType, attendance, bells, lesson, mark, pageText } from "./helpers.ts";

describe("diary week (R-DRY-1)", () => {
  it("a student sees the week's lessons with time, topic, homework, marks with kind and comment, and attendance", async () => {
    const s = await buildSchool();
    await bells(s);
    const control = await assignmentType(s, "Контрольная работа", 2);
    const a = s.students.studentA1!;
    const c5a = s.classes["5А"]!.id;
    const math = await lesson(s, {
      classId: c5a,
      subjectId: s.subjects.math.id,
      teacherId: s.users.teacherMath.personId,
      date: "2026-11-16",
      number: 1,
      topic: "Сложение дробей",
      homework: "№ 123, 124",
      homeworkDue: "2026-11-18",
    });
    const rus = await lesson(s, {
      classId: c5a,
      subjectId: s.subjects.russian.id,
      teacherId: s.users.teacherRussian.personId,
      date: "2026-11-17",
      number: 2,
      topic: "Безударные гласные",
    });
    await lesson(s, {
      classId: c5a,
      subjectId: s.subjects.english.id,
      teacherId: s.users.teacherEnglish.personId,
      date: "2026-11-21",
      number: null,
      topic: "Субботний урок без номера",
    });
    await lesson(s, {
      classId: s.classes["5Б"]!.id,
      subjectId: s.subjects.math.id,
      teacherId: s.users.teacherMath.personId,
      date: "2026-11-16",
      number: 1,
      topic: "Тема другого класса",
    });
    await lesson(s, {
      classId: c5a,
      subjectId: s.subjects.math.id,
      teacherId: s.users.teacherMath.personId,
      date: "2026-11-23",
      number: 1,
      topic: "Тема следующей недели",
    });
    await mark(s, math.id, a.studentId, control.id, 5, "Без ошибок");
    await attendance(s, rus.id, a.studentId, "LATE");

    const agent = await as(s.users.studentA1);
    const res = await agent.get(`/diary/${a.studentId}/week?date=2026-11-18`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("16.11.2026 – 21.11.2026");
    for (const day of ["Понедельник, 16.11", "Вторник, 17.11", "Суббота, 21.11"]) expect(text).toContain(day);
    expect(text).toContain("08:30–09:15");
    expect(text).toContain("09:25–10:10");
    expect(text).toContain("Сложение дробей");
    expect(text).toContain("Д/з к 18.11: № 123, 124");
    expect(res.text).toMatch(/class="mark mark-5" title="Контрольная работа">5/);
    expect(text).toContain("Контрольная работа: Без ошибок");
    expect(res.text).toContain('title="Опоздание">ОП');
    expect(text).toContain("Субботний урок без номера");
    expect(text).not.toContain("Тема другого класса");
    expect(text).not.toContain("Тема следующей недели");
    // Homework due this week, and the week navigation.
    expect(text).toMatch(/Домашние задания на эту неделю 18\.11 Математика: № 123, 124 \(задано 16\.11\)/);
    expect(res.text).toContain('href="?date=2026-11-09"');
    expect(res.text).toContain('href="?date=2026-11-23"');
    expect(text).not.toContain("сегодня");
  });

  it("the current week highlights today", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.studentA1);
    const res = await agent.get(`/diary/${s.students.studentA1!.studentId}/week`);
    expect(res.status).toBe(200);
    if (today().getUTCDay() !== 0) {
      expect(res.text).toContain(`class="day today" aria-labelledby="day-${isoDate(today())}"`);
      expect(res.text).toContain('aria-current="date">сегодня');
    } else {
      expect(res.text).not.toContain("day today"); // Sunday is not part of the school week
    }
  });

  it("a parent sees the diary of each own child and switches between them", async () => {
    const s = await buildSchool();
    const a1 = s.students.studentA1!;
    const b1 = s.students.studentB1!;
    await lesson(s, {
      classId: s.classes["5А"]!.id,
      subjectId: s.subjects.math.id,
      teacherId: s.users.teacherMath.personId,
      date: "2026-11-16",
      topic: "Тема пятого А",
    });
    const l5b = await lesson(s, {
      classId: s.classes["5Б"]!.id,
      subjectId: s.subjects.russian.id,
      teacherId: s.users.teacherRussian.personId,
      date: "2026-11-17",
      topic: "Тема пятого Б",
      homework: "Упражнение 45",
    });
    await attendance(s, l5b.id, b1.studentId, "ILL");
    const agent = await as(s.users.parentAlekseev);

    const first = await agent.get("/diary");
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe(`/diary/${a1.studentId}/week`);
    const switched = await agent.get(`/diary?student=${b1.studentId}`);
    expect(switched.headers.location).toBe(`/diary/${b1.studentId}/week`);

    const res = await agent.get(`/diary/${b1.studentId}/week?date=2026-11-17`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("Алексеева Дарья Игоревна");
    expect(text).toContain("Тема пятого Б");
    expect(text).toContain("Упражнение 45");
    expect(res.text).toContain('title="Болел(а)">Б');
    expect(text).not.toContain("Тема пятого А");
    // The switcher lists both children.
    expect(res.text).toContain(`href="/diary/${a1.studentId}/week"`);
    expect(res.text).toContain(`href="/diary/${b1.studentId}/week" aria-current="page"`);
  });

  it("subgroup lessons show only for the student's own subgroup on that date", async () => {
    const s = await buildSchool();
    const c5a = s.classes["5А"]!.id;
    const a1 = s.students.studentA1!;
    const g1 = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: c5a, subjectId: s.subjects.english.id, name: "1 группа" } });
    const g2 = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: c5a, subjectId: s.subjects.english.id, name: "2 группа" } });
    // A1 is in group 1 until Wednesday, then in group 2.
    await prisma.subgroupMembership.create({
      data: { schoolId: s.schoolId, subgroupId: g1.id, studentId: a1.studentId, fromDate: d("2026-09-01"), toDate: d("2026-11-17") },
    });
    await prisma.subgroupMembership.create({ data: { schoolId: s.schoolId, subgroupId: g2.id, studentId: a1.studentId, fromDate: d("2026-11-18") } });
    const common = { classId: c5a, subjectId: s.subjects.english.id, teacherId: s.users.teacherEnglish.personId };
    await lesson(s, { ...common, date: "2026-11-16", subgroupId: g1.id, topic: "Первая группа в понедельник" });
    await lesson(s, { ...common, date: "2026-11-16", subgroupId: g2.id, topic: "Вторая группа в понедельник" });
    await lesson(s, { ...common, date: "2026-11-19", subgroupId: g1.id, topic: "Первая группа в четверг" });
    await lesson(s, { ...common, date: "2026-11-19", subgroupId: g2.id, topic: "Вторая группа в четверг" });

    const text = pageText((await (await as(s.users.studentA1)).get(`/diary/${a1.studentId}/week?date=2026-11-16`)).text);
    expect(text).toContain("Первая группа в понедельник");
    expect(text).toContain("Вторая группа в четверг");
    expect(text).not.toContain("Вторая группа в понедельник");
    expect(text).not.toContain("Первая группа в четверг");
    // A2 is in no subgroup: sees none of them.
    const other = pageText((await (await as(s.users.studentA2)).get(`/diary/${s.students.studentA2!.studentId}/week?date=2026-11-16`)).text);
    expect(other).not.toContain("группа в");
  });

  it("a student who moved sees the old class's lessons before the move and the new class's after it", async () => {
    const s = await buildSchool();
    const a1 = s.students.studentA1!;
    const c5a = s.classes["5А"]!.id;
    const c5b = s.classes["5Б"]!.id;
    await prisma.classMembership.updateMany({ where: { studentId: a1.studentId }, data: { toDate: d("2026-11-17") } });
    await prisma.classMembership.create({ data: { schoolId: s.schoolId, studentId: a1.studentId, classId: c5b, fromDate: d("2026-11-18") } });
    const math = { subjectId: s.subjects.math.id, teacherId: s.users.teacherMath.personId };
    await lesson(s, { ...math, classId: c5a, date: "2026-11-16", topic: "Старый класс до перевода" });
    await lesson(s, { ...math, classId: c5a, date: "2026-11-19", topic: "Старый класс после перевода" });
    await lesson(s, { ...math, classId: c5b, date: "2026-11-16", topic: "Новый класс до перевода" });
    await lesson(s, { ...math, classId: c5b, date: "2026-11-19", topic: "Новый класс после перевода" });

    const res = await (await as(s.users.studentA1)).get(`/diary/${a1.studentId}/week?date=2026-11-16`);
    const text = pageText(res.text);
    expect(text).toContain("Старый класс до перевода");
    expect(text).toContain("Новый класс после перевода");
    expect(text).not.toContain("Старый класс после перевода");
    expect(text).not.toContain("Новый класс до перевода");
    expect(text).toContain("Понедельник, 16.11 5А");
    expect(text).toContain("Четверг, 19.11 5Б");
  });

  it("shows the timetable's changes: a substitute, a cancelled lesson, a lesson moved to another day", async () => {
    const s = await buildSchool();
    await bells(s);
    const c5a = s.classes["5А"]!.id;
    const a1 = s.students.studentA1!.studentId;
    const entry = (subjectId: number, teacherId: number, weekday: number, number: number) =>
      prisma.timetableEntry.create({
        data: { schoolId: s.schoolId, yearId: s.year.id, classId: c5a, subjectId, teacherId, weekday, number, validFrom: d("2026-09-01") },
      });
    const eng = await entry(s.subjects.english.id, s.users.teacherEnglish.personId, 2, 2); // Tuesday, 2nd lesson
    const rus = await entry(s.subjects.russian.id, s.users.teacherRussian.personId, 3, 3); // Wednesday, 3rd lesson
    const math = await entry(s.subjects.math.id, s.users.teacherMath.personId, 1, 1); // Monday, 1st lesson
    // Monday's math taught by a substitute; Tuesday's English cancelled (no lesson record left);
    // Wednesday's Russian moved to Friday, 1st lesson.
    await prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: c5a,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        substituteId: s.users.teacherRussian.personId,
        date: d("2026-11-16"),
        number: 1,
        timetableEntryId: math.id,
        topic: "Урок с заменой",
      },
    });
    await prisma.timetableChange.create({
      data: { schoolId: s.schoolId, entryId: math.id, date: d("2026-11-16"), kind: "SUBSTITUTE", substituteId: s.users.teacherRussian.personId },
    });
    await prisma.timetableChange.create({ data: { schoolId: s.schoolId, entryId: eng.id, date: d("2026-11-17"), kind: "CANCEL" } });
    await prisma.timetableChange.create({
      data: { schoolId: s.schoolId, entryId: rus.id, date: d("2026-11-18"), kind: "MOVE", newDate: d("2026-11-20"), newNumber: 1 },
    });
    await prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: c5a,
        subjectId: s.subjects.russian.id,
        teacherId: s.users.teacherRussian.personId,
        date: d("2026-11-20"),
        number: 1,
        timetableEntryId: rus.id,
        topic: "Перенесённый урок",
      },
    });
    // Another class's cancellation does not show.
    const other = await prisma.timetableEntry.create({
      data: {
        schoolId: s.schoolId,
        yearId: s.year.id,
        classId: s.classes["5Б"]!.id,
        subjectId: s.subjects.english.id,
        teacherId: s.users.teacherEnglish.personId,
        weekday: 4,
        number: 4,
        validFrom: d("2026-09-01"),
      },
    });
    await prisma.timetableChange.create({ data: { schoolId: s.schoolId, entryId: other.id, date: d("2026-11-19"), kind: "CANCEL" } });

    const res = await (await as(s.users.parentAlekseev)).get(`/diary/${a1}/week?date=2026-11-16`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toMatch(/Понедельник, 16\.11 5А 1 08:30–09:15 Математика замена: Русакова М\. О\. Тема: Урок с заменой/);
    expect(text).toMatch(/Вторник, 17\.11 5А 2 09:25–10:10 Английский язык Урок отменён/);
    expect(res.text).toContain('class="lesson cancelled"');
    expect(text).toMatch(/Среда, 18\.11 5А 3 10:30–11:15 Русский язык Перенесён на 20\.11, 1-й урок/);
    expect(text).toMatch(/Четверг, 19\.11 5А Уроков нет/);
    expect(text).toMatch(/Пятница, 20\.11 5А 1 08:30–09:15 Русский язык Перенесён с 18\.11 Тема: Перенесённый урок/);
  });

  it.each(["2026-13-01", "вчера", "31.02.2026"])("a bad week date %s answers 422, not 500", async (date) => {
    const s = await buildSchool();
    const res = await (await as(s.users.studentA1)).get(`/diary/${s.students.studentA1!.studentId}/week?date=${encodeURIComponent(date)}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain("Дата в формате ДД.ММ.ГГГГ");
  });
});
