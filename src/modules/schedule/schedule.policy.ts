/**
 * Record rules of the timetable as pure functions over rows already read.
 * R-SCH-2: the deputy or the administrator enters and corrects the timetable;
 * R-SCH-1: everybody signed in views it.
 */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";

/** R-SCH-2: deputies and administrators edit bells, the weekly timetable and one-date changes. */
export function canEditTimetable(actor: Actor): boolean {
  return can(actor, "update", "timetable");
}

/** What occupies a lesson slot: a class (or one of its subgroups), a teacher, a room. */
export interface SlotUse {
  classId: number;
  subgroupId: number | null;
  teacherId: number;
  roomId: number | null;
}

export type ClashKind = "teacher" | "room" | "class";

/**
 * Why two lessons cannot share one weekday and number: the same teacher, the
 * same room, or the same class — unless both are different subgroups of the
 * class (that is what subgroups are for, R-JRN-6). Null when they may.
 */
export function clashOf(a: SlotUse, b: SlotUse): ClashKind | null {
  if (a.teacherId === b.teacherId) return "teacher";
  if (a.roomId !== null && a.roomId === b.roomId) return "room";
  if (a.classId === b.classId) {
    if (a.subgroupId === null || b.subgroupId === null || a.subgroupId === b.subgroupId) return "class";
  }
  return null;
}

/* A lesson with anything entered (topic, homework, the attendance check, marks, attendance, works)
   is never dropped silently when the timetable changes: lessons.service.ts lessonsWithData(). */
