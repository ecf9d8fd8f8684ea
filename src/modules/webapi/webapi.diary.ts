/**
 * The diary in the «Сетевой город» formats (issue 21), built from the diary pages' own service
 * (getDiaryWeek) and rule (R-ACL-1): the same lessons, marks and homework a family sees on
 * /diary. Dates are «YYYY-MM-DDT00:00:00»; marks are assignments with the lesson work's id; the
 * homework is an assignment of the synthetic type «Домашнее задание» with the negative lesson id.
 */
import type { Actor } from "../../access/actor.ts";
import { addDays, daysBetween, isoDate, today } from "../../lib/dates.ts";
import { prisma } from "../../lib/db.ts";
import { className, fullName } from "../../lib/names.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { diaryStudents, getDiaryWeek, mondayOf, type DiaryLesson } from "../diary/diary.service.ts";
import type { Assignment, AssignmentDetails, AssignmentTypes, Diary, DiaryInit, Lesson } from "./webapi.formats.ts";
import { assertWebApiStudent } from "./webapi.policy.ts";
import { WEBAPI_TEXT } from "./webapi.text.ts";

/** The synthetic kind of work of homework (no AssignmentType id is ever negative). */
export const HOMEWORK_TYPE_ID = -1;
/** The longest range one diary request may ask for. */
export const MAX_RANGE_DAYS = 31;

/** A calendar day as the clients expect it: «2026-12-07T00:00:00». */
export const apiDay = (d: Date): string => `${isoDate(d)}T00:00:00`;

/** Each student's class on a day (the latest membership that covers it), for the switcher. */
export async function classesOn(schoolId: number, studentIds: readonly number[], day: Date): Promise<Map<number, { id: number; name: string }>> {
  const rows = await prisma.classMembership.findMany({
    where: { schoolId, studentId: { in: [...studentIds] }, fromDate: { lte: day }, OR: [{ toDate: null }, { toDate: { gte: day } }] },
    select: { studentId: true, class: { select: { id: true, grade: true, letter: true } } },
    orderBy: { fromDate: "asc" },
  });
  return new Map(rows.map((r) => [r.studentId, { id: r.class.id, name: className(r.class) }]));
}

/** GET student/diary/init: the students the actor may switch between (own self first, then children). */
export async function diaryInit(actor: Actor): Promise<DiaryInit> {
  const now = today();
  const students = await diaryStudents(actor);
  const classes = await classesOn(
    actor.schoolId,
    students.map((s) => s.id),
    now,
  );
  return {
    students: students.map((s) => ({
      studentId: s.id,
      nickName: s.name,
      className: classes.get(s.id)?.name ?? "",
      classId: classes.get(s.id)?.id ?? 0,
      iupGrade: 0,
    })),
    currentStudentId: 0,
    weekStart: apiDay(mondayOf(now)),
    yaClass: false,
    yaClassAuthUrl: null,
    newDiskToken: "",
    newDiskWasRequest: false,
    ttsuRl: "",
    externalUrl: "",
    weight: false,
    maxMark: 5,
    withLaAssigns: false,
  };
}

/** GET grade/assignment/types: the school's kinds of work (archived ones too: old marks keep them) and «Домашнее задание». */
export async function assignmentTypes(actor: Actor): Promise<AssignmentTypes> {
  const types = await prisma.assignmentType.findMany({ where: { schoolId: actor.schoolId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] });
  return [
    { id: HOMEWORK_TYPE_ID, name: WEBAPI_TEXT.homeworkType, abbr: WEBAPI_TEXT.homeworkAbbr, order: 0 },
    ...types.map((t, i) => ({ id: t.id, name: t.name, abbr: t.shortName, order: i + 1 })),
  ];
}

function assignmentsOf(lesson: DiaryLesson & { id: number }, studentId: number): Assignment[] {
  const out: Assignment[] = [];
  if (lesson.homework)
    out.push({
      id: -lesson.id,
      typeId: HOMEWORK_TYPE_ID,
      assignmentName: lesson.homework,
      // Homework without a due date is due on its lesson's day.
      dueDate: apiDay(lesson.homeworkDue ?? lesson.date),
      classMeetingId: lesson.id,
    });
  for (const m of lesson.marks)
    out.push({
      id: m.workId,
      typeId: m.typeId,
      assignmentName: m.workTopic || m.kind,
      dueDate: apiDay(lesson.date),
      classMeetingId: lesson.id,
      mark: { assignmentId: m.workId, studentId, mark: m.value, dutyMark: false },
      ...(m.comment ? { markComment: { id: m.workId, name: m.comment } } : {}),
    });
  return out;
}

