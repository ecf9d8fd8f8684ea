/** R-ACL-1: a parent sees only own children, a student only self; any other student id is a 404. */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { pageText } from "./helpers.ts";

const PAGES = ["week", "marks", "stats"] as const;

describe("diary scope (R-ACL-1)", () => {
  // Two schools the read-only checks share; a test that changes a school builds its own.
  let s: TestSchool;
  let other: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
    other = await buildSchool();
  });

  it.each(PAGES)("a parent cannot open the %s page of another family's child (404)", async (page) => {
    const agent = await as(s.users.parentAlekseev);
    expect((await agent.get(`/diary/${s.students.studentA1!.studentId}/${page}`)).status).toBe(200);
    const res = await agent.get(`/diary/${s.students.studentA2!.studentId}/${page}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain("Борисова Вера");
  });

  it.each(PAGES)("a student cannot open a classmate's %s page (404)", async (page) => {
    const agent = await as(s.users.studentA1);
    expect((await agent.get(`/diary/${s.students.studentA1!.studentId}/${page}`)).status).toBe(200);
    expect((await agent.get(`/diary/${s.students.studentA2!.studentId}/${page}`)).status).toBe(404);
    // Nor a sibling: the own parent's other child is not the student's own diary.
    expect((await agent.get(`/diary/${s.students.studentB1!.studentId}/${page}`)).status).toBe(404);
  });

  it("guessed and malformed ids answer 404", async () => {
    const agent = await as(s.users.parentBorisova);
    const own = s.students.studentA2!.studentId;
    for (const id of [own + 1, own - 1, own + 1000, 999999999, 0, -1, "abc", "1e3", "12.0"]) {
      expect((await agent.get(`/diary/${id}/week`)).status, `id ${id}`).toBe(404);
      expect((await agent.get(`/diary/${id}/marks`)).status, `id ${id}`).toBe(404);
    }
    expect((await agent.get(`/diary?student=${own + 1}`)).status).toBe(404);
    expect((await agent.get(`/diary?student=abc`)).status).toBe(404);
  });

  it("another school's student id answers 404, even for a parent linked there by mistake", async () => {
    const s = await buildSchool(); // links a parent across schools: schools of its own
    const other = await buildSchool();
    const foreign = other.students.studentA1!.studentId;
    const agent = await as(s.users.parentAlekseev);
    for (const page of PAGES) expect((await agent.get(`/diary/${foreign}/${page}`)).status).toBe(404);
    expect((await agent.get(`/diary?student=${foreign}`)).status).toBe(404);
    // A cross-school parent link (bad data) still does not open the other school's diary.
    await prisma.parentLink.create({ data: { schoolId: other.schoolId, parentId: s.users.parentAlekseev.personId, studentId: foreign, relation: "FATHER" } });
    const again = await as(s.users.parentAlekseev);
    expect((await again.get(`/diary/${foreign}/week`)).status).toBe(404);
  });

  it("the marks page refuses a period id of another school (404)", async () => {
    const agent = await as(s.users.studentA1);
    const id = s.students.studentA1!.studentId;
    expect((await agent.get(`/diary/${id}/marks?period=${s.periods[1]!.id}`)).status).toBe(200);
    expect((await agent.get(`/diary/${id}/marks?period=${other.periods[1]!.id}`)).status).toBe(404);
    expect((await agent.get(`/diary/${id}/marks?period=abc`)).status).toBe(404);
  });

  it.each(["teacherMath", "deputy", "admin", "secretary"] as const)("staff without the parent role (%s) have no diary (403)", async (who) => {
    const agent = await as(s.users[who]);
    expect((await agent.get("/diary")).status).toBe(403);
    expect((await agent.get(`/diary/${s.students.studentA1!.studentId}/week`)).status).toBe(403);
  });

  it("a teacher who is also a parent sees the child's diary and the staff pages as usual", async () => {
    const s = await buildSchool();
    const t = s.users.teacherMath;
    await prisma.userRole.create({ data: { userId: t.userId, role: "PARENT" } });
    await prisma.parentLink.create({ data: { schoolId: s.schoolId, parentId: t.personId, studentId: s.students.studentA2!.studentId, relation: "MOTHER" } });
    const agent = await as(t);
    const home = await agent.get("/");
    expect(home.text).toContain('href="/diary"');
    expect(home.text).toContain('href="/journal"');
    const first = await agent.get("/diary");
    expect(first.headers.location).toBe(`/diary/${s.students.studentA2!.studentId}/week`);
    const res = await agent.get(first.headers.location!);
    expect(res.status).toBe(200);
    expect(pageText(res.text)).toContain("Борисова Вера Андреевна");
    expect((await agent.get(`/diary/${s.students.studentA1!.studentId}/week`)).status).toBe(404);
  });

  it("a parent with no linked child gets a friendly page, not an error", async () => {
    const s = await buildSchool();
    await prisma.parentLink.deleteMany({ where: { parentId: s.users.parentBorisova.personId } });
    const res = await (await as(s.users.parentBorisova)).get("/diary");
    expect(res.status).toBe(200);
    expect(res.text).toContain("не привязан ни один ученик");
  });
});
