/**
 * The diary's marks page (R-DRY-1, R-DRY-4, R-ACL-1): per subject the marks of a study period,
 * the weighted average and forecast (journal.calc, R-JRN-8), the period and year final marks as
 * soon as they are entered, and the class average for comparison — an aggregate only, never a
 * classmate's marks or name.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { isoDate, today, within } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { isUngradedGrade } from "../../lib/grading.ts";
import { className, compareText } from "../../lib/names.ts";
import { forecast, weightedAverage, yearForecast, type Thresholds } from "../journal/journal.service.ts";
import { loadDiaryStudent, pickDiaryStudent, type DiaryStudent } from "./diary.common.ts";
import { periodName } from "../../lib/periods-ru.ts";
import { MARKLESS } from "./diary.text.ts";

export interface PeriodOption {
  id: number;
  number: number;
  kind: string;
  /** «2-я четверть» (src/lib/periods-ru.ts). */
  name: string;
  startDate: Date;
  endDate: Date;
}

export interface SubjectMark {
  value: number;
  date: Date;
  kind: string;
  weight: number;
  workTopic: string | null;
  comment: string | null;
}

export interface SubjectRow {
  subjectId: number;
  subject: string;
  marks: SubjectMark[];
  average: number | null;
  forecast: number | null;
  classAverage: number | null;
  periodFinal: string | null;
  yearFinal: string | null;
  /** Forecast of the year mark from the period finals entered so far. */
  yearForecast: number | null;
}

export interface MarksPage {
  student: DiaryStudent;
  className: string | null;
  periods: PeriodOption[];
  period: PeriodOption | null;
  rows: SubjectRow[];
  /** Issue 23: the class is taught without marks — this sentence is shown instead of the table. */
  markless: string | null;
  /** Subjects graded «без отметок» (e.g. ОРКСЭ) that have no marks: left out of the table, named in a sentence. */
  marklessSubjects: string[];
  /** Issue 17 «Задолженности»: the year's control works missed and not yet made up. */
  debts: MissedWork[];
}

/** The student's class in the current year: the membership on `on`, else the latest one of the year. One indexed statement. */
export async function currentClassOf(schoolId: number, yearId: number | null, studentId: number, on: Date) {
  if (yearId === null) return null;
  const { rows } = await pgPool().query<{ id: number; grade: number; letter: string; yearId: number; ungradedGrades: number[] | null }>({
    name: "diary-current-class",
    text: `SELECT c.id, c.grade, c.letter, c."yearId", sc."ungradedGrades"
             FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId" JOIN "School" sc ON sc.id = c."schoolId"
            WHERE m."studentId" = $2 AND m."schoolId" = $1 AND c."yearId" = $3
            ORDER BY (m."fromDate" <= $4::date AND (m."toDate" IS NULL OR m."toDate" >= $4::date)) DESC, m."fromDate" DESC
            LIMIT 1`,
    values: [schoolId, studentId, yearId, isoDate(on)],
  });
  return rows[0] ?? null;
}

/** The study periods of the year for a grade (its period set), in order. */
export async function periodsForGrade(schoolId: number, yearId: number, grade: number): Promise<PeriodOption[]> {
  const { rows } = await pgPool().query<{ id: number; number: number; startDate: Date; endDate: Date; kind: string }>({
    name: "diary-periods",
    text: `SELECT p.id, p.number, p."startDate", p."endDate", ps.kind
             FROM "StudyPeriod" p JOIN "PeriodSet" ps ON ps.id = p."periodSetId"
            WHERE p."schoolId" = $1 AND p."yearId" = $2 AND ps."gradeFrom" <= $3 AND ps."gradeTo" >= $3
            ORDER BY p.number`,
    values: [schoolId, yearId, grade],
  });
  return rows.map((p) => ({
    id: p.id,
    number: p.number,
    kind: p.kind,
    name: periodName(p),
    startDate: p.startDate,
    endDate: p.endDate,
  }));
}

