/**
 * The journal's notifications to families (issue 15 «Notifications», R-COM-4): new and corrected
 * marks (to the pupil's parents and the pupil), an absence without a reason today (to the parents),
 * a forecast of «2» and too few marks for certification two weeks before a study period ends (to
 * the parents and the pupil). They go
 * out through notify() of the notifications module, which applies each user's channels, the e-mail
 * digests of marks and the dedupe keys.
 *
 * Marks and absences are read from the audit log, not by watching the Mark and Attendance tables:
 * their one writer (writeMark, writeAttendance) audits every change in the same statement (entity
 * «mark» / «attendance», `at` from the application's clock), and AuditLog(schoolId, at) is
 * indexed, so the grid's autosave pays nothing for notifications (no trigger, no index, no job).
 * A job every minute reads, per school, the entries in (cursor, now − settle] (JournalNoticeCursor)
 * and compares each cell's value before that window with its value now: a mark deleted, or put back
 * to what it was, tells nobody. The notifications and the moved cursor commit together, and a run
 * finding a school's cursor locked by another run leaves that school to it, so overlapping and
 * retried runs tell nothing twice (the dedupe keys make sure of it once more). The settle time lets
 * a teacher fix a typo or «Н» of a pupil who came late before anyone is told, and covers the
 * moment between an entry's stamp and its commit.
 */
import { clock } from "../../lib/clock.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { addDays, isoDate, parseIsoDate, today } from "../../lib/dates.ts";
import { wakeWorkers } from "../../lib/queue.ts";
import { notify, type NotifyResult } from "../notifications/notifications.service.ts";
import { formatAverage, weightedAverage } from "./journal.calc.ts";
import { forecastRiskCtes, marksOfCounts, failsForecast, thresholdsOf, thresholdsSql, type MarkCounts } from "./journal.forecast.ts";
import { absenceNotice, fewMarksNotice, forecastNotice, markNotice, type MarkNews } from "./journal.notify.text.ts";

/** A mark is told when it has stood this long (a typo fixed sooner is never told). */
export const MARK_SETTLE_MS = 2 * 60_000;
/** «Н» is told when it has stood this long: a pupil who comes in late is usually re-marked «ОП» by then. */
export const ABSENCE_SETTLE_MS = 10 * 60_000;
/** The forecast of «2» is told this many days before the period's last day. */
export const FORECAST_DAYS_BEFORE = 14;
/** At most this many marks of one subject in one notification (more make several). */
const MARKS_PER_NOTICE = 10;

/** A timestamp parameter compared with a column stored as UTC without a time zone (as Prisma stores DateTime). */
const utc = (d: Date) => d.toISOString();

interface Window {
  schoolId: number;
  from: Date;
  to: Date;
}

/**
 * Runs `tell` for each school with audit entries of `entity` in (cursor, now − settle], in a
 * transaction that moves the school's cursor to now − settle; schools with no entries just have the
 * cursor moved. A school seen for the first time starts at now − settle (nothing before is told).
 * One school's failure does not stop the others; the run then throws (the job is retried).
 */
