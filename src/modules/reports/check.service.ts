/**
 * R-RPT-1, R-JRN-4: the deputy's monthly journal check. For a month and a set of classes,
 * per teacher × class × subject (× subgroup): lessons the timetable asks for vs lessons in
 * the journal with a topic; lessons without a topic, homework (where homework is set: not in
 * the 1st grade, СанПиН 1.2.3685-21, grading.ts homeworkExpected), attendance; marks, marks
 * per student, students with no mark and with a single mark; marks entered late (control
 * works later than School.lateControlWorkDays after the lesson, other marks after the
 * lesson day; only marks of the class's members on the lesson day, so entries kept «из другого класса» by a
 * backdated transfer are not counted); topics and homework entered late (R-JRN-14, journal.timeliness.ts); corrections after the lock (School.lockDays) from the audit log. Only days
 * up to today count. The aggregates are one set-based query; the timetable plan comes from
 * the schedule module. The same journals are grouped per teacher and per class (the page's
 * summary and class details, check.doc.ts); a class asked for outside the scope is a 404.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { homeworkExpected, marksUsed } from "../../lib/grading.ts";
import { className, compareNames, compareText, shortName, fullName } from "../../lib/names.ts";
import { planLessons } from "../schedule/lessons.service.ts";
import { journalPath, lateLessonsSql, memberOnLessonDay } from "../journal/journal.service.ts";
import { SCHOOL_TZ, num, periodsOfYear, schoolInfo, yearContaining, type Month } from "./reports.common.ts";
import { visibleClass, visibleJournal } from "./reports.policy.ts";
import { assertClassesInScope, scopeOf } from "./reports.scope.ts";

/** The numbers of one journal or a summary line. */
export interface CheckFigures {
  planned: number;
  lessons: number;
  filled: number;
  noTopic: number;
  noHomework: number;
  noAttendance: number;
  marks: number;
  students: number;
  noMark: number;
  oneMark: number;
  lateControl: number;
  lateOther: number;
  /** Topics entered after the lesson day; homework entered after the day's last lesson plus the allowance (R-JRN-14). */
  lateTopic: number;
  lateHomework: number;
  edits: number;
  /** False: homework is not set in these journals (grading.ts homeworkExpected), «Без д/з» is not counted and shows «—». */
  homeworkSet?: boolean;
}

export interface CheckRow extends CheckFigures {
  teacherId: number;
  classId: number;
  className: string;
  grade: number;
  subjectId: number;
  subjectName: string;
  subgroupId: number | null;
  subgroupName: string | null;
  /** Marks are used (not first grade, not a subject without marks). */
  graded: boolean;
  /** Homework is set in the class (not in the 1st grade): lessons without it count as «без д/з». */
  homeworkSet: boolean;
  /** The journal grid of the period holding the month. */
  link: string;
  /** The teacher's short name: «Математиков П. И.». */
  teacher: string;
}

/** The journals of one class: its details on the check page and in the PDF. */
export interface ClassBlock {
  classId: number;
  name: string;
  grade: number;
  letter: string;
  classTeacher: string | null;
  rows: CheckRow[];
  total: CheckFigures;
}

export interface TeacherBlock {
  teacherId: number;
  name: string;
  short: string;
  rows: CheckRow[];
  total: CheckFigures;
}

type FigureKey = Exclude<keyof CheckFigures, "homeworkSet">;

const ZERO: Record<FigureKey, number> = {
  planned: 0,
  lessons: 0,
  filled: 0,
  noTopic: 0,
  noHomework: 0,
  noAttendance: 0,
  marks: 0,
  students: 0,
  noMark: 0,
  oneMark: 0,
  lateControl: 0,
  lateOther: 0,
  lateTopic: 0,
  lateHomework: 0,
  edits: 0,
};
const KEYS = Object.keys(ZERO) as FigureKey[];

