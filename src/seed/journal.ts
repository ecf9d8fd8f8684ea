/**
 * Journal data for the demo and the large benchmark school: lessons with
 * topics, lesson types, homework and kinds of work, marks, attendance and the
 * final marks of ended periods, from the start of the current year to today.
 *
 * Deterministic (seeded generators keyed by position, never by database id, so
 * two identical schools get identical data) and fast: everything is generated
 * in memory and written with multi-row INSERT … SELECT FROM unnest(…) through pg,
 * in one transaction. The large school reaches about 300,000 marks.
 *
 * Rules kept (the journal module enforces the same for people):
 * - lessons only on the class's school days, inside a study period of its grade
 *   and outside holidays; a class never has two lessons at the same number on a
 *   day (parallel subgroups of one subject excepted) — the lessons follow the seeded
 *   weekly timetable (src/seed/timetable.ts: bells, entries with rooms), each lesson
 *   carries its timetableEntryId, roomId and number;
 * - marks and attendance only for students who are members of the class (and the
 *   subgroup) on the lesson date; marks 1–5; no marks in the school's ungraded grades
 *   (School.ungradedGrades, by default the 1st) or in subjects graded pass/fail or not
 *   at all (безотметочное обучение, src/lib/grading.ts marksUsed), but topics, homework
 *   and attendance are kept (R-JRN-1); no homework where homeworkExpected says so
 *   (the 1st grade, СанПиН 1.2.3685-21, and the ungraded grades);
 * - a control work about every 11th–16th lesson of a graded load, marked for everyone present, on
 *   lessons that keep the rules of the assessment schedule (journal-controls.ts, R-PLN-6);
 * - Mark.createdAt is the lesson day plus hours (control works: days later,
 *   sometimes past the school's late-entry limit, R-JRN-4, R-RPT-1);
 * - period final marks (R-JRN-7) from the weighted average with the school's
 *   forecast thresholds (R-JRN-8), «н/а» without marks, for the students still at
 *   school on the period's last day.
 *
 * The parts: the lessons' days (journal-calendar.ts), who is in a lesson
 * (journal-roster.ts), the lessons (journal-lessons.ts, texts from
 * journal-topics.ts), attendance (journal-attendance.ts), works and marks
 * (journal-marks.ts), finals (journal-finals.ts), writing (journal-write.ts).
 */
import { prisma } from "../lib/db.ts";
import { today } from "../lib/dates.ts";
import { clock } from "../lib/clock.ts";
import { homeworkExpected, marksUsed } from "../lib/grading.ts";
import { ensureDefaultAssignmentTypes } from "../modules/journal/assignment-types.service.ts";
import { frequencyLimit } from "../modules/planning/assessments.rules.ts";
import { studentDays } from "./journal-attendance.ts";
import { occurrences } from "./journal-calendar.ts";
import { controlLessons } from "./journal-controls.ts";
import { generateLessons, type JournalLoad } from "./journal-lessons.ts";
import { abilities, markDensity } from "./journal-marks.ts";
import { SEED, keyedRng } from "./journal-random.ts";
import { memberOn, rosters } from "./journal-roster.ts";
import type { LoadInput } from "./journal-timetable.ts";
import { inTransaction, writeJournal } from "./journal-write.ts";
import { DAY_MS } from "./people.ts";
import { seedTimetable } from "./timetable.ts";

export type JournalSeedSize = "demo" | "large";

export interface JournalSeedCounts {
  lessons: number;
  works: number;
  marks: number;
  attendance: number;
  finalMarks: number;
  /** Teacher double bookings the weekly pattern could not avoid. */
  teacherConflicts: number;
  /** True when the school's year already had lessons and nothing was written. */
  skipped: boolean;
  seconds: number;
}

const LARGE_MARK_TARGET = 300_000;

/** The school's kinds of work by name: the journal module's defaults (created if missing, by name). */
async function assignmentTypes(schoolId: number) {
  const rows = await ensureDefaultAssignmentTypes(schoolId);
  return new Map(rows.map((r) => [r.name, { id: r.id, weight: r.weight, isControl: r.isControl }]));
}

/**
 * Seeds the journal of the school's current year up to today (or opts.until).
 * Does nothing when that year already has lessons. Returns what was written.
 */
