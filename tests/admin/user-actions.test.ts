/** The administrator's actions on an account (R-ROLE-3, R-SEC-3, R-SEC-5), each audited without password material. */
import { clock } from "../../src/lib/clock.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { LOCKOUT_FAILURES } from "../../src/modules/auth/auth.service.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { accountState, auditEntries, containsSecret, issuedPassword, tryLogin } from "./helpers.ts";

describe("roles (R-ROLE-3, R-ROLE-2)", () => {
  it("admin assigns several roles; the change takes effect at the user's next request and is audited", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get("/admin/users")).status).toBe(403);

    const res = await admin.form(`/admin/users/${s.users.teacherMath.userId}/roles`, { roles: ["TEACHER", "DEPUTY", "PARENT"] });
    expect(res.status).toBe(302);
    expect((await accountState(s.users.teacherMath.userId)).roles).toEqual(["DEPUTY", "TEACHER", "PARENT"].sort());
    expect((await teacher.get("/admin/users")).status).toBe(200);

    const [entry] = await auditEntries(s.users.teacherMath.userId, "update-roles");
    expect(entry!.oldValue).toEqual({ roles: ["TEACHER"] });
    expect(entry!.newValue).toEqual({ roles: ["DEPUTY", "PARENT", "TEACHER"] });
  });

  it("refuses an empty role set with 422 and leaves the roles", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const res = await admin.form(`/admin/users/${s.users.teacherMath.userId}/roles`, {});
    expect(res.status).toBe(422);
    expect(res.text).toContain("Выберите хотя бы одну роль");
    expect((await accountState(s.users.teacherMath.userId)).roles).toEqual(["TEACHER"]);
  });

  it("shows the derived class-teacher role and explains it beside the checkboxes", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const page = await admin.get(`/admin/users/${s.users.teacherRussian.userId}`);
    expect(page.text).toContain("Учитель, Классный руководитель");
    expect(page.text).toContain("Роль «Классный руководитель» здесь не назначается");
    expect(page.text).not.toContain('value="CLASS_TEACHER"');
  });
});

describe("the last administrator (R-ROLE-3)", () => {
  it("the only admin can neither remove ADMIN from themselves nor block themselves", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const before = await accountState(s.users.admin.userId);
    const demote = await admin.form(`/admin/users/${s.users.admin.userId}/roles`, { roles: ["TEACHER"] });
    expect(demote.status).toBe(422);
    expect(demote.text).toContain("последний действующий администратор");
    const block = await admin.form(`/admin/users/${s.users.admin.userId}/block`, {});
    expect(block.status).toBe(422);
    expect(block.text).toContain("Нельзя заблокировать последнего действующего администратора");
    expect(await accountState(s.users.admin.userId)).toEqual(before);
    expect(await auditEntries(s.users.admin.userId)).toHaveLength(0);
  });

  it("with a second admin, an admin still cannot demote themselves, but may demote the other", async () => {
    const s = await buildSchool();
    await prisma.userRole.create({ data: { userId: s.users.deputy.userId, role: "ADMIN" } });
    const admin = await as(s.users.admin);
    const self = await admin.form(`/admin/users/${s.users.admin.userId}/roles`, { roles: ["TEACHER"] });
    expect(self.status).toBe(422);
    expect(self.text).toContain("Нельзя снять роль администратора с самого себя");
    expect((await accountState(s.users.admin.userId)).roles).toEqual(["ADMIN"]);
    const selfBlock = await admin.form(`/admin/users/${s.users.admin.userId}/block`, {});
    expect(selfBlock.status).toBe(422);
    expect(selfBlock.text).toContain("Нельзя заблокировать собственную учётную запись");
    expect((await accountState(s.users.admin.userId)).blocked).toBe(false);
    const other = await admin.form(`/admin/users/${s.users.deputy.userId}/roles`, { roles: ["DEPUTY"] });
    expect(other.status).toBe(302);
    expect((await accountState(s.users.deputy.userId)).roles).toEqual(["DEPUTY"]);
  });

  it("a blocked second admin does not count: the remaining active admin stays protected", async () => {
    const s = await buildSchool();
    await prisma.userRole.create({ data: { userId: s.users.deputy.userId, role: "ADMIN" } });
    const admin = await as(s.users.admin);
    expect((await admin.form(`/admin/users/${s.users.deputy.userId}/block`, {})).status).toBe(302);
    const res = await admin.form(`/admin/users/${s.users.admin.userId}/roles`, { roles: ["DEPUTY"] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("последний действующий администратор");
  });
});

describe("blocking (R-SEC-5)", () => {
  it("signs the user out at once and keeps them out; unblocking lets them in again", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const victim = await as(s.users.teacherMath);
    expect((await victim.get("/")).status).toBe(200);

    const res = await admin.form(`/admin/users/${s.users.teacherMath.userId}/block`, { reason: "Пароль стал известен ученикам" });
    expect(res.status).toBe(302);
    expect((await accountState(s.users.teacherMath.userId)).blocked).toBe(true);
    const next = await victim.get("/");
    expect(next.status).toBe(302);
    expect(next.headers.location).toMatch(/^\/login/);
    expect(await prisma.session.count({ where: { sess: { path: ["passport", "user"], equals: s.users.teacherMath.userId } } })).toBe(0);

    const { res: login } = await tryLogin(s.users.teacherMath.login, s.users.teacherMath.password);
    expect(login.status).toBe(401);
    expect(login.text).toContain("Учётная запись заблокирована");

    const [entry] = await auditEntries(s.users.teacherMath.userId, "block");
    expect(entry!.reason).toBe("Пароль стал известен ученикам");
    expect(entry!.newValue).toEqual({ blocked: true });

    const list = await admin.get("/admin/users").query({ q: "Математиков" });
    expect(list.text).toContain("заблокирован");

    expect((await admin.form(`/admin/users/${s.users.teacherMath.userId}/unblock`, {})).status).toBe(302);
    expect((await accountState(s.users.teacherMath.userId)).blocked).toBe(false);
    expect((await tryLogin(s.users.teacherMath.login, s.users.teacherMath.password)).res.status).toBe(302);
    expect(await auditEntries(s.users.teacherMath.userId, "unblock")).toHaveLength(1);
  });
});

