/**
 * Shared plumbing of the reports: query parameters (month, classes, period), the school's
 * settings, the list of classes for the filters, and the export of a tabular report to
 * PDF (src/lib/pdf.ts) and .xlsx (exceljs).
 */
import type { Request, Response } from "express";
import ExcelJS from "exceljs";
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { addDays, isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareText } from "../../lib/names.ts";
import { downloadName, sendDownload } from "../../lib/download.ts";
import { periodName as ruPeriodName } from "../../lib/periods-ru.ts";
import type { PeriodKind } from "../../generated/prisma/enums.ts";
import {
  FONT,
  contentWidth,
  createPdf,
  ensureSpace,
  pdfHeader,
  pdfHeading,
  pdfSignatureLines,
  sendPdf,
  toBuffer,
  type PdfColumn,
  type PdfDoc,
} from "../../lib/pdf.ts";
import { periodName } from "../setup/years.service.ts";
import type { ReportScope } from "./reports.policy.ts";
import { CHECK_DEADLINE_DAY, visibleClass } from "./reports.policy.ts";

export const styles = ["/static/css/reports.css"];
export const scripts = ["/static/js/reports.js"];
/** The school's time zone for "the day a mark was entered". */
export const SCHOOL_TZ = process.env.SCHOOL_TIMEZONE || "Europe/Moscow";

const MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];

export interface Month {
  /** «2026-11» */
  key: string;
  from: Date;
  to: Date;
  /** «ноябрь 2026» */
  name: string;
}

/** «2026-11» → the month; anything else → the current month. */
export function monthOf(v: unknown, now: Date = today()): Month {
  const m = typeof v === "string" ? /^(\d{4})-(\d{2})$/.exec(v) : null;
  let y: number, mo: number;
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 2000 && Number(m[1]) <= 2100) [y, mo] = [Number(m[1]), Number(m[2]) - 1];
  else [y, mo] = [now.getUTCFullYear(), now.getUTCMonth()];
  const from = new Date(Date.UTC(y, mo, 1));
  const to = addDays(new Date(Date.UTC(y, mo + 1, 1)), -1);
  return { key: isoDate(from).slice(0, 7), from, to, name: `${MONTHS[mo]} ${y}` };
}

/** Ids from a query value that may repeat (?class=1&class=2) or be comma-separated. */
export function idsOf(v: unknown): number[] {
  const list = Array.isArray(v) ? v : typeof v === "string" ? v.split(",") : [];
  return [...new Set(list.map((x) => Number(x)).filter((n) => Number.isSafeInteger(n) && n > 0 && n <= 2147483647))];
}

/** The classes chosen with the checkboxes «class[]» (or ?class=ID links). */
export function classIdsOf(query: Record<string, unknown>): number[] {
  return [...new Set([...idsOf(query["class[]"]), ...idsOf(query.class)])];
}

export function idOf(v: unknown): number | null {
  return idsOf(typeof v === "string" ? v : undefined)[0] ?? null;
}

/** Output format from the URL: /reports/check.pdf → pdf. */
export type Format = "html" | "pdf" | "xlsx";
export function formatOf(req: Request): Format {
  const f = (req.params as Record<string, string | undefined>).format;
  return f === "pdf" || f === "xlsx" ? f : "html";
}

export interface SchoolInfo {
  id: number;
  name: string;
  lockDays: number;
  lateControlWorkDays: number;
  /** Minutes after the class's last lesson within which homework is on time (R-JRN-14). */
  homeworkAllowanceMinutes: number;
  /** Grades taught without marks (issue 23). */
  ungradedGrades: number[];
}

export async function schoolInfo(actor: Actor): Promise<SchoolInfo> {
  const s = await prisma.school.findUniqueOrThrow({
    where: { id: actor.schoolId },
    select: { id: true, name: true, lockDays: true, lateControlWorkDays: true, homeworkAllowanceMinutes: true, ungradedGrades: true },
  });
  return s;
}

