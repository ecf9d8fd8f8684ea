/**
 * Record rules of the school catalogue, as pure functions over rows already
 * read. Routes guard coarse permissions with requirePermission(); services
 * re-assert these inside their transactions.
 */
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
