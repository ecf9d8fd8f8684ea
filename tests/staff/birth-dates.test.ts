/**
 * Issue 23 in the personnel register: a staff member's birth date must give an adult (16–100 years),
 * refused with the age, the typed values kept; the card says «Общий стаж» and «Педагогический стаж»
 * as whole phrases (no dangling «с»), on the page and in the PDF.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pdfText, squash } from "../movement/pdf-helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

const hireForm = {
  lastName: "Кузнецова",
  firstName: "Ольга",
  middleName: "Петровна",
  birthDate: "1975-04-10",
  sex: "FEMALE",
  phone: "",
  email: "",
  personnelNumber: "115",
  serviceSince: "1998-09-01",
  teachingSince: "",
  position: "Учитель биологии",
  rate: "1",
  orderNumber: "45-к",
  orderDate: "2026-08-25",
  date: "2026-09-01",
};

describe("a staff member's birth date", () => {
  it.each([
    ["in the future", "2035-01-01", "Дата рождения 01.01.2035 ещё не наступила. Проверьте год."],
    ["12 years old", "2014-05-05", "По этой дате рождения сотруднику сейчас 12 лет, а допустимо от 16 до 100 лет."],
    ["104 years old", "1922-01-01", "сотруднику сейчас 104 года"],
  ])("hiring with a birth date %s is refused beside the field; typed values kept; nobody hired", async (_what, birthDate, message) => {
    const s = await buildSchool();
    const hr = await as(s.users.hr);
    const res = await hr.form("/staff", { ...hireForm, birthDate });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain('value="Кузнецова"');
    expect(res.text).toContain(`value="${birthDate}"`);
    expect(await prisma.person.count({ where: { schoolId: s.schoolId, lastName: "Кузнецова" } })).toBe(0);
  });

  it("the card's general data refuses a child's birth date; the stored one stays", async () => {
    const s = await buildSchool();
    const hr = await as(s.users.hr);
    expect((await hr.form("/staff", hireForm)).status).toBe(302);
    const staff = await prisma.staff.findFirstOrThrow({ where: { schoolId: s.schoolId, person: { lastName: "Кузнецова" } } });
    const general = Object.fromEntries(Object.entries(hireForm).filter(([k]) => !["position", "rate", "orderNumber", "orderDate", "date"].includes(k)));
    const res = await hr.form(`/staff/${staff.id}/general`, { ...general, birthDate: "2020-01-01", personnelNumber: "116" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("сотруднику сейчас 6 лет");
    expect(res.text).toContain('value="116"');
    expect((await prisma.person.findUniqueOrThrow({ where: { id: staff.personId } })).birthDate).toEqual(d("1975-04-10"));
  });
});

describe("length of service on the card", () => {
  it("«Общий стаж: с 01.09.1998 (28 лет)», «Педагогический стаж: —», on the page and in the PDF", async () => {
    const s = await buildSchool();
    const hr = await as(s.users.hr);
    await hr.form("/staff", hireForm);
    const staff = await prisma.staff.findFirstOrThrow({ where: { schoolId: s.schoolId, person: { lastName: "Кузнецова" } } });
    const card = await hr.get(`/staff/${staff.id}`);
    expect(card.text).toContain("<dt>Общий стаж</dt><dd>с 01.09.1998 (28 лет)</dd>");
    expect(card.text).toContain("<dt>Педагогический стаж</dt><dd>—</dd>");
    expect(card.text).not.toContain("педагогический с<");
    const text = await pdfText((await getBinary(hr, `/staff/${staff.id}/card.pdf`)).body as Buffer);
    expect(text).toContain(squash("Общий стаж с 01.09.1998 (28 лет)"));
    expect(text).toContain(squash("Педагогический стаж"));
    expect(text).not.toContain(squash("педагогический с /"));
  });
});
