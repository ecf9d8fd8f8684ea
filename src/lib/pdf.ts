/**
 * PDF documents with Cyrillic text (pdfkit's built-in fonts have none): DejaVu Sans
 * (regular and bold) from the npm package dejavu-fonts-ttf is embedded in every file.
 *
 *   const doc = createPdf({ title: "Дневник за неделю" });
 *   pdfHeader(doc, { schoolName, title: "Дневник", subtitle: "5А, 23.11–28.11.2026" });
 *   pdfTable(doc, [{ header: "Предмет", width: 3 }, { header: "Оценка", width: 1, align: "center" }], rows);
 *   pdfSignatureLines(doc, ["Подпись родителя"]);
 *   const buffer = await toBuffer(doc);       // adds page numbers, ends the document
 *   sendPdf(res, buffer, downloadName(["Дневник", "5А"], "pdf"));   // src/lib/download.ts
 *
 * Pages are buffered (bufferPages) so page numbers «Страница 2 из 5» can be written at the end.
 * A new page is started with doc.addPage(); the table helper breaks pages itself and repeats its header.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { Response } from "express";
import PDFDocument from "pdfkit";
import { formatDate, today } from "./dates.ts";
import { sendDownload } from "./download.ts";
import { currentLetterhead } from "./letterhead.ts";

export type PdfDoc = PDFKit.PDFDocument;

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
/** Font names registered in every document. */
export const FONT = { regular: "DejaVu", bold: "DejaVu-Bold" } as const;
const FONT_FILES = { [FONT.regular]: path.join(FONT_DIR, "DejaVuSans.ttf"), [FONT.bold]: path.join(FONT_DIR, "DejaVuSans-Bold.ttf") };

export interface PdfOptions {
  /** Document title (PDF metadata). */
  title: string;
  /** A4 by default. */
  size?: string;
  layout?: "portrait" | "landscape";
  /** Page margin in points (default 40). */
  margin?: number;
}

/** A new A4 document with the Cyrillic fonts registered and the regular one selected. */
export function createPdf(opts: PdfOptions): PdfDoc {
  const doc = new PDFDocument({
    size: opts.size ?? "A4",
    layout: opts.layout ?? "portrait",
    margin: opts.margin ?? 40,
    bufferPages: true,
    info: { Title: opts.title, Creator: "Электронный журнал" },
  });
  doc.registerFont(FONT.regular, FONT_FILES[FONT.regular]);
  doc.registerFont(FONT.bold, FONT_FILES[FONT.bold]);
  doc.font(FONT.regular).fontSize(10);
  return doc;
}

/** Width available between the margins. */
export function contentWidth(doc: PdfDoc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottomLimit(doc: PdfDoc): number {
  return doc.page.height - doc.page.margins.bottom - 16; // keep room for the page number
}

/** Starts a new page when fewer than `height` points are left. */
export function ensureSpace(doc: PdfDoc, height: number): void {
  if (doc.y + height > bottomLimit(doc)) doc.addPage();
}

export interface PdfHeaderOptions {
  /** The school's name, top left. */
  schoolName: string;
  /** The document's heading. */
  title: string;
  /** A line under the heading (class, week, person). */
  subtitle?: string;
  /** The date printed, top right (default: today). */
  date?: Date;
}

/**
 * The page header: school name and print date on one line, then the title and subtitle. Within a
 * signed-in request the name is the institution's full name with its details line under it (the
 * letterhead of the institution card, lib/letterhead.ts); elsewhere the name passed in.
 */
export function pdfHeader(doc: PdfDoc, h: PdfHeaderOptions): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const top = doc.y;
  const letterhead = currentLetterhead();
  const dateText = `Дата печати: ${formatDate(h.date ?? today())}`;
  doc.font(FONT.regular).fontSize(9).fillColor("#444444");
  const dateWidth = doc.widthOfString(dateText);
  doc.text(letterhead?.name ?? h.schoolName, left, top, { width: width - dateWidth - 12 });
  const afterName = doc.y;
  doc.text(dateText, left + width - dateWidth, top, { width: dateWidth + 1, lineBreak: false });
  doc.y = Math.max(afterName, top + 12);
  if (letterhead?.details) doc.fontSize(8).text(letterhead.details, left, doc.y, { width });
  doc
    .moveTo(left, doc.y + 2)
    .lineTo(left + width, doc.y + 2)
    .strokeColor("#999999")
    .lineWidth(0.5)
    .stroke();
  doc.y += 8;
  doc.fillColor("#000000").font(FONT.bold).fontSize(14).text(h.title, left, doc.y, { width });
  if (h.subtitle) doc.font(FONT.regular).fontSize(11).text(h.subtitle, left, doc.y, { width });
  doc.moveDown(0.6);
  doc.font(FONT.regular).fontSize(10);
}

/** A section heading in bold. */
export function pdfHeading(doc: PdfDoc, text: string): void {
  ensureSpace(doc, 40);
  doc.moveDown(0.3);
  doc
    .font(FONT.bold)
    .fontSize(11)
    .fillColor("#000000")
    .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.2);
  doc.font(FONT.regular).fontSize(10);
}

export interface PdfColumn {
  header: string;
  /** Relative width: the columns share the content width in these proportions. */
  width: number;
  align?: "left" | "center" | "right";
}

export interface PdfTableOptions {
  fontSize?: number;
  /** Cell padding in points (default 3). */
  padding?: number;
  /** Shown as one line instead of the table when there are no rows. */
  emptyText?: string;
}

