/**
 * The demo school's КТП (src/seed/plan-ktp.ts): approved plans for most journals drawn from the
 * journal's own topics, some journals without one, one returned with a comment, two waiting, one in
 * its second version, three templates in the library. R-PLN-3, R-JRN-11. Its schedule of assessment
 * procedures (the journal's control works, the plans' future ones, the planned ones) keeps the rules
 * of the letter СК-228/03 (R-PLN-6).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { today } from "../../src/lib/dates.ts";
import { prisma } from "../../src/lib/db.ts";
import { loadYearSchedule } from "../../src/modules/planning/assessments.data.ts";
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

describe("the demo school's schedule of assessment procedures (R-PLN-6)", () => {
  const schedule = async () => {
    const year = await prisma.academicYear.findFirstOrThrow({ where: { schoolId, status: "CURRENT" } });
    return (await loadYearSchedule(schoolId, year.id))!;
  };

  it("breaks no rule in the whole year: the only warnings are the deputy's accepted exception of two works on one day", async () => {
    const s = await schedule();
    const name = new Map(s.classes.map((c) => [c.id, c.name]));
    const warnings = s.entries.flatMap((e) => e.warnings.map((w) => ({ e, w })));
    const open = warnings
      .filter(({ w }) => !w.exception)
      .map(({ e, w }) => `${name.get(e.classId)} ${e.subjectName} ${e.date.toISOString().slice(0, 10)}: ${w.text}`);
    expect(open).toEqual([]);
    const accepted = warnings.filter(({ w }) => w.exception);
    expect(accepted.length).toBeGreaterThan(0);
    expect(new Set(accepted.map(({ w }) => w.rule))).toEqual(new Set(["one-per-day"]));
    expect(s.entries.length).toBeGreaterThan(300);
  });

  it("has recorded control works and the plans' future ones in every graded journal of grades 2–11 whose lessons allow one; subgroups on the same days", async () => {
    const s = await schedule();
    const day = today();
    const year = s.year.id;
    const [subjects, lessons, approved] = await Promise.all([
      prisma.subject.findMany({ where: { schoolId }, select: { id: true, gradingMode: true } }),
      prisma.lesson.findMany({
        where: { schoolId, class: { yearId: year } },
        select: { classId: true, subgroupId: true, subjectId: true, date: true, number: true },
      }),
      prisma.planAssignment.findMany({ where: { schoolId, yearId: year, plan: { status: "APPROVED", supersededAt: null } } }),
    ]);
    const marked = new Set(subjects.filter((x) => x.gradingMode === "MARKS").map((x) => x.id));
    const grade = new Map(s.classes.map((c) => [c.id, c.grade]));
    const key = (classId: number, sg: number, subjectId: number) => `${classId}:${sg}:${subjectId}`;
    // A lesson where the rules allow an assessment: inside the class's day, or any lesson of a subject of one lesson a week.
    const allowed = { past: new Set<string>(), future: new Set<string>() };
    for (const l of lessons) {
      const b = s.facts.dayBounds(l.classId, l.date);
      const oneAWeek = s.facts.weeklyLessons(l.classId, l.subjectId, l.date) <= 1;
      if (l.number !== null && b && (oneAWeek || (b.first < l.number && l.number < b.last)))
        allowed[l.date <= day ? "past" : "future"].add(key(l.classId, l.subgroupId ?? 0, l.subjectId));
    }
    const recorded = new Set<string>();
    const planned = new Set<string>();
    const subgroupsOn = new Map<string, Set<number>>();
    for (const e of s.entries)
      for (const i of e.items) {
        const k = key(e.classId, i.subgroupId, e.subjectId);
        if (i.source === "recorded") {
          recorded.add(k);
          const dayKey = `${e.classId}:${e.subjectId}:${e.date.getTime()}`;
          subgroupsOn.set(dayKey, (subgroupsOn.get(dayKey) ?? new Set()).add(i.subgroupId));
        }
        if (i.source === "plan" && e.date > day) planned.add(k);
      }
    const withPlan = new Set(approved.map((a) => key(a.classId, a.subgroupId, a.subjectId)));
    const graded = s.journals.filter((j) => grade.get(j.classId)! >= 2 && marked.has(j.subjectId));
    expect(graded.length).toBeGreaterThan(200);
    const journalKey = (j: (typeof graded)[number]) => key(j.classId, j.subgroupId, j.subjectId);
    expect(graded.filter((j) => allowed.past.has(journalKey(j)) && !recorded.has(journalKey(j))).map(journalKey)).toEqual([]);
    expect(graded.filter((j) => allowed.future.has(journalKey(j)) && withPlan.has(journalKey(j)) && !planned.has(journalKey(j))).map(journalKey)).toEqual([]);
    // Journals whose every lesson is the first or the last of the day (teachers taken at every hour inside it) are few.
    expect(graded.filter((j) => !allowed.past.has(journalKey(j))).length).toBeLessThan(graded.length / 20);
    // The subgroups of a subject write their control works on the same days.
    const subgroups = new Map<string, number>();
    for (const j of s.journals) if (j.subgroupId) subgroups.set(`${j.classId}:${j.subjectId}`, (subgroups.get(`${j.classId}:${j.subjectId}`) ?? 0) + 1);
    let split = 0;
    for (const [k, groups] of subgroupsOn) {
      const n = subgroups.get(k.split(":").slice(0, 2).join(":"));
      if (!n) continue;
      split++;
      expect(groups.size, k).toBe(n);
    }
    expect(split).toBeGreaterThan(10);
  });
});
