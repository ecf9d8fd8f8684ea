/**
 * One row of a КТП (a topic), checked the same way wherever it comes from: the table form, text
 * pasted from a spreadsheet, or an uploaded .xlsx (R-JRN-10, R-JRN-11). Messages are Russian and
 * belong to the field; a row is all or nothing.
 */
import type { PlanWorkKind } from "../../generated/prisma/enums.ts";
import { COLUMN_TITLES, TEXT, WORK_KINDS, WORK_KIND_ALIASES, WORK_KIND_NAMES } from "./plans.text.ts";

export const ROW_FIELDS = ["section", "topic", "hours", "lessonType", "workKind", "note"] as const;
export type RowField = (typeof ROW_FIELDS)[number];
/** A row as typed: every field as text. */
export type RawRow = Record<RowField, string>;

/** A checked topic of a plan. */
export interface ItemInput {
  section: string | null;
  topic: string;
  hours: number;
  lessonType: string | null;
  workKind: PlanWorkKind | null;
  note: string | null;
}

export const MAX_ITEMS = 1000;
export const MAX_HOURS = 99;
const LIMITS: Record<Exclude<RowField, "hours" | "workKind">, number> = { section: 300, topic: 500, lessonType: 120, note: 1000 };

const norm = (s: string) => s.toLocaleLowerCase("ru").replaceAll("ё", "е").replace(/\s+/g, " ").trim();
const NAME_TO_KIND = new Map<string, PlanWorkKind>([
  ...WORK_KINDS.map((k) => [norm(WORK_KIND_NAMES[k]), k] as const),
  ...Object.entries(WORK_KIND_ALIASES).map(([name, k]) => [norm(name), k] as const),
]);

/** A raw value as trimmed text (numbers as written). */
export function text(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return "";
}

/** Hours of a topic: a whole number 1–99 («2», «2,0»); the Russian message otherwise. */
export function parseHours(raw: string): { value: number } | { error: string } {
  const v = raw.trim();
  if (!v) return { error: TEXT.hoursEmpty };
  const m = /^(-?\d{1,6})(?:[.,](\d+))?$/.exec(v);
  if (!m) return { error: TEXT.hoursNotNumber(v) };
  if (m[2] && /[1-9]/.test(m[2])) return { error: TEXT.hoursWhole };
  const n = Number(m[1]);
  if (n < 1) return { error: TEXT.hoursMin };
  if (n > MAX_HOURS) return { error: TEXT.hoursMax };
  return { value: n };
}

/** A kind of work by its code (the form's select) or its Russian name (a spreadsheet); empty is none. */
export function parseWorkKind(raw: string): { value: PlanWorkKind | null } | { error: string } {
  const v = raw.trim();
  if (!v) return { value: null };
  const code = WORK_KINDS.find((k) => k === v);
  if (code) return { value: code };
  const byName = NAME_TO_KIND.get(norm(v));
  return byName ? { value: byName } : { error: TEXT.workKindUnknown(v) };
}

/** Whether nothing was typed in the row (a blank row of the form is skipped, not an error). */
export function isBlank(raw: Partial<RawRow>): boolean {
  return ROW_FIELDS.every((f) => !(raw[f] ?? "").trim());
}

/** Checks a typed row: the item, or the messages by field. */
export function checkRow(raw: Partial<RawRow>): { ok: true; item: ItemInput } | { ok: false; errors: Partial<Record<RowField, string>> } {
  const errors: Partial<Record<RowField, string>> = {};
  const optional = (f: keyof typeof LIMITS): string | null => {
    const v = (raw[f] ?? "").trim();
    if (v.length > LIMITS[f]) errors[f] = TEXT.tooLong(LIMITS[f]);
    return v || null;
  };
  const topic = optional("topic");
  if (!topic && !errors.topic) errors.topic = TEXT.topicEmpty;
  const section = optional("section");
  const lessonType = optional("lessonType");
  const note = optional("note");
  const hours = parseHours(raw.hours ?? "");
  if ("error" in hours) errors.hours = hours.error;
  const workKind = parseWorkKind(raw.workKind ?? "");
  if ("error" in workKind) errors.workKind = workKind.error;
  if (Object.keys(errors).length || !topic || "error" in hours || "error" in workKind) return { ok: false, errors };
  return { ok: true, item: { section, topic, hours: hours.value, lessonType, workKind: workKind.value, note } };
}

/** The row as it is shown in a form (and written to a sheet): text fields, the work kind as its Russian name when `names`. */
export function rawOf(item: ItemInput, names = false): RawRow {
  return {
    section: item.section ?? "",
    topic: item.topic,
    hours: String(item.hours),
    lessonType: item.lessonType ?? "",
    workKind: item.workKind ? (names ? WORK_KIND_NAMES[item.workKind] : item.workKind) : "",
    note: item.note ?? "",
  };
}

/** Whether two rows say the same. */
export function sameItem(a: ItemInput, b: ItemInput): boolean {
  return (
    a.section === b.section && a.topic === b.topic && a.hours === b.hours && a.lessonType === b.lessonType && a.workKind === b.workKind && a.note === b.note
  );
}

export const totalOf = (items: readonly { hours: number }[]) => items.reduce((s, i) => s + i.hours, 0);

const COLUMN_KEYS = ["no", ...ROW_FIELDS] as const;
type ColumnKey = (typeof COLUMN_KEYS)[number];

/**
 * Text pasted from a spreadsheet («вставить из таблицы»): a topic per line, cells separated by tabs,
 * in the template's order (№, Раздел, Тема, Часы, Тип урока, Вид работы, Примечание); without the
 * № column when lines have six cells or fewer, «Тема, Часы» when they have two. A first line of
 * column titles is recognised and sets the order. All lines are checked; one wrong line rejects all.
 */
export function parsePasted(input: string): { ok: true; items: ItemInput[] } | { ok: false; errors: string[] } {
  const lines = input
    .split(/\r?\n/)
    .map((l, i) => ({ n: i + 1, cells: l.split("\t").map((c) => c.trim()) }))
    .filter((l) => l.cells.some(Boolean));
  if (!lines.length) return { ok: false, errors: [TEXT.pasteEmpty] };
  const titleOf = (k: ColumnKey) => COLUMN_TITLES[k];
  const header = new Map<string, ColumnKey>(COLUMN_KEYS.map((k) => [norm(titleOf(k)), k]));
  const first = lines[0]!.cells.map((c) => header.get(norm(c.replace(/\*/g, ""))));
  let order: (ColumnKey | undefined)[];
  if (first.includes("topic")) {
    order = first;
    lines.shift();
  } else {
    const width = Math.max(...lines.map((l) => l.cells.length));
    order = width >= 7 ? [...COLUMN_KEYS] : width === 2 ? ["topic", "hours"] : [...ROW_FIELDS];
  }
  const items: ItemInput[] = [];
  const errors: string[] = [];
  for (const l of lines) {
    const raw: Partial<RawRow> = {};
    order.forEach((k, i) => {
      if (k && k !== "no") raw[k] = l.cells[i] ?? "";
    });
    const c = checkRow(raw);
    if (c.ok) items.push(c.item);
    else for (const [f, m] of Object.entries(c.errors)) errors.push(TEXT.pasteLine(l.n, titleOf(f as RowField), m));
  }
  if (items.length > MAX_ITEMS) errors.push(TEXT.tooManyRows(MAX_ITEMS));
  return errors.length ? { ok: false, errors } : { ok: true, items };
}
