/**
 * The browser side of the e2e tests: Debian's chromium (apt) driven by
 * playwright-core (no browser download is possible on these machines), the
 * demo logins, screenshots kept on failure, and a small SQL helper for checking
 * what the app stored.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, inject, type TestContext } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const BASE_URL = inject("e2eBaseUrl");
export const DATABASE_URL = inject("e2eDatabaseUrl");
export const DEMO_PASSWORD = "demo-2026";

/** Artifacts (screenshots) of the run; test-results/ is gitignored. */
export const ARTIFACTS = path.resolve(import.meta.dirname, "../../../test-results/e2e");
fs.mkdirSync(ARTIFACTS, { recursive: true });

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Браузер не найден: ${CHROMIUM}. Установите его: sudo scripts/install-browser.sh (или задайте CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export async function newContext(browser: Browser, width = 1280, height = 900): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width, height }, locale: "ru-RU", timezoneId: "Europe/Moscow" });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** Signs in through the login form, as a person does: label, type, Enter. */
export async function login(page: Page, loginName: string, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().includes("/login")) await page.goto("/login");
  await page.getByLabel("Логин").fill(loginName);
  await page.getByLabel("Пароль").fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByLabel("Пароль").press("Enter")]);
}

export function safeName(text: string): string {
  return text
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 120);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  const file = path.join(ARTIFACTS, `${safeName(name)}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * One browser for the file and a fresh context per test (so no cookies leak
 * between scenarios); a failed test leaves a screenshot of every open page.
 */
export function useBrowser() {
  const state: { browser?: Browser; contexts: BrowserContext[] } = { contexts: [] };
  beforeAll(async () => {
    state.browser = await launchBrowser();
  });
  afterEach(async (ctx: TestContext) => {
    if (ctx.task.result?.state === "fail") {
      let i = 0;
      for (const c of state.contexts) for (const p of c.pages()) await screenshot(p, `FAILED-${ctx.task.name}-${i++}`).catch(() => {});
    }
    for (const c of state.contexts) await c.close().catch(() => {});
    state.contexts = [];
  });
  afterAll(async () => {
    await state.browser?.close();
  });
  return {
    /** A new signed-out page at this viewport width. */
    async page(width = 1280, height = 900): Promise<Page> {
      const context = await newContext(state.browser!, width, height);
      state.contexts.push(context);
      return context.newPage();
    },
    /** A new page signed in as this demo login. */
    async as(loginName: string, width = 1280): Promise<Page> {
      const page = await this.page(width);
      await page.goto("/login");
      await login(page, loginName);
      return page;
    },
  };
}

/** Read-only checks of the stored state (and the odd test setting) straight in PostgreSQL. */
export function useDb() {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  afterAll(async () => {
    await pool.end();
  });
  return {
    async rows<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
      return (await pool.query<T>(sql, params)).rows;
    },
    async one<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
      const { rows } = await pool.query<T>(sql, params);
      if (!rows[0]) throw new Error(`Нет строки: ${sql}`);
      return rows[0];
    },
  };
}

/** Every demo login (src/seed), one per role and combination of roles. */
export const DEMO_LOGINS = [
  "demo.admin",
  "demo.deputy",
  "demo.teacher",
  "demo.classteacher",
  "demo.secretary",
  "demo.hr",
  "demo.medic",
  "demo.psychologist",
  "demo.tech",
  "demo.parent",
  "demo.student",
  "demo.teacherparent",
];
