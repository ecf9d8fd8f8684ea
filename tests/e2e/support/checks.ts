/**
 * Page checks shared by the accessibility crawl: axe-core (serious and critical
 * violations only) and html-validate with the project's .htmlvalidate.json.
 */
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";
import type { Page } from "playwright-core";

export interface Finding {
  tool: "axe" | "html-validate";
  page: string;
  rule: string;
  detail: string;
}

const root = path.resolve(import.meta.dirname, "../../..");
const validator = new HtmlValidate(new FileSystemConfigLoader());

/**
 * On pages bigger than this many elements (a month of marks of a whole class,
 * thousands of cells) every table is cut to its first 15 body rows in the
 * browser before axe runs: the rows come from one template, and axe takes over
 * a minute on all of them. html-validate has already checked the full HTML.
 */
export const LARGE_PAGE_ELEMENTS = Number(process.env.E2E_LARGE_PAGE ?? 1500);

/** axe-core on the rendered page: WCAG 2.1 A/AA and best practices, violations of impact serious or critical. */
export async function axeFindings(page: Page, label: string): Promise<{ findings: Finding[]; elements: number; skipped: string[] }> {
  const elements = await page.evaluate(() => document.getElementsByTagName("*").length);
  const skipped = elements > LARGE_PAGE_ELEMENTS ? ["строк таблиц после 15-й"] : [];
  if (skipped.length)
    await page.evaluate(() => {
      for (const table of document.querySelectorAll("table")) {
        const bodyRows = [...table.tBodies].flatMap((body) => [...body.rows]);
        for (const tr of bodyRows.slice(15)) tr.remove();
        for (const body of [...table.tBodies]) if (!body.rows.length) body.remove();
      }
    });
  const builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]);
  const result = await builder.analyze();
  const findings = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      tool: "axe" as const,
      page: label,
      rule: v.id,
      detail: `${v.impact}: ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join("; ")}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ""}`,
    }));
  return { findings, elements, skipped };
}

/** html-validate on the HTML exactly as the server sent it. */
export async function htmlFindings(html: string, label: string): Promise<Finding[]> {
  const report = await validator.validateString(html, path.join(root, "page.html"));
  const out: Finding[] = [];
  for (const r of report.results)
    for (const m of r.messages) {
      const line = html.split("\n")[m.line - 1]?.trim().slice(0, 140) ?? "";
      out.push({ tool: "html-validate", page: label, rule: m.ruleId, detail: `${m.message} (строка ${m.line}: ${line})` });
    }
  return out;
}
