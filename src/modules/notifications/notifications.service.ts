/**
 * Notifications (issue 15, R-COM-4): what other modules call to tell users something.
 *
 *   await notify(tx, { schoolId, userIds: parentIds, kind: "MARK", title: "Новая отметка: 5", body: "Математика, 9 декабря",
 *                      link: `/diary/${studentId}/marks`, dedupeKey: `mark:${markId}` });
 *
 * notify() makes, for each user of the school, an in-product notification (if the user keeps them
 * on for the kind) and, for a confirmed address with e-mail on for the kind, a letter: at once
 * (a delivery in the log and a send job, in the caller's transaction), or kept for the daily or
 * weekly digest (marks). For MESSAGE the e-mail is the «копия сообщений на e-mail»: pass the
 * message's text as the body. sendEmail() sends one direct letter (a message sent out to an
 * outside address, the login slip). Both are idempotent by dedupeKey: calling twice for one event
 * makes nothing twice. With e-mail off (no SMTP_URL) nothing is queued and nothing fails.
 */
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import type { NotificationKind } from "../../generated/prisma/client.ts";
import { emailOn, inTransaction, queueLetters, type QueuedLetter } from "./delivery.ts";
import { DIGEST_KINDS, NOTIFICATION_KINDS } from "./kinds.ts";
import { composeLetter, htmlOf, productUrl } from "./letters.ts";
import { recipients } from "./settings.ts";
import { unsubscribeUrl } from "./tokens.ts";

export type { NotificationKind };
export { emailOn as emailEnabled } from "./delivery.ts";
export { emailTargets, resendConfirmation, saveSettings, setAddress, settingsView, type SettingsView } from "./settings.ts";
export { kindsFor } from "./kinds.ts";
export { parseAddressForm, parseSettingsForm } from "./notifications.schemas.ts";
export { FREQUENCY_NAMES, KIND_NAMES, TEXT as NOTIFICATION_TEXT } from "./notifications.text.ts";

export interface NotifyInput {
  schoolId: number;
  userIds: readonly number[];
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path inside the product («/diary/5/marks»); anything else is dropped. */
  link?: string | null;
  /** The event's key («mark:123»): the same key again makes nothing new for the same user. */
  dedupeKey: string;
}

export interface NotifyResult {
  /** Notifications shown in the product. */
  inApp: number;
  /** Letters queued now. */
  emails: number;
  /** Items kept for a digest. */
  digests: number;
}

/** A path of the product, or null: no other site, no scheme, no protocol-relative «//». */
export function safeLink(link: string | null | undefined): string | null {
  return link && /^\/(?![/\\])[^\s]*$/.test(link) ? link.slice(0, 500) : null;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Tells the users of the school about an event (R-COM-4). Users of other schools and blocked
 * accounts are skipped. Runs in `db`'s transaction when it is one (pass the caller's `tx`, so the
 * notification exists exactly when the event was committed), else in its own.
 */
export async function notify(db: Db, input: NotifyInput): Promise<NotifyResult> {
  const title = clip(input.title.trim(), 300);
  const body = clip(input.body.trim(), 20_000);
  const link = safeLink(input.link);
  return inTransaction(db, async (tx) => {
    const who = await recipients(tx, input.schoolId, input.userIds, input.kind);
    if (!who.size) return { inApp: 0, emails: 0, digests: 0 };
    const mail = emailOn();
    const now = new Date();
    const rows = [];
    const immediate: { userId: number; address: string }[] = [];
    for (const [userId, r] of who) {
      const email = mail && r.address !== null;
      const digest = email && DIGEST_KINDS.has(input.kind) && r.frequency !== "IMMEDIATE" ? r.frequency : null;
      if (r.inApp || digest)
        rows.push({
          schoolId: input.schoolId,
          userId,
          kind: input.kind,
          title,
          body,
          link,
          dedupeKey: input.dedupeKey,
          inApp: r.inApp,
          readAt: r.inApp ? null : now,
          digest,
        });
      if (email && !digest) immediate.push({ userId, address: r.address! });
    }
    const created = rows.length ? await tx.notification.createManyAndReturn({ data: rows, skipDuplicates: true, select: { inApp: true, digest: true } }) : [];
    let emails = 0;
    if (immediate.length) {
      const school = await tx.school.findUniqueOrThrow({ where: { id: input.schoolId }, select: { name: true, shortName: true } });
      const subject = `${title} — ${school.shortName || school.name}`;
      const text = [title, "", body, ...(link ? ["", `Открыть в журнале: ${productUrl(link)}`] : [])].join("\n");
      const letters: QueuedLetter[] = immediate.map(({ userId, address }) => {
        const unsubscribe = unsubscribeUrl({ kind: "user", userId, what: input.kind });
        return {
          schoolId: input.schoolId,
          userId,
          to: address,
          kind: input.kind,
          subject,
          ...composeLetter({ body: text, schoolName: school.name, kind: input.kind, unsubscribeUrl: unsubscribe, subject }),
          unsubscribeUrl: unsubscribe,
          dedupeKey: `n:${input.schoolId}:${input.dedupeKey}:${userId}`,
        };
      });
      emails = (await queueLetters(tx, letters)).length;
    }
    return { inApp: created.filter((c) => c.inApp).length, emails, digests: created.filter((c) => c.digest).length };
  });
}

