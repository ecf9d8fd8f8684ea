/** What each role sees first: the home page's sections, each scoped to the actor. */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import { prisma } from "../../lib/db.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { today } from "../../lib/dates.ts";
import { openRemarkCount } from "../reports/remarks.service.ts";

export async function homeData(actor: Actor) {
  const year = actor.currentYearId ? await prisma.academicYear.findFirst({ where: { id: actor.currentYearId, schoolId: actor.schoolId } }) : null;
  const now = today();

  const teaching = year
    ? await prisma.teachingLoad.findMany({
        where: { schoolId: actor.schoolId, yearId: year.id, teacherId: actor.personId },
        include: { class: true, subject: true, subgroup: true },
      })
    : [];
  teaching.sort(
    (a, b) => a.class.grade - b.class.grade || a.class.letter.localeCompare(b.class.letter, "ru") || a.subject.name.localeCompare(b.subject.name, "ru"),
  );

  const ledClasses = actor.ledClassIds.length
    ? await prisma.schoolClass.findMany({
        where: { schoolId: actor.schoolId, id: { in: [...actor.ledClassIds] } },
        include: { _count: { select: { memberships: { where: { fromDate: { lte: now }, OR: [{ toDate: null }, { toDate: { gte: now } }] } } } } },
      })
    : [];

  const familyIds = [...actor.childStudentIds, ...(actor.studentId ? [actor.studentId] : [])];
  const family = familyIds.length
    ? await prisma.student.findMany({
        where: { schoolId: actor.schoolId, id: { in: familyIds } },
        include: {
          person: true,
          memberships: { where: { fromDate: { lte: now }, OR: [{ toDate: null }, { toDate: { gte: now } }] }, include: { class: true } },
        },
      })
    : [];
  family.sort((a, b) => compareNames(a.person, b.person));

  // Remarks of the deputy's monthly check waiting for this teacher (R-RPT-1).
  const openRemarks = reach(actor, "update", "journal-remark").personId !== null ? await openRemarkCount(actor) : 0;

  return {
    year,
    openRemarks,
    teaching: teaching.map((t) => ({
      id: t.id,
      className: className(t.class),
      subject: t.subject.name,
      subgroup: t.subgroup?.name ?? null,
      hours: Number(t.hoursPerWeek),
    })),
    ledClasses: ledClasses.map((c) => ({ id: c.id, name: className(c), students: c._count.memberships })),
    children: family
      .filter((s) => s.id !== actor.studentId)
      .map((s) => ({ id: s.id, name: fullName(s.person), className: s.memberships[0] ? className(s.memberships[0].class) : null })),
    self: family.find((s) => s.id === actor.studentId) ? { className: family.find((s) => s.id === actor.studentId)!.memberships[0]?.class } : null,
  };
}
