/** The graduates' marks form: cells `exam_<studentId>_<subjectId>` and `final_<studentId>_<subjectId>` (R-GIA-1). */
import { z } from "../../lib/validation.ts";

export interface CellInput {
  kind: "EXAM" | "FINAL";
  studentId: number;
  subjectId: number;
  /** "" clears the mark. */
  value: string;
  /** The form field, for the message beside it. */
  field: string;
}

const CELL = /^(exam|final)_(\d{1,9})_(\d{1,9})$/;

/** Picks the mark cells of a posted form; anything else in the body is ignored. */
export const cellsSchema = z.record(z.string(), z.unknown()).transform((body) => {
  const cells: CellInput[] = [];
  for (const [field, raw] of Object.entries(body)) {
    const m = CELL.exec(field);
    if (!m) continue;
    const value = typeof raw === "string" ? raw.trim().toLowerCase().slice(0, 10) : "";
    cells.push({ kind: m[1] === "exam" ? "EXAM" : "FINAL", studentId: Number(m[2]), subjectId: Number(m[3]), value, field });
  }
  return cells;
});
