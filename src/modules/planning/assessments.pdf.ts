/**
 * The PDF of a class's schedule of assessment procedures for a study period (R-PLN-6): the school's
 * document to print or to post — every assessment by date with its lesson, subject, kind of work and
 * topic, and per subject the count against the 2.5-week rule. Warnings are the staff's page, not the
 * document.
 */
import { downloadName } from "../../lib/download.ts";
import { formatDate, weekdayName } from "../../lib/dates.ts";
import { createPdf, pdfHeader, pdfHeading, pdfTable, toBuffer } from "../../lib/pdf.ts";
import type { ScheduleClass, ScheduleEntry, SchedulePeriod } from "./assessments.data.ts";
import type { Grid } from "./assessments.service.ts";
import { TEXT, periodLine } from "./assessments.text.ts";

export interface SchedulePdfInput {
  schoolName: string;
  cls: ScheduleClass;
  period: SchedulePeriod;
  entries: readonly ScheduleEntry[];
  grid: Grid;
  publishedAt: Date | null;
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/** The document as bytes. */
export async function schedulePdf(input: SchedulePdfInput): Promise<Buffer> {
  const doc = createPdf({ title: `${TEXT.title}: ${input.cls.name}`, layout: "landscape" });
  pdfHeader(doc, { schoolName: input.schoolName, title: TEXT.title, subtitle: periodLine(input.cls.name, input.period) });
  if (input.publishedAt)
    doc
      .fontSize(9)
      .text(`Опубликован ${formatDate(input.publishedAt)}.`)
      .fontSize(10)
      .moveDown(0.3);
  pdfTable(
    doc,
    [
      { header: "Дата", width: 1.1 },
      { header: "День", width: 1.2 },
      { header: "Урок", width: 0.6, align: "center" },
      { header: "Предмет", width: 2.2 },
      { header: "Вид работы", width: 2 },
      { header: "Тема", width: 4 },
    ],
    input.entries.map((e) => [
      formatDate(e.date),
      weekdayName(e.date),
      e.lessonNumber === null ? "—" : String(e.lessonNumber),
      e.subjectName,
      unique(e.items.map((i) => i.kind)).join(", "),
      unique(e.items.map((i) => i.title)).join("; "),
    ]),
    { emptyText: TEXT.noEntries },
  );
  const rows = input.grid.rows.filter((r) => r.count > 0);
  if (rows.length) {
    pdfHeading(doc, "По предметам");
    pdfTable(
      doc,
      [
        { header: "Предмет", width: 3 },
        { header: "Оценочных процедур за период", width: 2, align: "center" },
        { header: "Даты", width: 5 },
      ],
      rows.map((r) => [
        r.subject,
        String(r.count),
        r.weeks
          .flat()
          .map((e) => formatDate(e.date).slice(0, 5))
          .join(", "),
      ]),
    );
  }
  return toBuffer(doc);
}

/** «График-оценочных-процедур-5А-2-я-четверть.pdf». */
export function schedulePdfName(cls: ScheduleClass, period: SchedulePeriod): string {
  return downloadName(["График оценочных процедур", cls.name, period.name], "pdf");
}
