/**
 * Teaching load (педагогическая нагрузка, R-PLN-2): teacher × class (or a
 * subgroup of it) × subject × year, hours per week. The deputy distributes it
 * at the start of the year; a closed year's load is read-only (R-YR-1).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName, shortName } from "../../lib/names.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import type { LoadCreateInput, LoadUpdateInput } from "./setup.schemas.ts";
import {
  chooseYear,
  compareClasses,
  compareSubjects,
  findTeacher,
  lockWritableYear,
  matches,
  pageOf,
  teacherOptions,
  throwIfErrors,
  type YearRow,
} from "./setup.common.ts";
import { formatHours, TEXT } from "./setup.text.ts";

const include = { teacher: true, class: true, subject: true, subgroup: true } as const;

type LoadRow = Awaited<ReturnType<typeof fetchRows>>[number];

function fetchRows(where: {
  schoolId: number;
  yearId?: number;
  teacherId?: number;
  classId?: number;
  subjectId?: number;
  OR?: ({ subgroupId: null } | { subgroup: { kind: null } })[];
}) {
  return prisma.teachingLoad.findMany({ where, include });
}

function compareRows(a: LoadRow, b: LoadRow): number {
  return (
    compareNames(a.teacher, b.teacher) ||
    compareClasses(a.class, b.class) ||
    compareSubjects(a.subject, b.subject) ||
    compareText(a.subgroup?.name ?? "", b.subgroup?.name ?? "")
  );
}

function view(r: LoadRow) {
  const hours = Number(r.hoursPerWeek);
  return {
    id: r.id,
    yearId: r.yearId,
    teacherId: r.teacherId,
    teacher: fullName(r.teacher),
    teacherShort: shortName(r.teacher),
    classId: r.classId,
    className: className(r.class),
    subjectId: r.subjectId,
    subject: r.subject.name,
    subgroup: r.subgroup?.name ?? null,
    hours,
    hoursText: formatHours(hours),
  };
}

function sumHours(rows: { hours: number }[]): number {
  return Math.round(rows.reduce((s, r) => s + r.hours * 10, 0)) / 10;
}

export interface LoadFilters {
  teacherId: number | null;
  classId: number | null;
  subjectId: number | null;
  q: string;
  page: number;
}

/**
 * The load of a year, filtered by teacher, class and subject and searched by
 * text; with hours per teacher over everything that matches (not only the page).
 */
export async function listLoad(actor: Actor, yearId: number, f: LoadFilters) {
  const rows = await fetchRows({
    schoolId: actor.schoolId,
    yearId,
    ...(f.teacherId ? { teacherId: f.teacherId } : {}),
    ...(f.classId ? { classId: f.classId } : {}),
    ...(f.subjectId ? { subjectId: f.subjectId } : {}),
  });
  const all = rows
    .sort(compareRows)
    .map(view)
    .filter((r) => matches(f.q, r.teacher, r.className, r.subject, r.subgroup));
  const totals = new Map<number, { teacherId: number; teacher: string; rows: number; hours: number }>();
  for (const r of all) {
    const t = totals.get(r.teacherId) ?? { teacherId: r.teacherId, teacher: r.teacher, rows: 0, hours: 0 };
    t.rows += 1;
    t.hours = Math.round((t.hours + r.hours) * 10) / 10;
    totals.set(r.teacherId, t);
  }
  const total = sumHours(all);
  return {
    rows: pageOf(all, f.page),
    totals: [...totals.values()].map((t) => ({ ...t, hoursText: formatHours(t.hours) })),
    total,
    totalText: formatHours(total),
  };
}

/** The load rows of the class (its class page); a cross-class group it hosts has its own page (R-JRN-13). */
export async function classLoad(actor: Actor, classId: number) {
  const rows = (await fetchRows({ schoolId: actor.schoolId, classId, OR: [{ subgroupId: null }, { subgroup: { kind: null } }] })).sort(
    (a, b) => compareSubjects(a.subject, b.subject) || compareText(a.subgroup?.name ?? "", b.subgroup?.name ?? "") || compareNames(a.teacher, b.teacher),
  );
  const items = rows.map(view);
  return { items, totalText: formatHours(sumHours(items)) };
}

/** A teacher's load in a year with the sum of hours; NotFound for a person outside the actor's school. */
export async function teacherLoad(actor: Actor, personId: number, yearId: number | null) {
  const person = await prisma.person.findFirst({ where: { id: personId, schoolId: actor.schoolId } });
  if (!person) throw new NotFound();
  const rows = yearId === null ? [] : await fetchRows({ schoolId: actor.schoolId, yearId, teacherId: person.id });
  const items = rows.sort(compareRows).map(view);
  const total = sumHours(items);
  return { person: { id: person.id, name: fullName(person) }, items, total, totalText: formatHours(total) };
}

