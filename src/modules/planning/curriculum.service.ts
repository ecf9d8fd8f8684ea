/**
 * The curriculum (учебный план, R-PLN-1): per year, per grade (and profile for grades 10–11),
 * subjects grouped by education area and part with weekly hours, the form of the year's
 * assessment, marked or not, split into subgroups; the weekly total against СанПиН 1.2.3685-21.
 * This file reads; curriculum.edit.ts writes, curriculum.copy.ts copies last year's plan,
 * curriculum.journal.ts compares the «marked» flags with the journal's settings, curriculum.doc.ts
 * prints. Other parts of planning use curriculaOfYear() and curriculumHours().
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareText } from "../../lib/names.ts";
import type { CurriculumPart } from "../../generated/prisma/enums.ts";
import { canChangeProfile, hasProfiles, isWithinLimit, totalHours, weekDaysOf, weeklyLimit } from "./curriculum.policy.ts";
import { PART_NAMES, curriculumName, hoursText } from "./curriculum.text.ts";

export interface CurriculumRow {
  id: number;
  yearId: number;
  grade: number;
  profile: string;
  weekDays: number | null;
  note: string | null;
}

export interface ItemView {
  id: number;
  subjectId: number;
  subject: string;
  area: string;
  part: CurriculumPart;
  hours: number;
  hoursText: string;
  assessmentForm: string | null;
  marked: boolean;
  split: boolean;
  sortOrder: number;
}

export interface AreaGroup {
  area: string;
  items: ItemView[];
}

export interface PartGroup {
  part: CurriculumPart;
  name: string;
  areas: AreaGroup[];
  total: number;
  totalText: string;
}

/** A curriculum with its items grouped (part → area → subjects) and its total against the limit. */
export interface CurriculumView extends CurriculumRow {
  name: string;
  items: ItemView[];
  parts: PartGroup[];
  /** The school days a week the limit is taken for (grade 1: always 5). */
  week: 5 | 6;
  total: number;
  totalText: string;
  limit: number;
  withinLimit: boolean;
}

type ItemRow = {
  id: number;
  subjectId: number;
  area: string;
  part: CurriculumPart;
  hoursPerWeek: unknown;
  assessmentForm: string | null;
  marked: boolean;
  split: boolean;
  sortOrder: number;
};

function itemView(i: ItemRow, subjectName: string): ItemView {
  const hours = Number(i.hoursPerWeek);
  return {
    id: i.id,
    subjectId: i.subjectId,
    subject: subjectName,
    area: i.area,
    part: i.part,
    hours,
    hoursText: hoursText(hours),
    assessmentForm: i.assessmentForm,
    marked: i.marked,
    split: i.split,
    sortOrder: i.sortOrder,
  };
}

/** Items in the order of the document: mandatory part first, areas in the order of their first subject, subjects by their order. */
export function groupItems(items: readonly ItemView[]): PartGroup[] {
  const sorted = [...items].sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.subject, b.subject));
  const parts: PartGroup[] = [];
  for (const part of ["MANDATORY", "ELECTIVE"] as const) {
    const own = sorted.filter((i) => i.part === part);
    if (!own.length) continue;
    const areas: AreaGroup[] = [];
    for (const i of own) {
      const g = areas.find((a) => a.area === i.area);
      if (g) g.items.push(i);
      else areas.push({ area: i.area, items: [i] });
    }
    const total = totalHours(own);
    parts.push({ part, name: PART_NAMES[part], areas, total, totalText: hoursText(total) });
  }
  return parts;
}

/** Builds the view of a curriculum from its row, items and the school's week. */
export function curriculumView(c: CurriculumRow, items: ItemView[], schoolWeekDays: number): CurriculumView {
  const week = weekDaysOf(c.grade, c.weekDays, schoolWeekDays);
  const total = totalHours(items);
  const limit = weeklyLimit(c.grade, week);
  const parts = groupItems(items);
  return {
    ...c,
    name: curriculumName(c),
    items: parts.flatMap((p) => p.areas.flatMap((a) => a.items)),
    parts,
    week,
    total,
    totalText: hoursText(total),
    limit,
    withinLimit: isWithinLimit(c.grade, week, total),
  };
}