function lessonOf(l: DiaryLesson & { id: number }, studentId: number): Lesson {
  const [start, end] = l.time ? l.time.split("–") : [];
  const assignments = assignmentsOf(l, studentId);
  return {
    classmeetingId: l.id,
    day: apiDay(l.date),
    // A lesson without a number or without a bell slot still has both (the clients read them unchecked).
    number: l.number ?? 0,
    relay: 1,
    startTime: start ?? "00:00",
    endTime: end ?? "00:00",
    subjectName: l.subject || WEBAPI_TEXT.subjectFallback,
    room: null,
    ...(assignments.length ? { assignments } : {}),
  };
}

/**
 * GET student/diary (R-DRY-1, R-ACL-1): the student's lessons from weekStart to weekEnd
 * (inclusive, at most MAX_RANGE_DAYS), only the days that have lessons. A lesson cancelled by
 * the timetable is left out unless it has marks. NotFound for a student outside the family.
 */
export async function diaryRange(actor: Actor, studentId: number, from: Date, to: Date): Promise<Diary> {
  assertWebApiStudent(actor, studentId);
  if (to < from || daysBetween(from, to) > MAX_RANGE_DAYS) throw new ValidationError({ weekEnd: WEBAPI_TEXT.rangeTooLong }, WEBAPI_TEXT.rangeTooLong);
  const now = today();
  const weekDays: Diary["weekDays"] = [];
  let cls = "";
  for (let monday = mondayOf(from); monday <= to; monday = addDays(monday, 7)) {
    const week = await getDiaryWeek(actor, studentId, monday, now);
    for (const d of week.days) {
      if (d.date < from || d.date > to) continue;
      cls ||= d.className ?? "";
      const lessons = d.lessons
        .filter((l): l is DiaryLesson & { id: number } => l.id !== null && (!l.cancelled || l.marks.length > 0))
        .map((l) => lessonOf(l, studentId));
      if (lessons.length) weekDays.push({ date: apiDay(d.date), lessons });
    }
  }
  return { weekStart: apiDay(from), weekEnd: apiDay(to), weekDays, laAssigns: [], termName: "", className: cls };
}

/**
 * POST student/diary/get-attachments: the files of the asked assignments. Homework in this journal
 * has no files yet (issue 15 attaches files to messages and announcements), so the answer lists
 * none; the student is still checked first (another family's answers 404).
 */
export function assignmentAttachments(actor: Actor, studentId: number): [] {
  assertWebApiStudent(actor, studentId);
  return [];
}

/**
 * GET student/diary/assigns/{id}?studentId: one assignment of the student's diary — a mark's work
 * (positive id) or a lesson's homework (negative id). Found only through the student's own diary
 * week (R-ACL-1): an assignment of another class, family or school is a 404.
 */
export async function assignmentDetails(actor: Actor, studentId: number, assignId: number): Promise<AssignmentDetails> {
  assertWebApiStudent(actor, studentId);
  const lessonId =
    assignId < 0 ? -assignId : (await prisma.lessonWork.findFirst({ where: { id: assignId, schoolId: actor.schoolId }, select: { lessonId: true } }))?.lessonId;
  const lesson = lessonId
    ? await prisma.lesson.findFirst({ where: { id: lessonId, schoolId: actor.schoolId }, select: { id: true, date: true, subjectId: true, teacherId: true } })
    : null;
  if (!lesson) throw new NotFound();
  const week = await getDiaryWeek(actor, studentId, lesson.date);
  const seen = week.days.flatMap((d) => d.lessons).find((l) => l.id === lesson.id);
  const item = seen?.id ? assignmentsOf({ ...seen, id: seen.id }, studentId).find((a) => a.id === assignId) : undefined;
  if (!seen || !item) throw new NotFound();
  const teacher = await prisma.person.findFirst({
    where: { id: lesson.teacherId, schoolId: actor.schoolId },
    select: { lastName: true, firstName: true, middleName: true },
  });
  const teacherName = teacher ? fullName(teacher) : "";
  return {
    id: assignId,
    assignmentName: item.assignmentName,
    typeId: item.typeId,
    weight: 0,
    date: item.dueDate,
    isDeleted: false,
    description: seen.topic ?? "",
    subjectGroup: { id: lesson.subjectId, name: seen.subject || WEBAPI_TEXT.subjectFallback },
    teachers: [{ id: lesson.teacherId, name: teacherName }],
  };
}
