/**
 * Passwords: argon2id hashes, the rules of R-SEC-2, and temporary passwords.
 */
import { translit } from "./translit.ts";
import crypto from "node:crypto";
import argon2 from "argon2";
import { config } from "../config.ts";
import { formatDate, isoDate } from "./dates.ts";

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: config().argon2MemoryKib, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

const COMMON = new Set([
  "12345678",
  "123456789",
  "1234567890",
  "password",
  "password1",
  "qwerty123",
  "qwertyui",
  "11111111",
  "00000000",
  "йцукенгш",
  "пароль123",
  "87654321",
  "abcd1234",
  "1q2w3e4r",
  "qwerty12",
]);

export const MIN_PASSWORD_LENGTH = 8;

/**
 * R-SEC-2: at least 8 characters; not equal to or containing the login, the
 * surname or the birth date (in any usual notation); not a well-known password.
 * Returns the Russian reason, or null when the password is acceptable.
 */
export function passwordProblem(password: string, who: { login: string; lastName: string; birthDate?: Date | null }): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Пароль должен быть не короче ${MIN_PASSWORD_LENGTH} символов`;
  if (password.length > 128) return "Пароль должен быть не длиннее 128 символов";
  const p = password.toLocaleLowerCase("ru");
  const login = who.login.toLocaleLowerCase("ru");
  if (login.length >= 3 && p.includes(login)) return "Пароль не должен совпадать с логином или содержать его";
  const surname = who.lastName.toLocaleLowerCase("ru");
  if (surname.length >= 3 && (p.includes(surname) || p.includes(translit(surname)))) return "Пароль не должен содержать фамилию";
  if (who.birthDate) {
    const iso = isoDate(who.birthDate);
    const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
    const forms = [formatDate(who.birthDate), iso, `${d}${m}${y}`, `${y}${m}${d}`, `${d}${m}${y.slice(2)}`, `${d}.${m}.${y.slice(2)}`, `${d}/${m}/${y}`];
    if (forms.some((f) => p.includes(f))) return "Пароль не должен содержать дату рождения";
  }
  if (COMMON.has(p) || /^(.)\1+$/.test(p)) return "Этот пароль слишком простой: его легко угадать";
  return null;
}

/** A temporary password that is easy to read from paper: no 0/O, 1/l/I. */
export function temporaryPassword(length = 10): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[bytes[i]! % alphabet.length];
  // Always at least one digit, so it reads as a password and not a word.
  return out.slice(0, -1) + "23456789"[bytes[0]! % 8];
}

export { translit };
