/**
 * Registering an order of the movement book (R-REG-3..4): enrolment, transfer within the year,
 * withdrawal, promotion and graduation. Each order changes ClassMembership from its effective date
 * and keeps history: the old membership ends the day before, the new one starts on the day, so
 * journals and diaries before the date still show the student in the old class.
 *
 * applyMovementOrder(tx, ctx, input) runs inside the caller's transaction (closing the year calls
 * it with PROMOTE / GRADUATE); registerOrder() wraps it for the pages, with a new student when one
 * is enrolled.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { personIdsWithSameName } from "../../lib/person-search.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { addDays, formatDate, isoDate, within } from "../../lib/dates.ts";
import { birthDateProblem } from "../../lib/birth-dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { className } from "../../lib/names.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import type { MovementKind, Sex } from "../../generated/prisma/enums.ts";
import type { MovementOrder } from "../../generated/prisma/client.ts";
import { SUMMER_DAYS, throwIf, yearRangeError, type MovementChanges, type MovementContext } from "./movement.common.ts";
import { ENROL_REASONS, TEXT } from "./movement.text.ts";
import { keptIds, strandedEntries, type StrandedDecision } from "./stranded.service.ts";
import { isReferenceCode } from "../references/references.service.ts";

export interface MovementInput {
  kind: MovementKind;
  /** Номер приказа */
  number: string;
  orderDate: Date;
  /** ENROL/TRANSFER/PROMOTE: the first day in the new class; WITHDRAW/GRADUATE: the first day away. */
  effectiveDate: Date;
  studentId: number;
  /** ENROL, TRANSFER, PROMOTE: the class the student goes to. */
  toClassId?: number | null;
  reason?: string | null;
  destSchool?: string | null;
  destOrderNumber?: string | null;
  destOrderDate?: Date | null;
  note?: string | null;
  /** TRANSFER, WITHDRAW: what to do with the pupil's entries left in the old class's journal after the date (stranded.service.ts). */
  stranded?: StrandedDecision | null;
}

/** The registrar refused the order because of the entries it would leave behind: nothing is saved, the refusal is audited. */
export class StrandedRefused extends ValidationError {
  constructor(
    readonly studentId: number,
    readonly fromClass: string,
    readonly effectiveDate: Date,
    readonly count: number,
  ) {
    super({ stranded: TEXT.strandedRefused(fromClass) });
  }
}

/**
 * Registers one order inside the caller's transaction: validates it against the memberships it
 * just read (row-locked per student), changes the memberships, stores the order with what it did,
 * and writes the audit entry. Throws ValidationError with Russian messages keyed by form field,
 * Locked for a closed year.
 */
