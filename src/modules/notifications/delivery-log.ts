/** The delivery log's query: the school's letters, newest first, by status (index EmailDelivery(schoolId, status)). */
import { prisma } from "../../lib/db.ts";
import type { EmailStatus } from "../../generated/prisma/client.ts";

const PAGE = 50;
const STATUSES: readonly EmailStatus[] = ["QUEUED", "SENT", "FAILED"];

/** A status from the query string; anything else is «all». */
export function parseStatus(v: unknown): EmailStatus | null {
  return typeof v === "string" && (STATUSES as readonly string[]).includes(v) ? (v as EmailStatus) : null;
}

export async function listDeliveries(schoolId: number, status: EmailStatus | null, page: number) {
  const where = { schoolId, ...(status ? { status } : {}) };
  const [total, byStatus, rows] = await Promise.all([
    prisma.emailDelivery.count({ where }),
    prisma.emailDelivery.groupBy({ by: ["status"], where: { schoolId }, _count: { _all: true } }),
    prisma.emailDelivery.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: { id: true, toAddress: true, kind: true, subject: true, status: true, attempts: true, error: true, createdAt: true, sentAt: true },
    }),
  ]);
  const counts: Record<EmailStatus, number> = { QUEUED: 0, SENT: 0, FAILED: 0 };
  for (const s of byStatus) counts[s.status] = s._count._all;
  return { rows, total, counts, page, pages: Math.max(1, Math.ceil(total / PAGE)) };
}
