/**
 * Exam and final (certificate) marks of graduating classes (issue 17, R-GIA-1): the school's rule per
 * grade proposes the final mark (grade 9: the mean of year and exam, x.5 up; grade 11: the year mark;
 * «не ниже годовой»), the exam mark comes from the linked GIA result unless entered, «Подтвердить
 * предложенные» fills the missing finals, a person overrides a cell; the certificate sheet (page, PDF,
 * .xlsx); wrong roles and other classes or schools; the closed year. The fixture's 5А becomes 9А (class
 * teacher Русакова), 5Б becomes 11Б (class teacher Инглишева).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { proposeFinal, roundMark } from "../../src/modules/graduates/graduates.rule.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { getBinary, pageText, pdfPages, squash, xlsxRows } from "../reports/helpers.ts";
import { htmlProblems } from "../support/html.ts";

useMidQuarterDay();

type School = Awaited<ReturnType<typeof buildSchool>>;
let s: School;
let other: School;
let c9: number;
let c11: number;
let a1: number;
let a2: number;
let b1: number;

async function yearMark(school: School, studentId: number, subjectId: number, value: string) {
  await prisma.finalMark.create({ data: { schoolId: school.schoolId, studentId, subjectId, yearId: school.year.id, kind: "YEAR", value } });
}

async function marksOf(kind: "EXAM" | "FINAL", studentId: number) {
  const rows = await prisma.finalMark.findMany({ where: { schoolId: s.schoolId, studentId, kind }, select: { subjectId: true, value: true } });
  return Object.fromEntries(rows.map((r) => [r.subjectId, r.value]));
}

const snapshot = () =>
  prisma.finalMark.findMany({ where: { schoolId: s.schoolId, kind: { in: ["EXAM", "FINAL"] } }, orderBy: { id: "asc" }, select: { id: true, value: true } });

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  c9 = s.classes["5А"]!.id;
  c11 = s.classes["5Б"]!.id;
  await prisma.schoolClass.update({ where: { id: c9 }, data: { grade: 9 } });
  await prisma.schoolClass.update({ where: { id: c11 }, data: { grade: 11 } });
  await prisma.schoolClass.update({ where: { id: other.classes["5А"]!.id }, data: { grade: 9 } });
  a1 = s.students.studentA1!.studentId;
  a2 = s.students.studentA2!.studentId;
  b1 = s.students.studentB1!.studentId;
  const { math, russian, english } = s.subjects;
  // 9А: A1 math 4, Russian 4, English 5; A2 math 3, Russian 5 (no English year mark).
  await yearMark(s, a1, math.id, "4");
  await yearMark(s, a1, russian.id, "4");
  await yearMark(s, a1, english.id, "5");
  await yearMark(s, a2, math.id, "3");
  await yearMark(s, a2, russian.id, "5");
  // 11Б: B1 math 4 (grade 11: the year mark, whatever the exam).
  await yearMark(s, b1, math.id, "4");
  // A1's ОГЭ in mathematics: «5», linked to the school's Математика; the Russian one is not linked.
  const reg = await prisma.giaRegistration.create({ data: { schoolId: s.schoolId, studentId: a1, yearId: s.year.id, level: "OGE" } });
  await prisma.giaExam.create({ data: { schoolId: s.schoolId, registrationId: reg.id, subjectName: "Математика", score: 25, mark: "5", subjectId: math.id } });
  await prisma.giaExam.create({ data: { schoolId: s.schoolId, registrationId: reg.id, subjectName: "Русский язык", score: 20, mark: "3" } });
});

describe("the rule proposing the final mark (R-GIA-1)", () => {
  it.each([
    ["MEAN", "5", "4", "5"], // 4,5 → 5
    ["MEAN", "4", "3", "4"], // 3,5 → 4
    ["MEAN", "5", "3", "4"],
    ["MEAN", "3", "2", "3"], // 2,5 → 3
    ["MEAN", "4", null, "4"], // no exam: the year mark
    ["YEAR", "4", "5", "4"],
    ["YEAR", "4", "2", "4"],
    ["MAX", "4", "5", "5"],
    ["MAX", "4", "3", "4"],
    ["MEAN", null, "5", null], // no year mark: nothing proposed
    ["MEAN", "зач", "5", "зач"],
  ] as const)("%s: year %s, exam %s → %s", (rule, year, exam, expected) => {
    expect(proposeFinal(rule, year, exam)).toBe(expected);
  });
  it("rounds x.5 up and below it down", () => {
    expect([roundMark(4.5), roundMark(4.49), roundMark(3.5), roundMark(2.5)]).toEqual([5, 4, 4, 3]);
  });
});

describe("the graduates' sheet (R-GIA-1)", () => {
  it("the class teacher of 9А sees year, GIA exam and proposed marks; enters an exam mark, confirms, overrides one cell", async () => {
    const { math, russian, english } = s.subjects;
    const teacher = await as(s.users.teacherRussian);
    const page = await teacher.get(`/graduates/${c9}`);
    expect(page.status).toBe(200);
    expect(pageText(page.text)).toContain("ГИА: 5");
    expect(page.text).toContain(`name="exam_${a1}_${math.id}"`);
    expect(await htmlProblems(page.text)).toEqual([]);
    // One subject at a time: only its cells are on the page, and a save returns to it.
    const one = await teacher.get(`/graduates/${c9}?subject=${russian.id}`);
    expect(one.text).toContain(`name="final_${a1}_${russian.id}"`);
    expect(one.text).not.toContain(`name="final_${a1}_${math.id}"`);
    expect(await htmlProblems(one.text)).toEqual([]);

    // A bad exam mark: 422, the message beside the cell, the typed value kept, nothing saved.
    const before = await snapshot();
    const bad = await teacher.form(`/graduates/${c9}`, { [`exam_${a1}_${russian.id}`]: "6", [`final_${a2}_${math.id}`]: "3" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Экзаменационная отметка: 5, 4, 3 или 2");
    expect(bad.text).toContain(`name="exam_${a1}_${russian.id}" value="6"`);
    expect(await htmlProblems(bad.text)).toEqual([]);
    expect(await snapshot()).toEqual(before);

    // The Russian exam of A1 entered by hand: «3» → (4 + 3) / 2 = 3,5 → 4.
    const saved = await teacher.form(`/graduates/${c9}?subject=${russian.id}`, { [`exam_${a1}_${russian.id}`]: "3" });
    expect(saved.status).toBe(302);
    expect(saved.headers.location).toBe(`/graduates/${c9}?subject=${russian.id}`);
    expect((await teacher.form(`/graduates/${c9}/confirm`, {})).status).toBe(302);
    // A1: math (4 + 5) / 2 = 4,5 → 5 from the GIA mark (stored as the exam mark), Russian 4, English 5 (no exam).
    expect(await marksOf("FINAL", a1)).toEqual({ [math.id]: "5", [russian.id]: "4", [english.id]: "5" });
    expect(await marksOf("EXAM", a1)).toEqual({ [math.id]: "5", [russian.id]: "3" });
    // A2: no exams, the year marks; no English year mark → nothing proposed.
    expect(await marksOf("FINAL", a2)).toEqual({ [math.id]: "3", [russian.id]: "5" });

    // The person overrides one cell; confirming again keeps it.
    expect((await teacher.form(`/graduates/${c9}`, { [`final_${a1}_${math.id}`]: "4" })).status).toBe(302);
    expect((await teacher.form(`/graduates/${c9}/confirm`, {})).status).toBe(302);
    expect((await marksOf("FINAL", a1))[math.id]).toBe("4");
    const audits = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "final-mark", entityId: `${a1}:${math.id}:${s.year.id}:final` } });
    expect(audits.map((a) => a.action).sort()).toEqual(["create", "update"]);
  });

  it("grade 11 proposes the year mark; the administrator's «не ниже годовой» changes the proposal", async () => {
    const { math } = s.subjects;
    const reg = await prisma.giaRegistration.create({ data: { schoolId: s.schoolId, studentId: b1, yearId: s.year.id, level: "EGE" } });
    await prisma.giaExam.create({
      data: { schoolId: s.schoolId, registrationId: reg.id, subjectName: "Математика (профильный уровень)", score: 80, mark: "5", subjectId: math.id },
    });
    const deputy = await as(s.users.deputy);
    const page = pageText((await deputy.get(`/graduates/${c11}`)).text);
    expect(page).toContain("Правило для 11-х классов: годовая отметка");
    const admin = await as(s.users.admin);
    const settings = await admin.get("/admin/school");
    expect(settings.text).toContain('name="finalRule11"');
    const school = await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } });
    const form = {
      name: school.name,
      shortName: school.shortName,
      address: "",
      lockDays: "30",
      sessionIdleMinutes: "30",
      lateControlWorkDays: "7",
      weekDays: "6",
      forecastThreshold5: "4,5",
      forecastThreshold4: "3,5",
      forecastThreshold3: "2,5",
      finalRule9: "MEAN",
    };
    const wrong = await admin.form("/admin/school", { ...form, finalRule11: "AVG" });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("Выберите правило из списка");
    expect((await admin.form("/admin/school", { ...form, finalRule11: "MAX" })).status).toBe(302);
    const audit = await prisma.auditLog.findFirst({ where: { schoolId: s.schoolId, entity: "school" }, orderBy: { id: "desc" } });
    expect(audit?.newValue).toMatchObject({ finalRule11: "MAX" });
    expect((await deputy.form(`/graduates/${c11}/confirm`, {})).status).toBe(302);
    expect(await marksOf("FINAL", b1)).toEqual({ [math.id]: "5" });
  });

  it.each([
    ["the class teacher of 11Б, on 9А", "teacherEnglish", 404],
    ["a subject teacher without a class", "teacherMath", 403],
    ["the secretary", "secretary", 403],
    ["a parent", "parentAlekseev", 403],
    ["a pupil", "studentA1", 403],
  ] as const)("%s cannot open or write the sheet", async (_who, user, status) => {
    const agent = await as(s.users[user]);
    expect((await agent.get(`/graduates/${c9}`)).status).toBe(status);
    const before = await snapshot();
    expect((await agent.form(`/graduates/${c9}`, { [`final_${a2}_${s.subjects.math.id}`]: "2" })).status).toBe(status);
    expect((await agent.form(`/graduates/${c9}/confirm`, {})).status).toBe(status);
    expect(await snapshot()).toEqual(before);
  });

  it("another school's deputy gets 404 for the class; a pupil of another class in a crafted cell is refused", async () => {
    const stranger = await as(other.users.deputy);
    expect((await stranger.get(`/graduates/${c9}`)).status).toBe(404);
    expect((await stranger.form(`/graduates/${c9}/confirm`, {})).status).toBe(404);
    const deputy = await as(s.users.deputy);
    const before = await snapshot();
    const crafted = await deputy.form(`/graduates/${c9}`, { [`final_${b1}_${s.subjects.math.id}`]: "5" });
    expect(crafted.status).toBe(422);
    expect(crafted.text).toContain("Такого ученика или предмета нет в ведомости класса");
    expect(await snapshot()).toEqual(before);
    // A class that is not graduating has no sheet.
    const seventh = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 7, letter: "В" } });
    expect((await deputy.get(`/graduates/${seventh.id}`)).status).toBe(404);
  });

  it("the certificate sheet: page, PDF and .xlsx with the final marks; the class teacher of another class gets 404", async () => {
    const teacher = await as(s.users.teacherRussian);
    const page = await teacher.get(`/reports/paper/${c9}/certificate`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("Ведомость итоговых отметок для аттестата");
    expect(await htmlProblems(page.text)).toEqual([]);
    // Subjects in alphabetical order: Английский язык, Математика, Русский язык.
    expect(text).toContain("Алексеев Артём Игоревич 5 4 4");
    expect(text).toContain("Борисова Вера Андреевна — 3 5");
    const pdf = squash((await pdfPages((await getBinary(teacher, `/reports/paper/${c9}/certificate.pdf`)).body as Buffer)).join(" "));
    expect(pdf).toContain(squash("Ведомость итоговых отметок для аттестата"));
    expect(pdf).toContain(squash("Классный руководитель"));
    const rows = await xlsxRows((await getBinary(teacher, `/reports/paper/${c9}/certificate.xlsx`)).body as Buffer);
    expect(rows.find((r) => r[1] === "Алексеев Артём Игоревич")?.slice(2)).toEqual(["5", "4", "4"]);
    expect((await (await as(s.users.teacherEnglish)).get(`/reports/paper/${c9}/certificate`)).status).toBe(404);
    expect((await (await as(s.users.parentAlekseev)).get(`/reports/paper/${c9}/certificate`)).status).toBe(403);
    expect((await (await as(other.users.deputy)).get(`/reports/paper/${c9}/certificate.pdf`)).status).toBe(404);
  });

  it("in a closed year nothing changes (423)", async () => {
    const deputy = await as(s.users.deputy);
    await prisma.academicYear.update({ where: { id: s.year.id }, data: { status: "CLOSED" } });
    try {
      const before = await snapshot();
      expect((await deputy.form(`/graduates/${c9}`, { [`final_${a2}_${s.subjects.math.id}`]: "2" })).status).toBe(423);
      expect((await deputy.form(`/graduates/${c9}/confirm`, {})).status).toBe(423);
      expect(await snapshot()).toEqual(before);
    } finally {
      await prisma.academicYear.update({ where: { id: s.year.id }, data: { status: "CURRENT" } });
    }
  });
});

describe("linking a GIA result to a school subject (issue 17)", () => {
  it("the deputy links the result to the school's subject; another school's subject is refused beside the field", async () => {
    const exam = await prisma.giaExam.findFirstOrThrow({ where: { schoolId: s.schoolId, subjectName: "Русский язык", registration: { studentId: a1 } } });
    const deputy = await as(s.users.deputy);
    const url = `/students/${a1}/gia/exams/${exam.id}`;
    const page = await deputy.get(`/students/${a1}/gia`);
    expect(page.text).toContain(`name="subjectId"`);
    const foreign = await deputy.form(url, { score: "20", mark: "3", examDate: "", subjectId: String(other.subjects.russian.id) });
    expect(foreign.status).toBe(422);
    expect(foreign.text).toContain("Выберите предмет школы из списка");
    expect((await prisma.giaExam.findUniqueOrThrow({ where: { id: exam.id } })).subjectId).toBeNull();
    expect((await deputy.form(url, { score: "20", mark: "3", examDate: "", subjectId: String(s.subjects.russian.id) })).status).toBe(302);
    expect((await prisma.giaExam.findUniqueOrThrow({ where: { id: exam.id } })).subjectId).toBe(s.subjects.russian.id);
  });
});
