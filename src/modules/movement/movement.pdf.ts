/** PDFs of the movement book and of the movement report (embedded DejaVu font, src/lib/pdf.ts). */
import { formatDate } from "../../lib/dates.ts";
import { createPdf, pdfHeader, pdfSignatureLines, pdfTable, toBuffer } from "../../lib/pdf.ts";
import type { movementReport } from "./movement.report.ts";
import type { BookRow } from "./book.service.ts";
import { reasonName, WITHDRAW_REASONS } from "./movement.text.ts";

/** Withdrawal reasons by code as the school names them (reference lists, R-REG-9); the built-in names when absent. */
export type ReasonNames = ReadonlyMap<string, string>;

export function orderDetails(r: BookRow, names?: ReasonNames): string {
  const parts = [(r.kind === "WITHDRAW" && r.reason ? names?.get(r.reason) : undefined) ?? reasonName(r.kind, r.reason)];
  if (r.destSchool) parts.push(`в ${r.destSchool}`);
  if (r.destOrderNumber) parts.push(`приказ № ${r.destOrderNumber} от ${formatDate(r.destOrderDate)}`);
  if (r.note) parts.push(r.note);
  if (r.cancelledAt) parts.push(`ОТМЕНЁН: ${r.cancelReason ?? ""}`);
  return parts.filter(Boolean).join("; ");
}

export async function bookPdf(schoolName: string, subtitle: string, rows: BookRow[], names?: ReasonNames): Promise<Buffer> {
  const doc = createPdf({ title: "Книга движения учащихся", layout: "landscape" });
  pdfHeader(doc, { schoolName, title: "Книга движения учащихся", subtitle });
  pdfTable(
    doc,
    [
      { header: "№", width: 0.5, align: "right" },
      { header: "Дата", width: 1.1 },
      { header: "Приказ", width: 1.6 },
      { header: "Вид", width: 1.6 },
      { header: "Ученик", width: 2.6 },
      { header: "Дата рожд.", width: 1.1 },
      { header: "Из класса", width: 0.8 },
      { header: "В класс", width: 0.8 },
      { header: "Причина, куда выбыл", width: 3.4 },
    ],
    rows.map((r, i) => [
      String(i + 1),
      formatDate(r.effectiveDate),
      `№ ${r.number} от ${formatDate(r.orderDate)}`,
      r.kindName,
      r.studentName,
      formatDate(r.birthDate),
      r.fromClass,
      r.toClass,
      orderDetails(r, names),
    ]),
    { fontSize: 8.5, emptyText: "За период приказов нет" },
  );
  pdfSignatureLines(doc, ["Директор", "Секретарь"]);
  return toBuffer(doc);
}

export async function reportPdf(
  schoolName: string,
  subtitle: string,
  report: Awaited<ReturnType<typeof movementReport>>,
  names?: ReasonNames,
): Promise<Buffer> {
  const doc = createPdf({ title: "Отчёт о движении учащихся", layout: "landscape" });
  pdfHeader(doc, { schoolName, title: "Отчёт о движении учащихся", subtitle });
  const reasonCols = report.reasons.map((c) => ({ header: `Выбыло: ${names?.get(c) ?? WITHDRAW_REASONS[c]}`, width: 1.4, align: "right" as const }));
  const line = (r: (typeof report.rows)[number]) => [
    r.className,
    String(r.atStart),
    String(r.enrolled),
    String(r.fromClasses),
    String(r.toClasses),
    ...report.reasons.map((c) => String(r.withdrawn[c])),
    String(r.graduated),
    String(r.atEnd),
  ];
  pdfTable(
    doc,
    [
      { header: "Класс", width: 0.8 },
      { header: "На начало", width: 1, align: "right" },
      { header: "Зачислено", width: 1, align: "right" },
      { header: "Из других классов", width: 1.1, align: "right" },
      { header: "В другие классы", width: 1.1, align: "right" },
      ...reasonCols,
      { header: "Выпущено", width: 1, align: "right" },
      { header: "На конец", width: 1, align: "right" },
    ],
    [...report.rows.map(line), line(report.total)],
    { fontSize: 8.5 },
  );
  return toBuffer(doc);
}
