/**
 * R-JRN-9, R-ACL-7: attendance of a class for a month or a period — per student the days
 * and lessons missed, of which for a valid reason (Б, УП) and for illness (Б), late
 * arrivals; without a class the school summary per class. A day is missed when the student
 * missed every own lesson of the class that day (as on the class teacher's page). Days up
 * to today. One set-based query.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { isoDate, today, formatDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import {
  classesOf,
  idOf,
  monthInYear,
  periodFileName,
  periodsOfYear,
  yearContaining,
  yearFileName,
  yearOf,
  schoolInfo,
  type ReportDoc,
  type YearPeriod,
} from "./reports.common.ts";
import { assertClassVisible } from "./reports.policy.ts";
import { scopeOf } from "./reports.scope.ts";

export interface AttendanceFigures {
  lessons: number;
  ill: number;
  valid: number;
  invalid: number;
  unknown: number;
  late: number;
  days: number;
  daysValid: number;
  daysIll: number;
}
const ZERO: AttendanceFigures = { lessons: 0, ill: 0, valid: 0, invalid: 0, unknown: 0, late: 0, days: 0, daysValid: 0, daysIll: 0 };

const SQL = `
WITH r AS (
  SELECT cm."studentId", cm."classId", greatest(cm."fromDate", $2::date) AS f, least(coalesce(cm."toDate", $3::date), $3::date) AS t
    FROM "ClassMembership" cm
   WHERE cm."schoolId" = $1 AND cm."classId" = ANY($4::int[]) AND cm."fromDate" <= $3::date AND (cm."toDate" IS NULL OR cm."toDate" >= $2::date)
), sl AS (
  SELECT r."studentId", r."classId", l.id, l.date
    FROM r JOIN "Lesson" l ON l."classId" = r."classId" AND l.date BETWEEN r.f AND r.t
   WHERE l."subgroupId" IS NULL OR EXISTS (
     SELECT 1 FROM "SubgroupMembership" sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = r."studentId"
        AND sm."fromDate" <= l.date AND (sm."toDate" IS NULL OR sm."toDate" >= l.date))
), d AS (
  SELECT sl."studentId", sl."classId", sl.date, count(*) AS n,
         count(a.id) FILTER (WHERE a.code <> 'LATE') AS abs,
         count(a.id) FILTER (WHERE a.code = 'ILL') AS ill,
         count(a.id) FILTER (WHERE a.code = 'VALID') AS valid,
         count(a.id) FILTER (WHERE a.code = 'INVALID') AS invalid,
         count(a.id) FILTER (WHERE a.code = 'ABSENT') AS unknown,
         count(a.id) FILTER (WHERE a.code = 'LATE') AS late
    FROM sl LEFT JOIN "Attendance" a ON a."lessonId" = sl.id AND a."studentId" = sl."studentId"
   GROUP BY 1, 2, 3
)
SELECT "studentId", "classId", sum(abs)::int AS lessons, sum(ill)::int AS ill, sum(valid)::int AS valid, sum(invalid)::int AS invalid,
       sum(unknown)::int AS unknown, sum(late)::int AS late,
       count(*) FILTER (WHERE abs = n)::int AS days,
       count(*) FILTER (WHERE abs = n AND ill + valid = n)::int AS "daysValid",
       count(*) FILTER (WHERE abs = n AND ill = n)::int AS "daysIll"
  FROM d GROUP BY 1, 2`;

export function sumAttendance(list: readonly AttendanceFigures[]): AttendanceFigures {
  const t = { ...ZERO };
  for (const f of list) for (const k of Object.keys(ZERO) as (keyof AttendanceFigures)[]) t[k] += f[k];
  return t;
}

export interface AttendanceInput {
  classId: number | null;
  month: unknown;
  /** A period id or "year"; when given, instead of the month. */
  period: unknown;
  year: unknown;
}

