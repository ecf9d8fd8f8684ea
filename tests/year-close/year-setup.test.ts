/**
 * Setting up a year (issue 7): boundaries of the last period are locked once year marks exist
 * (R-PLN-4), and a draft next year is prepared through the setup pages while the current runs.
 */
import { describe, expect, it } from "vitest";
import { loadActor, type Actor } from "../../src/access/actor.ts";
import { prisma } from "../../src/lib/db.ts";
import { deletePeriod, updatePeriod } from "../../src/modules/setup/calendar.service.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";

describe("setting up a year", () => {
  it("the last period cannot be moved or deleted once year final marks exist; earlier ones can", async () => {
    const s = await buildSchool();
    const actor = (await loadActor(s.users.admin.userId)) as Actor;
    await prisma.finalMark.create({
      data: { schoolId: s.schoolId, studentId: s.students.studentA1!.studentId, subjectId: s.subjects.math.id, yearId: s.year.id, kind: "YEAR", value: "5" },
    });
    const q4 = s.periods[3]!;
    await expect(updatePeriod(actor, s.year.id, q4.id, { number: 4, startDate: d("2027-04-01"), endDate: d("2027-05-25") })).rejects.toThrow(
      /годовые отметки уже выставлены/,
    );
    await expect(deletePeriod(actor, s.year.id, q4.id)).rejects.toThrow(/годовые отметки уже выставлены/);
    await updatePeriod(actor, s.year.id, s.periods[2]!.id, { number: 3, startDate: d("2027-01-12"), endDate: d("2027-03-20") });
    const after = await prisma.studyPeriod.findUniqueOrThrow({ where: { id: q4.id } });
    expect(after.endDate).toEqual(d("2027-05-31"));
  });

  it("a draft next year gets classes, a class teacher, teaching load and subgroups while the current year runs", async () => {
    const s = await buildSchool();
    const draft = await prisma.academicYear.create({
      data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31"), status: "DRAFT" },
    });
    const admin = await as(s.users.admin);
    expect((await admin.form("/setup/classes", { yearId: draft.id, grade: 1, letter: "А", classTeacherId: s.users.teacherMath.personId })).status).toBe(302);
    const cls = await prisma.schoolClass.findFirstOrThrow({ where: { yearId: draft.id } });
    expect(cls.classTeacherId).toBe(s.users.teacherMath.personId);
    expect(
      (await admin.form("/setup/load", { teacherId: s.users.teacherRussian.personId, classId: cls.id, subjectId: s.subjects.russian.id, hours: "5" })).status,
    ).toBe(302);
    expect(await prisma.teachingLoad.count({ where: { yearId: draft.id, classId: cls.id } })).toBe(1);
    expect((await admin.form(`/setup/classes/${cls.id}/subgroups`, { subjectId: s.subjects.english.id, name: "1 группа" })).status).toBe(302);
    expect(await prisma.subgroup.count({ where: { classId: cls.id } })).toBe(1);
    expect((await admin.get(`/setup/classes?year=${draft.id}`)).text).toContain("1А");
    // The current year is untouched and stays current.
    expect((await prisma.academicYear.findUniqueOrThrow({ where: { id: s.year.id } })).status).toBe("CURRENT");
  });
});
