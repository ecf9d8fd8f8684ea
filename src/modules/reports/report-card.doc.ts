/**
 * «Табель успеваемости» as tables (the same rows for the page and the PDF) and as one PDF with a page per
 * pupil: the school, the pupil, class and period, the subjects, the absences by reason, the class teacher's
 * and a parent's signature lines. Tables are drawn with reports.common fastTable (single-line cells), so a
 * class of 30 is a few dozen milliseconds of drawing.
 */
import { downloadName } from "../../lib/download.ts";
import { FONT, contentWidth, createPdf, pdfHeader, pdfHeading, pdfSignatureLines, toBuffer } from "../../lib/pdf.ts";
import { fastTable } from "./reports.common.ts";
import { formatDate } from "../../lib/dates.ts";
import type { CardPeriod, ReportCard } from "./report-card.service.ts";
import { CARD_TEXT as T } from "./report-card.text.ts";

const R = { align: "right" as const };
const C = { align: "center" as const };

/** The subjects table's columns: «Итоговая» for a period, «Годовая» for the year. */
export function subjectColumns(period: CardPeriod) {
  return [
    { header: T.columns.subject, width: 4 },
    { header: T.columns.count, width: 1, ...R },
    { header: T.columns.avg, width: 1.3, ...R },
    { header: T.columns.forecast, width: 1.1, ...C },
    { header: period.id === null ? T.columns.yearFinal : T.columns.final, width: 1.4, ...C },
  ];
}

/** One row per subject: name, marks, average, forecast, final («не выставлена» while missing). */
export function subjectRows(card: ReportCard): string[][] {
  return card.subjects.map((s) => [
    s.name,
    String(s.count),
    card.ungraded ? "—" : cardAverage(s.avg),
    card.ungraded || s.forecast === null ? "—" : String(s.forecast),
    s.final ?? T.notEntered,
  ]);
}

export const ABSENCE_COLUMNS = [
  { header: T.absenceColumns.reason, width: 4 },
  { header: T.absenceColumns.days, width: 1, ...R },
  { header: T.absenceColumns.lessons, width: 1, ...R },
];

/** Days and lessons missed: the total, then by reason; late arrivals in lessons only. */
export function absenceRows(card: ReportCard): string[][] {
  const { days, lessons, late } = card.absences;
  return [
    [T.reasons.total, String(days.total), String(lessons.total)],
    [T.reasons.ill, String(days.ill), String(lessons.ill)],
    [T.reasons.valid, String(days.valid), String(lessons.valid)],
    [T.reasons.invalid, String(days.invalid), String(lessons.invalid)],
    [T.reasons.unknown, String(days.unknown), String(lessons.unknown)],
    [T.reasons.late, "—", String(late)],
  ];
}

/** «Алексеев Артём Игоревич, 5А класс, 2-я четверть (05.11.2026 – 28.12.2026)». */
export function cardSubtitle(card: ReportCard): string {
  return `${card.name}, ${card.className} класс, ${card.period.name} (${cardDates(card.period)})`;
}

/** One PDF, a page per pupil (the cards in their order). */
export async function reportCardsPdf(schoolName: string, cards: readonly ReportCard[]): Promise<Buffer> {
  const doc = createPdf({ title: T.title, margin: 40 });
  cards.forEach((card, i) => {
    if (i > 0) doc.addPage();
    pdfHeader(doc, { schoolName, title: T.title, subtitle: cardSubtitle(card) });
    pdfHeading(doc, T.subjectsHeading);
    fastTable(doc, subjectColumns(card.period), subjectRows(card), [], 9);
    if (card.ungraded)
      doc
        .font(FONT.regular)
        .fontSize(8)
        .text(T.ungraded, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
    pdfHeading(doc, T.absencesHeading);
    fastTable(doc, ABSENCE_COLUMNS, absenceRows(card), [0], 9);
    doc
      .font(FONT.regular)
      .fontSize(8)
      .fillColor("#444444")
      .text(T.daysNote, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
    doc.fillColor("#000000");
    pdfSignatureLines(doc, [`${T.classTeacher}${card.classTeacher ? ` ${card.classTeacher}` : ""}`]);
    pdfSignatureLines(doc, [T.parent]);
  });
  if (!cards.length) pdfHeader(doc, { schoolName, title: T.title, subtitle: T.noPupils });
  return toBuffer(doc);
}

/** «Табель 5А 2-я четверть.pdf», with the pupil's name for one card. */
export function reportCardsFileName(cls: string, period: CardPeriod, pupil: string | null): string {
  return downloadName(["Табель", cls, pupil, period.id === null ? period.name.replace(/\//g, "-") : period.name], "pdf");
}

/** «4,25», «—» without marks. */
export function cardAverage(avg: number | null): string {
  return avg === null ? "—" : avg.toFixed(2).replace(".", ",");
}

/** «05.11.2026 – 28.12.2026». */
export function cardDates(p: CardPeriod): string {
  return `${formatDate(p.start)} – ${formatDate(p.end)}`;
}