/** The year a report looks at: ?year=ID of the school, or the current one, or the latest. NotFound when the school has none. */
export async function yearOf(actor: Actor, v: unknown) {
  const id = idOf(v);
  const year = id
    ? await prisma.academicYear.findFirst({ where: { id, schoolId: actor.schoolId } })
    : ((actor.currentYearId ? await prisma.academicYear.findFirst({ where: { id: actor.currentYearId } }) : null) ??
      (await prisma.academicYear.findFirst({ where: { schoolId: actor.schoolId }, orderBy: { startDate: "desc" } })));
  if (!year) throw new NotFound("Учебный год не найден");
  return year;
}

/** Issue 7: the school's years for the year selector (views/year-close/_year-select.ejs), newest first. */
export async function yearsOf(actor: Actor) {
  return prisma.academicYear.findMany({ where: { schoolId: actor.schoolId }, orderBy: [{ startDate: "desc" }, { id: "desc" }] });
}

/**
 * Issue 7: the month of a report with a selected year: the asked month when valid, else — with a
 * year — today's month if it lies in the year, otherwise the year's last month; without both, today's month.
 */
export function monthInYear(v: unknown, year: { startDate: Date; endDate: Date } | null, now: Date = today()): Month {
  if (!year || (typeof v === "string" && /^\d{4}-\d{2}$/.test(v))) return monthOf(v, now);
  const day = now < year.startDate ? year.startDate : now > year.endDate ? year.endDate : now;
  return monthOf(isoDate(day).slice(0, 7), now);
}

/**
 * R-RPT-1: the month the journal check shows. An asked month (?month=2026-11) as it is; with a past or future
 * ?year=, a month of that year (monthInYear). Otherwise until the CHECK_DEADLINE_DAY the previous month, whose
 * check is still due, unless it lies before the school year (1–20 September opens September); later, the
 * current month.
 */
export function checkMonthOf(v: unknown, year: { startDate: Date; endDate: Date } | null, now: Date = today()): Month {
  if (typeof v === "string" && /^\d{4}-\d{2}$/.test(v)) return monthOf(v, now);
  if (year && (now < year.startDate || now > year.endDate)) return monthInYear(undefined, year, now);
  const current = monthOf(undefined, now);
  if (now.getUTCDate() > CHECK_DEADLINE_DAY) return current;
  const previous = monthOf(isoDate(addDays(current.from, -1)).slice(0, 7), now);
  return year && previous.to < year.startDate ? current : previous;
}

/** The year containing a day (for the monthly check), else the current one. */
export async function yearContaining(actor: Actor, day: Date) {
  const y = await prisma.academicYear.findFirst({ where: { schoolId: actor.schoolId, startDate: { lte: day }, endDate: { gte: day } } });
  return y ?? (await yearOf(actor, undefined));
}

export interface ClassOption {
  id: number;
  grade: number;
  letter: string;
  name: string;
  classTeacherId: number | null;
}

/** Classes of the year the scope may see, in order (grade, letter). */
export async function classesOf(schoolId: number, yearId: number, scope: ReportScope): Promise<ClassOption[]> {
  const rows = await prisma.schoolClass.findMany({ where: { schoolId, yearId }, select: { id: true, grade: true, letter: true, classTeacherId: true } });
  return rows
    .filter((c) => visibleClass(scope, c.id))
    .sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter))
    .map((c) => ({ ...c, name: className(c) }));
}

/** All periods of the year with the grades they cover: «2-я четверть (1–9 кл.)». */
export async function periodsOfYear(yearId: number) {
  const sets = await prisma.periodSet.findMany({ where: { yearId }, include: { periods: { orderBy: { number: "asc" } } }, orderBy: { gradeFrom: "asc" } });
  return sets.flatMap((s) =>
    s.periods.map((p) => ({
      ...p,
      kind: s.kind,
      gradeFrom: s.gradeFrom,
      gradeTo: s.gradeTo,
      name: periodName(s.kind, p.number),
      label: sets.length > 1 ? `${periodName(s.kind, p.number)} (${s.gradeFrom}–${s.gradeTo} кл.)` : periodName(s.kind, p.number),
    })),
  );
}
export type YearPeriod = Awaited<ReturnType<typeof periodsOfYear>>[number];