async function scanAudit(kind: "MARK" | "ABSENCE", entity: "mark" | "attendance", settleMs: number, now: Date, tell: (tx: Db, w: Window) => Promise<number>) {
  const to = new Date(now.getTime() - settleMs);
  await prisma.$executeRaw`
    INSERT INTO "JournalNoticeCursor" ("schoolId", kind, at)
    SELECT id, ${kind}::"NotificationKind", (${utc(to)}::timestamptz AT TIME ZONE 'UTC') FROM "School"
    ON CONFLICT DO NOTHING`;
  // A cursor ahead of the clock (the clock was set back: a test or demo server restarted at its
  // TEST_NOW) starts again from now; entries read twice are told once by their dedupe keys.
  await prisma.$executeRaw`
    UPDATE "JournalNoticeCursor" SET at = (${utc(to)}::timestamptz AT TIME ZONE 'UTC')
     WHERE kind = ${kind}::"NotificationKind" AND at > (${utc(now)}::timestamptz AT TIME ZONE 'UTC')`;
  const schools = await prisma.$queryRaw<{ schoolId: number; busy: boolean }[]>`
    SELECT c."schoolId",
           EXISTS (SELECT 1 FROM "AuditLog" a
                    WHERE a."schoolId" = c."schoolId" AND a.at > c.at AND a.at <= (${utc(to)}::timestamptz AT TIME ZONE 'UTC') AND a.entity = ${entity}) AS busy
      FROM "JournalNoticeCursor" c
     WHERE c.kind = ${kind}::"NotificationKind" AND c.at < (${utc(to)}::timestamptz AT TIME ZONE 'UTC')
     ORDER BY c."schoolId"`;
  const idle = schools.filter((s) => !s.busy).map((s) => s.schoolId);
  if (idle.length)
    await prisma.$executeRaw`
      UPDATE "JournalNoticeCursor" SET at = greatest(at, (${utc(to)}::timestamptz AT TIME ZONE 'UTC'))
       WHERE kind = ${kind}::"NotificationKind" AND "schoolId" = ANY(${idle}::int[])`;
  let told = 0;
  let failure: Error | null = null;
  for (const { schoolId } of schools.filter((s) => s.busy)) {
    try {
      told += await prisma.$transaction(
        async (tx) => {
          const [c] = await tx.$queryRaw<{ ms: number }[]>`
            SELECT (extract(epoch FROM at) * 1000)::float8 AS ms FROM "JournalNoticeCursor"
             WHERE "schoolId" = ${schoolId} AND kind = ${kind}::"NotificationKind" FOR UPDATE SKIP LOCKED`;
          if (!c || c.ms >= to.getTime()) return 0; // another run has the school, or has done it
          const n = await tell(tx, { schoolId, from: new Date(c.ms), to });
          await tx.$executeRaw`
            UPDATE "JournalNoticeCursor" SET at = (${utc(to)}::timestamptz AT TIME ZONE 'UTC')
             WHERE "schoolId" = ${schoolId} AND kind = ${kind}::"NotificationKind"`;
          return n;
        },
        { timeout: 120_000 },
      );
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      console.error(`Уведомления журнала (${kind}), школа ${schoolId}:`, error.message);
      failure ??= error;
    }
  }
  if (told) wakeWorkers("email-send"); // letters queued in our transactions: send them now, not at the next poll
  if (failure) throw failure;
  return told;
}

interface Family {
  /** «Алексеев Артём (5А)». */
  child: string;
  parents: number[];
  pupil: number | null;
}

/** Each pupil's name with the class, the users of the parents (ParentLink) and the pupil's own user. */
async function familiesOf(db: Db, schoolId: number, pupils: readonly { studentId: number; grade: number; letter: string }[]): Promise<Map<number, Family>> {
  const ids = [...new Set(pupils.map((p) => p.studentId))];
  const rows = await db.$queryRaw<{ studentId: number; lastName: string; firstName: string; parents: number[]; pupil: number | null }[]>`
    SELECT st.id AS "studentId", p."lastName", p."firstName",
           ARRAY(SELECT u.id FROM "ParentLink" pl JOIN "User" u ON u."personId" = pl."parentId"
                  WHERE pl."studentId" = st.id AND pl."schoolId" = ${schoolId} ORDER BY u.id) AS parents,
           (SELECT u.id FROM "User" u WHERE u."personId" = st."personId") AS pupil
      FROM "Student" st JOIN "Person" p ON p.id = st."personId"
     WHERE st.id = ANY(${ids}::int[]) AND st."schoolId" = ${schoolId}`;
  const classOf = new Map(pupils.map((p) => [p.studentId, `${p.grade}${p.letter}`]));
  return new Map(
    rows.map((r) => [r.studentId, { child: `${r.lastName} ${r.firstName} (${classOf.get(r.studentId) ?? ""})`, parents: r.parents, pupil: r.pupil }]),
  );
}

const usersOf = (f: Family, pupil: boolean) => (pupil && f.pupil !== null ? [...f.parents, f.pupil] : f.parents);
/** 1 when notify() made anything (a notification, a letter or a digest item), 0 for an event told before. */
const anything = (r: NotifyResult) => (r.inApp + r.emails + r.digests > 0 ? 1 : 0);

// ---------------------------------------------------------------- marks

interface MarkRow {
  id: number;
  value: number;
  /** The cell's value before the window (null: no mark then). */
  before: number | null;
  /** The cell's last audit entry in the window. */
  auditId: string;
  studentId: number;
  subjectId: number;
  subject: string;
  work: string;
  date: string;
  grade: number;
  letter: string;
  /** The lesson's study period in the current year (the diary's marks page opens on it). */
  periodId: number | null;
}

