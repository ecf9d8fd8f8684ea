/**
 * «Нагрузка и учебный план» (R-PLN-1, R-PLN-2): the teaching load of a year (TeachingLoad,
 * /setup/load) against its curriculum, per class and subgroup (a subject missing, hours that
 * differ, a subject not in the plan); per teacher the weekly hours against the rate (ставка × 18
 * hours, from the HR card; no card counts as one rate); and the timetable against the load (the
 * weekly lessons of a load row in force on the day checked). Read-only; load-check.create.ts
 * creates the load from the plan.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { className, compareNames, compareText, fullName } from "../../lib/names.ts";
import { curriculaOfYear, curriculumKey, type CurriculumView } from "./curriculum.service.ts";
import { DIFF_TEXT, hoursText } from "./curriculum.text.ts";

/** Hours of one full teaching rate (ставка) a week. */
export const HOURS_PER_RATE = 18;
/** A load within half an hour of the rate's hours is on the norm (rates are kept to hundredths). */
const NORM_TOLERANCE = 0.5;

export type DiffKind = "missing" | "hours" | "notInPlan" | "wholeInsteadOfGroups";

export interface ClassDiff {
  kind: DiffKind;
  subjectId: number;
  subject: string;
  /** The subgroup the difference is about, or null for the whole class. */
  subgroup: string | null;
  plan: number | null;
  load: number | null;
  text: string;
}

export interface ClassCheck {
  classId: number;
  name: string;
  grade: number;
  profile: string;
  /** The curriculum the class learns by, null when there is none. */
  curriculum: { id: number; name: string } | null;
  planTotal: number | null;
  loadTotal: number;
  diffs: ClassDiff[];
}

const round = (h: number) => Math.round(h * 10) / 10;
const same = (a: number, b: number) => Math.abs(a - b) < 0.05;

interface LoadLike {
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  hours: number;
}

/** Hours a pupil of the class gets in a subject: the whole-class rows plus the rows of each subgroup. */
function pupilHours(rows: readonly LoadLike[]) {
  const whole = round(rows.filter((r) => r.subgroupId === null).reduce((s, r) => s + r.hours, 0));
  const groups = new Map<number, number>();
  for (const r of rows) if (r.subgroupId !== null) groups.set(r.subgroupId, round((groups.get(r.subgroupId) ?? 0) + r.hours));
  return { whole, groups, most: round(whole + Math.max(0, ...groups.values())) };
}

/**
 * The differences of one class's load from its curriculum (pure): every plan subject must be in
 * the load with its hours (for each subgroup when the load is by subgroups), and every load subject
 * must be in the plan.
 */
export function compareClass(
  plan: CurriculumView | null,
  rows: readonly LoadLike[],
  names: { subject: (id: number) => string; subgroup: (id: number) => string },
): { diffs: ClassDiff[]; loadTotal: number } {
  const bySubject = new Map<number, LoadLike[]>();
  for (const r of rows) bySubject.set(r.subjectId, [...(bySubject.get(r.subjectId) ?? []), r]);
  const diffs: ClassDiff[] = [];
  let loadTotal = 0;
  for (const own of bySubject.values()) loadTotal += pupilHours(own).most;
  if (!plan) return { diffs, loadTotal: round(loadTotal) };
  const d = (kind: DiffKind, subjectId: number, subgroup: string | null, p: number | null, l: number | null, text: string): ClassDiff => ({
    kind,
    subjectId,
    subject: names.subject(subjectId),
    subgroup,
    plan: p,
    load: l,
    text,
  });
  for (const item of plan.items) {
    const own = bySubject.get(item.subjectId) ?? [];
    if (!own.length) {
      diffs.push(d("missing", item.subjectId, null, item.hours, 0, DIFF_TEXT.missing));
      continue;
    }
    const h = pupilHours(own);
    if (!h.groups.size) {
      if (!same(h.whole, item.hours)) diffs.push(d("hours", item.subjectId, null, item.hours, h.whole, DIFF_TEXT.hours(item.hours, h.whole)));
      if (item.split) diffs.push(d("wholeInsteadOfGroups", item.subjectId, null, item.hours, h.whole, DIFF_TEXT.wholeInsteadOfGroups));
      continue;
    }
    const groups = [...h.groups.entries()].sort((a, b) => compareText(names.subgroup(a[0]), names.subgroup(b[0])));
    for (const [groupId, hours] of groups) {
      const got = round(h.whole + hours);
      if (!same(got, item.hours)) diffs.push(d("hours", item.subjectId, names.subgroup(groupId), item.hours, got, DIFF_TEXT.hours(item.hours, got)));
    }
  }
  const planned = new Set(plan.items.map((i) => i.subjectId));
  for (const [subjectId, own] of bySubject)
    if (!planned.has(subjectId)) diffs.push(d("notInPlan", subjectId, null, null, pupilHours(own).most, DIFF_TEXT.notInPlan));
  return { diffs, loadTotal: round(loadTotal) };
}

