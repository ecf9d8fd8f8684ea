import { clock } from "../../src/lib/clock.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { tryLogin } from "../admin/helpers.ts";

const attempt = async (login: string, password: string) => (await tryLogin(login, password)).res;

describe("lockout after repeated wrong passwords (R-SEC-5)", () => {
  it("locks the account for 15 minutes after 5 failures, even for the right password", async () => {
    const s = await buildSchool();
    const u = s.users.teacherMath;
    for (let i = 1; i <= 4; i++) expect((await attempt(u.login, "wrong-" + i)).status).toBe(401);
    const fifth = await attempt(u.login, "wrong-5");
    expect(fifth.text).toContain("Неверный логин или пароль.");
    const right = await attempt(u.login, u.password);
    expect(right.status).toBe(401);
    expect(right.text).toContain("Неверный логин или пароль.");
    // Every failed sign-in page explains the lockout, to everyone alike.
    expect(right.text).toContain("После 5 неверных паролей подряд вход в учётную запись закрывается на 15 минут.");
    const user = await prisma.user.findUniqueOrThrow({ where: { id: u.userId } });
    expect(user.lockedUntil!.getTime() - clock.nowMs()).toBeGreaterThan(14 * 60_000);
    const events = await prisma.loginEvent.findMany({ where: { userId: u.userId }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.reason)).toEqual(["wrong-password", "wrong-password", "wrong-password", "wrong-password", "wrong-password-locked", "locked"]);
  });

  it("answers an existing login, an unknown one and a locked one alike (nothing tells a stranger which logins exist)", async () => {
    const s = await buildSchool();
    const known = s.users.deputy.login;
    const answers: string[] = [];
    const strip = (html: string, login: string) =>
      html
        .replaceAll(login, "LOGIN")
        .replace(/name="_csrf" value="[^"]+"/, "")
        .replace(/content="[^"]+" name="csrf-token"|name="csrf-token" content="[^"]+"/, "");
    for (let i = 0; i < 6; i++) {
      const k = await attempt(known, "nope-nope");
      const u = await attempt(`${s.tag}.nobody`, "nope-nope");
      expect([k.status, u.status]).toEqual([401, 401]);
      answers.push(strip(k.text, known), strip(u.text, `${s.tag}.nobody`));
    }
    // The 5th failure locked the deputy; the 6th answer (locked) is still the same page.
    expect(new Set(answers).size).toBe(1);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.deputy.userId } })).lockedUntil).not.toBeNull();
  });

  it("lets the user in again once the lock has passed", async () => {
    const s = await buildSchool();
    const u = s.users.teacherMath;
    for (let i = 0; i < 5; i++) await attempt(u.login, "wrong-pass");
    await prisma.user.update({ where: { id: u.userId }, data: { lockedUntil: new Date(clock.nowMs() - 1000) } });
    const res = await attempt(u.login, u.password);
    expect(res.status).toBe(302);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: u.userId } });
    expect(user.failedLogins).toBe(0);
  });

  it("does not count failures older than 15 minutes", async () => {
    const s = await buildSchool();
    const u = s.users.teacherMath;
    for (let i = 0; i < 4; i++) await attempt(u.login, "wrong-pass");
    await prisma.user.update({ where: { id: u.userId }, data: { lastFailedLoginAt: new Date(clock.nowMs() - 16 * 60_000) } });
    await attempt(u.login, "wrong-pass");
    const user = await prisma.user.findUniqueOrThrow({ where: { id: u.userId } });
    expect(user.failedLogins).toBe(1);
    expect(user.lockedUntil).toBeNull();
  });

  it("gives the same answer for an unknown login and records the attempt", async () => {
    const res = await attempt("no-such-user-xyz", "whatever-123");
    expect(res.status).toBe(401);
    expect(res.text).toContain("Неверный логин или пароль");
    const ev = await prisma.loginEvent.findFirst({ where: { login: "no-such-user-xyz" } });
    expect(ev?.reason).toBe("unknown-login");
  });

  it("tells a blocked account's owner (the right password) that it is blocked; a wrong password reads as for anyone", async () => {
    const s = await buildSchool();
    await prisma.user.update({ where: { id: s.users.hr.userId }, data: { blocked: true } });
    const res = await attempt(s.users.hr.login, s.users.hr.password);
    expect(res.status).toBe(401);
    expect(res.text).toContain("Учётная запись заблокирована");
    const wrong = await attempt(s.users.hr.login, "not-the-password");
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain("заблокирована");
    expect(wrong.text).toContain("Неверный логин или пароль.");
  });

  it("rejects an empty form with messages beside the fields", async () => {
    const res = await attempt("", "");
    expect(res.status).toBe(422);
    expect(res.text).toContain("Заполните поле");
    expect(res.text).toContain("Введите пароль");
  });
});
