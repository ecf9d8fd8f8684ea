/**
 * Sessions of the «Сетевой город» web API (issue 21), as its clients expect them:
 *   GET logindata       opens a session: an NSSESSIONID cookie (only its SHA-256 is kept)
 *   POST auth/getdata   single-use login data {lt, ver, salt} bound to that cookie
 *   POST login          un + pw2 = md5(salt + md5hex(app password)) → the `at` token (its SHA-256 kept)
 * Every later request carries `at`; the token's life slides with use (TOKEN_DAYS), because the
 * clients cannot recover from an expired one. Only a parent's or a student's «пароль для
 * приложений» opens a session — never the real password, never a staff account (R-SEC-1).
 */
import crypto from "node:crypto";
import { loadActor, type Actor } from "../../access/actor.ts";
import { clock } from "../../lib/clock.ts";
import { prisma } from "../../lib/db.ts";
import { Conflict } from "../../lib/errors.ts";
import { canUseAppPassword } from "./webapi.policy.ts";
import { WEBAPI_TEXT } from "./webapi.text.ts";
import type { LoginForm } from "./webapi.schemas.ts";

/** The `at` token's sliding life (24 days in ms still fits a 32-bit timeOut of the clients). */
export const TOKEN_DAYS = 24;
const DAY_MS = 86_400_000;
/** A session that has not signed in yet, and its login data, last this long. */
const LOGIN_MINUTES = 15;
/** The expiry is moved forward at most once an hour (not a write per request). */
const SLIDE_STEP_MS = 3_600_000;

export const SESSION_COOKIE_NAME = "NSSESSIONID";

const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");
const digits = (n: number) => Array.from(crypto.randomBytes(n), (b) => String(b % 10)).join("");

/** Opens a session before sign-in; returns the cookie's value (never stored in clear). */
export async function openSession(): Promise<string> {
  const cookie = crypto.randomBytes(24).toString("hex");
  const now = clock.now();
  await prisma.webApiSession.create({ data: { cookieHash: sha256(cookie), createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_MINUTES * 60_000) } });
  // Sessions that were opened and never used, or whose token expired, go on the way.
  await prisma.webApiSession.deleteMany({ where: { expiresAt: { lt: now } } });
  return cookie;
}

/**
 * POST auth/getdata: new login data for the cookie's session (replacing earlier ones: each is
 * single-use). Without a known cookie a session is opened first; `cookie` then says which to set.
 */
export async function issueLoginData(cookie: string | undefined): Promise<{ cookie: string | null; data: { lt: string; ver: string; salt: string } }> {
  const now = clock.now();
  const known = cookie ? await prisma.webApiSession.findFirst({ where: { cookieHash: sha256(cookie), tokenHash: null, expiresAt: { gt: now } } }) : null;
  const fresh = known ? null : await openSession();
  const data = { lt: digits(9), ver: digits(9), salt: digits(9) };
  await prisma.webApiSession.update({
    where: { cookieHash: sha256(fresh ?? cookie!) },
    data: { ...data, ltIssuedAt: now, expiresAt: new Date(now.getTime() + LOGIN_MINUTES * 60_000) },
  });
  return { cookie: fresh, data };
}

/** Compares hex digests in constant time. */
function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

async function journal(
  user: { id: number; schoolId: number } | null,
  login: string,
  success: boolean,
  reason: string,
  meta: { ip?: string; userAgent?: string },
) {
  await prisma.loginEvent.create({
    data: {
      schoolId: user?.schoolId ?? null,
      userId: user?.id ?? null,
      login: login.slice(0, 100),
      success,
      reason,
      ip: meta.ip?.slice(0, 100) ?? null,
      userAgent: `Приложение: ${meta.userAgent ?? ""}`.slice(0, 300),
      at: clock.now(),
    },
  });
}

/**
 * POST login: checks the single-use login data of the cookie's session and the app password's
 * proof pw2 = md5(salt + stored md5). Success binds a new `at` token to the session. Every refusal
 * — stale data, unknown login, another school, no app password, a staff or blocked account, a
 * wrong proof — throws the same Conflict (HTTP 409 {message}) and is written to the login journal
 * with its real reason (R-SEC-5: the owner sees app sign-ins beside the others).
 */
