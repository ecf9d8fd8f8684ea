/**
 * Decisions of the pedagogical council per student (R-YR-1): promote, promote conditionally
 * (academic debt), retain, graduate, each with the order number and date. Defaults come from
 * the year final marks (year-close.policy defaultDecision); the administrator reviews them per
 * class. A closed year's decisions are read-only (Locked).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { Prisma, prisma, type Db } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import type { YearDecisionKind } from "../../generated/prisma/enums.ts";
import { lockWritableYear } from "../setup/years.service.ts";
import { activeAtEnd, findSchoolYear, lastStudyDay } from "./check.service.ts";
import { FAILING_VALUES, GRADUATING_GRADES, TOP_GRADE, decisionError, defaultDecision } from "./year-close.policy.ts";

export interface OrderInput {
  orderNumber: string;
  orderDate: Date;
}

/** Classes of the year with students at the end of the year and how many have a decision. */
export async function decisionClasses(schoolId: number, yearId: number) {
  const year = await findSchoolYear(prisma, schoolId, yearId);
  const lastDay = await lastStudyDay(prisma, year);
  const rows = await prisma.$queryRaw<{ classId: number; students: number; decided: number }[]>`
    WITH st AS (${activeAtEnd(schoolId, yearId, lastDay)})
    SELECT c.id AS "classId", count(st."studentId")::int AS students, count(d.id)::int AS decided
    FROM "SchoolClass" c LEFT JOIN st ON st."classId" = c.id
    LEFT JOIN "YearDecision" d ON d."yearId" = ${yearId} AND d."studentId" = st."studentId"
    WHERE c."schoolId" = ${schoolId} AND c."yearId" = ${yearId}
    GROUP BY c.id`;
  const classes = await prisma.schoolClass.findMany({ where: { schoolId, yearId }, orderBy: [{ grade: "asc" }, { letter: "asc" }] });
  const by = new Map(rows.map((r) => [r.classId, r]));
  return {
    year,
    classes: classes.map((c) => ({ id: c.id, name: className(c), grade: c.grade, students: by.get(c.id)?.students ?? 0, decided: by.get(c.id)?.decided ?? 0 })),
  };
}

/** Year failing marks of the given students: studentId → subject ids (sorted). */
async function debtsOf(db: Db, yearId: number, studentIds: number[]): Promise<Map<number, number[]>> {
  const finals = await db.finalMark.findMany({
    where: { yearId, kind: "YEAR", studentId: { in: studentIds }, value: { in: [...FAILING_VALUES] } },
    select: { studentId: true, subjectId: true },
  });
  const map = new Map<number, number[]>();
  for (const f of finals) map.set(f.studentId, [...(map.get(f.studentId) ?? []), f.subjectId]);
  for (const v of map.values()) v.sort((a, b) => a - b);
  return map;
}

/** One class's students at the end of the year with their year marks, the default and the recorded decision. */
export async function classDecisions(schoolId: number, yearId: number, classId: number) {
  const year = await findSchoolYear(prisma, schoolId, yearId);
  const cls = await prisma.schoolClass.findFirst({ where: { id: classId, schoolId, yearId } });
  if (!cls) throw new NotFound("Класс не найден");
  const lastDay = await lastStudyDay(prisma, year);
  const active = await prisma.$queryRaw<{ studentId: number }[]>`
    WITH st AS (${activeAtEnd(schoolId, yearId, lastDay)}) SELECT "studentId" FROM st WHERE "classId" = ${classId}`;
  const ids = active.map((a) => a.studentId);
  const [students, finals, decisions, debts] = await Promise.all([
    prisma.student.findMany({ where: { id: { in: ids } }, include: { person: true } }),
    prisma.finalMark.findMany({ where: { yearId, kind: "YEAR", studentId: { in: ids } }, include: { subject: { select: { shortName: true, name: true } } } }),
    prisma.yearDecision.findMany({ where: { yearId, studentId: { in: ids } } }),
    debtsOf(prisma, yearId, ids),
  ]);
  const subjects = await prisma.subject.findMany({ where: { schoolId }, select: { id: true, name: true } });
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]));
  students.sort((a, b) => compareNames(a.person, b.person));
  const dec = new Map(decisions.map((d) => [d.studentId, d]));
  const rows = students.map((s) => {
    const own = finals.filter((f) => f.studentId === s.id).sort((a, b) => a.subject.name.localeCompare(b.subject.name, "ru"));
    const debt = debts.get(s.id) ?? [];
    const d = dec.get(s.id);
    return {
      studentId: s.id,
      name: fullName(s.person),
      finals: own.map((f) => ({ subject: f.subject.shortName || f.subject.name, value: f.value })),
      debts: debt.map((id) => subjectName.get(id) ?? String(id)),
      suggested: defaultDecision(cls.grade, debt),
      decision: d
        ? { kind: d.kind, orderNumber: d.orderNumber, orderDate: d.orderDate, debts: d.debtSubjectIds.map((id) => subjectName.get(id) ?? String(id)) }
        : null,
    };
  });
  const first = decisions[0];
  return { year, cls: { ...cls, name: className(cls) }, rows, order: first ? { orderNumber: first.orderNumber, orderDate: isoDate(first.orderDate) } : null };
}

