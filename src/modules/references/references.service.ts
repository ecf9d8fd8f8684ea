/**
 * The school's reference lists (002 §4, 004 plan item 15, R-REG-9): the built-in entries of
 * references.text.ts overlaid with the school's rows (ReferenceEntry). Forms offer the active
 * entries (and the record's own value, even archived); records keep the code, or the name where
 * the list is free text with suggestions. Every change is audited (entity "reference-entry").
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { Conflict, NotFound, ValidationError } from "../../lib/errors.ts";
import { compareText } from "../../lib/names.ts";
import { assertDeletable, canAdd } from "./references.policy.ts";
import { KINDS, REF_TEXT, type ReferenceKind } from "./references.text.ts";
import type { EntryInput } from "./references.schemas.ts";

export { REFERENCE_KINDS, type ReferenceKind } from "./references.text.ts";

export interface ReferenceItem {
  /** The row's id; null for a built-in entry the school has not changed. */
  id: number | null;
  code: string;
  name: string;
  sort: number;
  archived: boolean;
  /** A built-in code: renamed or archived, never deleted. */
  builtIn: boolean;
}

/** The effective list of a kind for a school, in order (sort, then name), archived included. */
export async function referenceList(schoolId: number, kind: ReferenceKind, db: Db = prisma): Promise<ReferenceItem[]> {
  const rows = await db.referenceEntry.findMany({ where: { schoolId, kind } });
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const builtIn = KINDS[kind].builtIn.map(([code, name], i): ReferenceItem => {
    const r = byCode.get(code);
    return r
      ? { id: r.id, code, name: r.name, sort: r.sort, archived: r.archived, builtIn: true }
      : { id: null, code, name, sort: (i + 1) * 10, archived: false, builtIn: true };
  });
  const codes = new Set(builtIn.map((b) => b.code));
  const own = rows
    .filter((r) => !codes.has(r.code))
    .map((r): ReferenceItem => ({ id: r.id, code: r.code, name: r.name, sort: r.sort, archived: r.archived, builtIn: false }));
  return [...builtIn, ...own].sort((a, b) => a.sort - b.sort || compareText(a.name, b.name));
}

/**
 * The options a form offers: the active entries, plus `keep` (the record's current value) even
 * when archived. Value is what the record stores (the code, or the name for free-text lists).
 */
export async function referenceOptions(schoolId: number, kind: ReferenceKind, keep?: string | null): Promise<{ value: string; label: string }[]> {
  const byName = KINDS[kind].stores === "name";
  return (await referenceList(schoolId, kind))
    .filter((e) => !e.archived || (keep != null && (byName ? e.name : e.code) === keep))
    .map((e) => ({ value: byName ? e.name : e.code, label: e.name }));
}

/** The names of a coded list by code (archived included), for showing old records. */
export async function referenceNames(schoolId: number, kind: ReferenceKind): Promise<Map<string, string>> {
  return new Map((await referenceList(schoolId, kind)).map((e) => [e.code, e.name]));
}

/** Whether `code` is an entry of the school's list (archived entries count: an old record may keep its value). */
export async function isReferenceCode(schoolId: number, kind: ReferenceKind, code: string, db: Db = prisma): Promise<boolean> {
  return (await referenceList(schoolId, kind, db)).some((e) => e.code === code);
}

/** How many records keep this entry (a school's own entry may be deleted only when none does). */
async function usage(db: Db, schoolId: number, kind: ReferenceKind, e: ReferenceItem): Promise<number> {
  switch (kind) {
    case "LESSON_TYPE":
      return (await db.lesson.count({ where: { schoolId, lessonType: e.name } })) + (await db.planItem.count({ where: { schoolId, lessonType: e.name } }));
    case "POSITION":
      return (await db.staffPosition.count({ where: { schoolId, title: e.name } })) + (await db.staffEvent.count({ where: { schoolId, position: e.name } }));
    case "WITHDRAW_REASON":
      return db.movementOrder.count({ where: { schoolId, kind: "WITHDRAW", reason: e.code } });
    default:
      return 0; // closed lists have no entries of the school's own
  }
}