/** The asked period (NotFound if not one of these), else the one containing today, else the last begun, else the first. */
export function choosePeriod(periods: PeriodOption[], periodId: number | null, now: Date): PeriodOption | null {
  if (periodId !== null) {
    const p = periods.find((x) => x.id === periodId);
    if (!p) throw new NotFound();
    return p;
  }
  return periods.find((p) => within(now, p.startDate, p.endDate)) ?? [...periods].reverse().find((p) => p.startDate <= now) ?? periods[0] ?? null;
}

/**
 * The class average is shown only when at least this many students have marks in the subject:
 * with two, it would give away the one classmate's average (R-ACL-1).
 */
export const CLASS_AVERAGE_MIN_STUDENTS = 3;

interface BodyRow {
  t5: number;
  t4: number;
  t3: number;
  marks: { subjectId: number; date: string; value: number; comment: string | null; kind: string; weight: number; workTopic: string | null }[] | null;
  finals: { subjectId: number; kind: string; periodId: number | null; value: string }[] | null;
  subjects: { id: number; name: string; sortOrder: number; gradingMode: string }[] | null;
  averages: { subjectId: number; avg: number }[] | null;
  debts: { date: string; subject: string; work: string; topic: string | null; code: string }[] | null;
}

/** Issue 17 «Задолженности»: a control work the pupil missed (absent that day) and has no mark for since. */
export interface MissedWork {
  date: Date;
  subject: string;
  work: string;
  topic: string | null;
  /** The absence's reason as the journal writes it: «Н», «Б», «УП», «НП». */
  reason: string;
}

const ABSENCE_MARK: Record<string, string> = { ABSENT: "Н", ILL: "Б", VALID: "УП", INVALID: "НП" };

/**
 * One statement for the period: the student's marks, final marks of the year, the subjects
 * (taught in the class, marked or with a final mark), the school's forecast thresholds and,
 * R-ACL-1, the class average per subject — the weighted average of all marks given in the
 * class's lessons, one number per subject, only where at least CLASS_AVERAGE_MIN_STUDENTS
 * students have marks. $1 school, $2 student, $3 class, $4 year, $5..$6 the period, $7 the minimum.
 */
