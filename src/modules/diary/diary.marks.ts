/**
 * The diary's marks page (R-DRY-1, R-DRY-4, R-ACL-1): per subject the marks of a study period,
 * the weighted average and forecast (journal.calc, R-JRN-8), the period and year final marks as
 * soon as they are entered, and the class average for comparison — an aggregate only, never a
 * classmate's marks or name.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, Prisma } from "../../lib/db.ts";
import { today, within } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareText } from "../../lib/names.ts";
import { forecast, weightedAverage, yearForecast, type Thresholds } from "../journal/journal.calc.ts";
import { loadDiaryStudent, type DiaryStudent } from "./diary.common.ts";
import { PERIOD_NAMES } from "./diary.text.ts";

export interface PeriodOption {
  id: number;
  number: number;
  name: string;
  startDate: Date;
  endDate: Date;
}

export interface SubjectMark {
  value: number;
  date: Date;
  kind: string;
  weight: number;
  workTopic: string | null;
  comment: string | null;
}

export interface SubjectRow {
  subjectId: number;
  subject: string;
  marks: SubjectMark[];
  average: number | null;
  forecast: number | null;
  classAverage: number | null;
  periodFinal: string | null;
  yearFinal: string | null;
  /** Forecast of the year mark from the period finals entered so far. */
  yearForecast: number | null;
}

export interface MarksPage {
  student: DiaryStudent;
  className: string | null;
  periods: PeriodOption[];
  period: PeriodOption | null;
  rows: SubjectRow[];
}

/** The student's class in the current year: the membership on `on`, else the latest one of the year. */
export async function currentClassOf(schoolId: number, yearId: number | null, studentId: number, on: Date) {
  if (yearId === null) return null;
  const spans = await prisma.classMembership.findMany({
    where: { schoolId, studentId, class: { yearId } },
    select: { classId: true, fromDate: true, toDate: true, class: { select: { id: true, grade: true, letter: true, yearId: true } } },
    orderBy: { fromDate: "desc" },
  });
  return (spans.find((s) => within(on, s.fromDate, s.toDate)) ?? spans[0])?.class ?? null;
}

/** The study periods of the year for a grade (its period set), in order. */
export async function periodsForGrade(schoolId: number, yearId: number, grade: number): Promise<PeriodOption[]> {
  const rows = await prisma.studyPeriod.findMany({
    where: { schoolId, yearId, periodSet: { gradeFrom: { lte: grade }, gradeTo: { gte: grade } } },
    select: { id: true, number: true, startDate: true, endDate: true, periodSet: { select: { kind: true } } },
    orderBy: { number: "asc" },
  });
  return rows.map((p) => ({ id: p.id, number: p.number, name: `${p.number} ${PERIOD_NAMES[p.periodSet.kind] ?? ""}`.trim(), startDate: p.startDate, endDate: p.endDate }));
}

/** The asked period (NotFound if not one of these), else the one containing today, else the last begun, else the first. */
export function choosePeriod(periods: PeriodOption[], periodId: number | null, now: Date): PeriodOption | null {
  if (periodId !== null) {
    const p = periods.find((x) => x.id === periodId);
    if (!p) throw new NotFound();
    return p;
  }
  return periods.find((p) => within(now, p.startDate, p.endDate)) ?? [...periods].reverse().find((p) => p.startDate <= now) ?? periods[0] ?? null;
}

export async function schoolThresholds(schoolId: number): Promise<Thresholds> {
  const s = await prisma.school.findUniqueOrThrow({ where: { id: schoolId }, select: { forecastThreshold5: true, forecastThreshold4: true, forecastThreshold3: true } });
  return { t5: Number(s.forecastThreshold5), t4: Number(s.forecastThreshold4), t3: Number(s.forecastThreshold3) };
}

/**
 * The class average is shown only when at least this many students have marks in the subject:
 * with two, it would give away the one classmate's average (R-ACL-1).
 */
export const CLASS_AVERAGE_MIN_STUDENTS = 3;

