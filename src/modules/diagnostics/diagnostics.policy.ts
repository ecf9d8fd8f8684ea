/**
 * Who reaches a diagnostic work (issue 17, catalogue entity diagnostic-work): the school's (administrator,
 * deputies), the teacher's own class-subjects of the year's teaching load, the class teacher's own class (to
 * read). The mark scale: the least score for «3», «4», «5».
 */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import { prisma } from "../../lib/db.ts";
import type { FieldErrors } from "../../lib/validation.ts";

export interface DiagnosticReach {
  all: boolean;
  /** Classes seen whole (led classes). */
  classIds: readonly number[];
  /** The teacher's class-subjects of the year: "classId:subjectId". */
  taught: ReadonlySet<string>;
  teacherId: number | null;
}

/** The actor's reach for an action on the works of a year (the teaching load read for the "taught" scope). */
export async function diagnosticReach(actor: Actor, action: "view" | "create" | "update" | "delete", yearId: number): Promise<DiagnosticReach> {
  const r = reach(actor, action, "diagnostic-work");
  const loads =
    !r.all && r.teacherId !== null
      ? await prisma.teachingLoad.findMany({ where: { schoolId: actor.schoolId, yearId, teacherId: r.teacherId }, select: { classId: true, subjectId: true } })
      : [];
  return { all: r.all, classIds: r.classIds, taught: new Set(loads.map((l) => `${l.classId}:${l.subjectId}`)), teacherId: r.teacherId };
}

/** Whether the reach covers a work of this class-subject. */
export function reachesWork(r: DiagnosticReach, w: { classId: number; subjectId: number }): boolean {
  return r.all || r.classIds.includes(w.classId) || r.taught.has(`${w.classId}:${w.subjectId}`);
}

/** The mark a score gives by the work's scale (below «3» is «2»). */
export function markOfScore(w: { score3: number; score4: number; score5: number }, score: number): number {
  return score >= w.score5 ? 5 : score >= w.score4 ? 4 : score >= w.score3 ? 3 : 2;
}

/** The scale rises within the maximum: 0 < «3» ≤ «4» ≤ «5» ≤ max. Errors beside the fields. */
export function scaleErrors(w: { maxScore: number; score3: number; score4: number; score5: number }): FieldErrors {
  const e: FieldErrors = {};
  if (w.score5 > w.maxScore) e.score5 = "Не больше максимального балла";
  if (w.score4 > w.score5) e.score4 = "Не больше балла на «5»";
  if (w.score3 > w.score4) e.score3 = "Не больше балла на «4»";
  if (w.score3 < 1) e.score3 = "Не меньше 1";
  return e;
}
