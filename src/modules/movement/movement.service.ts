/**
 * The movement book (книга движения), R-REG-3..4: orders of enrolment, transfer within the year,
 * withdrawal, promotion and graduation. Each order changes ClassMembership from its effective date
 * and keeps history: the old membership ends the day before, the new one starts on the day, so
 * journals and diaries before the date still show the student in the old class.
 *
 * applyMovementOrder(tx, ctx, input) is the service API (the year-closing issue calls it with
 * PROMOTE / GRADUATE inside its own transaction); registerOrder() wraps it for the pages.
 * Orders are corrected only by a new order, or by the administrator with a logged reason:
 * cancelOrder() undoes exactly the membership change the order recorded; correctOrderDetails()
 * fixes the number, dates and the other school's data without touching memberships.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { personIdsWithSameName } from "../../lib/person-search.ts";
import { prisma, Prisma, type Db } from "../../lib/db.ts";
import { addDays, formatDate, isoDate, parseIsoDate, within } from "../../lib/dates.ts";
import { Forbidden, Locked, NotFound, ValidationError } from "../../lib/errors.ts";
import { className, fullName } from "../../lib/names.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import type { MovementKind, Sex } from "../../generated/prisma/enums.ts";
import type { MovementOrder } from "../../generated/prisma/client.ts";
import { ENROL_REASONS, KIND_NAMES, TEXT, WITHDRAW_REASONS } from "./movement.text.ts";
import { clock } from "../../lib/clock.ts";

export interface MovementContext {
  schoolId: number;
  /** The user registering the order (for the audit log); null for system jobs. */
  actorId: number | null;
}

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
}

interface ClosedChange {
  kind: "class" | "subgroup";
  id: number;
  /** The membership's toDate before the order (ISO), to restore on cancellation. */
  previousToDate: string | null;
  /** The toDate the order set (ISO). */
  toDate: string;
}
interface OpenedChange {
  kind: "class";
  id: number;
}
export interface MovementChanges {
  closed: ClosedChange[];
  opened: OpenedChange[];
}

/** Summer after the year's end still belongs to it for withdrawals and graduation. */
const SUMMER_DAYS = 92;

type YearLike = { name: string; startDate: Date; endDate: Date; status: string };

function yearRangeError(year: YearLike, date: Date, extraDays = 0): string | null {
  const end = addDays(year.endDate, extraDays);
  if (within(date, year.startDate, end)) return null;
  return TEXT.outsideYear(year.name, formatDate(year.startDate), formatDate(end));
}

