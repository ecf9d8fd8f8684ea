/**
 * The teacher's «Сегодня» (R-JRN-2, R-JRN-3): today's lessons of the actor —
 * own lessons and substitutions — with bell times, class, subject, room, a
 * link into the journal and what is still missing (topic, homework, attendance;
 * homework only where it is set: not in the 1st grade, src/lib/grading.ts homeworkExpected) and,
 * where the journal has an approved plan, how it keeps to it (R-JRN-11: planning.service.ts journalsPace,
 * one query for the day's journals).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { homeworkExpected } from "../../lib/grading.ts";
import { className, shortName } from "../../lib/names.ts";
import { bellTimes } from "./bells.service.ts";
import { formatMinute } from "./schedule.text.ts";
import { journalKey, journalsPace, paceBadge, paceState, paceText } from "../planning/planning.service.ts";

export interface TodayLesson {
  id: number;
  number: number | null;
  time: string;
  className: string;
  subject: string;
  subgroup: string | null;
  room: string | null;
  /** Another teacher substitutes for the actor. */
  substitutedBy: string | null;
  /** The actor substitutes for the lesson's teacher. */
  substituteFor: string | null;
  /** The lesson's page in the journal (topic, homework, attendance, marks). */
  journalUrl: string;
  /** The class-subject grid of the journal. */
  gridUrl: string;
  missing: string[];
  /** The journal's behind/ahead figure by its plan: «по плану» / «отставание 2 ч» with its figures; null without an approved plan. */
  plan: { state: string; badge: string; text: string } | null;
}

/** The class of a lesson as missingOf needs it: its grade and the school's ungraded grades (School.ungradedGrades). */
export interface LessonClass {
  grade: number;
  ungradedGrades: readonly number[] | null;
}

/**
 * What a lesson still lacks: the topic; homework, where homework is set (not in the 1st grade,
 * СанПиН 1.2.3685-21, nor in ungraded grades: grading.ts homeworkExpected); attendance, which counts
 * as marked when the lesson has any attendance row or the teacher confirmed it was taken.
 */
export function missingOf(
  l: { topic: string | null; homework: string | null; attendanceCheckedAt: Date | null; attendances: number },
  cls: LessonClass,
): string[] {
  const missing: string[] = [];
  if (!l.topic?.trim()) missing.push("тема урока");
  if (!l.homework?.trim() && homeworkExpected(cls.grade, cls.ungradedGrades)) missing.push("домашнее задание");
  if (!l.attendanceCheckedAt && l.attendances === 0) missing.push("посещаемость");
  return missing;
}

/** Today's lessons of the actor, by number. */
export async function todayLessons(actor: Actor, date: Date): Promise<TodayLesson[]> {
  const lessons = await prisma.lesson.findMany({
    where: { schoolId: actor.schoolId, date, OR: [{ teacherId: actor.personId }, { substituteId: actor.personId }] },
    include: {
      class: { select: { grade: true, letter: true, bellScheduleId: true, school: { select: { ungradedGrades: true } } } },
      subject: { select: { name: true } },
      subgroup: { select: { name: true } },
      room: { select: { name: true } },
      teacher: { select: { lastName: true, firstName: true, middleName: true } },
      substitute: { select: { lastName: true, firstName: true, middleName: true } },
      _count: { select: { attendances: true } },
    },
    orderBy: [{ number: "asc" }, { id: "asc" }],
  });
  const [slotsFor, paces] = await Promise.all([bellTimes(actor.schoolId), journalsPace(actor.schoolId, lessons)]);
  return lessons.map((l) => {
    const pace = paces.get(journalKey(l));
    const slot = l.number ? slotsFor(l.class.bellScheduleId).get(l.number) : undefined;
    const own = l.teacherId === actor.personId;
    return {
      id: l.id,
      number: l.number,
      time: slot ? `${formatMinute(slot.startMinute)}–${formatMinute(slot.endMinute)}` : "",
      className: className(l.class),
      subject: l.subject.name,
      subgroup: l.subgroup?.name ?? null,
      room: l.room?.name ?? null,
      substitutedBy: own && l.substitute && l.substituteId !== actor.personId ? shortName(l.substitute) : null,
      substituteFor: !own ? shortName(l.teacher) : null,
      journalUrl: `/journal/lessons/${l.id}`,
      gridUrl: `/journal/${l.classId}/${l.subjectId}${l.subgroupId ? `?subgroup=${l.subgroupId}` : ""}`,
      missing: missingOf({ ...l, attendances: l._count.attendances }, { grade: l.class.grade, ungradedGrades: l.class.school.ungradedGrades }),
      plan: pace ? { state: paceState(pace), badge: paceBadge(pace), text: paceText(pace) } : null,
    };
  });
}
