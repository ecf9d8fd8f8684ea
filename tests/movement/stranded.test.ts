/**
 * A backdated transfer (issue 17, R-REG-3): the pupil's marks, attendance and finals left in the old class's
 * journal on and after the order's date are listed on the order form; the registrar refuses the order (nothing
 * is saved, the refusal is audited) or keeps them as entries «из другого класса» — outside the old class's
 * average and monthly check, listed read-only in the new class's journal.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { getGrid } from "../../src/modules/journal/journal.service.ts";
import { monthlyCheck } from "../../src/modules/reports/check.service.ts";
import { monthOf } from "../../src/modules/reports/reports.common.ts";
import { d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { actorOf, journalSchool, type JournalSchool } from "../journal/helpers.ts";

useMidQuarterDay(); // 9 December 2026, the 2nd quarter (05.11–28.12)

/** A school where A1 has marks in 5А's Mathematics on 16, 25 and 30 November and an absence on the 30th; A2 two 4s. */
async function schoolWithMarks() {
  const s = await journalSchool();
  const a1 = s.students.studentA1!.studentId;
  const a2 = s.students.studentA2!.studentId;
  const work = s.types["Ответ на уроке"];
  const lesson = async (cls: "5А" | "5Б", date: string) =>
    prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: s.classes[cls]!.id,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        date: d(date),
        number: 1,
        works: { create: [{ schoolId: s.schoolId, assignmentTypeId: work }] },
      },
      include: { works: true },
    });
  const mark = (l: Awaited<ReturnType<typeof lesson>>, studentId: number, value: number) =>
    prisma.mark.create({ data: { schoolId: s.schoolId, lessonId: l.id, workId: l.works[0]!.id, studentId, value, createdBy: s.users.teacherMath.personId } });
  const l16 = await lesson("5А", "2026-11-16");
  const l25 = await lesson("5А", "2026-11-25");
  const l30 = await lesson("5А", "2026-11-30");
  await lesson("5Б", "2026-11-30");
  const before = await mark(l16, a1, 5);
  const m25 = await mark(l25, a1, 2);
  const m30 = await mark(l30, a1, 3);
  await mark(l16, a2, 4);
  await mark(l25, a2, 4);
  const absence = await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: l30.id, studentId: a1, code: "ABSENT" } });
  // The 1st quarter's final (over before the date) is not listed; the 2nd quarter's (ends 28.12) is.
  const final = (periodId: number, value: string) =>
    prisma.finalMark.create({
      data: { schoolId: s.schoolId, studentId: a1, subjectId: s.subjects.math.id, yearId: s.year.id, kind: "PERIOD", periodId, value },
    });
  await final(s.periods[0]!.id, "5");
  const q2 = await final(s.periods[1]!.id, "4");
  return { s, a1, before, m25, m30, absence, q2 };
}

const order = (s: JournalSchool, a1: number, extra: Record<string, string> = {}) => ({
  kind: "TRANSFER",
  number: "41-у",
  orderDate: "2026-12-08",
  effectiveDate: "2026-11-23",
  studentId: String(a1),
  toClassId: String(s.classes["5Б"]!.id),
  ...extra,
});

const state = async (schoolId: number, studentId: number) =>
  JSON.stringify({
    memberships: await prisma.classMembership.findMany({ where: { studentId }, orderBy: { id: "asc" } }),
    orders: await prisma.movementOrder.count({ where: { schoolId } }),
    marks: await prisma.mark.count({ where: { studentId } }),
  });

