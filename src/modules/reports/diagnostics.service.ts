/**
 * «Анализ ВПР и диагностических работ» (issue 17, 002 §2, R-GIA-1): for the deputies, per work (a class) and per
 * parallel (the works of one kind and subject in one grade): how many wrote, the marks «5»/«4»/«3»/«2», the mean
 * score, quality («4» and «5» of those who wrote) and success («3» and above), and the comparison with the
 * pupil's current journal mark in the subject — the weighted average of the journal's marks from the start of
 * the study period containing the work's date up to that date, rounded by the school's thresholds as the
 * journal's forecast — confirmed (equal), higher (the work's mark above the journal's) or lower, counts and % of
 * the pupils who have a journal mark. One statement for the year.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { formatDate } from "../../lib/dates.ts";
import { compareText } from "../../lib/names.ts";
import { forecastOfSums, type Thresholds } from "../journal/journal.service.ts";
import { KIND_NAMES } from "../diagnostics/diagnostics.service.ts";
import { num, pct, schoolInfo, yearOf, type ReportDoc, type ReportTable } from "./reports.common.ts";
import { scopeOf } from "./reports.scope.ts";

interface Row {
  workId: number;
  kind: keyof typeof KIND_NAMES;
  title: string | null;
  date: Date;
  maxScore: number;
  grade: number;
  letter: string;
  subjectId: number;
  subject: string;
  score: number | null;
  mark: number | null;
  num: number | null;
  den: number | null;
  t5: number;
  t4: number;
  t3: number;
}

const SQL = `
WITH w AS (
  SELECT dw.id, dw.kind::text AS kind, dw.title, dw.date, dw."maxScore", dw."yearId", dw."subjectId", c.grade, c.letter, s.name AS subject,
         (SELECT sp."startDate" FROM "StudyPeriod" sp JOIN "PeriodSet" ps ON ps.id = sp."periodSetId"
           WHERE ps."yearId" = dw."yearId" AND c.grade BETWEEN ps."gradeFrom" AND ps."gradeTo" AND sp."startDate" <= dw.date
           ORDER BY sp."startDate" DESC LIMIT 1) AS "periodFrom"
    FROM "DiagnosticWork" dw
    JOIN "SchoolClass" c ON c.id = dw."classId"
    JOIN "Subject" s ON s.id = dw."subjectId"
   WHERE dw."schoolId" = $1 AND dw."yearId" = $2)
SELECT w.id AS "workId", w.kind, w.title, w.date, w."maxScore", w.grade, w.letter, w."subjectId", w.subject, r.score, r.mark,
       j.num::float8 AS num, j.den::float8 AS den,
       sc."forecastThreshold5"::float8 AS t5, sc."forecastThreshold4"::float8 AS t4, sc."forecastThreshold3"::float8 AS t3
  FROM w
  JOIN "School" sc ON sc.id = $1
  LEFT JOIN "DiagnosticResult" r ON r."workId" = w.id
  LEFT JOIN LATERAL (
    SELECT SUM(m.value * round(t.weight * 10)) AS num, SUM(round(t.weight * 10)) AS den
      FROM "Mark" m
      JOIN "Lesson" l ON l.id = m."lessonId"
      JOIN "LessonWork" lw ON lw.id = m."workId"
      JOIN "AssignmentType" t ON t.id = lw."assignmentTypeId"
     WHERE m."studentId" = r."studentId" AND m."schoolId" = $1 AND l."subjectId" = w."subjectId"
       AND l.date BETWEEN COALESCE(w."periodFrom", w.date) AND w.date) j ON r.id IS NOT NULL
 ORDER BY w.kind, w.subject, w.grade, w.letter, w.date, w.id`;

export interface DiagnosticFigures {
  takers: number;
  marks: Record<2 | 3 | 4 | 5, number>;
  meanScore: number | null;
  quality: number;
  success: number;
  /** Pupils with a journal mark to compare with. */
  compared: number;
  confirmed: number;
  higher: number;
  lower: number;
}

function figures(rows: { score: number; mark: number; journal: number | null }[]): DiagnosticFigures {
  const marks = { 2: 0, 3: 0, 4: 0, 5: 0 } as Record<2 | 3 | 4 | 5, number>;
  let sum = 0;
  const f = { compared: 0, confirmed: 0, higher: 0, lower: 0 };
  for (const r of rows) {
    marks[Math.min(5, Math.max(2, r.mark)) as 2 | 3 | 4 | 5]++;
    sum += r.score;
    if (r.journal === null) continue;
    f.compared++;
    if (r.mark === r.journal) f.confirmed++;
    else if (r.mark > r.journal) f.higher++;
    else f.lower++;
  }
  return {
    takers: rows.length,
    marks,
    meanScore: rows.length ? sum / rows.length : null,
    quality: marks[5] + marks[4],
    success: marks[5] + marks[4] + marks[3],
    ...f,
  };
}

