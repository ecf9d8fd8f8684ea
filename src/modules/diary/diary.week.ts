/**
 * The diary's week (R-DRY-1): Monday to Saturday, every lesson of the class the student was in
 * on that day (and of the student's own subgroups and cross-class groups, R-JRN-13), with time from the bell schedule, topic,
 * homework with its due date, marks with the kind of work and comment, attendance, the
 * timetable's changes for the week (cancelled and moved lessons, substitutes), and the homework
 * due that week.
 *
 * Speed (issue 4: < 20 ms server time at the median on the large school): the whole week is ONE
 * set-based SQL statement on the shared pg pool (diaryWeekSql) that returns a single JSON
 * document — the switcher's students, the memberships, the lessons with their marks and
 * attendance, the bell slots, the due homework and the week's timetable changes. Access is
 * decided before it in memory (the actor's own student record and children, R-ACL-1) and the
 * statement itself filters by school and by the student, so another id can never leak data.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { addDays, isoDate, today, within } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName, shortName } from "../../lib/names.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { mondayOf, type DiaryStudent } from "./diary.common.ts";
import { assertDiaryStudent, diaryStudentIds } from "./diary.policy.ts";
import { ATTENDANCE, MARKLESS, WEEKDAY_NAMES, minutesText } from "./diary.text.ts";

export interface DiaryMark {
  value: number;
  /** The lesson's work (LessonWork) the mark is for, and its kind (AssignmentType): ids for the web API (issue 21). */
  workId: number;
  typeId: number;
  /** The kind of work (AssignmentType name). */
  kind: string;
  workTopic: string | null;
  comment: string | null;
}

export interface DiaryLesson {
  /** The lesson's id; null for a cancelled timetable lesson that has no lesson record. */
  id: number | null;
  date: Date;
  number: number | null;
  /** «08:30–09:15»; null when the lesson has no number or the bell schedule has no slot for it. */
  time: string | null;
  subject: string;
  topic: string | null;
  homework: string | null;
  homeworkDue: Date | null;
  substituted: boolean;
  /** «Иванова И. И.»: the teacher who taught instead, when known. */
  substitute: string | null;
  /** Cancelled by the timetable's change for this date. */
  cancelled: boolean;
  /** «Урок отменён», «Перенесён на 19.11, 3-й урок», «Перенесён с 17.11». */
  change: string | null;
  marks: DiaryMark[];
  attendance: { code: string; title: string; kind: AttendanceCode } | null;
}

export interface DiaryDay {
  date: Date;
  iso: string;
  weekday: string;
  isToday: boolean;
  /** The class the student was in that day («5А»), or null when in none. */
  className: string | null;
  lessons: DiaryLesson[];
}

export interface DueHomework {
  due: Date;
  subject: string;
  homework: string;
  /** The lesson date it was given on. */
  given: Date;
}

export interface DiaryWeek {
  student: DiaryStudent;
  /** The students the actor may switch between (own self first, then children by name). */
  students: DiaryStudent[];
  monday: Date;
  saturday: Date;
  prev: string;
  next: string;
  days: DiaryDay[];
  due: DueHomework[];
  /** Issue 23: the week's class is taught without marks — said in a sentence above the days. */
  markless: string | null;
  /** Subjects of the week graded «без отметок» (e.g. ОРКСЭ), when the class itself takes marks. */
  marklessSubjects: string[];
}

/** How far back a homework given for this week may have been set (keeps the query on the index). */
const HOMEWORK_LOOKBACK_DAYS = 56;

