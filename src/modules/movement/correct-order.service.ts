/**
 * Correcting an order's details (R-REG-3): the administrator fixes the number, the order date, the
 * reason and the other school's data with a logged reason. Dates of movement and classes are not
 * corrected here (memberships stay as they are): that takes a cancellation and a new order.
 */
import type { Actor } from "../../access/actor.ts";
import { assertCan } from "../../access/policy.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { orderInSchool, throwIf } from "./movement.common.ts";
import { ENROL_REASONS, TEXT } from "./movement.text.ts";
import { isReferenceCode } from "../references/references.service.ts";

export interface OrderDetailsInput {
  number: string;
  orderDate: Date;
  reason: string | null;
  destSchool: string | null;
  destOrderNumber: string | null;
  destOrderDate: Date | null;
  note: string | null;
  why: string;
}

/**
 * The administrator (movement update) corrects the order's details (not its dates of movement or
 * classes) with a logged reason. Forbidden for anyone else, NotFound for another school's order,
 * ValidationError for a missing reason, a cancelled order or a withdrawal without its details.
 */
export async function correctOrderDetails(actor: Actor, id: number, input: OrderDetailsInput): Promise<void> {
  assertCan(actor, "update", "movement");
  await prisma.$transaction(async (tx) => {
    const order = await orderInSchool(tx, actor.schoolId, id);
    const errors: FieldErrors = {};
    if (!input.why.trim()) errors.why = TEXT.cancelReasonRequired.replace("отмены", "исправления");
    if (order.cancelledAt) errors._form = TEXT.alreadyCancelled;
    if (order.kind === "WITHDRAW") {
      if (!input.reason) errors.reason = TEXT.reasonRequired;
      else if (!(await isReferenceCode(actor.schoolId, "WITHDRAW_REASON", input.reason, tx))) errors.reason = TEXT.withdrawReason;
      if (input.reason === "TO_SCHOOL") {
        if (!input.destSchool) errors.destSchool = TEXT.destSchoolRequired;
        if (!input.destOrderNumber) errors.destOrderNumber = TEXT.destOrderRequired;
        if (!input.destOrderDate) errors.destOrderDate = TEXT.destOrderDateRequired;
      }
    }
    if (order.kind === "ENROL" && input.reason && !(input.reason in ENROL_REASONS)) errors.reason = TEXT.enrolReason;
    throwIf(errors);
    const keep = order.kind === "WITHDRAW" || order.kind === "ENROL";
    const toSchool = order.kind === "WITHDRAW" && input.reason === "TO_SCHOOL";
    const next = {
      number: input.number,
      orderDate: input.orderDate,
      reason: keep ? input.reason : order.reason,
      destSchool: order.kind === "WITHDRAW" ? input.destSchool : null,
      destOrderNumber: toSchool ? input.destOrderNumber : null,
      destOrderDate: toSchool ? input.destOrderDate : null,
      note: input.note,
    };
    const show = (o: typeof next) => ({ ...o, orderDate: isoDate(o.orderDate), destOrderDate: o.destOrderDate ? isoDate(o.destOrderDate) : null });
    await tx.movementOrder.update({ where: { id: order.id }, data: next });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "movement-order",
      entityId: order.id,
      action: "correct",
      oldValue: show({
        number: order.number,
        orderDate: order.orderDate,
        reason: order.reason,
        destSchool: order.destSchool,
        destOrderNumber: order.destOrderNumber,
        destOrderDate: order.destOrderDate,
        note: order.note,
      }),
      newValue: show(next),
      reason: input.why.trim(),
    });
  });
}
