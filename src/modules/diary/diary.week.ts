/**
 * The diary's week (R-DRY-1): Monday to Saturday, every lesson of the class the student was in
 * on that day (and of the student's own subgroups), with time, topic, homework, marks and
 * attendance, plus the homework due that week.
 *
 * Speed: a fixed handful of indexed queries whatever the week holds — memberships, the week's
 * lessons of those classes, bell slots, homework due in the week, then the student's marks and
 * attendance for exactly those lessons. Nothing is loaded per lesson and nothing outside the week.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { addDays, isoDate, today } from "../../lib/dates.ts";
import { className } from "../../lib/names.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { isStudentLesson, loadDiaryStudent, mondayOf, overlapping, spanOn, type DiaryStudent } from "./diary.common.ts";
import { ATTENDANCE, WEEKDAY_NAMES, minutesText } from "./diary.text.ts";

export interface DiaryMark {
  value: number;
  /** The kind of work (AssignmentType name). */
  kind: string;
  workTopic: string | null;
  comment: string | null;
}

export interface DiaryLesson {
  id: number;
  date: Date;
  number: number | null;
  /** «08:30–09:15»; null when the lesson has no number or the bell schedule has no slot for it. */
  time: string | null;
  subject: string;
  topic: string | null;
  homework: string | null;
  homeworkDue: Date | null;
  substituted: boolean;
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
  monday: Date;
  saturday: Date;
  prev: string;
  next: string;
  days: DiaryDay[];
  due: DueHomework[];
}

/** How far back a homework given for this week may have been set (keeps the query on the index). */
const HOMEWORK_LOOKBACK_DAYS = 56;

/** R-DRY-1, R-ACL-1: the week containing `date` for a student the actor may see; NotFound otherwise. */
export async function getDiaryWeek(actor: Actor, studentId: number, date: Date, now: Date = today()): Promise<DiaryWeek> {
  const student = await loadDiaryStudent(actor, studentId);
  const monday = mondayOf(date);
  const saturday = addDays(monday, 5);
  const schoolId = actor.schoolId;

  const [classSpans, subgroupSpans] = await Promise.all([
    prisma.classMembership.findMany({
      where: { schoolId, studentId, ...overlapping(monday, saturday) },
      select: { classId: true, fromDate: true, toDate: true, class: { select: { grade: true, letter: true, bellScheduleId: true } } },
    }),
    prisma.subgroupMembership.findMany({
      where: { schoolId, studentId, ...overlapping(monday, saturday) },
      select: { subgroupId: true, fromDate: true, toDate: true },
    }),
  ]);
  const classIds = [...new Set(classSpans.map((m) => m.classId))];
  const scheduleIds = [...new Set(classSpans.map((m) => m.class.bellScheduleId).filter((id): id is number => id !== null))];

  const lessonSelect = {
    id: true, classId: true, subgroupId: true, date: true, number: true, topic: true, homework: true, homeworkDue: true,
    substituteId: true, subject: { select: { name: true } },
  } as const;
  const [weekLessons, dueLessons, slots] = classIds.length
    ? await Promise.all([
        prisma.lesson.findMany({
          where: { schoolId, classId: { in: classIds }, date: { gte: monday, lte: saturday } },
          select: lessonSelect,
          orderBy: [{ date: "asc" }, { number: "asc" }, { id: "asc" }],
        }),
        prisma.lesson.findMany({
          where: {
            schoolId, classId: { in: classIds }, homework: { not: null },
            date: { gte: addDays(monday, -HOMEWORK_LOOKBACK_DAYS), lte: saturday },
            homeworkDue: { gte: monday, lte: saturday },
          },
          select: { classId: true, subgroupId: true, date: true, homework: true, homeworkDue: true, subject: { select: { name: true } } },
        }),
        prisma.bellSlot.findMany({
          where: { schoolId, OR: [{ scheduleId: { in: scheduleIds } }, { schedule: { isDefault: true } }] },
          select: { scheduleId: true, number: true, startMinute: true, endMinute: true, schedule: { select: { isDefault: true } } },
        }),
      ])
    : [[], [], []];

  // Homework given before the student joined a class still shows if the student is in it now:
  // the membership is checked on the due date for homework, on the lesson date for lessons.
  const mine = weekLessons.filter((l) => isStudentLesson(l, classSpans, subgroupSpans));
  const lessonIds = mine.map((l) => l.id);
  const [marks, attendance] = lessonIds.length
    ? await Promise.all([
        prisma.mark.findMany({
          where: { studentId, lessonId: { in: lessonIds } },
          select: { lessonId: true, value: true, comment: true, work: { select: { topic: true, assignmentType: { select: { name: true, sortOrder: true } } } } },
        }),
        prisma.attendance.findMany({ where: { studentId, lessonId: { in: lessonIds } }, select: { lessonId: true, code: true } }),
      ])
    : [[], []];

  const defaultSchedule = slots.find((s) => s.schedule.isDefault)?.scheduleId ?? null;
  const slotTime = (classId: number, number: number | null): string | null => {
    if (number === null) return null;
    const cls = classSpans.find((m) => m.classId === classId)?.class;
    const scheduleId = cls?.bellScheduleId ?? defaultSchedule;
    const slot = slots.find((s) => s.scheduleId === scheduleId && s.number === number);
    return slot ? `${minutesText(slot.startMinute)}–${minutesText(slot.endMinute)}` : null;
  };
  const marksBy = new Map<number, DiaryMark[]>();
  for (const m of marks.sort((a, b) => a.work.assignmentType.sortOrder - b.work.assignmentType.sortOrder)) {
    const list = marksBy.get(m.lessonId) ?? [];
    list.push({ value: m.value, kind: m.work.assignmentType.name, workTopic: m.work.topic, comment: m.comment });
    marksBy.set(m.lessonId, list);
  }
  const attendanceBy = new Map(attendance.map((a) => [a.lessonId, a.code]));

  const days: DiaryDay[] = [];
  for (let i = 0; i < 6; i++) {
    const day = addDays(monday, i);
    const span = spanOn(classSpans, day);
    const lessons = mine
      .filter((l) => l.date.getTime() === day.getTime())
      .map((l): DiaryLesson => {
        const code = attendanceBy.get(l.id);
        return {
          id: l.id,
          date: l.date,
          number: l.number,
          time: slotTime(l.classId, l.number),
          subject: l.subject.name,
          topic: l.topic,
          homework: l.homework,
          homeworkDue: l.homeworkDue,
          substituted: l.substituteId !== null,
          marks: marksBy.get(l.id) ?? [],
          attendance: code ? { ...ATTENDANCE[code], kind: code } : null,
        };
      });
    days.push({
      date: day,
      iso: isoDate(day),
      weekday: WEEKDAY_NAMES[day.getUTCDay()]!,
      isToday: day.getTime() === now.getTime(),
      className: span ? className(span.class) : null,
      lessons,
    });
  }

  const due = dueLessons
    .filter((l) => isStudentLesson({ ...l, date: l.homeworkDue! }, classSpans, subgroupSpans) || isStudentLesson(l, classSpans, subgroupSpans))
    .map((l) => ({ due: l.homeworkDue!, subject: l.subject.name, homework: l.homework!, given: l.date }))
    .sort((a, b) => a.due.getTime() - b.due.getTime() || a.subject.localeCompare(b.subject, "ru"));

  return { student, monday, saturday, prev: isoDate(addDays(monday, -7)), next: isoDate(addDays(monday, 7)), days, due };
}
