import { describe, expect, it } from "vitest";
import { Role } from "../../src/generated/prisma/enums.ts";
import { ROLES, ASSIGNABLE_ROLES } from "../../src/access/roles.ts";
import { canResetPassword } from "../../src/access/policy.ts";
import { actorWith } from "../support/actor.ts";

const actor = actorWith;

describe("roles and the permission catalogue (R-ROLE-1)", () => {
  it("the code's role list agrees with the database enum", () => {
    expect([...ROLES].sort()).toEqual(Object.values(Role).sort());
  });
  it("CLASS_TEACHER is derived, not assigned by hand", () => {
    expect(ASSIGNABLE_ROLES).not.toContain("CLASS_TEACHER");
  });
});

describe("password resets (R-SEC-3)", () => {
  const target = { userId: 9, schoolId: 1, roles: ["STUDENT"] as const, familyClassIds: [10] };
  it("the administrator resets anyone's password in the school", () => {
    expect(canResetPassword(actor(["ADMIN"]), { ...target, roles: ["TEACHER"] })).toBe(true);
    expect(canResetPassword(actor(["ADMIN"]), { ...target, schoolId: 2 })).toBe(false);
  });
  it("a class teacher resets students and parents of the own class only", () => {
    const ct = actor(["TEACHER", "CLASS_TEACHER"], { ledClassIds: [10] });
    expect(canResetPassword(ct, target)).toBe(true);
    expect(canResetPassword(ct, { ...target, roles: ["PARENT"] })).toBe(true);
    expect(canResetPassword(ct, { ...target, familyClassIds: [11] })).toBe(false);
    expect(canResetPassword(ct, { ...target, roles: ["PARENT", "TEACHER"] })).toBe(false);
  });
  it("a plain teacher resets nobody, and nobody resets the own password this way", () => {
    expect(canResetPassword(actor(["TEACHER"], { ledClassIds: [10] }), target)).toBe(false);
    expect(canResetPassword(actor(["ADMIN"]), { ...target, userId: 1 })).toBe(false);
  });
});

describe("password resets of accounts without roles", () => {
  it("a class teacher cannot reset an account that has no roles", () => {
    const ct = actor(["TEACHER", "CLASS_TEACHER"], { ledClassIds: [10] });
    expect(canResetPassword(ct, { userId: 9, schoolId: 1, roles: [], familyClassIds: [10] })).toBe(false);
  });
});
