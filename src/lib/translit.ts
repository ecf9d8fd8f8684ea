/** Russian letters in Latin, as in passports and on signs (Ж→Zh, Ч→Ch, Щ→Shch; ь and ъ dropped). */
export const LATIN_LETTERS: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

/** Latin transliteration used for generated logins and for the surname rule. */
export function translit(text: string): string {
  return [...text.toLocaleLowerCase("ru")].map((c) => LATIN_LETTERS[c] ?? c).join("");
}
