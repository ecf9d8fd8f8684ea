/**
 * The canonical form of a year's journal data for the seal (R-INT-1), defined twice and kept
 * identical: as SQL (the database computes the leaves set-based when sealing and checking)
 * and in TypeScript (an exported archive file is checked without any database). A test feeds
 * awkward values (quotes, «|», line breaks, Cyrillic, nulls) through both.
 *
 * A line is fields joined by «|»: integers as decimal or «null», texts as JSON strings
 * (PostgreSQL to_json and JSON.stringify escape alike), dates as YYYY-MM-DD. A leaf hash is
 * SHA-256 (hex) over its lines, each ended by «\n». The root chains the leaves in order:
 * h0 = sha256("journal-seal-v1|<schoolId>|<yearId>"), h(i) = sha256(h(i-1) + "|" + kind + "|" + refId + "|" + rows + "|" + leafHash).
 */
import crypto from "node:crypto";
import { Prisma } from "../../lib/db.ts";

export const ALGORITHM = "sha256-chain-v1";
export const LEAF_KINDS = ["lesson", "marks", "attendance", "finals", "decision"] as const;
export type LeafKind = (typeof LEAF_KINDS)[number];

export interface Leaf {
  kind: LeafKind;
  refId: number;
  rows: number;
  hash: string;
}

// ---------------------------------------------------------------- TypeScript side

const n = (v: number | null | undefined) => (v === null || v === undefined ? "null" : String(v));
const t = (v: string | null | undefined) => (v === null || v === undefined ? "null" : JSON.stringify(v));
const dt = (v: string | null | undefined) => (v === null || v === undefined ? "null" : v);

/** Rows as stored in an archive file (dates as YYYY-MM-DD strings). */
export interface LessonRow {
  id: number;
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  teacherId: number;
  substituteId: number | null;
  date: string;
  number: number | null;
  topic: string | null;
  lessonType: string | null;
  homework: string | null;
  homeworkDue: string | null;
}
export interface WorkRow {
  id: number;
  lessonId: number;
  assignmentTypeId: number;
  topic: string | null;
}
export interface MarkRow {
  lessonId: number;
  workId: number;
  studentId: number;
  value: number;
  comment: string | null;
}
export interface AttendanceRow {
  lessonId: number;
  studentId: number;
  code: string;
  note: string | null;
}
export interface FinalRow {
  studentId: number;
  subjectId: number;
  kind: string;
  periodId: number | null;
  value: string;
}
export interface DecisionRow {
  studentId: number;
  classId: number;
  kind: string;
  debtSubjectIds: number[];
  orderNumber: string;
  orderDate: string;
}

export const line = {
  lesson: (l: LessonRow) =>
    [
      "L",
      n(l.id),
      n(l.classId),
      n(l.subjectId),
      n(l.subgroupId),
      n(l.teacherId),
      n(l.substituteId),
      dt(l.date),
      n(l.number),
      t(l.topic),
      t(l.lessonType),
      t(l.homework),
      dt(l.homeworkDue),
    ].join("|"),
  work: (w: WorkRow) => ["W", n(w.id), n(w.assignmentTypeId), t(w.topic)].join("|"),
  mark: (m: MarkRow) => ["M", n(m.studentId), n(m.workId), n(m.value), t(m.comment)].join("|"),
  attendance: (a: AttendanceRow) => ["A", n(a.studentId), a.code, t(a.note)].join("|"),
  final: (f: FinalRow) => ["F", n(f.subjectId), f.kind, n(f.periodId), t(f.value)].join("|"),
  decision: (d: DecisionRow) => ["D", n(d.classId), d.kind, [...d.debtSubjectIds].sort((a, b) => a - b).join(","), t(d.orderNumber), dt(d.orderDate)].join("|"),
};

export function sha256(text: string): string {
  return crypto.createHash("sha256").update(text, "utf8").digest("hex");
}

export function leafHash(lines: string[]): string {
  return sha256(lines.map((l) => l + "\n").join(""));
}