const entryAudit = (actor: Actor, id: number, action: string, oldValue: unknown, newValue: unknown) => ({
  schoolId: actor.schoolId,
  actorId: actor.userId,
  entity: "reference-entry",
  entityId: id,
  action,
  oldValue,
  newValue,
});

/** Adds an entry of the school's own to an open list (Conflict on a closed one, a field error on a duplicate name). */
export async function addEntry(actor: Actor, kind: ReferenceKind, input: EntryInput): Promise<number> {
  if (!canAdd(kind)) throw new Conflict(REF_TEXT.closedKind);
  return prisma.$transaction(async (tx) => {
    const list = await referenceList(actor.schoolId, kind, tx);
    if (list.some((e) => e.name.toLowerCase() === input.name.toLowerCase())) throw new ValidationError({ name: REF_TEXT.duplicate });
    const sort = input.sort ?? Math.max(0, ...list.map((e) => e.sort)) + 10;
    const row = await tx.referenceEntry.create({ data: { schoolId: actor.schoolId, kind, code: "", name: input.name, sort } });
    const code = `S${row.id}`;
    await tx.referenceEntry.update({ where: { id: row.id }, data: { code } });
    await audit(tx, entryAudit(actor, row.id, "create", null, { kind, code, name: input.name, sort }));
    return row.id;
  });
}

/** The entry `code` of the actor's school, NotFound when the list has no such code. */
async function entryFor(tx: Db, actor: Actor, kind: ReferenceKind, code: string): Promise<ReferenceItem> {
  const e = (await referenceList(actor.schoolId, kind, tx)).find((x) => x.code === code);
  if (!e) throw new NotFound();
  return e;
}

/** Saves a built-in entry's first change as a row of the school (an entry keeps its code). */
async function upsertRow(
  tx: Db,
  actor: Actor,
  kind: ReferenceKind,
  e: ReferenceItem,
  data: { name: string; sort: number; archived: boolean },
): Promise<number> {
  if (e.id !== null) return (await tx.referenceEntry.update({ where: { id: e.id }, data })).id;
  return (await tx.referenceEntry.create({ data: { schoolId: actor.schoolId, kind, code: e.code, ...data } })).id;
}

/** Renames or reorders an entry; a duplicate name is a field error. */
export async function updateEntry(actor: Actor, kind: ReferenceKind, code: string, input: EntryInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const e = await entryFor(tx, actor, kind, code);
    const list = await referenceList(actor.schoolId, kind, tx);
    if (list.some((x) => x.code !== code && x.name.toLowerCase() === input.name.toLowerCase())) throw new ValidationError({ name: REF_TEXT.duplicate });
    const next = { name: input.name, sort: input.sort ?? e.sort, archived: e.archived };
    const id = await upsertRow(tx, actor, kind, e, next);
    await audit(tx, entryAudit(actor, id, "update", { kind, code, name: e.name, sort: e.sort }, { kind, code, name: next.name, sort: next.sort }));
  });
}

/** Archives (not offered for new records; old ones keep it) or restores an entry. */
export async function setArchived(actor: Actor, kind: ReferenceKind, code: string, archived: boolean): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const e = await entryFor(tx, actor, kind, code);
    if (e.archived === archived) return;
    const id = await upsertRow(tx, actor, kind, e, { name: e.name, sort: e.sort, archived });
    await audit(tx, entryAudit(actor, id, archived ? "archive" : "restore", { kind, code, archived: e.archived }, { kind, code, archived }));
  });
}

/** Deletes an entry of the school's own that no record keeps; a built-in (fixed) code is never deleted (Conflict). */
export async function deleteEntry(actor: Actor, kind: ReferenceKind, code: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const e = await entryFor(tx, actor, kind, code);
    assertDeletable(e, await usage(tx, actor.schoolId, kind, e));
    await tx.referenceEntry.delete({ where: { id: e.id! } });
    await audit(tx, entryAudit(actor, e.id!, "delete", { kind, code, name: e.name }, null));
  });
}

/** The lesson types offered as suggestions (the lesson's type stays free text, R-JRN-1): the active names of the school's list. */
export async function lessonTypeNames(schoolId: number): Promise<string[]> {
  return (await referenceOptions(schoolId, "LESSON_TYPE")).map((o) => o.value);
}
