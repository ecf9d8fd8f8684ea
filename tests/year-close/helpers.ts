/**
 * A school ready to close its year 2026/2027: the buildSchool personas plus a graduating 11А and
 * a 9А, year final marks, a lesson with a topic, a mark and attendance per class, a subgroup.
 */
import { loadActor, type Actor } from "../../src/access/actor.ts";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";

export const AFTER_END = d("2027-06-01");

export async function closingSchool() {
  const s = await buildSchool();
  const { schoolId } = s;
  const teacher = s.users.teacherMath.personId;
  const mk = async (grade: number, letter: string, last: string, first: string) => {
    const cls = await prisma.schoolClass.create({
      data: { schoolId, yearId: s.year.id, grade, letter, classTeacherId: grade === 11 ? s.users.teacherMath.personId : null },
    });
    await prisma.teachingLoad.create({
      data: { schoolId, yearId: s.year.id, teacherId: teacher, classId: cls.id, subjectId: s.subjects.math.id, hoursPerWeek: 4 },
    });
    const p = await prisma.person.create({ data: { schoolId, lastName: last, firstName: first } });
    const st = await prisma.student.create({ data: { schoolId, personId: p.id } });
    await prisma.classMembership.create({ data: { schoolId, studentId: st.id, classId: cls.id, fromDate: d("2026-09-01") } });
    return { cls, studentId: st.id };
  };
  const g11 = await mk(11, "А", "Выпускников", "Виктор");
  const g9 = await mk(9, "А", "Девятов", "Денис");

  const year = (studentId: number, subjectId: number, value: string) =>
    prisma.finalMark.create({ data: { schoolId, studentId, subjectId, yearId: s.year.id, kind: "YEAR", value } });
  const { math, russian, english } = s.subjects;
  const A1 = s.students.studentA1!.studentId;
  const A2 = s.students.studentA2!.studentId;
  const B1 = s.students.studentB1!.studentId;
  for (const [st, subj, v] of [
    [A1, math.id, "5"],
    [A1, russian.id, "4"],
    [A1, english.id, "5"],
    [A2, math.id, "3"],
    [A2, russian.id, "3"],
    [A2, english.id, "3"],
    [B1, math.id, "2"],
    [B1, russian.id, "4"],
    [g11.studentId, math.id, "4"],
    [g9.studentId, math.id, "5"],
  ] as const)
    await year(st, subj, v);

  const type = await prisma.assignmentType.create({ data: { schoolId, name: "Ответ на уроке", shortName: "Отв" } });
  const lessons: number[] = [];
  for (const [classId, studentId] of [
    [s.classes["5А"]!.id, A1],
    [s.classes["5Б"]!.id, B1],
    [g11.cls.id, g11.studentId],
  ] as const) {
    const lesson = await prisma.lesson.create({
      data: { schoolId, classId, subjectId: math.id, teacherId: teacher, date: d("2027-05-20"), number: 1, topic: 'Повторение | «итоги» года\nи "кавычки"' },
    });
    const work = await prisma.lessonWork.create({ data: { schoolId, lessonId: lesson.id, assignmentTypeId: type.id, topic: null } });
    await prisma.mark.create({ data: { schoolId, lessonId: lesson.id, workId: work.id, studentId, value: 5, comment: "молодец; «отлично»" } });
    await prisma.attendance.create({ data: { schoolId, lessonId: lesson.id, studentId, code: "LATE", note: "опоздал на 5 мин" } });
    lessons.push(lesson.id);
  }
  const group = await prisma.subgroup.create({ data: { schoolId, classId: s.classes["5А"]!.id, subjectId: english.id, name: "1 группа" } });
  for (const st of [A1, A2]) await prisma.subgroupMembership.create({ data: { schoolId, subgroupId: group.id, studentId: st, fromDate: d("2026-09-01") } });

  const actor = (await loadActor(s.users.admin.userId)) as Actor;
  return { ...s, g11, g9, A1, A2, B1, lessons, group, actor, assignmentTypeId: type.id };
}

export type ClosingSchool = Awaited<ReturnType<typeof closingSchool>>;

/** Everything closing may change, as comparable plain data: proves a refused or repeated close changed nothing. */
export async function closeSnapshot(schoolId: number) {
  const [years, classes, memberships, orders, subgroups, subMembers, loads, seals, decisions, periods, marks] = await Promise.all([
    prisma.academicYear.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.schoolClass.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.classMembership.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.movementOrder.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.subgroup.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.subgroupMembership.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.teachingLoad.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.yearSeal.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.yearDecision.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.studyPeriod.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.mark.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
  ]);
  return JSON.parse(JSON.stringify({ years, classes, memberships, orders, subgroups, subMembers, loads, seals, decisions, periods, marks })) as unknown;
}

export const ORDER = { orderNumber: "45-уч", orderDate: d("2027-05-30") };

export async function decideAll(s: ClosingSchool) {
  const { saveClassDecisions } = await import("../../src/modules/year-close/decisions.service.ts");
  await saveClassDecisions(s.actor, s.year.id, s.classes["5А"]!.id, ORDER, [
    { studentId: s.A1, kind: "PROMOTE" },
    { studentId: s.A2, kind: "RETAIN" },
  ]);
  await saveClassDecisions(s.actor, s.year.id, s.classes["5Б"]!.id, ORDER, [{ studentId: s.B1, kind: "PROMOTE_CONDITIONAL" }]);
  await saveClassDecisions(s.actor, s.year.id, s.g11.cls.id, ORDER, [{ studentId: s.g11.studentId, kind: "GRADUATE" }]);
  await saveClassDecisions(s.actor, s.year.id, s.g9.cls.id, ORDER, [{ studentId: s.g9.studentId, kind: "PROMOTE" }]);
}

export type { TestSchool };