/** R-ACL-1: the weighted average of all marks given in the class's lessons of each subject — one number per subject. */
async function classAverages(schoolId: number, classId: number, from: Date, to: Date): Promise<Map<number, number>> {
  const rows = await prisma.$queryRaw<{ subjectId: number; avg: number | null }[]>(Prisma.sql`
    SELECT l."subjectId" AS "subjectId", (SUM(m.value * t.weight) / NULLIF(SUM(t.weight), 0))::float8 AS avg
    FROM "Lesson" l
    JOIN "Mark" m ON m."lessonId" = l.id
    JOIN "LessonWork" w ON w.id = m."workId"
    JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
    WHERE l."schoolId" = ${schoolId} AND l."classId" = ${classId} AND l.date >= ${from} AND l.date <= ${to}
    GROUP BY l."subjectId"
    HAVING COUNT(DISTINCT m."studentId") >= ${CLASS_AVERAGE_MIN_STUDENTS}`);
  return new Map(rows.filter((r) => r.avg !== null).map((r) => [r.subjectId, r.avg!]));
}

/** R-DRY-1, R-DRY-4: the marks page of a period for a student the actor may see; NotFound otherwise. */
export async function getMarksPage(actor: Actor, studentId: number, periodId: number | null, now: Date = today()): Promise<MarksPage> {
  const student = await loadDiaryStudent(actor, studentId);
  const schoolId = actor.schoolId;
  const cls = await currentClassOf(schoolId, actor.currentYearId, studentId, now);
  if (!cls) {
    if (periodId !== null) throw new NotFound();
    return { student, className: null, periods: [], period: null, rows: [] };
  }
  const periods = await periodsForGrade(schoolId, cls.yearId, cls.grade);
  const period = choosePeriod(periods, periodId, now);
  if (!period) return { student, className: className(cls), periods, period: null, rows: [] };

  const [thresholds, marks, finals, loads, averages] = await Promise.all([
    schoolThresholds(schoolId),
    prisma.mark.findMany({
      where: { schoolId, studentId, lesson: { date: { gte: period.startDate, lte: period.endDate } } },
      select: {
        value: true, comment: true,
        lesson: { select: { date: true, subjectId: true } },
        work: { select: { topic: true, assignmentType: { select: { name: true, weight: true } } } },
      },
    }),
    prisma.finalMark.findMany({ where: { schoolId, studentId, yearId: cls.yearId }, select: { subjectId: true, kind: true, periodId: true, value: true } }),
    prisma.teachingLoad.findMany({ where: { schoolId, classId: cls.id }, select: { subjectId: true }, distinct: ["subjectId"] }),
    classAverages(schoolId, cls.id, period.startDate, period.endDate),
  ]);

  const subjectIds = new Set<number>([...loads.map((l) => l.subjectId), ...marks.map((m) => m.lesson.subjectId), ...finals.map((f) => f.subjectId)]);
  const subjects = await prisma.subject.findMany({
    where: { schoolId, id: { in: [...subjectIds] } },
    select: { id: true, name: true, sortOrder: true, gradingMode: true },
  });
  subjects.sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.name, b.name));

  const periodIds = new Set(periods.map((p) => p.id));
  const rows = subjects.map((s): SubjectRow => {
    const own = marks
      .filter((m) => m.lesson.subjectId === s.id)
      .map((m) => ({ value: m.value, date: m.lesson.date, kind: m.work.assignmentType.name, weight: Number(m.work.assignmentType.weight), workTopic: m.work.topic, comment: m.comment }))
      .sort((a, b) => a.date.getTime() - b.date.getTime());
    const mine = finals.filter((f) => f.subjectId === s.id);
    const periodFinals = periods.map((p) => mine.find((f) => f.kind === "PERIOD" && f.periodId === p.id)?.value ?? null);
    return {
      subjectId: s.id,
      subject: s.name,
      marks: own,
      average: weightedAverage(own),
      forecast: s.gradingMode === "MARKS" ? forecast(own, thresholds) : null,
      classAverage: averages.get(s.id) ?? null,
      periodFinal: mine.find((f) => f.kind === "PERIOD" && f.periodId === period.id)?.value ?? null,
      yearFinal: mine.find((f) => f.kind === "YEAR")?.value ?? null,
      yearForecast: s.gradingMode === "MARKS" && mine.some((f) => f.periodId !== null && periodIds.has(f.periodId)) ? yearForecast(periodFinals, thresholds) : null,
    };
  });
  return { student, className: className(cls), periods, period, rows };
}