interface Row {
  students: { id: number; lastName: string; firstName: string; middleName: string | null }[] | null;
  classes: { classId: number; fromDate: string; toDate: string | null; grade: number; letter: string; scheduleId: number | null; ungraded: boolean }[] | null;
  subgroups: { subgroupId: number; fromDate: string; toDate: string | null; cross: boolean }[] | null;
  lessons:
    | {
        id: number;
        entryId: number | null;
        classId: number;
        date: string;
        number: number | null;
        subject: string;
        topic: string | null;
        homework: string | null;
        homeworkDue: string | null;
        substituteId: number | null;
        subLast: string | null;
        subFirst: string | null;
        subMiddle: string | null;
        movedFrom: string | null;
        attendance: AttendanceCode | null;
        /** The subject is graded «без отметок» (issue 23). */
        markless: boolean;
        marks: { value: number; workId: number; typeId: number; kind: string; workTopic: string | null; comment: string | null }[] | null;
      }[]
    | null;
  slots: { scheduleId: number; number: number; startMinute: number; endMinute: number }[] | null;
  due: { subject: string; homework: string; given: string; due: string }[] | null;
  changes:
    | {
        entryId: number;
        classId: number;
        date: string;
        kind: "CANCEL" | "MOVE";
        number: number;
        subject: string;
        newDate: string | null;
        newNumber: number | null;
      }[]
    | null;
}

/**
 * The one statement behind the week. $1 school, $2 student, $3 Monday, $4 Saturday, $5 the
 * homework look-back start, $6 the ids of the switcher's students (already checked in memory).
 * Class membership is checked on each lesson's date, subgroup membership likewise (a student who
 * moved sees the old class before the move and the new one after it).
 */
