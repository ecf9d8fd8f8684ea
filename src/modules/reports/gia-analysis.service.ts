/**
 * «Анализ результатов ГИА» (issue 17, 000 §6 «анализирует результаты ГИА»), for deputies and the
 * administrator (catalogue entity gia-report): per GIA subject, for grade 9 and grade 11 separately,
 * for the school and each class — takers, mean score, mean mark, the distribution of marks 5/4/3/2,
 * the share below the minimum (a «2» or «незачёт» among the marks), and for exams linked to a school
 * subject the comparison of the exam mark with the year mark: confirmed, higher, lower (counts and %).
 * One statement reads the year's results with each pupil's graduating class and year mark.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { className, compareText } from "../../lib/names.ts";
import { reportReach } from "./reports.policy.ts";
import { num, pct, schoolInfo, yearFileName, yearOf, type ReportDoc, type ReportTable } from "./reports.common.ts";

interface ResultRow {
  subjectName: string;
  score: number | null;
  mark: string | null;
  classId: number;
  grade: number;
  letter: string;
  yearMark: string | null;
  linked: boolean;
}

export interface GiaFigures {
  takers: number;
  scoreSum: number;
  scores: number;
  markSum: number;
  marks: number;
  dist: Record<"5" | "4" | "3" | "2", number>;
  /** Results with any mark (the base of the share below the minimum). */
  withMark: number;
  below: number;
  compared: number;
  same: number;
  higher: number;
  lower: number;
}

const NUMERIC = /^[2-5]$/;

function empty(): GiaFigures {
  return {
    takers: 0,
    scoreSum: 0,
    scores: 0,
    markSum: 0,
    marks: 0,
    dist: { 5: 0, 4: 0, 3: 0, 2: 0 },
    withMark: 0,
    below: 0,
    compared: 0,
    same: 0,
    higher: 0,
    lower: 0,
  };
}

/** Adds one exam result to the figures. */
export function addResult(f: GiaFigures, r: Pick<ResultRow, "score" | "mark" | "yearMark" | "linked">): void {
  f.takers++;
  if (r.score !== null) {
    f.scoreSum += r.score;
    f.scores++;
  }
  if (r.mark !== null) {
    f.withMark++;
    if (r.mark === "2" || r.mark === "незачёт") f.below++;
  }
  if (r.mark !== null && NUMERIC.test(r.mark)) {
    f.markSum += Number(r.mark);
    f.marks++;
    f.dist[r.mark as "5" | "4" | "3" | "2"]++;
    if (r.linked && r.yearMark !== null && NUMERIC.test(r.yearMark)) {
      f.compared++;
      const d = Number(r.mark) - Number(r.yearMark);
      if (d === 0) f.same++;
      else if (d > 0) f.higher++;
      else f.lower++;
    }
  }
}

export interface GiaLine {
  subjectName: string;
  /** «Все классы» for the school line. */
  where: string;
  school: boolean;
  f: GiaFigures;
}

