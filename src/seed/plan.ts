/**
 * The seed's generator: builds the whole school in memory, with no database,
 * from a fixed-seed PRNG, so the same size always gives the same people,
 * classes, load and logins (school.ts then writes the plan in bulk).
 *
 * The parts: the sizes (plan-sizes.ts), the load and the teachers it needs
 * (staffing.ts), the staff (plan-staff.ts), the families (families.ts), the
 * accounts (plan-accounts.ts), the movement book (plan-movement.ts) and the
 * personnel cards (plan-staff-cards.ts); the plan's rows are described in plan-types.ts.
 */
import { compareNames } from "../lib/names.ts";
import { SUBGROUP_NAMES } from "./curriculum.ts";
import { seatFamilies } from "./families.ts";
import { People, yearOf } from "./people.ts";
import { chooseNamedFamily, chooseNamedStaff, personsWithoutConsent, pickSubjectTeacher, planUsers } from "./plan-accounts.ts";
import { planMovements } from "./plan-movement.ts";
import { SPECS } from "./plan-sizes.ts";
import { planStaffCards } from "./plan-staff-cards.ts";
import { hireStaff, staffPersons } from "./plan-staff.ts";
import type { DemoKey, PlanClass, PlanLoad, SchoolPlan, SeedSize } from "./plan-types.ts";
import { Rng } from "./random.ts";
import { chooseClassTeachers, planLoadBundles, planRooms, planTeachers } from "./staffing.ts";

const LETTERS = "АБВГДЕ";

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
  const { staff, teacherOf } = hireStaff(spec, people, slots);
  const loads: PlanLoad[] = bundles.flatMap((b) =>
    b.items.map((item) => ({ teacher: teacherOf.get(b)!, cls: b.cls, subgroup: b.subgroup, subject: item.subject, hours: item.hours })),
  );

  // demo.teacher: the mathematics teacher with the most classes, who leads none.
  const subjectTeacher = pickSubjectTeacher(staff, loads);
  const leading = chooseClassTeachers(classes, loads, subjectTeacher);
  const rooms = planRooms(classes, spec.upperFloors);
  const namedStaff = chooseNamedStaff(staff, subjectTeacher, leading);

  // Families: staff parents first (teachers, and one of the support staff, of an age to have a pupil here), then the rest.
  const reserved = new Set(Object.values(namedStaff));
  const ageFits = (person: number) => yearOf(people.get(person).birthDate) >= 1976 && yearOf(people.get(person).birthDate) <= 1994;
  const teacherCandidates = rng.shuffle(staffPersons(staff, (s) => !!s.specialty && !reserved.has(s.person) && ageFits(s.person)));
  const otherCandidates = rng.shuffle(staffPersons(staff, (s) => !s.specialty && !s.roles.includes("ADMIN") && !reserved.has(s.person) && ageFits(s.person)));
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

  // Accounts: the named ones (staff, then a family), a login from the name for everyone else
  // who has consented to personal-data processing (every 7th family has not: no logins there).
  const named: Record<DemoKey, number> = { ...namedStaff, ...chooseNamedFamily(staff, classes, students, families) };
  const persons = people.persons;
  const withoutConsent = personsWithoutConsent(families, students, parentLinks, new Set(Object.values(named)));
  const users = planUsers(persons, {
    staff,
    students,
    parentLinks,
    named,
    loginPrefix: spec.loginPrefix,
    emailDomain: spec.emailDomain,
    takenLogins,
    withoutConsent,
    rng,
  });

  // The year's movement book and the personnel cards: streams of their own, so the school above does not move.
  const movements = planMovements({ seed: spec.seed, persons, staff, classes, students, parentLinks, subgroups, named: Object.values(named) });
  const staffCards = planStaffCards(spec.seed, staff, persons);

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
    named,
    movements,
    staffCards,
  };
}
