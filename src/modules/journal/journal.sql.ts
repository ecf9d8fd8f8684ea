/**
 * The write path of journal cells (marks, attendance, the "attendance taken" stamp) in raw SQL
 * over the shared pg pool: one query reads (and row-locks) the lesson with every fact the rules
 * need, then one statement writes the cell and its audit row. The grid's autosave runs one such
 * transaction per cell; the lesson sheet and the class teacher's day run many cells in one.
 */
import type pg from "pg";
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import type { AttendanceCode, GradingMode, YearStatus } from "../../generated/prisma/enums.ts";
import type { LessonForEdit } from "./journal.context.ts";
import { teachesJournal, type LoadRef } from "./journal.policy.ts";

export type Client = pg.PoolClient;

/**
 * Runs fn in a transaction on one pooled connection; rolls back on any error. A transaction
 * that lost a race (a unique violation: two saves created the same cell or kind of work at
 * once — the facts read before the row lock was granted may be stale —, a deadlock or a
 * serialization failure) is run once more, with fresh reads.
 */
export async function pgTransaction<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  try {
    return await pgTransactionOnce(fn);
  } catch (e) {
    if (["23505", "40P01", "40001"].includes((e as { code?: string })?.code ?? "")) return pgTransactionOnce(fn);
    throw e;
  }
}

