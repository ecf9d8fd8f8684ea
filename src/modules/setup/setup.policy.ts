/**
 * Record rules of the school catalogue, as pure functions over rows already
 * read. Routes guard coarse permissions with requirePermission(); services
 * re-assert these inside their transactions.
 */
import type { Reach } from "../../access/policy.ts";
import { Locked } from "../../lib/errors.ts";
import { TEXT } from "./setup.text.ts";

/** R-YR-1: data of a closed year is read-only; draft and current years may be edited. */
export function isYearWritable(year: { status: string }): boolean {
  return year.status !== "CLOSED";
}

/** Throws Locked (423) for a closed year (R-YR-1). */
export function assertYearWritable(year: { status: string }): void {
  if (!isYearWritable(year)) throw new Locked(TEXT.yearClosed);
}

export interface ClassUsage {
  memberships: number;
  subgroupMemberships: number;
  lessons: number;
  loads: number;
}

/** A class may be deleted only while nothing refers to it: no students (ever), lessons or load. */
export function canDeleteClass(u: ClassUsage): boolean {
  return u.memberships === 0 && u.subgroupMemberships === 0 && u.lessons === 0 && u.loads === 0;
}

/** A subgroup may be deleted only without lessons and teaching load (R-JRN-6). */
export function canDeleteSubgroup(u: { lessons: number; loads: number }): boolean {
  return u.lessons === 0 && u.loads === 0;
}

/** A subject that anything refers to may only be archived. */
export function canDeleteSubject(u: { loads: number; subgroups: number; lessons: number; finalMarks: number }): boolean {
  return u.loads === 0 && u.subgroups === 0 && u.lessons === 0 && u.finalMarks === 0;
}

/** A room that anything refers to may only be archived (R-SCH-1: the timetable will use rooms). */
export function canDeleteRoom(u: { classes: number }): boolean {
  return u.classes === 0;
}

/** A subgroup's class and subject, and the (class, subject) pairs of the actor's teaching load there. */
export interface SubgroupTarget {
  classId: number;
  subjectId: number;
}

/**
 * Who splits a class into subgroups and moves pupils between them (R-JRN-6, 000 §6, 001 §4.4.3): with
 * school scope anyone's; the class teacher ("own-classes") any subject of the own class; the subject
 * teacher ("taught") only a subject of the own teaching load in that class. Anything else is not found
 * (the services throw NotFound), so a guessed or crafted id tells nothing.
 */
export function canManageSubgroup(r: Reach, target: SubgroupTarget, taught: readonly SubgroupTarget[]): boolean {
  if (r.all || r.classIds.includes(target.classId)) return true;
  return r.teacherId !== null && taught.some((t) => t.classId === target.classId && t.subjectId === target.subjectId);
}

/** Whether the actor may create or fill some subgroup of this class (the class page's form): any subject in reach. */
export function canManageSomeSubgroupOf(r: Reach, classId: number, taught: readonly SubgroupTarget[]): boolean {
  return r.all || r.classIds.includes(classId) || (r.teacherId !== null && taught.some((t) => t.classId === classId));
}
