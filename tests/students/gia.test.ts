/** GIA of graduating classes (R-REG-8): subjects, the exam document, results, and the diary's visibility function. */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { giaResultsForStudent } from "../../src/modules/students/gia.service.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { addClass, addStudent } from "./helpers.ts";

async function ninthGrade() {
  const s = await buildSchool();
  const c9 = await addClass(s, 9, "А", s.users.teacherMath.personId);
  const st = await addStudent(s, c9.id, "Выпускников", "Глеб", "Павлович", "2011-03-03");
  await prisma.personProfile.create({ data: { schoolId: s.schoolId, personId: st.personId, docKind: "PASSPORT", docSeries: "2825", docNumber: "112233" } });
  return { s, c9, st };
}

describe("GIA", () => {
  it("the deputy records the subjects and results; only entered results reach the diary function", async () => {
    const { s, st } = await ninthGrade();
    const deputy = await as(s.users.deputy);
    const page = await deputy.get(`/students/${st.studentId}/gia`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="112233"'); // the document is proposed from the main data
    expect(
      (
        await deputy.form(`/students/${st.studentId}/gia`, {
          level: "OGE",
          docKind: "PASSPORT",
          docSeries: "2825",
          docNumber: "112233",
          docIssuedBy: "",
          docIssuedAt: "",
        })
      ).status,
    ).toBe(302);
    for (const subjectName of ["Русский язык", "Математика", "Информатика"])
      expect((await deputy.form(`/students/${st.studentId}/gia/exams`, { subjectName, examDate: "" })).status).toBe(302);
    const twice = await deputy.form(`/students/${st.studentId}/gia/exams`, { subjectName: "Математика", examDate: "" });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain("Этот предмет уже выбран");

    const reg = await prisma.giaRegistration.findFirstOrThrow({ where: { studentId: st.studentId }, include: { exams: true } });
    expect(reg.level).toBe("OGE");
    expect(reg.exams).toHaveLength(3);
    const math = reg.exams.find((e) => e.subjectName === "Математика")!;
    const empty = await deputy.form(`/students/${st.studentId}/gia/exams/${math.id}`, { score: "", mark: "", examDate: "" });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("Укажите балл или отметку");
    expect(await giaResultsForStudent(s.schoolId, st.studentId)).toEqual([]);

    expect((await deputy.form(`/students/${st.studentId}/gia/exams/${math.id}`, { score: "21", mark: "4", examDate: "2027-06-05" })).status).toBe(302);
    const results = await giaResultsForStudent(s.schoolId, st.studentId);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ level: "ОГЭ", subjectName: "Математика", score: 21, mark: "4", examDate: d("2027-06-05") });
    // Another school's id sees nothing.
    const other = await buildSchool();
    expect(await giaResultsForStudent(other.schoolId, st.studentId)).toEqual([]);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "gia", entityId: String(st.personId) } })).toBe(5);
    const overview = await deputy.get("/students/gia");
    expect(overview.status).toBe(200);
    expect(overview.text).toContain("Выпускников Глеб Павлович");
    expect(overview.text).toContain("Математика — 21 б., 4");

    // The parent reads the entered result in the diary at once; another family's parent gets 404.
    await prisma.parentLink.create({ data: { schoolId: s.schoolId, parentId: s.users.parentAlekseev.personId, studentId: st.studentId, relation: "FATHER" } });
    const diary = await (await as(s.users.parentAlekseev)).get(`/diary/${st.studentId}/marks`);
    expect(diary.status).toBe(200);
    expect(diary.text).toContain("Результаты ГИА");
    expect(diary.text).toMatch(/Математика<\/th><td>05\.06\.2027<\/td><td class="num">21<\/td><td class="num">4<\/td>/);
    expect(diary.text).not.toContain("Информатика</th>"); // chosen, no result yet
    expect((await (await as(s.users.parentBorisova)).get(`/diary/${st.studentId}/marks`)).status).toBe(404);
  });

  it("the class teacher of the 9th grade edits it; other class teachers, teachers, parents and students cannot", async () => {
    const { s, st, c9 } = await ninthGrade();
    const own = await as(s.users.teacherMath); // leads 9А
    expect((await own.form(`/students/${st.studentId}/gia/exams`, { subjectName: "Физика", examDate: "" })).status).toBe(302);
    const other = await as(s.users.teacherRussian); // leads 5А
    expect((await other.get("/students/gia")).text).toContain("нет выпускных");
    expect((await other.get(`/students/gia?class=${c9.id}`)).status).toBe(404);
    expect((await other.get(`/students/${st.studentId}/gia`)).status).toBe(404);
    expect((await other.form(`/students/${st.studentId}/gia/exams`, { subjectName: "Химия", examDate: "" })).status).toBe(404);
    for (const who of ["parentAlekseev", "studentA1", "medic"] as const)
      expect((await (await as(s.users[who])).get(`/students/${st.studentId}/gia`)).status).toBe(403);
    const secretary = await as(s.users.secretary);
    expect((await secretary.get(`/students/${st.studentId}/gia`)).status).toBe(200);
    expect((await secretary.form(`/students/${st.studentId}/gia/exams`, { subjectName: "Химия", examDate: "" })).status).toBe(403);
    expect(await prisma.giaExam.count({ where: { schoolId: s.schoolId } })).toBe(1);
  });

  it("is not offered for a non-graduating class", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    expect((await admin.get(`/students/${s.students.studentA1!.studentId}/gia`)).status).toBe(404);
    expect((await admin.get(`/students/${s.students.studentA1!.studentId}`)).text).not.toContain("/gia");
  });
});
