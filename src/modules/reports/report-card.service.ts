/**
 * «Табель успеваемости» (issue 17, R-DRY-6, 001 §4.4.5): per pupil for a study period or the year, every
 * subject of the class (and any other the pupil has marks or finals in, e.g. after a transfer) with the
 * number of marks, the weighted average and forecast exactly as the journal computes them (R-JRN-8,
 * journal.calc forecastOfSums; for the year, yearForecast of the period finals), the final mark of the
 * period or the year (FinalMark PERIOD / YEAR), and the absences in days and lessons by reason (Н, Б, УП, НП;
 * ОП counted apart, it is not an absence). A day is missed when the pupil missed every own lesson that day
 * (as on the class teacher's page and in the attendance report); a missed day goes to its worst reason:
 * НП, else Н, else УП, else Б (all Б).
 *
 * The pupils of a card are the class's members on the card's last day (the period's end, or today while
 * it runs); their marks and absences count in whichever class of the year they were in. A whole class is a
 * handful of set-based statements (roster, marks, finals, attendance), never a query per pupil.
 * Who and when: report-card.policy.ts.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName, shortName } from "../../lib/names.ts";
import { periodName } from "../../lib/periods-ru.ts";
import { isUngradedGrade } from "../../lib/grading.ts";
import { forecastOfSums, thresholdsOf, yearForecast, type Thresholds } from "../journal/journal.service.ts";
export {
  ABSENCE_COLUMNS,
  absenceRows,
  cardAverage,
  cardDates,
  cardSubtitle,
  reportCardsFileName,
  reportCardsPdf,
  subjectColumns,
  subjectRows,
} from "./report-card.doc.ts";
export { CARD_TEXT } from "./report-card.text.ts";
import { assertFamilyCardStudent, isCardOpenToFamily } from "./report-card.policy.ts";
import { assertClassVisible } from "./reports.policy.ts";
import { scopeOf } from "./reports.scope.ts";

export interface CardPeriod {
  /** The study period's id; null for the year. */
  id: number | null;
  /** «2-я четверть», «2026/2027 учебный год». */
  name: string;
  start: Date;
  end: Date;
}

export interface CardSubject {
  id: number;
  name: string;
  /** Marks in the period (the year). */
  count: number;
  /** Weighted average (null without marks). */
  avg: number | null;
  forecast: number | null;
  /** The final mark («5», «н/а», «зач», …) or null while not entered. */
  final: string | null;
}

export interface CardAbsences {
  /** Lessons missed by code (ОП is not an absence: `late`). */
  lessons: { total: number; ill: number; valid: number; invalid: number; unknown: number };
  late: number;
  /** Whole days missed, each under its worst reason. */
  days: { total: number; ill: number; valid: number; invalid: number; unknown: number };
}

export interface ReportCard {
  studentId: number;
  name: string;
  className: string;
  classTeacher: string | null;
  period: CardPeriod;
  /** Grades taught without marks (issue 23): no averages nor forecasts. */
  ungraded: boolean;
  subjects: CardSubject[];
  absences: CardAbsences;
}

interface CardClass {
  id: number;
  grade: number;
  letter: string;
  yearId: number;
  classTeacher: { lastName: string; firstName: string; middleName: string | null } | null;
  year: { name: string; startDate: Date; endDate: Date };
}

const CLASS_SELECT = {
  id: true,
  grade: true,
  letter: true,
  yearId: true,
  classTeacher: { select: { lastName: true, firstName: true, middleName: true } },
  year: { select: { name: true, startDate: true, endDate: true } },
} as const;

/** $1 school, $2 pupils, $3 from, $4 to: each pupil's marks per subject as exact sums (weights × 10), as the journal weighs them. */
const MARKS_SQL = `
SELECT m."studentId", l."subjectId", count(*)::int AS n,
       sum(m.value * round(t.weight * 10))::float8 AS num, sum(round(t.weight * 10))::float8 AS den
  FROM "Mark" m
  JOIN "Lesson" l ON l.id = m."lessonId"
  JOIN "LessonWork" w ON w.id = m."workId"
  JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
 WHERE m."schoolId" = $1 AND m."studentId" = ANY($2::int[]) AND l.date BETWEEN $3::date AND $4::date
 GROUP BY 1, 2`;

/**
 * $1 school, $2 from, $3 to, $4 pupils, $5 year: each pupil's own lessons (the class's while a member, a subgroup's
 * while in it) with the attendance code, per day, then per pupil: lessons by code and whole days by worst reason.
 */
