/** zod schemas of the account forms and list filters. */
import { ASSIGNABLE_ROLES, ROLES, type Role } from "../../access/roles.ts";
import { birthDateField } from "../../lib/birth-dates.ts";
import { field, listQuery, z, type FieldErrors } from "../../lib/validation.ts";
import { TEXT } from "./admin.text.ts";

export const LOGIN_PATTERN = /^[a-z0-9._-]{3,40}$/;

/** A login as typed: trimmed, lower-cased; empty means «make one from the name». */
const login = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim().toLowerCase()) : (v ?? null)),
  z.string().regex(LOGIN_PATTERN, TEXT.loginRule).nullable(),
);

/** The administrator's new login for an account (003 §4.1.4): required. */
export const renameLoginSchema = z.object({
  newLogin: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.string(TEXT.loginNeeded).min(1, TEXT.loginNeeded).regex(LOGIN_PATTERN, TEXT.loginRule),
  ),
});

const roles = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
  z.array(z.enum(ASSIGNABLE_ROLES as [Role, ...Role[]], { message: TEXT.unknownRole })).min(1, TEXT.noRoles),
);

/** A new staff member's birth date: an adult's (src/lib/birth-dates.ts). */
const birthDate = birthDateField.required("staff");

const email = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)),
  z.email(TEXT.badEmail).max(200).nullable(),
);

const phone = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)),
  z
    .string()
    .regex(/^\+?[0-9][0-9 ()-]{3,18}[0-9]$/, TEXT.badPhone)
    .nullable(),
);

/** A new staff member with an account (R-ROLE-3). */
export const newStaffSchema = z.object({
  lastName: field.text(100),
  firstName: field.text(100),
  middleName: field.optionalText(100),
  birthDate,
  email,
  phone,
  position: field.optionalText(200),
  login,
  roles,
  confirmDuplicate: field.checkbox(),
  /** R-REG-10 (issue 17): a new staff member's login only with the consent recorded in the same step. */
  consentDate: field.optionalDate().refine((v) => v !== null, TEXT.consentDateNeeded),
  consentDocument: field.optionalText(300),
});
export type NewStaffInput = z.output<typeof newStaffSchema>;

/** An account for a person the school already knows (a student, a parent, a staff member). */
export const personAccountSchema = z.object({
  personId: field.id("человека"),
  login,
  roles,
});
export type PersonAccountInput = z.output<typeof personAccountSchema>;

export const rolesSchema = z.object({ roles });

export const blockSchema = z.object({ reason: field.optionalText(500) });

/** /admin/users?q=&role=&page= */
export const usersQuery = listQuery.extend({
  role: z.enum(ROLES).optional().catch(undefined),
});

/** /admin/users/new?mode=&personId=&q= */
export const newUserQuery = z.object({
  mode: z.enum(["staff", "person"]).catch("staff"),
  personId: z.coerce.number().int().positive().max(2147483647).optional().catch(undefined),
  q: z.preprocess((v) => (typeof v === "string" ? v.trim().slice(0, 100) : ""), z.string().catch("")),
});

/** parseForm's keys for array items («roles.0») folded into the field name. */
export function foldArrayErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) out[k.split(".")[0]!] ??= v;
  return out;
}
