/** zod schemas of the token forms (issue 21): the name, the lifetime (30/90/365 days) and the scope. */
import { field, z } from "../../lib/validation.ts";
import { EXPIRY_DAYS, NAME_MAX, TOKEN_TEXT } from "./tokens.text.ts";

export const tokenForm = z.object({
  name: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ message: TOKEN_TEXT.nameRequired }).min(1, TOKEN_TEXT.nameRequired).max(NAME_MAX, TOKEN_TEXT.nameTooLong),
  ),
  days: z.preprocess(
    (v) => (typeof v === "string" ? Number(v) : v),
    z.union(
      EXPIRY_DAYS.map((d) => z.literal(d)),
      { message: TOKEN_TEXT.expiryInvalid },
    ),
  ),
  scope: field.enumOf(["read", "write"] as const, TOKEN_TEXT.scopeInvalid),
});

export type TokenForm = z.output<typeof tokenForm>;
