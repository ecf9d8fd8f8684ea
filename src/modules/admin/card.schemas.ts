/**
 * The institution card form (R-REG-9, 002 §4), parsed with zod: the legal details are checked
 * by their control digits (ИНН of an organisation, ОГРН, ОКПО), the dates against each other.
 */
import { today } from "../../lib/dates.ts";
import { field, parseForm, z, type FieldErrors } from "../../lib/validation.ts";
import { CARD_TEXT as T } from "./card.text.ts";

const digits = (s: string) => [...s].map(Number);

/** ИНН of an organisation (10 digits): the last is Σ wᵢ·dᵢ mod 11 mod 10. */
export function isValidInn10(inn: string): boolean {
  if (!/^\d{10}$/.test(inn)) return false;
  const d = digits(inn);
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  return (w.reduce((s, k, i) => s + k * d[i]!, 0) % 11) % 10 === d[9];
}

/** ОГРН (13 digits): the last is the first twelve as a number mod 11, mod 10. */
export function isValidOgrn(ogrn: string): boolean {
  if (!/^\d{13}$/.test(ogrn)) return false;
  return Number((BigInt(ogrn.slice(0, 12)) % 11n) % 10n) === Number(ogrn[12]);
}

/** ОКПО of an organisation (8 digits): weights 1..7, and 3..9 when the remainder is 10 (then 0). */
export function isValidOkpo(okpo: string): boolean {
  if (!/^\d{8}$/.test(okpo)) return false;
  const d = digits(okpo);
  const sum = (start: number) => d.slice(0, 7).reduce((s, x, i) => s + x * (((start + i - 1) % 10) + 1), 0) % 11;
  let check = sum(1);
  if (check === 10) check = sum(3) % 10;
  return check === d[7];
}

const code = (len: number, valid: (v: string) => boolean, lenMsg: string, sumMsg: string) =>
  field.optionalText(20).superRefine((v, ctx) => {
    if (v === null) return;
    if (!new RegExp(`^\\d{${len}}$`).test(v)) ctx.addIssue({ code: "custom", message: lenMsg });
    else if (!valid(v)) ctx.addIssue({ code: "custom", message: sumMsg });
  });

const pastDate = () => field.optionalDate().refine((d) => d === null || d <= today(), T.futureDate);

const cardSchema = z.object({
  name: field.text(300),
  shortName: field.text(100),
  address: field.optionalText(500),
  postalAddress: field.optionalText(500),
  inn: code(10, isValidInn10, T.innDigits, T.innChecksum),
  kpp: field.optionalText(20).refine((v) => v === null || /^\d{4}[\dA-Z]{2}\d{3}$/.test(v), T.kpp),
  ogrn: code(13, isValidOgrn, T.ogrnDigits, T.ogrnChecksum),
  okpo: code(8, isValidOkpo, T.okpoDigits, T.okpoChecksum),
  directorPersonId: field.optionalId(),
  directorName: field.optionalText(200),
  licenseNumber: field.optionalText(100),
  licenseDate: pastDate(),
  licenseIssuer: field.optionalText(300),
  accreditationNumber: field.optionalText(100),
  accreditationDate: pastDate(),
  accreditationValidUntil: field.optionalDate(),
  phone: field.optionalText(100).refine((v) => v === null || /^[\d\s()+\-–,;]{5,100}$/.test(v), T.phone),
  email: field.optionalText(200).refine((v) => v === null || z.email().safeParse(v).success, T.email),
  website: field.optionalText(300).refine((v) => v === null || /^(https?:\/\/)?[a-zа-яё0-9-]+(\.[a-zа-яё0-9-]+)+(\/\S*)?$/i.test(v), T.website),
});
export type CardInput = z.output<typeof cardSchema>;

/** The card's fields; a director is either a staff person or a typed name; «действительно до» after the date of issue. */
export function parseCard(input: unknown): { ok: true; data: CardInput } | { ok: false; errors: FieldErrors } {
  const r = parseForm(cardSchema, input);
  if (!r.ok) return r;
  const d = r.data;
  if (d.directorPersonId !== null && d.directorName !== null) return { ok: false, errors: { directorName: T.directorBoth } };
  if (d.accreditationDate && d.accreditationValidUntil && d.accreditationValidUntil <= d.accreditationDate)
    return { ok: false, errors: { accreditationValidUntil: T.validUntil } };
  return r;
}
