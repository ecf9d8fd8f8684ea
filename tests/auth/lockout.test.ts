import { clock } from "../../src/lib/clock.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { anonymous, csrfFrom } from "../support/http.ts";

async function attempt(login: string, password: string) {
  const agent = anonymous();
  const page = await agent.get("/login");
  return agent.post("/login").type("form").send({ _csrf: csrfFrom(page.text), login, password });
}

describe("lockout after repeated wrong passwords (R-SEC-5)", () => {
  it("locks the account for 15 minutes after 5 failures, even for the right password", async () => {
    const s = await buildSchool();
    const u = s.users.teacherMath;
    for (let i = 1; i <= 4; i++) expect((await attempt(u.login, "wrong-" + i)).status).toBe(401);
    const fifth = await attempt(u.login, "wrong-5");
    expect(fifth.text).toContain("временно заблокирована");
    const right = await attempt(u.login, u.password);
    expect(right.status).toBe(401);
    expect(right.text).toContain("временно заблокирована");
    const user = await prisma.user.findUniqueOrThrow({ where: { id: u.userId } });
    expect(user.lockedUntil!.getTime() - clock.nowMs()).toBeGreaterThan(14 * 60_000);
    const events = await prisma.loginEvent.findMany({ where: { userId: u.userId }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.reason)).toEqual([
      "wrong-password", "wrong-password", "wrong-password", "wrong-password", "wrong-password-locked", "locked",
    ]);
  });

  it("warns when few attempts are left", async () => {
    const s = await buildSchool();
    for (let i = 0; i < 3; i++) await attempt(s.users.deputy.login, "nope-nope");
    const fourth = await attempt(s.users.deputy.login, "nope-nope");
    expect(fourth.text).toContain("Осталось попыток до временной блокировки: 1");
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

  it("refuses a blocked account with its own message", async () => {
    const s = await buildSchool();
    await prisma.user.update({ where: { id: s.users.hr.userId }, data: { blocked: true } });
    const res = await attempt(s.users.hr.login, s.users.hr.password);
    expect(res.status).toBe(401);
    expect(res.text).toContain("Учётная запись заблокирована");
  });

  it("rejects an empty form with messages beside the fields", async () => {
    const res = await attempt("", "");
    expect(res.status).toBe(422);
    expect(res.text).toContain("Заполните поле");
    expect(res.text).toContain("Введите пароль");
  });
});
