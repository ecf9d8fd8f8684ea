/**
 * The journal grid (R-JRN-1, R-JRN-8): students × lessons of one period of a journal
 * (class or subgroup × subject), with marks per kind of work, attendance, weighted
 * averages, forecasts and the period final marks. A fixed handful of queries for the
 * whole grid (no per-student or per-lesson queries).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { today, within } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { marklessReason } from "../../lib/grading.ts";
import { compareNames, fullName, shortName } from "../../lib/names.ts";
import type { AttendanceCode, YearStatus } from "../../generated/prisma/enums.ts";
import type { GradePeriod } from "../setup/years.service.ts";
import type { AssignmentTypeRow } from "./assignment-types.service.ts";
import { formatAverage, forecast, weightedAverage, type WeightedMark } from "./journal.calc.ts";
import { gridCells, journalHeader, type MarkCell } from "./grid.data.ts";
import { cellKey } from "./journal.context.ts";
import {
  canOverride,
  canSeeHistory,
  decideFinalEdit,
  decideLessonEdit,
  finalValuesFor,
  isLocked,
  isYearOpen,
  marksAllowed,
  teachesJournal,
  wasMemberDuring,
  wasMemberOn,
  type EditDecision,
  type JournalRef,
  type MembershipSpan,
} from "./journal.policy.ts";
import { ATTENDANCE_LABELS, MSG } from "./journal.text.ts";
import { GRID_TEXT } from "./grid.text.ts";

/** "edit": may change; "reason": may change giving a reason (override); "ro": read-only. */
export type Access = "edit" | "reason" | "ro";

export function accessOf(d: EditDecision): Access {
  return d.allowed ? (d.override ? "reason" : "edit") : "ro";
}

export interface GridColumn {
  typeId: number;
  workId: number | null;
  name: string;
  short: string;
  weight: number;
  isControl: boolean;
  topic: string | null;
}

export interface GridLesson {
  id: number;
  date: Date;
  number: number | null;
  topic: string | null;
  lessonType: string | null;
  homework: string | null;
  homeworkDue: Date | null;
  substitute: string | null;
  attendanceTaken: boolean;
  locked: boolean;
  /** After today: nothing can be entered yet (decideLessonEdit "future"). */
  future: boolean;
  /** On today's date. */
  today: boolean;
  marks: Access;
  att: Access;
  cols: GridColumn[];
}

export interface GridCell {
  member: boolean;
  exempt: boolean;
  att: AttendanceCode | null;
  attLabel: string;
  attHist: boolean;
  marks: { v: number | null; c: string | null; h: boolean }[];
}

export interface GridRow {
  id: number;
  name: string;
  short: string;
  cells: GridCell[];
  avg: number | null;
  avgText: string;
  forecast: number | null;
  count: number;
  final: string | null;
  finalHist: boolean;
}

export interface GridQuery extends JournalRef {
  periodId: number | null;
}

/** The period asked for (404 when it is not the class's), else the one containing today, else the last started, else the first. */
export function choosePeriod(periods: GradePeriod[], periodId: number | null, now: Date): GradePeriod | null {
  if (periodId !== null) {
    const p = periods.find((x) => x.id === periodId);
    if (!p) throw new NotFound("Период не найден");
    return p;
  }
  return periods.find((p) => within(now, p.startDate, p.endDate)) ?? [...periods].reverse().find((p) => p.startDate <= now) ?? periods[0] ?? null;
}

/**
 * The lesson the grid opens at (issue 23): the first lesson of today, else the last one before
 * today; null when every lesson of the period is still ahead (or there are none).
 */
export function anchorLesson<L extends { future: boolean; today: boolean }>(lessons: readonly L[]): L | null {
  const todays = lessons.find((l) => l.today);
  if (todays) return todays;
  let last: L | null = null;
  for (const l of lessons) if (!l.future) last = l;
  return last;
}

/** Why a cell of a past lesson is read-only for this actor (the keyboard says so instead of a generic «только просмотр»). */
function readOnlyText(actor: Actor, year: { name: string; status: YearStatus }, ownLoad: boolean): string {
  if (!isYearOpen(year.status)) return MSG.closedYear(year.name);
  if (!ownLoad && !canOverride(actor)) return MSG.notOwn;
  return GRID_TEXT.readOnly;
}

/** Which of the given audit cells were ever corrected (update, delete, or with a reason). One query. */
export async function correctedCells(schoolId: number, entities: string[], keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await prisma.$queryRaw<{ entity: string; entityId: string }[]>`
    SELECT DISTINCT "entity", "entityId" FROM "AuditLog"
    WHERE "schoolId" = ${schoolId} AND "entity" = ANY(${entities}::text[]) AND "entityId" = ANY(${keys}::text[])
      AND ("action" <> 'create' OR "reason" IS NOT NULL)`;
  return new Set(rows.map((r) => `${r.entity}|${r.entityId}`));
}

