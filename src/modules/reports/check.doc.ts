/**
 * R-RPT-1, issue 23: the monthly check as a deputy reads it — a school summary with one line per
 * class (its class teacher, the journals, a count per kind of problem, the open remarks), each
 * class's journals on demand (/reports/check?month=…&class=…) — and as a document for PDF and
 * .xlsx with everything: the summary, then every class's journals, then the school's line.
 */
import { pct, type ReportDoc } from "./reports.common.ts";
import { figureCells, noHomeworkCell, noHomeworkNote } from "./check.figures.ts";
import { perStudent, sumFigures, type CheckFigures, type ClassBlock, type MonthlyCheck } from "./check.service.ts";

/** What the summary needs of a remark (listRemarks). */
export interface RemarkRef {
  id: number;
  classId: number | null;
  teacherId: number;
  fixedAt: Date | null;
}

/** One class in the summary. */
export interface ClassLine {
  classId: number;
  name: string;
  classTeacher: string | null;
  journals: number;
  total: CheckFigures;
  /** Open remarks of the month about the class or, without a class, about a teacher of its journals. */
  openRemarks: number;
  /** The class's details: /reports/check?month=…&class=… */
  link: string;
}

/** The summary's columns: the page's headers, and the PDF's with their widths in points of a landscape page. */
export const SUMMARY_COLS = [
  { header: "Класс", width: 82 },
  { header: "Классный руководитель", width: 96 },
  { header: "Журналов", width: 54, align: "right" as const },
  { header: "Уроков записано / по расписанию", width: 70, align: "right" as const },
  { header: "Без темы", width: 40, align: "right" as const },
  { header: "Без посещаемости", width: 62, align: "right" as const },
  { header: "Без д/з", width: 44, align: "right" as const },
  { header: "Отметок на ученика", width: 52, align: "right" as const },
  { header: "Мало отметок (0–1 у ученика)", width: 66, align: "right" as const },
  { header: "Отметки внесены поздно", width: 56, align: "right" as const },
  { header: "Темы и д/з внесены поздно", width: 52, align: "right" as const },
  { header: "Исправлено после закрытия", width: 66, align: "right" as const },
  { header: "Открытые замечания", width: 62, align: "right" as const },
];

/** The columns of a class's journals (page, PDF and spreadsheet; widths in points): subject, teacher, then figureCells(). */
export function detailCols(lateControlWorkDays: number, homeworkAllowanceMinutes: number) {
  return [
    { header: "Предмет", width: 110 },
    { header: "Учитель", width: 80 },
    { header: "По расписанию", width: 46, align: "right" as const },
    { header: "Записано уроков", width: 44, align: "right" as const },
    { header: "Без темы", width: 34, align: "right" as const },
    { header: "Без д/з", width: 36, align: "right" as const },
    { header: "Без посещаемости", width: 50, align: "right" as const },
    { header: "Отметок", width: 42, align: "right" as const },
    { header: "На ученика", width: 42, align: "right" as const },
    { header: "Учеников без отметок", width: 46, align: "right" as const },
    { header: "С одной отметкой", width: 52, align: "right" as const },
    { header: `Поздно: к/р (> ${lateControlWorkDays} дн.)`, width: 42, align: "right" as const },
    { header: "Поздно: прочие", width: 40, align: "right" as const },
    // Short, like «Поздно: к/р»: the class's table has to fit 1280 px; the page's legend says what counts as late.
    { header: "Поздно: темы", width: 38, align: "right" as const },
    { header: `Поздно: д/з (+${homeworkAllowanceMinutes} мин)`, width: 38, align: "right" as const },
    { header: "Исправлено после закрытия", width: 42, align: "right" as const },
  ];
}

/** Soft hyphens in the long words of a column header, so narrow number columns fit 1280 px on screen (not in the PDF). */
export function softHyphens(header: string): string {
  return header
    .replace(/посещаемости/g, "посе\u00adщаемости")
    .replace(/расписанию/g, "распи\u00adсанию")
    .replace(/закрытия/g, "закры\u00adтия")
    .replace(/Исправлено/g, "Исправ\u00adлено")
    .replace(/Учеников/g, "Уче\u00adников")
    .replace(/отметкой/g, "отмет\u00adкой")
    .replace(/Отметок/g, "Отме\u00adток")
    .replace(/ученика/g, "уче\u00adника");
}

/** «5 / 6»: lessons in the journal of those the timetable asks for. */
function lessonsCell(f: CheckFigures): string {
  return `${f.lessons} / ${f.planned}`;
}

/** Students (per journal) with no mark or a single mark in the month. */
function fewMarks(f: CheckFigures): number {
  return f.noMark + f.oneMark;
}

/** The summary lines, one per class of the check, in the order of the classes (grade, letter). */
export function classLines(c: MonthlyCheck, remarks: readonly RemarkRef[]): ClassLine[] {
  return c.classes.map((b) => ({
    classId: b.classId,
    name: b.name,
    classTeacher: b.classTeacher,
    journals: b.rows.length,
    total: b.total,
    openRemarks: remarksOf(b, remarks).filter((r) => !r.fixedAt).length,
    link: `/reports/check?month=${c.month.key}&class=${b.classId}`,
  }));
}