/**
 * The marks changed in the window whose value differs from the one before it, in classes and
 * subjects graded with marks (School.ungradedGrades, Subject.gradingMode).
 */
function changedMarks(tx: Db, w: Window): Promise<MarkRow[]> {
  return tx.$queryRaw<MarkRow[]>`
    WITH win AS (
      SELECT a."entityId", min(a.id) AS first, max(a.id) AS last FROM "AuditLog" a
       WHERE a."schoolId" = ${w.schoolId} AND a.at > (${utc(w.from)}::timestamptz AT TIME ZONE 'UTC')
         AND a.at <= (${utc(w.to)}::timestamptz AT TIME ZONE 'UTC') AND a.entity = 'mark'
       GROUP BY a."entityId"
    ), cell AS (
      -- entityId is «lessonId:studentId:assignmentTypeId» (journal.context cellKey.mark).
      SELECT split_part(win."entityId", ':', 1)::int AS "lessonId", split_part(win."entityId", ':', 2)::int AS "studentId",
             split_part(win."entityId", ':', 3)::int AS "typeId", (f."oldValue"->>'value')::int AS before, win.last
        FROM win JOIN "AuditLog" f ON f.id = win.first
    )
    SELECT m.id, m.value, cell.before, cell.last::text AS "auditId", m."studentId", l."subjectId", s.name AS subject, t.name AS work,
           to_char(l.date, 'YYYY-MM-DD') AS date, c.grade, c.letter,
           (SELECT p.id FROM "AcademicYear" y
              JOIN "PeriodSet" ps ON ps."yearId" = y.id AND c.grade BETWEEN ps."gradeFrom" AND ps."gradeTo"
              JOIN "StudyPeriod" p ON p."periodSetId" = ps.id AND l.date BETWEEN p."startDate" AND p."endDate"
             WHERE y.id = c."yearId" AND y.status = 'CURRENT' LIMIT 1) AS "periodId"
      FROM cell
      JOIN "Lesson" l ON l.id = cell."lessonId" AND l."schoolId" = ${w.schoolId}
      JOIN "LessonWork" lw ON lw."lessonId" = l.id AND lw."assignmentTypeId" = cell."typeId"
      JOIN "Mark" m ON m."workId" = lw.id AND m."studentId" = cell."studentId"
      JOIN "AssignmentType" t ON t.id = lw."assignmentTypeId"
      JOIN "Subject" s ON s.id = l."subjectId" AND s."gradingMode" <> 'NONE'
      JOIN "SchoolClass" c ON c.id = l."classId"
      JOIN "School" sc ON sc.id = l."schoolId"
     WHERE m.value IS DISTINCT FROM cell.before AND c.grade <> ALL(sc."ungradedGrades")
     ORDER BY m."studentId", s.name, l."subjectId", l.date, l.number NULLS LAST, m.id`;
}

/**
 * A mark's part of the dedupe key: «<markId>:<value>» for a new mark; a correction adds its audit
 * entry («<markId>:<value>:<auditId>»), so a value put back after a correction is told again.
 */
const markToken = (r: MarkRow) => (r.before === null ? `${r.id}:${r.value}` : `${r.id}:${r.value}:${r.auditId}`);

async function tellMarks(tx: Db, w: Window): Promise<number> {
  const rows = await changedMarks(tx, w);
  if (!rows.length) return 0;
  const families = await familiesOf(tx, w.schoolId, rows);
  // One notification per pupil and subject (rows come ordered so): «Новые отметки: 5, 4 — Математика».
  const groups: MarkRow[][] = [];
  for (const r of rows) {
    const last = groups.at(-1);
    if (last && last[0]!.studentId === r.studentId && last[0]!.subjectId === r.subjectId && last.length < MARKS_PER_NOTICE) last.push(r);
    else groups.push([r]);
  }
  let told = 0;
  for (const g of groups) {
    const first = g[0]!;
    const family = families.get(first.studentId);
    if (!family) continue;
    const news: MarkNews[] = g.map((r) => ({ value: r.value, before: r.before, work: r.work, date: parseIsoDate(r.date)! }));
    const text = markNotice(family.child, first.subject, news);
    const periodId = g.at(-1)!.periodId;
    const made = await notify(tx, {
      schoolId: w.schoolId,
      userIds: usersOf(family, true),
      kind: "MARK",
      ...text,
      link: `/diary/${first.studentId}/marks${periodId ? `?period=${periodId}` : ""}`,
      dedupeKey: `mark:${g.map(markToken).join(",")}`,
    });
    told += anything(made);
  }
  return told;
}