/** The analysis of a year (?year=ID of the school, else the current one): 403 outside deputies and the administrator. */
export async function giaAnalysis(actor: Actor, q: { yearId: unknown }) {
  reportReach(actor, "gia");
  const year = await yearOf(actor, q.yearId);
  const school = await schoolInfo(actor);
  const { rows } = await pgPool().query<ResultRow>(
    `SELECT e."subjectName", e.score, e.mark, c.id AS "classId", c.grade, c.letter, y.value AS "yearMark", e."subjectId" IS NOT NULL AS linked
       FROM "GiaExam" e
       JOIN "GiaRegistration" r ON r.id = e."registrationId"
       JOIN LATERAL (
         SELECT sc.id, sc.grade, sc.letter FROM "ClassMembership" m JOIN "SchoolClass" sc ON sc.id = m."classId"
          WHERE m."studentId" = r."studentId" AND sc."yearId" = r."yearId" AND sc.grade IN (9, 11)
          ORDER BY m."toDate" DESC NULLS FIRST, m."fromDate" DESC LIMIT 1) c ON true
       LEFT JOIN "FinalMark" y ON y."studentId" = r."studentId" AND y."subjectId" = e."subjectId" AND y."yearId" = r."yearId" AND y.kind = 'YEAR'
      WHERE e."schoolId" = $1 AND r."schoolId" = $1 AND r."yearId" = $2 AND (e.score IS NOT NULL OR e.mark IS NOT NULL)`,
    [actor.schoolId, year.id],
  );
  const grades = [9, 11].map((grade) => {
    const subjects = new Map<string, { all: GiaFigures; classes: Map<string, GiaFigures> }>();
    for (const r of rows.filter((x) => x.grade === grade)) {
      let s = subjects.get(r.subjectName);
      if (!s) subjects.set(r.subjectName, (s = { all: empty(), classes: new Map() }));
      addResult(s.all, r);
      const cn = className(r);
      if (!s.classes.has(cn)) s.classes.set(cn, empty());
      addResult(s.classes.get(cn)!, r);
    }
    const lines: GiaLine[] = [];
    for (const name of [...subjects.keys()].sort(compareText)) {
      const s = subjects.get(name)!;
      lines.push({ subjectName: name, where: "Все классы", school: true, f: s.all });
      for (const cn of [...s.classes.keys()].sort(compareText)) lines.push({ subjectName: name, where: cn, school: false, f: s.classes.get(cn)! });
    }
    return { grade, title: grade === 9 ? "9 классы (ОГЭ, ГВЭ)" : "11 классы (ЕГЭ, ГВЭ)", lines };
  });
  return { year, school, grades, results: rows.length };
}

export type GiaAnalysis = Awaited<ReturnType<typeof giaAnalysis>>;

const share = (n: number, of: number) => (of ? `${n} (${pct(n, of)})` : "—");

/** The figures of a line as the cells of the page, the PDF and the spreadsheet. */
export function giaCells(f: GiaFigures): string[] {
  return [
    String(f.takers),
    f.scores ? num(f.scoreSum / f.scores, 1) : "—",
    f.marks ? num(f.markSum / f.marks, 2) : "—",
    String(f.dist["5"]),
    String(f.dist["4"]),
    String(f.dist["3"]),
    String(f.dist["2"]),
    pct(f.below, f.withMark),
    String(f.compared),
    share(f.same, f.compared),
    share(f.higher, f.compared),
    share(f.lower, f.compared),
  ];
}

export const GIA_COLUMNS = [
  "Сдавали",
  "Средний балл",
  "Средняя отметка",
  "«5»",
  "«4»",
  "«3»",
  "«2»",
  "Ниже минимума",
  "Сравнено с годовой",
  "Подтвердили годовую",
  "Выше годовой",
  "Ниже годовой",
];

export function giaDoc(r: GiaAnalysis): ReportDoc {
  const tables: ReportTable[] = r.grades.map((g) => ({
    heading: g.title,
    columns: [
      { header: "Предмет", width: 3.2 },
      { header: "Класс", width: 1.3 },
      ...GIA_COLUMNS.map((h) => ({ header: h, width: h.startsWith("«") ? 0.6 : 1.3, align: "center" as const, xlsxWidth: h.startsWith("«") ? 6 : 14 })),
    ],
    rows: g.lines.map((l) => [l.subjectName, l.where, ...giaCells(l.f)]),
    bold: g.lines.flatMap((l, i) => (l.school ? [i] : [])),
    fontSize: 7.5,
  }));
  return {
    title: "Анализ результатов ГИА",
    subtitle: `${r.year.name} учебный год; ниже минимума — доля отметок «2» и «незачёт»; сравнение — для экзаменов, связанных с предметом школы`,
    tables,
    landscape: true,
    filename: `Анализ ГИА ${yearFileName(r.year)}`,
  };
}
