/**
 * Sending messages (issue 15, R-COM-2): a new message (to individuals and class groups, optionally
 * forwarding another message and going out to one outside e-mail address), and a reply in an own
 * conversation. Everything is decided on the server inside one transaction: the recipients
 * (messages.contacts.ts resolveRecipients), the rate limit (School.messagesPerHour sends per hour,
 * a group send counting once), the files (the school's limits, files.service.ts).
 *
 * A message to several people reaches each as a separate conversation (the author and that
 * recipient), so no recipient learns the others' names or addresses (152-ФЗ). The copies are
 * written with one statement (about 50 parents of a class in a few milliseconds); the author's
 * copies start in the author's archive (the send is one row of «Отправленные») and a reply brings
 * that conversation back to the author's inbox.
 */
import type { Actor } from "../../access/actor.ts";
import { clock } from "../../lib/clock.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { Forbidden, NotFound, ValidationError } from "../../lib/errors.ts";
import { fullName } from "../../lib/names.ts";
import { acceptFiles, fileLimits, type UploadedFile } from "../files/files.service.ts";
import { emailEnabled, notify, sendEmail } from "../notifications/notifications.service.ts";
import { resolveRecipients } from "./messages.contacts.ts";
import { canReply, canWrite } from "./messages.policy.ts";
import type { NewMessageInput, ReplyInput } from "./messages.schemas.ts";
import { forwardHeader, MSG, outsideLetter } from "./messages.text.ts";

const HOUR_MS = 3600_000;

/**
 * The rate limit (against abuse): at most School.messagesPerHour sends by the actor in the last
 * hour. A send is one instant (all copies of a group message share its createdAt). Serialised
 * per user by an advisory lock held to the end of the transaction, so two sends at once cannot
 * both slip under the limit. Throws a ValidationError (the form's message); nothing is stored.
 */
