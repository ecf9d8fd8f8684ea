/**
 * The demo school's КТП (src/seed/plan-ktp.ts): approved plans for most journals drawn from the
 * journal's own topics, some journals without one, one returned with a comment, two waiting, one in
 * its second version, three templates in the library. R-PLN-3, R-JRN-11.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { seedDemo } from "../../src/seed/index.ts";
import { seedThematicPlans } from "../../src/seed/plan-ktp.ts";
import { as } from "../support/http.ts";

let schoolId: number;
beforeAll(async () => {
  schoolId = (await seedDemo("demo")).schoolId;
}, 600_000);

const decode = (html: string) => html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

describe("the demo school's КТП", () => {
  it("most journals follow an approved plan, some have none, one was returned with a comment, two wait; three templates", async () => {
    const year = await prisma.academicYear.findFirstOrThrow({ where: { schoolId, status: "CURRENT" } });
    const loads = await prisma.teachingLoad.findMany({ where: { schoolId, yearId: year.id }, select: { classId: true, subgroupId: true, subjectId: true } });
    const journals = new Set(loads.map((l) => `${l.classId}:${l.subgroupId ?? 0}:${l.subjectId}`));
    const assignments = await prisma.planAssignment.findMany({ where: { schoolId, yearId: year.id }, include: { plan: true } });
    const approved = assignments.filter((a) => a.plan.status === "APPROVED");
    expect(approved.length / journals.size).toBeGreaterThan(0.8);
    expect(assignments.length).toBeLessThan(journals.size);
    const returned = await prisma.thematicPlan.findMany({ where: { schoolId, status: "RETURNED" } });
    expect(returned.length).toBe(1);
    expect(returned[0]!.reviewComment).toMatch(/не хватает \d+ ч/);
    const teacher = await prisma.user.findFirstOrThrow({ where: { login: "demo.teacher" } });
    expect(returned[0]!.authorId).toBe(teacher.personId);
    expect(await prisma.thematicPlan.count({ where: { schoolId, status: "SUBMITTED" } })).toBe(2);
    const templates = await prisma.thematicPlan.findMany({ where: { schoolId, isTemplate: true } });
    const deputy = await prisma.user.findFirstOrThrow({ where: { login: "demo.deputy" } });
    expect(templates.length).toBe(3);
    expect(templates.every((t) => t.authorId === deputy.personId && t.yearId === null)).toBe(true);
    // One plan in its second version, the first kept as history.
    const v2 = await prisma.thematicPlan.findFirstOrThrow({ where: { schoolId, version: 2 } });
    const v1 = await prisma.thematicPlan.findUniqueOrThrow({ where: { id: v2.previousId! } });
    expect(v1.supersededAt).not.toBeNull();
    expect(await prisma.planAssignment.count({ where: { planId: v1.id } })).toBe(0);
    expect(await prisma.planAssignment.count({ where: { planId: v2.id } })).toBe(1);
  });

  // plan-lessons.ts then turns a few lessons into a repetition («Повторение: <topic>») to show a journal behind its plan.
  it("the lessons given are linked to topics of their journal's plan with the same text; plan hours match the curriculum", async () => {
    const mismatched = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Lesson" l
        JOIN "PlanItem" i ON i.id = l."planItemId"
        JOIN "PlanAssignment" a ON a."planId" = i."planId"
       WHERE l."schoolId" = ${schoolId}
         AND (a."classId" <> l."classId" OR a."subjectId" <> l."subjectId" OR a."subgroupId" <> coalesce(l."subgroupId", 0)
              OR (i.topic <> l.topic AND l.topic <> 'Повторение: ' || i.topic))`;
    expect(Number(mismatched[0]!.n)).toBe(0);
    const linked = await prisma.lesson.count({ where: { schoolId, planItemId: { not: null } } });
    const withTopic = await prisma.lesson.count({ where: { schoolId, topic: { not: null } } });
    expect(linked / withTopic).toBeGreaterThan(0.8);
    // The plans' hours: the journal's page of a plan says they match the curriculum (hours × weeks).
    const deputy = await as({ login: "demo.deputy" });
    const list = decode((await deputy.get("/planning/plans?tab=all")).text);
    const verdicts = [...list.matchAll(/<span class="badge (badge-[a-z]+)">(часы совпадают|не хватает [^<]+|лишние [^<]+|в учебном плане[^<]+)<\/span>/g)].map(
      (m) => m[2]!,
    );
    expect(verdicts.length).toBeGreaterThan(20);
    expect(verdicts.filter((v) => v === "часы совпадают").length / verdicts.length).toBeGreaterThan(0.9);
  });

  it("demo.teacher sees the returned plan's comment; the deputy's list names the journals without an approved plan", async () => {
    const returned = await prisma.thematicPlan.findFirstOrThrow({ where: { schoolId, status: "RETURNED" } });
    const page = decode((await (await as({ login: "demo.teacher" })).get(`/planning/plans/${returned.id}`)).text);
    expect(page).toContain(returned.reviewComment!);
    const missing = decode((await (await as({ login: "demo.deputy" })).get("/planning/plans/missing")).text);
    expect(missing).toMatch(/без утверждённого: <strong>\d+<\/strong>/);
    expect(missing).toContain("нет КТП");
    expect(missing).toContain("возвращён на доработку");
  });

  it("seeding again adds nothing", async () => {
    const before = await prisma.thematicPlan.count({ where: { schoolId } });
    expect((await seedThematicPlans(schoolId)).plans).toBe(0);
    expect(await prisma.thematicPlan.count({ where: { schoolId } })).toBe(before);
  });
});
