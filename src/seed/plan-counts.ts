/**
 * The numbers of a seed plan, as the seed report and the tests use them.
 */
import { SUBJECTS } from "./curriculum.ts";
import type { SchoolPlan } from "./plan-types.ts";

export interface SeedCounts {
  classes: number;
  students: number;
  parents: number;
  staff: number;
  teachers: number;
  staffParents: number;
  users: number;
  subjects: number;
  rooms: number;
  teachingLoads: number;
  subgroups: number;
  subgroupMemberships: number;
  parentLinks: number;
  movementOrders: number;
  maxTeacherHours: number;
}

/** What a plan holds, in the numbers the report and the tests use. */
export function planCounts(plan: SchoolPlan): SeedCounts {
  const parents = new Set(plan.parentLinks.map((l) => l.parent));
  const staffPersons = new Set(plan.staff.map((s) => s.person));
  const hours = new Map<number, number>();
  for (const l of plan.loads) hours.set(l.teacher, (hours.get(l.teacher) ?? 0) + l.hours);
  return {
    classes: plan.classes.length,
    students: plan.students.length,
    parents: parents.size,
    staff: plan.staff.length,
    teachers: plan.staff.filter((s) => s.roles.includes("TEACHER")).length,
    staffParents: [...parents].filter((p) => staffPersons.has(p)).length,
    users: plan.users.length,
    subjects: SUBJECTS.length,
    rooms: plan.rooms.length,
    teachingLoads: plan.loads.length,
    subgroups: plan.subgroups.length,
    // A transfer adds the new class's subgroups (plan-movement.ts).
    subgroupMemberships: plan.subgroups.reduce((s, g) => s + g.students.length, 0) + plan.movements.reduce((s, m) => s + m.joinSubgroups.length, 0),
    parentLinks: plan.parentLinks.length,
    movementOrders: plan.movements.length,
    maxTeacherHours: Math.max(...hours.values()),
  };
}
