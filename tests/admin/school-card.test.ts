/** The institution card (R-REG-9, 002 §4) on /admin/school/card, and its letterhead on printed documents. */
import { describe, expect, it } from "vitest";
import { isValidInn10, isValidOgrn, isValidOkpo } from "../../src/modules/admin/card.schemas.ts";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pdfPages, squash } from "../support/pdf.ts";

const card = {
  name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 7»",
  shortName: "МБОУ СШ № 7",
  address: "123456, г. Энск, ул. Школьная, д. 7",
  postalAddress: "",
  inn: "7719123452",
  kpp: "771901001",
  ogrn: "1027700123450",
  okpo: "51234567",
  directorPersonId: "",
  directorName: "Иванов Иван Иванович",
  licenseNumber: "Л035-01298-77/00123456",
  licenseDate: "2016-03-01",
  licenseIssuer: "Департамент образования",
  accreditationNumber: "А007-01298-77/01234567",
  accreditationDate: "2016-05-20",
  accreditationValidUntil: "",
  phone: "+7 (495) 123-45-67",
  email: "school7@example.ru",
  website: "https://school7.example.ru",
};

const schoolRow = (id: number) => prisma.school.findUniqueOrThrow({ where: { id } });

describe("control digits of the legal details", () => {
  it.each([
    ["7707083893", true],
    ["7707083894", false],
    ["770708389", false],
  ])("ИНН %s → %s", (v, ok) => expect(isValidInn10(v)).toBe(ok));
  it.each([
    ["1027700132195", true],
    ["1027700132196", false],
  ])("ОГРН %s → %s", (v, ok) => expect(isValidOgrn(v)).toBe(ok));
  it.each([
    ["00032537", true],
    ["00032538", false],
  ])("ОКПО %s → %s", (v, ok) => expect(isValidOkpo(v)).toBe(ok));
});

describe("the institution card (/admin/school/card)", () => {
  it("the administrator saves the card; the changed fields are audited old → new", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    expect((await admin.get("/admin/school/card")).text).toContain("Карточка учреждения");
    const res = await admin.form("/admin/school/card", card);
    expect(res.status).toBe(302);
    const row = await schoolRow(s.schoolId);
    expect(row).toMatchObject({ inn: "7719123452", ogrn: "1027700123450", directorName: "Иванов Иван Иванович", postalAddress: null });
    expect(row.licenseDate?.toISOString().slice(0, 10)).toBe("2016-03-01");
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "school-card" } });
    expect(log.oldValue).toMatchObject({ inn: null, licenseDate: null });
    expect(log.newValue).toMatchObject({ inn: "7719123452", licenseDate: "2016-03-01" });
    const page = await admin.get("/admin/school/card");
    expect(page.text).toContain('value="1027700123450"');
  });

  it.each([
    ["inn", "7719123453", "ИНН не прошёл проверку контрольной цифры"],
    ["inn", "77191234", "ИНН организации — 10 цифр"],
    ["ogrn", "1027700123451", "ОГРН не прошёл проверку контрольной цифры"],
    ["kpp", "77190100", "КПП — 9 знаков"],
    ["okpo", "51234568", "ОКПО не прошёл проверку контрольной цифры"],
    ["email", "school7@", "Адрес электронной почты"],
    ["licenseDate", "2099-01-01", "Дата не может быть позже сегодняшней"],
    ["accreditationValidUntil", "2016-05-19", "Срок действия должен быть позже даты выдачи"],
  ])("a bad %s (%s) is refused beside the field with the typed values kept, nothing saved", async (field, value, message) => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const res = await admin.form("/admin/school/card", { ...card, [field]: value });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`id="f-${field}-error"`);
    expect(res.text).toContain(`value="${value}"`);
    expect((await schoolRow(s.schoolId)).inn).toBeNull();
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "school-card" } })).toBe(0);
  });

  it("a director from another school is refused (crafted id); a staff person of the school is kept", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const admin = await as(s.users.admin);
    const bad = await admin.form("/admin/school/card", { ...card, directorName: "", directorPersonId: String(other.users.admin.personId) });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Выберите директора из списка работников");
    expect((await schoolRow(s.schoolId)).directorPersonId).toBeNull();
    const ok = await admin.form("/admin/school/card", { ...card, directorName: "", directorPersonId: String(s.users.deputy.personId) });
    expect(ok.status).toBe(302);
    expect((await schoolRow(s.schoolId)).directorPersonId).toBe(s.users.deputy.personId);
  });

  it.each(["deputy", "teacherMath", "secretary", "hr", "parentAlekseev"] as const)("%s may neither see nor save the card", async (who) => {
    const s = await buildSchool();
    const agent = await as(s.users[who]);
    expect((await agent.get("/admin/school/card")).status).toBe(403);
    const page = await agent.get("/");
    agent.token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? /name="csrf-token" content="([^"]+)"/.exec(page.text)![1]!;
    expect((await agent.form("/admin/school/card", card)).status).toBe(403);
    expect((await schoolRow(s.schoolId)).inn).toBeNull();
  });

  it("a printed document's header shows the full name and the details line (address, phone, ИНН)", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    expect((await admin.form("/admin/school/card", card)).status).toBe(302);
    const pdf = await getBinary(admin, "/staff/reports.pdf");
    expect(pdf.status).toBe(200);
    const [first] = await pdfPages(pdf.body as Buffer);
    expect(first).toContain(squash(card.name));
    expect(first).toContain(squash(`Адрес: ${card.address}; тел. ${card.phone}; ИНН ${card.inn}`));
  });
});