function compareCurricula(a: { grade: number; profile: string }, b: { grade: number; profile: string }): number {
  return a.grade - b.grade || compareText(a.profile, b.profile);
}

/** All curricula of a year with their items, in grade and profile order (db: the caller's transaction or prisma). */
export async function loadCurricula(db: Db, schoolId: number, yearId: number): Promise<CurriculumView[]> {
  const [school, rows, subjects] = await Promise.all([
    db.school.findUniqueOrThrow({ where: { id: schoolId }, select: { weekDays: true } }),
    db.curriculum.findMany({ where: { schoolId, yearId }, include: { items: true } }),
    db.subject.findMany({ where: { schoolId }, select: { id: true, name: true } }),
  ]);
  const names = new Map(subjects.map((s) => [s.id, s.name]));
  return rows.sort(compareCurricula).map((c) =>
    curriculumView(
      rowOf(c),
      c.items.map((i) => itemView(i, names.get(i.subjectId) ?? "—")),
      school.weekDays,
    ),
  );
}

function rowOf(c: CurriculumRow): CurriculumRow {
  return { id: c.id, yearId: c.yearId, grade: c.grade, profile: c.profile, weekDays: c.weekDays, note: c.note };
}

/** The curricula of a year by `grade|profile`, for the load check and the plans (КТП): subject → hours, split, marked. */
export async function curriculaOfYear(schoolId: number, yearId: number): Promise<Map<string, CurriculumView>> {
  const list = await loadCurricula(prisma, schoolId, yearId);
  return new Map(list.map((c) => [curriculumKey(c.grade, c.profile), c]));
}

export function curriculumKey(grade: number, profile: string): string {
  return `${grade}|${profile}`;
}

/**
 * Weekly hours of a subject in the curriculum of a grade (and profile) of a year; null when the
 * plan has no such subject. For the plans' «hours must match the curriculum» (КТП).
 */
export async function curriculumHours(schoolId: number, yearId: number, grade: number, profile: string, subjectId: number): Promise<number | null> {
  const item = await prisma.curriculumItem.findFirst({
    where: { schoolId, subjectId, curriculum: { schoolId, yearId, grade, profile } },
    select: { hoursPerWeek: true },
  });
  return item ? Number(item.hoursPerWeek) : null;
}

export interface YearRef {
  id: number;
  name: string;
  status: string;
  startDate: Date;
}

/** The school year before this one (by start date), if any. */
export async function previousYear(schoolId: number, year: YearRef): Promise<YearRef | null> {
  return prisma.academicYear.findFirst({
    where: { schoolId, startDate: { lt: year.startDate } },
    orderBy: { startDate: "desc" },
    select: { id: true, name: true, status: true, startDate: true },
  });
}

export interface ClassProfileRow {
  id: number;
  name: string;
  grade: number;
  profile: string;
  lessons: number;
  /** R-PLN-1: the profile may still be set. */
  changeable: boolean;
}

/** The classes of grades 10–11 of a year with their profiles and whether these may still change (R-PLN-1). */
export async function profileClasses(schoolId: number, year: { id: number; status: string }): Promise<ClassProfileRow[]> {
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId, yearId: year.id, grade: { gte: 10 } },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  const counts = classes.length
    ? await prisma.lesson.groupBy({ by: ["classId"], where: { schoolId, classId: { in: classes.map((c) => c.id) } }, _count: { _all: true } })
    : [];
  const lessons = new Map(counts.map((c) => [c.classId, c._count._all]));
  return classes.map((c) => {
    const n = lessons.get(c.id) ?? 0;
    return { id: c.id, name: className(c), grade: c.grade, profile: c.profile, lessons: n, changeable: canChangeProfile(year, n) };
  });
}

/**
 * The year's page: every grade that has classes or a curriculum, with its plans (grade 10–11 may
 * have several, one per profile) and the classes that learn by each.
 */
