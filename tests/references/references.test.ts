/**
 * The school's reference lists («Справочники», 002 §4, 004 plan item 15, R-REG-9): built-in codes
 * are renamed or archived but never deleted, closed lists get no new codes, archived entries stay on
 * old records and are not offered for new ones, another school's entry is a 404, and only the
 * administrator writes (deputies read).
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { referenceOptions } from "../../src/modules/references/references.service.ts";
import { KINDS } from "../../src/modules/references/references.text.ts";
import { EDUCATION_CODES } from "../../src/modules/staff/staff.text.ts";
import { HEALTH_GROUPS, PE_GROUPS } from "../../src/modules/students/students.text.ts";
import { WITHDRAW_REASON_CODES } from "../../src/modules/movement/movement.text.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as, type Agent } from "../support/http.ts";

const rows = (s: TestSchool) => prisma.referenceEntry.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } });
const audits = (s: TestSchool) => prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "reference-entry" } });

/** An agent with a CSRF token taken from a page the user may open. */
async function withToken(agent: Agent): Promise<Agent> {
  const page = await agent.get("/");
  agent.token = /name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  return agent;
}

describe("built-in entries", () => {
  it("the fixed codes of the closed lists are exactly the codes the logic knows", () => {
    expect(KINDS.WITHDRAW_REASON.builtIn.map(([c]) => c)).toEqual(WITHDRAW_REASON_CODES);
    expect(KINDS.EDUCATION_LEVEL.builtIn.map(([c]) => c)).toEqual(EDUCATION_CODES);
    expect(KINDS.HEALTH_GROUP.builtIn.map(([c]) => c)).toEqual([...HEALTH_GROUPS]);
    expect(KINDS.PE_GROUP.builtIn.map(([c]) => c)).toEqual([...PE_GROUPS]);
  });

  it("a school without rows gets the built-in entries", async () => {
    const s = await buildSchool();
    expect((await referenceOptions(s.schoolId, "WITHDRAW_REASON")).map((o) => o.value)).toEqual(WITHDRAW_REASON_CODES);
  });
});

