/**
 * The announcements board («Объявления», issue 15, R-COM-1): what a reader's audience includes
 * (announcements.sql.ts), one statement per page. Exports for other modules: the header's and the
 * home page's unreadAnnouncementCount() and latestAnnouncements(). Posting, editing and deleting
 * are in announcements.write.ts.
 *
 * Reads run as named prepared statements on the shared pool (planned once per connection): the
 * unread count is on every page, and Prisma's raw path costs about 1.5 ms more per call. The `db`
 * parameter keeps the services' usual shape.
 */
import crypto from "node:crypto";
import type { Actor } from "../../access/actor.ts";
import { pgPool, prisma, type Db } from "../../lib/db.ts";
import { fullName } from "../../lib/names.ts";
import { richTextPlain } from "../../lib/rich-text.ts";
import type { AnnouncementAudience } from "../../generated/prisma/enums.ts";
import type { StoredFile } from "../../generated/prisma/client.ts";
import { canChange, canPin, seesWholeArchive } from "./announcements.policy.ts";
import { ACTIVE, ADDRESSED, ARCHIVED, FAMILY_CTE, UNREAD, readerParams } from "./announcements.sql.ts";
import { PAGE_SIZE, audienceLabel } from "./announcements.text.ts";

const names = new Map<string, string>();
/** Runs a statement as a named prepared statement (planned once per connection). */
async function query<T>(text: string, values: unknown[]): Promise<T[]> {
  let name = names.get(text);
  if (!name) names.set(text, (name = `ann-${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`));
  return (await pgPool().query({ name, text, values })).rows as T[];
}

/** Timestamps are stored as UTC without a zone: read them back as instants. */
const utc = (col: string) => `(${col} AT TIME ZONE 'UTC')`;

interface Row {
  id: number;
  title: string;
  body: string;
  audience: AnnouncementAudience;
  toParents: boolean;
  toStudents: boolean;
  grades: number[];
  classIds: number[];
  classNames: string[];
  pinned: boolean;
  showUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  authorId: number;
  schoolId: number;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  unread: boolean;
  archived: boolean;
  /** The reader has opened it. */
  seen?: boolean;
}

const COLUMNS = `a.id, a.title, a.body, a.audience, a."toParents", a."toStudents", a.grades, a."classIds", a.pinned, a."showUntil",
  ${utc('a."createdAt"')} AS "createdAt", ${utc('a."updatedAt"')} AS "updatedAt", a."authorId", a."schoolId",
  p."lastName", p."firstName", p."middleName",
  (SELECT coalesce(array_agg(c.grade || c.letter ORDER BY c.grade, c.letter), '{}') FROM "SchoolClass" c WHERE c.id = ANY(a."classIds")) AS "classNames"`;

const AUTHOR = `LEFT JOIN "User" u ON u.id = a."authorId" LEFT JOIN "Person" p ON p.id = u."personId"`;

/** An announcement as the board and its page show it. */
export interface AnnouncementView {
  id: number;
  title: string;
  body: string;
  audience: AnnouncementAudience;
  audienceLabel: string;
  toParents: boolean;
  toStudents: boolean;
  grades: number[];
  classIds: number[];
  pinned: boolean;
  showUntil: Date | null;
  createdAt: Date;
  /** Edited after it was posted (more than a minute later). */
  editedAt: Date | null;
  authorId: number;
  authorName: string;
  unread: boolean;
  archived: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canPin: boolean;
}

function view(actor: Actor, r: Row): AnnouncementView {
  const a = { schoolId: r.schoolId, authorId: r.authorId };
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    audience: r.audience,
    audienceLabel: audienceLabel(r),
    toParents: r.toParents,
    toStudents: r.toStudents,
    grades: r.grades,
    classIds: r.classIds,
    pinned: r.pinned,
    showUntil: r.showUntil,
    createdAt: r.createdAt,
    editedAt: r.updatedAt.getTime() - r.createdAt.getTime() > 60_000 ? r.updatedAt : null,
    authorId: r.authorId,
    authorName: r.lastName !== null ? fullName({ lastName: r.lastName, firstName: r.firstName ?? "", middleName: r.middleName }) : "",
    unread: r.unread,
    archived: r.archived,
    canEdit: canChange(actor, "update", a),
    canDelete: canChange(actor, "delete", a),
    canPin: canPin(actor) && canChange(actor, "update", a),
  };
}

export interface BoardItem extends AnnouncementView {
  excerpt: string;
  files: number;
}

export interface BoardPage {
  items: BoardItem[];
  page: number;
  /** There is a next page. */
  hasNext: boolean;
}

