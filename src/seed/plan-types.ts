/**
 * The shape of a seed plan (src/seed/plan.ts builds it). Rows refer to each
 * other by index into the plan's arrays: `person` is an index into persons,
 * `cls` into classes, `student` into students, `subgroup` into subgroups.
 */
import type { Role } from "../access/roles.ts";
import type { Specialty, SubjectKey } from "./curriculum.ts";
import type { PlanPerson } from "./people.ts";

export type { PlanPerson };
export type SeedSize = "demo" | "large";

/** The named accounts of a seeded school (demo.admin, demo.teacher, …), one per role. */
export const DEMO_KEYS = [
  "admin",
  "deputy",
  "teacher",
  "classteacher",
  "secretary",
  "hr",
  "medic",
  "psychologist",
  "tech",
  "parent",
  "student",
  "teacherparent",
] as const;
export type DemoKey = (typeof DEMO_KEYS)[number];

export interface PlanStaff {
  person: number;
  hiredAt: string;
  title: string;
  rate: number;
  roles: Role[];
  specialty: Specialty | null;
  hours: number;
}
export interface PlanRoom {
  name: string;
  floor: number;
  capacity: number;
  note: string | null;
}
export interface PlanClass {
  grade: number;
  letter: string;
  teacher: number;
  homeRoom: string;
  size: number;
}
export interface PlanStudent {
  person: number;
  cls: number;
}
export interface PlanParentLink {
  parent: number;
  student: number;
  relation: "MOTHER" | "FATHER" | "GUARDIAN";
}
export interface PlanSubgroup {
  cls: number;
  subject: SubjectKey;
  name: string;
  students: number[];
}
export interface PlanLoad {
  teacher: number;
  cls: number;
  subgroup: number | null;
  subject: SubjectKey;
  hours: number;
}
export interface PlanUser {
  person: number;
  login: string;
  roles: Role[];
}

/** An order of the movement book (plan-movement.ts); dates are ISO. */
export interface PlanMovement {
  kind: "ENROL" | "TRANSFER" | "WITHDRAW";
  student: number;
  /** ENROL, TRANSFER: the class the student goes to. */
  toCls: number | null;
  number: string;
  orderDate: string;
  effectiveDate: string;
  reason: string | null;
  destSchool: string | null;
  destOrderNumber: string | null;
  destOrderDate: string | null;
  note: string | null;
  /** TRANSFER: subgroups of the new class the student joins on the effective date. */
  joinSubgroups: number[];
}

/** A row of a staff card section (plan-staff-cards.ts); dates are ISO. */
export interface PlanEducation {
  level: "POSTGRAD" | "HIGHER" | "SECONDARY_PROF" | "SECONDARY";
  institution: string;
  graduationYear: number;
  speciality: string | null;
}
export interface PlanQualification {
  category: "FIRST" | "HIGHEST" | "CONFORMITY";
  assignedAt: string;
  validUntil: string;
  orderNumber: string;
}
export interface PlanTraining {
  course: string;
  provider: string;
  hours: number;
  fromDate: string;
  toDate: string;
  document: string;
}
export interface PlanAward {
  title: string;
  date: string;
  document: string;
}

/** The personnel card of a staff member (same position as in SchoolPlan.staff). */
export interface PlanStaffCard {
  personnelNumber: string;
  serviceSince: string;
  /** Null for positions that are not teaching ones. */
  teachingSince: string | null;
  hireOrder: { number: string; date: string };
  education: PlanEducation[];
  /** Oldest first; empty for non-teaching positions and for those teaching less than two years. */
  qualifications: PlanQualification[];
  trainings: PlanTraining[];
  awards: PlanAward[];
}

export interface SchoolPlan {
  size: SeedSize;
  school: { name: string; shortName: string; address: string };
  /** Prefix of the named accounts: «demo» gives demo.admin, demo.teacher, … */
  loginPrefix: string;
  rooms: PlanRoom[];
  persons: PlanPerson[];
  staff: PlanStaff[];
  classes: PlanClass[];
  students: PlanStudent[];
  parentLinks: PlanParentLink[];
  subgroups: PlanSubgroup[];
  loads: PlanLoad[];
  users: PlanUser[];
  /** Person index of each named account. */
  named: Record<DemoKey, number>;
  /** The movement book of the year (enrolments during the year, a transfer, a withdrawal). */
  movements: PlanMovement[];
  /** One card per staff row, in the same order. */
  staffCards: PlanStaffCard[];
}