/** The remarks about a class: written for it, or for the whole journal of a teacher of its journals. */
export function remarksOf<R extends RemarkRef>(b: Pick<ClassBlock, "classId" | "rows">, remarks: readonly R[]): R[] {
  const teachers = new Set(b.rows.map((r) => r.teacherId));
  return remarks.filter((r) => r.classId === b.classId || (r.classId === null && teachers.has(r.teacherId)));
}

/** A summary line's figures as text (after the class and its class teacher), the same on the page and in the PDF. */
export function summaryCells(f: CheckFigures, journals: number, openRemarks: number): string[] {
  return [
    String(journals),
    lessonsCell(f),
    String(f.noTopic),
    String(f.noAttendance),
    noHomeworkCell(f),
    perStudent(f),
    f.students ? `${fewMarks(f)} (${pct(fewMarks(f), f.students)})` : "—",
    String(f.lateControl + f.lateOther),
    String(f.lateTopic + f.lateHomework),
    String(f.edits),
    String(openRemarks),
  ];
}

/** Which of summaryCells() show a problem (highlighted on the page). */
export function summaryWarnings(f: CheckFigures, openRemarks: number): boolean[] {
  return [
    false,
    f.lessons < f.planned,
    f.noTopic > 0,
    f.noAttendance > 0,
    f.noHomework > 0,
    false,
    fewMarks(f) > 0,
    f.lateControl + f.lateOther > 0,
    f.lateTopic + f.lateHomework > 0,
    f.edits > 0,
    openRemarks > 0,
  ];
}

/** The school's line of the summary: the figures of every journal, the open remarks counted once. */
export function summaryTotal(c: MonthlyCheck, lines: readonly ClassLine[], remarks: readonly RemarkRef[]) {
  const counted = new Set(
    c.classes.flatMap((b) =>
      remarksOf(b, remarks)
        .filter((r) => !r.fixedAt)
        .map((r) => r.id),
    ),
  );
  return { total: sumFigures(lines.map((l) => l.total)), journals: lines.reduce((a, l) => a + l.journals, 0), openRemarks: counted.size };
}

/** The journal of a detail line: «Английский язык (1 группа)». */
export function subjectLabel(r: { subjectName: string; subgroupName: string | null }): string {
  return `${r.subjectName}${r.subgroupName ? ` (${r.subgroupName})` : ""}`;
}

/** The check as a document for PDF and .xlsx: the summary by class, each class's journals, the school's line. */
export function checkDoc(c: MonthlyCheck, lines: readonly ClassLine[], remarks: readonly RemarkRef[]): ReportDoc {
  const sum = summaryTotal(c, lines, remarks);
  const cols = detailCols(c.school.lateControlWorkDays, c.school.homeworkAllowanceMinutes);
  const schoolLine = c.scope.all && !c.classIds.length ? "Итого по школе" : "Итого";
  const summary = {
    heading: "Сводка по классам",
    columns: SUMMARY_COLS,
    rows: [
      ...lines.map((l) => [l.name, l.classTeacher ?? "—", ...summaryCells(l.total, l.journals, l.openRemarks)]),
      [schoolLine, "", ...summaryCells(sum.total, sum.journals, sum.openRemarks)],
    ],
    bold: [lines.length],
    fontSize: 7.5,
  };
  const classes = c.classes
    .filter((b) => b.rows.length)
    .map((b) => ({
      heading: `${b.name} класс${b.classTeacher ? `, классный руководитель ${b.classTeacher}` : ""}`,
      columns: cols,
      rows: [...b.rows.map((r) => [subjectLabel(r), r.teacher, ...figureCells(r)]), ["Итого по классу", "", ...figureCells(b.total)]],
      bold: [b.rows.length],
      fontSize: 7,
    }));
  const one = c.classIds.length === 1 ? c.classes[0]?.name : null;
  const homeworkNote = noHomeworkNote(c.classes.flatMap((b) => b.rows))
    ? "; «—» в «Без д/з» — в классе домашние задания не задаются (1-й класс, классы без отметок)"
    : "";
  return {
    title: "Проверка электронных журналов",
    subtitle: `${one ? `${one} класс, з` : "З"}а ${c.month.name} (по ${c.to.toISOString().slice(0, 10).split("-").reverse().join(".")}); поздно: контрольные работы — позже ${c.school.lateControlWorkDays} дн., прочие — позже дня урока; мало отметок — у ученика ни одной или одна отметка по предмету за месяц${homeworkNote}`,
    // Several classes: every journal of them in one line at the end.
    tables: [
      summary,
      ...classes,
      ...(classes.length > 1 ? [{ heading: schoolLine, columns: cols, rows: [["Все журналы", "", ...figureCells(c.total)]], bold: [0], fontSize: 7 }] : []),
    ],
    landscape: true,
    filename: `Проверка журналов ${one ?? ""} ${c.month.name}`,
    signatures: ["Заместитель директора", "С результатами ознакомлен(а)"],
  };
}
