/**
 * The home pages of families, teachers and class teachers (issue 23 §2): what each offers is read
 * from the database the test wrote, block by block, with the links to where the work is done.
 * Deputies, administrators and the registers' staff: home-staff.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { clock } from "../../src/lib/clock.ts";
import { addDays, today } from "../../src/lib/dates.ts";
import { fullName } from "../../src/lib/names.ts";
import { forecast } from "../../src/modules/journal/journal.service.ts";
import { journalSchool, type JournalSchool } from "../journal/helpers.ts";
import { as, signIn } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { attendance, block, blocks, dm, items, lesson, links, mark } from "./home-helpers.ts";

useMidQuarterDay(); // Wednesday 09.12.2026, 10:00 in Moscow; the 2nd quarter runs 05.11–28.12

const home = async (user: { login: string; userId?: number }) => {
  const res = await (await as(user)).get("/");
  expect(res.status).toBe(200);
  return res.text;
};

describe("a family's home: each child's day, marks, absences and dates", () => {
  let s: JournalSchool;
  let html: string;
  let prevAt: Date;
  beforeAll(async () => {
    s = await journalSchool();
    const d0 = today();
    // 5А today: math (homework due from two days ago), Russian; tomorrow English (homework set a week ago).
    await lesson(s, { subject: "math", daysAgo: 2, homework: "Задача № 5", homeworkDue: d0 });
    await lesson(s, { subject: "english", daysAgo: 6, homework: "Слова урока 4", homeworkDue: addDays(d0, 1) });
    await lesson(s, { subject: "russian", daysAgo: 0, number: 2 });
    await lesson(s, { subject: "math", daysAgo: 0, number: 1 });
    await lesson(s, { subject: "english", daysAgo: -1, number: 1 });
    // 5Б: nothing today or tomorrow; the next lessons on Saturday.
    await lesson(s, { cls: "5Б", subject: "math", daysAgo: -3, number: 2 });
    // Marks of Артём (5А): before and after the previous sign-in.
    prevAt = new Date(clock.now().getTime() - 2 * 86_400_000);
    const hour = 3_600_000;
    const a1 = s.students.studentA1!.studentId;
    const old = await lesson(s, { subject: "russian", daysAgo: 5, number: 3 });
    await mark(s, old.id, a1, 3, "Ответ на уроке", new Date(prevAt.getTime() - hour));
    const fresh = await lesson(s, { subject: "math", daysAgo: 1, number: 1 });
    await mark(s, fresh.id, a1, 5, "Самостоятельная работа", new Date(prevAt.getTime() + hour));
    await mark(s, fresh.id, a1, 4, "Ответ на уроке", new Date(prevAt.getTime() + 2 * hour));
    // Absences: «Н» 5 days ago (listed), «Б» (a known reason) and «Н» 40 days ago (too old) are not.
    await attendance(s, old.id, a1, "ABSENT");
    await attendance(s, (await lesson(s, { subject: "math", daysAgo: 6, number: 4 })).id, a1, "ILL");
    await attendance(s, (await lesson(s, { subject: "math", daysAgo: 40, number: 4 })).id, a1, "ABSENT");
    // The calendar: a past holiday, the winter holidays, a first-grade holiday.
    const h = (name: string, from: string, to: string, grades: [number, number] | null = null) =>
      prisma.holiday.create({
        data: { schoolId: s.schoolId, yearId: s.year.id, name, startDate: new Date(from), endDate: new Date(to), gradeFrom: grades?.[0], gradeTo: grades?.[1] },
      });
    await h("Осенние каникулы", "2026-10-26", "2026-11-04");
    await h("Зимние каникулы", "2026-12-30", "2027-01-10");
    await h("Каникулы первоклассников", "2026-12-14", "2026-12-20", [1, 1]);
    // The previous sign-in, then this one (the login journal, R-SEC-5).
    const parent = s.users.parentAlekseev;
    await prisma.loginEvent.create({ data: { schoolId: s.schoolId, userId: parent.userId, login: parent.login, success: true, at: prevAt } });
    const agent = await signIn(parent.login, parent.password);
    const res = await agent.get("/");
    expect(res.status).toBe(200);
    html = res.text;
  });

  it("shows each child, linked to the child's diary, and nobody else", async () => {
    const children = await prisma.parentLink.findMany({
      where: { parentId: s.users.parentAlekseev.personId },
      include: { student: { include: { person: true } } },
    });
    expect(children).toHaveLength(2);
    for (const c of children) {
      expect(block(html, `family-${c.studentId}`)).toContain(fullName(c.student.person));
      expect(links(html, `family-${c.studentId}`)).toContain(`/diary/${c.studentId}/week`);
    }
    expect(html).not.toContain("Борисова Вера");
    // Besides the children: only the news block every reader has (tests/home/news.test.ts).
    expect(blocks(html).filter((b) => !b.startsWith("family-"))).toEqual(["home-news"]);
    expect(await htmlProblems(html)).toEqual([]);
  });

  it("lists today's and tomorrow's lessons in order, each with the homework due for it", async () => {
    const a1 = s.students.studentA1!.studentId;
    const lessons = await prisma.lesson.findMany({
      where: { classId: s.classes["5А"]!.id, date: { in: [today(), addDays(today(), 1)] } },
      include: { subject: true },
      orderBy: [{ date: "asc" }, { number: "asc" }],
    });
    const text = block(html, `family-${a1}`);
    expect(text).toContain(`Сегодня, среда, ${dm(today())} 1 Математика Д/з к уроку: Задача № 5 2 Русский язык Завтра, четверг, ${dm(addDays(today(), 1))}`);
    expect(text).toContain("1 Английский язык Д/з к уроку: Слова урока 4");
    const order = lessons.map((l) => l.subject.name);
    expect(order).toEqual(["Математика", "Русский язык", "Английский язык"]);
    expect(links(html, `family-${a1}`)).toContain(`/diary/${a1}/week?date=${today().toISOString().slice(0, 10)}`);
    // 5Б: no lessons today; the next day with lessons is Saturday.
    const b1 = block(html, `family-${s.students.studentB1!.studentId}`);
    expect(b1).toContain(`Сегодня, среда, ${dm(today())} Уроков нет Суббота, ${dm(addDays(today(), 3))} 2 Математика`);
  });

  it("lists the latest marks, newest first, marking those entered after the previous sign-in", async () => {
    const a1 = s.students.studentA1!.studentId;
    const marks = await prisma.mark.findMany({
      where: { studentId: a1 },
      include: { lesson: { include: { subject: true } } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    const shown = items(html, `family-${a1}`, "home-marks");
    expect(shown).toEqual(
      marks.map((m): unknown =>
        expect.stringMatching(new RegExp(`^${m.value} ${m.lesson.subject.name} .*${dm(m.lesson.date)}${m.createdAt > prevAt ? " новая" : "$"}`)),
      ),
    );
    const fresh = marks.filter((m) => m.createdAt > prevAt).length;
    expect(fresh).toBe(2);
    expect(block(html, `family-${a1}`)).toContain(`Последние отметки новых: ${fresh}`);
    expect(links(html, `family-${a1}`)).toContain(`/diary/${a1}/marks`);
  });

  it("lists absences without a known reason of the last 30 days, linked to their week", async () => {
    const a1 = s.students.studentA1!.studentId;
    const absent = await prisma.attendance.findMany({
      where: { studentId: a1, code: "ABSENT", lesson: { date: { gte: addDays(today(), -30) } } },
      include: { lesson: { include: { subject: true } } },
    });
    expect(absent).toHaveLength(1);
    const l = absent[0]!.lesson;
    expect(block(html, `family-${a1}`)).toContain(
      `Пропуски без причины за 30 дней Уроков: 1. Сообщите причину классному руководителю. ${dm(l.date)}, 3-й урок — Русский язык Н`,
    );
    expect(links(html, `family-${a1}`)).toContain(`/diary/${a1}/week?date=${l.date.toISOString().slice(0, 10)}`);
    expect(block(html, `family-${s.students.studentB1!.studentId}`)).toContain("Пропуски без причины за 30 дней Нет");
  });

  it("lists the nearest dates of the school calendar for the child's grade", () => {
    const text = block(html, `family-${s.students.studentA1!.studentId}`);
    expect(text).toContain("Ближайшие даты Конец 2-й четверти — 28.12 Зимние каникулы — 30.12–10.01");
    expect(text).not.toContain("первоклассников");
    expect(text).not.toContain("Осенние");
  });

  it("a student sees the own day only, with nothing new before any previous sign-in", async () => {
    const page = await home(s.users.studentA1);
    const id = s.students.studentA1!.studentId;
    expect(blocks(page)).toEqual([`family-${id}`, "home-news"]);
    expect(block(page, `family-${id}`)).toMatch(/^Мой дневник 5А класс Сегодня/);
    expect(page).not.toContain("новая");
    expect(page).not.toContain("Алексеева Дарья");
  });

  it("another parent sees only the own child", async () => {
    const page = await home(s.users.parentBorisova);
    expect(blocks(page)).toEqual([`family-${s.students.studentA2!.studentId}`, "home-news"]);
    expect(page).not.toContain("Алексеев Артём");
  });
});

describe("a teacher's home: today, overdue journals, late control works, remarks", () => {
  let s: JournalSchool;
  let html: string;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    s = await journalSchool();
    const { teacherMath, teacherRussian, teacherEnglish } = s.users;
    const [a1, a2] = [s.students.studentA1!.studentId, s.students.studentA2!.studentId];
    ids.done = (await lesson(s, { daysAgo: 0, number: 1, topic: "Дроби", homework: "№ 1", taken: true })).id;
    ids.empty = (await lesson(s, { cls: "5Б", daysAgo: 0, number: 2 })).id;
    ids.sub = (await lesson(s, { cls: "5Б", subject: "russian", daysAgo: 0, number: 3, substitute: teacherMath })).id;
    ids.away = (await lesson(s, { daysAgo: 0, number: 4, substitute: teacherEnglish })).id;
    await lesson(s, { subject: "russian", daysAgo: 0, number: 5, teacher: teacherRussian });
    // The lock window is 30 days: day 30 counts, day 31 does not; a lesson given by a substitute is the substitute's.
    await lesson(s, { daysAgo: 30, taken: true });
    await lesson(s, { daysAgo: 31, taken: true });
    await lesson(s, { daysAgo: 1, number: 2, topic: "Уравнения" });
    await lesson(s, { cls: "5Б", daysAgo: 1, number: 3, substitute: teacherEnglish });
    // Control works: 8 days ago one mark missing (listed); 7 days ago none entered (not late yet);
    // 10 days ago the other student absent, 12 days ago exempt (nothing missing).
    const cw = async (daysAgo: number) => (await lesson(s, { daysAgo, number: 5, topic: "Контрольная", taken: true })).id;
    ids.late = await cw(8);
    await mark(s, ids.late, a1, 4, "Контрольная работа");
    await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: await cw(7), assignmentTypeId: s.types["Контрольная работа"] } });
    const absentDay = await cw(10);
    await mark(s, absentDay, a2, 3, "Контрольная работа");
    await attendance(s, absentDay, a1, "ABSENT");
    const exemptDay = await cw(12);
    await mark(s, exemptDay, a2, 5, "Контрольная работа");
    await prisma.exemption.create({
      data: { schoolId: s.schoolId, studentId: a1, subjectId: s.subjects.math.id, fromDate: addDays(today(), -13), toDate: addDays(today(), -11) },
    });
    await prisma.journalRemark.create({ data: { schoolId: s.schoolId, teacherId: teacherMath.personId, month: new Date("2026-11-01"), text: "Нет тем" } });
    html = await home(teacherMath);
  });

  it("«Сегодня» lists the lessons the teacher gives with what is missing, each linked to the lesson", () => {
    expect(items(html, "teacher-today")).toEqual([
      "1 5А, Математика всё заполнено",
      "2 5Б, Математика нет: тема урока, домашнее задание, посещаемость",
      "3 5Б, Русский язык замена за Русакова М. О. нет: тема урока, домашнее задание, посещаемость",
      "4 5А, Математика заменяет Инглишева Е. В.",
    ]);
    expect(links(html, "teacher-today")).toEqual(["/today", ...["done", "empty", "sub", "away"].map((k) => `/journal/lessons/${ids[k]}`)]);
  });

  it("lists the own journals with lessons of the lock window lacking a topic or attendance", async () => {
    const mathA = `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
    expect(items(html, "teacher-overdue")).toEqual([`5А Математика: без темы — 1, без посещаемости — 1 (с ${dm(addDays(today(), -30))})`]);
    expect(links(html, "teacher-overdue")).toEqual([mathA]);
    // The substitute's home has the lesson given instead of the math teacher.
    expect(items(await home(s.users.teacherEnglish), "teacher-overdue")).toEqual([
      `5Б Математика: без темы — 1, без посещаемости — 1 (с ${dm(addDays(today(), -1))})`,
    ]);
  });

  it("lists control works whose marks are still missing after the school's limit", async () => {
    const school = await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } });
    const date = addDays(today(), -8);
    expect(items(html, "teacher-control")).toEqual([
      `5А Математика, ${dm(date)} — Контрольная работа: нет отметок у 1 ученика срок прошёл ${dm(addDays(date, school.lateControlWorkDays))}`,
    ]);
    expect(links(html, "teacher-control")).toEqual([`/journal/lessons/${ids.late}`]);
  });

  it("links every journal of the own teaching load", async () => {
    const loads = await prisma.teachingLoad.findMany({ where: { teacherId: s.users.teacherMath.personId }, include: { class: true, subject: true } });
    loads.sort(
      (a, b) => a.class.grade - b.class.grade || a.class.letter.localeCompare(b.class.letter, "ru") || a.subject.name.localeCompare(b.subject.name, "ru"),
    );
    expect(items(html, "teacher-journals")).toEqual(loads.map((l) => `${l.class.grade}${l.class.letter} ${l.subject.name}`));
    expect(links(html, "teacher-journals")).toEqual(["/journal", ...loads.map((l) => `/journal/${l.classId}/${l.subjectId}`)]);
  });

  it("counts the open remarks of the monthly check; a colleague sees neither these nor the lessons", async () => {
    expect(block(html, "teacher-remarks")).toBe("Замечания по журналу Не исправлено замечаний: 1. Посмотреть замечания");
    const other = await home(s.users.teacherEnglish);
    expect(blocks(other)).not.toContain("teacher-remarks");
    expect(items(other, "teacher-today")).toEqual(["4 5А, Математика замена за Математиков П. И. нет: тема урока, домашнее задание, посещаемость"]);
    expect(await htmlProblems(html)).toEqual([]);
  });
});

describe("a class teacher's home: absences today, forecasts of «2», consents and logins", () => {
  let s: JournalSchool;
  let html: string;
  beforeAll(async () => {
    s = await journalSchool();
    const [a1, a2] = [s.students.studentA1!.studentId, s.students.studentA2!.studentId];
    const first = await lesson(s, { daysAgo: 0, number: 1 });
    const third = await lesson(s, { daysAgo: 0, number: 3 });
    await attendance(s, first.id, a1, "ABSENT");
    await attendance(s, third.id, a1, "ABSENT");
    await attendance(s, first.id, a2, "ILL");
    // 2nd quarter: Вера 2, 2, 3 in math (2.33: «2»); Артём 2, 3 (2.5: «3») and 2 in English (then «2»).
    const q2 = await Promise.all([10, 9, 8].map((daysAgo) => lesson(s, { daysAgo, number: 2 })));
    for (const [i, v] of [2, 2, 3].entries()) await mark(s, q2[i]!.id, a2, v);
    await mark(s, q2[0]!.id, a1, 2);
    await mark(s, q2[1]!.id, a1, 3);
    await mark(s, (await lesson(s, { subject: "english", daysAgo: 9, number: 3 })).id, a1, 2);
    // 1st quarter marks do not count.
    await mark(s, (await lesson(s, { daysAgo: 50, number: 2 })).id, a1, 2);
    // Parents: Алексеев has a login and no consent; Борисова both; a new parent of Артём a consent and no login.
    await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: s.users.parentBorisova.personId, date: today() } });
    const mother = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Алексеева", firstName: "Елена", middleName: "Павловна" } });
    await prisma.parentLink.create({ data: { schoolId: s.schoolId, parentId: mother.id, studentId: a1, relation: "MOTHER" } });
    await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: mother.id, date: today() } });
    html = await home(s.users.teacherRussian);
  });

  const id = () => `class-${s.classes["5А"]!.id}`;

  it("names the class with its pupils and the pupils absent today without a reason", async () => {
    const members = await prisma.classMembership.count({ where: { classId: s.classes["5А"]!.id } });
    expect(block(html, id())).toMatch(
      new RegExp(`^Мой класс 5А учеников: ${members} Отсутствуют сегодня без причины Алексеев Артём Игоревич — уроки 1, 3 Прогноз`),
    );
    expect(links(html, id()).slice(0, 2)).toEqual([`/class/${s.classes["5А"]!.id}/attendance`, `/class/${s.classes["5А"]!.id}/attendance`]);
  });

  it("lists the pupils whose forecast for the current period is «2», by subject, linked to the journal", async () => {
    const q2 = s.periods[1]!;
    const marks = await prisma.mark.findMany({
      where: { lesson: { classId: s.classes["5А"]!.id, date: { gte: q2.startDate, lte: q2.endDate } } },
      include: { work: { include: { assignmentType: true } }, lesson: true },
    });
    const of = (studentId: number, subjectId: number) =>
      forecast(
        marks
          .filter((m) => m.studentId === studentId && m.lesson.subjectId === subjectId)
          .map((m) => ({ value: m.value, weight: Number(m.work.assignmentType.weight) })),
      );
    expect(of(s.students.studentA2!.studentId, s.subjects.math.id)).toBe(2);
    expect(of(s.students.studentA1!.studentId, s.subjects.math.id)).toBe(3);
    expect(block(html, id())).toContain(
      "Прогноз «2» за 2-ю четверть Алексеев Артём Игоревич: Английский язык Борисова Вера Андреевна: Математика Родители без согласия или логина",
    );
    const grid = (subject: "math" | "english") => `/journal/${s.classes["5А"]!.id}/${s.subjects[subject].id}`;
    expect(links(html, id())).toEqual(expect.arrayContaining([grid("english"), grid("math")]));
  });

  it("lists the parents without a consent or a login, and where to record and issue them", () => {
    const a1 = s.students.studentA1!.studentId;
    expect(block(html, id())).toContain(
      "Родители без согласия или логина Алексеев Игорь Петрович (Алексеев Артём Игоревич): нет согласия Алексеева Елена Павловна (Алексеев Артём Игоревич): нет логина Выдать логины классу 5А",
    );
    expect(links(html, id())).toEqual(expect.arrayContaining([`/students/${a1}#consent`, `/students/accounts?class=${s.classes["5А"]!.id}`]));
  });

  it("another class teacher sees the own class only", async () => {
    const other = await home(s.users.teacherEnglish);
    expect(blocks(other).filter((b) => b.startsWith("class-"))).toEqual([`class-${s.classes["5Б"]!.id}`]);
    expect(other).not.toContain("Алексеев Артём");
    expect(await htmlProblems(html)).toEqual([]);
  });
});