/**
 * A page of the board (R-COM-1): the announcements addressed to the reader and still shown
 * (`archive`: those past their date the reader wrote, or all for the administrator), pinned
 * first, then newest; 20 a page; unread ones marked. One statement: the index on (school, pinned,
 * date, id) read backwards, stopping after the page's rows (no count of the whole board, which
 * would read every row the reader may see).
 */
export async function boardPage(actor: Actor, opts: { page: number; archive: boolean }): Promise<BoardPage> {
  const list: BoardList = !opts.archive ? "board" : seesWholeArchive(actor) ? "archive" : "own-archive";
  const rows = await query<Row & { files: number }>(boardSql(list), [...readerParams(actor), (opts.page - 1) * PAGE_SIZE, PAGE_SIZE + 1]);
  return {
    items: rows.slice(0, PAGE_SIZE).map((r) => ({ ...view(actor, r), excerpt: richTextPlain(r.body, 300), files: r.files })),
    page: opts.page,
    hasNext: rows.length > PAGE_SIZE,
  };
}

/** The board; the whole school's archive (the administrator); the own archive (an author's announcements past their date). */
export type BoardList = "board" | "archive" | "own-archive";

const LIST_WHERE: Record<BoardList, string> = {
  board: `${ADDRESSED} AND ${ACTIVE}`,
  archive: `a."schoolId" = $1 AND a."showUntil" < $8::date`,
  "own-archive": `a."authorId" = $2 AND a."schoolId" = $1 AND a."showUntil" < $8::date`,
};

/**
 * A list's statement: readerParams, then $11 the offset and $12 the page size (one more row tells
 * there is a next page). The board and the school's archive read the index on (school, pinned,
 * date, id) backwards and stop after the page; the own archive reads the author's index.
 */
export function boardSql(list: BoardList): string {
  return `WITH ${FAMILY_CTE},
    pick AS (
      SELECT a.id, ${UNREAD} AS unread, ${ARCHIVED} AS archived
        FROM "Announcement" a
        LEFT JOIN "AnnouncementRead" r ON r."announcementId" = a.id AND r."userId" = $2
       WHERE ${LIST_WHERE[list]}
       ORDER BY a.pinned DESC, a."createdAt" DESC, a.id DESC
       LIMIT $12 OFFSET $11
    )
    SELECT ${COLUMNS}, pick.unread, pick.archived,
           (SELECT count(*)::int FROM "AnnouncementFile" f WHERE f."announcementId" = a.id) AS files
      FROM pick JOIN "Announcement" a ON a.id = pick.id ${AUTHOR}
     ORDER BY a.pinned DESC, a."createdAt" DESC, a.id DESC`;
}

/** A file attached to an announcement. */
export interface AttachedFile {
  id: number;
  name: string;
  mime: string;
  size: number;
}

/** One announcement the reader may see (on the board or, for its author and the administrator, in the archive); else null. */
async function findVisible(actor: Actor, id: number): Promise<(Row & { files: AttachedFile[] }) | null> {
  const rows = await query<Row & { files: AttachedFile[] }>(
    `WITH ${FAMILY_CTE}
     SELECT ${COLUMNS}, ${UNREAD} AS unread, ${ARCHIVED} AS archived, r."userId" IS NOT NULL AS seen,
            (SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name, 'mime', s.mime, 'size', s.size) ORDER BY s.id), '[]')
               FROM "AnnouncementFile" f JOIN "StoredFile" s ON s.id = f."fileId" WHERE f."announcementId" = a.id) AS files
       FROM "Announcement" a
       LEFT JOIN "AnnouncementRead" r ON r."announcementId" = a.id AND r."userId" = $2
       ${AUTHOR}
      WHERE a.id = $11 AND ${ADDRESSED} AND (${ACTIVE} OR ${ARCHIVED})`,
    [...readerParams(actor), id],
  );
  return rows[0] ?? null;
}

/**
 * Opens an announcement: null (a 404) unless it is addressed to the reader and still shown, or
 * in the reader's archive. Opening marks it read.
 */