describe("lockout after failed logins (R-SEC-5)", () => {
  it("admin lifts the lockout after five wrong passwords and the user signs in", async () => {
    const s = await buildSchool();
    const login = s.users.studentA2.login;
    for (let i = 0; i < LOCKOUT_FAILURES; i++) await tryLogin(login, `wrong-${i}`);
    const locked = await prisma.user.findUniqueOrThrow({ where: { id: s.users.studentA2.userId } });
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(clock.nowMs());
    expect((await tryLogin(login, s.users.studentA2.password)).res.status).toBe(401);

    const admin = await as(s.users.admin);
    const page = await admin.get(`/admin/users/${s.users.studentA2.userId}`);
    expect(page.text).toContain("временно заблокирован до");
    expect(page.text).toContain("Неверный пароль, временная блокировка");
    const res = await admin.form(`/admin/users/${s.users.studentA2.userId}/unlock`, {});
    expect(res.status).toBe(302);
    const state = await accountState(s.users.studentA2.userId);
    expect(state.lockedUntil).toBeNull();
    expect(state.failedLogins).toBe(0);
    expect((await tryLogin(login, s.users.studentA2.password)).res.status).toBe(302);
    expect(await auditEntries(s.users.studentA2.userId, "unlock")).toHaveLength(1);
  });
});

describe("password reset (R-SEC-3)", () => {
  it("shows a new password once, ends the user's sessions, and the old password stops working", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const victim = await as(s.users.secretary);
    const before = await accountState(s.users.secretary.userId);

    const res = await admin.form(`/admin/users/${s.users.secretary.userId}/password`, {});
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toContain("no-store");
    const password = issuedPassword(res.text);
    const after = await accountState(s.users.secretary.userId);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(after.mustChangePassword).toBe(true);

    expect((await victim.get("/")).headers.location).toMatch(/^\/login/);
    expect((await tryLogin(s.users.secretary.login, s.users.secretary.password)).res.status).toBe(401);
    const fresh = await tryLogin(s.users.secretary.login, password);
    expect(fresh.res.status).toBe(302);
    expect((await fresh.agent.get("/")).headers.location).toBe("/account/password");

    expect((await admin.get(`/admin/users/${s.users.secretary.userId}`)).text).not.toContain(password);
    const entries = await auditEntries(s.users.secretary.userId);
    expect(entries.map((e) => e.action)).toContain("reset-password");
    expect(
      containsSecret(
        entries.map((e) => [e.oldValue, e.newValue, e.reason]),
        [password, after.passwordHash, before.passwordHash],
      ),
    ).toBe(false);
  });

  it("admin cannot reset the own password here (403); the own password is changed in personal settings", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const before = await accountState(s.users.admin.userId);
    expect((await admin.form(`/admin/users/${s.users.admin.userId}/password`, {})).status).toBe(403);
    expect(await accountState(s.users.admin.userId)).toEqual(before);
  });
});

describe("ending sessions (R-SEC-5)", () => {
  it("«Завершить все сеансы» signs the user out everywhere and is audited", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const a = await as(s.users.hr);
    const b = await as(s.users.hr);
    const res = await admin.form(`/admin/users/${s.users.hr.userId}/sessions/end`, {});
    expect(res.status).toBe(302);
    expect((await a.get("/")).headers.location).toMatch(/^\/login/);
    expect((await b.get("/")).headers.location).toMatch(/^\/login/);
    const [entry] = await auditEntries(s.users.hr.userId, "end-sessions");
    expect(entry!.newValue).toEqual({ sessions: 2 });
    // Not blocked: they sign in again.
    expect((await tryLogin(s.users.hr.login, s.users.hr.password)).res.status).toBe(302);
  });

  it("on the own account the current session is kept", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const elsewhere = await as(s.users.admin);
    expect((await admin.form(`/admin/users/${s.users.admin.userId}/sessions/end`, {})).status).toBe(302);
    expect((await admin.get("/admin/users")).status).toBe(200);
    expect((await elsewhere.get("/")).headers.location).toMatch(/^\/login/);
  });
});
