/**
 * A teacher's working day in a real browser (issue 8): sign in, open today's
 * lesson from «Сегодня», write the topic and homework, mark attendance and
 * enter marks with the keyboard only, and find an old lesson read-only.
 * Every step is checked against what PostgreSQL stored.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { addDays, formatDate, isoDate, today } from "../../src/lib/dates.ts";
import { useBrowser, useDb } from "./support/browser.ts";
import { tabTo } from "./support/keyboard.ts";
import { openLatestLesson } from "./support/journal.ts";

const b = useBrowser();
const db = useDb();
const TEACHER = "demo.teacher";

/**
 * From «Сегодня» to a lesson of today that can still be filled: the first row's
 * «Открыть журнал», then today's column in the grid. On a day without lessons
 * (weekend, holidays) the latest past lesson of the teacher's first journal.
 */
async function openTodaysLesson(page: Page): Promise<{ lessonId: number; isToday: boolean }> {
  await page.getByRole("navigation", { name: "Основное меню" }).getByRole("link", { name: "Сегодня" }).click();
  await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(formatDate(today()));
  const open = page.getByRole("main").getByRole("link", { name: "Открыть журнал" });
  if ((await open.count()) > 0) {
    await open.first().click();
  } else {
    await page.getByRole("navigation", { name: "Основное меню" }).getByRole("link", { name: "Журнал" }).click();
    await page.getByRole("main").getByRole("table").first().getByRole("link").first().click();
  }
  await page.waitForURL(/\/journal\/\d+\/\d+/);
  const { lessonId, date } = await openLatestLesson(page);
  return { lessonId, isToday: isoDate(date) === isoDate(today()) };
}

