/**
 * «Пароль для приложений» in a real browser and the real npm client on the demo school (issue 21):
 * a parent creates the app password on «Персональные настройки» (no JavaScript needed), the npm
 * client netschoolapi signs in with it and reads this week of both children's diaries, which match
 * the database; after «Отозвать» the client is refused. A teacher sees why staff have none.
 */
import { describe, expect, it, vi } from "vitest";
import { Safe as NetSchoolApi } from "netschoolapi";
import { addDays, today } from "../../src/lib/dates.ts";
import { BASE_URL, useBrowser, useDb } from "./support/browser.ts";

const b = useBrowser();
const db = useDb();

describe("пароль для приложений", () => {
  it("родитель создаёт его в настройках, приложение читает неделю обоих детей, после отзыва приложение не входит", async () => {
    const page = await b.as("demo.parent");
    await page.goto("/account");
    const section = page.locator("#app-password");
    await section.getByRole("button", { name: "Создать пароль для приложений" }).click();
    const password = (await page.locator("#app-password-value").textContent())!.trim();
    const schoolId = Number(await page.locator("#school-id").textContent());
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);

    const client = new NetSchoolApi({ origin: BASE_URL, login: "demo.parent", password, school: schoolId });
    await client.logIn();
    const students = client.context!.user.students;
    expect(students.length).toBe(2);
    const monday = addDays(today(), -((today().getUTCDay() + 6) % 7));
    for (const st of students) {
      const diary = await client.diary({ studentId: st.id, start: monday, end: addDays(monday, 5) });
      const lessons = diary.days.flatMap((d) => d.lessons);
      expect(lessons.length, st.name).toBeGreaterThan(0);
      const rows = await db.rows<{ id: number; subject: string; homework: string | null }>(
        `SELECT l.id, s.name AS subject, l.homework FROM "Lesson" l JOIN "Subject" s ON s.id = l."subjectId" WHERE l.id = ANY($1::int[])`,
        [lessons.map((l) => l.id)],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const l of lessons) {
        expect(l.subject).toBe(byId.get(l.id)!.subject);
        const homework = l.assignments.find((a) => a.id === -l.id);
        expect(homework?.text ?? null).toBe(byId.get(l.id)!.homework);
      }
      const marks = await db.rows<{ value: number }>(
        `SELECT m.value FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" WHERE m."studentId" = $1 AND l.date BETWEEN $2 AND $3 ORDER BY 1`,
        [st.id, monday, addDays(monday, 5)],
      );
      const got = lessons.flatMap((l) => l.assignments.flatMap((a) => (a.mark === undefined ? [] : [a.mark]))).sort();
      expect(got, st.name).toEqual(marks.map((m) => m.value));
    }
    await client.logOut();

    await page.goto("/account");
    await expect(section.textContent()).resolves.toContain("Последнее использование");
    await section.getByRole("button", { name: "Отозвать пароль для приложений" }).click();
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("отозван");
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(new NetSchoolApi({ origin: BASE_URL, login: "demo.parent", password, school: schoolId }).logIn()).rejects.toThrow(/Не удалось войти/);
    printed.mockRestore();
  });

  it("учитель видит, что пароль для приложений — только для родителей и учеников", async () => {
    const page = await b.as("demo.teacher");
    await page.goto("/account");
    const section = page.locator("#app-password");
    await expect(section.textContent()).resolves.toContain("только у родителей и учеников");
    expect(await section.getByRole("button").count()).toBe(0);
  });
});
