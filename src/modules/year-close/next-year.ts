/**
 * The next academic year for closing (R-YR-1): a DRAFT year prepared in advance is used;
 * otherwise one is created with the same period systems, periods and holidays shifted by a
 * year. Then the classes of the closed year are promoted into it (5А → 6А; graduating
 * classes end) with their class teachers.
 */
import { Conflict } from "../../lib/errors.ts";
import type { Db } from "../../lib/db.ts";
import type { AcademicYear, SchoolClass } from "../../generated/prisma/client.ts";

/** The same calendar day a year later (29 February becomes 28 February). */
export function nextYearDay(d: Date): Date {
  const y = d.getUTCFullYear() + 1;
  const m = d.getUTCMonth();
  const day = Math.min(d.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
  return new Date(Date.UTC(y, m, day));
}

/** Copies period systems, periods and holidays of `from` into `to`, a year later, clipped to `to`'s dates. */
async function copyCalendar(tx: Db, schoolId: number, from: AcademicYear, to: AcademicYear): Promise<void> {
  const sets = await tx.periodSet.findMany({ where: { yearId: from.id }, include: { periods: { orderBy: { number: "asc" } } } });
  const clip = (d: Date) => new Date(Math.min(Math.max(d.getTime(), to.startDate.getTime()), to.endDate.getTime()));
  for (const s of sets) {
    const set = await tx.periodSet.create({ data: { schoolId, yearId: to.id, kind: s.kind, gradeFrom: s.gradeFrom, gradeTo: s.gradeTo } });
    const periods = s.periods
      .map((p) => ({
        schoolId,
        yearId: to.id,
        periodSetId: set.id,
        number: p.number,
        startDate: clip(nextYearDay(p.startDate)),
        endDate: clip(nextYearDay(p.endDate)),
      }))
      .filter((p) => p.startDate <= p.endDate);
    if (periods.length) await tx.studyPeriod.createMany({ data: periods });
  }
  const holidays = await tx.holiday.findMany({ where: { yearId: from.id } });
  const shifted = holidays
    .map((h) => ({
      schoolId,
      yearId: to.id,
      name: h.name,
      startDate: clip(nextYearDay(h.startDate)),
      endDate: clip(nextYearDay(h.endDate)),
      gradeFrom: h.gradeFrom,
      gradeTo: h.gradeTo,
    }))
    .filter((h) => h.startDate <= h.endDate);
  if (shifted.length) await tx.holiday.createMany({ data: shifted });
}

/** The DRAFT year after `year` (its calendar filled in when empty), or a new one like `year` a year later. */
export async function findOrCreateNextYear(tx: Db, schoolId: number, year: AcademicYear): Promise<{ next: AcademicYear; created: boolean }> {
  const draft = await tx.academicYear.findFirst({ where: { schoolId, status: "DRAFT", startDate: { gt: year.endDate } }, orderBy: { startDate: "asc" } });
  if (draft) {
    if ((await tx.periodSet.count({ where: { yearId: draft.id } })) === 0) await copyCalendar(tx, schoolId, year, draft);
    return { next: draft, created: false };
  }
  const start = nextYearDay(year.startDate);
  const name = `${start.getUTCFullYear()}/${start.getUTCFullYear() + 1}`;
  const taken = await tx.academicYear.findFirst({ where: { schoolId, name } });
  if (taken) throw new Conflict(`Учебный год ${name} уже существует и не является черновиком: следующий год создать нельзя.`);
  const next = await tx.academicYear.create({ data: { schoolId, name, startDate: start, endDate: nextYearDay(year.endDate), status: "DRAFT" } });
  await copyCalendar(tx, schoolId, year, next);
  return { next, created: true };
}

export interface ClassPlan {
  /** old class id → the class its promoted students go to (5А → 6А). */
  successor: Map<number, number>;
  /** "grade:letter" → next-year class id (successors and classes for retained students). */
  byKey: Map<string, number>;
  created: number;
}

const key = (grade: number, letter: string) => `${grade}:${letter}`;

/**
 * Promotes classes: for every class that has students going up a grade (or is not a
 * graduating grade), the class a grade higher with the same letter in the next year —
 * the draft's own if prepared, else created with the old class teacher (when free);
 * plus same-grade classes for retained students.
 */
export async function promoteClasses(
  tx: Db,
  schoolId: number,
  next: AcademicYear,
  oldClasses: SchoolClass[],
  targets: { fromClassId: number; grade: number }[],
): Promise<ClassPlan> {
  const existing = await tx.schoolClass.findMany({ where: { schoolId, yearId: next.id } });
  const byKey = new Map(existing.map((c) => [key(c.grade, c.letter), c]));
  const leading = new Set(existing.map((c) => c.classTeacherId).filter((id): id is number => id !== null));
  const successor = new Map<number, number>();
  const old = new Map(oldClasses.map((c) => [c.id, c]));
  let created = 0;
  // Successors first (they carry the class teacher), then classes for retained students.
  const ordered = [...targets].sort((a, b) => Number(b.grade > old.get(b.fromClassId)!.grade) - Number(a.grade > old.get(a.fromClassId)!.grade));
  for (const t of ordered) {
    const from = old.get(t.fromClassId)!;
    const k = key(t.grade, from.letter);
    const promoted = t.grade === from.grade + 1;
    let cls = byKey.get(k);
    const teacher = promoted && from.classTeacherId && !leading.has(from.classTeacherId) ? from.classTeacherId : null;
    if (!cls) {
      cls = await tx.schoolClass.create({
        data: {
          schoolId,
          yearId: next.id,
          grade: t.grade,
          letter: from.letter,
          classTeacherId: teacher,
          homeRoomId: from.homeRoomId,
          bellScheduleId: t.grade === from.grade ? from.bellScheduleId : null,
        },
      });
      byKey.set(k, cls);
      created++;
      if (teacher) leading.add(teacher);
    } else if (!cls.classTeacherId && teacher) {
      cls = await tx.schoolClass.update({ where: { id: cls.id }, data: { classTeacherId: teacher } });
      byKey.set(k, cls);
      leading.add(teacher);
    }
    if (promoted) successor.set(from.id, cls.id);
  }
  return { successor, byKey: new Map([...byKey].map(([k, c]) => [k, c.id])), created };
}

export function classKey(grade: number, letter: string): string {
  return key(grade, letter);
}