/** «4,57», «—» without a value. */
export function num(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || Number.isNaN(v) ? "—" : v.toFixed(digits).replace(".", ",");
}
/** «85,7 %», «—» without a base. */
export function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1).replace(".", ",")} %` : "—";
}
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

// ------------------------------------------------------------------ export

/** One table of a report, the same for the page, the PDF and the spreadsheet. */
export interface ReportTable {
  heading?: string;
  columns: (PdfColumn & { xlsxWidth?: number })[];
  rows: string[][];
  /** Rows shown in bold (summary lines), by index. */
  bold?: number[];
  /** The PDF's font size for a table of many narrow columns (default 8). */
  fontSize?: number;
}

export interface ReportDoc {
  title: string;
  subtitle: string;
  tables: ReportTable[];
  /** Lines after the tables (lists, notes). */
  notes?: string[];
  signatures?: string[];
  landscape?: boolean;
  /** The Russian name of the file without extension, words separated by spaces or hyphens: «Проверка журналов 6А ноябрь 2026». */
  filename: string;
}

/**
 * A bordered table of one-line rows, for large reports (hundreds of rows): the header wraps,
 * body cells are single lines (cut with «…» when too long) drawn without pdfkit's line
 * wrapper, which keeps a school-wide report well under a second. Breaks pages and repeats
 * the header.
 */
export function fastTable(doc: PdfDoc, columns: readonly PdfColumn[], rows: readonly (readonly string[])[], bold: readonly number[] = [], fontSize = 8): void {
  const left = doc.page.margins.left;
  if (!rows.length) {
    doc
      .font(FONT.regular)
      .fontSize(10)
      .fillColor("#444444")
      .text("Нет данных", left, doc.y, { width: contentWidth(doc) });
    doc.fillColor("#000000").moveDown(0.3);
    return;
  }
  const total = columns.reduce((a, c) => a + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * contentWidth(doc));
  const pad = 2.5;
  doc.font(FONT.bold).fontSize(fontSize);
  const headH = Math.max(...columns.map((c, i) => doc.heightOfString(c.header, { width: widths[i]! - 2 * pad }))) + 2 * pad;
  const rowH = fontSize * 1.2 + 2 * pad;
  const rowWidth = widths.reduce((a, w) => a + w, 0);
  const limit = () => doc.page.height - doc.page.margins.bottom - 16;
  const header = () => {
    let x = left;
    const y = doc.y;
    doc.font(FONT.bold).fontSize(fontSize);
    columns.forEach((c, i) => {
      const w = widths[i]!;
      doc.rect(x, y, w, headH).fillColor("#eeeeee").fill();
      doc.rect(x, y, w, headH).strokeColor("#888888").lineWidth(0.5).stroke();
      doc.fillColor("#000000").text(c.header, x + pad, y + pad, { width: w - 2 * pad, align: c.align ?? "left" });
      x += w;
    });
    doc.y = y + headH;
  };
  const fit = (text: string, w: number) => {
    if (doc.widthOfString(text) <= w) return text;
    let t = text;
    while (t.length > 1 && doc.widthOfString(`${t}…`) > w) t = t.slice(0, -1);
    return `${t}…`;
  };
  ensureSpace(doc, headH + rowH);
  header();
  rows.forEach((row, r) => {
    if (doc.y + rowH > limit()) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    doc
      .font(bold.includes(r) ? FONT.bold : FONT.regular)
      .fontSize(fontSize)
      .fillColor("#000000");
    // The row's borders as one path: the bottom line and the column separators.
    let x = left;
    doc
      .moveTo(left, y)
      .lineTo(left + rowWidth, y)
      .moveTo(left, y + rowH)
      .lineTo(left + rowWidth, y + rowH);
    for (const w of [0, ...widths]) {
      x += w;
      doc.moveTo(x, y).lineTo(x, y + rowH);
    }
    doc.strokeColor("#888888").lineWidth(0.5).stroke();
    x = left;
    row.forEach((cell, i) => {
      const w = widths[i]!;
      if (cell) {
        const text = fit(cell, w - 2 * pad);
        const align = columns[i]!.align ?? "left";
        const tw = align === "left" ? 0 : doc.widthOfString(text);
        const tx = align === "right" ? x + w - pad - tw : align === "center" ? x + (w - tw) / 2 : x + pad;
        doc.text(text, tx, y + pad + 0.5, { lineBreak: false });
      }
      x += w;
    });
    doc.x = left;
    doc.y = y + rowH;
  });
  doc.font(FONT.regular).fontSize(10).moveDown(0.4);
}

/** Renders a tabular report as a PDF: header with the school and date, tables, signature lines. */
export async function reportPdf(schoolName: string, r: ReportDoc): Promise<Buffer> {
  const doc = createPdf({ title: r.title, layout: r.landscape ? "landscape" : "portrait", margin: 30 });
  pdfHeader(doc, { schoolName, title: r.title, subtitle: r.subtitle });
  for (const t of r.tables) {
    // A heading stays with its table's header and first rows.
    if (t.heading) {
      ensureSpace(doc, 90);
      pdfHeading(doc, t.heading);
    }
    fastTable(doc, t.columns, t.rows, t.bold ?? [], t.fontSize);
  }
  for (const n of r.notes ?? []) {
    doc.text(n, doc.page.margins.left, doc.y, { width: doc.page.width - doc.page.margins.left - doc.page.margins.right });
  }
  pdfSignatureLines(doc, r.signatures ?? ["Заместитель директора", "Директор"]);
  return toBuffer(doc);
}

/** Renders a tabular report as an .xlsx workbook: one sheet per table (or one sheet with all). */
export async function reportXlsx(schoolName: string, r: ReportDoc): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Электронный журнал";
  const ws = wb.addWorksheet(r.title.slice(0, 31).replace(/[\\/?*[\]:]/g, " "));
  ws.addRow([schoolName]);
  ws.addRow([r.title]).font = { bold: true, size: 13 };
  ws.addRow([r.subtitle]);
  ws.addRow([`Дата: ${isoDate(today()).split("-").reverse().join(".")}`]);
  const widths: number[] = [];
  for (const t of r.tables) {
    ws.addRow([]);
    if (t.heading) ws.addRow([t.heading]).font = { bold: true };
    const head = ws.addRow(t.columns.map((c) => c.header));
    head.font = { bold: true };
    head.eachCell((c) => {
      c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEEEEE" } };
      c.alignment = { wrapText: true, vertical: "middle" };
    });
    t.columns.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 8, c.xlsxWidth ?? Math.min(40, Math.max(8, c.width * 6)))));
    for (const [i, row] of t.rows.entries()) {
      const xr = ws.addRow(row.map((v) => (/^-?\d+$/.test(v) ? Number(v) : /^-?\d+,\d+$/.test(v) ? Number(v.replace(",", ".")) : v)));
      if (t.bold?.includes(i)) xr.font = { bold: true };
    }
  }
  for (const n of r.notes ?? []) ws.addRow([n]);
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Sends the report in the requested format under its Russian name (ReportDoc.filename, src/lib/download.ts):
 * the PDF opens in the browser, the spreadsheet is saved. For html returns false so the caller renders the page.
 */
export async function sendExport(res: Response, format: Format, schoolName: string, doc: () => ReportDoc): Promise<boolean> {
  if (format === "html") return false;
  const r = doc();
  if (format === "pdf") sendPdf(res, await reportPdf(schoolName, r), downloadName([r.filename], "pdf"));
  else sendDownload(res, await reportXlsx(schoolName, r), downloadName([r.filename], "xlsx"));
  return true;
}

/** A period in a file name (issue 23, «Журнал-6А-1-четверть.pdf»): the name of src/lib/periods-ru.ts without the ordinal's ending. */
export function periodFileName(p: { kind: PeriodKind; number: number }): string {
  return ruPeriodName(p).replace(/^(\d+)-\S+\s+/, "$1-");
}

/** A school year in a file name: «2026/2027» → «2026-2027». */
export function yearFileName(y: { name: string }): string {
  return y.name.replace(/\//g, "-");
}

/** The query string of the current filters, for links to other formats. */
export function queryString(req: Request): string {
  const i = req.originalUrl.indexOf("?");
  return i >= 0 ? req.originalUrl.slice(i) : "";
}
