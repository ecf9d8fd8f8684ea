/**
 * R-RPT-6: the journal's paper copy and the summary sheet of final marks.
 *  - classJournalPdf: a class's complete journal for a period or the year as one PDF — per
 *    subject (and subgroup) the grid pages (students × lesson dates: marks and attendance
 *    codes, the period's final mark) and the topics and homework pages; every page numbered
 *    «Страница N из M»; the last page certifies the copy for signature and seal.
 *  - summarySheet: the year's final marks of a class (сводная ведомость итоговой
 *    успеваемости): students × subjects, year marks, with the period marks in a second table.
 * The class teacher of the class and deputies/administrators (reports.policy "paper").
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { formatDate, isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName, shortName } from "../../lib/names.ts";
import { FONT, contentWidth, createPdf, pdfHeader, pdfSignatureLines, pdfTable, toBuffer, type PdfDoc } from "../../lib/pdf.ts";
import { downloadName } from "../../lib/download.ts";
import { ATTENDANCE_LABELS } from "../journal/journal.service.ts";
import { periodName } from "../setup/years.service.ts";
import { periodFileName, schoolInfo, yearFileName, type ReportDoc } from "./reports.common.ts";
import { assertClassVisible } from "./reports.policy.ts";
import { scopeOf } from "./reports.scope.ts";

/** The class in the actor's "paper" scope; NotFound outside it. */
export async function paperClass(actor: Actor, classId: number) {
  const scope = await scopeOf(actor, "paper");
  const cls = await prisma.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId }, include: { year: true, classTeacher: true } });
  if (!cls) throw new NotFound("Класс не найден");
  assertClassVisible(scope, classId);
  const set = await prisma.periodSet.findFirst({
    where: { yearId: cls.yearId, gradeFrom: { lte: cls.grade }, gradeTo: { gte: cls.grade } },
    include: { periods: { orderBy: { number: "asc" } } },
  });
  const periods = (set?.periods ?? []).map((p) => ({ ...p, kind: set!.kind, name: periodName(set!.kind, p.number) }));
  return { ...cls, name: className(cls), periods };
}

interface LessonRow {
  id: number;
  subjectId: number;
  subgroupId: number | null;
  teacherId: number;
  date: Date;
  number: number | null;
  topic: string | null;
  homework: string | null;
}

/** Students of the class during [from, to] (and, for a subgroup, of the subgroup). */
async function roster(classId: number, from: Date, to: Date) {
  const overlap = { fromDate: { lte: to }, OR: [{ toDate: null }, { toDate: { gte: from } }] };
  const [members, sub] = await Promise.all([
    prisma.classMembership.findMany({ where: { classId, ...overlap }, include: { student: { include: { person: true } } } }),
    prisma.subgroupMembership.findMany({ where: { subgroup: { classId }, ...overlap }, select: { subgroupId: true, studentId: true } }),
  ]);
  const students = [...new Map(members.map((m) => [m.studentId, m.student])).values()].sort((a, b) => compareNames(a.person, b.person));
  return { students, inSubgroup: new Set(sub.map((s) => `${s.subgroupId}:${s.studentId}`)) };
}

const GRID_COLS = 20;

/** One grid page block: students × up to GRID_COLS lessons, then the finals column on the last block. */
function drawGrid(
  doc: PdfDoc,
  title: string,
  students: { id: number; name: string }[],
  lessons: LessonRow[],
  cell: (l: LessonRow, s: number) => string,
  finals: Map<number, string> | null,
) {
  for (let start = 0; start < Math.max(1, lessons.length); start += GRID_COLS) {
    const chunk = lessons.slice(start, start + GRID_COLS);
    const last = start + GRID_COLS >= lessons.length;
    doc.addPage();
    doc
      .font(FONT.bold)
      .fontSize(11)
      .text(`${title}${lessons.length > GRID_COLS ? ` (${Math.floor(start / GRID_COLS) + 1})` : ""}`, doc.page.margins.left, doc.page.margins.top);
    doc.moveDown(0.3);
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    const nameW = 150;
    const extra = last && finals ? 1 : 0;
    const colW = (width - nameW - 20) / (GRID_COLS + 1);
    const rowH = 13;
    let y = doc.y;
    const head = ["№", "Ученик", ...chunk.map((l) => formatDate(l.date).slice(0, 5)), ...(extra ? ["Итог"] : [])];
    const line = (cells: string[], bold: boolean) => {
      if (y + rowH > doc.page.height - doc.page.margins.bottom - 16) {
        doc.addPage();
        y = doc.page.margins.top;
        line(head, true); // the dates again on the continued page
      }
      doc.font(bold ? FONT.bold : FONT.regular).fontSize(7);
      let x = left;
      cells.forEach((t, i) => {
        const w = i === 0 ? 20 : i === 1 ? nameW : colW;
        doc.rect(x, y, w, rowH).lineWidth(0.4).strokeColor("#888888").stroke();
        doc
          .fillColor("#000000")
          .text(t, x + 1.5, y + 3, { width: w - 3, height: rowH - 2, align: i <= 1 ? "left" : "center", lineBreak: false, ellipsis: true });
        x += w;
      });
      y += rowH;
    };
    line(head, true);
    students.forEach((s, i) => line([String(i + 1), s.name, ...chunk.map((l) => cell(l, s.id)), ...(extra ? [finals!.get(s.id) ?? ""] : [])], false));
    doc.x = left;
    doc.y = y + 6;
  }
}