const ATTENDANCE_SQL = `
WITH r AS (
  SELECT cm."studentId", cm."classId", greatest(cm."fromDate", $2::date) AS f, least(coalesce(cm."toDate", $3::date), $3::date) AS t
    FROM "ClassMembership" cm JOIN "SchoolClass" c ON c.id = cm."classId" AND c."yearId" = $5
   WHERE cm."schoolId" = $1 AND cm."studentId" = ANY($4::int[]) AND cm."fromDate" <= $3::date AND (cm."toDate" IS NULL OR cm."toDate" >= $2::date)
), sl AS (
  SELECT r."studentId", l.id, l.date
    FROM r JOIN "Lesson" l ON l."classId" = r."classId" AND l.date BETWEEN r.f AND r.t
   WHERE l."subgroupId" IS NULL OR EXISTS (
     SELECT 1 FROM "SubgroupMembership" sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = r."studentId"
        AND sm."fromDate" <= l.date AND (sm."toDate" IS NULL OR sm."toDate" >= l.date))
), d AS (
  SELECT sl."studentId", sl.date, count(*) AS n,
         count(a.id) FILTER (WHERE a.code <> 'LATE') AS abs,
         count(a.id) FILTER (WHERE a.code = 'ILL') AS ill,
         count(a.id) FILTER (WHERE a.code = 'VALID') AS valid,
         count(a.id) FILTER (WHERE a.code = 'INVALID') AS invalid,
         count(a.id) FILTER (WHERE a.code = 'ABSENT') AS unknown,
         count(a.id) FILTER (WHERE a.code = 'LATE') AS late
    FROM sl LEFT JOIN "Attendance" a ON a."lessonId" = sl.id AND a."studentId" = sl."studentId"
   GROUP BY 1, 2
)
SELECT "studentId", sum(abs)::int AS lessons, sum(ill)::int AS ill, sum(valid)::int AS valid, sum(invalid)::int AS invalid,
       sum(unknown)::int AS unknown, sum(late)::int AS late,
       count(*) FILTER (WHERE abs = n)::int AS days,
       count(*) FILTER (WHERE abs = n AND invalid > 0)::int AS "daysInvalid",
       count(*) FILTER (WHERE abs = n AND invalid = 0 AND unknown > 0)::int AS "daysUnknown",
       count(*) FILTER (WHERE abs = n AND invalid = 0 AND unknown = 0 AND ill < n)::int AS "daysValid",
       count(*) FILTER (WHERE abs = n AND ill = n)::int AS "daysIll"
  FROM d GROUP BY 1`;

interface AttendanceRow {
  studentId: number;
  lessons: number;
  ill: number;
  valid: number;
  invalid: number;
  unknown: number;
  late: number;
  days: number;
  daysInvalid: number;
  daysUnknown: number;
  daysValid: number;
  daysIll: number;
}

/** The study periods of the class's grade, in order, with their Russian names. */
export async function cardPeriods(cls: { yearId: number; grade: number }) {
  const set = await prisma.periodSet.findFirst({
    where: { yearId: cls.yearId, gradeFrom: { lte: cls.grade }, gradeTo: { gte: cls.grade } },
    include: { periods: { orderBy: { number: "asc" } } },
  });
  return (set?.periods ?? []).map((p) => ({ id: p.id, name: periodName({ kind: set!.kind, number: p.number }), start: p.startDate, end: p.endDate }));
}

function yearPeriod(cls: CardClass): CardPeriod {
  return { id: null, name: `${cls.year.name} учебный год`, start: cls.year.startDate, end: cls.year.endDate };
}

/** ?period=ID | year | nothing (the period holding the day, else the last begun, else the first). NotFound for a period not of the class. */
function pickPeriod(cls: CardClass, periods: CardPeriod[], asked: unknown, day: Date): CardPeriod {
  if (asked === "year") return yearPeriod(cls);
  if (asked !== undefined && asked !== "") {
    const p = periods.find((x) => String(x.id) === asked);
    if (!p) throw new NotFound("Период не найден");
    return p;
  }
  const begun = periods.filter((p) => p.start <= day);
  return begun.at(-1) ?? periods[0] ?? yearPeriod(cls);
}

/**
 * The cards of a class for a period (or the year): every pupil of the card's last day, or the pupils asked
 * for (a pupil not of the class is a NotFound). Four statements for the whole class after the roster.
 */
