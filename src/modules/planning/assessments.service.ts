/**
 * The schedule of assessment procedures (R-PLN-6), the pages' data: the overview of the year's
 * classes with their warnings, a class's schedule for a study period (a calendar of weeks ×
 * subjects and the list with the rules' warnings), and the published schedule families see in the
 * diary. The changes (planning, exceptions, publishing) are in assessments.edit.ts.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { today, within } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { compareText } from "../../lib/names.ts";
import {
  entriesOf,
  loadYearSchedule,
  periodsOfGrade,
  weeksOf,
  type LoadJournal,
  type ScheduleClass,
  type ScheduleEntry,
  type SchedulePeriod,
  type YearSchedule,
} from "./assessments.data.ts";
import { assertViewSchedules, canChangeAssessment, canManageSchedule, journalsInScope } from "./assessments.policy.ts";
import { frequencyLimit, shareLimit, type Warning } from "./assessments.rules.ts";

/** The asked period (404 when not one of these), else the one containing the day, else the last begun, else the first. */
export function choosePeriod(periods: readonly SchedulePeriod[], asked: number | null, day: Date = today()): SchedulePeriod | null {
  if (asked !== null) {
    const p = periods.find((x) => x.id === asked);
    if (!p) throw new NotFound();
    return p;
  }
  return periods.find((p) => within(day, p.startDate, p.endDate)) ?? [...periods].reverse().find((p) => p.startDate <= day) ?? periods[0] ?? null;
}

/** A row of the calendar: a subject, its entries per week of the period, and the rules' figures. */
export interface GridRow {
  subjectId: number;
  subject: string;
  weeks: ScheduleEntry[][];
  count: number;
  /** The most in the period by the 2.5-week rule. */
  limit: number;
  yearCount: number;
  yearLessons: number;
  /** The most in the year by the 10 % rule (null when the year's lessons are unknown). */
  yearLimit: number | null;
}

export interface Grid {
  weeks: { monday: Date; from: Date; to: Date }[];
  rows: GridRow[];
}

/** The calendar of a class's period: weeks × subjects (the class's subjects of the load and any with entries). */
export function buildGrid(s: YearSchedule, classId: number, period: SchedulePeriod, entries: readonly ScheduleEntry[]): Grid {
  const mondays = weeksOf(period);
  const weeks = mondays.map((monday) => {
    const sunday = new Date(monday.getTime() + 6 * 86_400_000);
    return { monday, from: monday < period.startDate ? period.startDate : monday, to: sunday > period.endDate ? period.endDate : sunday };
  });
  const subjectIds = new Set<number>([...s.journals.filter((j) => j.classId === classId).map((j) => j.subjectId), ...entries.map((e) => e.subjectId)]);
  const yearEntries = s.entries.filter((e) => e.classId === classId);
  const rows: GridRow[] = [...subjectIds].map((subjectId) => {
    const mine = entries.filter((e) => e.subjectId === subjectId);
    const yearLessons = s.facts.yearLessons(classId, subjectId);
    return {
      subjectId,
      subject: s.subjects.get(subjectId)?.name ?? "—",
      weeks: weeks.map((w) => mine.filter((e) => e.date >= w.from && e.date <= w.to)),
      count: mine.length,
      limit: frequencyLimit(period.startDate, period.endDate),
      yearCount: yearEntries.filter((e) => e.subjectId === subjectId).length,
      yearLessons,
      yearLimit: yearLessons > 0 ? shareLimit(yearLessons) : null,
    };
  });
  const order = (id: number) => s.subjects.get(id)?.sortOrder ?? 0;
  rows.sort((a, b) => order(a.subjectId) - order(b.subjectId) || compareText(a.subject, b.subject));
  return { weeks, rows };
}

/** «Английский язык (1 группа)» for a journal of the load. */
function journalLabel(s: YearSchedule, j: LoadJournal): string {
  const name = s.subjects.get(j.subjectId)?.name ?? "—";
  return j.subgroupName ? `${name} (${j.subgroupName})` : name;
}

/** The select of journals a user plans for: `${subjectId}:${subgroupId}`, one per journal. */
export function journalOptions(s: YearSchedule, journals: readonly LoadJournal[]): { value: string; label: string }[] {
  const seen = new Set<string>();
  const out: { value: string; label: string }[] = [];
  for (const j of journals) {
    const value = `${j.subjectId}:${j.subgroupId}`;
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ value, label: journalLabel(s, j) });
  }
  return out.sort((a, b) => compareText(a.label, b.label));
}

