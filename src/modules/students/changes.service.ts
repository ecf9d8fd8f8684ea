/**
 * The personal-data change log (R-REG-6): every change of a student's or parent's data — who, when,
 * which field, old → new — read from the audit log and shown one row per field, with filters.
 */
import type { Actor } from "../../access/actor.ts";
import { personIdsByName } from "../../lib/person-search.ts";
import { prisma, type Prisma } from "../../lib/db.ts";
import { addDays, formatDate, parseIsoDate } from "../../lib/dates.ts";
import { fullName, shortName } from "../../lib/names.ts";
import { startOfSchoolDay } from "../admin/audit-log.service.ts";
import { FIELD_LABELS, PD_ENTITIES, DOC_KINDS, SEXES } from "./students.text.ts";

export const CHANGES_PER_PAGE = 50;

export interface ChangesFilter {
  section: string | null;
  person: string | null;
  field: string | null;
  actor: string | null;
  from: Date | null;
  to: Date | null;
  page: number;
}

const ACTIONS: Record<string, string> = {
  create: "создание",
  update: "изменение",
  delete: "удаление",
  revoke: "отзыв",
  "add-exam": "выбор предмета",
  "remove-exam": "отмена выбора",
  result: "результат",
};

function valueText(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "да" : "нет";
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(parseIsoDate(v));
  // Lists and objects (the personal-data forms write neither) are shown as JSON.
  const text = typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v);
  if (field === "docKind") return DOC_KINDS[text as keyof typeof DOC_KINDS] ?? text;
  if (field === "sex") return SEXES[text as keyof typeof SEXES] ?? text;
  if (field === "kind") return text === "ACHIEVEMENT" ? "достижение" : text === "NOTE" ? "заметка" : text;
  return text;
}

const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function fieldOptions() {
  return Object.entries(FIELD_LABELS)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, "ru"));
}

export function sectionOptions() {
  return Object.entries(PD_ENTITIES).map(([value, label]) => ({ value, label }));
}

export async function listChanges(actor: Actor, f: ChangesFilter) {
  const entities = f.section && PD_ENTITIES[f.section] ? [f.section] : Object.keys(PD_ENTITIES);
  const where: Prisma.AuditLogWhereInput = { schoolId: actor.schoolId, entity: { in: entities } };
  const and: Prisma.AuditLogWhereInput[] = [];
  if (f.person) {
    const persons = (await personIdsByName(prisma, actor.schoolId, f.person)) ?? [];
    and.push({ entityId: { in: persons.slice(0, 500).map(String) } });
  }
  if (f.field && FIELD_LABELS[f.field]) {
    const ids = await prisma.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM "AuditLog" WHERE "schoolId" = ${actor.schoolId} AND entity = ANY(${entities})
        AND (coalesce("oldValue", '{}'::jsonb) ? ${f.field} OR coalesce("newValue", '{}'::jsonb) ? ${f.field})
      ORDER BY id DESC LIMIT 5000`;
    and.push({ id: { in: ids.map((r) => r.id) } });
  }
  if (f.actor) and.push({ actor: { login: { contains: f.actor.toLowerCase() } } });
  if (f.from) and.push({ at: { gte: startOfSchoolDay(f.from) } });
  if (f.to) and.push({ at: { lt: startOfSchoolDay(addDays(f.to, 1)) } });
  if (and.length) where.AND = and;
  const total = await prisma.auditLog.count({ where });
  const pages = Math.max(1, Math.ceil(total / CHANGES_PER_PAGE));
  const page = Math.min(Math.max(1, f.page), pages);
  const entries = await prisma.auditLog.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (page - 1) * CHANGES_PER_PAGE,
    take: CHANGES_PER_PAGE,
    include: { actor: { select: { login: true, person: { select: { lastName: true, firstName: true, middleName: true } } } } },
  });
  const personIds = [...new Set(entries.map((e) => Number(e.entityId)).filter((n) => Number.isSafeInteger(n)))];
  const persons = await prisma.person.findMany({ where: { id: { in: personIds }, schoolId: actor.schoolId }, include: { student: { select: { id: true } } } });
  const byId = new Map(persons.map((p) => [p.id, p]));
  const rows = entries.map((e) => {
    const p = byId.get(Number(e.entityId));
    const oldV = asObject(e.oldValue);
    const newV = asObject(e.newValue);
    const keys = [...new Set([...Object.keys(oldV), ...Object.keys(newV)])].filter(
      (k) => k !== "noteId" && (!f.field || k === f.field || !FIELD_LABELS[f.field]),
    );
    return {
      id: String(e.id),
      at: e.at,
      actor: e.actor ? `${shortName(e.actor.person)} (${e.actor.login})` : "—",
      person: p ? fullName(p) : `№ ${e.entityId}`,
      link: p?.student ? `/students/${p.student.id}` : p ? `/students/parents/${p.id}` : null,
      section: PD_ENTITIES[e.entity] ?? e.entity,
      action: ACTIONS[e.action] ?? e.action,
      reason: e.reason,
      fields: keys.map((k) => ({ label: FIELD_LABELS[k] ?? k, old: k in oldV ? valueText(k, oldV[k]) : "—", new: k in newV ? valueText(k, newV[k]) : "—" })),
    };
  });
  return { total, page, pages, rows };
}
