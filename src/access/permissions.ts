/**
 * The permission catalogue: what each role may do to each kind of object.
 * A missing cell is a compile error. Record rules (which class, which date)
 * live in the modules' *.policy.ts and narrow these grants further.
 */
import type { Role } from "./roles.ts";

export const ENTITIES = [
  "school", // school settings: name, lock days, idle timeout
  "year", // academic years, periods, holidays
  "room",
  "subject",
  "class", // classes and class teachers
  "subgroup",
  "teaching-load",
  "user", // accounts: create, roles, block, reset password, end sessions
  "audit", // the change log
  "assignment-type", // kinds of work and their weights
  "journal", // class journals (marks, attendance, topics); record rules in journal.policy
  "journal-override", // correcting locked (older than lockDays) marks and attendance, with a reason (R-JRN-5)
  "diary", // the student's diary (diary.policy: own children, own self)
  "timetable", // bells, weekly timetable, one-date changes (R-SCH-1..2)
] as const;
export type Entity = (typeof ENTITIES)[number];

export const ACTIONS = ["view", "create", "update", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

const ALL: Action[] = ["view", "create", "update", "delete"];
const VIEW: Action[] = ["view"];
const NONE: Action[] = [];

export const GRANTS: Record<Role, Record<Entity, Action[]>> = {
  ADMIN: {
    school: ["view", "update"], year: ALL, room: ALL, subject: ALL, class: ALL, subgroup: ALL, "teaching-load": ALL,
    user: ALL, audit: VIEW, "assignment-type": ALL, "journal-override": ["update"], journal: ["view", "update"], diary: NONE, timetable: ALL,
  },
  DEPUTY: {
    school: VIEW, year: ALL, room: ALL, subject: ALL, class: ALL, subgroup: ALL, "teaching-load": ALL,
    user: VIEW, audit: VIEW, "assignment-type": ALL, "journal-override": ["update"], journal: ["view", "update"], diary: NONE, timetable: ALL,
  },
  // Teachers edit only journals of their own teaching load (journal.policy).
  TEACHER: {
    school: NONE, year: VIEW, room: VIEW, subject: VIEW, class: VIEW, subgroup: VIEW, "teaching-load": VIEW,
    user: NONE, audit: NONE, "assignment-type": VIEW, "journal-override": NONE, journal: ["view", "update"], diary: NONE, timetable: VIEW,
  },
  // A class teacher may reset passwords of the own class's students and parents (R-SEC-3; users.policy).
  CLASS_TEACHER: {
    school: NONE, year: VIEW, room: VIEW, subject: VIEW, class: VIEW, subgroup: VIEW, "teaching-load": VIEW,
    user: ["view", "update"], audit: NONE, "assignment-type": VIEW, "journal-override": NONE, journal: ["view", "update"], diary: NONE, timetable: VIEW,
  },
  SECRETARY: {
    school: NONE, year: VIEW, room: VIEW, subject: VIEW, class: VIEW, subgroup: NONE, "teaching-load": NONE,
    user: NONE, audit: NONE, "assignment-type": NONE, "journal-override": NONE, journal: NONE, diary: NONE, timetable: VIEW,
  },
  HR: {
    school: NONE, year: VIEW, room: NONE, subject: NONE, class: NONE, subgroup: NONE, "teaching-load": VIEW,
    user: NONE, audit: NONE, "assignment-type": NONE, "journal-override": NONE, journal: NONE, diary: NONE, timetable: VIEW,
  },
  MEDIC: {
    school: NONE, year: VIEW, room: NONE, subject: NONE, class: VIEW, subgroup: NONE, "teaching-load": NONE,
    user: NONE, audit: NONE, "assignment-type": NONE, "journal-override": NONE, journal: NONE, diary: NONE, timetable: VIEW,
  },
  PSYCHOLOGIST: {
    school: NONE, year: VIEW, room: NONE, subject: NONE, class: VIEW, subgroup: NONE, "teaching-load": NONE,
    user: NONE, audit: NONE, "assignment-type": NONE, "journal-override": NONE, journal: NONE, diary: NONE, timetable: VIEW,
  },
  TECH_STAFF: {
    school: NONE, year: NONE, room: VIEW, subject: NONE, class: NONE, subgroup: NONE, "teaching-load": NONE,
    user: NONE, audit: NONE, "assignment-type": NONE, "journal-override": NONE, journal: NONE, diary: NONE, timetable: VIEW,
  },
  // Parents and students see only their own family's diary (diary.policy).
  PARENT: {
    school: NONE, year: NONE, room: NONE, subject: NONE, class: NONE, subgroup: NONE, "teaching-load": NONE,
    user: NONE, audit: NONE, "assignment-type": NONE, "journal-override": NONE, journal: NONE, diary: VIEW, timetable: VIEW,
  },
  STUDENT: {
    school: NONE, year: NONE, room: NONE, subject: NONE, class: NONE, subgroup: NONE, "teaching-load": NONE,
    user: NONE, audit: NONE, "assignment-type": NONE, "journal-override": NONE, journal: NONE, diary: VIEW, timetable: VIEW,
  },
};
