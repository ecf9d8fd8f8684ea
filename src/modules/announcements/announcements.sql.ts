/**
 * Who reads what, as SQL: one statement per page. The reader's (children's) current classes are a
 * CTE of the same statement, so the board, the header's unread count and the opening of one
 * announcement each cost a single round trip. Parameters $1..$9 are those of readerParams().
 */
import type { Actor } from "../../access/actor.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { clock } from "../../lib/clock.ts";
import { isStaff, postsAnywhere, seesWholeArchive } from "./announcements.policy.ts";
import { NEW_DAYS } from "./announcements.text.ts";

/**
 * The reader: $1 school, $2 user, $3 staff, $4 reads every families' one, $5 children (student
 * ids), $6 the own student record, $7 the current year, $8 today, $9 sees the whole archive,
 * $10 posted since when an unread one is «новое».
 */
export function readerParams(actor: Actor, now = clock.now()): unknown[] {
  return [
    actor.schoolId,
    actor.userId,
    isStaff(actor),
    postsAnywhere(actor),
    actor.roles.has("PARENT") ? actor.childStudentIds : [],
    actor.roles.has("STUDENT") && actor.studentId !== null ? [actor.studentId] : [],
    actor.currentYearId,
    isoDate(today(now)), // as text: a Date would be sent in the process's time zone
    seesWholeArchive(actor),
    new Date(now.getTime() - NEW_DAYS * 86_400_000),
  ];
}

/**
 * The classes and grades of the reader's family, today: as a parent (the children's current
 * classes) and as a student (the own class). Empty for staff. (reader_types is never read: it gives
 * every parameter its type, so a statement may leave some of them unused.)
 */
export const FAMILY_CTE = `
  reader_types AS (SELECT $1::int, $2::int, $3::boolean, $4::boolean, $5::int[], $6::int[], $7::int, $8::date, $9::boolean, $10::timestamptz),
  fam AS (
    SELECT coalesce(array_agg(c.id) FILTER (WHERE m."studentId" = ANY($5::int[])), '{}') AS pc,
           coalesce(array_agg(c.grade) FILTER (WHERE m."studentId" = ANY($5::int[])), '{}') AS pg,
           coalesce(array_agg(c.id) FILTER (WHERE m."studentId" = ANY($6::int[])), '{}') AS sc,
           coalesce(array_agg(c.grade) FILTER (WHERE m."studentId" = ANY($6::int[])), '{}') AS sg
      FROM "ClassMembership" m
      JOIN "SchoolClass" c ON c.id = m."classId"
     WHERE m."studentId" = ANY($5::int[] || $6::int[]) AND m."schoolId" = $1 AND c."yearId" = $7::int
       AND m."fromDate" <= $8::date AND (m."toDate" IS NULL OR m."toDate" >= $8::date)
  )`;

/** The announcement `a` is addressed to the reader (or written by them). Needs the CTE `fam` (read once, as init plans). */
export const ADDRESSED = `
  a."schoolId" = $1 AND (
    a.audience = 'SCHOOL'
    OR a."authorId" = $2
    OR (a.audience = 'STAFF' AND $3::boolean)
    OR (a.audience = 'FAMILIES' AND (
      $4::boolean
      OR (a."toParents" AND (a."classIds" && (SELECT pc FROM fam) OR a.grades && (SELECT pg FROM fam)))
      OR (a."toStudents" AND (a."classIds" && (SELECT sc FROM fam) OR a.grades && (SELECT sg FROM fam)))
    ))
  )`;

/** Still on the board today. */
export const ACTIVE = `(a."showUntil" IS NULL OR a."showUntil" >= $8::date)`;

/** Past its «показывать до», kept for its author and the administrator under «Архив». */
export const ARCHIVED = `(a."showUntil" < $8::date AND ($9::boolean OR a."authorId" = $2))`;

/** Not opened by the reader and recent enough to be «новое». Needs the read row `r` joined. */
export const UNREAD = `(r."userId" IS NULL AND a."createdAt" >= ($10::timestamptz AT TIME ZONE 'UTC'))`;
