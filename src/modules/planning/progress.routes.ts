/**
 * «Выполнение программы» (R-PLN-5) under /planning/progress: the page, and /planning/progress/report.pdf
 * and report.xlsx with the same filters (?year=, ?period= a study period or none for the year, ?class=,
 * ?teacher=). Scope by the
 * catalogue's "program-report": the school (deputy, administrator), the classes led, the teacher's
 * own journals; families have no such right (403); an id outside the scope is a 404.
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { reach, requirePermission } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { queryId } from "../../lib/http.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { sendDownload } from "../../lib/download.ts";
import { pickYear } from "./planning-year.ts";
import { filterOptions, periodOptions, programProgress, REPORT_WORKS } from "./progress.service.ts";
import { progressFileName, progressPdf, progressXlsx } from "./progress.doc.ts";
import * as TEXT from "./progress.text.ts";

export const progressRouter = Router();

progressRouter.get(["/", "/report.:format"], requirePermission("program-report", "view"), async (req, res) => {
  const actor = actorOf(req);
  const format = (req.params as Record<string, string | undefined>).format;
  if (format !== undefined && format !== "pdf" && format !== "xlsx") throw new NotFound();
  const { year, years } = await pickYear(req);
  if (!year) return res.page("planning/progress", { title: TEXT.TITLE, year: null, years, r: null });
  const filter = { periodId: queryId(req, "period"), classId: queryId(req, "class"), teacherId: queryId(req, "teacher") };
  const r = await programProgress(actor, year, filter);
  const options = await filterOptions(actor, year.id);
  const picked = options.classes.find((c) => c.id === filter.classId)?.name ?? null;
  const teacher = options.teachers.find((t) => t.id === filter.teacherId)?.name ?? null;
  const who = reach(actor, "view", "program-report");
  const scopeNote = [who.all ? null : "в пределах ваших журналов и классов", picked ? `класс ${picked}` : null, teacher ? `учитель ${teacher}` : null]
    .filter(Boolean)
    .join(", ");
  if (format === "pdf") return sendPdf(res, await progressPdf(r, scopeNote || null), progressFileName(r, picked, "pdf"));
  if (format === "xlsx") return sendDownload(res, await progressXlsx(r, scopeNote || null), progressFileName(r, picked, "xlsx"));
  const i = req.originalUrl.indexOf("?");
  res.page("planning/progress", {
    title: TEXT.TITLE,
    year,
    years,
    r,
    filter,
    periods: await periodOptions(actor.schoolId, year.id),
    options,
    scopeNote,
    qs: i >= 0 ? req.originalUrl.slice(i) : "",
    REPORT_WORKS,
    TEXT,
    styles: ["/static/css/reports.css"],
  });
});
