/**
 * The accounts of a seed plan: the named ones, one per role (demo.admin …
 * demo.teacherparent; bench.* in the large school), chosen among the staff and
 * the families, and a login from the name for everyone else (ivanov.pe,
 * ivanov.pe2, …), with e-mail addresses. Pupils and parents of a family that has
 * not consented to personal-data processing get no login (R-SEC-6).
 */
import type { Role } from "../access/roles.ts";
import { translit } from "../lib/passwords.ts";
import type { Family } from "./families.ts";
import type { PlanPerson } from "./people.ts";
import { staffPersons } from "./plan-staff.ts";
import type { DemoKey, PlanClass, PlanLoad, PlanParentLink, PlanStaff, PlanStudent, PlanUser } from "./plan-types.ts";
import type { Rng } from "./random.ts";

type FamilyKey = "parent" | "student" | "teacherparent";

function first(list: number[], what: string): number {
  if (list[0] === undefined) throw new Error(`Seed: no ${what}`);
  return list[0];
}

/** demo.teacher: the mathematics teacher with the most classes (chooseClassTeachers then gives them no class to lead). */
export function pickSubjectTeacher(staff: readonly PlanStaff[], loads: readonly PlanLoad[]): number {
  const classesOf = (t: number) => new Set(loads.filter((l) => l.teacher === t).map((l) => l.cls)).size;
  return staff
    .filter((s) => s.specialty === "math")
    .map((s) => s.person)
    .sort((a, b) => classesOf(b) - classesOf(a) || a - b)[0]!;
}

/** The named staff accounts; `leading` are the class teachers. */
export function chooseNamedStaff(
  staff: readonly PlanStaff[],
  subjectTeacher: number,
  leading: ReadonlySet<number>,
): Record<Exclude<DemoKey, FamilyKey>, number> {
  const hasRole = (role: Role) => staffPersons(staff, (s) => s.roles.includes(role));
  return {
    admin: first(hasRole("ADMIN"), "director"),
    deputy: first(
      staffPersons(staff, (s) => s.title === "Заместитель директора по УВР"),
      "deputy",
    ),
    teacher: subjectTeacher,
    classteacher: first(
      staffPersons(staff, (s) => s.specialty === "russian" && leading.has(s.person)).concat(
        staffPersons(staff, (s) => !!s.specialty && s.specialty !== "primary" && leading.has(s.person)),
      ),
      "class teacher",
    ),
    secretary: first(hasRole("SECRETARY"), "secretary"),
    hr: first(hasRole("HR"), "HR"),
    medic: first(hasRole("MEDIC"), "medic"),
    psychologist: first(hasRole("PSYCHOLOGIST"), "psychologist"),
    tech: first(hasRole("TECH_STAFF"), "tech staff"),
  };
}

/**
 * The named family accounts: a mother of two children in different classes, one of them
 * in grade 5–9 (demo.parent, demo.student); a teacher who is a parent (demo.teacherparent).
 */
export function chooseNamedFamily(
  staff: readonly PlanStaff[],
  classes: readonly PlanClass[],
  students: readonly PlanStudent[],
  families: readonly Family[],
): Record<FamilyKey, number> {
  const inMiddleSchool = (s: number) => classes[students[s]!.cls]!.grade >= 5 && classes[students[s]!.cls]!.grade <= 9;
  const family = families.find((f) => f.staffParent === null && f.mother !== null && f.children.length === 2 && f.children.some(inMiddleSchool));
  if (!family) throw new Error("Seed: no family with two children for the demo parent");
  const teacherPersons = new Set(staffPersons(staff, (s) => !!s.specialty));
  return {
    parent: family.mother!,
    student: students[family.children.find(inMiddleSchool)!]!.person,
    teacherparent: first(
      families.map((f) => f.staffParent).filter((p): p is number => p !== null && teacherPersons.has(p)),
      "teacher-parent",
    ),
  };
}

/** Every FAMILY_WITHOUT_CONSENT-th family (counting from NO_CONSENT_OFFSET) has not given its consent yet. */
const FAMILY_WITHOUT_CONSENT = 7;
const NO_CONSENT_OFFSET = 3;

