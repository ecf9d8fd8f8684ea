/**
 * The class teacher's additions for each class led (R-JRN-9, R-JRN-12, R-SEC-6, R-SEC-8): today's
 * absences without a known reason (code «Н», to be explained on the class's attendance page), the
 * pupils whose forecast for the current study period is «2» in some subject (R-JRN-8: the weighted
 * average of the period's marks and the school's thresholds: the shared rule of journal.forecast.ts),
 * and the parents of current pupils without a consent to personal-data processing or without a
 * login.
 */
import type { Actor } from "../../access/actor.ts";
import { can, reach, reachesClass } from "../../access/policy.ts";
import { className, compareNames, fullName, type NameParts } from "../../lib/names.ts";
import { failsForecast, forecastRiskCtes, journalPath, thresholdsOf, thresholdsSql, type MarkCounts, type Thresholds } from "../journal/journal.service.ts";
import { HomeQuery, day, list, obj } from "./home.query.ts";
import { periodNameAcc } from "./home.text.ts";

export interface ClassHome {
  id: number;
  name: string;
  students: number;
  attendanceUrl: string;
  absentToday: { name: string; lessons: number[] }[];
  period: { name: string; end: Date } | null;
  failing: { name: string; subjects: { name: string; url: string }[] }[];
  /** Null when the actor may not see consents of this class. */
  parents: { name: string; child: string; consent: boolean; login: boolean; url: string | null }[] | null;
  accountsUrl: string | null;
}

interface Row {
  id: number;
  grade: number;
  letter: string;
  students: number;
  absent: (NameParts & { lessons: number[] })[] | null;
  period: { number: number; kind: string; end: string } | null;
  /** [value, weight, how many] of the period's marks of a pupil in a subject. */
  risk: (NameParts & { studentId: number; subjectId: number; subject: string; marks: MarkCounts })[] | null;
  parents: { parent: NameParts; child: NameParts; studentId: number; consent: boolean; login: boolean }[] | null;
}

const NAME = (p: string) => `${p}."lastName", ${p}."firstName", ${p}."middleName"`;

/** The classes the actor leads: where the journal's update scope is the own class (as the menu's «Мой класс»). */
export function ledClassIds(actor: Actor): readonly number[] {
  return reach(actor, "update", "journal").classIds;
}

