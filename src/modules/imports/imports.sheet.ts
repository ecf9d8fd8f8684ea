/**
 * The .xlsx side of the registers (R-REG-7): reading an uploaded sheet with a register's columns
 * into typed rows and row errors, and writing sheets in the same layout (templates, exports), so
 * that an exported file imports back unchanged.
 */
import ExcelJS from "exceljs";
import { DOC_NAMES, readCell, type CellValue, type Column, type RowOf, type SheetRow } from "./imports.cells.ts";

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface ReadSheet<R> {
  /** The rows whose every cell was read (rows with a cell error are left out, their errors are in `errors`). */
  rows: SheetRow<R>[];
  /** All data rows of the sheet, the wrong ones included. */
  count: number;
  errors: RowError[];
}

/** Reads the first sheet: header row 1 (found by the column titles), data from row 2; empty rows are skipped. */
export async function readSheet<C extends readonly Column[]>(cols: C, data: Buffer): Promise<ReadSheet<RowOf<C>>> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs declares the pre-generic Buffer of older @types/node; the bytes are the same.
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { rows: [], count: 0, errors: [{ row: 0, column: "", message: "Файл не читается как таблица Excel (.xlsx)" }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], count: 0, errors: [{ row: 0, column: "", message: "В файле нет листов" }] };
  const norm = (s: string) => s.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\*/g, "").replace(/\s+/g, " ").trim();
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => header.set(norm(String(cell.text ?? "")), col));
  const errors: RowError[] = [];
  const at = new Map<string, number>();
  for (const c of cols) {
    const idx = header.get(norm(c.title));
    if (idx) at.set(c.key, idx);
    else if (c.required) errors.push({ row: 1, column: c.title, message: "В первой строке нет этого столбца (скачайте шаблон)" });
  }
  if (errors.length) return { rows: [], count: 0, errors };
  const rows: SheetRow<RowOf<C>>[] = [];
  let count = 0;
  for (let r = 2; r <= ws.rowCount; r++) {
    const sheetRow = ws.getRow(r);
    const raw = cols.map((c) => (at.has(c.key) ? sheetRow.getCell(at.get(c.key)!).value : null));
    if (raw.every((x) => x === null || x === undefined || String(typeof x === "object" && !(x instanceof Date) ? JSON.stringify(x) : x).trim() === ""))
      continue;
    count++;
    const v: Record<string, CellValue | null> = {};
    let ok = true;
    cols.forEach((c, i) => {
      const res = readCell(c, raw[i]);
      if ("error" in res) {
        errors.push({ row: r, column: c.title, message: res.error });
        ok = false;
      } else v[c.key] = res.value;
    });
    // Every column was read by its type (required ones are never empty): the row is what RowOf<C> says.
    if (ok) rows.push({ row: r, v: v as RowOf<C> });
  }
  if (!count && !errors.length) errors.push({ row: 2, column: "", message: "В файле нет ни одной строки с данными" });
  return { rows, count, errors };
}

/** A sheet with the columns' titles (required ones marked *), widths and date formats. */
export function sheetFor(wb: ExcelJS.Workbook, name: string, cols: readonly Column[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = cols.map((c) => ({
    header: c.required || c.forNew ? `${c.title}*` : c.title,
    key: c.key,
    width: c.width ?? 14,
    style: c.type === "date" ? { numFmt: "dd.mm.yyyy" } : {},
  }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

export async function bufferOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An empty sheet with the column titles (required ones marked *), one example row and a notes sheet. */
export async function templateSheet(name: string, cols: readonly Column[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = sheetFor(wb, name, cols);
  const example = Object.fromEntries(cols.map((c) => [c.key, c.example ?? null]));
  ws.addRow(example).font = { italic: true, color: { argb: "FF777777" } };
  const notes = wb.addWorksheet("Пояснения");
  notes.columns = [
    { header: "Столбец", key: "t", width: 32 },
    { header: "Как заполнять", key: "h", width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  const hint: Record<string, string> = {
    date: "Дата: ДД.ММ.ГГГГ или ячейка с форматом даты",
    sex: "«м» или «ж»",
    rate: "Число, например 1 или 0,5",
    relation: "мать, отец, опекун или другое",
    class: "Класс текущего учебного года, например 5А",
    doc: Object.values(DOC_NAMES).join(", "),
    text: "Текст",
  };
  for (const c of cols)
    notes.addRow({ t: c.required ? `${c.title} (обязательно)` : c.forNew ? `${c.title} (обязательно для новых)` : c.title, h: hint[c.type] });
  notes.addRow({});
  notes.addRow({
    t: "Важно",
    h: "Строка-пример (серым курсивом) перед загрузкой удалите. Строки сопоставляются по ФИО и дате рождения (сотрудники — также по логину); повторная загрузка того же файла ничего не меняет; пустые необязательные ячейки не стирают сохранённые данные.",
  });
  return bufferOf(wb);
}
