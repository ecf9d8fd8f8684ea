/**
 * ВПР and the school's diagnostic works (issue 17, 002 §2): entered by the class-subject's teacher or a deputy,
 * kept apart from the journal, analysed for the deputy per work and per parallel against a hand-computed case,
 * with the comparison to the journal's current mark; wrong roles and crafted ids are refused, nothing changes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pageText, pdfPages, squash, xlsxRows } from "../reports/helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Today is 09.12.2026, in the 2nd quarter (05.11–28.12).
useMidQuarterDay();

type School = Awaited<ReturnType<typeof buildSchool>>;
let s: School;
let other: School;
let work5a: number;
let work5b: number;
const ids: Record<string, number> = {};

const SCALE = { kind: "VPR", maxScore: "20", score3: "6", score4: "11", score5: "16", date: "2026-12-08", title: "ВПР по математике" };

async function journalMark(studentKey: string, date: string, value: number) {
  const studentId = ids[studentKey]!;
  const cls = studentKey === "B1" ? "5Б" : "5А";
  const lesson = await prisma.lesson.create({
    data: {
      schoolId: s.schoolId,
      classId: s.classes[cls]!.id,
      subjectId: s.subjects.math.id,
      teacherId: s.users.teacherMath.personId,
      date: d(date),
      number: 1,
    },
  });
  const type = await prisma.assignmentType.upsert({
    where: { schoolId_name: { schoolId: s.schoolId, name: "Ответ на уроке" } },
    create: { schoolId: s.schoolId, name: "Ответ на уроке", shortName: "Отв", weight: 1 },
    update: {},
  });
  const w = await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: lesson.id, assignmentTypeId: type.id } });
  await prisma.mark.create({ data: { schoolId: s.schoolId, lessonId: lesson.id, workId: w.id, studentId, value } });
}

const state = async () =>
  JSON.stringify([
    await prisma.diagnosticWork.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } }),
    await prisma.diagnosticResult.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } }),
  ]);

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  ids.A1 = s.students.studentA1!.studentId;
  ids.A2 = s.students.studentA2!.studentId;
  ids.B1 = s.students.studentB1!.studentId;
  for (const [key, last] of [
    ["X1", "Иванов"],
    ["X2", "Яковлев"],
  ] as const) {
    const p = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: last, firstName: "Ученик" } });
    const st = await prisma.student.create({ data: { schoolId: s.schoolId, personId: p.id } });
    await prisma.classMembership.create({ data: { schoolId: s.schoolId, studentId: st.id, classId: s.classes["5А"]!.id, fromDate: d("2026-09-01") } });
    ids[key] = st.id;
  }
  // The journal in maths: A1 4, 4 → «4» (and a «2» of the 1st quarter, not counted); A2 4, 5 → 4,5 → «5»;
  // B1 3 → «3» (and a «2» after the work's day, not counted); X1 and X2 none.
  await journalMark("A1", "2026-11-10", 4);
  await journalMark("A1", "2026-11-20", 4);
  await journalMark("A1", "2026-10-10", 2);
  await journalMark("A2", "2026-11-10", 4);
  await journalMark("A2", "2026-11-20", 5);
  await journalMark("B1", "2026-11-12", 3);
  await journalMark("B1", "2026-12-09", 2);
});

describe("entering a diagnostic work", () => {
  it("the maths teacher creates the ВПР of 5А and enters the scores; the marks follow the scale; audited", async () => {
    const teacher = await as(s.users.teacherMath);
    const made = await teacher.form(`/diagnostics?year=${s.year.id}`, { ...SCALE, classSubject: `${s.classes["5А"]!.id}:${s.subjects.math.id}` });
    expect(made.status).toBe(302);
    work5a = Number(/\/diagnostics\/(\d+)/.exec(made.headers.location!)![1]);
    const saved = await teacher.form(`/diagnostics/${work5a}/results`, {
      [`score-${ids.A1}`]: "17",
      [`score-${ids.A2}`]: "12",
      [`score-${ids.X1}`]: "5",
      [`score-${ids.X2}`]: "",
    });
    expect(saved.status).toBe(302);
    const results = await prisma.diagnosticResult.findMany({ where: { workId: work5a } });
    expect(Object.fromEntries(results.map((r) => [r.studentId, [r.score, r.mark]]))).toEqual({ [ids.A1!]: [17, 5], [ids.A2!]: [12, 4], [ids.X1!]: [5, 2] });
    // Not a journal mark.
    expect(await prisma.mark.count({ where: { schoolId: s.schoolId } })).toBe(7);
    const audits = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: { in: ["diagnostic-work", "diagnostic-result"] } } });
    expect(audits.map((a) => a.entity).sort()).toEqual(["diagnostic-result", "diagnostic-work"]);
    // The deputy enters 5Б's.
    const deputy = await as(s.users.deputy);
    const b = await deputy.form(`/diagnostics?year=${s.year.id}`, { ...SCALE, classSubject: `${s.classes["5Б"]!.id}:${s.subjects.math.id}` });
    work5b = Number(/\/diagnostics\/(\d+)/.exec(b.headers.location!)![1]);
    expect((await deputy.form(`/diagnostics/${work5b}/results`, { [`score-${ids.B1}`]: "8" })).status).toBe(302);
  });

  it("bad input comes back beside the fields with the typed values kept; nothing is saved", async () => {
    const before = await state();
    const teacher = await as(s.users.teacherMath);
    const score = await teacher.form(`/diagnostics/${work5a}/results`, { [`score-${ids.A1}`]: "25", [`score-${ids.A2}`]: "12" });
    expect(score.status).toBe(422);
    expect(score.text).toContain("Балл — целое число от 0 до 20");
    expect(score.text).toContain('value="25"');
    const scale = await teacher.form(`/diagnostics?year=${s.year.id}`, {
      ...SCALE,
      score5: "21",
      classSubject: `${s.classes["5А"]!.id}:${s.subjects.math.id}`,
    });
    expect(scale.status).toBe(422);
    expect(scale.text).toContain("Не больше максимального балла");
    expect(scale.text).toContain('value="21"');
    expect(await state()).toBe(before);
  });

  it("wrong roles and crafted ids: 404 outside the reach, 403 without the right; nothing changes", async () => {
    const before = await state();
    // The class teacher of 5А teaches Russian: reads 5А's work, cannot create a maths work or change scores.
    const classTeacher = await as(s.users.teacherRussian);
    expect((await classTeacher.get(`/diagnostics/${work5a}`)).status).toBe(200);
    expect((await classTeacher.form(`/diagnostics/${work5a}/results`, { [`score-${ids.A1}`]: "1" })).status).toBe(404);
    expect((await classTeacher.form(`/diagnostics?year=${s.year.id}`, { ...SCALE, classSubject: `${s.classes["5А"]!.id}:${s.subjects.math.id}` })).status).toBe(
      404,
    );
    // The English teacher (class teacher of 5Б) does not see 5А's maths work.
    expect((await (await as(s.users.teacherEnglish)).get(`/diagnostics/${work5a}`)).status).toBe(404);
    // A pupil of another class posted into 5А's work; another school's deputy; another school's class.
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.form(`/diagnostics/${work5a}/results`, { [`score-${ids.B1}`]: "10" })).status).toBe(404);
    expect((await (await as(other.users.deputy)).get(`/diagnostics/${work5a}`)).status).toBe(404);
    expect((await teacher.form(`/diagnostics?year=${s.year.id}`, { ...SCALE, classSubject: `${other.classes["5А"]!.id}:${s.subjects.math.id}` })).status).toBe(
      404,
    );
    // Neither may delete the work.
    expect((await classTeacher.form(`/diagnostics/${work5a}/delete`, {})).status).toBe(404);
    expect((await (await as(other.users.deputy)).form(`/diagnostics/${work5a}/delete`, {})).status).toBe(404);
    // Families and the medic: no diagnostic works at all.
    for (const u of [s.users.parentAlekseev, s.users.studentA1, s.users.medic]) {
      const agent = await as(u);
      expect((await agent.get("/diagnostics")).status).toBe(403);
      expect((await agent.form(`/diagnostics/${work5a}/results`, { [`score-${ids.A1}`]: "1" })).status).toBe(403);
    }
    expect(await state()).toBe(before);
  });
});

describe("the deputy's analysis (hand-computed)", () => {
  // 5А: 17 (5, journal 4: higher), 12 (4, journal 5: lower), 5 (2, no journal mark); X2 did not write.
  // 5Б: 8 (3, journal 3: confirmed). Parallel: 4 wrote, one of each mark, mean 42/4 = 10,5.
  const ROW_5A = "5А, 08.12.2026 20 3 1 1 0 1 11,3 66,7 % 66,7 % 0 (0,0 %) 1 (50,0 %) 1 (50,0 %)";
  const ROW_5B = "5Б, 08.12.2026 20 1 0 0 1 0 8,0 0,0 % 100,0 % 1 (100,0 %) 0 (0,0 %) 0 (0,0 %)";
  const TOTAL = "Параллель 5-х классов 4 1 1 1 1 10,5 50,0 % 75,0 % 1 (33,3 %) 1 (33,3 %) 1 (33,3 %)";

  it("per work and per parallel on the page, the PDF and the spreadsheet", async () => {
    const deputy = await as(s.users.deputy);
    const page = await deputy.get("/reports/diagnostics");
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("ВПР · Математика · 5 классы");
    expect(text).toContain(ROW_5A);
    expect(text).toContain(ROW_5B);
    expect(text).toContain(TOTAL);
    const pdf = squash((await pdfPages((await getBinary(deputy, "/reports/diagnostics.pdf")).body as Buffer)).join(" "));
    expect(pdf).toContain(squash(TOTAL));
    const rows = await xlsxRows((await getBinary(deputy, "/reports/diagnostics.xlsx")).body as Buffer);
    expect(rows.find((r) => r[0] === "Параллель 5-х классов")).toEqual([
      "Параллель 5-х классов",
      "",
      "4",
      "1",
      "1",
      "1",
      "1",
      "10.5",
      "50,0 %",
      "75,0 %",
      "1 (33,3 %)",
      "1 (33,3 %)",
      "1 (33,3 %)",
    ]);
    // Another kind filtered out; the filter keeps the choice.
    const filtered = await deputy.get("/reports/diagnostics?kind=DIAGNOSTIC");
    expect(pageText(filtered.text)).not.toContain("Параллель");
    expect(filtered.text).toContain('<option value="DIAGNOSTIC" selected>');
  });

  it.each([
    ["teacher", "teacherMath"],
    ["class teacher", "teacherRussian"],
    ["parent", "parentAlekseev"],
    ["medic", "medic"],
  ] as const)("a %s cannot open the analysis", async (_who, key) => {
    const agent = await as(s.users[key]);
    expect((await agent.get("/reports/diagnostics")).status).toBe(403);
    expect((await agent.get("/reports/diagnostics.xlsx")).status).toBe(403);
  });
});

describe("deleting a work", () => {
  it("the teacher deletes a work entered by mistake with its results; audited", async () => {
    const teacher = await as(s.users.teacherMath);
    const made = await teacher.form(`/diagnostics?year=${s.year.id}`, {
      ...SCALE,
      kind: "DIAGNOSTIC",
      classSubject: `${s.classes["5А"]!.id}:${s.subjects.math.id}`,
    });
    const id = Number(/\/diagnostics\/(\d+)/.exec(made.headers.location!)![1]);
    expect((await teacher.form(`/diagnostics/${id}/results`, { [`score-${ids.A1}`]: "3" })).status).toBe(302);
    expect((await teacher.form(`/diagnostics/${id}/delete`, {})).status).toBe(302);
    expect(await prisma.diagnosticWork.findUnique({ where: { id } })).toBeNull();
    expect(await prisma.diagnosticResult.count({ where: { workId: id } })).toBe(0);
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "diagnostic-work", entityId: String(id), action: "delete" } });
    expect(log.oldValue).toMatchObject({ kind: "DIAGNOSTIC", results: 1 });
  });
});
