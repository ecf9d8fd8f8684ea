/** An actor built in memory for the pure policy functions (no database): roles and whatever the test sets. */
import type { Actor } from "../../src/access/actor.ts";
import type { Role } from "../../src/access/roles.ts";

export function actorWith(roles: Role[], over: Partial<Actor> = {}): Actor {
  return {
    userId: 1,
    personId: 1,
    schoolId: 1,
    schoolName: "",
    login: "x",
    fullName: "",
    shortName: "",
    roles: new Set(roles),
    mustChangePassword: false,
    currentYearId: 1,
    ledClassIds: [],
    childStudentIds: [],
    studentId: null,
    idleMinutes: 30,
    lockDays: 30,
    overrides: new Map(),
    letterhead: { name: "", details: "" },
    pdAdmitted: true,
    ...over,
  };
}
