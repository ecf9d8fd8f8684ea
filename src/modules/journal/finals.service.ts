/**
 * Period and year final marks (R-JRN-7) and the year view with forecasts (R-JRN-8).
 * Values «5»…«1», «зач», «незач», «н/а», «осв» by the subject's grading mode; every change
 * is audited (entity "final-mark") in the same transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { today, within } from "../../lib/dates.ts";
import { Forbidden, Locked, NotFound, ValidationError } from "../../lib/errors.ts";
import { marklessReason } from "../../lib/grading.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import { forecast, formatAverage, weightedAverage, yearForecast, type WeightedMark } from "./journal.calc.ts";
import { cellKey, rosterSpans } from "./journal.context.ts";
import { assertReason, canSeeHistory, decideFinalEdit, finalValuesFor, teachesJournal, wasMemberDuring, type JournalRef } from "./journal.policy.ts";
import type { FinalMarkInput } from "./journal.schemas.ts";
import { MSG } from "./journal.text.ts";
import { findJournal } from "./lessons.service.ts";
import { accessOf } from "./grid.service.ts";
import { journalHeader, yearCells } from "./grid.data.ts";

export interface SavedFinal {
  value: string | null;
  corrected: boolean;
}

interface FinalContext {
  j: JournalRef;
  yearId: number;
  periodId: number | null;
  range: { from: Date; to: Date };
  allowed: readonly string[];
  /** Issue 23: why no final marks are given here (a class or subject taught without marks), else null. */
  markless: string | null;
  reason: string | null;
}

/**
 * Asserts, on rows read in the transaction, that the actor may set final marks of this
 * journal and period: the load's teacher; a deputy or administrator with a reason; never
 * in a closed year; the period must be the class's and have started.
 */
async function finalContext(tx: Db, actor: Actor, j: JournalRef, periodId: number | null, reason: string | null, now: Date): Promise<FinalContext> {
  const { cls, subject, ownLoad } = await findJournal(tx, actor, j);
  const decision = decideFinalEdit(actor, cls.year.status, ownLoad);
  if (!decision.allowed) {
    if (decision.why === "closed-year") throw new Locked(MSG.closedYear(cls.year.name));
    throw new Forbidden(MSG.notOwn);
  }
  assertReason(decision.override, reason);
  let range = { from: cls.year.startDate, to: cls.year.endDate };
  if (periodId !== null) {
    const period = await tx.studyPeriod.findFirst({
      where: { id: periodId, schoolId: actor.schoolId, yearId: cls.yearId, periodSet: { gradeFrom: { lte: cls.grade }, gradeTo: { gte: cls.grade } } },
    });
    if (!period) throw new ValidationError({ periodId: MSG.periodUnknown }, MSG.periodUnknown);
    if (period.startDate > now) throw new ValidationError({ periodId: MSG.periodNotStarted }, MSG.periodNotStarted);
    range = { from: period.startDate, to: period.endDate };
  }
  const grading = { grade: cls.grade, gradingMode: subject.gradingMode, ungradedGrades: cls.school.ungradedGrades, subjectName: subject.name };
  return { j, yearId: cls.yearId, periodId, range, allowed: finalValuesFor(grading), markless: marklessReason(grading), reason };
}

/** Sets or clears one student's final mark in an asserted context; audits old → new. */
async function applyFinal(tx: Db, actor: Actor, ctx: FinalContext, studentId: number, value: string, field = "value"): Promise<SavedFinal> {
  if (value !== "" && ctx.markless) throw new ValidationError({ [field]: ctx.markless }, ctx.markless);
  if (value !== "" && !ctx.allowed.includes(value)) throw new ValidationError({ [field]: MSG.finalValue(ctx.allowed) }, MSG.finalValue(ctx.allowed));
  const spans = await rosterSpans(tx, actor.schoolId, ctx.j, [studentId], ctx.range);
  if (!wasMemberDuring(spans.get(studentId) ?? [], ctx.range.from, ctx.range.to))
    throw new ValidationError({ studentId: MSG.notMemberPeriod }, MSG.notMemberPeriod);
  const kind = ctx.periodId === null ? "YEAR" : "PERIOD";
  const where = { studentId, subjectId: ctx.j.subjectId, yearId: ctx.yearId, kind, periodId: ctx.periodId } as const;
  const old = await tx.finalMark.findFirst({ where });
  const base = {
    schoolId: actor.schoolId,
    actorId: actor.userId,
    entity: "final-mark",
    reason: ctx.reason,
    entityId: cellKey.final(studentId, ctx.j.subjectId, ctx.yearId, ctx.periodId),
  };
  if (value === "") {
    if (!old) return { value: null, corrected: false };
    await tx.finalMark.delete({ where: { id: old.id } });
    await audit(tx, { ...base, action: "delete", oldValue: { value: old.value } });
    return { value: null, corrected: true };
  }
  if (old) {
    if (old.value === value) return { value: old.value, corrected: false };
    await tx.finalMark.update({ where: { id: old.id }, data: { value, createdBy: actor.userId } });
    await audit(tx, { ...base, action: "update", oldValue: { value: old.value }, newValue: { value } });
    return { value, corrected: true };
  }
  await tx.finalMark.create({ data: { schoolId: actor.schoolId, ...where, value, createdBy: actor.userId } });
  await audit(tx, { ...base, action: "create", newValue: { value } });
  return { value, corrected: !!ctx.reason };
}

