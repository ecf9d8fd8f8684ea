/** Record rules of the reference lists (R-REG-9): fixed codes stay, closed lists get no new codes. */
import { Conflict } from "../../lib/errors.ts";
import { KINDS, REF_TEXT, type ReferenceKind } from "./references.text.ts";

/** Whether the school may add entries of its own to this list (the closed lists' codes drive reports and checks). */
export function canAdd(kind: ReferenceKind): boolean {
  return KINDS[kind].open;
}

/** Whether an entry may be deleted: only the school's own entry that no record keeps. */
export function canDelete(e: { builtIn: boolean }, used: number): boolean {
  return !e.builtIn && used === 0;
}

/** Throws Conflict when the entry may not be deleted (a built-in code, or an entry records keep). */
export function assertDeletable(e: { builtIn: boolean }, used: number): void {
  if (e.builtIn) throw new Conflict(REF_TEXT.fixedDelete);
  if (used > 0) throw new Conflict(REF_TEXT.usedDelete(used));
}
