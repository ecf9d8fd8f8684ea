/**
 * The movement report for a period (R-RPT-5): per class of the year, the headcount at the start
 * (the evening before the first day), arrivals (enrolled, from other classes), departures (to other classes, by
 * withdrawal reason, graduated) and the headcount at the end (the evening of the last day), so that
 * start + arrived − departed = end when every change was made by an order. Counted from the
 * active (not cancelled) orders of the period and from class memberships on the two days.
 */
import { prisma } from "../../lib/db.ts";
import { addDays } from "../../lib/dates.ts";
import { className } from "../../lib/names.ts";
import { WITHDRAW_REASON_CODES, type WithdrawReason } from "./movement.text.ts";

export interface ReportRow {
  classId: number;
  className: string;
  atStart: number;
  enrolled: number;
  fromClasses: number;
  arrived: number;
  toClasses: number;
  withdrawn: Record<WithdrawReason, number>;
  graduated: number;
  departed: number;
  atEnd: number;
}

function emptyWithdrawn(): Record<WithdrawReason, number> {
  return Object.fromEntries(WITHDRAW_REASON_CODES.map((c) => [c, 0])) as Record<WithdrawReason, number>;
}

export async function movementReport(schoolId: number, yearId: number, from: Date, to: Date) {
  const classes = await prisma.schoolClass.findMany({ where: { schoolId, yearId }, orderBy: [{ grade: "asc" }, { letter: "asc" }] });
  const classIds = classes.map((c) => c.id);
  const activeOn = (day: Date) => ({ fromDate: { lte: day }, OR: [{ toDate: null }, { toDate: { gte: day } }] });
  const [startCounts, endCounts, orders] = await Promise.all([
    prisma.classMembership.groupBy({ by: ["classId"], where: { schoolId, classId: { in: classIds }, ...activeOn(addDays(from, -1)) }, _count: { _all: true } }),
    prisma.classMembership.groupBy({ by: ["classId"], where: { schoolId, classId: { in: classIds }, ...activeOn(to) }, _count: { _all: true } }),
    prisma.movementOrder.findMany({
      where: { schoolId, cancelledAt: null, effectiveDate: { gte: from, lte: to }, OR: [{ fromClassId: { in: classIds } }, { toClassId: { in: classIds } }] },
    }),
  ]);
  const rows = new Map<number, ReportRow>();
  for (const c of classes)
    rows.set(c.id, {
      classId: c.id,
      className: className(c),
      atStart: 0,
      enrolled: 0,
      fromClasses: 0,
      arrived: 0,
      toClasses: 0,
      withdrawn: emptyWithdrawn(),
      graduated: 0,
      departed: 0,
      atEnd: 0,
    });
  for (const s of startCounts) rows.get(s.classId)!.atStart = s._count._all;
  for (const s of endCounts) rows.get(s.classId)!.atEnd = s._count._all;
  for (const o of orders) {
    const into = o.toClassId ? rows.get(o.toClassId) : undefined;
    const out = o.fromClassId ? rows.get(o.fromClassId) : undefined;
    if (into) {
      if (o.kind === "ENROL") into.enrolled++;
      else into.fromClasses++;
      into.arrived++;
    }
    if (out) {
      if (o.kind === "WITHDRAW") out.withdrawn[(o.reason as WithdrawReason) in out.withdrawn ? (o.reason as WithdrawReason) : "OTHER"]++;
      else if (o.kind === "GRADUATE") out.graduated++;
      else out.toClasses++;
      out.departed++;
    }
  }
  const list = [...rows.values()];
  const total: ReportRow = {
    classId: 0,
    className: "Итого",
    atStart: 0,
    enrolled: 0,
    fromClasses: 0,
    arrived: 0,
    toClasses: 0,
    withdrawn: emptyWithdrawn(),
    graduated: 0,
    departed: 0,
    atEnd: 0,
  };
  for (const r of list) {
    for (const k of ["atStart", "enrolled", "fromClasses", "arrived", "toClasses", "graduated", "departed", "atEnd"] as const) total[k] += r[k];
    for (const c of WITHDRAW_REASON_CODES) total.withdrawn[c] += r.withdrawn[c];
  }
  /** Reasons that occur in the period get their own column; the others are not shown. */
  const reasons = WITHDRAW_REASON_CODES.filter((c) => total.withdrawn[c] > 0);
  return { rows: list, total, reasons };
}
