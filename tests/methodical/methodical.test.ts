/**
 * Methodical associations (002 §4 «Методические объединения», R-REG-9): the administration keeps
 * them; the deputy and the leader see the association's journals, КТП pace and results; anyone else,
 * another school's ids and crafted posts are refused without a change.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as, type Agent } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

const formOf = (s: TestSchool, over: Record<string, unknown> = {}) => ({
  name: "МО естественно-математического цикла",
  leaderId: String(s.users.teacherMath.personId),
  memberIds: [String(s.users.teacherRussian.personId)],
  subjectIds: [String(s.subjects.math.id), String(s.subjects.russian.id)],
  ...over,
});

async function withToken(agent: Agent): Promise<Agent> {
  const page = await agent.get("/");
  agent.token = /name="csrf-token" content="([^"]+)"/.exec(page.text)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  return agent;
}

async function created(s: TestSchool, over: Record<string, unknown> = {}) {
  const res = await (await as(s.users.deputy)).form("/methodical", formOf(s, over));
  expect(res.status).toBe(302);
  return prisma.methodicalAssociation.findFirstOrThrow({ where: { schoolId: s.schoolId }, include: { members: true, subjects: true } });
}

const state = async (s: TestSchool) =>
  prisma.methodicalAssociation.findMany({
    where: { schoolId: s.schoolId },
    include: { members: { orderBy: { personId: "asc" } }, subjects: { orderBy: { subjectId: "asc" } } },
  });

describe("keeping the associations", () => {
  it("the deputy creates one: the leader joins its teachers; the record is audited", async () => {
    const s = await buildSchool();
    const a = await created(s);
    expect(a.leaderId).toBe(s.users.teacherMath.personId);
    expect(a.members.map((m) => m.personId).sort()).toEqual([s.users.teacherMath.personId, s.users.teacherRussian.personId].sort());
    expect(a.subjects.map((x) => x.subjectId).sort()).toEqual([s.subjects.math.id, s.subjects.russian.id].sort());
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "methodical-association" } });
    expect(log).toMatchObject({ action: "create", entityId: String(a.id), actorId: s.users.deputy.userId });
  });

  it("an empty name and a duplicate name are refused beside the field with the choices kept", async () => {
    const s = await buildSchool();
    await created(s);
    const deputy = await as(s.users.deputy);
    const empty = await deputy.form("/methodical", formOf(s, { name: " " }));
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("Заполните поле");
    expect(empty.text).toMatch(new RegExp(`name="subjectIds" value="${s.subjects.russian.id}" checked`));
    const dup = await deputy.form("/methodical", formOf(s, { name: "мо естественно-математического цикла" }));
    expect(dup.status).toBe(422);
    expect(dup.text).toContain("Объединение с таким названием уже есть");
    expect(await state(s)).toHaveLength(1);
  });

  it("a teacher or subject of another school (crafted post) is refused, nothing saved", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const deputy = await as(s.users.deputy);
    const t = await deputy.form("/methodical", formOf(s, { memberIds: [String(other.users.teacherMath.personId)] }));
    expect(t.status).toBe(422);
    expect(t.text).toContain("Выберите учителя из списка");
    const sub = await deputy.form("/methodical", formOf(s, { subjectIds: [String(other.subjects.math.id)] }));
    expect(sub.status).toBe(422);
    expect(sub.text).toContain("Выберите предметы из списка");
    // A person of the school who does not teach is no member either.
    expect((await deputy.form("/methodical", formOf(s, { memberIds: [String(s.users.secretary.personId)] }))).status).toBe(422);
    expect(await state(s)).toEqual([]);
  });

  it("another school's association is a 404 to view, edit and delete; it stays as it was", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const theirs = await created(other);
    const before = await state(other);
    const admin = await as(s.users.admin);
    expect((await admin.get(`/methodical/${theirs.id}`)).status).toBe(404);
    expect((await admin.get(`/methodical/${theirs.id}/edit`)).status).toBe(404);
    expect((await admin.form(`/methodical/${theirs.id}`, formOf(s, { name: "Чужое" }))).status).toBe(404);
    expect((await admin.form(`/methodical/${theirs.id}/delete`, {})).status).toBe(404);
    expect(await state(other)).toEqual(before);
  });

  it("the administrator edits and deletes an association", async () => {
    const s = await buildSchool();
    const a = await created(s);
    const admin = await as(s.users.admin);
    expect(
      (
        await admin.form(
          `/methodical/${a.id}`,
          formOf(s, {
            name: "МО гуманитарного цикла",
            leaderId: "",
            memberIds: [String(s.users.teacherEnglish.personId)],
            subjectIds: [String(s.subjects.english.id)],
          }),
        )
      ).status,
    ).toBe(302);
    expect(await state(s)).toMatchObject([
      {
        name: "МО гуманитарного цикла",
        leaderId: null,
        members: [{ personId: s.users.teacherEnglish.personId }],
        subjects: [{ subjectId: s.subjects.english.id }],
      },
    ]);
    expect((await admin.form(`/methodical/${a.id}/delete`, {})).status).toBe(302);
    expect(await state(s)).toEqual([]);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "methodical-association" } })).toBe(3);
  });
});

describe("the association's page", () => {
  it("the deputy sees its teachers' journals of its subjects (links), their КТП state and the period's results", async () => {
    const s = await buildSchool();
    const a = await created(s);
    const q1 = s.periods[0]!;
    for (const [who, value] of [
      ["studentA1", "5"],
      ["studentA2", "3"],
    ] as const)
      await prisma.finalMark.create({
        data: {
          schoolId: s.schoolId,
          studentId: s.students[who]!.studentId,
          subjectId: s.subjects.math.id,
          yearId: s.year.id,
          kind: "PERIOD",
          periodId: q1.id,
          value,
        },
      });
    const page = await (await as(s.users.deputy)).get(`/methodical/${a.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}"`);
    expect(page.text).toContain(`href="/journal/${s.classes["5Б"]!.id}/${s.subjects.russian.id}"`);
    // English is no subject of the association: its journal is not listed.
    expect(page.text).not.toContain(`href="/journal/${s.classes["5А"]!.id}/${s.subjects.english.id}"`);
    expect(page.text).toContain("нет КТП");
    // Two attested in mathematics of 5А in the 1st quarter: both passed, one «5».
    expect(page.text).toMatch(
      /Математика \(школа\)<\/td><td class="num">2<\/td><td class="num">100,0 %<\/td><td class="num">50,0 %<\/td><td class="num">4,00<\/td>/,
    );
  });

  it("the leader sees the own association; a member who does not lead and other teachers get 404", async () => {
    const s = await buildSchool();
    const a = await created(s);
    const leader = await as(s.users.teacherMath);
    expect((await leader.get(`/methodical/${a.id}`)).status).toBe(200);
    expect((await leader.get("/methodical")).text).toContain("МО естественно-математического цикла");
    for (const who of ["teacherRussian", "teacherEnglish"] as const) {
      const t = await as(s.users[who]);
      expect((await t.get(`/methodical/${a.id}`)).status).toBe(404);
      expect((await t.get("/methodical")).text).not.toContain("МО естественно-математического цикла");
    }
  });

  it("the leader may not edit or delete (403, nothing changes)", async () => {
    const s = await buildSchool();
    const a = await created(s);
    const before = await state(s);
    const leader = await withToken(await as(s.users.teacherMath));
    expect((await leader.form(`/methodical/${a.id}`, formOf(s, { name: "Моё" }))).status).toBe(403);
    expect((await leader.form(`/methodical/${a.id}/delete`, {})).status).toBe(403);
    expect((await leader.form("/methodical", formOf(s, { name: "Ещё одно" }))).status).toBe(403);
    expect(await state(s)).toEqual(before);
  });

  it.each(["secretary", "hr", "medic", "parentAlekseev"] as const)("%s has no associations (403, nothing changes)", async (who) => {
    const s = await buildSchool();
    const a = await created(s);
    const agent = await withToken(await as(s.users[who]));
    expect((await agent.get("/methodical")).status).toBe(403);
    expect((await agent.get(`/methodical/${a.id}`)).status).toBe(403);
    expect((await agent.form(`/methodical/${a.id}/delete`, {})).status).toBe(403);
    expect(await state(s)).toHaveLength(1);
  });
});
