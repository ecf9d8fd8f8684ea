/**
 * What is new for the signed-in user (issue 15, R-COM-1..2): unread announcements, messages and
 * in-product notifications, for the header's counters and the home pages. One statement per page
 * (the announcements' audience CTE, then three indexed counts: the recent announcements with a
 * probe of the read mark, MessageReceipt(userId, readAt), Notification(userId, readAt)), prepared
 * once per connection.
 */
import type { NextFunction, Request, Response } from "express";
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { pgPool } from "../../lib/db.ts";
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
  const { rows } = await pgPool().query<UnreadCounts>({ name: "inbox-unread", text: SQL, values: UNREAD_COUNT_PARTS.params(actor) });
  return rows[0] ?? { announcements: 0, messages: 0, notifications: 0 };
}

/** The header's counters (res.locals.unread) on every page a signed-in user opens; none for JSON, files or redirects' POSTs. */
export async function unreadCountsForPage(req: Request, res: Response, next: NextFunction): Promise<void> {
  const actor = req.actor;
  if (!actor || req.method !== "GET" || req.accepts(["html", "json"]) !== "html" || !can(actor, "view", "announcement")) return next();
  try {
    res.locals.unread = await unreadCounts(actor);
  } catch (err) {
    return next(err);
  }
  next();
}