export async function yearOverview(actor: Actor, year: YearRef) {
  const [curricula, classes, profiles, previous] = await Promise.all([
    loadCurricula(prisma, actor.schoolId, year.id),
    prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: year.id }, select: { id: true, grade: true, letter: true, profile: true } }),
    profileClasses(actor.schoolId, year),
    previousYear(actor.schoolId, year),
  ]);
  const grades = [...new Set([...classes.map((c) => c.grade), ...curricula.map((c) => c.grade)])].sort((a, b) => a - b);
  const rows = grades.map((grade) => {
    const own = curricula.filter((c) => c.grade === grade);
    const gradeClasses = classes
      .filter((c) => c.grade === grade)
      .sort((a, b) => compareText(a.letter, b.letter))
      .map((c) => ({ id: c.id, name: className(c), profile: c.profile }));
    return {
      grade,
      hasProfiles: hasProfiles(grade),
      curricula: own.map((c) => ({ ...c, classes: gradeClasses.filter((k) => k.profile === c.profile).map((k) => k.name) })),
      /** Classes whose profile has no curriculum. */
      uncovered: gradeClasses.filter((k) => !own.some((c) => c.profile === k.profile)),
    };
  });
  const previousHas = previous ? (await prisma.curriculum.count({ where: { schoolId: actor.schoolId, yearId: previous.id } })) > 0 : false;
  const profileOptions = new Map<number, string[]>();
  for (const c of curricula) if (hasProfiles(c.grade)) profileOptions.set(c.grade, [...(profileOptions.get(c.grade) ?? []), c.profile]);
  return {
    rows,
    curricula,
    profiles: profiles.map((p) => ({ ...p, options: profileOptions.get(p.grade) ?? [] })),
    previous: previous && previousHas ? previous : null,
  };
}

/** A curriculum of the actor's school with its year and items; NotFound otherwise. */
export async function getCurriculum(actor: Actor, id: number) {
  const c = await prisma.curriculum.findFirst({ where: { id, schoolId: actor.schoolId } });
  if (!c) throw new NotFound();
  const [year, school, items, subjects, classes] = await Promise.all([
    prisma.academicYear.findUniqueOrThrow({ where: { id: c.yearId }, select: { id: true, name: true, status: true, startDate: true } }),
    prisma.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { weekDays: true } }),
    prisma.curriculumItem.findMany({ where: { curriculumId: c.id } }),
    prisma.subject.findMany({ where: { schoolId: actor.schoolId }, orderBy: [{ sortOrder: "asc" }, { name: "asc" }] }),
    prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: c.yearId, grade: c.grade, profile: c.profile }, orderBy: { letter: "asc" } }),
  ]);
  const names = new Map(subjects.map((s) => [s.id, s.name]));
  const view = curriculumView(
    rowOf(c),
    items.map((i) => itemView(i, names.get(i.subjectId) ?? "—")),
    school.weekDays,
  );
  const taken = new Set(items.map((i) => i.subjectId));
  return {
    curriculum: view,
    year,
    schoolWeekDays: school.weekDays,
    classes: classes.map(className),
    subjectOptions: subjects.filter((s) => !s.archived && !taken.has(s.id)).map((s) => ({ value: s.id, label: s.name })),
  };
}

/** A row of a curriculum with its curriculum and year; NotFound outside the actor's school. */
export async function getItem(actor: Actor, itemId: number) {
  const item = await prisma.curriculumItem.findFirst({ where: { id: itemId, schoolId: actor.schoolId }, include: { curriculum: true } });
  if (!item) throw new NotFound();
  const [subject, year] = await Promise.all([
    prisma.subject.findUniqueOrThrow({ where: { id: item.subjectId }, select: { name: true } }),
    prisma.academicYear.findUniqueOrThrow({ where: { id: item.curriculum.yearId }, select: { id: true, name: true, status: true, startDate: true } }),
  ]);
  return { item: itemView(item, subject.name), curriculum: { ...rowOf(item.curriculum), name: curriculumName(item.curriculum) }, year };
}
