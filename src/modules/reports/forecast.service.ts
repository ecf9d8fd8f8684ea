/**
 * «Прогноз и группа риска» (issue 17; 000 §6, 004 §2): for the classes of the actor's reach, each pupil's
 * current weighted average and forecast per subject graded with marks — for the class's study period
 * (the one holding the day, else the last begun) and for the year so far — and the pupils at risk:
 * a forecast of «2» for the period, or fewer marks in the period than the school's minimum for
 * certification (School.minMarksForCertification, default 3). The forecast is the journal's own
 * (R-JRN-8: exact weighted sums rounded with the school's thresholds, journal.calc forecastOfSums).
 * Deputies and the administrator see every class; a class teacher the own class; a teacher the
 * subjects taught in the classes taught. Grades taught without marks have no forecast. One statement.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { formatDate, isoDate, today } from "../../lib/dates.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { forecastOfSums, formatAverage, thresholdsOf, type Thresholds } from "../journal/journal.service.ts";
import { schoolInfo, yearOf, type ReportDoc } from "./reports.common.ts";
import { assertClassesInScope, scopeOf } from "./reports.scope.ts";
import { visibleClass, visibleJournal } from "./reports.policy.ts";

interface PairRow {
  classId: number;
  studentId: number;
  subjectId: number;
  pnum: string | null;
  pden: string | null;
  pn: number;
  ynum: string | null;
  yden: string | null;
  yn: number;
}

/**
 * $1 school, $2 year, $3 class ids, $4 the day, $5 with the year's sums (else the period's marks only). `per`: each class's study period holding the day, else the
 * last begun; the sums are exact integers (weights × 10), so the forecast rounds exactly as the journal's.
 */
const SQL = `
WITH cls AS (
  SELECT c.id, c.grade, c."yearId" FROM "SchoolClass" c
   WHERE c."schoolId" = $1 AND c."yearId" = $2 AND c.id = ANY($3::int[])
     AND c.grade <> ALL((SELECT sc."ungradedGrades" FROM "School" sc WHERE sc.id = $1)::int[])
), per AS (
  SELECT DISTINCT ON (cls.id) cls.id AS "classId", p."startDate", p."endDate"
    FROM cls JOIN "PeriodSet" ps ON ps."yearId" = cls."yearId" AND cls.grade BETWEEN ps."gradeFrom" AND ps."gradeTo"
    JOIN "StudyPeriod" p ON p."periodSetId" = ps.id AND p."startDate" <= $4::date
   ORDER BY cls.id, p."startDate" DESC
)
SELECT l."classId", m."studentId", l."subjectId",
       sum(m.value * round(t.weight * 10)) FILTER (WHERE l.date >= per."startDate" AND l.date <= per."endDate") AS pnum,
       sum(round(t.weight * 10)) FILTER (WHERE l.date >= per."startDate" AND l.date <= per."endDate") AS pden,
       (count(*) FILTER (WHERE l.date >= per."startDate" AND l.date <= per."endDate"))::int AS pn,
       sum(m.value * round(t.weight * 10)) AS ynum, sum(round(t.weight * 10)) AS yden, count(*)::int AS yn
  FROM cls
  JOIN per ON per."classId" = cls.id
  JOIN "AcademicYear" y ON y.id = cls."yearId"
  JOIN "Lesson" l ON l."schoolId" = $1 AND l."classId" = cls.id AND l.date BETWEEN (CASE WHEN $5 THEN y."startDate" ELSE per."startDate" END) AND $4::date
  JOIN "Subject" s ON s.id = l."subjectId" AND s."gradingMode" = 'MARKS'
  JOIN "LessonWork" w ON w."lessonId" = l.id
  JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
  JOIN "Mark" m ON m."workId" = w.id
 GROUP BY 1, 2, 3`;

export interface ForecastCell {
  /** Weighted average of the period's marks (null without marks), its forecast, how many marks. */
  avg: number | null;
  forecast: number | null;
  count: number;
  yearAvg: number | null;
  yearForecast: number | null;
  /** «прогноз «2»», «мало отметок»: why the pair is at risk; empty when it is not. */
  risks: ("two" | "few")[];
}

export interface ForecastClass {
  id: number;
  name: string;
  period: { start: Date; end: Date } | null;
  subjects: { id: number; name: string }[];
  pupils: { studentId: number; name: string; cells: Record<number, ForecastCell>; atRisk: boolean }[];
  atRisk: number;
  twos: number;
  few: number;
}

export interface RiskLine {
  classId: number;
  className: string;
  pupil: string;
  subject: string;
  avg: number | null;
  count: number;
  risks: ("two" | "few")[];
}

export const RISK_NAMES = { two: "прогноз «2»", few: "мало отметок" } as const;

