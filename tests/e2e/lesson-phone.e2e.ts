/**
 * Marking from a phone (issue 23 §7), in a real browser with touch emulation: demo.teacher opens
 * today's lesson (or the latest past one) at 375×812, taps attendance for some pupils and a mark for
 * every pupil of one kind of work — taps only; each tap is saved at once and its row says so (one
 * save is cut off on the way and retried). After a reload the page and PostgreSQL hold exactly what
 * was tapped. The same page at 768 px on a touch tablet; without JavaScript the taps go with the one
 * «Сохранить». No horizontal scrolling, buttons at least 44×44 px, axe clean at both widths.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from "vitest";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { formatDate, today } from "../../src/lib/dates.ts";
import { ATTENDANCE_NAMES } from "../../src/modules/journal/journal.text.ts";
import { BASE_URL, launchBrowser, login, screenshot, useDb } from "./support/browser.ts";
import { axeFindings } from "./support/checks.ts";
import { openLatestLesson } from "./support/journal.ts";

const db = useDb();
const TEACHER = "demo.teacher";

// A phone or tablet: touch, mobile viewport, a fresh context per test (screenshots of failures kept).
let browser: Browser;
let contexts: BrowserContext[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async (ctx: TestContext) => {
  if (ctx.task.result?.state === "fail") {
    let i = 0;
    for (const c of contexts) for (const p of c.pages()) await screenshot(p, `FAILED-${ctx.task.name}-${i++}`).catch(() => {});
  }
  for (const c of contexts) await c.close().catch(() => {});
  contexts = [];
});
afterAll(async () => {
  await browser?.close();
});

async function device(width: number, height: number, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width, height },
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 2,
    javaScriptEnabled,
    locale: "ru-RU",
    timezoneId: "Europe/Moscow",
  });
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/login");
  await login(page, TEACHER);
  return page;
}

/** Today's lesson the way teacher.e2e.ts finds it: «Сегодня» → «Открыть журнал» → today's (or the latest past) column. */
async function openTodaysLesson(page: Page): Promise<number> {
  const menu = page.getByRole("button", { name: "Меню" });
  if (await menu.isVisible()) await menu.tap();
  await page.getByRole("navigation", { name: "Основное меню" }).getByRole("link", { name: "Сегодня" }).tap();
  await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(formatDate(today()));
  const open = page.getByRole("main").getByRole("link", { name: "Открыть журнал" });
  if ((await open.count()) > 0) await open.first().tap();
  else await page.goto("/journal").then(() => page.getByRole("main").getByRole("table").first().getByRole("link").first().tap());
  await page.waitForURL(/\/journal\/\d+\/\d+/);
  return (await openLatestLesson(page)).lessonId;
}

const phone = (page: Page) => page.locator("section.lesson-phone");
const section = (page: Page, name: string) => phone(page).getByRole("region", { name, exact: true });

/** The pupils of a section: their fieldsets with the student id and the value checked now. */
async function rowsOf(sec: Locator): Promise<{ name: string; studentId: number; value: string }[]> {
  return sec.locator("fieldset.lp-row").evaluateAll((fss) =>
    fss.map((fs) => ({
      name: (fs.querySelector("legend")?.textContent ?? "").trim(),
      studentId: Number(fs.getAttribute("data-s")),
      value: fs.querySelector<HTMLInputElement>(".lp-opts input:checked")?.value ?? "",
    })),
  );
}

/** Taps the button of a pupil's row by its accessible name (the label drawn as a button). */
async function tapOption(sec: Locator, pupil: string, option: string): Promise<void> {
  const row = sec.getByRole("group", { name: pupil, exact: true });
  const id = await row.getByRole("radio", { name: option, exact: true }).getAttribute("id");
  await row.locator(`label[for="${id}"]`).tap();
}

async function stateOf(sec: Locator, pupil: string): Promise<string> {
  return ((await sec.getByRole("group", { name: pupil, exact: true }).locator(".lp-state").textContent()) ?? "").trim();
}

async function waitSaved(sec: Locator, pupil: string): Promise<void> {
  await expect.poll(() => stateOf(sec, pupil), { timeout: 20_000 }).toMatch(/^сохранено/);
}

/** How far the page is wider than the window (0 when it does not scroll sideways). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The smallest tap target among the visible buttons of the pupils and the switch. */
async function smallestTarget(page: Page): Promise<{ width: number; height: number }> {
  return page.evaluate(() => {
    let width = Infinity,
      height = Infinity;
    for (const l of document.querySelectorAll<HTMLElement>(".lesson-phone .lp-opts label, .lesson-phone .lp-switch label")) {
      const r = l.getBoundingClientRect();
      if (!r.width) continue;
      width = Math.min(width, r.width);
      height = Math.min(height, r.height);
    }
    return { width, height };
  });
}

