/**
 * Academic debts after the year close (issue 17, 003 §2.13.3): a conditional promotion's debts with the
 * deadline (the school's default «15.10» after the year, or the decision's own) on the diary's «Оценки»,
 * overdue flagged, only to the pupil's own family; the administrator and the deputies set the deadline and
 * record a liquidation (in a closed year too), which takes the debt off the diary; both audited; wrong roles
 * get 403 and another school's ids 404, with the database unchanged.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { defaultDebtDeadline } from "../../src/modules/year-close/year-close.service.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Today is 09.12.2026 in the fixture's 2nd quarter.
useMidQuarterDay();

type School = Awaited<ReturnType<typeof buildSchool>>;
let s: School;
let other: School;
let prevYearId: number;
let a1Decision: number;
let a2Decision: number;
let b1Decision: number;

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#34;/g, '"')
    .replace(/\s+/g, " ");
const debtsBlock = (html: string) => {
  const t = text(html);
  const i = t.indexOf("Академическая задолженность");
  return i < 0 ? "" : t.slice(i, t.indexOf("Результаты ГИА", i) > 0 ? t.indexOf("Результаты ГИА", i) : undefined);
};
const state = async () =>
  JSON.stringify([
    await prisma.yearDecision.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } }),
    await prisma.debtLiquidation.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } }),
  ]);

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  // Last year, closed: A1 promoted with debts in maths and Russian (the school's default deadline), A2 in English
  // with an own deadline of 20.12.2026, B1 promoted.
  const prev = await prisma.academicYear.create({
    data: { schoolId: s.schoolId, name: "2025/2026", startDate: d("2025-09-01"), endDate: d("2026-05-31"), status: "CLOSED" },
  });
  prevYearId = prev.id;
  const decision = (key: "studentA1" | "studentA2" | "studentB1", kind: "PROMOTE" | "PROMOTE_CONDITIONAL", debts: number[], debtDeadline: Date | null = null) =>
    prisma.yearDecision.create({
      data: {
        schoolId: s.schoolId,
        yearId: prev.id,
        studentId: s.students[key]!.studentId,
        classId: s.classes["5А"]!.id,
        kind,
        debtSubjectIds: debts,
        debtDeadline,
        orderNumber: "45-у",
        orderDate: d("2026-05-30"),
      },
    });
  a1Decision = (await decision("studentA1", "PROMOTE_CONDITIONAL", [s.subjects.math.id, s.subjects.russian.id])).id;
  a2Decision = (await decision("studentA2", "PROMOTE_CONDITIONAL", [s.subjects.english.id], d("2026-12-20"))).id;
  b1Decision = (await decision("studentB1", "PROMOTE", [])).id;
});

describe("the default deadline", () => {
  it.each([
    ["2026-05-31", 15, 10, "2026-10-15"],
    ["2026-05-31", 31, 2, "2027-02-28"],
    ["2026-06-30", 30, 6, "2027-06-30"],
    ["2026-06-29", 30, 6, "2026-06-30"],
  ])("a year ending %s with «до %i.%i» → %s", (end, day, month, expected) => {
    expect(defaultDebtDeadline(d(end), day, month).toISOString().slice(0, 10)).toBe(expected);
  });
});

describe("academic debts in the diary (003 §2.13.3)", () => {
  it("the family sees its own pupil's debts with the deadline, overdue flagged; not another family's", async () => {
    const alekseev = await as(s.users.parentAlekseev);
    const own = debtsBlock((await alekseev.get(`/diary/${s.students.studentA1!.studentId}/marks`)).text);
    expect(own).toContain("2025/2026 Математика до 15.10.2026 просрочено");
    expect(own).toContain("2025/2026 Русский язык до 15.10.2026 просрочено");
    expect(own).not.toContain("Английский язык");
    // B1 (the same parent's other child) was promoted without debts.
    expect(debtsBlock((await alekseev.get(`/diary/${s.students.studentB1!.studentId}/marks`)).text)).toBe("");
    // Another family's pupil: not found.
    expect((await alekseev.get(`/diary/${s.students.studentA2!.studentId}/marks`)).status).toBe(404);
    const borisova = debtsBlock((await (await as(s.users.parentBorisova)).get(`/diary/${s.students.studentA2!.studentId}/marks`)).text);
    expect(borisova).toContain("2025/2026 Английский язык до 20.12.2026");
    expect(borisova).not.toContain("просрочено");
    expect(borisova).not.toContain("Математика");
    // The pupil sees the own.
    expect(debtsBlock((await (await as(s.users.studentA1)).get(`/diary/${s.students.studentA1!.studentId}/marks`)).text)).toContain("Математика");
  });
});

describe("deadlines and liquidation (administrator, deputies)", () => {
  it.each([
    ["teacher", "teacherMath"],
    ["class teacher", "teacherRussian"],
    ["parent", "parentAlekseev"],
    ["medic", "medic"],
  ] as const)("a %s cannot see the page, set a deadline or liquidate a debt (403, nothing changes)", async (_who, key) => {
    const before = await state();
    const agent = await as(s.users[key]);
    expect((await agent.get(`/year-close/${prevYearId}/debts`)).status).toBe(403);
    expect((await agent.form(`/year-close/${prevYearId}/debts/${a1Decision}/deadline`, { debtDeadline: "2027-01-15" })).status).toBe(403);
    expect((await agent.form(`/year-close/${prevYearId}/debts/${a1Decision}/subjects/${s.subjects.math.id}`, { date: "2026-12-01", mark: "5" })).status).toBe(
      403,
    );
    expect(await state()).toBe(before);
  });

  it("another school's deputy gets 404 for this school's year and decisions; a subject that is no debt or a plain promotion is 404", async () => {
    const before = await state();
    const stranger = await as(other.users.deputy);
    expect((await stranger.get(`/year-close/${prevYearId}/debts`)).status).toBe(404);
    expect((await stranger.form(`/year-close/${prevYearId}/debts/${a1Decision}/deadline`, { debtDeadline: "2027-01-15" })).status).toBe(404);
    expect(
      (await stranger.form(`/year-close/${prevYearId}/debts/${a1Decision}/subjects/${s.subjects.math.id}`, { date: "2026-12-01", mark: "5" })).status,
    ).toBe(404);
    const deputy = await as(s.users.deputy);
    expect(
      (await deputy.form(`/year-close/${prevYearId}/debts/${a1Decision}/subjects/${s.subjects.english.id}`, { date: "2026-12-01", mark: "5" })).status,
    ).toBe(404);
    expect((await deputy.form(`/year-close/${prevYearId}/debts/${b1Decision}/deadline`, { debtDeadline: "2027-01-15" })).status).toBe(404);
    expect((await deputy.form(`/year-close/${other.year.id}/debts/${a1Decision}/deadline`, { debtDeadline: "2027-01-15" })).status).toBe(404);
    expect(await state()).toBe(before);
  });

  it("bad input comes back beside the fields with the typed values kept", async () => {
    const before = await state();
    const deputy = await as(s.users.deputy);
    const future = await deputy.form(`/year-close/${prevYearId}/debts/${a1Decision}/subjects/${s.subjects.math.id}`, { date: "2026-12-31", mark: "4" });
    expect(future.status).toBe(422);
    expect(future.text).toContain("Дата не может быть позже сегодняшней");
    expect(future.text).toContain('value="2026-12-31"');
    const noMark = await deputy.form(`/year-close/${prevYearId}/debts/${a1Decision}/subjects/${s.subjects.math.id}`, { date: "2026-12-01", mark: "" });
    expect(noMark.status).toBe(422);
    expect(noMark.text).toContain("Выберите отметку");
    const badDate = await deputy.form(`/year-close/${prevYearId}/debts/${a1Decision}/deadline`, { debtDeadline: "31.13.2026" });
    expect(badDate.status).toBe(422);
    expect(badDate.text).toContain('value="31.13.2026"');
    expect(await state()).toBe(before);
  });

  it("the deputy moves A1's deadline and liquidates maths: the diary shows only Russian, not overdue; both audited", async () => {
    const deputy = await as(s.users.deputy);
    expect((await deputy.form(`/year-close/${prevYearId}/debts/${a1Decision}/deadline`, { debtDeadline: "2027-01-15" })).status).toBe(302);
    expect((await deputy.form(`/year-close/${prevYearId}/debts/${a1Decision}/subjects/${s.subjects.math.id}`, { date: "2026-12-01", mark: "3" })).status).toBe(
      302,
    );
    // Once only.
    expect((await deputy.form(`/year-close/${prevYearId}/debts/${a1Decision}/subjects/${s.subjects.math.id}`, { date: "2026-12-02", mark: "4" })).status).toBe(
      409,
    );
    const liq = await prisma.debtLiquidation.findMany({ where: { schoolId: s.schoolId } });
    expect(liq).toEqual([expect.objectContaining({ decisionId: a1Decision, subjectId: s.subjects.math.id, mark: "3", recordedById: s.users.deputy.userId })]);
    const audits = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "academic-debt" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.action, a.entityId, a.actorId])).toEqual([
      ["deadline", String(a1Decision), s.users.deputy.userId],
      ["liquidate", String(a1Decision), s.users.deputy.userId],
    ]);
    expect(audits[0]!.newValue).toMatchObject({ deadline: "2027-01-15" });
    expect(audits[1]!.newValue).toMatchObject({ subjectId: s.subjects.math.id, date: "2026-12-01", mark: "3" });

    const diary = debtsBlock((await (await as(s.users.parentAlekseev)).get(`/diary/${s.students.studentA1!.studentId}/marks`)).text);
    expect(diary).toContain("2025/2026 Русский язык до 15.01.2027");
    expect(diary).not.toContain("Математика");
    expect(diary).not.toContain("просрочено");

    const page = text((await deputy.get(`/year-close/${prevYearId}/debts`)).text);
    expect(page).toContain("Ликвидирована 01.12.2026, отметка «3», внёс(ла) Завучева Зоя Ивановна");
    expect(page).toContain("Срок ликвидации: 15.01.2027");
    expect(page).toContain("Срок ликвидации: 20.12.2026");
    // The administrator too; an emptied deadline returns to the school's default.
    const admin = await as(s.users.admin);
    expect((await admin.form(`/year-close/${prevYearId}/debts/${a2Decision}/deadline`, { debtDeadline: "" })).status).toBe(302);
    expect((await prisma.yearDecision.findUniqueOrThrow({ where: { id: a2Decision } })).debtDeadline).toBeNull();
    expect(text((await admin.get(`/year-close/${prevYearId}/debts`)).text)).toContain("Срок ликвидации: 15.10.2026 (по умолчанию)");
  });
});

describe("the school's default deadline (/admin/school)", () => {
  it("the administrator sets «до 1 сентября»: the debts without an own deadline follow it, audited as a school setting", async () => {
    const t = await buildSchool();
    const prev = await prisma.academicYear.create({
      data: { schoolId: t.schoolId, name: "2025/2026", startDate: d("2025-09-01"), endDate: d("2026-05-31"), status: "CLOSED" },
    });
    await prisma.yearDecision.create({
      data: {
        schoolId: t.schoolId,
        yearId: prev.id,
        studentId: t.students.studentA1!.studentId,
        classId: t.classes["5А"]!.id,
        kind: "PROMOTE_CONDITIONAL",
        debtSubjectIds: [t.subjects.math.id],
        orderNumber: "1",
        orderDate: d("2026-05-30"),
      },
    });
    const admin = await as(t.users.admin);
    const form = { name: t.school.name, shortName: t.school.shortName, lockDays: "30", sessionIdleMinutes: "30", lateControlWorkDays: "7", weekDays: "6" };
    const thresholds = { forecastThreshold5: "4,5", forecastThreshold4: "3,5", forecastThreshold3: "2,5" };
    const bad = await admin.form("/admin/school", { ...form, ...thresholds, debtDeadlineDay: "0", debtDeadlineMonth: "9" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('name="debtDeadlineDay" type="number" value="0"');
    expect((await admin.form("/admin/school", { ...form, ...thresholds, debtDeadlineDay: "1", debtDeadlineMonth: "9" })).status).toBe(302);
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: t.schoolId, entity: "school" }, orderBy: { id: "desc" } });
    expect(log.newValue).toMatchObject({ debtDeadlineDay: 1, debtDeadlineMonth: 9 });
    const diary = debtsBlock((await (await as(t.users.parentAlekseev)).get(`/diary/${t.students.studentA1!.studentId}/marks`)).text);
    expect(diary).toContain("2025/2026 Математика до 01.09.2026 просрочено");
  });
});
