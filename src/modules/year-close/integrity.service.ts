/**
 * Integrity of archived years (R-INT-1). When a year is closed its journal data (lessons with
 * topics and works, marks, attendance, final marks, the council's decisions) is sealed: the
 * database computes SHA-256 leaves set-based (integrity.canon leavesSql), stores them and a
 * root that chains them. The check recomputes the leaves and names every lesson or student
 * whose data changed; the archive export is one gzipped JSON file with the data and the seal,
 * verifiable offline (scripts/verify-year.ts --file).
 */
import zlib from "node:zlib";
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { formatDate, isoDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, fullName } from "../../lib/names.ts";
import {
  ALGORITHM,
  chainRoot,
  compareLeaves,
  leavesFromRows,
  leavesSql,
  yearLessonsSql,
  type AttendanceRow,
  type DecisionRow,
  type FinalRow,
  type Leaf,
  type LessonRow,
  type MarkRow,
  type WorkRow,
} from "./integrity.canon.ts";
import { clock } from "../../lib/clock.ts";

export interface SealCounts {
  lessons: number;
  works: number;
  marks: number;
  attendance: number;
  finalMarks: number;
  decisions: number;
  leaves: number;
}

function countsOf(leaves: readonly Leaf[]): SealCounts {
  const c: SealCounts = { lessons: 0, works: 0, marks: 0, attendance: 0, finalMarks: 0, decisions: 0, leaves: leaves.length };
  for (const l of leaves) {
    if (l.kind === "lesson") {
      c.lessons++;
      c.works += l.rows - 1;
    } else if (l.kind === "marks") c.marks += l.rows;
    else if (l.kind === "attendance") c.attendance += l.rows;
    else if (l.kind === "finals") c.finalMarks += l.rows;
    else c.decisions += l.rows;
  }
  return c;
}

/** Inside the closing transaction: seals the year (replacing an earlier seal). Returns the root and the counts. */
export async function sealYear(tx: Db, schoolId: number, yearId: number, userId: number | null): Promise<{ rootHash: string; counts: SealCounts }> {
  // The leaves sort some 300,000 rows of a large school: let the sort stay in memory.
  await tx.$executeRawUnsafe("SET LOCAL work_mem = '128MB'");
  await tx.yearSeal.deleteMany({ where: { schoolId, yearId } });
  const seal = await tx.yearSeal.create({ data: { schoolId, yearId, algorithm: ALGORITHM, rootHash: "", counts: {}, sealedById: userId } });
  await tx.$executeRaw`INSERT INTO "YearSealLeaf" ("sealId", kind, "refId", rows, hash) SELECT ${seal.id}::int, q.kind, q."refId", q.rows, q.hash FROM (${leavesSql(schoolId, yearId)}) q`;
  const leaves = await tx.$queryRaw<Leaf[]>`SELECT kind, "refId", rows, hash FROM "YearSealLeaf" WHERE "sealId" = ${seal.id}`;
  const rootHash = chainRoot(schoolId, yearId, leaves);
  const counts = countsOf(leaves);
  await tx.yearSeal.update({ where: { id: seal.id }, data: { rootHash, counts: { ...counts } } });
  return { rootHash, counts };
}

export interface Difference {
  kind: Leaf["kind"];
  refId: number;
  change: "changed" | "added" | "removed";
  rowsBefore: number | null;
  rowsNow: number | null;
  /** Russian: what it is and what changed. */
  text: string;
}

export interface IntegrityReport {
  sealed: boolean;
  ok: boolean;
  algorithm?: string;
  rootHash?: string;
  currentRoot?: string;
  sealedAt?: Date | null;
  /** The stored leaves still chain to the stored root (nobody edited the seal itself). */
  sealIntact: boolean;
  counts?: SealCounts;
  differences: Difference[];
  /** How many differences there are in all (the list is cut at 500). */
  total: number;
}

