/**
 * The home page's one statement. Each block of the page (home.family.ts, home.teaching.ts,
 * home.school.ts, home.registers.ts) adds its columns — scalar subqueries that return JSON — to one
 * SELECT, so a home page costs one database round trip whatever blocks the actor sees. The blocks
 * are chosen in memory from the catalogue (can / reach) before the statement is built, and every
 * subquery filters by the actor's school and scope, so nothing outside it is ever read.
 *
 * Fixed parameters, shared by every block:
 *   $1 school id, $2 today (date), $3 user id, $4 person id, $5 now (timestamptz),
 *   $6 current year id (0 without one), $7 the school's lock window in days (R-JRN-5).
 * A block adds its own parameters with param(). The CTE "prev" holds the previous sign-in («new since
 * the last visit»).
 */
import crypto from "node:crypto";
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";

/** «now» as a UTC timestamp without a time zone, the way Prisma stores DateTime columns. */
export const NOW = `($5::timestamptz AT TIME ZONE 'UTC')`;
/** Milliseconds since the epoch of a timestamp column (stored as UTC): a JSON number, no time-zone guessing. */
export const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::bigint`;
/** The bell schedule of a class: its own, else the school's default. */
export const SCHEDULE_OF = (cls: string) =>
  `coalesce(${cls}."bellScheduleId", (SELECT b.id FROM "BellSchedule" b WHERE b."schoolId" = $1 AND b."isDefault" ORDER BY b.id LIMIT 1))`;
/** A lesson cancelled, or moved away from its date, by the timetable's change for that date. */
export const CANCELLED = (l: string) =>
  `EXISTS (SELECT 1 FROM "TimetableChange" ch WHERE ch."entryId" = ${l}."timetableEntryId" AND ch.date = ${l}.date
            AND (ch.kind = 'CANCEL' OR (ch.kind = 'MOVE' AND ch."newDate" IS NOT NULL AND ch."newDate" <> ch.date)))`;
/**
 * Attendance is taken when the teacher confirmed it or any entry exists (today.service missingOf,
 * R-JRN-12). A scalar probe of the lesson's index entries rather than EXISTS: the planner turns an
 * EXISTS under OR into a hash of the whole Attendance table, which grows all year.
 */
export const ATTENDANCE_TAKEN = (l: string) =>
  `(${l}."attendanceCheckedAt" IS NOT NULL OR (SELECT true FROM "Attendance" a WHERE a."lessonId" = ${l}.id LIMIT 1) IS NOT NULL)`;
/** A blank text column (no topic, no homework), as the monthly check counts it. */
export const BLANK = (col: string) => `btrim(coalesce(${col}, '')) = ''`;

const FIXED = `FROM (SELECT $1::int, $2::date, $3::int, $4::int, $5::timestamptz, $6::int, $7::int) AS fixed(school, today, "user", person, now, year, lock)`;

const names = new Map<string, string>();

/** A prepared statement's name for a text: the same block set gives the same text, planned once per connection. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) names.set(text, (name = `home-${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`));
  return name;
}

export class HomeQuery {
  readonly values: unknown[];
  private readonly ctes: string[] = [];
  private readonly columns: string[] = [];

  constructor(
    readonly actor: Actor,
    readonly day: Date,
    readonly now: Date,
  ) {
    this.values = [actor.schoolId, isoDate(day), actor.userId, actor.personId, now.toISOString(), actor.currentYearId ?? 0, actor.lockDays];
    // The previous sign-in: the latest successful one is this session's own (the login journal, R-SEC-5).
    this.cte("prev", `SELECT (SELECT e.at FROM "LoginEvent" e WHERE e."userId" = $3 AND e.success ORDER BY e.at DESC OFFSET 1 LIMIT 1) AS at`);
  }

  /** A parameter of a block: its placeholder ($n). */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /**
   * A list of ids as one parameter each («$8, $9»; «NULL» when empty), for `IN (…)`: with a known
   * number of values the cached generic plan estimates as well as a custom one, so it is used
   * instead of planning the statement on every request (an array parameter looks like many rows).
   */
  params(ids: readonly number[]): string {
    return ids.length ? ids.map((id) => `${this.param(id)}::int`).join(", ") : "NULL";
  }

  /** A named common table expression the columns may read. */
  cte(name: string, sql: string): void {
    this.ctes.push(`"${name}" AS MATERIALIZED (${sql})`);
  }

  /** A column of the result: a scalar subquery. */
  column(name: string, sql: string): void {
    this.columns.push(`(${sql}) AS "${name}"`);
  }

  /** Runs the statement: one round trip. */
  async run(): Promise<Record<string, unknown>> {
    if (!this.columns.length) return {};
    // The fixed parameters are typed once here, so a block may leave some of them unused.
    const text = `${this.ctes.length ? `WITH ${this.ctes.join(",\n")}\n` : ""}SELECT ${this.columns.join(",\n")}\n${FIXED}`;
    const { rows } = await pgPool().query<Record<string, unknown>>({ name: statementName(text), text, values: this.values });
    return rows[0] ?? {};
  }
}

/** A DATE from JSON («2026-12-09») as a UTC-midnight Date. */
export function day(iso: string): Date {
  return new Date(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** A JSON array column, [] when SQL gave null. */
export function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** A JSON object column, or null. */
export function obj<T>(value: unknown): T | null {
  return value && typeof value === "object" ? (value as T) : null;
}
