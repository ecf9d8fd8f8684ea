/** The staff personal card as a PDF (R-REG-5): general data and every section of the card; the HR reports as a PDF (R-RPT-5). */
import { formatDate, today } from "../../lib/dates.ts";
import { createPdf, pdfHeader, pdfHeading, pdfSignatureLines, pdfTable, toBuffer } from "../../lib/pdf.ts";
import type { getCard } from "./staff.service.ts";
import type { hrReport, Line } from "./staff.report.ts";
import { CATEGORY_NAMES, EVENT_NAMES, serviceText } from "./staff.text.ts";

type Card = Awaited<ReturnType<typeof getCard>>;
type HrReport = Awaited<ReturnType<typeof hrReport>>;
const rate = (r: unknown) => String(Number(r)).replace(".", ",");

export async function cardPdf(schoolName: string, card: Card, educationName: (level: string) => string): Promise<Buffer> {
  const doc = createPdf({ title: `Личная карточка: ${card.name}` });
  pdfHeader(doc, { schoolName, title: "Личная карточка работника", subtitle: card.name });
  const p = card.person;
  pdfTable(
    doc,
    [
      { header: "Сведения", width: 2 },
      { header: "", width: 4 },
    ],
    [
      ["Дата рождения", formatDate(p.birthDate)],
      ["Пол", p.sex === "MALE" ? "мужской" : p.sex === "FEMALE" ? "женский" : ""],
      ["Табельный номер", card.personnelNumber ?? ""],
      ["Телефон, эл. почта", [p.phone, p.email].filter(Boolean).join(", ")],
      ["Принят", formatDate(card.hiredAt)],
      ["Общий стаж", serviceText(card.serviceSince, today())],
      ["Педагогический стаж", serviceText(card.teachingSince, today())],
      ...(card.dismissedAt ? [["Уволен", `${formatDate(card.dismissedAt)}, ${card.dismissReason ?? ""}`]] : []),
    ],
  );
  pdfHeading(doc, "Должности");
  pdfTable(
    doc,
    [
      { header: "Должность", width: 4 },
      { header: "Ставка", width: 1 },
      { header: "С", width: 1.3 },
      { header: "По", width: 1.3 },
    ],
    card.positions.map((x) => [x.title, rate(x.rate), formatDate(x.fromDate), formatDate(x.toDate)]),
    { emptyText: "Нет" },
  );
  pdfHeading(doc, "Трудовая деятельность в школе");
  pdfTable(
    doc,
    [
      { header: "Дата", width: 1.2 },
      { header: "Событие", width: 1.6 },
      { header: "Приказ", width: 1.8 },
      { header: "Должность, основание", width: 3.5 },
    ],
    card.events.map((e) => [
      formatDate(e.date),
      EVENT_NAMES[e.kind],
      `№ ${e.orderNumber} от ${formatDate(e.orderDate)}`,
      [e.position, e.rate ? rate(e.rate) : null, e.reason].filter(Boolean).join(", "),
    ]),
    { emptyText: "Нет" },
  );
  pdfHeading(doc, "Образование");
  pdfTable(
    doc,
    [
      { header: "Уровень", width: 2 },
      { header: "Учебное заведение", width: 3 },
      { header: "Год", width: 0.8 },
      { header: "Специальность", width: 2.2 },
    ],
    card.education.map((e) => [educationName(e.level), e.institution, String(e.graduationYear), e.speciality ?? ""]),
    { emptyText: "Нет" },
  );
  pdfHeading(doc, "Квалификационная категория");
  pdfTable(
    doc,
    [
      { header: "Категория", width: 3 },
      { header: "Присвоена", width: 1.3 },
      { header: "Действует до", width: 1.3 },
      { header: "Приказ", width: 1.3 },
    ],
    card.qualifications.map((q) => [CATEGORY_NAMES[q.category], formatDate(q.assignedAt), formatDate(q.validUntil), q.orderNumber ?? ""]),
    { emptyText: "Нет" },
  );
  pdfHeading(doc, "Награды и поощрения");
  pdfTable(
    doc,
    [
      { header: "Награда", width: 4 },
      { header: "Дата", width: 1.2 },
      { header: "Документ", width: 2 },
    ],
    card.awards.map((a) => [a.title, formatDate(a.date), a.document ?? ""]),
    { emptyText: "Нет" },
  );
  pdfHeading(doc, "Повышение квалификации");
  pdfTable(
    doc,
    [
      { header: "Курс", width: 3 },
      { header: "Организация", width: 2 },
      { header: "Часов", width: 0.8 },
      { header: "Сроки", width: 2 },
    ],
    card.trainings.map((t) => [t.course, t.provider ?? "", String(t.hours), `${formatDate(t.fromDate)}–${formatDate(t.toDate)}`]),
    { emptyText: "Нет" },
  );
  pdfHeading(doc, "Методическая работа");
  pdfTable(
    doc,
    [
      { header: "Дата", width: 1.2 },
      { header: "Тема, вид работы", width: 3 },
      { header: "Описание", width: 3.5 },
    ],
    card.methodical.map((m) => [formatDate(m.date), m.title, m.description ?? ""]),
    { emptyText: "Нет" },
  );
  pdfSignatureLines(doc, ["Специалист по кадрам", "Работник"]);
  return toBuffer(doc);
}

/** The HR reports of a day as a PDF: one table per grouping, with the rates by position. */
export async function hrReportPdf(schoolName: string, r: HrReport, on: Date): Promise<Buffer> {
  const doc = createPdf({ title: "Кадровые отчёты" });
  pdfHeader(doc, { schoolName, title: "Кадровые отчёты", subtitle: `на ${formatDate(on)}, всего работников: ${r.total}` });
  const table = (title: string, lines: Line[], withRate = false) => {
    pdfHeading(doc, title);
    pdfTable(
      doc,
      [
        { header: "", width: 4 },
        { header: "Человек", width: 1, align: "right" },
        ...(withRate ? [{ header: "Ставок", width: 1, align: "right" as const }] : []),
      ],
      lines.map((l) => [l.label, String(l.count), ...(withRate ? [String(l.rate ?? 0).replace(".", ",")] : [])]),
    );
  };
  table("По должностям", r.byPosition, true);
  table("По квалификационной категории", r.byCategory);
  table("По образованию", r.byEducation);
  table("По возрасту", r.byAge);
  table("По общему стажу", r.byService);
  table("По педагогическому стажу", r.byTeaching);
  return toBuffer(doc);
}
