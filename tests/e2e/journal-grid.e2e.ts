/**
 * The journal opens where the teacher is (issue 23), in a real browser: the grid of
 * demo.teacher's latest journal opens with today's (or the last past) lesson in view and
 * «Ср.», «Прогн.», «Итог» on screen (with and without JavaScript); the keyboard reaches
 * today's column in at most three Tab presses; «7» and «0» in a mark cell say why nothing
 * happened, a future lesson says «урок ещё не прошёл», and neither message moves the grid.
 * What PostgreSQL holds is checked after every refused key. The same opening for the class teacher
 * and for a teacher of the 1st grade, whose journal has no marks (issue 23) and says so.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { formatDate, isoDate, today } from "../../src/lib/dates.ts";
import { BASE_URL, login, useBrowser, useDb } from "./support/browser.ts";

const b = useBrowser();
const db = useDb();
const TEACHER = "demo.teacher";

interface Journal {
  url: string;
  /** The lesson the grid must open at: the first of today, else the latest before today. */
  anchor: { id: number; date: Date };
}

/** A teacher's journal (of a class of this grade, when given) with the latest lesson up to today, and the lesson it must open at. */
async function latestJournal(teacher = TEACHER, grade: number | null = null): Promise<Journal> {
  const j = await db.one<{ classId: number; subjectId: number; subgroupId: number | null; date: Date }>(
    `SELECT l."classId", l."subjectId", l."subgroupId", l.date FROM "Lesson" l JOIN "User" u ON u."personId" = l."teacherId"
       JOIN "SchoolClass" c ON c.id = l."classId"
      WHERE u.login = $1 AND l.date <= $2 AND ($3::int IS NULL OR c.grade = $3) ORDER BY l.date DESC, l.id LIMIT 1`,
    [teacher, isoDate(today()), grade],
  );
  const anchor = await db.one<{ id: number; date: Date }>(
    `SELECT id, date FROM "Lesson" WHERE "classId" = $1 AND "subjectId" = $2 AND "subgroupId" IS NOT DISTINCT FROM $3 AND date = $4
      ORDER BY number NULLS LAST, id LIMIT 1`,
    [j.classId, j.subjectId, j.subgroupId, isoDate(j.date)],
  );
  return { url: `/journal/${j.classId}/${j.subjectId}${j.subgroupId ? `?subgroup=${j.subgroupId}` : ""}`, anchor };
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Where things are: the grid box's visible band (between the sticky names and the totals), today's column, the totals' headers. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element | null): Box | null => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
    };
    const wrap = document.querySelector(".grid-wrap")!;
    const w = wrap.getBoundingClientRect();
    const stats = [...document.querySelectorAll("#jgrid thead th.stat")].map((th) => ({ text: th.textContent.trim(), box: box(th)! }));
    return {
      wrap: { left: w.left + wrap.clientLeft, right: w.left + wrap.clientLeft + wrap.clientWidth, top: w.top + window.scrollY },
      names: box(document.querySelector("#jgrid thead th.stu"))!,
      today: box(document.getElementById("today")),
      todayLink: document.querySelector("#today a")?.getAttribute("href") ?? null,
      stats,
      scrollable: wrap.scrollWidth > wrap.clientWidth,
    };
  });
}

/** Today's column lies between the names and the totals, and the three totals lie inside the box. */
function expectTodayAndTotalsInView(l: Awaited<ReturnType<typeof layout>>) {
  expect(l.stats.map((s) => s.text)).toEqual(["Ср.", "Прогн.", "Итог"]);
  for (const s of l.stats) {
    expect(s.box.left, `«${s.text}» за левым краем`).toBeGreaterThanOrEqual(l.wrap.left - 1);
    expect(s.box.right, `«${s.text}» за правым краем`).toBeLessThanOrEqual(l.wrap.right + 1);
  }
  expect(l.today, "нет столбца #today").not.toBeNull();
  expect(l.today!.left, "сегодняшний урок под столбцом учеников").toBeGreaterThanOrEqual(l.names.right - 1);
  expect(l.today!.right, "сегодняшний урок под итогами").toBeLessThanOrEqual(l.stats[0]!.box.left + 1);
}

/** The focused element, as far as the grid is concerned. */
/** From the top of the page: at most three Tab presses, Enter on a skip link («Перейти к содержимому», «К отметкам»), until a grid cell has focus. */
async function tabIntoGrid(page: Page): Promise<{ tabs: number; path: string[] }> {
  let tabs = 0;
  const path: string[] = [];
  while (!(await focused(page)).cell && tabs < 3) {
    await page.keyboard.press("Tab");
    tabs++;
    const f = await focused(page);
    path.push(f.text || f.tag);
    if (f.tag === "A" && f.href?.startsWith("#")) await page.keyboard.press("Enter");
  }
  return { tabs, path };
}

async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName ?? "",
      text: el?.textContent?.trim() ?? "",
      href: el?.getAttribute("href") ?? null,
      cell: el?.matches("#jgrid td.c")
        ? { lesson: el.getAttribute("data-l"), kind: el.classList.contains("a") ? "a" : el.classList.contains("m") ? "m" : "f" }
        : null,
      student: el?.closest("tr")?.getAttribute("data-s") ?? null,
    };
  });
}

