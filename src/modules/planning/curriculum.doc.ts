/**
 * The curriculum of a year as the school's official document (R-PLN-1): a PDF («Учебный план … на
 * 2026/2027 учебный год», a table per grade and profile with areas, parts, weekly hours, totals and
 * the СанПиН limit, an approval stamp and signature lines) and an .xlsx workbook with a sheet per
 * grade and profile (hours as numbers). Both are built from the same views as the page.
 */
import ExcelJS from "exceljs";
import { createPdf, contentWidth, ensureSpace, pdfHeader, pdfHeading, pdfSignatureLines, pdfTable, toBuffer, FONT, type PdfColumn } from "../../lib/pdf.ts";
import { downloadName } from "../../lib/download.ts";
import type { CurriculumView } from "./curriculum.service.ts";
import { TEXT, WEEK_NAMES } from "./curriculum.text.ts";

export interface CurriculumDocInput {
  school: { name: string; shortName: string };
  year: { name: string };
  curricula: CurriculumView[];
}

export function documentTitle(d: CurriculumDocInput): string {
  return `Учебный план ${d.school.shortName} на ${d.year.name} учебный год`;
}

/** «Учебный-план-2026-2027.pdf» (src/lib/download.ts adds the ASCII fallback). */
export function documentFileName(year: { name: string }, ext: "pdf" | "xlsx"): string {
  return downloadName(["Учебный план", year.name], ext);
}

/** The heading of a grade's table: «5 класс — шестидневная неделя». */
function gradeHeading(c: CurriculumView): string {
  return `${c.name} — ${WEEK_NAMES[c.week] ?? ""}`;
}

function subjectLabel(i: { subject: string; split: boolean }): string {
  return i.split ? `${i.subject} (по группам)` : i.subject;
}

function assessmentLabel(i: { assessmentForm: string | null; marked: boolean }): string {
  const form = i.assessmentForm ?? "—";
  return i.marked || /без/i.test(form) ? form : `${form} (без отметок)`;
}

const LIMIT_LABEL = `Максимально допустимая недельная нагрузка (${TEXT.sanpin})`;

/** The rows of a grade's table: part headings, areas on their first subject, totals, the limit. */
export function tableRows(c: CurriculumView): string[][] {
  const rows: string[][] = [];
  for (const p of c.parts) {
    rows.push([p.name, "", "", ""]);
    for (const a of p.areas) a.items.forEach((i, n) => rows.push([n === 0 ? a.area : "", subjectLabel(i), i.hoursText, assessmentLabel(i)]));
    if (c.parts.length > 1) rows.push(["", `Итого: ${p.name.toLowerCase()}`, p.totalText, ""]);
  }
  rows.push(["", "Итого часов в неделю", c.totalText, ""]);
  rows.push(["", LIMIT_LABEL, String(c.limit), ""]);
  return rows;
}

const COLUMNS: PdfColumn[] = [
  { header: "Предметная область", width: 3 },
  { header: "Учебный предмет", width: 3.2 },
  { header: "Часов в неделю", width: 1.2, align: "center" },
  { header: "Форма промежуточной аттестации", width: 2.6 },
];

/** The PDF of the year's curriculum. */
export async function curriculumPdf(d: CurriculumDocInput): Promise<Buffer> {
  const title = documentTitle(d);
  const doc = createPdf({ title, margin: 36 });
  // The approval stamp, top right, as on the school's orders.
  const width = 200;
  const left = doc.page.margins.left + contentWidth(doc) - width;
  doc.font(FONT.regular).fontSize(9).text("УТВЕРЖДЁН\nприказом директора\nот «___» ____________ 20___ г. № _____", left, doc.y, { width });
  doc.moveDown(0.8);
  pdfHeader(doc, { schoolName: d.school.name, title, subtitle: `Недельная нагрузка: ${TEXT.sanpin}` });
  if (!d.curricula.length) doc.text("Учебный план на этот год ещё не составлен.");
  for (const c of d.curricula) {
    ensureSpace(doc, 120);
    pdfHeading(doc, gradeHeading(c));
    pdfTable(doc, COLUMNS, tableRows(c), { fontSize: 8.5, emptyText: "В плане нет предметов." });
    if (!c.withinLimit)
      doc
        .fillColor("#a00000")
        .text(TEXT.overLimit(c.grade, c.week, c.total, c.limit))
        .fillColor("#000000");
    if (c.note) doc.text(c.note);
  }
  pdfSignatureLines(doc, ["Заместитель директора", "Директор"]);
  return toBuffer(doc);
}

/** A worksheet name Excel accepts (31 characters, none of \ / ? * [ ] :), unique in the book. */
function sheetName(c: CurriculumView, taken: Set<string>): string {
  const base = (c.profile ? `${c.grade} кл. ${c.profile}` : `${c.grade} класс`).replace(/[\\/?*[\]:]/g, " ").slice(0, 28);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

export const XLSX_HEADER = [
  "Предметная область",
  "Учебный предмет",
  "Часть",
  "Часов в неделю",
  "Форма промежуточной аттестации",
  "Отметки",
  "Деление на группы",
];

/** The .xlsx of the year's curriculum: a sheet per grade and profile. */
export async function curriculumXlsx(d: CurriculumDocInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Электронный журнал";
  const taken = new Set<string>();
  const sheets = d.curricula.length ? d.curricula : [null];
  for (const c of sheets) {
    const ws = wb.addWorksheet(c ? sheetName(c, taken) : "Учебный план");
    ws.addRow([d.school.name]);
    ws.addRow([documentTitle(d)]).font = { bold: true, size: 13 };
    if (!c) {
      ws.addRow(["Учебный план на этот год ещё не составлен."]);
      continue;
    }
    ws.addRow([gradeHeading(c)]).font = { bold: true };
    ws.addRow([]);
    const head = ws.addRow(XLSX_HEADER);
    head.font = { bold: true };
    head.eachCell((cell) => {
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEEEEE" } };
      cell.alignment = { wrapText: true, vertical: "middle" };
    });
    for (const i of c.items)
      ws.addRow([
        i.area,
        i.subject,
        i.part === "MANDATORY" ? "обязательная" : "формируемая участниками",
        i.hours,
        i.assessmentForm ?? "",
        i.marked ? "да" : "нет",
        i.split ? "да" : "нет",
      ]);
    ws.addRow(["", "Итого часов в неделю", "", c.total]).font = { bold: true };
    ws.addRow(["", LIMIT_LABEL, "", c.limit]);
    if (c.note) ws.addRow([c.note]);
    [34, 36, 24, 14, 32, 10, 16].forEach((w, n) => (ws.getColumn(n + 1).width = w));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