describe("the administrator edits the lists (/admin/references)", () => {
  it("adds a withdrawal reason; it is offered on the order form and accepted on a withdrawal", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    expect((await admin.get("/admin/references/WITHDRAW_REASON")).text).toContain("Перевод в другую образовательную организацию");
    expect((await admin.form("/admin/references/WITHDRAW_REASON", { name: "Перевод на обучение по медицинским показаниям", sort: "" })).status).toBe(302);
    const [row] = await rows(s);
    expect(row).toMatchObject({ kind: "WITHDRAW_REASON", code: `S${row!.id}`, archived: false });
    expect(await audits(s)).toBe(1);
    const secretary = await as(s.users.secretary);
    expect((await secretary.get("/movement/new?kind=WITHDRAW")).text).toContain("Перевод на обучение по медицинским показаниям");
    const res = await secretary.form("/movement", {
      kind: "WITHDRAW",
      number: "16-в",
      orderDate: "2026-12-01",
      effectiveDate: "2026-12-02",
      studentId: String(s.students.studentA2!.studentId),
      reason: row!.code,
    });
    expect(res.status).toBe(302);
    expect(await prisma.movementOrder.findFirstOrThrow({ where: { schoolId: s.schoolId } })).toMatchObject({ reason: row!.code });
    // The book and the order's page name the school's own reason, not its code.
    const order = await prisma.movementOrder.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    expect((await secretary.get(`/movement/${order.id}`)).text).toContain("Перевод на обучение по медицинским показаниям");
    const book = await secretary.get("/movement?from=2026-12-01&to=2026-12-31");
    expect(book.text).toContain("Перевод на обучение по медицинским показаниям");
    expect(book.text).not.toContain(`>${row!.code}<`);
  });

  it("a duplicate name is refused beside the field with the typed value kept", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.admin)).form("/admin/references/LESSON_TYPE", { name: "урок рефлексии", sort: "5" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Такое значение в справочнике уже есть");
    expect(res.text).toContain('value="урок рефлексии"');
    expect(await rows(s)).toEqual([]);
  });

  it("renames a fixed code (the health group's label on the medical form changes, the code stays)", async () => {
    const s = await buildSchool();
    expect(
      (await (await as(s.users.admin)).form("/admin/references/HEALTH_GROUP/II", { name: "II — с функциональными отклонениями", sort: "20" })).status,
    ).toBe(302);
    expect(await rows(s)).toMatchObject([{ kind: "HEALTH_GROUP", code: "II", name: "II — с функциональными отклонениями" }]);
    const page = await (await as(s.users.medic)).get(`/students/${s.students.studentA1!.studentId}/medical`);
    expect(page.text).toMatch(/<option value="II"[^>]*>II — с функциональными отклонениями<\/option>/);
  });

  it("a closed list takes no new codes; a fixed code cannot be deleted (409, nothing changes)", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    expect((await admin.form("/admin/references/HEALTH_GROUP", { name: "VI", sort: "" })).status).toBe(409);
    expect((await admin.form("/admin/references/WITHDRAW_REASON/TO_SCHOOL/delete", {})).status).toBe(409);
    expect(await rows(s)).toEqual([]);
    expect(await audits(s)).toBe(0);
  });

  it("an archived lesson type is not offered for a new lesson, but stays offered where already recorded; restored it is offered again", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const code = KINDS.LESSON_TYPE.builtIn.find(([, n]) => n === "Урок рефлексии")![0];
    expect((await admin.form(`/admin/references/LESSON_TYPE/${code}/archive`, {})).status).toBe(302);
    expect((await referenceOptions(s.schoolId, "LESSON_TYPE")).map((o) => o.value)).not.toContain("Урок рефлексии");
    expect((await referenceOptions(s.schoolId, "LESSON_TYPE", "Урок рефлексии")).map((o) => o.value)).toContain("Урок рефлексии");
    const teacher = await as(s.users.teacherMath);
    const form = await teacher.get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}/lessons/new`);
    expect(form.status).toBe(200);
    expect(form.text).toContain("Комбинированный урок");
    expect(form.text).not.toContain('<option value="Урок рефлексии">');
    expect((await admin.form(`/admin/references/LESSON_TYPE/${code}/restore`, {})).status).toBe(302);
    expect((await referenceOptions(s.schoolId, "LESSON_TYPE")).map((o) => o.value)).toContain("Урок рефлексии");
    expect(await audits(s)).toBe(2);
  });

  it("an own entry no record keeps is deleted; one a withdrawal keeps is not (archive it instead)", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    await admin.form("/admin/references/WITHDRAW_REASON", { name: "Причина А", sort: "" });
    await admin.form("/admin/references/WITHDRAW_REASON", { name: "Причина Б", sort: "" });
    const [a, b] = await rows(s);
    await prisma.movementOrder.create({
      data: {
        schoolId: s.schoolId,
        kind: "WITHDRAW",
        number: "1",
        orderDate: new Date("2026-12-01"),
        effectiveDate: new Date("2026-12-01"),
        reason: b!.code,
        studentId: s.students.studentA1!.studentId,
        changes: [],
      },
    });
    expect((await admin.form(`/admin/references/WITHDRAW_REASON/${a!.code}/delete`, {})).status).toBe(302);
    const used = await admin.form(`/admin/references/WITHDRAW_REASON/${b!.code}/delete`, {});
    expect(used.status).toBe(409);
    expect(used.text).toContain("уже указано в 1 записях");
    expect((await rows(s)).map((r) => r.code)).toEqual([b!.code]);
  });
});

describe("who may touch the lists", () => {
  it("another school's entry and a guessed list are 404 for the administrator; nothing changes", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    await (await as(other.users.admin)).form("/admin/references/POSITION", { name: "Тьютор", sort: "" });
    const [theirs] = await rows(other);
    const admin = await as(s.users.admin);
    expect((await admin.form(`/admin/references/POSITION/${theirs!.code}`, { name: "Взлом", sort: "" })).status).toBe(404);
    expect((await admin.form(`/admin/references/POSITION/${theirs!.code}/delete`, {})).status).toBe(404);
    expect((await admin.form(`/admin/references/POSITION/${theirs!.code}/archive`, {})).status).toBe(404);
    expect((await admin.get("/admin/references/NO_SUCH_LIST")).status).toBe(404);
    expect(await rows(other)).toMatchObject([{ name: "Тьютор", archived: false }]);
    expect(await rows(s)).toEqual([]);
  });

  it("the deputy reads the lists but may not change them (403, nothing changes)", async () => {
    const s = await buildSchool();
    const deputy = await withToken(await as(s.users.deputy));
    const page = await deputy.get("/admin/references/POSITION");
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Добавить значение");
    expect((await deputy.form("/admin/references/POSITION", { name: "Тьютор", sort: "" })).status).toBe(403);
    expect((await deputy.form("/admin/references/HEALTH_GROUP/II", { name: "x", sort: "" })).status).toBe(403);
    expect(await rows(s)).toEqual([]);
  });

  it.each(["teacherMath", "secretary", "hr", "medic", "parentAlekseev"] as const)("%s may neither open nor change the lists (403)", async (who) => {
    const s = await buildSchool();
    const agent = await withToken(await as(s.users[who]));
    expect((await agent.get("/admin/references/POSITION")).status).toBe(403);
    expect((await agent.form("/admin/references/POSITION", { name: "Тьютор", sort: "" })).status).toBe(403);
    expect(await rows(s)).toEqual([]);
  });
});
