/**
 * Enrolling a pupil with an impossible birth date (issue 23), in a real browser: demo.secretary
 * fills «Новый приказ о движении» for a new pupil of 6А with a birth date in the future
 * (01.01.2035), then one that makes the pupil 2 years old, then 7 (too young for the 6th grade). Each
 * time the form comes back with the Russian message next to «Дата рождения» (aria-invalid, tied by
 * aria-describedby), every typed value kept, and PostgreSQL holds no new person and no order.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { isoDate, today } from "../../src/lib/dates.ts";
import { useBrowser, useDb } from "./support/browser.ts";

const b = useBrowser();
const db = useDb();

const NUMBER = "E2E-ДР-1";
const PUPIL = { last: "Проверкина", first: "Дата", middle: "Будущевна" };

let class6a: { id: number; schoolId: number };
beforeAll(async () => {
  class6a = await db.one(
    `SELECT c.id, c."schoolId" FROM "SchoolClass" c JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
      JOIN "User" u ON u."schoolId" = c."schoolId" AND u.login = 'demo.secretary' WHERE c.grade = 6 AND c.letter = 'А'`,
  );
});

/** What an attempt could have written: the person, the order. */
async function stored() {
  const persons = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "Person" WHERE "lastName" = $1 AND "firstName" = $2`, [PUPIL.last, PUPIL.first]);
  const orders = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "MovementOrder" WHERE number = $1`, [NUMBER]);
  const members = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "ClassMembership" WHERE "classId" = $1`, [class6a.id]);
  return { persons: persons.n, orders: orders.n, members: members.n };
}

/** Fills the enrolment of a new pupil into 6А with this birth date (ISO) and sends it. */
async function enrol(page: Page, birthDate: string) {
  const main = page.getByRole("main");
  await main.getByLabel(/^Номер приказа\s*\*?$/).fill(NUMBER);
  await main.getByLabel(/^Дата приказа\s*\*?$/).fill(isoDate(today()));
  await main.getByLabel(/^Дата движения/).fill(isoDate(today()));
  await main.getByLabel("Ученик", { exact: true }).selectOption("");
  await main.getByLabel("Фамилия").fill(PUPIL.last);
  await main.getByLabel("Имя", { exact: true }).fill(PUPIL.first);
  await main.getByLabel("Отчество").fill(PUPIL.middle);
  await main.getByLabel("Дата рождения").fill(birthDate);
  await main.getByLabel("Пол").selectOption("FEMALE");
  await main.getByLabel(/^В класс/).selectOption(String(class6a.id));
  await main.getByLabel(/^Причина/).selectOption("FROM_FAMILY");
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/movement" && r.request().method() === "POST"),
    main.getByRole("button", { name: "Зарегистрировать приказ" }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

/** The birth date field after a refusal: its message (tied to it) and the value kept; the other values kept too. */
async function expectRefused(page: Page, birthDate: string, message: RegExp | string) {
  const main = page.getByRole("main");
  const field = main.getByLabel("Дата рождения");
  await expect(field.getAttribute("aria-invalid")).resolves.toBe("true");
  const errorId = await field.getAttribute("aria-describedby");
  expect(errorId).toBe("f-newBirthDate-error");
  const error = (await page.locator(`#${errorId}`).textContent())!.trim();
  if (typeof message === "string") expect(error).toBe(message);
  else expect(error).toMatch(message);
  // The message sits in the field's own block, next to the input.
  await expect(
    main
      .locator(".field.has-error", { has: page.locator("#f-newBirthDate") })
      .locator(".error")
      .textContent(),
  ).resolves.toBe(error);
  await expect(field.inputValue()).resolves.toBe(birthDate);
  await expect(main.getByLabel(/^Номер приказа\s*\*?$/).inputValue()).resolves.toBe(NUMBER);
  await expect(main.getByLabel("Фамилия").inputValue()).resolves.toBe(PUPIL.last);
  await expect(main.getByLabel("Имя", { exact: true }).inputValue()).resolves.toBe(PUPIL.first);
  await expect(main.getByLabel("Отчество").inputValue()).resolves.toBe(PUPIL.middle);
  await expect(main.getByLabel("Пол").inputValue()).resolves.toBe("FEMALE");
  await expect(main.getByLabel(/^В класс/).inputValue()).resolves.toBe(String(class6a.id));
  await expect(main.getByLabel(/^Причина/).inputValue()).resolves.toBe("FROM_FAMILY");
  await expect(main.getByRole("alert").textContent()).resolves.toContain("Проверьте выделенные поля.");
}

describe("секретарь зачисляет ученика в 6А с невозможной датой рождения", () => {
  it("дата в будущем, 2 года и 7 лет для 6-го класса: сообщение у поля, введённое сохранено, в базе ничего", async () => {
    const before = await stored();
    expect(before).toMatchObject({ persons: 0, orders: 0 });
    const page = await b.as("demo.secretary");
    await page.goto("/movement/new");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Новый приказ о движении");

    // 01.01.2035: not yet come.
    expect(await enrol(page, "2035-01-01")).toBe(422);
    await expectRefused(page, "2035-01-01", "Дата рождения 01.01.2035 ещё не наступила. Проверьте год.");
    expect(await stored()).toEqual(before);

    // Two years old on 1 September: no pupil at all.
    const y = today().getUTCMonth() >= 6 ? today().getUTCFullYear() : today().getUTCFullYear() - 1;
    const twoYears = `${y - 2}-03-15`;
    expect(await enrol(page, twoYears)).toBe(422);
    await expectRefused(page, twoYears, new RegExp(`на 1 сентября ${y} г\\. 2 года, а для ученика допустимо от 5 до 21 года\\. Проверьте дату рождения\\.$`));
    expect(await stored()).toEqual(before);

    // Seven: a pupil, but not of the 6th grade (10–16 years).
    const seven = `${y - 7}-03-15`;
    expect(await enrol(page, seven)).toBe(422);
    await expectRefused(page, seven, new RegExp(`на 1 сентября ${y} г\\. 7 лет, а в 6 классе допустимо от 10 до 16 лет\\. Проверьте дату рождения\\.$`));
    expect(await stored()).toEqual(before);
  });
});
