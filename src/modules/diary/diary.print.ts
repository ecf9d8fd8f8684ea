/**
 * R-DRY-3: the class teacher's weekly printout for parents without internet — one PDF for the
 * whole class, one page per student with that week's marks, absences and homework, the school's
 * name, the week and a line for the parent's signature.
 * The data is read in one pass for the class (memberships, lessons, marks, attendance), not per student.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { addDays, formatDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { createPdf, pdfHeader, pdfHeading, pdfSignatureLines, pdfTable, pdfTableHeight, toBuffer, type PdfColumn } from "../../lib/pdf.ts";

/** Font sizes tried for the tables, largest first, so that one student's week fits one A4 page. */
const FONT_SIZES = [9.5, 8.5, 7.5, 6.8, 6.2];
/** Room for a section heading (pdfHeading) and for the signature lines, in points. */
const HEADING_HEIGHT = 24;
const SIGNATURE_HEIGHT = 56; // pdfSignatureLines asks for 50 points before it starts a new page
import { isStudentLesson, mondayOf, overlapping } from "./diary.common.ts";
import { canPrintClassDiary, printsAnyClass } from "./diary.policy.ts";
import { ATTENDANCE, MARKLESS, TEXT, dayMonth } from "./diary.text.ts";
import { isUngradedGrade } from "../../lib/grading.ts";

export interface PrintableClass {
  id: number;
  name: string;
}

/** The current-year classes the actor may print for: the own classes, or all for deputies and administrators. */
export async function printableClasses(actor: Actor): Promise<PrintableClass[]> {
  if (actor.currentYearId === null) return [];
  const rows = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: actor.currentYearId, ...(printsAnyClass(actor) ? {} : { id: { in: [...actor.ledClassIds] } }) },
    select: { id: true, grade: true, letter: true },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  return rows.map((c) => ({ id: c.id, name: className(c) }));
}

