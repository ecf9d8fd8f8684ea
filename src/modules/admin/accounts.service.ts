/**
 * Changing accounts: roles, block / unblock, lifting the lockout, password reset, ending sessions
 * (R-ROLE-3, R-SEC-3, R-SEC-5). Each change and its audit entry share one transaction; the rule is
 * asserted again inside it on the rows just read. Passwords and hashes never reach the audit log.
 */
import type { Actor } from "../../access/actor.ts";
import type { Role } from "../../access/roles.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, Prisma, type Db } from "../../lib/db.ts";
import { Forbidden, ValidationError } from "../../lib/errors.ts";
import { fullName } from "../../lib/names.ts";
import { hashPassword, temporaryPassword } from "../../lib/passwords.ts";
import { endSessions } from "../auth/auth.service.ts";
import type { IssuedPassword } from "./users.create.ts";
import { accountTarget, findVisibleUser } from "./users.query.ts";
import { assertCanResetPassword, assertManagesAccounts, blockProblem, roleChangeProblem, type AdminState } from "./users.policy.ts";
import { clock } from "../../lib/clock.ts";
import { TEXT } from "./admin.text.ts";

type Target = Awaited<ReturnType<typeof findVisibleUser>>;

/**
 * Serialises changes to one school's accounts (so two administrators cannot demote each other at once)
 * and re-checks that the actor is still an active administrator. Throws Forbidden otherwise.
 */
