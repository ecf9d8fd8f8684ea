/**
 * Signing in (R-SEC-1, R-SEC-5): password check, lockout after repeated
 * failures, the login journal; changing the own password (R-SEC-2).
 */
import { countSignIn } from "../metrics/metrics.service.ts";
import { prisma, pgPool } from "../../lib/db.ts";
import { audit } from "../../lib/audit.ts";
import { hashPassword, passwordProblem, verifyPassword } from "../../lib/passwords.ts";
import { clock } from "../../lib/clock.ts";

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MIN = 15;
export const LOCKOUT_MINUTES = 15;

export type AuthResult = { ok: true; userId: number } | { ok: false; message: string };

// Verifying against this keeps the answer time of an unknown or locked login like that of a known one.
let dummyHash: Promise<string> | undefined;
async function spendVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword("dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}

/**
 * The one answer to every failed sign-in: an unknown login, a wrong password and a temporarily
 * locked account read the same, so the form does not tell a stranger which logins exist. The
 * login page explains the lockout to everyone (LOCKOUT_HINT); the administrator sees locks.
 */
export const WRONG = "Неверный логин или пароль.";
export const LOCKOUT_HINT = `После ${LOCKOUT_FAILURES} неверных паролей подряд вход в учётную запись закрывается на ${LOCKOUT_MINUTES} минут.`;
/** Only with the right password: the account exists and its owner is told it is blocked. */
const BLOCKED = "Учётная запись заблокирована. Обратитесь к администратору школы.";
/** Only with the right password: a family account closed by a withdrawn consent (R-SEC-6, issue 17). */
export const CONSENT_REVOKED =
  "Вход закрыт: в школе записан отзыв согласия на обработку персональных данных. Чтобы снова пользоваться дневником, подпишите согласие в школе.";

/**
 * R-SEC-1, R-SEC-5: checks a login and password. Five wrong passwords within 15 minutes lock
 * the account for 15 minutes (no password is checked while locked). Every attempt is written
 * to the login journal with its real reason; the answer never reveals whether the login exists.
 */
export async function authenticate(login: string, password: string, meta: { ip?: string; userAgent?: string }, now = clock.now()): Promise<AuthResult> {
  const normalized = login.trim().toLowerCase();
  const user = await prisma.user.findUnique({ where: { login: normalized } });
  const event = (success: boolean, reason: string | null, u = user) => {
    countSignIn(reason ?? "ok");
    return prisma.loginEvent.create({
      data: {
        schoolId: u?.schoolId ?? null,
        userId: u?.id ?? null,
        login: normalized.slice(0, 100),
        success,
        reason,
        ip: meta.ip?.slice(0, 100) ?? null,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
        at: now,
      },
    });
  };

  if (!user) {
    await spendVerifyTime(password);
    await event(false, "unknown-login");
    return { ok: false, message: WRONG };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await spendVerifyTime(password);
    await event(false, "locked");
    return { ok: false, message: WRONG };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    // One statement, so concurrent failures are all counted.
    const { rows } = await pgPool().query<{ failedLogins: number }>(
      `UPDATE "User" SET "failedLogins" = CASE WHEN "lastFailedLoginAt" > $2::timestamptz - interval '${LOCKOUT_WINDOW_MIN} minutes'
         THEN "failedLogins" + 1 ELSE 1 END, "lastFailedLoginAt" = $2 WHERE id = $1 RETURNING "failedLogins"`,
      [user.id, now],
    );
    const failures = rows[0]?.failedLogins ?? 1;
    if (failures >= LOCKOUT_FAILURES) {
      const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
      await prisma.user.update({ where: { id: user.id }, data: { lockedUntil: until, failedLogins: 0 } });
      await event(false, "wrong-password-locked");
    } else {
      await event(false, "wrong-password");
    }
    return { ok: false, message: WRONG };
  }
  if (user.blocked) {
    await event(false, user.blockedByConsent ? "consent-revoked" : "blocked");
    return { ok: false, message: user.blockedByConsent ? CONSENT_REVOKED : BLOCKED };
  }
  await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  await event(true, null);
  return { ok: true, userId: user.id };
}

/**
 * R-SEC-2: changes the own password after checking the current one and the rules.
 * Returns field errors, or null when changed.
 */
export async function changeOwnPassword(userId: number, input: { current: string; password: string; repeat: string }): Promise<Record<string, string> | null> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { person: true } });
  if (!(await verifyPassword(user.passwordHash, input.current))) return { current: "Текущий пароль введён неверно" };
  const problem = passwordProblem(input.password, { login: user.login, lastName: user.person.lastName, birthDate: user.person.birthDate });
  if (problem) return { password: problem };
  if (input.password !== input.repeat) return { repeat: "Пароли не совпадают" };
  if (input.password === input.current) return { password: "Новый пароль должен отличаться от текущего" };
  const passwordHash = await hashPassword(input.password);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: clock.now() } });
    await audit(tx, { schoolId: user.schoolId, actorId: userId, entity: "user", entityId: userId, action: "change-password" });
  });
  return null;
}

export async function recentLogins(userId: number, limit = 20) {
  return prisma.loginEvent.findMany({ where: { userId }, orderBy: { at: "desc" }, take: limit });
}

/** Ends every session of a user (R-SEC-5); the current one is kept when its id is given. */
export async function endSessions(userId: number, exceptSid?: string): Promise<number> {
  const { rowCount } = await pgPool().query(`DELETE FROM "session" WHERE (sess->'passport'->>'user') = $1 AND ($2::text IS NULL OR sid <> $2)`, [
    String(userId),
    exceptSid ?? null,
  ]);
  return rowCount ?? 0;
}

export async function activeSessionCount(userId: number): Promise<number> {
  const { rows } = await pgPool().query<{ n: string }>(`SELECT count(*) AS n FROM "session" WHERE (sess->'passport'->>'user') = $1 AND expire > now()`, [
    String(userId),
  ]);
  return Number(rows[0]?.n ?? 0);
}