/** The figures summed; homework counts as set when it is in any of the journals. */
export function sumFigures(list: readonly CheckFigures[], onlyGraded = false): CheckFigures {
  const t: CheckFigures = { ...ZERO, homeworkSet: !list.length || list.some((f) => f.homeworkSet !== false) };
  for (const f of list)
    for (const k of KEYS) {
      if (onlyGraded && (k === "students" || k === "noMark" || k === "oneMark") && !(f as CheckRow).graded) continue;
      t[k] += f[k];
    }
  return t;
}

/** Marks per student, «—» without students. */
export function perStudent(f: CheckFigures): string {
  return f.students > 0 ? num(f.marks / f.students, 1) : "—";
}

interface SqlRow {
  teacherId: number;
  classId: number;
  subjectId: number;
  sg: number;
  lessons: number;
  filled: number;
  no_homework: number;
  no_attendance: number;
  marks: number;
  late_control: number;
  late_other: number;
  late_topic: number;
  late_homework: number;
  students: number;
  no_mark: number;
  one_mark: number;
  edits: number;
}

export const CHECK_SQL = `
WITH l AS MATERIALIZED (
  SELECT l.id, l."teacherId", l."classId", l."subjectId", coalesce(l."subgroupId", 0) AS sg, l.date, l.topic, l.homework, l."attendanceCheckedAt",
         l."topicSetAt", l."homeworkSetAt",
         -- the school's midnights after the lesson day and after the control-work limit, as UTC timestamps (Mark.createdAt is UTC)
         ((l.date + 1)::timestamp AT TIME ZONE $11::text) AT TIME ZONE 'UTC' AS next_day,
         ((l.date + 1 + $9::int)::timestamp AT TIME ZONE $11::text) AT TIME ZONE 'UTC' AS control_limit
    FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId"
   WHERE l."schoolId" = $1 AND l.date BETWEEN $2::date AND $3::date AND c."yearId" = $5
     AND ($4::int[] IS NULL OR l."classId" = ANY($4::int[]))
     AND ($6::boolean OR l."classId" = ANY($7::int[]) OR l."teacherId" = $8::int)
), ${lateLessonsSql("l", { school: "$1", tz: "$11::text", allowance: "$12::int" })}, j AS (
  SELECT "teacherId", "classId", "subjectId", sg,
         count(*)::int AS lessons,
         count(*) FILTER (WHERE btrim(coalesce(topic, '')) <> '')::int AS filled,
         count(*) FILTER (WHERE btrim(coalesce(homework, '')) = '')::int AS no_homework,
         count(*) FILTER (WHERE "attendanceCheckedAt" IS NULL AND NOT EXISTS (SELECT 1 FROM "Attendance" a WHERE a."lessonId" = l.id))::int AS no_attendance,
         count(*) FILTER (WHERE late.late_topic)::int AS late_topic,
         count(*) FILTER (WHERE late.late_homework)::int AS late_homework
    FROM l JOIN late USING (id) GROUP BY 1, 2, 3, 4
), cw AS MATERIALIZED (
  -- materialized: hashed once (inlined, an unanalysed planner probed l once per mark: 12 s against 0.3 s on the demo)
  SELECT w.id FROM "LessonWork" w JOIN "AssignmentType" t ON t.id = w."assignmentTypeId" AND t."isControl"
   WHERE w."schoolId" = $1 AND w."lessonId" IN (SELECT id FROM l)
), ms AS MATERIALIZED (
  SELECT l."teacherId", l."classId", l."subjectId", l.sg, m."studentId", count(*) AS n,
         count(*) FILTER (WHERE cw.id IS NOT NULL AND m."createdAt" >= l.control_limit) AS late_control,
         count(*) FILTER (WHERE cw.id IS NULL AND m."createdAt" >= l.next_day) AS late_other
    FROM l JOIN "Mark" m ON m."lessonId" = l.id LEFT JOIN cw ON cw.id = m."workId"
   WHERE ${memberOnLessonDay("m", "l")}
   GROUP BY 1, 2, 3, 4, 5
), marks AS (
  SELECT "teacherId", "classId", "subjectId", sg, sum(n)::int AS marks, sum(late_control)::int AS late_control, sum(late_other)::int AS late_other
    FROM ms GROUP BY 1, 2, 3, 4
), roster AS (
  SELECT j."teacherId", j."classId", j."subjectId", j.sg, cm."studentId"
    FROM j JOIN "ClassMembership" cm ON cm."classId" = j."classId" AND cm."fromDate" <= $3::date AND (cm."toDate" IS NULL OR cm."toDate" >= $2::date)
   WHERE j.sg = 0
  UNION
  SELECT j."teacherId", j."classId", j."subjectId", j.sg, sm."studentId"
    FROM j JOIN "SubgroupMembership" sm ON sm."subgroupId" = j.sg AND sm."fromDate" <= $3::date AND (sm."toDate" IS NULL OR sm."toDate" >= $2::date)
   WHERE j.sg <> 0
), st AS (
  SELECT r."teacherId", r."classId", r."subjectId", r.sg, count(*)::int AS students,
         count(*) FILTER (WHERE coalesce(ms.n, 0) = 0)::int AS no_mark,
         count(*) FILTER (WHERE ms.n = 1)::int AS one_mark
    FROM roster r LEFT JOIN ms USING ("teacherId", "classId", "subjectId", sg, "studentId")
   GROUP BY 1, 2, 3, 4
), ed AS (
  SELECT l."teacherId", l."classId", l."subjectId", l.sg, count(*)::int AS edits
    FROM "AuditLog" a JOIN l ON l.id = split_part(a."entityId", ':', 1)::int
   WHERE a."schoolId" = $1 AND a.entity IN ('mark', 'attendance') AND a.at >= $2::date + $10::int
     AND ((a.at AT TIME ZONE 'UTC') AT TIME ZONE $11::text)::date - l.date > $10::int
   GROUP BY 1, 2, 3, 4
)
SELECT j."teacherId", j."classId", j."subjectId", j.sg, j.lessons, j.filled, j.no_homework, j.no_attendance, j.late_topic, j.late_homework,
       coalesce(marks.marks, 0) AS marks, coalesce(marks.late_control, 0) AS late_control, coalesce(marks.late_other, 0) AS late_other,
       coalesce(st.students, 0) AS students, coalesce(st.no_mark, 0) AS no_mark, coalesce(st.one_mark, 0) AS one_mark, coalesce(ed.edits, 0) AS edits
  FROM j
  LEFT JOIN marks USING ("teacherId", "classId", "subjectId", sg)
  LEFT JOIN st USING ("teacherId", "classId", "subjectId", sg)
  LEFT JOIN ed USING ("teacherId", "classId", "subjectId", sg)`;

