/** Issue 23: the school setting «Обучение без отметок» (grades taught without marks) on /admin/school. */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";

const good = {
  name: "Школа № 7",
  shortName: "Школа № 7",
  address: "",
  lockDays: "30",
  sessionIdleMinutes: "30",
  lateControlWorkDays: "7",
  weekDays: "6",
  forecastThreshold5: "4,5",
  forecastThreshold4: "3,5",
  forecastThreshold3: "2,5",
};

const gradesOf = async (schoolId: number) => (await prisma.school.findUniqueOrThrow({ where: { id: schoolId } })).ungradedGrades;

describe("grades taught without marks (/admin/school)", () => {
  it("a new school teaches the 1st grade without marks; the form shows it checked and explains it", async () => {
    const s = await buildSchool();
    expect(await gradesOf(s.schoolId)).toEqual([1]);
    const page = await (await as(s.users.admin)).get("/admin/school");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Обучение без отметок (безотметочное обучение)");
    expect(page.text).toMatch(/name="ungradedGrades" value="1" checked> 1-е классы/);
    expect(page.text).toMatch(/name="ungradedGrades" value="2"> 2-е классы/);
    expect(page.text).toContain("ОРКСЭ");
  });

  it("the administrator sets the 1st and 2nd grades; old → new is audited", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.admin)).form("/admin/school", { ...good, ungradedGradesShown: "1", ungradedGrades: ["2", "1"] });
    expect(res.status).toBe(302);
    expect(await gradesOf(s.schoolId)).toEqual([1, 2]);
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "school" } });
    expect(log).toMatchObject({ actorId: s.users.admin.userId, oldValue: { ungradedGrades: [1] }, newValue: { ungradedGrades: [1, 2] } });
  });

  it("no box ticked (only the form's hidden marker): no grade is taught without marks", async () => {
    const s = await buildSchool();
    await (await as(s.users.admin)).form("/admin/school", { ...good, ungradedGradesShown: "1" });
    expect(await gradesOf(s.schoolId)).toEqual([]);
  });

  it("a post without the field leaves the setting as it is", async () => {
    const s = await buildSchool();
    await (await as(s.users.admin)).form("/admin/school", { ...good, lockDays: "20" });
    expect(await gradesOf(s.schoolId)).toEqual([1]);
  });

  it("refuses a grade outside 1–11 beside the field, keeps the typed values, saves nothing", async () => {
    const s = await buildSchool();
    const res = await (
      await as(s.users.admin)
    ).form("/admin/school", { ...good, address: "ул. Школьная, 7", ungradedGradesShown: "1", ungradedGrades: ["1", "12"] });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-ungradedGrades-error"');
    expect(res.text).toContain("Выберите классы из списка (от 1 до 11)");
    expect(res.text).toContain('value="ул. Школьная, 7"');
    expect(res.text).toMatch(/value="1" checked> 1-е классы/);
    expect(await gradesOf(s.schoolId)).toEqual([1]);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "school" } })).toBe(0);
  });

  it.each(["deputy", "teacherMath", "secretary", "parentAlekseev"] as const)("%s cannot change it (403, nothing changes)", async (who) => {
    const s = await buildSchool();
    const res = await (await as(s.users[who])).form("/admin/school", { ...good, ungradedGradesShown: "1", ungradedGrades: "5" });
    expect(res.status).toBe(403);
    expect(await gradesOf(s.schoolId)).toEqual([1]);
  });
});