/**
 * New and corrected marks (R-COM-4): tells the parents and the pupil of each mark that has stood
 * MARK_SETTLE_MS since the last run, grouped by pupil and subject. Returns how many events made
 * anything new (each reaches its users by their settings, a daily or weekly digest by e-mail included).
 */
export function runMarkNotices(now: Date = clock.now()): Promise<number> {
  return scanAudit("MARK", "mark", MARK_SETTLE_MS, now, tellMarks);
}

// ---------------------------------------------------------------- absences

/**
 * An absence without a reason today (R-COM-4): tells the parents once a day per pupil when «Н»
 * has stood ABSENCE_SETTLE_MS on a lesson of today (the school's day of `now`), naming every lesson
 * of the day with «Н» so far. An «Н» entered late for a past day, or changed to «Б», «УП» or «ОП»
 * before then, tells nobody.
 */
export function runAbsenceNotices(now: Date = clock.now()): Promise<number> {
  const day = today(now);
  return scanAudit("ABSENCE", "attendance", ABSENCE_SETTLE_MS, now, async (tx, w) => {
    const rows = await tx.$queryRaw<{ studentId: number; grade: number; letter: string; lessons: { number: number | null; subject: string }[] }[]>`
      WITH pupil AS (
        -- entityId is «lessonId:studentId» (journal.context cellKey.attendance); only today's lessons count.
        SELECT DISTINCT split_part(a."entityId", ':', 2)::int AS "studentId" FROM "AuditLog" a
          JOIN "Lesson" l ON l.id = split_part(a."entityId", ':', 1)::int AND l.date = ${isoDate(day)}::date
         WHERE a."schoolId" = ${w.schoolId} AND a.at > (${utc(w.from)}::timestamptz AT TIME ZONE 'UTC')
           AND a.at <= (${utc(w.to)}::timestamptz AT TIME ZONE 'UTC') AND a.entity = 'attendance'
      )
      SELECT pupil."studentId", c.grade, c.letter,
             json_agg(json_build_object('number', l.number, 'subject', s.name) ORDER BY l.number NULLS LAST, l.id) AS lessons
        FROM pupil
        JOIN "Attendance" at ON at."studentId" = pupil."studentId" AND at.code = 'ABSENT'
        JOIN "Lesson" l ON l.id = at."lessonId" AND l.date = ${isoDate(day)}::date AND l."schoolId" = ${w.schoolId}
        JOIN "Subject" s ON s.id = l."subjectId" JOIN "SchoolClass" c ON c.id = l."classId"
       GROUP BY pupil."studentId", c.grade, c.letter`;
    if (!rows.length) return 0;
    const families = await familiesOf(tx, w.schoolId, rows);
    let told = 0;
    for (const r of rows) {
      const family = families.get(r.studentId);
      if (!family?.parents.length) continue;
      const made = await notify(tx, {
        schoolId: w.schoolId,
        userIds: usersOf(family, false),
        kind: "ABSENCE",
        ...absenceNotice(family.child, day, r.lessons),
        link: `/diary/${r.studentId}/week?date=${isoDate(day)}`,
        dedupeKey: `absence:${r.studentId}:${isoDate(day)}`,
      });
      told += anything(made);
    }
    return told;
  });
}

// ---------------------------------------------------------------- forecasts

interface ForecastRow {
  studentId: number;
  subjectId: number;
  subject: string;
  marks: MarkCounts;
  periodId: number;
  number: number;
  kind: string;
  endDate: string;
  grade: number;
  letter: string;
}

