/** R-RPT-3: the progress report as tables for the PDF and the spreadsheet, and its subtitle. */
import { num, periodFileName, yearFileName, type ReportDoc } from "./reports.common.ts";
import { delta, pctOf, type StudentFigures, type SubjectFigures } from "./progress.figures.ts";
import type { ProgressReport } from "./progress.service.ts";

/** The report as tables for the PDF and spreadsheet. */
export function progressDoc(r: ProgressReport): ReportDoc {
  const R = (x: number) => ({ width: x, align: "right" as const });
  const classCols = [
    { header: "Класс", width: 1 },
    { header: "Аттестовано", ...R(1.2) },
    { header: "Отличники", ...R(1.1) },
    { header: "Хорошисты", ...R(1.1) },
    { header: "С одной «3»", ...R(1.1) },
    { header: "Неуспев.", ...R(1) },
    { header: "Успеваемость", ...R(1.3) },
    { header: "Качество", ...R(1.2) },
    { header: "Средний балл", ...R(1.1) },
    { header: "СОУ", ...R(1) },
    { header: "Δ успев.", ...R(1) },
    { header: "Δ кач.", ...R(1) },
  ];
  const classLine = (name: string, c: StudentFigures, p: StudentFigures | null) => [
    name,
    String(c.attested),
    String(c.excellent),
    String(c.good),
    String(c.one3),
    String(c.failing),
    pctOf(c.passedPct),
    pctOf(c.qualityPct),
    num(c.average),
    pctOf(c.sou),
    delta(c.passedPct, p?.passedPct),
    delta(c.qualityPct, p?.qualityPct),
  ];
  const subjCols = [
    { header: "Предмет", width: 2.4 },
    { header: "«5»", ...R(0.7) },
    { header: "«4»", ...R(0.7) },
    { header: "«3»", ...R(0.7) },
    { header: "«2»", ...R(0.7) },
    { header: "Успеваемость", ...R(1.3) },
    { header: "Качество", ...R(1.2) },
    { header: "Средний балл", ...R(1.1) },
    { header: "СОУ", ...R(1) },
    { header: "Δ успев.", ...R(1) },
    { header: "Δ кач.", ...R(1) },
    { header: "Δ ср. балла", ...R(1) },
  ];
  const subjLine = (name: string, s: SubjectFigures, p: SubjectFigures | null) => [
    name,
    String(s.n[5]),
    String(s.n[4]),
    String(s.n[3]),
    String(s.n[2] + s.n[1]),
    pctOf(s.passedPct),
    pctOf(s.qualityPct),
    num(s.average),
    pctOf(s.sou),
    delta(s.passedPct, p?.passedPct),
    delta(s.qualityPct, p?.qualityPct),
    delta(s.average, p?.average, 2),
  ];
  const notes: string[] = [];
  for (const c of r.classRows) {
    const parts: [string, string[]][] = [
      ["Отличники", c.lists.excellent],
      ["Хорошисты", c.lists.good],
      ["С одной «3»", c.lists.one3],
      ["Неуспевающие", c.lists.failing],
    ];
    notes.push(`${c.name}: ` + parts.map(([h, l]) => `${h} (${l.length}): ${l.length ? l.join("; ") : "—"}`).join(". "));
  }
  return {
    title: "Успеваемость и качество знаний",
    subtitle: progressSubtitle(r),
    tables: [
      {
        heading: "По классам",
        columns: classCols,
        rows: [...r.classRows.map((c) => classLine(c.name, c, c.prev)), classLine("По школе", r.total, r.prevTotal)],
        bold: [r.classRows.length],
      },
      { heading: "По предметам", columns: subjCols, rows: r.subjectRows.map((s) => subjLine(s.name, s, s.prev)) },
      { heading: "По учителям", columns: subjCols, rows: r.teacherRows.map((t) => subjLine(`${t.teacher}: ${t.className} ${t.subject}`, t, t.prev)) },
    ],
    notes,
    landscape: true,
    filename: [
      "Успеваемость",
      r.classIds.length === 1 ? r.classRows[0]?.name : null,
      r.teacherName?.split(" ")[0],
      r.period ? periodFileName(r.period) : "год",
      yearFileName(r.year),
    ]
      .filter(Boolean)
      .join(" "),
  };
}

export function progressSubtitle(r: ProgressReport): string {
  const what = r.period ? `${r.period.label} ${r.year.name}` : `${r.year.name} учебный год (годовые отметки)`;
  const cmp = r.prevPeriods.length ? `; сравнение: ${r.prevPeriods.map((p) => p.label).join(", ")}` : "";
  return `${what}${r.teacherName ? `; учитель ${r.teacherName}` : ""}${cmp}`;
}
