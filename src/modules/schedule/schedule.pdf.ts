/** Timetable printouts as PDF (R-SCH-1): the week grids and the school's day, drawn with src/lib/pdf.ts. */
import { createPdf, pdfHeader, pdfTable, toBuffer } from "../../lib/pdf.ts";
import { formatDate } from "../../lib/dates.ts";
import { cellKey, dayLessonText, type DayGrid, type WeekGrid } from "./views.service.ts";
import { WEEKDAYS } from "./schedule.text.ts";

/** A week grid: lesson numbers down, weekdays across. */
export async function weekPdf(schoolName: string, grid: WeekGrid, date: Date): Promise<Buffer> {
  const doc = createPdf({ title: grid.title, layout: "landscape", margin: 30 });
  pdfHeader(doc, { schoolName, title: grid.title, subtitle: `Расписание действует на ${formatDate(date)}` });
  const columns = [{ header: "Урок", width: 0.8 }, ...grid.weekdays.map((d) => ({ header: WEEKDAYS[d]!, width: 2 }))];
  const rows = grid.numbers.map((n) => [
    `${n}${grid.times.get(n) ? `\n${grid.times.get(n)}` : ""}`,
    ...grid.weekdays.map((d) => (grid.cells.get(cellKey(d, n)) ?? []).map((i) => [i.main, ...i.details].join(", ")).join("\n")),
  ]);
  pdfTable(doc, columns, rows, { fontSize: 8.5 });
  return toBuffer(doc);
}

/** The school on one day: classes down, lesson numbers across. */
export async function dayPdf(schoolName: string, grid: DayGrid, date: Date): Promise<Buffer> {
  const doc = createPdf({ title: grid.title, layout: "landscape", margin: 24 });
  pdfHeader(doc, { schoolName, title: grid.title, subtitle: formatDate(date) });
  const columns = [{ header: "Класс", width: 0.6 }, ...grid.numbers.map((n) => ({ header: `${n} урок`, width: 2 }))];
  const rows = grid.rows.map((r) => [
    r.className,
    ...grid.numbers.map((n) =>
      (r.cells.get(n) ?? [])
        .map((l) => {
          const t = dayLessonText(l);
          return `${t.main}, ${t.details.join(", ")}${t.note ? ` — ${t.note.toLowerCase()}` : ""}`;
        })
        .join("\n"),
    ),
  ]);
  pdfTable(doc, columns, rows, { fontSize: 7, emptyText: "Классов нет" });
  return toBuffer(doc);
}
