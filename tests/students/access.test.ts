/**
 * Section-level access to the personal files for every role (R-REG-1, R-ACL-1, R-ACL-4..8): who opens a
 * file, who writes the main, medical and social sections, and that refused writes change nothing.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { fileState, MAIN_FORM } from "./helpers.ts";

const MEDICAL = { healthGroup: "II", peGroup: "основная", conditions: "Аллергия на пыльцу", ovz: "on", ovzNote: "" };
const SOCIAL = { socialStatus: "многодетная семья", deviantBehaviour: "", characteristic: "Общителен, любознателен" };

describe("who opens a personal file", () => {
  it.each(["admin", "deputy", "secretary", "medic", "psychologist"] as const)("%s opens any file of the school", async (who) => {
    const s = await buildSchool();
    const agent = await as(s.users[who]);
    const list = await agent.get("/students");
    expect(list.status).toBe(200);
    expect(list.text).toContain("Алексеева Дарья Игоревна");
    expect((await agent.get(`/students/${s.students.studentB1!.studentId}`)).status).toBe(200);
  });

  it.each(["teacherMath", "hr", "tech", "parentAlekseev", "studentA1"] as const)(
    "%s has no access to files at all (403), not even the own family's",
    async (who) => {
      const s = await buildSchool();
      const agent = await as(s.users[who]);
      expect((await agent.get("/students")).status).toBe(403);
      expect((await agent.get(`/students/${s.students.studentA1!.studentId}`)).status).toBe(403);
      expect((await agent.get(`/students/${s.students.studentA2!.studentId}`)).status).toBe(403);
      expect((await agent.get(`/students/${s.students.studentA1!.studentId}/gia`)).status).toBe(403);
      expect((await agent.get(`/students/parents/${s.users.parentBorisova.personId}`)).status).toBe(403);
      const before = await fileState(s.students.studentA1!.studentId);
      expect((await agent.form(`/students/${s.students.studentA1!.studentId}`, { ...MAIN_FORM, registrationAddress: "взлом" })).status).toBe(403);
      expect((await agent.form(`/students/${s.students.studentA1!.studentId}/medical`, MEDICAL)).status).toBe(403);
      expect((await agent.form(`/students/${s.students.studentA1!.studentId}/notes`, { kind: "NOTE", date: "2026-11-20", text: "x" })).status).toBe(403);
      expect(await fileState(s.students.studentA1!.studentId)).toBe(before);
    },
  );

  it("the class teacher sees and edits the own class only; another class is a 404 and stays unchanged", async () => {
    const s = await buildSchool();
    const ct = await as(s.users.teacherRussian); // class teacher of 5А
    const list = await ct.get("/students");
    expect(list.text).toContain("Алексеев Артём Игоревич");
    expect(list.text).not.toContain("Алексеева Дарья Игоревна");
    const own = s.students.studentA1!.studentId;
    const other = s.students.studentB1!.studentId;
    expect((await ct.get(`/students/${own}`)).status).toBe(200);
    expect((await ct.get(`/students/${other}`)).status).toBe(404);
    expect((await ct.get(`/students/${other}/edit`)).status).toBe(404);
    const before = await fileState(other);
    expect((await ct.form(`/students/${other}`, { ...MAIN_FORM, lastName: "Алексеева", firstName: "Дарья" })).status).toBe(404);
    expect((await ct.form(`/students/${other}/notes`, { kind: "NOTE", date: "2026-11-20", text: "чужой" })).status).toBe(404);
    expect(await fileState(other)).toBe(before);

    const res = await ct.form(`/students/${own}`, MAIN_FORM);
    expect(res.status).toBe(302);
    const profile = await prisma.personProfile.findUniqueOrThrow({ where: { personId: s.students.studentA1!.personId } });
    expect(profile.registrationAddress).toBe("г. Тверь, ул. Новая, д. 1");
    expect(profile.docKind).toBe("BIRTH_CERTIFICATE");
    // No medical or social sections for the class teacher.
    const page = await ct.get(`/students/${own}`);
    expect(page.text).not.toContain("Медицинские сведения");
    expect(page.text).not.toContain("Социально-психологические сведения");
    expect((await ct.form(`/students/${own}/medical`, MEDICAL)).status).toBe(403);
  });

  it("the deputy edits the main sections of every class, reads medical and social data but cannot write them", async () => {
    const s = await buildSchool();
    const deputy = await as(s.users.deputy);
    const b1 = s.students.studentB1!.studentId;
    expect((await deputy.form(`/students/${b1}/notes`, { kind: "ACHIEVEMENT", date: "2026-11-20", text: "Победитель олимпиады" })).status).toBe(302);
    expect(await prisma.studentNote.count({ where: { studentId: b1 } })).toBe(1);
    const page = await deputy.get(`/students/${b1}`);
    expect(page.text).toContain("Медицинские сведения");
    expect(page.text).toContain("Социально-психологические сведения");
    expect(page.text).toContain("Победитель олимпиады");
    const before = await fileState(b1);
    expect((await deputy.form(`/students/${b1}/medical`, MEDICAL)).status).toBe(403);
    expect((await deputy.form(`/students/${b1}/social`, SOCIAL)).status).toBe(403);
    expect(await fileState(b1)).toBe(before);
  });

  it("only the medic writes the medical section; a medic editing psychological data is refused", async () => {
    const s = await buildSchool();
    const id = s.students.studentA2!.studentId;
    const medic = await as(s.users.medic);
    expect((await medic.get(`/students/${id}/medical`)).status).toBe(200);
    expect((await medic.form(`/students/${id}/medical`, MEDICAL)).status).toBe(302);
    const med = await prisma.studentMedical.findUniqueOrThrow({ where: { studentId: id } });
    expect(med).toMatchObject({ healthGroup: "II", peGroup: "основная", ovz: true, disability: false });
    const page = await medic.get(`/students/${id}`);
    expect(page.text).toContain("Аллергия на пыльцу");
    expect(page.text).not.toContain("Социально-психологические сведения");
    const before = await fileState(id);
    expect((await medic.get(`/students/${id}/social`)).status).toBe(403);
    expect((await medic.form(`/students/${id}/social`, SOCIAL)).status).toBe(403);
    expect((await medic.form(`/students/${id}`, { ...MAIN_FORM, lastName: "Борисова", firstName: "Вера" })).status).toBe(403);
    expect(await fileState(id)).toBe(before);
  });

  it("only the psychologist writes the social section; a psychologist editing medical data is refused", async () => {
    const s = await buildSchool();
    const id = s.students.studentA2!.studentId;
    const psy = await as(s.users.psychologist);
    expect((await psy.form(`/students/${id}/social`, SOCIAL)).status).toBe(302);
    expect((await prisma.studentSocial.findUniqueOrThrow({ where: { studentId: id } })).characteristic).toBe("Общителен, любознателен");
    const page = await psy.get(`/students/${id}`);
    expect(page.text).toContain("многодетная семья");
    expect(page.text).not.toContain("Медицинские сведения");
    const before = await fileState(id);
    expect((await psy.form(`/students/${id}/medical`, MEDICAL)).status).toBe(403);
    expect(await fileState(id)).toBe(before);
    // The administrator reads both sections but writes neither.
    const admin = await as(s.users.admin);
    expect((await admin.get(`/students/${id}`)).text).toContain("многодетная семья");
    expect((await admin.form(`/students/${id}/social`, SOCIAL)).status).toBe(403);
  });

  it("a file of another school is a 404 even for its administrator's counterpart", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const admin = await as(s.users.admin);
    expect((await admin.get(`/students/${other.students.studentA1!.studentId}`)).status).toBe(404);
    expect((await admin.get(`/students/parents/${other.users.parentBorisova.personId}`)).status).toBe(404);
  });

  it("bad input comes back with Russian messages beside the fields and the typed values kept", async () => {
    const s = await buildSchool();
    const sec = await as(s.users.secretary);
    const id = s.students.studentA1!.studentId;
    const res = await sec.form(`/students/${id}`, {
      ...MAIN_FORM,
      lastName: "",
      snils: "12345",
      email: "не-почта",
      birthDate: "31.02.2015",
      registrationAddress: "Мой адрес",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Заполните поле");
    expect(res.text).toContain("СНИЛС в формате 123-456-789 01");
    expect(res.text).toContain("Дата в формате ДД.ММ.ГГГГ");
    expect(res.text).toContain('value="Мой адрес"');
    expect(res.text).toContain('value="12345"');
  });
});
