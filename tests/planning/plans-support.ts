/**
 * A small school for the КТП tests (tests/support/fixtures.ts) with a curriculum for grade 5
 * (Математика 5 ч, Английский язык 3 ч; no row for Русский язык) and a week of extra holidays for
 * grade 5 (15–21.02.2027), so that the weeks of the year are hand-computable:
 *
 *   quarters 01.09–25.10, 05.11–28.12, 12.01–21.03, 01.04–31.05 on a six-day week: 204 school days;
 *   minus the holiday week Mon 15.02 – Sun 21.02 (six school days): 198 days = 33 weeks;
 *   Математика: 5 ч × 33 нед. = 165 ч.
 */
import { prisma } from "../../src/lib/db.ts";
import type { RawRow } from "../../src/modules/planning/plans.rows.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";

export async function planSchool() {
  const s = await buildSchool();
  const c = await prisma.curriculum.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 5 } });
  await prisma.curriculumItem.createMany({
    data: [
      { schoolId: s.schoolId, curriculumId: c.id, subjectId: s.subjects.math.id, area: "Математика и информатика", hoursPerWeek: 5 },
      { schoolId: s.schoolId, curriculumId: c.id, subjectId: s.subjects.english.id, area: "Иностранные языки", hoursPerWeek: 3 },
    ],
  });
  await prisma.holiday.create({
    data: { schoolId: s.schoolId, yearId: s.year.id, name: "Доп. каникулы", startDate: d("2027-02-15"), endDate: d("2027-02-21"), gradeFrom: 5, gradeTo: 5 },
  });
  return s;
}
export type PlanSchool = TestSchool;

type Row = Partial<RawRow> & { id?: number | null };

/** The topics table as a browser posts it: rows, id_n and <field>_n, and the pressed button. */
export function tableBody(rows: readonly Row[], op = "save"): Record<string, string> {
  const body: Record<string, string> = { rows: String(rows.length), op };
  rows.forEach((r, i) => {
    const n = i + 1;
    if (r.id) body[`id_${n}`] = String(r.id);
    for (const f of ["section", "topic", "hours", "lessonType", "workKind", "note"] as const) body[`${f}_${n}`] = r[f] ?? "";
  });
  return body;
}

/** A plan's topics as stored, in order. */
export async function itemsOf(planId: number) {
  const items = await prisma.planItem.findMany({ where: { planId }, orderBy: { position: "asc" } });
  return items.map((i) => ({
    id: i.id,
    position: i.position,
    section: i.section,
    topic: i.topic,
    hours: i.hours,
    lessonType: i.lessonType,
    workKind: i.workKind,
    note: i.note,
  }));
}

/** A plan made straight in the database (for tests not about creating it). */
export async function makePlan(
  s: TestSchool,
  over: {
    authorId: number;
    subjectId?: number;
    grade?: number;
    status?: "DRAFT" | "SUBMITTED" | "APPROVED" | "RETURNED";
    isTemplate?: boolean;
    title?: string;
  },
  topics: readonly [string, number][] = [
    ["Натуральные числа", 2],
    ["Сложение и вычитание", 3],
    ["Контрольная работа № 1", 1],
  ],
) {
  const plan = await prisma.thematicPlan.create({
    data: {
      schoolId: s.schoolId,
      subjectId: over.subjectId ?? s.subjects.math.id,
      grade: over.grade ?? 5,
      yearId: over.isTemplate ? null : s.year.id,
      isTemplate: over.isTemplate ?? false,
      title: over.title ?? "Математика, 5 класс",
      authorId: over.authorId,
      status: over.status ?? "DRAFT",
      items: {
        create: topics.map(([topic, hours], i) => ({
          schoolId: s.schoolId,
          position: i + 1,
          topic,
          hours,
          workKind: /Контрольная/.test(topic) ? "CONTROL" : null,
        })),
      },
    },
  });
  return plan;
}

/** What a plan and its topics are now, to compare before and after a refused request. */
export async function snapshot(planId: number) {
  const plan = await prisma.thematicPlan.findUnique({ where: { id: planId } });
  const assignments = await prisma.planAssignment.findMany({ where: { planId }, orderBy: { id: "asc" } });
  return { plan: plan && { ...plan, updatedAt: null }, items: await itemsOf(planId), assignments };
}
