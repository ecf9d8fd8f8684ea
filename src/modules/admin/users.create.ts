/**
 * Creating accounts (R-ROLE-3, R-SEC-1, R-SEC-2): a new staff member with an account, or an account
 * for a person the school already knows. The temporary password is returned once and stored only as a hash.
 */
import type { Actor } from "../../access/actor.ts";
import { STAFF_ROLES, type Role } from "../../access/roles.ts";
import { audit } from "../../lib/audit.ts";
import { FULL_NAME, personIdsWithSameName } from "../../lib/person-search.ts";
import { prisma, Prisma, type Db } from "../../lib/db.ts";
import { formatDate, today } from "../../lib/dates.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { fullName, likePattern, type NameParts } from "../../lib/names.ts";
import { hashPassword, temporaryPassword, translit } from "../../lib/passwords.ts";
import { TEXT } from "./admin.text.ts";
import { assertManagesAccounts } from "./users.policy.ts";
import type { NewStaffInput, PersonAccountInput } from "./users.schemas.ts";
import { familyTies, russianCollation } from "./users.query.ts";
import { consentMissing } from "../students/accounts.service.ts";

export interface IssuedPassword {
  userId: number;
  name: string;
  login: string;
  /** Shown once on the result page; never stored, logged or audited. */
  password: string;
}

export type CreateResult =
  | ({ ok: true } & IssuedPassword)
  | { ok: false; errors: FieldErrors; duplicates?: { id: number; name: string; birthDate: Date | null; userId: number | null }[] };

/** «ivanov.ip» from «Иванов Иван Петрович»; made unique with a number (R-SEC-1: individual logins). */
export async function suggestLogin(name: NameParts, db: Db = prisma): Promise<string> {
  const clean = (s: string) => translit(s).replace(/[^a-z0-9._-]/g, "");
  const initials = [name.firstName, name.middleName].map((n) => clean(n ?? "").charAt(0)).join("");
  let base = [clean(name.lastName), initials]
    .filter(Boolean)
    .join(".")
    .slice(0, 36)
    .replace(/[._-]+$/, "");
  if (base.length < 3) base = (base + "user").slice(0, 36);
  const taken = new Set((await db.user.findMany({ where: { login: { startsWith: base } }, select: { login: true } })).map((u) => u.login));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

async function loginError(login: string, db: Db = prisma): Promise<string | null> {
  const existing = await db.user.findUnique({ where: { login }, select: { id: true } });
  return existing ? TEXT.loginTaken : null;
}

/** Persons of the school with the same full name (ё = е) and birth date (the «double» check before creating). */
async function possibleDuplicates(actor: Actor, input: NewStaffInput) {
  const persons = await prisma.person.findMany({
    where: {
      id: { in: await personIdsWithSameName(prisma, actor.schoolId, { ...input, middleName: input.middleName ?? null, birthDate: input.birthDate ?? null }) },
    },
    include: { user: { select: { id: true } } },
    take: 10,
  });
  return persons.map((p) => ({ id: p.id, name: fullName(p), birthDate: p.birthDate, userId: p.user?.id ?? null }));
}

function isLoginConflict(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** A new staff member (Person + Staff + position) with an account. Throws Forbidden unless ADMIN. */
export async function createStaffAccount(actor: Actor, input: NewStaffInput): Promise<CreateResult> {
  assertManagesAccounts(actor);
  if (input.login) {
    const problem = await loginError(input.login);
    if (problem) return { ok: false, errors: { login: problem } };
  }
  if (!input.confirmDuplicate) {
    const duplicates = await possibleDuplicates(actor, input);
    if (duplicates.length) return { ok: false, errors: { confirmDuplicate: TEXT.duplicatePerson }, duplicates };
  }
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const login = input.login ?? (await suggestLogin(input, tx));
      const person = await tx.person.create({
        data: {
          schoolId: actor.schoolId,
          lastName: input.lastName,
          firstName: input.firstName,
          middleName: input.middleName,
          birthDate: input.birthDate,
          email: input.email,
          phone: input.phone,
        },
      });
      // R-REG-10 (issue 17): the consent is recorded with the login, never without it.
      await tx.personalDataConsent.create({
        data: { schoolId: actor.schoolId, personId: person.id, date: input.consentDate, documentNote: input.consentDocument, recordedById: actor.userId },
      });
      await tx.staff.create({
        data: {
          schoolId: actor.schoolId,
          personId: person.id,
          hiredAt: today(),
          positions: input.position ? { create: { schoolId: actor.schoolId, title: input.position, fromDate: today() } } : undefined,
        },
      });
      const user = await createAccount(tx, actor, person.id, login, passwordHash, input.roles, {
        person: fullName(person),
        birthDate: formatDate(person.birthDate),
        position: input.position,
        consentDate: formatDate(input.consentDate),
        newPerson: true,
      });
      return { ok: true as const, userId: user.id, name: fullName(person), login, password };
    });
  } catch (err) {
    if (isLoginConflict(err)) return { ok: false, errors: { login: TEXT.loginTaken } };
    throw err;
  }
}

