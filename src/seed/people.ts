/**
 * The list of persons a seed plan builds, and the small helpers for dates and
 * contact details. Everything random comes from the plan's Rng.
 */
import { ADULT_FEMALE, ADULT_MALE, ELDER_MALE } from "./data/first-names.ts";
import { SURNAMES } from "./data/surnames.ts";
import { patronymic, surnameFor, type SexCode } from "./names.ts";
import type { Rng } from "./random.ts";

export interface PlanPerson {
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** ISO date. */
  birthDate: string;
  sex: SexCode;
  phone: string | null;
  email: string | null;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
export const yearOf = (isoDate: string) => Number(isoDate.slice(0, 4));

/** A child of grade g on 1 Sep 2026 was born from March of 2020−g to February of 2021−g (6½–7½ in grade 1). */
export function gradeBirthWindow(grade: number): [number, number] {
  return [utc(2020 - grade, 3, 1), utc(2021 - grade, 3, 1) - DAY_MS];
}

export class People {
  readonly persons: PlanPerson[] = [];
  /** The family surname in its male form, per person (Иванова → Иванов). */
  readonly surnameBase: string[] = [];

  constructor(readonly rng: Rng) {}

  add(p: Omit<PlanPerson, "email">, base: string): number {
    this.persons.push({ ...p, email: null });
    this.surnameBase.push(base);
    return this.persons.length - 1;
  }

  get(index: number): PlanPerson {
    return this.persons[index]!;
  }

  /** An adult born in `year`, with a patronymic from a grandfather's name; a new surname unless `base` is given. */
  addAdult(sex: SexCode, year: number, opts: { base?: string; firstName?: string } = {}): number {
    const base = opts.base ?? this.rng.pick(SURNAMES);
    return this.add(
      {
        lastName: surnameFor(base, sex),
        firstName: opts.firstName ?? this.rng.pick(sex === "MALE" ? ADULT_MALE : ADULT_FEMALE),
        middleName: patronymic(this.rng.pick(ELDER_MALE), sex),
        birthDate: this.dateBetween(utc(year, 1, 1), utc(year, 12, 31)),
        sex,
        phone: this.phone(),
      },
      base,
    );
  }

  dateBetween(from: number, to: number): string {
    return iso(from + this.rng.int(0, Math.round((to - from) / DAY_MS)) * DAY_MS);
  }

  phone(): string {
    const d = (n: number) => Array.from({ length: n }, () => this.rng.int(0, 9)).join("");
    return `+7 (9${d(2)}) ${d(3)}-${d(2)}-${d(2)}`;
  }
}