/** The report for ?year= and ?class= (several allowed; none: every class of the scope). 404 for a class outside it. */
export async function forecastReport(actor: Actor, input: { yearId: unknown; classIds: number[] }, day: Date = today()) {
  const scope = await scopeOf(actor, "forecast");
  const [school, year] = await Promise.all([schoolInfo(actor), yearOf(actor, input.yearId)]);
  await assertClassesInScope(actor, scope, year.id, input.classIds);
  const asOf = day < year.startDate ? year.startDate : day > year.endDate ? year.endDate : day;
  const settings = await prisma.school.findUniqueOrThrow({
    where: { id: actor.schoolId },
    select: { forecastThreshold5: true, forecastThreshold4: true, forecastThreshold3: true, minMarksForCertification: true, ungradedGrades: true },
  });
  const t: Thresholds = thresholdsOf({
    t5: String(settings.forecastThreshold5),
    t4: String(settings.forecastThreshold4),
    t3: String(settings.forecastThreshold3),
  });
  const minMarks = settings.minMarksForCertification;

  const allClasses = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: year.id },
    select: { id: true, grade: true, letter: true },
  });
  const classes = allClasses
    .filter((c) => visibleClass(scope, c.id) && (!input.classIds.length || input.classIds.includes(c.id)))
    .sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, "ru"));
  const ids = classes.map((c) => c.id);
  // A teacher who does not lead the class sees the subjects of the own load in it only (reports.policy visibleJournal).
  const loads = await prisma.teachingLoad.findMany({
    where: { schoolId: actor.schoolId, yearId: year.id, classId: { in: ids }, subject: { gradingMode: "MARKS" } },
    select: { classId: true, subjectId: true, teacherId: true, subject: { select: { name: true, sortOrder: true } } },
  });
  // The year's figures are shown for one class only: the school's summary reads the periods' marks alone.
  const withYear = ids.length === 1;
  const [pairs, members, periods] = await Promise.all([
    pgPool()
      .query<PairRow>(SQL, [actor.schoolId, year.id, ids, isoDate(asOf), withYear])
      .then((r) => r.rows),
    prisma.classMembership.findMany({
      where: { schoolId: actor.schoolId, classId: { in: ids }, fromDate: { lte: asOf }, OR: [{ toDate: null }, { toDate: { gte: asOf } }] },
      select: { classId: true, studentId: true, student: { select: { person: { select: { lastName: true, firstName: true, middleName: true } } } } },
    }),
    pgPool()
      .query<{ classId: number; startDate: Date; endDate: Date }>(
        `SELECT DISTINCT ON (c.id) c.id AS "classId", p."startDate", p."endDate"
           FROM "SchoolClass" c JOIN "PeriodSet" ps ON ps."yearId" = c."yearId" AND c.grade BETWEEN ps."gradeFrom" AND ps."gradeTo"
           JOIN "StudyPeriod" p ON p."periodSetId" = ps.id AND p."startDate" <= $2::date
          WHERE c.id = ANY($1::int[]) ORDER BY c.id, p."startDate" DESC`,
        [ids, isoDate(asOf)],
      )
      .then((r) => r.rows),
  ]);
  const pairOf = new Map(pairs.map((p) => [`${p.classId}:${p.studentId}:${p.subjectId}`, p]));
  const periodOf = new Map(periods.map((p) => [p.classId, { start: p.startDate, end: p.endDate }]));
  const ungraded = new Set(settings.ungradedGrades ?? []);

  const report: ForecastClass[] = [];
  const risks: RiskLine[] = [];
  for (const c of classes) {
    if (ungraded.has(c.grade)) continue;
    const name = className(c);
    const subjectMap = new Map<number, { id: number; name: string; sort: number }>();
    for (const l of loads)
      if (l.classId === c.id && visibleJournal(scope, { classId: c.id, teacherId: l.teacherId }))
        subjectMap.set(l.subjectId, { id: l.subjectId, name: l.subject.name, sort: l.subject.sortOrder });
    const subjects = [...subjectMap.values()].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, "ru")).map(({ id, name }) => ({ id, name }));
    const roster = members
      .filter((m) => m.classId === c.id)
      .map((m) => ({ studentId: m.studentId, person: m.student.person }))
      .sort((a, b) => compareNames(a.person, b.person));
    const seen = new Set<number>();
    const pupils = roster
      .filter((r) => !seen.has(r.studentId) && seen.add(r.studentId))
      .map((r) => {
        const cells: Record<number, ForecastCell> = {};
        for (const s of subjects) {
          const p = pairOf.get(`${c.id}:${r.studentId}:${s.id}`);
          const pnum = Number(p?.pnum ?? 0);
          const pden = Number(p?.pden ?? 0);
          const ynum = Number(p?.ynum ?? 0);
          const yden = Number(p?.yden ?? 0);
          const cell: ForecastCell = {
            avg: pden > 0 ? pnum / pden : null,
            forecast: forecastOfSums(pnum, pden, t),
            count: p?.pn ?? 0,
            yearAvg: yden > 0 ? ynum / yden : null,
            yearForecast: forecastOfSums(ynum, yden, t),
            risks: [],
          };
          if (cell.forecast === 2) cell.risks.push("two");
          if (cell.count < minMarks) cell.risks.push("few");
          cells[s.id] = cell;
          if (cell.risks.length)
            risks.push({ classId: c.id, className: name, pupil: fullName(r.person), subject: s.name, avg: cell.avg, count: cell.count, risks: cell.risks });
        }
        return { studentId: r.studentId, name: fullName(r.person), cells, atRisk: Object.values(cells).some((x) => x.risks.length > 0) };
      });
    const cellsOf = pupils.flatMap((p) => Object.values(p.cells));
    report.push({
      id: c.id,
      name,
      period: periodOf.get(c.id) ?? null,
      subjects,
      pupils,
      atRisk: pupils.filter((p) => p.atRisk).length,
      twos: cellsOf.filter((x) => x.risks.includes("two")).length,
      few: cellsOf.filter((x) => x.risks.includes("few")).length,
    });
  }
  const one = report.length === 1 && input.classIds.length === 1 ? report[0]! : null;
  return { school, year, asOf, minMarks, classes: report, one, risks, scopeAll: scope.all };
}

