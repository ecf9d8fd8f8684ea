/**
 * «Выполнение программы» as documents (R-PLN-5): a landscape PDF (the journals, the teachers, the
 * journals without an approved plan, signature lines) and an .xlsx workbook with the same three
 * tables as sheets, numbers as numbers. Named in Russian: «Выполнение-программы-2026-2027-2-четверть.pdf».
 * The PDF draws one-line rows itself (no line wrapping): the whole school stays well under a second.
 */
import ExcelJS from "exceljs";
import { downloadName } from "../../lib/download.ts";
import { formatDate, today } from "../../lib/dates.ts";
import { FONT, contentWidth, createPdf, ensureSpace, pdfHeader, pdfHeading, pdfSignatureLines, toBuffer, type PdfColumn, type PdfDoc } from "../../lib/pdf.ts";
import { REPORT_WORKS, type ProgressReport } from "./progress.service.ts";
import { EXPLAIN, TITLE, WORK_SHORT, journalName, missingText, paceWords, signed, skippedText, subtitle, worksText } from "./progress.text.ts";

type Cell = string | number;
interface Table {
  heading: string;
  columns: (PdfColumn & { xlsx: number })[];
  rows: Cell[][];
}

/** The three tables of the report, shared by the PDF and the workbook. */
export function progressTables(r: ProgressReport): Table[] {
  return [
    {
      heading: "По классам и предметам",
      columns: [
        { header: "Класс", width: 1.1, xlsx: 10 },
        { header: "Предмет", width: 3, xlsx: 28 },
        { header: "Учитель", width: 2.4, xlsx: 24 },
        { header: "Часов в КТП", width: 1, align: "right", xlsx: 10 },
        { header: "План, ч", width: 0.9, align: "right", xlsx: 9 },
        { header: "Дано, ч", width: 0.9, align: "right", xlsx: 9 },
        { header: "Разница", width: 0.9, align: "right", xlsx: 9 },
        ...REPORT_WORKS.map((w) => ({ header: `${WORK_SHORT[w]} (дано из плана)`, width: 1.1, align: "center" as const, xlsx: 12 })),
        { header: "Пропущены темы", width: 2.6, xlsx: 40 },
        { header: "К дню отчёта: план / пройдено, ч", width: 1.3, align: "center", xlsx: 14 },
        { header: "Отставание / опережение", width: 2, xlsx: 18 },
      ],
      rows: r.rows.map((x) => [
        journalName(x),
        x.subject,
        x.teachers,
        x.total,
        x.planned,
        x.given,
        signed(x.given - x.planned),
        ...REPORT_WORKS.map((w) => worksText(x.works[w])),
        skippedText(x),
        `${x.pace.planned} / ${x.pace.given}`,
        paceWords(x),
      ]),
    },
    {
      heading: "По учителям",
      columns: [
        { header: "Учитель", width: 3, xlsx: 28 },
        { header: "Журналов", width: 1, align: "right", xlsx: 10 },
        { header: "Часов в КТП", width: 1, align: "right", xlsx: 10 },
        { header: "План, ч", width: 1, align: "right", xlsx: 9 },
        { header: "Дано, ч", width: 1, align: "right", xlsx: 9 },
        { header: "Разница", width: 1, align: "right", xlsx: 9 },
        { header: "Журналов с отставанием", width: 1.4, align: "right", xlsx: 14 },
        { header: "С пропущенными темами", width: 1.4, align: "right", xlsx: 14 },
        { header: "Без утверждённого КТП", width: 1.4, align: "right", xlsx: 14 },
      ],
      rows: r.teachers.map((t) => [t.name, t.journals, t.total, t.planned, t.given, signed(t.given - t.planned), t.behind, t.skipped, t.missing]),
    },
    {
      heading: "Журналы без утверждённого КТП",
      columns: [
        { header: "Класс", width: 1.2, xlsx: 10 },
        { header: "Предмет", width: 3, xlsx: 28 },
        { header: "Учитель", width: 2.6, xlsx: 24 },
        { header: "КТП", width: 3, xlsx: 30 },
      ],
      rows: r.missing.map((m) => [journalName(m), m.subject, m.teachers, missingText(m)]),
    },
  ];
}

/** «Выполнение-программы-2026-2027-2-четверть-5А.pdf». */
export function progressFileName(r: ProgressReport, className: string | null, ext: "pdf" | "xlsx"): string {
  return downloadName([TITLE, r.year.name, r.period?.label.replace(/\s*\(.*\)$/, ""), className], ext);
}