const WEEK_SQL = `
WITH cm AS (
  SELECT m."classId", m."fromDate", m."toDate", c.grade, c.letter,
         -- Issue 23: the class is taught without marks (the school's setting).
         (c.grade = ANY(COALESCE((SELECT sc."ungradedGrades" FROM "School" sc WHERE sc.id = $1), '{}'))) AS ungraded,
         COALESCE(c."bellScheduleId", (SELECT b.id FROM "BellSchedule" b WHERE b."schoolId" = $1 AND b."isDefault" ORDER BY b.id LIMIT 1)) AS "scheduleId"
    FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
   WHERE m."studentId" = $2 AND m."schoolId" = $1 AND m."fromDate" <= $4::date AND (m."toDate" IS NULL OR m."toDate" >= $3::date)
), sg AS (
  -- "cross": a cross-class group (R-JRN-13), whose lessons are the member's whatever their host class.
  SELECT s."subgroupId", s."fromDate", s."toDate", g.kind IS NOT NULL AS "cross"
    FROM "SubgroupMembership" s JOIN "Subgroup" g ON g.id = s."subgroupId"
   WHERE s."studentId" = $2 AND s."schoolId" = $1 AND s."fromDate" <= $4::date AND (s."toDate" IS NULL OR s."toDate" >= $3::date)
), mv AS (
  -- Lessons moved into this week from another day (a handful per school week: no index needed).
  SELECT DISTINCT ON (ch."entryId", ch."newDate") ch."entryId", ch."newDate", ch.date
    FROM "TimetableChange" ch
   WHERE ch."schoolId" = $1 AND ch.kind = 'MOVE' AND ch."newDate" BETWEEN $3::date AND $4::date AND ch.date <> ch."newDate"
), les AS (
  SELECT l.id, l."timetableEntryId", l."classId", l."subgroupId", l.date, l.number, l."subjectId", l.topic, l.homework, l."homeworkDue", l."substituteId"
    FROM "Lesson" l
   WHERE l."schoolId" = $1 AND l."classId" IN (SELECT "classId" FROM cm) AND l.date BETWEEN $3::date AND $4::date
     AND EXISTS (SELECT 1 FROM cm WHERE cm."classId" = l."classId" AND cm."fromDate" <= l.date AND (cm."toDate" IS NULL OR cm."toDate" >= l.date))
     AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM sg WHERE sg."subgroupId" = l."subgroupId" AND sg."fromDate" <= l.date AND (sg."toDate" IS NULL OR sg."toDate" >= l.date)))
  UNION ALL
  -- The member's cross-class group lessons hosted by another class (Lesson(subgroupId, date) index).
  SELECT l.id, l."timetableEntryId", l."classId", l."subgroupId", l.date, l.number, l."subjectId", l.topic, l.homework, l."homeworkDue", l."substituteId"
    FROM "Lesson" l
   WHERE l."schoolId" = $1 AND l."subgroupId" IN (SELECT "subgroupId" FROM sg WHERE sg."cross") AND l.date BETWEEN $3::date AND $4::date
     AND EXISTS (SELECT 1 FROM sg WHERE sg."subgroupId" = l."subgroupId" AND sg."fromDate" <= l.date AND (sg."toDate" IS NULL OR sg."toDate" >= l.date))
     AND NOT EXISTS (SELECT 1 FROM cm WHERE cm."classId" = l."classId" AND cm."fromDate" <= l.date AND (cm."toDate" IS NULL OR cm."toDate" >= l.date))
)
SELECT
  (SELECT json_agg(json_build_object('id', st.id, 'lastName', p."lastName", 'firstName', p."firstName", 'middleName', p."middleName"))
     FROM "Student" st JOIN "Person" p ON p.id = st."personId"
    WHERE st.id = ANY($6::int[]) AND st."schoolId" = $1) AS students,
  (SELECT json_agg(cm) FROM cm) AS classes,
  (SELECT json_agg(sg) FROM sg) AS subgroups,
  (SELECT json_agg(json_build_object(
            'id', les.id, 'entryId', les."timetableEntryId", 'classId', les."classId", 'date', les.date, 'number', les.number,
            'subject', s.name, 'topic', les.topic, 'homework', les.homework, 'homeworkDue', les."homeworkDue",
            'substituteId', les."substituteId", 'subLast', sp."lastName", 'subFirst', sp."firstName", 'subMiddle', sp."middleName",
            'movedFrom', mv.date, 'attendance', a.code, 'markless', s."gradingMode" = 'NONE',
            'marks', (SELECT json_agg(json_build_object('value', m.value, 'workId', w.id, 'typeId', t.id, 'kind', t.name, 'workTopic', w.topic, 'comment', m.comment) ORDER BY t."sortOrder", t.id)
                        FROM "Mark" m JOIN "LessonWork" w ON w.id = m."workId" JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
                       WHERE m."lessonId" = les.id AND m."studentId" = $2))
          ORDER BY les.date, les.number NULLS LAST, les.id)
     FROM les
     JOIN "Subject" s ON s.id = les."subjectId"
     LEFT JOIN "Person" sp ON sp.id = les."substituteId"
     LEFT JOIN "Attendance" a ON a."lessonId" = les.id AND a."studentId" = $2
     LEFT JOIN mv ON mv."entryId" = les."timetableEntryId" AND mv."newDate" = les.date) AS lessons,
  (SELECT json_agg(json_build_object('scheduleId', b."scheduleId", 'number', b.number, 'startMinute', b."startMinute", 'endMinute', b."endMinute"))
     FROM "BellSlot" b WHERE b."schoolId" = $1 AND b."scheduleId" IN (SELECT "scheduleId" FROM cm)) AS slots,
  -- Two branches, each on its own index (the class's lessons; a cross-class group's, Lesson(subgroupId, date)):
  -- one OR over both made PostgreSQL read the whole school's lessons of eight weeks.
  (SELECT json_agg(json_build_object('subject', s.name, 'homework', l.homework, 'given', l.date, 'due', l."homeworkDue"))
     FROM (SELECT l.* FROM "Lesson" l
            WHERE l."schoolId" = $1 AND l."classId" IN (SELECT "classId" FROM cm)
              AND l.date BETWEEN $5::date AND $4::date AND l.homework IS NOT NULL AND l."homeworkDue" BETWEEN $3::date AND $4::date
              AND EXISTS (SELECT 1 FROM cm WHERE cm."classId" = l."classId"
                            AND ((cm."fromDate" <= l."homeworkDue" AND (cm."toDate" IS NULL OR cm."toDate" >= l."homeworkDue"))
                              OR (cm."fromDate" <= l.date AND (cm."toDate" IS NULL OR cm."toDate" >= l.date))))
              AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM sg WHERE sg."subgroupId" = l."subgroupId"))
           UNION ALL
           SELECT l.* FROM "Lesson" l
            WHERE l."schoolId" = $1 AND l."subgroupId" IN (SELECT "subgroupId" FROM sg WHERE sg."cross")
              AND l.date BETWEEN $5::date AND $4::date AND l.homework IS NOT NULL AND l."homeworkDue" BETWEEN $3::date AND $4::date
              AND NOT EXISTS (SELECT 1 FROM cm WHERE cm."classId" = l."classId")) l
     JOIN "Subject" s ON s.id = l."subjectId") AS due,
  (SELECT json_agg(json_build_object('entryId', e.id, 'classId', e."classId", 'date', ch.date, 'kind', ch.kind, 'number', e.number,
                                     'subject', s.name, 'newDate', ch."newDate", 'newNumber', ch."newNumber"))
     FROM "TimetableChange" ch JOIN "TimetableEntry" e ON e.id = ch."entryId" JOIN "Subject" s ON s.id = e."subjectId"
    WHERE ch."schoolId" = $1 AND ch.date BETWEEN $3::date AND $4::date AND ch.kind IN ('CANCEL', 'MOVE')
      AND ((EXISTS (SELECT 1 FROM cm WHERE cm."classId" = e."classId" AND cm."fromDate" <= ch.date AND (cm."toDate" IS NULL OR cm."toDate" >= ch.date))
            AND (e."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM sg WHERE sg."subgroupId" = e."subgroupId" AND sg."fromDate" <= ch.date AND (sg."toDate" IS NULL OR sg."toDate" >= ch.date))))
        OR (EXISTS (SELECT 1 FROM sg WHERE sg."cross" AND sg."subgroupId" = e."subgroupId" AND sg."fromDate" <= ch.date AND (sg."toDate" IS NULL OR sg."toDate" >= ch.date))
            AND NOT EXISTS (SELECT 1 FROM cm WHERE cm."classId" = e."classId" AND cm."fromDate" <= ch.date AND (cm."toDate" IS NULL OR cm."toDate" >= ch.date))))) AS changes
`;

