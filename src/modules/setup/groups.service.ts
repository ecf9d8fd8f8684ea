/**
 * Cross-class groups («сводные группы», R-JRN-13): ГПД, elective, optional and extracurricular
 * courses whose members come from several classes of one or more parallels.
 *
 * Data shape: a group is a Subgroup row with `kind` set. Its `classId` is the host class (the
 * first class of its first grade), which carries the group's load line, timetable entries and
 * lessons, so the journal, «Сегодня», the teacher's journal list and the lesson generator work
 * for it unchanged; its roster is its SubgroupMembership rows (pupils of the classes of grades
 * class.grade..gradeTo), which the journal already reads for a subgroup's lessons; the diary
 * reads a member's group lessons by membership, whatever their host class (diary.week.ts).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { audit } from "../../lib/audit.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className, shortName } from "../../lib/names.ts";
import { today } from "../../lib/dates.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { activeOn, compareSubjects, isUniqueViolation, lockWritableYear, teacherOptions, throwIfErrors } from "./setup.common.ts";
import type { GroupCreateInput } from "./setup.schemas.ts";
import { createLoad } from "./load.service.ts";
import { STUDY_GROUP_KINDS, TEXT } from "./setup.text.ts";

/** «8», «1–2»: the grades a group's members come from. */
export function gradesText(g: { gradeTo: number | null; class: { grade: number } }): string {
  const to = g.gradeTo ?? g.class.grade;
  return to === g.class.grade ? String(to) : `${g.class.grade}–${to}`;
}

/** The cross-class groups of a year with kind, course, grades, members on the day and load lines (teacher, hours). */
export async function listGroups(actor: Actor, yearId: number, on: Date = today()) {
  const groups = await prisma.subgroup.findMany({
    where: { schoolId: actor.schoolId, kind: { not: null }, class: { yearId } },
    include: {
      class: true,
      subject: true,
      _count: { select: { members: { where: activeOn(on) } } },
      teachingLoads: { include: { teacher: true } },
    },
  });
  groups.sort((a, b) => a.class.grade - b.class.grade || compareSubjects(a.subject, b.subject) || a.name.localeCompare(b.name, "ru", { numeric: true }));
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    kind: STUDY_GROUP_KINDS[g.kind!],
    subject: g.subject.name,
    grades: gradesText(g),
    members: g._count.members,
    loads: g.teachingLoads.map((l) => `${shortName(l.teacher)}, ${String(l.hoursPerWeek).replace(".", ",")} ч`),
  }));
}

/**
 * Creates a cross-class group of the year (R-JRN-13) hosted by the first class of its first grade.
 * ГПД and extracurricular courses are kept without marks, so their course must be a subject
 * graded «без отметок». ValidationError with Russian messages per field; Locked for a closed
 * year; NotFound for another school's year. Audited (entity "study-group").
 */
export async function createGroup(actor: Actor, yearId: number, data: GroupCreateInput) {
  try {
    return await prisma.$transaction(async (tx) => {
      await lockWritableYear(tx, actor.schoolId, yearId);
      const errors: FieldErrors = {};
      const subject = await tx.subject.findFirst({ where: { id: data.subjectId, schoolId: actor.schoolId, archived: false } });
      if (!subject) errors.subjectId = TEXT.pickSubject;
      else if ((data.kind === "GPD" || data.kind === "EXTRACURRICULAR") && subject.gradingMode !== "NONE") errors.subjectId = TEXT.ungradedKind;
      const host = await tx.schoolClass.findFirst({
        where: { schoolId: actor.schoolId, yearId, grade: data.gradeFrom },
        orderBy: [{ letter: "asc" }, { id: "asc" }],
      });
      if (!host) errors.gradeFrom = TEXT.noClassInGrade;
      throwIfErrors(errors);
      const taken = await tx.subgroup.findFirst({
        where: { classId: host!.id, subjectId: subject!.id, name: { equals: data.name, mode: "insensitive" } },
      });
      if (taken) throw new ValidationError({ name: TEXT.groupExists });
      const gradeTo = data.gradeTo !== null && data.gradeTo !== data.gradeFrom ? data.gradeTo : null;
      const g = await tx.subgroup.create({
        data: { schoolId: actor.schoolId, classId: host!.id, subjectId: subject!.id, name: data.name, kind: data.kind, gradeTo },
      });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "study-group",
        entityId: g.id,
        action: "create",
        newValue: { name: g.name, kind: g.kind, subject: subject!.name, host: className(host!), gradeTo },
      });
      return g;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: TEXT.groupExists });
    throw e;
  }
}

/** The group's load lines and weekly timetable entries in force on the day (for its page). */
export async function groupPlan(actor: Actor, groupId: number, on: Date = today()) {
  const [loads, entries] = await Promise.all([
    prisma.teachingLoad.findMany({ where: { schoolId: actor.schoolId, subgroupId: groupId }, include: { teacher: true }, orderBy: { id: "asc" } }),
    prisma.timetableEntry.findMany({
      where: { schoolId: actor.schoolId, subgroupId: groupId, validFrom: { lte: on }, OR: [{ validTo: null }, { validTo: { gte: on } }] },
      include: { teacher: true, room: true },
      orderBy: [{ weekday: "asc" }, { number: "asc" }],
    }),
  ]);
  return {
    loads: loads.map((l) => ({ id: l.id, teacher: shortName(l.teacher), hours: String(l.hoursPerWeek).replace(".", ",") })),
    entries: entries.map((e) => ({ id: e.id, weekday: e.weekday, number: e.number, teacher: shortName(e.teacher), room: e.room?.name ?? null })),
  };
}

/** Adds the group's load line (R-PLN-2): the host class, the group and its course, with the teacher and hours (as createLoad). */
export async function addGroupLoad(actor: Actor, groupId: number, data: { teacherId: number; hours: number }) {
  const g = await prisma.subgroup.findFirst({ where: { id: groupId, schoolId: actor.schoolId, kind: { not: null } } });
  if (!g) throw new NotFound();
  return createLoad(actor, { classId: g.classId, subjectId: g.subjectId, subgroupId: g.id, teacherId: data.teacherId, hours: data.hours });
}

/** The school's teachers for the group's load line. */
export async function groupTeacherOptions(actor: Actor) {
  return teacherOptions(prisma, actor.schoolId);
}