/** R-RPT-6: the class's journal for a period (or the year when periodId is null) as one PDF. */
export async function classJournalPdf(actor: Actor, classId: number, periodId: number | null): Promise<{ pdf: Buffer; filename: string }> {
  const cls = await paperClass(actor, classId);
  const school = await schoolInfo(actor);
  const period = periodId === null ? null : cls.periods.find((p) => p.id === periodId);
  if (periodId !== null && !period) throw new NotFound("Период не найден");
  const from = period?.startDate ?? cls.year.startDate;
  const to = period?.endDate ?? cls.year.endDate;
  const what = period ? `${period.name} ${cls.year.name}` : `${cls.year.name} учебный год`;

  const pool = pgPool();
  const [lessons, marks, att, finals, subjects, subgroups, teachers, { students, inSubgroup }] = await Promise.all([
    prisma.lesson.findMany({
      where: { schoolId: actor.schoolId, classId, date: { gte: from, lte: to } },
      orderBy: [{ date: "asc" }, { number: "asc" }, { id: "asc" }],
      select: { id: true, subjectId: true, subgroupId: true, teacherId: true, date: true, number: true, topic: true, homework: true },
    }),
    pool.query<{ lessonId: number; studentId: number; value: number }>(
      `SELECT m."lessonId", m."studentId", m.value FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" JOIN "LessonWork" w ON w.id = m."workId" JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
        WHERE l."classId" = $1 AND l.date BETWEEN $2::date AND $3::date ORDER BY t."sortOrder", t.id`,
      [classId, isoDate(from), isoDate(to)],
    ),
    pool.query<{ lessonId: number; studentId: number; code: keyof typeof ATTENDANCE_LABELS }>(
      `SELECT a."lessonId", a."studentId", a.code FROM "Attendance" a JOIN "Lesson" l ON l.id = a."lessonId" WHERE l."classId" = $1 AND l.date BETWEEN $2::date AND $3::date`,
      [classId, isoDate(from), isoDate(to)],
    ),
    prisma.finalMark.findMany({
      where: { schoolId: actor.schoolId, yearId: cls.yearId, ...(period ? { kind: "PERIOD", periodId: period.id } : { kind: "YEAR" }) },
      select: { studentId: true, subjectId: true, value: true },
    }),
    prisma.subject.findMany({ where: { schoolId: actor.schoolId } }),
    prisma.subgroup.findMany({ where: { classId } }),
    prisma.person.findMany({ where: { schoolId: actor.schoolId, lessonsTaught: { some: { classId } } } }),
    roster(classId, from, to),
  ]);
  const cellText = new Map<string, string>();
  for (const m of marks.rows)
    cellText.set(`${m.lessonId}:${m.studentId}`, [cellText.get(`${m.lessonId}:${m.studentId}`), String(m.value)].filter(Boolean).join("/"));
  for (const a of att.rows)
    cellText.set(`${a.lessonId}:${a.studentId}`, [ATTENDANCE_LABELS[a.code], cellText.get(`${a.lessonId}:${a.studentId}`)].filter(Boolean).join(" "));
  const subjectOf = new Map(subjects.map((s) => [s.id, s]));
  const subgroupOf = new Map(subgroups.map((s) => [s.id, s.name]));
  const teacherOf = new Map(teachers.map((t) => [t.id, shortName(t)]));
  const finalOf = new Map(finals.map((f) => [`${f.subjectId}:${f.studentId}`, f.value]));

  const journals = new Map<string, LessonRow[]>();
  for (const l of lessons) {
    const k = `${l.subjectId}:${l.subgroupId ?? 0}`;
    journals.set(k, [...(journals.get(k) ?? []), l]);
  }
  const ordered = [...journals.entries()].sort(([a], [b]) => {
    const [sa, ga] = a.split(":").map(Number) as [number, number];
    const [sb, gb] = b.split(":").map(Number) as [number, number];
    const x = subjectOf.get(sa)!,
      y = subjectOf.get(sb)!;
    return x.sortOrder - y.sortOrder || compareText(x.name, y.name) || compareText(subgroupOf.get(ga) ?? "", subgroupOf.get(gb) ?? "");
  });

  const doc = createPdf({ title: `Журнал ${cls.name} класса`, layout: "landscape", margin: 30 });
  pdfHeader(doc, {
    schoolName: school.name,
    title: `Классный журнал ${cls.name} класса`,
    subtitle: `Копия электронного журнала: ${what}, ${formatDate(from)}–${formatDate(to)}`,
  });
  doc
    .font(FONT.regular)
    .fontSize(10)
    .text(
      `Классный руководитель: ${cls.classTeacher ? fullName(cls.classTeacher) : "—"}. Учеников: ${students.length}. Предметов (журналов): ${ordered.length}.`,
    );
  doc.moveDown(0.5);
  pdfTable(
    doc,
    [
      { header: "Предмет", width: 3 },
      { header: "Учитель", width: 2 },
      { header: "Уроков", width: 1, align: "right" },
    ],
    ordered.map(([k, ls]) => {
      const [s, g] = k.split(":").map(Number) as [number, number];
      return [
        `${subjectOf.get(s)!.name}${g ? ` (${subgroupOf.get(g) ?? ""})` : ""}`,
        [...new Set(ls.map((l) => teacherOf.get(l.teacherId) ?? ""))].join(", "),
        String(ls.length),
      ];
    }),
    { fontSize: 8, emptyText: "Уроков за этот период нет." },
  );

  for (const [k, ls] of ordered) {
    const [s, g] = k.split(":").map(Number) as [number, number];
    const subject = subjectOf.get(s)!;
    const name = `${cls.name} — ${subject.name}${g ? ` (${subgroupOf.get(g) ?? ""})` : ""}`;
    const rosterOf = students.filter((st) => !g || inSubgroup.has(`${g}:${st.id}`)).map((st) => ({ id: st.id, name: shortName(st.person) }));
    const finalsMap = new Map(rosterOf.map((st) => [st.id, finalOf.get(`${s}:${st.id}`) ?? ""]));
    drawGrid(doc, `${name}: отметки и посещаемость`, rosterOf, ls, (l, sid) => cellText.get(`${l.id}:${sid}`) ?? "", finalsMap);
    doc.addPage();
    doc.font(FONT.bold).fontSize(11).text(`${name}: темы уроков и домашние задания`, doc.page.margins.left, doc.page.margins.top);
    doc.moveDown(0.3);
    pdfTable(
      doc,
      [
        { header: "Дата", width: 1 },
        { header: "№", width: 0.4, align: "center" },
        { header: "Тема урока", width: 5 },
        { header: "Домашнее задание", width: 5 },
      ],
      ls.map((l) => [formatDate(l.date), l.number ? String(l.number) : "", l.topic ?? "", l.homework ?? ""]),
      { fontSize: 8 },
    );
  }

  // The certification page: the page count includes this page.
  doc.addPage();
  const total = doc.bufferedPageRange().count;
  doc.font(FONT.bold).fontSize(14).text("Лист заверения", { align: "center" });
  doc.moveDown(1);
  doc
    .font(FONT.regular)
    .fontSize(11)
    .text(
      `Настоящая копия электронного классного журнала ${cls.name} класса (${what}, ${formatDate(from)}–${formatDate(to)}) распечатана ${formatDate(today())}, ` +
        `содержит ${total} пронумерованных страниц, включая этот лист, и соответствует данным электронного журнала.`,
      { width: contentWidth(doc) },
    );
  pdfSignatureLines(doc, ["Директор", "Классный руководитель"]);
  doc.moveDown(1);
  doc.text("М. П.");
  return { pdf: await toBuffer(doc), filename: downloadName(["Журнал", cls.name, period ? periodFileName(period) : yearFileName(cls.year)], "pdf") };
}

