/** Russian names: «Фамилия Имя Отчество», the short «Иванов И. И.», and alphabetical order (ё with е). */
export interface NameParts {
  lastName: string;
  firstName: string;
  middleName?: string | null;
}

export function fullName(p: NameParts): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(" ");
}

export function shortName(p: NameParts): string {
  const initials = [p.firstName, p.middleName].filter(Boolean).map((n) => `${n!.charAt(0)}.`);
  return [p.lastName, initials.join(" ")].filter(Boolean).join(" ");
}

const collator = new Intl.Collator("ru", { sensitivity: "base" });

/** Orders by surname, then first name, then patronymic. */
export function compareNames(a: NameParts, b: NameParts): number {
  return collator.compare(a.lastName, b.lastName) || collator.compare(a.firstName, b.firstName) || collator.compare(a.middleName ?? "", b.middleName ?? "");
}

export function compareText(a: string, b: string): number {
  return collator.compare(a, b);
}

export function className(c: { grade: number; letter: string }): string {
  return `${c.grade}${c.letter}`;
}

/** Text as searches and duplicate checks compare it: lower case, «ё» as «е» (people type either). */
export function searchForm(text: string): string {
  return text.toLocaleLowerCase("ru").replaceAll("ё", "е");
}

/** A LIKE pattern «contains this text» in searchForm, with LIKE's own characters escaped. */
export function likePattern(text: string): string {
  return "%" + searchForm(text).replace(/[\\%_]/g, (c) => "\\" + c) + "%";
}