async function lockAccounts(tx: Db, actor: Actor): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "School" WHERE id = ${actor.schoolId} FOR UPDATE`;
  const stillAdmin = await tx.user.count({ where: { id: actor.userId, schoolId: actor.schoolId, blocked: false, roles: { some: { role: "ADMIN" } } } });
  if (!stillAdmin) throw new Forbidden();
}

async function adminState(tx: Db, target: Target): Promise<AdminState> {
  const otherActiveAdmins = await tx.user.count({
    where: { schoolId: target.schoolId, blocked: false, id: { not: target.id }, roles: { some: { role: "ADMIN" } } },
  });
  return { targetIsActiveAdmin: !target.blocked && target.roles.some((r) => r.role === "ADMIN"), otherActiveAdmins };
}

const sorted = (roles: readonly Role[]) => [...new Set(roles)].sort();

/**
 * R-ROLE-3: sets the account's roles. Throws Forbidden unless ADMIN, NotFound outside the school,
 * ValidationError { roles } when the last active administrator or the actor themselves would lose ADMIN.
 * Returns false when nothing changed.
 */
export async function updateRoles(actor: Actor, userId: number, roles: Role[]): Promise<boolean> {
  assertManagesAccounts(actor);
  return prisma.$transaction(async (tx) => {
    await lockAccounts(tx, actor);
    const user = await findVisibleUser(actor, userId, tx);
    const oldRoles = sorted(user.roles.map((r) => r.role));
    const newRoles = sorted(roles);
    const problem = roleChangeProblem(actor, user.id, oldRoles, newRoles, await adminState(tx, user));
    if (problem) throw new ValidationError({ roles: problem });
    if (oldRoles.join() === newRoles.join()) return false;
    await tx.userRole.deleteMany({ where: { userId: user.id } });
    await tx.userRole.createMany({ data: newRoles.map((role) => ({ userId: user.id, role })) });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "user",
      entityId: user.id,
      action: "update-roles",
      oldValue: { roles: oldRoles },
      newValue: { roles: newRoles },
    });
    return true;
  });
}

/**
 * Blocks the account and signs its owner out at once (R-SEC-5). Throws Forbidden unless ADMIN,
 * ValidationError { block } for oneself or the last active administrator. Returns false if already blocked.
 */
export async function blockUser(actor: Actor, userId: number, reason: string | null): Promise<boolean> {
  assertManagesAccounts(actor);
  const changed = await prisma.$transaction(async (tx) => {
    await lockAccounts(tx, actor);
    const user = await findVisibleUser(actor, userId, tx);
    const problem = blockProblem(actor, user.id, await adminState(tx, user));
    if (problem) throw new ValidationError({ block: problem });
    if (user.blocked) return false;
    await tx.user.update({ where: { id: user.id }, data: { blocked: true } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "user",
      entityId: user.id,
      action: "block",
      oldValue: { blocked: false },
      newValue: { blocked: true },
      reason,
    });
    return true;
  });
  await endSessions(userId);
  return changed;
}

/**
 * Renames the login (003 §4.1.4): the administrator only; unique across the deployment (ValidationError
 * { newLogin } when taken). The old login stays in the audit log; sessions and the password are untouched.
 * Returns false when the login is the same.
 */
export async function renameLogin(actor: Actor, userId: number, newLogin: string): Promise<boolean> {
  assertManagesAccounts(actor);
  try {
    return await prisma.$transaction(async (tx) => {
      await lockAccounts(tx, actor);
      const user = await findVisibleUser(actor, userId, tx);
      if (user.login === newLogin) return false;
      if (await tx.user.findUnique({ where: { login: newLogin }, select: { id: true } })) throw new ValidationError({ newLogin: TEXT.loginTaken });
      await tx.user.update({ where: { id: user.id }, data: { login: newLogin } });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "user",
        entityId: user.id,
        action: "rename-login",
        oldValue: { login: user.login },
        newValue: { login: newLogin },
      });
      return true;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw new ValidationError({ newLogin: TEXT.loginTaken });
    throw err;
  }
}

/** Unblocks the account. Throws Forbidden unless ADMIN. Returns false if it was not blocked. */
export async function unblockUser(actor: Actor, userId: number): Promise<boolean> {
  assertManagesAccounts(actor);
  return prisma.$transaction(async (tx) => {
    await lockAccounts(tx, actor);
    const user = await findVisibleUser(actor, userId, tx);
    if (!user.blocked) return false;
    await tx.user.update({ where: { id: user.id }, data: { blocked: false, blockedByConsent: false } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "user",
      entityId: user.id,
      action: "unblock",
      oldValue: { blocked: true },
      newValue: { blocked: false },
    });
    return true;
  });
}

/** Loads the target and asserts canResetPassword on it (R-SEC-3); NotFound outside the actor's scope. */
async function resettableUser(actor: Actor, userId: number, db: Db = prisma): Promise<Target> {
  const user = await findVisibleUser(actor, userId, db);
  assertCanResetPassword(actor, await accountTarget(actor, user, db));
  return user;
}

/**
 * Lifts the temporary lockout after repeated failed logins (clears lockedUntil and failedLogins).
 * The same rule as the password reset (R-SEC-3). Returns false when the account was not locked.
 */
export async function unlockUser(actor: Actor, userId: number, now = clock.now()): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const user = await resettableUser(actor, userId, tx);
    const locked = !!user.lockedUntil && user.lockedUntil > now;
    if (!locked && user.failedLogins === 0) return false;
    await tx.user.update({ where: { id: user.id }, data: { lockedUntil: null, failedLogins: 0 } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "user",
      entityId: user.id,
      action: "unlock",
      oldValue: { lockedUntil: user.lockedUntil, failedLogins: user.failedLogins },
      newValue: { lockedUntil: null, failedLogins: 0 },
    });
    return true;
  });
}

/**
 * R-SEC-3: a new temporary password (shown once by the caller), the change required at the next login,
 * the lockout lifted and every session of the user ended. Throws Forbidden / NotFound per canResetPassword.
 */
export async function resetPassword(actor: Actor, userId: number): Promise<IssuedPassword> {
  await resettableUser(actor, userId); // before the slow hash: a refused request costs nothing
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const user = await prisma.$transaction(async (tx) => {
    const u = await resettableUser(actor, userId, tx);
    await tx.user.update({ where: { id: u.id }, data: { passwordHash, mustChangePassword: true, lockedUntil: null, failedLogins: 0 } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "user",
      entityId: u.id,
      action: "reset-password",
      oldValue: { mustChangePassword: u.mustChangePassword },
      newValue: { mustChangePassword: true },
    });
    return u;
  });
  await endSessions(user.id);
  return { userId: user.id, name: fullName(user.person), login: user.login, password };
}

/**
 * R-SEC-5: ends every session of the user («Завершить все сеансы»); on the own account the current
 * session is kept. Throws Forbidden unless ADMIN. Returns how many sessions were ended.
 */
export async function endUserSessions(actor: Actor, userId: number, currentSid: string): Promise<number> {
  assertManagesAccounts(actor);
  const user = await findVisibleUser(actor, userId);
  const ended = await endSessions(user.id, user.id === actor.userId ? currentSid : undefined);
  // The session store is outside Prisma's transaction; the entry follows the deletion it records.
  await audit(prisma, {
    schoolId: actor.schoolId,
    actorId: actor.userId,
    entity: "user",
    entityId: user.id,
    action: "end-sessions",
    newValue: { sessions: ended },
  });
  return ended;
}
export { createAccount, suggestLogin } from "./users.create.ts";
