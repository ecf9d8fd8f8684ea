/** The record rules of accounts as pure functions, and the service re-checking them on fresh rows. */
import { describe, expect, it } from "vitest";
import { loadActor } from "../../src/access/actor.ts";
import type { Role } from "../../src/access/roles.ts";
import { prisma } from "../../src/lib/db.ts";
import { updateRoles } from "../../src/modules/admin/accounts.service.ts";
import { blockProblem, canResetPassword, roleChangeProblem, viewsAllAccounts } from "../../src/modules/admin/users.policy.ts";
import { accountTarget } from "../../src/modules/admin/users.query.ts";
import { actorWith } from "../support/actor.ts";
import { buildSchool } from "../support/fixtures.ts";

const actor = actorWith;

describe("account rules (R-ROLE-3, R-SEC-3)", () => {
  it("administrator and deputy see all accounts; a class teacher only a scope", () => {
    expect(viewsAllAccounts(actor(["ADMIN"]))).toBe(true);
    expect(viewsAllAccounts(actor(["DEPUTY"]))).toBe(true);
    expect(viewsAllAccounts(actor(["TEACHER", "CLASS_TEACHER"]))).toBe(false);
    expect(viewsAllAccounts(actor(["PARENT"]))).toBe(false);
  });

  it.each([
    ["the last active admin loses ADMIN", 2, ["ADMIN"], ["TEACHER"], { targetIsActiveAdmin: true, otherActiveAdmins: 0 }, "последний"],
    ["an admin removes ADMIN from themselves", 1, ["ADMIN"], ["TEACHER"], { targetIsActiveAdmin: true, otherActiveAdmins: 1 }, "самого себя"],
    ["another admin loses ADMIN while one remains", 2, ["ADMIN"], ["TEACHER"], { targetIsActiveAdmin: true, otherActiveAdmins: 1 }, null],
    ["a blocked admin loses ADMIN", 2, ["ADMIN"], ["TEACHER"], { targetIsActiveAdmin: false, otherActiveAdmins: 0 }, null],
    ["the admin keeps ADMIN and gains a role", 1, ["ADMIN"], ["ADMIN", "TEACHER"], { targetIsActiveAdmin: true, otherActiveAdmins: 0 }, null],
  ] as const)("role change: %s", (_n, target, oldRoles, newRoles, state, problem) => {
    const result = roleChangeProblem(actor(["ADMIN"]), target, oldRoles, newRoles, state);
    if (problem) expect(result).toContain(problem);
    else expect(result).toBeNull();
  });

  it("blocking: not oneself, not the last active admin", () => {
    expect(blockProblem(actor(["ADMIN"]), 1, { targetIsActiveAdmin: true, otherActiveAdmins: 1 })).toContain("собственную");
    expect(blockProblem(actor(["ADMIN"]), 2, { targetIsActiveAdmin: true, otherActiveAdmins: 0 })).toContain("последнего");
    expect(blockProblem(actor(["ADMIN"]), 2, { targetIsActiveAdmin: true, otherActiveAdmins: 1 })).toBeNull();
    expect(blockProblem(actor(["ADMIN"]), 2, { targetIsActiveAdmin: false, otherActiveAdmins: 0 })).toBeNull();
  });

  it("password reset: a class teacher only for the own class's students and parents, never staff", () => {
    const ct = actor(["TEACHER", "CLASS_TEACHER"], { ledClassIds: [10] });
    const t = (roles: Role[], familyClassIds: number[], over = {}) => ({ userId: 5, schoolId: 1, roles, familyClassIds, ...over });
    expect(canResetPassword(ct, t(["STUDENT"], [10]))).toBe(true);
    expect(canResetPassword(ct, t(["PARENT"], [11, 10]))).toBe(true);
    expect(canResetPassword(ct, t(["STUDENT"], [11]))).toBe(false);
    expect(canResetPassword(ct, t(["PARENT", "TEACHER"], [10]))).toBe(false);
    expect(canResetPassword(ct, t(["STUDENT"], [10], { schoolId: 2 }))).toBe(false);
    expect(canResetPassword(actor(["TEACHER"]), t(["STUDENT"], [10]))).toBe(false);
    expect(canResetPassword(actor(["ADMIN"]), t(["TEACHER"], []))).toBe(true);
    expect(canResetPassword(actor(["ADMIN"]), t(["TEACHER"], [], { userId: 1 }))).toBe(false);
  });
});

describe("the account target of R-SEC-3", () => {
  it("collects the current classes of a student and of a parent's children", async () => {
    const s = await buildSchool();
    const admin = (await loadActor(s.users.admin.userId))!;
    const load = (id: number) => prisma.user.findUniqueOrThrow({ where: { id }, include: { roles: true } });
    const student = await accountTarget(admin, await load(s.users.studentA1.userId));
    expect(student.familyClassIds).toEqual([s.classes["5А"]!.id]);
    expect(student.roles).toEqual(["STUDENT"]);
    const parent = await accountTarget(admin, await load(s.users.parentAlekseev.userId));
    expect([...parent.familyClassIds].sort()).toEqual([s.classes["5А"]!.id, s.classes["5Б"]!.id].sort());
    const teacher = await accountTarget(admin, await load(s.users.teacherRussian.userId));
    expect(teacher.familyClassIds).toEqual([]);
    expect(teacher.roles).toEqual(["TEACHER", "CLASS_TEACHER"]);
  });
});

describe("two administrators at once", () => {
  it("an administrator demoted meanwhile cannot demote the other one (re-checked inside the transaction)", async () => {
    const s = await buildSchool();
    await prisma.userRole.create({ data: { userId: s.users.deputy.userId, role: "ADMIN" } });
    const a = (await loadActor(s.users.admin.userId))!;
    const b = (await loadActor(s.users.deputy.userId))!; // loaded before the change below
    await updateRoles(a, s.users.deputy.userId, ["DEPUTY"]);
    await expect(updateRoles(b, s.users.admin.userId, ["TEACHER"])).rejects.toMatchObject({ status: 403 });
    const roles = await prisma.userRole.findMany({ where: { userId: s.users.admin.userId } });
    expect(roles.map((r) => r.role)).toEqual(["ADMIN"]);
  });
});