export type TeacherStatus = "over" | "under" | "ok" | "unknown";

export interface TeacherCheck {
  personId: number;
  name: string;
  hours: number;
  /** Teaching rate from the HR card; null when the card has no teaching position. */
  rate: number | null;
  /** No HR card: one rate assumed. */
  assumed: boolean;
  norm: number | null;
  diff: number | null;
  status: TeacherStatus;
}

/** A teacher's load against the rate (pure): over or under by half an hour or more. */
export function teacherStatus(hours: number, rate: number | null): { norm: number | null; diff: number | null; status: TeacherStatus } {
  if (rate === null) return { norm: null, diff: null, status: "unknown" };
  const norm = round(rate * HOURS_PER_RATE);
  const diff = round(hours - rate * HOURS_PER_RATE);
  return { norm, diff, status: diff >= NORM_TOLERANCE ? "over" : diff <= -NORM_TOLERANCE ? "under" : "ok" };
}

/** Teaching positions of an HR card (учитель, преподаватель), as opposed to administrative ones. */
export function isTeachingPosition(title: string): boolean {
  return /учител|преподават/i.test(title);
}

/** Whether the lessons a week in the timetable match the load's hours (a half-hour row: either whole number around it). */
export function lessonsMatch(hours: number, lessons: number): boolean {
  return Number.isInteger(hours) ? lessons === hours : lessons === Math.floor(hours) || lessons === Math.ceil(hours);
}

/** The day the timetable and the rates are taken on: today inside the year, else its nearer end. */
export function checkDay(year: { startDate: Date; endDate: Date }, now = today()): Date {
  if (now < year.startDate) return year.startDate;
  if (now > year.endDate) return year.endDate;
  return now;
}

const activeOn = (day: Date) => ({ OR: [{ validTo: null }, { validTo: { gte: day } }], validFrom: { lte: day } });

