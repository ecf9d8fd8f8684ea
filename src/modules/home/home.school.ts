/**
 * The deputy's and the administrator's home (R-RPT-1, R-JRN-12): how much of today's journal is
 * filled across the school (lessons begun by now with a topic and attendance taken), the teachers
 * whose lessons of the last three days still lack a topic or attendance, the monthly check's status
 * (its remarks for the previous and the current month, how many fixed) and the open remarks. Who
 * manages accounts also sees the accounts locked after wrong passwords (R-SEC-1); who keeps the
 * school year sees its state (R-YR-1).
 */
import { backupWarnings } from "../backups/backup.service.ts";
import type { Actor } from "../../access/actor.ts";
import { can, reach } from "../../access/policy.ts";
import { addDays, formatDate, isoDate } from "../../lib/dates.ts";
import { className, fullName, shortName, type NameParts } from "../../lib/names.ts";
import { journalPath } from "../journal/journal.service.ts";
import { STATUS_NAMES } from "../setup/year-select.service.ts";
import { ATTENDANCE_TAKEN, BLANK, CANCELLED, HomeQuery, NOW, SCHEDULE_OF, day, list, ms, obj } from "./home.query.ts";
import { YEAR_TEXT, monthName, periodName } from "./home.text.ts";

/** Lessons of this many days before today count for the teachers' gaps. */
export const GAP_DAYS = 3;
/** Teachers listed at most (the rest are counted). */
export const GAP_TEACHERS = 10;