async function buildCards(schoolId: number, cls: CardClass, period: CardPeriod, onlyStudent: number | null, day: Date): Promise<ReportCard[]> {
  const last = period.end < day ? period.end : day < period.start ? period.start : day;
  const members = await prisma.classMembership.findMany({
    where: {
      schoolId,
      classId: cls.id,
      fromDate: { lte: last },
      OR: [{ toDate: null }, { toDate: { gte: last } }],
      ...(onlyStudent !== null ? { studentId: onlyStudent } : {}),
    },
    select: { studentId: true, student: { select: { person: { select: { lastName: true, firstName: true, middleName: true } } } } },
  });
  if (onlyStudent !== null && !members.length) throw new NotFound("Ученик не найден");
  const seen = new Set<number>();
  const roster = members
    .filter((m) => !seen.has(m.studentId) && seen.add(m.studentId))
    .map((m) => ({ id: m.studentId, person: m.student.person }))
    .sort((a, b) => compareNames(a.person, b.person));
  const ids = roster.map((r) => r.id);
  const from = isoDate(period.start);
  const to = isoDate(period.end);
  const attTo = isoDate(period.end < day ? period.end : day);
  const [school, subjects, loads, marks, finals, attendance] = await Promise.all([
    prisma.school.findUniqueOrThrow({
      where: { id: schoolId },
      select: { forecastThreshold5: true, forecastThreshold4: true, forecastThreshold3: true, ungradedGrades: true },
    }),
    prisma.subject.findMany({ where: { schoolId }, select: { id: true, name: true, sortOrder: true } }),
    prisma.teachingLoad.findMany({ where: { schoolId, yearId: cls.yearId, classId: cls.id }, select: { subjectId: true }, distinct: ["subjectId"] }),
    pgPool()
      .query<{ studentId: number; subjectId: number; n: number; num: number; den: number }>(MARKS_SQL, [schoolId, ids, from, to])
      .then((r) => r.rows),
    prisma.finalMark.findMany({
      where: { schoolId, yearId: cls.yearId, studentId: { in: ids }, kind: { in: ["PERIOD", "YEAR"] } },
      select: { studentId: true, subjectId: true, kind: true, periodId: true, value: true },
    }),
    attTo < from
      ? Promise.resolve([] as AttendanceRow[])
      : pgPool()
          .query<AttendanceRow>(ATTENDANCE_SQL, [schoolId, from, attTo, ids, cls.yearId])
          .then((r) => r.rows),
  ]);
  const t: Thresholds = thresholdsOf({
    t5: String(school.forecastThreshold5),
    t4: String(school.forecastThreshold4),
    t3: String(school.forecastThreshold3),
  });
  const ungraded = isUngradedGrade(cls.grade, school.ungradedGrades);
  const subjectOf = new Map(subjects.map((s) => [s.id, s]));
  const markOf = new Map(marks.map((m) => [`${m.studentId}:${m.subjectId}`, m]));
  const attOf = new Map(attendance.map((a) => [a.studentId, a]));
  const classSubjects = loads.map((l) => l.subjectId);
  const teacher = cls.classTeacher ? shortName(cls.classTeacher) : null;

  return roster.map((r) => {
    const own = finals.filter((f) => f.studentId === r.id);
    const subjectIds = new Set([
      ...classSubjects,
      ...marks.filter((m) => m.studentId === r.id).map((m) => m.subjectId),
      ...own.filter((f) => (period.id === null ? f.kind === "YEAR" : f.periodId === period.id)).map((f) => f.subjectId),
    ]);
    const list = [...subjectIds]
      .map((id) => subjectOf.get(id))
      .filter((s) => s !== undefined)
      .sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.name, b.name))
      .map((s): CardSubject => {
        const m = markOf.get(`${r.id}:${s.id}`);
        const periodFinals = own.filter((f) => f.subjectId === s.id && f.kind === "PERIOD");
        const final = own.find((f) => f.subjectId === s.id && (period.id === null ? f.kind === "YEAR" : f.kind === "PERIOD" && f.periodId === period.id));
        return {
          id: s.id,
          name: s.name,
          count: m?.n ?? 0,
          avg: m && m.den > 0 ? m.num / m.den : null,
          forecast:
            period.id === null
              ? yearForecast(
                  periodFinals.map((f) => f.value),
                  t,
                )
              : m
                ? forecastOfSums(m.num, m.den, t)
                : null,
          final: final?.value ?? null,
        };
      });
    const a = attOf.get(r.id);
    return {
      studentId: r.id,
      name: fullName(r.person),
      className: className(cls),
      classTeacher: teacher,
      period,
      ungraded,
      subjects: list,
      absences: {
        lessons: { total: a?.lessons ?? 0, ill: a?.ill ?? 0, valid: a?.valid ?? 0, invalid: a?.invalid ?? 0, unknown: a?.unknown ?? 0 },
        late: a?.late ?? 0,
        days: { total: a?.days ?? 0, ill: a?.daysIll ?? 0, valid: a?.daysValid ?? 0, invalid: a?.daysInvalid ?? 0, unknown: a?.daysUnknown ?? 0 },
      },
    };
  });
}

