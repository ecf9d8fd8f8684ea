/**
 * Closing the academic year (R-YR-1, R-YR-2, R-INT-1), as ONE transaction: creates or
 * activates the next year, promotes the classes, moves every student by the council's
 * decision through movement-book orders (movement.service applyMovementOrder), carries
 * subgroups and teaching load into the next year, seals the year's journal data, makes the
 * year CLOSED and the next one CURRENT. Any failure rolls everything back and the run
 * records why; closing a closed year does nothing. Progress is written to YearCloseRun from
 * outside the transaction, so the progress page sees it while the transaction runs.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db, type Prisma } from "../../lib/db.ts";
import { addDays, formatDate, isoDate, today } from "../../lib/dates.ts";
import { AppError, Conflict, ValidationError } from "../../lib/errors.ts";
import { fullName } from "../../lib/names.ts";
import type { AcademicYear } from "../../generated/prisma/client.ts";
import type { YearDecisionKind } from "../../generated/prisma/enums.ts";
import type { MovementChanges } from "../movement/movement.service.ts";
import { activeAtEnd, findSchoolYear, lastStudyDay, preCloseCheck } from "./check.service.ts";
import { sealYear, type SealCounts } from "./integrity.service.ts";
import { classKey, findOrCreateNextYear, promoteClasses } from "./next-year.ts";
import { hasEnded, targetGrade } from "./year-close.policy.ts";
import { DECISION_SHORT, STEP_NAMES, TEXT } from "./year-close.text.ts";
import { clock } from "../../lib/clock.ts";

export interface CloseOptions {
  /** The day closing is judged against (default: today). The benchmark moves it past the year's end. */
  asOf?: Date;
  /** Tests only: throw inside the transaction when this step starts. */
  injectFailureAt?: string;
}

export interface CloseStats {
  nextYearId: number;
  nextYearName: string;
  nextYearCreated: boolean;
  classesCreated: number;
  promoted: number;
  conditional: number;
  retained: number;
  graduated: number;
  subgroups: number;
  subgroupMembers: number;
  loads: number;
  seal: { rootHash: string; counts: SealCounts };
}

export type CloseOutcome = { status: "NOOP"; runId: null; message: string } | { status: "DONE"; runId: number; stats: CloseStats };

interface Move {
  studentId: number;
  classId: number;
  grade: number;
  membershipId: number;
  toDate: Date | null;
  kind: YearDecisionKind;
  orderNumber: string;
  orderDate: Date;
  debtSubjectIds: number[];
}

/** A run still RUNNING after this long was cut off (the transaction's own limit is 10 minutes). */
const STALE_MS = 15 * 60_000;

/** Refuses what can be refused before any work (Conflict with a Russian message); NOOP for a closed year. */
async function precheck(schoolId: number, yearId: number, asOf: Date, withCheck = true): Promise<{ year: AcademicYear; noop: boolean }> {
  const year = await findSchoolYear(prisma, schoolId, yearId);
  if (year.status === "CLOSED") return { year, noop: true };
  if (year.status !== "CURRENT") throw new Conflict(TEXT.notCurrent(year.name));
  const lastDay = await lastStudyDay(prisma, year);
  if (!hasEnded(lastDay, asOf)) throw new Conflict(TEXT.notEnded(year.name, lastDay, asOf));
  if (withCheck) {
    const check = await preCloseCheck(prisma, schoolId, yearId);
    if (check.missingDecisions) throw new Conflict(TEXT.missingDecisions(check.missingDecisions));
    if (check.blocking) throw new Conflict(TEXT.blocked(check.blocking));
  }
  return { year, noop: false };
}

/**
 * Starts closing in the background and returns the run to watch (the progress page).
 * A run already going for the year is returned instead of starting another.
 */