/** The whole check of a year for the page. */
export async function loadCheck(actor: Actor, year: { id: number; startDate: Date; endDate: Date }) {
  const schoolId = actor.schoolId;
  const day = checkDay(year);
  const [classes, curricula, loads, subjects, subgroups, entries, teachers] = await Promise.all([
    prisma.schoolClass.findMany({ where: { schoolId, yearId: year.id }, orderBy: [{ grade: "asc" }, { letter: "asc" }] }),
    curriculaOfYear(schoolId, year.id),
    prisma.teachingLoad.findMany({ where: { schoolId, yearId: year.id }, include: { teacher: true } }),
    prisma.subject.findMany({ where: { schoolId }, select: { id: true, name: true, sortOrder: true } }),
    prisma.subgroup.findMany({ where: { schoolId, class: { yearId: year.id } }, select: { id: true, name: true } }),
    prisma.timetableEntry.findMany({
      where: { schoolId, yearId: year.id, ...activeOn(day) },
      select: { classId: true, subgroupId: true, subjectId: true, teacherId: true },
    }),
    prisma.person.findMany({
      where: {
        schoolId,
        user: { is: { roles: { some: { role: "TEACHER" } } } },
        OR: [{ staff: { is: null } }, { staff: { is: { OR: [{ dismissedAt: null }, { dismissedAt: { gt: day } }] } } }],
      },
      include: { staff: { include: { positions: true } } },
    }),
  ]);
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]));
  const subjectOrder = new Map(subjects.map((s) => [s.id, s.sortOrder]));
  const groupName = new Map(subgroups.map((g) => [g.id, g.name]));
  const names = { subject: (id: number) => subjectName.get(id) ?? "—", subgroup: (id: number) => groupName.get(id) ?? "—" };
  const rows = loads.map((l) => ({ ...l, hours: Number(l.hoursPerWeek) }));

  const classChecks: ClassCheck[] = classes.map((cls) => {
    const plan = curricula.get(curriculumKey(cls.grade, cls.profile)) ?? null;
    const { diffs, loadTotal } = compareClass(
      plan,
      rows.filter((r) => r.classId === cls.id),
      names,
    );
    diffs.sort((a, b) => (subjectOrder.get(a.subjectId) ?? 0) - (subjectOrder.get(b.subjectId) ?? 0) || compareText(a.subject, b.subject));
    return {
      classId: cls.id,
      name: className(cls),
      grade: cls.grade,
      profile: cls.profile,
      curriculum: plan ? { id: plan.id, name: plan.name } : null,
      planTotal: plan ? plan.total : null,
      loadTotal,
      diffs,
    };
  });

  // Teachers: everyone with the TEACHER role (not dismissed) and everyone with load rows.
  const people = new Map(teachers.map((p) => [p.id, p]));
  const loadPeople = await prisma.person.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.teacherId))].filter((id) => !people.has(id)) } },
    include: { staff: { include: { positions: true } } },
  });
  for (const p of loadPeople) people.set(p.id, p);
  const teacherChecks: TeacherCheck[] = [...people.values()].sort(compareNames).map((p) => {
    const hours = round(rows.filter((r) => r.teacherId === p.id).reduce((s, r) => s + r.hours, 0));
    const positions = (p.staff?.positions ?? []).filter(
      (pos) => isTeachingPosition(pos.title) && (!pos.fromDate || pos.fromDate <= day) && (!pos.toDate || pos.toDate >= day),
    );
    const assumed = !p.staff;
    const rate = assumed ? 1 : positions.length ? round(positions.reduce((s, pos) => s + Number(pos.rate), 0) * 100) / 100 : null;
    return { personId: p.id, name: fullName(p), hours, rate, assumed, ...teacherStatus(hours, rate) };
  });

  // The timetable: lessons a week of each load row, and timetable lessons no load row covers.
  const key = (e: { classId: number; subgroupId: number | null; subjectId: number; teacherId: number }) =>
    `${e.classId}|${e.subgroupId ?? 0}|${e.subjectId}|${e.teacherId}`;
  const lessons = new Map<string, number>();
  for (const e of entries) lessons.set(key(e), (lessons.get(key(e)) ?? 0) + 1);
  const classById = new Map(classes.map((c) => [c.id, c]));
  const loadKeys = new Set(rows.map(key));
  const describe = (r: { classId: number; subgroupId: number | null; subjectId: number }) => ({
    className: classById.has(r.classId) ? className(classById.get(r.classId)!) : "—",
    subject: names.subject(r.subjectId),
    subgroup: r.subgroupId === null ? null : names.subgroup(r.subgroupId),
  });
  const order = (a: { classId: number; subjectId: number }, b: { classId: number; subjectId: number }) => {
    const ca = classById.get(a.classId);
    const cb = classById.get(b.classId);
    return (
      (ca?.grade ?? 0) - (cb?.grade ?? 0) ||
      compareText(ca?.letter ?? "", cb?.letter ?? "") ||
      (subjectOrder.get(a.subjectId) ?? 0) - (subjectOrder.get(b.subjectId) ?? 0)
    );
  };
  const timetable = rows
    .map((r) => ({ ...r, lessons: lessons.get(key(r)) ?? 0 }))
    .filter((r) => !lessonsMatch(r.hours, r.lessons))
    .sort(order)
    .map((r) => ({ loadId: r.id, ...describe(r), teacher: fullName(r.teacher), hours: r.hours, hoursText: hoursText(r.hours), lessons: r.lessons }));
  const extra = new Map<string, { classId: number; subgroupId: number | null; subjectId: number; teacherId: number; lessons: number }>();
  for (const e of entries)
    if (!loadKeys.has(key(e))) {
      const x = extra.get(key(e)) ?? { ...e, lessons: 0 };
      x.lessons++;
      extra.set(key(e), x);
    }
  const extraPeople = new Map(
    (await prisma.person.findMany({ where: { id: { in: [...extra.values()].map((x) => x.teacherId) } } })).map((p) => [p.id, fullName(p)]),
  );
  const notInLoad = [...extra.values()].sort(order).map((x) => ({ ...describe(x), teacher: extraPeople.get(x.teacherId) ?? "—", lessons: x.lessons }));

  return {
    day,
    classes: classChecks,
    classesWithDiffs: classChecks.filter((c) => c.diffs.length || !c.curriculum).length,
    curriculaCount: curricula.size,
    teachers: teacherChecks,
    timetable: { hasEntries: entries.length > 0, rows: timetable, notInLoad },
  };
}
