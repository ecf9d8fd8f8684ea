/**
 * Writes the personnel cards of the seed plan (plan-staff-cards.ts) inside the school's
 * transaction: the hire orders in the employment history (StaffEvent HIRE, entered by the HR
 * specialist), education, qualification categories, professional training and awards, in bulk.
 * The personnel number and the starts of service are written with the Staff rows (school.ts).
 */
import type { Db } from "../lib/db.ts";
import { parseIsoDate } from "../lib/dates.ts";
import type { PlanStaff, PlanStaffCard } from "./plan-types.ts";

const day = (iso: string) => parseIsoDate(iso)!;

/** Writes the cards; `staffId` is the Staff id of each plan staff row, `hrUserId` who entered the orders. */
export async function writeStaffCards(
  tx: Db,
  schoolId: number,
  rows: { staff: readonly PlanStaff[]; cards: readonly PlanStaffCard[]; staffId: readonly number[] },
  hrUserId: number | null,
): Promise<void> {
  const { staff, cards, staffId } = rows;
  const each = <T>(f: (card: PlanStaffCard, base: { schoolId: number; staffId: number }, i: number) => T[]) =>
    cards.flatMap((card, i) => f(card, { schoolId, staffId: staffId[i]! }, i));
  await tx.staffEvent.createMany({
    data: each((card, base, i) => [
      {
        ...base,
        kind: "HIRE" as const,
        orderNumber: card.hireOrder.number,
        orderDate: day(card.hireOrder.date),
        date: day(staff[i]!.hiredAt),
        position: staff[i]!.title,
        rate: staff[i]!.rate,
        createdById: hrUserId,
      },
    ]),
  });
  await tx.staffEducation.createMany({ data: each((card, base) => card.education.map((e) => ({ ...base, ...e }))) });
  await tx.staffQualification.createMany({
    data: each((card, base) => card.qualifications.map((q) => ({ ...base, ...q, assignedAt: day(q.assignedAt), validUntil: day(q.validUntil) }))),
  });
  await tx.staffTraining.createMany({
    data: each((card, base) => card.trainings.map((t) => ({ ...base, ...t, fromDate: day(t.fromDate), toDate: day(t.toDate) }))),
  });
  await tx.staffAward.createMany({ data: each((card, base) => card.awards.map((a) => ({ ...base, ...a, date: day(a.date) }))) });
}
