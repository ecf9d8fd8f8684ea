/**
 * Academic debts after the year close (issue 17, 003 §2.13.3, R-DRY-6): a conditional promotion
 * (YearDecision PROMOTE_CONDITIONAL) carries the subjects with a failing year mark; the pupil liquidates
 * each by a deadline — the decision's own date, or the school's default day and month («до 15 октября»)
 * of the calendar year after the school year ends. The administrator and the deputies (entity
 * academic-debt) set the deadline and record a liquidation (date, new mark, who), in a closed year too:
 * neither is part of the archive's seal (integrity.canon hashes the decision's kind, subjects and order).
 * Every change is audited. The family sees the open debts with the deadline in the diary, overdue flagged.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { addDays, isoDate, today } from "../../lib/dates.ts";
import { Conflict, NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName } from "../../lib/names.ts";

/** The school's default deadline for a year ending on `yearEnd`: the first day and month after it («15.10»). */
export function defaultDebtDeadline(yearEnd: Date, day: number, month: number): Date {
  for (const y of [yearEnd.getUTCFullYear(), yearEnd.getUTCFullYear() + 1]) {
    const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
    const date = new Date(Date.UTC(y, month - 1, Math.min(day, last)));
    if (date > yearEnd) return date;
  }
  return addDays(yearEnd, 1);
}

/** A debt is overdue the day after its deadline while it is not liquidated. */
export function isDebtOverdue(deadline: Date, liquidated: boolean, now: Date = today()): boolean {
  return !liquidated && isoDate(now) > isoDate(deadline);
}

async function conditionalDecisions(schoolId: number, where: { yearId?: number; studentId?: number; id?: number }) {
  const [school, decisions] = await Promise.all([
    prisma.school.findUniqueOrThrow({ where: { id: schoolId }, select: { debtDeadlineDay: true, debtDeadlineMonth: true } }),
    prisma.yearDecision.findMany({ where: { schoolId, kind: "PROMOTE_CONDITIONAL", ...where }, include: { liquidations: true } }),
  ]);
  const ids = (f: (d: (typeof decisions)[number]) => number[]) => [...new Set(decisions.flatMap(f))];
  const [years, subjects, students, classes, recorders] = await Promise.all([
    prisma.academicYear.findMany({ where: { schoolId, id: { in: ids((d) => [d.yearId]) } } }),
    prisma.subject.findMany({ where: { schoolId, id: { in: ids((d) => d.debtSubjectIds) } }, select: { id: true, name: true } }),
    prisma.student.findMany({ where: { schoolId, id: { in: ids((d) => [d.studentId]) } }, include: { person: true } }),
    prisma.schoolClass.findMany({ where: { schoolId, id: { in: ids((d) => [d.classId]) } } }),
    prisma.user.findMany({ where: { schoolId, id: { in: ids((d) => d.liquidations.map((l) => l.recordedById ?? 0)) } }, include: { person: true } }),
  ]);
  const year = new Map(years.map((y) => [y.id, y]));
  const subject = new Map(subjects.map((s) => [s.id, s.name]));
  const student = new Map(students.map((s) => [s.id, s]));
  const cls = new Map(classes.map((c) => [c.id, className(c)]));
  const recorder = new Map(recorders.map((u) => [u.id, u.person ? fullName(u.person) : u.login]));
  const now = today();
  return decisions
    .filter((d) => year.has(d.yearId) && student.has(d.studentId))
    .map((d) => {
      const y = year.get(d.yearId)!;
      const deadline = d.debtDeadline ?? defaultDebtDeadline(y.endDate, school.debtDeadlineDay, school.debtDeadlineMonth);
      const st = student.get(d.studentId)!;
      return {
        decisionId: d.id,
        yearId: y.id,
        yearName: y.name,
        studentId: d.studentId,
        person: st.person,
        name: fullName(st.person),
        className: cls.get(d.classId) ?? "",
        deadline,
        ownDeadline: d.debtDeadline !== null,
        subjects: d.debtSubjectIds
          .map((id) => {
            const l = d.liquidations.find((x) => x.subjectId === id);
            return {
              subjectId: id,
              subject: subject.get(id) ?? "",
              liquidation: l ? { date: l.date, mark: l.mark, by: l.recordedById ? (recorder.get(l.recordedById) ?? "") : "" } : null,
              overdue: isDebtOverdue(deadline, !!l, now),
            };
          })
          .sort((a, b) => compareText(a.subject, b.subject)),
      };
    });
}