async function pgTransactionOnce<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await pgPool().connect();
  try {
    await c.query("BEGIN");
    const out = await fn(c);
    await c.query("COMMIT");
    return out;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/**
 * Parameter $n as a timestamp the way Prisma stores them (UTC, without a time zone). Written
 * timestamps come from the application's clock (lib/clock.ts), not the database's now(): the
 * monthly check compares Mark.createdAt and AuditLog.at with the lesson's school day.
 */
export const timestamp = (n: number): string => `($${n}::timestamptz AT TIME ZONE 'UTC')`;

interface FactsRow {
  id: number;
  schoolId: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherId: number;
  substituteId: number | null;
  date: Date;
  attendanceCheckedAt: Date | null;
  lockDays: number;
  gradingMode: GradingMode;
  subjectName: string;
  ungradedGrades: number[] | null;
  grade: number;
  classTeacherId: number | null;
  yearId: number;
  yearName: string;
  yearStatus: YearStatus;
  loads: LoadRef[];
  member: boolean;
}

/**
 * The lesson's columns and the rule facts ($1 lesson, $2 school, $3 actor's person, $4 student):
 * the actor's loads in the lesson's class (journal.policy teachesJournal decides), and whether
 * the student was a member of the lesson's class (subgroup) on its date.
 */
const FACTS = `
  l.id, l."schoolId", l."classId", l."subgroupId", l."subjectId", l."teacherId", l."substituteId", l.date, l."attendanceCheckedAt",
  sc."lockDays", s."gradingMode"::text AS "gradingMode", s.name AS "subjectName", sc."ungradedGrades", c.grade, c."classTeacherId", c."yearId", y.name AS "yearName", y.status::text AS "yearStatus",
  (SELECT coalesce(json_agg(json_build_object('teacherId', tl."teacherId", 'classId', tl."classId", 'subgroupId', tl."subgroupId", 'subjectId', tl."subjectId")), '[]')
     FROM "TeachingLoad" tl WHERE tl."classId" = l."classId" AND tl."teacherId" = $3::int) AS loads,
  CASE WHEN l."subgroupId" IS NULL
    THEN EXISTS (SELECT 1 FROM "ClassMembership" m WHERE m."classId" = l."classId" AND m."studentId" = $4::int AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date))
    ELSE EXISTS (SELECT 1 FROM "SubgroupMembership" m WHERE m."subgroupId" = l."subgroupId" AND m."studentId" = $4::int AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date))
  END AS member`;
const FROM = `
  FROM "Lesson" l
  JOIN "School" sc ON sc.id = l."schoolId"
  JOIN "Subject" s ON s.id = l."subjectId"
  JOIN "SchoolClass" c ON c.id = l."classId"
  JOIN "AcademicYear" y ON y.id = c."yearId"`;
/** Scoped by the actor's school (another school's lesson is not found); the lesson row stays locked until the transaction ends. */
const WHERE = `WHERE l.id = $1 AND l."schoolId" = $2 FOR NO KEY UPDATE OF l`;

export type LessonCellFacts = LessonForEdit & { member: boolean };

function toLesson(actor: Actor, r: FactsRow): LessonCellFacts {
  const journal = { classId: r.classId, subgroupId: r.subgroupId, subjectId: r.subjectId };
  return {
    ...journal,
    id: r.id,
    schoolId: r.schoolId,
    teacherId: r.teacherId,
    substituteId: r.substituteId,
    date: r.date,
    attendanceCheckedAt: r.attendanceCheckedAt,
    lockDays: r.lockDays,
    gradingMode: r.gradingMode,
    subjectName: r.subjectName,
    ungradedGrades: r.ungradedGrades ?? [],
    grade: r.grade,
    classTeacherId: r.classTeacherId,
    yearId: r.yearId,
    yearName: r.yearName,
    yearStatus: r.yearStatus,
    ownLoad: teachesJournal(actor, r.loads, journal),
    member: r.member,
  };
}

/** The lesson with the rule facts, row-locked; null for an unknown lesson or another school's. */
export async function lessonFacts(c: Client, actor: Actor, lessonId: number): Promise<LessonForEdit | null> {
  const { rows } = await c.query<FactsRow>(`SELECT ${FACTS} ${FROM} ${WHERE}`, [lessonId, actor.schoolId, actor.personId, null]);
  return rows[0] ? toLesson(actor, rows[0]) : null;
}

export interface MarkFacts {
  lesson: LessonCellFacts;
  type: { id: number; archived: boolean } | null;
  workId: number | null;
  old: { id: number; value: number; comment: string | null } | null;
}

/** Everything saving one mark needs, in one query, with the lesson row locked; null for an unknown lesson or another school's. */
export async function markFacts(c: Client, actor: Actor, lessonId: number, studentId: number, typeId: number): Promise<MarkFacts | null> {
  const { rows } = await c.query<
    FactsRow & {
      typeId: number | null;
      typeArchived: boolean | null;
      workId: number | null;
      markId: number | null;
      oldValue: number | null;
      oldComment: string | null;
    }
  >(
    `SELECT ${FACTS}, t.id AS "typeId", t.archived AS "typeArchived", w.id AS "workId", k.id AS "markId", k.value AS "oldValue", k.comment AS "oldComment"
     ${FROM}
     LEFT JOIN "AssignmentType" t ON t.id = $5::int AND t."schoolId" = l."schoolId"
     LEFT JOIN "LessonWork" w ON w."lessonId" = l.id AND w."assignmentTypeId" = t.id
     LEFT JOIN "Mark" k ON k."workId" = w.id AND k."studentId" = $4::int
     ${WHERE}`,
    [lessonId, actor.schoolId, actor.personId, studentId, typeId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    lesson: toLesson(actor, r),
    type: r.typeId === null ? null : { id: r.typeId, archived: !!r.typeArchived },
    workId: r.workId,
    old: r.markId === null ? null : { id: r.markId, value: r.oldValue!, comment: r.oldComment },
  };
}

export interface AttendanceFacts {
  lesson: LessonCellFacts;
  old: { id: number; code: AttendanceCode } | null;
}

/** Everything saving one attendance entry needs, in one query, with the lesson row locked; null for an unknown lesson or another school's. */
export async function attendanceFacts(c: Client, actor: Actor, lessonId: number, studentId: number): Promise<AttendanceFacts | null> {
  const { rows } = await c.query<FactsRow & { attId: number | null; oldCode: AttendanceCode | null }>(
    `SELECT ${FACTS}, a.id AS "attId", a.code::text AS "oldCode"
     ${FROM}
     LEFT JOIN "Attendance" a ON a."lessonId" = l.id AND a."studentId" = $4::int
     ${WHERE}`,
    [lessonId, actor.schoolId, actor.personId, studentId],
  );
  const r = rows[0];
  if (!r) return null;
  return { lesson: toLesson(actor, r), old: r.attId === null ? null : { id: r.attId, code: r.oldCode! } };
}

/** One audit row: who changed which cell, old → new, why, when (the application's clock). */
export interface AuditRow {
  schoolId: number;
  actorId: number;
  entity: string;
  entityId: string;
  action: string;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
  at: Date;
}

/** The parameters of auditInsert, in its order (9 of them). */
export function auditValues(a: AuditRow): unknown[] {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return [a.schoolId, a.actorId, a.entity, a.entityId, a.action, json(a.oldValue), json(a.newValue), a.reason, a.at];
}

/** INSERT INTO "AuditLog" (as a CTE part or a statement) with its 9 parameters starting at $n (see auditValues). */
export function auditInsert(n: number): string {
  const p = (i: number) => `$${n + i}`;
  return `INSERT INTO "AuditLog" ("schoolId", "actorId", entity, "entityId", action, "oldValue", "newValue", reason, at)
          VALUES (${p(0)}::int, ${p(1)}::int, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::jsonb, ${p(6)}::jsonb, ${p(7)}, ${timestamp(n + 8)})`;
}