export interface CheckInput {
  month: Month;
  /** Classes chosen; empty: every class in the scope. */
  classIds: number[];
}

/** R-RPT-1: the monthly check of the journals in the actor's scope. NotFound for a class asked for that is not a class of the month's year in the scope. */
export async function monthlyCheck(actor: Actor, input: CheckInput, now: Date = today()) {
  const scope = await scopeOf(actor, "check");
  const school = await schoolInfo(actor);
  const year = await yearContaining(actor, input.month.from);
  await assertClassesInScope(actor, scope, year.id, input.classIds);
  const from = input.month.from;
  const to = input.month.to < now ? input.month.to : now;
  const classIds = input.classIds.length ? input.classIds : null;
  const empty = to < from;

  const [sqlRows, plan, classes, periods] = await Promise.all([
    empty
      ? Promise.resolve([] as SqlRow[])
      : pgPool()
          .query<SqlRow>(CHECK_SQL, [
            actor.schoolId,
            isoDate(from),
            isoDate(to),
            classIds,
            year.id,
            scope.all,
            scope.classIds,
            scope.teacherId,
            school.lateControlWorkDays,
            school.lockDays,
            SCHOOL_TZ,
            school.homeworkAllowanceMinutes,
          ])
          .then((r) => r.rows),
    empty ? Promise.resolve({ planned: [] }) : planLessons(prisma, actor.schoolId, year.id, from, to, classIds ?? undefined),
    prisma.schoolClass.findMany({
      where: { schoolId: actor.schoolId, yearId: year.id },
      select: { id: true, grade: true, letter: true, classTeacher: { select: { lastName: true, firstName: true, middleName: true } } },
    }),
    periodsOfYear(year.id),
  ]);

  const key = (t: number, c: number, s: number, sg: number) => `${t}|${c}|${s}|${sg}`;
  const byKey = new Map<string, SqlRow>(sqlRows.map((r) => [key(r.teacherId, r.classId, r.subjectId, r.sg), r]));
  const planned = new Map<string, number>();
  for (const p of plan.planned) {
    if (!visibleJournal(scope, p)) continue;
    const k = key(p.teacherId, p.classId, p.subjectId, p.subgroupId ?? 0);
    planned.set(k, (planned.get(k) ?? 0) + 1);
    if (!byKey.has(k))
      byKey.set(k, {
        teacherId: p.teacherId,
        classId: p.classId,
        subjectId: p.subjectId,
        sg: p.subgroupId ?? 0,
        lessons: 0,
        filled: 0,
        no_homework: 0,
        no_attendance: 0,
        marks: 0,
        late_control: 0,
        late_other: 0,
        late_topic: 0,
        late_homework: 0,
        students: 0,
        no_mark: 0,
        one_mark: 0,
        edits: 0,
      });
  }

  const rowsRaw = [...byKey.values()];
  const ids = (f: (r: SqlRow) => number) => [...new Set(rowsRaw.map(f))].filter((x) => x > 0);
  const [teachers, subjects, subgroups] = await Promise.all([
    prisma.person.findMany({
      where: { id: { in: ids((r) => r.teacherId) }, schoolId: actor.schoolId },
      select: { id: true, lastName: true, firstName: true, middleName: true },
    }),
    prisma.subject.findMany({ where: { id: { in: ids((r) => r.subjectId) }, schoolId: actor.schoolId }, select: { id: true, name: true, gradingMode: true } }),
    prisma.subgroup.findMany({ where: { id: { in: ids((r) => r.sg) }, schoolId: actor.schoolId }, select: { id: true, name: true } }),
  ]);
  const classOf = new Map(classes.map((c) => [c.id, c]));
  const subjectOf = new Map(subjects.map((s) => [s.id, s]));
  const subgroupOf = new Map(subgroups.map((s) => [s.id, s.name]));
  const mid = new Date((from.getTime() + to.getTime()) / 2);
  const periodFor = (grade: number) => {
    const list = periods.filter((p) => grade >= p.gradeFrom && grade <= p.gradeTo);
    return list.find((p) => p.startDate <= mid && p.endDate >= mid) ?? list.find((p) => p.startDate <= to && p.endDate >= from) ?? null;
  };

  const teacherOf = new Map(teachers.map((t) => [t.id, t]));
  const rows: CheckRow[] = rowsRaw.map((r) => {
    const cls = classOf.get(r.classId)!;
    const subject = subjectOf.get(r.subjectId);
    // Issue 23: classes and subjects taught without marks are not counted as «без отметок» students.
    const graded = marksUsed({ grade: cls.grade, gradingMode: subject?.gradingMode ?? "MARKS", ungradedGrades: school.ungradedGrades });
    // Issue 23: no homework in the 1st grade (СанПиН 1.2.3685-21), so a lesson there without it is no gap.
    const homeworkSet = homeworkExpected(cls.grade, school.ungradedGrades);
    const subgroupId = r.sg || null;
    const period = periodFor(cls.grade);
    return {
      teacherId: r.teacherId,
      classId: r.classId,
      className: className(cls),
      grade: cls.grade,
      subjectId: r.subjectId,
      subjectName: subject?.name ?? "?",
      subgroupId,
      subgroupName: subgroupId ? (subgroupOf.get(subgroupId) ?? null) : null,
      graded,
      homeworkSet,
      link: journalPath({ classId: r.classId, subjectId: r.subjectId, subgroupId }, "", { period: period?.id }),
      teacher: teacherOf.has(r.teacherId) ? shortName(teacherOf.get(r.teacherId)!) : "?",
      planned: planned.get(key(r.teacherId, r.classId, r.subjectId, r.sg)) ?? 0,
      lessons: r.lessons,
      filled: r.filled,
      noTopic: r.lessons - r.filled,
      noHomework: homeworkSet ? r.no_homework : 0,
      noAttendance: r.no_attendance,
      marks: r.marks,
      students: graded ? r.students : 0,
      noMark: graded ? r.no_mark : 0,
      oneMark: graded ? r.one_mark : 0,
      lateControl: r.late_control,
      lateOther: r.late_other,
      lateTopic: r.late_topic,
      lateHomework: homeworkSet ? r.late_homework : 0,
      edits: r.edits,
    };
  });

  const blocks = new Map<number, TeacherBlock>();
  for (const r of rows) {
    const p = teacherOf.get(r.teacherId);
    const b: TeacherBlock = blocks.get(r.teacherId) ?? {
      teacherId: r.teacherId,
      name: p ? fullName(p) : "?",
      short: p ? shortName(p) : "?",
      rows: [],
      total: ZERO,
    };
    b.rows.push(r);
    blocks.set(r.teacherId, b);
  }
  const teacherBlocks = [...blocks.values()].sort((a, b) => {
    const pa = teacherOf.get(a.teacherId),
      pb = teacherOf.get(b.teacherId);
    return pa && pb ? compareNames(pa, pb) : a.teacherId - b.teacherId;
  });
  for (const b of teacherBlocks) {
    b.rows.sort(
      (x, y) =>
        x.grade - y.grade ||
        compareText(x.className, y.className) ||
        compareText(x.subjectName, y.subjectName) ||
        compareText(x.subgroupName ?? "", y.subgroupName ?? ""),
    );
    b.total = sumFigures(b.rows);
  }
  return {
    school,
    year,
    month: input.month,
    from,
    to,
    classIds: input.classIds,
    teachers: teacherBlocks,
    classes: classBlocks(
      rows,
      classes.filter((c) => (visibleClass(scope, c.id) || rows.some((r) => r.classId === c.id)) && (!input.classIds.length || input.classIds.includes(c.id))),
    ),

    total: sumFigures(rows),
    scope,
  };
}

