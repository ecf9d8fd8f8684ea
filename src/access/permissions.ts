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

/**
 * Entities granted per entity rather than per role: one line each, a role that
 * is not named gets nothing. Record rules (own class, own area) narrow them in
 * the modules' *.policy.ts.
 */
const ENTITY_GRANTS = {
  // Students' personal files, main sections (R-REG-1, R-ACL-8): the class teacher only for the own class.
  "student-file": {
    ADMIN: ["view", "create", "update", "delete"],
    DEPUTY: ["view", "create", "update"],
    SECRETARY: ["view", "create", "update"],
    CLASS_TEACHER: ["view", "update"],
    MEDIC: ["view"],
    PSYCHOLOGIST: ["view"],
  },
  // Medical section: entered only by the medical worker (R-ACL-5).
  "student-medical": { ADMIN: ["view"], DEPUTY: ["view"], MEDIC: ["view", "create", "update", "delete"] },
  // Social and psychological section: entered only by the psychologist / social pedagogue (R-ACL-6).
  "student-social": { ADMIN: ["view"], DEPUTY: ["view"], PSYCHOLOGIST: ["view", "create", "update", "delete"] },
  // Parent cards and their links to children (R-REG-2).
  "parent-card": {
    ADMIN: ["view", "create", "update", "delete"],
    DEPUTY: ["view", "update"],
    SECRETARY: ["view", "create", "update"],
    CLASS_TEACHER: ["view", "update"],
  },
  // Consent to personal-data processing (R-SEC-6).
  consent: { ADMIN: ["view", "create", "update"], DEPUTY: ["view"], SECRETARY: ["view", "create", "update"], CLASS_TEACHER: ["view", "create", "update"] },
  // Issuing logins and temporary passwords on slips (R-SEC-8): the class teacher only for the own class.
  "account-issue": { ADMIN: ["create"], DEPUTY: ["create"], SECRETARY: ["create"], CLASS_TEACHER: ["create"] },
  // The movement book: orders of enrolment, transfer, withdrawal (R-REG-3..4); correcting an order (update/delete) is the administrator's, with a reason.
  movement: { ADMIN: ["view", "create", "update", "delete"], DEPUTY: ["view", "create"], SECRETARY: ["view", "create"] },
  // Staff personal files and the personnel register (R-REG-5, R-ACL-3).
  "staff-file": { ADMIN: ["view", "create", "update", "delete"], HR: ["view", "create", "update", "delete"] },
  // HR reports (R-RPT-5).
  "hr-report": { ADMIN: ["view"], HR: ["view"] },
  // Spreadsheet import and export of registers (R-REG-7); which register, the module decides.
  "register-import": { ADMIN: ["view", "create"], SECRETARY: ["view", "create"], HR: ["view", "create"] },
  // GIA: exam subjects, documents and results of graduating classes (R-REG-8).
  gia: {
    ADMIN: ["view", "create", "update", "delete"],
    DEPUTY: ["view", "create", "update", "delete"],
    CLASS_TEACHER: ["view", "update"],
    SECRETARY: ["view"],
  },
  // The change log of personal data (R-REG-6).
  "personal-data-log": { ADMIN: ["view"] },
  // Reports and control (R-RPT-1..7): teachers and class teachers see their own scope (reports.policy), the medic attendance only (R-ACL-7).
  report: { ADMIN: ["view"], DEPUTY: ["view"], TEACHER: ["view"], CLASS_TEACHER: ["view"], MEDIC: ["view"] },
  // Remarks of the monthly journal check (R-RPT-1): the deputy writes, the teacher marks them fixed.
  "journal-remark": { ADMIN: ["view", "create", "update", "delete"], DEPUTY: ["view", "create", "update", "delete"], TEACHER: ["view", "update"] },
  // Closing the academic year (R-YR-1): the administrator only.
  "year-close": { ADMIN: ["view", "create"] },
  // The seal of archived years and its check (R-INT-1).
  integrity: { ADMIN: ["view", "create"], DEPUTY: ["view"] },
} as const satisfies Record<string, Partial<Record<Role, readonly Action[]>>>;

export type Entity = (typeof ENTITIES)[number] | keyof typeof ENTITY_GRANTS;
export const ALL_ENTITIES: Entity[] = [...ENTITIES, ...(Object.keys(ENTITY_GRANTS) as (keyof typeof ENTITY_GRANTS)[])];

