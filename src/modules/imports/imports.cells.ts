/**
 * Columns and cells of the register spreadsheets (R-REG-7): how a column is described (title in
 * row 1 of the sheet, whether it is required, how its cells are read) and how one cell is read
 * into its typed value. Each register's own columns are in its importer (staff.import.ts,
 * students.import.ts, parents.import.ts); a row read by them has the type RowOf<its columns>.
 */
import type { ParentRelation, Sex } from "../../generated/prisma/enums.ts";
import { birthDateProblem, type BirthOf } from "../../lib/birth-dates.ts";
import { parseIsoDate } from "../../lib/dates.ts";

export const RELATIONS: Record<ParentRelation, string> = { MOTHER: "мать", FATHER: "отец", GUARDIAN: "опекун", OTHER: "другое" };
const RELATION_CODES: readonly ParentRelation[] = ["MOTHER", "FATHER", "GUARDIAN", "OTHER"];
export const DOC_NAMES = {
  BIRTH_CERTIFICATE: "Свидетельство о рождении",
  PASSPORT: "Паспорт гражданина РФ",
  FOREIGN: "Документ иностранного гражданина",
  OTHER: "Иной документ",
} as const;
export type DocKind = keyof typeof DOC_NAMES;
const DOC_KINDS: readonly DocKind[] = ["BIRTH_CERTIFICATE", "PASSPORT", "FOREIGN", "OTHER"];
export const SEX_NAMES: Record<Sex, string> = { MALE: "м", FEMALE: "ж" };

export interface ClassName {
  grade: number;
  letter: string;
}

/** The value a cell of each type is read into. */
export interface CellValues {
  text: string;
  date: Date;
  sex: Sex;
  rate: number;
  relation: ParentRelation;
  class: ClassName;
  doc: DocKind;
}
export type CellType = keyof CellValues;
export type CellValue = CellValues[CellType];

export interface Column<K extends string = string, T extends CellType = CellType> {
  readonly key: K;
  readonly title: string;
  readonly type: T;
  /** An empty cell is an error (else it is null: "leave the stored value as it is"). */
  readonly required?: boolean;
  /** Required for a new record only (staff: the position and the hire order). */
  readonly forNew?: boolean;
  readonly max?: number;
  readonly width?: number;
  readonly example?: string | number;
  /** A birth date: checked as a pupil's or an adult's (src/lib/birth-dates.ts); the row gets the message in the preview. */
  readonly birth?: BirthOf;
}

/** A row read with these columns: each key with its cell's value; optional columns may be null. */
export type RowOf<C extends readonly Column[]> = {
  [Col in C[number] as Col["key"]]: Col extends { required: true } ? CellValues[Col["type"]] : CellValues[Col["type"]] | null;
};

/** A row written to a sheet in a register's layout (export): every column, as a person would type it. */
export type SheetValues<C extends readonly Column[]> = { [K in C[number]["key"]]: string | number | Date | null };

/** A sheet row that passed the cell checks: its row number in the sheet and its values. */
export interface SheetRow<R> {
  row: number;
  v: R;
}

/** Full name columns: the person's own, or (prefix "child.") the child's of a parent row. */
export function personColumns<P extends "" | "child.">(prefix: P) {
  const child = prefix === "child.";
  return [
    {
      key: `${prefix}lastName` as const,
      title: `${child ? "Ребёнок: ф" : "Ф"}амилия`,
      type: "text",
      required: true,
      max: 100,
      width: 18,
      example: child ? "Иванов" : "Иванова",
    },
    {
      key: `${prefix}firstName` as const,
      title: `${child ? "Ребёнок: и" : "И"}мя`,
      type: "text",
      required: true,
      max: 100,
      width: 14,
      example: child ? "Пётр" : "Анна",
    },
    {
      key: `${prefix}middleName` as const,
      title: `${child ? "Ребёнок: о" : "О"}тчество`,
      type: "text",
      max: 100,
      width: 16,
      example: child ? "Сергеевич" : "Викторовна",
    },
  ] as const satisfies readonly Column[];
}

const norm = (s: string) => s.toLocaleLowerCase("ru").replace(/ё/g, "е").replace(/\s+/g, " ").trim();

/** A cell's text: numbers and dates as people typed them, rich text and formulas by their value. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: string; hyperlink?: string };
    if (o.richText)
      return o.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if (o.text !== undefined) return String(o.text).trim();
    if (o.result !== undefined) return cellText(o.result);
    return "";
  }
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v).trim() : "";
}

type Read<T> = { value: T } | { error: string };

/** How a non-empty cell of each type is read: its text, the raw cell value, the column. */
const READERS: { [T in CellType]: (text: string, raw: unknown, col: Column) => Read<CellValues[T]> } = {
  text: (text, _raw, col) => (col.max && text.length > col.max ? { error: `Не длиннее ${col.max} символов` } : { value: text }),
  date: (text, raw) => {
    const d =
      raw instanceof Date
        ? new Date(Date.UTC(raw.getUTCFullYear(), raw.getUTCMonth(), raw.getUTCDate()))
        : typeof raw === "number" && raw > 1 && raw < 100000
          ? new Date(Date.UTC(1899, 11, 30) + Math.round(raw) * 86_400_000)
          : parseIsoDate(text);
    return d ? { value: d } : { error: "Дата в формате ДД.ММ.ГГГГ" };
  },
  sex: (text) => {
    const t = norm(text);
    if (["м", "муж", "мужской", "m"].includes(t)) return { value: "MALE" };
    if (["ж", "жен", "женский", "f"].includes(t)) return { value: "FEMALE" };
    return { error: "Пол: «м» или «ж»" };
  },
  rate: (text, raw) => {
    const n = typeof raw === "number" ? raw : Number(text.replace(",", "."));
    if (!Number.isFinite(n) || n < 0.05 || n > 2) return { error: "Ставка — число от 0,05 до 2" };
    if (Math.abs(n * 100 - Math.round(n * 100)) > 1e-9) return { error: "Ставка: не больше двух знаков после запятой" };
    return { value: n };
  },
  relation: (text) => {
    const found = RELATION_CODES.find((code) => RELATIONS[code] === norm(text));
    return found ? { value: found } : { error: "Укажите: мать, отец, опекун или другое" };
  },
  class: (text) => {
    const m = /^(\d{1,2})\s*-?\s*([а-яё])$/i.exec(text.trim());
    const grade = m ? Number(m[1]) : 0;
    if (!m || grade < 1 || grade > 11) return { error: "Класс в виде «5А»" };
    return { value: { grade, letter: m[2]!.toLocaleUpperCase("ru") } };
  },
  doc: (text) => {
    const t = norm(text);
    const found =
      DOC_KINDS.find((code) => norm(DOC_NAMES[code]) === t) ??
      (t.startsWith("свидетельство") ? "BIRTH_CERTIFICATE" : t.startsWith("паспорт") ? "PASSPORT" : null);
    return found
      ? { value: found }
      : { error: "Документ: свидетельство о рождении, паспорт гражданина РФ, документ иностранного гражданина или иной документ" };
  },
};

/** Reads one cell by its column type: its value (null for an empty optional cell) or what is wrong, in Russian. */
export function readCell(col: Column, raw: unknown): Read<CellValue | null> {
  const text = cellText(raw);
  if (!text) return col.required ? { error: "Не заполнено" } : { value: null };
  const read = READERS[col.type](text, raw, col);
  if (col.birth && "value" in read && read.value instanceof Date) {
    const problem = birthDateProblem(read.value, col.birth);
    if (problem) return { error: problem };
  }
  return read;
}
