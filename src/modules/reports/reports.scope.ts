/**
 * The scope of a report for an actor: the catalogue's reach (reports.policy.ts) with the classes of the
 * teacher's load read from the database, and the checks of the ids a report is asked for (?class=, ?teacher=):
 * an id outside the scope — another school's, another year's, a class or teacher the user does not reach, a
 * guessed one — is a 404, never an empty report (README «Права»).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { reportReach, visibleClass, type ReportKind, type ReportScope } from "./reports.policy.ts";

/** The actor's scope for a report kind: all of the school, or the classes led and the own journals (403 when the kind is not the actor's). */
export async function scopeOf(actor: Actor, kind: ReportKind): Promise<ReportScope> {
  const r = reportReach(actor, kind);
  if (r.all) return { all: true, classIds: [], teacherId: null, taughtClassIds: [] };
  const taught =
    r.teacherId !== null && actor.currentYearId
      ? await prisma.teachingLoad.findMany({ where: { schoolId: actor.schoolId, teacherId: r.teacherId }, select: { classId: true }, distinct: ["classId"] })
      : [];
  return { all: false, classIds: [...r.classIds], teacherId: r.teacherId, taughtClassIds: taught.map((t) => t.classId) };
}

/** NotFound unless every class asked for is a class of the school's year that the scope reaches. */
export async function assertClassesInScope(actor: Actor, scope: ReportScope, yearId: number, classIds: readonly number[]): Promise<void> {
  if (!classIds.length) return;
  const found = await prisma.schoolClass.findMany({ where: { id: { in: [...classIds] }, schoolId: actor.schoolId, yearId }, select: { id: true } });
  if (found.length !== new Set(classIds).size || found.some((c) => !visibleClass(scope, c.id))) throw new NotFound("Класс не найден");
}

/**
 * NotFound unless the teacher asked for has a teaching load in the school's year and the scope reaches the
 * teacher's journals: every teacher for the whole school, oneself, or a teacher of a class one leads.
 */
export async function assertTeacherInScope(actor: Actor, scope: ReportScope, yearId: number, teacherId: number | null): Promise<void> {
  if (teacherId === null) return;
  const loads = await prisma.teachingLoad.findMany({ where: { schoolId: actor.schoolId, yearId, teacherId }, select: { classId: true } });
  const reached = scope.all || teacherId === scope.teacherId || loads.some((l) => scope.classIds.includes(l.classId));
  if (!loads.length || !reached) throw new NotFound("Учитель не найден");
}
