/**
 * The schedule of assessment procedures of a year's classes (R-PLN-6), gathered in one pass:
 *
 *   (a) planned   PlannedAssessment rows the teachers entered (a date, maybe a lesson number);
 *   (b) plan      topics of kind CONTROL, DIAGNOSTIC, TEST of the journal's approved plan (КТП; APPROVED,
 *                 not superseded, via PlanAssignment) on the journal's lessons: the lesson linked to the
 *                 topic when there is one, else the n-th lesson of the journal by date for the plan's
 *                 n-th hour (a topic starting at hour s, 0-based, falls on lesson s + 1) — lessons
 *                 recorded so far and, for dates from today on, the timetable's; a topic a teacher
 *                 planned as an assessment (PlannedAssessment.planItemId) is not repeated;
 *   (c) recorded  kinds of work of recorded lessons whose kind is an assessment (AssignmentType.isAssessment).
 * The facts the rules need: the day's lesson numbers (recorded lessons and the timetable's), lessons a
 * week of a subject (timetable entries in force, else the load's or the curriculum's hours), the
 * year's lessons (with a timetable: the journal's lessons of the year; else hours × 34 weeks, 33 in grade 1);
 * the lessons' part is computed in SQL (assessments.lessons.ts).
 * Works of one class, subject and date are one entry (several sources, subgroups, works). The rules
 * (assessments.rules.ts) run over the year's entries: the frequency is counted per study period and
 * the share over the year, so a period's page needs the whole year.
 */
import { prisma, pgPool } from "../../lib/db.ts";
import { addDays, isoDate, today as schoolToday } from "../../lib/dates.ts";
import { className, compareText, fullName } from "../../lib/names.ts";
import { periodName } from "../../lib/periods-ru.ts";
import { dayKey, lessonFacts } from "./assessments.lessons.ts";
import { checkRules, type ExceptionInfo, type RuleEntry, type RuleFacts, type Warning } from "./assessments.rules.ts";
import type { RuleKey, Source } from "./assessments.text.ts";
import { WORK_KIND_NAMES } from "./plans.text.ts";

export interface SchedulePeriod {
  id: number;
  number: number;
  kind: string;
  /** «2-я четверть». */
  name: string;
  startDate: Date;
  endDate: Date;
  gradeFrom: number;
  gradeTo: number;
}

export interface ScheduleClass {
  id: number;
  grade: number;
  letter: string;
  /** «5А». */
  name: string;
  profile: string;
}

export interface ScheduleSubject {
  id: number;
  name: string;
  shortName: string;
  sortOrder: number;
}

/** A journal of the teaching load: class (and subgroup, 0 = whole class) × subject, its teacher. */
export interface LoadJournal {
  classId: number;
  subgroupId: number;
  subgroupName: string | null;
  subjectId: number;
  teacherId: number;
  hoursPerWeek: number;
}

/** One work of an entry. */
export interface ScheduleItem {
  source: Source;
  subgroupId: number;
  kind: string;
  title: string;
  /** The PlannedAssessment row (source planned). */
  plannedId: number | null;
}

/** The assessments of a class in a subject on a date. */
export interface ScheduleEntry extends RuleEntry {
  subjectShort: string;
  items: ScheduleItem[];
  sources: Source[];
  warnings: Warning[];
  periodId: number | null;
}

export interface YearSchedule {
  year: { id: number; name: string; status: string; startDate: Date; endDate: Date };
  classes: ScheduleClass[];
  periods: SchedulePeriod[];
  subjects: Map<number, ScheduleSubject>;
  journals: LoadJournal[];
  /** Every entry of the classes in the year, by date and lesson number. */
  entries: ScheduleEntry[];
  facts: RuleFacts;
  /** Publications by `${classId}:${periodId}`. */
  publications: Map<string, { id: number; publishedAt: Date; publishedBy: string }>;
}

/** The study periods of a grade, in order. */
export function periodsOfGrade(periods: readonly SchedulePeriod[], grade: number): SchedulePeriod[] {
  return periods.filter((p) => p.gradeFrom <= grade && grade <= p.gradeTo).sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
}

