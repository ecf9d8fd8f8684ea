/**
 * The card's general data and employment by orders (R-REG-5): hire, transfer, an additional
 * position, dismissal and re-hiring, each with its order in the employment history. A dismissal
 * moves the person to the register of dismissed staff and takes away access: the account is
 * blocked and its sessions are ended. Every change is audited.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { addDays } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { endSessions } from "../auth/auth.service.ts";
import { findSamePerson } from "../movement/movement.service.ts";
import { assertActive, assertPdAdmitted, lockStaff, showDates, type Ctx } from "./staff.common.ts";
import type { DismissInput, GeneralInput, HireInput, TransferInput } from "./staff.schemas.ts";
import { TEXT } from "./staff.text.ts";

function generalData(d: GeneralInput) {
  return {
    person: { lastName: d.lastName, firstName: d.firstName, middleName: d.middleName, birthDate: d.birthDate, sex: d.sex, phone: d.phone, email: d.email },
    staff: { personnelNumber: d.personnelNumber, serviceSince: d.serviceSince, teachingSince: d.teachingSince },
  };
}

/**
 * Hires a new person (or an existing person of the school who is not staff): Person, Staff, the
 * position and the HIRE event in one transaction. ValidationError for a duplicate staff member.
 */
export async function hireStaff(ctx: Ctx, d: HireInput, db?: Db) {
  const run = async (tx: Db) => {
    const same = await findSamePerson(tx, ctx.schoolId, d);
    if (same.some((p) => p.staff)) throw new ValidationError({ lastName: TEXT.duplicate });
    const g = generalData(d);
    const person = same[0] ?? (await tx.person.create({ data: { schoolId: ctx.schoolId, ...g.person } }));
    const staff = await tx.staff.create({ data: { schoolId: ctx.schoolId, personId: person.id, hiredAt: d.date, ...g.staff } });
    await tx.staffPosition.create({ data: { schoolId: ctx.schoolId, staffId: staff.id, title: d.position, rate: d.rate, fromDate: d.date } });
    await tx.staffEvent.create({
      data: {
        schoolId: ctx.schoolId,
        staffId: staff.id,
        kind: "HIRE",
        orderNumber: d.orderNumber,
        orderDate: d.orderDate,
        date: d.date,
        position: d.position,
        rate: d.rate,
        createdById: ctx.actorId,
      },
    });
    await audit(tx, {
      schoolId: ctx.schoolId,
      actorId: ctx.actorId,
      entity: "staff",
      entityId: staff.id,
      action: "hire",
      newValue: showDates({ ...g.person, ...g.staff, position: d.position, rate: d.rate, orderNumber: d.orderNumber, orderDate: d.orderDate, date: d.date }),
    });
    return staff;
  };
  return db ? run(db) : prisma.$transaction(run);
}

/** Updates the general data of the card (audited field by field). */
export async function updateGeneral(actor: Actor, staffId: number, d: GeneralInput, db?: Db) {
  assertPdAdmitted(actor);
  const run = async (tx: Db) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    const same = await findSamePerson(tx, actor.schoolId, d);
    if (same.some((p) => p.id !== s.personId && p.staff)) throw new ValidationError({ lastName: TEXT.duplicate });
    const g = generalData(d);
    const before = showDates({
      lastName: s.person.lastName,
      firstName: s.person.firstName,
      middleName: s.person.middleName,
      birthDate: s.person.birthDate,
      sex: s.person.sex,
      phone: s.person.phone,
      email: s.person.email,
      personnelNumber: s.personnelNumber,
      serviceSince: s.serviceSince,
      teachingSince: s.teachingSince,
    });
    const after = showDates({ ...g.person, ...g.staff });
    const changed = Object.keys(after).filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
    if (!changed.length) return false;
    await tx.person.update({ where: { id: s.personId }, data: g.person });
    await tx.staff.update({ where: { id: s.id }, data: g.staff });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "person",
      entityId: s.personId,
      action: "update",
      oldValue: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
      newValue: Object.fromEntries(changed.map((k) => [k, after[k] ?? null])),
    });
    return true;
  };
  return db ? run(db) : prisma.$transaction(run);
}

