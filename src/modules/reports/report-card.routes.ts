/**
 * «Табель успеваемости» for staff (issue 17): GET /reports/report-cards?class=ID&period=ID|year — the class's
 * cards on one page; /reports/report-cards.pdf?class=&period=[&student=ID] — one PDF, a page per pupil (or the one
 * pupil's). Class teacher: the own class; deputy, administrator: any class; others 403; a class or pupil outside
 * the scope 404 (report-card.service.ts).
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { queryId } from "../../lib/http.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { fromReplica } from "../../lib/replica.ts";
import { ABSENCE_COLUMNS, absenceRows, cardDates, cardSubtitle, reportCardsFileName, reportCardsPdf, subjectColumns, subjectRows } from "./report-card.doc.ts";
import { cardClasses, classReportCards } from "./report-card.service.ts";
import { CARD_TEXT } from "./report-card.text.ts";
import { assertReport, requireAnyReport } from "./reports.policy.ts";
import { styles } from "./reports.common.ts";

export const reportCardRouter = Router();

reportCardRouter.get(
  "/report-cards",
  requireAnyReport,
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    assertReport(actor, "report-card");
    const classes = await cardClasses(actor);
    const classId = queryId(req, "class") ?? (classes.length === 1 ? classes[0]!.id : null);
    const r = classId === null ? null : await classReportCards(actor, { classId, period: req.query.period, studentId: null });
    res.page("reports/report-cards", {
      title: r ? `${CARD_TEXT.title} ${r.cls.name}` : CARD_TEXT.title,
      r,
      classes,
      T: CARD_TEXT,
      cardDates,
      cardSubtitle,
      subjectColumns,
      subjectRows,
      ABSENCE_COLUMNS,
      absenceRows,
      styles,
    });
  }),
);

reportCardRouter.get(
  "/report-cards.pdf",
  requireAnyReport,
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const classId = queryId(req, "class");
    assertReport(actor, "report-card");
    const studentId = req.query.student === undefined ? null : (queryId(req, "student") ?? -1);
    const r = await classReportCards(actor, { classId: classId ?? -1, period: req.query.period, studentId });
    const pdf = await reportCardsPdf(actor.schoolName, r.cards);
    sendPdf(res, pdf, reportCardsFileName(r.cls.name, r.period, studentId !== null ? (r.cards[0]?.name ?? null) : null));
  }),
);
