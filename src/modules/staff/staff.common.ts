/** Shared pieces of the personnel register's services: the writer context, row locks, the audit's value form. */
import type { Actor } from "../../access/actor.ts";
import { Prisma, type Db } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { Forbidden, Locked, NotFound } from "../../lib/errors.ts";
import { PD_TEXT, TEXT } from "./staff.text.ts";

/** Who writes: the school and the user recorded as the author (null for a system import). */
export type Ctx = { schoolId: number; actorId: number | null };

/** The writer context of the signed-in actor. */
export const ctxOf = (actor: Actor): Ctx => ({ schoolId: actor.schoolId, actorId: actor.userId });

/** Dismissed on the day: the last working day has passed or is that day. */
export function isDismissed(s: { dismissedAt: Date | null }, on = today()): boolean {
  return !!s.dismissedAt && s.dismissedAt.getTime() <= on.getTime();
}

/** A value for the audit log: dates as ГГГГ-ММ-ДД, decimals as numbers. */
export function showDates<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Date ? isoDate(v) : v instanceof Prisma.Decimal ? Number(v) : v]));
}

/** Inside a transaction: locks the staff row of the school (NotFound otherwise) and reads it with its person. */
export async function lockStaff(tx: Db, schoolId: number, staffId: number) {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Staff" WHERE id = ${staffId} AND "schoolId" = ${schoolId} FOR UPDATE`;
  if (!rows.length) throw new NotFound();
  return tx.staff.findUniqueOrThrow({ where: { id: staffId }, include: { person: true } });
}

/**
 * Throws Forbidden (with the one-sentence reason) when the actor's non-disclosure undertaking is not in the
 * register of staff admitted to personal data (001 §3.14, issue 17): the card's personal data is closed.
 */
export function assertPdAdmitted(actor: Actor): void {
  if (!actor.pdAdmitted) throw new Forbidden(PD_TEXT.cardClosed);
}

/** Throws Locked for a dismissed person's card (only re-hiring opens it again). */
export function assertActive(s: { dismissedAt: Date | null }): void {
  if (s.dismissedAt) throw new Locked(TEXT.dismissed);
}
