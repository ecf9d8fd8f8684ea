/**
 * R-JRN-12: the class teacher's weekly check that the class's journals are complete —
 * lessons without a topic, without homework, without attendance taken — and the
 * exemptions from lessons the class teacher records (R-JRN-9).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { homeworkExpected } from "../../lib/grading.ts";
import { prisma } from "../../lib/db.ts";
import { addDays, isoDate, today } from "../../lib/dates.ts";
import { Locked, NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName, shortName } from "../../lib/names.ts";
import { canOverride } from "./journal.policy.ts";
import type { ExemptionInput } from "./journal.schemas.ts";
import { MSG } from "./journal.text.ts";
import { classForPages } from "./class-attendance.service.ts";

/** GET /class: the classes the actor leads in the current year and, for deputies and administrators, every class. */
export async function classList(actor: Actor) {
  if (!actor.currentYearId) return { led: [], all: [] };
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: actor.currentYearId, ...(canOverride(actor) ? {} : { classTeacherId: actor.personId }) },
    select: { id: true, grade: true, letter: true, classTeacherId: true },
  });
  classes.sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter));
  const option = (c: { id: number; grade: number; letter: string }) => ({ value: c.id, label: className(c) });
  return { led: classes.filter((c) => c.classTeacherId === actor.personId).map(option), all: canOverride(actor) ? classes.map(option) : [] };
}

/** Monday of the week containing the date. */
export function weekStart(date: Date): Date {
  const dow = (date.getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -dow);
}

/**
 * The lessons of the class in the week of `date` (Monday to Sunday) with what is missing.
 * Lessons after today are checked for the topic only (homework may be entered in advance,
 * attendance cannot be taken yet).
 */
export async function weeklyCompleteness(actor: Actor, classId: number, date: Date, now: Date = today()) {
  const cls = await classForPages(actor, classId);
  const school = await prisma.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { ungradedGrades: true } });
  const withHomework = homeworkExpected(cls.grade, school.ungradedGrades);
  const from = weekStart(date);
  const to = addDays(from, 6);
  const lessons = await prisma.lesson.findMany({
    where: { schoolId: actor.schoolId, classId, date: { gte: from, lte: to } },
    orderBy: [{ date: "asc" }, { number: "asc" }, { id: "asc" }],
    include: {
      subject: { select: { id: true, name: true } },
      subgroup: { select: { name: true } },
      teacher: { select: { lastName: true, firstName: true, middleName: true } },
      substitute: { select: { lastName: true, firstName: true, middleName: true } },
      _count: { select: { attendances: true } },
    },
  });
  const rows = lessons.map((l) => {
    const past = l.date <= now;
    return {
      id: l.id,
      date: l.date,
      number: l.number,
      subject: l.subject.name,
      subjectId: l.subject.id,
      subgroup: l.subgroup?.name ?? null,
      teacher: shortName(l.substitute ?? l.teacher),
      noTopic: !l.topic?.trim(),
      noHomework: withHomework && past && !l.homework?.trim(),
      noAttendance: past && !l.attendanceCheckedAt && l._count.attendances === 0,
    };
  });
  const problems = rows.filter((r) => r.noTopic || r.noHomework || r.noAttendance);
  const bySubject = new Map<string, { subject: string; lessons: number; noTopic: number; noHomework: number; noAttendance: number }>();
  for (const r of rows) {
    const s = bySubject.get(r.subject) ?? { subject: r.subject, lessons: 0, noTopic: 0, noHomework: 0, noAttendance: 0 };
    s.lessons++;
    s.noTopic += Number(r.noTopic);
    s.noHomework += Number(r.noHomework);
    s.noAttendance += Number(r.noAttendance);
    bySubject.set(r.subject, s);
  }
  return {
    cls,
    from,
    to,
    rows,
    problems,
    summary: [...bySubject.values()].sort((a, b) => compareText(a.subject, b.subject)),
    prev: isoDate(addDays(from, -7)),
    next: isoDate(addDays(from, 7)),
  };
}