/** The order of final-mark kinds inside a student's leaf (as the SQL CASE). */
const finalKindOrder = (k: string) => ["EXAM", "FINAL", "PERIOD", "YEAR"].indexOf(k);

const kindOrder = (k: string) => LEAF_KINDS.indexOf(k as LeafKind);

export function compareLeaves(a: Pick<Leaf, "kind" | "refId">, b: Pick<Leaf, "kind" | "refId">): number {
  return kindOrder(a.kind) - kindOrder(b.kind) || a.refId - b.refId;
}

/** The root of the chain over leaves (sorted here by kind, then refId). */
export function chainRoot(schoolId: number, yearId: number, leaves: readonly Leaf[]): string {
  let h = sha256(`journal-seal-v1|${schoolId}|${yearId}`);
  for (const l of [...leaves].sort(compareLeaves)) h = sha256(`${h}|${l.kind}|${l.refId}|${l.rows}|${l.hash}`);
  return h;
}

/** Leaves from archive rows, exactly as leavesSql computes them in the database. */
export function leavesFromRows(data: {
  lessons: LessonRow[];
  works: WorkRow[];
  marks: MarkRow[];
  attendance: AttendanceRow[];
  finals: FinalRow[];
  decisions: DecisionRow[];
}): Leaf[] {
  const leaves: Leaf[] = [];
  const group = <T>(rows: T[], key: (r: T) => number) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const k = key(r);
      const list = m.get(k);
      if (list) list.push(r);
      else m.set(k, [r]);
    }
    return m;
  };
  const works = group(data.works, (w) => w.lessonId);
  for (const l of data.lessons) {
    const ws = (works.get(l.id) ?? []).sort((a, b) => a.id - b.id);
    leaves.push({ kind: "lesson", refId: l.id, rows: 1 + ws.length, hash: leafHash([line.lesson(l), ...ws.map(line.work)]) });
  }
  for (const [lessonId, ms] of group(data.marks, (m) => m.lessonId)) {
    ms.sort((a, b) => a.workId - b.workId || a.studentId - b.studentId);
    leaves.push({ kind: "marks", refId: lessonId, rows: ms.length, hash: leafHash(ms.map(line.mark)) });
  }
  for (const [lessonId, as] of group(data.attendance, (a) => a.lessonId)) {
    as.sort((a, b) => a.studentId - b.studentId);
    leaves.push({ kind: "attendance", refId: lessonId, rows: as.length, hash: leafHash(as.map(line.attendance)) });
  }
  for (const [studentId, fs] of group(data.finals, (f) => f.studentId)) {
    fs.sort((a, b) => a.subjectId - b.subjectId || finalKindOrder(a.kind) - finalKindOrder(b.kind) || (a.periodId ?? 0) - (b.periodId ?? 0));
    leaves.push({ kind: "finals", refId: studentId, rows: fs.length, hash: leafHash(fs.map(line.final)) });
  }
  for (const d of data.decisions) leaves.push({ kind: "decision", refId: d.studentId, rows: 1, hash: leafHash([line.decision(d)]) });
  return leaves.sort(compareLeaves);
}

// ---------------------------------------------------------------- SQL side

const sn = (e: Prisma.Sql) => Prisma.sql`coalesce((${e})::text, 'null')`;
const st = (e: Prisma.Sql) => Prisma.sql`coalesce(to_json(${e})::text, 'null')`;
const sd = (e: Prisma.Sql) => Prisma.sql`coalesce(to_char(${e}, 'YYYY-MM-DD'), 'null')`;
const raw = Prisma.raw;

/** The year's lessons: lessons of the year's classes. */
export function yearLessonsSql(schoolId: number, yearId: number): Prisma.Sql {
  return Prisma.sql`SELECT l.* FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId" WHERE c."schoolId" = ${schoolId} AND c."yearId" = ${yearId}`;
}

/**
 * SQL returning every leaf of the year (kind, "refId", rows, hash), the same as leavesFromRows.
 * Sorting inside string_agg uses integer keys only, so collation never matters.
 */
