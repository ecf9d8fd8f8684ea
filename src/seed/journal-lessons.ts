/**
 * The lessons of the seeded journal, one per lesson of every load up to the
 * last day: a topic from the subject's plan (a topic per lesson, or per two at
 * three hours a week and more), a lesson type, homework due by the next lesson
 * (none where the school sets none: grading.ts homeworkExpected), a control work on the lessons
 * journal-controls.ts picks (spaced and placed by the rules of the assessment schedule, R-PLN-6);
 * then the attendance (journal-attendance.ts) and the works and marks
 * (journal-marks.ts) of each.
 */
import { takeAttendance, type AbsenceRow, type DayStates } from "./journal-attendance.ts";
import type { Occurrence } from "./journal-calendar.ts";
import { Finals } from "./journal-finals.ts";
import { markLesson, type MarkRow, type MarkingContext, type WorkRow } from "./journal-marks.ts";
import { SEED, keyedRng } from "./journal-random.ts";
import type { LoadInput } from "./journal-timetable.ts";
import { CONTROL_LESSON_TYPE, LESSON_TYPES, controlWork, homeworkText, topicList } from "./journal-topics.ts";
import { DAY_MS, HOUR_MS } from "./people.ts";
import { subjectKind, type SubjectKind } from "./subject-kinds.ts";

/** A teaching-load row with its position among the school's loads (the key of its random streams). */
export type JournalLoad = LoadInput & { seq: number };

export interface LessonRow {
  load: JournalLoad;
  t: number;
  number: number;
  entryId: number;
  roomId: number | null;
  topic: string;
  type: string;
  hw: string | null;
  due: number | null;
}

export interface LessonsInput {
  loads: readonly JournalLoad[];
  classById: ReadonlyMap<number, { grade: number }>;
  subjectById: ReadonlyMap<number, { name: string; gradingMode: string }>;
  /** The user of each teacher (person id): who entered the marks. */
  userOf: ReadonlyMap<number, number>;
  byLoad: ReadonlyMap<number, Occurrence[]>;
  /** The last day (ms) with lessons; absences after `recent` are not yet corrected. */
  lastDay: number;
  recent: number;
  rosterOf: (load: LoadInput, t: number) => number[];
  days: readonly DayStates[];
  graded: (load: LoadInput) => boolean;
  /** The control lessons of each graded load: indices into its occurrences (journal-controls.ts). */
  controls: ReadonlyMap<number, ReadonlySet<number>>;
  /** Period finals are given in this grade and subject (grading.ts marksUsed). */
  attested: (grade: number, gradingMode: string) => boolean;
  /** Homework is set in this grade (grading.ts homeworkExpected). */
  homework: (grade: number) => boolean;
  marking: MarkingContext;
}

export interface GeneratedJournal {
  lessons: LessonRow[];
  works: WorkRow[];
  marks: MarkRow[];
  absences: AbsenceRow[];
  finals: Finals;
}

/** Generates the journal's rows, load by load in order, each load's lessons in date order. */
export function generateLessons(input: LessonsInput): GeneratedJournal {
  const { classById, subjectById, userOf, byLoad, lastDay, recent, rosterOf, days } = input;
  const out: GeneratedJournal = { lessons: [], works: [], marks: [], absences: [], finals: new Finals() };
  for (const load of input.loads) {
    const cls = classById.get(load.classId)!;
    const subject = subjectById.get(load.subjectId)!;
    const kind: SubjectKind = subjectKind(subject.name);
    const topics = topicList(kind, cls.grade);
    const perTopic = load.hours >= 3 ? 2 : 1;
    const graded = input.graded(load);
    const withHomework = input.homework(cls.grade);
    const attested = input.attested(cls.grade, subject.gradingMode);
    const occs = byLoad.get(load.id) ?? [];
    const by = userOf.get(load.teacherId) ?? null;
    const controlAt = input.controls.get(load.id);
    let controls = 0;
    for (const [i, occ] of occs.entries()) {
      if (occ.t > lastDay) break;
      const r = keyedRng(SEED, 4, load.seq, i);
      const topicNo = Math.floor(i / perTopic);
      const control = graded && controlAt?.has(i) ? controlWork(kind, controls++) : null;
      const previousTopic = topics[Math.max(0, topicNo - 1) % topics.length]!;
      const topic = control !== null ? `${control} по теме «${previousTopic}»` : topics[topicNo % topics.length]!;
      const type = control !== null ? CONTROL_LESSON_TYPE : i % perTopic === 0 ? LESSON_TYPES[0] : LESSON_TYPES[1 + r.int(LESSON_TYPES.length - 1)]!;
      // No homework in the 1st grade (СанПиН 1.2.3685-21, table 6.6) nor in ungraded grades; the draw is kept so the other streams do not move.
      const hwChance = !withHomework ? 0 : kind === "pe" || kind === "music" || kind === "art" ? 0.3 : control !== null ? 0.4 : 0.88;
      const hw = r.chance(hwChance) ? homeworkText(kind, cls.grade, topicNo % topics.length, r.int) : null;
      const next = occs[i + 1];
      const no = out.lessons.length;
      out.lessons.push({
        load,
        t: occ.t,
        number: occ.number,
        entryId: occ.entryId,
        roomId: occ.roomId,
        topic,
        type,
        hw,
        due: hw ? (next ? next.t : occ.t + 7 * DAY_MS) : null,
      });

      // Attendance of the members on that day.
      const present = takeAttendance({ no, seq: load.seq, i, t: occ.t, roster: rosterOf(load, occ.t) }, days, recent, out.absences);

      // Kinds of work and marks.
      const end = occ.t + 5.5 * HOUR_MS + occ.number * (55 / 60) * HOUR_MS;
      const planTopic = topics[topicNo % topics.length]!;
      markLesson(
        input.marking,
        { no, seq: load.seq, i, subjectId: load.subjectId, periodId: occ.periodId, kind, r, control, topic, planTopic, graded, present, end, by },
        out,
      );
      // Everyone taught in the period is attested: «н/а» without marks, «зач» in pass/fail subjects.
      if (attested) for (const s of present) out.finals.of(s, load.subjectId, occ.periodId, by).passFail = !graded;
    }
  }
  return out;
}
