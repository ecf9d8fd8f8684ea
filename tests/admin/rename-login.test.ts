/**
 * The administrator renames a login (003 §4.1.4, issue 17): unique across the deployment, the old login kept
 * in the audit log, the password and sessions untouched; bad input beside the field; nobody else may.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as, signIn } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Fixed dates of the fixture (lessons, consents, the 2nd quarter 05.11–28.12) on a school day of that quarter, whatever TEST_NOW the run has.
useMidQuarterDay();

describe("renaming a login (003 §4.1.4)", () => {
  it("renames, keeps the old login in the audit, the owner signs in with the new one and stays signed in", async () => {
    const s = await buildSchool();
    const parent = await signIn(s.users.parentAlekseev.login, s.users.parentAlekseev.password);
    const admin = await as(s.users.admin);
    const newLogin = `${s.tag}.alekseev.ip`.toLowerCase();
    const res = await admin.form(`/admin/users/${s.users.parentAlekseev.userId}/login`, { newLogin: `  ${newLogin.toUpperCase()} ` });
    expect(res.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentAlekseev.userId } })).login).toBe(newLogin);
    const entry = await prisma.auditLog.findFirstOrThrow({
      where: { entity: "user", entityId: String(s.users.parentAlekseev.userId), action: "rename-login" },
    });
    expect(entry.oldValue).toEqual({ login: s.users.parentAlekseev.login });
    expect(entry.newValue).toEqual({ login: newLogin });
    expect((await parent.get("/")).status).toBe(200);
    await signIn(newLogin, s.users.parentAlekseev.password);
    await expect(signIn(s.users.parentAlekseev.login, s.users.parentAlekseev.password)).rejects.toThrow();
  });

  it("refuses a taken login (also another school's), a malformed or empty one, with the message beside the field and the typed value", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const admin = await as(s.users.admin);
    const url = `/admin/users/${s.users.studentA1.userId}/login`;
    for (const [value, message] of [
      [s.users.studentA2.login, "Этот логин уже занят"],
      [other.users.teacherMath.login, "Этот логин уже занят"],
      ["ab", "Логин: латинские буквы"],
      ["иванов", "Логин: латинские буквы"],
      ["", "Введите новый логин"],
    ] as const) {
      const res = await admin.form(url, { newLogin: value });
      expect([res.status, value]).toEqual([422, value]);
      expect(res.text).toContain(message);
      if (value) expect(res.text).toContain(`value="${value}"`);
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.studentA1.userId } })).login).toBe(s.users.studentA1.login);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, action: "rename-login" } })).toBe(0);
  });

  it("nobody but the administrator renames; another school's account is a 404", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    for (const u of [s.users.deputy, s.users.secretary, s.users.teacherRussian, s.users.parentAlekseev]) {
      const res = await (await as(u)).form(`/admin/users/${s.users.studentA1.userId}/login`, { newLogin: "hacked.login" });
      expect([403, 404]).toContain(res.status);
    }
    expect((await (await as(s.users.admin)).form(`/admin/users/${other.users.studentA1.userId}/login`, { newLogin: "hacked.login" })).status).toBe(404);
    expect(await prisma.user.count({ where: { login: "hacked.login" } })).toBe(0);
  });
});