export const ACTIONS = ["view", "create", "update", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

const ALL: Action[] = ["view", "create", "update", "delete"];
const VIEW: Action[] = ["view"];
const NONE: Action[] = [];

const ROLE_GRANTS: Record<Role, Record<(typeof ENTITIES)[number], Action[]>> = {
  ADMIN: {
    school: ["view", "update"],
    year: ALL,
    room: ALL,
    subject: ALL,
    class: ALL,
    subgroup: ALL,
    "teaching-load": ALL,
    user: ALL,
    audit: VIEW,
    "assignment-type": ALL,
    "journal-override": ["update"],
    journal: ["view", "update"],
    diary: NONE,
    timetable: ALL,
  },
  DEPUTY: {
    school: VIEW,
    year: ALL,
    room: ALL,
    subject: ALL,
    class: ALL,
    subgroup: ALL,
    "teaching-load": ALL,
    user: VIEW,
    audit: VIEW,
    "assignment-type": ALL,
    "journal-override": ["update"],
    journal: ["view", "update"],
    diary: NONE,
    timetable: ALL,
  },
  // Teachers edit only journals of their own teaching load (journal.policy).
  TEACHER: {
    school: NONE,
    year: VIEW,
    room: VIEW,
    subject: VIEW,
    class: VIEW,
    subgroup: VIEW,
    "teaching-load": VIEW,
    user: NONE,
    audit: NONE,
    "assignment-type": VIEW,
    "journal-override": NONE,
    journal: ["view", "update"],
    diary: NONE,
    timetable: VIEW,
  },
  // A class teacher may reset passwords of the own class's students and parents (R-SEC-3; users.policy).
  CLASS_TEACHER: {
    school: NONE,
    year: VIEW,
    room: VIEW,
    subject: VIEW,
    class: VIEW,
    subgroup: VIEW,
    "teaching-load": VIEW,
    user: ["view", "update"],
    audit: NONE,
    "assignment-type": VIEW,
    "journal-override": NONE,
    journal: ["view", "update"],
    diary: NONE,
    timetable: VIEW,
  },
  SECRETARY: {
    school: NONE,
    year: VIEW,
    room: VIEW,
    subject: VIEW,
    class: VIEW,
    subgroup: NONE,
    "teaching-load": NONE,
    user: NONE,
    audit: NONE,
    "assignment-type": NONE,
    "journal-override": NONE,
    journal: NONE,
    diary: NONE,
    timetable: VIEW,
  },
  HR: {
    school: NONE,
    year: VIEW,
    room: NONE,
    subject: NONE,
    class: NONE,
    subgroup: NONE,
    "teaching-load": VIEW,
    user: NONE,
    audit: NONE,
    "assignment-type": NONE,
    "journal-override": NONE,
    journal: NONE,
    diary: NONE,
    timetable: VIEW,
  },
  MEDIC: {
    school: NONE,
    year: VIEW,
    room: NONE,
    subject: NONE,
    class: VIEW,
    subgroup: NONE,
    "teaching-load": NONE,
    user: NONE,
    audit: NONE,
    "assignment-type": NONE,
    "journal-override": NONE,
    journal: NONE,
    diary: NONE,
    timetable: VIEW,
  },
  PSYCHOLOGIST: {
    school: NONE,
    year: VIEW,
    room: NONE,
    subject: NONE,
    class: VIEW,
    subgroup: NONE,
    "teaching-load": NONE,
    user: NONE,
    audit: NONE,
    "assignment-type": NONE,
    "journal-override": NONE,
    journal: NONE,
    diary: NONE,
    timetable: VIEW,
  },
  TECH_STAFF: {
    school: NONE,
    year: NONE,
    room: VIEW,
    subject: NONE,
    class: NONE,
    subgroup: NONE,
    "teaching-load": NONE,
    user: NONE,
    audit: NONE,
    "assignment-type": NONE,
    "journal-override": NONE,
    journal: NONE,
    diary: NONE,
    timetable: VIEW,
  },
  // Parents and students see only their own family's diary (diary.policy).
  PARENT: {
    school: NONE,
    year: NONE,
    room: NONE,
    subject: NONE,
    class: NONE,
    subgroup: NONE,
    "teaching-load": NONE,
    user: NONE,
    audit: NONE,
    "assignment-type": NONE,
    "journal-override": NONE,
    journal: NONE,
    diary: VIEW,
    timetable: VIEW,
  },
  STUDENT: {
    school: NONE,
    year: NONE,
    room: NONE,
    subject: NONE,
    class: NONE,
    subgroup: NONE,
    "teaching-load": NONE,
    user: NONE,
    audit: NONE,
    "assignment-type": NONE,
    "journal-override": NONE,
    journal: NONE,
    diary: VIEW,
    timetable: VIEW,
  },
};

export const GRANTS: Record<Role, Record<Entity, Action[]>> = Object.fromEntries(
  (Object.keys(ROLE_GRANTS) as Role[]).map((role) => [
    role,
    {
      ...ROLE_GRANTS[role],
      ...Object.fromEntries(
        Object.entries(ENTITY_GRANTS).map(([entity, byRole]) => [entity, [...((byRole as Partial<Record<Role, readonly Action[]>>)[role] ?? [])]]),
      ),
    },
  ]),
) as Record<Role, Record<Entity, Action[]>>;
