/**
 * Writes the seed plan's movement book (plan-movement.ts) inside the school's transaction,
 * through the movement book's own writer (applyMovementOrder: memberships closed the day before
 * and opened on the effective date, MovementOrder.changes, the audit entry), as the secretary
 * who registers such orders. Then what a deputy does after a transfer: the pupil joins the new
 * class's subgroups on the same day.
 *
 * Runs before the journal is generated, so lessons, marks and attendance follow these
 * memberships (journal-roster.ts).
 */
import type { Db } from "../lib/db.ts";
import { parseIsoDate } from "../lib/dates.ts";
import { applyMovementOrder } from "../modules/movement/movement.service.ts";
import type { PlanMovement } from "./plan-types.ts";

const day = (iso: string) => parseIsoDate(iso)!;

export interface MovementIds {
  schoolId: number;
  /** The user who registers the orders (the secretary), or null. */
  actorId: number | null;
  studentId: readonly number[];
  classId: readonly number[];
  subgroupId: readonly number[];
}

/** Registers the orders in date order; returns how many were written. */
export async function writeMovements(tx: Db, movements: readonly PlanMovement[], ids: MovementIds): Promise<number> {
  const { schoolId } = ids;
  for (const m of movements) {
    const effectiveDate = day(m.effectiveDate);
    const studentId = ids.studentId[m.student]!;
    await applyMovementOrder(
      tx,
      { schoolId, actorId: ids.actorId },
      {
        kind: m.kind,
        number: m.number,
        orderDate: day(m.orderDate),
        effectiveDate,
        studentId,
        toClassId: m.toCls === null ? null : ids.classId[m.toCls]!,
        reason: m.reason,
        destSchool: m.destSchool,
        destOrderNumber: m.destOrderNumber,
        destOrderDate: m.destOrderDate === null ? null : day(m.destOrderDate),
        note: m.note,
      },
    );
    if (m.joinSubgroups.length)
      await tx.subgroupMembership.createMany({
        data: m.joinSubgroups.map((g) => ({ schoolId, subgroupId: ids.subgroupId[g]!, studentId, fromDate: effectiveDate })),
      });
  }
  return movements.length;
}