/** R-JRN-9: attendance of one class (per student) or of the school (per class). */
export async function attendanceReport(actor: Actor, input: AttendanceInput, now: Date = today()) {
  const scope = await scopeOf(actor, "attendance");
  const school = await schoolInfo(actor);
  const usePeriod = typeof input.period === "string" && input.period !== "";
  // Issue 7: ?year= picks the year (a past one too): its periods, its classes, by default a month of it.
  const asked = idOf(input.year) !== null ? await yearOf(actor, input.year) : null;
  const month = monthInYear(input.month, asked, now);
  const year =
    asked && (usePeriod || (month.from <= asked.endDate && month.to >= asked.startDate))
      ? asked
      : usePeriod
        ? await yearOf(actor, undefined)
        : await yearContaining(actor, month.from);
  const periods = await periodsOfYear(year.id);
  let period: YearPeriod | null = null;
  let from = month.from;
  let to = month.to;
  let label = month.name;
  if (usePeriod && input.period !== "year") {
    period = periods.find((p) => p.id === Number(input.period)) ?? null;
    if (!period) throw new NotFound("Период не найден");
    [from, to, label] = [period.startDate, period.endDate, `${period.label} ${year.name}`];
  } else if (usePeriod) [from, to, label] = [year.startDate, year.endDate, `${year.name} учебный год`];
  const upTo = to < now ? to : now;

  const classes = await classesOf(actor.schoolId, year.id, scope);
  let chosen = classes;
  if (input.classId) {
    assertClassVisible(scope, input.classId);
    chosen = classes.filter((c) => c.id === input.classId);
    if (!chosen.length) throw new NotFound("Класс не найден");
  } else if (period) chosen = classes.filter((c) => c.grade >= period.gradeFrom && c.grade <= period.gradeTo);

  const rows =
    upTo < from
      ? []
      : (
          await pgPool().query<AttendanceFigures & { studentId: number; classId: number }>(SQL, [
            actor.schoolId,
            isoDate(from),
            isoDate(upTo),
            chosen.map((c) => c.id),
          ])
        ).rows;
  let students: { id: number; name: string; totals: AttendanceFigures }[] = [];
  if (input.classId) {
    const people = await prisma.student.findMany({ where: { id: { in: rows.map((r) => r.studentId) } }, include: { person: true } });
    const byId = new Map(people.map((p) => [p.id, p.person]));
    const merged = new Map<number, AttendanceFigures>();
    for (const r of rows) merged.set(r.studentId, sumAttendance([merged.get(r.studentId) ?? ZERO, r]));
    students = [...merged.entries()]
      .map(([id, totals]) => ({ id, person: byId.get(id)!, totals }))
      .sort((a, b) => compareNames(a.person, b.person))
      .map((s) => ({ id: s.id, name: fullName(s.person), totals: s.totals }));
  }
  const perClass = chosen.map((c) => {
    const list = rows.filter((r) => r.classId === c.id);
    return { id: c.id, name: c.name, students: new Set(list.map((r) => r.studentId)).size, totals: sumAttendance(list) };
  });
  return {
    school,
    year,
    periods,
    period,
    month,
    usePeriod,
    from,
    to: upTo,
    label,
    classes,
    classId: input.classId,
    className: input.classId ? chosen[0]!.name : null,
    students,
    perClass,
    total: sumAttendance(rows),
  };
}

export type AttendanceReport = Awaited<ReturnType<typeof attendanceReport>>;

export const ATT_COLUMNS = [
  { header: "Дней всего", short: "дней" },
  { header: "Дней по уважит. причине", short: "" },
  { header: "Дней по болезни", short: "" },
  { header: "Уроков всего", short: "" },
  { header: "Уроков по болезни (Б)", short: "" },
  { header: "Уроков по уважит. (УП)", short: "" },
  { header: "Уроков без уважит. (НП)", short: "" },
  { header: "Причина не указана (Н)", short: "" },
  { header: "Опозданий", short: "" },
];

export function attendanceCells(t: AttendanceFigures): string[] {
  return [t.days, t.daysValid, t.daysIll, t.lessons, t.ill, t.valid, t.invalid, t.unknown, t.late].map(String);
}

export function attendanceDoc(r: AttendanceReport): ReportDoc {
  const cols = [
    { header: r.classId ? "Ученик" : "Класс", width: r.classId ? 3.5 : 1.2 },
    ...ATT_COLUMNS.map((c) => ({ header: c.header, width: 1, align: "right" as const })),
  ];
  const rows = r.classId
    ? [...r.students.map((s) => [s.name, ...attendanceCells(s.totals)]), ["Итого", ...attendanceCells(r.total)]]
    : [...r.perClass.map((c) => [c.name, ...attendanceCells(c.totals)]), ["По школе", ...attendanceCells(r.total)]];
  return {
    title: r.classId ? `Посещаемость: ${r.className} класс` : "Посещаемость: сводка по школе",
    subtitle: `${r.label}, ${formatDate(r.from)}–${formatDate(r.to)}`,
    tables: [{ columns: cols, rows, bold: [rows.length - 1] }],
    notes: ["День считается пропущенным, если ученик пропустил все свои уроки этого дня; по уважительной причине — Б и УП."],
    landscape: true,
    filename: `Посещаемость ${r.className ?? "школа"} ${r.period ? `${periodFileName(r.period)} ${yearFileName(r.year)}` : r.usePeriod ? `год ${yearFileName(r.year)}` : r.month.name}`,
    signatures: r.classId ? ["Классный руководитель", "Заместитель директора"] : ["Заместитель директора", "Директор"],
  };
}
