/** Helpers for the admin tests: reading the one-time password off the result page, account snapshots. */
import { prisma } from "../../src/lib/db.ts";
import { anonymous, csrfFrom } from "../support/http.ts";

/** The temporary password shown once on the result page. */
export function issuedPassword(html: string): string {
  const m = /id="temporary-password">([^<]+)</.exec(html);
  if (!m) throw new Error("На странице нет временного пароля");
  return m[1]!;
}

export function issuedLogin(html: string): string {
  const m = /id="issued-login">([^<]+)</.exec(html);
  if (!m) throw new Error("На странице нет логина");
  return m[1]!;
}

/** Everything an account action may change, to compare before and after a refused request. */
export async function accountState(userId: number) {
  const u = await prisma.user.findUniqueOrThrow({ where: { id: userId }, include: { roles: true } });
  return {
    passwordHash: u.passwordHash,
    mustChangePassword: u.mustChangePassword,
    blocked: u.blocked,
    lockedUntil: u.lockedUntil,
    failedLogins: u.failedLogins,
    roles: u.roles.map((r) => r.role).sort(),
  };
}

/** One login attempt from a fresh anonymous browser: the status and where it sends the user. */
export async function tryLogin(login: string, password: string) {
  const agent = anonymous();
  const page = await agent.get("/login");
  const res = await agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrfFrom(page.text), login, password });
  return { agent, res };
}

export async function auditEntries(entityId: number, action?: string) {
  return prisma.auditLog.findMany({ where: { entity: "user", entityId: String(entityId), ...(action ? { action } : {}) }, orderBy: { id: "asc" } });
}

/** No password, hash or anything that looks like one in the audit values. */
export function containsSecret(values: unknown[], secrets: string[]): boolean {
  const text = JSON.stringify(values);
  return secrets.some((s) => s && text.includes(s)) || /\$argon2|passwordHash|"password"/i.test(text);
}