/** The analysis of the year's works (?year=, ?kind=VPR|DIAGNOSTIC|ADMINISTRATIVE). 403 outside the deputies and the administrator. */
export async function diagnosticReport(actor: Actor, input: { year: unknown; kind: unknown }) {
  await scopeOf(actor, "diagnostics");
  const school = await schoolInfo(actor);
  const year = await yearOf(actor, input.year);
  const kind = typeof input.kind === "string" && input.kind in KIND_NAMES ? (input.kind as keyof typeof KIND_NAMES) : null;
  const { rows } = await pgPool().query<Row>(SQL, [actor.schoolId, year.id]);
  const works = new Map<
    number,
    {
      id: number;
      kind: Row["kind"];
      title: string | null;
      date: Date;
      maxScore: number;
      grade: number;
      className: string;
      subject: string;
      results: { score: number; mark: number; journal: number | null }[];
    }
  >();
  for (const r of rows) {
    if (kind && r.kind !== kind) continue;
    const w = works.get(r.workId) ?? {
      id: r.workId,
      kind: r.kind,
      title: r.title,
      date: r.date,
      maxScore: r.maxScore,
      grade: r.grade,
      className: `${r.grade}${r.letter}`,
      subject: r.subject,
      results: [],
    };
    if (r.score !== null && r.mark !== null) {
      const t: Thresholds = { t5: r.t5, t4: r.t4, t3: r.t3 };
      w.results.push({ score: r.score, mark: r.mark, journal: r.den ? forecastOfSums(r.num ?? 0, r.den, t) : null });
    }
    works.set(r.workId, w);
  }
  const groups = new Map<
    string,
    {
      kind: Row["kind"];
      subject: string;
      grade: number;
      works: { id: number; className: string; date: Date; title: string | null; maxScore: number; f: DiagnosticFigures }[];
      total: DiagnosticFigures;
    }
  >();
  for (const w of works.values()) {
    const key = `${w.kind}|${w.subject}|${w.grade}`;
    const g = groups.get(key) ?? { kind: w.kind, subject: w.subject, grade: w.grade, works: [], total: figures([]) };
    g.works.push({ id: w.id, className: w.className, date: w.date, title: w.title, maxScore: w.maxScore, f: figures(w.results) });
    groups.set(key, g);
  }
  for (const g of groups.values())
    g.total = figures([...works.values()].filter((w) => `${w.kind}|${w.subject}|${w.grade}` === `${g.kind}|${g.subject}|${g.grade}`).flatMap((w) => w.results));
  const list = [...groups.values()].sort((a, b) => compareText(a.kind, b.kind) || compareText(a.subject, b.subject) || a.grade - b.grade);
  return { school, year, kind, groups: list };
}

export type DiagnosticReport = Awaited<ReturnType<typeof diagnosticReport>>;

/** «n (p %)» of the pupils compared. */
const part = (n: number, of: number) => (of ? `${n} (${pct(n, of)})` : "—");

function cells(f: DiagnosticFigures): string[] {
  return [
    String(f.takers),
    String(f.marks[5]),
    String(f.marks[4]),
    String(f.marks[3]),
    String(f.marks[2]),
    num(f.meanScore, 1),
    pct(f.quality, f.takers),
    pct(f.success, f.takers),
    part(f.confirmed, f.compared),
    part(f.higher, f.compared),
    part(f.lower, f.compared),
  ];
}

/** The kinds for the page's filter. */
export const DIAGNOSTIC_KINDS = Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }));

export const DIAGNOSTIC_COLUMNS = [
  "Писали",
  "«5»",
  "«4»",
  "«3»",
  "«2»",
  "Средний балл",
  "Качество",
  "Успеваемость",
  "Подтвердили",
  "Выше журнала",
  "Ниже журнала",
];

/** The report as one document: a table per parallel, a row per work and the parallel's total in bold. */
export function diagnosticDoc(r: DiagnosticReport): ReportDoc {
  const R = { align: "right" as const };
  const tables: ReportTable[] = r.groups.map((g) => ({
    heading: `${KIND_NAMES[g.kind]} · ${g.subject} · ${g.grade} классы`,
    columns: [
      { header: "Класс, дата", width: 2.3 },
      { header: "Макс. балл", width: 0.7, ...R },
      ...DIAGNOSTIC_COLUMNS.map((h, i) => ({ header: h, width: i >= 8 ? 1.3 : 0.8, ...R })),
    ],
    rows: [
      ...g.works.map((w) => [`${w.className}, ${formatDate(w.date)}`, String(w.maxScore), ...cells(w.f)]),
      [`Параллель ${g.grade}-х классов`, "", ...cells(g.total)],
    ],
    bold: [g.works.length],
  }));
  return {
    title: "Анализ ВПР и диагностических работ",
    subtitle: `${r.year.name}${r.kind ? `, ${KIND_NAMES[r.kind]}` : ""}`,
    tables,
    notes: [
      "Качество — доля «4» и «5», успеваемость — доля «3», «4» и «5» от писавших. Отметка в журнале — средневзвешенная отметка по предмету с начала периода по день работы, округлённая по порогам школы; проценты сравнения — от учеников, у которых она есть.",
    ],
    signatures: ["Заместитель директора", "Директор"],
    landscape: true,
    filename: `Анализ ВПР и диагностических работ ${r.year.name.replace(/\//g, "-")}`,
  };
}