/** R-DRY-3: the week's PDF for a class the actor may print for (NotFound otherwise). */
export async function classWeekPdf(actor: Actor, classId: number, date: Date): Promise<{ pdf: Buffer; filename: string }> {
  const cls = await prisma.schoolClass.findFirst({
    where: { id: classId, schoolId: actor.schoolId },
    select: { id: true, schoolId: true, grade: true, letter: true, school: { select: { name: true, ungradedGrades: true } } },
  });
  if (!cls || !canPrintClassDiary(actor, cls)) throw new NotFound();
  const monday = mondayOf(date);
  const saturday = addDays(monday, 5);
  const schoolId = actor.schoolId;

  const [members, lessons] = await Promise.all([
    prisma.classMembership.findMany({
      where: { schoolId, classId: cls.id, ...overlapping(monday, saturday) },
      select: {
        studentId: true,
        classId: true,
        fromDate: true,
        toDate: true,
        student: { select: { person: { select: { lastName: true, firstName: true, middleName: true } } } },
      },
    }),
    prisma.lesson.findMany({
      where: { schoolId, classId: cls.id, date: { gte: monday, lte: saturday } },
      select: { id: true, classId: true, subgroupId: true, date: true, number: true, homework: true, homeworkDue: true, subject: { select: { name: true } } },
      orderBy: [{ date: "asc" }, { number: "asc" }, { id: "asc" }],
    }),
  ]);
  const studentIds = [...new Set(members.map((m) => m.studentId))];
  const lessonIds = lessons.map((l) => l.id);
  const [subgroupSpans, marks, attendance] = await Promise.all([
    prisma.subgroupMembership.findMany({
      where: { schoolId, studentId: { in: studentIds }, ...overlapping(monday, saturday) },
      select: { studentId: true, subgroupId: true, fromDate: true, toDate: true },
    }),
    prisma.mark.findMany({
      where: { lessonId: { in: lessonIds }, studentId: { in: studentIds } },
      select: { lessonId: true, studentId: true, value: true, comment: true, work: { select: { assignmentType: { select: { name: true } } } } },
    }),
    prisma.attendance.findMany({
      where: { lessonId: { in: lessonIds }, studentId: { in: studentIds } },
      select: { lessonId: true, studentId: true, code: true },
    }),
  ]);

  const students = [...new Map(members.map((m) => [m.studentId, m.student.person])).entries()].sort((a, b) => compareNames(a[1], b[1]));
  const week = `${formatDate(monday)} – ${formatDate(saturday)}`;
  const doc = createPdf({ title: `${TEXT.printTitle} ${className(cls)}, ${week}`, margin: 32 });
  for (const [i, [studentId, person]] of students.entries()) {
    if (i > 0) doc.addPage();
    const spans = members.filter((m) => m.studentId === studentId);
    const own = lessons.filter((l) =>
      isStudentLesson(
        l,
        spans,
        subgroupSpans.filter((s) => s.studentId === studentId),
      ),
    );
    const byId = new Map(own.map((l) => [l.id, l]));
    pdfHeader(doc, { schoolName: cls.school.name, title: TEXT.printTitle, subtitle: `${fullName(person)}, ${className(cls)} класс · неделя ${week}` });

    // Marks: one row per subject (in the order of the week), so a full week still fits one page.
    const bySubject = new Map<string, string[]>();
    for (const { l, m } of marks
      .filter((m) => m.studentId === studentId && byId.has(m.lessonId))
      .map((m) => ({ l: byId.get(m.lessonId)!, m }))
      .sort((a, b) => a.l.date.getTime() - b.l.date.getTime() || (a.l.number ?? 0) - (b.l.number ?? 0))) {
      const list = bySubject.get(l.subject.name) ?? [];
      list.push(`${dayMonth(l.date)}: ${m.value} (${m.work.assignmentType.name}${m.comment ? ` — ${m.comment}` : ""})`);
      bySubject.set(l.subject.name, list);
    }
    const markRows = [...bySubject].map(([subject, list]) => [subject, list.join("; ")]);
    const absenceRows = attendance
      .filter((a) => a.studentId === studentId && byId.has(a.lessonId))
      .map((a) => ({ l: byId.get(a.lessonId)!, a }))
      .sort((x, y) => x.l.date.getTime() - y.l.date.getTime() || (x.l.number ?? 0) - (y.l.number ?? 0))
      .map(({ l, a }) => [
        dayMonth(l.date),
        l.number === null ? "" : String(l.number),
        l.subject.name,
        `${ATTENDANCE[a.code].code} — ${ATTENDANCE[a.code].title}`,
      ]);
    const homeworkRows = own
      .filter((l) => l.homework)
      .map((l) => [dayMonth(l.date), l.subject.name, l.homework!, l.homeworkDue ? formatDate(l.homeworkDue) : ""]);
    const tables: { title: string; columns: PdfColumn[]; rows: string[][]; emptyText: string }[] = [
      {
        title: "Оценки",
        columns: [
          { header: "Предмет", width: 2.6 },
          { header: "Оценки (дата: оценка, вид работы)", width: 7.4 },
        ],
        rows: markRows,
        // Issue 23: a class taught without marks says so instead of «no marks this week».
        emptyText: isUngradedGrade(cls.grade, cls.school.ungradedGrades) ? MARKLESS.print(className(cls)) : "Оценок за неделю нет.",
      },
      {
        title: "Пропуски и опоздания",
        columns: [
          { header: "Дата", width: 1.2, align: "center" },
          { header: "Урок", width: 0.9, align: "center" },
          { header: "Предмет", width: 3 },
          { header: "Отметка", width: 4 },
        ],
        rows: absenceRows,
        emptyText: "Пропусков и опозданий нет.",
      },
      {
        title: "Домашние задания",
        columns: [
          { header: "Задано", width: 1.2, align: "center" },
          { header: "Предмет", width: 2.6 },
          { header: "Задание", width: 5 },
          { header: "Срок", width: 1.6, align: "center" },
        ],
        rows: homeworkRows,
        emptyText: "Домашних заданий на неделе не было.",
      },
    ];
    // One page per student: the largest font size at which the three tables fit; for a very full
    // week the homework is then listed per subject in one row each.
    const available = doc.page.height - doc.page.margins.bottom - 16 - doc.y - tables.length * HEADING_HEIGHT - SIGNATURE_HEIGHT;
    const fit = (fontSize: number) => ({ fontSize, padding: fontSize >= 8.5 ? 3 : 2 });
    const sizeFor = (list: typeof tables) =>
      FONT_SIZES.find((fs) => list.reduce((h, t) => h + pdfTableHeight(doc, t.columns, t.rows, { ...fit(fs), emptyText: t.emptyText }), 0) <= available);
    let size = sizeFor(tables);
    if (size === undefined && homeworkRows.length) {
      const bySubjectHw = new Map<string, string[]>();
      for (const l of own.filter((x) => x.homework)) {
        const list = bySubjectHw.get(l.subject.name) ?? [];
        list.push(`${dayMonth(l.date)}${l.homeworkDue ? ` → ${dayMonth(l.homeworkDue)}` : ""}: ${l.homework}`);
        bySubjectHw.set(l.subject.name, list);
      }
      tables[2] = {
        ...tables[2]!,
        columns: [
          { header: "Предмет", width: 2.6 },
          { header: "Задания (задано → срок: задание)", width: 7.4 },
        ],
        rows: [...bySubjectHw].map(([subject, list]) => [subject, list.join("; ")]),
      };
      size = sizeFor(tables);
    }
    size ??= FONT_SIZES.at(-1)!;
    for (const t of tables) {
      pdfHeading(doc, t.title);
      pdfTable(doc, t.columns, t.rows, { ...fit(size), emptyText: t.emptyText });
    }

    pdfSignatureLines(doc, [TEXT.parentSignature, TEXT.teacherSignature]);
  }
  if (!students.length) {
    pdfHeader(doc, { schoolName: cls.school.name, title: TEXT.printTitle, subtitle: `${className(cls)} класс · неделя ${week}` });
    doc.text("В классе на этой неделе нет учеников.");
  }
  const pdf = await toBuffer(doc);
  return { pdf, filename: `Дневники ${className(cls)} неделя с ${formatDate(monday)}.pdf` };
}