export async function signIn(cookie: string | undefined, form: LoginForm, meta: { ip?: string; userAgent?: string }): Promise<{ at: string; actor: Actor }> {
  const now = clock.now();
  const login = form.un.trim().toLowerCase();
  const session = cookie ? await prisma.webApiSession.findUnique({ where: { cookieHash: sha256(cookie) } }) : null;
  const fresh = !!session?.lt && session.tokenHash === null && !!session.ltIssuedAt && now.getTime() - session.ltIssuedAt.getTime() < LOGIN_MINUTES * 60_000;
  // Single use: the login data is spent by this attempt whatever its outcome (one statement, so two racing attempts cannot both use it).
  const spent = fresh ? await prisma.webApiSession.updateMany({ where: { id: session.id, lt: form.lt }, data: { lt: null, salt: null } }) : { count: 0 };
  if (!spent.count) throw new Conflict(WEBAPI_TEXT.loginDataExpired);

  const user = await prisma.user.findUnique({ where: { login }, select: { id: true, schoolId: true } });
  const refuse = async (reason: string) => {
    await journal(user, login, false, reason, meta);
    return new Conflict(WEBAPI_TEXT.wrongPassword);
  };
  if (!user) throw await refuse("unknown-login");
  if (user.schoolId !== form.scid) throw await refuse("other-school");
  const actor = await loadActor(user.id, now);
  if (!actor) throw await refuse("blocked");
  if (!canUseAppPassword(actor)) throw await refuse("app-staff");
  const stored = await prisma.appPassword.findUnique({ where: { userId: user.id } });
  if (!stored) throw await refuse("no-app-password");
  if (!sameHex(crypto.createHash("md5").update(`${session!.salt}${stored.md5}`).digest("hex"), form.pw2)) throw await refuse("wrong-app-password");

  const at = crypto.randomBytes(32).toString("hex");
  await prisma.$transaction([
    prisma.webApiSession.update({
      where: { id: session!.id },
      data: { tokenHash: sha256(at), userId: user.id, schoolId: user.schoolId, expiresAt: new Date(now.getTime() + TOKEN_DAYS * DAY_MS) },
    }),
    prisma.appPassword.update({ where: { userId: user.id }, data: { lastUsedAt: now } }),
  ]);
  await journal(user, login, true, "app-password", meta);
  return { at, actor };
}

/**
 * The signed-in actor of an `at` token, or null (unknown, expired, revoked, the account blocked or
 * no longer a family's). Slides the token's expiry and the app password's «last used».
 */
export async function actorOfToken(at: string | undefined): Promise<Actor | null> {
  if (!at || at.length > 200) return null;
  const now = clock.now();
  const session = await prisma.webApiSession.findUnique({ where: { tokenHash: sha256(at) }, select: { id: true, userId: true, expiresAt: true } });
  if (!session?.userId || session.expiresAt <= now) return null;
  const actor = await loadActor(session.userId, now);
  if (!actor || !canUseAppPassword(actor)) return null;
  const target = now.getTime() + TOKEN_DAYS * DAY_MS;
  if (target - session.expiresAt.getTime() > SLIDE_STEP_MS)
    await prisma.$transaction([
      prisma.webApiSession.update({ where: { id: session.id }, data: { expiresAt: new Date(target) } }),
      prisma.appPassword.updateMany({ where: { userId: session.userId }, data: { lastUsedAt: now } }),
    ]);
  return actor;
}

/** GET context/expired?token=: whether the token no longer opens anything. */
export async function tokenExpired(at: string | undefined): Promise<boolean> {
  return (await actorOfToken(at)) === null;
}

/** POST auth/logout: ends the token's session (nothing when unknown). */
export async function signOut(at: string | undefined): Promise<void> {
  if (at) await prisma.webApiSession.deleteMany({ where: { tokenHash: sha256(at) } });
}
