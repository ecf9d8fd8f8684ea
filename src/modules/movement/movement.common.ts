/**
 * What the movement book's use cases share: the context an order is registered in, the record of
 * what an order changed (so that its cancellation can undo exactly that), the rule that a date
 * lies within the school year, and the lookup of an order in the actor's school.
 */
import type { Db } from "../../lib/db.ts";
import { addDays, formatDate, within } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { TEXT } from "./movement.text.ts";

export interface MovementContext {
  schoolId: number;
  /** The user registering the order (for the audit log); null for system jobs. */
  actorId: number | null;
}

// Type aliases, not interfaces: they are stored as JSON (MovementOrder.changes), and only aliases
// are assignable to Prisma's JSON input type.
type ClosedChange = {
  kind: "class" | "subgroup";
  id: number;
  /** The membership's toDate before the order (ISO), to restore on cancellation. */
  previousToDate: string | null;
  /** The toDate the order set (ISO). */
  toDate: string;
};
type OpenedChange = {
  kind: "class";
  id: number;
};
/** MovementOrder.changes: the memberships an order closed and opened. */
export type MovementChanges = {
  closed: ClosedChange[];
  opened: OpenedChange[];
  /** Entries left in the old class's journal after the date and kept as «из другого класса» (stranded.service.ts). */
  kept?: { marks: number[]; attendance: number[]; finals: number[] };
};

/** Summer after the year's end still belongs to it for withdrawals and graduation (and the book's default period). */
export const SUMMER_DAYS = 92;

type YearLike = { name: string; startDate: Date; endDate: Date; status: string };

/** R-REG-3: a movement date lies within the school year (plus `extraDays` after its end); the message, or null. */
export function yearRangeError(year: YearLike, date: Date, extraDays = 0): string | null {
  const end = addDays(year.endDate, extraDays);
  if (within(date, year.startDate, end)) return null;
  return TEXT.outsideYear(year.name, formatDate(year.startDate), formatDate(end));
}

/** Throws ValidationError when any field has an error. */
export function throwIf(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

/** An order of the school with its student and classes; NotFound for another school's id. */
export async function orderInSchool(db: Db, schoolId: number, id: number) {
  const order = await db.movementOrder.findFirst({
    where: { id, schoolId },
    include: { student: { include: { person: true } }, fromClass: true, toClass: true },
  });
  if (!order) throw new NotFound();
  return order;
}
