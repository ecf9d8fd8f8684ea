/**
 * Posting, editing, pinning and deleting announcements (issue 15, R-COM-1). Every posted audience
 * is re-checked on the server against what the actor may address (announcements.policy.ts
 * assertTargets), inside the transaction that stores it; edits, pinning and deletions are audited
 * (entity "announcement", old → new).
 */
import type { Actor } from "../../access/actor.ts";
import { addressableClasses } from "../../access/addressable.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { Forbidden, NotFound, ValidationError } from "../../lib/errors.ts";
import type { Announcement, AnnouncementAudience } from "../../generated/prisma/client.ts";
import { assertTargets, canChange, canPin, postingScopes, type PostingTargets } from "./announcements.policy.ts";
import type { AnnouncementInput } from "./announcements.schemas.ts";
import { MSG } from "./announcements.text.ts";
import { acceptFiles, fileLimits, type UploadedFile } from "../files/files.service.ts";
import { notifyAudience } from "./announcements.notify.ts";

/**
 * What the actor may address (the posting form offers exactly this; the server re-checks every
 * posted value against it): audiences, the current year's classes and, for the administration,
 * whole grades.
 */
export async function postingTargets(db: Db, actor: Actor): Promise<PostingTargets> {
  const scope = postingScopes(actor);
  const classes = await addressableClasses(db, actor, scope);
  const audiences: AnnouncementAudience[] = [];
  if (scope.all) audiences.push("SCHOOL");
  if (scope.staff) audiences.push("STAFF");
  if (classes.length) audiences.push("FAMILIES");
  return { audiences, classes, grades: scope.all ? [...new Set(classes.map((c) => c.grade))] : [] };
}

/** What the audit log keeps of an announcement. */
function snapshot(a: Pick<Announcement, "title" | "body" | "audience" | "toParents" | "toStudents" | "grades" | "classIds" | "pinned" | "showUntil">) {
  return {
    title: a.title,
    body: a.body,
    audience: a.audience,
    toParents: a.toParents,
    toStudents: a.toStudents,
    grades: a.grades,
    classIds: a.classIds,
    pinned: a.pinned,
    showUntil: a.showUntil ? isoDate(a.showUntil) : null,
  };
}

/** The fields that changed, old → new. */
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

/** «Показывать до» may not lie in the past (an edit may keep the date it had). */
function assertShowUntil(input: AnnouncementInput, kept: Date | null = null): void {
  if (input.showUntil && input.showUntil < today() && input.showUntil.getTime() !== kept?.getTime()) throw new ValidationError({ showUntil: MSG.pastDate });
}

function fields(input: AnnouncementInput, pinned: boolean) {
  return {
    title: input.title,
    body: input.body,
    audience: input.audience,
    toParents: input.toParents,
    toStudents: input.toStudents,
    grades: input.grades,
    classIds: input.classIds,
    showUntil: input.showUntil,
    pinned,
  };
}

/**
 * Stores the uploaded files (the school's limits and allowed types, files.service.ts) and links
 * them to the announcement; a refused file is a ValidationError beside the files field, and the
 * caller's transaction stores nothing.
 */
async function attach(tx: Db, actor: Actor, announcementId: number, uploads: UploadedFile[], kept = 0): Promise<void> {
  if (!uploads.length) return;
  const { maxFiles } = await fileLimits(tx, actor.schoolId);
  if (kept + uploads.length > maxFiles) throw new ValidationError({ files: MSG.tooManyFiles(maxFiles) });
  const accepted = await acceptFiles(tx, actor, uploads);
  if (!accepted.ok) throw new ValidationError({ files: accepted.error });
  await tx.announcementFile.createMany({ data: accepted.files.map((f) => ({ announcementId, fileId: f.id })) });
}

/** The names of an announcement's files, for the audit log. */
async function fileNames(tx: Db, announcementId: number): Promise<string[]> {
  const rows = await tx.announcementFile.findMany({ where: { announcementId }, select: { file: { select: { name: true } } }, orderBy: { fileId: "asc" } });
  return rows.map((r) => r.file.name);
}

/**
 * Posts an announcement (R-COM-1). Throws Forbidden when the audience, a class, a grade or
 * pinning is not the actor's to choose (nothing stored), ValidationError on a past date or a
 * refused file. The author's own read mark is stored with it, and its readers are notified
 * (announcements.notify.ts) in the same transaction. Returns the new id.
 */