/**
 * The raw week document for a student of the school (no access check: callers check first).
 * Also the benchmark's «bare SQL» baseline.
 */
export async function diaryWeekSql(schoolId: number, studentId: number, date: Date, switcherIds: readonly number[] = [studentId]): Promise<Row> {
  const monday = mondayOf(date);
  const params = [schoolId, studentId, isoDate(monday), isoDate(addDays(monday, 5)), isoDate(addDays(monday, -HOMEWORK_LOOKBACK_DAYS)), [...switcherIds]];
  const { rows } = await pgPool().query<Row>({ name: "diary-week", text: WEEK_SQL, values: params });
  return rows[0]!;
}

const day = (iso: string): Date => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
const dayMonthOf = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;

/** R-DRY-1, R-ACL-1: the week containing `date` for a student the actor may see; NotFound otherwise. */
export async function getDiaryWeek(actor: Actor, studentId: number, date: Date, now: Date = today()): Promise<DiaryWeek> {
  assertDiaryStudent(actor, studentId);
  const monday = mondayOf(date);
  const saturday = addDays(monday, 5);
  const row = await diaryWeekSql(actor.schoolId, studentId, monday, diaryStudentIds(actor));

  const people = (row.students ?? []).slice();
  const self = people.find((p) => p.id === studentId);
  if (!self) throw new NotFound(); // not of this school
  people.sort((a, b) => (a.id === actor.studentId ? -1 : b.id === actor.studentId ? 1 : compareNames(a, b)));
  const students = people.map((p) => ({ id: p.id, name: fullName(p), firstName: p.firstName }));
  const student = students.find((s) => s.id === studentId)!;

  const classes = (row.classes ?? []).map((c) => ({ ...c, from: day(c.fromDate), to: c.toDate ? day(c.toDate) : null }));
  const classOn = (d: Date) => classes.find((c) => within(d, c.from, c.to));
  const slots = new Map((row.slots ?? []).map((s) => [`${s.scheduleId}|${s.number}`, `${minutesText(s.startMinute)}–${minutesText(s.endMinute)}`]));
  const scheduleOf = new Map(classes.map((c) => [c.classId, c.scheduleId]));
  // A cross-class group's lesson is hosted by another class: the pupil's own class's bells that day give its time.
  const slotTime = (classId: number, number: number | null, date: Date) =>
    number === null ? null : (slots.get(`${scheduleOf.get(classId) ?? classOn(date)?.scheduleId}|${number}`) ?? null);

  const lessons: DiaryLesson[] = (row.lessons ?? []).map((l) => {
    const code = l.attendance;
    return {
      id: l.id,
      date: day(l.date),
      number: l.number,
      time: slotTime(l.classId, l.number, day(l.date)),
      subject: l.subject,
      topic: l.topic,
      homework: l.homework,
      homeworkDue: l.homeworkDue ? day(l.homeworkDue) : null,
      substituted: l.substituteId !== null,
      substitute: l.subLast ? shortName({ lastName: l.subLast, firstName: l.subFirst ?? "", middleName: l.subMiddle }) : null,
      cancelled: false,
      change: l.movedFrom ? `Перенесён с ${dayMonthOf(l.movedFrom)}` : null,
      marks: l.marks ?? [],
      attendance: code ? { ...ATTENDANCE[code], kind: code } : null,
    };
  });

  // Timetable changes of the week: a cancelled lesson shows in its place; a lesson moved to
  // another day shows where it was planned, with the new date. A cancelled lesson that still
  // has a record (it has marks or attendance) is marked, not repeated.
  const entryOf = new Map((row.lessons ?? []).map((l, i) => [`${l.entryId}|${l.date.slice(0, 10)}`, lessons[i]!]));
  for (const ch of row.changes ?? []) {
    if (ch.kind === "MOVE" && (!ch.newDate || ch.newDate.slice(0, 10) === ch.date.slice(0, 10))) continue;
    const text = ch.kind === "CANCEL" ? "Урок отменён" : `Перенесён на ${dayMonthOf(ch.newDate!)}${ch.newNumber ? `, ${ch.newNumber}-й урок` : ""}`;
    const existing = entryOf.get(`${ch.entryId}|${ch.date.slice(0, 10)}`);
    if (existing) {
      existing.cancelled = true;
      existing.change = text;
      continue;
    }
    lessons.push({
      id: null,
      date: day(ch.date),
      number: ch.number,
      time: slotTime(ch.classId, ch.number, day(ch.date)),
      subject: ch.subject,
      topic: null,
      homework: null,
      homeworkDue: null,
      substituted: false,
      substitute: null,
      cancelled: true,
      change: text,
      marks: [],
      attendance: null,
    });
  }
  if (row.changes?.length) lessons.sort((a, b) => a.date.getTime() - b.date.getTime() || (a.number ?? 99) - (b.number ?? 99) || (a.id ?? 0) - (b.id ?? 0));

  const byDay = new Map<number, DiaryLesson[]>();
  for (const l of lessons) {
    const list = byDay.get(l.date.getTime());
    if (list) list.push(l);
    else byDay.set(l.date.getTime(), [l]);
  }
  const days: DiaryDay[] = [];
  for (let i = 0; i < 6; i++) {
    const d = addDays(monday, i);
    const cls = classOn(d);
    days.push({
      date: d,
      iso: isoDate(d),
      weekday: WEEKDAY_NAMES[d.getUTCDay()]!,
      isToday: d.getTime() === now.getTime(),
      className: cls ? className(cls) : null,
      lessons: byDay.get(d.getTime()) ?? [],
    });
  }

  const due = (row.due ?? [])
    .map((h) => ({ due: day(h.due), subject: h.subject, homework: h.homework, given: day(h.given) }))
    .sort((a, b) => a.due.getTime() - b.due.getTime() || compareText(a.subject, b.subject) || a.given.getTime() - b.given.getTime());
  const ungradedClass = classes.find((c) => c.ungraded);
  const markless = ungradedClass ? MARKLESS.week(className(ungradedClass)) : null;
  const marklessSubjects = markless
    ? []
    : [...new Set((row.lessons ?? []).filter((l) => l.markless && !l.marks?.length).map((l) => l.subject))].sort(compareText);
  return { student, students, monday, saturday, prev: isoDate(addDays(monday, -7)), next: isoDate(addDays(monday, 7)), days, due, markless, marklessSubjects };
}
