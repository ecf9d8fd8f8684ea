/**
 * Lessons of each period come from the timetable (R-SCH-1: the timetable is
 * linked to the journal), so a teacher finds today's lessons ready.
 *
 * generateLessons() is idempotent: it creates the planned lessons that are
 * missing, moves/renumbers/re-teachers the ones that exist, removes generated
 * lessons the timetable no longer asks for — unless they have marks,
 * attendance, a topic, homework or kinds of work: those are kept and listed as
 * «расходится с расписанием» (divergentLessons) for the deputy to resolve.
 * Writes are bulk statements (unnest), not row by row.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { audit } from "../../lib/audit.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { shortName } from "../../lib/names.ts";
import { planLessons, reconcile, type ExistingLesson, type PlannedLesson } from "./lessons.plan.ts";

export interface SyncResult {
  created: number;
  updated: number;
  removed: number;
  /** Generated lessons the timetable no longer asks for, kept because something was entered in them. */
  kept: number;
}

const CHUNK = 10_000;

/** The lessons of the classes in [from, to]: only the columns the matching needs (one plain query, no text columns). */
async function existingLessons(db: Db, schoolId: number, classIds: readonly number[], from: Date, to: Date): Promise<ExistingLesson[]> {
  if (!classIds.length) return [];
  return db.$queryRaw<ExistingLesson[]>`
    SELECT "id", "classId", "subgroupId", "subjectId", "teacherId", "substituteId", "roomId", "date", "number", "timetableEntryId"
      FROM "Lesson"
     WHERE "schoolId" = ${schoolId} AND "classId" = ANY(${[...classIds]}::int[]) AND "date" BETWEEN ${isoDate(from)}::date AND ${isoDate(to)}::date
     ORDER BY "id"`;
}

/**
 * Ids among the lessons that have anything entered (R-JRN-1): a topic,
 * homework, the attendance check, marks, attendance or kinds of work —
 * such a lesson is never dropped silently.
 */
async function lessonsWithData(db: Db, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.$queryRaw<{ id: number }[]>`
    SELECT "id" FROM "Lesson" WHERE "id" = ANY(${ids}::int[])
       AND (coalesce("topic", '') <> '' OR coalesce("homework", '') <> '' OR "attendanceCheckedAt" IS NOT NULL)
    UNION SELECT "lessonId" FROM "Mark" WHERE "lessonId" = ANY(${ids}::int[])
    UNION SELECT "lessonId" FROM "Attendance" WHERE "lessonId" = ANY(${ids}::int[])
    UNION SELECT "lessonId" FROM "LessonWork" WHERE "lessonId" = ANY(${ids}::int[])`;
  return new Set(rows.map((r) => r.id));
}

/** Orphans of generated lessons split into those that may go and those that must stay. */
async function splitOrphans(db: Db, orphans: ExistingLesson[]) {
  const generated = orphans.filter((l) => l.timetableEntryId !== null);
  const withData = await lessonsWithData(
    db,
    generated.map((l) => l.id),
  );
  return { keep: generated.filter((l) => withData.has(l.id)), drop: generated.filter((l) => !withData.has(l.id)) };
}

async function insertLessons(db: Db, schoolId: number, rows: PlannedLesson[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await db.$executeRaw`
      INSERT INTO "Lesson" ("schoolId", "classId", "subgroupId", "subjectId", "teacherId", "substituteId", "date", "number", "roomId", "timetableEntryId", "updatedAt")
      SELECT ${schoolId}, u.c, u.sg, u.sj, u.t, u.s, u.d::date, u.n, u.r, u.e, now()
      FROM unnest(${part.map((p) => p.classId)}::int[], ${part.map((p) => p.subgroupId)}::int[], ${part.map((p) => p.subjectId)}::int[],
                  ${part.map((p) => p.teacherId)}::int[], ${part.map((p) => p.substituteId ?? null)}::int[], ${part.map((p) => isoDate(p.date))}::text[],
                  ${part.map((p) => p.number)}::int[], ${part.map((p) => p.roomId)}::int[], ${part.map((p) => p.entryId)}::int[])
        AS u(c, sg, sj, t, s, d, n, r, e)`;
  }
}