/** R-RPT-6: the summary sheet of the class's final marks of the year. */
export async function summarySheet(actor: Actor, classId: number) {
  const cls = await paperClass(actor, classId);
  const school = await schoolInfo(actor);
  const [members, finals] = await Promise.all([
    prisma.classMembership.findMany({ where: { classId }, include: { student: { include: { person: true } } } }),
    pgPool().query<{ studentId: number; subjectId: number; kind: string; periodId: number | null; value: string }>(
      `SELECT f."studentId", f."subjectId", f.kind, f."periodId", f.value FROM "FinalMark" f
        WHERE f."schoolId" = $1 AND f."yearId" = $2 AND f."studentId" IN (SELECT "studentId" FROM "ClassMembership" WHERE "classId" = $3)`,
      [actor.schoolId, cls.yearId, classId],
    ),
  ]);
  const loadSubjects = await prisma.subject.findMany({
    where: { schoolId: actor.schoolId, OR: [{ teachingLoads: { some: { classId } } }, { id: { in: finals.rows.map((f) => f.subjectId) } }] },
  });
  const subjects = loadSubjects.sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.name, b.name));
  const students = [...new Map(members.map((m) => [m.studentId, { ...m.student, left: m.toDate !== null && m.toDate < cls.year.endDate }])).values()].sort(
    (a, b) => compareNames(a.person, b.person),
  );
  const v = new Map<string, string>();
  for (const f of finals.rows) v.set(`${f.studentId}:${f.subjectId}:${f.kind}:${f.periodId ?? ""}`, f.value);
  const hasExam = finals.rows.some((f) => f.kind === "EXAM" || f.kind === "FINAL");
  const rows = students.map((s, i) => ({
    n: i + 1,
    id: s.id,
    name: fullName(s.person),
    left: s.left,
    year: subjects.map((sub) => v.get(`${s.id}:${sub.id}:YEAR:`) ?? ""),
    periods: subjects.map((sub) => cls.periods.map((p) => v.get(`${s.id}:${sub.id}:PERIOD:${p.id}`) ?? "")),
    exam: subjects.map((sub) => v.get(`${s.id}:${sub.id}:EXAM:`) ?? ""),
    final: subjects.map((sub) => v.get(`${s.id}:${sub.id}:FINAL:`) ?? ""),
  }));
  return { cls, school, subjects, rows, hasExam };
}

