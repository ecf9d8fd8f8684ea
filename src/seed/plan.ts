/**
 * The seed's generator: builds the whole school in memory, with no database,
 * from a fixed-seed PRNG, so the same size always gives the same people,
 * classes, load and logins (school.ts then writes the plan in bulk).
 *
 * Rows refer to each other by index into the plan's arrays: `person` is an
 * index into persons, `cls` into classes, `student` into students,
 * `subgroup` into subgroups.
 */
import type { Role } from "../access/roles.ts";
import { compareNames } from "../lib/names.ts";
import { translit } from "../lib/passwords.ts";
import { HOURS_PER_RATE, SPECIALTY_TITLES, SUBGROUP_NAMES, SUBJECTS, type Specialty, type SubjectKey } from "./curriculum.ts";
import { seatFamilies } from "./families.ts";
import { People, iso, utc, yearOf, type PlanPerson } from "./people.ts";
import { Rng } from "./random.ts";
import { chooseClassTeachers, planLoadBundles, planRooms, planTeachers, type Bundle } from "./staffing.ts";

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
}

interface NonTeachingDef {
  title: string;
  role: Role;
  maleShare: number;
  born?: readonly [number, number];
}

interface SizeSpec {
  seed: number;
  school: SchoolPlan["school"];
  loginPrefix: string;
  emailDomain: string;
  classesPerGrade: readonly number[];
  classSize: (grade: number, rng: Rng) => number;
  /** Staff beyond the teachers; tech staff is added up to staffTarget. */
  nonTeaching: readonly NonTeachingDef[];
  extraTech: readonly NonTeachingDef[];
  staffTarget: number;
  staffParents: number;
  /** Upper floors with twelve classrooms each. */
  upperFloors: number;
}

const CORE_STAFF: readonly NonTeachingDef[] = [
  { title: "Директор", role: "ADMIN", maleShare: 0.4, born: [1964, 1980] },
  { title: "Заместитель директора по УВР", role: "DEPUTY", maleShare: 0.15, born: [1966, 1986] },
  { title: "Заместитель директора по ВР", role: "DEPUTY", maleShare: 0.25, born: [1970, 1990] },
  { title: "Секретарь руководителя", role: "SECRETARY", maleShare: 0 },
  { title: "Специалист по кадрам", role: "HR", maleShare: 0.05 },
  { title: "Медицинская сестра", role: "MEDIC", maleShare: 0 },
  { title: "Педагог-психолог", role: "PSYCHOLOGIST", maleShare: 0.1 },
  { title: "Социальный педагог", role: "PSYCHOLOGIST", maleShare: 0.1 },
  { title: "Заведующий хозяйством", role: "TECH_STAFF", maleShare: 0.5 },
  { title: "Системный администратор", role: "TECH_STAFF", maleShare: 0.9 },
];

const EXTRA_TECH: readonly NonTeachingDef[] = [
  { title: "Лаборант", role: "TECH_STAFF", maleShare: 0.2 },
  { title: "Библиотекарь", role: "TECH_STAFF", maleShare: 0.05 },
  { title: "Рабочий по комплексному обслуживанию здания", role: "TECH_STAFF", maleShare: 0.9 },
  { title: "Уборщик служебных помещений", role: "TECH_STAFF", maleShare: 0.1 },
  { title: "Гардеробщик", role: "TECH_STAFF", maleShare: 0.1 },
  { title: "Сторож", role: "TECH_STAFF", maleShare: 0.8 },
];

