/**
 * The e-mail digests (issue 15): notifications kept for «раз в день» / «раз в неделю»
 * (Notification.digest, digestedAt null) become one letter per user with everything accumulated,
 * queued with its send job; the items are marked digested in the same transaction, so a digest
 * run twice (a retried job, two processes) sends nothing twice. Users are taken in batches: the
 * weekly digest of a large school (~2,000 parents) is a few statements per 500 users.
 */
import { prisma } from "../../lib/db.ts";
import { formatDateTime } from "../../lib/dates.ts";
import type { NotificationFrequency } from "../../generated/prisma/client.ts";
import { emailOn, inTransaction, queueLetters, type QueuedLetter } from "./delivery.ts";
import { composeLetter, productUrl } from "./letters.ts";
import { digestSubject, KIND_NAMES } from "./notifications.text.ts";
import { unsubscribeUrl } from "./tokens.ts";

const BATCH = 500;
/** At most this many items are listed in one letter (the rest are counted, and open in the product). */
const ITEMS_PER_LETTER = 100;

/** Builds and queues the digests of one frequency; returns the number of letters queued. */
export async function runDigest(frequency: Exclude<NotificationFrequency, "IMMEDIATE">): Promise<number> {
  if (!emailOn()) return 0;
  let letters = 0;
  let afterUserId = 0;
  for (;;) {
    const users = await prisma.notification.findMany({
      where: { digest: frequency, digestedAt: null, userId: { gt: afterUserId } },
      distinct: ["userId"],
      orderBy: { userId: "asc" },
      take: BATCH,
      select: { userId: true },
    });
    if (!users.length) return letters;
    afterUserId = users[users.length - 1]!.userId;
    letters += await digestBatch(
      frequency,
      users.map((u) => u.userId),
    );
  }
}

async function digestBatch(frequency: NotificationFrequency, userIds: number[]): Promise<number> {
  return inTransaction(prisma, async (tx) => {
    // Rows locked so two runs at once cannot both take them.
    const items = await tx.$queryRaw<
      { id: number; userId: number; schoolId: number; kind: keyof typeof KIND_NAMES; title: string; body: string; link: string | null; createdAt: Date }[]
    >`
      SELECT id, "userId", "schoolId", kind::text AS kind, title, body, link, "createdAt" FROM "Notification"
      WHERE "userId" = ANY(${userIds}::int[]) AND digest = ${frequency}::"NotificationFrequency" AND "digestedAt" IS NULL
      ORDER BY "userId", "createdAt", id
      FOR UPDATE SKIP LOCKED`;
    if (!items.length) return 0;
    const [addresses, schools] = await Promise.all([
      tx.emailAddress.findMany({ where: { userId: { in: userIds }, confirmedAt: { not: null } }, select: { userId: true, address: true } }),
      tx.school.findMany({ where: { id: { in: [...new Set(items.map((i) => i.schoolId))] } }, select: { id: true, name: true } }),
    ]);
    const addressOf = new Map(addresses.map((a) => [a.userId, a.address]));
    const schoolName = new Map(schools.map((s) => [s.id, s.name]));
    const byUser = new Map<number, typeof items>();
    for (const i of items) byUser.set(i.userId, [...(byUser.get(i.userId) ?? []), i]);

    const out: QueuedLetter[] = [];
    for (const [userId, list] of byUser) {
      const address = addressOf.get(userId);
      if (!address) continue; // the address was removed since: the items are only marked
      const name = schoolName.get(list[0]!.schoolId) ?? "";
      const subject = digestSubject(frequency, name);
      const shown = list.slice(0, ITEMS_PER_LETTER);
      const lines = [frequency === "WEEKLY" ? "Что нового за неделю:" : "Что нового за день:", ""];
      for (const i of shown) {
        lines.push(`• ${i.title} (${formatDateTime(i.createdAt)})`);
        if (i.body) lines.push(`  ${i.body.replace(/\n+/g, " ")}`);
        if (i.link) lines.push(`  ${productUrl(i.link)}`);
      }
      if (list.length > shown.length) lines.push("", `И ещё ${list.length - shown.length} — в разделе «Уведомления»: ${productUrl("/notifications")}`);
      const unsubscribe = unsubscribeUrl({ kind: "user", userId, what: list[0]!.kind });
      out.push({
        schoolId: list[0]!.schoolId,
        userId,
        to: address,
        kind: `digest-${frequency.toLowerCase()}`,
        subject,
        ...composeLetter({ body: lines.join("\n"), schoolName: name, kind: list[0]!.kind, unsubscribeUrl: unsubscribe, subject }),
        unsubscribeUrl: unsubscribe,
        dedupeKey: `digest:${frequency}:${userId}:${list[list.length - 1]!.id}`,
      });
    }
    const queued = await queueLetters(tx, out);
    await tx.notification.updateMany({ where: { id: { in: items.map((i) => i.id) } }, data: { digestedAt: new Date() } });
    return queued.length;
  });
}
