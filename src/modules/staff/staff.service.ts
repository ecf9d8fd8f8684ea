/**
 * The personnel register (R-REG-5): staff personal cards with general data, positions and workload,
 * employment history by orders (hire, transfer, dismissal), education, qualification category,
 * awards, professional training and methodical work. A dismissal moves the person to the register
 * of dismissed staff and takes away access: the account is blocked and its sessions are ended.
 * Every change is audited. Only the administrator and HR reach these functions (staff-file, R-ACL-3).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, Prisma, type Db } from "../../lib/db.ts";
import { addDays, isoDate, today } from "../../lib/dates.ts";
import { Locked, NotFound, ValidationError } from "../../lib/errors.ts";
import { compareNames, fullName, searchForm } from "../../lib/names.ts";
import { endSessions } from "../auth/auth.service.ts";
import { findSamePerson } from "../movement/movement.service.ts";
import type { DismissInput, GeneralInput, HireInput, TransferInput } from "./staff.schemas.ts";
import { CATEGORY_NAMES, EDUCATION_LEVELS, TEXT, type EducationLevel, type Section } from "./staff.text.ts";

export const PAGE_SIZE = 25;

type Ctx = { schoolId: number; actorId: number | null };
const ctxOf = (actor: Actor): Ctx => ({ schoolId: actor.schoolId, actorId: actor.userId });

function isDismissed(s: { dismissedAt: Date | null }, on = today()): boolean {
  return !!s.dismissedAt && s.dismissedAt.getTime() <= on.getTime();
}

const norm = searchForm;

/** The register: current staff (or the dismissed), searchable by name and position, alphabetical. */
export async function listStaff(actor: Actor, opts: { q: string; page: number; dismissed: boolean }) {
  const rows = await prisma.staff.findMany({
    where: { schoolId: actor.schoolId },
    include: {
      person: { include: { user: { select: { login: true, blocked: true } } } },
      positions: true,
      qualifications: { orderBy: { assignedAt: "desc" }, take: 1 },
    },
  });
  const on = today();
  const filtered = rows
    .filter((s) => isDismissed(s, on) === opts.dismissed)
    .map((s) => ({
      id: s.id,
      name: fullName(s.person),
      person: s.person,
      birthDate: s.person.birthDate,
      login: s.person.user?.login ?? null,
      blocked: s.person.user?.blocked ?? false,
      positions: s.positions
        .filter((p) => !p.toDate || p.toDate.getTime() >= on.getTime() || opts.dismissed)
        .map((p) => `${p.title} (${Number(p.rate).toString().replace(".", ",")})`),
      category: s.qualifications[0] ? CATEGORY_NAMES[s.qualifications[0].category] : "",
      hiredAt: s.hiredAt,
      dismissedAt: s.dismissedAt,
      dismissReason: s.dismissReason,
    }))
    .filter((r) => !opts.q || norm(`${r.name} ${r.positions.join(" ")}`).includes(norm(opts.q)));
  filtered.sort((a, b) => compareNames(a.person, b.person));
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, opts.page), pages);
  return { items: filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, pages, total: filtered.length };
}

/** The full personal card, or NotFound outside the actor's school. */
export async function getCard(actor: Actor, staffId: number) {
  const s = await prisma.staff.findFirst({
    where: { id: staffId, schoolId: actor.schoolId },
    include: {
      person: { include: { user: { select: { id: true, login: true, blocked: true, roles: true } } } },
      positions: { orderBy: [{ fromDate: "asc" }, { id: "asc" }] },
      events: { orderBy: [{ date: "asc" }, { id: "asc" }] },
      education: { orderBy: { graduationYear: "asc" } },
      qualifications: { orderBy: { assignedAt: "asc" } },
      awards: { orderBy: { date: "asc" } },
      trainings: { orderBy: { fromDate: "asc" } },
      methodical: { orderBy: { date: "asc" } },
    },
  });
  if (!s) throw new NotFound();
  const year = actor.currentYearId;
  const loads = year
    ? await prisma.teachingLoad.findMany({ where: { schoolId: actor.schoolId, yearId: year, teacherId: s.personId }, include: { class: true, subject: true } })
    : [];
  const hours = loads.reduce((a, l) => a + Number(l.hoursPerWeek), 0);
  return { ...s, name: fullName(s.person), dismissed: isDismissed(s), loads, hours };
}