describe("a backdated transfer with marks left behind", () => {
  let w: Awaited<ReturnType<typeof schoolWithMarks>>;
  beforeAll(async () => {
    w = await schoolWithMarks();
  });

  it("the form lists exactly the entries after the date and asks what to do; nothing is saved", async () => {
    const { s, a1 } = w;
    const before = await state(s.schoolId, a1);
    const res = await (await as(s.users.secretary)).form("/movement", order(s, a1));
    expect(res.status).toBe(422);
    expect(res.text).toContain("С 23.11.2026 в журнале 5А у ученика остаются записи (4)");
    const table = res.text.slice(res.text.indexOf('id="f-stranded"'), res.text.indexOf("</fieldset>", res.text.indexOf('id="f-stranded"')));
    const rows = [...table.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1).join(" | "));
    expect(rows).toEqual([
      "25.11.2026 | Математика | отметка 2 (Отв)",
      "30.11.2026 | Математика | отметка 3 (Отв)",
      "30.11.2026 | Математика | посещаемость: Н",
      "28.12.2026 | Математика | итоговая: 4 за 2-й период",
    ]);
    // Typed values are kept.
    expect(res.text).toContain('value="41-у"');
    expect(await state(s.schoolId, a1)).toBe(before);
  });

  it("refuse: the order is not saved, the message says so, the refusal is audited", async () => {
    const { s, a1 } = w;
    const before = await state(s.schoolId, a1);
    const res = await (await as(s.users.secretary)).form("/movement", order(s, a1, { stranded: "refuse" }));
    expect(res.status).toBe(422);
    expect(res.text).toContain("Приказ не сохранён");
    expect(await state(s.schoolId, a1)).toBe(before);
    const audit = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "movement-order", action: "refuse-stranded" } });
    expect(audit.map((a) => [a.entityId, (a.newValue as { entries: number }).entries])).toEqual([[`student:${a1}`, 4]]);
  });

  it("keep: the order is saved; the old class's average and check leave the marks out; the new class's journal lists them read-only", async () => {
    const { s, a1, m25, m30, absence, q2 } = w;
    const res = await (await as(s.users.secretary)).form("/movement", order(s, a1, { stranded: "keep" }));
    expect(res.status).toBe(302);
    const saved = await prisma.movementOrder.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    expect((saved.changes as { kept: unknown }).kept).toEqual({ marks: [m25.id, m30.id], attendance: [absence.id], finals: [q2.id] });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { schoolId: s.schoolId, entity: "movement-order", entityId: String(saved.id), action: "create" },
    });
    expect(audit.newValue).toMatchObject({ stranded: "keep" });
    // The marks stay where they were.
    expect(await prisma.mark.count({ where: { studentId: a1 } })).toBe(3);

    // 5А: A1's 5 (before the date) and A2's 4 and 4 — not A1's 2 and 3.
    const grid = await getGrid(await actorOf(s.users.teacherMath), {
      classId: s.classes["5А"]!.id,
      subjectId: s.subjects.math.id,
      subgroupId: null,
      periodId: s.periods[1]!.id,
    });
    expect(grid.classAvg).toBeCloseTo(13 / 3, 5);
    expect(grid.rows.find((r) => r.id === a1)!.count).toBe(1);
    const check = await monthlyCheck(await actorOf(s.users.deputy), { month: monthOf("2026-11"), classIds: [s.classes["5А"]!.id] });
    expect(check.teachers.flatMap((t) => t.rows).find((r) => r.subjectId === s.subjects.math.id)!.marks).toBe(3);

    // 5Б's journal shows them, marked with the old class.
    const page = await (await as(s.users.teacherMath)).get(`/journal/${s.classes["5Б"]!.id}/${s.subjects.math.id}?period=${s.periods[1]!.id}`);
    expect(page.text).toContain("Отметки из другого класса");
    const section = page.text.slice(page.text.indexOf("Отметки из другого класса"));
    expect(section).toMatch(/25\.11\.2026 — <strong>2<\/strong> \(Отв\) <span class="badge">из 5А<\/span>/);
    expect(section).toMatch(/30\.11\.2026 — <strong>3<\/strong>/);
    expect(section).not.toContain("16.11.2026");
  });

  it("an order dated after the last entries is registered at once", async () => {
    const { s } = await schoolWithMarks();
    const a2 = s.students.studentA2!.studentId;
    const res = await (await as(s.users.secretary)).form("/movement", order(s, a2, { effectiveDate: "2026-12-01" }));
    expect(res.status).toBe(302);
  });
});
