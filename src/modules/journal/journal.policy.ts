/**
 * Record rules of the class journal, as pure functions of the rows a service has
 * just read. Routes use them to show or hide controls; services re-assert them
 * inside the transaction (assert* throw the Russian errors).
 *
 *  - R-ACL-2, R-JRN-2: a teacher edits marks and attendance only in journals of the own
 *    teaching load (class or subgroup × subject); a substitute only the substituted lesson.
 *  - R-JRN-9: the class teacher corrects attendance of the own class.
 *  - R-JRN-5: after School.lockDays days (default 30) marks and attendance are read-only
 *    for teachers and class teachers; a deputy or administrator ("journal-override") may
 *    still correct them, giving a reason. Closed years are read-only for everyone (R-YR-1).
 *  - A mark only for a student who was a member of the class/subgroup on the lesson date.
 */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { daysBetween, within } from "../../lib/dates.ts";
import { Forbidden, Locked, ValidationError } from "../../lib/errors.ts";
import { marksUsed, type GradingFacts } from "../../lib/grading.ts";
import type { GradingMode, YearStatus } from "../../generated/prisma/enums.ts";
import { FINAL_VALUES, MSG } from "./journal.text.ts";

/** A teaching load row as far as the rules need it. */
export interface LoadRef {
  teacherId: number;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
}

/** A journal: a class (or one of its subgroups) × a subject. */
export interface JournalRef {
  classId: number;
  subgroupId: number | null;
  subjectId: number;
}

/** What the rules need to know about one lesson. */
export interface LessonFacts extends JournalRef {
  date: Date;
  substituteId: number | null;
  yearStatus: YearStatus;
  yearName: string;
  /** The class's class teacher (a person id). */
  classTeacherId: number | null;
}

/** R-ACL-2: parents, students and staff without the journal grant get 403 on every journal page. */
export function canViewJournal(actor: Actor): boolean {
  return can(actor, "view", "journal");
}

/** R-JRN-5: deputies and administrators may correct locked marks and other teachers' journals, with a reason. */
export function canOverride(actor: Actor): boolean {
  return can(actor, "update", "journal-override");
}

/** Deputies and administrators see the history of any cell (the audit log). */
export function canSeeHistory(actor: Actor): boolean {
  return can(actor, "view", "audit");
}

/**
 * R-ACL-2, R-JRN-6: the actor's load covers the journal — same class and subject, and either
 * a whole-class load or the load of exactly this subgroup.
 */
export function teachesJournal(actor: Actor, loads: readonly LoadRef[], j: JournalRef): boolean {
  return loads.some(
    (l) => l.teacherId === actor.personId && l.classId === j.classId && l.subjectId === j.subjectId && (l.subgroupId === null || l.subgroupId === j.subgroupId),
  );
}

/** R-JRN-2: the actor substitutes for this lesson. */
export function isSubstitute(actor: Actor, lesson: { substituteId: number | null }): boolean {
  return lesson.substituteId !== null && lesson.substituteId === actor.personId;
}

/** R-JRN-5: a lesson more than lockDays days before today is locked (day lockDays itself is still open). */
export function isLocked(lessonDate: Date, today: Date, lockDays: number): boolean {
  return daysBetween(lessonDate, today) > lockDays;
}

/** R-YR-1: only closed years are read-only. */
export function isYearOpen(status: YearStatus): boolean {
  return status !== "CLOSED";
}

export type EditKind = "marks" | "attendance";

export type EditDecision = { allowed: true; override: boolean } | { allowed: false; why: "closed-year" | "forbidden" | "not-own" | "locked" | "future" };

/**
 * May the actor change marks or attendance of this lesson? `override: true` means only
 * through journal-override, so a reason is required.
 */
export function decideLessonEdit(actor: Actor, lesson: LessonFacts, ownLoad: boolean, kind: EditKind, today: Date, lockDays: number): EditDecision {
  if (!isYearOpen(lesson.yearStatus)) return { allowed: false, why: "closed-year" };
  if (!can(actor, "update", "journal")) return { allowed: false, why: "forbidden" };
  if (lesson.date.getTime() > today.getTime()) return { allowed: false, why: "future" };
  const writer =
    ownLoad || isSubstitute(actor, lesson) || (kind === "attendance" && lesson.classTeacherId !== null && lesson.classTeacherId === actor.personId);
  const locked = isLocked(lesson.date, today, lockDays);
  if (writer && !locked) return { allowed: true, override: false };
  if (canOverride(actor)) return { allowed: true, override: true };
  return { allowed: false, why: writer ? "locked" : "not-own" };
}