/** Roster rows (class or subgroup memberships overlapping [from, to]) with names. */
export async function rosterWithNames(schoolId: number, j: { classId: number; subgroupId: number | null }, from: Date, to: Date) {
  const where = { schoolId, fromDate: { lte: to }, OR: [{ toDate: null }, { toDate: { gte: from } }] };
  const select = {
    studentId: true,
    fromDate: true,
    toDate: true,
    student: { select: { person: { select: { lastName: true, firstName: true, middleName: true } } } },
  };
  const rows = j.subgroupId
    ? await prisma.subgroupMembership.findMany({ where: { ...where, subgroupId: j.subgroupId }, select })
    : await prisma.classMembership.findMany({ where: { ...where, classId: j.classId }, select });
  const byStudent = new Map<number, { id: number; person: { lastName: string; firstName: string; middleName: string | null }; spans: MembershipSpan[] }>();
  for (const r of rows) {
    const s = byStudent.get(r.studentId) ?? { id: r.studentId, person: r.student.person, spans: [] };
    s.spans.push({ fromDate: r.fromDate, toDate: r.toDate });
    byStudent.set(r.studentId, s);
  }
  return [...byStudent.values()].sort((a, b) => compareNames(a.person, b.person));
}

function columnsOf(
  works: { id: number; assignmentTypeId: number; topic: string | null }[],
  types: Map<number, AssignmentTypeRow>,
  fallback: AssignmentTypeRow | undefined,
): GridColumn[] {
  const cols: GridColumn[] = works
    .map((w) => ({ w, t: types.get(w.assignmentTypeId)! }))
    .filter((x) => x.t)
    .sort((a, b) => a.t.sortOrder - b.t.sortOrder || a.t.id - b.t.id)
    .map(({ w, t }) => ({ typeId: t.id, workId: w.id, name: t.name, short: t.shortName, weight: t.weight, isControl: t.isControl, topic: w.topic }));
  if (!cols.length && fallback)
    cols.push({
      typeId: fallback.id,
      workId: null,
      name: fallback.name,
      short: fallback.shortName,
      weight: fallback.weight,
      isControl: fallback.isControl,
      topic: null,
    });
  return cols;
}

/**
 * The grid of one journal and period (GET /journal/:classId/:subjectId?period=&subgroup=).
 * Rows: students who were members on at least one lesson date of the period (all members
 * of the period while it has no lessons), alphabetical; a cell of a date the student was
 * not a member is blank and not editable. Throws NotFound for ids outside the school.
 * Two queries (grid.data.ts), no per-student or per-lesson queries.
 */
