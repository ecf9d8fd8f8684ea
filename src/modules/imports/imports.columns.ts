/**
 * The registers of the spreadsheet import (R-REG-7): «Сотрудники», «Ученики», «Родители», and
 * their column layouts (row 1 of the sheet; defined with each register's importer). Templates,
 * import and export all use these definitions, so an exported file imports back unchanged.
 */
import type { Column } from "./imports.cells.ts";
import { PARENT_COLUMNS } from "./parents.import.ts";
import { STAFF_COLUMNS } from "./staff.import.ts";
import { STUDENT_COLUMNS } from "./students.import.ts";

export const KINDS = ["staff", "students", "parents"] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_TITLES: Record<Kind, string> = { staff: "Сотрудники", students: "Ученики", parents: "Родители" };

/** A register named in a URL or a form, or null. */
export function kindOf(value: unknown): Kind | null {
  return KINDS.find((k) => k === value) ?? null;
}

export const COLUMNS: Record<Kind, readonly Column[]> = { staff: STAFF_COLUMNS, students: STUDENT_COLUMNS, parents: PARENT_COLUMNS };
