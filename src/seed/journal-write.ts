/**
 * Writing the seeded journal: multi-row INSERT … SELECT FROM unnest(…) through
 * pg, in one transaction, with ids reserved beforehand so child rows point at
 * their parents before these are written.
 */
import type pg from "pg";
import { pgPool } from "../lib/db.ts";
import { isoDate } from "../lib/dates.ts";
import type { AbsenceRow } from "./journal-attendance.ts";
import type { FinalRow } from "./journal-finals.ts";
import type { LessonRow } from "./journal-lessons.ts";
import type { MarkRow, WorkRow } from "./journal-marks.ts";
import { HOUR_MS } from "./people.ts";

/** Runs `fn` in a transaction on a client of its own (rolled back when it throws). */
export async function inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * When the demo's topic and homework were entered (R-JRN-14): at the end of the lesson (t is the lesson's day at
 * UTC midnight; lesson n ends about 5:30 + 55·n minutes UTC, 8:30 Moscow onwards), except a fixed few: every
 * 61st lesson's at 22:00 Moscow that day (homework late), every 89th's at 06:00 the next morning (topic and
 * homework late), so the monthly check and the journals have something to show. Never after `nowMs`.
 */
function enteredAt(l: { t: number; number: number }, i: number, nowMs: number): number {
  const at = i % 89 === 13 ? l.t + 27 * HOUR_MS : i % 61 === 5 ? l.t + 19 * HOUR_MS : l.t + 5.5 * HOUR_MS + l.number * 55 * 60_000;
  return Math.min(nowMs, at);
}

export interface JournalRows {
  lessons: readonly LessonRow[];
  works: readonly WorkRow[];
  marks: readonly MarkRow[];
  absences: readonly AbsenceRow[];
  finals: readonly FinalRow[];
}

/**
 * Writes the rows of a school's year in one transaction. `studentIds` gives the
 * student id of each position; timestamps are never later than `nowMs`.
 */
