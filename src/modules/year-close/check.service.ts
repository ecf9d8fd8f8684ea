/**
 * The pre-close check (R-YR-1): students without year final marks (per graded subject of
 * the class's teaching load), lessons without topics, classes with students lacking a
 * decision of the pedagogical council. Set-based SQL: one query per kind of item.
 * Missing decisions block closing; the other items block until acknowledged.
 */
import { Prisma, type Db } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareNames, shortName } from "../../lib/names.ts";
import type { AcademicYear } from "../../generated/prisma/client.ts";

export interface CheckItem {
  key: string;
  kind: "finals" | "topics";
  classId: number;
  className: string;
  subjectName: string;
  count: number;
  /** For finals: up to 20 students' short names. */
  students: string[];
  acknowledged: boolean;
}

export interface DecisionGap {
  classId: number;
  className: string;
  count: number;
}

export interface PreCloseCheck {
  lastDay: Date;
  items: CheckItem[];
  decisionGaps: DecisionGap[];
  /** Items not acknowledged plus classes with missing decisions: closing needs 0. */
  blocking: number;
  missingDecisions: number;
}

/** The last day of the year's study: the end of its last period, else the year's end date. */
export async function lastStudyDay(db: Db, year: { id: number; endDate: Date }): Promise<Date> {
  const r = await db.studyPeriod.aggregate({ where: { yearId: year.id }, _max: { endDate: true } });
  return r._max.endDate ?? year.endDate;
}