interface Lookup {
  lesson(id: number): { date: string; cls: string; subject: string } | undefined;
  student(id: number): { name: string } | undefined;
}

const WHAT: Record<Leaf["kind"], string> = {
  lesson: "тема, домашнее задание или сведения об уроке",
  marks: "отметки",
  attendance: "посещаемость",
  finals: "итоговые отметки",
  decision: "решение педсовета",
};
const CHANGE: Record<Difference["change"], string> = { changed: "изменено", added: "добавлено после закрытия", removed: "удалено" };

function describe(kind: Leaf["kind"], refId: number, change: Difference["change"], before: number | null, now: number | null, look: Lookup): string {
  const rows =
    before !== null && now !== null && before !== now
      ? ` (записей было ${before}, стало ${now})`
      : before !== null && now === null
        ? ` (было записей: ${before})`
        : now !== null && before === null
          ? ` (записей: ${now})`
          : "";
  if (kind === "finals" || kind === "decision") {
    const s = look.student(refId);
    return `Ученик ${s ? s.name : `№ ${refId}`} — ${WHAT[kind]}: ${CHANGE[change]}${rows}`;
  }
  const l = look.lesson(refId);
  const where = l ? `Урок ${l.date}, ${l.cls}, ${l.subject}` : `Урок № ${refId} (удалён)`;
  return `${where} — ${WHAT[kind]}: ${CHANGE[change]}${rows}`;
}

/** Compares sealed and current leaves: changed, added and removed ones, in leaf order. */
export function diffLeaves(sealed: readonly Leaf[], current: readonly Leaf[]): Omit<Difference, "text">[] {
  const key = (l: Leaf) => `${l.kind}:${l.refId}`;
  const was = new Map(sealed.map((l) => [key(l), l]));
  const now = new Map(current.map((l) => [key(l), l]));
  const out: Omit<Difference, "text">[] = [];
  for (const [k, a] of was) {
    const b = now.get(k);
    if (!b) out.push({ kind: a.kind, refId: a.refId, change: "removed", rowsBefore: a.rows, rowsNow: null });
    else if (a.hash !== b.hash || a.rows !== b.rows) out.push({ kind: a.kind, refId: a.refId, change: "changed", rowsBefore: a.rows, rowsNow: b.rows });
  }
  for (const [k, b] of now) if (!was.has(k)) out.push({ kind: b.kind, refId: b.refId, change: "added", rowsBefore: null, rowsNow: b.rows });
  return out.sort(compareLeaves);
}

const LIMIT = 500;

/** R-INT-1: recomputes the year's leaves in the database and compares them with the seal. */
export async function verifyYear(db: Db, schoolId: number, yearId: number): Promise<IntegrityReport> {
  const seal = await db.yearSeal.findFirst({ where: { schoolId, yearId } });
  if (!seal) return { sealed: false, ok: false, sealIntact: false, differences: [], total: 0 };
  // One after another: `db` may be a transaction (the command runs the check in one).
  const stored = await db.$queryRaw<Leaf[]>`SELECT kind, "refId", rows, hash FROM "YearSealLeaf" WHERE "sealId" = ${seal.id}`;
  const current = await db.$queryRaw<Leaf[]>`${leavesSql(schoolId, yearId)}`;
  const sealIntact = chainRoot(schoolId, yearId, stored) === seal.rootHash;
  const currentRoot = chainRoot(schoolId, yearId, current);
  const diffs = diffLeaves(stored, current);
  const shown = diffs.slice(0, LIMIT);
  const lessonIds = shown.filter((d) => d.kind !== "finals" && d.kind !== "decision").map((d) => d.refId);
  const studentIds = shown.filter((d) => d.kind === "finals" || d.kind === "decision").map((d) => d.refId);
  const lessons = await db.lesson.findMany({ where: { id: { in: lessonIds }, schoolId }, include: { class: true, subject: true } });
  const students = await db.student.findMany({ where: { id: { in: studentIds }, schoolId }, include: { person: true } });
  const lm = new Map(lessons.map((l) => [l.id, { date: formatDate(l.date), cls: className(l.class), subject: l.subject.name }]));
  const sm = new Map(students.map((s) => [s.id, { name: fullName(s.person) }]));
  const look: Lookup = { lesson: (id) => lm.get(id), student: (id) => sm.get(id) };
  return {
    sealed: true,
    ok: sealIntact && currentRoot === seal.rootHash && diffs.length === 0,
    algorithm: seal.algorithm,
    rootHash: seal.rootHash,
    currentRoot,
    sealedAt: seal.sealedAt,
    sealIntact,
    counts: seal.counts as unknown as SealCounts,
    differences: shown.map((d) => ({ ...d, text: describe(d.kind, d.refId, d.change, d.rowsBefore, d.rowsNow, look) })),
    total: diffs.length,
  };
}