async function updateLessons(db: Db, rows: { id: number; p: PlannedLesson }[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await db.$executeRaw`
      UPDATE "Lesson" AS l SET "date" = u.d::date, "number" = u.n, "teacherId" = u.t, "roomId" = u.r, "timetableEntryId" = u.e,
        "substituteId" = CASE WHEN u.ss THEN u.s ELSE l."substituteId" END, "updatedAt" = now()
      FROM unnest(${part.map((x) => x.id)}::int[], ${part.map((x) => isoDate(x.p.date))}::text[], ${part.map((x) => x.p.number)}::int[], ${part.map((x) => x.p.teacherId)}::int[],
                  ${part.map((x) => x.p.roomId)}::int[], ${part.map((x) => x.p.entryId)}::int[], ${part.map((x) => x.p.substituteId !== undefined)}::bool[],
                  ${part.map((x) => x.p.substituteId ?? null)}::int[])
        AS u(id, d, n, t, r, e, ss, s)
      WHERE l."id" = u.id`;
  }
}

/**
 * Brings the lessons of the classes (all classes of the year when omitted)
 * with dates in [from, to] in step with the timetable. Run inside the
 * transaction of the timetable edit that made it necessary.
 */
export async function syncLessons(db: Db, schoolId: number, yearId: number, from: Date, to: Date, classIds?: readonly number[]): Promise<SyncResult> {
  const plan = await planLessons(db, schoolId, yearId, from, to, classIds);
  if (!plan.classIds.length) return { created: 0, updated: 0, removed: 0, kept: 0 };
  const existing = await existingLessons(db, schoolId, plan.classIds, from, to);
  const { updates, inserts, orphans } = reconcile(existing, plan.planned);
  const { keep, drop } = await splitOrphans(db, orphans);
  if (drop.length) await db.lesson.deleteMany({ where: { id: { in: drop.map((l) => l.id) } } });
  await updateLessons(db, updates);
  await insertLessons(db, schoolId, inserts);
  return { created: inserts.length, updated: updates.length, removed: drop.length, kept: keep.length };
}

/**
 * Creates (or brings in step) the lessons of the year's classes from the
 * timetable for dates in [from, to]: school days inside the study periods of
 * each class's grade, minus holidays, with one-date changes applied.
 * Idempotent. Pass `db` to run inside an existing transaction.
 */
