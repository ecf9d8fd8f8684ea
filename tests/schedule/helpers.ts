/**
 * Timetable test helpers: a built school with rooms, bells, English split into
 * two subgroups (5А) and, on demand, weekly entries written through the service.
 */
import { prisma } from "../../src/lib/db.ts";
import { loadActor, type Actor } from "../../src/access/actor.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { createEntry } from "../../src/modules/schedule/timetable.service.ts";

export { d };

export async function actorOf(user: { userId: number }): Promise<Actor> {
  const a = await loadActor(user.userId);
  if (!a) throw new Error("no actor");
  return a;
}

/** A school with rooms 201/202/203, default bells and 5А's English in two subgroups (teacherEnglish and teacherRussian). */
export async function timetableSchool() {
  const s = await buildSchool();
  const schoolId = s.schoolId;
  const rooms = {
    r201: await prisma.room.create({ data: { schoolId, name: "201" } }),
    r202: await prisma.room.create({ data: { schoolId, name: "202" } }),
    r203: await prisma.room.create({ data: { schoolId, name: "203" } }),
  };
  const bells = await prisma.bellSchedule.create({
    data: {
      schoolId,
      name: "Основное",
      isDefault: true,
      slots: { create: [1, 2, 3, 4, 5, 6].map((n) => ({ schoolId, number: n, startMinute: 510 + (n - 1) * 55, endMinute: 555 + (n - 1) * 55 })) },
    },
  });
  const a = s.classes["5А"]!.id;
  const g1 = await prisma.subgroup.create({ data: { schoolId, classId: a, subjectId: s.subjects.english.id, name: "1 группа" } });
  const g2 = await prisma.subgroup.create({ data: { schoolId, classId: a, subjectId: s.subjects.english.id, name: "2 группа" } });
  const loadOf = async (classId: number, subjectId: number, teacherId: number, subgroupId: number | null = null) =>
    (await prisma.teachingLoad.findFirst({ where: { classId, subjectId, teacherId, subgroupId } })) ??
    (await prisma.teachingLoad.create({ data: { schoolId, yearId: s.year.id, classId, subjectId, teacherId, subgroupId, hoursPerWeek: 2 } }));
  const loads = {
    mathA: await loadOf(a, s.subjects.math.id, s.users.teacherMath.personId),
    mathB: await loadOf(s.classes["5Б"]!.id, s.subjects.math.id, s.users.teacherMath.personId),
    russianA: await loadOf(a, s.subjects.russian.id, s.users.teacherRussian.personId),
    russianB: await loadOf(s.classes["5Б"]!.id, s.subjects.russian.id, s.users.teacherRussian.personId),
    englishG1: await loadOf(a, s.subjects.english.id, s.users.teacherEnglish.personId, g1.id),
    englishG2: await loadOf(a, s.subjects.english.id, s.users.teacherRussian.personId, g2.id),
  };
  return { ...s, rooms, bells, subgroups: { g1, g2 }, loads };
}
export type TimetableSchool = Awaited<ReturnType<typeof timetableSchool>>;

/** Adds an entry through the service as the deputy. */
export async function addEntry(
  s: TestSchool & { users: TestSchool["users"] },
  classId: number,
  input: { loadId: number; roomId?: number | null; weekday: number; number: number; validFrom?: string },
) {
  const deputy = await actorOf(s.users.deputy);
  return createEntry(deputy, classId, {
    loadId: input.loadId,
    roomId: input.roomId ?? null,
    weekday: input.weekday,
    number: input.number,
    validFrom: d(input.validFrom ?? "2026-09-01"),
  });
}

/** Everything of the school's timetable, to compare before and after a refused request. */
export async function timetableSnapshot(schoolId: number) {
  return {
    entries: await prisma.timetableEntry.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    changes: await prisma.timetableChange.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    bells: await prisma.bellSchedule.findMany({ where: { schoolId }, include: { slots: true }, orderBy: { id: "asc" } }),
    lessons: await prisma.lesson.count({ where: { schoolId } }),
  };
}

/** A kind of work of the school (created once per name). */
export async function workType(schoolId: number, name = "Ответ на уроке") {
  return (
    (await prisma.assignmentType.findFirst({ where: { schoolId, name } })) ??
    (await prisma.assignmentType.create({ data: { schoolId, name, shortName: name.slice(0, 3), weight: 1 } }))
  );
}

/** Puts a mark on a lesson (through a lesson work of the default kind). */
export async function putMark(schoolId: number, lessonId: number, studentId: number, value = 5) {
  const type = await workType(schoolId);
  const work = await prisma.lessonWork.upsert({
    where: { lessonId_assignmentTypeId: { lessonId, assignmentTypeId: type.id } },
    create: { schoolId, lessonId, assignmentTypeId: type.id },
    update: {},
  });
  return prisma.mark.create({ data: { schoolId, lessonId, workId: work.id, studentId, value } });
}

/** The generated lesson of an entry on a date (or null). */
export function lessonOn(entryId: number, date: string) {
  return prisma.lesson.findFirst({ where: { timetableEntryId: entryId, date: d(date) } });
}

/** Dates (ISO) of the lessons of a class and subject, in order. */
export async function lessonDates(classId: number, subjectId: number) {
  const rows = await prisma.lesson.findMany({ where: { classId, subjectId }, orderBy: [{ date: "asc" }, { number: "asc" }], select: { date: true } });
  return rows.map((r) => r.date.toISOString().slice(0, 10));
}