// ---------------------------------------------------------------- archive file

export const ARCHIVE_FORMAT = "journal-year-archive-v1";

interface Table {
  columns: string[];
  rows: unknown[][];
}

function table<T extends object>(rows: T[], columns: (keyof T & string)[]): Table {
  return { columns, rows: rows.map((r) => columns.map((c) => r[c] as unknown)) };
}

function untable<T>(t: Table | undefined): T[] {
  if (!t || !Array.isArray(t.columns) || !Array.isArray(t.rows)) throw new Error("В файле нет таблицы данных");
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c, r[i]])) as T);
}

/** R-INT-1: the archive of a sealed year as one gzipped JSON (data and seal). NotFound when not sealed. */
export async function exportYear(db: Db, schoolId: number, yearId: number): Promise<{ fileName: string; body: Buffer }> {
  const year = await db.academicYear.findFirst({ where: { id: yearId, schoolId }, include: { school: true } });
  const seal = await db.yearSeal.findFirst({ where: { schoolId, yearId } });
  if (!year || !seal) throw new NotFound("Архив года не найден: год не закрыт или не запечатан");
  const yl = yearLessonsSql(schoolId, yearId);
  const [lessons, works, marks, attendance, finals, decisions, leaves, classes, subjects, students] = await Promise.all([
    db.$queryRaw<
      LessonRow[]
    >`SELECT yl.id, yl."classId", yl."subjectId", yl."subgroupId", yl."teacherId", yl."substituteId", to_char(yl.date, 'YYYY-MM-DD') AS date,
      yl.number, yl.topic, yl."lessonType", yl.homework, to_char(yl."homeworkDue", 'YYYY-MM-DD') AS "homeworkDue" FROM (${yl}) yl ORDER BY yl.id`,
    db.$queryRaw<WorkRow[]>`SELECT w.id, w."lessonId", w."assignmentTypeId", w.topic FROM "LessonWork" w JOIN (${yl}) yl ON yl.id = w."lessonId" ORDER BY w.id`,
    db.$queryRaw<
      MarkRow[]
    >`SELECT m."lessonId", m."workId", m."studentId", m.value, m.comment FROM "Mark" m JOIN (${yl}) yl ON yl.id = m."lessonId" ORDER BY m."lessonId", m."workId", m."studentId"`,
    db.$queryRaw<
      AttendanceRow[]
    >`SELECT a."lessonId", a."studentId", a.code::text AS code, a.note FROM "Attendance" a JOIN (${yl}) yl ON yl.id = a."lessonId" ORDER BY a."lessonId", a."studentId"`,
    db.$queryRaw<
      FinalRow[]
    >`SELECT f."studentId", f."subjectId", f.kind::text AS kind, f."periodId", f.value FROM "FinalMark" f WHERE f."schoolId" = ${schoolId} AND f."yearId" = ${yearId} ORDER BY f."studentId", f."subjectId", f.kind, f."periodId"`,
    db.$queryRaw<
      DecisionRow[]
    >`SELECT d."studentId", d."classId", d.kind::text AS kind, d."debtSubjectIds", d."orderNumber", to_char(d."orderDate", 'YYYY-MM-DD') AS "orderDate" FROM "YearDecision" d WHERE d."schoolId" = ${schoolId} AND d."yearId" = ${yearId} ORDER BY d."studentId"`,
    db.$queryRaw<Leaf[]>`SELECT kind, "refId", rows, hash FROM "YearSealLeaf" WHERE "sealId" = ${seal.id}`,
    db.schoolClass.findMany({ where: { schoolId, yearId }, include: { classTeacher: true }, orderBy: [{ grade: "asc" }, { letter: "asc" }] }),
    db.subject.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    db.$queryRaw<{ id: number; lastName: string; firstName: string; middleName: string | null }[]>`
      SELECT s.id, p."lastName", p."firstName", p."middleName" FROM "Student" s JOIN "Person" p ON p.id = s."personId"
      WHERE s."schoolId" = ${schoolId} AND s.id IN (SELECT m."studentId" FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId" WHERE c."yearId" = ${yearId})
      ORDER BY s.id`,
  ]);
  leaves.sort(compareLeaves);
  const doc = {
    format: ARCHIVE_FORMAT,
    exportedAt: clock.now().toISOString(),
    school: { id: schoolId, name: year.school.name },
    year: {
      id: year.id,
      name: year.name,
      startDate: isoDate(year.startDate),
      endDate: isoDate(year.endDate),
      status: year.status,
      closedAt: year.closedAt?.toISOString() ?? null,
    },
    classes: classes.map((c) => ({ id: c.id, name: className(c), classTeacher: c.classTeacher ? fullName(c.classTeacher) : null })),
    subjects: subjects.map((s) => ({ id: s.id, name: s.name })),
    students: students.map((s) => ({ id: s.id, name: fullName(s) })),
    data: {
      lessons: table(lessons, [
        "id",
        "classId",
        "subjectId",
        "subgroupId",
        "teacherId",
        "substituteId",
        "date",
        "number",
        "topic",
        "lessonType",
        "homework",
        "homeworkDue",
      ]),
      works: table(works, ["id", "lessonId", "assignmentTypeId", "topic"]),
      marks: table(marks, ["lessonId", "workId", "studentId", "value", "comment"]),
      attendance: table(attendance, ["lessonId", "studentId", "code", "note"]),
      finals: table(finals, ["studentId", "subjectId", "kind", "periodId", "value"]),
      decisions: table(decisions, ["studentId", "classId", "kind", "debtSubjectIds", "orderNumber", "orderDate"]),
    },
    seal: {
      algorithm: seal.algorithm,
      rootHash: seal.rootHash,
      sealedAt: seal.sealedAt.toISOString(),
      counts: seal.counts,
      leaves: { columns: ["kind", "refId", "rows", "hash"], rows: leaves.map((l) => [l.kind, l.refId, l.rows, l.hash]) },
    },
  };
  const body = zlib.gzipSync(Buffer.from(JSON.stringify(doc), "utf8"));
  const fileName = `Архив журнала ${year.name.replace(/[^0-9]+/g, "-")}.json.gz`;
  return { fileName, body };
}