/** A bordered table of one-line rows (cut with «…»), breaking pages and repeating the header. */
function rowsTable(doc: PdfDoc, columns: readonly PdfColumn[], rows: readonly Cell[][], fontSize = 7.5): void {
  const left = doc.page.margins.left;
  if (!rows.length) {
    doc
      .font(FONT.regular)
      .fontSize(10)
      .text("Нет", left, doc.y, { width: contentWidth(doc) });
    doc.moveDown(0.3);
    return;
  }
  const sum = columns.reduce((a, c) => a + c.width, 0);
  const widths = columns.map((c) => (c.width / sum) * contentWidth(doc));
  const pad = 2.5;
  doc.font(FONT.bold).fontSize(fontSize);
  const headH = Math.max(...columns.map((c, i) => doc.heightOfString(c.header, { width: widths[i]! - 2 * pad }))) + 2 * pad;
  const rowH = fontSize * 1.25 + 2 * pad;
  const rowWidth = widths.reduce((a, w) => a + w, 0);
  const limit = () => doc.page.height - doc.page.margins.bottom - 16;
  const header = () => {
    let x = left;
    const y = doc.y;
    doc.font(FONT.bold).fontSize(fontSize);
    columns.forEach((c, i) => {
      const w = widths[i]!;
      doc.rect(x, y, w, headH).fillAndStroke("#eeeeee", "#888888");
      doc.fillColor("#000000").text(c.header, x + pad, y + pad, { width: w - 2 * pad, align: c.align ?? "left" });
      x += w;
    });
    doc.y = y + headH;
  };
  const fit = (text: string, w: number) => {
    const full = doc.widthOfString(text);
    if (full <= w) return text;
    // Start from the share of the characters that fit, then step back.
    let n = Math.max(1, Math.floor((text.length * w) / full));
    while (n > 1 && doc.widthOfString(`${text.slice(0, n)}…`) > w) n--;
    return `${text.slice(0, n)}…`;
  };
  ensureSpace(doc, headH + rowH * 2);
  header();
  doc.font(FONT.regular).fontSize(fontSize).lineWidth(0.5);
  for (const row of rows) {
    if (doc.y + rowH > limit()) {
      doc.addPage();
      header();
      doc.font(FONT.regular).fontSize(fontSize);
    }
    const y = doc.y;
    // The row's borders as one path: its bottom and top lines and the column separators.
    doc
      .moveTo(left, y)
      .lineTo(left + rowWidth, y)
      .moveTo(left, y + rowH)
      .lineTo(left + rowWidth, y + rowH);
    let x = left;
    for (const w of [0, ...widths]) {
      x += w;
      doc.moveTo(x, y).lineTo(x, y + rowH);
    }
    doc.strokeColor("#888888").stroke();
    doc.fillColor("#000000");
    x = left;
    row.forEach((cell, i) => {
      const w = widths[i]!;
      const text = fit(String(cell), w - 2 * pad);
      const align = columns[i]!.align ?? "left";
      const tw = align === "left" ? 0 : doc.widthOfString(text);
      const tx = align === "right" ? x + w - pad - tw : align === "center" ? x + (w - tw) / 2 : x + pad;
      if (text) doc.text(text, tx, y + pad + 0.5, { lineBreak: false });
      x += w;
    });
    doc.x = left;
    doc.y = y + rowH;
  }
  doc.font(FONT.regular).fontSize(10).moveDown(0.4);
}

/** The report as a landscape PDF with signature lines. */
export async function progressPdf(r: ProgressReport, scopeNote: string | null): Promise<Buffer> {
  const doc = createPdf({ title: TITLE, layout: "landscape", margin: 30 });
  pdfHeader(doc, { schoolName: r.school.name, title: TITLE, subtitle: [subtitle(r), scopeNote].filter(Boolean).join(" · ") });
  const t = r.totals;
  doc.text(
    `Журналов: ${t.journals}; с утверждённым КТП: ${t.journals - t.missing}; план ${r.totals.planned} ч, дано ${r.totals.given} ч; с отставанием: ${t.behind}; с опережением: ${t.ahead}; с пропущенными темами: ${t.skipped}; без утверждённого КТП: ${t.missing}.`,
    doc.page.margins.left,
    doc.y,
    { width: contentWidth(doc) },
  );
  for (const table of progressTables(r)) {
    ensureSpace(doc, 90);
    pdfHeading(doc, table.heading);
    rowsTable(doc, table.columns, table.rows);
  }
  doc.font(FONT.regular).fontSize(8).fillColor("#444444");
  for (const line of EXPLAIN) doc.text(line, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.fillColor("#000000").fontSize(10);
  pdfSignatureLines(doc, ["Заместитель директора", "Директор"]);
  return toBuffer(doc);
}

/** The report as an .xlsx workbook: a sheet per table, numbers as numbers. */
export async function progressXlsx(r: ProgressReport, scopeNote: string | null): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Электронный журнал";
  for (const table of progressTables(r)) {
    const ws = wb.addWorksheet(table.heading.slice(0, 31));
    ws.addRow([r.school.name]);
    ws.addRow([TITLE]).font = { bold: true, size: 13 };
    ws.addRow([subtitle(r)]);
    if (scopeNote) ws.addRow([scopeNote]);
    ws.addRow([`Дата: ${formatDate(today())}`]);
    ws.addRow([]);
    const head = ws.addRow(table.columns.map((c) => c.header));
    head.font = { bold: true };
    head.eachCell((c) => {
      c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEEEEE" } };
      c.alignment = { wrapText: true, vertical: "middle" };
    });
    for (const row of table.rows) ws.addRow(row);
    table.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.xlsx));
  }
  const notes = wb.getWorksheet(1)!;
  notes.addRow([]);
  for (const line of EXPLAIN) notes.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