export type ForecastReport = Awaited<ReturnType<typeof forecastReport>>;

/** «4,25 → 4» for a cell; «—» without marks. */
export function cellText(avg: number | null, forecast: number | null): string {
  return avg === null ? "—" : `${formatAverage(avg)} → ${forecast ?? "—"}`;
}

export function riskText(r: readonly ("two" | "few")[], count: number, minMarks: number): string {
  return r.map((k) => (k === "few" ? `${RISK_NAMES.few} (${count} из ${minMarks})` : RISK_NAMES.two)).join(", ");
}

/** PDF and .xlsx: one class as pupils × subjects (period, then the year), else the school's summary; then the pupils at risk. */
export function forecastDoc(r: ForecastReport): ReportDoc {
  const R = { align: "right" as const };
  const riskTable = {
    heading: `Группа риска: ${new Set(r.risks.map((x) => `${x.classId}:${x.pupil}`)).size} учеников`,
    columns: [
      { header: "Класс", width: 0.8 },
      { header: "Ученик", width: 3 },
      { header: "Предмет", width: 2.2 },
      { header: "Средний балл", width: 1, ...R },
      { header: "Отметок", width: 0.8, ...R },
      { header: "Причина", width: 2.4 },
    ],
    rows: r.risks.map((x) => [x.className, x.pupil, x.subject, formatAverage(x.avg) || "—", String(x.count), riskText(x.risks, x.count, r.minMarks)]),
  };
  const asOf = formatDate(r.asOf);
  if (r.one) {
    const c = r.one;
    const grid = (heading: string, year: boolean) => ({
      heading,
      columns: [{ header: "Ученик", width: 3 }, ...c.subjects.map((s) => ({ header: s.name, width: 1.2, ...R }))],
      rows: c.pupils.map((p) => [
        p.name,
        ...c.subjects.map((s) => {
          const x = p.cells[s.id]!;
          return year ? cellText(x.yearAvg, x.yearForecast) : cellText(x.avg, x.forecast);
        }),
      ]),
      fontSize: c.subjects.length > 12 ? 6 : 7,
    });
    const period = c.period ? `${formatDate(c.period.start)} — ${formatDate(c.period.end)}` : "период не задан";
    return {
      title: `Прогноз итоговых отметок и группа риска: ${c.name} класс`,
      subtitle: `на ${asOf}; средний балл → прогноз`,
      tables: [grid(`Текущий период (${period})`, false), grid("Учебный год (по отметкам с начала года)", true), riskTable],
      signatures: ["Классный руководитель", "Заместитель директора"],
      landscape: true,
      filename: `Прогноз и группа риска ${c.name} ${asOf}`,
    };
  }
  return {
    title: "Прогноз итоговых отметок и группа риска",
    subtitle: `${r.year.name}, на ${asOf}`,
    tables: [
      {
        columns: [
          { header: "Класс", width: 1 },
          { header: "Учеников", width: 1, ...R },
          { header: "В группе риска", width: 1.2, ...R },
          { header: "Прогнозов «2»", width: 1.2, ...R },
          { header: `Меньше ${r.minMarks} отметок`, width: 1.2, ...R },
        ],
        rows: r.classes.map((c) => [c.name, String(c.pupils.length), String(c.atRisk), String(c.twos), String(c.few)]),
      },
      riskTable,
    ],
    landscape: true,
    filename: `Прогноз и группа риска ${asOf}`,
  };
}
