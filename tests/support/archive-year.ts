/**
 * Issue 7 (archive pages): the buildSchool personas plus a past, CLOSED year 2025/2026 before the
 * fixture's CURRENT 2026/2027 — classes 4А and 4Б, the same students a year younger, a pupil who
 * left before the new year, a lesson with a mark and an absence, period and year final marks, a
 * timetable entry. Written directly (the policies refuse any write into a closed year).
 */
import { prisma } from "../../src/lib/db.ts";
import { ensureDefaultAssignmentTypes } from "../../src/modules/journal/assignment-types.service.ts";
import { buildSchool, d, type TestSchool } from "./fixtures.ts";

export const PAST = {
  name: "2025/2026",
  lessonDate: "2026-04-15",
  topic: "Дроби (архивный урок)",
  markComment: "архивная отметка",
  leaverLast: "Ушедшев",
  leaverFirst: "Глеб",
} as const;

export async function archiveSchool(base?: TestSchool) {
  const s = base ?? (await buildSchool());
  const { schoolId } = s;
  const year = await prisma.academicYear.create({
    data: { schoolId, name: PAST.name, startDate: d("2025-09-01"), endDate: d("2026-05-31"), status: "CLOSED" },
  });
  const set = await prisma.periodSet.create({ data: { schoolId, yearId: year.id, kind: "QUARTER", gradeFrom: 1, gradeTo: 11 } });
  const bounds: [string, string][] = [
    ["2025-09-01", "2025-10-26"],
    ["2025-11-05", "2025-12-28"],
    ["2026-01-12", "2026-03-22"],
    ["2026-04-01", "2026-05-31"],
  ];
  const periods = [];
  for (const [i, [from, to]] of bounds.entries())
    periods.push(
      await prisma.studyPeriod.create({ data: { schoolId, yearId: year.id, periodSetId: set.id, number: i + 1, startDate: d(from), endDate: d(to) } }),
    );

  const teacher = s.users.teacherMath.personId;
  const c4a = await prisma.schoolClass.create({ data: { schoolId, yearId: year.id, grade: 4, letter: "А", classTeacherId: s.users.teacherRussian.personId } });
  const c4b = await prisma.schoolClass.create({ data: { schoolId, yearId: year.id, grade: 4, letter: "Б", classTeacherId: s.users.teacherEnglish.personId } });
  await prisma.teachingLoad.create({
    data: { schoolId, yearId: year.id, teacherId: teacher, classId: c4a.id, subjectId: s.subjects.math.id, hoursPerWeek: 4 },
  });
  await prisma.teachingLoad.create({
    data: { schoolId, yearId: year.id, teacherId: teacher, classId: c4b.id, subjectId: s.subjects.math.id, hoursPerWeek: 4 },
  });

  const A1 = s.students.studentA1!.studentId;
  const A2 = s.students.studentA2!.studentId;
  const B1 = s.students.studentB1!.studentId;
  const member = (studentId: number, classId: number) =>
    prisma.classMembership.create({ data: { schoolId, studentId, classId, fromDate: d("2025-09-01"), toDate: d("2026-05-31") } });
  await member(A1, c4a.id);
  await member(A2, c4a.id);
  await member(B1, c4b.id);
  const leaverPerson = await prisma.person.create({ data: { schoolId, lastName: PAST.leaverLast, firstName: PAST.leaverFirst } });
  const leaver = await prisma.student.create({ data: { schoolId, personId: leaverPerson.id } });
  await member(leaver.id, c4a.id);

  const types = await ensureDefaultAssignmentTypes(schoolId);
  const type = types.find((t) => t.name === "Ответ на уроке") ?? types[0]!;
  const entry = await prisma.timetableEntry.create({
    data: {
      schoolId,
      yearId: year.id,
      classId: c4a.id,
      subjectId: s.subjects.math.id,
      teacherId: teacher,
      weekday: 3,
      number: 1,
      validFrom: d("2025-09-01"),
      validTo: d("2026-05-31"),
    },
  });
  const lesson = await prisma.lesson.create({
    data: {
      schoolId,
      classId: c4a.id,
      subjectId: s.subjects.math.id,
      teacherId: teacher,
      date: d(PAST.lessonDate),
      number: 1,
      topic: PAST.topic,
      timetableEntryId: entry.id,
    },
  });
  const work = await prisma.lessonWork.create({ data: { schoolId, lessonId: lesson.id, assignmentTypeId: type.id, topic: null } });
  const mark = await prisma.mark.create({ data: { schoolId, lessonId: lesson.id, workId: work.id, studentId: A1, value: 4, comment: PAST.markComment } });
  await prisma.attendance.create({ data: { schoolId, lessonId: lesson.id, studentId: A2, code: "ABSENT" } });
  const q4 = periods[3]!;
  await prisma.finalMark.create({
    data: { schoolId, studentId: A1, subjectId: s.subjects.math.id, yearId: year.id, kind: "PERIOD", periodId: q4.id, value: "4" },
  });
  await prisma.finalMark.create({ data: { schoolId, studentId: A1, subjectId: s.subjects.math.id, yearId: year.id, kind: "YEAR", value: "4" } });

  return { ...s, past: { year, periods, c4a, c4b, lesson, work, mark, entry, leaver: leaver.id, typeId: type.id, A1, A2, B1 } };
}

export type ArchiveSchool = Awaited<ReturnType<typeof archiveSchool>>;

/** html-validate problems of a page (empty when valid), as the modules' html tests check them. */
export { htmlProblems } from "./html.ts";