export async function applyMovementOrder(tx: Db, ctx: MovementContext, input: MovementInput): Promise<MovementOrder> {
  const { schoolId } = ctx;
  const D = input.effectiveDate;
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Student" WHERE id = ${input.studentId} AND "schoolId" = ${schoolId} FOR UPDATE`;
  if (!locked.length) throw new ValidationError({ studentId: TEXT.studentNotFound });

  const later = await tx.movementOrder.findFirst({
    where: { schoolId, studentId: input.studentId, cancelledAt: null, effectiveDate: { gt: D } },
    orderBy: { effectiveDate: "desc" },
  });
  if (later) throw new ValidationError({ effectiveDate: TEXT.laterOrder(later.number, formatDate(later.effectiveDate)) });

  const memberships = await tx.classMembership.findMany({
    where: { schoolId, studentId: input.studentId },
    include: { class: { include: { year: true } } },
    orderBy: { fromDate: "asc" },
  });
  const future = memberships.find((m) => m.fromDate.getTime() > D.getTime());
  if (future) throw new ValidationError({ effectiveDate: TEXT.alreadyInClass(className(future.class), formatDate(future.fromDate)) });
  const active = memberships.find((m) => within(D, m.fromDate, m.toDate)) ?? null;

  const needsTarget = input.kind === "ENROL" || input.kind === "TRANSFER" || input.kind === "PROMOTE";
  const target = needsTarget && input.toClassId ? await tx.schoolClass.findFirst({ where: { id: input.toClassId, schoolId }, include: { year: true } }) : null;
  const errors: FieldErrors = {};
  if (needsTarget && !target) errors.toClassId = input.toClassId ? TEXT.classNotFound : TEXT.pickClass;
  if (target && target.year.status === "CLOSED") errors.toClassId = TEXT.closedYear(target.year.name);

  switch (input.kind) {
    case "ENROL": {
      if (input.reason && !(input.reason in ENROL_REASONS)) errors.reason = TEXT.enrolReason;
      if (active) {
        if (target && active.classId === target.id) errors.toClassId = TEXT.alreadyInTarget(className(target));
        else errors.studentId = TEXT.alreadyInClass(className(active.class), formatDate(active.fromDate));
      }
      if (target) errors.effectiveDate ??= yearRangeError(target.year, D) ?? undefined!;
      break;
    }
    case "TRANSFER": {
      if (!active) errors.studentId = TEXT.notInClass;
      else if (target) {
        if (active.classId === target.id) errors.toClassId = TEXT.alreadyInTarget(className(target));
        else if (active.class.yearId !== target.yearId) errors.toClassId = TEXT.otherYearClass;
      }
      if (target) errors.effectiveDate ??= yearRangeError(target.year, D) ?? undefined!;
      if (active && !errors.effectiveDate && active.fromDate.getTime() >= D.getTime())
        errors.effectiveDate = TEXT.notInClassOnDate(formatDate(addDays(active.fromDate, 1)));
      break;
    }
    case "PROMOTE": {
      if (!active) errors.studentId = TEXT.notInClass;
      else if (target && target.year.startDate.getTime() <= active.class.year.endDate.getTime()) errors.toClassId = TEXT.promoteNextYear;
      if (target) errors.effectiveDate ??= yearRangeError(target.year, D) ?? undefined!;
      break;
    }
    case "WITHDRAW":
    case "GRADUATE": {
      if (!active) errors.studentId = TEXT.notInClass;
      else {
        if (active.class.year.status === "CLOSED" && input.kind === "WITHDRAW") errors.effectiveDate = TEXT.closedYear(active.class.year.name);
        errors.effectiveDate ??= yearRangeError(active.class.year, D, SUMMER_DAYS) ?? undefined!;
        if (!errors.effectiveDate && active.fromDate.getTime() >= D.getTime())
          errors.effectiveDate = TEXT.notInClassOnDate(formatDate(addDays(active.fromDate, 1)));
      }
      if (input.kind === "WITHDRAW") {
        if (!input.reason) errors.reason = TEXT.reasonRequired;
        // The school's list of reasons (R-REG-9): the built-in codes and the school's own.
        else if (!(await isReferenceCode(schoolId, "WITHDRAW_REASON", input.reason, tx))) errors.reason = TEXT.withdrawReason;
        if (input.reason === "TO_SCHOOL") {
          if (!input.destSchool) errors.destSchool = TEXT.destSchoolRequired;
          if (!input.destOrderNumber) errors.destOrderNumber = TEXT.destOrderRequired;
          if (!input.destOrderDate) errors.destOrderDate = TEXT.destOrderDateRequired;
        }
      }
      break;
    }
  }
  for (const k of Object.keys(errors)) if (errors[k] === undefined) delete errors[k];
  throwIf(errors);

  // A backdated order would leave entries in the old class's journal (stranded.service.ts): the registrar decides.
  const stranded =
    active && (input.kind === "TRANSFER" || input.kind === "WITHDRAW") ? await strandedEntries(tx, schoolId, input.studentId, active.classId, D) : [];
  if (stranded.length && active) {
    if (!input.stranded) throw new ValidationError({ stranded: TEXT.strandedAsk(stranded.length, className(active.class), formatDate(D)) });
    if (input.stranded === "refuse") throw new StrandedRefused(input.studentId, className(active.class), D, stranded.length);
  }
  const kept = stranded.length ? keptIds(stranded) : null;

  const changes: MovementChanges = { closed: [], opened: [], ...(kept ? { kept } : {}) };
  const dayBefore = addDays(D, -1);
  if (active && input.kind !== "ENROL") {
    await tx.classMembership.update({ where: { id: active.id }, data: { toDate: dayBefore } });
    changes.closed.push({ kind: "class", id: active.id, previousToDate: active.toDate ? isoDate(active.toDate) : null, toDate: isoDate(dayBefore) });
    const groups = await tx.subgroupMembership.findMany({
      where: {
        schoolId,
        studentId: input.studentId,
        subgroup: { classId: active.classId },
        fromDate: { lt: D },
        OR: [{ toDate: null }, { toDate: { gte: D } }],
      },
    });
    for (const g of groups) {
      await tx.subgroupMembership.update({ where: { id: g.id }, data: { toDate: dayBefore } });
      changes.closed.push({ kind: "subgroup", id: g.id, previousToDate: g.toDate ? isoDate(g.toDate) : null, toDate: isoDate(dayBefore) });
    }
  }
  if (target) {
    const opened = await tx.classMembership.create({ data: { schoolId, studentId: input.studentId, classId: target.id, fromDate: D } });
    changes.opened.push({ kind: "class", id: opened.id });
  }

  const withdrawToSchool = input.kind === "WITHDRAW" && input.reason === "TO_SCHOOL";
  const order = await tx.movementOrder.create({
    data: {
      schoolId,
      yearId: target?.yearId ?? active?.class.yearId ?? null,
      kind: input.kind,
      number: input.number,
      orderDate: input.orderDate,
      effectiveDate: D,
      studentId: input.studentId,
      fromClassId: input.kind === "ENROL" ? null : (active?.classId ?? null),
      toClassId: target?.id ?? null,
      reason: input.kind === "WITHDRAW" || input.kind === "ENROL" ? (input.reason ?? null) : null,
      destSchool: withdrawToSchool ? (input.destSchool ?? null) : input.kind === "WITHDRAW" ? (input.destSchool ?? null) : null,
      destOrderNumber: withdrawToSchool ? (input.destOrderNumber ?? null) : null,
      destOrderDate: withdrawToSchool ? (input.destOrderDate ?? null) : null,
      note: input.note ?? null,
      changes,
      createdById: ctx.actorId,
    },
  });
  await audit(tx, {
    schoolId,
    actorId: ctx.actorId,
    entity: "movement-order",
    entityId: order.id,
    action: "create",
    newValue: {
      kind: order.kind,
      number: order.number,
      orderDate: isoDate(order.orderDate),
      effectiveDate: isoDate(order.effectiveDate),
      studentId: order.studentId,
      fromClass: active && input.kind !== "ENROL" ? className(active.class) : null,
      toClass: target ? className(target) : null,
      reason: order.reason,
      destSchool: order.destSchool,
      destOrderNumber: order.destOrderNumber,
      destOrderDate: order.destOrderDate ? isoDate(order.destOrderDate) : null,
      ...(kept ? { stranded: "keep", kept } : {}),
    },
  });
  return order;
}