/** The conditional promotions of a year of the school with their debts (the page of the administrator and the deputies). NotFound for another school's year. */
export async function yearDebts(actor: Actor, yearId: number) {
  const year = await prisma.academicYear.findFirst({ where: { id: yearId, schoolId: actor.schoolId } });
  if (!year) throw new NotFound("Учебный год не найден");
  const rows = await conditionalDecisions(actor.schoolId, { yearId });
  rows.sort((a, b) => compareText(a.className, b.className) || compareNames(a.person, b.person));
  return { year, rows };
}

/** A pupil's open academic debts of every year, for the diary (the caller has checked the family scope). */
export async function academicDebtsForStudent(schoolId: number, studentId: number) {
  const rows = await conditionalDecisions(schoolId, { studentId });
  return rows
    .flatMap((d) =>
      d.subjects.filter((s) => !s.liquidation).map((s) => ({ yearName: d.yearName, subject: s.subject, deadline: d.deadline, overdue: s.overdue })),
    )
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || compareText(a.subject, b.subject));
}

async function decisionOf(db: Db, actor: Actor, yearId: number, decisionId: number) {
  const d = await db.yearDecision.findFirst({ where: { id: decisionId, yearId, schoolId: actor.schoolId, kind: "PROMOTE_CONDITIONAL" } });
  if (!d) throw new NotFound("Решение не найдено");
  return d;
}

/** Sets the decision's own deadline (null: back to the school's default). Audited (entity academic-debt). NotFound outside the school. */
export async function setDebtDeadline(actor: Actor, yearId: number, decisionId: number, deadline: Date | null): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const d = await decisionOf(tx, actor, yearId, decisionId);
    const before = d.debtDeadline ? isoDate(d.debtDeadline) : null;
    const after = deadline ? isoDate(deadline) : null;
    if (before === after) return false;
    await tx.yearDecision.update({ where: { id: d.id }, data: { debtDeadline: deadline } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "academic-debt",
      entityId: d.id,
      action: "deadline",
      oldValue: { studentId: d.studentId, deadline: before },
      newValue: { studentId: d.studentId, deadline: after },
    });
    return true;
  });
}

/**
 * NotFound unless the decision of the school's year has this subject as a debt, Conflict when it is liquidated
 * already: what the page's form of the debt stands for, checked before a refused form is shown again.
 */
export async function assertOpenDebt(actor: Actor, yearId: number, decisionId: number, subjectId: number | null): Promise<void> {
  const d = await decisionOf(prisma, actor, yearId, decisionId);
  if (subjectId === null) return;
  if (!d.debtSubjectIds.includes(subjectId)) throw new NotFound("Задолженность не найдена");
  const exists = await prisma.debtLiquidation.findUnique({ where: { decisionId_subjectId: { decisionId: d.id, subjectId } } });
  if (exists) throw new Conflict("Задолженность уже ликвидирована");
}

export interface LiquidationInput {
  date: Date;
  mark: string;
}

/**
 * Records that a debt is liquidated: the subject must be one of the decision's debts (NotFound), the date not
 * in the future and not before the decision's order (ValidationError on «date»), once (Conflict). Audited.
 */
export async function liquidateDebt(actor: Actor, yearId: number, decisionId: number, subjectId: number, input: LiquidationInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const d = await decisionOf(tx, actor, yearId, decisionId);
    if (!d.debtSubjectIds.includes(subjectId)) throw new NotFound("Задолженность не найдена");
    if (isoDate(input.date) > isoDate(today())) throw new ValidationError({ date: "Дата не может быть позже сегодняшней" });
    if (isoDate(input.date) < isoDate(d.orderDate)) throw new ValidationError({ date: "Дата не может быть раньше приказа о переводе" });
    const exists = await tx.debtLiquidation.findUnique({ where: { decisionId_subjectId: { decisionId: d.id, subjectId } } });
    if (exists) throw new Conflict("Задолженность уже ликвидирована");
    await tx.debtLiquidation.create({
      data: { schoolId: actor.schoolId, decisionId: d.id, subjectId, date: input.date, mark: input.mark, recordedById: actor.userId },
    });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "academic-debt",
      entityId: d.id,
      action: "liquidate",
      newValue: { studentId: d.studentId, subjectId, date: isoDate(input.date), mark: input.mark },
    });
  });
}