const t = (d: Date) => d.getTime();
const csKey = (classId: number, subjectId: number) => `${classId}:${subjectId}`;
// Keys on the date's time value (cheaper than toISOString for thousands of entries).
const entryKey = (classId: number, subjectId: number, date: Date) => `${classId}:${subjectId}:${date.getTime()}`;
/** Weeks of study in a year for the share rule when there are no lessons to count (ФГОС: 33 in grade 1, else 34). */
const yearWeeks = (grade: number) => (grade === 1 ? 33 : 34);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface RecordedRow {
  classId: number;
  sg: number;
  subjectId: number;
  date: Date;
  number: number | null;
  kind: string;
  title: string;
  planItemId: number | null;
}

async function loadRecorded(schoolId: number, classIds: readonly number[], from: Date, to: Date): Promise<RecordedRow[]> {
  const { rows } = await pgPool().query<RecordedRow>(
    `SELECT l."classId", coalesce(l."subgroupId", 0) AS sg, l."subjectId", l.date, l.number, t.name AS kind,
            coalesce(nullif(btrim(w.topic), ''), nullif(btrim(l.topic), ''), t.name) AS title, l."planItemId"
       FROM "LessonWork" w
       JOIN "Lesson" l ON l.id = w."lessonId"
       JOIN "AssignmentType" t ON t.id = w."assignmentTypeId" AND t."isAssessment"
      WHERE w."schoolId" = $1 AND l."schoolId" = $1 AND l."classId" = ANY($2::int[]) AND l.date BETWEEN $3::date AND $4::date
      ORDER BY l.date, l.number NULLS LAST, w.id`,
    [schoolId, [...classIds], isoDate(from), isoDate(to)],
  );
  return rows;
}

/**
 * The schedule of the classes (all of the year when omitted) for the whole year, with every entry's
 * warnings. Null when the year is not the school's. Today decides where the timetable takes over
 * from the recorded lessons.
 */
