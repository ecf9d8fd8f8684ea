/**
 * R-RPT-2: user activity on journal work for a month — per user: successful logins, the
 * last login, lessons filled (with a topic; by the teacher or the substitute), marks
 * entered, of them late (control works later than School.lateControlWorkDays after the
 * lesson, other marks after the lesson day); and who never logged in. Deputies and the
 * administrator. Set-based queries.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { formatDateTime, isoDate } from "../../lib/dates.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import type { Role } from "../../access/roles.ts";
import { ROLE_NAMES } from "../../access/roles.ts";
import { SCHOOL_TZ, monthOf, schoolInfo, type ReportDoc } from "./reports.common.ts";
import { scopeOf } from "./reports.scope.ts";

export const ACTIVITY_GROUPS = { staff: "Сотрудники", TEACHER: "Учителя", PARENT: "Родители", STUDENT: "Ученики" } as const;
export type ActivityGroup = keyof typeof ACTIVITY_GROUPS;

interface Row {
  id: number;
  login: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  blocked: boolean;
  roles: Role[];
  lastLoginAt: Date | null;
  everLoggedIn: boolean;
  logins: number;
  lessons: number;
  marks: number;
  late: number;
}

const SQL = `
WITH u AS (
  SELECT u.id, u.login, u."personId", u.blocked, u."lastLoginAt", p."lastName", p."firstName", p."middleName",
         array_agg(r.role::text ORDER BY r.role) AS roles
    FROM "User" u JOIN "Person" p ON p.id = u."personId" JOIN "UserRole" r ON r."userId" = u.id
   WHERE u."schoolId" = $1
   GROUP BY u.id, p.id
), lg AS (
  SELECT e."userId", count(*) FILTER (WHERE e.at >= $5 AND e.at < $6)::int AS logins, true AS ever
    FROM "LoginEvent" e WHERE e."schoolId" = $1 AND e.success GROUP BY 1
), ls AS (
  SELECT coalesce(l."substituteId", l."teacherId") AS "personId", count(*)::int AS lessons
    FROM "Lesson" l WHERE l."schoolId" = $1 AND l.date BETWEEN $2::date AND $3::date AND btrim(coalesce(l.topic, '')) <> ''
   GROUP BY 1
), mk AS (
  SELECT m."createdBy" AS "userId", count(*)::int AS marks,
         count(*) FILTER (WHERE ((m."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE $4::text)::date - l.date > CASE WHEN t."isControl" THEN $7::int ELSE 0 END)::int AS late
    FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" JOIN "LessonWork" w ON w.id = m."workId" JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
   WHERE m."schoolId" = $1 AND m."createdAt" >= $5 AND m."createdAt" < $6 AND m."createdBy" IS NOT NULL
   GROUP BY 1
)
SELECT u.id, u.login, u."lastName", u."firstName", u."middleName", u.blocked, u.roles, u."lastLoginAt",
       coalesce(lg.ever, u."lastLoginAt" IS NOT NULL) AS "everLoggedIn",
       coalesce(lg.logins, 0) AS logins, coalesce(ls.lessons, 0) AS lessons, coalesce(mk.marks, 0) AS marks, coalesce(mk.late, 0) AS late
  FROM u LEFT JOIN lg ON lg."userId" = u.id LEFT JOIN ls ON ls."personId" = u."personId" LEFT JOIN mk ON mk."userId" = u.id`;

/** R-RPT-2: the activity of the school's users of a group for a month. */
export async function activityReport(actor: Actor, input: { month: unknown; group: unknown }) {
  await scopeOf(actor, "activity");
  const school = await schoolInfo(actor);
  const month = monthOf(input.month);
  const group: ActivityGroup = typeof input.group === "string" && input.group in ACTIVITY_GROUPS ? (input.group as ActivityGroup) : "staff";
  // Month bounds as UTC timestamps of the school's midnights.
  const bound = async (d: string) =>
    (await pgPool().query<{ t: Date }>(`SELECT (($1::date)::timestamp AT TIME ZONE $2::text) AT TIME ZONE 'UTC' AS t`, [d, SCHOOL_TZ])).rows[0]!.t;
  const next = new Date(Date.UTC(month.from.getUTCFullYear(), month.from.getUTCMonth() + 1, 1));
  const [start, end] = await Promise.all([bound(isoDate(month.from)), bound(isoDate(next))]);
  const rows = (await pgPool().query<Row>(SQL, [actor.schoolId, isoDate(month.from), isoDate(month.to), SCHOOL_TZ, start, end, school.lateControlWorkDays]))
    .rows;
  const inGroup = (r: Row) => (group === "staff" ? r.roles.some((x) => x !== "PARENT" && x !== "STUDENT") : r.roles.includes(group));
  const users = rows
    .filter(inGroup)
    .sort((a, b) => compareNames(a, b))
    .map((r) => ({
      ...r,
      name: fullName(r),
      roleNames: r.roles.map((x) => ROLE_NAMES[x] ?? x).join(", "),
    }));
  const never = users.filter((u) => !u.everLoggedIn);
  const total = users.reduce((t, u) => ({ logins: t.logins + u.logins, lessons: t.lessons + u.lessons, marks: t.marks + u.marks, late: t.late + u.late }), {
    logins: 0,
    lessons: 0,
    marks: 0,
    late: 0,
  });
  return { school, month, group, users, never, total, idle: users.filter((u) => u.everLoggedIn && u.logins === 0).length };
}

export type ActivityReport = Awaited<ReturnType<typeof activityReport>>;

export function activityDoc(r: ActivityReport): ReportDoc {
  const R = { align: "right" as const };
  return {
    title: "Активность пользователей",
    subtitle: `${ACTIVITY_GROUPS[r.group]}, ${r.month.name}`,
    tables: [
      {
        columns: [
          { header: "Пользователь", width: 3 },
          { header: "Роли", width: 2.2 },
          { header: "Входов за месяц", width: 1, ...R },
          { header: "Последний вход", width: 1.6 },
          { header: "Уроков заполнено", width: 1.1, ...R },
          { header: "Отметок", width: 1, ...R },
          { header: "Из них поздно", width: 1, ...R },
        ],
        rows: [
          ...r.users.map((u) => [
            `${u.name} (${u.login})`,
            u.roleNames,
            String(u.logins),
            u.everLoggedIn ? formatDateTime(u.lastLoginAt) || "—" : "ни разу",
            String(u.lessons),
            String(u.marks),
            String(u.late),
          ]),
          ["Итого", "", String(r.total.logins), "", String(r.total.lessons), String(r.total.marks), String(r.total.late)],
        ],
        bold: [r.users.length],
      },
      {
        heading: `Ни разу не входили: ${r.never.length}`,
        columns: [
          { header: "Пользователь", width: 3 },
          { header: "Логин", width: 2 },
          { header: "Роли", width: 2 },
        ],
        rows: r.never.map((u) => [u.name, u.login, u.roleNames]),
      },
    ],
    landscape: true,
    filename: `Активность пользователей ${r.month.name}`,
  };
}