export async function writeJournal(rows: JournalRows, to: { schoolId: number; yearId: number; studentIds: readonly number[]; nowMs: number }): Promise<void> {
  const { lessons, works, marks, absences, finals } = rows;
  const { schoolId, yearId, studentIds, nowMs } = to;
  await inTransaction(async (client) => {
    await client.query("SET LOCAL synchronous_commit = off");
    // The rows are generated consistent; where allowed (a superuser, as in the embedded
    // database), skip the per-row foreign-key triggers for this transaction only.
    await client.query("SAVEPOINT fk");
    await client.query("SET LOCAL session_replication_role = replica").then(
      () => client.query("RELEASE SAVEPOINT fk"),
      () => client.query("ROLLBACK TO SAVEPOINT fk"),
    );
    const lessonIds = await reserveIds(client, "Lesson", lessons.length);
    const workIds = await reserveIds(client, "LessonWork", works.length);
    const ts = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
    const day = (ms: number) => isoDate(new Date(ms));
    await insert(client, "Lesson", {
      id: ["int", lessonIds],
      schoolId: ["int", lessons.map(() => schoolId)],
      classId: ["int", lessons.map((l) => l.load.classId)],
      subgroupId: ["int", lessons.map((l) => l.load.subgroupId)],
      subjectId: ["int", lessons.map((l) => l.load.subjectId)],
      teacherId: ["int", lessons.map((l) => l.load.teacherId)],
      date: ["date", lessons.map((l) => day(l.t))],
      number: ["int", lessons.map((l) => l.number)],
      roomId: ["int", lessons.map((l) => l.roomId)],
      timetableEntryId: ["int", lessons.map((l) => l.entryId)],
      topic: ["text", lessons.map((l) => l.topic)],
      lessonType: ["text", lessons.map((l) => l.type)],
      homework: ["text", lessons.map((l) => l.hw)],
      homeworkDue: ["date", lessons.map((l) => (l.due === null ? null : day(l.due)))],
      topicSetAt: ["timestamp", lessons.map((l, i) => (l.topic ? ts(enteredAt(l, i, nowMs)) : null))],
      homeworkSetAt: ["timestamp", lessons.map((l, i) => (l.hw ? ts(enteredAt(l, i, nowMs)) : null))],
      createdAt: ["timestamp", lessons.map((l) => ts(Math.min(nowMs, l.t + 5 * HOUR_MS)))],
      updatedAt: ["timestamp", lessons.map((l) => ts(Math.min(nowMs, l.t + 5 * HOUR_MS + l.number * HOUR_MS)))],
    });
    await insert(client, "LessonWork", {
      id: ["int", workIds],
      schoolId: ["int", works.map(() => schoolId)],
      lessonId: ["int", works.map((w) => lessonIds[w.lesson]!)],
      assignmentTypeId: ["int", works.map((w) => w.type)],
      topic: ["text", works.map((w) => w.topic)],
    });
    await insert(client, "Mark", {
      schoolId: ["int", marks.map(() => schoolId)],
      lessonId: ["int", marks.map((m) => lessonIds[m.lesson]!)],
      workId: ["int", marks.map((m) => workIds[m.work]!)],
      studentId: ["int", marks.map((m) => studentIds[m.s]!)],
      value: ["int", marks.map((m) => m.value)],
      comment: ["text", marks.map((m) => m.comment)],
      createdAt: ["timestamp", marks.map((m) => ts(m.at))],
      updatedAt: ["timestamp", marks.map((m) => ts(m.at))],
      createdBy: ["int", marks.map((m) => m.by)],
    });
    await insert(client, "Attendance", {
      schoolId: ["int", absences.map(() => schoolId)],
      lessonId: ["int", absences.map((a) => lessonIds[a.lesson]!)],
      studentId: ["int", absences.map((a) => studentIds[a.s]!)],
      code: ['"AttendanceCode"', absences.map((a) => a.code)],
      note: ["text", absences.map((a) => a.note)],
      updatedAt: ["timestamp", absences.map((a) => ts(Math.min(nowMs, a.at + 12 * HOUR_MS)))],
    });
    await insert(client, "FinalMark", {
      schoolId: ["int", finals.map(() => schoolId)],
      studentId: ["int", finals.map((f) => studentIds[f.s]!)],
      subjectId: ["int", finals.map((f) => f.subjectId)],
      yearId: ["int", finals.map(() => yearId)],
      kind: ['"FinalMarkKind"', finals.map(() => "PERIOD")],
      periodId: ["int", finals.map((f) => f.periodId)],
      value: ["text", finals.map((f) => f.value)],
      updatedAt: ["timestamp", finals.map((f) => ts(f.at))],
      createdBy: ["int", finals.map((f) => f.by)],
    });
  });
  // Fresh statistics, so the first queries over the new volume get good plans.
  await pgPool().query('ANALYZE "Lesson", "LessonWork", "Mark", "Attendance", "FinalMark"');
}

/** Takes n ids from a table's sequence, so child rows can point at parents before they are written. */
async function reserveIds(client: pg.PoolClient, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id FROM generate_series(1, $2)`, [`"${table}"`, n]);
  return rows.map((r) => Number(r.id));
}

const CHUNK = 25_000;

/** INSERT … SELECT FROM unnest(arrays), in chunks: one round trip per 25,000 rows. */
async function insert(client: pg.PoolClient, table: string, columns: Record<string, [string, unknown[]]>): Promise<void> {
  const names = Object.keys(columns);
  const total = columns[names[0]!]![1].length;
  const sql = `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) SELECT * FROM unnest(${names.map((n, i) => `$${i + 1}::${columns[n]![0]}[]`).join(", ")})`;
  for (let from = 0; from < total; from += CHUNK) {
    await client.query(
      sql,
      names.map((n) => columns[n]![1].slice(from, from + CHUNK)),
    );
  }
}
