/**
 * Who enters the exam and final marks of a graduating class (R-GIA-1, catalogue entity
 * "graduate-final"): the class teacher the own class, deputies and the administrator every
 * class; never in a closed year (like the other finals, R-JRN-7).
 */
import type { Actor } from "../../access/actor.ts";
import { reach, reachesClass } from "../../access/policy.ts";
import type { YearStatus } from "../../generated/prisma/enums.ts";

export const GRADUATING_GRADES = [9, 11] as const;

export function isGraduating(grade: number): grade is 9 | 11 {
  return grade === 9 || grade === 11;
}

/** May the actor open the class's sheet (a class outside the scope is a 404). */
export function canViewGraduates(actor: Actor, classId: number): boolean {
  return reachesClass(reach(actor, "view", "graduate-final"), [classId]);
}

/** May the actor write the class's exam and final marks: in scope and the year is not closed. */
export function canEditGraduates(actor: Actor, cls: { id: number; yearStatus: YearStatus }): boolean {
  return cls.yearStatus !== "CLOSED" && reachesClass(reach(actor, "update", "graduate-final"), [cls.id]);
}