/** Pupils of the school (class members on `day`) whose forecast for a period ending on `end` is below the «3» threshold, with the thresholds. */
async function forecastRisks(schoolId: number, day: Date, end: Date) {
  const rows = await prisma.$queryRawUnsafe<ForecastRow[]>(
    `WITH cls AS (
       SELECT c.id, c.grade, c.letter, c."yearId" FROM "SchoolClass" c JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
        WHERE c."schoolId" = $1
     ), per AS (
       SELECT cls.id AS "classId", p.id AS "periodId", p.number, ps.kind::text AS kind, p."startDate", p."endDate"
         FROM cls JOIN "PeriodSet" ps ON ps."yearId" = cls."yearId" AND cls.grade BETWEEN ps."gradeFrom" AND ps."gradeTo"
         JOIN "StudyPeriod" p ON p."periodSetId" = ps.id AND p."endDate" = $3::date
     ), ${forecastRiskCtes("$1", "$2")}
     SELECT x."studentId", x."subjectId", s.name AS subject, x.marks, per."periodId", per.number, per.kind,
            to_char(per."endDate", 'YYYY-MM-DD') AS "endDate", cls.grade, cls.letter
       FROM risk x JOIN per ON per."classId" = x."classId" JOIN cls ON cls.id = x."classId" JOIN "Subject" s ON s.id = x."subjectId"
      WHERE EXISTS (SELECT 1 FROM "ClassMembership" m WHERE m."classId" = x."classId" AND m."studentId" = x."studentId"
                       AND m."fromDate" <= $2::date AND (m."toDate" IS NULL OR m."toDate" >= $2::date))
      ORDER BY x."studentId", s.name`,
    schoolId,
    isoDate(day),
    isoDate(end),
  );
  const [t] = await prisma.$queryRawUnsafe<{ t: Record<string, string | number> | null }[]>(`SELECT (${thresholdsSql("$1")}) AS t`, schoolId);
  return { rows, thresholds: thresholdsOf(t?.t) };
}

/**
 * A forecast of «2» two weeks before the period's end (R-JRN-8, R-COM-4): for each study period of
 * a current year ending FORECAST_DAYS_BEFORE days after the school's day of `now`, tells the parents
 * and the pupil of each subject whose forecast (the class teacher's home shows the same pupils) is
 * «2», once per pupil, subject and period. Returns how many events made anything new.
 */
export async function runForecastNotices(now: Date = clock.now()): Promise<number> {
  const day = today(now);
  const end = addDays(day, FORECAST_DAYS_BEFORE);
  const schools = await prisma.$queryRaw<{ schoolId: number }[]>`
    SELECT DISTINCT p."schoolId" FROM "StudyPeriod" p JOIN "AcademicYear" y ON y.id = p."yearId" AND y.status = 'CURRENT'
     WHERE p."endDate" = ${isoDate(end)}::date ORDER BY 1`;
  let told = 0;
  for (const { schoolId } of schools) {
    const { rows, thresholds } = await forecastRisks(schoolId, day, end);
    const failing = rows.filter((r) => failsForecast(r.marks, thresholds));
    if (!failing.length) continue;
    const families = await familiesOf(prisma, schoolId, failing);
    for (const r of failing) {
      const family = families.get(r.studentId);
      if (!family) continue;
      const average = formatAverage(weightedAverage(marksOfCounts(r.marks)));
      const made = await notify(prisma, {
        schoolId,
        userIds: usersOf(family, true),
        kind: "FORECAST",
        ...forecastNotice(family.child, r.subject, { kind: r.kind, number: r.number, endDate: parseIsoDate(r.endDate)! }, average),
        link: `/diary/${r.studentId}/marks?period=${r.periodId}`,
        dedupeKey: `forecast:${r.studentId}:${r.subjectId}:${r.periodId}`,
      });
      told += anything(made);
    }
  }
  return told;
}

// ---------------------------------------------------------------- too few marks

interface FewRow {
  studentId: number;
  subjectId: number;
  subject: string;
  n: number;
  min: number;
  periodId: number;
  number: number;
  kind: string;
  endDate: string;
  grade: number;
  letter: string;
}

/**
 * Pupils (class members on $2) with fewer marks than the school's minimum for certification
 * (School.minMarksForCertification, the forecast report's «мало отметок») in a subject graded with
 * marks that their class has had lessons of in a period ending on $3: the lessons the pupil sits
 * (the whole class's, or the pupil's subgroup's on that day), from the period's start to $2, and no
 * exemption from the subject (or from all lessons) on $2. Grades taught without marks have none.
 */
