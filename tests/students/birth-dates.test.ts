/**
 * Issue 23: implausible birth dates are refused with a clear message (the age it gives), the typed
 * values kept and nothing saved — the new student, the personal file, a parent, an enrolment order.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { MAIN_FORM } from "./helpers.ts";

useMidQuarterDay();

const NEW_STUDENT = {
  lastName: "Новиков",
  firstName: "Никита",
  middleName: "Олегович",
  birthDate: "2015-02-10",
  sex: "MALE",
  phone: "",
  email: "",
  registrationAddress: "г. Тверь, ул. Школьная, д. 5",
  actualAddress: "",
  otherContacts: "",
  docKind: "",
  docSeries: "",
  docNumber: "",
  docIssuedBy: "",
  docIssuedAt: "",
  snils: "",
};

describe("a new student's birth date", () => {
  it.each([
    ["born 01.01.2035 (in the future)", "2035-01-01", "Дата рождения 01.01.2035 ещё не наступила. Проверьте год."],
    ["2 years old", "2024-03-01", "По этой дате рождения ученику на 1 сентября 2026 г. 2 года, а для ученика допустимо от 5 до 21 года."],
    ["40 years old", "1986-05-05", "ученику на 1 сентября 2026 г. 40 лет"],
    ["6 years old, into the 5th grade", "2020-05-05", "ученику на 1 сентября 2026 г. 6 лет, а в 5 классе допустимо от 9 до 15 лет."],
  ])("%s is refused beside the field, the typed values kept, nothing saved", async (_what, birthDate, message) => {
    const s = await buildSchool();
    const sec = await as(s.users.secretary);
    const persons = await prisma.person.count({ where: { schoolId: s.schoolId } });
    const res = await sec.form("/students", { ...NEW_STUDENT, birthDate, classId: s.classes["5А"]!.id, fromDate: "2026-11-23" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-birthDate-error"');
    expect(res.text).toContain(message);
    expect(res.text).toContain('value="Новиков"');
    expect(res.text).toContain(`value="${birthDate}"`);
    expect(await prisma.person.count({ where: { schoolId: s.schoolId } })).toBe(persons);
    expect(await prisma.classMembership.count({ where: { schoolId: s.schoolId } })).toBe(3);
  });

  it("an age that fits the class is accepted (control)", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.secretary)).form("/students", { ...NEW_STUDENT, classId: s.classes["5А"]!.id, fromDate: "2026-11-23" });
    expect(res.status).toBe(302);
    expect((await prisma.person.findFirstOrThrow({ where: { schoolId: s.schoolId, lastName: "Новиков" } })).birthDate).toEqual(d("2015-02-10"));
  });
});

describe("the personal file's birth date", () => {
  it("a date in the future or one too young for the class is refused; the stored date stays", async () => {
    const s = await buildSchool();
    const id = s.students.studentA1!.studentId;
    const sec = await as(s.users.secretary);
    for (const [birthDate, message] of [
      ["2035-01-01", "ещё не наступила"],
      ["2021-01-01", "в 5 классе допустимо от 9 до 15 лет"],
    ] as const) {
      const res = await sec.form(`/students/${id}`, { ...MAIN_FORM, birthDate, registrationAddress: "г. Тверь, ул. Новая, д. 9" });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('value="г. Тверь, ул. Новая, д. 9"');
    }
    expect((await prisma.person.findUniqueOrThrow({ where: { id: s.students.studentA1!.personId } })).birthDate).toEqual(d("2015-04-02"));
  });
});

describe("a parent's birth date", () => {
  it("a parent aged 10 is refused with the age; the form keeps what was typed", async () => {
    const s = await buildSchool();
    const sec = await as(s.users.secretary);
    const res = await sec.form(`/students/${s.students.studentA2!.studentId}/parents`, {
      relation: "FATHER",
      lastName: "Борисов",
      firstName: "Андрей",
      birthDate: "2016-01-01",
      registrationAddress: "",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("По этой дате рождения родителю сейчас 10 лет, а допустимо от 16 до 100 лет.");
    expect(res.text).toContain('value="Борисов"');
    expect(await prisma.person.count({ where: { schoolId: s.schoolId, lastName: "Борисов" } })).toBe(0);
  });
});

describe("an enrolment order of a new student (movement book)", () => {
  it("born 01.01.2035 into 5Б is refused beside the birth date; nothing is created", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.secretary);
    const order = {
      kind: "ENROL",
      number: "3",
      orderDate: "2026-11-01",
      effectiveDate: "2026-11-02",
      studentId: "",
      toClassId: String(s.classes["5Б"]!.id),
      reason: "FROM_SCHOOL",
      newLastName: "Петров",
      newFirstName: "Пётр",
      newMiddleName: "",
      newSex: "MALE",
    };
    for (const [newBirthDate, message] of [
      ["2035-01-01", "Дата рождения 01.01.2035 ещё не наступила"],
      ["2019-05-05", "ученику на 1 сентября 2026 г. 7 лет, а в 5 классе допустимо от 9 до 15 лет"],
    ] as const) {
      const res = await agent.form("/movement", { ...order, newBirthDate });
      expect(res.status).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('value="Петров"');
    }
    expect(await prisma.person.count({ where: { schoolId: s.schoolId, lastName: "Петров" } })).toBe(0);
    expect(await prisma.movementOrder.count({ where: { schoolId: s.schoolId } })).toBe(0);
    expect((await agent.form("/movement", { ...order, newBirthDate: "2015-05-05" })).status).toBe(302);
  });
});