/** Choices for the load form and filters: teachers, classes of the year, active subjects, subgroups of the year's classes. */
export async function loadOptions(actor: Actor, yearId: number) {
  const [teachers, classes, subjects, subgroups] = await Promise.all([
    teacherOptions(prisma, actor.schoolId),
    prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId } }),
    prisma.subject.findMany({ where: { schoolId: actor.schoolId, archived: false } }),
    prisma.subgroup.findMany({ where: { schoolId: actor.schoolId, class: { yearId } }, include: { class: true, subject: true } }),
  ]);
  classes.sort(compareClasses);
  subjects.sort(compareSubjects);
  subgroups.sort((a, b) => compareClasses(a.class, b.class) || compareSubjects(a.subject, b.subject) || compareText(a.name, b.name));
  return {
    teachers: teachers.map((t) => ({ value: t.id, label: t.name })),
    classes: classes.map((c) => ({ value: c.id, label: className(c) })),
    subjects: subjects.map((s) => ({ value: s.id, label: s.name })),
    subgroups: subgroups.map((g) => ({
      value: g.id,
      label: `${className(g.class)} — ${g.subject.name} — ${g.name}`,
      classId: g.classId,
      subjectId: g.subjectId,
    })),
  };
}

/**
 * The year a rejected new-row form is shown for: the chosen class's, else the one the form was
 * opened for, else the current one. NotFound when that year is not this school's or there is none.
 */
export async function loadFormYear(actor: Actor, classId: number | null, yearId: number | null): Promise<YearRow> {
  const cls = classId === null ? null : await prisma.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId }, select: { yearId: true } });
  const { year } = await chooseYear(actor, cls?.yearId ?? yearId);
  if (!year) throw new NotFound();
  return year;
}

/** The load row with its names, or NotFound outside the actor's school. */
export async function getLoad(actor: Actor, id: number) {
  const row = await prisma.teachingLoad.findFirst({ where: { id, schoolId: actor.schoolId }, include: { ...include, year: true } });
  if (!row) throw new NotFound();
  return { ...view(row), year: row.year };
}

async function isDuplicate(tx: Db, key: { classId: number; subgroupId: number | null; subjectId: number; teacherId: number }, exceptId: number | null) {
  return !!(await tx.teachingLoad.findFirst({ where: { ...key, ...(exceptId ? { id: { not: exceptId } } : {}) } }));
}

/**
 * Adds a load row (R-PLN-2). The class decides the year, which must not be
 * closed (Locked). ValidationError when the teacher has no TEACHER role, the
 * class or subject is not the school's, the subgroup is not of that class and
 * subject, or the same row (class, subgroup, subject, teacher) exists.
 */
export async function createLoad(actor: Actor, data: LoadCreateInput) {
  return prisma.$transaction(async (tx) => {
    const cls = await tx.schoolClass.findFirst({ where: { id: data.classId, schoolId: actor.schoolId } });
    if (!cls) throw new ValidationError({ classId: TEXT.pickClass });
    await lockWritableYear(tx, actor.schoolId, cls.yearId);
    const errors: FieldErrors = {};
    if (!(await findTeacher(tx, actor.schoolId, data.teacherId))) errors.teacherId = TEXT.pickTeacher;
    const subject = await tx.subject.findFirst({ where: { id: data.subjectId, schoolId: actor.schoolId, archived: false } });
    if (!subject) errors.subjectId = TEXT.pickSubject;
    if (data.subgroupId) {
      const g = await tx.subgroup.findFirst({ where: { id: data.subgroupId, schoolId: actor.schoolId } });
      if (!g || g.classId !== cls.id || g.subjectId !== data.subjectId) errors.subgroupId = TEXT.subgroupMismatch;
    }
    throwIfErrors(errors);
    const key = { classId: cls.id, subgroupId: data.subgroupId, subjectId: data.subjectId, teacherId: data.teacherId };
    if (await isDuplicate(tx, key, null)) throw new ValidationError({ _form: TEXT.duplicateLoad });
    return tx.teachingLoad.create({ data: { schoolId: actor.schoolId, yearId: cls.yearId, ...key, hoursPerWeek: data.hours } });
  });
}

/** Changes the hours or the teacher of a load row (NotFound, Locked, ValidationError as for createLoad). */
export async function updateLoad(actor: Actor, id: number, data: LoadUpdateInput) {
  await prisma.$transaction(async (tx) => {
    const row = await tx.teachingLoad.findFirst({ where: { id, schoolId: actor.schoolId } });
    if (!row) throw new NotFound();
    await lockWritableYear(tx, actor.schoolId, row.yearId);
    // Keeping the present teacher is allowed even if they no longer hold the TEACHER role.
    if (data.teacherId !== row.teacherId && !(await findTeacher(tx, actor.schoolId, data.teacherId)))
      throw new ValidationError({ teacherId: TEXT.pickTeacher });
    const key = { classId: row.classId, subgroupId: row.subgroupId, subjectId: row.subjectId, teacherId: data.teacherId };
    if (await isDuplicate(tx, key, row.id)) throw new ValidationError({ _form: TEXT.duplicateLoad });
    await tx.teachingLoad.update({ where: { id: row.id }, data: { teacherId: data.teacherId, hoursPerWeek: data.hours } });
  });
}

/** Deletes a load row (NotFound; Locked for a closed year). */
export async function deleteLoad(actor: Actor, id: number) {
  return prisma.$transaction(async (tx) => {
    const row = await tx.teachingLoad.findFirst({ where: { id, schoolId: actor.schoolId } });
    if (!row) throw new NotFound();
    await lockWritableYear(tx, actor.schoolId, row.yearId);
    await tx.teachingLoad.delete({ where: { id: row.id } });
    return row;
  });
}