export async function seedJournal(schoolId: number, size: JournalSeedSize, opts: { until?: Date } = {}): Promise<JournalSeedCounts> {
  const started = Date.now();
  const school = await prisma.school.findUniqueOrThrow({ where: { id: schoolId } });
  const year =
    (await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } })) ??
    (await prisma.academicYear.findFirst({ where: { schoolId }, orderBy: { startDate: "desc" } }));
  const empty = (skipped: boolean): JournalSeedCounts => ({
    lessons: 0,
    works: 0,
    marks: 0,
    attendance: 0,
    finalMarks: 0,
    teacherConflicts: 0,
    skipped,
    seconds: (Date.now() - started) / 1000,
  });
  if (!year) return empty(false);
  if (await prisma.lesson.findFirst({ where: { schoolId, class: { yearId: year.id } }, select: { id: true } })) return empty(true);

  const types = await assignmentTypes(schoolId);
  const until = opts.until ?? today();
  const lastDay = Math.min(until.getTime(), year.endDate.getTime());
  const [classes, subjects, loadRows, sets, holidays, memberships, subMembers, users] = await Promise.all([
    prisma.schoolClass.findMany({ where: { schoolId, yearId: year.id }, orderBy: [{ grade: "asc" }, { letter: "asc" }, { id: "asc" }] }),
    prisma.subject.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.teachingLoad.findMany({ where: { schoolId, yearId: year.id }, orderBy: { id: "asc" } }),
    prisma.periodSet.findMany({ where: { schoolId, yearId: year.id }, include: { periods: { orderBy: { number: "asc" } } }, orderBy: { id: "asc" } }),
    prisma.holiday.findMany({ where: { schoolId, yearId: year.id } }),
    prisma.classMembership.findMany({ where: { schoolId, class: { yearId: year.id } }, orderBy: { id: "asc" } }),
    prisma.subgroupMembership.findMany({ where: { schoolId, subgroup: { class: { yearId: year.id } } }, orderBy: { id: "asc" } }),
    prisma.user.findMany({ where: { schoolId }, select: { id: true, personId: true } }),
  ]);
  const userOf = new Map(users.map((u) => [u.personId, u.id]));
  const subjectById = new Map(subjects.map((s) => [s.id, s]));
  const classById = new Map(classes.map((c) => [c.id, c]));
  const subjectPos = new Map(subjects.map((s, i) => [s.id, i]));

  // Students by position (determinism does not depend on ids).
  const studentIds = [...new Set(memberships.map((m) => m.studentId))].sort((a, b) => a - b);
  const studentIdx = new Map(studentIds.map((id, i) => [id, i]));
  const rosterOf = rosters(memberships, subMembers, studentIdx);

  // Weekly pattern.
  const loads: JournalLoad[] = loadRows.map((l, seq) => ({
    id: l.id,
    classId: l.classId,
    subgroupId: l.subgroupId,
    subjectId: l.subjectId,
    teacherId: l.teacherId,
    hours: Number(l.hoursPerWeek),
    seq,
  }));
  // The weekly timetable (bells, entries with rooms: src/seed/timetable.ts); the lessons below follow it.
  const tt = await inTransaction((client) =>
    seedTimetable(client, {
      schoolId,
      yearId: year.id,
      yearStart: year.startDate,
      weekDays: school.weekDays,
      classes: classes.map((c) => ({ id: c.id, grade: c.grade })),
      loads,
      rand: keyedRng(SEED, 2).int,
    }),
  );

  // Lessons of every load: from the year start to a few weeks past the last day (for homework due dates).
  const start = year.startDate.getTime();
  const horizon = Math.min(lastDay + 28 * DAY_MS, year.endDate.getTime());
  const byLoad = occurrences({ classes, loads, tt, holidays, sets, start, horizon });

  // Mark density: realistic for the demo; the large school is thickened towards its target.
  // Lesson marks: the grade and subject use marks (grading.ts) and the subject is marked 1–5, not pass/fail.
  const ungradedGrades = school.ungradedGrades;
  const graded = (load: LoadInput) => {
    const gradingMode = subjectById.get(load.subjectId)?.gradingMode ?? "MARKS";
    return gradingMode === "MARKS" && marksUsed({ grade: classById.get(load.classId)!.grade, gradingMode, ungradedGrades });
  };
  // The control works: spaced and placed by the rules of the assessment schedule (R-PLN-6).
  const periodLimit = new Map(sets.flatMap((set) => set.periods.map((p) => [p.id, frequencyLimit(p.startDate, p.endDate)])));
  const controls = controlLessons({ loads, byLoad, lastDay, graded, periodLimit: (id) => periodLimit.get(id) ?? 0 });
  const density = markDensity({ loads, byLoad, lastDay, graded, rosterOf, controls }, size === "large" ? LARGE_MARK_TARGET : null);

  const nowMs = clock.nowMs();
  const journal = generateLessons({
    loads,
    classById,
    subjectById,
    userOf,
    byLoad,
    lastDay,
    recent: lastDay - 2 * DAY_MS, // absences of the last days are still «Н»
    rosterOf,
    days: studentDays(studentIds.length, start, lastDay),
    graded,
    controls,
    attested: (grade, gradingMode) => marksUsed({ grade, gradingMode, ungradedGrades }),
    homework: (grade) => homeworkExpected(grade, ungradedGrades),
    marking: { types, density, ability: abilities(studentIds.length), subjectPos, nowMs },
  });

  // Final marks of periods that have ended, for the students still at school on the period's last day
  // (one who left during the period takes the current marks along).
  const thresholds = { t5: Number(school.forecastThreshold5), t4: Number(school.forecastThreshold4), t3: Number(school.forecastThreshold3) };
  const periodEnd = new Map(sets.flatMap((set) => set.periods.map((p) => [p.id, p.endDate.getTime()])));
  const atSchool = memberOn(memberships, studentIdx);
  const finals = journal.finals.rows(sets, until, thresholds, nowMs).filter((f) => atSchool(f.s, periodEnd.get(f.periodId)!));

  await writeJournal({ ...journal, finals }, { schoolId, yearId: year.id, studentIds, nowMs });

  return {
    lessons: journal.lessons.length,
    works: journal.works.length,
    marks: journal.marks.length,
    attendance: journal.absences.length,
    finalMarks: finals.length,
    teacherConflicts: tt.teacherConflicts,
    skipped: false,
    seconds: (Date.now() - started) / 1000,
  };
}