/** The school's kinds of work that are assessment procedures (active), for the form. */
export async function assessmentKinds(schoolId: number): Promise<{ value: number; label: string }[]> {
  const types = await prisma.assignmentType.findMany({
    where: { schoolId, isAssessment: true, archived: false },
    select: { id: true, name: true },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
  });
  return types.map((t) => ({ value: t.id, label: t.name }));
}

export interface ClassSchedulePage {
  cls: ScheduleClass;
  year: YearSchedule["year"];
  periods: SchedulePeriod[];
  period: SchedulePeriod;
  entries: ScheduleEntry[];
  grid: Grid;
  publication: { publishedAt: Date; publishedBy: string } | null;
  /** Journals of the class the actor may plan for (empty: no form). */
  journals: { value: string; label: string }[];
  kinds: { value: number; label: string }[];
  /** May accept exceptions and publish. */
  manages: boolean;
  /** PlannedAssessment ids the actor may remove. */
  removable: Set<number>;
  open: number;
  accepted: number;
}

/** A class's schedule for a period (staff, R-PLN-6): 404 for another school's class or a period not of its grade. */
export async function classSchedulePage(actor: Actor, classId: number, periodId: number | null): Promise<ClassSchedulePage> {
  assertViewSchedules(actor);
  const cls = await prisma.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId }, select: { id: true, yearId: true } });
  if (!cls) throw new NotFound();
  const s = await loadYearSchedule(actor.schoolId, cls.yearId, [cls.id]);
  const c = s?.classes[0];
  if (!s || !c) throw new NotFound();
  const periods = periodsOfGrade(s.periods, c.grade);
  const period = choosePeriod(periods, periodId);
  if (!period) throw new NotFound();
  const entries = entriesOf(s, c.id, period);
  const classJournals = s.journals.filter((j) => j.classId === c.id);
  const canPlan = s.year.status !== "CLOSED";
  const removable = new Set<number>();
  for (const e of entries)
    for (const i of e.items)
      if (
        canPlan &&
        i.plannedId !== null &&
        canChangeAssessment(actor, "delete", { classId: c.id, subjectId: e.subjectId, subgroupId: i.subgroupId }, classJournals)
      )
        removable.add(i.plannedId);
  const warnings = entries.flatMap((e) => e.warnings);
  return {
    cls: c,
    year: s.year,
    periods,
    period,
    entries,
    grid: buildGrid(s, c.id, period, entries),
    publication: s.publications.get(`${c.id}:${period.id}`) ?? null,
    journals: canPlan ? journalOptions(s, journalsInScope(actor, "create", classJournals)) : [],
    kinds: canPlan ? await assessmentKinds(actor.schoolId) : [],
    manages: canPlan && canManageSchedule(actor),
    removable,
    open: warnings.filter((w) => !w.exception).length,
    accepted: warnings.filter((w) => w.exception).length,
  };
}

export interface OverviewRow {
  cls: ScheduleClass;
  period: SchedulePeriod | null;
  count: number;
  open: number;
  accepted: number;
  published: boolean;
  /** The class is in the actor's teaching load. */
  taught: boolean;
  /** The actor's own subjects in the class. */
  mySubjects: string[];
}

export interface OverviewWarning {
  cls: ScheduleClass;
  period: SchedulePeriod;
  entry: ScheduleEntry;
  warning: Warning;
  /** The actor teaches this class and subject. */
  mine: boolean;
}

/** The overview lists this many warnings; a class's page lists all of its own. */
export const WARNINGS_SHOWN = 100;

export interface Overview {
  year: YearSchedule["year"];
  /** Periods of the year to pick from (every period set). */
  periods: SchedulePeriod[];
  period: SchedulePeriod | null;
  rows: OverviewRow[];
  /** The first WARNINGS_SHOWN warnings (the rest are on the classes' pages). */
  warnings: OverviewWarning[];
  warningsTotal: number;
  manages: boolean;
  teaches: boolean;
}

/**
 * The year's classes for a period (the one picked, or today's), each in its own period containing the
 * picked one's first day (grades may have quarters or halves): assessments, warnings open and
 * accepted, published or not; the taught classes first for a teacher; all warnings of those periods.
 */
