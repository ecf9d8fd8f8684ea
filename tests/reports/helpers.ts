/** The hand-built data set of the reports' tests (October 2026, first quarter) and PDF / xlsx readers. */
import ExcelJS from "exceljs";
import { prisma } from "../../src/lib/db.ts";
import type { AttendanceCode } from "../../src/generated/prisma/enums.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
export { getBinary, pdfPages, squash } from "../support/pdf.ts";

/** All rows of the first sheet as arrays of cell texts. */
export async function xlsxRows(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => cells.push(cellText(c.value)));
    rows.push(cells);
  });
  return rows;
}

export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/\s+/g, " ");
}

async function lesson(
  s: TestSchool,
  l: { classId: number; subjectId: number; teacherId: number; date: string; topic?: string; homework?: string; checked?: boolean; entryId?: number },
) {
  return prisma.lesson.create({
    data: {
      schoolId: s.schoolId,
      classId: l.classId,
      subjectId: l.subjectId,
      teacherId: l.teacherId,
      date: d(l.date),
      number: 1,
      topic: l.topic ?? null,
      homework: l.homework ?? null,
      attendanceCheckedAt: l.checked ? new Date(`${l.date}T08:00:00Z`) : null,
      timetableEntryId: l.entryId ?? null,
    },
  });
}

async function mark(s: TestSchool, lessonId: number, studentId: number, typeId: number, value: number, createdAt: string, createdBy: number | null = null) {
  const work = await prisma.lessonWork.upsert({
    where: { lessonId_assignmentTypeId: { lessonId, assignmentTypeId: typeId } },
    create: { schoolId: s.schoolId, lessonId, assignmentTypeId: typeId },
    update: {},
  });
  return prisma.mark.create({ data: { schoolId: s.schoolId, lessonId, workId: work.id, studentId, value, createdAt: new Date(createdAt), createdBy } });
}

async function attendance(s: TestSchool, lessonId: number, studentId: number, code: AttendanceCode) {
  return prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId, studentId, code } });
}

/**
 * October 2026 (the first quarter ends 25.10):
 *  - 5А Математика (Математиков): timetable Monday lesson 1 → planned 5, 12, 19 October (26.10 is a holiday gap);
 *    L1 05.10 topic+homework+attendance checked; L2 12.10 topic, no homework, no attendance;
 *    L3 19.10 no topic, homework, A1 absent (Н).
 *    Marks: L1 A1 «5» (answer, same day); L2 A1 «4» (answer, next day → late); L3 A1 «3» (control, 11 days → late),
 *    L3 A2 «4» (control, 5 days → on time). Audit: two corrections after the 30-day lock, one inside it.
 *  - 5Б Математика (Математиков): L4 07.10 complete, no marks (B1 has none).
 *  - 5А Русский язык (Русакова): L5 06.10 complete; A2 «5» (answer, same day); A2 ill (Б).
 *  - A November lesson with a mark, which October must not count.
 */
