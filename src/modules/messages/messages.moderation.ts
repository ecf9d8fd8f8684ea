/**
 * Complaints about messages (issue 15, R-COM-2, «Жалобы на сообщения»): the administrator
 * ("message-moderation") reads the open complaints with the message complained about — even
 * without being a member of its conversation — and either hides the message (its members then
 * see «Сообщение скрыто администратором») or dismisses the complaint. Both are audited (entity
 * "message").
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma } from "../../lib/db.ts";
import { Conflict, NotFound } from "../../lib/errors.ts";
import { richTextHtml } from "../../lib/rich-text.ts";
import { describeFile, type StoredFile } from "../files/files.service.ts";
import { describeUsers } from "./messages.contacts.ts";
import { canModerate, canSeeComplaints } from "./messages.policy.ts";
import { MSG, PAGE_SIZE } from "./messages.text.ts";

export type ComplaintStatus = "open" | "closed";
export type Decision = "hidden" | "dismissed";

export interface ComplaintView {
  id: number;
  createdAt: Date;
  reporterName: string;
  reason: string | null;
  decision: Decision | null;
  decidedByName: string;
  decidedAt: Date | null;
  message: {
    id: number;
    subject: string;
    authorName: string;
    authorDetail: string;
    /** The other members of its conversation (whom it was written to). */
    toNames: string[];
    createdAt: Date;
    html: string;
    hidden: boolean;
    files: ReturnType<typeof describeFile>[];
  };
}

/** A page of the school's complaints: open ones oldest first (a queue), decided ones newest first. NotFound unless moderator. */
export async function listComplaints(actor: Actor, opts: { status: ComplaintStatus; page: number }) {
  if (!canSeeComplaints(actor)) throw new NotFound();
  const where = { schoolId: actor.schoolId, decidedAt: opts.status === "open" ? null : { not: null } };
  const [total, rows] = await Promise.all([
    prisma.messageComplaint.count({ where }),
    prisma.messageComplaint.findMany({
      where,
      orderBy: opts.status === "open" ? [{ createdAt: "asc" }, { id: "asc" }] : [{ decidedAt: "desc" }, { id: "desc" }],
      skip: (opts.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: {
        message: {
          include: {
            conversation: { select: { subject: true, members: { select: { userId: true } } } },
            files: { include: { file: { select: { id: true, name: true, mime: true, size: true } } }, orderBy: { fileId: "asc" } },
          },
        },
      },
    }),
  ]);
  const ids = new Set<number>();
  for (const r of rows) {
    ids.add(r.reporterId).add(r.message.authorId);
    if (r.decidedById) ids.add(r.decidedById);
    for (const m of r.message.conversation.members) ids.add(m.userId);
  }
  const people = await describeUsers(prisma, actor, [...ids]);
  const name = (id: number | null) => (id ? (people.get(id)?.name ?? "") : "");
  const items: ComplaintView[] = rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    reporterName: name(r.reporterId),
    reason: r.reason,
    decision: (r.decision as Decision | null) ?? null,
    decidedByName: name(r.decidedById),
    decidedAt: r.decidedAt,
    message: {
      id: r.message.id,
      subject: r.message.conversation.subject,
      authorName: name(r.message.authorId),
      authorDetail: people.get(r.message.authorId)?.detail ?? "",
      toNames: r.message.conversation.members.filter((m) => m.userId !== r.message.authorId).map((m) => name(m.userId)),
      createdAt: r.message.createdAt,
      html: richTextHtml(r.message.body),
      hidden: r.message.hiddenAt !== null,
      files: r.message.files.map((f) => describeFile(f.file)),
    },
  }));
  return { status: opts.status, items, total, page: opts.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), canModerate: canModerate(actor) };
}

/**
 * Decides an open complaint: «hidden» hides its message (and closes every open complaint about
 * it), «dismissed» leaves the message as it was. Audited (entity "message"). NotFound for a
 * complaint of another school or a non-moderator; Conflict when it is already decided.
 */
export async function decideComplaint(actor: Actor, complaintId: number, decision: Decision): Promise<void> {
  if (!canModerate(actor)) throw new NotFound();
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "MessageComplaint" WHERE id = ${complaintId} AND "schoolId" = ${actor.schoolId} FOR UPDATE`;
    const c = await tx.messageComplaint.findFirst({
      where: { id: complaintId, schoolId: actor.schoolId },
      include: { message: { select: { id: true, hiddenAt: true } } },
    });
    if (!c) throw new NotFound();
    if (c.decidedAt) throw new Conflict(MSG.decided);
    const now = clock.now();
    const decided = { decision, decidedById: actor.userId, decidedAt: now };
    if (decision === "hidden") {
      if (!c.message.hiddenAt) await tx.message.update({ where: { id: c.message.id }, data: { hiddenAt: now, hiddenById: actor.userId } });
      await tx.messageComplaint.updateMany({ where: { messageId: c.message.id, decidedAt: null }, data: decided });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "message",
        entityId: c.message.id,
        action: "hide",
        oldValue: { hiddenAt: c.message.hiddenAt },
        newValue: { hiddenAt: now.toISOString(), complaintId: c.id },
        reason: c.reason,
      });
    } else {
      await tx.messageComplaint.update({ where: { id: c.id }, data: decided });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "message",
        entityId: c.message.id,
        action: "dismiss-complaint",
        oldValue: { complaintId: c.id, decision: null },
        newValue: { complaintId: c.id, decision },
        reason: c.reason,
      });
    }
  });
}

/** A file of a message complained about, for the moderator; null (a 404) otherwise. */
export async function complaintFile(actor: Actor, complaintId: number, fileId: number): Promise<StoredFile | null> {
  if (!canSeeComplaints(actor)) return null;
  const link = await prisma.messageFile.findFirst({
    where: { fileId, message: { schoolId: actor.schoolId, complaints: { some: { id: complaintId, schoolId: actor.schoolId } } } },
    include: { file: true },
  });
  return link?.file ?? null;
}