async function assertUnderRateLimit(tx: Db, actor: Actor, now: Date): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('message-send'), ${actor.userId}::int)`;
  const [row] = await tx.$queryRaw<{ sends: number; perHour: number }[]>`
    SELECT (SELECT count(DISTINCT "createdAt")::int FROM "Message"
             WHERE "authorId" = ${actor.userId} AND "createdAt" > ${new Date(now.getTime() - HOUR_MS)}::timestamp) AS sends,
           s."messagesPerHour" AS "perHour"
      FROM "School" s WHERE s.id = ${actor.schoolId}`;
  const sends = row?.sends ?? 0;
  if (!row || sends >= row.perHour) throw new ValidationError({ _limit: MSG.rateLimit(sends) }, MSG.rateLimit(sends));
}

/** The files of a message: the forwarded ones plus the new uploads, within the school's limit; stored in `tx`. */
async function messageFiles(tx: Db, actor: Actor, uploads: UploadedFile[], kept: number[]): Promise<{ ids: number[]; names: string[] }> {
  const files = uploads.filter((u) => u.filename || u.data.length);
  if (!files.length && !kept.length) return { ids: [], names: [] };
  const { maxFiles } = await fileLimits(tx, actor.schoolId);
  if (kept.length + files.length > maxFiles) throw new ValidationError({ files: MSG.tooManyFiles(maxFiles) });
  const accepted = await acceptFiles(tx, actor, files);
  if (!accepted.ok) throw new ValidationError({ files: accepted.error });
  const keptRows = kept.length ? await tx.storedFile.findMany({ where: { id: { in: kept } }, select: { id: true, name: true }, orderBy: { id: "asc" } }) : [];
  return {
    ids: [...keptRows.map((f) => f.id), ...accepted.files.map((f) => f.id)],
    names: [...keptRows.map((f) => f.name), ...accepted.files.map((f) => f.name)],
  };
}

/** The message being forwarded: one of the actor's conversations, not hidden; else a 404. */
async function forwarded(tx: Db, actor: Actor, messageId: number) {
  const m = await tx.message.findFirst({
    where: { id: messageId, schoolId: actor.schoolId, hiddenAt: null, conversation: { members: { some: { userId: actor.userId } } } },
    select: { id: true, body: true, createdAt: true, authorId: true, conversation: { select: { subject: true } }, files: { select: { fileId: true } } },
  });
  if (!m) throw new NotFound(MSG.forwardGone);
  const author = await tx.user.findUnique({ where: { id: m.authorId }, select: { person: { select: { lastName: true, firstName: true, middleName: true } } } });
  const quote = forwardHeader({ authorName: author ? fullName(author.person) : "", createdAt: m.createdAt, subject: m.conversation.subject }) + m.body;
  return { id: m.id, quote, fileIds: m.files.map((f) => f.fileId) };
}

export interface SendResult {
  /** The new conversations, one per recipient, in the order of the recipients' ids. */
  conversationIds: number[];
}

/**
 * Sends a new message (R-COM-2). Throws Forbidden when the actor may not write at all,
 * ValidationError for a recipient or group outside the address book, an empty text without
 * files, a refused file, the rate limit, or an outside address while e-mail is off; NotFound for
 * a forwarded message that is not the actor's. Nothing is stored then.
 */
export async function sendMessage(actor: Actor, input: NewMessageInput, uploads: UploadedFile[] = []): Promise<SendResult> {
  if (!canWrite(actor)) throw new Forbidden(MSG.cannotWrite);
  if (input.externalEmail && !emailEnabled()) throw new ValidationError({ externalEmail: MSG.emailOff });
  const result = await prisma.$transaction(
    async (tx) => {
      const now = clock.now();
      await assertUnderRateLimit(tx, actor, now);
      const recipients = await resolveRecipients(tx, actor, { to: input.to, groups: input.groups });
      const fwd = input.forward ? await forwarded(tx, actor, input.forward) : null;
      const body = fwd ? [input.body, fwd.quote].filter(Boolean).join("\n\n") : input.body;
      const files = await messageFiles(tx, actor, uploads, fwd?.fileIds ?? []);
      if (!body && !files.ids.length) throw new ValidationError({ body: MSG.body });
      // The copies of a message to several people wait in the author's archive (the send is one row of
      // «Отправленные»); a recipient's reply brings that conversation to the author's inbox.
      const authorArchived = recipients.length > 1 ? now : null;

      const rows = await tx.$queryRaw<{ recipient: number; cid: number; mid: number }[]>`
        WITH r AS MATERIALIZED (
          SELECT t.recipient, t.ord,
                 nextval(pg_get_serial_sequence('"Conversation"', 'id'))::int AS cid,
                 nextval(pg_get_serial_sequence('"Message"', 'id'))::int AS mid
            FROM unnest(${recipients}::int[]) WITH ORDINALITY AS t(recipient, ord)
        ),
        c AS (INSERT INTO "Conversation" (id, "schoolId", subject, "createdById", "createdAt", "lastMessageAt")
              SELECT cid, ${actor.schoolId}::int, ${input.subject}::text, ${actor.userId}::int, ${now}::timestamp, ${now}::timestamp FROM r),
        cm AS (INSERT INTO "ConversationMember" ("conversationId", "userId", "schoolId", "joinedAt", "archivedAt")
               SELECT cid, ${actor.userId}::int, ${actor.schoolId}::int, ${now}::timestamp, ${authorArchived}::timestamp FROM r
               UNION ALL SELECT cid, recipient, ${actor.schoolId}::int, ${now}::timestamp, NULL FROM r),
        m AS (INSERT INTO "Message" (id, "schoolId", "conversationId", "authorId", body, "forwardedFromId", "externalEmail", "createdAt")
              SELECT mid, ${actor.schoolId}::int, cid, ${actor.userId}::int, ${body}::text, ${fwd?.id ?? null}::int, ${input.externalEmail}::text, ${now}::timestamp FROM r),
        rc AS (INSERT INTO "MessageReceipt" ("messageId", "userId", "schoolId") SELECT mid, recipient, ${actor.schoolId}::int FROM r),
        f AS (INSERT INTO "MessageFile" ("messageId", "fileId") SELECT r.mid, f.id FROM r CROSS JOIN unnest(${files.ids}::int[]) AS f(id))
        SELECT recipient, cid, mid FROM r ORDER BY ord`;

      const single = rows.length === 1 ? rows[0]! : null;
      await notify(tx, {
        schoolId: actor.schoolId,
        userIds: recipients,
        kind: "MESSAGE",
        title: `Сообщение от ${actor.shortName}: ${input.subject}`,
        body: body || files.names.join(", "),
        link: single ? `/messages/${single.cid}` : "/messages",
        dedupeKey: `message:${rows[0]!.mid}`,
      });
      if (input.externalEmail) {
        const letter = outsideLetter({ authorName: actor.fullName, schoolName: actor.schoolName, subject: input.subject, body, files: files.names });
        await sendEmail(tx, {
          schoolId: actor.schoolId,
          userId: null,
          to: input.externalEmail,
          kind: "message-out",
          subject: letter.subject,
          text: letter.text,
          dedupeKey: `message-out:${rows[0]!.mid}`,
        });
      }
      return { conversationIds: rows.map((r) => r.cid) };
    },
    { timeout: 30_000 },
  );
  return result;
}

/**
 * A reply in an own conversation (R-COM-2): to its other members, with files; the conversation
 * comes back from everybody's archive. Throws NotFound unless the actor is a member (a guessed
 * id), ValidationError for an empty reply, a refused file or the rate limit.
 */
export async function replyTo(actor: Actor, conversationId: number, input: ReplyInput, uploads: UploadedFile[] = []): Promise<number> {
  return prisma.$transaction(
    async (tx) => {
      const c = await tx.conversation.findFirst({
        where: { id: conversationId, schoolId: actor.schoolId },
        select: { id: true, schoolId: true, subject: true, members: { select: { userId: true } } },
      });
      const memberIds = c?.members.map((m) => m.userId) ?? [];
      if (!c || !canReply(actor, { schoolId: c.schoolId, memberIds })) throw new NotFound();
      const now = clock.now();
      await assertUnderRateLimit(tx, actor, now);
      const files = await messageFiles(tx, actor, uploads, []);
      if (!input.body && !files.ids.length) throw new ValidationError({ body: MSG.body });
      const others = memberIds.filter((id) => id !== actor.userId);
      const m = await tx.message.create({
        data: {
          schoolId: actor.schoolId,
          conversationId: c.id,
          authorId: actor.userId,
          body: input.body,
          createdAt: now,
          receipts: { create: others.map((userId) => ({ userId, schoolId: actor.schoolId })) },
          files: { create: files.ids.map((fileId) => ({ fileId })) },
        },
        select: { id: true },
      });
      await tx.conversation.update({ where: { id: c.id }, data: { lastMessageAt: now } });
      await tx.conversationMember.updateMany({ where: { conversationId: c.id, archivedAt: { not: null } }, data: { archivedAt: null } });
      await notify(tx, {
        schoolId: actor.schoolId,
        userIds: others,
        kind: "MESSAGE",
        title: `Ответ от ${actor.shortName}: ${c.subject}`,
        body: input.body || files.names.join(", "),
        link: `/messages/${c.id}`,
        dedupeKey: `message:${m.id}`,
      });
      return m.id;
    },
    { timeout: 30_000 },
  );
}
