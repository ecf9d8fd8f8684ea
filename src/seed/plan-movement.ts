/**
 * The movement book of a seed plan (книга движения, R-REG-3..4): a handful of orders of the
 * current year, all in September–November, before the seeded journal's "today":
 * - three pupils who joined during the year (enrolment into an existing class): they are in the
 *   plan's class list, but school.ts starts their class and subgroup memberships on the order's
 *   date instead of 1 September;
 * - one transfer between parallel classes (6А → 6Б) in mid-quarter, with the subgroups of the
 *   new class from the same day;
 * - one withdrawal to another school, with that school's enrolment order.
 * school.ts registers them through the movement book's own writer (applyMovementOrder) before
 * the journal is generated, so the journal follows the memberships: no lessons, marks or
 * absences outside them.
 *
 * The pupils are only children of families with no staff parent and no named account (a family
 * that moves takes all its children along; the named demo accounts stay as they are).
 * Deterministic: a generator of its own (src/seed/random.ts), keyed by the school's seed.
 */
import type { MovementKind } from "../generated/prisma/enums.ts";
import type { PlanClass, PlanMovement, PlanParentLink, PlanPerson, PlanStaff, PlanStudent, PlanSubgroup } from "./plan-types.ts";
import { Rng, hashKeys } from "./random.ts";

/** The stream of this part of the plan (the school's seed is the first key). */
const STREAM = 41;

interface Scenario {
  kind: Exclude<MovementKind, "PROMOTE" | "GRADUATE">;
  grade: number;
  /** TRANSFER: the letters of the two classes; otherwise one class of the grade is picked. */
  from?: string;
  to?: string;
  orderDate: string;
  effectiveDate: string;
  /** A reason code of the movement book (movement.text.ts; applyMovementOrder checks it). */
  reason?: string;
  /** ENROL from another school: where the pupil comes from (into the note). */
  cameFrom?: string;
  note?: string;
  dest?: { school: string; orderNumber: string; orderDate: string };
}

/** The year's orders in date order (their numbers follow that order). */
const SCENARIOS: readonly Scenario[] = [
  {
    kind: "ENROL",
    grade: 3,
    orderDate: "2026-09-14",
    effectiveDate: "2026-09-14",
    reason: "FROM_SCHOOL",
    cameFrom: "МБОУ «Средняя общеобразовательная школа № 4» г. Заречного",
  },
  {
    kind: "ENROL",
    grade: 7,
    orderDate: "2026-10-09",
    effectiveDate: "2026-10-12",
    reason: "FROM_FAMILY",
    note: "Заявление родителей (законных представителей) от 07.10.2026, справка о промежуточной аттестации за 6 класс",
  },
  {
    kind: "TRANSFER",
    grade: 6,
    from: "А",
    to: "Б",
    orderDate: "2026-11-13",
    effectiveDate: "2026-11-16",
    note: "Заявление родителей (законных представителей) от 11.11.2026",
  },
  {
    kind: "ENROL",
    grade: 10,
    orderDate: "2026-11-16",
    effectiveDate: "2026-11-16",
    reason: "FROM_SCHOOL",
    cameFrom: "МАОУ «Гимназия № 6» г. Твери",
  },
  {
    kind: "WITHDRAW",
    grade: 8,
    orderDate: "2026-11-20",
    effectiveDate: "2026-11-23",
    reason: "TO_SCHOOL",
    note: "Перемена места жительства",
    dest: { school: "МБОУ «Средняя общеобразовательная школа № 17» г. Твери", orderNumber: "241-у", orderDate: "2026-11-19" },
  },
];

export interface MovementPlanInput {
  seed: number;
  persons: readonly PlanPerson[];
  staff: readonly PlanStaff[];
  classes: readonly PlanClass[];
  students: readonly PlanStudent[];
  parentLinks: readonly PlanParentLink[];
  subgroups: readonly PlanSubgroup[];
  /** Person indexes of the named accounts. */
  named: readonly number[];
}

/** The movement orders of the plan, in date order. */
export function planMovements(input: MovementPlanInput): PlanMovement[] {
  const { persons, classes, students, parentLinks, subgroups } = input;
  const rng = new Rng(hashKeys(input.seed, STREAM));
  const staffPersons = new Set(input.staff.map((s) => s.person));
  const named = new Set(input.named);
  const childrenOf = new Map<number, number[]>();
  const parentsOf = new Map<number, number[]>();
  for (const l of parentLinks) {
    childrenOf.set(l.parent, [...(childrenOf.get(l.parent) ?? []), l.student]);
    parentsOf.set(l.student, [...(parentsOf.get(l.student) ?? []), l.parent]);
  }
  const parents = (s: number) => parentsOf.get(s) ?? [];
  const ordinary = (s: number) => !named.has(students[s]!.person) && parents(s).every((p) => !staffPersons.has(p) && !named.has(p));
  const onlyChild = (s: number) => parents(s).every((p) => childrenOf.get(p)!.length === 1);
  const classOf = (grade: number, letter?: string) => {
    const options = classes.map((c, i) => ({ c, i })).filter(({ c }) => c.grade === grade && (letter === undefined || c.letter === letter));
    if (!options.length) throw new Error(`Seed: no class ${grade}${letter ?? ""} for the movement book`);
    return rng.pick(options).i;
  };
  const pupilOf = (cls: number, alone: boolean) => {
    const options = students.map((s, i) => ({ s, i })).filter(({ s, i }) => s.cls === cls && ordinary(i) && (!alone || onlyChild(i)));
    if (!options.length) throw new Error(`Seed: no pupil to move in ${classes[cls]!.grade}${classes[cls]!.letter}`);
    return rng.pick(options).i;
  };

  let number = rng.int(36, 44);
  return SCENARIOS.map((sc) => {
    number += rng.int(3, 9);
    const base = {
      kind: sc.kind,
      number: `${number}-у`,
      orderDate: sc.orderDate,
      effectiveDate: sc.effectiveDate,
      reason: sc.reason ?? null,
      destSchool: sc.dest?.school ?? null,
      destOrderNumber: sc.dest?.orderNumber ?? null,
      destOrderDate: sc.dest?.orderDate ?? null,
      note: sc.note ?? null,
      joinSubgroups: [] as number[],
    };
    if (sc.kind === "TRANSFER") {
      const fromCls = classOf(sc.grade, sc.from);
      const toCls = classOf(sc.grade, sc.to);
      const student = pupilOf(fromCls, false);
      // The same group (1 группа → 1 группа) of every subject split into subgroups in both classes.
      const joinSubgroups = subgroups.flatMap((g) => {
        if (g.cls !== fromCls || !g.students.includes(student)) return [];
        const twin = subgroups.findIndex((h) => h.cls === toCls && h.subject === g.subject && h.name === g.name);
        return twin < 0 ? [] : [twin];
      });
      return { ...base, student, toCls, joinSubgroups };
    }
    const cls = classOf(sc.grade);
    const student = pupilOf(cls, true);
    if (sc.kind === "WITHDRAW") return { ...base, student, toCls: null };
    const came = sc.cameFrom ? `${persons[students[student]!.person]!.sex === "FEMALE" ? "Прибыла" : "Прибыл"} из ${sc.cameFrom}` : null;
    return { ...base, student, toCls: cls, note: came ?? base.note };
  });
}
