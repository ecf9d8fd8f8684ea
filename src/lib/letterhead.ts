/**
 * The school's letterhead on printed documents (R-REG-9, 002 §4): the full name and one line of
 * details (address, phone, ИНН) from the institution card. It travels with the request: the actor's
 * one statement already reads the school row (access/actor.ts), app.ts runs the rest of the request
 * inside withLetterhead(), and pdfHeader / the .xlsx export read it here, so no document builder
 * passes it along and no query is added per document.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface Letterhead {
  /** The full name of the institution. */
  name: string;
  /** «Адрес: …; тел. …; ИНН …», or "" when the card has none of them. */
  details: string;
}

export interface LetterheadSource {
  name: string;
  address: string | null;
  phone: string | null;
  inn: string | null;
}

/** The letterhead of a school row: its full name and the details it has. */
export function letterheadOf(s: LetterheadSource): Letterhead {
  const parts = [s.address && `Адрес: ${s.address}`, s.phone && `тел. ${s.phone}`, s.inn && `ИНН ${s.inn}`].filter(Boolean);
  return { name: s.name, details: parts.join("; ") };
}

const store = new AsyncLocalStorage<Letterhead>();

/** Runs `fn` (the rest of a request) with this school's letterhead on its documents. */
export function withLetterhead<T>(letterhead: Letterhead, fn: () => T): T {
  return store.run(letterhead, fn);
}

/** The letterhead of the current request, if any (none in background jobs: they print the name passed in). */
export function currentLetterhead(): Letterhead | undefined {
  return store.getStore();
}