/**
 * The journals grouped by class (grade, letter), each class's by subject, subgroup and teacher: every class of
 * the scope (and of the filter), a class without a journal in the month too — an empty class is a finding.
 */
function classBlocks(
  rows: readonly CheckRow[],
  classes: readonly { id: number; grade: number; letter: string; classTeacher: { lastName: string; firstName: string; middleName: string | null } | null }[],
): ClassBlock[] {
  const byClass = new Map<number, CheckRow[]>(classes.map((c) => [c.id, []]));
  for (const r of rows) byClass.set(r.classId, [...(byClass.get(r.classId) ?? []), r]);
  const classOf = new Map(classes.map((c) => [c.id, c]));
  return [...byClass.entries()]
    .filter(([classId]) => classOf.has(classId))
    .map(([classId, list]) => {
      const c = classOf.get(classId)!;
      list.sort(
        (x, y) => compareText(x.subjectName, y.subjectName) || compareText(x.subgroupName ?? "", y.subgroupName ?? "") || compareText(x.teacher, y.teacher),
      );
      return {
        classId,
        name: className(c),
        grade: c.grade,
        letter: c.letter,
        classTeacher: c.classTeacher ? shortName(c.classTeacher) : null,
        rows: list,
        total: sumFigures(list),
      };
    })
    .sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter));
}

export type MonthlyCheck = Awaited<ReturnType<typeof monthlyCheck>>;
