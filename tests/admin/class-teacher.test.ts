/**
 * R-SEC-3: a class teacher resets passwords of the own class's students and their parents, nothing else:
 * not staff, not other classes, not blocking, not roles.
 */
import { clock } from "../../src/lib/clock.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, PASSWORD, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { accountState, auditEntries, issuedPassword, tryLogin } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

/** A parent whose only child (studentB1) is in 5Б. */
async function parentOf5BOnly(s: TestSchool) {
  const person = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Вишнева", firstName: "Вера" } });
  await prisma.parentLink.create({ data: { schoolId: s.schoolId, parentId: person.id, studentId: s.students.studentB1!.studentId, relation: "MOTHER" } });
  const user = await prisma.user.findFirstOrThrow({ where: { personId: s.users.parentAlekseev.personId } });
  const created = await prisma.user.create({
    data: {
      schoolId: s.schoolId,
      personId: person.id,
      login: `${s.tag}.vishneva`,
      passwordHash: user.passwordHash,
      mustChangePassword: false,
      roles: { create: [{ role: "PARENT" }] },
    },
  });
  return { userId: created.id, login: created.login, password: PASSWORD };
}

// Fixed dates of the fixture school (a student who left on 01.10, a dismissal on 20.11, lessons of the past weeks)
// are in the past: on a school day of the 2nd quarter (tests/support/use-clock.ts).
useMidQuarterDay();

describe("class teacher of 5А (R-SEC-3)", () => {
  it("sees only the own class's students and their parents in the list", async () => {
    const s = await buildSchool();
    const ct = await as(s.users.teacherRussian);
    const list = await ct.get("/admin/users");
    expect(list.status).toBe(200);
    for (const name of ["Алексеев Артём", "Борисова Вера", "Алексеев Игорь", "Борисова Ольга"]) expect(list.text).toContain(name);
    for (const name of ["Алексеева Дарья", "Математиков", "Админова", "Инглишева"]) expect(list.text).not.toContain(name);
    expect(list.text).not.toContain("Создать учётную запись");
  });

  it("resets the password of a 5А student: shown once, old one stops working, audited", async () => {
    const s = await buildSchool();
    const ct = await as(s.users.teacherRussian);
    const page = await ct.get(`/admin/users/${s.users.studentA1.userId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Сбросить пароль");
    expect(page.text).not.toContain("Заблокировать");
    expect(page.text).not.toContain("Сохранить роли");

    const res = await ct.form(`/admin/users/${s.users.studentA1.userId}/password`, {});
    expect(res.status).toBe(200);
    const password = issuedPassword(res.text);
    expect((await accountState(s.users.studentA1.userId)).mustChangePassword).toBe(true);
    expect((await tryLogin(s.users.studentA1.login, PASSWORD)).res.status).toBe(401);
    expect((await tryLogin(s.users.studentA1.login, password)).res.status).toBe(302);
    const [entry] = await auditEntries(s.users.studentA1.userId, "reset-password");
    expect(entry!.actorId).toBe(s.users.teacherRussian.userId);
  });

  it.each(["parentBorisova", "parentAlekseev"] as const)("resets the password of %s, a parent of a 5А student", async (who) => {
    const s = await buildSchool();
    const ct = await as(s.users.teacherRussian);
    const before = await accountState(s.users[who].userId);
    const res = await ct.form(`/admin/users/${s.users[who].userId}/password`, {});
    expect(res.status).toBe(200);
    issuedPassword(res.text);
    expect((await accountState(s.users[who].userId)).passwordHash).not.toBe(before.passwordHash);
  });

  it("lifts the lockout of a 5А student", async () => {
    const s = await buildSchool();
    await prisma.user.update({ where: { id: s.users.studentA2.userId }, data: { lockedUntil: new Date(clock.nowMs() + 600_000) } });
    const ct = await as(s.users.teacherRussian);
    expect((await ct.form(`/admin/users/${s.users.studentA2.userId}/unlock`, {})).status).toBe(302);
    expect((await accountState(s.users.studentA2.userId)).lockedUntil).toBeNull();
  });

  it("gets 404 for a 5Б student, a teacher and a parent whose only child is in 5Б; nothing changes", async () => {
    const s = await buildSchool();
    const parent5B = await parentOf5BOnly(s);
    const ct = await as(s.users.teacherRussian);
    for (const target of [s.users.studentB1, s.users.teacherMath, s.users.admin, parent5B]) {
      const before = await accountState(target.userId);
      expect((await ct.get(`/admin/users/${target.userId}`)).status).toBe(404);
      expect((await ct.form(`/admin/users/${target.userId}/password`, {})).status).toBe(404);
      expect((await ct.form(`/admin/users/${target.userId}/unlock`, {})).status).toBe(404);
      expect(await accountState(target.userId)).toEqual(before);
    }
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId } })).toBe(0);
  });

  it("gets 403 for a 5А parent who is also staff (R-ROLE-2: not staff accounts)", async () => {
    const s = await buildSchool();
    await prisma.parentLink.create({
      data: { schoolId: s.schoolId, parentId: s.users.teacherMath.personId, studentId: s.students.studentA1!.studentId, relation: "FATHER" },
    });
    await prisma.userRole.create({ data: { userId: s.users.teacherMath.userId, role: "PARENT" } });
    const ct = await as(s.users.teacherRussian);
    expect((await ct.get(`/admin/users/${s.users.teacherMath.userId}`)).status).toBe(200);
    const before = await accountState(s.users.teacherMath.userId);
    expect((await ct.form(`/admin/users/${s.users.teacherMath.userId}/password`, {})).status).toBe(403);
    expect(await accountState(s.users.teacherMath.userId)).toEqual(before);
  });

  it("cannot block, change roles or end sessions of the own class's student (403, nothing changes)", async () => {
    const s = await buildSchool();
    const ct = await as(s.users.teacherRussian);
    const id = s.users.studentA1.userId;
    const before = await accountState(id);
    expect((await ct.form(`/admin/users/${id}/block`, {})).status).toBe(403);
    expect((await ct.form(`/admin/users/${id}/roles`, { roles: ["STUDENT", "ADMIN"] })).status).toBe(403);
    expect((await ct.form(`/admin/users/${id}/sessions/end`, {})).status).toBe(403);
    expect((await ct.get("/admin/users/new")).status).toBe(403);
    expect((await ct.get("/admin/audit")).status).toBe(403);
    expect(await accountState(id)).toEqual(before);
    expect(await auditEntries(id)).toHaveLength(0);
  });

  it("loses access to a student who has left the class", async () => {
    const s = await buildSchool();
    await prisma.classMembership.updateMany({ where: { studentId: s.students.studentA2!.studentId }, data: { toDate: d("2026-10-01") } });
    const ct = await as(s.users.teacherRussian);
    expect((await ct.get(`/admin/users/${s.users.studentA2.userId}`)).status).toBe(404);
    expect((await ct.form(`/admin/users/${s.users.studentA2.userId}/password`, {})).status).toBe(404);
    expect((await ct.get(`/admin/users/${s.users.parentBorisova.userId}`)).status).toBe(404);
  });

  it("the class teacher of 5Б resets a 5Б student but not a 5А student", async () => {
    const s = await buildSchool();
    const ct = await as(s.users.teacherEnglish);
    expect((await ct.form(`/admin/users/${s.users.studentB1.userId}/password`, {})).status).toBe(200);
    expect((await ct.form(`/admin/users/${s.users.studentA1.userId}/password`, {})).status).toBe(404);
  });
});
