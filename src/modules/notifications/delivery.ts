/**
 * The delivery log and its sending (issue 15): every letter is an EmailDelivery row (QUEUED →
 * SENT, or FAILED with the reason) holding the letter itself, and an «email-send» job inserted in
 * the same transaction. The job is idempotent: it sends only a delivery that is not SENT, always
 * with the same Message-ID, and marks it SENT with the time; a failure records the reason and lets
 * pg-boss retry with backoff; after the last retry the delivery is FAILED. A refusal the server
 * calls permanent (5xx: no such mailbox) is FAILED at once. A dedupeKey (unique) makes a letter
 * asked for twice one delivery.
 */
import { forgetOnDisconnect, prisma, type Db, type PrismaClient } from "../../lib/db.ts";
import { deliver, mailEnabled, messageDomain } from "../../lib/mail.ts";
import { enqueueMany, queueReady, wakeWorkers, type JobContext } from "../../lib/queue.ts";
import { messageIdOf } from "./tokens.ts";

export interface QueuedLetter {
  schoolId: number;
  userId: number | null;
  to: string;
  /** A NotificationKind, or another word for direct letters («confirm»). */
  kind: string;
  subject: string;
  text: string;
  html?: string | null;
  unsubscribeUrl?: string | null;
  /** Unique over all letters: a second letter with the same key is not made. */
  dedupeKey: string;
}

/** E-mail can go out from this process: SMTP is configured and the queue is there. */
export function emailOn(): boolean {
  return mailEnabled() && queueReady();
}

/**
 * Runs `fn` in a transaction: the caller's when `db` is one, else a new one; after a transaction
 * of our own commits, the workers of this process are woken.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const root = (db as Partial<PrismaClient>).$transaction;
  if (typeof root !== "function") return fn(db);
  const result = await (db as PrismaClient).$transaction((tx) => fn(tx), { timeout: 60_000 });
  wakeWorkers("email-send");
  return result;
}

/** Records the letters (those whose key is new) and queues a send job for each, in `db`'s transaction. Returns the new deliveries' ids. */
export async function queueLetters(db: Db, letters: QueuedLetter[]): Promise<number[]> {
  if (!letters.length || !emailOn()) return [];
  const created = await db.emailDelivery.createManyAndReturn({
    data: letters.map((l) => ({
      schoolId: l.schoolId,
      userId: l.userId,
      toAddress: l.to,
      kind: l.kind,
      subject: l.subject.slice(0, 300),
      text: l.text,
      html: l.html ?? null,
      unsubscribeUrl: l.unsubscribeUrl ?? null,
      dedupeKey: l.dedupeKey,
    })),
    skipDuplicates: true,
    select: { id: true },
  });
  await enqueueMany(
    "email-send",
    created.map((d) => ({ deliveryId: d.id })),
    { db },
  );
  return created.map((d) => d.id);
}

/** The reason of a failure for the log: the SMTP server's answer or the network error, in one line. */
function reasonOf(err: unknown): string {
  const e = err as { response?: string; code?: string; message?: string };
  const text = e.response ?? e.message ?? String(err);
  return `${e.code && !text.includes(e.code) ? `${e.code}: ` : ""}${text}`.replace(/\s+/g, " ").slice(0, 500);
}

function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** Schools' names for the sender line, kept a minute (a digest sends thousands of letters of one school). */
const schoolNames = new Map<number, { name: string; at: number }>();
forgetOnDisconnect(() => schoolNames.clear());
async function senderName(schoolId: number): Promise<string | undefined> {
  const hit = schoolNames.get(schoolId);
  if (hit && Date.now() - hit.at < 60_000) return hit.name;
  const school = await prisma.school.findUnique({ where: { id: schoolId }, select: { name: true, shortName: true } });
  const name = school?.shortName || school?.name;
  if (name) schoolNames.set(schoolId, { name, at: Date.now() });
  return name;
}

/** The «email-send» job: sends one delivery unless it was sent already. */
export async function sendDelivery(deliveryId: number, job: JobContext): Promise<void> {
  // One statement takes the delivery (only a queued one) and counts the attempt.
  const [d] = await prisma.emailDelivery.updateManyAndReturn({ where: { id: deliveryId, status: "QUEUED" }, data: { attempts: { increment: 1 } } });
  if (!d) return; // sent (a repeated job), failed for good, or gone
  if (!mailEnabled()) {
    await prisma.emailDelivery.update({
      where: { id: d.id },
      data: { status: "FAILED", error: "Отправка почты выключена (не задан SMTP_URL)", ...forgotten(d.kind) },
    });
    return;
  }
  try {
    await deliver({
      to: d.toAddress,
      subject: d.subject,
      text: d.text,
      html: d.html,
      fromName: await senderName(d.schoolId),
      messageId: messageIdOf(d.id, messageDomain()),
      unsubscribeUrl: d.unsubscribeUrl,
    });
  } catch (err) {
    const final = job.lastAttempt || isPermanent(err);
    await prisma.emailDelivery.update({
      where: { id: d.id },
      data: { error: reasonOf(err), status: final ? "FAILED" : "QUEUED", ...(final ? forgotten(d.kind) : {}) },
    });
    // Thrown: pg-boss retries with backoff, or (after the last retry) records the job as failed.
    if (final && !job.lastAttempt) return;
    throw err;
  }
  await prisma.emailDelivery.update({ where: { id: d.id }, data: { status: "SENT", sentAt: new Date(), error: null, ...forgotten(d.kind) } });
}

/** Kinds whose letter carries a secret (a temporary password, R-SEC-8): its text is kept only until it is sent or failed for good. */
const SECRET_KINDS: ReadonlySet<string> = new Set(["LOGIN_SLIP"]);
export const SECRET_TEXT_REMOVED = "Текст письма с временным паролем удалён после отправки.";

/** The letter's text blanked out for a secret kind (the log keeps the address, subject and status). */
function forgotten(kind: string): { text: string; html: null } | Record<string, never> {
  return SECRET_KINDS.has(kind) ? { text: SECRET_TEXT_REMOVED, html: null } : {};
}