/** Throws the error of a refused decision; returns whether a reason is required. */
export function assertLessonEdit(decision: EditDecision, lesson: LessonFacts, lockDays: number, kind: EditKind = "marks"): { override: boolean } {
  if (decision.allowed) return { override: decision.override };
  switch (decision.why) {
    case "closed-year":
      throw new Locked(MSG.closedYear(lesson.yearName));
    case "locked":
      throw new Locked(MSG.locked(lockDays));
    case "future":
      throw new ValidationError({ lesson: MSG.future }, MSG.future);
    default:
      throw new Forbidden(kind === "attendance" ? `${MSG.notOwn} Посещаемость также может исправить классный руководитель.` : MSG.notOwn);
  }
}

/** R-JRN-5: a correction through journal-override needs a reason (ValidationError otherwise). */
export function assertReason(override: boolean, reason: string | null | undefined): void {
  if (override && !reason?.trim()) throw new ValidationError({ reason: MSG.reasonRequired }, MSG.reasonRequired);
}

/**
 * Lesson details (date, topic, homework, kinds of work) and lesson creation: the load's teacher,
 * the substitute for the own lesson, and deputies/administrators; never in a closed year.
 */
export function canEditLessonDetails(actor: Actor, lesson: Pick<LessonFacts, "substituteId" | "yearStatus">, ownLoad: boolean): boolean {
  if (!isYearOpen(lesson.yearStatus) || !can(actor, "update", "journal")) return false;
  return ownLoad || isSubstitute(actor, lesson) || canOverride(actor);
}

export function assertEditLessonDetails(actor: Actor, lesson: Pick<LessonFacts, "substituteId" | "yearStatus" | "yearName">, ownLoad: boolean): void {
  if (!isYearOpen(lesson.yearStatus)) throw new Locked(MSG.closedYear(lesson.yearName));
  if (!canEditLessonDetails(actor, lesson, ownLoad)) throw new Forbidden(MSG.notOwn);
}

/** R-JRN-2: the substitution is set by a deputy or administrator. */
export function canSetSubstitute(actor: Actor): boolean {
  return can(actor, "update", "journal-override");
}

/** Membership rows (class or subgroup) of one student. */
export interface MembershipSpan {
  fromDate: Date;
  toDate: Date | null;
}

/** A mark and attendance only for a student who was a member on the lesson date. */
export function wasMemberOn(spans: readonly MembershipSpan[], date: Date): boolean {
  return spans.some((m) => within(date, m.fromDate, m.toDate));
}

/** Member on at least one day of [from, to]. */
export function wasMemberDuring(spans: readonly MembershipSpan[], from: Date, to: Date): boolean {
  return spans.some((m) => m.fromDate.getTime() <= to.getTime() && (m.toDate === null || m.toDate.getTime() >= from.getTime()));
}

/**
 * Issue 23: the grades the school teaches without marks (School.ungradedGrades, by default the
 * 1st) and subjects graded «без отметок» take no marks (src/lib/grading.ts).
 */
export function marksAllowed(f: GradingFacts): boolean {
  return marksUsed(f);
}

/** The final mark values allowed for a subject (R-JRN-7); none where marks are not used. */
export function finalValuesFor(f: GradingFacts & { gradingMode: GradingMode }): readonly string[] {
  if (!marksUsed(f)) return [];
  return FINAL_VALUES[f.gradingMode];
}

/**
 * Final marks (R-JRN-7): the load's teacher; deputies and administrators through
 * journal-override with a reason; never in a closed year.
 */
export function decideFinalEdit(actor: Actor, yearStatus: YearStatus, ownLoad: boolean): EditDecision {
  if (!isYearOpen(yearStatus)) return { allowed: false, why: "closed-year" };
  if (!can(actor, "update", "journal")) return { allowed: false, why: "forbidden" };
  if (ownLoad) return { allowed: true, override: false };
  if (canOverride(actor)) return { allowed: true, override: true };
  return { allowed: false, why: "not-own" };
}

/**
 * R-JRN-9: the class pages (daily attendance, absences, completeness, exemptions) are for the
 * class teacher of that class, and deputies/administrators.
 */
export function canUseClassPages(actor: Actor, classTeacherId: number | null): boolean {
  return (classTeacherId !== null && classTeacherId === actor.personId) || canOverride(actor);
}