async function statusText(page: Page): Promise<string> {
  return (await page.locator("#save-status").textContent())?.trim() ?? "";
}

describe("журнал открывается там, где учитель (issue 23)", () => {
  it("сегодняшний урок и «Ср.», «Прогн.», «Итог» видны сразу; итоги остаются на месте при прокрутке к началу четверти", async () => {
    const j = await latestJournal();
    const page = await b.as(TEACHER);
    await page.goto(j.url);
    const l = await layout(page);
    expect(l.todayLink).toBe(`/journal/lessons/${j.anchor.id}`);
    await expect(page.locator("#today a").textContent()).resolves.toBe(formatDate(j.anchor.date).slice(0, 5));
    expectTodayAndTotalsInView(l);

    // Back to the first lesson of the period: the totals stay (sticky), today's column has gone right.
    if (l.scrollable) {
      await page.locator(".grid-wrap").evaluate((w) => (w.scrollLeft = -w.scrollWidth));
      const start = await layout(page);
      expect(start.today!.left).toBeGreaterThan(l.today!.left);
      for (const s of start.stats) expect(s.box.right, `«${s.text}» уехал при прокрутке`).toBeLessThanOrEqual(start.wrap.right + 1);
      expect(start.stats.map((s) => Math.round(s.box.left))).toEqual(l.stats.map((s) => Math.round(s.box.left)));
    }
  });

  it("без JavaScript журнал тоже открывается на сегодняшнем уроке с итогами", async () => {
    const j = await latestJournal();
    const first = await b.page();
    const context = await first
      .context()
      .browser()!
      .newContext({
        baseURL: BASE_URL,
        viewport: { width: 1280, height: 900 },
        locale: "ru-RU",
        timezoneId: "Europe/Moscow",
        javaScriptEnabled: false,
      });
    try {
      const page = await context.newPage();
      await login(page, TEACHER);
      await page.goto(j.url);
      const l = await layout(page);
      expect(l.todayLink).toBe(`/journal/lessons/${j.anchor.id}`);
      expectTodayAndTotalsInView(l);
      // Future lessons are folded away until asked for; the switch works by CSS alone.
      const future = page.locator("#jgrid thead th.lh.fu").first();
      if ((await page.locator("#show-future").count()) > 0) {
        await expect(future.isVisible()).resolves.toBe(false);
        await page.getByLabel(/^Показать будущие уроки/).check();
        await expect(future.isVisible()).resolves.toBe(true);
      }
    } finally {
      await context.close();
    }
  });

  it("клавиатура: не больше трёх Tab до клетки сегодняшнего урока; «7» и «0» — сообщение, а не тишина; сетка не сдвигается", async () => {
    const j = await latestJournal();
    const page = await b.as(TEACHER);
    await page.goto(j.url);

    const { tabs, path } = await tabIntoGrid(page);
    const start = await focused(page);
    expect(start.cell, `фокус не в сетке после ${tabs} Tab: ${path.join(" → ")}`).toEqual({ lesson: String(j.anchor.id), kind: "a" });
    expect(path).toContain("К отметкам");

    // From the page's last top control, one Tab lands in the grid (the date links are no Tab stops).
    await page.getByRole("main").getByRole("link", { name: "Все журналы" }).focus();
    const toGrid: string[] = [];
    for (let i = 0; i < 3 && !(await focused(page)).cell; i++) {
      await page.keyboard.press("Tab");
      toGrid.push((await focused(page)).text || (await focused(page)).tag);
    }
    expect((await focused(page)).cell?.lesson, toGrid.join(" → ")).toBe(String(j.anchor.id));
    expect(toGrid.length, `${toGrid.join(" → ")}`).toBeLessThanOrEqual((await page.locator("#show-future").count()) + 1);

    // A mark cell of today's lesson: «7» and «0» say so, nothing is stored, the cell keeps its value.
    await page.keyboard.press("ArrowRight");
    const cell = await focused(page);
    expect(cell.cell?.kind).toBe("m");
    const marksBefore = await db.rows(`SELECT id, value, "studentId" FROM "Mark" WHERE "lessonId" = $1 ORDER BY id`, [j.anchor.id]);
    const valueBefore = await page.evaluate(() => document.activeElement!.textContent);
    const gridTop = (await layout(page)).wrap.top;
    for (const key of ["7", "0"]) {
      await page.keyboard.press(key);
      await expect.poll(() => statusText(page)).toContain(`«${key}» — такой отметки нет`);
      expect((await layout(page)).wrap.top, "сообщение сдвинуло сетку").toBe(gridTop);
    }
    await expect(page.evaluate(() => document.activeElement!.textContent)).resolves.toBe(valueBefore);
    await expect(page.locator("#jgrid td.saving, #jgrid td.failed").count()).resolves.toBe(0);
    expect(await db.rows(`SELECT id, value, "studentId" FROM "Mark" WHERE "lessonId" = $1 ORDER BY id`, [j.anchor.id])).toEqual(marksBefore);
  });

  it("будущий урок: скрыт до «Показать будущие уроки», клавиша в его клетке говорит «урок ещё не прошёл», ничего не записано", async () => {
    const j = await latestJournal();
    const page = await b.as(TEACHER);
    await page.goto(j.url);
    const toggle = page.locator("#show-future");
    if ((await toggle.count()) === 0) return; // the period's last lesson has passed: nothing is ahead
    const futureHead = page.locator("#jgrid thead th.lh.fu").first();
    await expect(futureHead.isVisible()).resolves.toBe(false);
    const futureId = Number((await futureHead.locator("a").getAttribute("href"))!.split("/").pop());

    // Switched on from the keyboard: the next lessons follow today's column, which stays in view.
    await toggle.focus();
    await page.keyboard.press("Space");
    await expect(toggle.isChecked()).resolves.toBe(true);
    await expect(futureHead.isVisible()).resolves.toBe(true);
    const l = await layout(page);
    expect(l.today!.left).toBeGreaterThanOrEqual(l.names.right - 1);
    expect(l.today!.right).toBeLessThanOrEqual(l.stats[0]!.box.left + 1);

    // Into the grid and right along the first row to the first future lesson's cell.
    await page.keyboard.press("Tab");
    for (let i = 0; i < 40 && (await focused(page)).cell?.lesson !== String(futureId); i++) await page.keyboard.press("ArrowRight");
    const f = await focused(page);
    expect(f.cell?.lesson).toBe(String(futureId));
    const gridTop = (await layout(page)).wrap.top;
    await page.keyboard.press("5");
    await expect.poll(() => statusText(page)).toContain("Урок ещё не прошёл");
    expect(await statusText(page)).not.toContain("только просмотр");
    expect((await layout(page)).wrap.top, "сообщение сдвинуло сетку").toBe(gridTop);
    const stored = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "Mark" WHERE "lessonId" = $1`, [futureId]);
    const att = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "Attendance" WHERE "lessonId" = $1`, [futureId]);
    expect({ marks: stored.n, attendance: att.n }).toEqual({ marks: 0, attendance: 0 });

    // The choice is remembered on this computer; folding again brings the focus back to today.
    await page.reload();
    await expect(page.locator("#show-future").isChecked()).resolves.toBe(true);
    await page.locator("#show-future").uncheck();
    await expect(futureHead.isVisible()).resolves.toBe(false);
    await page.keyboard.press("Tab");
    expect((await focused(page)).cell?.lesson).toBe(String(j.anchor.id));
  });
});