const SCHOOL_TZ = process.env.SCHOOL_TIMEZONE || "Europe/Moscow";
const CLOCK = new Intl.DateTimeFormat("en-GB", { timeZone: SCHOOL_TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** Minutes since midnight in the school's time zone. */
export function schoolMinute(now: Date): number {
  const [h, m] = CLOCK.format(now).split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export interface SchoolHome {
  today: { total: number; begun: number; filled: number };
  gaps: {
    teacherId: number;
    name: string;
    noTopic: number;
    noAttendance: number;
    journals: { label: string; lessons: number; url: string }[];
  }[];
  gapTeachers: number;
  gapFrom: Date;
  gapTo: Date;
  checks: { month: Date; name: string; total: number; fixed: number; url: string }[];
  openRemarks: number;
  remarksUrl: string;
}

export interface AdminHome {
  locked: { name: string; login: string; until: Date; url: string }[] | null;
  /** What is wrong with the backups (older than a day, a failed verification, low space); null when the actor does not see them. */
  backups: string[] | null;
  year: {
    name: string;
    status: string;
    start: Date;
    end: Date;
    periods: { grades: string; text: string }[];
    next: { name: string; status: string } | null;
    url: string;
  } | null;
  yearUrl: string | null;
}

interface GapRow {
  teacherId: number;
  teacher: NameParts;
  noTopic: number;
  noAttendance: number;
  lessons: number;
  journals: {
    classId: number;
    subjectId: number;
    subgroupId: number | null;
    grade: number;
    letter: string;
    subject: string;
    subgroup: string | null;
    n: number;
  }[];
}

/** Adds the school's columns; null unless the actor sees the monthly check of the whole school. */
export function schoolBlock(q: HomeQuery, actor: Actor) {
  if (!reach(actor, "view", "report").all) return null;
  const $minute = q.param(schoolMinute(q.now));
  q.column(
    "schoolToday",
    `SELECT json_build_object(
              'total', count(*),
              'begun', count(*) FILTER (WHERE b."startMinute" IS NULL OR b."startMinute" <= ${$minute}::int),
              'filled', count(*) FILTER (WHERE (b."startMinute" IS NULL OR b."startMinute" <= ${$minute}::int) AND NOT ${BLANK("l.topic")} AND ${ATTENDANCE_TAKEN("l")}))
       FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId"
       LEFT JOIN "BellSlot" b ON b."scheduleId" = ${SCHEDULE_OF("c")} AND b.number = l.number
      WHERE l."schoolId" = $1 AND l.date = $2::date AND c."yearId" = $6 AND NOT ${CANCELLED("l")}`,
  );
  q.column(
    "schoolGaps",
    `WITH g AS (
       SELECT coalesce(l."substituteId", l."teacherId") AS "teacherId", l."classId", l."subjectId", l."subgroupId", c.grade, c.letter, s.name AS subject, sg.name AS subgroup,
              count(*)::int AS n,
              count(*) FILTER (WHERE ${BLANK("l.topic")})::int AS "noTopic",
              count(*) FILTER (WHERE NOT ${ATTENDANCE_TAKEN("l")})::int AS "noAttendance"
         FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId" JOIN "Subject" s ON s.id = l."subjectId" LEFT JOIN "Subgroup" sg ON sg.id = l."subgroupId"
        WHERE l."schoolId" = $1 AND l.date BETWEEN $2::date - ${GAP_DAYS} AND $2::date - 1 AND c."yearId" = $6
          AND (${BLANK("l.topic")} OR NOT ${ATTENDANCE_TAKEN("l")}) AND NOT ${CANCELLED("l")}
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8)
     SELECT json_agg(t ORDER BY t.lessons DESC, t.teacher->>'lastName', t.teacher->>'firstName', t."teacherId") FROM (
       SELECT g."teacherId", json_build_object('lastName', p."lastName", 'firstName', p."firstName", 'middleName', p."middleName") AS teacher,
              sum(g.n)::int AS lessons, sum(g."noTopic")::int AS "noTopic", sum(g."noAttendance")::int AS "noAttendance",
              json_agg(json_build_object('classId', g."classId", 'subjectId', g."subjectId", 'subgroupId', g."subgroupId", 'grade', g.grade, 'letter', g.letter,
                                         'subject', g.subject, 'subgroup', g.subgroup, 'n', g.n) ORDER BY g.grade, g.letter, g.subject, g.subgroup NULLS FIRST) AS journals
         FROM g JOIN "Person" p ON p.id = g."teacherId"
        GROUP BY g."teacherId", p.id) t`,
  );
  const thisMonth = new Date(Date.UTC(q.day.getUTCFullYear(), q.day.getUTCMonth(), 1));
  const lastMonth = new Date(Date.UTC(q.day.getUTCFullYear(), q.day.getUTCMonth() - 1, 1));
  const $months = q.param([isoDate(lastMonth), isoDate(thisMonth)]);
  q.column(
    "schoolChecks",
    `SELECT json_agg(x) FROM (
       SELECT r.month, count(*)::int AS total, count(*) FILTER (WHERE r."fixedAt" IS NOT NULL)::int AS fixed
         FROM "JournalRemark" r WHERE r."schoolId" = $1 AND r.month = ANY(${$months}::date[]) GROUP BY r.month) x`,
  );
  q.column("schoolRemarks", `SELECT count(*)::int FROM "JournalRemark" r WHERE r."schoolId" = $1 AND r."fixedAt" IS NULL`);

  return (row: Record<string, unknown>): SchoolHome => {
    const today = obj<{ total: number; begun: number; filled: number }>(row.schoolToday) ?? { total: 0, begun: 0, filled: 0 };
    const gaps = list<GapRow>(row.schoolGaps);
    const checks = list<{ month: string; total: number; fixed: number }>(row.schoolChecks);
    return {
      today,
      gaps: gaps.slice(0, GAP_TEACHERS).map((g) => ({
        teacherId: g.teacherId,
        name: shortName(g.teacher),
        noTopic: g.noTopic,
        noAttendance: g.noAttendance,
        journals: g.journals.map((j) => ({
          label: `${className(j)} ${j.subject}${j.subgroup ? ` (${j.subgroup})` : ""}`,
          lessons: j.n,
          url: journalPath(j),
        })),
      })),
      gapTeachers: gaps.length,
      gapFrom: addDays(q.day, -GAP_DAYS),
      gapTo: addDays(q.day, -1),
      checks: [lastMonth, thisMonth].map((m) => {
        const c = checks.find((x) => day(x.month).getTime() === m.getTime());
        return { month: m, name: monthName(m), total: c?.total ?? 0, fixed: c?.fixed ?? 0, url: `/reports/check?month=${isoDate(m).slice(0, 7)}` };
      }),
      openRemarks: Number(row.schoolRemarks ?? 0),
      remarksUrl: "/reports/remarks?open=1",
    };
  };
}

interface YearRow {
  name: string;
  status: keyof typeof STATUS_NAMES;
  start: string;
  end: string;
  periods: { number: number; kind: string; start: string; end: string; gradeFrom: number; gradeTo: number; setId: number }[] | null;
  next: { name: string; status: keyof typeof STATUS_NAMES } | null;
}

/** Adds the administrator's columns (locked accounts, the year's state) and the backups' warnings; null when the actor has none. */
export function adminBlock(q: HomeQuery, actor: Actor) {
  const accounts = reach(actor, "update", "user").all;
  // The one who closes the year goes to its closing; a deputy (who sees it read-only) to the years, where the next one is prepared.
  const yearUrl = can(actor, "create", "year-close")
    ? "/year-close"
    : can(actor, "update", "year")
      ? "/setup/years"
      : can(actor, "view", "year-close")
        ? "/year-close"
        : null;
  const backups = can(actor, "view", "backup");
  if (!accounts && !yearUrl && !backups) return null;
  if (accounts)
    q.column(
      "locked",
      `SELECT json_agg(json_build_object('id', u.id, 'login', u.login, 'until', ${ms('u."lockedUntil"')},
                                         'person', json_build_object('lastName', p."lastName", 'firstName', p."firstName", 'middleName', p."middleName"))
                       ORDER BY u."lockedUntil" DESC)
         FROM "User" u JOIN "Person" p ON p.id = u."personId"
        WHERE u."schoolId" = $1 AND u."lockedUntil" > ${NOW}`,
    );
  if (yearUrl)
    q.column(
      "year",
      `SELECT json_build_object('name', y.name, 'status', y.status, 'start', y."startDate", 'end', y."endDate",
                'periods', (SELECT json_agg(json_build_object('number', p.number, 'kind', ps.kind, 'start', p."startDate", 'end', p."endDate",
                                                              'gradeFrom', ps."gradeFrom", 'gradeTo', ps."gradeTo", 'setId', ps.id)
                                            ORDER BY ps."gradeFrom", ps.id, p.number)
                              FROM "StudyPeriod" p JOIN "PeriodSet" ps ON ps.id = p."periodSetId" WHERE p."schoolId" = $1 AND p."yearId" = y.id),
                'next', (SELECT json_build_object('name', n.name, 'status', n.status) FROM "AcademicYear" n
                          WHERE n."schoolId" = $1 AND n."startDate" > y."startDate" ORDER BY n."startDate" LIMIT 1))
         FROM "AcademicYear" y WHERE y."schoolId" = $1 AND y.id = $6`,
    );
  return (row: Record<string, unknown>): AdminHome => {
    const y = obj<YearRow>(row.year);
    return {
      locked: accounts
        ? list<{ id: number; login: string; until: number; person: NameParts }>(row.locked).map((u) => ({
            name: fullName(u.person),
            login: u.login,
            until: new Date(Number(u.until)),
            url: `/admin/users/${u.id}`,
          }))
        : null,
      year: y && yearUrl ? { ...yearState(y, q.day), url: yearUrl } : null,
      yearUrl,
      // Files of the backup folder, not the database: read beside the statement (one small status file).
      backups: backups ? backupWarnings() : null,
    };
  };
}

/** The year's dates and, per period system, the period under way (or the next one during holidays). */
function yearState(y: YearRow, today: Date) {
  const sets = new Map<number, NonNullable<YearRow["periods"]>>();
  for (const p of y.periods ?? []) sets.set(p.setId, [...(sets.get(p.setId) ?? []), p]);
  const periods = [...sets.values()].map((ps) => {
    const grades = YEAR_TEXT.grades(ps[0]!.gradeFrom, ps[0]!.gradeTo);
    const now = ps.find((p) => day(p.start) <= today && today <= day(p.end));
    if (now) return { grades, text: YEAR_TEXT.under(periodName(now.number, now.kind), formatDate(day(now.end))) };
    const next = ps.find((p) => day(p.start) > today);
    if (next) return { grades, text: YEAR_TEXT.next(periodName(next.number, next.kind), formatDate(day(next.start))) };
    return { grades, text: YEAR_TEXT.over };
  });
  return {
    name: y.name,
    status: STATUS_NAMES[y.status],
    start: day(y.start),
    end: day(y.end),
    periods,
    next: y.next ? { name: y.next.name, status: STATUS_NAMES[y.next.status] } : null,
  };
}
