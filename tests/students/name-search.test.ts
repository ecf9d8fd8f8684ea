/**
 * Finding people by name as a secretary types it (src/lib/person-search.ts): any case, «ё» or «е»,
 * words in any order; LIKE's own characters are plain text. Duplicate checks compare the same way.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";

describe("name search and duplicates: ё = е, any case (R-REG-1)", () => {
  it("the students register finds «Алексеев Артём» typed with е, in any order and case; % and _ are plain text", async () => {
    const s = await buildSchool();
    const sec = await as(s.users.secretary);
    const a1 = s.students.studentA1!.studentId;
    for (const q of ["Артем", "артём алексеев", "АЛЕКСЕЕВ АРТЕМ", "ртем игоревич"]) {
      const res = await sec.get(`/students?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.text, q).toContain(`href="/students/${a1}"`);
      expect(res.text, q).not.toContain(`href="/students/${s.students.studentA2!.studentId}"`);
    }
    for (const q of ["%", "_", "Артем Борисова"]) {
      const res = await sec.get(`/students?q=${encodeURIComponent(q)}`);
      expect(res.text, q).not.toContain(`href="/students/${a1}"`);
    }
  });

  it("a parent is found for linking with ё typed as е", async () => {
    const s = await buildSchool();
    const mom = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Семёнова", firstName: "Алёна", middleName: "Петровна" } });
    const sec = await as(s.users.secretary);
    const res = await sec.get(`/students/${s.students.studentA1!.studentId}/parents/new?q=${encodeURIComponent("семенова ален")}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Семёнова Алёна Петровна");
    expect(res.text).toContain(String(mom.id));
  });

  it("a new student «Алексеев Артем» (е) with the same birth date is held as a possible double of «Алексеев Артём»", async () => {
    const s = await buildSchool();
    const sec = await as(s.users.secretary);
    const res = await sec.form("/students", {
      lastName: "Алексеев",
      firstName: "Артем",
      middleName: "игоревич",
      birthDate: "2015-04-02",
      sex: "MALE",
      registrationAddress: "г. Тверь",
      docKind: "BIRTH_CERTIFICATE",
      classId: s.classes["5Б"]!.id,
      fromDate: "2026-11-23",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("В школе уже есть человек с такими ФИО и датой рождения");
    expect(res.text).toContain(`href="/students/${s.students.studentA1!.studentId}"`);
    // Another birth date or patronymic is somebody else.
    const other = await sec.form("/students", {
      lastName: "Алексеев",
      firstName: "Артем",
      middleName: "Олегович",
      birthDate: "2015-04-02",
      sex: "MALE",
      registrationAddress: "г. Тверь",
      docKind: "BIRTH_CERTIFICATE",
      classId: s.classes["5Б"]!.id,
      fromDate: "2026-11-23",
    });
    expect(other.status).toBe(302);
  });
});
