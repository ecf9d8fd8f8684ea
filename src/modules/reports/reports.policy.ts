/**
 * Who sees which report (R-RPT-1..7, R-ACL-7), from the catalogue's report entities (report,
 * attendance-report, paper-report, activity-report) and their scopes:
 *  - deputies and the administrator: every report, every class;
 *  - a teacher: the own journals (teaching load) — the monthly check of the own journals,
 *    progress of the own class-subjects, attendance and charts of the classes taught;
 *  - a class teacher: every report of the own class, incl. the paper copy and summary sheet;
 *  - the medical worker: the attendance report only, every class (R-ACL-7).
 * A class outside the scope is a 404, a report kind outside the role a 403.
 */
import type { RequestHandler } from "express";
import type { Actor } from "../../access/actor.ts";
import { can, reach } from "../../access/policy.ts";
import type { Entity } from "../../access/permissions.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";

export type ReportKind =
  | "check"
  | "progress"
  | "attendance"
  | "activity"
  | "paper"
  | "charts"
  | "substitutions"
  | "forecast"
  | "medical"
  | "social"
  | "report-card"
  | "gia"
  | "diagnostics";

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

/** The catalogue entity of each report kind. */
const REPORT_ENTITY: Record<ReportKind, Entity> = {
  check: "report",
  progress: "report",
  charts: "report",
  attendance: "attendance-report",
  paper: "paper-report",
  activity: "activity-report",
  substitutions: "substitution-report",
  forecast: "report",
  medical: "medical-report",
  social: "social-report",
  "report-card": "report-card",
  gia: "gia-report",
  diagnostics: "diagnostic-report",
};

/** Whether the actor sees a report of this kind for every class of the school. */
export function seesAll(actor: Actor, kind: ReportKind = "check"): boolean {
  return reach(actor, "view", REPORT_ENTITY[kind]).all;
}

/** May the actor open this kind of report at all? */
export function canSeeReport(actor: Actor, kind: ReportKind): boolean {
  const r = reach(actor, "view", REPORT_ENTITY[kind]);
  return r.all || r.classIds.length > 0 || r.teacherId !== null;
}

/** Whether the actor may open some report (the reports pages' guard, the menu). */
export function canSeeAnyReport(actor: Actor | undefined): boolean {
  return !!actor && (Object.keys(REPORT_ENTITY) as ReportKind[]).some((k) => canSeeReport(actor, k));
}

/** Route guard of the reports pages: 403 unless the actor may open some report; each page then asks for its kind. */
export const requireAnyReport: RequestHandler = (req, _res, next) => next(canSeeAnyReport(req.actor) ? undefined : new Forbidden("Отчёты вам недоступны"));

/** 403 unless the actor may open this kind of report. */
export function assertReport(actor: Actor, kind: ReportKind): void {
  if (!canSeeReport(actor, kind)) throw new Forbidden("Этот отчёт вам недоступен");
}

/** What the actor reaches for a report kind (the catalogue's reach of its entity); reports.scope.ts adds the taught classes. */
export function reportReach(actor: Actor, kind: ReportKind) {
  assertReport(actor, kind);
  return reach(actor, "view", REPORT_ENTITY[kind]);
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

/** R-RPT-1: the journals of a month are checked by this day of the next month; until then the check opens on the month before. */
export const CHECK_DEADLINE_DAY = 20;

/** R-RPT-1: remarks are written by deputies and the administrator. */
export function canWriteRemarks(actor: Actor): boolean {
  return can(actor, "create", "journal-remark");
}

/** The teacher the remark is for marks it fixed (a deputy may too). */
export function canFixRemark(actor: Actor, remark: { teacherId: number }): boolean {
  return can(actor, "update", "journal-remark") && (remark.teacherId === actor.personId || canWriteRemarks(actor));
}