const BODY_SQL = `
WITH mk AS (
  SELECT l."subjectId", l.date, l.number, m.id, m.value, m.comment, t.name AS kind, t.weight::float8 AS weight, w.topic AS "workTopic"
    FROM "Mark" m
    JOIN "Lesson" l ON l.id = m."lessonId"
    JOIN "LessonWork" w ON w.id = m."workId"
    JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
   WHERE m."studentId" = $2 AND m."schoolId" = $1 AND l.date BETWEEN $5::date AND $6::date
     -- Always true (a student's marks are in the own classes' lessons, or the own cross-class groups' — R-JRN-13);
     -- it keeps the planner on the indexes.
     AND (l."classId" IN (SELECT cm."classId" FROM "ClassMembership" cm WHERE cm."studentId" = $2)
          OR l."subgroupId" IN (SELECT sm."subgroupId" FROM "SubgroupMembership" sm WHERE sm."studentId" = $2))
), cl AS (
  -- The class's marks of the period, lesson → work → marks (all on indexes), summed per work.
  SELECT l."subjectId", w."assignmentTypeId", SUM(m.value) AS sv, COUNT(*) AS n, array_agg(DISTINCT m."studentId") AS who
    FROM "Lesson" l
    JOIN "LessonWork" w ON w."lessonId" = l.id
    JOIN "Mark" m ON m."workId" = w.id
   WHERE l."schoolId" = $1 AND l."classId" = $3 AND l.date BETWEEN $5::date AND $6::date
     -- A cross-class group hosted by the class is not the class's own (R-JRN-13): its marks stay out of the class average.
     AND NOT EXISTS (SELECT 1 FROM "Subgroup" g WHERE g.id = l."subgroupId" AND g.kind IS NOT NULL)
   GROUP BY l."subjectId", w."assignmentTypeId"), fm AS (
  SELECT f."subjectId", f.kind, f."periodId", f.value FROM "FinalMark" f
   WHERE f."schoolId" = $1 AND f."studentId" = $2 AND f."yearId" = $4
)
SELECT sc."forecastThreshold5"::float8 AS t5, sc."forecastThreshold4"::float8 AS t4, sc."forecastThreshold3"::float8 AS t3,
  (SELECT json_agg(json_build_object('subjectId', "subjectId", 'date', date, 'value', value, 'comment', comment, 'kind', kind, 'weight', weight, 'workTopic', "workTopic")
                   ORDER BY date, number NULLS LAST, id) FROM mk) AS marks,
  (SELECT json_agg(fm) FROM fm) AS finals,
  (SELECT json_agg(json_build_object('id', s.id, 'name', s.name, 'sortOrder', s."sortOrder", 'gradingMode', s."gradingMode"))
     FROM "Subject" s
    WHERE s."schoolId" = $1 AND s.id IN (
      SELECT tl."subjectId" FROM "TeachingLoad" tl WHERE tl."schoolId" = $1 AND tl."classId" = $3 AND tl."subgroupId" IS NULL
      UNION SELECT tl."subjectId" FROM "TeachingLoad" tl JOIN "Subgroup" g ON g.id = tl."subgroupId"
       WHERE tl."schoolId" = $1 AND tl."yearId" = $4
         AND (g."classId" = $3 AND g.kind IS NULL
              OR g.kind IS NOT NULL AND EXISTS (SELECT 1 FROM "SubgroupMembership" sm WHERE sm."subgroupId" = g.id AND sm."studentId" = $2))
      UNION SELECT "subjectId" FROM mk UNION SELECT "subjectId" FROM fm)) AS subjects,
  (SELECT json_agg(a) FROM (
     SELECT cl."subjectId", (SUM(cl.sv * t.weight) / NULLIF(SUM(cl.n * t.weight), 0))::float8 AS avg
       FROM cl JOIN "AssignmentType" t ON t.id = cl."assignmentTypeId"
      GROUP BY cl."subjectId"
     HAVING (SELECT COUNT(DISTINCT x) FROM cl c2, unnest(c2.who) x WHERE c2."subjectId" = cl."subjectId") >= $7
        AND SUM(cl.n * t.weight) > 0) a) AS averages,
  -- Issue 17 «Задолженности» (003 §2.13.3): control works of the year the pupil missed (absent that day) and has no mark for since.
  (SELECT json_agg(json_build_object('date', l.date, 'subject', s.name, 'work', t.name, 'topic', coalesce(w.topic, l.topic), 'code', a.code) ORDER BY l.date, l.number NULLS LAST)
     FROM "Attendance" a
     JOIN "Lesson" l ON l.id = a."lessonId" AND l."schoolId" = $1
                    AND l.date >= (SELECT y."startDate" FROM "AcademicYear" y WHERE y.id = $4 AND y."schoolId" = $1)
     JOIN "Subject" s ON s.id = l."subjectId"
     JOIN "LessonWork" w ON w."lessonId" = l.id
     JOIN "AssignmentType" t ON t.id = w."assignmentTypeId" AND t."isControl"
    WHERE a."studentId" = $2 AND a.code <> 'LATE'
      AND NOT EXISTS (SELECT 1 FROM "Mark" m WHERE m."workId" = w.id AND m."studentId" = $2)) AS debts
FROM "School" sc WHERE sc.id = $1`;