export type SummarySheet = Awaited<ReturnType<typeof summarySheet>>;

export function summaryDoc(s: SummarySheet): ReportDoc {
  const yearTable = {
    heading: "Годовые отметки",
    columns: [
      { header: "№", width: 0.5 },
      { header: "Ученик", width: 4 },
      ...s.subjects.map((sub) => ({ header: sub.shortName || sub.name, width: 1, align: "center" as const, xlsxWidth: 8 })),
    ],
    rows: s.rows.map((r) => [String(r.n), r.name + (r.left ? " (выбыл)" : ""), ...r.year]),
  };
  const periodTable = {
    heading: `Отметки за периоды (${s.cls.periods.map((p) => p.name).join(", ")}) и год`,
    columns: [
      { header: "Ученик", width: 4 },
      ...s.subjects.map((sub) => ({ header: sub.shortName || sub.name, width: 1.6, align: "center" as const, xlsxWidth: 12 })),
    ],
    rows: s.rows.map((r) => [r.name, ...r.periods.map((ps, i) => [...ps.map((x) => x || "·"), r.year[i] || "·"].join(" "))]),
  };
  const tables = [yearTable, periodTable];
  if (s.hasExam) {
    tables.push({
      heading: "Экзаменационные и итоговые отметки",
      columns: [
        { header: "Ученик", width: 4 },
        ...s.subjects.map((sub) => ({ header: sub.shortName || sub.name, width: 1.6, align: "center" as const, xlsxWidth: 12 })),
      ],
      rows: s.rows.map((r) => [r.name, ...r.exam.map((e, i) => (e || r.final[i] ? `${e || "·"} / ${r.final[i] || "·"}` : ""))]),
    });
  }
  return {
    title: "Сводная ведомость итоговой успеваемости",
    subtitle: `${s.cls.name} класс, ${s.cls.year.name} учебный год; классный руководитель: ${s.cls.classTeacher ? fullName(s.cls.classTeacher) : "—"}`,
    tables,
    landscape: true,
    filename: `Сводная ведомость ${s.cls.name} ${yearFileName(s.cls.year)}`,
    signatures: ["Классный руководитель", "Директор"],
  };
}