export async function checkSchool() {
  const s = await buildSchool();
  const [A1, A2] = [s.students.studentA1!.studentId, s.students.studentA2!.studentId];
  const c5a = s.classes["5А"]!.id,
    c5b = s.classes["5Б"]!.id;
  const math = s.subjects.math.id,
    rus = s.subjects.russian.id;
  const tMath = s.users.teacherMath.personId,
    tRus = s.users.teacherRussian.personId;
  const answer = await prisma.assignmentType.create({ data: { schoolId: s.schoolId, name: "Ответ на уроке", shortName: "Отв", weight: 1 } });
  const control = await prisma.assignmentType.create({
    data: { schoolId: s.schoolId, name: "Контрольная работа", shortName: "К/р", weight: 2, isControl: true },
  });
  const entry = await prisma.timetableEntry.create({
    data: { schoolId: s.schoolId, yearId: s.year.id, classId: c5a, subjectId: math, teacherId: tMath, weekday: 1, number: 1, validFrom: d("2026-09-01") },
  });

  const L1 = await lesson(s, {
    classId: c5a,
    subjectId: math,
    teacherId: tMath,
    date: "2026-10-05",
    topic: "Дроби",
    homework: "№ 1",
    checked: true,
    entryId: entry.id,
  });
  const L2 = await lesson(s, { classId: c5a, subjectId: math, teacherId: tMath, date: "2026-10-12", topic: "Десятичные дроби", entryId: entry.id });
  const L3 = await lesson(s, { classId: c5a, subjectId: math, teacherId: tMath, date: "2026-10-19", homework: "№ 3", entryId: entry.id });
  const L4 = await lesson(s, { classId: c5b, subjectId: math, teacherId: tMath, date: "2026-10-07", topic: "Дроби", homework: "№ 1", checked: true });
  const L5 = await lesson(s, { classId: c5a, subjectId: rus, teacherId: tRus, date: "2026-10-06", topic: "Орфография", homework: "упр. 5", checked: true });
  const L6 = await lesson(s, { classId: c5a, subjectId: math, teacherId: tMath, date: "2026-11-09", topic: "Проценты", homework: "№ 9", checked: true });

  const by = s.users.teacherMath.userId;
  await mark(s, L1.id, A1, answer.id, 5, "2026-10-05T07:00:00Z", by);
  await mark(s, L2.id, A1, answer.id, 4, "2026-10-13T09:00:00Z", by);
  await mark(s, L3.id, A1, control.id, 3, "2026-10-30T09:00:00Z", by);
  await mark(s, L3.id, A2, control.id, 4, "2026-10-24T09:00:00Z", by);
  await mark(s, L5.id, A2, answer.id, 5, "2026-10-06T09:00:00Z", s.users.teacherRussian.userId);
  await mark(s, L6.id, A2, answer.id, 2, "2026-11-09T09:00:00Z", by);
  await attendance(s, L3.id, A1, "ABSENT");
  await attendance(s, L5.id, A2, "ILL");

  const audit = (entity: string, entityId: string, at: string) =>
    prisma.auditLog.create({
      data: { schoolId: s.schoolId, actorId: s.users.deputy.userId, entity, entityId, action: "update", reason: "исправление", at: new Date(at) },
    });
  await audit("mark", `${L1.id}:${A1}:${answer.id}`, "2026-11-20T10:00:00Z"); // 46 days after the lesson: after the lock
  await audit("mark", `${L1.id}:${A1}:${answer.id}`, "2026-10-10T10:00:00Z"); // inside the lock window
  await audit("attendance", `${L3.id}:${A1}`, "2026-11-21T10:00:00Z"); // 33 days: after the lock
  await prisma.loginEvent.create({
    data: { schoolId: s.schoolId, userId: s.users.teacherMath.userId, login: s.users.teacherMath.login, success: true, at: new Date("2026-10-02T06:00:00Z") },
  });
  await prisma.user.update({ where: { id: s.users.teacherMath.userId }, data: { lastLoginAt: new Date("2026-10-02T06:00:00Z") } });
  return { s, lessons: { L1, L2, L3, L4, L5, L6 }, answer, control };
}

/**
 * Final marks: quarter 1 — A1 5/5/5 (отличник), A2 4/3/5 (одна «3»), B1 2/4 (неуспевающий);
 * quarter 2 — A1 5/5/5, A2 4/4/5 (хорошист), B1 3/4 (одна «3»). Order: math, russian, english.
 */
export async function finalsSchool() {
  const s = await buildSchool();
  const [p1, p2] = [s.periods[0]!, s.periods[1]!];
  const { math, russian, english } = s.subjects;
  const put = (studentId: number, subjectId: number, periodId: number, value: string) =>
    prisma.finalMark.create({ data: { schoolId: s.schoolId, studentId, subjectId, yearId: s.year.id, kind: "PERIOD", periodId, value } });
  const A1 = s.students.studentA1!.studentId,
    A2 = s.students.studentA2!.studentId,
    B1 = s.students.studentB1!.studentId;
  const q1: [number, number, string][] = [
    [A1, math.id, "5"],
    [A1, russian.id, "5"],
    [A1, english.id, "5"],
    [A2, math.id, "4"],
    [A2, russian.id, "3"],
    [A2, english.id, "5"],
    [B1, math.id, "2"],
    [B1, russian.id, "4"],
  ];
  const q2: [number, number, string][] = [
    [A1, math.id, "5"],
    [A1, russian.id, "5"],
    [A1, english.id, "5"],
    [A2, math.id, "4"],
    [A2, russian.id, "4"],
    [A2, english.id, "5"],
    [B1, math.id, "3"],
    [B1, russian.id, "4"],
  ];
  for (const [st, sub, v] of q1) await put(st, sub, p1.id, v);
  for (const [st, sub, v] of q2) await put(st, sub, p2.id, v);
  for (const [st, sub, v] of [
    [A1, math.id, "5"],
    [A2, math.id, "4"],
    [A2, russian.id, "4"],
  ] as [number, number, string][])
    await prisma.finalMark.create({ data: { schoolId: s.schoolId, studentId: st, subjectId: sub, yearId: s.year.id, kind: "YEAR", periodId: null, value: v } });
  return s;
}

/** A cell's value as text: dates and numbers as String() gives them, formulas and rich text by their JSON. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toString();
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}
