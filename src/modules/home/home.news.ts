/**
 * «Объявления» on the home page (issue 15, R-COM-1: the unread counts «in the header and on the
 * home page»): the newest NEWS_COUNT announcements of the reader's board, pinned first, unread ones
 * marked, for every role that reads the board.
 *
 * Who reads which announcement is the board's rule, kept in one place: the block runs the board's
 * own statement (announcements.service.ts boardSql, the first page cut to NEWS_COUNT rows) as a
 * column of the home page's one statement, its parameters renumbered after the home page's. So the
 * news costs no round trip of its own: one more index scan (Announcement by school, pinned, date,
 * read backwards until NEWS_COUNT rows are found) inside the page's statement.
 * The unread counts shown beside it are the header's (src/modules/inbox), already read for the page.
 */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { today } from "../../lib/dates.ts";
import { UNREAD_COUNT_PARTS, boardSql } from "../announcements/announcements.service.ts";
import { HomeQuery, list } from "./home.query.ts";

/** How many of the newest announcements the home page lists. */
export const NEWS_COUNT = 3;

export interface NewsItem {
  id: number;
  title: string;
  /** The school day it was posted. */
  day: Date;
  pinned: boolean;
  unread: boolean;
}

export interface NewsHome {
  latest: NewsItem[];
  /** The reader may open «Сообщения» (the unread count is shown). */
  messages: boolean;
}

/**
 * The board's statement with its parameters ($1..$12: the reader's, the offset and the page size)
 * made parameters of the home page's statement.
 */
function boardOfHome(q: HomeQuery, actor: Actor): string {
  const placeholders = [...UNREAD_COUNT_PARTS.params(actor), 0, NEWS_COUNT].map((v) => q.param(v));
  return boardSql("board").replace(/\$(\d+)\b/g, (_, n: string) => {
    const p = placeholders[Number(n) - 1];
    if (!p) throw new Error(`home.news: the board's statement has a parameter $${n} the home page does not give`);
    return p;
  });
}

export function newsBlock(q: HomeQuery, actor: Actor) {
  if (!can(actor, "view", "announcement")) return null;
  q.column(
    "news",
    `SELECT coalesce(json_agg(json_build_object('id', b.id, 'title', b.title, 'at', (extract(epoch from b."createdAt") * 1000)::bigint,
                                                'pinned', b.pinned, 'unread', b.unread) ORDER BY b.pinned DESC, b."createdAt" DESC, b.id DESC), '[]')
       FROM (${boardOfHome(q, actor)}) b`,
  );
  const messages = can(actor, "view", "message");
  return (row: Record<string, unknown>): NewsHome => ({
    latest: list<{ id: number; title: string; at: number; pinned: boolean; unread: boolean }>(row.news).map((a) => ({
      id: a.id,
      title: a.title,
      day: today(new Date(Number(a.at))),
      pinned: a.pinned,
      unread: a.unread,
    })),
    messages,
  });
}
