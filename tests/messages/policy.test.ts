/**
 * The write scope of «Сообщения» from the catalogue (messages.policy.ts): per role, a user with
 * several roles gets the union, a school's override narrows it — and the server follows it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cellKey } from "../../src/access/policy.ts";
import { prisma } from "../../src/lib/db.ts";
import { canModerate, canSeeComplaints, canWrite, parseGroup, reachesFamilies, writeScope } from "../../src/modules/messages/messages.policy.ts";
import { actorWith } from "../support/actor.ts";
import { as } from "../support/http.ts";
import { messageSchool, messageState, send, type MessageSchool } from "./helpers.ts";

describe("writeScope", () => {
  it.each([
    ["ADMIN", { all: true, staff: true, administration: true, taught: false }],
    ["DEPUTY", { all: true, staff: true, administration: true, taught: false }],
    ["TEACHER", { all: false, staff: true, administration: true, taught: true }],
    ["MEDIC", { all: false, staff: true, administration: true, taught: false }],
    ["TECH_STAFF", { all: false, staff: true, administration: true, taught: false }],
    ["PARENT", { all: false, staff: false, administration: true, taught: false }],
    ["STUDENT", { all: false, staff: false, administration: true, taught: false }],
  ] as const)("%s", (role, expected) => {
    const scope = writeScope(actorWith([role], { childStudentIds: [7], studentId: 8 }));
    expect({ all: scope.all, staff: scope.staff, administration: scope.administration, taught: scope.taught }).toEqual(expected);
    expect(scope.teachersOfStudentIds).toEqual(role === "PARENT" ? [7] : role === "STUDENT" ? [8] : []);
  });

  it("a class teacher reaches the led classes' families; a teacher who is a parent gets both scopes", () => {
    expect(writeScope(actorWith(["TEACHER", "CLASS_TEACHER"], { ledClassIds: [3, 4] })).ledClassIds).toEqual([3, 4]);
    const both = writeScope(actorWith(["TEACHER", "PARENT"], { childStudentIds: [5] }));
    expect([both.staff, both.taught, both.teachersOfStudentIds]).toEqual([true, true, [5]]);
    expect(reachesFamilies(both)).toBe(true);
    expect(reachesFamilies(writeScope(actorWith(["PARENT"], { childStudentIds: [5] })))).toBe(false);
  });

  it("a school's override to «none» takes the right away", () => {
    const narrowed = actorWith(["PARENT"], { childStudentIds: [5], overrides: new Map([[cellKey("PARENT", "message", "create"), "none"]]) });
    expect(canWrite(narrowed)).toBe(false);
    expect(writeScope(narrowed)).toMatchObject({ administration: false, teachersOfStudentIds: [] });
  });

  it("moderation is the administrator's; group keys are parsed strictly", () => {
    expect([canSeeComplaints(actorWith(["ADMIN"])), canModerate(actorWith(["ADMIN"]))]).toEqual([true, true]);
    for (const role of ["DEPUTY", "TEACHER", "PARENT", "STUDENT"] as const) expect(canSeeComplaints(actorWith([role]))).toBe(false);
    expect(parseGroup("parents:12")).toEqual({ kind: "parents", classId: 12 });
    for (const bad of ["parents:0", "parents:12;", "all:1", "parents:99999999999", "teachers:-1"]) expect(parseGroup(bad), bad).toBeNull();
  });
});

describe("a school that turned parents' messages off", () => {
  let s: MessageSchool;
  beforeAll(async () => {
    s = await messageSchool();
    await prisma.roleGrantOverride.create({ data: { schoolId: s.schoolId, role: "PARENT", entity: "message", action: "create", scope: "none" } });
  });

  it("the parent reads but cannot write: the form is 403, a posted message is refused, nothing stored", async () => {
    const parent = await as(s.users.parentBorisova);
    expect((await parent.get("/messages")).status).toBe(200);
    expect((await parent.get("/messages")).text).not.toContain('href="/messages/new"');
    expect((await parent.get("/messages/new")).status).toBe(403);
    const before = await messageState(s.schoolId);
    expect((await send(parent, { to: [s.users.teacherMath.userId] })).status).toBe(403);
    expect(await messageState(s.schoolId)).toEqual(before);
  });
});