async function attendanceOf(lessonId: number): Promise<Map<number, string>> {
  const rows = await db.rows<{ studentId: number; code: string }>(`SELECT "studentId", code FROM "Attendance" WHERE "lessonId" = $1`, [lessonId]);
  return new Map(rows.map((r) => [r.studentId, r.code]));
}
async function marksOf(lessonId: number, typeId: number): Promise<Map<number, string>> {
  const rows = await db.rows<{ studentId: number; value: number }>(
    `SELECT m."studentId", m.value FROM "Mark" m JOIN "LessonWork" w ON w.id = m."workId" WHERE m."lessonId" = $1 AND w."assignmentTypeId" = $2`,
    [lessonId, typeId],
  );
  return new Map(rows.map((r) => [r.studentId, String(r.value)]));
}

async function axeClean(page: Page, label: string): Promise<void> {
  const { findings } = await axeFindings(page, label);
  expect(findings.map((f) => `${f.rule}: ${f.detail}`)).toEqual([]);
}

describe("урок с телефона", () => {
  let lessonId = 0;

  it("при 375 px учитель только касаниями отмечает посещаемость и ставит отметки всем ученикам одного вида работы; всё сверено с PostgreSQL", async () => {
    const page = await device(375, 812);
    lessonId = await openTodaysLesson(page);
    const lesson = await db.one<{ date: Date }>(`SELECT date FROM "Lesson" WHERE id = $1`, [lessonId]);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(formatDate(lesson.date));

    // The phone layout, not the table: the pupils come right after a folded «Тема и домашнее задание».
    await expect(phone(page).isVisible()).resolves.toBe(true);
    await expect(page.locator("section.lesson-sheet").isVisible()).resolves.toBe(false);
    await expect(page.getByRole("textbox", { name: "Тема урока", exact: true }).isVisible()).resolves.toBe(false);
    await expect(page.locator("details.lesson-details > summary").isVisible()).resolves.toBe(true);
    expect(await overflow(page), "страница урока шире экрана").toBe(0);
    const target = await smallestTarget(page);
    expect(target.width, "кнопки не уже 44 px").toBeGreaterThanOrEqual(44);
    expect(target.height, "кнопки не ниже 44 px").toBeGreaterThanOrEqual(44);
    const firstRow = phone(page).locator("fieldset.lp-row").first();
    const box = await firstRow.boundingBox();
    expect(box && box.y < 812, "первый ученик виден без прокрутки").toBe(true);
    await screenshot(page, "lesson-phone-375-attendance", false);
    await axeClean(page, "375 посещаемость");

    // --- Attendance: three pupils, each with a code they do not have yet.
    const att = section(page, "Посещаемость");
    const pupils = await rowsOf(att);
    expect(pupils.length, "на уроке нужны хотя бы три ученика").toBeGreaterThanOrEqual(3);
    const wanted = new Map<number, string>();
    const plan: [number, keyof typeof ATTENDANCE_NAMES][] = [
      [0, "ILL"],
      [1, "ABSENT"],
      [2, "LATE"],
    ];
    for (const [i, code] of plan) {
      const p = pupils[i]!;
      const c = p.value === code ? "VALID" : code;
      wanted.set(p.studentId, c);
      await tapOption(att, p.name, ATTENDANCE_NAMES[c]);
    }
    for (const [i] of plan) await waitSaved(att, pupils[i]!.name);
    await expect(phone(page).getByText("Посещаемость на уроке отмечена.").isVisible()).resolves.toBe(true);
    const storedAtt = await attendanceOf(lessonId);
    for (const [id, code] of wanted) expect(storedAtt.get(id), `посещаемость ученика ${id}`).toBe(code);

    // --- A kind of work: the switch, then a mark for every pupil (one save is cut off and retried).
    const tabs = phone(page).locator(".lp-switch label");
    expect(await tabs.count(), "у урока нет видов работ с отметками").toBeGreaterThanOrEqual(2);
    const kind = ((await tabs.nth(1).textContent()) ?? "").trim();
    const typeId = Number(await phone(page).locator("input.lp-tab-1").getAttribute("value"));
    await tabs.nth(1).tap();
    await expect(att.isVisible()).resolves.toBe(false);
    const work = section(page, kind);
    await expect(work.isVisible()).resolves.toBe(true);
    const marks = await rowsOf(work);
    expect(marks.length).toBe(pupils.length);
    const wantedMarks = new Map<number, string>();
    const cycle = ["5", "4", "3", "2"];

    const heights = () => work.locator("fieldset.lp-row").evaluateAll((fss) => fss.map((f) => Math.round(f.getBoundingClientRect().height)));
    const heightsBefore = await heights();

    // The first tap's request fails on the way: the row says so and the save is retried.
    let cut = true;
    await page.route("**/journal/lessons/*/marks", (route) => (cut ? ((cut = false), route.abort("internetdisconnected")) : route.continue()));
    for (const [i, p] of marks.entries()) {
      let v = cycle[i % cycle.length]!;
      if (v === p.value) v = cycle[(i + 1) % cycle.length]!;
      wantedMarks.set(p.studentId, v);
      await tapOption(work, p.name, v);
      if (i === 0) {
        await expect.poll(() => stateOf(work, p.name)).toMatch(/^не сохранено — повтор/);
        await expect(page.locator("#lp-status").textContent()).resolves.toContain("повторная попытка");
      }
    }
    for (const p of marks) await waitSaved(work, p.name);
    await page.unroute("**/journal/lessons/*/marks");
    // «сохранено» takes no room of its own: the rows under the thumb did not move.
    expect(await heights()).toEqual(heightsBefore);
    // Mid-list: the switch stays at the top of the screen and «Сохранить» at the bottom.
    await work
      .locator("fieldset.lp-row")
      .nth(Math.floor(marks.length / 2))
      .scrollIntoViewIfNeeded();
    await expect(
      phone(page)
        .locator(".lp-switch")
        .evaluate((el) => el.getBoundingClientRect().top),
    ).resolves.toBeLessThan(2);
    await expect(page.getByRole("button", { name: "Сохранить", exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(page, "lesson-phone-375-marks", false);

    const stored = await marksOf(lessonId, typeId);
    for (const [id, v] of wantedMarks) expect(stored.get(id), `отметка ученика ${id}`).toBe(v);
    expect(stored.size).toBe(marks.length);

    // --- After a reload: the same section, and what is checked is what PostgreSQL holds.
    await page.reload();
    await expect(phone(page).locator("input.lp-tab-1").isChecked()).resolves.toBe(true);
    const after = await rowsOf(section(page, kind));
    const dbMarks = await marksOf(lessonId, typeId);
    expect(after.map((r) => [r.studentId, r.value])).toEqual(after.map((r) => [r.studentId, dbMarks.get(r.studentId) ?? ""]));
    expect(after.map((r) => [r.studentId, r.value])).toEqual(marks.map((p) => [p.studentId, wantedMarks.get(p.studentId)]));
    await phone(page).locator(".lp-switch label").first().tap();
    const dbAtt = await attendanceOf(lessonId);
    const attAfter = await rowsOf(section(page, "Посещаемость"));
    expect(attAfter.map((r) => [r.studentId, r.value])).toEqual(attAfter.map((r) => [r.studentId, dbAtt.get(r.studentId) ?? ""]));
    await axeClean(page, "375 отметки");
  });

  it("та же страница на планшете 768 px с касаниями: раскладка для касаний, имя и кнопки в одной строке, касание сохраняется", async () => {
    expect(lessonId, "нужен урок из предыдущего теста").toBeGreaterThan(0);
    const page = await device(768, 1024);
    await page.goto(`/journal/lessons/${lessonId}?view=att`);
    await expect(phone(page).isVisible()).resolves.toBe(true);
    await expect(page.locator("section.lesson-sheet").isVisible()).resolves.toBe(false);
    expect(await overflow(page)).toBe(0);
    const target = await smallestTarget(page);
    expect(target.width).toBeGreaterThanOrEqual(44);
    expect(target.height).toBeGreaterThanOrEqual(44);
    const att = section(page, "Посещаемость");
    const pupils = await rowsOf(att);
    const p = pupils.find((r) => r.value !== "") ?? pupils[0]!;
    // name at the left, buttons at the right of the same line
    const row = att.getByRole("group", { name: p.name, exact: true });
    const name = (await row.locator("legend").boundingBox())!;
    const buttons = (await row.locator(".lp-opts").boundingBox())!;
    expect(buttons.x).toBeGreaterThan(name.x + name.width - 1);
    expect(Math.abs(buttons.y - name.y)).toBeLessThan(40);
    await screenshot(page, "lesson-phone-768", false);

    // «—»: present again (or «УП» if the pupil was present)
    const code = p.value === "" ? "VALID" : "";
    await tapOption(att, p.name, code ? ATTENDANCE_NAMES.VALID : "присутствовал");
    await waitSaved(att, p.name);
    expect((await attendanceOf(lessonId)).get(p.studentId) ?? "").toBe(code);

    // With a keyboard the arrows walk through the row's buttons; only where they stop is sent.
    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST" && r.url().endsWith("/attendance")) sent.push(r.postData() ?? "");
    });
    const kbRow = att.getByRole("group", { name: p.name, exact: true });
    await kbRow.locator(".lp-opts input:checked").focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await waitSaved(att, p.name);
    const landed = (await kbRow.locator(".lp-opts input:checked").getAttribute("value")) ?? "";
    expect(sent).toHaveLength(1);
    expect((await attendanceOf(lessonId)).get(p.studentId) ?? "").toBe(landed);

    // A refused save (here answered by a stand-in server) puts the saved mark back and says why, next to the pupil.
    await phone(page).locator(".lp-switch label").nth(1).tap();
    const kind = ((await phone(page).locator(".lp-switch label").nth(1).textContent()) ?? "").trim();
    const typeId = Number(await phone(page).locator("input.lp-tab-1").getAttribute("value"));
    const work = section(page, kind);
    const first = (await rowsOf(work))[0]!;
    const before = await marksOf(lessonId, typeId);
    const why = "Ученик не числился в классе (группе) на дату урока";
    await page.route("**/journal/lessons/*/marks", (route) =>
      route.fulfill({ status: 422, contentType: "application/json", body: JSON.stringify({ error: why, field: "studentId" }) }),
    );
    await tapOption(work, first.name, first.value === "2" ? "3" : "2");
    await expect.poll(() => stateOf(work, first.name)).toBe("не сохранено");
    const refused = work.getByRole("group", { name: first.name, exact: true });
    await expect(refused.locator(".lp-why").textContent()).resolves.toBe(why);
    await expect(refused.locator(".lp-opts input:checked").getAttribute("value")).resolves.toBe(first.value);
    await expect(page.locator("#lp-status").textContent()).resolves.toContain(why);
    await page.unroute("**/journal/lessons/*/marks");
    expect(await marksOf(lessonId, typeId)).toEqual(before);
    await axeClean(page, "768");
  });

  it("на компьютере (1280 px, без касаний) — прежняя таблица и раскрытая форма урока", async () => {
    expect(lessonId).toBeGreaterThan(0);
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 }, locale: "ru-RU", timezoneId: "Europe/Moscow" });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto("/login");
    await login(page, TEACHER);
    await page.goto(`/journal/lessons/${lessonId}`);
    await expect(page.locator("section.lesson-sheet").isVisible()).resolves.toBe(true);
    await expect(phone(page).isVisible()).resolves.toBe(false);
    await expect(page.locator("details.lesson-details > summary").isVisible()).resolves.toBe(false);
    await expect(page.getByRole("textbox", { name: "Тема урока", exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("button", { name: "Сохранить урок" }).isVisible()).resolves.toBe(true);
  });

  it("без JavaScript при 375 px: переключатель работает, касания уходят одной кнопкой «Сохранить», всё или ничего", async () => {
    expect(lessonId).toBeGreaterThan(0);
    const page = await device(375, 812, false);
    await page.goto(`/journal/lessons/${lessonId}`);
    const tabs = phone(page).locator(".lp-switch label");
    const kind = ((await tabs.nth(1).textContent()) ?? "").trim();
    const typeId = Number(await phone(page).locator("input.lp-tab-1").getAttribute("value"));
    await tabs.nth(1).tap();
    const work = section(page, kind);
    await expect(work.isVisible()).resolves.toBe(true);
    await expect(section(page, "Посещаемость").isVisible()).resolves.toBe(false);
    const marks = await rowsOf(work);
    const before = await marksOf(lessonId, typeId);
    const [x, y] = marks as [(typeof marks)[0], (typeof marks)[0]];
    const vx = x.value === "5" ? "3" : "5";
    await tapOption(work, x.name, vx);
    await tapOption(work, y.name, "без отметки");
    // nothing is saved before «Сохранить»
    expect(await marksOf(lessonId, typeId)).toEqual(before);
    await Promise.all([
      page.waitForURL(new RegExp(`/journal/lessons/${lessonId}\\?view=${typeId}$`)),
      page.getByRole("button", { name: "Сохранить", exact: true }).tap(),
    ]);
    await page
      .getByRole("status")
      .filter({ hasText: /сохранены|изменений/ })
      .first()
      .waitFor();
    const after = await marksOf(lessonId, typeId);
    expect(after.get(x.studentId)).toBe(vx);
    expect(after.has(y.studentId)).toBe(false);
    // back at the same kind of work, showing what was stored
    await expect(phone(page).locator("input.lp-tab-1").isChecked()).resolves.toBe(true);
    const shown = await rowsOf(section(page, kind));
    expect(shown.map((r) => [r.studentId, r.value])).toEqual(shown.map((r) => [r.studentId, after.get(r.studentId) ?? ""]));
    const checked = await db.one<{ attendanceCheckedAt: Date | null }>(`SELECT "attendanceCheckedAt" FROM "Lesson" WHERE id = $1`, [lessonId]);
    expect(checked.attendanceCheckedAt).not.toBeNull();
  });
});