export function leavesSql(schoolId: number, yearId: number): Prisma.Sql {
  const hash = (orderBy: string) => Prisma.sql`encode(sha256(convert_to(string_agg(x.line || E'\n', '' ORDER BY ${raw(orderBy)}), 'UTF8')), 'hex')`;
  return Prisma.sql`
    WITH yl AS (${yearLessonsSql(schoolId, yearId)}),
    lesson_lines AS (
      SELECT yl.id AS ref, 0 AS k1, 0 AS k2,
        'L|' || yl.id || '|' || yl."classId" || '|' || yl."subjectId" || '|' || ${sn(raw('yl."subgroupId"'))} || '|' || yl."teacherId" || '|' ||
        ${sn(raw('yl."substituteId"'))} || '|' || ${sd(raw("yl.date"))} || '|' || ${sn(raw("yl.number"))} || '|' || ${st(raw("yl.topic"))} || '|' ||
        ${st(raw('yl."lessonType"'))} || '|' || ${st(raw("yl.homework"))} || '|' || ${sd(raw('yl."homeworkDue"'))} AS line
      FROM yl
      UNION ALL
      SELECT w."lessonId", 1, w.id, 'W|' || w.id || '|' || w."assignmentTypeId" || '|' || ${st(raw("w.topic"))}
      FROM "LessonWork" w JOIN yl ON yl.id = w."lessonId"),
    mark_lines AS (
      SELECT m."lessonId" AS ref, m."workId" AS k1, m."studentId" AS k2,
        'M|' || m."studentId" || '|' || m."workId" || '|' || m.value || '|' || ${st(raw("m.comment"))} AS line
      FROM "Mark" m JOIN yl ON yl.id = m."lessonId"),
    att_lines AS (
      SELECT a."lessonId" AS ref, a."studentId" AS k1, 0 AS k2, 'A|' || a."studentId" || '|' || a.code::text || '|' || ${st(raw("a.note"))} AS line
      FROM "Attendance" a JOIN yl ON yl.id = a."lessonId"),
    final_lines AS (
      SELECT f."studentId" AS ref, f."subjectId" AS k1,
        (CASE f.kind::text WHEN 'EXAM' THEN 0 WHEN 'FINAL' THEN 1 WHEN 'PERIOD' THEN 2 ELSE 3 END) * 1000000000::bigint + coalesce(f."periodId", 0) AS k2,
        'F|' || f."subjectId" || '|' || f.kind::text || '|' || ${sn(raw('f."periodId"'))} || '|' || ${st(raw("f.value"))} AS line
      FROM "FinalMark" f WHERE f."schoolId" = ${schoolId} AND f."yearId" = ${yearId}),
    decision_lines AS (
      SELECT d."studentId" AS ref, 0 AS k1, 0 AS k2,
        'D|' || d."classId" || '|' || d.kind::text || '|' || coalesce(array_to_string(ARRAY(SELECT unnest(d."debtSubjectIds") ORDER BY 1), ','), '') || '|' ||
        ${st(raw('d."orderNumber"'))} || '|' || ${sd(raw('d."orderDate"'))} AS line
      FROM "YearDecision" d WHERE d."schoolId" = ${schoolId} AND d."yearId" = ${yearId})
    SELECT 'lesson' AS kind, x.ref AS "refId", count(*)::int AS rows, ${hash("x.k1, x.k2")} AS hash FROM lesson_lines x GROUP BY x.ref
    UNION ALL SELECT 'marks', x.ref, count(*)::int, ${hash("x.k1, x.k2")} FROM mark_lines x GROUP BY x.ref
    UNION ALL SELECT 'attendance', x.ref, count(*)::int, ${hash("x.k1")} FROM att_lines x GROUP BY x.ref
    UNION ALL SELECT 'finals', x.ref, count(*)::int, ${hash("x.k1, x.k2")} FROM final_lines x GROUP BY x.ref
    UNION ALL SELECT 'decision', x.ref, count(*)::int, ${hash("x.k1")} FROM decision_lines x GROUP BY x.ref`;
}
