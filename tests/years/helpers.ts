/** Helpers of the years tests: a snapshot of a school's calendar to prove a refused request changed nothing. */
import { prisma } from "../../src/lib/db.ts";
import type { TestSchool } from "../support/fixtures.ts";

/** Years, period sets, periods, holidays and school settings of a school, as comparable plain data. */
export async function calendarSnapshot(schoolId: number) {
  const [school, years, sets, periods, holidays] = await Promise.all([
    prisma.school.findUniqueOrThrow({ where: { id: schoolId } }),
    prisma.academicYear.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.periodSet.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.studyPeriod.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
    prisma.holiday.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
  ]);
  return JSON.parse(JSON.stringify({ school, years, sets, periods, holidays })) as unknown;
}

/** A FinalMark on a period, created directly (the final-marks module is built elsewhere). */
export async function finalMarkOn(s: TestSchool, periodId: number) {
  return prisma.finalMark.create({
    data: {
      schoolId: s.schoolId,
      studentId: s.students.studentA1!.studentId,
      subjectId: s.subjects.math.id,
      yearId: s.year.id,
      kind: "PERIOD",
      periodId,
      value: "5",
    },
  });
}
