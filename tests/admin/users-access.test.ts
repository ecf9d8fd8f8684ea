/** Who reaches the account pages (R-ROLE-3, R-SEC-7), another school's ids, and the list: search, role, order, pages. */
import { clock } from "../../src/lib/clock.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { accountState } from "./helpers.ts";

describe("access to /admin/users", () => {
  // Refused requests change nothing (each test checks): one school for them; a test that changes it builds its own.
  let s: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
  });

  it.each(["teacherMath", "secretary", "hr", "medic", "psychologist", "tech", "parentAlekseev", "studentA1"] as const)(
    "%s gets 403 on the list, an account page and the audit log",
    async (who) => {
      const agent = await as(s.users[who]);
      expect((await agent.get("/admin/users")).status).toBe(403);
      expect((await agent.get(`/admin/users/${s.users.studentA1.userId}`)).status).toBe(403);
      expect((await agent.get("/admin/audit")).status).toBe(403);
      const before = await accountState(s.users.studentA2.userId);
      expect((await agent.form(`/admin/users/${s.users.studentA2.userId}/password`, {})).status).toBe(403);
      expect(await accountState(s.users.studentA2.userId)).toEqual(before);
    },
  );

  it("the deputy sees everyone read-only: no forms, every change 403, the database unchanged", async () => {
    const s = await buildSchool();
    const deputy = await as(s.users.deputy);
    const list = await deputy.get("/admin/users");
    expect(list.status).toBe(200);
    expect(list.text).toContain("Математиков Пётр Ильич");
    expect(list.text).not.toContain("Создать учётную запись");
    const page = await deputy.get(`/admin/users/${s.users.teacherMath.userId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Последние входы");
    expect(page.text).not.toContain('action="/admin/users/');

    const id = s.users.teacherMath.userId;
    await prisma.user.update({ where: { id }, data: { lockedUntil: new Date(clock.nowMs() + 600_000) } });
    const before = await accountState(id);
    for (const [path, data] of [
      ["roles", { roles: ["ADMIN"] }],
      ["block", {}],
      ["unblock", {}],
      ["unlock", {}],
      ["password", {}],
      ["sessions/end", {}],
    ] as const) {
      expect((await deputy.form(`/admin/users/${id}/${path}`, data)).status).toBe(403);
    }
    expect(await accountState(id)).toEqual(before);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId } })).toBe(0);
  });

  it("another school's account answers 404 to the admin and the deputy, for pages and actions", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const admin = await as(s.users.admin);
    const deputy = await as(s.users.deputy);
    const id = other.users.teacherMath.userId;
    const before = await accountState(id);
    expect((await admin.get(`/admin/users/${id}`)).status).toBe(404);
    expect((await deputy.get(`/admin/users/${id}`)).status).toBe(404);
    for (const path of ["roles", "block", "unblock", "unlock", "password", "sessions/end"]) {
      expect((await admin.form(`/admin/users/${id}/${path}`, { roles: ["TEACHER", "ADMIN"] })).status).toBe(404);
    }
    expect(await accountState(id)).toEqual(before);
    expect((await admin.get("/admin/users")).text).not.toContain(other.users.teacherMath.login);
  });

  it("a malformed id answers 404", async () => {
    const admin = await as(s.users.admin);
    for (const id of ["abc", "0", "-1", "99999999999", "1.5"]) expect((await admin.get(`/admin/users/${id}`)).status).toBe(404);
  });
});

describe("the list of users", () => {
  it("finds by part of the name (ё as е, any case) or the login, and filters by role", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const byName = await admin.get("/admin/users").query({ q: "петр ильич" });
    expect(byName.text).toContain("Математиков Пётр Ильич");
    expect(byName.text).not.toContain("Админова Анна");
    const byLogin = await admin.get("/admin/users").query({ q: s.users.hr.login.toUpperCase() });
    expect(byLogin.text).toContain("Кадрова");
    expect(byLogin.text).not.toContain("Админова Анна");
    const parents = await admin.get("/admin/users").query({ role: "PARENT" });
    expect(parents.text).toContain("Алексеев Игорь");
    expect(parents.text).toContain("Борисова Ольга");
    expect(parents.text).not.toContain("Математиков");
    const classTeachers = await admin.get("/admin/users").query({ role: "CLASS_TEACHER" });
    expect(classTeachers.text).toContain("Русакова");
    expect(classTeachers.text).toContain("Инглишева");
    expect(classTeachers.text).not.toContain("Математиков");
    const wildcard = await admin.get("/admin/users").query({ q: "%" });
    expect(wildcard.text).toContain("Найдено: 0");
  });

  it("orders by surname in Russian order (ё with е) and pages by 25", async () => {
    const s = await buildSchool();
    const surnames = ["Ёлкин", "Ежов", "Жуков", "Елисеев", "Яковлев", "Абрамов"];
    for (let i = 0; i < 30; i++) {
      const p = await prisma.person.create({
        data: { schoolId: s.schoolId, lastName: surnames[i % surnames.length]!, firstName: `Имя${String(i).padStart(2, "0")}` },
      });
      await prisma.user.create({
        data: { schoolId: s.schoolId, personId: p.id, login: `${s.tag}.extra${i}`, passwordHash: "x", roles: { create: [{ role: "TECH_STAFF" }] } },
      });
    }
    const admin = await as(s.users.admin);
    const first = await admin.get("/admin/users").query({ role: "TECH_STAFF" });
    expect(first.text).toContain("Найдено: 31");
    expect(first.text).toContain("Страница 1 из 2");
    const names = [...first.text.matchAll(/<a href="\/admin\/users\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!.split(" ")[0]);
    expect(names).toHaveLength(25);
    const order = [...new Set(names)];
    expect(order).toEqual(["Абрамов", "Ежов", "Елисеев", "Ёлкин", "Жуков"]);
    const second = await admin.get("/admin/users").query({ role: "TECH_STAFF", page: 2 });
    const rest = [...second.text.matchAll(/<a href="\/admin\/users\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]!.split(" ")[0]);
    expect(rest).toHaveLength(6);
    expect(rest.at(-1)).toBe("Яковлев");
    expect(second.text).toContain("role=TECH_STAFF&amp;page=1");
  });

  it("shows statuses: active, blocked, temporarily locked until, must change password", async () => {
    const s = await buildSchool();
    await prisma.user.update({ where: { id: s.users.hr.userId }, data: { blocked: true } });
    await prisma.user.update({ where: { id: s.users.medic.userId }, data: { lockedUntil: new Date(clock.nowMs() + 600_000) } });
    await prisma.user.update({ where: { id: s.users.tech.userId }, data: { mustChangePassword: true } });
    const admin = await as(s.users.admin);
    const text = (await admin.get("/admin/users")).text;
    expect(text).toContain(">заблокирован<");
    expect(text).toMatch(/временно заблокирован до \d\d\.\d\d\.\d{4} \d\d:\d\d/);
    expect(text).toContain("должен сменить пароль");
    expect(text).toContain(">активен<");
  });
});
