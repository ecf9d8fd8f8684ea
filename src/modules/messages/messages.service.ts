/**
 * «Сообщения» (issue 15, R-COM-2): the list of the actor's conversations (inbox, archive, sent,
 * search by text and by person), one conversation (opening marks it read), its attachments,
 * archiving and «Пожаловаться». Every lookup goes through the actor's membership, so a
 * conversation, message or file of somebody else is simply not found (404).
 *
 * For other modules (the header, the home pages): unreadMessageCount(). Sending is in
 * messages.send.ts, the address book in messages.contacts.ts, moderation in messages.moderation.ts.
 */
import type { Actor } from "../../access/actor.ts";
import { clock } from "../../lib/clock.ts";
import { pgPool, prisma, Prisma, type Db } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { fullName, likePattern } from "../../lib/names.ts";
import { richTextHtml, richTextPlain } from "../../lib/rich-text.ts";
import { FULL_NAME } from "../../lib/person-search.ts";
import { describeFile, type StoredFile } from "../files/files.service.ts";
import { notify } from "../notifications/notifications.service.ts";
import { describeUsers, type Contact } from "./messages.contacts.ts";
import { canComplain, canReply, isMember } from "./messages.policy.ts";
import type { ComplaintInput } from "./messages.schemas.ts";
import { MSG, PAGE_SIZE, receiptText, type Folder } from "./messages.text.ts";

const UNREAD_SQL = `SELECT count(*)::int AS n FROM "MessageReceipt" WHERE "userId" = $1 AND "readAt" IS NULL`;

/**
 * Unread messages of the actor, for the header and the home pages: one index-only count on
 * MessageReceipt(userId, readAt), a named prepared statement on the shared pool (planned once per
 * connection). `db` keeps the services' usual shape.
 */
export async function unreadMessageCount(_db: Db, actor: Pick<Actor, "userId">): Promise<number> {
  const { rows } = await pgPool().query<{ n: number }>({ name: "messages-unread", text: UNREAD_SQL, values: [actor.userId] });
  return rows[0]?.n ?? 0;
}

export interface ListItem {
  id: number;
  subject: string;
  lastMessageAt: Date;
  /** The other party (the first other member). */
  otherName: string;
  /** More members than the other party (never for the conversations this module makes). */
  moreMembers: number;
  /** The last message's text, short; «Сообщение скрыто администратором» for a hidden one. */
  snippet: string;
  /** The last message is the actor's own («Вы: …»). */
  lastMine: boolean;
  /** The last message has files. */
  files: number;
  unread: number;
  /** «Отправленные»: how many recipients the send reached (each a conversation of its own). */
  copies?: number;
}

export interface ListPage {
  folder: Folder;
  q: string;
  items: ListItem[];
  total: number;
  page: number;
  pages: number;
}

interface ListRow {
  id: number;
  subject: string;
  lastMessageAt: Date;
  total: number;
  otherId: number | null;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  others: number | null;
  body: string | null;
  lastAuthorId: number | null;
  hidden: boolean | null;
  files: number | null;
  unread: number;
  copies?: number;
}

/** Every word of q is in the subject, a text (not hidden) or the other member's name of conversation `c`. */
function searchCondition(actor: Actor, q: string): Prisma.Sql {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 5);
  if (!words.length) return Prisma.sql`TRUE`;
  const each = words.map((w) => {
    const like = likePattern(w);
    return Prisma.sql`(
      translate(lower(c.subject), 'ё', 'е') LIKE ${like}
      OR EXISTS (SELECT 1 FROM "Message" sm WHERE sm."conversationId" = c.id AND sm."hiddenAt" IS NULL AND translate(lower(sm.body), 'ё', 'е') LIKE ${like})
      OR EXISTS (SELECT 1 FROM "ConversationMember" sp JOIN "User" su ON su.id = sp."userId" JOIN "Person" p ON p.id = su."personId"
                  WHERE sp."conversationId" = c.id AND sp."userId" <> ${actor.userId} AND ${FULL_NAME} LIKE ${like}))`;
  });
  return Prisma.join(each, " AND ");
}

