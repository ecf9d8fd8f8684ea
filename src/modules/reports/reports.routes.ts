/**
 * /reports — reports and control (R-RPT-1..7, R-JRN-9, R-ACL-7). Every report is a page with
 * filters; the same URL with .pdf or .xlsx gives the printable PDF or the spreadsheet:
 *   GET /reports                          the list of reports the user may open, open remarks
 *   GET /reports/check{.pdf,.xlsx}        monthly journal check ?month=YYYY-MM&class=ID…
 *   GET|POST /reports/remarks…            remarks of the check (deputy writes, teacher fixes)
 *   GET /reports/progress{.pdf,.xlsx}     progress and quality ?year=&period=ID|year&class=…&teacher=
 *   GET /reports/attendance{.pdf,.xlsx}   attendance ?class=ID&month=YYYY-MM | &period=ID|year (no class: school summary)
 *   GET /reports/activity{.pdf,.xlsx}     user activity ?month=YYYY-MM
 *   GET /reports/substitutions{.pdf,.xlsx} the substitution register ?month=YYYY-MM
 *   GET /reports/paper                    the journal's paper copy and the summary sheet (choice)
 *   GET /reports/paper/:classId/journal.pdf?period=ID|year
 *   GET /reports/paper/:classId/summary{.pdf,.xlsx}
 *   GET /reports/charts?class=ID          charts (inline SVG)
 *   GET /reports/report-cards{,.pdf}      «Табель успеваемости» ?class=ID&period=ID|year[&student=ID] (report-card.routes.ts)
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { checkRouter } from "./check.routes.ts";
import { classReportsRouter } from "./class-reports.routes.ts";
import { reportCardRouter } from "./report-card.routes.ts";
import { canSeeReport, requireAnyReport } from "./reports.policy.ts";
import { listRemarks } from "./remarks.service.ts";
import { styles } from "./reports.common.ts";
import { REPORTS } from "./reports.text.ts";

export const reportsRouter = Router();

reportsRouter.get("/", requireAnyReport, async (req, res) => {
  const actor = actorOf(req);
  const reports = REPORTS.filter((r) => canSeeReport(actor, r.kind));
  const remarks = can(actor, "view", "journal-remark") && !can(actor, "create", "journal-remark") ? await listRemarks(actor, { openOnly: true }) : [];
  res.page("reports/index", { title: "Отчёты", reports, remarks, styles });
});

reportsRouter.use(checkRouter, classReportsRouter, reportCardRouter);
