/** Form schemas of the КТП pages (zod at the edge) and the topics table, which posts one field set per row. */
import type { FieldErrors } from "../../lib/validation.ts";
import { field, z } from "../../lib/validation.ts";
import { parseId } from "../../lib/http.ts";
import { MAX_ITEMS, ROW_FIELDS, checkRow, isBlank, text, type ItemInput, type RawRow } from "./plans.rows.ts";
import { TEXT } from "./plans.text.ts";

/** A profile name («Технологический»), "" for none. */
const profile = z.preprocess((v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : ""), z.string().max(60, "Не длиннее 60 символов"));

export const planCreateSchema = z.object({
  kind: z.preprocess((v) => (v === "template" ? "template" : "plan"), z.enum(["plan", "template"])),
  yearId: field.optionalId(),
  subjectId: field.id("предмет"),
  grade: field.int(1, 11, "класс"),
  profile,
  title: field.optionalText(200),
  fromId: field.optionalId(),
});
export type PlanCreateInput = z.output<typeof planCreateSchema>;

export const planSettingsSchema = z.object({ title: field.text(200), note: field.optionalText(2000) });
export type PlanSettingsInput = z.output<typeof planSettingsSchema>;

export const approveSchema = z.object({ comment: field.optionalText(2000) });
export const returnSchema = z.object({
  comment: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().min(1, TEXT.commentNeeded).max(2000, "Не длиннее 2000 символов")),
});

/** Journals ticked in the assignment form: «classId:subgroupId» (0 for the whole class). */
export const assignSchema = z.object({
  journals: field.many(z.string().regex(/^\d{1,10}:\d{1,10}$/, TEXT.pickJournal)),
});

export const pasteSchema = z.object({
  paste: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().max(400_000, "Слишком длинный текст")),
  mode: z.preprocess((v) => (v === "replace" ? "replace" : "append"), z.enum(["append", "replace"])),
});

/** What a button of the topics table asks for besides saving: move a row, delete it, or open a blank row below it. */
export type RowOp = { kind: "save" } | { kind: "up" | "down" | "delete" | "insert"; index: number };

export function rowOpOf(v: unknown): RowOp {
  const m = typeof v === "string" ? /^(up|down|delete|insert):(\d{1,4})$/.exec(v) : null;
  return m ? { kind: m[1] as "up" | "down" | "delete" | "insert", index: Number(m[2]) } : { kind: "save" };
}

/** A row of the table as posted: its item id (when it is a stored topic) and the typed fields, by its 1-based index in the form. */
export interface PostedRow {
  index: number;
  id: number | null;
  raw: RawRow;
}

/** The rows of the topics table: fields `<field>_<n>` and `id_<n>` for n = 1…rows. */
export function postedRows(body: Record<string, unknown>): PostedRow[] {
  const count = Math.min(Number(text(body.rows)) || 0, MAX_ITEMS + 50);
  const rows: PostedRow[] = [];
  for (let n = 1; n <= count; n++) {
    const raw = Object.fromEntries(ROW_FIELDS.map((f) => [f, text(body[`${f}_${n}`])])) as RawRow;
    rows.push({ index: n, id: parseId(text(body[`id_${n}`])), raw });
  }
  return rows;
}

/** Applies a move or delete to the posted rows (an insert is shown after saving: see the route). */
export function applyOp(rows: readonly PostedRow[], op: RowOp): PostedRow[] {
  const out = [...rows];
  if (op.kind === "save" || op.kind === "insert") return out;
  const at = out.findIndex((r) => r.index === op.index);
  if (at < 0) return out;
  if (op.kind === "delete") out.splice(at, 1);
  else {
    const to = op.kind === "up" ? at - 1 : at + 1;
    if (to >= 0 && to < out.length) [out[at], out[to]] = [out[to]!, out[at]!];
  }
  return out;
}

/**
 * Checks the table: blank new rows are skipped, every other row must pass (all or nothing). The
 * checked rows in order, or the messages by `<field>_<n>`.
 */
export function checkTable(
  rows: readonly PostedRow[],
): { ok: true; items: { id: number | null; item: ItemInput; index: number }[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const items: { id: number | null; item: ItemInput; index: number }[] = [];
  for (const r of rows) {
    if (r.id === null && isBlank(r.raw)) continue;
    const c = checkRow(r.raw);
    if (c.ok) items.push({ id: r.id, item: c.item, index: r.index });
    else for (const [f, m] of Object.entries(c.errors)) errors[`${f}_${r.index}`] = m;
  }
  if (items.length > MAX_ITEMS) errors._form = TEXT.tooManyRows(MAX_ITEMS);
  if (Object.keys(errors).length) return { ok: false, errors: { _form: errors._form ?? TEXT.fixRows, ...errors } };
  return { ok: true, items };
}
