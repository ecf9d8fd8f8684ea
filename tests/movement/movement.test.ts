import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { applyMovementOrder } from "../../src/modules/movement/movement.service.ts";
import { movementReport } from "../../src/modules/movement/movement.report.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pdfText, squash } from "./pdf-helpers.ts";

const activeOn = (day: Date) => ({ fromDate: { lte: day }, OR: [{ toDate: null }, { toDate: { gte: day } }] });

async function classOn(studentId: number, day: Date): Promise<number | null> {
  const m = await prisma.classMembership.findFirst({ where: { studentId, ...activeOn(day) } });
  return m?.classId ?? null;
}

describe("movement book (R-REG-3..4)", () => {
  it("a transfer changes membership from its date and keeps history before it", async () => {
    const s = await buildSchool();
    const a1 = s.students.studentA1!.studentId;
    // a subgroup membership in 5А is closed too
    const group = await prisma.subgroup.create({
      data: { schoolId: s.schoolId, classId: s.classes["5А"]!.id, subjectId: s.subjects.english.id, name: "1 группа" },
    });
    await prisma.subgroupMembership.create({ data: { schoolId: s.schoolId, subgroupId: group.id, studentId: a1, fromDate: d("2026-09-01") } });
    const agent = await as(s.users.secretary);
    const res = await agent.form("/movement", {
      kind: "TRANSFER",
      number: "12-у",
      orderDate: "2026-11-09",
      effectiveDate: "2026-11-10",
      studentId: String(a1),
      toClassId: String(s.classes["5Б"]!.id),
    });
    expect(res.status).toBe(302);
    expect(await classOn(a1, d("2026-11-09"))).toBe(s.classes["5А"]!.id);
    expect(await classOn(a1, d("2026-10-01"))).toBe(s.classes["5А"]!.id);
    expect(await classOn(a1, d("2026-11-10"))).toBe(s.classes["5Б"]!.id);
    const ms = await prisma.classMembership.findMany({ where: { studentId: a1 }, orderBy: { fromDate: "asc" } });
    expect(ms.map((m) => [m.classId, m.fromDate.toISOString().slice(0, 10), m.toDate?.toISOString().slice(0, 10) ?? null])).toEqual([
      [s.classes["5А"]!.id, "2026-09-01", "2026-11-09"],
      [s.classes["5Б"]!.id, "2026-11-10", null],
    ]);
    const sg = await prisma.subgroupMembership.findFirstOrThrow({ where: { studentId: a1 } });
    expect(sg.toDate?.toISOString().slice(0, 10)).toBe("2026-11-09");
    const order = await prisma.movementOrder.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    expect(order).toMatchObject({ kind: "TRANSFER", number: "12-у", fromClassId: s.classes["5А"]!.id, toClassId: s.classes["5Б"]!.id });
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "movement-order", entityId: String(order.id), action: "create" } })).toBe(1);

    // The journal of 5А still lists the student for a lesson before the date, not after.
    const teacher = await as(s.users.teacherMath);
    const before = await prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: s.classes["5А"]!.id,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        date: d("2026-11-02"),
        number: 1,
      },
    });
    const after = await prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: s.classes["5А"]!.id,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        date: d("2026-11-16"),
        number: 1,
      },
    });
    const page = await teacher.get(`/journal/lessons/${before.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Алексеев А/);
    const pageAfter = await teacher.get(`/journal/lessons/${after.id}`);
    expect(pageAfter.status).toBe(200);
    expect(pageAfter.text).not.toMatch(/Алексеев А/);

    // The book lists the order; the PDF is a PDF.
    const book = await agent.get("/movement");
    expect(book.status).toBe(200);
    expect(book.text).toContain("№ 12-у от 09.11.2026");
    const pdf = await getBinary(agent, "/movement/book.pdf");
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    const text = await pdfText(pdf.body as Buffer);
    for (const t of ["Книга движения учащихся", "№ 12-у от 09.11.2026", "Алексеев Артём Игоревич", "Перевод в другой класс"]) expect(text).toContain(squash(t));
  });

  it("withdrawal to another school needs that school's enrolment order (R-REG-4)", async () => {
    const s = await buildSchool();
    const a2 = s.students.studentA2!.studentId;
    const agent = await as(s.users.secretary);
    const form = {
      kind: "WITHDRAW",
      number: "15-в",
      orderDate: "2026-12-01",
      effectiveDate: "2026-12-02",
      studentId: String(a2),
      reason: "TO_SCHOOL",
      destSchool: "МБОУ СОШ № 7 г. Тулы",
    };
    let res = await agent.form("/movement", form);
    expect(res.status).toBe(422);
    expect(res.text).toContain("Укажите номер приказа о зачислении в другой школе");
    expect(res.text).toContain("Укажите дату приказа о зачислении в другой школе");
    expect(res.text).toContain('value="МБОУ СОШ № 7 г. Тулы"');
    expect(await prisma.movementOrder.count({ where: { schoolId: s.schoolId } })).toBe(0);
    expect(await classOn(a2, d("2026-12-05"))).toBe(s.classes["5А"]!.id);

    res = await agent.form("/movement", { ...form, destOrderNumber: "301", destOrderDate: "2026-11-30" });
    expect(res.status).toBe(302);
    expect(await classOn(a2, d("2026-12-01"))).toBe(s.classes["5А"]!.id);
    expect(await classOn(a2, d("2026-12-02"))).toBeNull();
  });

  it.each([
    ["a date outside the year", { kind: "TRANSFER", effectiveDate: "2027-07-01", who: "studentA1", to: "5Б" }, "Дата вне учебного года 2026/2027"],
    ["a student already in the target class", { kind: "TRANSFER", effectiveDate: "2026-11-10", who: "studentA1", to: "5А" }, "Ученик уже в классе 5А"],
    ["enrolment of a student who is in a class", { kind: "ENROL", effectiveDate: "2026-11-10", who: "studentA1", to: "5А" }, "Ученик уже в классе 5А"],
    ["withdrawal without a reason", { kind: "WITHDRAW", effectiveDate: "2026-11-10", who: "studentA1", to: "" }, "Выберите причину"],
  ])("refuses %s with a message beside the field", async (_name, c, message) => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    const who = s.students[c.who as "studentA1"]!.studentId;
    const res = await agent.form("/movement", {
      kind: c.kind,
      number: "1",
      orderDate: "2026-11-01",
      effectiveDate: c.effectiveDate,
      studentId: String(who),
      toClassId: c.to ? String(s.classes[c.to as "5А"]!.id) : "",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(await prisma.movementOrder.count({ where: { schoolId: s.schoolId } })).toBe(0);
  });

  it("refuses a transfer of a student who is in no class, and enrols a new student", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.secretary);
    const p = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Новиков", firstName: "Никита", birthDate: d("2015-02-02") } });
    const st = await prisma.student.create({ data: { schoolId: s.schoolId, personId: p.id } });
    let res = await agent.form("/movement", {
      kind: "TRANSFER",
      number: "2",
      orderDate: "2026-11-01",
      effectiveDate: "2026-11-02",
      studentId: String(st.id),
      toClassId: String(s.classes["5Б"]!.id),
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Ученик на эту дату не числится ни в одном классе");

    res = await agent.form("/movement", {
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
      newBirthDate: "2015-05-05",
      newSex: "MALE",
    });
    expect(res.status).toBe(302);
    const petrov = await prisma.student.findFirstOrThrow({ where: { schoolId: s.schoolId, person: { lastName: "Петров" } } });
    expect(await classOn(petrov.id, d("2026-11-02"))).toBe(s.classes["5Б"]!.id);
    expect(await classOn(petrov.id, d("2026-11-01"))).toBeNull();

    // the same new student again is a duplicate
    res = await agent.form("/movement", {
      kind: "ENROL",
      number: "4",
      orderDate: "2026-11-01",
      effectiveDate: "2026-11-02",
      studentId: "",
      toClassId: String(s.classes["5А"]!.id),
      newLastName: "Петров",
      newFirstName: "Пётр",
      newBirthDate: "05.05.2015",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Ученик с такими ФИО и датой рождения уже есть");
  });

  it("only the administrator cancels an order, with a logged reason, and the membership comes back", async () => {
    const s = await buildSchool();
    const a1 = s.students.studentA1!.studentId;
    const secretary = await as(s.users.secretary);
    await secretary.form("/movement", {
      kind: "TRANSFER",
      number: "20",
      orderDate: "2026-11-09",
      effectiveDate: "2026-11-10",
      studentId: String(a1),
      toClassId: String(s.classes["5Б"]!.id),
    });
    const order = await prisma.movementOrder.findFirstOrThrow({ where: { schoolId: s.schoolId } });

    let res = await secretary.form(`/movement/${order.id}/cancel`, { cancelReason: "ошибка" });
    expect(res.status).toBe(403);
    const admin = await as(s.users.admin);
    res = await admin.form(`/movement/${order.id}/cancel`, { cancelReason: "" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Заполните поле");

    res = await admin.form(`/movement/${order.id}/correct`, { number: "20-у", orderDate: "2026-11-09", why: "опечатка в номере" });
    expect(res.status).toBe(302);
    expect((await prisma.movementOrder.findUniqueOrThrow({ where: { id: order.id } })).number).toBe("20-у");

    res = await admin.form(`/movement/${order.id}/cancel`, { cancelReason: "Приказ издан ошибочно" });
    expect(res.status).toBe(302);
    const ms = await prisma.classMembership.findMany({ where: { studentId: a1 } });
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ classId: s.classes["5А"]!.id, toDate: null });
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "movement-order", action: "cancel" } });
    expect(log.reason).toBe("Приказ издан ошибочно");
    expect((await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "movement-order", action: "correct" } })).reason).toBe(
      "опечатка в номере",
    );
    expect((await admin.get("/movement")).text).toContain("отменён");
  });

  it("an earlier order cannot be cancelled while a later one stands", async () => {
    const s = await buildSchool();
    const a1 = s.students.studentA1!.studentId;
    const ctx = { schoolId: s.schoolId, actorId: s.users.admin.userId };
    const first = await prisma.$transaction((tx) =>
      applyMovementOrder(tx, ctx, {
        kind: "TRANSFER",
        number: "1",
        orderDate: d("2026-10-01"),
        effectiveDate: d("2026-10-02"),
        studentId: a1,
        toClassId: s.classes["5Б"]!.id,
      }),
    );
    await prisma.$transaction((tx) =>
      applyMovementOrder(tx, ctx, {
        kind: "TRANSFER",
        number: "2",
        orderDate: d("2026-11-01"),
        effectiveDate: d("2026-11-02"),
        studentId: a1,
        toClassId: s.classes["5А"]!.id,
      }),
    );
    // an order dated before the latest one is refused too
    await expect(
      prisma.$transaction((tx) =>
        applyMovementOrder(tx, ctx, {
          kind: "WITHDRAW",
          number: "3",
          orderDate: d("2026-10-15"),
          effectiveDate: d("2026-10-15"),
          studentId: a1,
          reason: "OTHER",
        }),
      ),
    ).rejects.toThrow();
    const admin = await as(s.users.admin);
    const res = await admin.form(`/movement/${first.id}/cancel`, { cancelReason: "проверка" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Отменить можно только последний приказ ученика");
  });

  it("the movement report counts arrivals, departures and headcounts per class", async () => {
    const s = await buildSchool();
    const ctx = { schoolId: s.schoolId, actorId: s.users.admin.userId };
    const p = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Иванов", firstName: "Иван", birthDate: d("2015-01-01") } });
    const newcomer = await prisma.student.create({ data: { schoolId: s.schoolId, personId: p.id } });
    await prisma.$transaction(async (tx) => {
      // 5А: A1 → 5Б (10.11), A2 withdrawn to another school (20.11); 5Б: newcomer enrolled (15.11); B1 graduates? no — B1 moves to 5А on 05.12 (outside the period)
      await applyMovementOrder(tx, ctx, {
        kind: "TRANSFER",
        number: "1",
        orderDate: d("2026-11-09"),
        effectiveDate: d("2026-11-10"),
        studentId: s.students.studentA1!.studentId,
        toClassId: s.classes["5Б"]!.id,
      });
      await applyMovementOrder(tx, ctx, {
        kind: "ENROL",
        number: "2",
        orderDate: d("2026-11-14"),
        effectiveDate: d("2026-11-15"),
        studentId: newcomer.id,
        toClassId: s.classes["5Б"]!.id,
        reason: "FROM_SCHOOL",
      });
      await applyMovementOrder(tx, ctx, {
        kind: "WITHDRAW",
        number: "3",
        orderDate: d("2026-11-19"),
        effectiveDate: d("2026-11-20"),
        studentId: s.students.studentA2!.studentId,
        reason: "TO_SCHOOL",
        destSchool: "Лицей № 2",
        destOrderNumber: "77",
        destOrderDate: d("2026-11-18"),
      });
      await applyMovementOrder(tx, ctx, {
        kind: "TRANSFER",
        number: "4",
        orderDate: d("2026-12-04"),
        effectiveDate: d("2026-12-05"),
        studentId: s.students.studentB1!.studentId,
        toClassId: s.classes["5А"]!.id,
      });
    });
    const r = await movementReport(s.schoolId, s.year.id, d("2026-11-01"), d("2026-11-30"));
    const a = r.rows.find((x) => x.className === "5А")!;
    const b = r.rows.find((x) => x.className === "5Б")!;
    expect(a).toMatchObject({ atStart: 2, enrolled: 0, fromClasses: 0, toClasses: 1, graduated: 0, departed: 2, atEnd: 0 });
    expect(a.withdrawn.TO_SCHOOL).toBe(1);
    expect(b).toMatchObject({ atStart: 1, enrolled: 1, fromClasses: 1, arrived: 2, departed: 0, atEnd: 3 });
    expect(r.total).toMatchObject({ atStart: 3, arrived: 2, departed: 2, atEnd: 3 });
    expect(r.reasons).toEqual(["TO_SCHOOL"]);

    const agent = await as(s.users.deputy);
    const page = await agent.get(`/movement/report?year=${s.year.id}&from=2026-11-01&to=2026-11-30`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Перевод в другую образовательную организацию");
    const pdf = await getBinary(agent, `/movement/report.pdf?year=${s.year.id}&from=2026-11-01&to=2026-11-30`);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    expect(await pdfText(pdf.body as Buffer)).toContain(squash("Отчёт о движении учащихся"));
    // filters: by kind and class
    const book = await agent.get(`/movement?year=${s.year.id}&from=2026-11-01&to=2026-12-31&kind=WITHDRAW`);
    expect(book.text).toContain("Лицей № 2");
    expect(book.text).not.toContain("№ 1 от 09.11.2026");
  });

  it("promotion and graduation through the service API (used by the year closing)", async () => {
    const s = await buildSchool();
    const ctx = { schoolId: s.schoolId, actorId: s.users.admin.userId };
    const next = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") } });
    const c6 = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: next.id, grade: 6, letter: "А" } });
    const a1 = s.students.studentA1!.studentId;
    const b1 = s.students.studentB1!.studentId;
    // a class of the same year is not a promotion
    await expect(
      prisma.$transaction((tx) =>
        applyMovementOrder(tx, ctx, {
          kind: "PROMOTE",
          number: "П-1",
          orderDate: d("2027-05-30"),
          effectiveDate: d("2027-05-31"),
          studentId: a1,
          toClassId: s.classes["5Б"]!.id,
        }),
      ),
    ).rejects.toMatchObject({ fields: { toClassId: "Перевод в следующий класс: выберите класс следующего учебного года" } });
    await prisma.$transaction(async (tx) => {
      await applyMovementOrder(tx, ctx, {
        kind: "PROMOTE",
        number: "П-1",
        orderDate: d("2027-05-30"),
        effectiveDate: d("2027-09-01"),
        studentId: a1,
        toClassId: c6.id,
      });
      await applyMovementOrder(tx, ctx, { kind: "GRADUATE", number: "В-1", orderDate: d("2027-06-20"), effectiveDate: d("2027-06-21"), studentId: b1 });
    });
    expect(await classOn(a1, d("2027-05-31"))).toBe(s.classes["5А"]!.id);
    expect(await classOn(a1, d("2027-09-01"))).toBe(c6.id);
    expect(await classOn(b1, d("2027-06-20"))).toBe(s.classes["5Б"]!.id);
    expect(await classOn(b1, d("2027-06-21"))).toBeNull();
    const orders = await prisma.movementOrder.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } });
    expect(orders.map((o) => [o.kind, o.fromClassId, o.toClassId, o.yearId])).toEqual([
      ["PROMOTE", s.classes["5А"]!.id, c6.id, next.id],
      ["GRADUATE", s.classes["5Б"]!.id, null, s.year.id],
    ]);
    const r = await movementReport(s.schoolId, s.year.id, d("2026-09-01"), d("2027-08-31"));
    expect(r.rows.find((x) => x.className === "5Б")).toMatchObject({ graduated: 1, atEnd: 0 });
  });

  it("teachers, parents and students have no access to the book", async () => {
    const s = await buildSchool();
    for (const u of [s.users.teacherMath, s.users.parentAlekseev, s.users.studentA1, s.users.hr]) {
      const agent = await as(u);
      expect((await agent.get("/movement")).status).toBe(403);
      expect((await agent.form("/movement", { kind: "ENROL" })).status).toBe(403);
    }
  });
});
