/**
 * Cancelling an order of the movement book (R-REG-3: corrected by the administrator with a logged
 * reason): the membership change the order recorded is undone exactly.
 */
import type { Actor } from "../../access/actor.ts";
import { assertCan } from "../../access/policy.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { isoDate, parseIsoDate } from "../../lib/dates.ts";
import { Locked, ValidationError } from "../../lib/errors.ts";
import { clock } from "../../lib/clock.ts";
import { orderInSchool, type MovementChanges } from "./movement.common.ts";
import { TEXT } from "./movement.text.ts";

/**
 * Cancels an order (movement delete, the administrator's: R-REG-3 "corrected by the administrator
 * with a logged reason"): undoes its membership change — deletes the membership it opened,
 * restores the end dates it set. Only the student's latest active order may be cancelled, and only
 * while the memberships are as the order left them. Audited with the reason. Forbidden for anyone
 * else, NotFound for another school's order, Locked for a closed year, ValidationError otherwise.
 */
export async function cancelOrder(actor: Actor, id: number, reason: string): Promise<void> {
  assertCan(actor, "delete", "movement");
  if (!reason.trim()) throw new ValidationError({ cancelReason: TEXT.cancelReasonRequired });
  await prisma.$transaction(async (tx) => {
    const found = await orderInSchool(tx, actor.schoolId, id);
    await tx.$queryRaw`SELECT id FROM "Student" WHERE id = ${found.studentId} FOR UPDATE`;
    const order = await tx.movementOrder.findUniqueOrThrow({ where: { id } });
    if (order.cancelledAt) throw new ValidationError({ cancelReason: TEXT.alreadyCancelled });
    if (order.yearId) {
      const year = await tx.academicYear.findUnique({ where: { id: order.yearId } });
      if (year?.status === "CLOSED") throw new Locked(TEXT.closedYear(year.name));
    }
    const later = await tx.movementOrder.findFirst({
      where: {
        schoolId: actor.schoolId,
        studentId: order.studentId,
        cancelledAt: null,
        id: { not: order.id },
        OR: [{ effectiveDate: { gt: order.effectiveDate } }, { effectiveDate: order.effectiveDate, id: { gt: order.id } }],
      },
    });
    if (later) throw new ValidationError({ cancelReason: TEXT.notLatest });
    const changes = order.changes as unknown as MovementChanges;
    // A year-end order touches the closed year's memberships too: those stay sealed (R-YR-1, R-INT-1).
    const touched = [...changes.opened.map((o) => o.id), ...changes.closed.filter((c) => c.kind === "class").map((c) => c.id)];
    const closedYear = await tx.academicYear.findFirst({
      where: { schoolId: actor.schoolId, status: "CLOSED", classes: { some: { memberships: { some: { id: { in: touched } } } } } },
    });
    if (closedYear) throw new Locked(TEXT.closedYear(closedYear.name));
    for (const o of changes.opened) {
      const m = await tx.classMembership.findUnique({ where: { id: o.id } });
      if (m && m.toDate !== null) throw new ValidationError({ cancelReason: TEXT.membershipChanged });
      if (m) {
        await tx.subgroupMembership.deleteMany({
          where: { schoolId: actor.schoolId, studentId: order.studentId, subgroup: { classId: m.classId }, fromDate: { gte: m.fromDate } },
        });
        await tx.classMembership.delete({ where: { id: m.id } });
      }
    }
    for (const c of changes.closed) {
      const previous = c.previousToDate ? parseIsoDate(c.previousToDate) : null;
      if (c.kind === "class") {
        const m = await tx.classMembership.findUnique({ where: { id: c.id } });
        if (!m || !m.toDate || isoDate(m.toDate) !== c.toDate) throw new ValidationError({ cancelReason: TEXT.membershipChanged });
        await tx.classMembership.update({ where: { id: c.id }, data: { toDate: previous } });
      } else {
        const m = await tx.subgroupMembership.findUnique({ where: { id: c.id } });
        if (m && m.toDate && isoDate(m.toDate) === c.toDate) await tx.subgroupMembership.update({ where: { id: c.id }, data: { toDate: previous } });
      }
    }
    const now = clock.now();
    await tx.movementOrder.update({ where: { id: order.id }, data: { cancelledAt: now, cancelledById: actor.userId, cancelReason: reason.trim() } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "movement-order",
      entityId: order.id,
      action: "cancel",
      oldValue: { kind: order.kind, number: order.number, effectiveDate: isoDate(order.effectiveDate), changes },
      newValue: { cancelledAt: now.toISOString() },
      reason: reason.trim(),
    });
  });
}