function columnWidths(doc: PdfDoc, columns: readonly PdfColumn[]): number[] {
  const total = columns.reduce((a, c) => a + c.width, 0);
  return columns.map((c) => (c.width / total) * contentWidth(doc));
}

function cellsHeight(doc: PdfDoc, widths: readonly number[], cells: readonly string[], font: string, fontSize: number, pad: number): number {
  doc.font(font).fontSize(fontSize);
  return Math.max(...cells.map((text, i) => doc.heightOfString(text || " ", { width: widths[i]! - 2 * pad }))) + 2 * pad;
}

/**
 * The height pdfTable would take on one page (header, rows and the gap after it) without drawing
 * anything: lets a caller pick a font size that fits a page.
 */
export function pdfTableHeight(doc: PdfDoc, columns: readonly PdfColumn[], rows: readonly (readonly string[])[], opts: PdfTableOptions = {}): number {
  const fontSize = opts.fontSize ?? 9.5;
  const gap = doc.font(FONT.regular).fontSize(10).currentLineHeight(true);
  if (!rows.length) return doc.heightOfString(opts.emptyText ?? "Нет данных", { width: contentWidth(doc) }) + 0.3 * gap;
  const widths = columnWidths(doc, columns);
  const pad = opts.padding ?? 3;
  let h = cellsHeight(
    doc,
    widths,
    columns.map((c) => c.header),
    FONT.bold,
    fontSize,
    pad,
  );
  for (const row of rows) h += cellsHeight(doc, widths, row, FONT.regular, fontSize, pad);
  doc.font(FONT.regular).fontSize(10);
  return h + 0.4 * gap;
}

/**
 * A bordered table that wraps cell text and breaks across pages, repeating the header row.
 * Cells are plain strings.
 */
export function pdfTable(doc: PdfDoc, columns: readonly PdfColumn[], rows: readonly (readonly string[])[], opts: PdfTableOptions = {}): void {
  const fontSize = opts.fontSize ?? 9.5;
  const left = doc.page.margins.left;
  if (!rows.length) {
    doc
      .font(FONT.regular)
      .fontSize(10)
      .fillColor("#444444")
      .text(opts.emptyText ?? "Нет данных", left, doc.y, { width: contentWidth(doc) });
    doc.fillColor("#000000").moveDown(0.3);
    return;
  }
  const widths = columnWidths(doc, columns);
  const pad = opts.padding ?? 3;
  const rowHeight = (cells: readonly string[], font: string) => cellsHeight(doc, widths, cells, font, fontSize, pad);
  const drawRow = (cells: readonly string[], font: string, shade: boolean) => {
    const h = rowHeight(cells, font);
    let x = left;
    const y = doc.y;
    for (const [i, text] of cells.entries()) {
      const w = widths[i]!;
      if (shade) doc.rect(x, y, w, h).fillColor("#eeeeee").fill();
      doc.rect(x, y, w, h).strokeColor("#888888").lineWidth(0.5).stroke();
      doc
        .fillColor("#000000")
        .font(font)
        .fontSize(fontSize)
        .text(text, x + pad, y + pad, { width: w - 2 * pad, align: columns[i]!.align ?? "left" });
      x += w;
    }
    doc.x = left;
    doc.y = y + h;
  };
  const header = columns.map((c) => c.header);
  ensureSpace(doc, rowHeight(header, FONT.bold) + rowHeight(rows[0]!, FONT.regular));
  drawRow(header, FONT.bold, true);
  for (const row of rows) {
    if (doc.y + rowHeight(row, FONT.regular) > bottomLimit(doc)) {
      doc.addPage();
      drawRow(header, FONT.bold, true);
    }
    drawRow(row, FONT.regular, false);
  }
  doc.font(FONT.regular).fontSize(10).moveDown(0.4);
}

/** Signature lines: «Подпись родителя ____________» for each label, side by side when they fit. */
export function pdfSignatureLines(doc: PdfDoc, labels: readonly string[]): void {
  ensureSpace(doc, 50);
  doc.moveDown(1.2);
  const left = doc.page.margins.left;
  const width = contentWidth(doc) / Math.max(1, labels.length);
  const y = doc.y;
  doc.font(FONT.regular).fontSize(10).fillColor("#000000");
  for (const [i, label] of labels.entries()) {
    const x = left + i * width;
    doc.text(label, x, y, { width: width - 10, lineBreak: false });
    const lineStart = x + Math.min(doc.widthOfString(label) + 6, width - 60);
    doc
      .moveTo(lineStart, y + 11)
      .lineTo(x + width - 10, y + 11)
      .strokeColor("#000000")
      .lineWidth(0.7)
      .stroke();
  }
  doc.x = left;
  doc.y = y + 24;
}

/** Writes «Страница N из M» at the bottom of every buffered page. */
export function pdfPageNumbers(doc: PdfDoc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not add a page
    doc.font(FONT.regular).fontSize(8).fillColor("#666666");
    doc.text(`Страница ${i + 1} из ${range.count}`, doc.page.margins.left, doc.page.height - bottom + 12, {
      width: contentWidth(doc),
      align: "right",
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor("#000000");
}

/** Adds page numbers (unless numbers: false), ends the document and resolves with its bytes. */
export function toBuffer(doc: PdfDoc, opts: { numbers?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    if (opts.numbers !== false) pdfPageNumbers(doc);
    doc.end();
  });
}

/** Sends a finished PDF inline (opens in the browser's viewer) under its Russian name with an ASCII fallback (src/lib/download.ts). */
export function sendPdf(res: Response, pdf: Buffer, filename: string): void {
  sendDownload(res, pdf, filename, { inline: true, type: "application/pdf" });
}