/** Adds the class teacher's column; null when the actor leads no class. */
export function classBlock(q: HomeQuery, actor: Actor) {
  const ids = ledClassIds(actor);
  if (!ids.length) return null;
  const consentIds = ids.filter((id) => reachesClass(reach(actor, "view", "consent"), [id]));
  const $ids = q.params(ids);
  const $consent = q.params(consentIds);
  q.column(
    "classes",
    `WITH cls AS (
       SELECT c.id, c.grade, c.letter, c."yearId" FROM "SchoolClass" c WHERE c."schoolId" = $1 AND c.id IN (${$ids})
     ), roster AS (
       SELECT m."classId", m."studentId" FROM "ClassMembership" m
        WHERE m."schoolId" = $1 AND m."classId" IN (SELECT id FROM cls) AND m."fromDate" <= $2::date AND (m."toDate" IS NULL OR m."toDate" >= $2::date)
     ), per AS (
       -- The study period of the class holding today, else the last one begun (holidays between periods).
       SELECT DISTINCT ON (cls.id) cls.id AS "classId", p.number, ps.kind, p."startDate", p."endDate"
         FROM cls JOIN "PeriodSet" ps ON ps."yearId" = cls."yearId" AND cls.grade BETWEEN ps."gradeFrom" AND ps."gradeTo"
         JOIN "StudyPeriod" p ON p."periodSetId" = ps.id AND p."startDate" <= $2::date
        ORDER BY cls.id, p."startDate" DESC
     ), ${forecastRiskCtes("$1", "$2")}
     SELECT json_agg(json_build_object(
       'id', cls.id, 'grade', cls.grade, 'letter', cls.letter,
       'students', (SELECT count(*)::int FROM roster r WHERE r."classId" = cls.id),
       'absent', (SELECT json_agg(x ORDER BY x."lastName", x."firstName") FROM (
                    SELECT ${NAME("p")}, json_agg(DISTINCT l.number) AS lessons
                      FROM "Lesson" l JOIN "Attendance" a ON a."lessonId" = l.id
                      JOIN "Student" st ON st.id = a."studentId" JOIN "Person" p ON p.id = st."personId"
                     WHERE l."schoolId" = $1 AND l."classId" = cls.id AND l.date = $2::date AND a.code = 'ABSENT'
                     GROUP BY st.id, p.id) x),
       'period', (SELECT json_build_object('number', per.number, 'kind', per.kind, 'end', per."endDate") FROM per WHERE per."classId" = cls.id),
       'risk', (SELECT json_agg(json_build_object('studentId', x."studentId", 'subjectId', x."subjectId", 'subject', s.name, 'marks', x.marks,
                                                  'lastName', p."lastName", 'firstName', p."firstName", 'middleName', p."middleName"))
                  FROM risk x JOIN "Subject" s ON s.id = x."subjectId"
                  JOIN roster r ON r."classId" = x."classId" AND r."studentId" = x."studentId"
                  JOIN "Student" st ON st.id = x."studentId" JOIN "Person" p ON p.id = st."personId"
                 WHERE x."classId" = cls.id),
       'parents', CASE WHEN cls.id IN (${$consent}) THEN (SELECT json_agg(x ORDER BY x.child->>'lastName', x.child->>'firstName', x.parent->>'lastName') FROM (
                    SELECT json_build_object('lastName', pp."lastName", 'firstName', pp."firstName", 'middleName', pp."middleName") AS parent,
                           json_build_object('lastName', sp."lastName", 'firstName', sp."firstName", 'middleName', sp."middleName") AS child,
                           r."studentId",
                           EXISTS (SELECT 1 FROM "PersonalDataConsent" pc WHERE pc."personId" = pp.id AND pc."revokedAt" IS NULL) AS consent,
                           EXISTS (SELECT 1 FROM "User" u WHERE u."personId" = pp.id) AS login
                      FROM roster r JOIN "ParentLink" pl ON pl."studentId" = r."studentId" AND pl."schoolId" = $1
                      JOIN "Person" pp ON pp.id = pl."parentId"
                      JOIN "Student" st ON st.id = r."studentId" JOIN "Person" sp ON sp.id = st."personId"
                     WHERE r."classId" = cls.id) x WHERE NOT x.consent OR NOT x.login) END
     ) ORDER BY cls.grade, cls.letter)
     FROM cls`,
  );
  q.column("thresholds", thresholdsSql("$1"));

  const seesFiles = can(actor, "view", "student-file");
  const issues = accountClassIds(actor);
  return (row: Record<string, unknown>): ClassHome[] => {
    const thresholds = thresholdsOf(obj<Record<keyof Thresholds, string | number>>(row.thresholds));
    return list<Row>(row.classes).map((c) => {
      // R-JRN-8: the forecast decides; SQL only narrowed the rows to averages below the «3» threshold.
      const failing = new Map<number, { person: NameParts; subjects: { name: string; url: string }[] }>();
      for (const r of c.risk ?? []) {
        if (!failsForecast(r.marks, thresholds)) continue;
        const f = failing.get(r.studentId) ?? { person: r, subjects: [] };
        f.subjects.push({ name: r.subject, url: journalPath({ classId: c.id, subjectId: r.subjectId, subgroupId: null }) });
        failing.set(r.studentId, f);
      }
      return {
        id: c.id,
        name: className(c),
        students: c.students,
        attendanceUrl: `/class/${c.id}/attendance`,
        absentToday: (c.absent ?? []).map((a) => ({ name: fullName(a), lessons: [...a.lessons].sort((x, y) => x - y) })),
        period: c.period ? { name: periodNameAcc(c.period.number, c.period.kind), end: day(c.period.end) } : null,
        failing: [...failing.values()]
          .sort((a, b) => compareNames(a.person, b.person))
          .map((f) => ({ name: fullName(f.person), subjects: f.subjects.sort((a, b) => a.name.localeCompare(b.name, "ru")) })),
        parents: c.parents
          ? c.parents.map((p) => ({
              name: fullName(p.parent),
              child: fullName(p.child),
              consent: p.consent,
              login: p.login,
              url: seesFiles ? `/students/${p.studentId}#consent` : null,
            }))
          : null,
        accountsUrl: issues.includes(c.id) ? `/students/accounts?class=${c.id}` : null,
      };
    });
  };
}

/** The led classes where the actor issues logins (R-SEC-8). */
function accountClassIds(actor: Actor): number[] {
  const r = reach(actor, "create", "account-issue");
  return ledClassIds(actor).filter((id) => reachesClass(r, [id]));
}