/** Classes of the school the staff member may print cards for (current year first), for the class picker. */
export async function cardClasses(actor: Actor) {
  const scope = await scopeOf(actor, "report-card");
  const yearId = actor.currentYearId;
  const rows = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, ...(yearId ? { yearId } : {}), ...(scope.all ? {} : { id: { in: scope.classIds } }) },
    select: { id: true, grade: true, letter: true },
  });
  return rows.sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter)).map((c) => ({ id: c.id, name: className(c) }));
}

/**
 * Staff: the cards of a class (or of one pupil of it, ?student=) for ?period=ID|year. A class outside the actor's
 * scope (another class, another school, a guessed id) and a pupil not of the class are a NotFound; a role without
 * the report a Forbidden.
 */
export async function classReportCards(actor: Actor, input: { classId: number; period: unknown; studentId: number | null }, day: Date = today()) {
  const scope = await scopeOf(actor, "report-card");
  assertClassVisible(scope, input.classId);
  const cls = await prisma.schoolClass.findFirst({ where: { id: input.classId, schoolId: actor.schoolId }, select: CLASS_SELECT });
  if (!cls) throw new NotFound("Класс не найден");
  const periods = await cardPeriods(cls);
  const period = pickPeriod(cls, periods, input.period, day);
  const cards = await buildCards(actor.schoolId, cls, period, input.studentId, day);
  return { cls: { id: cls.id, name: className(cls) }, periods, period, cards };
}

export type ClassReportCards = Awaited<ReturnType<typeof classReportCards>>;

/**
 * A family's card (R-DRY-6): the own or own child's card of the current year, only for the periods (and the year)
 * the pupil has finals of (R-DRY-4, isCardOpenToFamily). Another pupil is a NotFound; so is a period not yet open.
 * Returns `card: null` with the list empty while no period is open.
 */
export async function familyReportCard(actor: Actor, studentId: number, asked: unknown, day: Date = today()) {
  assertFamilyCardStudent(actor, studentId);
  const yearId = actor.currentYearId;
  const spans = yearId
    ? await prisma.classMembership.findMany({
        where: { schoolId: actor.schoolId, studentId, class: { yearId }, fromDate: { lte: day } },
        orderBy: { fromDate: "desc" },
        select: { fromDate: true, toDate: true, class: { select: CLASS_SELECT } },
      })
    : [];
  const cls = spans[0]?.class;
  if (!cls) return { open: [] as CardPeriod[], card: null };
  const [periods, finals] = await Promise.all([
    cardPeriods(cls),
    prisma.finalMark.findMany({ where: { schoolId: actor.schoolId, studentId, yearId: cls.yearId }, select: { kind: true, periodId: true } }),
  ]);
  const open = [...periods, yearPeriod(cls)].filter((p) => isCardOpenToFamily(finals, p.id));
  if (!open.length) {
    if (asked !== undefined && asked !== "") throw new NotFound("Табель ещё не доступен");
    return { open, card: null };
  }
  const period = asked === undefined || asked === "" ? open.at(-1)! : open.find((p) => (p.id === null ? asked === "year" : String(p.id) === asked));
  if (!period) throw new NotFound("Табель ещё не доступен");
  // A pupil who moved during the year: the card of an earlier period is the class of that period's last day.
  const last = period.end < day ? period.end : day;
  const then = spans.find((m) => m.fromDate <= last && (m.toDate === null || m.toDate >= last))?.class ?? cls;
  const [card] = await buildCards(actor.schoolId, then, period, studentId, day);
  if (!card) throw new NotFound();
  return { open, card };
}
