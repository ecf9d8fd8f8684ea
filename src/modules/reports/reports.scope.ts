/** The scope of a report for an actor: the catalogue's reach (reports.policy.ts) with the classes of the teacher's load read from the database. */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { reportReach, type ReportKind, type ReportScope } from "./reports.policy.ts";

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
