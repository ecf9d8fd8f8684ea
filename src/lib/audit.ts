/** The audit log: who changed what, old → new, with a reason where one is given. */
import type { Db } from "./db.ts";
import { Prisma } from "./db.ts";

export interface AuditEntry {
  schoolId: number;
  actorId: number | null;
  entity: string;
  entityId: string | number;
  action: string;
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string | null;
}

function json(v: unknown) {
  return v === undefined || v === null ? Prisma.DbNull : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue);
}

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      schoolId: entry.schoolId,
      actorId: entry.actorId,
      entity: entry.entity,
      entityId: String(entry.entityId),
      action: entry.action,
      oldValue: json(entry.oldValue),
      newValue: json(entry.newValue),
      reason: entry.reason ?? null,
    },
  });
}
