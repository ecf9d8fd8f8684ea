import { describe, expect, it } from "vitest";
import { Role } from "../../src/generated/prisma/enums.ts";
import { ROLES, ASSIGNABLE_ROLES } from "../../src/access/roles.ts";
import { ALL_ENTITIES, GRANTS } from "../../src/access/permissions.ts";
import { can, canResetPassword } from "../../src/access/policy.ts";
import type { Actor } from "../../src/access/actor.ts";

const actor = (roles: (typeof ROLES)[number][], extra: Partial<Actor> = {}): Actor => ({
  userId: 1,
  personId: 1,
  schoolId: 1,
  schoolName: "",
  login: "x",
  fullName: "",
  shortName: "",
  roles: new Set(roles),
  mustChangePassword: false,
  currentYearId: 1,
  ledClassIds: [],
  childStudentIds: [],
  studentId: null,
  idleMinutes: 30,
  lockDays: 30,
  ...extra,
});

describe("roles and the permission catalogue (R-ROLE-1)", () => {
  it("the code's role list agrees with the database enum", () => {
    expect([...ROLES].sort()).toEqual(Object.values(Role).sort());
  });
  it("CLASS_TEACHER is derived, not assigned by hand", () => {
    expect(ASSIGNABLE_ROLES).not.toContain("CLASS_TEACHER");
  });
  it("every role has a cell for every entity", () => {
    for (const role of ROLES) expect(Object.keys(GRANTS[role]).sort()).toEqual([...ALL_ENTITIES].sort());
  });
  it("parents and students reach only the diary and the school timetable (R-ACL-1, R-SCH-1)", () => {
    for (const role of ["PARENT", "STUDENT"] as const)
      for (const entity of ALL_ENTITIES) expect(can(actor([role]), "view", entity)).toBe(entity === "diary" || entity === "timetable");
    for (const role of ["PARENT", "STUDENT"] as const) expect(can(actor([role]), "update", "timetable")).toBe(false);
  });
  it("only the administrator manages users and school settings", () => {
    expect(can(actor(["ADMIN"]), "create", "user")).toBe(true);
    expect(can(actor(["DEPUTY"]), "create", "user")).toBe(false);
    expect(can(actor(["TEACHER"]), "update", "school")).toBe(false);
    expect(can(actor(["TEACHER", "PARENT"]), "view", "diary")).toBe(true); // R-ROLE-2: both sides
    expect(can(undefined, "view", "diary")).toBe(false);
  });
  it("only administrators and deputies may correct locked journal cells", () => {
    const allowed = ROLES.filter((r) => GRANTS[r]["journal-override"].includes("update"));
    expect(allowed.sort()).toEqual(["ADMIN", "DEPUTY"]);
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
