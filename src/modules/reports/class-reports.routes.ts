/** /reports/progress, /attendance, /activity, /substitutions, /paper, /charts: pages with filters, PDF and .xlsx (see reports.routes.ts). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { formatDate, formatDateTime } from "../../lib/dates.ts";
import { idParam, queryId } from "../../lib/http.ts";
import { activityDoc, activityReport, ACTIVITY_GROUPS } from "./activity.service.ts";
import { ATT_COLUMNS, attendanceCells, attendanceDoc, attendanceReport } from "./attendance.service.ts";
import { classCharts } from "./charts.service.ts";
import { classJournalPdf, paperClass, summaryDoc, summarySheet } from "./paper.service.ts";
import { delta, pctOf, progressDoc, progressReport, progressSubtitle } from "./progress.service.ts";
import { classIdsOf, classesOf, formatOf, num, queryString, scripts, sendExport, styles, yearOf, yearsOf } from "./reports.common.ts";
import { assertReport, requireAnyReport } from "./reports.policy.ts";
import { scopeOf } from "./reports.scope.ts";
import { substitutionDoc, substitutionRegister } from "./substitutions.service.ts";
import { cellText, forecastDoc, forecastReport, riskText, RISK_NAMES } from "./forecast.service.ts";
import { fromReplica } from "../../lib/replica.ts";
import { DIAGNOSTIC_KINDS, diagnosticDoc, diagnosticReport } from "./diagnostics.service.ts";
import { categoryDoc, categoryReport, CATEGORY_TITLES, type CategoryReportKind } from "./pupil-categories.service.ts";
import { certificateDoc, certificateSheet } from "./certificate.service.ts";
import { GIA_COLUMNS, giaAnalysis, giaCells, giaDoc } from "./gia-analysis.service.ts";

export const classReportsRouter = Router();
const view = requireAnyReport;

classReportsRouter.get(
  "/progress{.:format}",
  view,
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const r = await progressReport(actor, {
      yearId: req.query.year,
      period: req.query.period,
      classIds: classIdsOf(req.query),
      teacherId: queryId(req, "teacher"),
    });
    if (await sendExport(res, formatOf(req), r.school.name, () => progressDoc(r))) return;
    const [classes, years] = await Promise.all([classesOf(actor.schoolId, r.year.id, r.scope), yearsOf(actor)]);
    res.page("reports/progress", {
      title: "Успеваемость и качество",
      r,
      classes,
      years,
      delta,
      pctOf,
      num,
      subtitle: progressSubtitle(r),
      qs: queryString(req),
      styles,
      scripts,
    });
  }),
);

classReportsRouter.get(
  "/attendance{.:format}",
  view,
  fromReplica(async (req, res) => {
    const r = await attendanceReport(actorOf(req), { classId: queryId(req, "class"), month: req.query.month, period: req.query.period, year: req.query.year });
    if (await sendExport(res, formatOf(req), r.school.name, () => attendanceDoc(r))) return;
    res.page("reports/attendance", {
      title: "Посещаемость",
      r,
      years: await yearsOf(actorOf(req)),
      ATT_COLUMNS,
      attendanceCells,
      qs: queryString(req),
      styles,
      scripts,
    });
  }),
);

classReportsRouter.get(
  "/activity{.:format}",
  view,
  fromReplica(async (req, res) => {
    const r = await activityReport(actorOf(req), { month: req.query.month, group: req.query.group });
    if (await sendExport(res, formatOf(req), r.school.name, () => activityDoc(r))) return;
    res.page("reports/activity", { title: "Активность пользователей", r, ACTIVITY_GROUPS, formatDateTime, qs: queryString(req), styles, scripts });
  }),
);

classReportsRouter.get(
  "/forecast{.:format}",
  view,
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const r = await forecastReport(actor, { yearId: req.query.year, classIds: classIdsOf(req.query) });
    if (await sendExport(res, formatOf(req), r.school.name, () => forecastDoc(r))) return;
    const [classes, years] = await Promise.all([classesOf(actor.schoolId, r.year.id, await scopeOf(actor, "forecast")), yearsOf(actor)]);
    res.page("reports/forecast", {
      title: "Прогноз итоговых отметок и группа риска",
      r,
      classes,
      years,
      cellText,
      riskText,
      RISK_NAMES,
      formatDate,
      qs: queryString(req),
      styles,
      scripts,
    });
  }),
);

classReportsRouter.get(
  "/substitutions{.:format}",
  view,
  fromReplica(async (req, res) => {
    const r = await substitutionRegister(actorOf(req), { month: req.query.month });
    if (await sendExport(res, formatOf(req), r.school.name, () => substitutionDoc(r))) return;
    res.page("reports/substitutions", { title: "Журнал замещения уроков", r, formatDate, qs: queryString(req), styles, scripts });
  }),
);

// The medic's and the psychologist's reports (issue 17): one document shown as the page, the PDF and the .xlsx.
for (const kind of ["medical", "social"] as CategoryReportKind[]) {
  classReportsRouter.get(
    `/${kind}{.:format}`,
    view,
    fromReplica(async (req, res) => {
      const actor = actorOf(req);
      const r = await categoryReport(actor, kind, { year: req.query.year });
      if (await sendExport(res, formatOf(req), r.school.name, () => categoryDoc(r))) return;
      res.page("reports/doc", {
        title: CATEGORY_TITLES[kind],
        r,
        doc: categoryDoc(r),
        base: `/reports/${kind}`,
        years: await yearsOf(actor),
        qs: queryString(req),
        styles,
      });
    }),
  );
}

classReportsRouter.get(
  "/diagnostics{.:format}",
  view,
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const r = await diagnosticReport(actor, { year: req.query.year, kind: req.query.kind });
    if (await sendExport(res, formatOf(req), r.school.name, () => diagnosticDoc(r))) return;
    const doc = diagnosticDoc(r);
    res.page("reports/doc", {
      title: doc.title,
      r,
      doc,
      base: "/reports/diagnostics",
      kinds: DIAGNOSTIC_KINDS,
      years: await yearsOf(actor),
      qs: queryString(req),
      styles,
    });
  }),
);

classReportsRouter.get("/paper", view, async (req, res) => {
  const actor = actorOf(req);
  const scope = await scopeOf(actor, "paper");
  const year = await yearOf(actor, req.query.year);
  const [classes, years] = await Promise.all([classesOf(actor.schoolId, year.id, scope), yearsOf(actor)]);
  const classId = queryId(req, "class") ?? (classes.length === 1 ? classes[0]!.id : null);
  const cls = classId ? await paperClass(actor, classId) : null;
  res.page("reports/paper", { title: "Бумажная копия журнала", year, years, classes, cls, styles });
});

classReportsRouter.get(
  "/paper/:classId/journal.pdf",
  view,
  fromReplica(async (req, res) => {
    const period = req.query.period === "year" || req.query.period === undefined ? null : (queryId(req, "period") ?? -1);
    const { pdf, filename } = await classJournalPdf(actorOf(req), idParam(req, "classId"), period);
    sendPdf(res, pdf, filename);
  }),
);

classReportsRouter.get(
  "/paper/:classId/summary{.:format}",
  view,
  fromReplica(async (req, res) => {
    const s = await summarySheet(actorOf(req), idParam(req, "classId"));
    if (await sendExport(res, formatOf(req), s.school.name, () => summaryDoc(s))) return;
    res.page("reports/summary", { title: `Сводная ведомость ${s.cls.name}`, s, qs: queryString(req), styles });
  }),
);

classReportsRouter.get(
  "/paper/:classId/certificate{.:format}",
  view,
  fromReplica(async (req, res) => {
    const s = await certificateSheet(actorOf(req), idParam(req, "classId"));
    if (await sendExport(res, formatOf(req), s.school.name, () => certificateDoc(s))) return;
    res.page("reports/certificate", { title: `Ведомость для аттестата ${s.cls.name}`, s, qs: queryString(req), styles });
  }),
);

classReportsRouter.get(
  "/gia{.:format}",
  view,
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const r = await giaAnalysis(actor, { yearId: req.query.year });
    if (await sendExport(res, formatOf(req), r.school.name, () => giaDoc(r))) return;
    res.page("reports/gia", { title: "Анализ результатов ГИА", r, years: await yearsOf(actor), GIA_COLUMNS, giaCells, qs: queryString(req), styles, scripts });
  }),
);

classReportsRouter.get(
  "/charts",
  view,
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    assertReport(actor, "charts");
    const c = await classCharts(actor, { classId: queryId(req, "class"), year: req.query.year });
    res.page("reports/charts", { title: "Диаграммы успеваемости", c, years: await yearsOf(actor), num, pctOf, styles });
  }),
);
