/**
 * What is new for the signed-in user (issue 15, R-COM-1..2): unread announcements, messages and
 * in-product notifications, for the header's counters and the home pages. One statement per page
 * (the announcements' audience CTE, then three indexed counts: the recent announcements with a
 * probe of the read mark, MessageReceipt(userId, readAt), Notification(userId, readAt)), prepared
 * and planned once per connection (db.ts genericPlanPool: one index plan serves every reader).
 */
import type { NextFunction, Request, Response } from "express";
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { genericPlanPool, reportDatabaseError } from "../../lib/db.ts";
import { UNREAD_COUNT_PARTS } from "../announcements/announcements.service.ts";

export interface UnreadCounts {
  announcements: number;
  messages: number;
  notifications: number;
}

const SQL = `WITH ${UNREAD_COUNT_PARTS.cte}
  SELECT ${UNREAD_COUNT_PARTS.count} AS announcements,
         (SELECT count(*)::int FROM "MessageReceipt" WHERE "userId" = $2 AND "readAt" IS NULL) AS messages,
         (SELECT count(*)::int FROM "Notification" WHERE "userId" = $2 AND "readAt" IS NULL AND "inApp") AS notifications`;

export async function unreadCounts(actor: Actor): Promise<UnreadCounts> {
  const { rows } = await genericPlanPool().query<UnreadCounts>({ name: "inbox-unread", text: SQL, values: UNREAD_COUNT_PARTS.params(actor) });
  return rows[0] ?? { announcements: 0, messages: 0, notifications: 0 };
}

/**
 * The header's counters (res.locals.unread) on every page a signed-in user opens; none for JSON, files or redirects' POSTs.
 * The statement starts here and runs beside the page's own (another pooled connection, another PostgreSQL
 * process): res.render waits for it, so a page costs the counts' round trip only where they outlast its
 * own queries. A page that does not render (a redirect) ignores them; a failed read shows no counters
 * rather than failing a page that has its own data. A page that marks something read first calls
 * recountUnreadAfterWrites(res): its counters are read again after its writes (the header then agrees
 * with what the page just did, whatever order the two statements ran in).
 */
const RECOUNT = "recountUnread";

/** The page has just marked something read (an announcement, a conversation): its header counts it as read. */
export function recountUnreadAfterWrites(res: Response): void {
  res.locals[RECOUNT] = true;
}

export function unreadCountsForPage(req: Request, res: Response, next: NextFunction): void {
  const actor = req.actor;
  if (!actor || req.method !== "GET" || req.accepts(["html", "json"]) !== "html" || !can(actor, "view", "announcement")) return next();
  const read = () =>
    unreadCounts(actor).then(
      (counts) => counts,
      (err: unknown) => {
        reportDatabaseError("Счётчики непрочитанного не прочитаны", err);
        return undefined;
      },
    );
  const pending = read();
  type Done = (err: Error, html: string) => void;
  const render: (view: string, options?: object, callback?: Done) => void = res.render.bind(res);
  res.render = (view: string, options?: object | Done, callback?: Done) => {
    void (res.locals[RECOUNT] ? pending.then(read) : pending).then((counts) => {
      if (counts) res.locals.unread = counts;
      if (typeof options === "function") render(view, undefined, options as Done);
      else render(view, options, callback);
    });
  };
  next();
}
