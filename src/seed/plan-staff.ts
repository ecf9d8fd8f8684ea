/**
 * The staff of a seed plan: the administration and support staff of the size
 * first, then one teacher per teacher slot of the load, then tech staff up to
 * the size's head count; each with a person, a hire date, a rate and roles.
 */
import type { Role } from "../access/roles.ts";
import { HOURS_PER_RATE, SPECIALTY_TITLES, type Specialty } from "./curriculum.ts";
import { iso, utc, type People } from "./people.ts";
import type { SizeSpec } from "./plan-sizes.ts";
import type { PlanStaff } from "./plan-types.ts";
import type { Bundle, TeacherSlot } from "./staffing.ts";

/** The share of men among the teachers of a specialty. */
const TEACHER_MALE_SHARE: Record<Specialty, number> = {
  primary: 0.05,
  russian: 0.08,
  math: 0.25,
  english: 0.1,
  informatics: 0.5,
  history: 0.35,
  geography: 0.3,
  biochem: 0.2,
  physics: 0.45,
  music: 0.2,
  labour: 0.5,
  pe: 0.6,
  obzr: 0.9,
};

export interface HiredStaff {
  staff: PlanStaff[];
  /** The teacher (person index) of each load bundle. */
  teacherOf: Map<Bundle, number>;
}

/** Hires the staff of a size, in that order, with the plan's Rng (people.rng). */
export function hireStaff(spec: SizeSpec, people: People, slots: readonly TeacherSlot[]): HiredStaff {
  const rng = people.rng;
  const staff: PlanStaff[] = [];
  const addStaff = (
    title: string,
    role: Role,
    maleShare: number,
    specialty: Specialty | null,
    hours: number,
    born: readonly [number, number] = [1964, 1999],
  ) => {
    const birthYear = rng.int(born[0], born[1]);
    const person = people.addAdult(rng.chance(maleShare) ? "MALE" : "FEMALE", birthYear);
    const hireYear = rng.int(Math.max(1988, birthYear + 22), 2026);
    const rate = specialty ? Math.max(0.25, Math.round((hours / HOURS_PER_RATE) * 100) / 100) : 1;
    staff.push({ person, hiredAt: iso(utc(hireYear, 8, rng.int(20, 31))), title, rate, roles: [role], specialty, hours });
    return person;
  };
  for (const d of spec.nonTeaching) addStaff(d.title, d.role, d.maleShare, null, 0, d.born);
  const teacherOf = new Map<Bundle, number>();
  for (const slot of slots) {
    const person = addStaff(SPECIALTY_TITLES[slot.specialty], "TEACHER", TEACHER_MALE_SHARE[slot.specialty], slot.specialty, slot.hours);
    for (const b of slot.bundles) teacherOf.set(b, person);
  }
  for (let i = 0; staff.length < spec.staffTarget && spec.extraTech.length; i++) {
    const d = spec.extraTech[i % spec.extraTech.length]!;
    addStaff(d.title, d.role, d.maleShare, null, 0);
  }
  return { staff, teacherOf };
}

/** The persons of the staff rows that match, in staff order. */
export function staffPersons(staff: readonly PlanStaff[], pred: (s: PlanStaff) => boolean): number[] {
  return staff.filter(pred).map((s) => s.person);
}
