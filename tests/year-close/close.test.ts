/** Closing the year (R-YR-1): refusals, decisions → memberships, atomicity, idempotency. */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { isoDate } from "../../src/lib/dates.ts";
import { closeYear } from "../../src/modules/year-close/close.service.ts";
import { preCloseCheck, acknowledge } from "../../src/modules/year-close/check.service.ts";
import { classDecisions, fillDefaultDecisions, saveClassDecisions } from "../../src/modules/year-close/decisions.service.ts";
import { d } from "../support/fixtures.ts";
import { AFTER_END, ORDER, closeSnapshot, closingSchool, decideAll, type ClosingSchool } from "./helpers.ts";

async function activeClass(studentId: number, on: Date) {
  const m = await prisma.classMembership.findFirst({
    where: { studentId, fromDate: { lte: on }, OR: [{ toDate: null }, { toDate: { gte: on } }] },
    include: { class: { include: { year: true } } },
  });
  return m ? `${m.class.grade}${m.class.letter} ${m.class.year.name}` : null;
}

async function ready(): Promise<ClosingSchool> {
  const s = await closingSchool();
  await decideAll(s);
  return s;
}

describe("closing the year", () => {
  it("is refused before the last period has ended, and nothing changes", async () => {
    const s = await ready();
    const before = await closeSnapshot(s.schoolId);
    await expect(closeYear(s.actor, s.year.id, { asOf: d("2027-05-31") })).rejects.toThrow(/после окончания последнего периода \(31\.05\.2027\)/);
    expect(await closeSnapshot(s.schoolId)).toEqual(before);
  });

  it("is blocked while students have no decision of the council", async () => {
    const s = await closingSchool();
    const check = await preCloseCheck(prisma, s.schoolId, s.year.id);
    expect(check.missingDecisions).toBe(5);
    expect(check.decisionGaps.map((g) => g.className)).toEqual(["5А", "5Б", "9А", "11А"]);
    const before = await closeSnapshot(s.schoolId);
    await expect(closeYear(s.actor, s.year.id, { asOf: AFTER_END })).rejects.toThrow(/Нет решения педсовета для 5 учеников/);
    expect(await closeSnapshot(s.schoolId)).toEqual(before);
  });

  it("lists missing year marks and lessons without topics; closing waits until they are acknowledged", async () => {
    const s = await ready();
    // A lesson without a topic and a subject without a year mark for A2 (English is in A2's load through 5А).
    await prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: s.classes["5А"]!.id,
        subjectId: s.subjects.russian.id,
        teacherId: s.users.teacherRussian.personId,
        date: d("2027-05-21"),
      },
    });
    await prisma.finalMark.deleteMany({ where: { studentId: s.A2, subjectId: s.subjects.english.id } });
    const check = await preCloseCheck(prisma, s.schoolId, s.year.id);
    expect(check.items.map((i) => `${i.kind} ${i.className} ${i.subjectName} ${i.count}`)).toEqual(["finals 5А Английский язык 1", "topics 5А Русский язык 1"]);
    expect(check.items[0]!.students).toEqual(["Борисова В. А."]);
    await expect(closeYear(s.actor, s.year.id, { asOf: AFTER_END })).rejects.toThrow(/2 непринятых пункта/);
    await acknowledge(
      prisma,
      s.schoolId,
      s.year.id,
      s.actor.userId,
      check.items.map((i) => i.key),
    );
    expect((await preCloseCheck(prisma, s.schoolId, s.year.id)).blocking).toBe(0);
    const r = await closeYear(s.actor, s.year.id, { asOf: AFTER_END });
    expect(r.status).toBe("DONE");
  });

  it("suggests decisions from the year marks and validates the chosen ones", async () => {
    const s = await closingSchool();
    const b = await classDecisions(s.schoolId, s.year.id, s.classes["5Б"]!.id);
    expect(b.rows[0]).toMatchObject({ suggested: "PROMOTE_CONDITIONAL", debts: ["Математика"] });
    const g = await classDecisions(s.schoolId, s.year.id, s.g11.cls.id);
    expect(g.rows[0]!.suggested).toBe("GRADUATE");
    await expect(saveClassDecisions(s.actor, s.year.id, s.classes["5А"]!.id, ORDER, [{ studentId: s.A1, kind: "GRADUATE" }])).rejects.toMatchObject({
      fields: { [`kind-${s.A1}`]: "Выпуск возможен только из 9 или 11 класса" },
    });
    await expect(saveClassDecisions(s.actor, s.year.id, s.classes["5А"]!.id, ORDER, [{ studentId: s.A1, kind: "PROMOTE_CONDITIONAL" }])).rejects.toMatchObject({
      fields: { [`kind-${s.A1}`]: expect.stringMatching(/нет годовых/) as string },
    });
    const added = await fillDefaultDecisions(s.actor, s.year.id, ORDER);
    expect(added).toBe(5);
    const rows = await prisma.yearDecision.findMany({ where: { yearId: s.year.id }, orderBy: { studentId: "asc" } });
    const kinds = Object.fromEntries(rows.map((r) => [r.studentId, [r.kind, r.debtSubjectIds]]));
    expect(kinds[s.A1]).toEqual(["PROMOTE", []]);
    expect(kinds[s.B1]).toEqual(["PROMOTE_CONDITIONAL", [s.subjects.math.id]]);
    expect(kinds[s.g11.studentId]).toEqual(["GRADUATE", []]);
    expect(kinds[s.g9.studentId]).toEqual(["GRADUATE", []]);
    expect(await fillDefaultDecisions(s.actor, s.year.id, ORDER)).toBe(0);
  });

  it("promotes, retains, promotes conditionally and graduates through movement orders; carries teachers, subgroups, load", async () => {
    const s = await ready();
    // A cross-class group hosted by 5А (R-JRN-13) is chosen anew each year: it is not carried into 6А.
    const elective = await prisma.subgroup.create({
      data: { schoolId: s.schoolId, classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id, name: "Олимпиадная математика", kind: "OPTIONAL" },
    });
    for (const st of [s.A1, s.B1])
      await prisma.subgroupMembership.create({ data: { schoolId: s.schoolId, subgroupId: elective.id, studentId: st, fromDate: d("2026-09-01") } });
    const r = await closeYear(s.actor, s.year.id, { asOf: AFTER_END });
    expect(r.status).toBe("DONE");
    if (r.status !== "DONE") return;
    expect(r.stats).toMatchObject({ promoted: 2, conditional: 1, retained: 1, graduated: 1, nextYearName: "2027/2028", nextYearCreated: true });

    const years = await prisma.academicYear.findMany({ where: { schoolId: s.schoolId }, orderBy: { startDate: "asc" } });
    expect(years.map((y) => [y.name, y.status, isoDate(y.startDate), isoDate(y.endDate)])).toEqual([
      ["2026/2027", "CLOSED", "2026-09-01", "2027-05-31"],
      ["2027/2028", "CURRENT", "2027-09-01", "2028-05-31"],
    ]);
    const periods = await prisma.studyPeriod.findMany({ where: { yearId: r.stats.nextYearId }, orderBy: { number: "asc" } });
    expect(periods.map((p) => `${isoDate(p.startDate)}..${isoDate(p.endDate)}`)).toEqual([
      "2027-09-01..2027-10-25",
      "2027-11-05..2027-12-28",
      "2028-01-12..2028-03-21",
      "2028-04-01..2028-05-31",
    ]);

    const sep = d("2027-09-01");
    expect(await activeClass(s.A1, sep)).toBe("6А 2027/2028");
    expect(await activeClass(s.A2, sep)).toBe("5А 2027/2028");
    expect(await activeClass(s.B1, sep)).toBe("6Б 2027/2028");
    expect(await activeClass(s.g9.studentId, sep)).toBe("10А 2027/2028");
    expect(await activeClass(s.g11.studentId, sep)).toBeNull();
    // History stays: in May the students are still in their old classes.
    expect(await activeClass(s.A1, d("2027-05-31"))).toBe("5А 2026/2027");
    expect(await activeClass(s.g11.studentId, d("2027-05-31"))).toBe("11А 2026/2027");

    const orders = await prisma.movementOrder.findMany({ where: { schoolId: s.schoolId }, orderBy: { studentId: "asc" } });
    expect(orders).toHaveLength(5);
    expect(orders.every((o) => o.number === "45-уч" && isoDate(o.orderDate) === "2027-05-30")).toBe(true);
    const grad = orders.find((o) => o.studentId === s.g11.studentId)!;
    expect([grad.kind, isoDate(grad.effectiveDate)]).toEqual(["GRADUATE", "2027-06-01"]);
    expect(orders.filter((o) => o.kind === "PROMOTE")).toHaveLength(4);

    const next = await prisma.schoolClass.findMany({
      where: { yearId: r.stats.nextYearId },
      include: { teachingLoads: true, subgroups: { include: { members: true } } },
    });
    const by = Object.fromEntries(next.map((c) => [`${c.grade}${c.letter}`, c]));
    expect(Object.keys(by).sort()).toEqual(["10А", "5А", "6А", "6Б"]);
    expect(by["6А"]!.classTeacherId).toBe(s.users.teacherRussian.personId);
    expect(by["6Б"]!.classTeacherId).toBe(s.users.teacherEnglish.personId);
    expect(by["6А"]!.teachingLoads).toHaveLength(3);
    expect(by["6А"]!.subgroups.map((g) => [g.name, g.members.map((m) => m.studentId)])).toEqual([["1 группа", [s.A1]]]);
    expect(by["5А"]!.teachingLoads).toHaveLength(0);

    const old = await prisma.subgroupMembership.findMany({ where: { subgroupId: s.group.id } });
    expect(old.every((m) => m.toDate !== null)).toBe(true);
    expect(await prisma.yearSeal.count({ where: { yearId: s.year.id } })).toBe(1);
  });

  it("uses a draft next year prepared in advance with its own classes", async () => {
    const s = await ready();
    const draft = await prisma.academicYear.create({
      data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-02"), endDate: d("2028-05-30"), status: "DRAFT" },
    });
    const prepared = await prisma.schoolClass.create({
      data: { schoolId: s.schoolId, yearId: draft.id, grade: 6, letter: "А", classTeacherId: s.users.teacherMath.personId },
    });
    const r = await closeYear(s.actor, s.year.id, { asOf: AFTER_END });
    expect(r.status === "DONE" && r.stats).toMatchObject({ nextYearId: draft.id, nextYearCreated: false });
    expect((await prisma.academicYear.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("CURRENT");
    expect(await activeClass(s.A1, d("2027-09-02"))).toBe("6А 2027/2028");
    const m = await prisma.classMembership.findFirst({ where: { studentId: s.A1, classId: prepared.id } });
    expect(isoDate(m!.fromDate)).toBe("2027-09-02");
    // The prepared class keeps its own class teacher.
    expect((await prisma.schoolClass.findUniqueOrThrow({ where: { id: prepared.id } })).classTeacherId).toBe(s.users.teacherMath.personId);
    // The draft had no calendar: the closed year's periods were copied a year later.
    expect(await prisma.studyPeriod.count({ where: { yearId: draft.id } })).toBe(4);
  });

  it.each(["next-year", "students", "carry", "seal", "finish"])("a failure at step %s leaves everything as it was and says why", async (step) => {
    const s = await ready();
    const before = await closeSnapshot(s.schoolId);
    await expect(closeYear(s.actor, s.year.id, { asOf: AFTER_END, injectFailureAt: step })).rejects.toThrow(/Закрытие отменено, ничего не изменено/);
    expect(await closeSnapshot(s.schoolId)).toEqual(before);
    const run = await prisma.yearCloseRun.findFirst({ where: { yearId: s.year.id }, orderBy: { id: "desc" } });
    expect(run).toMatchObject({ status: "FAILED" });
    expect(run!.error).toMatch(/искусственный сбой/);
    // The cause removed, closing succeeds.
    expect((await closeYear(s.actor, s.year.id, { asOf: AFTER_END })).status).toBe("DONE");
  });

  it("a second run changes nothing", async () => {
    const s = await ready();
    expect((await closeYear(s.actor, s.year.id, { asOf: AFTER_END })).status).toBe("DONE");
    const after = await closeSnapshot(s.schoolId);
    const again = await closeYear(s.actor, s.year.id, { asOf: AFTER_END });
    expect(again).toMatchObject({ status: "NOOP", message: expect.stringMatching(/уже закрыт/) as string });
    expect(await closeSnapshot(s.schoolId)).toEqual(after);
  });

  it("two closings at the same time: one closes, the other does nothing", async () => {
    const s = await ready();
    const results = await Promise.allSettled([closeYear(s.actor, s.year.id, { asOf: AFTER_END }), closeYear(s.actor, s.year.id, { asOf: AFTER_END })]);
    const statuses = results.map((r) => (r.status === "fulfilled" ? r.value.status : "ERR"));
    expect(statuses.sort()).toEqual(["DONE", "NOOP"]);
    expect(await prisma.academicYear.count({ where: { schoolId: s.schoolId } })).toBe(2);
  });
});