const FEW_SQL = `
WITH cls AS (
  SELECT c.id, c.grade, c.letter, c."yearId" FROM "SchoolClass" c JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
   WHERE c."schoolId" = $1 AND c.grade <> ALL((SELECT sc."ungradedGrades" FROM "School" sc WHERE sc.id = $1)::int[])
), per AS (
  SELECT cls.id AS "classId", p.id AS "periodId", p.number, ps.kind::text AS kind, p."startDate", p."endDate"
    FROM cls JOIN "PeriodSet" ps ON ps."yearId" = cls."yearId" AND cls.grade BETWEEN ps."gradeFrom" AND ps."gradeTo"
    JOIN "StudyPeriod" p ON p."periodSetId" = ps.id AND p."endDate" = $3::date
), sat AS (
  SELECT per."classId", cm."studentId", l."subjectId", count(m.id)::int AS n
    FROM per
    JOIN "ClassMembership" cm ON cm."classId" = per."classId" AND cm."fromDate" <= $2::date AND (cm."toDate" IS NULL OR cm."toDate" >= $2::date)
    JOIN "Lesson" l ON l."schoolId" = $1 AND l."classId" = per."classId" AND l.date BETWEEN per."startDate" AND $2::date
    JOIN "Subject" s ON s.id = l."subjectId" AND s."gradingMode" = 'MARKS'
    LEFT JOIN "Mark" m ON m."lessonId" = l.id AND m."studentId" = cm."studentId"
   WHERE (l."subgroupId" IS NULL OR EXISTS (
           SELECT 1 FROM "SubgroupMembership" sm WHERE sm."subgroupId" = l."subgroupId" AND sm."studentId" = cm."studentId"
              AND sm."fromDate" <= l.date AND (sm."toDate" IS NULL OR sm."toDate" >= l.date)))
     AND NOT EXISTS (
           SELECT 1 FROM "Exemption" e WHERE e."studentId" = cm."studentId" AND (e."subjectId" IS NULL OR e."subjectId" = l."subjectId")
              AND e."fromDate" <= $2::date AND e."toDate" >= $2::date)
   GROUP BY 1, 2, 3
)
SELECT sat."studentId", sat."subjectId", s.name AS subject, sat.n, sc."minMarksForCertification" AS min,
       per."periodId", per.number, per.kind, to_char(per."endDate", 'YYYY-MM-DD') AS "endDate", cls.grade, cls.letter
  FROM sat JOIN per ON per."classId" = sat."classId" JOIN cls ON cls.id = sat."classId" JOIN "Subject" s ON s.id = sat."subjectId"
  JOIN "School" sc ON sc.id = $1
 WHERE sat.n < sc."minMarksForCertification"
 ORDER BY sat."studentId", s.name`;

/**
 * Too few marks for certification two weeks before the period's end (issue 17: a pupil «at risk»
 * by the forecast report's second rule): for each study period of a current year ending
 * FORECAST_DAYS_BEFORE days after the school's day of `now`, tells the parents and the pupil of each
 * subject with fewer marks than the school's minimum so far, once per pupil, subject and period
 * (the same job as the forecast of «2»). Returns how many events made anything new.
 */
export async function runFewMarksNotices(now: Date = clock.now()): Promise<number> {
  const day = today(now);
  const end = addDays(day, FORECAST_DAYS_BEFORE);
  const schools = await prisma.$queryRaw<{ schoolId: number }[]>`
    SELECT DISTINCT p."schoolId" FROM "StudyPeriod" p JOIN "AcademicYear" y ON y.id = p."yearId" AND y.status = 'CURRENT'
     WHERE p."endDate" = ${isoDate(end)}::date ORDER BY 1`;
  let told = 0;
  for (const { schoolId } of schools) {
    const rows = await prisma.$queryRawUnsafe<FewRow[]>(FEW_SQL, schoolId, isoDate(day), isoDate(end));
    if (!rows.length) continue;
    const families = await familiesOf(prisma, schoolId, rows);
    for (const r of rows) {
      const family = families.get(r.studentId);
      if (!family) continue;
      const made = await notify(prisma, {
        schoolId,
        userIds: usersOf(family, true),
        kind: "FORECAST",
        ...fewMarksNotice(family.child, r.subject, { kind: r.kind, number: r.number, endDate: parseIsoDate(r.endDate)! }, r.n, r.min),
        link: `/diary/${r.studentId}/marks?period=${r.periodId}`,
        dedupeKey: `fewmarks:${r.studentId}:${r.subjectId}:${r.periodId}`,
      });
      told += anything(made);
    }
  }
  return told;
}