const SPECS: Record<SeedSize, SizeSpec> = {
  demo: {
    seed: 20260901,
    school: {
      name: "МБОУ «Средняя общеобразовательная школа № 1»",
      shortName: "СОШ № 1",
      address: "г. Заречный, ул. Школьная, д. 1",
    },
    loginPrefix: "demo",
    emailDomain: "sosh1.example.org",
    classesPerGrade: [3, 2, 2, 2, 3, 2, 2, 2, 2, 2, 2],
    classSize: (grade, rng) => (grade >= 10 ? rng.int(18, 23) : rng.int(22, 26)),
    nonTeaching: CORE_STAFF,
    extraTech: [],
    staffTarget: 45,
    staffParents: 5,
    upperFloors: 2,
  },
  large: {
    seed: 20260902,
    school: {
      name: "МАОУ «Средняя общеобразовательная школа № 2 с углублённым изучением отдельных предметов»",
      shortName: "СОШ № 2",
      address: "г. Заречный, пр. Мира, д. 25",
    },
    loginPrefix: "bench",
    emailDomain: "sosh2.example.org",
    classesPerGrade: [4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3],
    classSize: (grade, rng) => (grade >= 10 ? rng.int(22, 26) : rng.int(26, 30)),
    nonTeaching: [
      ...CORE_STAFF,
      { title: "Заместитель директора по УВР (начальная школа)", role: "DEPUTY", maleShare: 0.05, born: [1966, 1986] },
      { title: "Делопроизводитель", role: "SECRETARY", maleShare: 0.05 },
      { title: "Фельдшер", role: "MEDIC", maleShare: 0.2 },
      { title: "Педагог-психолог", role: "PSYCHOLOGIST", maleShare: 0.1 },
    ],
    extraTech: EXTRA_TECH,
    staffTarget: 90,
    staffParents: 8,
    upperFloors: 3,
  },
};

/** Prefix of the named accounts of a size: demo.admin for the demo school, bench.admin for the large one. */
export function loginPrefixFor(size: SeedSize): string {
  return SPECS[size].loginPrefix;
}

const LETTERS = "АБВГДЕ";

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

