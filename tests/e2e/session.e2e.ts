/**
 * The session expires while a form is being filled (R-SEC-4, R-INT-2): the
 * typed values survive the new login. The expiry is made real on the server by
 * moving the session's expiry time into the past in the session table (what the
 * school's idle timeout does after its minutes of inactivity), so the test
 * does not have to wait out the shortest timeout the settings allow (1 minute).
 */
import { describe, expect, it } from "vitest";
import { login, useBrowser, useDb } from "./support/browser.ts";
import { openLatestLesson } from "./support/journal.ts";

const b = useBrowser();
const db = useDb();

describe("сеанс истёк во время заполнения формы", () => {
  it("введённые значения сохраняются и возвращаются после нового входа", async () => {
    const page = await b.as("demo.teacher");
    const user = await db.one<{ id: number }>(`SELECT id FROM "User" WHERE login = 'demo.teacher'`);
    // A lesson from the teacher's first journal.
    await page.getByRole("navigation", { name: "Основное меню" }).getByRole("link", { name: "Журнал" }).click();
    await page.getByRole("main").getByRole("table").first().getByRole("link").first().click();
    await page.waitForURL(/\/journal\/\d+\/\d+/);
    await openLatestLesson(page);
    const lessonPath = new URL(page.url()).pathname;
    const lessonId = Number(lessonPath.split("/").pop());
    const before = await db.one<{ topic: string | null; homework: string | null }>(`SELECT topic, homework FROM "Lesson" WHERE id = $1`, [lessonId]);

    // The teacher types a new topic and homework ...
    const stamp = Date.now().toString(36);
    const topic = `Тема, набранная до истечения сеанса ${stamp}`;
    const homework = `Задание, набранное до истечения сеанса ${stamp}`;
    const topicBox = page.getByRole("textbox", { name: "Тема урока", exact: true });
    const homeworkBox = page.getByRole("textbox", { name: "Домашнее задание", exact: true });
    await topicBox.fill(topic);
    await homeworkBox.fill(homework);

    // ... the session runs out meanwhile ...
    const expired = await db.rows(`UPDATE session SET expire = now() - interval '1 minute' WHERE (sess->'passport'->>'user')::int = $1 RETURNING sid`, [
      user.id,
    ]);
    expect(expired.length).toBeGreaterThan(0);

    // ... and «Сохранить урок» leads to the login page, which says the form is kept.
    await topicBox.press("Enter");
    await page.waitForURL(/\/login\?expired=1/);
    await expect(page.getByRole("status").first().textContent()).resolves.toContain("заполненная форма не потеряна");
    const still = await db.one<{ topic: string | null; homework: string | null }>(`SELECT topic, homework FROM "Lesson" WHERE id = $1`, [lessonId]);
    expect(still).toEqual(before);

    // After the new login the lesson opens again with the typed values in place.
    await login(page, "demo.teacher");
    expect(new URL(page.url()).pathname).toBe(lessonPath);
    await expect(page.getByRole("main").getByText("Введённые до истечения сеанса данные восстановлены").count()).resolves.toBe(1);
    await expect(topicBox.inputValue()).resolves.toBe(topic);
    await expect(homeworkBox.inputValue()).resolves.toBe(homework);

    // Saving now stores them.
    await page.getByRole("button", { name: "Сохранить урок" }).click();
    await page.getByRole("status").filter({ hasText: "Урок сохранён" }).waitFor();
    const after = await db.one<{ topic: string; homework: string }>(`SELECT topic, homework FROM "Lesson" WHERE id = $1`, [lessonId]);
    expect(after).toEqual({ topic, homework });
  });
});