export async function getGrid(actor: Actor, q: GridQuery, now: Date = today()) {
  const j: JournalRef = { classId: q.classId, subjectId: q.subjectId, subgroupId: q.subgroupId };
  // With the period in the URL (every tab link) the header and the cells are read at once;
  // otherwise the period is chosen from the header first.
  const early = q.periodId !== null ? gridCells({ schoolId: actor.schoolId, ...j, from: null, to: null }, null, q.periodId) : null;
  early?.catch(() => undefined); // awaited below; a 404 from the header must not leave it unhandled
  const h = await journalHeader(actor.schoolId, j);
  if (!h) throw new NotFound("Журнал не найден");
  const { cls, subject, subgroup, lockDays, thresholds, periods, types } = h;
  const ownLoad = teachesJournal(actor, h.loads, j);
  const period = choosePeriod(periods, q.periodId, now);
  const from = period?.startDate ?? cls.year.startDate;
  const to = period?.endDate ?? cls.year.endDate;

  const {
    lessons,
    roster,
    marks,
    attendance,
    finals: finalBy,
    exemptions: exemptBy,
    history,
  } = await (early ?? gridCells({ schoolId: actor.schoolId, ...j, from, to }, cls.yearId, period?.id ?? null));
  roster.sort((a, b) => compareNames(a.person, b.person));

  const typeById = new Map(types.map((t) => [t.id, t]));
  const fallback = types.find((t) => !t.archived);
  const finalDecision = decideFinalEdit(actor, cls.year.status, ownLoad);
  const grading = { grade: cls.grade, gradingMode: subject.gradingMode, ungradedGrades: h.ungradedGrades, subjectName: subject.name };
  const withMarks = marksAllowed(grading);
  const gridLessonsOut: GridLesson[] = lessons.map((l) => {
    const facts = {
      ...j,
      date: l.date,
      substituteId: l.substituteId,
      yearStatus: cls.year.status,
      yearName: cls.year.name,
      classTeacherId: cls.classTeacherId,
    };
    return {
      id: l.id,
      date: l.date,
      number: l.number,
      topic: l.topic,
      lessonType: l.lessonType,
      homework: l.homework,
      homeworkDue: l.homeworkDue,
      substitute: l.subLast ? shortName({ lastName: l.subLast, firstName: l.subFirst ?? "", middleName: l.subMiddle }) : null,
      attendanceTaken: l.attendanceTaken,
      locked: isLocked(l.date, now, lockDays),
      future: l.date > now,
      today: l.date.getTime() === now.getTime(),
      marks: withMarks ? accessOf(decideLessonEdit(actor, facts, ownLoad, "marks", now, lockDays)) : "ro",
      att: accessOf(decideLessonEdit(actor, facts, ownLoad, "attendance", now, lockDays)),
      cols: columnsOf(l.works, typeById, fallback),
    };
  });

  const students = lessons.length
    ? roster.filter((s) => lessons.some((l) => wasMemberOn(s.spans, l.date)))
    : roster.filter((s) => wasMemberDuring(s.spans, from, to));

  // Cells by lesson and student (numeric keys: this loop runs for every cell of the grid).
  type Cell = { att: AttendanceCode | null; marks: Map<number, MarkCell> };
  const cellsOf = new Map<number, Map<number, Cell>>();
  const cellOf = (lessonId: number, studentId: number) => {
    let byStudent = cellsOf.get(lessonId);
    if (!byStudent) cellsOf.set(lessonId, (byStudent = new Map<number, Cell>()));
    let c = byStudent.get(studentId);
    if (!c) byStudent.set(studentId, (c = { att: null, marks: new Map() }));
    return c;
  };
  for (const m of marks) cellOf(m.lessonId, m.studentId).marks.set(m.typeId, m);
  for (const a of attendance) cellOf(a.lessonId, a.studentId).att = a.code;
  // Lessons with a corrected cell: only their cells need the audit key.
  const histLessons = new Set<number>();
  for (const k of history) if (!k.startsWith("final-mark|")) histLessons.add(Number(k.slice(k.indexOf("|") + 1).split(":")[0]));

  const classMarks: WeightedMark[] = [];
  const rows: GridRow[] = students.map((s) => {
    const own: WeightedMark[] = [];
    const exempt = exemptBy.get(s.id) ?? [];
    const cells = gridLessonsOut.map((l) => {
      const member = wasMemberOn(s.spans, l.date);
      const cell = cellsOf.get(l.id)?.get(s.id);
      const att = cell?.att ?? null;
      const hist = histLessons.has(l.id);
      return {
        member,
        exempt: exempt.length > 0 && exempt.some((e) => within(l.date, e.fromDate, e.toDate)),
        att,
        attLabel: att ? ATTENDANCE_LABELS[att] : "",
        attHist: hist && history.has(`attendance|${cellKey.attendance(l.id, s.id)}`),
        marks: l.cols.map((c) => {
          const m = cell?.marks.get(c.typeId);
          // Only a member's marks count (a backdated transfer's marks «из другого класса», journal.membership.ts).
          if (m && member) own.push({ value: m.value, weight: c.weight });
          return { v: m?.value ?? null, c: m?.comment ?? null, h: hist && history.has(`mark|${cellKey.mark(l.id, s.id, c.typeId)}`) };
        }),
      };
    });
    for (const m of own) classMarks.push(m);
    const avg = weightedAverage(own);
    return {
      id: s.id,
      name: fullName(s.person),
      short: shortName(s.person),
      cells,
      avg,
      avgText: formatAverage(avg),
      forecast: forecast(own, thresholds),
      count: own.length,
      final: finalBy.get(s.id) ?? null,
      finalHist: period ? history.has(`final-mark|${cellKey.final(s.id, j.subjectId, cls.yearId, period.id)}`) : false,
    };
  });
  const classAvg = weightedAverage(classMarks);
  const anchor = anchorLesson(gridLessonsOut);
  const futureLessons = gridLessonsOut.filter((l) => l.future);

  return {
    cls: { id: cls.id, grade: cls.grade, letter: cls.letter, yearId: cls.yearId, yearName: cls.year.name, yearStatus: cls.year.status },
    subject: { id: subject.id, name: subject.name, gradingMode: subject.gradingMode },
    subgroup: subgroup ? { id: subgroup.id, name: subgroup.name } : null,
    subgroups: h.subgroups,
    periods,
    period,
    lessons: gridLessonsOut,
    anchorLessonId: anchor?.id ?? null,
    futureCount: futureLessons.length,
    lastFutureDate: futureLessons.at(-1)?.date ?? null,
    /** Future lessons start folded away when there is a lesson to open the grid at. */
    foldFuture: anchor !== null && futureLessons.length > 0,
    readOnlyText: readOnlyText(actor, cls.year, ownLoad),
    rows,
    classAvg,
    classAvgText: formatAverage(classAvg),
    classForecast: forecast(classMarks, thresholds),
    lockDays,
    thresholds,
    ownLoad,
    finalAccess: period && period.startDate <= now ? accessOf(finalDecision) : "ro",
    finalValues: finalValuesFor(grading),
    marksAllowed: withMarks,
    /** Issue 23: «Обучение без отметок: …» where marks are not used; the grid shows it above the table. */
    marklessNote: marklessReason(grading),
    canCreateLesson: cls.year.status !== "CLOSED" && (ownLoad || canOverride(actor)),
    canSeeHistory: canSeeHistory(actor),
    canOverride: canOverride(actor),
    defaultTypeId: fallback?.id ?? null,
  };
}

export type Grid = Awaited<ReturnType<typeof getGrid>>;