describe("журнал классного руководителя и учителя 1-го класса открывается так же", () => {
  /** A teacher of the 1st grade (not a named demo account) with a lesson there up to today. */
  const firstGradeTeacher = async () =>
    (
      await db.one<{ login: string }>(
        `SELECT u.login FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId" JOIN "User" u ON u."personId" = l."teacherId"
          WHERE c.grade = 1 AND l.date <= $1 AND u.login NOT LIKE 'demo.%' ORDER BY l.date DESC, u.login LIMIT 1`,
        [isoDate(today())],
      )
    ).login;

  for (const who of ["demo.classteacher", "учитель 1-го класса"]) {
    it(`${who}: сегодняшний урок виден сразу, клетка урока — не дальше трёх Tab`, async () => {
      const first = who !== "demo.classteacher";
      const teacher = first ? await firstGradeTeacher() : who;
      const j = await latestJournal(teacher, first ? 1 : null);
      const page = await b.as(teacher);
      await page.goto(j.url);
      const l = await layout(page);
      expect(l.todayLink).toBe(`/journal/lessons/${j.anchor.id}`);
      expect(l.today, "нет столбца #today").not.toBeNull();
      expect(l.today!.left, "сегодняшний урок под столбцом учеников").toBeGreaterThanOrEqual(l.names.right - 1);
      expect(l.today!.right, "сегодняшний урок за правым краем").toBeLessThanOrEqual((l.stats[0]?.box.left ?? l.wrap.right) + 1);
      if (first) {
        // No marks in the 1st grade: the journal says so, no mark cell holds a mark; the database has no marks there.
        await expect(page.locator(".markless-note").textContent()).resolves.toContain("Обучение без отметок: в 1-х классах отметки не ставятся.");
        await expect(page.locator("#jgrid td.c.m").evaluateAll((cells) => cells.filter((c) => c.textContent.trim() !== "").length)).resolves.toBe(0);
        const marks = await db.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" WHERE l."classId" = (SELECT "classId" FROM "Lesson" WHERE id = $1)`,
          [j.anchor.id],
        );
        expect(marks.n).toBe(0);
      } else expectTodayAndTotalsInView(l);

      const { tabs, path } = await tabIntoGrid(page);
      expect((await focused(page)).cell, `фокус не в сетке после ${tabs} Tab: ${path.join(" → ")}`).toEqual({ lesson: String(j.anchor.id), kind: "a" });
    });
  }
});
