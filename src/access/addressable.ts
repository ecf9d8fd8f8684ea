/**
 * The current year's classes a writer may address (announcements, events): every class for a school-wide
 * scope, else the classes the actor leads and, with a «taught» scope, those of the actor's teaching load.
 * The scopes come from each module's policy (its own catalogue entity); this is only the query.
 */
import type { Actor } from "./actor.ts";
import type { Db } from "../lib/db.ts";

export interface AddressScope {
  all: boolean;
  taught: boolean;
  ledClassIds: readonly number[];
}

export async function addressableClasses(db: Db, actor: Actor, scope: AddressScope): Promise<{ id: number; grade: number; letter: string }[]> {
  if (actor.currentYearId === null || (!scope.all && !scope.taught && !scope.ledClassIds.length)) return [];
  return db.schoolClass.findMany({
    where: {
      schoolId: actor.schoolId,
      yearId: actor.currentYearId,
      ...(scope.all
        ? {}
        : {
            OR: [
              { id: { in: [...scope.ledClassIds] } },
              ...(scope.taught ? [{ teachingLoads: { some: { teacherId: actor.personId, yearId: actor.currentYearId } } }] : []),
            ],
          }),
    },
    select: { id: true, grade: true, letter: true },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
}
