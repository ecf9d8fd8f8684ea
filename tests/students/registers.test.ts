/**
 * Creating students (with enrolment) and parents, duplicate detection, linking a staff member as a
 * parent, and the personal-data change log (R-REG-1, R-REG-2, R-REG-6).
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { MAIN_FORM } from "./helpers.ts";

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
  docKind: "BIRTH_CERTIFICATE",
  docSeries: "II-ОН",
  docNumber: "654321",
  docIssuedBy: "ЗАГС",
  docIssuedAt: "2015-03-01",
  snils: "123-456-789 01",
};

describe("creating students and parents", () => {
  it("the secretary creates a student enrolled into a class from a date; the class teacher then sees them", async () => {
    const s = await buildSchool();
    const sec = await as(s.users.secretary);
    const res = await sec.form("/students", { ...NEW_STUDENT, classId: s.classes["5А"]!.id, fromDate: "2026-11-23" });
    expect(res.status).toBe(302);
    const studentId = Number(/\/students\/(\d+)$/.exec(res.headers.location!)![1]);
    const st = await prisma.student.findUniqueOrThrow({ where: { id: studentId }, include: { person: { include: { profile: true } }, memberships: true } });
    expect(st.person.birthDate).toEqual(d("2015-02-10"));
    expect(st.person.profile?.snils).toBe("123-456-789 01");
    expect(st.memberships).toMatchObject([{ classId: s.classes["5А"]!.id, fromDate: d("2026-11-23"), toDate: null }]);
    const ct = await as(s.users.teacherRussian);
    expect((await ct.get(`/students/${studentId}`)).status).toBe(200);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "class-membership", entityId: String(st.personId) } })).toBe(1);
  });

  it("a class teacher cannot create students (403); bad input keeps the typed values", async () => {
    const s = await buildSchool();
    const ct = await as(s.users.teacherRussian);
    expect((await ct.form("/students", { ...NEW_STUDENT, classId: s.classes["5А"]!.id, fromDate: "2026-11-23" })).status).toBe(403);
    const sec = await as(s.users.secretary);
    const res = await sec.form("/students", { ...NEW_STUDENT, firstName: "", classId: "", fromDate: "2027-08-01" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Заполните поле");
    expect(res.text).toContain("Выберите класс");
    expect(res.text).toContain('value="Новиков"');
    const res2 = await sec.form("/students", { ...NEW_STUDENT, classId: s.classes["5А"]!.id, fromDate: "2027-08-01" });
    expect(res2.status).toBe(422);
    expect(res2.text).toContain("Дата зачисления должна быть внутри учебного года класса");
    expect(await prisma.person.count({ where: { schoolId: s.schoolId, lastName: "Новиков" } })).toBe(0);
  });

  it("the same full name and birth date is refused until confirmed", async () => {
    const s = await buildSchool();
    const sec = await as(s.users.secretary);
    // Алексеев Артём Игоревич, 02.04.2015 already studies in 5А (different case on purpose).
    const dup = {
      ...NEW_STUDENT,
      lastName: "АЛЕКСЕЕВ",
      firstName: "артём",
      middleName: "Игоревич",
      birthDate: "2015-04-02",
      classId: s.classes["5Б"]!.id,
      fromDate: "2026-11-23",
    };
    const res = await sec.form("/students", dup);
    expect(res.status).toBe(422);
    expect(res.text).toContain("В школе уже есть человек с такими ФИО и датой рождения");
    expect(res.text).toContain(`href="/students/${s.students.studentA1!.studentId}"`);
    expect(res.text).toContain('value="АЛЕКСЕЕВ"');
    expect(
      await prisma.person.count({
        where: { schoolId: s.schoolId, lastName: { equals: "Алексеев", mode: "insensitive" }, firstName: { equals: "Артём", mode: "insensitive" } },
      }),
    ).toBe(1);
    const ok = await sec.form("/students", { ...dup, confirmDuplicate: "on" });
    expect(ok.status).toBe(302);
    expect(
      await prisma.person.count({
        where: { schoolId: s.schoolId, lastName: { equals: "Алексеев", mode: "insensitive" }, firstName: { equals: "Артём", mode: "insensitive" } },
      }),
    ).toBe(2);
  });

  it("parents: a new parent card, a duplicate parent refused, a staff member linked as a parent of two children", async () => {
    const s = await buildSchool();
    const sec = await as(s.users.secretary);
    const a2 = s.students.studentA2!.studentId;
    const parent = {
      relation: "FATHER",
      lastName: "Борисов",
      firstName: "Андрей",
      middleName: "",
      birthDate: "1984-01-01",
      sex: "MALE",
      phone: "+7 901 111-22-33",
      email: "borisov@example.ru",
      registrationAddress: "",
      actualAddress: "",
      otherContacts: "",
      workPlace: "ООО «Ромашка»",
      workPosition: "инженер",
      workPhone: "",
    };
    expect((await sec.form(`/students/${a2}/parents`, parent)).status).toBe(302);
    const link = await prisma.parentLink.findFirstOrThrow({
      where: { studentId: a2, relation: "FATHER" },
      include: { parent: { include: { profile: true } } },
    });
    expect(link.parent.profile?.workPlace).toBe("ООО «Ромашка»");
    const again = await sec.form(`/students/${a2}/parents`, parent);
    expect(again.status).toBe(422);
    expect(again.text).toContain("Всё равно создать");

    // The math teacher is also a parent of two children (5А and 5Б).
    const teacher = s.users.teacherMath.personId;
    for (const st of [s.students.studentA1!, s.students.studentB1!])
      expect((await sec.form(`/students/${st.studentId}/parents/link`, { personId: teacher, relation: "FATHER" })).status).toBe(302);
    expect(await prisma.parentLink.count({ where: { parentId: teacher } })).toBe(2);
    const dupLink = await sec.form(`/students/${s.students.studentA1!.studentId}/parents/link`, { personId: teacher, relation: "FATHER" });
    expect(dupLink.status).toBe(422);
    expect(dupLink.text).toContain("уже указан родителем");
    const card = await sec.get(`/students/parents/${teacher}`);
    expect(card.status).toBe(200);
    expect(card.text).toContain("сотрудник школы");
    expect(card.text).toContain("Алексеева Дарья Игоревна");

    // The class teacher of 5А edits the parent card of a 5А family, not of a 5Б-only one.
    const ct = await as(s.users.teacherRussian);
    const card2 = { ...parent, phone: "+7 902 000-00-00" };
    expect((await ct.form(`/students/parents/${link.parentId}`, card2)).status).toBe(302);
    expect((await prisma.person.findUniqueOrThrow({ where: { id: link.parentId } })).phone).toBe("+7 902 000-00-00");
    const b1Only = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Чужой", firstName: "Родитель" } });
    await prisma.parentLink.create({ data: { schoolId: s.schoolId, parentId: b1Only.id, studentId: s.students.studentB1!.studentId, relation: "OTHER" } });
    expect((await ct.get(`/students/parents/${b1Only.id}`)).status).toBe(404);
    expect((await ct.form(`/students/parents/${b1Only.id}`, { ...parent, lastName: "Взлом" })).status).toBe(404);
    expect((await prisma.person.findUniqueOrThrow({ where: { id: b1Only.id } })).lastName).toBe("Чужой");
  });
});

describe("the personal-data change log (R-REG-6)", () => {
  it("records who, when, field, old → new, and the administrator filters it; the deputy has no access", async () => {
    const s = await buildSchool();
    const ct = await as(s.users.teacherRussian);
    const a1 = s.students.studentA1!;
    await ct.form(`/students/${a1.studentId}`, MAIN_FORM);
    await ct.form(`/students/${a1.studentId}`, { ...MAIN_FORM, registrationAddress: "г. Тверь, ул. Старая, д. 2" });
    await (await as(s.users.medic)).form(`/students/${a1.studentId}/medical`, { healthGroup: "III", peGroup: "специальная" });

    const rows = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "person", entityId: String(a1.personId) }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      actorId: s.users.teacherRussian.userId,
      action: "update",
      oldValue: { registrationAddress: "г. Тверь, ул. Новая, д. 1" },
      newValue: { registrationAddress: "г. Тверь, ул. Старая, д. 2" },
    });

    const admin = await as(s.users.admin);
    const page = await admin.get("/students/changes?field=registrationAddress");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Алексеев Артём Игоревич");
    expect(page.text).toContain("г. Тверь, ул. Старая, д. 2");
    expect(page.text.slice(page.text.indexOf("<tbody>"))).toContain("Адрес регистрации");
    const body = (t: string) => t.slice(t.indexOf("<tbody>"));
    expect(body(page.text)).not.toContain("Группа здоровья");
    const med = await admin.get(`/students/changes?section=student-medical&person=${encodeURIComponent("Алексеев Артём")}`);
    expect(body(med.text)).toContain("Группа здоровья");
    expect(body(med.text)).toContain("специальная");
    expect(body(med.text)).not.toContain("Адрес регистрации");
    const none = await admin.get(`/students/changes?actor=${encodeURIComponent(s.users.medic.login)}&section=person`);
    expect(none.text).toContain("Записей нет");
    const bad = await admin.get("/students/changes?from=2026-12-01&to=2026-11-01");
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Начало периода позже его конца");
    for (const who of ["deputy", "secretary", "teacherRussian"] as const) expect((await (await as(s.users[who])).get("/students/changes")).status).toBe(403);
  });
});
