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
 *   subgroup) on the lesson date; marks 1–5; no marks in grade 1 or in subjects
 *   graded pass/fail or not at all (безотметочное обучение), but topics, homework
 *   and attendance are kept (R-JRN-1);
 * - a control work about every eighth lesson, marked for everyone present;
 * - Mark.createdAt is the lesson day plus hours (control works: days later,
 *   sometimes past the school's late-entry limit, R-JRN-4, R-RPT-1);
 * - period final marks (R-JRN-7) from the weighted average with the school's
 *   forecast thresholds (R-JRN-8), «н/а» without marks.
 */
import type pg from "pg";
import { pgPool, prisma } from "../lib/db.ts";
import { isoDate, today } from "../lib/dates.ts";
import { ensureDefaultAssignmentTypes } from "../modules/journal/assignment-types.service.ts";
import { mulberry32 } from "./random.ts";
import type { LoadInput } from "./journal-timetable.ts";
import { seedTimetable } from "./timetable.ts";
import { CONTROL_LESSON_TYPE, LESSON_TYPES, controlWork, extraWorks, homeworkText, subjectKind, topicList, type SubjectKind } from "./journal-topics.ts";
import { clock } from "../lib/clock.ts";

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

const SEED = 20260901;
const LARGE_MARK_TARGET = 300_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

// ------------------------------------------------------------------ random

/**
 * A generator keyed by positions (load number, lesson number, student number …):
 * the same keys give the same stream whatever order the rows are generated in.
 * mulberry32 from the school seed's src/seed/random.ts, seeded by an FNV hash of the keys.
 */
function rng(...keys: number[]) {
  let h = 2166136261 >>> 0;
  for (const k of keys) {
    h = Math.imul(h ^ (k & 0xffff), 16777619);
    h = Math.imul(h ^ (k >>> 16), 16777619);
  }
  const next = mulberry32(h);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

// ------------------------------------------------------------------ seeding

/** The school's kinds of work by name: the journal module's defaults (created if missing, by name). */
async function assignmentTypes(schoolId: number) {
  const rows = await ensureDefaultAssignmentTypes(schoolId);
  return new Map(rows.map((r) => [r.name, { id: r.id, weight: r.weight, isControl: r.isControl }]));
}

interface Span {
  from: number;
  to: number; // inclusive, ms; Infinity when open
}
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
const covers = (s: Span, t: number) => s.from <= t && t <= s.to;
const span = (from: Date, to: Date | null): Span => ({ from: from.getTime(), to: to ? to.getTime() : Infinity });

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
  const ability = studentIds.map((_, i) => {
    const r = rng(SEED, 1, i);
    return Math.min(4.95, Math.max(2.7, 4.12 + 0.55 * r.normal()));
  });
  const classMembers = new Map<number, { s: number; span: Span }[]>();
  for (const m of memberships) push(classMembers, m.classId, { s: studentIdx.get(m.studentId)!, span: span(m.fromDate, m.toDate) });
  const subMembersOf = new Map<number, { s: number; span: Span }[]>();
  for (const m of subMembers) {
    const s = studentIdx.get(m.studentId);
    if (s !== undefined) push(subMembersOf, m.subgroupId, { s, span: span(m.fromDate, m.toDate) });
  }

  // Weekly pattern.
  const loads: (LoadInput & { seq: number })[] = loadRows.map((l, seq) => ({
    id: l.id,
    classId: l.classId,
    subgroupId: l.subgroupId,
    subjectId: l.subjectId,
    teacherId: l.teacherId,
    hours: Number(l.hoursPerWeek),
    seq,
  }));
  const ttRand = rng(SEED, 2);
  // The weekly timetable (bells, entries with rooms: src/seed/timetable.ts); the lessons below follow it.
  const ttClient = await pgPool().connect();
  let tt: Awaited<ReturnType<typeof seedTimetable>>;
  try {
    await ttClient.query("BEGIN");
    tt = await seedTimetable(ttClient, {
      schoolId,
      yearId: year.id,
      yearStart: year.startDate,
      weekDays: school.weekDays,
      classes: classes.map((c) => ({ id: c.id, grade: c.grade })),
      loads,
      rand: ttRand.int,
    });
    await ttClient.query("COMMIT");
  } catch (err) {
    await ttClient.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    ttClient.release();
  }

  // School calendar per class: period (of the class's grade) or null on holidays and outside periods.
  const periodOn = (grade: number, t: number) => {
    if (
      holidays.some(
        (h) =>
          (h.gradeFrom === null || h.gradeFrom <= grade) &&
          (h.gradeTo === null || grade <= h.gradeTo) &&
          h.startDate.getTime() <= t &&
          t <= h.endDate.getTime(),
      )
    )
      return null;
    const set = sets.find((s) => s.gradeFrom <= grade && grade <= s.gradeTo);
    return set?.periods.find((p) => p.startDate.getTime() <= t && t <= p.endDate.getTime()) ?? null;
  };

  // Occurrences of every load: from the year start to a few weeks past the last day (for homework due dates).
  const start = year.startDate.getTime();
  const horizon = Math.min(lastDay + 28 * DAY, year.endDate.getTime());
  const byLoad = new Map<number, { t: number; number: number; periodId: number; entryId: number; roomId: number | null }[]>();
  const slotsByClassDay = new Map<string, { load: (typeof loads)[number]; number: number; entryId: number; roomId: number | null }[]>();
  for (const load of loads) {
    for (const slot of tt.slots.get(load.id) ?? [])
      push(slotsByClassDay, `${load.classId}:${slot.day}`, { load, number: slot.number, entryId: slot.entryId, roomId: slot.roomId });
  }
  for (let t = start; t <= horizon; t += DAY) {
    const day = ((new Date(t).getUTCDay() + 6) % 7) + 1; // 1 = Monday
    for (const cls of classes) {
      if (day > (tt.days.get(cls.id) ?? 0)) continue;
      const period = periodOn(cls.grade, t);
      if (!period) continue;
      // Every weekly entry gives its lesson each week (as the timetable's lesson generator does).
      for (const { load, number, entryId, roomId } of slotsByClassDay.get(`${cls.id}:${day}`) ?? [])
        push(byLoad, load.id, { t, number, periodId: period.id, entryId, roomId });
    }
  }

  // Attendance by day: illness streaks (Б; «Н» while the class teacher has not yet corrected it).
  const dayState = studentIds.map((_, i) => {
    const r = rng(SEED, 3, i);
    const state = new Map<number, "ILL" | "ILL_UNCORRECTED" | "VALID">();
    for (let t = start; t <= lastDay; t += DAY) {
      if (new Date(t).getUTCDay() === 0 || state.has(t)) continue;
      if (r.chance(0.011)) {
        const len = 2 + r.int(5);
        const uncorrected = r.chance(0.08);
        for (let k = 0, d = t; k < len; d += DAY) {
          if (new Date(d).getUTCDay() === 0) continue;
          state.set(d, uncorrected ? "ILL_UNCORRECTED" : "ILL");
          k++;
        }
      } else if (r.chance(0.003)) state.set(t, "VALID");
    }
    return state;
  });
  const recent = lastDay - 2 * DAY; // absences of the last days are still «Н»

  // Mark density: realistic for the demo; the large school is thickened towards its target.
  let slotsToMark = 0;
  const gradedLoad = (load: LoadInput) => classById.get(load.classId)!.grade >= 2 && subjectById.get(load.subjectId)?.gradingMode === "MARKS";
  for (const load of loads) {
    if (!gradedLoad(load)) continue;
    for (const occ of byLoad.get(load.id) ?? []) if (occ.t <= lastDay) slotsToMark += rosterOf(load, occ.t).length;
  }
  // Marks per present student-lesson: a control work every 8th lesson (everyone), otherwise
  // «Ответ на уроке» for a share of the class and, on some lessons, a second work (~85% marked).
  const perOther = size === "large" && slotsToMark > 0 ? (LARGE_MARK_TARGET / (0.95 * slotsToMark) - 1 / 8) / (7 / 8) : 0;
  const k = Math.min(2.4, Math.max(1, perOther / (0.3 + 0.35 * 0.85)));
  const answerShare = Math.min(0.6, 0.3 * k);
  const extraChance = Math.min(0.95, 0.35 * k);

  function rosterOf(load: LoadInput, t: number): number[] {
    const inClass = (classMembers.get(load.classId) ?? []).filter((m) => covers(m.span, t)).map((m) => m.s);
    if (load.subgroupId === null) return [...new Set(inClass)];
    const inGroup = new Set((subMembersOf.get(load.subgroupId) ?? []).filter((m) => covers(m.span, t)).map((m) => m.s));
    return [...new Set(inClass.filter((s) => inGroup.has(s)))];
  }

  // ---------------------------------------------------------------- generate rows
  const lessonRows: {
    load: (typeof loads)[number];
    t: number;
    number: number;
    entryId: number;
    roomId: number | null;
    topic: string;
    type: string;
    hw: string | null;
    due: number | null;
  }[] = [];
  const works: { lesson: number; type: number; topic: string | null }[] = [];
  const marks: { lesson: number; work: number; s: number; value: number; comment: string | null; at: number; by: number | null }[] = [];
  const absences: { lesson: number; s: number; code: string; note: string | null; at: number }[] = [];
  type Final = { s: number; subjectId: number; periodId: number; sum: number; weight: number; count: number; by: number | null; passFail: boolean };
  const finals = new Map<string, Final>();
  const finalOf = (s: number, subjectId: number, periodId: number, by: number | null): Final => {
    const key = `${s}:${subjectId}:${periodId}`;
    let f = finals.get(key);
    if (!f) finals.set(key, (f = { s, subjectId, periodId, sum: 0, weight: 0, count: 0, by, passFail: false }));
    return f;
  };
  const nowMs = clock.nowMs();
  const typeId = (name: string) => types.get(name)!;

  for (const load of loads) {
    const cls = classById.get(load.classId)!;
    const subject = subjectById.get(load.subjectId)!;
    const kind: SubjectKind = subjectKind(subject.name);
    const topics = topicList(kind, cls.grade);
    const perTopic = load.hours >= 3 ? 2 : 1;
    const graded = gradedLoad(load);
    const occs = byLoad.get(load.id) ?? [];
    const by = userOf.get(load.teacherId) ?? null;
    let controls = 0;
    for (const [i, occ] of occs.entries()) {
      if (occ.t > lastDay) break;
      const r = rng(SEED, 4, load.seq, i);
      const topicNo = Math.floor(i / perTopic);
      const control = graded && (i + load.seq) % 8 === 7;
      const previousTopic = topics[Math.max(0, topicNo - 1) % topics.length]!;
      const topic = control ? `${controlWork(kind, controls)} по теме «${previousTopic}»` : topics[topicNo % topics.length]!;
      const type = control ? CONTROL_LESSON_TYPE : i % perTopic === 0 ? LESSON_TYPES[0] : LESSON_TYPES[1 + r.int(LESSON_TYPES.length - 1)]!;
      const hwChance = cls.grade <= 1 ? 0.3 : kind === "pe" || kind === "music" || kind === "art" ? 0.3 : control ? 0.4 : 0.88;
      const hw = r.chance(hwChance) ? homeworkText(kind, cls.grade, topicNo % topics.length, r.int) : null;
      const next = occs[i + 1];
      const lessonNo = lessonRows.length;
      lessonRows.push({
        load,
        t: occ.t,
        number: occ.number,
        entryId: occ.entryId,
        roomId: occ.roomId,
        topic,
        type,
        hw,
        due: hw ? (next ? next.t : occ.t + 7 * DAY) : null,
      });

      // Attendance of the members on that day.
      const present: number[] = [];
      for (const s of rosterOf(load, occ.t)) {
        const st = dayState[s]!.get(occ.t);
        const rr = rng(SEED, 5, load.seq, i, s).next();
        const fresh = occ.t > recent;
        let code: string | null = null;
        let note: string | null = null;
        if (st === "ILL") [code, note] = fresh ? ["ABSENT", null] : ["ILL", "Справка"];
        else if (st === "ILL_UNCORRECTED") code = "ABSENT";
        else if (st === "VALID") [code, note] = ["VALID", "Заявление родителей"];
        else if (rr < 0.004) code = fresh ? "ABSENT" : "INVALID";
        else if (rr < 0.008) [code, note] = ["VALID", "Соревнования"];
        else if (rr < 0.018) code = "LATE";
        if (code) absences.push({ lesson: lessonNo, s, code, note, at: occ.t });
        if (!code || code === "LATE") present.push(s);
      }

      // Kinds of work and marks.
      const lessonEnd = occ.t + 5.5 * HOUR + occ.number * (55 / 60) * HOUR;
      const workNames: [string, number][] = []; // name, share of the present marked
      if (control) {
        workNames.push([controlWork(kind, controls++), 1]);
      } else {
        workNames.push(["Ответ на уроке", answerShare]);
        if (r.chance(extraChance)) {
          const extras = extraWorks(kind);
          const name = extras[r.int(extras.length)]!;
          workNames.push([name, name === "Домашнее задание" ? 0.6 : 0.9]);
        }
      }
      const usedTypes = new Set<number>();
      for (const [wi, [name, share]] of workNames.entries()) {
        const at = types.get(name) ?? typeId("Ответ на уроке");
        if (usedTypes.has(at.id)) continue; // one work per kind in a lesson
        usedTypes.add(at.id);
        const workNo = works.length;
        works.push({
          lesson: lessonNo,
          type: at.id,
          topic: control ? topic : name === "Ответ на уроке" ? null : `${name}: ${topics[topicNo % topics.length]}`,
        });
        if (!graded) continue;
        // Control works take a few days to check; some are entered late (R-JRN-4).
        const delay = at.isControl ? (r.chance(0.1) ? 8 + r.int(5) : 1 + r.int(4)) * DAY + r.int(10) * HOUR : r.int(180) * 60_000;
        const enteredAt = Math.min(nowMs, lessonEnd + delay);
        for (const s of present) {
          const mr = rng(SEED, 6, load.seq, i, wi, s);
          if (share < 1 && !mr.chance(share)) continue;
          const subjectBias = rng(SEED, 7, s, subjectPos.get(load.subjectId)!).normal() * 0.25;
          const raw = ability[s]! + subjectBias + 0.8 * mr.normal() - (at.isControl ? 0.3 : 0);
          let value = Math.round(raw);
          if (value >= 5) value = 5;
          else if (value <= 2) value = raw < 1.6 && mr.chance(0.25) ? 1 : 2;
          const comment = value <= 2 && mr.chance(0.3) ? (at.isControl ? "Работу переписать" : "Не готов к уроку") : null;
          marks.push({ lesson: lessonNo, work: workNo, s, value, comment, at: enteredAt, by });
          const f = finalOf(s, load.subjectId, occ.periodId, by);
          f.sum += value * at.weight;
          f.weight += at.weight;
          f.count++;
        }
      }
      // Everyone taught in the period is attested: «н/а» without marks, «зач» in pass/fail subjects.
      if (cls.grade >= 2 && subject.gradingMode !== "NONE") for (const s of present) finalOf(s, load.subjectId, occ.periodId, by).passFail = !graded;
    }
  }

  // Final marks of periods that have ended.
  const ended = new Map(
    sets
      .flatMap((s) => s.periods)
      .filter((p) => p.endDate.getTime() < until.getTime())
      .map((p) => [p.id, p]),
  );
  const t5 = Number(school.forecastThreshold5),
    t4 = Number(school.forecastThreshold4),
    t3 = Number(school.forecastThreshold3);
  const finalRows = [...finals.values()]
    .filter((f) => ended.has(f.periodId))
    .map((f) => {
      const avg = f.weight ? f.sum / f.weight : 0;
      const value = f.passFail ? "зач" : f.count === 0 ? "н/а" : avg >= t5 ? "5" : avg >= t4 ? "4" : avg >= t3 ? "3" : "2";
      const at = Math.min(nowMs, ended.get(f.periodId)!.endDate.getTime() + 10 * HOUR);
      return { ...f, value, at };
    });

  // ---------------------------------------------------------------- write
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL synchronous_commit = off");
    // The rows are generated consistent; where allowed (a superuser, as in the embedded
    // database), skip the per-row foreign-key triggers for this transaction only.
    await client.query("SAVEPOINT fk");
    await client.query("SET LOCAL session_replication_role = replica").then(
      () => client.query("RELEASE SAVEPOINT fk"),
      () => client.query("ROLLBACK TO SAVEPOINT fk"),
    );
    const lessonIds = await reserveIds(client, "Lesson", lessonRows.length);
    const workIds = await reserveIds(client, "LessonWork", works.length);
    const ts = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
    const day = (ms: number) => isoDate(new Date(ms));
    await insert(client, "Lesson", {
      id: ["int", lessonIds],
      schoolId: ["int", lessonRows.map(() => schoolId)],
      classId: ["int", lessonRows.map((l) => l.load.classId)],
      subgroupId: ["int", lessonRows.map((l) => l.load.subgroupId)],
      subjectId: ["int", lessonRows.map((l) => l.load.subjectId)],
      teacherId: ["int", lessonRows.map((l) => l.load.teacherId)],
      date: ["date", lessonRows.map((l) => day(l.t))],
      number: ["int", lessonRows.map((l) => l.number)],
      roomId: ["int", lessonRows.map((l) => l.roomId)],
      timetableEntryId: ["int", lessonRows.map((l) => l.entryId)],
      topic: ["text", lessonRows.map((l) => l.topic)],
      lessonType: ["text", lessonRows.map((l) => l.type)],
      homework: ["text", lessonRows.map((l) => l.hw)],
      homeworkDue: ["date", lessonRows.map((l) => (l.due === null ? null : day(l.due)))],
      createdAt: ["timestamp", lessonRows.map((l) => ts(Math.min(nowMs, l.t + 5 * HOUR)))],
      updatedAt: ["timestamp", lessonRows.map((l) => ts(Math.min(nowMs, l.t + 5 * HOUR + l.number * HOUR)))],
    });
    await insert(client, "LessonWork", {
      id: ["int", workIds],
      schoolId: ["int", works.map(() => schoolId)],
      lessonId: ["int", works.map((w) => lessonIds[w.lesson]!)],
      assignmentTypeId: ["int", works.map((w) => w.type)],
      topic: ["text", works.map((w) => w.topic)],
    });
    await insert(client, "Mark", {
      schoolId: ["int", marks.map(() => schoolId)],
      lessonId: ["int", marks.map((m) => lessonIds[m.lesson]!)],
      workId: ["int", marks.map((m) => workIds[m.work]!)],
      studentId: ["int", marks.map((m) => studentIds[m.s]!)],
      value: ["int", marks.map((m) => m.value)],
      comment: ["text", marks.map((m) => m.comment)],
      createdAt: ["timestamp", marks.map((m) => ts(m.at))],
      updatedAt: ["timestamp", marks.map((m) => ts(m.at))],
      createdBy: ["int", marks.map((m) => m.by)],
    });
    await insert(client, "Attendance", {
      schoolId: ["int", absences.map(() => schoolId)],
      lessonId: ["int", absences.map((a) => lessonIds[a.lesson]!)],
      studentId: ["int", absences.map((a) => studentIds[a.s]!)],
      code: ['"AttendanceCode"', absences.map((a) => a.code)],
      note: ["text", absences.map((a) => a.note)],
      updatedAt: ["timestamp", absences.map((a) => ts(Math.min(nowMs, a.at + 12 * HOUR)))],
    });
    await insert(client, "FinalMark", {
      schoolId: ["int", finalRows.map(() => schoolId)],
      studentId: ["int", finalRows.map((f) => studentIds[f.s]!)],
      subjectId: ["int", finalRows.map((f) => f.subjectId)],
      yearId: ["int", finalRows.map(() => year.id)],
      kind: ['"FinalMarkKind"', finalRows.map(() => "PERIOD")],
      periodId: ["int", finalRows.map((f) => f.periodId)],
      value: ["text", finalRows.map((f) => f.value)],
      updatedAt: ["timestamp", finalRows.map((f) => ts(f.at))],
      createdBy: ["int", finalRows.map((f) => f.by)],
    });
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  // Fresh statistics, so the first queries over the new volume get good plans.
  await pgPool().query('ANALYZE "Lesson", "LessonWork", "Mark", "Attendance", "FinalMark"');

  return {
    lessons: lessonRows.length,
    works: works.length,
    marks: marks.length,
    attendance: absences.length,
    finalMarks: finalRows.length,
    teacherConflicts: tt.teacherConflicts,
    skipped: false,
    seconds: (Date.now() - started) / 1000,
  };
}

/** Takes n ids from a table's sequence, so child rows can point at parents before they are written. */
async function reserveIds(client: pg.PoolClient, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence($1, 'id')) AS id FROM generate_series(1, $2)`, [`"${table}"`, n]);
  return rows.map((r) => Number(r.id));
}

const CHUNK = 25_000;

/** INSERT … SELECT FROM unnest(arrays), in chunks: one round trip per 25,000 rows. */
async function insert(client: pg.PoolClient, table: string, columns: Record<string, [string, unknown[]]>): Promise<void> {
  const names = Object.keys(columns);
  const total = columns[names[0]!]![1].length;
  const sql = `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")}) SELECT * FROM unnest(${names.map((n, i) => `$${i + 1}::${columns[n]![0]}[]`).join(", ")})`;
  for (let from = 0; from < total; from += CHUNK) {
    await client.query(
      sql,
      names.map((n) => columns[n]![1].slice(from, from + CHUNK)),
    );
  }
}
