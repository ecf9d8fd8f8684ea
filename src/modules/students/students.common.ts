/** Shared pieces: the student's current classes (the scope of every rule), diffs and the personal-data audit. */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { assertViewFile } from "./students.policy.ts";

/** Memberships that have not ended before the day (current ones and enrolments from a later date). */
export function notEndedBy(day: Date) {
  return { OR: [{ toDate: null }, { toDate: { gte: day } }] };
}

/** The classes the student is in now (or is enrolled into from a later date). */
export async function currentClassIds(db: Db, schoolId: number, studentId: number, day = today()): Promise<number[]> {
  const rows = await db.classMembership.findMany({ where: { schoolId, studentId, ...notEndedBy(day) }, select: { classId: true } });
  return [...new Set(rows.map((r) => r.classId))];
}

/** The student with their person, or NotFound when missing, in another school or outside the actor's scope. */
export async function scopedStudent(actor: Actor, studentId: number, db: Db = prisma) {
  const student = await db.student.findFirst({ where: { id: studentId, schoolId: actor.schoolId }, include: { person: true } });
  if (!student) throw new NotFound();
  const classIds = await currentClassIds(db, actor.schoolId, student.id);
  assertViewFile(actor, classIds);
  return { student, classIds };
}

/** Current classes of all children of a parent person (the parent card's scope). */
export async function childClassIds(db: Db, schoolId: number, parentId: number): Promise<number[]> {
  const links = await db.parentLink.findMany({ where: { schoolId, parentId }, select: { studentId: true } });
  if (!links.length) return [];
  const rows = await db.classMembership.findMany({
    where: { schoolId, studentId: { in: links.map((l) => l.studentId) }, ...notEndedBy(today()) },
    select: { classId: true },
  });
  return [...new Set(rows.map((r) => r.classId))];
}

type Plain = string | number | boolean | null;

function plain(v: unknown): Plain {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return isoDate(v);
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  // No diffed field holds another object; should one appear, it is compared by its JSON.
  return JSON.stringify(v);
}

/** The changed fields: { old: {f: …}, new: {f: …} }, or null when nothing changed. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown>, keys: readonly string[]) {
  const oldValue: Record<string, Plain> = {};
  const newValue: Record<string, Plain> = {};
  for (const k of keys) {
    const a = plain(before?.[k]);
    const b = plain(after[k]);
    if (a !== b) {
      oldValue[k] = a;
      newValue[k] = b;
    }
  }
  return Object.keys(newValue).length ? { oldValue, newValue } : null;
}

/**
 * R-REG-6: one audit row per change of personal data; entityId is always the person's id, so
 * the change log can be filtered by person whatever section changed.
 */
export async function auditPersonal(
  tx: Db,
  actor: Actor,
  entity: string,
  personId: number,
  action: string,
  change: { oldValue?: unknown; newValue?: unknown } | null,
  reason?: string | null,
): Promise<void> {
  if (!change) return;
  await audit(tx, {
    schoolId: actor.schoolId,
    actorId: actor.userId,
    entity,
    entityId: personId,
    action,
    oldValue: change.oldValue,
    newValue: change.newValue,
    reason,
  });
}

export const PERSON_KEYS = ["lastName", "firstName", "middleName", "birthDate", "sex", "email", "phone"] as const;
export const STUDENT_PROFILE_KEYS = [
  "registrationAddress",
  "actualAddress",
  "otherContacts",
  "docKind",
  "docSeries",
  "docNumber",
  "docIssuedBy",
  "docIssuedAt",
  "snils",
] as const;
export const PARENT_PROFILE_KEYS = ["registrationAddress", "actualAddress", "otherContacts", "workPlace", "workPosition", "workPhone"] as const;

export function pick<T extends Record<string, unknown>, K extends readonly (keyof T & string)[]>(o: T, keys: K): Pick<T, K[number]> {
  const r = {} as Pick<T, K[number]>;
  for (const k of keys) (r as Record<string, unknown>)[k] = o[k];
  return r;
}