export async function createAnnouncement(actor: Actor, input: AnnouncementInput, uploads: UploadedFile[] = []): Promise<number> {
  assertShowUntil(input);
  return prisma.$transaction(async (tx) => {
    const targets = await postingTargets(tx, actor);
    assertTargets(actor, targets, input);
    const now = clock.now();
    const a = await tx.announcement.create({
      data: { schoolId: actor.schoolId, authorId: actor.userId, ...fields(input, input.pinned), createdAt: now, updatedAt: now },
    });
    await tx.announcementRead.create({ data: { announcementId: a.id, userId: actor.userId, schoolId: actor.schoolId, readAt: now } });
    await attach(tx, actor, a.id, uploads);
    await notifyAudience(tx, actor, a);
    return a.id;
  });
}

/** The announcement locked for a change by this actor: NotFound unless the actor may `action` it (a guessed id is a 404). */
async function lockedFor(tx: Db, actor: Actor, id: number, action: "update" | "delete"): Promise<Announcement> {
  await tx.$queryRaw`SELECT id FROM "Announcement" WHERE id = ${id} AND "schoolId" = ${actor.schoolId} FOR UPDATE`;
  const a = await tx.announcement.findFirst({ where: { id, schoolId: actor.schoolId } });
  if (!a || !canChange(actor, action, a)) throw new NotFound();
  return a;
}

/** The announcement for its edit form: NotFound unless the actor may edit it. */
export async function announcementForEdit(actor: Actor, id: number) {
  const a = await prisma.announcement.findFirst({
    where: { id, schoolId: actor.schoolId },
    include: { files: { include: { file: { select: { id: true, name: true, size: true, mime: true } } } } },
  });
  if (!a || !canChange(actor, "update", a)) throw new NotFound();
  return a;
}

/**
 * Saves an edit: the author's own, or any for the administrator. The new audience is re-checked
 * against the editor's targets; pinning stays as it was for those who may not pin; attachments
 * are removed (`removeFiles`, the announcement's own only) and added. Audited (changed fields,
 * old → new, attachments by name).
 */
export async function updateAnnouncement(actor: Actor, id: number, input: AnnouncementInput, uploads: UploadedFile[] = []): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await lockedFor(tx, actor, id, "update");
    assertShowUntil(input, before.showUntil);
    if (!canPin(actor) && input.pinned && !before.pinned) throw new Forbidden(MSG.forbiddenPin);
    const pinned = canPin(actor) ? input.pinned : before.pinned;
    assertTargets(actor, await postingTargets(tx, actor), { ...input, pinned: false });
    const filesBefore = await fileNames(tx, id);
    const after = await tx.announcement.update({ where: { id }, data: { ...fields(input, pinned), updatedAt: clock.now() } });
    if (input.removeFiles.length) await tx.announcementFile.deleteMany({ where: { announcementId: id, fileId: { in: input.removeFiles } } });
    await attach(tx, actor, id, uploads, await tx.announcementFile.count({ where: { announcementId: id } }));
    const filesAfter = await fileNames(tx, id);
    const diff = changes({ ...snapshot(before), files: filesBefore }, { ...snapshot(after), files: filesAfter });
    if (diff) await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "announcement", entityId: id, action: "update", ...diff });
  });
}

/** Pins or unpins (the administration, on announcements they may edit). Audited. */
export async function setPinned(actor: Actor, id: number, pinned: boolean): Promise<void> {
  if (!canPin(actor)) throw new NotFound();
  await prisma.$transaction(async (tx) => {
    const before = await lockedFor(tx, actor, id, "update");
    if (before.pinned === pinned) return;
    await tx.announcement.update({ where: { id }, data: { pinned } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "announcement",
      entityId: id,
      action: "update",
      oldValue: { pinned: before.pinned },
      newValue: { pinned },
    });
  });
}

/** Deletes an announcement (its read marks and file links go with it). Audited with what it was. */
export async function deleteAnnouncement(actor: Actor, id: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await lockedFor(tx, actor, id, "delete");
    const files = await fileNames(tx, id);
    await tx.announcement.delete({ where: { id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "announcement",
      entityId: id,
      action: "delete",
      oldValue: { ...snapshot(before), files, authorId: before.authorId },
    });
  });
}
