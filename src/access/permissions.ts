/**
 * The permission catalogue: role × entity × action → scope. Every cell is present (a row is a
 * tuple of one cell per role, in ROLES order, so a missing role does not compile), and a cell is
 * four letters, one scope per action in the order view, create, update, delete:
 *
 *   s  school        everything of the user's school
 *   t  taught        the classes and subjects of the user's teaching load
 *   c  own-classes   the classes the user leads (классное руководство)
 *   f  own-children  the user's children
 *   m  self          the user's own records
 *   -  none
 *
 * So "s-s-" is view and update school-wide, "c---" view of the own classes only. Record rules
 * that are not scopes (the 30-day lock, membership on the lesson date, a closed year, the medic
 * alone writing medical data) stay in the modules' *.policy.ts. tests/access/catalogue.test.ts
 * states the same table in words, cell by cell.
 *
 * A school's administrator may narrow a cell, or widen it up to its ceiling (CEILINGS), on the
 * page «Права ролей»; nothing widens a cell beyond its ceiling, and the cells in NEVER_OPEN can
 * never be opened to parents or students.
 */
import { ROLES, type Role } from "./roles.ts";

export const SCOPES = ["school", "taught", "own-classes", "own-children", "self", "none"] as const;
export type Scope = (typeof SCOPES)[number];

export const ACTIONS = ["view", "create", "update", "delete"] as const;
export type Action = (typeof ACTIONS)[number];

type Code = "s" | "t" | "c" | "f" | "m" | "-";
/** One cell: the scopes of view, create, update and delete. */
export type Cell = `${Code}${Code}${Code}${Code}`;
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

const CODE_SCOPE: Record<Code, Scope> = { s: "school", t: "taught", c: "own-classes", f: "own-children", m: "self", "-": "none" };
const SCOPE_CODE = Object.fromEntries(Object.entries(CODE_SCOPE).map(([k, v]) => [v, k])) as Record<Scope, Code>;

