/** The change log viewer (R-REG-6): the school's audit entries, filtered, newest first, 50 a page. */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Prisma } from "../../lib/db.ts";
import { addDays, zoneOffset } from "../../lib/dates.ts";
import { shortName } from "../../lib/names.ts";
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditValueText } from "./admin.text.ts";

export const AUDIT_PER_PAGE = 50;

export interface AuditFilter {
  entity: string | null;
  action: string | null;
  actor: string | null;
  entityId: string | null;
  from: Date | null;
  to: Date | null;
  page: number;
}

/** The instant the school's calendar day (a UTC-midnight Date) begins. */
export function startOfSchoolDay(day: Date): Date {
  const first = day.getTime() - zoneOffset(day);
  return new Date(day.getTime() - zoneOffset(new Date(first)));
}

export async function listAudit(actor: Actor, f: AuditFilter) {
  const where: Prisma.AuditLogWhereInput = { schoolId: actor.schoolId };
  if (f.entity) where.entity = f.entity;
  if (f.action) where.action = f.action;
  if (f.entityId) where.entityId = f.entityId;
  if (f.actor) where.actor = { login: { contains: f.actor.toLowerCase() } };
  if (f.from || f.to) where.at = { ...(f.from ? { gte: startOfSchoolDay(f.from) } : {}), ...(f.to ? { lt: startOfSchoolDay(addDays(f.to, 1)) } : {}) };
  const total = await prisma.auditLog.count({ where });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PER_PAGE));
  const page = Math.min(f.page, pages);
  const [rows, entities, actions] = await Promise.all([
    prisma.auditLog.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (page - 1) * AUDIT_PER_PAGE,
      take: AUDIT_PER_PAGE,
      include: { actor: { select: { login: true, person: { select: { lastName: true, firstName: true, middleName: true } } } } },
    }),
    prisma.auditLog.findMany({ where: { schoolId: actor.schoolId }, distinct: ["entity"], select: { entity: true } }),
    prisma.auditLog.findMany({ where: { schoolId: actor.schoolId }, distinct: ["action"], select: { action: true } }),
  ]);
  const label = (names: Record<string, string>, v: string) => names[v] ?? v;
  return {
    total,
    page,
    pages,
    entityOptions: entities.map((e) => ({ value: e.entity, label: label(AUDIT_ENTITIES, e.entity) })).sort((a, b) => a.label.localeCompare(b.label, "ru")),
    actionOptions: actions.map((a) => ({ value: a.action, label: label(AUDIT_ACTIONS, a.action) })).sort((a, b) => a.label.localeCompare(b.label, "ru")),
    rows: rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      actor: r.actor ? `${shortName(r.actor.person)} (${r.actor.login})` : "—",
      entity: label(AUDIT_ENTITIES, r.entity),
      entityId: r.entityId,
      link: r.entity === "user" && /^\d+$/.test(r.entityId) ? `/admin/users/${r.entityId}` : null,
      action: label(AUDIT_ACTIONS, r.action),
      oldValue: auditValueText(r.oldValue),
      newValue: auditValueText(r.newValue),
      reason: r.reason,
    })),
  };
}