/**
 * Sets (value "" clears) a period final mark (`periodId`) or the year mark (`periodId: null`)
 * of a student in a journal (R-JRN-7). Throws NotFound, Forbidden, Locked, ValidationError
 * (value not allowed for the subject, period not started, student not a member during it).
 */
export async function saveFinalMark(actor: Actor, j: JournalRef, input: FinalMarkInput, now: Date = today()): Promise<SavedFinal> {
  return prisma.$transaction(async (tx) => {
    const ctx = await finalContext(tx, actor, j, input.periodId, input.reason, now);
    return applyFinal(tx, actor, ctx, input.studentId, input.value);
  });
}

/**
 * The no-JavaScript form: final marks of many students for one period (or the year) at once,
 * `values` keyed by student id. All or nothing: the first bad value aborts the whole save
 * (ValidationError on field `final_<studentId>`). Returns the number of changed marks.
 */
export async function saveFinalMarks(
  actor: Actor,
  j: JournalRef,
  periodId: number | null,
  values: Map<number, string>,
  reason: string | null,
  now: Date = today(),
): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const ctx = await finalContext(tx, actor, j, periodId, reason, now);
    const existing = await tx.finalMark.findMany({
      where: {
        schoolId: actor.schoolId,
        subjectId: j.subjectId,
        yearId: ctx.yearId,
        kind: periodId === null ? "YEAR" : "PERIOD",
        periodId,
        studentId: { in: [...values.keys()] },
      },
      select: { studentId: true, value: true },
    });
    const before = new Map(existing.map((f) => [f.studentId, f.value]));
    let changed = 0;
    for (const [studentId, value] of values) {
      if ((before.get(studentId) ?? "") === value) continue;
      await applyFinal(tx, actor, ctx, studentId, value, `final_${studentId}`);
      changed++;
    }
    return changed;
  });
}

/**
 * The year view of a journal: per student and period the weighted average, the forecast and
 * the period final; the year forecast (from the period finals) and the year final (R-JRN-7, R-JRN-8).
 */
export async function getYearSheet(actor: Actor, j: JournalRef, now: Date = today()) {
  const h = await journalHeader(actor.schoolId, j);
  if (!h) throw new NotFound("Журнал не найден");
  const { cls, subject, subgroup, thresholds, periods } = h;
  const ownLoad = teachesJournal(actor, h.loads, j);
  const data = await yearCells({ schoolId: actor.schoolId, ...j, from: cls.year.startDate, to: cls.year.endDate }, cls.yearId);
  const roster = data.roster.sort((a, b) => compareNames(a.person, b.person));
  const history = data.history;
  const finalOf = new Map(data.finals.map((f) => [`${f.studentId}:${f.periodId ?? "year"}`, f.value]));
  const marksOf = new Map<number, typeof data.marks>();
  for (const m of data.marks) marksOf.set(m.studentId, [...(marksOf.get(m.studentId) ?? []), m]);
  const decision = decideFinalEdit(actor, cls.year.status, ownLoad);

  const rows = roster.map((s) => {
    const own = marksOf.get(s.id) ?? [];
    const byPeriod = periods.map((p) => {
      const ms: WeightedMark[] = own.filter((m) => within(m.date, p.startDate, p.endDate)).map((m) => ({ value: m.value, weight: m.weight }));
      const avg = weightedAverage(ms);
      return {
        periodId: p.id,
        member: wasMemberDuring(s.spans, p.startDate, p.endDate),
        avgText: formatAverage(avg),
        forecast: forecast(ms, thresholds),
        final: finalOf.get(`${s.id}:${p.id}`) ?? null,
        hist: history.has(`final-mark|${cellKey.final(s.id, j.subjectId, cls.yearId, p.id)}`),
      };
    });
    return {
      id: s.id,
      name: fullName(s.person),
      periods: byPeriod,
      yearForecast: yearForecast(
        byPeriod.map((p) => p.final),
        thresholds,
      ),
      yearFinal: finalOf.get(`${s.id}:year`) ?? null,
      yearHist: history.has(`final-mark|${cellKey.final(s.id, j.subjectId, cls.yearId, null)}`),
    };
  });

  return {
    cls: { id: cls.id, grade: cls.grade, letter: cls.letter, yearId: cls.yearId, yearName: cls.year.name, yearStatus: cls.year.status },
    subject: { id: subject.id, name: subject.name, gradingMode: subject.gradingMode },
    subgroup: subgroup ? { id: subgroup.id, name: subgroup.name } : null,
    subgroups: h.subgroups,
    periods: periods.map((p) => ({ ...p, started: p.startDate <= now })),
    rows,
    access: accessOf(decision),
    finalValues: finalValuesFor({ grade: cls.grade, gradingMode: subject.gradingMode, ungradedGrades: h.ungradedGrades }),
    canSeeHistory: canSeeHistory(actor),
  };
}