export async function startClose(actor: Actor, yearId: number, opts: CloseOptions = {}): Promise<{ runId: number | null; message?: string }> {
  const asOf = opts.asOf ?? today();
  const { year, noop } = await precheck(actor.schoolId, yearId, asOf);
  if (noop) return { runId: null, message: TEXT.alreadyClosed(year.name) };
  // A run left RUNNING by a stopped server (its transaction was rolled back) is marked failed.
  await prisma.yearCloseRun.updateMany({
    where: { schoolId: actor.schoolId, yearId, status: "RUNNING", startedAt: { lt: new Date(Date.now() - STALE_MS) } },
    data: { status: "FAILED", error: TEXT.interrupted, finishedAt: new Date() },
  });
  const running = await prisma.yearCloseRun.findFirst({ where: { schoolId: actor.schoolId, yearId, status: "RUNNING" }, orderBy: { id: "desc" } });
  if (running) return { runId: running.id };
  const run = await prisma.yearCloseRun.create({
    data: { schoolId: actor.schoolId, yearId, status: "RUNNING", step: "start", progress: 1, startedById: actor.userId },
  });
  void execute(actor, year, run.id, { ...opts, asOf }).catch(() => {});
  return { runId: run.id };
}

/** Closes the year and waits for it (tests, the benchmark). Throws Conflict with the reason on failure. */
export async function closeYear(actor: Actor, yearId: number, opts: CloseOptions = {}): Promise<CloseOutcome> {
  const asOf = opts.asOf ?? today();
  // The pre-close check runs inside the transaction (once: it is part of the measured time).
  const { year, noop } = await precheck(actor.schoolId, yearId, asOf, false);
  if (noop) return { status: "NOOP", runId: null, message: TEXT.alreadyClosed(year.name) };
  const run = await prisma.yearCloseRun.create({
    data: { schoolId: actor.schoolId, yearId, status: "RUNNING", step: "start", progress: 1, startedById: actor.userId },
  });
  return execute(actor, year, run.id, { ...opts, asOf });
}

async function execute(actor: Actor, year: AcademicYear, runId: number, opts: CloseOptions & { asOf: Date }): Promise<CloseOutcome> {
  let step = "start";
  let mark = performance.now();
  const profile = process.env.YEAR_CLOSE_PROFILE === "1";
  const progress = async (name: string, pct: number) => {
    if (profile && name !== step) console.log(`  шаг «${STEP_NAMES[step] ?? step}»: ${((performance.now() - mark) / 1000).toFixed(2)} с`);
    if (name !== step) mark = performance.now();
    step = name;
    await prisma.yearCloseRun.update({ where: { id: runId }, data: { step: name, progress: pct } });
    if (opts.injectFailureAt === name) throw new Error("искусственный сбой для проверки отката");
  };
  try {
    const stats = await prisma.$transaction((tx) => closeInTransaction(tx, actor, year.id, opts.asOf, progress), { timeout: 600_000, maxWait: 30_000 });
    if (!stats) {
      await prisma.yearCloseRun.update({ where: { id: runId }, data: { status: "NOOP", step: "done", progress: 100, finishedAt: new Date() } });
      return { status: "NOOP", runId: null, message: TEXT.alreadyClosed(year.name) };
    }
    await prisma.yearCloseRun.update({
      where: { id: runId },
      data: {
        status: "DONE",
        step: "done",
        progress: 100,
        nextYearId: stats.nextYearId,
        stats: JSON.parse(JSON.stringify(stats)) as Prisma.InputJsonValue,
        finishedAt: new Date(),
      },
    });
    return { status: "DONE", runId, stats };
  } catch (e) {
    const why = e instanceof ValidationError ? Object.values(e.fields).join("; ") || e.message : e instanceof Error ? e.message : String(e);
    const message = TEXT.failedAt(step, why);
    await prisma.yearCloseRun.update({ where: { id: runId }, data: { status: "FAILED", error: message, finishedAt: new Date() } }).catch(() => {});
    if (!(e instanceof AppError) && !(e instanceof Error && e.message.startsWith("искусственный"))) console.error("Закрытие года не удалось:", e);
    throw new Conflict(message);
  }
}

type Progress = (step: string, pct: number) => Promise<void>;