/**
 * Saves one class's decisions in one transaction (Locked when the year is closed). Each
 * decision must fit the student (ValidationError keyed `kind-<studentId>`); the debts are the
 * student's failing year marks. Audited as one entry per class.
 */
export async function saveClassDecisions(
  actor: Actor,
  yearId: number,
  classId: number,
  order: OrderInput,
  choices: { studentId: number; kind: YearDecisionKind }[],
): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const year = await lockWritableYear(tx, actor.schoolId, yearId);
    const cls = await tx.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId, yearId } });
    if (!cls) throw new NotFound("Класс не найден");
    const lastDay = await lastStudyDay(tx, year);
    const active = await tx.$queryRaw<{ studentId: number }[]>`
      WITH st AS (${activeAtEnd(actor.schoolId, yearId, lastDay)}) SELECT "studentId" FROM st WHERE "classId" = ${classId}`;
    const allowed = new Set(active.map((a) => a.studentId));
    const picked = choices.filter((c) => allowed.has(c.studentId));
    const debts = await debtsOf(
      tx,
      yearId,
      picked.map((c) => c.studentId),
    );
    const errors: FieldErrors = {};
    for (const c of picked) {
      const e = decisionError(cls.grade, c.kind, debts.get(c.studentId) ?? []);
      if (e) errors[`kind-${c.studentId}`] = e;
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    for (const c of picked) {
      const data = {
        kind: c.kind,
        debtSubjectIds: c.kind === "PROMOTE_CONDITIONAL" ? (debts.get(c.studentId) ?? []) : [],
        ...order,
        classId,
        decidedById: actor.userId,
      };
      await tx.yearDecision.upsert({
        where: { yearId_studentId: { yearId, studentId: c.studentId } },
        create: { schoolId: actor.schoolId, yearId, studentId: c.studentId, ...data },
        update: data,
      });
    }
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "year-decision",
      entityId: classId,
      action: "update",
      newValue: { year: year.name, class: className(cls), orderNumber: order.orderNumber, orderDate: isoDate(order.orderDate), decisions: picked },
    });
    return picked.length;
  });
}

/**
 * Records the default decision (from the year final marks) for every student of the year,
 * or of one class, who has none yet: one set-based INSERT. Returns how many were added.
 * The CASE mirrors year-close.policy defaultDecision.
 */
export async function fillDefaultDecisions(actor: Actor, yearId: number, order: OrderInput, classId: number | null = null): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const year = await lockWritableYear(tx, actor.schoolId, yearId);
    const lastDay = await lastStudyDay(tx, year);
    const onlyClass = classId === null ? Prisma.empty : Prisma.sql`AND st."classId" = ${classId}`;
    const added = await tx.$executeRaw`
      INSERT INTO "YearDecision" ("schoolId", "yearId", "studentId", "classId", kind, "debtSubjectIds", "orderNumber", "orderDate", "decidedById", "updatedAt")
      SELECT ${actor.schoolId}::int, ${yearId}::int, a."studentId", a."classId",
        (CASE WHEN a.grade = ANY(${[...GRADUATING_GRADES]}::int[]) THEN CASE WHEN cardinality(a.debts) > 0 THEN 'RETAIN' ELSE 'GRADUATE' END
              WHEN a.grade >= ${TOP_GRADE}::int THEN 'RETAIN'
              WHEN cardinality(a.debts) > 0 THEN 'PROMOTE_CONDITIONAL' ELSE 'PROMOTE' END)::"YearDecisionKind",
        CASE WHEN a.grade = ANY(${[...GRADUATING_GRADES]}::int[]) OR a.grade >= ${TOP_GRADE}::int THEN '{}'::int[] ELSE a.debts END,
        ${order.orderNumber}::text, ${order.orderDate}::date, ${actor.userId}::int, now()
      FROM (
        SELECT st."studentId", st."classId", st.grade,
          COALESCE((SELECT array_agg(DISTINCT f."subjectId" ORDER BY f."subjectId") FROM "FinalMark" f
                    WHERE f."studentId" = st."studentId" AND f."yearId" = ${yearId} AND f.kind = 'YEAR' AND f.value = ANY(${[...FAILING_VALUES]}::text[])), '{}'::int[]) AS debts
        FROM (${activeAtEnd(actor.schoolId, yearId, lastDay)}) st
        WHERE NOT EXISTS (SELECT 1 FROM "YearDecision" d WHERE d."yearId" = ${yearId} AND d."studentId" = st."studentId") ${onlyClass}
      ) a
      ON CONFLICT ("yearId", "studentId") DO NOTHING`;
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "year-decision",
      entityId: classId ?? yearId,
      action: "fill-defaults",
      newValue: { year: year.name, classId, orderNumber: order.orderNumber, orderDate: isoDate(order.orderDate), added },
    });
    return added;
  });
}