/** R-INT-1: checks an archive file without a database: the rows give the sealed leaves and root. */
export function verifyArchive(file: Buffer): IntegrityReport & { year?: { id: number; name: string }; school?: { id: number; name: string } } {
  const text = file[0] === 0x1f && file[1] === 0x8b ? zlib.gunzipSync(file).toString("utf8") : file.toString("utf8");
  const doc = JSON.parse(text) as {
    format?: string;
    school: { id: number; name: string };
    year: { id: number; name: string };
    classes: { id: number; name: string }[];
    subjects: { id: number; name: string }[];
    students: { id: number; name: string }[];
    data: Record<string, Table>;
    seal: { algorithm: string; rootHash: string; sealedAt: string; counts: SealCounts; leaves: Table };
  };
  if (doc.format !== ARCHIVE_FORMAT) throw new Error(`Неизвестный формат архива: ${doc.format ?? "нет поля format"}`);
  const lessons = untable<LessonRow>(doc.data.lessons);
  const current = leavesFromRows({
    lessons,
    works: untable<WorkRow>(doc.data.works),
    marks: untable<MarkRow>(doc.data.marks),
    attendance: untable<AttendanceRow>(doc.data.attendance),
    finals: untable<FinalRow>(doc.data.finals),
    decisions: untable<DecisionRow>(doc.data.decisions),
  });
  const sealed = untable<Leaf>(doc.seal.leaves);
  const sealIntact = chainRoot(doc.school.id, doc.year.id, sealed) === doc.seal.rootHash;
  const currentRoot = chainRoot(doc.school.id, doc.year.id, current);
  const diffs = diffLeaves(sealed, current);
  const cls = new Map(doc.classes.map((c) => [c.id, c.name]));
  const subj = new Map(doc.subjects.map((s) => [s.id, s.name]));
  const stud = new Map(doc.students.map((s) => [s.id, s.name]));
  const les = new Map(lessons.map((l) => [l.id, l]));
  const look: Lookup = {
    lesson: (id) => {
      const l = les.get(id);
      return l
        ? {
            date: formatDate(new Date(l.date + "T00:00:00Z")),
            cls: cls.get(l.classId) ?? String(l.classId),
            subject: subj.get(l.subjectId) ?? String(l.subjectId),
          }
        : undefined;
    },
    student: (id) => (stud.has(id) ? { name: stud.get(id)! } : undefined),
  };
  return {
    sealed: true,
    ok: sealIntact && currentRoot === doc.seal.rootHash && diffs.length === 0,
    algorithm: doc.seal.algorithm,
    rootHash: doc.seal.rootHash,
    currentRoot,
    sealedAt: new Date(doc.seal.sealedAt),
    sealIntact,
    counts: doc.seal.counts,
    differences: diffs.slice(0, LIMIT).map((d) => ({ ...d, text: describe(d.kind, d.refId, d.change, d.rowsBefore, d.rowsNow, look) })),
    total: diffs.length,
    year: { id: doc.year.id, name: doc.year.name },
    school: doc.school,
  };
}