export interface NewStudentInput {
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: Date;
  sex: Sex | null;
}

/** Same full name and birth date (ё = е, case-insensitive) in the school: a duplicate. */
export async function findSamePerson(db: Db, schoolId: number, p: { lastName: string; firstName: string; middleName: string | null; birthDate: Date | null }) {
  return db.person.findMany({
    where: { id: { in: await personIdsWithSameName(db, schoolId, p) } },
    include: { student: true, staff: true, user: { select: { id: true, login: true } } },
  });
}

/** Creates the person and student record of a newly enrolled student (audited). ValidationError for a duplicate. */
export async function createStudentCore(tx: Db, ctx: MovementContext, p: NewStudentInput & { phone?: string | null; email?: string | null }) {
  if ((await findSamePerson(tx, ctx.schoolId, p)).some((c) => c.student)) throw new ValidationError({ lastName: TEXT.duplicateStudent });
  const person = await tx.person.create({
    data: {
      schoolId: ctx.schoolId,
      lastName: p.lastName,
      firstName: p.firstName,
      middleName: p.middleName,
      birthDate: p.birthDate,
      sex: p.sex,
      phone: p.phone ?? null,
      email: p.email ?? null,
    },
  });
  const student = await tx.student.create({ data: { schoolId: ctx.schoolId, personId: person.id } });
  await audit(tx, {
    schoolId: ctx.schoolId,
    actorId: ctx.actorId,
    entity: "person",
    entityId: person.id,
    action: "create",
    newValue: { lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, birthDate: isoDate(p.birthDate), sex: p.sex, studentId: student.id },
  });
  return student;
}

/** An order as the page registers it: an existing student, or (enrolment only) a new one. */
export type RegisterOrderInput = Omit<MovementInput, "studentId"> & { studentId: number | null; newStudent: NewStudentInput | null };

/**
 * The page's entry point: one transaction per order; a new student may be created with it
 * (enrolment). ValidationError (field → message) as applyMovementOrder, Locked for a closed year.
 */
export async function registerOrder(actor: Actor, input: RegisterOrderInput): Promise<MovementOrder> {
  try {
    return await registerInTransaction(actor, input);
  } catch (e) {
    // The refusal is the registrar's decision on the pupil's record: audited, though the order is not saved.
    if (e instanceof StrandedRefused)
      await audit(prisma, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "movement-order",
        entityId: `student:${e.studentId}`,
        action: "refuse-stranded",
        newValue: {
          kind: input.kind,
          number: input.number,
          studentId: e.studentId,
          fromClass: e.fromClass,
          effectiveDate: isoDate(e.effectiveDate),
          entries: e.count,
        },
      });
    throw e;
  }
}

async function registerInTransaction(actor: Actor, input: RegisterOrderInput): Promise<MovementOrder> {
  return prisma.$transaction(async (tx) => {
    const ctx = { schoolId: actor.schoolId, actorId: actor.userId };
    let studentId = input.studentId;
    if (!studentId) {
      if (input.kind !== "ENROL" || !input.newStudent)
        throw new ValidationError({ studentId: input.kind === "ENROL" ? TEXT.personRequired : TEXT.pickStudent });
      // Issue 23: the new student's age must fit the class (src/lib/birth-dates.ts).
      const target = input.toClassId
        ? await tx.schoolClass.findFirst({ where: { id: input.toClassId, schoolId: ctx.schoolId }, select: { grade: true } })
        : null;
      const problem = birthDateProblem(input.newStudent.birthDate, "pupil", { grade: target?.grade, on: input.effectiveDate });
      if (problem) throw new ValidationError({ newBirthDate: problem });
      studentId = (await createStudentCore(tx, ctx, input.newStudent)).id;
    }
    return applyMovementOrder(tx, ctx, { ...input, studentId });
  });
}