/** SQL of the students in the year's classes on the last day: ("studentId", "classId", grade, "membershipId", "toDate"). */
export function activeAtEnd(schoolId: number, yearId: number, lastDay: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT ON (m."studentId") m."studentId", m."classId", c.grade, m.id AS "membershipId", m."toDate"
    FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
    WHERE c."schoolId" = ${schoolId} AND c."yearId" = ${yearId}
      AND m."fromDate" <= ${lastDay} AND (m."toDate" IS NULL OR m."toDate" >= ${lastDay})
    ORDER BY m."studentId", m."fromDate" DESC`;
}

export async function findSchoolYear(db: Db, schoolId: number, yearId: number): Promise<AcademicYear> {
  const year = await db.academicYear.findFirst({ where: { id: yearId, schoolId } });
  if (!year) throw new NotFound("Учебный год не найден");
  return year;
}

/** R-YR-1: everything missing before the year can be closed, with acknowledgements applied. */
export async function preCloseCheck(db: Db, schoolId: number, yearId: number): Promise<PreCloseCheck> {
  const year = await findSchoolYear(db, schoolId, yearId);
  const lastDay = await lastStudyDay(db, year);
  const active = activeAtEnd(schoolId, yearId, lastDay);

  // One after another: `db` may be a transaction, whose single connection must not get parallel queries.
  const finals = await db.$queryRaw<{ classId: number; subjectId: number; n: number; ids: number[] }[]>`
      WITH st AS (${active}),
      cs AS (
        SELECT tl."classId", tl."subjectId", bool_and(tl."subgroupId" IS NOT NULL) AS "onlyGroups"
        FROM "TeachingLoad" tl JOIN "SchoolClass" c ON c.id = tl."classId" JOIN "Subject" s ON s.id = tl."subjectId"
        WHERE tl."schoolId" = ${schoolId} AND tl."yearId" = ${yearId} AND s."gradingMode" <> 'NONE'
          -- Issue 23: grades the school teaches without marks expect no year marks.
          AND NOT (c.grade = ANY(COALESCE((SELECT sc."ungradedGrades" FROM "School" sc WHERE sc.id = ${schoolId}), '{}')))
        GROUP BY 1, 2),
      expected AS (
        SELECT cs."classId", cs."subjectId", st."studentId" FROM cs JOIN st ON st."classId" = cs."classId"
        WHERE NOT cs."onlyGroups" OR EXISTS (
          SELECT 1 FROM "SubgroupMembership" sm JOIN "Subgroup" g ON g.id = sm."subgroupId"
          WHERE g."classId" = cs."classId" AND g."subjectId" = cs."subjectId" AND sm."studentId" = st."studentId"
            AND sm."fromDate" <= ${lastDay} AND (sm."toDate" IS NULL OR sm."toDate" >= ${lastDay})))
      SELECT e."classId", e."subjectId", count(*)::int AS n, (array_agg(e."studentId" ORDER BY e."studentId"))[1:20] AS ids
      FROM expected e
      WHERE NOT EXISTS (SELECT 1 FROM "FinalMark" f WHERE f."studentId" = e."studentId" AND f."subjectId" = e."subjectId"
                        AND f."yearId" = ${yearId} AND f.kind = 'YEAR')
      GROUP BY 1, 2`;
  const topics = await db.$queryRaw<{ classId: number; subjectId: number; n: number }[]>`
      SELECT l."classId", l."subjectId", count(*)::int AS n
      FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId"
      WHERE c."schoolId" = ${schoolId} AND c."yearId" = ${yearId} AND l.date <= ${lastDay} AND (l.topic IS NULL OR btrim(l.topic) = '')
      GROUP BY 1, 2`;
  const gaps = await db.$queryRaw<{ classId: number; n: number }[]>`
      WITH st AS (${active})
      SELECT st."classId", count(*)::int AS n FROM st
      WHERE NOT EXISTS (SELECT 1 FROM "YearDecision" d WHERE d."yearId" = ${yearId} AND d."studentId" = st."studentId")
      GROUP BY 1`;
  const acks = await db.yearCloseAck.findMany({ where: { schoolId, yearId }, select: { itemKey: true } });

  const classIds = new Set([...finals, ...topics, ...gaps].map((r) => r.classId));
  const subjectIds = new Set([...finals, ...topics].map((r) => r.subjectId));
  const studentIds = new Set(finals.flatMap((r) => r.ids));
  const classes = await db.schoolClass.findMany({ where: { id: { in: [...classIds] } }, select: { id: true, grade: true, letter: true } });
  const subjects = await db.subject.findMany({ where: { id: { in: [...subjectIds] } }, select: { id: true, name: true, sortOrder: true } });
  const students = await db.student.findMany({
    where: { id: { in: [...studentIds] } },
    select: { id: true, person: { select: { lastName: true, firstName: true, middleName: true } } },
  });
  const cls = new Map(classes.map((c) => [c.id, c]));
  const subj = new Map(subjects.map((s) => [s.id, s]));
  const person = new Map(students.map((s) => [s.id, s.person]));
  const acked = new Set(acks.map((a) => a.itemKey));

  const item = (kind: CheckItem["kind"], r: { classId: number; subjectId: number; n: number }, ids: number[] = []): CheckItem => {
    const key = `${kind}:${r.classId}:${r.subjectId}`;
    const people = ids.map((id) => person.get(id)).filter((p) => !!p);
    people.sort(compareNames);
    return {
      key,
      kind,
      classId: r.classId,
      className: className(cls.get(r.classId)!),
      subjectName: subj.get(r.subjectId)?.name ?? "",
      count: r.n,
      students: people.map(shortName),
      acknowledged: acked.has(key),
    };
  };
  const order = (a: CheckItem, b: CheckItem) => {
    const ca = cls.get(a.classId)!;
    const cb = cls.get(b.classId)!;
    return a.kind.localeCompare(b.kind) || ca.grade - cb.grade || ca.letter.localeCompare(cb.letter, "ru") || a.subjectName.localeCompare(b.subjectName, "ru");
  };
  const items = [...finals.map((r) => item("finals", r, r.ids)), ...topics.map((r) => item("topics", r))].sort(order);
  const decisionGaps: DecisionGap[] = gaps
    .map((g) => ({ classId: g.classId, className: className(cls.get(g.classId)!), count: g.n, grade: cls.get(g.classId)!.grade }))
    .sort((a, b) => a.grade - b.grade || a.className.localeCompare(b.className, "ru"))
    .map((g) => ({ classId: g.classId, className: g.className, count: g.count }));
  const missingDecisions = decisionGaps.reduce((s, g) => s + g.count, 0);
  return { lastDay, items, decisionGaps, blocking: items.filter((i) => !i.acknowledged).length + decisionGaps.length, missingDecisions };
}

/** Acknowledges items of the check (keys as shown by preCloseCheck; unknown keys are ignored by the caller's list). */
export async function acknowledge(db: Db, schoolId: number, yearId: number, userId: number, keys: readonly string[]): Promise<number> {
  const valid = keys.filter((k) => /^(finals|topics):\d{1,10}:\d{1,10}$/.test(k));
  if (!valid.length) return 0;
  const r = await db.yearCloseAck.createMany({ data: valid.map((itemKey) => ({ schoolId, yearId, itemKey, ackById: userId })), skipDuplicates: true });
  return r.count;
}