/** A letter to one address: to a user (userId; its unsubscribe link turns that kind off) or outside (userId null, «message-out»). */
export type DirectLetter = Omit<QueuedLetter, "unsubscribeUrl">;

export type SendResult = { queued: true; deliveryId: number } | { queued: false; reason: "off" | "opted-out" | "duplicate" };

/**
 * Sends one letter (R-COM-2 a message sent out to an outside address, a copy of a message, the
 * login slip R-SEC-8): the school's footer and a one-click unsubscribe link are added. The caller
 * decides whether the user wants it (emailTargets()); an outside address that unsubscribed from
 * the school is skipped. Runs in `db`'s transaction when it is one.
 */
export async function sendEmail(db: Db, letter: DirectLetter): Promise<SendResult> {
  if (!emailOn()) return { queued: false, reason: "off" };
  const to = letter.to.trim();
  return inTransaction(db, async (tx): Promise<SendResult> => {
    if (letter.userId === null) {
      const opted = await tx.emailOptOut.findUnique({ where: { schoolId_address: { schoolId: letter.schoolId, address: to.toLowerCase() } } });
      if (opted) return { queued: false, reason: "opted-out" };
    }
    const school = await tx.school.findUniqueOrThrow({ where: { id: letter.schoolId }, select: { name: true } });
    const kind = (NOTIFICATION_KINDS as readonly string[]).includes(letter.kind) ? (letter.kind as NotificationKind) : null;
    const unsubscribe =
      letter.userId === null
        ? unsubscribeUrl({ kind: "address", schoolId: letter.schoolId, address: to })
        : unsubscribeUrl({ kind: "user", userId: letter.userId, what: kind ?? "ALL" });
    const composed = composeLetter({ body: letter.text, schoolName: school.name, kind: null, unsubscribeUrl: unsubscribe, subject: letter.subject });
    const html = letter.html ? withFooter(letter.html, composed.text.slice(letter.text.trimEnd().length)) : composed.html;
    const [id] = await queueLetters(tx, [
      {
        schoolId: letter.schoolId,
        userId: letter.userId,
        to,
        kind: letter.kind,
        subject: letter.subject,
        text: composed.text,
        html,
        unsubscribeUrl: unsubscribe,
        dedupeKey: `d:${letter.schoolId}:${letter.dedupeKey}`,
      },
    ]);
    return id === undefined ? { queued: false, reason: "duplicate" } : { queued: true, deliveryId: id };
  });
}

/** The caller's HTML with the footer's text as HTML before </body>. */
function withFooter(html: string, footerText: string): string {
  const part = /<body[^>]*>([\s\S]*)<\/body>/i.exec(htmlOf(footerText))?.[1] ?? "";
  return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${part}</body>`) : html + part;
}

// ---------------------------------------------------------------- the user's notifications

const PAGE = 30;

/** The user's notifications, newest first, PAGE a page; unread marked. */
export async function listNotifications(userId: number, page: number) {
  const where = { userId, inApp: true };
  const [total, unread, rows] = await Promise.all([
    prisma.notification.count({ where }),
    prisma.notification.count({ where: { ...where, readAt: null } }),
    prisma.notification.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: { id: true, kind: true, title: true, body: true, link: true, createdAt: true, readAt: true },
    }),
  ]);
  return { rows, total, unread, page, pages: Math.max(1, Math.ceil(total / PAGE)) };
}

/** Unread notifications of the user (one indexed count: Notification(userId, readAt)). */
export async function unreadNotificationCount(userId: number): Promise<number> {
  return prisma.notification.count({ where: { userId, readAt: null, inApp: true } });
}

/** Marks all the user's notifications read; returns how many were unread. */
export async function markAllRead(userId: number): Promise<number> {
  const r = await prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  return r.count;
}

/** Marks one of the user's notifications read and returns where it leads; another user's is a 404. */
export async function openNotification(userId: number, id: number): Promise<string> {
  const n = await prisma.notification.findFirst({ where: { id, userId, inApp: true }, select: { id: true, link: true, readAt: true } });
  if (!n) throw new NotFound();
  if (!n.readAt) await prisma.notification.update({ where: { id: n.id }, data: { readAt: new Date() } });
  return safeLink(n.link) ?? "/notifications";
}
