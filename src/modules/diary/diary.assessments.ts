/**
 * The diary's «График оценочных процедур» (R-PLN-6): the schedule of assessment procedures of the
 * student's own class for a study period (the current one by default), only once the school has
 * published it. A parent sees the own children's classes, a student the own class ("assessment-schedule"
 * view: own-children / self); any other student is a 404, an unpublished period shows nothing.
 */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { className } from "../../lib/names.ts";
import { publishedClassSchedule, publishedPeriodIds, type PublishedSchedule } from "../planning/planning.service.ts";
import type { DiaryStudent } from "./diary.common.ts";
import { choosePeriod, currentClassOf, periodsForGrade, type PeriodOption } from "./diary.marks.ts";

export interface DiaryAssessments {
  student: DiaryStudent;
  className: string | null;
  periods: (PeriodOption & { published: boolean })[];
  period: PeriodOption | null;
  /** The published schedule of the period; null when it is not published. */
  schedule: PublishedSchedule | null;
}

/** R-PLN-6, R-ACL-1: the student's class's published schedule; NotFound outside the family scope. */
export async function getDiaryAssessments(actor: Actor, student: DiaryStudent, periodId: number | null, now: Date): Promise<DiaryAssessments> {
  if (!reach(actor, "view", "assessment-schedule").studentIds.includes(student.id)) throw new NotFound();
  const cls = await currentClassOf(actor.schoolId, actor.currentYearId, student.id, now);
  if (!cls) return { student, className: null, periods: [], period: null, schedule: null };
  const [periods, published] = await Promise.all([periodsForGrade(actor.schoolId, cls.yearId, cls.grade), publishedPeriodIds(actor.schoolId, cls.id)]);
  const period = choosePeriod(periods, periodId, now);
  const schedule = period && published.has(period.id) ? await publishedClassSchedule(actor.schoolId, cls.id, period.id) : null;
  return { student, className: className(cls), periods: periods.map((p) => ({ ...p, published: published.has(p.id) })), period, schedule };
}
