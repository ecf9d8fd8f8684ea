/**
 * Reading the movement book (R-REG-3..4): the filters of the book and report pages, the book's
 * pages and its whole period (print, PDF), one order, and the choices of the order form. Every
 * query is scoped by the actor's school.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Prisma } from "../../lib/db.ts";
import { addDays, formatDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, fullName } from "../../lib/names.ts";
import type { MovementKind } from "../../generated/prisma/enums.ts";
import { yearsOf } from "../setup/years.service.ts";
import { orderInSchool, SUMMER_DAYS } from "./movement.common.ts";
import { KIND_NAMES } from "./movement.text.ts";

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

/** One order of the school as a row of the book; NotFound for another school's id. */
export async function getOrder(actor: Actor, id: number) {
  const o = await orderInSchool(prisma, actor.schoolId, id);
  return bookRow(o);
}

/** The query of a book or report page (parsed by movement.schemas bookQuery). */
export interface BookQuery {
  year: number | null;
  from: Date | null;
  to: Date | null;
  kind: MovementKind | null;
  class: number | null;
}

/**
 * The year of a book or report page (the asked one, else the current, else the latest), its
 * classes, and the filter: the period (default: the whole year with its summer), the kind and a
 * class of that year. NotFound when the asked year is not the school's.
 */
export async function bookFilter(actor: Actor, q: BookQuery) {
  const years = await yearsOf(actor.schoolId);
  const year = (q.year ? years.find((y) => y.id === q.year) : null) ?? years.find((y) => y.status === "CURRENT") ?? years[0] ?? null;
  if (q.year && year?.id !== q.year) throw new NotFound();
  const from = q.from ?? year?.startDate ?? today();
  const to = q.to ?? (year ? addDays(year.endDate, SUMMER_DAYS) : from);
  const classes = year
    ? await prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: year.id }, orderBy: [{ grade: "asc" }, { letter: "asc" }] })
    : [];
  const classId = q.class && classes.some((c) => c.id === q.class) ? q.class : null;
  const f: BookFilter = { from, to: to < from ? from : to, kind: q.kind, classId };
  return { years, year, classes: classes.map((c) => ({ value: c.id, label: className(c) })), f };
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

/** The choices of the order form: classes of the years not closed, students of the current (else the draft) year today. */
export async function orderFormOptions(actor: Actor) {
  const years = await yearsOf(actor.schoolId);
  const year = years.find((y) => y.status === "CURRENT") ?? years.find((y) => y.status === "DRAFT") ?? null;
  const writable = years.filter((y) => y.status !== "CLOSED").map((y) => y.id);
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: { in: writable } },
    include: { year: true },
    orderBy: [{ year: { startDate: "asc" } }, { grade: "asc" }, { letter: "asc" }],
  });
  const students = year ? await studentOptions(actor, year.id, today()) : { classGroups: [], unplaced: [] };
  return { classOptions: classes.map((c) => ({ value: c.id, label: `${className(c)} (${c.year.name})` })), students };
}