export async function openAnnouncement(actor: Actor, id: number): Promise<(AnnouncementView & { files: AttachedFile[] }) | null> {
  const row = await findVisible(actor, id);
  if (!row) return null;
  if (!row.seen)
    await query(`INSERT INTO "AnnouncementRead" ("announcementId", "userId", "schoolId") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      id,
      actor.userId,
      actor.schoolId,
    ]);
  return { ...view(actor, row), files: row.files };
}

/** The attachment `fileId` of announcement `id`, if the reader may see the announcement and the file is its own; else null (404). */
export async function announcementFile(actor: Actor, id: number, fileId: number): Promise<StoredFile | null> {
  const row = await findVisible(actor, id);
  if (!row?.files.some((f) => f.id === fileId)) return null;
  return prisma.storedFile.findFirst({ where: { id: fileId, schoolId: actor.schoolId } });
}

/** The files of announcement `id` if the reader may see it (without marking it read: the web API's list, issue 21); else null. */
export async function visibleAnnouncementFiles(actor: Actor, id: number): Promise<AttachedFile[] | null> {
  return (await findVisible(actor, id))?.files ?? null;
}

/**
 * A file by its id alone (the web API's attachments/{id}, issue 21): the file of some announcement
 * the reader may see, else null (404). Each announcement holding the file is asked through the
 * same rule as its page (announcementFile).
 */
export async function announcementFileById(actor: Actor, fileId: number): Promise<StoredFile | null> {
  const holders = await query<{ id: number }>(
    `SELECT f."announcementId" AS id FROM "AnnouncementFile" f JOIN "Announcement" a ON a.id = f."announcementId"
      WHERE f."fileId" = $1 AND a."schoolId" = $2 ORDER BY 1 LIMIT 20`,
    [fileId, actor.schoolId],
  );
  for (const h of holders) {
    const file = await announcementFile(actor, h.id, fileId);
    if (file) return file;
  }
  return null;
}

/**
 * The header's and the home page's figure (R-COM-1): announcements addressed to the reader, still
 * on the board, posted in the last NEW_DAYS days and not yet opened. One indexed statement
 * (Announcement by school and date, the read row by its key).
 */
export async function unreadAnnouncementCount(_db: Db, actor: Actor): Promise<number> {
  const rows = await query<{ n: number }>(UNREAD_COUNT_SQL, readerParams(actor));
  return rows[0]?.n ?? 0;
}

/**
 * The unread count's statement (parameters: announcements.sql.ts readerParams), for a caller that
 * joins it into another. The read mark is probed by its key for each recent candidate (a scalar
 * probe rather than NOT EXISTS: the planner would hash every read mark of the user, which grow all year).
 */
export const UNREAD_COUNT_SQL = `WITH ${FAMILY_CTE}
  SELECT count(*)::int AS n
    FROM "Announcement" a
   WHERE a."createdAt" >= ($10::timestamptz AT TIME ZONE 'UTC') AND ${ADDRESSED} AND ${ACTIVE} AND a."authorId" <> $2
     AND (SELECT true FROM "AnnouncementRead" r WHERE r."announcementId" = a.id AND r."userId" = $2) IS NULL`;

/**
 * The same count for a caller that folds it into a statement of its own (the header's counters,
 * src/modules/inbox): `cte` goes after WITH, `count` is a scalar subquery, `params(actor)` are
 * its parameters $1..$10 (the caller's own start at $11).
 */
export const UNREAD_COUNT_PARTS = {
  cte: FAMILY_CTE,
  count: `(${UNREAD_COUNT_SQL.slice(UNREAD_COUNT_SQL.indexOf("SELECT count(*)"))})`,
  params: (actor: Actor): unknown[] => readerParams(actor),
};

/** An announcement as the home page lists it. */
export interface LatestAnnouncement {
  id: number;
  title: string;
  excerpt: string;
  createdAt: Date;
  pinned: boolean;
  unread: boolean;
  authorName: string;
}

/** The newest `n` announcements on the reader's board (pinned first), for the home page. One statement. */
export async function latestAnnouncements(_db: Db, actor: Actor, n: number): Promise<LatestAnnouncement[]> {
  const rows = await query<Row>(
    `WITH ${FAMILY_CTE}
     SELECT ${COLUMNS}, ${UNREAD} AS unread, false AS archived
       FROM "Announcement" a
       LEFT JOIN "AnnouncementRead" r ON r."announcementId" = a.id AND r."userId" = $2
       ${AUTHOR}
      WHERE ${ADDRESSED} AND ${ACTIVE}
      ORDER BY a.pinned DESC, a."createdAt" DESC, a.id DESC
      LIMIT $11`,
    [...readerParams(actor), Math.max(0, Math.min(50, Math.trunc(n)))],
  );
  return rows.map((r) => {
    const v = view(actor, r);
    return {
      id: v.id,
      title: v.title,
      excerpt: richTextPlain(r.body, 200),
      createdAt: v.createdAt,
      pinned: v.pinned,
      unread: v.unread,
      authorName: v.authorName,
    };
  });
}
