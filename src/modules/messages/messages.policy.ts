/**
 * Record rules of «Сообщения» (issue 15, R-COM-2), as pure functions of the actor and the rows a
 * service has read. The catalogue row "message" decides:
 *
 *  - view / update: the own conversations only (a member; everyone else gets a 404);
 *  - create: whom one may write to. Per role of the actor (a user with several roles gets the
 *    union): "school" — anyone of the school; "taught" — the students and parents of the classes of
 *    the teaching load; "own-classes" — those of the classes led; "own-children" (a parent) — the
 *    teachers and class teachers of the children's classes and the administration; "self" — for a
 *    student the own class's teachers, the class teacher and the administration, for other staff
 *    staff only. Every staff role with any create scope writes to all staff.
 *
 * The administration is the director (administrator), the deputies and the secretary. A family
 * never reaches another family. "message-moderation" is the administrator's complaints page.
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach, roleScope } from "../../access/policy.ts";
import { STAFF_ROLES, type Role } from "../../access/roles.ts";
import type { GroupKind } from "./messages.text.ts";

/** The roles that make up «Администрация» in the address book. */
export const ADMINISTRATION_ROLES: readonly Role[] = ["ADMIN", "DEPUTY", "SECRETARY"];

/** What the actor may write to, before the database turns it into people. */
export interface WriteScope {
  /** Anyone of the school. */
  all: boolean;
  /** Every staff member. */
  staff: boolean;
  /** The administration (director, deputies, secretary). */
  administration: boolean;
  /** The families (students and parents) of the classes of the actor's teaching load. */
  taught: boolean;
  /** The families of these classes (led). */
  ledClassIds: readonly number[];
  /** The teachers and class teachers of these students' current classes (own children, the own record). */
  teachersOfStudentIds: readonly number[];
}

/** The actor's write scope from the catalogue cell of each role (a school's override included). */
export function writeScope(actor: Actor): WriteScope {
  const out = { all: false, staff: false, administration: false, taught: false, ledClassIds: [] as number[], teachersOfStudentIds: [] as number[] };
  for (const role of actor.roles) {
    const scope = roleScope(actor, role, "create", "message");
    if (scope === "none") continue;
    if (STAFF_ROLES.includes(role)) out.staff = true;
    if (scope === "school") out.all = true;
    if (scope === "taught") out.taught = true;
    if (scope === "own-classes") out.ledClassIds.push(...actor.ledClassIds);
    if (scope === "own-children") {
      out.administration = true;
      out.teachersOfStudentIds.push(...actor.childStudentIds);
    }
    if (scope === "self" && role === "STUDENT" && actor.studentId !== null) {
      out.administration = true;
      out.teachersOfStudentIds.push(actor.studentId);
    }
  }
  if (out.staff || out.all) out.administration = true;
  return { ...out, ledClassIds: [...new Set(out.ledClassIds)], teachersOfStudentIds: [...new Set(out.teachersOfStudentIds)] };
}

/** May write at all (the «Написать» button, the form's guard). */
export function canWrite(actor: Actor): boolean {
  return can(actor, "create", "message");
}

/** Reaches the families of some classes (gets the class groups «родители 6А», «ученики 6А», «учителя 6А»). */
export function reachesFamilies(scope: WriteScope): boolean {
  return scope.all || scope.taught || scope.ledClassIds.length > 0;
}

/** A member of the conversation opens it, replies, archives it; anyone else gets a 404. */
export function isMember(actor: Actor, c: { schoolId: number; memberIds: readonly number[] }): boolean {
  return c.schoolId === actor.schoolId && c.memberIds.includes(actor.userId) && can(actor, "view", "message");
}

/** Replying in an own conversation: a member who may write messages at all. */
export function canReply(actor: Actor, c: { schoolId: number; memberIds: readonly number[] }): boolean {
  return isMember(actor, c) && canWrite(actor);
}

/** «Пожаловаться»: a member on another member's message that is not hidden. */
export function canComplain(actor: Actor, m: { authorId: number; hiddenAt: Date | null }, c: { schoolId: number; memberIds: readonly number[] }): boolean {
  return isMember(actor, c) && m.authorId !== actor.userId && m.hiddenAt === null;
}

/** Reads the complaints and the messages complained about (even as a non-member). */
export function canSeeComplaints(actor: Actor): boolean {
  return reach(actor, "view", "message-moderation").all;
}

/** Hides a message or dismisses a complaint. */
export function canModerate(actor: Actor): boolean {
  return reach(actor, "update", "message-moderation").all;
}

/** A class group of the address book: «parents:12». */
export interface GroupChoice {
  kind: GroupKind;
  classId: number;
}

const GROUP_RE = /^(parents|students|teachers):(\d{1,10})$/;

/** Parses a group key of the form; null for anything else. */
export function parseGroup(key: string): GroupChoice | null {
  const m = GROUP_RE.exec(key);
  if (!m) return null;
  const classId = Number(m[2]);
  return classId >= 1 && classId <= 2_147_483_647 ? { kind: m[1] as GroupKind, classId } : null;
}

export function groupKey(g: GroupChoice): string {
  return `${g.kind}:${g.classId}`;
}