/** The whole closing inside one transaction; null when the year is already closed (idempotent). */
async function closeInTransaction(tx: Db, actor: Actor, yearId: number, asOf: Date, progress: Progress): Promise<CloseStats | null> {
  const schoolId = actor.schoolId;
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "AcademicYear" WHERE id = ${yearId} AND "schoolId" = ${schoolId} FOR UPDATE`;
  if (!locked.length) throw new Conflict("Учебный год не найден");
  const year = await tx.academicYear.findUniqueOrThrow({ where: { id: yearId } });
  if (year.status === "CLOSED") return null;
  if (year.status !== "CURRENT") throw new Conflict(TEXT.notCurrent(year.name));
  const lastDay = await lastStudyDay(tx, year);
  if (!hasEnded(lastDay, asOf)) throw new Conflict(TEXT.notEnded(year.name, lastDay, asOf));

  await progress("check", 10);
  const check = await preCloseCheck(tx, schoolId, yearId);
  if (check.missingDecisions) throw new Conflict(TEXT.missingDecisions(check.missingDecisions));
  if (check.blocking) throw new Conflict(TEXT.blocked(check.blocking));

  await progress("next-year", 20);
  const { next, created } = await findOrCreateNextYear(tx, schoolId, year);

  await progress("classes", 30);
  const moves = await tx.$queryRaw<Move[]>`
    SELECT st."studentId", st."classId", st.grade, st."membershipId", st."toDate", d.kind::text AS kind, d."orderNumber", d."orderDate", d."debtSubjectIds"
    FROM (${activeAtEnd(schoolId, yearId, lastDay)}) st
    JOIN "YearDecision" d ON d."yearId" = ${yearId} AND d."studentId" = st."studentId"
    ORDER BY st."classId", st."studentId"`;
  const oldClasses = await tx.schoolClass.findMany({ where: { schoolId, yearId } });
  const letter = new Map(oldClasses.map((c) => [c.id, c.letter]));
  const targets = new Map<string, { fromClassId: number; grade: number }>();
  for (const m of moves) {
    const g = targetGrade(m.grade, m.kind);
    if (g !== null) targets.set(`${m.classId}:${g}`, { fromClassId: m.classId, grade: g });
  }
  const plan = await promoteClasses(tx, schoolId, next, oldClasses, [...targets.values()]);

  await progress("students", 35);
  const stats = await moveStudentsForNewYear(tx, actor, { year, next, lastDay, moves, letter, plan: plan.byKey }, progress);

  await progress("carry", 85);
  const carried = await carrySubgroupsAndLoad(tx, schoolId, yearId, next, lastDay, plan.successor);

  await progress("seal", 90);
  const seal = await sealYear(tx, schoolId, yearId, actor.userId);

  await progress("finish", 97);
  await tx.academicYear.update({ where: { id: yearId }, data: { status: "CLOSED", closedAt: clock.now() } });
  await tx.academicYear.update({ where: { id: next.id }, data: { status: "CURRENT" } });
  const result: CloseStats = {
    nextYearId: next.id,
    nextYearName: next.name,
    nextYearCreated: created,
    classesCreated: plan.created,
    ...stats,
    ...carried,
    seal,
  };
  await audit(tx, {
    schoolId,
    actorId: actor.userId,
    entity: "year",
    entityId: yearId,
    action: "close",
    oldValue: { status: "CURRENT" },
    newValue: { status: "CLOSED", ...result },
  });
  return result;
}

/**
 * Moves the students by the decisions inside the closing transaction, set-based (a handful of
 * statements for the whole school): promotion (also conditional, and retention into the same
 * grade) into the next year's class from its first day, graduation from the day after the
 * year's end. It writes exactly what movement.service applyMovementOrder writes for a PROMOTE or
 * GRADUATE order — the old class membership (and subgroup memberships) end the day before, the
 * new membership starts on the day, a MovementOrder with the `changes` it made (so the movement
 * book can cancel it) and an audit entry per order — but for all students at once: calling
 * applyMovementOrder per student took 72 s on the large school. Conflict (with the student's
 * name) when an order or membership already lies after the date, as applyMovementOrder refuses.
 */
export async function moveStudentsForNewYear(
  tx: Db,
  actor: Actor,
  ctx: { year: AcademicYear; next: AcademicYear; lastDay: Date; moves: Move[]; letter: Map<number, string>; plan: Map<string, number> },
  progress: Progress,
) {
  const schoolId = actor.schoolId;
  const counts = { promoted: 0, conditional: 0, retained: 0, graduated: 0 };
  if (!ctx.moves.length) return counts;
  const graduationDay = addDays(ctx.year.endDate > ctx.lastDay ? ctx.year.endDate : ctx.lastDay, 1);
  const rows = ctx.moves.map((m) => {
    const g = targetGrade(m.grade, m.kind);
    const toClassId = g === null ? null : ctx.plan.get(classKey(g, ctx.letter.get(m.classId)!))!;
    const day = g === null ? graduationDay : ctx.next.startDate;
    if (m.kind === "PROMOTE") counts.promoted++;
    else if (m.kind === "PROMOTE_CONDITIONAL") counts.conditional++;
    else if (m.kind === "RETAIN") counts.retained++;
    else counts.graduated++;
    return { ...m, toClassId, day, dayBefore: addDays(day, -1), orderKind: g === null ? "GRADUATE" : "PROMOTE" };
  });
  const ids = rows.map((r) => r.studentId);
  const days = rows.map((r) => isoDate(r.day));
  const name = async (studentId: number) => {
    const st = await tx.student.findUnique({ where: { id: studentId }, include: { person: true } });
    return st ? fullName(st.person) : String(studentId);
  };

  // The checks of applyMovementOrder, for everyone at once.
  const notActive = rows.find((r) => r.toDate !== null && r.toDate < r.day);
  if (notActive) throw new Conflict(`ученик ${await name(notActive.studentId)}: на ${formatDate(notActive.day)} не числится в классе`);
  const later = await tx.$queryRaw<{ studentId: number; number: string; effectiveDate: Date }[]>`
    SELECT o."studentId", o.number, o."effectiveDate" FROM "MovementOrder" o
    JOIN unnest(${ids}::int[], ${days}::date[]) AS v(sid, d) ON v.sid = o."studentId"
    WHERE o."schoolId" = ${schoolId} AND o."cancelledAt" IS NULL AND o."effectiveDate" > v.d LIMIT 1`;
  if (later[0])
    throw new Conflict(`ученик ${await name(later[0].studentId)}: есть более поздний приказ № ${later[0].number} от ${formatDate(later[0].effectiveDate)}`);
  const future = await tx.$queryRaw<{ studentId: number; fromDate: Date }[]>`
    SELECT m."studentId", m."fromDate" FROM "ClassMembership" m
    JOIN unnest(${ids}::int[], ${days}::date[]) AS v(sid, d) ON v.sid = m."studentId"
    WHERE m."schoolId" = ${schoolId} AND m."fromDate" > v.d LIMIT 1`;
  if (future[0]) throw new Conflict(`ученик ${await name(future[0].studentId)}: уже числится в классе с ${formatDate(future[0].fromDate)}`);

  // Subgroup memberships of the old classes that run past the day: they end the day before.
  const groups = await tx.$queryRaw<{ id: number; studentId: number; toDate: Date | null; newTo: Date }[]>`
    SELECT sm.id, sm."studentId", sm."toDate", (v.d - 1) AS "newTo"
    FROM "SubgroupMembership" sm JOIN "Subgroup" g ON g.id = sm."subgroupId"
    JOIN unnest(${ids}::int[], ${rows.map((r) => r.classId)}::int[], ${days}::date[]) AS v(sid, cid, d) ON v.sid = sm."studentId" AND v.cid = g."classId"
    WHERE sm."fromDate" < v.d AND (sm."toDate" IS NULL OR sm."toDate" >= v.d)`;
  if (groups.length)
    await tx.$executeRaw`UPDATE "SubgroupMembership" sm SET "toDate" = v.t FROM unnest(${groups.map((g) => g.id)}::int[], ${groups.map((g) => isoDate(g.newTo))}::date[]) AS v(id, t) WHERE sm.id = v.id`;
  await tx.$executeRaw`UPDATE "ClassMembership" m SET "toDate" = v.t FROM unnest(${rows.map((r) => r.membershipId)}::int[], ${rows.map((r) => isoDate(r.dayBefore))}::date[]) AS v(id, t) WHERE m.id = v.id`;
  await progress("students", 55);
  const moving = rows.filter((r) => r.toClassId !== null);
  const opened = await tx.$queryRaw<{ id: number; studentId: number }[]>`
    INSERT INTO "ClassMembership" ("schoolId", "studentId", "classId", "fromDate")
    SELECT ${schoolId}::int, v.sid, v.cid, v.d FROM unnest(${moving.map((r) => r.studentId)}::int[], ${moving.map((r) => r.toClassId)}::int[], ${moving.map((r) => isoDate(r.day))}::date[]) AS v(sid, cid, d)
    RETURNING id, "studentId"`;
  const openedBy = new Map(opened.map((o) => [o.studentId, o.id]));
  const closedBy = new Map<number, MovementChanges["closed"]>();
  for (const g of groups)
    closedBy.set(g.studentId, [
      ...(closedBy.get(g.studentId) ?? []),
      { kind: "subgroup", id: g.id, previousToDate: g.toDate ? isoDate(g.toDate) : null, toDate: isoDate(g.newTo) },
    ]);
  const changes = rows.map((r) => {
    const c: MovementChanges = {
      closed: [
        { kind: "class", id: r.membershipId, previousToDate: r.toDate ? isoDate(r.toDate) : null, toDate: isoDate(r.dayBefore) },
        ...(closedBy.get(r.studentId) ?? []),
      ],
      opened: openedBy.has(r.studentId) ? [{ kind: "class", id: openedBy.get(r.studentId)! }] : [],
    };
    return JSON.stringify(c);
  });
  const notes = rows.map((r) =>
    r.kind === "PROMOTE_CONDITIONAL" ? "Условный перевод (академическая задолженность), решение педсовета" : `Решение педсовета: ${DECISION_SHORT[r.kind]}`,
  );
  const orders = await tx.$queryRaw<{ id: number; studentId: number }[]>`
    INSERT INTO "MovementOrder" ("schoolId", "yearId", kind, number, "orderDate", "effectiveDate", "studentId", "fromClassId", "toClassId", note, changes, "createdById")
    SELECT ${schoolId}::int, v.yid, v.kind::"MovementKind", v.num, v.od, v.ed, v.sid, v.fcid, v.tcid, v.note, v.ch::jsonb, ${actor.userId}::int
    FROM unnest(${rows.map((r) => (r.toClassId === null ? ctx.year.id : ctx.next.id))}::int[], ${rows.map((r) => r.orderKind)}::text[], ${rows.map((r) => r.orderNumber)}::text[],
                ${rows.map((r) => isoDate(r.orderDate))}::date[], ${days}::date[], ${ids}::int[], ${rows.map((r) => r.classId)}::int[], ${rows.map((r) => r.toClassId)}::int[],
                ${notes}::text[], ${changes}::text[]) AS v(yid, kind, num, od, ed, sid, fcid, tcid, note, ch)
    RETURNING id, "studentId"`;
  await progress("students", 70);
  const orderOf = new Map(orders.map((o) => [o.studentId, o.id]));
  const className = (id: number | null) => {
    if (id === null) return null;
    for (const [k, v] of ctx.plan) if (v === id) return k.replace(":", "");
    return null;
  };
  const audits = rows.map((r) =>
    JSON.stringify({
      kind: r.orderKind,
      number: r.orderNumber,
      orderDate: isoDate(r.orderDate),
      effectiveDate: isoDate(r.day),
      studentId: r.studentId,
      fromClass: `${r.grade}${ctx.letter.get(r.classId)}`,
      toClass: className(r.toClassId),
      decision: r.kind,
      debtSubjectIds: r.debtSubjectIds,
    }),
  );
  await tx.$executeRaw`
    INSERT INTO "AuditLog" ("schoolId", "actorId", entity, "entityId", action, "newValue")
    SELECT ${schoolId}::int, ${actor.userId}::int, 'movement-order', v.oid::text, 'create', v.nv::jsonb
    FROM unnest(${rows.map((r) => orderOf.get(r.studentId)!)}::int[], ${audits}::text[]) AS v(oid, nv)`;
  return counts;
}

/**
 * Carries the promoted classes' subgroups (with the members who moved along) and teaching load into the next year (set-based).
 * Cross-class groups (R-JRN-13: ГПД, electives, courses) are chosen anew each year: neither they nor their load are carried.
 */
async function carrySubgroupsAndLoad(tx: Db, schoolId: number, yearId: number, next: AcademicYear, lastDay: Date, successor: Map<number, number>) {
  const olds = [...successor.keys()];
  const news = olds.map((o) => successor.get(o)!);
  if (!olds.length) return { subgroups: 0, subgroupMembers: 0, loads: 0 };
  const subgroups = await tx.$executeRaw`
    WITH map AS (SELECT * FROM unnest(${olds}::int[], ${news}::int[]) AS m(old, new))
    INSERT INTO "Subgroup" ("schoolId", "classId", "subjectId", name)
    SELECT ${schoolId}::int, map.new, g."subjectId", g.name FROM "Subgroup" g JOIN map ON map.old = g."classId" WHERE g.kind IS NULL
    ON CONFLICT ("classId", "subjectId", name) DO NOTHING`;
  const subgroupMembers = await tx.$executeRaw`
    WITH map AS (SELECT * FROM unnest(${olds}::int[], ${news}::int[]) AS m(old, new)),
    gm AS (SELECT g.id AS old_g, ng.id AS new_g, map.new AS new_class FROM "Subgroup" g JOIN map ON map.old = g."classId" AND g.kind IS NULL
           JOIN "Subgroup" ng ON ng."classId" = map.new AND ng."subjectId" = g."subjectId" AND ng.name = g.name)
    INSERT INTO "SubgroupMembership" ("schoolId", "subgroupId", "studentId", "fromDate")
    SELECT DISTINCT ${schoolId}::int, gm.new_g, sm."studentId", ${next.startDate}::date
    FROM "SubgroupMembership" sm JOIN gm ON gm.old_g = sm."subgroupId"
    JOIN "ClassMembership" cm ON cm."studentId" = sm."studentId" AND cm."classId" = gm.new_class AND cm."fromDate" = ${next.startDate}
    WHERE sm."fromDate" <= ${lastDay} AND (sm."toDate" IS NULL OR sm."toDate" >= ${lastDay})
      AND NOT EXISTS (SELECT 1 FROM "SubgroupMembership" x WHERE x."subgroupId" = gm.new_g AND x."studentId" = sm."studentId")`;
  const loads = await tx.$executeRaw`
    WITH map AS (SELECT * FROM unnest(${olds}::int[], ${news}::int[]) AS m(old, new))
    INSERT INTO "TeachingLoad" ("schoolId", "yearId", "teacherId", "classId", "subgroupId", "subjectId", "hoursPerWeek")
    SELECT ${schoolId}::int, ${next.id}::int, tl."teacherId", map.new, ng.id, tl."subjectId", tl."hoursPerWeek"
    FROM "TeachingLoad" tl JOIN map ON map.old = tl."classId"
    LEFT JOIN "Subgroup" g ON g.id = tl."subgroupId"
    LEFT JOIN "Subgroup" ng ON ng."classId" = map.new AND ng."subjectId" = g."subjectId" AND ng.name = g.name
    WHERE tl."yearId" = ${yearId} AND g.kind IS NULL AND NOT EXISTS (SELECT 1 FROM "TeachingLoad" x WHERE x."classId" = map.new)`;
  return { subgroups, subgroupMembers, loads };
}

/** The run for the progress page (NotFound-safe: null when not this school's). */
export async function findRun(schoolId: number, runId: number) {
  return prisma.yearCloseRun.findFirst({ where: { id: runId, schoolId } });
}

export async function lastRun(schoolId: number, yearId: number) {
  return prisma.yearCloseRun.findFirst({ where: { schoolId, yearId }, orderBy: { id: "desc" } });
}