/** R-JRN-9: the exemptions of the class's current students, and the choices for the form. */
export async function classExemptions(actor: Actor, classId: number, now: Date = today()) {
  const cls = await classForPages(actor, classId);
  const [members, loads, exemptions] = await Promise.all([
    prisma.classMembership.findMany({ where: { schoolId: actor.schoolId, classId }, include: { student: { include: { person: true } } } }),
    prisma.teachingLoad.findMany({ where: { schoolId: actor.schoolId, classId }, include: { subject: true } }),
    prisma.exemption.findMany({
      where: { schoolId: actor.schoolId, student: { memberships: { some: { classId } } }, toDate: { gte: cls.year.startDate } },
      include: { student: { include: { person: true } }, subject: true },
      orderBy: [{ fromDate: "desc" }, { id: "desc" }],
    }),
  ]);
  const students = [...new Map(members.map((m) => [m.studentId, m.student])).values()].sort((a, b) => compareNames(a.person, b.person));
  const subjects = [...new Map(loads.map((l) => [l.subjectId, l.subject])).values()].sort((a, b) => compareText(a.name, b.name));
  return {
    cls,
    students: students.map((s) => ({ value: s.id, label: fullName(s.person) })),
    subjects: subjects.map((s) => ({ value: s.id, label: s.name })),
    exemptions: exemptions.map((e) => ({
      id: e.id,
      student: fullName(e.student.person),
      subject: e.subject?.name ?? "все уроки",
      fromDate: e.fromDate,
      toDate: e.toDate,
      reason: e.reason,
      current: e.fromDate <= now && e.toDate >= now,
    })),
    writable: cls.year.status !== "CLOSED",
  };
}

/** Records an exemption of a student of the class (of one subject or all lessons), audited. */
export async function createExemption(actor: Actor, classId: number, input: ExemptionInput): Promise<void> {
  const cls = await classForPages(actor, classId);
  if (cls.year.status === "CLOSED") throw new Locked(MSG.closedYear(cls.year.name));
  await prisma.$transaction(async (tx) => {
    const member = await tx.classMembership.findFirst({ where: { schoolId: actor.schoolId, classId, studentId: input.studentId } });
    if (!member) throw new ValidationError({ studentId: MSG.exemptionStudent });
    if (input.subjectId !== null && !(await tx.subject.findFirst({ where: { id: input.subjectId, schoolId: actor.schoolId } })))
      throw new ValidationError({ subjectId: "Выберите предмет из списка" });
    if (input.fromDate < cls.year.startDate || input.toDate > cls.year.endDate)
      throw new ValidationError({ [input.fromDate < cls.year.startDate ? "fromDate" : "toDate"]: "Даты должны быть в пределах учебного года" });
    const e = await tx.exemption.create({ data: { schoolId: actor.schoolId, ...input, createdBy: actor.userId } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "exemption",
      entityId: e.id,
      action: "create",
      newValue: { studentId: e.studentId, subjectId: e.subjectId, fromDate: isoDate(e.fromDate), toDate: isoDate(e.toDate), reason: e.reason },
    });
  });
}

/** Removes an exemption of the class's student, audited. NotFound for others. */
export async function deleteExemption(actor: Actor, classId: number, exemptionId: number): Promise<void> {
  const cls = await classForPages(actor, classId);
  if (cls.year.status === "CLOSED") throw new Locked(MSG.closedYear(cls.year.name));
  await prisma.$transaction(async (tx) => {
    const e = await tx.exemption.findFirst({ where: { id: exemptionId, schoolId: actor.schoolId, student: { memberships: { some: { classId } } } } });
    if (!e) throw new NotFound();
    await tx.exemption.delete({ where: { id: e.id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "exemption",
      entityId: e.id,
      action: "delete",
      oldValue: { studentId: e.studentId, subjectId: e.subjectId, fromDate: isoDate(e.fromDate), toDate: isoDate(e.toDate), reason: e.reason },
    });
  });
}
