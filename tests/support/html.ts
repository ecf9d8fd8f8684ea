/** Valid HTML per html-validate with the project's .htmlvalidate.json: the problems of a page, one line each. */
import path from "node:path";
import { FileSystemConfigLoader, HtmlValidate } from "html-validate";

const validator = new HtmlValidate(new FileSystemConfigLoader());
const root = path.resolve(import.meta.dirname, "../..");

export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html, path.join(root, "page.html"));
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (${html.split("\n")[m.line - 1]?.trim().slice(0, 120)})`));
}