/**
 * R-SEC-6 in the demo: consent to personal-data processing is given per family, and every 7th
 * family has not given it yet. A login is issued only after consent (students.policy.ts
 * mayGetAccount), so the pupils and parents of those families have no account; the personal
 * files (students.ts) then record consent exactly for those with a login. Families of staff
 * members and of the named accounts (`keep`) have consented. Returns the persons without consent.
 */
export function personsWithoutConsent(
  families: readonly Family[],
  students: readonly PlanStudent[],
  parentLinks: readonly PlanParentLink[],
  keep: ReadonlySet<number>,
): Set<number> {
  const parentsOf = new Map<number, number[]>();
  for (const l of parentLinks) parentsOf.set(l.student, [...(parentsOf.get(l.student) ?? []), l.parent]);
  const out = new Set<number>();
  families.forEach((f, k) => {
    if (k % FAMILY_WITHOUT_CONSENT !== NO_CONSENT_OFFSET || f.staffParent !== null) return;
    const members = f.children.flatMap((s) => [students[s]!.person, ...(parentsOf.get(s) ?? [])]);
    if (members.some((p) => keep.has(p))) return;
    for (const p of members) out.add(p);
  });
  return out;
}

export interface AccountsInput {
  staff: readonly PlanStaff[];
  students: readonly PlanStudent[];
  parentLinks: readonly PlanParentLink[];
  named: Record<DemoKey, number>;
  loginPrefix: string;
  emailDomain: string;
  /** Logins already in the database (kept unique across schools). */
  takenLogins: ReadonlySet<string>;
  /** Pupils and parents without consent to personal-data processing: no login (personsWithoutConsent). */
  withoutConsent: ReadonlySet<number>;
  rng: Rng;
}

/**
 * Accounts: everyone with consent (staff, and the families of personsWithoutConsent's complement)
 * gets one, with a login from the name (ivanov.pe, ivanov.pe2, …) or the named one (demo.admin, …).
 * Sets the e-mail of staff and of most parents with a login on `persons`.
 */
export function planUsers(persons: PlanPerson[], input: AccountsInput): PlanUser[] {
  const { staff, students, parentLinks, named, loginPrefix, emailDomain, takenLogins, withoutConsent, rng } = input;
  const roles = persons.map(() => new Set<Role>());
  for (const s of staff) for (const r of s.roles) roles[s.person]!.add(r);
  for (const s of students) roles[s.person]!.add("STUDENT");
  for (const l of parentLinks) roles[l.parent]!.add("PARENT");
  const namedLogin = new Map(Object.entries(named).map(([key, person]) => [person, `${loginPrefix}.${key}`]));
  const taken = new Set(takenLogins);
  const staffSet = new Set(staff.map((s) => s.person));
  const users: PlanUser[] = [];
  persons.forEach((person, i) => {
    if (withoutConsent.has(i)) {
      if (namedLogin.has(i) || staffSet.has(i)) throw new Error("Seed: a named account or a staff member without consent");
      return;
    }
    const login = namedLogin.get(i) ?? uniqueLogin(person, taken);
    taken.add(login);
    users.push({ person: i, login, roles: [...roles[i]!].sort() });
  });
  // E-mail for staff and for most parents (logins may be sent by e-mail, R-SEC-8).
  for (const u of users) {
    const isStaff = u.roles.some((r) => r !== "PARENT" && r !== "STUDENT");
    if (isStaff) persons[u.person]!.email = `${u.login}@${emailDomain}`;
    else if (u.roles.includes("PARENT") && rng.chance(0.6)) persons[u.person]!.email = `${u.login.replace(/\./g, "_")}@example.org`;
  }
  return users;
}

/** «ivanov.pe» from «Иванов Пётр Евгеньевич» (as the account form suggests), with 2, 3, … on a clash. */
function uniqueLogin(p: PlanPerson, taken: ReadonlySet<string>): string {
  const clean = (s: string) => translit(s).replace(/[^a-z0-9._-]/g, "");
  const base = `${clean(p.lastName)}.${clean(p.firstName).charAt(0)}${clean(p.middleName ?? "").charAt(0)}`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