/** The other party and the last message of each picked conversation (`pick` with id). */
const DETAILS = (userId: number) => Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT om."userId", p."lastName", p."firstName", p."middleName", count(*) OVER ()::int AS others
      FROM "ConversationMember" om JOIN "User" u ON u.id = om."userId" JOIN "Person" p ON p.id = u."personId"
     WHERE om."conversationId" = pick.id AND om."userId" <> ${userId} ORDER BY om."userId" LIMIT 1) o ON true
  LEFT JOIN LATERAL (
    SELECT m.body, m."authorId", m."hiddenAt" IS NOT NULL AS hidden,
           (SELECT count(*)::int FROM "MessageFile" f WHERE f."messageId" = m.id) AS files
      FROM "Message" m WHERE m."conversationId" = pick.id ORDER BY m."createdAt" DESC, m.id DESC LIMIT 1) lm ON true`;

/**
 * A page of the actor's conversations (R-COM-2): «Входящие» (not archived) or «Архив», newest
 * activity first, with the other party, a snippet and the unread count; or «Отправленные», one
 * row per send. `q` searches the subject, the texts and the other party's name. One statement;
 * the details are read for the page's 20 rows only.
 */
export async function listConversations(actor: Actor, opts: { folder: Folder; q: string; page: number }): Promise<ListPage> {
  const offset = (opts.page - 1) * PAGE_SIZE;
  const search = searchCondition(actor, opts.q);
  const rows =
    opts.folder === "sent"
      ? await prisma.$queryRaw<ListRow[]>`
        WITH sends AS (
          SELECT m."createdAt", min(m."conversationId") AS id, count(*)::int AS copies, count(*) OVER ()::int AS total
            FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
           WHERE m."authorId" = ${actor.userId} AND m."schoolId" = ${actor.schoolId} AND ${search}
           GROUP BY m."createdAt"
           ORDER BY m."createdAt" DESC
           LIMIT ${PAGE_SIZE} OFFSET ${offset}
        ), pick AS (SELECT s.id, s."createdAt", s.copies, s.total, c.subject FROM sends s JOIN "Conversation" c ON c.id = s.id)
        SELECT pick.id, pick.subject, pick."createdAt" AS "lastMessageAt", pick.total, pick.copies,
               o."userId" AS "otherId", o."lastName", o."firstName", o."middleName", o.others,
               sm.body, ${actor.userId}::int AS "lastAuthorId", sm."hiddenAt" IS NOT NULL AS hidden,
               (SELECT count(*)::int FROM "MessageFile" f WHERE f."messageId" = sm.id) AS files, 0 AS unread
          FROM pick
          LEFT JOIN LATERAL (
            SELECT om."userId", p."lastName", p."firstName", p."middleName", count(*) OVER ()::int AS others
              FROM "ConversationMember" om JOIN "User" u ON u.id = om."userId" JOIN "Person" p ON p.id = u."personId"
             WHERE om."conversationId" = pick.id AND om."userId" <> ${actor.userId} ORDER BY om."userId" LIMIT 1) o ON true
          LEFT JOIN LATERAL (
            SELECT m.id, m.body, m."hiddenAt" FROM "Message" m
             WHERE m."conversationId" = pick.id AND m."authorId" = ${actor.userId} AND m."createdAt" = pick."createdAt" LIMIT 1) sm ON true
         ORDER BY pick."createdAt" DESC, pick.id DESC`
      : await prisma.$queryRaw<ListRow[]>`
        WITH pick AS (
          SELECT c.id, c.subject, c."lastMessageAt", count(*) OVER ()::int AS total
            FROM "ConversationMember" me JOIN "Conversation" c ON c.id = me."conversationId"
           WHERE me."userId" = ${actor.userId} AND me."schoolId" = ${actor.schoolId}
             AND (me."archivedAt" IS NOT NULL) = ${opts.folder === "archive"} AND ${search}
           ORDER BY c."lastMessageAt" DESC, c.id DESC
           LIMIT ${PAGE_SIZE} OFFSET ${offset}
        )
        SELECT pick.id, pick.subject, pick."lastMessageAt", pick.total,
               o."userId" AS "otherId", o."lastName", o."firstName", o."middleName", o.others,
               lm.body, lm."authorId" AS "lastAuthorId", lm.hidden, lm.files,
               (SELECT count(*)::int FROM "Message" m JOIN "MessageReceipt" r ON r."messageId" = m.id AND r."userId" = ${actor.userId} AND r."readAt" IS NULL
                 WHERE m."conversationId" = pick.id) AS unread
          FROM pick ${DETAILS(actor.userId)}
         ORDER BY pick."lastMessageAt" DESC, pick.id DESC`;
  const total = rows[0]?.total ?? 0;
  return {
    folder: opts.folder,
    q: opts.q,
    items: rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      lastMessageAt: r.lastMessageAt,
      otherName: r.lastName !== null ? fullName({ lastName: r.lastName, firstName: r.firstName ?? "", middleName: r.middleName }) : "",
      moreMembers: Math.max(0, (r.others ?? 0) - 1),
      snippet: r.hidden ? MSG.hidden : richTextPlain(r.body ?? "", 140),
      lastMine: r.lastAuthorId === actor.userId,
      files: r.files ?? 0,
      unread: r.unread,
      ...(r.copies !== undefined ? { copies: r.copies } : {}),
    })),
    total,
    page: opts.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export interface MessageView {
  id: number;
  mine: boolean;
  authorName: string;
  createdAt: Date;
  hidden: boolean;
  /** The text rendered (the rich-text subset); empty when hidden. */
  html: string;
  forwarded: boolean;
  /** The outside address it also went to (shown to its author only). */
  externalEmail: string | null;
  files: ReturnType<typeof describeFile>[];
  /** The own message's receipt: «прочитано 07.12 10:03» / «не прочитано». */
  receipt: string | null;
  receiptRead: boolean;
  /** Was unread for the actor when the page was opened. */
  isNew: boolean;
  canComplain: boolean;
}

export interface ConversationView {
  id: number;
  subject: string;
  archived: boolean;
  others: Contact[];
  messages: MessageView[];
  canReply: boolean;
}

/**
 * Opens one of the actor's conversations: its messages oldest first with authors, times, files
 * and, under the own ones, the receipt. Opening marks the actor's receipts read. NotFound unless
 * the actor is a member.
 */
export async function openConversation(actor: Actor, id: number): Promise<ConversationView> {
  const c = await prisma.conversation.findFirst({
    where: { id, schoolId: actor.schoolId, members: { some: { userId: actor.userId } } },
    include: {
      members: { select: { userId: true, archivedAt: true } },
      messages: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: {
          files: { include: { file: { select: { id: true, name: true, mime: true, size: true } } }, orderBy: { fileId: "asc" } },
          receipts: { select: { userId: true, readAt: true } },
        },
      },
    },
  });
  const memberIds = c?.members.map((m) => m.userId) ?? [];
  if (!c || !isMember(actor, { schoolId: c.schoolId, memberIds })) throw new NotFound();
  const people = await describeUsers(prisma, actor, [...new Set([...memberIds, ...c.messages.map((m) => m.authorId)])]);
  await prisma.messageReceipt.updateMany({ where: { userId: actor.userId, readAt: null, message: { conversationId: c.id } }, data: { readAt: clock.now() } });
  const scope = { schoolId: c.schoolId, memberIds };
  return {
    id: c.id,
    subject: c.subject,
    archived: !!c.members.find((m) => m.userId === actor.userId)?.archivedAt,
    others: memberIds.filter((u) => u !== actor.userId).map((u) => people.get(u) ?? { userId: u, name: "", detail: "" }),
    canReply: canReply(actor, scope),
    messages: c.messages.map((m) => {
      const mine = m.authorId === actor.userId;
      const others = m.receipts.filter((r) => r.userId !== actor.userId);
      const read = others.length > 0 && others.every((r) => r.readAt);
      const lastRead = others.reduce<Date | null>((a, r) => (r.readAt && (!a || r.readAt > a) ? r.readAt : a), null);
      const hidden = m.hiddenAt !== null;
      return {
        id: m.id,
        mine,
        authorName: people.get(m.authorId)?.name ?? "",
        createdAt: m.createdAt,
        hidden,
        html: hidden ? "" : richTextHtml(m.body),
        forwarded: m.forwardedFromId !== null,
        externalEmail: mine ? m.externalEmail : null,
        files: hidden ? [] : m.files.map((f) => describeFile(f.file)),
        receipt: mine && others.length ? receiptText(read ? lastRead : null) : null,
        receiptRead: read,
        isNew: m.receipts.some((r) => r.userId === actor.userId && !r.readAt),
        canComplain: canComplain(actor, m, scope),
      };
    }),
  };
}

/** A file of a (not hidden) message of one of the actor's conversations; null (a 404) otherwise. */
export async function messageFile(actor: Actor, conversationId: number, fileId: number): Promise<StoredFile | null> {
  const link = await prisma.messageFile.findFirst({
    where: {
      fileId,
      message: { conversationId, schoolId: actor.schoolId, hiddenAt: null, conversation: { members: { some: { userId: actor.userId } } } },
    },
    include: { file: true },
  });
  return link && link.file.schoolId === actor.schoolId ? link.file : null;
}

/** Moves an own conversation to the archive or back (R-COM-2); a new message brings it back by itself. NotFound unless a member. */
export async function setArchived(actor: Actor, conversationId: number, archived: boolean): Promise<void> {
  const r = await prisma.conversationMember.updateMany({
    where: { conversationId, userId: actor.userId, schoolId: actor.schoolId },
    data: { archivedAt: archived ? clock.now() : null },
  });
  if (!r.count) throw new NotFound();
}

/**
 * «Пожаловаться» (R-COM-2): a member complains about another member's message; the
 * administrators are notified. NotFound unless the message is of the actor's conversation and
 * another's, not hidden. Returns false when the actor's complaint about it is already waiting.
 */
export async function complain(actor: Actor, conversationId: number, input: ComplaintInput): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const m = await tx.message.findFirst({
      where: { id: input.messageId, conversationId, schoolId: actor.schoolId },
      select: { id: true, authorId: true, hiddenAt: true, conversation: { select: { schoolId: true, members: { select: { userId: true } } } } },
    });
    if (!m || !canComplain(actor, m, { schoolId: m.conversation.schoolId, memberIds: m.conversation.members.map((x) => x.userId) })) throw new NotFound();
    const open = await tx.messageComplaint.findFirst({ where: { messageId: m.id, reporterId: actor.userId, decidedAt: null }, select: { id: true } });
    if (open) return false;
    const complaint = await tx.messageComplaint.create({
      data: { schoolId: actor.schoolId, messageId: m.id, reporterId: actor.userId, reason: input.reason, createdAt: clock.now() },
    });
    const admins = await tx.user.findMany({ where: { schoolId: actor.schoolId, blocked: false, roles: { some: { role: "ADMIN" } } }, select: { id: true } });
    await notify(tx, {
      schoolId: actor.schoolId,
      userIds: admins.map((a) => a.id),
      kind: "MESSAGE",
      title: "Жалоба на сообщение",
      body: input.reason ?? "Без указания причины",
      link: "/messages/complaints",
      dedupeKey: `message-complaint:${complaint.id}`,
    });
    return true;
  });
}

export interface ForwardPreview {
  id: number;
  subject: string;
  authorName: string;
  createdAt: Date;
  html: string;
  files: string[];
}

/** The message to forward, as the form shows it: one of the actor's conversations, not hidden; NotFound otherwise. */
export async function forwardPreview(actor: Actor, messageId: number): Promise<ForwardPreview> {
  const m = await prisma.message.findFirst({
    where: { id: messageId, schoolId: actor.schoolId, hiddenAt: null, conversation: { members: { some: { userId: actor.userId } } } },
    include: { conversation: { select: { subject: true } }, files: { include: { file: { select: { name: true } } }, orderBy: { fileId: "asc" } } },
  });
  if (!m) throw new NotFound(MSG.forwardGone);
  const people = await describeUsers(prisma, actor, [m.authorId]);
  return {
    id: m.id,
    subject: m.conversation.subject,
    authorName: people.get(m.authorId)?.name ?? "",
    createdAt: m.createdAt,
    html: richTextHtml(m.body),
    files: m.files.map((f) => f.file.name),
  };
}
