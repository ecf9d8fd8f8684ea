import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { COLUMNS, type Kind } from "../../src/modules/imports/imports.columns.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as, type Agent } from "../support/http.ts";

async function xlsx(kind: Kind, rows: Record<string, unknown>[], drop: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Лист1");
  const cols = COLUMNS[kind].filter((c) => !drop.includes(c.key));
  ws.addRow(cols.map((c) => c.title));
  for (const r of rows) ws.addRow(cols.map((c) => r[c.key] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(agent: Agent, kind: Kind, data: Buffer, name = "file.xlsx") {
  const res = await agent.post("/imports/upload").field("_csrf", agent.token).field("kind", kind).attach("file", data, name);
  return res;
}

async function uploadAndPreview(agent: Agent, kind: Kind, data: Buffer) {
  const res = await upload(agent, kind, data);
  expect(res.status).toBe(302);
  const url = res.headers.location!;
  return { url, page: await agent.get(url) };
}

async function counts(s: TestSchool) {
  const where = { schoolId: s.schoolId };
  return {
    persons: await prisma.person.count({ where }),
    students: await prisma.student.count({ where }),
    staff: await prisma.staff.count({ where }),
    memberships: await prisma.classMembership.count({ where }),
    links: await prisma.parentLink.count({ where }),
    profiles: await prisma.personProfile.count({ where }),
    positions: await prisma.staffPosition.count({ where }),
    orders: await prisma.movementOrder.count({ where }),
    audit: await prisma.auditLog.count({ where: { ...where, entity: { not: "import" } } }),
  };
}

const student = (over: Record<string, unknown> = {}) => ({
  lastName: "Сидоров",
  firstName: "Семён",
  middleName: "Сергеевич",
  birthDate: "03.03.2015",
  sex: "м",
  className: "5А",
  enrolDate: "10.11.2026",
  orderNumber: "200-у",
  orderDate: "09.11.2026",
  registrationAddress: "г. Тула, ул. Ленина, 1",
  docKind: "Свидетельство о рождении",
  docSeries: "II-БО",
  docNumber: "654321",
  ...over,
});

describe("spreadsheet import and export (R-REG-7)", () => {
  it("a file with errors writes nothing and lists every error with row and column", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.secretary);
    const before = await counts(s);
    const file = await xlsx("students", [
      student(),
      student({ lastName: "Орлова", firstName: "Ольга", sex: "девочка", birthDate: "31.02.2015" }),
      student({ lastName: "", firstName: "Без", className: "5Я" }),
      student({ lastName: "Петрова", firstName: "Полина", className: "5В" }),
      student({ lastName: "Новая", firstName: "Нина", orderNumber: "" }),
    ]);
    const { url, page } = await uploadAndPreview(agent, "students", file);
    expect(page.status).toBe(200);
    const text = page.text;
    expect(text).toContain("Ничего не записано");
    expect(text).toMatch(/<td class="num">3<\/td><td>Пол<\/td><td>Пол: «м» или «ж»<\/td>/);
    expect(text).toMatch(/<td class="num">3<\/td><td>Дата рождения<\/td><td>Дата в формате ДД.ММ.ГГГГ<\/td>/);
    expect(text).toMatch(/<td class="num">4<\/td><td>Фамилия<\/td><td>Не заполнено<\/td>/);
    expect(text).toMatch(/<td class="num">5<\/td><td>Класс<\/td><td>Класса 5В нет в учебном году 2026\/2027<\/td>/);
    expect(text).toMatch(/<td class="num">6<\/td><td>Номер приказа о зачислении<\/td><td>Для зачисления нужен номер приказа<\/td>/);
    expect(text).not.toContain("Подтвердить и записать");
    // confirming anyway is refused, nothing is written
    const res = await agent.form(`${url}/apply`, {});
    expect(res.status).toBe(302);
    expect(await counts(s)).toEqual(before);
    expect(await prisma.importUpload.count({ where: { schoolId: s.schoolId, appliedAt: { not: null } } })).toBe(0);
  });

  it("a valid file is written in one go, and re-importing it changes nothing", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.secretary);
    const file = await xlsx("students", [
      student(),
      student({ lastName: "Орлова", firstName: "Ольга", middleName: "", sex: "ж", className: "5Б", orderNumber: "201-у" }),
    ]);
    let { url, page } = await uploadAndPreview(agent, "students", file);
    expect(page.text).toContain("Новых: 2");
    // nothing yet
    expect(await prisma.person.count({ where: { schoolId: s.schoolId, lastName: "Сидоров" } })).toBe(0);
    const res = await agent.form(`${url}/apply`, {});
    expect(res.status).toBe(302);
    const sid = await prisma.student.findFirstOrThrow({
      where: { schoolId: s.schoolId, person: { lastName: "Сидоров" } },
      include: { person: { include: { profile: true } }, memberships: true, movementOrders: true },
    });
    expect(sid.person).toMatchObject({ sex: "MALE", birthDate: d("2015-03-03") });
    expect(sid.person.profile).toMatchObject({ registrationAddress: "г. Тула, ул. Ленина, 1", docKind: "BIRTH_CERTIFICATE", docNumber: "654321" });
    expect(sid.memberships).toHaveLength(1);
    expect(sid.memberships[0]).toMatchObject({ classId: s.classes["5А"]!.id, fromDate: d("2026-11-10"), toDate: null });
    expect(sid.movementOrders[0]).toMatchObject({ kind: "ENROL", number: "200-у" });
    // applying twice is refused
    await agent.form(`${url}/apply`, {});
    expect(await prisma.student.count({ where: { schoolId: s.schoolId, person: { lastName: "Сидоров" } } })).toBe(1);

    const before = await counts(s);
    ({ url, page } = await uploadAndPreview(agent, "students", file));
    expect(page.text).toContain("Новых: 0, с изменениями: 0, без изменений: 2");
    await agent.form(`${url}/apply`, {});
    expect(await counts(s)).toEqual(before);

    // a changed phone is an update of that field only
    ({ url, page } = await uploadAndPreview(agent, "students", await xlsx("students", [student({ phone: "+7 901 111-22-33" })])));
    expect(page.text).toContain("изменения: Телефон");
    await agent.form(`${url}/apply`, {});
    expect((await prisma.person.findUniqueOrThrow({ where: { id: sid.personId } })).phone).toBe("+7 901 111-22-33");
    // an imported enrolment is an ordinary order: the administrator can cancel it and the membership goes away
    const admin = await as(s.users.admin);
    const order = sid.movementOrders[0]!;
    expect((await admin.form(`/movement/${order.id}/cancel`, { cancelReason: "загружен по ошибке" })).status).toBe(302);
    expect(await prisma.classMembership.count({ where: { studentId: sid.id } })).toBe(0);
  });

  it("imports parents linked to existing children and staff by HR; re-import changes nothing", async () => {
    const s = await buildSchool();
    const secretary = await as(s.users.secretary);
    const parents = await xlsx("parents", [
      {
        lastName: "Борисов",
        firstName: "Борис",
        middleName: "Борисович",
        phone: "+7 902 000-00-01",
        relation: "отец",
        "child.lastName": "Борисова",
        "child.firstName": "Вера",
        "child.middleName": "Андреевна",
        "child.birthDate": "02.04.2015",
        workPlace: "Завод",
      },
      {
        lastName: "Борисов",
        firstName: "Борис",
        middleName: "Борисович",
        phone: "+7 902 000-00-01",
        relation: "отец",
        "child.lastName": "Алексеев",
        "child.firstName": "Артём",
        "child.middleName": "Игоревич",
        "child.birthDate": "02.04.2015",
      },
      {
        lastName: "Алексеев",
        firstName: "Игорь",
        middleName: "Петрович",
        birthDate: "20.01.1985",
        relation: "отец",
        "child.lastName": "Алексеева",
        "child.firstName": "Дарья",
        "child.middleName": "Игоревна",
        "child.birthDate": "02.04.2015",
      },
    ]);
    let { url, page } = await uploadAndPreview(secretary, "parents", parents);
    expect(page.text).toContain("Новых: 2, с изменениями: 0, без изменений: 1");
    await secretary.form(`${url}/apply`, {});
    const boris = await prisma.person.findMany({ where: { schoolId: s.schoolId, lastName: "Борисов" }, include: { childrenLinks: true, profile: true } });
    expect(boris).toHaveLength(1);
    expect(boris[0]!.childrenLinks).toHaveLength(2);
    expect(boris[0]!.profile?.workPlace).toBe("Завод");
    const before = await counts(s);
    ({ url, page } = await uploadAndPreview(secretary, "parents", parents));
    expect(page.text).toContain("без изменений: 3");
    await secretary.form(`${url}/apply`, {});
    expect(await counts(s)).toEqual(before);

    // the secretary may not import staff; HR may
    expect((await upload(secretary, "staff", await xlsx("staff", []))).status).toBe(403);
    const hr = await as(s.users.hr);
    expect((await upload(hr, "students", await xlsx("students", []))).status).toBe(403);
    const staff = await xlsx("staff", [
      {
        lastName: "Кузнецова",
        firstName: "Ольга",
        birthDate: "10.04.1975",
        sex: "ж",
        position: "Учитель биологии",
        rate: 1,
        hiredAt: "01.09.2026",
        orderNumber: "45-к",
        orderDate: "28.08.2026",
      },
      {
        lastName: "Математиков",
        firstName: "Пётр",
        middleName: "Ильич",
        birthDate: "15.03.1980",
        position: "Учитель математики",
        rate: 1,
        hiredAt: "01.09.2020",
        orderNumber: "1-к",
        orderDate: "28.08.2020",
        login: s.users.teacherMath.login,
        phone: "+7 903 000-00-00",
      },
    ]);
    ({ url, page } = await uploadAndPreview(hr, "staff", staff));
    expect(page.text).toContain("Новых: 1, с изменениями: 1");
    await hr.form(`${url}/apply`, {});
    const kuz = await prisma.staff.findFirstOrThrow({
      where: { schoolId: s.schoolId, person: { lastName: "Кузнецова" } },
      include: { positions: true, events: true },
    });
    expect(kuz.positions[0]).toMatchObject({ title: "Учитель биологии" });
    expect(kuz.events[0]).toMatchObject({ kind: "HIRE", orderNumber: "45-к" });
    expect((await prisma.person.findUniqueOrThrow({ where: { id: s.users.teacherMath.personId } })).phone).toBe("+7 903 000-00-00");
    const beforeStaff = await counts(s);
    ({ url, page } = await uploadAndPreview(hr, "staff", staff));
    expect(page.text).toContain("без изменений: 2");
    await hr.form(`${url}/apply`, {});
    expect(await counts(s)).toEqual(beforeStaff);
  });

  it("export round-trip: exported registers import back without changes", async () => {
    const s = await buildSchool();
    await prisma.personProfile.create({
      data: {
        schoolId: s.schoolId,
        personId: s.students.studentA1!.personId,
        actualAddress: "г. Тула, ул. Мира, 5",
        docKind: "PASSPORT",
        docIssuedAt: d("2029-01-01"),
      },
    });
    await prisma.person.update({ where: { id: s.students.studentA2!.personId }, data: { sex: "FEMALE", phone: "+7 900 555-55-55" } });
    const admin = await as(s.users.admin);
    for (const kind of ["students", "parents", "staff"] as const) {
      const exported = await admin
        .get(`/imports/export/${kind}`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => cb(null, Buffer.concat(chunks)));
        });
      expect(exported.status).toBe(200);
      expect(exported.headers["content-type"]).toContain("spreadsheetml");
      const before = await counts(s);
      const { url, page } = await uploadAndPreview(admin, kind, exported.body as Buffer);
      expect(page.text, kind).not.toContain("Ничего не записано");
      expect(page.text, kind).toMatch(/Новых: 0, с изменениями: 0/);
      await admin.form(`${url}/apply`, {});
      expect(await counts(s), kind).toEqual(before);
    }
    // templates and the class list
    const tpl = await admin.get("/imports/template/students");
    expect(tpl.status).toBe(200);
    const list = await admin.get(`/imports/class/${s.classes["5А"]!.id}`);
    expect(list.status).toBe(200);
    // the teacher and the parent have no access
    for (const u of [s.users.teacherMath, s.users.parentAlekseev, s.users.deputy]) {
      const agent = await as(u);
      expect((await agent.get("/imports")).status).toBe(403);
      expect((await agent.get("/imports/export/students")).status).toBe(403);
    }
  });
});