/** Builds the school for a size. `takenLogins` are logins already in the database (kept unique across schools). */
export function buildSchoolPlan(size: SeedSize, takenLogins: ReadonlySet<string> = new Set()): SchoolPlan {
  const spec = SPECS[size];
  const rng = new Rng(spec.seed);
  const people = new People(rng);

  // Classes, their subgroups and the teaching load, in bundles per teacher.
  const classes: PlanClass[] = [];
  spec.classesPerGrade.forEach((count, i) => {
    for (let k = 0; k < count; k++) classes.push({ grade: i + 1, letter: LETTERS[k]!, teacher: -1, homeRoom: "", size: spec.classSize(i + 1, rng) });
  });
  const { subgroups, bundles } = planLoadBundles(classes);
  const slots = planTeachers(bundles);

  // Staff: administration and support first, then the teachers, then tech staff up to the target.
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
  const loads: PlanLoad[] = bundles.flatMap((b) =>
    b.items.map((item) => ({ teacher: teacherOf.get(b)!, cls: b.cls, subgroup: b.subgroup, subject: item.subject, hours: item.hours })),
  );

  // demo.teacher: the mathematics teacher with the most classes, who leads none.
  const classesOf = (t: number) => new Set(loads.filter((l) => l.teacher === t).map((l) => l.cls)).size;
  const subjectTeacher = staff
    .filter((s) => s.specialty === "math")
    .map((s) => s.person)
    .sort((a, b) => classesOf(b) - classesOf(a) || a - b)[0]!;
  const leading = chooseClassTeachers(classes, loads, subjectTeacher);
  const rooms = planRooms(classes, spec.upperFloors);

  // Named staff accounts.
  const staffBy = (pred: (s: PlanStaff) => boolean) => staff.filter(pred).map((s) => s.person);
  const first = (list: number[], what: string) => {
    if (list[0] === undefined) throw new Error(`Seed: no ${what}`);
    return list[0];
  };
  const hasRole = (role: Role) => staffBy((s) => s.roles.includes(role));
  const named: Partial<Record<DemoKey, number>> = {
    admin: first(hasRole("ADMIN"), "director"),
    deputy: first(
      staffBy((s) => s.title === "Заместитель директора по УВР"),
      "deputy",
    ),
    teacher: subjectTeacher,
    classteacher: first(
      staffBy((s) => s.specialty === "russian" && leading.has(s.person)).concat(
        staffBy((s) => !!s.specialty && s.specialty !== "primary" && leading.has(s.person)),
      ),
      "class teacher",
    ),
    secretary: first(hasRole("SECRETARY"), "secretary"),
    hr: first(hasRole("HR"), "HR"),
    medic: first(hasRole("MEDIC"), "medic"),
    psychologist: first(hasRole("PSYCHOLOGIST"), "psychologist"),
    tech: first(hasRole("TECH_STAFF"), "tech staff"),
  };

  // Families: staff parents first (teachers, and one of the support staff, of an age to have a pupil here), then the rest.
  const reserved = new Set(Object.values(named));
  const ageFits = (person: number) => yearOf(people.get(person).birthDate) >= 1976 && yearOf(people.get(person).birthDate) <= 1994;
  const teacherCandidates = rng.shuffle(staffBy((s) => !!s.specialty && !reserved.has(s.person) && ageFits(s.person)));
  const otherCandidates = rng.shuffle(staffBy((s) => !s.specialty && !s.roles.includes("ADMIN") && !reserved.has(s.person) && ageFits(s.person)));
  const { students, parentLinks, families } = seatFamilies(people, classes, [
    ...teacherCandidates.slice(0, spec.staffParents - 1),
    ...otherCandidates.slice(0, 1),
  ]);

  // Subgroups: the class list in alphabetical order, split into halves.
  const roster = classes.map(() => [] as number[]);
  students.forEach((s, i) => roster[s.cls]!.push(i));
  for (const list of roster) list.sort((a, b) => compareNames(people.get(students[a]!.person), people.get(students[b]!.person)) || a - b);
  for (const g of subgroups) {
    const list = roster[g.cls]!;
    const half = Math.ceil(list.length / 2);
    g.students = g.name === SUBGROUP_NAMES[0] ? list.slice(0, half) : list.slice(half);
  }

  // Named family accounts: a mother of two children in different classes, one of them
  // in grade 5–9 (demo.student); a teacher who is a parent (demo.teacherparent).
  const inMiddleSchool = (s: number) => classes[students[s]!.cls]!.grade >= 5 && classes[students[s]!.cls]!.grade <= 9;
  const family = families.find((f) => f.staffParent === null && f.mother !== null && f.children.length === 2 && f.children.some(inMiddleSchool));
  if (!family) throw new Error("Seed: no family with two children for the demo parent");
  named.parent = family.mother!;
  named.student = students[family.children.find(inMiddleSchool)!]!.person;
  const teacherPersons = new Set(staffBy((s) => !!s.specialty));
  named.teacherparent = first(
    families.map((f) => f.staffParent).filter((p): p is number => p !== null && teacherPersons.has(p)),
    "teacher-parent",
  );

  // Accounts: everyone gets one, with a login from the name (ivanov.pe, ivanov.pe2, …).
  const persons = people.persons;
  const roles = persons.map(() => new Set<Role>());
  for (const s of staff) for (const r of s.roles) roles[s.person]!.add(r);
  for (const s of students) roles[s.person]!.add("STUDENT");
  for (const l of parentLinks) roles[l.parent]!.add("PARENT");
  const namedLogin = new Map(Object.entries(named).map(([key, person]) => [person, `${spec.loginPrefix}.${key}`]));
  const taken = new Set(takenLogins);
  const users: PlanUser[] = persons.map((person, i) => {
    const login = namedLogin.get(i) ?? uniqueLogin(person, taken);
    taken.add(login);
    return { person: i, login, roles: [...roles[i]!].sort() };
  });
  // E-mail for staff and for most parents (logins may be sent by e-mail, R-SEC-8).
  for (const u of users) {
    const isStaff = u.roles.some((r) => r !== "PARENT" && r !== "STUDENT");
    if (isStaff) persons[u.person]!.email = `${u.login}@${spec.emailDomain}`;
    else if (u.roles.includes("PARENT") && rng.chance(0.6)) persons[u.person]!.email = `${u.login.replace(/\./g, "_")}@example.org`;
  }

  return {
    size,
    school: spec.school,
    loginPrefix: spec.loginPrefix,
    rooms,
    persons,
    staff,
    classes,
    students,
    parentLinks,
    subgroups,
    loads,
    users,
    named: named as Record<DemoKey, number>,
  };
}

/** «ivanov.pe» from «Иванов Пётр Евгеньевич» (as the account form suggests), with 2, 3, … on a clash. */
function uniqueLogin(p: PlanPerson, taken: ReadonlySet<string>): string {
  const clean = (s: string) => translit(s).replace(/[^a-z0-9._-]/g, "");
  const base = `${clean(p.lastName)}.${clean(p.firstName).charAt(0)}${clean(p.middleName ?? "").charAt(0)}`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

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
    subgroupMemberships: plan.subgroups.reduce((s, g) => s + g.students.length, 0),
    parentLinks: plan.parentLinks.length,
    maxTeacherHours: Math.max(...hours.values()),
  };
}