export async function overview(actor: Actor, yearId: number, periodId: number | null): Promise<Overview> {
  assertViewSchedules(actor);
  const s = await loadYearSchedule(actor.schoolId, yearId);
  if (!s) throw new NotFound();
  const periods = [...s.periods].sort((a, b) => a.startDate.getTime() - b.startDate.getTime() || a.gradeFrom - b.gradeFrom);
  const day = today();
  // Today's period: of those containing today the shortest (a quarter rather than a half).
  const current = periods.filter((p) => within(day, p.startDate, p.endDate)).sort((a, b) => b.startDate.getTime() - a.startDate.getTime())[0] ?? null;
  const picked = periodId === null && current ? current : choosePeriod(periods, periodId, day);
  // Classes of another period set take their period containing this day: today when the picked period has it, else its first day.
  const reference = picked && within(day, picked.startDate, picked.endDate) ? day : picked?.startDate;
  const mine = s.journals.filter((j) => j.teacherId === actor.personId);
  const rows: OverviewRow[] = [];
  const warnings: OverviewWarning[] = [];
  for (const c of s.classes) {
    const own = periodsOfGrade(s.periods, c.grade);
    const period = picked && reference ? (own.find((p) => p.id === picked.id) ?? own.find((p) => within(reference, p.startDate, p.endDate)) ?? null) : null;
    const entries = period ? entriesOf(s, c.id, period) : [];
    const ws = entries.flatMap((e) => e.warnings);
    const mySubjectIds = new Set(mine.filter((j) => j.classId === c.id).map((j) => j.subjectId));
    rows.push({
      cls: c,
      period,
      count: entries.length,
      open: ws.filter((w) => !w.exception).length,
      accepted: ws.filter((w) => w.exception).length,
      published: period ? s.publications.has(`${c.id}:${period.id}`) : false,
      taught: mySubjectIds.size > 0,
      mySubjects: [...mySubjectIds].map((id) => s.subjects.get(id)?.name ?? "—").sort(compareText),
    });
    if (period)
      for (const e of entries) for (const w of e.warnings) warnings.push({ cls: c, period, entry: e, warning: w, mine: mySubjectIds.has(e.subjectId) });
  }
  // Accepted exceptions first (few, and the deputy's decisions), then the open warnings by date.
  warnings.sort(
    (a, b) => Number(!a.warning.exception) - Number(!b.warning.exception) || a.entry.date.getTime() - b.entry.date.getTime() || a.cls.grade - b.cls.grade,
  );
  rows.sort((a, b) => Number(b.taught) - Number(a.taught));
  return {
    year: s.year,
    periods,
    period: picked,
    rows,
    warnings: warnings.slice(0, WARNINGS_SHOWN),
    warningsTotal: warnings.length,
    manages: canManageSchedule(actor),
    teaches: mine.length > 0,
  };
}

export interface PublishedSchedule {
  cls: ScheduleClass;
  period: SchedulePeriod;
  entries: ScheduleEntry[];
  grid: Grid;
  publishedAt: Date;
}

/**
 * A class's published schedule for a period, for the diary (families see only published ones):
 * null when the period's schedule is not published. The caller has checked the child's class.
 */
export async function publishedClassSchedule(schoolId: number, classId: number, periodId: number): Promise<PublishedSchedule | null> {
  const pub = await prisma.assessmentPublication.findFirst({ where: { schoolId, classId, periodId }, select: { publishedAt: true } });
  if (!pub) return null;
  const cls = await prisma.schoolClass.findFirst({ where: { id: classId, schoolId }, select: { yearId: true } });
  if (!cls) return null;
  const s = await loadYearSchedule(schoolId, cls.yearId, [classId]);
  const c = s?.classes[0];
  const period = s?.periods.find((p) => p.id === periodId);
  if (!s || !c || !period) return null;
  const entries = entriesOf(s, classId, period);
  return { cls: c, period, entries, grid: buildGrid(s, classId, period, entries), publishedAt: pub.publishedAt };
}

/** Which periods of a class have a published schedule (ids). */
export async function publishedPeriodIds(schoolId: number, classId: number): Promise<Set<number>> {
  const rows = await prisma.assessmentPublication.findMany({ where: { schoolId, classId }, select: { periodId: true } });
  return new Set(rows.map((r) => r.periodId));
}