export async function generateLessons(
  schoolId: number,
  yearId: number,
  from: Date,
  to: Date,
  opts: { db?: Db; classIds?: readonly number[]; trustedRows?: boolean } = {},
): Promise<SyncResult> {
  if (opts.db) return syncLessons(opts.db, schoolId, yearId, from, to, opts.classIds);
  return prisma.$transaction(
    async (tx) => {
      // The seed's bulk run: the rows come from entries that are already consistent, so where
      // allowed (a superuser, as on the embedded database) skip the per-row foreign-key
      // triggers for this transaction only — three to four times faster for a year of lessons.
      if (opts.trustedRows) {
        await tx.$executeRawUnsafe("SAVEPOINT fk");
        try {
          await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
          await tx.$executeRawUnsafe("RELEASE SAVEPOINT fk");
        } catch {
          await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT fk");
        }
      }
      return syncLessons(tx, schoolId, yearId, from, to, opts.classIds);
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
}

/** The range an edit re-syncs: from the earlier of the edit's date and today, to the end of the year. */
export function syncRange(year: { startDate: Date; endDate: Date }, fromDate: Date): { from: Date; to: Date } {
  const t = today();
  const from = new Date(Math.max(year.startDate.getTime(), Math.min(fromDate.getTime(), t.getTime())));
  return { from, to: year.endDate };
}

export interface DivergentLesson {
  id: number;
  date: Date;
  number: number | null;
  className: string;
  classId: number;
  subject: string;
  subjectId: number;
  subgroup: string | null;
  teacher: string;
  marks: number;
  attendances: number;
  topic: string | null;
  homework: string | null;
}

/** Generated lessons of the year that the timetable no longer asks for (kept because of their content, or not yet synced). */
export async function divergentLessons(schoolId: number, yearId: number, db: Db = prisma): Promise<DivergentLesson[]> {
  const year = await db.academicYear.findFirst({ where: { id: yearId, schoolId } });
  if (!year) return [];
  const plan = await planLessons(db, schoolId, yearId, year.startDate, year.endDate);
  const existing = await existingLessons(db, schoolId, plan.classIds, year.startDate, year.endDate);
  const { orphans } = reconcile(existing, plan.planned);
  const ids = orphans.filter((l) => l.timetableEntryId !== null).map((l) => l.id);
  if (!ids.length) return [];
  const rows = await db.lesson.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      date: true,
      number: true,
      classId: true,
      subjectId: true,
      topic: true,
      homework: true,
      class: { select: { grade: true, letter: true } },
      subject: { select: { name: true } },
      subgroup: { select: { name: true } },
      teacher: { select: { lastName: true, firstName: true, middleName: true } },
      _count: { select: { marks: true, attendances: true } },
    },
    orderBy: [{ date: "asc" }, { number: "asc" }],
  });
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    number: r.number,
    classId: r.classId,
    className: `${r.class.grade}${r.class.letter}`,
    subject: r.subject.name,
    subjectId: r.subjectId,
    subgroup: r.subgroup?.name ?? null,
    teacher: shortName(r.teacher),
    marks: r._count.marks,
    attendances: r._count.attendances,
    topic: r.topic,
    homework: r.homework,
  }));
}

/** The divergent lesson of the actor's school, or NotFound (also when it no longer diverges). */
async function divergentLesson(tx: Db, actor: Actor, lessonId: number) {
  const lesson = await tx.lesson.findFirst({ where: { id: lessonId, schoolId: actor.schoolId, timetableEntryId: { not: null } }, include: { class: true } });
  if (!lesson) throw new NotFound();
  const plan = await planLessons(tx, actor.schoolId, lesson.class.yearId, lesson.date, lesson.date, [lesson.classId]);
  const existing = await existingLessons(tx, actor.schoolId, [lesson.classId], lesson.date, lesson.date);
  if (!reconcile(existing, plan.planned).orphans.some((l) => l.id === lessonId)) throw new NotFound();
  return lesson;
}

/** Resolves a divergent lesson by keeping it as a lesson outside the timetable (it stays in the journal). */
export async function keepDivergentLesson(actor: Actor, lessonId: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await divergentLesson(tx, actor, lessonId);
    await tx.lesson.update({ where: { id: lessonId }, data: { timetableEntryId: null } });
  });
}

/** Resolves a divergent lesson by deleting it with its marks and attendance (audited). */
export async function deleteDivergentLesson(actor: Actor, lessonId: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const lesson = await divergentLesson(tx, actor, lessonId);
    const marks = await tx.mark.findMany({ where: { lessonId }, select: { studentId: true, value: true } });
    const attendance = await tx.attendance.findMany({ where: { lessonId }, select: { studentId: true, code: true } });
    await tx.mark.deleteMany({ where: { lessonId } });
    await tx.attendance.deleteMany({ where: { lessonId } });
    await tx.lesson.delete({ where: { id: lessonId } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "lesson",
      entityId: lessonId,
      action: "delete",
      oldValue: {
        date: isoDate(lesson.date),
        number: lesson.number,
        classId: lesson.classId,
        subjectId: lesson.subjectId,
        topic: lesson.topic,
        marks,
        attendance,
      },
      reason: "Урок расходился с расписанием",
    });
  });
}

export { planLessons } from "./lessons.plan.ts";
