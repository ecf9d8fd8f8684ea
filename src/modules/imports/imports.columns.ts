/**
 * The spreadsheet layouts of the registers «Сотрудники», «Ученики», «Родители» (R-REG-7): column
 * titles (row 1 of the sheet), which are required, and how each cell is read. Templates, import
 * and export all use these definitions, so an exported file imports back unchanged.
 */
import type { ParentRelation, Sex } from "../../generated/prisma/enums.ts";
import { parseIsoDate } from "../../lib/dates.ts";

export const KINDS = ["staff", "students", "parents"] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_TITLES: Record<Kind, string> = { staff: "Сотрудники", students: "Ученики", parents: "Родители" };

export type CellType = "text" | "date" | "sex" | "rate" | "relation" | "class" | "doc";

export interface Column {
  key: string;
  title: string;
  type: CellType;
  required?: boolean;
  /** Required for a new record only (staff: the position and the hire order). */
  forNew?: boolean;
  max?: number;
  width?: number;
  example?: unknown;
}

const person = (prefix = ""): Column[] => [
  {
    key: `${prefix}lastName`,
    title: `${prefix ? "Ребёнок: ф" : "Ф"}амилия`,
    type: "text",
    required: true,
    max: 100,
    width: 18,
    example: prefix ? "Иванов" : "Иванова",
  },
  {
    key: `${prefix}firstName`,
    title: `${prefix ? "Ребёнок: и" : "И"}мя`,
    type: "text",
    required: true,
    max: 100,
    width: 14,
    example: prefix ? "Пётр" : "Анна",
  },
  {
    key: `${prefix}middleName`,
    title: `${prefix ? "Ребёнок: о" : "О"}тчество`,
    type: "text",
    max: 100,
    width: 16,
    example: prefix ? "Сергеевич" : "Викторовна",
  },
];

export const COLUMNS: Record<Kind, Column[]> = {
  staff: [
    ...person(),
    { key: "birthDate", title: "Дата рождения", type: "date", required: true, width: 14, example: "12.03.1985" },
    { key: "sex", title: "Пол", type: "sex", width: 6, example: "ж" },
    { key: "phone", title: "Телефон", type: "text", max: 40, width: 16, example: "+7 900 000-00-00" },
    { key: "email", title: "Эл. почта", type: "text", max: 200, width: 20 },
    { key: "personnelNumber", title: "Табельный номер", type: "text", max: 30, width: 10 },
    { key: "position", title: "Должность", type: "text", forNew: true, max: 200, width: 26, example: "Учитель математики" },
    { key: "rate", title: "Ставка", type: "rate", forNew: true, width: 8, example: 1 },
    { key: "hiredAt", title: "Дата приёма", type: "date", forNew: true, width: 14, example: "01.09.2026" },
    { key: "orderNumber", title: "Номер приказа о приёме", type: "text", forNew: true, max: 50, width: 12, example: "45-к" },
    { key: "orderDate", title: "Дата приказа о приёме", type: "date", forNew: true, width: 14, example: "28.08.2026" },
    { key: "login", title: "Логин", type: "text", max: 100, width: 14 },
  ],
  students: [
    ...person(),
    { key: "birthDate", title: "Дата рождения", type: "date", required: true, width: 14, example: "05.05.2015" },
    { key: "sex", title: "Пол", type: "sex", width: 6, example: "ж" },
    { key: "className", title: "Класс", type: "class", required: true, width: 7, example: "5А" },
    { key: "enrolDate", title: "Дата зачисления", type: "date", required: true, width: 14, example: "01.09.2026" },
    { key: "orderNumber", title: "Номер приказа о зачислении", type: "text", max: 50, width: 12, example: "101-у" },
    { key: "orderDate", title: "Дата приказа о зачислении", type: "date", width: 14, example: "25.08.2026" },
    { key: "phone", title: "Телефон", type: "text", max: 40, width: 16 },
    { key: "email", title: "Эл. почта", type: "text", max: 200, width: 20 },
    { key: "registrationAddress", title: "Адрес регистрации", type: "text", max: 500, width: 30 },
    { key: "actualAddress", title: "Фактический адрес", type: "text", max: 500, width: 30 },
    { key: "docKind", title: "Документ", type: "doc", width: 22, example: "Свидетельство о рождении" },
    { key: "docSeries", title: "Серия документа", type: "text", max: 20, width: 10, example: "II-БО" },
    { key: "docNumber", title: "Номер документа", type: "text", max: 30, width: 12, example: "123456" },
    { key: "docIssuedBy", title: "Кем выдан", type: "text", max: 300, width: 26 },
    { key: "docIssuedAt", title: "Дата выдачи", type: "date", width: 14 },
    { key: "snils", title: "СНИЛС", type: "text", max: 20, width: 16 },
  ],
  parents: [
    ...person(),
    { key: "birthDate", title: "Дата рождения", type: "date", width: 14 },
    { key: "phone", title: "Телефон", type: "text", max: 40, width: 16, example: "+7 900 000-00-00" },
    { key: "email", title: "Эл. почта", type: "text", max: 200, width: 20 },
    { key: "relation", title: "Кем приходится", type: "relation", required: true, width: 12, example: "мать" },
    { key: "workPlace", title: "Место работы", type: "text", max: 300, width: 24 },
    { key: "workPosition", title: "Должность", type: "text", max: 200, width: 18 },
    ...person("child."),
    { key: "child.birthDate", title: "Ребёнок: дата рождения", type: "date", required: true, width: 14, example: "05.05.2015" },
  ],
};