describe("учитель: урок с клавиатуры", () => {
  it("открывает сегодняшний урок, пишет тему и домашнее задание, отмечает посещаемость и ставит отметки только клавиатурой", async () => {
    const page = await b.as(TEACHER);
    const { lessonId, isToday } = await openTodaysLesson(page);
    const lesson = await db.one<{ date: Date }>(`SELECT date FROM "Lesson" WHERE id = $1`, [lessonId]);
    if (isToday) expect(isoDate(lesson.date)).toBe(isoDate(today()));
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(formatDate(lesson.date));

    // --- The lesson: topic and homework, Tab between fields, save from the keyboard.
    const stamp = Date.now().toString(36);
    const topic = `Решение задач на вероятность ${stamp}`;
    const homework = `№ 101–105, повторить определения (${stamp})`;
    await page.locator("body").focus();
    await tabTo(page, page.getByRole("textbox", { name: "Тема урока", exact: true }));
    await page.keyboard.press("Control+A");
    await page.keyboard.type(topic);
    await tabTo(page, page.getByRole("textbox", { name: "Домашнее задание", exact: true }));
    await page.keyboard.press("Control+A");
    await page.keyboard.type(homework);
    await tabTo(page, page.getByRole("button", { name: "Сохранить урок" }));
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Урок сохранён" }).waitFor();
    const saved = await db.one<{ topic: string; homework: string }>(`SELECT topic, homework FROM "Lesson" WHERE id = $1`, [lessonId]);
    expect(saved).toEqual({ topic, homework });
    await expect(page.getByRole("textbox", { name: "Тема урока", exact: true }).inputValue()).resolves.toBe(topic);

    // --- Attendance and marks: two students whose attendance is not recorded yet
    // (preferably without marks: a seeded test lesson may already have a mark for everyone).
    const sheet = page.locator("form", { has: page.getByRole("button", { name: "Сохранить посещаемость и отметки" }) });
    const rows = await sheet.getByRole("row").evaluateAll((trs) =>
      trs.flatMap((tr) => {
        const name = tr.querySelector("th[scope=row]")?.textContent?.trim();
        const att = tr.querySelector<HTMLSelectElement>("select[name^=att_]");
        const marks = [...tr.querySelectorAll<HTMLInputElement>("input[name^=mark_]")].map((i) => i.value);
        if (!name || !att || !marks.length) return [];
        return [{ name, studentId: Number(att.name.slice(4)), att: att.value, marks }];
      }),
    );
    const candidates = rows.filter((r) => r.att === "").sort((x, y) => x.marks.filter(Boolean).length - y.marks.filter(Boolean).length);
    expect(candidates.length, "нужны два ученика без отметки посещаемости на этом уроке").toBeGreaterThanOrEqual(2);
    // The two first in page order, so Tab only ever moves forward from the top of the reloaded page.
    const [ill, good] = (candidates.slice(0, 2) as [(typeof rows)[0], (typeof rows)[0]]).sort((x, y) => rows.indexOf(x) - rows.indexOf(y));
    const first = good.marks[0] === "5" ? "4" : "5";
    const second = good.marks[1] === "4" ? "3" : "4";

    // The first one is ill: «Б — болезнь» is two steps down from «присутствовал».
    await tabTo(page, page.getByRole("combobox", { name: `Посещаемость: ${ill.name}` }));
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("combobox", { name: `Посещаемость: ${ill.name}` }).inputValue()).resolves.toBe("ILL");
    // The second one answered: «5», Tab to the comment, then «4» in the next column if there is one.
    await tabTo(page, page.getByRole("textbox", { name: new RegExp(`^Отметка \\(.*\\): ${good.name}$`) }).first());
    await page.keyboard.type(first);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("у доски");
    const markCount = good.marks.length;
    if (markCount > 1) {
      await page.keyboard.press("Tab");
      await page.keyboard.type(second);
    }
    await page.keyboard.press("Enter");
    await page
      .getByRole("status")
      .filter({ hasText: /Отметки и посещаемость сохранены/ })
      .waitFor();

    const att = await db.rows<{ studentId: number; code: string }>(
      `SELECT "studentId", code FROM "Attendance" WHERE "lessonId" = $1 AND "studentId" = ANY($2)`,
      [lessonId, [ill.studentId, good.studentId]],
    );
    expect(att).toEqual([{ studentId: ill.studentId, code: "ILL" }]);
    const marks = await db.rows<{ value: number; comment: string | null }>(
      `SELECT m.value, m.comment FROM "Mark" m JOIN "LessonWork" w ON w.id = m."workId" WHERE m."lessonId" = $1 AND m."studentId" = $2 ORDER BY w.id`,
      [lessonId, good.studentId],
    );
    expect(marks[0]).toEqual({ value: Number(first), comment: "у доски" });
    if (markCount > 1) expect(marks[1]?.value).toBe(Number(second));
    const checked = await db.one<{ attendanceCheckedAt: Date | null }>(`SELECT "attendanceCheckedAt" FROM "Lesson" WHERE id = $1`, [lessonId]);
    expect(checked.attendanceCheckedAt).not.toBeNull();
    // The page shows what was stored.
    await expect(
      page
        .getByRole("textbox", { name: new RegExp(`^Отметка \\(.*\\): ${good.name}$`) })
        .first()
        .inputValue(),
    ).resolves.toBe(first);
    await expect(page.getByRole("combobox", { name: `Посещаемость: ${ill.name}` }).inputValue()).resolves.toBe("ILL");
  });

  it("урок 31-дневной давности открывается только для просмотра", async () => {
    const teacher = await db.one<{ personId: number; lockDays: number }>(
      `SELECT u."personId", s."lockDays" FROM "User" u JOIN "School" s ON s.id = u."schoolId" WHERE u.login = $1`,
      [TEACHER],
    );
    const old = addDays(today(), -(teacher.lockDays + 1));
    // The lesson of exactly lockDays+1 days ago, or the latest one before it.
    const lesson = await db.rows<{ id: number; date: Date; classId: number; subjectId: number }>(
      `SELECT id, date, "classId", "subjectId" FROM "Lesson" WHERE "teacherId" = $1 AND date <= $2 ORDER BY date DESC, id LIMIT 1`,
      [teacher.personId, isoDate(old)],
    );
    expect(lesson.length, `у ${TEACHER} нет уроков старше ${teacher.lockDays} дней (начало учебного года?)`).toBe(1);
    const l = lesson[0]!;

    const page = await b.as(TEACHER);
    // Through the journal: its period tabs until the lesson's column shows.
    await page.goto(`/journal/${l.classId}/${l.subjectId}`);
    const target = page.getByRole("main").locator(`a[href="/journal/lessons/${l.id}"]`).first();
    if ((await target.count()) === 0) {
      const tabs = page.getByRole("main").getByRole("link", { name: /четверть|полугодие|триместр/ });
      for (let i = 0; i < (await tabs.count()) && (await target.count()) === 0; i++) {
        await page
          .getByRole("main")
          .getByRole("link", { name: /четверть|полугодие|триместр/ })
          .nth(i)
          .click();
      }
    }
    await target.click();
    await page.waitForURL(new RegExp(`/journal/lessons/${l.id}$`));
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(formatDate(l.date));
    await expect(page.getByRole("main").getByText(`Урок прошёл более ${teacher.lockDays} дн. назад`).count()).resolves.toBe(1);
    // Nothing to type into and nothing to save in the sheet.
    await expect(page.getByRole("textbox", { name: /^Отметка/ }).count()).resolves.toBe(0);
    await expect(page.getByRole("combobox", { name: /^Посещаемость:/ }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Сохранить посещаемость и отметки" }).count()).resolves.toBe(0);
  });
});