/** R-DRY-1, R-DRY-4: the marks page of a period for a student the actor may see; NotFound otherwise. */
export async function getMarksPage(
  actor: Actor,
  studentId: number,
  periodId: number | null,
  now: Date = today(),
  students?: readonly DiaryStudent[],
  /** Issue 7: a past (closed) year picked with ?year= (already checked to be the school's); null = the current year. */
  yearId: number | null = null,
): Promise<MarksPage> {
  const student = students ? pickDiaryStudent(actor, students, studentId) : await loadDiaryStudent(actor, studentId);
  const schoolId = actor.schoolId;
  const cls = await currentClassOf(schoolId, yearId ?? actor.currentYearId, studentId, now);
  if (!cls) {
    if (periodId !== null) throw new NotFound();
    return { student, className: null, periods: [], period: null, rows: [], markless: null, marklessSubjects: [], debts: [] };
  }
  const periods = await periodsForGrade(schoolId, cls.yearId, cls.grade);
  const period = choosePeriod(periods, periodId, now);
  const none = { markless: null, marklessSubjects: [], debts: [] };
  if (!period) return { student, className: className(cls), periods, period: null, rows: [], ...none };
  // Issue 23: a class taught without marks has no table of dashes, only the sentence.
  if (isUngradedGrade(cls.grade, cls.ungradedGrades))
    return { student, className: className(cls), periods, period, rows: [], ...none, markless: MARKLESS.marks(className(cls)) };

  const {
    rows: [body],
  } = await pgPool().query<BodyRow>({
    name: "diary-marks",
    text: BODY_SQL,
    values: [schoolId, studentId, cls.id, cls.yearId, isoDate(period.startDate), isoDate(period.endDate), CLASS_AVERAGE_MIN_STUDENTS],
  });
  const thresholds: Thresholds = { t5: body!.t5, t4: body!.t4, t3: body!.t3 };
  const marks = body!.marks ?? [];
  const finals = body!.finals ?? [];
  const averages = new Map((body!.averages ?? []).map((a) => [a.subjectId, a.avg]));
  const subjects = (body!.subjects ?? []).sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.name, b.name));

  const periodIds = new Set(periods.map((p) => p.id));
  // Subjects «без отметок» without any mark or final are named in a sentence, not shown as a row of dashes.
  const isMarkless = (s: { id: number; gradingMode: string }) =>
    s.gradingMode === "NONE" && !marks.some((m) => m.subjectId === s.id) && !finals.some((f) => f.subjectId === s.id);
  const marklessSubjects = subjects.filter(isMarkless).map((s) => s.name);
  const rows = subjects
    .filter((s) => !isMarkless(s))
    .map((s): SubjectRow => {
      const own = marks
        .filter((m) => m.subjectId === s.id)
        .map((m) => ({ value: m.value, date: new Date(`${m.date}T00:00:00Z`), kind: m.kind, weight: m.weight, workTopic: m.workTopic, comment: m.comment }));
      const mine = finals.filter((f) => f.subjectId === s.id);
      const periodFinals = periods.map((p) => mine.find((f) => f.kind === "PERIOD" && f.periodId === p.id)?.value ?? null);
      return {
        subjectId: s.id,
        subject: s.name,
        marks: own,
        average: weightedAverage(own),
        forecast: s.gradingMode === "MARKS" ? forecast(own, thresholds) : null,
        classAverage: averages.get(s.id) ?? null,
        periodFinal: mine.find((f) => f.kind === "PERIOD" && f.periodId === period.id)?.value ?? null,
        yearFinal: mine.find((f) => f.kind === "YEAR")?.value ?? null,
        yearForecast:
          s.gradingMode === "MARKS" && mine.some((f) => f.periodId !== null && periodIds.has(f.periodId)) ? yearForecast(periodFinals, thresholds) : null,
      };
    });
  const debts = (body!.debts ?? []).map((d): MissedWork => ({
    date: new Date(`${d.date}T00:00:00Z`),
    subject: d.subject,
    work: d.work,
    topic: d.topic,
    reason: ABSENCE_MARK[d.code] ?? d.code,
  }));
  return { student, className: className(cls), periods, period, rows, markless: null, marklessSubjects, debts };
}