export const RELATIONS: Record<ParentRelation, string> = { MOTHER: "мать", FATHER: "отец", GUARDIAN: "опекун", OTHER: "другое" };
export const DOC_NAMES = {
  BIRTH_CERTIFICATE: "Свидетельство о рождении",
  PASSPORT: "Паспорт гражданина РФ",
  FOREIGN: "Документ иностранного гражданина",
  OTHER: "Иной документ",
} as const;
export type DocKind = keyof typeof DOC_NAMES;
export const SEX_NAMES: Record<Sex, string> = { MALE: "м", FEMALE: "ж" };

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
  return String(v).trim();
}

export type CellValue = string | Date | number | null | { grade: number; letter: string };

/** Reads one cell by its column type; a string result is an error message. */
export function readCell(col: Column, raw: unknown): { value: CellValue } | { error: string } {
  const text = cellText(raw);
  if (!text) return col.required ? { error: "Не заполнено" } : { value: null };
  switch (col.type) {
    case "text":
      return col.max && text.length > col.max ? { error: `Не длиннее ${col.max} символов` } : { value: text };
    case "date": {
      let d: Date | null = null;
      if (raw instanceof Date) d = new Date(Date.UTC(raw.getUTCFullYear(), raw.getUTCMonth(), raw.getUTCDate()));
      else if (typeof raw === "number" && raw > 1 && raw < 100000) d = new Date(Date.UTC(1899, 11, 30) + Math.round(raw) * 86_400_000);
      else d = parseIsoDate(text);
      return d ? { value: d } : { error: "Дата в формате ДД.ММ.ГГГГ" };
    }
    case "sex": {
      const t = norm(text);
      if (["м", "муж", "мужской", "m"].includes(t)) return { value: "MALE" };
      if (["ж", "жен", "женский", "f"].includes(t)) return { value: "FEMALE" };
      return { error: "Пол: «м» или «ж»" };
    }
    case "rate": {
      const n = typeof raw === "number" ? raw : Number(text.replace(",", "."));
      if (!Number.isFinite(n) || n < 0.05 || n > 2) return { error: "Ставка — число от 0,05 до 2" };
      if (Math.abs(n * 100 - Math.round(n * 100)) > 1e-9) return { error: "Ставка: не больше двух знаков после запятой" };
      return { value: n };
    }
    case "relation": {
      const found = Object.entries(RELATIONS).find(([, name]) => name === norm(text));
      return found ? { value: found[0] } : { error: "Укажите: мать, отец, опекун или другое" };
    }
    case "class": {
      const m = /^(\d{1,2})\s*-?\s*([а-яё])$/i.exec(text.trim());
      const grade = m ? Number(m[1]) : 0;
      if (!m || grade < 1 || grade > 11) return { error: "Класс в виде «5А»" };
      return { value: { grade, letter: m[2]!.toLocaleUpperCase("ru") } };
    }
    case "doc": {
      const t = norm(text);
      const found =
        Object.entries(DOC_NAMES).find(([, name]) => norm(name) === t) ??
        (t.startsWith("свидетельство") ? ["BIRTH_CERTIFICATE"] : t.startsWith("паспорт") ? ["PASSPORT"] : null);
      return found
        ? { value: found[0] as string }
        : { error: "Документ: свидетельство о рождении, паспорт гражданина РФ, документ иностранного гражданина или иной документ" };
    }
  }
}
