/**
 * «Права ролей» (issue 14; 001 §4.2.8, 003 §4.1.9): the administrator narrows or widens a cell of
 * the permission catalogue within its ceiling; every change is audited; a crafted POST can never
 * exceed a ceiling, and only the administrator may change anything. With no overrides every
 * cell is the catalogue's default (the rest of the suite runs that way).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ACTIONS, defaultScope, ENTITIES } from "../../src/access/permissions.ts";
import { roleScope } from "../../src/access/policy.ts";
import { ROLES } from "../../src/access/roles.ts";
import { prisma } from "../../src/lib/db.ts";
import { ENTITY_GROUPS } from "../../src/modules/admin/rights.text.ts";
import { actorOf, journalSchool, lessonAt, postJson, type JournalSchool } from "../journal/helpers.ts";
import { as } from "../support/http.ts";

let s: JournalSchool;
beforeAll(async () => {
  s = await journalSchool();
});

const overrides = () => prisma.roleGrantOverride.findMany({ where: { schoolId: s.schoolId } });
const rightsAudit = () => prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "role-grant" }, orderBy: { id: "asc" } });

describe("the rights page", () => {
  it("groups every entity of the catalogue", () => {
    expect(ENTITY_GROUPS.flatMap((g) => g.entities).sort()).toEqual([...ENTITIES].sort());
  });

  it("shows the matrix in Russian to the administrator; every other role gets 403", async () => {
    const page = await (await as(s.users.admin)).get("/admin/rights");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Права ролей");
    expect(page.text).toContain("Классный журнал: изменение");
    expect(page.text).toContain('name="cell[TEACHER|journal|update]"');
    // A cell that can never be opened has no control at all.
    expect(page.text).not.toContain('name="cell[PARENT|student-medical|view]"');
    expect(page.text).not.toContain('name="cell[ADMIN|role-grant|update]"');
    for (const key of ["deputy", "teacherMath", "secretary", "parentAlekseev", "studentA1"] as const)
      expect((await (await as(s.users[key])).get("/admin/rights")).status, key).toBe(403);
  });

  it("with no overrides every cell is the catalogue's default", async () => {
    expect(await overrides()).toEqual([]);
    const admin = await actorOf(s.users.admin);
    for (const role of ROLES)
      for (const entity of ENTITIES) for (const action of ACTIONS) expect(roleScope(admin, role, action, entity)).toBe(defaultScope(role, entity, action));
  });
});

describe("changing the rights", () => {
  it("narrows a cell: a teacher without journal writes gets 403 on the next request; audited; reset restores it", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1 });
    const teacher = await as(s.users.teacherMath);
    const mark = (value: number) =>
      postJson(teacher, `/journal/lessons/${lesson.id}/marks`, {
        studentId: s.students.studentA1!.studentId,
        assignmentTypeId: s.types["Ответ на уроке"],
        value,
      });
    expect((await mark(4)).status).toBe(200);

    const admin = await as(s.users.admin);
    await admin.get("/admin/rights");
    const saved = await admin.form("/admin/rights", { "cell[TEACHER|journal|update]": "none" });
    expect(saved.status).toBe(302);
    expect((await admin.get("/admin/rights")).text).toContain("изменено ячеек: 1");
    expect(await overrides()).toMatchObject([{ role: "TEACHER", entity: "journal", action: "update", scope: "none", updatedById: s.users.admin.userId }]);
    expect((await rightsAudit()).map((a) => [a.entityId, a.oldValue, a.newValue, a.actorId])).toEqual([
      ["TEACHER|journal|update", { scope: "taught" }, { scope: "none" }, s.users.admin.userId],
    ]);
    // The same teacher's session: refused at once, and the mark is unchanged.
    expect((await mark(5)).status).toBe(403);
    expect((await prisma.mark.findFirstOrThrow({ where: { lessonId: lesson.id } })).value).toBe(4);
    // The final-mark POSTs are guarded by the update permission too (the page itself stays readable).
    const journal = `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
    const final = await postJson(teacher, `${journal}/final-marks`, { studentId: s.students.studentA1!.studentId, periodId: s.periods[0]!.id, value: "5" });
    expect(final.status).toBe(403);
    expect(await prisma.finalMark.count({ where: { schoolId: s.schoolId } })).toBe(0);
    expect((await teacher.get(journal)).status).toBe(200);

    expect((await admin.form("/admin/rights/reset", {})).status).toBe(302);
    expect(await overrides()).toEqual([]);
    expect((await rightsAudit()).at(-1)).toMatchObject({ action: "reset", oldValue: { scope: "none" }, newValue: { scope: "taught" } });
    expect((await mark(5)).status).toBe(200);
  });

  it("widens a cell up to its ceiling: HR may be given the movement book", async () => {
    const hr = await as(s.users.hr);
    expect((await hr.get("/movement")).status).toBe(403);
    const admin = await as(s.users.admin);
    await admin.get("/admin/rights");
    expect((await admin.form("/admin/rights", { "cell[HR|movement|view]": "school" })).status).toBe(302);
    expect((await hr.get("/movement")).status).toBe(200);
    // Setting it back to the default drops the override.
    expect((await admin.form("/admin/rights", { "cell[HR|movement|view]": "none" })).status).toBe(302);
    expect(await overrides()).toEqual([]);
    expect((await hr.get("/movement")).status).toBe(403);
  });

  it.each([
    ["a parent given personal files", "cell[PARENT|student-file|view]", "school"],
    ["a student given medical data", "cell[STUDENT|student-medical|view]", "school"],
    ["a parent given other families' diaries", "cell[PARENT|diary|view]", "school"],
    ["a teacher given staff files", "cell[TEACHER|staff-file|view]", "school"],
    ["a teacher given the lock override", "cell[TEACHER|journal-override|update]", "school"],
    ["the administrator locking out the rights page", "cell[ADMIN|role-grant|update]", "none"],
    ["an unknown scope", "cell[TEACHER|journal|update]", "everything"],
    ["an unknown entity", "cell[TEACHER|nuclear|view]", "school"],
    ["an unknown role", "cell[ROOT|journal|view]", "school"],
  ])("a crafted POST cannot go beyond a ceiling: %s → 422, nothing saved", async (_what, field, value) => {
    const admin = await as(s.users.admin);
    await admin.get("/admin/rights");
    // A valid change in the same form is not saved either: all or nothing.
    const res = await admin.form("/admin/rights", { [field]: value, "cell[HR|movement|view]": "school" });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/нельзя назначить этой роли|Неизвестная ячейка/);
    expect(await overrides()).toEqual([]);
  });

  it("only the administrator changes rights: a deputy's crafted POST is 403 and saves nothing", async () => {
    const deputy = await as(s.users.deputy);
    await deputy.get("/");
    for (const url of ["/admin/rights", "/admin/rights/reset"]) expect((await deputy.form(url, { "cell[HR|movement|view]": "school" })).status).toBe(403);
    expect(await overrides()).toEqual([]);
  });
});