// prettier-ignore
const CATALOGUE = {
  //                     ADMIN   DEPUTY  TEACHER CL.TCH  SECR.   HR      MEDIC   PSYCH.  TECH    PARENT  STUDENT
  // School setup: settings, years and periods, rooms, subjects, classes, subgroups, load, kinds of work.
  "school":            ["s-s-", "s---", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  "year":              ["ssss", "ssss", "s---", "s---", "s---", "s---", "s---", "s---", "----", "----", "----"],
  "room":              ["ssss", "ssss", "s---", "s---", "s---", "----", "----", "----", "s---", "----", "----"],
  "subject":           ["ssss", "ssss", "s---", "s---", "s---", "----", "----", "----", "----", "----", "----"],
  "class":             ["ssss", "ssss", "s---", "s---", "s---", "----", "s---", "s---", "----", "----", "----"],
  // Subgroups (R-JRN-6, 000 §6): the class teacher splits the own class, a subject teacher the own load's subject there.
  "subgroup":          ["ssss", "ssss", "stt-", "scc-", "----", "----", "----", "----", "----", "----", "----"],
  "teaching-load":     ["ssss", "ssss", "s---", "s---", "----", "s---", "----", "----", "----", "----", "----"],
  "assignment-type":   ["ssss", "ssss", "s---", "s---", "----", "----", "----", "----", "----", "----", "----"],
  // Accounts (a class teacher resets passwords of the own class's families, R-SEC-3), the change log, the rights page.
  "user":              ["ssss", "s---", "----", "c-c-", "----", "----", "----", "----", "----", "----", "----"],
  "audit":             ["s---", "s---", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  "role-grant":        ["s-s-", "----", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // The journal (R-JRN, R-ACL-2): teachers write their load's journals, class teachers the own class's attendance;
  // outside the own load a deputy or the administrator corrects with a reason (journal.policy). The 30-day lock override.
  "journal":           ["s-s-", "s-s-", "s-t-", "s-c-", "----", "----", "----", "----", "----", "----", "----"],
  "journal-override":  ["--s-", "--s-", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  "journal-remark":    ["ssss", "ssss", "m-m-", "----", "----", "----", "----", "----", "----", "----", "----"],
  "today":             ["----", "----", "m---", "m---", "----", "----", "----", "----", "----", "----", "----"],
  // The diary (R-ACL-1): a parent the own children's, a student the own; weekly printouts for parents (R-DRY-3).
  "diary":             ["----", "----", "----", "----", "----", "----", "----", "----", "----", "f---", "m---"],
  "diary-print":       ["s---", "s---", "----", "c---", "----", "----", "----", "----", "----", "----", "----"],
  "timetable":         ["ssss", "ssss", "s---", "s---", "s---", "s---", "s---", "s---", "s---", "s---", "s---"],
  // Students' personal files (R-REG-1..2, R-ACL-4..8, R-SEC-6, R-SEC-8, R-REG-8).
  "student-file":      ["ssss", "sss-", "----", "c-c-", "sss-", "----", "s---", "s---", "----", "----", "----"],
  "student-medical":   ["s---", "s---", "----", "----", "----", "----", "ssss", "----", "----", "----", "----"],
  "student-social":    ["s---", "s---", "----", "----", "----", "----", "----", "ssss", "----", "----", "----"],
  "parent-card":       ["ssss", "s-s-", "----", "c-c-", "sss-", "----", "----", "----", "----", "----", "----"],
  "consent":           ["sss-", "s---", "----", "ccc-", "sss-", "----", "----", "----", "----", "----", "----"],
  "account-issue":     ["-s--", "-s--", "----", "-c--", "-s--", "----", "----", "----", "----", "----", "----"],
  "gia":               ["ssss", "ssss", "----", "c-c-", "s---", "----", "----", "----", "----", "----", "----"],
  "personal-data-log": ["s---", "----", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // Registers: the movement book (correcting an order is the administrator's), staff files, imports (R-REG-3..7).
  "movement":          ["ssss", "ss--", "----", "----", "ss--", "----", "----", "----", "----", "----", "----"],
  "staff-file":        ["ssss", "----", "----", "----", "----", "ssss", "----", "----", "----", "----", "----"],
  "hr-report":         ["s---", "----", "----", "----", "----", "s---", "----", "----", "----", "----", "----"],
  "import-staff":      ["ss--", "----", "----", "----", "----", "ss--", "----", "----", "----", "----", "----"],
  "import-students":   ["ss--", "----", "----", "----", "ss--", "----", "----", "----", "----", "----", "----"],
  // Reports (R-RPT-1..7): the monthly check, progress and charts; attendance (the medic too, R-ACL-7); the paper
  // copy and summary sheet of a class; user activity.
  "report":            ["s---", "s---", "t---", "c---", "----", "----", "----", "----", "----", "----", "----"],
  "attendance-report": ["s---", "s---", "t---", "c---", "----", "----", "s---", "----", "----", "----", "----"],
  "paper-report":      ["s---", "s---", "----", "c---", "----", "----", "----", "----", "----", "----", "----"],
  "activity-report":   ["s---", "s---", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // «Журнал замещения уроков» (001 §4.5.1): the deputies keep it, HR pays for it.
  "substitution-report": ["s---", "s---", "----", "----", "----", "s---", "----", "----", "----", "----", "----"],
  // The medical worker's and the psychologist's reports (issue 17, R-REG-11): counts per class and school; the keeper
  // of the data, the administrator and deputies (the others see counts below 3 as «<3», pupil-categories.service).
  "medical-report":    ["s---", "s---", "----", "----", "----", "----", "s---", "----", "----", "----", "----"],
  "social-report":     ["s---", "s---", "----", "----", "----", "----", "----", "s---", "----", "----", "----"],
  // «Табель успеваемости» (issue 17, R-DRY-6, 001 §4.4.5): the class teacher prints the own class's, the administration
  // any class's; a family reads the own card in the diary once the period's finals are entered (R-DRY-4, reports.policy).
  "report-card":       ["s---", "s---", "----", "c---", "----", "----", "----", "----", "----", "f---", "m---"],
  // Diagnostic works (ВПР, the school's diagnostics, issue 17, 002 §2): the class-subject's teacher or a deputy enters
  // them and their results, the class teacher reads the own class's; the analysis report is the deputies'.
  "diagnostic-work":   ["ssss", "ssss", "tttt", "c---", "----", "----", "----", "----", "----", "----", "----"],
  "diagnostic-report": ["s---", "s---", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // Closing the year (R-YR-1) and the archive's seal (R-INT-1).
  "year-close":        ["ss--", "s---", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // Academic debts of conditional promotions (issue 17, 003 §2.13.3): the deadline and the liquidations, after the close too.
  "academic-debt":     ["s-s-", "s-s-", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  "integrity":         ["ss--", "s---", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // Communication (issue 15, R-COM-1..4). Announcements: everyone reads the board (the audience decides what each
  // reader sees); administration posts to any audience, a teacher to the taught classes, a class teacher to the own
  // class, other staff to staff only ("self" = staff only); authors edit and delete their own, the administrator any.
  "announcement":      ["ssss", "ssmm", "stmm", "scmm", "smmm", "smmm", "smmm", "smmm", "smmm", "s---", "s---"],
  // Messages: view and update (archive) the own conversations; create = whom one may write to among families:
  // administration any family, a teacher the taught classes', a class teacher the own class's, a parent the own
  // children's teachers and class teachers (plus the administration), a student the own teachers (plus the
  // administration), other staff only staff. Staff always write to staff (messages.policy.ts).
  "message":           ["msm-", "msm-", "mtm-", "mcm-", "mmm-", "mmm-", "mmm-", "mmm-", "mmm-", "mfm-", "mmm-"],
  // Complaints about messages («пожаловаться») and hiding a message; the e-mail delivery log and the queue's state.
  "message-moderation": ["s-s-", "----", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  "notification-log":  ["s---", "----", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // Operations (issue 20): the server's state (versions, database, queue, last errors) and the backups of the
  // installation's database, which the administrator sees and takes one of now.
  "server-health":     ["s---", "----", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  "backup":            ["ss--", "----", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // Planning (issue 16, R-PLN-1..6, R-JRN-11). The curriculum and its load check: the administration keeps it, teachers
  // read it. КТП: every teacher reads the school's plans and templates; a teacher writes plans for the taught journals
  // and edits or deletes the own ones (an approved plan is locked: a new version, planning.policy); the deputy keeps
  // the library and any plan. Review (approve, return with a comment): the administration. «Выполнение программы»:
  // like the reports. The assessment schedule: a teacher plans the taught classes' assessments; the administration
  // accepts exceptions and publishes; families read the own class's published schedule.
  "curriculum":        ["ssss", "ssss", "s---", "s---", "s---", "----", "----", "----", "----", "----", "----"],
  "thematic-plan":     ["ssss", "ssss", "stmm", "s---", "----", "----", "----", "----", "----", "----", "----"],
  "plan-review":       ["s-s-", "s-s-", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  "program-report":    ["s---", "s---", "t---", "c---", "----", "----", "----", "----", "----", "----", "----"],
  "assessment-schedule": ["ssss", "ssss", "sttt", "s---", "s---", "----", "----", "----", "----", "f---", "m---"],
  // Personal tokens of the JSON API (issue 21): everyone lists, creates and revokes (delete) the own tokens; the
  // administrator lists and revokes every token of the school.
  "api-token":         ["sm-s", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m"],
  // Apps (issue 21): the own «пароль для приложений» of the «Сетевой город» web API, which reads the diary only —
  // so only families have one: a parent or a student sees, creates (replaces) and revokes the own.
  "app-password":      ["----", "----", "----", "----", "----", "----", "----", "----", "----", "mm-m", "mm-m"],
  // Cross-class groups (issue 17, R-JRN-13): ГПД, electives, optional and extracurricular courses drawn from several
  // classes; the administration sets them up (members, load line); their journals are the teachers' as any load's.
  "study-group":       ["ssss", "ssss", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // Graduating classes (issue 17, R-GIA-1): exam and final (certificate) marks of grades 9 and 11 — the class teacher
  // the own class, deputies and the administrator every class; the ГИА analysis (a report) for the administration.
  "graduate-final":    ["s-s-", "s-s-", "----", "c-c-", "----", "----", "----", "----", "----", "----", "----"],
  "gia-report":        ["s---", "s---", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  // Registers of 002 §4 (issue 17, R-REG-9). The school's reference lists: the administrator keeps them, deputies read.
  // Methodical associations: the administration keeps them; a teacher sees the associations the teacher leads ("self").
  "reference-list":    ["ssss", "s---", "----", "----", "----", "----", "----", "----", "----", "----", "----"],
  "methodical-association": ["ssss", "ssss", "m---", "m---", "----", "----", "----", "----", "----", "----", "----"],
  // Issue 17 (R-REG-10, R-SEC-7): HR (and the administrator) issue staff logins in bulk with slips and a signature
  // sheet; the register of staff admitted to personal data (non-disclosure undertakings, 001 §3.14).
  "staff-account-issue": ["ss--", "----", "----", "----", "----", "ss--", "----", "----", "----", "----", "----"],
  "pd-register":       ["sss-", "----", "----", "----", "----", "sss-", "----", "----", "----", "----", "----"],
  // Events and the calendar (issue 18): everyone reads the calendar (the audience decides what each reader sees); the
  // administration creates school events for any audience, a teacher class events for the taught classes, a class
  // teacher for the own class; authors change their own, a class teacher the own class's, the administration any.
  // The personal iCalendar feed link: everyone keeps (creates, revokes) the own.
  "event":             ["ssss", "ssss", "stmm", "sccc", "s---", "s---", "s---", "s---", "s---", "s---", "s---"],
  "calendar-feed":     ["mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m", "mm-m"],
} as const satisfies Record<string, Row>;

export type Entity = keyof typeof CATALOGUE;
export const ENTITIES = Object.keys(CATALOGUE) as Entity[];

/**
 * How far a school's administrator may widen a cell (role, entity): the same four letters. A cell
 * not listed cannot be widened beyond its default (it may still be narrowed to none).
 */
// prettier-ignore
export const CEILINGS: Partial<Record<Entity, Partial<Record<Role, Cell>>>> = {
  // Teachers may be allowed the reports of every class of the school.
  "report":            { TEACHER: "s---" },
  "attendance-report": { TEACHER: "s---", PSYCHOLOGIST: "s---" },
  // The secretary or technical staff may keep the timetable and the rooms.
  "timetable":         { SECRETARY: "ssss", TECH_STAFF: "ssss" },
  "room":              { TECH_STAFF: "ssss" },
  // The deputy may keep the personnel register's reports; HR may read the movement book.
  "hr-report":         { DEPUTY: "s---" },
  "movement":          { HR: "s---" },
  // The class teacher may read the own class's social-pedagogical section.
  "student-social":    { CLASS_TEACHER: "c---" },
  // R-REG-10: the secretary may be allowed to issue staff logins.
  "staff-account-issue": { SECRETARY: "ss--" },
};

/**
 * Never opened to parents or students, whatever a school sets (152-ФЗ, R-ACL-4..8): personal-data
 * sections, medical and psychological data, staff files, other families' marks (their diary
 * scope stays own-children / self), and the journal-override lock correction, which stays with
 * deputies and administrators.
 */
export const NEVER_OPEN: readonly { roles: readonly Role[]; entities: readonly Entity[] }[] = [
  {
    roles: ["PARENT", "STUDENT"],
    entities: [
      "student-file",
      "student-medical",
      "student-social",
      "parent-card",
      "consent",
      "gia",
      "personal-data-log",
      "staff-file",
      "hr-report",
      "medical-report",
      "social-report",
      "user",
      "audit",
      "staff-account-issue",
      "pd-register",
    ],
  },
  { roles: ROLES.filter((r) => r !== "ADMIN" && r !== "DEPUTY"), entities: ["journal-override"] },
];

const ROLE_INDEX = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<Role, number>;
const ACTION_INDEX: Record<Action, number> = { view: 0, create: 1, update: 2, delete: 3 };

/** The default (code) scope of a cell. */
export function defaultScope(role: Role, entity: Entity, action: Action): Scope {
  const cell = CATALOGUE[entity][ROLE_INDEX[role]] as Cell; // a Row has one cell per role
  return CODE_SCOPE[cell[ACTION_INDEX[action]] as Code];
}

/** The widest scope a school may give this cell. */
export function ceilingScope(role: Role, entity: Entity, action: Action): Scope {
  if (NEVER_OPEN.some((n) => n.roles.includes(role) && n.entities.includes(entity))) return defaultScope(role, entity, action);
  const cell = CEILINGS[entity]?.[role];
  return cell ? CODE_SCOPE[cell[ACTION_INDEX[action]] as Code] : defaultScope(role, entity, action);
}

/** Cells no school may change: the administrator keeps accounts and the rights page, so administration cannot lock itself out. */
export const FIXED: readonly { role: Role; entity: Entity }[] = [
  { role: "ADMIN", entity: "user" },
  { role: "ADMIN", entity: "role-grant" },
];

/** The scopes a school may choose for a cell: none, the default, the ceiling (only the default for a fixed cell). */
export function allowedScopes(role: Role, entity: Entity, action: Action): Scope[] {
  if (FIXED.some((f) => f.role === role && f.entity === entity)) return [defaultScope(role, entity, action)];
  return [...new Set<Scope>(["none", defaultScope(role, entity, action), ceilingScope(role, entity, action)])];
}

export function isEntity(value: string): value is Entity {
  return Object.hasOwn(CATALOGUE, value);
}

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** The one-letter code of a scope (for the catalogue's table in tests and on the page). */
export function scopeCode(scope: Scope): string {
  return SCOPE_CODE[scope];
}

// The ceilings never open what NEVER_OPEN closes, and never list a role the catalogue does not
// know; checked once at start, so a bad edit fails every test run.
for (const n of NEVER_OPEN)
  for (const role of n.roles)
    for (const entity of n.entities)
      if (CEILINGS[entity]?.[role]) throw new Error(`permissions.ts: CEILINGS opens ${entity} to ${role}, which NEVER_OPEN forbids`);
