/**
 * Students and their parents for a seed plan. Every free place in every class
 * is filled by a family: one child, sometimes two or three in classes of other
 * grades; one or two parents (mother and father, a single parent, or a
 * grandmother as guardian). Families share the surname (female forms for
 * women and girls); children's patronymics come from the father's name.
 * A few staff members are parents of pupils (R-ROLE-2).
 */
import { ADULT_MALE, CHILD_FEMALE, CHILD_MALE, ELDER_FEMALE } from "./data/first-names.ts";
import { SURNAMES } from "./data/surnames.ts";
import { patronymic, surnameFor, type SexCode } from "./names.ts";
import { DAY_MS, gradeBirthWindow, yearOf, type People } from "./people.ts";
import type { PlanClass, PlanParentLink, PlanStudent } from "./plan-types.ts";

export interface Family {
  staffParent: number | null;
  mother: number | null;
  children: number[];
}

export interface SeatedFamilies {
  students: PlanStudent[];
  parentLinks: PlanParentLink[];
  families: Family[];
}

/**
 * Seats families until every class is full. `staffParents` are staff persons
 * who get a child here first (those with no class of a fitting age are skipped).
 */
export function seatFamilies(people: People, classes: readonly PlanClass[], staffParents: readonly number[]): SeatedFamilies {
  const rng = people.rng;
  const students: PlanStudent[] = [];
  const parentLinks: PlanParentLink[] = [];
  const families: Family[] = [];
  const free = classes.map((c) => c.size);
  const birthOf = (student: number) => Date.parse(people.get(students[student]!.person).birthDate);

  const addChild = (cls: number, base: string, fatherFirst: string, siblings: readonly number[]): number => {
    const sex: SexCode = rng.chance(0.5) ? "MALE" : "FEMALE";
    const takenNames = new Set(siblings.map((s) => people.get(students[s]!.person).firstName));
    let firstName: string;
    do firstName = rng.pick(sex === "MALE" ? CHILD_MALE : CHILD_FEMALE);
    while (takenNames.has(firstName));
    const [from, to] = gradeBirthWindow(classes[cls]!.grade);
    let birthDate = people.dateBetween(from, to);
    // Siblings are born at least ten months apart.
    const tooClose = () => siblings.some((s) => Math.abs(birthOf(s) - Date.parse(birthDate)) < 300 * DAY_MS);
    for (let tries = 0; tries < 10 && tooClose(); tries++) birthDate = people.dateBetween(from, to);
    const person = people.add({ lastName: surnameFor(base, sex), firstName, middleName: patronymic(fatherFirst, sex), birthDate, sex, phone: null }, base);
    students.push({ person, cls });
    free[cls]!--;
    return students.length - 1;
  };

  /** A sibling goes to a class of another grade (1–6 years apart) that still has a free place. */
  const siblingClass = (grade: number): number | null => {
    for (let tries = 0; tries < 8; tries++) {
      const g = grade + rng.pick([-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6]);
      const options = classes.map((_, i) => i).filter((i) => classes[i]!.grade === g && free[i]! > 0);
      if (options.length) return rng.pick(options);
    }
    return null;
  };

  const addFamily = (cls: number, staffParent: number | null) => {
    const sp = staffParent === null ? null : people.get(staffParent);
    const base = staffParent === null ? rng.pick(SURNAMES) : people.surnameBase[staffParent]!;
    const fatherFirst = sp?.sex === "MALE" ? sp.firstName : rng.pick(ADULT_MALE);
    const children = [addChild(cls, base, fatherFirst, [])];
    if (rng.chance(0.19)) {
      const second = siblingClass(classes[cls]!.grade);
      if (second !== null) children.push(addChild(second, base, fatherFirst, children));
      if (second !== null && rng.chance(0.12)) {
        const third = siblingClass(classes[cls]!.grade);
        if (third !== null) children.push(addChild(third, base, fatherFirst, children));
      }
    }
    const oldestYear = new Date(Math.min(...children.map(birthOf))).getUTCFullYear();
    const motherYear = oldestYear - rng.int(22, 36);
    const fatherYear = () => motherYear - rng.int(0, 5);
    let mother: number | null = sp?.sex === "FEMALE" ? staffParent : null;
    let father: number | null = sp?.sex === "MALE" ? staffParent : null;
    let guardian: number | null = null;
    if (sp) {
      if (father !== null && rng.chance(0.85)) mother = people.addAdult("FEMALE", motherYear, { base });
      if (mother === staffParent && rng.chance(0.7)) father = people.addAdult("MALE", fatherYear(), { base, firstName: fatherFirst });
    } else {
      // 68 % both parents, 20 % the mother alone, 7 % the father alone, 5 % a grandmother as guardian.
      const r = rng.float();
      if (r < 0.88) mother = people.addAdult("FEMALE", motherYear, { base });
      if (r < 0.68 || (r >= 0.88 && r < 0.95)) father = people.addAdult("MALE", fatherYear(), { base, firstName: fatherFirst });
      if (r >= 0.95) guardian = people.addAdult("FEMALE", oldestYear - rng.int(48, 60), { base, firstName: rng.pick(ELDER_FEMALE) });
    }
    for (const student of children) {
      if (mother !== null) parentLinks.push({ parent: mother, student, relation: "MOTHER" });
      if (father !== null) parentLinks.push({ parent: father, student, relation: "FATHER" });
      if (guardian !== null) parentLinks.push({ parent: guardian, student, relation: "GUARDIAN" });
    }
    families.push({ staffParent, mother, children });
  };

  for (const sp of staffParents) {
    // A child born 24–38 years after the parent, in a class with a free place.
    const y = yearOf(people.get(sp).birthDate);
    const options = classes
      .map((_, i) => i)
      .filter((i) => {
        const age = 2020 - classes[i]!.grade - y;
        return age >= 24 && age <= 38 && free[i]! > 0;
      });
    if (options.length) addFamily(rng.pick(options), sp);
  }
  classes.forEach((_, cls) => {
    while (free[cls]! > 0) addFamily(cls, null);
  });
  return { students, parentLinks, families };
}