function generalData(d: GeneralInput) {
  return {
    person: { lastName: d.lastName, firstName: d.firstName, middleName: d.middleName, birthDate: d.birthDate, sex: d.sex, phone: d.phone, email: d.email },
    staff: { personnelNumber: d.personnelNumber, serviceSince: d.serviceSince, teachingSince: d.teachingSince },
  };
}

function showDates<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Date ? isoDate(v) : v instanceof Prisma.Decimal ? Number(v) : v]));
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

async function lockStaff(tx: Db, schoolId: number, staffId: number) {
  const rows = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Staff" WHERE id = ${staffId} AND "schoolId" = ${schoolId} FOR UPDATE`;
  if (!rows.length) throw new NotFound();
  return tx.staff.findUniqueOrThrow({ where: { id: staffId }, include: { person: true } });
}

/** Updates the general data of the card (audited field by field). */
export async function updateGeneral(actor: Actor, staffId: number, d: GeneralInput, db?: Db) {
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

function assertActive(s: { dismissedAt: Date | null }) {
  if (s.dismissedAt) throw new Locked(TEXT.dismissed);
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

// ---------------------------------------------------------------- card sections

type SectionData = Record<string, unknown>;

/** Adds a row to a section of the card (education, qualification, award, training, methodical work). */
export async function addSectionRow(actor: Actor, staffId: number, section: Section, d: SectionData) {
  if (section === "training" && (d.toDate as Date).getTime() < (d.fromDate as Date).getTime()) throw new ValidationError({ toDate: TEXT.toBeforeFrom });
  if (section === "qualification" && d.validUntil && (d.validUntil as Date).getTime() < (d.assignedAt as Date).getTime())
    throw new ValidationError({ validUntil: TEXT.toBeforeFrom });
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    const base = { schoolId: actor.schoolId, staffId: s.id };
    let id: number;
    switch (section) {
      case "education":
        id = (
          await tx.staffEducation.create({
            data: { ...base, ...(d as { level: string; institution: string; graduationYear: number; speciality: string | null }) },
          })
        ).id;
        break;
      case "qualification":
        id = (
          await tx.staffQualification.create({
            data: { ...base, ...(d as { category: "NONE"; assignedAt: Date; validUntil: Date | null; orderNumber: string | null }) },
          })
        ).id;
        break;
      case "award":
        id = (await tx.staffAward.create({ data: { ...base, ...(d as { title: string; date: Date; document: string | null }) } })).id;
        break;
      case "training":
        id = (
          await tx.staffTraining.create({
            data: { ...base, ...(d as { course: string; provider: string | null; hours: number; fromDate: Date; toDate: Date; document: string | null }) },
          })
        ).id;
        break;
      case "methodical":
        id = (await tx.staffMethodicalWork.create({ data: { ...base, ...(d as { date: Date; title: string; description: string | null }) } })).id;
        break;
    }
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: `staff-${section}`,
      entityId: id,
      action: "create",
      newValue: showDates({ staffId: s.id, ...d }),
    });
  });
}

/** Deletes a row of a section (NotFound unless it belongs to this card). */
export async function deleteSectionRow(actor: Actor, staffId: number, section: Section, rowId: number) {
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    const where = { id: rowId, staffId: s.id, schoolId: actor.schoolId };
    let old: Record<string, unknown> | null;
    switch (section) {
      case "education":
        old = await tx.staffEducation.findFirst({ where });
        if (old) await tx.staffEducation.delete({ where: { id: rowId } });
        break;
      case "qualification":
        old = await tx.staffQualification.findFirst({ where });
        if (old) await tx.staffQualification.delete({ where: { id: rowId } });
        break;
      case "award":
        old = await tx.staffAward.findFirst({ where });
        if (old) await tx.staffAward.delete({ where: { id: rowId } });
        break;
      case "training":
        old = await tx.staffTraining.findFirst({ where });
        if (old) await tx.staffTraining.delete({ where: { id: rowId } });
        break;
      case "methodical":
        old = await tx.staffMethodicalWork.findFirst({ where });
        if (old) await tx.staffMethodicalWork.delete({ where: { id: rowId } });
        break;
    }
    if (!old) throw new NotFound();
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: `staff-${section}`,
      entityId: rowId,
      action: "delete",
      oldValue: showDates(old),
    });
  });
}

export function educationName(level: string): string {
  return EDUCATION_LEVELS[level as EducationLevel] ?? level;
}
