/**
 * Every page of every demo role (issue 8): the role's menu, its account page and
 * the main sub-pages linked from them (one page per address pattern), checked
 * with axe-core (no serious or critical violations) and html-validate (valid
 * HTML, .htmlvalidate.json). Also the login page and the «not found» page.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { ARTIFACTS, DEMO_LOGINS, useBrowser } from "./support/browser.ts";
import { axeFindings, htmlFindings, type Finding } from "./support/checks.ts";
import { KNOWN_ISSUES } from "./known-issues.ts";

const b = useBrowser();

const LOGINS = DEMO_LOGINS;
/** Sub-pages checked per menu page at most (the menu pages themselves are always checked). */
const SUBPAGES_PER_SECTION = Number(process.env.E2E_SUBPAGES ?? 2);
/** Links never followed: downloads and sign-out. */
const SKIP = [/\/logout/, /\.(pdf|xlsx|csv)(\?|$)/, /\/(pdf|xlsx|csv)(\?|$)/, /\/export/, /\/download/, /\/template/];

/** «/journal/12/5?period=2» → «/journal/:id/:id»: one page per template. */
const patternOf = (href: string) => new URL(href, "http://x").pathname.replace(/\/\d+(?=\/|$)/g, "/:id");

const seenPatterns = new Set<string>();
const FULL = process.env.E2E_FULL === "1";
const allFindings: Finding[] = [];
const allPages: string[] = [];

function isKnown(f: Finding): boolean {
  return KNOWN_ISSUES.some((k) => k.rule === f.rule && k.page.test(f.page.split(" ")[1] ?? ""));
}

const timing = { load: 0, html: 0, axe: 0 };

const checked = new Set<string>();

async function check(page: Page, href: string, who: string): Promise<Finding[]> {
  let t = Date.now();
  const response = await page.goto(href).catch((err: Error) => {
    if (/Download is starting/.test(err.message)) return null; // a file, not a page
    throw err;
  });
  const label = `${who} ${new URL(page.url()).pathname}${new URL(page.url()).search}`;
  if (!response || !(response.headers()["content-type"] ?? "").includes("text/html") || checked.has(label)) return [];
  checked.add(label);
  const html = await response.text();
  timing.load += Date.now() - t;
  t = Date.now();
  const found = await htmlFindings(html, label);
  timing.html += Date.now() - t;
  t = Date.now();
  const axe = await axeFindings(page, label);
  found.push(...axe.findings);
  timing.axe += Date.now() - t;
  allPages.push(
    `${label} (HTTP ${response.status()}, элементов ${axe.elements}, axe ${Date.now() - t} мс${axe.skipped.length ? `, без ${axe.skipped.join(", ")}` : ""})`,
  );
  return found;
}

async function links(page: Page): Promise<string[]> {
  const hrefs = await page
    .getByRole("main")
    .getByRole("link")
    .evaluateAll((as) => as.filter((a) => !a.hasAttribute("download")).map((a) => a.getAttribute("href") ?? ""));
  return hrefs.filter((h) => h.startsWith("/") && !h.startsWith("//") && !SKIP.some((re) => re.test(h)));
}

function report(findings: Finding[]) {
  const fresh = findings.filter((f) => !isKnown(f));
  return fresh.map((f) => `[${f.tool}] ${f.page}: ${f.rule} — ${f.detail}`).join("\n");
}

describe("доступность и валидный HTML", () => {
  it("страница входа и «Страница не найдена»", async () => {
    const guest = await b.page();
    const findings = await check(guest, "/login", "гость");
    const page = await b.as("demo.student");
    findings.push(...(await check(page, "/no-such-page", "demo.student")));
    allFindings.push(...findings);
    expect(report(findings)).toBe("");
  });

  for (const login of LOGINS) {
    it(`все страницы роли ${login}`, { timeout: 400_000 }, async () => {
      const page = await b.as(login);
      const nav = await page
        .getByRole("navigation", { name: "Основное меню" })
        .getByRole("link", { includeHidden: true }) // the items of closed menu groups too
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      // The home page differs for every role; any other address pattern is checked once
      // (for the first role that reaches it) unless E2E_FULL=1 asks for every role.
      const findings: Finding[] = [];
      const fresh = (href: string) => FULL || !seenPatterns.has(patternOf(href));
      for (const href of ["/", ...nav.filter((h) => h !== "/"), "/account"].filter((h, i) => i === 0 || fresh(h))) {
        if (href !== "/") seenPatterns.add(patternOf(href));
        findings.push(...(await check(page, href, login)));
        // A few sub-pages of each section (a record, a form), one per new address pattern.
        const sub: string[] = [];
        for (const l of await links(page)) if (fresh(l) && !nav.includes(l) && !sub.some((q) => patternOf(q) === patternOf(l))) sub.push(l);
        for (const l of sub.slice(0, SUBPAGES_PER_SECTION)) seenPatterns.add(patternOf(l));
        for (const l of sub.slice(0, SUBPAGES_PER_SECTION)) findings.push(...(await check(page, l, login)));
      }
      allFindings.push(...findings);
      expect(report(findings)).toBe("");
    });
  }

  it("сводка проверенных страниц (test-results/e2e/accessibility.txt)", () => {
    const known = allFindings.filter(isKnown);
    const unused = KNOWN_ISSUES.filter((k) => !allFindings.some((f) => f.rule === k.rule && k.page.test(f.page.split(" ")[1] ?? "")));
    const text = [
      `Проверено страниц: ${allPages.length}`,
      ...allPages.map((p) => `  ${p}`),
      ``,
      `Известные нарушения (tests/e2e/known-issues.ts), ${known.length}:`,
      ...known.map((f) => `  [${f.tool}] ${f.page}: ${f.rule} — ${f.detail}`),
      ``,
      `Записи known-issues.ts, которые больше не нужны: ${unused.map((k) => `${k.rule} ${k.page}`).join(", ") || "нет"}`,
      ``,
      `Все нарушения, ${allFindings.length}:`,
      ...allFindings.map((f) => `  [${f.tool}] ${f.page}: ${f.rule} — ${f.detail}`),
    ].join("\n");
    fs.writeFileSync(path.join(ARTIFACTS, "accessibility.txt"), text + "\n");
    console.log(`доступность: загрузка ${timing.load} мс, html-validate ${timing.html} мс, axe ${timing.axe} мс`);
    console.log(`доступность: проверено страниц ${allPages.length}, известных нарушений ${known.length}, устаревших записей known-issues ${unused.length}`);
    expect(allPages.length).toBeGreaterThan(20);
  });
});
