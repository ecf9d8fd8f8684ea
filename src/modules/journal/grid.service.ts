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
import { compareNames, fullName, shortName } from "../../lib/names.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { periodsForGrade, type GradePeriod } from "../years/years.service.ts";
import { listAssignmentTypes, type AssignmentTypeRow } from "./assignment-types.service.ts";
import { formatAverage, forecast, type Thresholds, type WeightedMark } from "./journal.calc.ts";
import { cellKey } from "./journal.context.ts";
import { findJournal } from "./lessons.service.ts";
import {
  canOverride, canSeeHistory, decideFinalEdit, decideLessonEdit, finalValuesFor, isLocked, marksAllowed, wasMemberDuring, wasMemberOn,
  type EditDecision, type JournalRef, type MembershipSpan,
} from "./journal.policy.ts";
import { ATTENDANCE_LABELS } from "./journal.text.ts";

/** "edit": may change; "reason": may change giving a reason (override); "ro": read-only. */
export type Access = "edit" | "reason" | "ro";

export function accessOf(d: EditDecision): Access {
  return d.allowed ? (d.override ? "reason" : "edit") : "ro";
}

export interface GridColumn { typeId: number; workId: number | null; name: string; short: string; weight: number; isControl: boolean; topic: string | null }

export interface GridLesson {
  id: number; date: Date; number: number | null; topic: string | null; lessonType: string | null; homework: string | null; homeworkDue: Date | null;
  substitute: string | null; attendanceTaken: boolean; locked: boolean; future: boolean; marks: Access; att: Access; cols: GridColumn[];
}

export interface GridCell {
  member: boolean; exempt: boolean; att: AttendanceCode | null; attLabel: string; attHist: boolean;
  marks: { v: number | null; c: string | null; h: boolean }[];
}

export interface GridRow {
  id: number; name: string; short: string; cells: GridCell[];
  avg: number | null; avgText: string; forecast: number | null; count: number;
  final: string | null; finalHist: boolean;
}

export interface GridQuery extends JournalRef { periodId: number | null }