/** Sealed years of the school for the integrity page. */
export async function sealedYears(schoolId: number) {
  const [years, seals] = await Promise.all([
    prisma.academicYear.findMany({ where: { schoolId }, orderBy: { startDate: "desc" } }),
    prisma.yearSeal.findMany({ where: { schoolId }, select: { yearId: true, rootHash: true, sealedAt: true, algorithm: true, counts: true } }),
  ]);
  const by = new Map(seals.map((s) => [s.yearId, s]));
  return years.map((y) => ({ ...y, seal: by.get(y.id) ?? null }));
}

/** A year of the school; NotFound for another school's. */
export async function findYearOrThrow(schoolId: number, yearId: number) {
  const year = await prisma.academicYear.findFirst({ where: { id: yearId, schoolId } });
  if (!year) throw new NotFound("Учебный год не найден");
  return year;
}

/** R-INT-1: the check of a year of the actor's school for the integrity page (NotFound for another school's year). */
export async function checkYearIntegrity(actor: Actor, yearId: number) {
  const year = await findYearOrThrow(actor.schoolId, yearId);
  return { year, report: await verifyYear(prisma, actor.schoolId, year.id) };
}

/** R-INT-1: the archive file of a sealed year of the actor's school (NotFound for another school's year or one not sealed). */
export async function exportYearArchive(actor: Actor, yearId: number): Promise<{ fileName: string; body: Buffer }> {
  const year = await findYearOrThrow(actor.schoolId, yearId);
  return exportYear(prisma, actor.schoolId, year.id);
}
