/** R-RPT-1: every figure of the monthly journal check on a hand-built October; PDF, xlsx, remarks and access. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/access/actor.ts";
import { prisma } from "../../src/lib/db.ts";
import { figureCells } from "../../src/modules/reports/check.figures.ts";
import { monthlyCheck } from "../../src/modules/reports/check.service.ts";
import { monthOf } from "../../src/modules/reports/reports.common.ts";
import { as } from "../support/http.ts";
import { checkSchool, getBinary, pageText, pdfPages, squash, xlsxRows } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Fixed dates of the fixture school (a student who left on 01.10, a dismissal on 20.11, lessons of the past weeks)
// are in the past: on a school day of the 2nd quarter (tests/support/use-clock.ts).
useMidQuarterDay();

const october = monthOf("2026-10");

// One school for the checks that only read it; a test that changes it (a school setting, a remark) builds its own.
let checked: Awaited<ReturnType<typeof checkSchool>>;
beforeAll(async () => {
  checked = await checkSchool();
});

describe("monthly journal check (R-RPT-1)", () => {
  it("computes every figure per journal, per teacher and for the school", async () => {
    const { s } = checked;
    const c = await monthlyCheck((await loadActor(s.users.deputy.userId))!, { month: october, classIds: [] });
    expect(c.teachers.map((t) => t.name)).toEqual(["Математиков Пётр Ильич", "Русакова Мария Олеговна"]);
    const [math, rus] = c.teachers as [(typeof c.teachers)[number], (typeof c.teachers)[number]];
    const [m5a, m5b] = math.rows as [(typeof math.rows)[number], (typeof math.rows)[number]];
    expect(m5a.className).toBe("5А");
    // planned 3 (5, 12, 19 Oct), 3 lessons, 2 with a topic, 1 without topic / homework / attendance
    expect(m5a).toMatchObject({ planned: 3, lessons: 3, filled: 2, noTopic: 1, noHomework: 1, noAttendance: 1 });
    // 4 October marks; 2 students; A1 has 3, A2 has 1; one late control work, one late other mark; two corrections after the lock
    expect(m5a).toMatchObject({ marks: 4, students: 2, noMark: 0, oneMark: 1, lateControl: 1, lateOther: 1, edits: 2 });
    expect(m5a.link).toBe(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}?period=${s.periods[0]!.id}`);
    expect(m5b).toMatchObject({
      className: "5Б",
      planned: 0,
      lessons: 1,
      filled: 1,
      noTopic: 0,
      noHomework: 0,
      noAttendance: 0,
      marks: 0,
      students: 1,
      noMark: 1,
      oneMark: 0,
      lateControl: 0,
      lateOther: 0,
      edits: 0,
    });
    expect(math.total).toMatchObject({
      planned: 3,
      lessons: 4,
      filled: 3,
      noTopic: 1,
      noHomework: 1,
      noAttendance: 1,
      marks: 4,
      students: 3,
      noMark: 1,
      oneMark: 1,
      lateControl: 1,
      lateOther: 1,
      edits: 2,
    });
    expect(figureCells(math.total)).toEqual(["3", "4", "1", "1", "1", "4", "1,3", "1 (33,3 %)", "1 (33,3 %)", "1", "1", "0", "0", "2"]);
    expect(rus.rows[0]).toMatchObject({
      className: "5А",
      planned: 0,
      lessons: 1,
      filled: 1,
      marks: 1,
      students: 2,
      noMark: 1,
      oneMark: 1,
      lateControl: 0,
      lateOther: 0,
      edits: 0,
    });
    expect(figureCells(c.total)).toEqual(["3", "5", "1", "1", "1", "5", "1,0", "2 (40,0 %)", "2 (40,0 %)", "1", "1", "0", "0", "2"]);
  });

  it("uses the school's limit for late control works", async () => {
    const { s } = await checkSchool();
    await prisma.school.update({ where: { id: s.schoolId }, data: { lateControlWorkDays: 14 } });
    const c = await monthlyCheck((await loadActor(s.users.deputy.userId))!, { month: october, classIds: [] });
    expect(c.total.lateControl).toBe(0);
  });

  it("filters by classes", async () => {
    const { s } = checked;
    const c = await monthlyCheck((await loadActor(s.users.deputy.userId))!, { month: october, classIds: [s.classes["5Б"]!.id] });
    expect(c.teachers.flatMap((t) => t.rows.map((r) => r.className))).toEqual(["5Б"]);
  });

  it("the page is a summary by class; a class's details link each journal; the PDF and xlsx carry the summary and every class", async () => {
    const { s } = checked;
    const c5a = s.classes["5А"]!.id;
    const deputy = await as(s.users.deputy);
    const page = await deputy.get("/reports/check?month=2026-10");
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    // class, class teacher, journals, lessons / planned, no topic, no attendance, no homework, marks per student, few marks, late marks, late topics and homework, corrections, open remarks
    expect(text).toContain("5А Русакова М. О. 2 4 / 3 1 1 1 1,3 3 (75,0 %) 2 0 2 0");
    expect(text).toContain("5Б Инглишева Е. В. 1 1 / 0 0 0 0 0,0 1 (100,0 %) 0 0 0 0");
    expect(text).toContain("Итого по школе 3 5 / 3 1 1 1 1,0 4 (80,0 %) 2 0 2 0");
    expect(page.text).toContain(`href="/reports/check?month=2026-10&amp;class=${c5a}"`);
    // The summary does not list the journals, nor offer the remark form.
    expect(page.text).not.toContain(`href="/journal/${c5a}/`);
    expect(page.text).not.toContain('action="/reports/remarks"');

    const details = await deputy.get(`/reports/check?month=2026-10&class=${c5a}`);
    expect(details.status).toBe(200);
    const dt = pageText(details.text);
    expect(dt).toContain("Математика Математиков П. И. 3 3 1 1 1 4 2,0 0 (0,0 %) 1 (50,0 %) 1 1 0 0 2");
    expect(dt).toContain("Русский язык Русакова М. О. 0 1 0 0 0 1 0,5 1 (50,0 %) 1 (50,0 %) 0 0 0 0 0");
    expect(dt).toContain("Итого по классу 3 4 1 1 1 5 1,3");
    expect(details.text).toContain(`href="/journal/${c5a}/${s.subjects.math.id}?period=${s.periods[0]!.id}"`);
    expect(details.text).not.toContain(`href="/journal/${s.classes["5Б"]!.id}/`);
    // The remark form stands beside the class: it returns to it and offers its journals.
    expect(details.text).toContain('action="/reports/remarks"');
    expect(details.text).toContain(`name="class" value="${c5a}"`);
    expect(details.text).toContain(`value="${c5a}:${s.subjects.math.id}"`);

    const pdf = await getBinary(deputy, "/reports/check.pdf?month=2026-10");
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const pages = (await pdfPages(pdf.body as Buffer)).join("");
    for (const t of [
      s.school.name,
      "Проверка электронных журналов",
      "За октябрь 2026",
      "Сводка по классам",
      "5А Русакова М. О. 2 4 / 3 1 1 1 1,3 3 (75,0 %) 2 0 2 0",
      "Итого по школе 3 5 / 3 1 1 1 1,0 4 (80,0 %) 2 0 2 0",
      "5А класс, классный руководитель Русакова М. О.",
      "Математика Математиков П. И. 3 3 1 1 1 4 2,0 0 (0,0 %) 1 (50,0 %) 1 1 0 0 2",
      "Итого по классу 3 4 1 1 1 5 1,3",
      "5Б класс, классный руководитель Инглишева Е. В.",
      "Все журналы 3 5 1 1 1 5 1,0 2 (40,0 %) 2 (40,0 %) 1 1 0 0 2",
      "Заместитель директора",
      "Страница 1 из",
    ])
      expect(pages).toContain(squash(t));

    const xlsx = await getBinary(deputy, "/reports/check.xlsx?month=2026-10");
    expect(xlsx.status).toBe(200);
    const rows = await xlsxRows(xlsx.body as Buffer);
    expect(rows[0]![0]).toBe(s.school.name);
    expect(rows.find((r) => r[0] === "5А")!.slice(1, 5)).toEqual(["Русакова М. О.", "2", "4 / 3", "1"]);
    const line = rows.find((r) => r[0] === "Математика" && r[1] === "Математиков П. И.")!;
    expect(line.slice(2, 8)).toEqual(["3", "3", "1", "1", "1", "4"]);
    expect(rows.find((r) => r[0] === "Все журналы")!.slice(2, 16)).toEqual([
      "3",
      "5",
      "1",
      "1",
      "1",
      "5",
      "1",
      "2 (40,0 %)",
      "2 (40,0 %)",
      "1",
      "1",
      "0",
      "0",
      "2",
    ]);

    // One class: the PDF holds that class only and says so in its name.
    const one = await getBinary(deputy, `/reports/check.pdf?month=2026-10&class=${s.classes["5Б"]!.id}`);
    const onePages = (await pdfPages(one.body as Buffer)).join("");
    expect(onePages).toContain(squash("5Б класс, за октябрь 2026"));
    expect(onePages).not.toContain(squash("5А класс, классный руководитель"));
    expect(one.headers["content-disposition"]).toContain("filename=Proverka-zhurnalov-5B-oktyabr-2026.pdf");
  });

  it("a teacher sees only the own journals; a class teacher the own class; parents, students and the medic get 403", async () => {
    const { s } = checked;
    const rows = async (u: typeof s.users.deputy) => {
      const c = await monthlyCheck((await loadActor(u.userId))!, { month: october, classIds: [] });
      return c.teachers.flatMap((t) => t.rows.map((r) => `${r.className} ${r.subjectName}`));
    };
    expect(await rows(s.users.teacherMath)).toEqual(["5А Математика", "5Б Математика"]);
    expect(await rows(s.users.teacherRussian)).toEqual(["5А Математика", "5А Русский язык"]); // class teacher of 5А
    expect(await rows(s.users.teacherEnglish)).toEqual(["5Б Математика"]); // class teacher of 5Б
    for (const u of [s.users.parentAlekseev, s.users.studentA1, s.users.medic, s.users.secretary]) {
      const res = await (await as(u)).get("/reports/check?month=2026-10");
      expect(res.status).toBe(403);
    }
    const teacherPdf = await getBinary(await as(s.users.teacherMath), "/reports/check.pdf?month=2026-10");
    expect((await pdfPages(teacherPdf.body as Buffer)).join("")).not.toContain(squash("Русакова Мария Олеговна"));
  });
});

describe("remarks of the check (R-RPT-1)", () => {
  it("the deputy writes a remark, the teacher sees it and marks it fixed; another teacher cannot", async () => {
    const { s } = await checkSchool();
    const deputy = await as(s.users.deputy);
    await deputy.get("/reports/check?month=2026-10");
    const bad = await deputy.form("/reports/remarks", { month: "2026-10", teacherId: String(s.users.teacherMath.personId), journal: "", text: "" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Заполните поле");
    const ok = await deputy.form("/reports/remarks", {
      month: "2026-10",
      teacherId: String(s.users.teacherMath.personId),
      journal: `${s.classes["5А"]!.id}:${s.subjects.math.id}`,
      text: "Заполните темы уроков за 19.10",
    });
    expect(ok.status).toBe(302);
    const remark = await prisma.journalRemark.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    expect(remark).toMatchObject({ teacherId: s.users.teacherMath.personId, classId: s.classes["5А"]!.id, fixedAt: null });

    const other = await as(s.users.teacherRussian);
    await other.get("/reports");
    expect((await other.get("/reports/remarks")).text).not.toContain("Заполните темы уроков");
    const denied = await other.form(`/reports/remarks/${remark.id}/fixed`, { fixed: "1" });
    expect(denied.status).toBe(404);
    expect((await prisma.journalRemark.findUniqueOrThrow({ where: { id: remark.id } })).fixedAt).toBeNull();
    expect((await other.form("/reports/remarks", { month: "2026-10", teacherId: String(s.users.teacherMath.personId), text: "x" })).status).toBe(403);

    const teacher = await as(s.users.teacherMath);
    const home = await teacher.get("/reports");
    expect(pageText(home.text)).toContain("Заполните темы уроков за 19.10");
    const fixed = await teacher.form(`/reports/remarks/${remark.id}/fixed`, { fixed: "1", back: "/reports" });
    expect(fixed.status).toBe(302);
    expect((await prisma.journalRemark.findUniqueOrThrow({ where: { id: remark.id } })).fixedAt).not.toBeNull();
    expect(pageText((await deputy.get("/reports/check?month=2026-10")).text)).toContain("исправлено");

    expect((await teacher.form(`/reports/remarks/${remark.id}/delete`, {})).status).toBe(403);
    const gone = await deputy.form(`/reports/remarks/${remark.id}/delete`, { back: "/reports/remarks" });
    expect(gone.status).toBe(302);
    expect(await prisma.journalRemark.count({ where: { id: remark.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "journal-remark" } })).toBe(3);
  });

  it("a remark only for a teacher of the school", async () => {
    const { s } = await checkSchool();
    const deputy = await as(s.users.deputy);
    await deputy.get("/reports/check?month=2026-10");
    const res = await deputy.form("/reports/remarks", { month: "2026-10", teacherId: String(s.users.parentAlekseev.personId), text: "Текст" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Выберите учителя из списка");
    expect(res.text).toContain("Текст");
    expect(await prisma.journalRemark.count({ where: { schoolId: s.schoolId } })).toBe(0);
  });
});