export async function loadYearSchedule(
  schoolId: number,
  yearId: number,
  classIds?: readonly number[],
  day: Date = schoolToday(),
): Promise<YearSchedule | null> {
  const year = await prisma.academicYear.findFirst({
    where: { id: yearId, schoolId },
    select: { id: true, name: true, status: true, startDate: true, endDate: true },
  });
  if (!year) return null;
  const classRows = await prisma.schoolClass.findMany({
    where: { schoolId, yearId, ...(classIds ? { id: { in: [...classIds] } } : {}) },
    select: { id: true, grade: true, letter: true, profile: true },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  const ids = classRows.map((c) => c.id);
  const from = year.startDate;
  const to = year.endDate;
  const [periodRows, loads, subjectRows, entriesTt, curriculum, planned, recorded, exceptions, publications, types] = await Promise.all([
    prisma.studyPeriod.findMany({
      where: { schoolId, yearId },
      select: { id: true, number: true, startDate: true, endDate: true, periodSet: { select: { kind: true, gradeFrom: true, gradeTo: true } } },
    }),
    prisma.teachingLoad.findMany({
      where: { schoolId, yearId, classId: { in: ids } },
      select: { classId: true, subgroupId: true, subjectId: true, teacherId: true, hoursPerWeek: true, subgroup: { select: { name: true } } },
    }),
    prisma.subject.findMany({ where: { schoolId }, select: { id: true, name: true, shortName: true, sortOrder: true } }),
    prisma.timetableEntry.findMany({
      where: { schoolId, yearId, classId: { in: ids } },
      select: { classId: true, subgroupId: true, subjectId: true, validFrom: true, validTo: true },
    }),
    prisma.curriculumItem.findMany({
      where: { schoolId, curriculum: { yearId } },
      select: { subjectId: true, hoursPerWeek: true, curriculum: { select: { grade: true, profile: true } } },
    }),
    prisma.plannedAssessment.findMany({
      where: { schoolId, classId: { in: ids }, date: { gte: from, lte: to } },
      orderBy: [{ date: "asc" }, { id: "asc" }],
    }),
    ids.length ? loadRecorded(schoolId, ids, from, to) : Promise.resolve([]),
    prisma.assessmentException.findMany({ where: { schoolId, classId: { in: ids }, date: { gte: from, lte: to } } }),
    prisma.assessmentPublication.findMany({ where: { schoolId, classId: { in: ids } } }),
    prisma.assignmentType.findMany({ where: { schoolId }, select: { id: true, name: true } }),
  ]);
  const lf = await lessonFacts({ schoolId, yearId, classIds: ids, from, to }, day, new Set(entriesTt.map((e) => e.classId)), planned);
  const people = await prisma.person.findMany({
    where: { schoolId, id: { in: [...exceptions.map((e) => e.acceptedById), ...publications.map((p) => p.publishedById)] } },
    select: { id: true, lastName: true, firstName: true, middleName: true },
  });
  const nameOf = new Map(people.map((p) => [p.id, fullName(p)]));

  const classes: ScheduleClass[] = classRows.map((c) => ({ ...c, name: className(c) }));
  const classById = new Map(classes.map((c) => [c.id, c]));
  const periods: SchedulePeriod[] = periodRows.map((p) => ({
    id: p.id,
    number: p.number,
    kind: p.periodSet.kind,
    name: periodName({ kind: p.periodSet.kind, number: p.number }),
    startDate: p.startDate,
    endDate: p.endDate,
    gradeFrom: p.periodSet.gradeFrom,
    gradeTo: p.periodSet.gradeTo,
  }));
  const gradePeriods = new Map<number, SchedulePeriod[]>();
  for (const c of classes) if (!gradePeriods.has(c.grade)) gradePeriods.set(c.grade, periodsOfGrade(periods, c.grade));
  const subjects = new Map(subjectRows.map((s) => [s.id, s]));
  const journals: LoadJournal[] = loads.map((l) => ({
    classId: l.classId,
    subgroupId: l.subgroupId ?? 0,
    subgroupName: l.subgroup?.name ?? null,
    subjectId: l.subjectId,
    teacherId: l.teacherId,
    hoursPerWeek: Number(l.hoursPerWeek),
  }));

  const curriculumHours = new Map<string, number>();
  for (const i of curriculum) curriculumHours.set(`${i.curriculum.grade}:${i.curriculum.profile}:${i.subjectId}`, Number(i.hoursPerWeek));
  const loadHours = new Map<string, number>();
  for (const j of journals) loadHours.set(csKey(j.classId, j.subjectId), Math.max(loadHours.get(csKey(j.classId, j.subjectId)) ?? 0, j.hoursPerWeek));
  const plannedHours = (classId: number, subjectId: number) => {
    const c = classById.get(classId);
    const fromCurriculum = c ? (curriculumHours.get(`${c.grade}:${c.profile}:${subjectId}`) ?? curriculumHours.get(`${c.grade}::${subjectId}`)) : undefined;
    return loadHours.get(csKey(classId, subjectId)) ?? fromCurriculum ?? 0;
  };
  const ttBy = new Map<string, typeof entriesTt>();
  for (const e of entriesTt) pushTo(ttBy, csKey(e.classId, e.subjectId), e);
  const exceptionBy = new Map<string, ExceptionInfo>();
  for (const e of exceptions)
    exceptionBy.set(`${entryKey(e.classId, e.subjectId, e.date)}:${e.rule}`, {
      id: e.id,
      reason: e.reason,
      acceptedBy: nameOf.get(e.acceptedById) ?? "—",
      acceptedAt: e.acceptedAt,
    });

  const facts: RuleFacts = {
    dayBounds: (classId, date) => lf.bounds.get(dayKey(classId, date)) ?? null,
    weeklyLessons: (classId, subjectId, date) => {
      const rows = (ttBy.get(csKey(classId, subjectId)) ?? []).filter((e) => t(e.validFrom) <= t(date) && (e.validTo === null || t(date) <= t(e.validTo)));
      if (rows.length) {
        const perGroup = new Map<number, number>();
        for (const r of rows) perGroup.set(r.subgroupId ?? 0, (perGroup.get(r.subgroupId ?? 0) ?? 0) + 1);
        return Math.max(...perGroup.values());
      }
      return plannedHours(classId, subjectId);
    },
    // The year's lessons: with a timetable, the journal's lessons (recorded, and the timetable's from today on);
    // without one (lessons made by hand), the weekly hours of the load or the curriculum × the weeks of the year.
    yearLessons: (classId, subjectId) => {
      if (ttBy.has(csKey(classId, subjectId))) return lf.yearCount.get(csKey(classId, subjectId)) ?? 0;
      const c = classById.get(classId);
      return Math.round(plannedHours(classId, subjectId) * yearWeeks(c?.grade ?? 5));
    },
    periodOf: (classId, date) => {
      const c = classById.get(classId);
      return (c && gradePeriods.get(c.grade)?.find((p) => t(p.startDate) <= t(date) && t(date) <= t(p.endDate))) || null;
    },
    exception: (classId, subjectId, date, rule: RuleKey) => exceptionBy.get(`${entryKey(classId, subjectId, date)}:${rule}`) ?? null,
  };

  // The entries: one per class, subject and date.
  const byKey = new Map<string, ScheduleEntry>();
  const numberOf = new Map<string, { rank: number; n: number }>();
  const add = (classId: number, subjectId: number, date: Date, number: number | null, item: ScheduleItem) => {
    const key = entryKey(classId, subjectId, date);
    let e = byKey.get(key);
    if (!e) {
      const s = subjects.get(subjectId);
      e = {
        key,
        classId,
        subjectId,
        subjectName: s?.name ?? "—",
        subjectShort: s?.shortName ?? "—",
        date,
        lessonNumber: null,
        items: [],
        sources: [],
        warnings: [],
        periodId: null,
      };
      byKey.set(key, e);
    }
    e.items.push(item);
    if (!e.sources.includes(item.source)) e.sources.push(item.source);
    // The lesson number: the teacher's, else the recorded lesson's, else the plan's lesson.
    const rank = { planned: 0, recorded: 1, plan: 2 }[item.source];
    const had = numberOf.get(key);
    if (number !== null && (!had || rank < had.rank)) numberOf.set(key, { rank, n: number });
  };
  const typeName = new Map(types.map((x) => [x.id, x.name]));
  const plannedTopics = new Set<number>();
  for (const p of planned) {
    if (p.planItemId !== null) plannedTopics.add(p.planItemId);
    add(p.classId, p.subjectId, p.date, p.lessonNumber ?? lf.plannedNumbers.get(p.id) ?? null, {
      source: "planned",
      subgroupId: p.subgroupId,
      kind: typeName.get(p.assignmentTypeId) ?? "—",
      title: p.title,
      plannedId: p.id,
    });
  }
  for (const r of recorded)
    add(r.classId, r.subjectId, r.date, r.number, { source: "recorded", subgroupId: r.sg, kind: r.kind, title: r.title, plannedId: null });
  for (const slot of lf.slots) {
    if (!slot.date || plannedTopics.has(slot.id)) continue;
    add(slot.classId, slot.subjectId, slot.date, slot.number, {
      source: "plan",
      subgroupId: slot.sg,
      kind: WORK_KIND_NAMES[slot.workKind],
      title: slot.topic,
      plannedId: null,
    });
  }
  const entries = [...byKey.values()];
  for (const e of entries) {
    // A plan topic that was planned or given is that work: the plan is a source, not another work.
    if (e.items.some((i) => i.source !== "plan")) e.items = e.items.filter((i) => i.source !== "plan");
    e.lessonNumber = numberOf.get(e.key)?.n ?? null;
    e.periodId = facts.periodOf(e.classId, e.date)?.id ?? null;
  }
  entries.sort((a, b) => t(a.date) - t(b.date) || (a.lessonNumber ?? 99) - (b.lessonNumber ?? 99) || compareText(a.subjectName, b.subjectName));
  const warnings = checkRules(entries, facts);
  for (const e of entries) e.warnings = warnings.get(e.key) ?? [];

  const pubs = new Map(
    publications.map((p) => [`${p.classId}:${p.periodId}`, { id: p.id, publishedAt: p.publishedAt, publishedBy: nameOf.get(p.publishedById) ?? "—" }]),
  );
  return { year, classes, periods, subjects, journals, entries, facts, publications: pubs };
}

/** The entries of a class in a period. */
export function entriesOf(s: YearSchedule, classId: number, period: { startDate: Date; endDate: Date }): ScheduleEntry[] {
  return s.entries.filter((e) => e.classId === classId && t(period.startDate) <= t(e.date) && t(e.date) <= t(period.endDate));
}

/** The Mondays of the weeks a period spans. */
export function weeksOf(period: { startDate: Date; endDate: Date }): Date[] {
  const out: Date[] = [];
  let monday = addDays(period.startDate, -((period.startDate.getUTCDay() + 6) % 7));
  while (t(monday) <= t(period.endDate)) {
    out.push(monday);
    monday = addDays(monday, 7);
  }
  return out;
}
