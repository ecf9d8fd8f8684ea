/**
 * Russian names for the seed: the female form of a surname (Иванов → Иванова,
 * Вишневский → Вишневская, Шевченко stays) and the patronymic derived from the
 * father's name. The name lists themselves are in src/seed/data/ (first-names.ts,
 * surnames.ts, patronymics.ts).
 */
import { PATRONYMICS } from "./data/patronymics.ts";

export type SexCode = "MALE" | "FEMALE";

const PATRONYMIC_BY_NAME = new Map(PATRONYMICS.map(([name, m, f]) => [name, { MALE: m, FEMALE: f }]));

/** The patronymic a father's first name gives a son or a daughter (Илья → Ильич / Ильинична). */
export function patronymic(fatherFirstName: string, sex: SexCode): string {
  const forms = PATRONYMIC_BY_NAME.get(fatherFirstName);
  if (!forms) throw new Error(`No patronymic known for «${fatherFirstName}»`);
  return forms[sex];
}

/** The female form of a surname: Иванов → Иванова, Вишневский → Вишневская, Толстой → Толстая; Шевченко, Черных stay. */
export function femaleSurname(male: string): string {
  if (/(ский|цкий)$/.test(male)) return male.slice(0, -2) + "ая";
  if (/ой$/.test(male)) return male.slice(0, -2) + "ая";
  if (/(ов|ев|ёв|ин|ын)$/.test(male)) return male + "а";
  return male;
}

export function surnameFor(male: string, sex: SexCode): string {
  return sex === "MALE" ? male : femaleSurname(male);
}
