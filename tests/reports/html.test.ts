/** Every report page is valid HTML (html-validate with the project's rules), including the remark form re-rendered with errors. */
import { htmlProblems } from "../support/html.ts";
import { describe, expect, it } from "vitest";
import { as } from "../support/http.ts";
import { checkSchool } from "./helpers.ts";

const problems = htmlProblems;

describe("valid HTML of the reports", () => {
  it("every page", async () => {
    const { s } = await checkSchool();
    const deputy = await as(s.users.deputy);
    const c5a = s.classes["5А"]!.id;
    const pages: Record<string, string> = {};
    for (const url of [
      "/reports",
      "/reports/check?month=2026-10",
      `/reports/check?month=2026-10&class=${c5a}`,
      "/reports/remarks",
      `/reports/progress?period=${s.periods[0]!.id}`,
      "/reports/progress?period=year",
      "/reports/attendance?month=2026-10",
      `/reports/attendance?class=${c5a}&month=2026-10`,
      "/reports/activity?month=2026-10",
      "/reports/substitutions?month=2026-10",
      "/reports/forecast",
      "/reports/paper",
      `/reports/paper?class=${c5a}`,
      `/reports/paper/${c5a}/summary`,
      "/reports/charts",
      `/reports/charts?class=${c5a}`,
    ]) {
      const r = await deputy.get(url);
      expect(r.status, url).toBe(200);
      pages[url] = r.text;
    }
    await deputy.form("/reports/remarks", { month: "2026-10", teacherId: String(s.users.teacherMath.personId), text: "Замечание" });
    pages["remark form with errors"] = (await deputy.form("/reports/remarks", { month: "2026-10", teacherId: "", text: "" })).text;
    pages["class remark form with errors"] = (await deputy.form("/reports/remarks", { month: "2026-10", class: String(c5a), teacherId: "", text: "" })).text;
    pages["teacher class page"] = (await (await as(s.users.teacherMath)).get(`/reports/check?month=2026-10&class=${c5a}`)).text;
    const teacher = await as(s.users.teacherMath);
    pages["teacher /reports"] = (await teacher.get("/reports")).text;
    for (const [url, html] of Object.entries(pages)) expect(await problems(html), url).toEqual([]);
  });
});
