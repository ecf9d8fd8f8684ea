/**
 * Who sees which report (R-RPT-1..7, R-ACL-7). The catalogue grants "report" view to
 * deputies, the administrator, teachers, class teachers and the medic; these rules
 * narrow it:
 *  - deputies and the administrator: every report, every class;
 *  - a teacher: the own journals (teaching load) — the monthly check of the own journals,
 *    progress of the own class-subjects, attendance and charts of the classes taught;
 *  - a class teacher: every report of the own class, incl. the paper copy and summary sheet;
 *  - the medical worker: the attendance report only, every class (R-ACL-7).
 * A class outside the scope is a 404, a report kind outside the role a 403.
 */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { prisma } from "../../lib/db.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";

export type ReportKind = "check" | "progress" | "attendance" | "activity" | "paper" | "charts";

/** What a user may see: all of the school, or the classes led and the journals taught. */
export interface ReportScope {
  all: boolean;
  /** Classes seen whole (led classes). */
  classIds: number[];
  /** The teacher's own journals (person id) — null when not a teacher. */
  teacherId: number | null;
  /** Classes where the teacher has a load (for class-level reports of a teacher). */
  taughtClassIds: number[];
}

/** Deputies and the administrator see everything. */
export function seesAll(actor: Actor): boolean {
  return actor.roles.has("ADMIN") || actor.roles.has("DEPUTY");
}

/** May the actor open this kind of report at all? */
export function canSeeReport(actor: Actor, kind: ReportKind): boolean {
  if (!can(actor, "view", "report")) return false;
  if (seesAll(actor)) return true;
  const teacher = actor.roles.has("TEACHER");
  const classTeacher = actor.ledClassIds.length > 0;
  switch (kind) {
    case "attendance":
      return actor.roles.has("MEDIC") || teacher || classTeacher;
    case "check":
    case "progress":
    case "charts":
      return teacher || classTeacher;
    case "paper":
      return classTeacher;
    case "activity":
      return false;
  }
}

/** 403 unless the actor may open this kind of report. */
export function assertReport(actor: Actor, kind: ReportKind): void {
  if (!canSeeReport(actor, kind)) throw new Forbidden("Этот отчёт вам недоступен");
}

/** The actor's scope for a report kind; the medic sees attendance of every class (R-ACL-7). */
export async function scopeOf(actor: Actor, kind: ReportKind): Promise<ReportScope> {
  assertReport(actor, kind);
  if (seesAll(actor) || (kind === "attendance" && actor.roles.has("MEDIC"))) return { all: true, classIds: [], teacherId: null, taughtClassIds: [] };
  const teacher = actor.roles.has("TEACHER") && kind !== "paper";
  const taught =
    teacher && actor.currentYearId
      ? await prisma.teachingLoad.findMany({ where: { schoolId: actor.schoolId, teacherId: actor.personId }, select: { classId: true }, distinct: ["classId"] })
      : [];
  return { all: false, classIds: [...actor.ledClassIds], teacherId: teacher ? actor.personId : null, taughtClassIds: taught.map((t) => t.classId) };
}

/** Classes of the scope for class-level reports (attendance, charts, progress lists). */
export function visibleClass(scope: ReportScope, classId: number): boolean {
  return scope.all || scope.classIds.includes(classId) || scope.taughtClassIds.includes(classId);
}

/** 404 for a class outside the scope. */
export function assertClassVisible(scope: ReportScope, classId: number): void {
  if (!visibleClass(scope, classId)) throw new NotFound("Класс не найден");
}

/** A journal row (teacher × class × subject) is visible: all, the own class, or the own journal. */
export function visibleJournal(scope: ReportScope, j: { classId: number; teacherId: number | null }): boolean {
  return scope.all || scope.classIds.includes(j.classId) || (scope.teacherId !== null && j.teacherId === scope.teacherId);
}

/** R-RPT-1: remarks are written by deputies and the administrator. */
export function canWriteRemarks(actor: Actor): boolean {
  return can(actor, "create", "journal-remark");
}

/** The teacher the remark is for marks it fixed (a deputy may too). */
export function canFixRemark(actor: Actor, remark: { teacherId: number }): boolean {
  return can(actor, "update", "journal-remark") && (remark.teacherId === actor.personId || canWriteRemarks(actor));
}
