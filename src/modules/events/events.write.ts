/**
 * Creating, changing, cancelling occurrences of and deleting events (issue 18). Every posted
 * audience is re-checked on the server against what the actor may address (events.policy.ts
 * assertTargets) inside the transaction that stores it; writes are audited (entity "event",
 * old → new) and the audience is notified of new and changed events in the same transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { addressableClasses } from "../../access/addressable.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import type { SchoolEvent } from "../../generated/prisma/client.ts";
import type { EventAudience } from "../../generated/prisma/enums.ts";
import { acceptFiles, type UploadedFile } from "../files/files.service.ts";
import { assertTargets, canChange, creatingScopes, type EventTargets } from "./events.policy.ts";
import { occurrenceDays, weeklyRule } from "./events.recurrence.ts";
import type { EventInput } from "./events.schemas.ts";
import { MSG } from "./events.text.ts";
import { notifyEvent } from "./events.notify.ts";

/** What the actor may address: audiences, the current year's classes and, for the administration, grades. */
export async function eventTargets(db: Db, actor: Actor): Promise<EventTargets> {
  const scope = creatingScopes(actor);
  const classes = await addressableClasses(db, actor, scope);
  const audiences: EventAudience[] = scope.all ? ["SCHOOL", "GRADES", "CLASSES", "STAFF", "PARENTS"] : classes.length ? ["CLASSES", "PARENTS"] : [];
  return { audiences, classes, grades: scope.all ? [...new Set(classes.map((c) => c.grade))] : [] };
}

function fields(input: EventInput) {
  return {
    title: input.title,
    description: input.description,
    place: input.place,
    audience: input.audience,
    grades: input.grades,
    classIds: input.classIds,
    startDate: input.startDate,
    endDate: input.endDate,
    startMinute: input.startMinute,
    endMinute: input.endMinute,
    rrule: input.repeat ? weeklyRule(input.repeat.weekdays, input.repeat.until) : null,
    untilDate: input.repeat ? input.repeat.until : null,
  };
}

/** What the audit log keeps of an event. */
function snapshot(e: SchoolEvent) {
  return {
    title: e.title,
    description: e.description,
    place: e.place,
    audience: e.audience,
    grades: e.grades,
    classIds: e.classIds,
    startDate: isoDate(e.startDate),
    endDate: isoDate(e.endDate),
    startMinute: e.startMinute,
    endMinute: e.endMinute,
    rrule: e.rrule,
    exdates: e.exdates.map(isoDate),
    fileId: e.fileId,
  };
}

function changes(before: Record<string, unknown>, after: Record<string, unknown>) {
  const oldValue: Record<string, unknown> = {};
  const newValue: Record<string, unknown> = {};
  for (const k of Object.keys(after))
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      oldValue[k] = before[k];
      newValue[k] = after[k];
    }
  return Object.keys(newValue).length ? { oldValue, newValue } : null;
}

/** Stores the one attachment (the school's limits and types); a refused file is an error beside the field. */
async function storeFile(tx: Db, actor: Actor, uploads: UploadedFile[]): Promise<number | null> {
  if (!uploads.length) return null;
  if (uploads.length > 1) throw new ValidationError({ file: MSG.tooManyFiles });
  const accepted = await acceptFiles(tx, actor, uploads);
  if (!accepted.ok) throw new ValidationError({ file: accepted.error });
  return accepted.files[0]!.id;
}

/**
 * Creates an event. Throws Forbidden when the audience, a class or a grade is not the actor's to
 * choose (nothing stored), ValidationError on a refused file. Audited; the audience notified.
 */
export async function createEvent(actor: Actor, input: EventInput, uploads: UploadedFile[] = []): Promise<number> {
  return prisma.$transaction(async (tx) => {
    assertTargets(await eventTargets(tx, actor), input);
    const fileId = await storeFile(tx, actor, uploads);
    const e = await tx.schoolEvent.create({ data: { schoolId: actor.schoolId, authorId: actor.userId, ...fields(input), fileId, exdates: [] } });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "event", entityId: e.id, action: "create", newValue: snapshot(e) });
    await notifyEvent(tx, e, actor.currentYearId, false);
    return e.id;
  });
}

/** The event locked for a change by this actor: NotFound unless the actor may `action` it. */
async function lockedFor(tx: Db, actor: Actor, id: number, action: "update" | "delete"): Promise<SchoolEvent> {
  await tx.$queryRaw`SELECT id FROM "SchoolEvent" WHERE id = ${id} AND "schoolId" = ${actor.schoolId} FOR UPDATE`;
  const e = await tx.schoolEvent.findFirst({ where: { id, schoolId: actor.schoolId } });
  if (!e || !canChange(actor, action, e)) throw new NotFound();
  return e;
}

/** The event for its edit form: NotFound unless the actor may change it. */
export async function eventForEdit(actor: Actor, id: number) {
  const e = await prisma.schoolEvent.findFirst({ where: { id, schoolId: actor.schoolId }, include: { file: { select: { id: true, name: true } } } });
  if (!e || !canChange(actor, "update", e)) throw new NotFound();
  return e;
}

/** Saves a change (the new audience re-checked); cancelled occurrences kept. Audited; the audience notified. */
export async function updateEvent(actor: Actor, id: number, input: EventInput, uploads: UploadedFile[] = []): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await lockedFor(tx, actor, id, "update");
    assertTargets(await eventTargets(tx, actor), input);
    const added = await storeFile(tx, actor, uploads);
    const fileId = added ?? (input.removeFile ? null : before.fileId);
    const after = await tx.schoolEvent.update({ where: { id }, data: { ...fields(input), fileId } });
    const diff = changes(snapshot(before), snapshot(after));
    if (!diff) return;
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "event", entityId: id, action: "update", ...diff });
    await notifyEvent(tx, after, actor.currentYearId, true);
  });
}

/** Deletes an event. Audited with what it was. */
export async function deleteEvent(actor: Actor, id: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await lockedFor(tx, actor, id, "delete");
    await tx.schoolEvent.delete({ where: { id } });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "event", entityId: id, action: "delete", oldValue: snapshot(before) });
  });
}

/**
 * Cancels one occurrence of a recurring event (an EXDATE), or restores it (`cancel` false). A day
 * that is no occurrence of the rule is a ValidationError. Audited; the audience is told.
 */
export async function setOccurrenceCancelled(actor: Actor, id: number, day: Date, cancel: boolean): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await lockedFor(tx, actor, id, "update");
    const listed = before.exdates.some((d) => d.getTime() === day.getTime());
    const ruleHas = before.rrule !== null && occurrenceDays({ ...before, exdates: [] }, day, day).some((d) => d.getTime() === day.getTime());
    if (!ruleHas) throw new ValidationError({ date: MSG.notOccurrence });
    if (listed === cancel) return;
    const exdates = cancel ? [...before.exdates, day].sort((a, b) => a.getTime() - b.getTime()) : before.exdates.filter((d) => d.getTime() !== day.getTime());
    const after = await tx.schoolEvent.update({ where: { id }, data: { exdates } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "event",
      entityId: id,
      action: "update",
      oldValue: { exdates: before.exdates.map(isoDate) },
      newValue: { exdates: exdates.map(isoDate) },
    });
    await notifyEvent(tx, after, actor.currentYearId, true);
  });
}