/** Transfer to another position by an order: the open positions end the day before, the new one starts. */
export async function transferStaff(actor: Actor, staffId: number, d: TransferInput) {
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    assertActive(s);
    if (s.hiredAt && d.date.getTime() <= s.hiredAt.getTime()) throw new ValidationError({ date: TEXT.beforeHire });
    const open = await tx.staffPosition.findMany({ where: { staffId: s.id, OR: [{ toDate: null }, { toDate: { gte: d.date } }] } });
    for (const p of open) await tx.staffPosition.update({ where: { id: p.id }, data: { toDate: addDays(d.date, -1) } });
    await tx.staffPosition.create({ data: { schoolId: actor.schoolId, staffId: s.id, title: d.position, rate: d.rate, fromDate: d.date } });
    await tx.staffEvent.create({
      data: {
        schoolId: actor.schoolId,
        staffId: s.id,
        kind: "TRANSFER",
        orderNumber: d.orderNumber,
        orderDate: d.orderDate,
        date: d.date,
        position: d.position,
        rate: d.rate,
        reason: d.reason,
        createdById: actor.userId,
      },
    });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "staff",
      entityId: s.id,
      action: "transfer",
      oldValue: { positions: open.map((p) => `${p.title} (${Number(p.rate)})`) },
      newValue: showDates({ ...d }),
    });
  });
}

/** An additional position (совмещение) from a date, without closing the others. */
export async function addPosition(actor: Actor, staffId: number, d: { position: string; rate: number; fromDate: Date }) {
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    assertActive(s);
    const p = await tx.staffPosition.create({ data: { schoolId: actor.schoolId, staffId: s.id, title: d.position, rate: d.rate, fromDate: d.fromDate } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "staff",
      entityId: s.id,
      action: "add-position",
      newValue: showDates({ id: p.id, ...d }),
    });
  });
}

/**
 * Dismissal by an order (R-REG-5): the last working day is `date`; the positions end on it, the
 * person goes to the register of dismissed staff, the account is blocked and signed out at once.
 * Refused for oneself and for the last active administrator.
 */
export async function dismissStaff(actor: Actor, staffId: number, d: DismissInput) {
  const userId = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "School" WHERE id = ${actor.schoolId} FOR UPDATE`;
    const s = await lockStaff(tx, actor.schoolId, staffId);
    if (s.dismissedAt) throw new ValidationError({ _form: TEXT.alreadyDismissed });
    if (s.hiredAt && d.date.getTime() < s.hiredAt.getTime()) throw new ValidationError({ date: TEXT.beforeHire });
    const user = await tx.user.findUnique({ where: { personId: s.personId }, include: { roles: true } });
    if (user?.id === actor.userId) throw new ValidationError({ _form: TEXT.dismissSelf });
    if (user && !user.blocked && user.roles.some((r) => r.role === "ADMIN")) {
      const others = await tx.user.count({ where: { schoolId: actor.schoolId, blocked: false, id: { not: user.id }, roles: { some: { role: "ADMIN" } } } });
      if (!others) throw new ValidationError({ _form: TEXT.lastAdmin });
    }
    await tx.staffPosition.updateMany({ where: { staffId: s.id, OR: [{ toDate: null }, { toDate: { gt: d.date } }] }, data: { toDate: d.date } });
    await tx.staff.update({ where: { id: s.id }, data: { dismissedAt: d.date, dismissReason: d.reason } });
    await tx.staffEvent.create({
      data: {
        schoolId: actor.schoolId,
        staffId: s.id,
        kind: "DISMISS",
        orderNumber: d.orderNumber,
        orderDate: d.orderDate,
        date: d.date,
        reason: d.reason,
        createdById: actor.userId,
      },
    });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "staff",
      entityId: s.id,
      action: "dismiss",
      newValue: showDates({ ...d }),
      reason: d.reason,
    });
    if (user && !user.blocked) {
      await tx.user.update({ where: { id: user.id }, data: { blocked: true } });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "user",
        entityId: user.id,
        action: "block",
        oldValue: { blocked: false },
        newValue: { blocked: true },
        reason: `Увольнение: приказ № ${d.orderNumber}`,
      });
    }
    return user?.id ?? null;
  });
  if (userId) await endSessions(userId);
}

/** Re-hiring a dismissed person: a HIRE order; the account stays blocked until the administrator unblocks it. */
export async function rehireStaff(actor: Actor, staffId: number, d: { orderNumber: string; orderDate: Date; date: Date; position: string; rate: number }) {
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    if (!s.dismissedAt) throw new ValidationError({ _form: TEXT.notDismissed });
    if (d.date.getTime() <= s.dismissedAt.getTime()) throw new ValidationError({ date: "Дата приёма раньше даты увольнения" });
    await tx.staff.update({ where: { id: s.id }, data: { dismissedAt: null, dismissReason: null, hiredAt: d.date } });
    await tx.staffPosition.create({ data: { schoolId: actor.schoolId, staffId: s.id, title: d.position, rate: d.rate, fromDate: d.date } });
    await tx.staffEvent.create({
      data: {
        schoolId: actor.schoolId,
        staffId: s.id,
        kind: "HIRE",
        orderNumber: d.orderNumber,
        orderDate: d.orderDate,
        date: d.date,
        position: d.position,
        rate: d.rate,
        createdById: actor.userId,
      },
    });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "staff", entityId: s.id, action: "rehire", newValue: showDates({ ...d }) });
  });
}