export async function loadJournalBasics(actor: Actor, j: JournalRef) {
  const [journal, school, subgroups] = await Promise.all([
    findJournal(prisma, actor, j),
    prisma.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { lockDays: true, forecastThreshold5: true, forecastThreshold4: true, forecastThreshold3: true } }),
    prisma.subgroup.findMany({ where: { schoolId: actor.schoolId, classId: j.classId, subjectId: j.subjectId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  const thresholds: Thresholds = { t5: Number(school.forecastThreshold5), t4: Number(school.forecastThreshold4), t3: Number(school.forecastThreshold3) };
  const periods = await periodsForGrade(journal.cls.yearId, journal.cls.grade);
  return { ...journal, lockDays: school.lockDays, thresholds, subgroups, periods };
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
  const select = { studentId: true, fromDate: true, toDate: true, student: { select: { person: { select: { lastName: true, firstName: true, middleName: true } } } } };
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

function columnsOf(works: { id: number; assignmentTypeId: number; topic: string | null }[], types: Map<number, AssignmentTypeRow>, fallback: AssignmentTypeRow | undefined): GridColumn[] {
  const cols: GridColumn[] = works
    .map((w) => ({ w, t: types.get(w.assignmentTypeId)! }))
    .filter((x) => x.t)
    .sort((a, b) => a.t.sortOrder - b.t.sortOrder || a.t.id - b.t.id)
    .map(({ w, t }) => ({ typeId: t.id, workId: w.id, name: t.name, short: t.shortName, weight: t.weight, isControl: t.isControl, topic: w.topic }));
  if (!cols.length && fallback) cols.push({ typeId: fallback.id, workId: null, name: fallback.name, short: fallback.shortName, weight: fallback.weight, isControl: fallback.isControl, topic: null });
  return cols;
}

/**
 * The grid of one journal and period (GET /journal/:classId/:subjectId?period=&subgroup=).
 * Rows: students who were members on at least one lesson date of the period (all members
 * of the period while it has no lessons), alphabetical; a cell of a date the student was
 * not a member is blank and not editable. Throws NotFound for ids outside the school.
 */
export async function getGrid(actor: Actor, q: GridQuery, now: Date = today()) {
  const j: JournalRef = { classId: q.classId, subjectId: q.subjectId, subgroupId: q.subgroupId };
  const basics = await loadJournalBasics(actor, j);
  const { cls, subject, subgroup, ownLoad, lockDays, thresholds, periods } = basics;
  const period = choosePeriod(periods, q.periodId, now);
  const from = period?.startDate ?? cls.year.startDate;
  const to = period?.endDate ?? cls.year.endDate;
  const lessonWhere = { schoolId: actor.schoolId, classId: j.classId, subjectId: j.subjectId, subgroupId: j.subgroupId, date: { gte: from, lte: to } };

  const [lessons, roster, marks, attendance, finals, exemptions, types] = await Promise.all([
    prisma.lesson.findMany({
      where: lessonWhere,
      orderBy: [{ date: "asc" }, { number: "asc" }, { id: "asc" }],
      select: {
        id: true, date: true, number: true, topic: true, lessonType: true, homework: true, homeworkDue: true, substituteId: true, attendanceCheckedAt: true,
        substitute: { select: { lastName: true, firstName: true, middleName: true } },
        works: { select: { id: true, assignmentTypeId: true, topic: true } },
      },
    }),
    rosterWithNames(actor.schoolId, j, from, to),
    prisma.mark.findMany({ where: { schoolId: actor.schoolId, lesson: lessonWhere }, select: { lessonId: true, workId: true, studentId: true, value: true, comment: true } }),
    prisma.attendance.findMany({ where: { schoolId: actor.schoolId, lesson: lessonWhere }, select: { lessonId: true, studentId: true, code: true } }),
    period
      ? prisma.finalMark.findMany({ where: { schoolId: actor.schoolId, subjectId: j.subjectId, yearId: cls.yearId, kind: "PERIOD", periodId: period.id }, select: { studentId: true, value: true } })
      : [],
    prisma.exemption.findMany({
      where: { schoolId: actor.schoolId, fromDate: { lte: to }, toDate: { gte: from }, OR: [{ subjectId: null }, { subjectId: j.subjectId }] },
      select: { studentId: true, fromDate: true, toDate: true },
    }),
    listAssignmentTypes(actor.schoolId, true),
  ]);

  const typeById = new Map(types.map((t) => [t.id, t]));
  const fallback = types.find((t) => !t.archived);
  const finalDecision = decideFinalEdit(actor, cls.year.status, ownLoad);
  const gridLessons: GridLesson[] = lessons.map((l) => {
    const facts = { ...j, date: l.date, substituteId: l.substituteId, yearStatus: cls.year.status, yearName: cls.year.name, classTeacherId: cls.classTeacherId };
    return {
      id: l.id, date: l.date, number: l.number, topic: l.topic, lessonType: l.lessonType, homework: l.homework, homeworkDue: l.homeworkDue,
      substitute: l.substitute ? shortName(l.substitute) : null,
      attendanceTaken: !!l.attendanceCheckedAt,
      locked: isLocked(l.date, now, lockDays),
      future: l.date > now,
      marks: marksAllowed(cls.grade, subject.gradingMode) ? accessOf(decideLessonEdit(actor, facts, ownLoad, "marks", now, lockDays)) : "ro",
      att: accessOf(decideLessonEdit(actor, facts, ownLoad, "attendance", now, lockDays)),
      cols: columnsOf(l.works, typeById, fallback),
    };
  });

  const students = lessons.length ? roster.filter((s) => lessons.some((l) => wasMemberOn(s.spans, l.date))) : roster.filter((s) => wasMemberDuring(s.spans, from, to));

  // Audit keys of every cell shown, for the "has history" corner sign.
  const keys: string[] = [];
  for (const s of students)
    for (const l of gridLessons) {
      keys.push(cellKey.attendance(l.id, s.id));
      for (const c of l.cols) keys.push(cellKey.mark(l.id, s.id, c.typeId));
    }
  if (period) for (const s of students) keys.push(cellKey.final(s.id, j.subjectId, cls.yearId, period.id));
  const history = await correctedCells(actor.schoolId, ["mark", "attendance", "final-mark"], keys);

  const markByCell = new Map<string, { value: number; comment: string | null }>();
  const workType = new Map<number, number>();
  for (const l of lessons) for (const w of l.works) workType.set(w.id, w.assignmentTypeId);
  for (const m of marks) markByCell.set(`${m.lessonId}:${m.studentId}:${workType.get(m.workId)}`, m);
  const attByCell = new Map(attendance.map((a) => [`${a.lessonId}:${a.studentId}`, a.code]));
  const finalBy = new Map(finals.map((f) => [f.studentId, f.value]));

  const classNum: WeightedMark[] = [];
  const rows: GridRow[] = students.map((s) => {
    const own: WeightedMark[] = [];
    const exempt = exemptions.filter((e) => e.studentId === s.id);
    const cells = gridLessons.map((l) => {
      const member = wasMemberOn(s.spans, l.date);
      const att = attByCell.get(`${l.id}:${s.id}`) ?? null;
      return {
        member,
        exempt: exempt.some((e) => within(l.date, e.fromDate, e.toDate)),
        att,
        attLabel: att ? ATTENDANCE_LABELS[att] : "",
        attHist: history.has(`attendance|${l.id}:${s.id}`),
        marks: l.cols.map((c) => {
          const m = markByCell.get(`${l.id}:${s.id}:${c.typeId}`);
          if (m) own.push({ value: m.value, weight: c.weight });
          return { v: m?.value ?? null, c: m?.comment ?? null, h: history.has(`mark|${cellKey.mark(l.id, s.id, c.typeId)}`) };
        }),
      };
    });
    classNum.push(...own);
    const avg = own.length ? own.reduce((a, m) => a + m.value * m.weight, 0) / own.reduce((a, m) => a + m.weight, 0) : null;
    return {
      id: s.id, name: fullName(s.person), short: shortName(s.person), cells,
      avg, avgText: formatAverage(avg), forecast: forecast(own, thresholds), count: own.length,
      final: finalBy.get(s.id) ?? null,
      finalHist: period ? history.has(`final-mark|${cellKey.final(s.id, j.subjectId, cls.yearId, period.id)}`) : false,
    };
  });
  const classAvg = classNum.length ? classNum.reduce((a, m) => a + m.value * m.weight, 0) / classNum.reduce((a, m) => a + m.weight, 0) : null;

  return {
    cls: { id: cls.id, grade: cls.grade, letter: cls.letter, yearId: cls.yearId, yearName: cls.year.name, yearStatus: cls.year.status },
    subject: { id: subject.id, name: subject.name, gradingMode: subject.gradingMode },
    subgroup: subgroup ? { id: subgroup.id, name: subgroup.name } : null,
    subgroups: basics.subgroups,
    periods, period, lessons: gridLessons, rows,
    classAvg, classAvgText: formatAverage(classAvg), classForecast: forecast(classNum, thresholds),
    lockDays, thresholds,
    ownLoad,
    finalAccess: period && period.startDate <= now ? accessOf(finalDecision) : "ro",
    finalValues: finalValuesFor(cls.grade, subject.gradingMode),
    marksAllowed: marksAllowed(cls.grade, subject.gradingMode),
    canCreateLesson: cls.year.status !== "CLOSED" && (ownLoad || canOverride(actor)),
    canSeeHistory: canSeeHistory(actor),
    canOverride: canOverride(actor),
    defaultTypeId: fallback?.id ?? null,
  };
}

export type Grid = Awaited<ReturnType<typeof getGrid>>;
