import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { hrReport } from "../../src/modules/staff/staff.report.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as, signIn } from "../support/http.ts";
import { getBinary, pdfText, squash } from "../movement/pdf-helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Fixed dates of the fixture school (a student who left on 01.10, a dismissal on 20.11, lessons of the past weeks)
// are in the past: on a school day of the 2nd quarter (tests/support/use-clock.ts).
useMidQuarterDay();

const hireForm = {
  lastName: "Кузнецова",
  firstName: "Ольга",
  middleName: "Петровна",
  birthDate: "1975-04-10",
  sex: "FEMALE",
  phone: "+7 900 123-45-67",
  email: "",
  personnelNumber: "115",
  serviceSince: "1998-09-01",
  teachingSince: "2000-09-01",
  position: "Учитель биологии",
  rate: "1,5",
  orderNumber: "45-к",
  orderDate: "2026-08-25",
  date: "2026-09-01",
};

describe("personnel register (R-REG-5, R-ACL-3)", () => {
  it("HR hires, fills the card sections and transfers a staff member", async () => {
    const s = await buildSchool();
    const hr = await as(s.users.hr);
    let res = await hr.form("/staff", hireForm);
    expect(res.status).toBe(302);
    const staff = await prisma.staff.findFirstOrThrow({
      where: { schoolId: s.schoolId, person: { lastName: "Кузнецова" } },
      include: { positions: true, events: true },
    });
    expect(staff.positions.map((p) => [p.title, Number(p.rate)])).toEqual([["Учитель биологии", 1.5]]);
    expect(staff.events[0]).toMatchObject({ kind: "HIRE", orderNumber: "45-к" });

    res = await hr.form(`/staff/${staff.id}/sections/education`, {
      level: "HIGHER",
      institution: "ТГПУ им. Л. Н. Толстого",
      graduationYear: "1998",
      speciality: "Биология",
    });
    expect(res.status).toBe(302);
    res = await hr.form(`/staff/${staff.id}/sections/qualification`, {
      category: "HIGHEST",
      assignedAt: "2024-03-01",
      validUntil: "2029-03-01",
      orderNumber: "12",
    });
    expect(res.status).toBe(302);
    res = await hr.form(`/staff/${staff.id}/sections/training`, { course: "ФГОС ООО", hours: "72", fromDate: "2026-10-01", toDate: "2026-09-01" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Дата окончания раньше даты начала");
    res = await hr.form(`/staff/${staff.id}/sections/training`, { course: "ФГОС ООО", hours: "72", fromDate: "2026-10-01", toDate: "2026-10-20" });
    expect(res.status).toBe(302);
    await hr.form(`/staff/${staff.id}/sections/award`, { title: "Почётная грамота Минпросвещения", date: "2020-10-05" });
    await hr.form(`/staff/${staff.id}/sections/methodical`, { date: "2026-11-11", title: "Открытый урок «Клетка»" });
    res = await hr.form(`/staff/${staff.id}/transfer`, {
      orderNumber: "60-к",
      orderDate: "2026-11-01",
      date: "2026-11-02",
      position: "Заместитель директора по УВР",
      rate: "1",
    });
    expect(res.status).toBe(302);

    const card = await hr.get(`/staff/${staff.id}`);
    expect(card.status).toBe(200);
    for (const text of [
      "ТГПУ им. Л. Н. Толстого",
      "Высшая",
      "ФГОС ООО",
      "Почётная грамота",
      "Открытый урок",
      "№ 60-к от 01.11.2026",
      "Заместитель директора по УВР",
    ])
      expect(card.text).toContain(text);
    const pdf = await getBinary(hr, `/staff/${staff.id}/card.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    const text = await pdfText(pdf.body as Buffer);
    for (const t of ["Личная карточка работника", "Кузнецова Ольга Петровна", "ТГПУ им. Л. Н. Толстого", "№ 45-к от 25.08.2026", "ФГОС ООО"])
      expect(text).toContain(squash(t));
    const positions = await prisma.staffPosition.findMany({ where: { staffId: staff.id }, orderBy: { id: "asc" } });
    expect(positions.map((p) => [p.title, p.toDate?.toISOString().slice(0, 10) ?? null])).toEqual([
      ["Учитель биологии", "2026-11-01"],
      ["Заместитель директора по УВР", null],
    ]);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: { startsWith: "staff" } } })).toBeGreaterThanOrEqual(6);

    // bad input keeps the typed values
    res = await hr.form("/staff", { ...hireForm, lastName: "Кузнецова", rate: "три" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Укажите число");
    res = await hr.form("/staff", hireForm);
    expect(res.status).toBe(422);
    expect(res.text).toContain("Сотрудник с такими ФИО и датой рождения уже есть");
  });

  it("full staff files are visible only to the administrator and HR", async () => {
    const s = await buildSchool();
    const staff = await prisma.staff.findFirstOrThrow({ where: { personId: s.users.teacherMath.personId } });
    for (const u of [s.users.admin, s.users.hr]) {
      const agent = await as(u);
      expect((await agent.get("/staff")).status).toBe(200);
      expect((await agent.get(`/staff/${staff.id}`)).status).toBe(200);
      expect((await agent.get("/staff/reports")).status).toBe(200);
    }
    for (const u of [s.users.deputy, s.users.teacherMath, s.users.secretary, s.users.parentAlekseev, s.users.studentA1]) {
      const agent = await as(u);
      expect((await agent.get("/staff")).status).toBe(403);
      expect((await agent.get(`/staff/${staff.id}`)).status).toBe(403);
      expect((await agent.get("/staff/reports")).status).toBe(403);
      expect((await agent.form(`/staff/${staff.id}/general`, { lastName: "Взлом" })).status).toBe(403);
    }
    expect((await prisma.person.findUniqueOrThrow({ where: { id: s.users.teacherMath.personId } })).lastName).toBe("Математиков");
    // another school's card is not found
    const other = await buildSchool();
    const otherStaff = await prisma.staff.findFirstOrThrow({ where: { personId: other.users.teacherMath.personId } });
    expect((await (await as(s.users.hr)).get(`/staff/${otherStaff.id}`)).status).toBe(404);
  });

  it("dismissal moves the person to the dismissed register, blocks the login and ends sessions", async () => {
    const s = await buildSchool();
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get("/")).status).toBe(200);
    const staff = await prisma.staff.findFirstOrThrow({ where: { personId: s.users.teacherMath.personId } });
    const hr = await as(s.users.hr);
    let res = await hr.form(`/staff/${staff.id}/dismiss`, { orderNumber: "70-к", orderDate: "2026-11-20", date: "2026-11-20", reason: "" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Заполните поле");
    res = await hr.form(`/staff/${staff.id}/dismiss`, { orderNumber: "70-к", orderDate: "2026-11-20", date: "2026-11-20", reason: "По собственному желанию" });
    expect(res.status).toBe(302);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.teacherMath.userId } })).blocked).toBe(true);
    // the open session is gone, and a new login is refused
    const after = await teacher.get("/journal");
    expect(after.status).toBe(302);
    await expect(signIn(s.users.teacherMath.login, s.users.teacherMath.password)).rejects.toThrow();
    const dismissed = await hr.get("/staff?dismissed=1");
    expect(dismissed.text).toContain("Математиков");
    expect(dismissed.text).toContain("По собственному желанию");
    expect((await hr.get("/staff")).text).not.toContain("Математиков Пётр");
    // HR cannot dismiss oneself
    const own = await prisma.staff.findFirstOrThrow({ where: { personId: s.users.hr.personId } });
    res = await hr.form(`/staff/${own.id}/dismiss`, { orderNumber: "71-к", orderDate: "2026-11-20", date: "2026-11-20", reason: "проверка" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Нельзя уволить самого себя");
  });

  it("HR reports count by position, category, education, age and service", async () => {
    const s = await buildSchool();
    const ctxStaff = await prisma.staff.findMany({ where: { schoolId: s.schoolId } });
    const math = ctxStaff.find((x) => x.personId === s.users.teacherMath.personId)!;
    const rus = ctxStaff.find((x) => x.personId === s.users.teacherRussian.personId)!;
    await prisma.staffPosition.createMany({
      data: [
        { schoolId: s.schoolId, staffId: math.id, title: "Учитель математики", rate: 1, fromDate: d("2020-09-01") },
        { schoolId: s.schoolId, staffId: rus.id, title: "Учитель русского языка", rate: 1.5, fromDate: d("2020-09-01") },
        { schoolId: s.schoolId, staffId: rus.id, title: "Учитель математики", rate: 0.5, fromDate: d("2020-09-01"), toDate: d("2025-05-31") },
      ],
    });
    await prisma.staffQualification.create({
      data: { schoolId: s.schoolId, staffId: math.id, category: "FIRST", assignedAt: d("2023-01-01"), validUntil: d("2028-01-01") },
    });
    await prisma.staffQualification.create({
      data: { schoolId: s.schoolId, staffId: rus.id, category: "HIGHEST", assignedAt: d("2019-01-01"), validUntil: d("2024-01-01") },
    });
    await prisma.staffEducation.createMany({
      data: [
        { schoolId: s.schoolId, staffId: math.id, level: "SECONDARY_PROF", institution: "Колледж", graduationYear: 2000 },
        { schoolId: s.schoolId, staffId: math.id, level: "HIGHER", institution: "Университет", graduationYear: 2005 },
      ],
    });
    await prisma.staff.update({ where: { id: math.id }, data: { serviceSince: d("2005-09-01"), teachingSince: d("2016-09-01") } });
    await prisma.person.update({ where: { id: s.users.teacherRussian.personId }, data: { birthDate: d("1999-01-01") } });
    const r = await hrReport(s.schoolId, d("2026-11-23"));
    expect(r.total).toBe(10);
    expect(r.byPosition).toEqual([
      { label: "Учитель математики", count: 1, rate: 1 },
      { label: "Учитель русского языка", count: 1, rate: 1.5 },
    ]);
    expect(r.byCategory.find((l) => l.label === "Первая")!.count).toBe(1);
    expect(r.byCategory.find((l) => l.label === "Высшая")!.count).toBe(0);
    expect(r.byCategory.find((l) => l.label === "Без категории")!.count).toBe(9);
    expect(r.byEducation.find((l) => l.label === "Высшее")!.count).toBe(1);
    expect(r.byEducation.find((l) => l.label === "Среднее профессиональное")!.count).toBe(0);
    expect(r.byAge.find((l) => l.label === "до 30 лет")!.count).toBe(1);
    expect(r.byAge.find((l) => l.label === "40–49 лет")!.count).toBe(9); // born 1980-03-15: 46
    expect(r.byService.find((l) => l.label === "20 лет и более")!.count).toBe(1);
    expect(r.byTeaching.find((l) => l.label === "от 10 до 20 лет")!.count).toBe(1);
    const pdf = await (await as(s.users.hr)).get("/staff/reports.pdf?on=2026-11-23");
    expect(pdf.headers["content-type"]).toContain("application/pdf");
  });
});