function throwIf(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
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
        else if (!(input.reason in WITHDRAW_REASONS)) errors.reason = TEXT.withdrawReason;
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

  const changes: MovementChanges = { closed: [], opened: [] };
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
      changes: changes as unknown as Prisma.InputJsonValue,
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

/** The page's entry point: one transaction per order; a new student may be created with it (enrolment). */
export async function registerOrder(
  actor: Actor,
  input: Omit<MovementInput, "studentId"> & { studentId: number | null; newStudent: NewStudentInput | null },
): Promise<MovementOrder> {
  return prisma.$transaction(async (tx) => {
    const ctx = { schoolId: actor.schoolId, actorId: actor.userId };
    let studentId = input.studentId;
    if (!studentId) {
      if (input.kind !== "ENROL" || !input.newStudent)
        throw new ValidationError({ studentId: input.kind === "ENROL" ? TEXT.personRequired : TEXT.pickStudent });
      studentId = (await createStudentCore(tx, ctx, input.newStudent)).id;
    }
    return applyMovementOrder(tx, ctx, { ...input, studentId });
  });
}

// ---------------------------------------------------------------- corrections (administrator, with a reason)

async function orderInSchool(db: Db, schoolId: number, id: number) {
  const order = await db.movementOrder.findFirst({
    where: { id, schoolId },
    include: { student: { include: { person: true } }, fromClass: true, toClass: true },
  });
  if (!order) throw new NotFound();
  return order;
}

/**
 * Cancels an order (ADMIN only, R-REG-3: "corrected by the administrator with a logged reason"):
 * undoes its membership change — deletes the membership it opened, restores the end dates it set.
 * Only the student's latest active order may be cancelled, and only while the memberships are as
 * the order left them. Audited with the reason.
 */
export async function cancelOrder(actor: Actor, id: number, reason: string): Promise<void> {
  if (!actor.roles.has("ADMIN")) throw new Forbidden();
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

/** The administrator corrects the order's details (not its dates of movement or classes) with a logged reason. */
export async function correctOrderDetails(actor: Actor, id: number, input: OrderDetailsInput): Promise<void> {
  if (!actor.roles.has("ADMIN")) throw new Forbidden();
  await prisma.$transaction(async (tx) => {
    const order = await orderInSchool(tx, actor.schoolId, id);
    const errors: FieldErrors = {};
    if (!input.why.trim()) errors.why = TEXT.cancelReasonRequired.replace("отмены", "исправления");
    if (order.cancelledAt) errors._form = TEXT.alreadyCancelled;
    if (order.kind === "WITHDRAW") {
      if (!input.reason) errors.reason = TEXT.reasonRequired;
      if (input.reason === "TO_SCHOOL") {
        if (!input.destSchool) errors.destSchool = TEXT.destSchoolRequired;
        if (!input.destOrderNumber) errors.destOrderNumber = TEXT.destOrderRequired;
        if (!input.destOrderDate) errors.destOrderDate = TEXT.destOrderDateRequired;
      }
    }
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

// ---------------------------------------------------------------- reading

export interface BookFilter {
  from: Date;
  to: Date;
  kind: MovementKind | null;
  classId: number | null;
}

function bookWhere(schoolId: number, f: BookFilter): Prisma.MovementOrderWhereInput {
  return {
    schoolId,
    effectiveDate: { gte: f.from, lte: f.to },
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.classId ? { OR: [{ fromClassId: f.classId }, { toClassId: f.classId }] } : {}),
  };
}

export const BOOK_PAGE_SIZE = 25;

function bookRow(o: Awaited<ReturnType<typeof loadBook>>[number]) {
  return {
    id: o.id,
    kind: o.kind,
    kindName: KIND_NAMES[o.kind],
    number: o.number,
    orderDate: o.orderDate,
    effectiveDate: o.effectiveDate,
    studentId: o.studentId,
    studentName: fullName(o.student.person),
    birthDate: o.student.person.birthDate,
    fromClass: o.fromClass ? className(o.fromClass) : "",
    toClass: o.toClass ? className(o.toClass) : "",
    reason: o.reason,
    destSchool: o.destSchool,
    destOrderNumber: o.destOrderNumber,
    destOrderDate: o.destOrderDate,
    note: o.note,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelReason,
  };
}
export type BookRow = ReturnType<typeof bookRow>;

function loadBook(where: Prisma.MovementOrderWhereInput, page?: number) {
  return prisma.movementOrder.findMany({
    where,
    include: { student: { include: { person: true } }, fromClass: true, toClass: true },
    orderBy: [{ effectiveDate: "asc" }, { id: "asc" }],
    ...(page ? { skip: (page - 1) * BOOK_PAGE_SIZE, take: BOOK_PAGE_SIZE } : {}),
  });
}

/** One page of the book for the period and filters, in the order of dates. */
export async function listOrders(actor: Actor, f: BookFilter, page: number) {
  const where = bookWhere(actor.schoolId, f);
  const total = await prisma.movementOrder.count({ where });
  const pages = Math.max(1, Math.ceil(total / BOOK_PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  const rows = (await loadBook(where, p)).map(bookRow);
  return { items: rows, page: p, pages, total };
}

/** The whole book for the period and filters (print, PDF). */
export async function allOrders(actor: Actor, f: BookFilter): Promise<BookRow[]> {
  return (await loadBook(bookWhere(actor.schoolId, f))).map(bookRow);
}

export async function getOrder(actor: Actor, id: number) {
  const o = await orderInSchool(prisma, actor.schoolId, id);
  return bookRow(o);
}

/** Students for the order forms: those in a class on the day (grouped by class) and those in none. */
export async function studentOptions(actor: Actor, yearId: number, on: Date) {
  const [inClass, all] = await Promise.all([
    prisma.classMembership.findMany({
      where: { schoolId: actor.schoolId, class: { yearId }, fromDate: { lte: on }, OR: [{ toDate: null }, { toDate: { gte: on } }] },
      include: { class: true, student: { include: { person: true } } },
    }),
    prisma.student.findMany({ where: { schoolId: actor.schoolId }, include: { person: true } }),
  ]);
  const collator = new Intl.Collator("ru");
  const placed = new Set(inClass.map((m) => m.studentId));
  const label = (p: { lastName: string; firstName: string; middleName: string | null; birthDate: Date | null }) =>
    `${fullName(p)}${p.birthDate ? `, ${formatDate(p.birthDate)}` : ""}`;
  const groups = new Map<string, { grade: number; letter: string; options: { value: number; label: string }[] }>();
  for (const m of inClass) {
    const key = className(m.class);
    const g = groups.get(key) ?? { grade: m.class.grade, letter: m.class.letter, options: [] };
    g.options.push({ value: m.studentId, label: label(m.student.person) });
    groups.set(key, g);
  }
  const classGroups = [...groups.entries()]
    .sort(([, a], [, b]) => a.grade - b.grade || collator.compare(a.letter, b.letter))
    .map(([name, g]) => ({ name, options: g.options.sort((a, b) => collator.compare(a.label, b.label)) }));
  const unplaced = all
    .filter((s) => !placed.has(s.id))
    .map((s) => ({ value: s.id, label: label(s.person) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  return { classGroups, unplaced };
}

// ---------------------------------------------------------------- bulk enrolment (spreadsheet import)

export interface NewEnrolment {
  person: NewStudentInput & { phone: string | null; email: string | null };
  /** PersonProfile fields (addresses, identity document), or null. */
  profile: Record<string, unknown> | null;
  number: string;
  orderDate: Date;
  effectiveDate: Date;
  toClassId: number;
  reason: string | null;
}

const personKey = (p: { lastName: string; firstName: string; middleName: string | null; birthDate: Date | null }) =>
  [p.lastName, p.firstName, p.middleName ?? "", p.birthDate ? isoDate(p.birthDate) : ""].join("|").toLocaleLowerCase("ru").replace(/ё/g, "е").trim();

/**
 * Creates many new students and their enrolment orders inside the caller's transaction, with the
 * same records (membership from the date, an ENROL order with what it opened, audit entries) as
 * applyMovementOrder, in a few statements per 500 students. The students are new, so the
 * per-student checks reduce to the class, its year and the date; duplicates of existing students
 * (same full name and birth date) are refused. ValidationError { _form } on any problem.
 */
export async function enrolNewStudents(tx: Db, ctx: MovementContext, list: NewEnrolment[]): Promise<number> {
  if (!list.length) return 0;
  const { schoolId } = ctx;
  const classes = new Map(
    (await tx.schoolClass.findMany({ where: { schoolId, id: { in: [...new Set(list.map((e) => e.toClassId))] } }, include: { year: true } })).map((c) => [
      c.id,
      c,
    ]),
  );
  const existing = new Set(
    (
      await tx.person.findMany({
        where: { schoolId, student: { isNot: null } },
        select: { lastName: true, firstName: true, middleName: true, birthDate: true },
      })
    ).map(personKey),
  );
  const seen = new Set<string>();
  for (const e of list) {
    const cls = classes.get(e.toClassId);
    const key = personKey(e.person);
    if (!cls) throw new ValidationError({ _form: TEXT.classNotFound });
    if (cls.year.status === "CLOSED") throw new ValidationError({ _form: TEXT.closedYear(cls.year.name) });
    const bad = yearRangeError(cls.year, e.effectiveDate);
    if (bad) throw new ValidationError({ _form: `${fullName(e.person)}: ${bad}` });
    if (existing.has(key) || seen.has(key)) throw new ValidationError({ _form: `${fullName(e.person)}: ${TEXT.duplicateStudent}` });
    seen.add(key);
  }
  for (let i = 0; i < list.length; i += 500) {
    const chunk = list.slice(i, i + 500);
    const persons = await tx.person.createManyAndReturn({
      data: chunk.map((e) => ({
        schoolId,
        lastName: e.person.lastName,
        firstName: e.person.firstName,
        middleName: e.person.middleName,
        birthDate: e.person.birthDate,
        sex: e.person.sex,
        phone: e.person.phone,
        email: e.person.email,
      })),
      select: { id: true, lastName: true, firstName: true, middleName: true, birthDate: true },
    });
    const personIdByKey = new Map(persons.map((p) => [personKey(p), p.id]));
    const personIds = chunk.map((e) => personIdByKey.get(personKey(e.person))!);
    const students = await tx.student.createManyAndReturn({
      data: personIds.map((personId) => ({ schoolId, personId })),
      select: { id: true, personId: true },
    });
    const studentByPerson = new Map(students.map((s) => [s.personId, s.id]));
    const profiles = chunk.flatMap((e, j) => (e.profile && Object.keys(e.profile).length ? [{ schoolId, personId: personIds[j]!, ...e.profile }] : []));
    if (profiles.length) await tx.personProfile.createMany({ data: profiles as never });
    const studentIds = personIds.map((id) => studentByPerson.get(id)!);
    const memberships = await tx.classMembership.createManyAndReturn({
      data: chunk.map((e, j) => ({ schoolId, studentId: studentIds[j]!, classId: e.toClassId, fromDate: e.effectiveDate })),
      select: { id: true, studentId: true },
    });
    const membershipByStudent = new Map(memberships.map((m) => [m.studentId, m.id]));
    const orders = await tx.movementOrder.createManyAndReturn({
      data: chunk.map((e, j) => ({
        schoolId,
        yearId: classes.get(e.toClassId)!.yearId,
        kind: "ENROL" as const,
        number: e.number,
        orderDate: e.orderDate,
        effectiveDate: e.effectiveDate,
        studentId: studentIds[j]!,
        toClassId: e.toClassId,
        reason: e.reason,
        createdById: ctx.actorId,
        changes: { closed: [], opened: [{ kind: "class", id: membershipByStudent.get(studentIds[j]!)! }] } as unknown as Prisma.InputJsonValue,
      })),
      select: { id: true, studentId: true },
    });
    const orderByStudent = new Map(orders.map((o) => [o.studentId, o.id]));
    await tx.auditLog.createMany({
      data: chunk.flatMap((e, j) => {
        const cls = classes.get(e.toClassId)!;
        return [
          {
            schoolId,
            actorId: ctx.actorId,
            entity: "person",
            entityId: String(personIds[j]),
            action: "create",
            newValue: {
              lastName: e.person.lastName,
              firstName: e.person.firstName,
              middleName: e.person.middleName,
              birthDate: isoDate(e.person.birthDate),
              sex: e.person.sex,
              studentId: studentIds[j],
            },
          },
          {
            schoolId,
            actorId: ctx.actorId,
            entity: "movement-order",
            entityId: String(orderByStudent.get(studentIds[j]!)),
            action: "create",
            newValue: {
              kind: "ENROL",
              number: e.number,
              orderDate: isoDate(e.orderDate),
              effectiveDate: isoDate(e.effectiveDate),
              studentId: studentIds[j],
              fromClass: null,
              toClass: className(cls),
              reason: e.reason,
            },
          },
        ];
      }),
    });
  }
  return list.length;
}
