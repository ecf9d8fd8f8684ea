/**
 * Period and year final marks (R-JRN-7) with the year view's forecasts (R-JRN-8), and the
 * history of cells (the audit log) that deputies and administrators see.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { Forbidden, Locked, ValidationError } from "../../src/lib/errors.ts";
import { cellHistory, getYearSheet, saveFinalMark } from "../../src/modules/journal/journal.service.ts";
import { as } from "../support/http.ts";
import { actorOf, auditOf, journalSchool, lessonAt, postJson, type JournalSchool } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

let s: JournalSchool;
let base: string;
let a1: number;
let j: { classId: number; subjectId: number; subgroupId: null };
// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

beforeAll(async () => {
  s = await journalSchool();
  base = `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
  a1 = s.students.studentA1!.studentId;
  j = { classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id, subgroupId: null };
});

describe("final marks (POST /journal/:classId/:subjectId/final-marks)", () => {
  it("the teacher sets a period mark and a year mark; each change is audited old → new", async () => {
    const teacher = await as(s.users.teacherMath);
    const q1 = s.periods[0]!.id;
    const r = await postJson(teacher, `${base}/final-marks`, { studentId: a1, periodId: q1, value: "4" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, value: "4", corrected: false });
    expect((await postJson(teacher, `${base}/final-marks`, { studentId: a1, periodId: q1, value: "5" })).body).toMatchObject({ value: "5", corrected: true });
    expect((await postJson(teacher, `${base}/final-marks`, { studentId: a1, periodId: "year", value: "н/а" })).status).toBe(200);
    const finals = await prisma.finalMark.findMany({ where: { studentId: a1, subjectId: s.subjects.math.id }, orderBy: { id: "asc" } });
    expect(finals.map((f) => [f.kind, f.periodId, f.value])).toEqual([
      ["PERIOD", q1, "5"],
      ["YEAR", null, "н/а"],
    ]);
    const log = await auditOf("final-mark", `${a1}:${s.subjects.math.id}:${s.year.id}:${q1}`);
    expect(log.map((e) => [e.action, e.oldValue, e.newValue])).toEqual([
      ["create", null, { value: "4" }],
      ["update", { value: "4" }, { value: "5" }],
    ]);

    // the year view marks the corrected period mark (it has a history) but not the year mark
    const sheet = await getYearSheet(await actorOf(s.users.teacherMath), j);
    const row = sheet.rows.find((r) => r.id === a1)!;
    expect(row.periods[0]).toMatchObject({ final: "5", hist: true });
    expect(row).toMatchObject({ yearFinal: "н/а", yearHist: false });
    const page = await teacher.get(`${base}/year`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Алексеев Артём Игоревич");
  });

  it("the year view: per period the weighted average and forecast; the year forecast from the period finals", async () => {
    const local = await journalSchool();
    const lj = { classId: local.classes["5А"]!.id, subjectId: local.subjects.math.id, subgroupId: null };
    const b = local.students.studentA2!.studentId;
    const teacher = await as(local.users.teacherMath);
    const l1 = await lessonAt(local, { daysAgo: 2 });
    await postJson(teacher, `/journal/lessons/${l1.id}/marks`, { studentId: b, assignmentTypeId: local.types["Контрольная работа"], value: 5 }); // weight 2
    await postJson(teacher, `/journal/lessons/${l1.id}/marks`, { studentId: b, assignmentTypeId: local.types["Ответ на уроке"], value: 2 }); // weight 1
    await postJson(teacher, `/journal/${lj.classId}/${lj.subjectId}/final-marks`, { studentId: b, periodId: local.periods[0]!.id, value: "4" });
    const sheet = await getYearSheet(await actorOf(local.users.teacherMath), lj);
    const row = sheet.rows.find((r) => r.id === b)!;
    const q2 = row.periods.find((p) => p.periodId === local.periods[1]!.id)!;
    expect(q2.avgText).toBe("4,00"); // (5·2 + 2·1) / 3
    expect(q2.forecast).toBe(4);
    expect(row.periods[0]!.final).toBe("4");
    expect(row.yearForecast).toBe(4);
  });

  it.each([
    ["«6»", { value: "6" }, "value"],
    ["«0»", { value: "0" }, "value"],
    ["«abc»", { value: "abc" }, "value"],
    ["a period that has not started", { periodId: "P4" }, "periodId"],
    ["another school's period", { periodId: "OTHER" }, "periodId"],
    ["a student of another class", { studentId: "B1" }, "studentId"],
  ] as const)("refuses %s (422), nothing saved", async (_label, over, field) => {
    const other = await journalSchool();
    const subst: Record<string, number> = { P4: s.periods[3]!.id, OTHER: other.periods[0]!.id, B1: s.students.studentB1!.studentId };
    const body: Record<string, unknown> = { studentId: s.students.studentA2!.studentId, periodId: s.periods[0]!.id, value: "5" };
    for (const [k, v] of Object.entries(over)) body[k] = typeof v === "string" && v in subst ? subst[v] : v;
    const before = await prisma.finalMark.count({ where: { schoolId: s.schoolId } });
    const r = await postJson(await as(s.users.teacherMath), `${base}/final-marks`, body);
    expect(r.status).toBe(422);
    expect(r.body.field).toBe(field);
    expect(r.body.error).toMatch(/[а-я]/);
    expect(await prisma.finalMark.count({ where: { schoolId: s.schoolId } })).toBe(before);
  });

  it("who: another teacher 403, parent 403; the deputy only with a reason; closed year 423 for everyone", async () => {
    const body = { studentId: s.students.studentA2!.studentId, periodId: s.periods[0]!.id, value: "3" };
    expect((await postJson(await as(s.users.teacherEnglish), `${base}/final-marks`, body)).status).toBe(403);
    expect((await postJson(await as(s.users.parentBorisova), `${base}/final-marks`, body)).status).toBe(403);
    await expect(saveFinalMark(await actorOf(s.users.teacherRussian), j, { ...body, reason: null })).rejects.toBeInstanceOf(Forbidden);
    const deputy = await as(s.users.deputy);
    const noReason = await postJson(deputy, `${base}/final-marks`, body);
    expect(noReason.status).toBe(422);
    expect(noReason.body.field).toBe("reason");
    await expect(saveFinalMark(await actorOf(s.users.deputy), j, { ...body, reason: null })).rejects.toBeInstanceOf(ValidationError);
    expect((await postJson(deputy, `${base}/final-marks`, { ...body, reason: "Решение педсовета" })).status).toBe(200);
    expect((await auditOf("final-mark", `${body.studentId}:${s.subjects.math.id}:${s.year.id}:${body.periodId}`))[0]).toMatchObject({
      reason: "Решение педсовета",
    });

    const closed = await journalSchool({ yearStatus: "CLOSED" });
    const cj = { classId: closed.classes["5А"]!.id, subjectId: closed.subjects.math.id, subgroupId: null };
    for (const key of ["teacherMath", "deputy", "admin"] as const) {
      const r = await postJson(await as(closed.users[key]), `/journal/${cj.classId}/${cj.subjectId}/final-marks`, {
        studentId: closed.students.studentA1!.studentId,
        periodId: closed.periods[0]!.id,
        value: "5",
        reason: "Исправление",
      });
      expect(r.status).toBe(423);
    }
    await expect(
      saveFinalMark(await actorOf(closed.users.admin), cj, { studentId: closed.students.studentA1!.studentId, periodId: null, value: "5", reason: "x" }),
    ).rejects.toBeInstanceOf(Locked);
    expect(await prisma.finalMark.count({ where: { schoolId: closed.schoolId } })).toBe(0);
  });

  it("the no-JavaScript form saves the period's marks of all students at once; one bad value saves nothing", async () => {
    const local = await journalSchool();
    const lbase = `/journal/${local.classes["5А"]!.id}/${local.subjects.math.id}`;
    const q1 = local.periods[0]!.id;
    const [x, y] = [local.students.studentA1!.studentId, local.students.studentA2!.studentId];
    const teacher = await as(local.users.teacherMath);
    const page = await teacher.get(`${lbase}/finals?period=${q1}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`name="final_${x}"`);
    const bad = await teacher.form(`${lbase}/finals?period=${q1}`, { [`final_${x}`]: "5", [`final_${y}`]: "7" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Итоговая отметка — одно из значений");
    expect(bad.text).toContain(`name="final_${y}"`);
    expect(await prisma.finalMark.count({ where: { schoolId: local.schoolId } })).toBe(0);
    const ok = await teacher.form(`${lbase}/finals?period=${q1}`, { [`final_${x}`]: "5", [`final_${y}`]: "4" });
    expect(ok.status).toBe(302);
    expect((await prisma.finalMark.findMany({ where: { schoolId: local.schoolId }, orderBy: { studentId: "asc" } })).map((f) => f.value)).toEqual(["5", "4"]);
  });
});

describe("cell history (deputies and administrators)", () => {
  it("shows who changed a mark, old → new and the reason; teachers (even the own one) do not get it", async () => {
    const lesson = await lessonAt(s, { daysAgo: 31 });
    await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: lesson.id, assignmentTypeId: s.types["Диктант"] } });
    const deputy = await as(s.users.deputy);
    const body = { studentId: a1, assignmentTypeId: s.types["Диктант"] };
    expect((await postJson(deputy, `/journal/lessons/${lesson.id}/marks`, { ...body, value: 3, reason: "Работа была утеряна" })).status).toBe(200);
    expect((await postJson(deputy, `/journal/lessons/${lesson.id}/marks`, { ...body, value: 4, reason: "Перепроверка работы" })).status).toBe(200);

    const url = `/journal/lessons/${lesson.id}/history?student=${a1}&type=${s.types["Диктант"]}`;
    for (const key of ["deputy", "admin"] as const) {
      const page = await (await as(s.users[key])).get(url);
      expect(page.status).toBe(200);
      expect(page.text).toContain("Перепроверка работы");
      expect(page.text).toContain("Работа была утеряна");
      expect(page.text).toContain("Завучева");
    }
    const h = await cellHistory(await actorOf(s.users.deputy), { kind: "mark", lessonId: lesson.id, studentId: a1, assignmentTypeId: s.types["Диктант"] });
    expect(h.entries.map((e) => [e.action, e.from, e.to, e.reason])).toEqual([
      ["изменено", "3", "4", "Перепроверка работы"],
      ["выставлено", "—", "3", "Работа была утеряна"],
    ]);
    for (const key of ["teacherMath", "teacherEnglish", "teacherRussian"] as const) expect((await (await as(s.users[key])).get(url)).status).toBe(403);
    expect((await (await as(s.users.parentAlekseev)).get(url)).status).toBe(403);
    await expect(cellHistory(await actorOf(s.users.teacherMath), { kind: "attendance", lessonId: lesson.id, studentId: a1 })).rejects.toBeInstanceOf(Forbidden);
    // another school's lesson → 404 even for a deputy
    const other = await journalSchool();
    const foreign = await lessonAt(other, { daysAgo: 1 });
    expect((await deputy.get(`/journal/lessons/${foreign.id}/history?student=${other.students.studentA1!.studentId}`)).status).toBe(404);
    // the grid marks the cell for the deputy (reason-corrected in a locked lesson)
    const period = s.periods.find((p) => p.startDate <= lesson.date && lesson.date <= p.endDate)!;
    const grid = await deputy.get(`${base}?period=${period.id}`);
    expect(grid.text).toMatch(new RegExp(`<td class="c m v4 rs locked h" data-l="${lesson.id}" data-t="${s.types["Диктант"]}">4</td>`));
  });
});