/** An account for a person of the school who has none. Throws Forbidden unless ADMIN. */
export async function createPersonAccount(actor: Actor, input: PersonAccountInput): Promise<CreateResult> {
  assertManagesAccounts(actor);
  const person = await prisma.person.findFirst({ where: { id: input.personId, schoolId: actor.schoolId }, include: { user: { select: { id: true } } } });
  if (!person) return { ok: false, errors: { personId: TEXT.pickPerson } };
  if (person.user) return { ok: false, errors: { personId: TEXT.personHasAccount } };
  if (input.login) {
    const problem = await loginError(input.login);
    if (problem) return { ok: false, errors: { login: problem } };
  }
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      // R-SEC-6: a student's or parent's login only with a recorded consent (issue 23: no other path around it).
      // R-REG-10 (issue 17): a staff login likewise.
      if (await consentMissing(tx, actor.schoolId, person.id, input.roles))
        return { ok: false as const, errors: { personId: input.roles.some((r) => STAFF_ROLES.includes(r)) ? TEXT.noStaffConsent : TEXT.noConsent } };
      const login = input.login ?? (await suggestLogin(person, tx));
      const user = await createAccount(tx, actor, person.id, login, passwordHash, input.roles, { person: fullName(person), newPerson: false });
      return { ok: true as const, userId: user.id, name: fullName(person), login, password };
    });
  } catch (err) {
    // The login or the person's account was taken meanwhile (both are unique).
    if (isLoginConflict(err)) {
      const target = conflictTarget(err);
      return { ok: false, errors: target.includes("personId") ? { personId: TEXT.personHasAccount } : { login: TEXT.loginTaken } };
    }
    throw err;
  }
}

/** The columns of a unique violation (P2002 meta.target: a list of columns, or the constraint's name). */
function conflictTarget(err: unknown): string {
  const target = err instanceof Prisma.PrismaClientKnownRequestError ? err.meta?.target : undefined;
  if (Array.isArray(target)) return target.map((t) => (typeof t === "string" ? t : "")).join(",");
  return typeof target === "string" ? target : "";
}

/**
 * Creates the user with its roles and the audit entry, inside the caller's transaction (the caller checked
 * the rules: consent, scope, roles). Exported for HR's staff logins (issue 17) through accounts.service.ts.
 */
export async function createAccount(
  tx: Db,
  actor: Actor,
  personId: number,
  login: string,
  passwordHash: string,
  roles: Role[],
  about: Record<string, unknown>,
) {
  const user = await tx.user.create({
    data: {
      schoolId: actor.schoolId,
      personId,
      login,
      passwordHash,
      mustChangePassword: true,
      roles: { create: [...new Set(roles)].map((role) => ({ role })) },
    },
  });
  await audit(tx, {
    schoolId: actor.schoolId,
    actorId: actor.userId,
    entity: "user",
    entityId: user.id,
    action: "create",
    newValue: { login, roles: [...new Set(roles)].sort(), personId, ...about },
  });
  return user;
}

/** A person chosen for a new account: name, ties and the roles that fit (student → STUDENT, parent → PARENT). */
export async function personForAccount(actor: Actor, personId: number) {
  const person = await prisma.person.findFirst({
    where: { id: personId, schoolId: actor.schoolId, user: null },
    include: { student: { select: { id: true } }, staff: { select: { id: true } }, _count: { select: { childrenLinks: true } } },
  });
  if (!person) return null;
  const ties = (await familyTies(actor, [person.id], today())).get(person.id) ?? [];
  if (person.staff) ties.unshift("сотрудник");
  const roles: Role[] = [];
  if (person.student) roles.push("STUDENT");
  if (person._count.childrenLinks) roles.push("PARENT");
  // R-SEC-6: said before the form is sent (the create refuses it anyway).
  const noConsent = await consentMissing(prisma, actor.schoolId, person.id, roles);
  return { id: person.id, name: fullName(person), birthDate: person.birthDate, ties, roles, noConsent, login: await suggestLogin(person) };
}

/** Persons of the school without an account, found by name (at most 30, in Russian order). */
export async function personsWithoutAccount(actor: Actor, q: string) {
  const coll = await russianCollation();
  const c = coll ? Prisma.raw(` COLLATE "${coll}"`) : Prisma.empty;
  const search = q ? Prisma.sql`AND ${FULL_NAME} LIKE ${likePattern(q)}` : Prisma.empty;
  const ids = await prisma.$queryRaw<{ id: number }[]>`
    SELECT p.id FROM "Person" p WHERE p."schoolId" = ${actor.schoolId}
      AND NOT EXISTS (SELECT 1 FROM "User" u WHERE u."personId" = p.id) ${search}
    ORDER BY p."lastName"${c}, p."firstName"${c}, coalesce(p."middleName", '')${c}, p.id LIMIT 30`;
  const persons = await prisma.person.findMany({
    where: { id: { in: ids.map((r) => r.id) }, schoolId: actor.schoolId },
    include: { staff: { select: { id: true } } },
  });
  const ties = await familyTies(
    actor,
    persons.map((p) => p.id),
    today(),
  );
  const byId = new Map(persons.map((p) => [p.id, p]));
  return ids
    .map((r) => byId.get(r.id))
    .filter((p) => p !== undefined)
    .map((p) => ({
      id: p.id,
      name: fullName(p),
      birthDate: p.birthDate,
      ties: [...(p.staff ? ["сотрудник"] : []), ...(ties.get(p.id) ?? [])],
    }));
}
