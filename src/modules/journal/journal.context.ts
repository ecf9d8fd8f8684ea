/**
 * The lesson as the rules see it (with its class, year, subject and school settings, and
 * whether the actor's teaching load covers it) for the lesson page and the writes of lesson
 * details; the roster spans of a journal; cell keys. One query each; scoped by the actor's
 * school (another school's id is 404). The cells' writers read the same facts in SQL
 * (journal.sql.ts).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import type { GradingMode } from "../../generated/prisma/enums.ts";
import { teachesJournal, type LessonFacts, type MembershipSpan } from "./journal.policy.ts";

export interface LessonForEdit extends LessonFacts {
  id: number;
  schoolId: number;
  teacherId: number;
  grade: number;
  yearId: number;
  gradingMode: GradingMode;
  subjectName: string;
  /** School.ungradedGrades: grades taught without marks (issue 23). */
  ungradedGrades: number[];
  attendanceCheckedAt: Date | null;
  lockDays: number;
  ownLoad: boolean;
}

/**
 * The lesson as the rules see it, read (and row-locked with FOR UPDATE when `lock`) in the
 * transaction; NotFound for an unknown id or a lesson of another school.
 */
export async function lessonForEdit(db: Db, actor: Actor, lessonId: number, lock = false): Promise<LessonForEdit> {
  if (lock) {
    const rows = await db.$queryRaw<{ id: number }[]>`SELECT id FROM "Lesson" WHERE id = ${lessonId} AND "schoolId" = ${actor.schoolId} FOR NO KEY UPDATE`;
    if (!rows.length) throw new NotFound("Урок не найден");
  }
  const l = await db.lesson.findFirst({
    where: { id: lessonId, schoolId: actor.schoolId },
    select: {
      id: true,
      schoolId: true,
      classId: true,
      subgroupId: true,
      subjectId: true,
      teacherId: true,
      substituteId: true,
      date: true,
      attendanceCheckedAt: true,
      school: { select: { lockDays: true, ungradedGrades: true } },
      subject: { select: { gradingMode: true, name: true } },
      class: {
        select: {
          grade: true,
          classTeacherId: true,
          yearId: true,
          year: { select: { name: true, status: true } },
          teachingLoads: { where: { teacherId: actor.personId }, select: { teacherId: true, classId: true, subgroupId: true, subjectId: true } },
        },
      },
    },
  });
  if (!l) throw new NotFound("Урок не найден");
  const facts = {
    classId: l.classId,
    subgroupId: l.subgroupId,
    subjectId: l.subjectId,
    date: l.date,
    substituteId: l.substituteId,
    yearStatus: l.class.year.status,
    yearName: l.class.year.name,
    classTeacherId: l.class.classTeacherId,
  };
  return {
    ...facts,
    id: l.id,
    schoolId: l.schoolId,
    teacherId: l.teacherId,
    grade: l.class.grade,
    yearId: l.class.yearId,
    gradingMode: l.subject.gradingMode,
    subjectName: l.subject.name,
    ungradedGrades: l.school.ungradedGrades,
    attendanceCheckedAt: l.attendanceCheckedAt,
    lockDays: l.school.lockDays,
    ownLoad: teachesJournal(actor, l.class.teachingLoads, facts),
  };
}

/**
 * Membership spans of the given students in the journal's roster: the subgroup's when the
 * lesson is for a subgroup, else the class's. Keyed by student id.
 */
export async function rosterSpans(
  db: Db,
  schoolId: number,
  journal: { classId: number; subgroupId: number | null },
  studentIds: readonly number[] | null,
  range?: { from: Date; to: Date },
): Promise<Map<number, MembershipSpan[]>> {
  const overlap = range ? { fromDate: { lte: range.to }, OR: [{ toDate: null }, { toDate: { gte: range.from } }] } : {};
  const students = studentIds ? { studentId: { in: [...studentIds] } } : {};
  const rows = journal.subgroupId
    ? await db.subgroupMembership.findMany({
        where: { schoolId, subgroupId: journal.subgroupId, ...students, ...overlap },
        select: { studentId: true, fromDate: true, toDate: true },
      })
    : await db.classMembership.findMany({
        where: { schoolId, classId: journal.classId, ...students, ...overlap },
        select: { studentId: true, fromDate: true, toDate: true },
      });
  const map = new Map<number, MembershipSpan[]>();
  for (const r of rows) {
    const list = map.get(r.studentId) ?? [];
    list.push({ fromDate: r.fromDate, toDate: r.toDate });
    map.set(r.studentId, list);
  }
  return map;
}

/** Audit entity ids of grid cells, so the grid can ask which cells have a history. */
export const cellKey = {
  mark: (lessonId: number, studentId: number, assignmentTypeId: number) => `${lessonId}:${studentId}:${assignmentTypeId}`,
  attendance: (lessonId: number, studentId: number) => `${lessonId}:${studentId}`,
  final: (studentId: number, subjectId: number, yearId: number, periodId: number | null) => `${studentId}:${subjectId}:${yearId}:${periodId ?? "year"}`,
};

/** The field errors of one cell's writer (writeMark, writeAttendance); reason and lesson are the form's, not the cell's. */
const CELL_FIELDS = new Set(["studentId", "assignmentTypeId", "value", "comment", "code"]);

/**
 * Runs one cell's writer for a form with a field per cell (the lesson sheet, the class
 * teacher's day): a ValidationError about the cell is reported on the form's field `name`.
 */
export async function onField<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const fields = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [CELL_FIELDS.has(k) ? name : k, v]));
    throw new ValidationError(fields, e.message);
  }
}

/**
 * Runs independent reads: in parallel on the shared client, one after another inside a
 * transaction (a transaction has one connection, which must not run two queries at once).
 */
export async function reads<T extends readonly unknown[]>(db: Db, fns: { [K in keyof T]: () => Promise<T[K]> }): Promise<T> {
  if (db === (prisma as unknown as Db)) return (await Promise.all(fns.map((f) => f()))) as unknown as T;
  const out: unknown[] = [];
  for (const f of fns) out.push(await f());
  return out as unknown as T;
}
