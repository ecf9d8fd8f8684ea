/**
 * Students' personal files (R-REG-1..2): the list, the file in sections, creating a student with
 * enrolment into a class, the main data, achievements and notes, the medical and social sections.
 * Every change and its audit row (R-REG-6) share one transaction; the rule is asserted again inside it.
 */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import { personIdsByName, personIdsWithSameName } from "../../lib/person-search.ts";
import { prisma, Prisma, type Db } from "../../lib/db.ts";
import { birthDateProblem } from "../../lib/birth-dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { today } from "../../lib/dates.ts";
import { className, compareNames, fullName } from "../../lib/names.ts";
import { auditPersonal, currentClassIds, diff, notEndedBy, pick, scopedStudent, PERSON_KEYS, STUDENT_PROFILE_KEYS } from "./students.common.ts";
import {
  assertEditSection,
  canCreateStudent,
  canEditParentCard,
  canEditSection,
  canIssueAccounts,
  canViewSection,
  closedByUndertaking,
  PD_SECTIONS,
  canAddParent,
  loginConsentState,
  type Section,
} from "./students.policy.ts";
import type { MedicalInput, SocialInput, StudentCreateInput, StudentMainInput } from "./students.schemas.ts";
import { TEXT } from "./students.text.ts";
import { Forbidden } from "../../lib/errors.ts";

export const PAGE_SIZE = 25;

/** Issue 7: the classes a non-«all files» actor led in a past year (the own ones of that year). */
async function ledClassIdsIn(actor: Actor, yearId: number): Promise<number[]> {
  const rows = await prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId, classTeacherId: actor.personId }, select: { id: true } });
  return rows.map((r) => r.id);
}

/**
 * Classes the actor may pick in the list filter: all of the current year, or the own ones.
 * Issue 7: with `yearId` (a past year picked with ?year=) the classes of that year.
 */
export async function classOptions(actor: Actor, yearId: number | null = null) {
  const past = yearId !== null && yearId !== actor.currentYearId;
  if (!past && !actor.currentYearId) return [];
  const where: Prisma.SchoolClassWhereInput = { schoolId: actor.schoolId, yearId: past ? yearId : actor.currentYearId! };
  const files = reach(actor, "view", "student-file");
  if (!files.all) where.id = { in: past ? await ledClassIdsIn(actor, yearId) : [...files.classIds] };
  const classes = await prisma.schoolClass.findMany({ where, orderBy: [{ grade: "asc" }, { letter: "asc" }] });
  return classes.map((c) => ({ value: c.id, label: className(c), grade: c.grade }));
}

export interface StudentListFilter {
  q: string;
  classId: number | null;
  page: number;
  /** Issue 7: a past year (?year=, already the school's): the students who were in its classes, as they were. */
  yearId?: number | null;
}

/** The student list, scoped: the class teacher sees the own classes only. */
export async function listStudents(actor: Actor, f: StudentListFilter) {
  const day = today();
  const past = f.yearId !== undefined && f.yearId !== null && f.yearId !== actor.currentYearId ? f.yearId : null;
  const where: Prisma.StudentWhereInput = { schoolId: actor.schoolId };
  const memberWhere: Prisma.ClassMembershipWhereInput = past !== null ? { class: { yearId: past } } : { ...notEndedBy(day) };
  const files = reach(actor, "view", "student-file");
  const own = past !== null ? await ledClassIdsIn(actor, past) : [...files.classIds];
  if (!files.all) memberWhere.classId = { in: own };
  if (f.classId) memberWhere.classId = files.all || own.includes(f.classId) ? f.classId : -1;
  if (!files.all || f.classId || past !== null) where.memberships = { some: memberWhere };
  const named = await personIdsByName(prisma, actor.schoolId, f.q);
  if (named) where.personId = { in: named };
  const rows = await prisma.student.findMany({
    where,
    select: {
      id: true,
      person: {
        select: {
          id: true,
          lastName: true,
          firstName: true,
          middleName: true,
          birthDate: true,
          user: { select: { id: true } },
          consent: { select: { revokedAt: true } },
        },
      },
      memberships: {
        where: past !== null ? { class: { yearId: past } } : notEndedBy(day),
        select: { fromDate: true, class: { select: { grade: true, letter: true } } },
        orderBy: { fromDate: "asc" },
      },
    },
  });
  rows.sort((a, b) => compareNames(a.person, b.person) || a.id - b.id);
  const total = rows.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, f.page), pages);
  return {
    total,
    page,
    pages,
    rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((s) => ({
      id: s.id,
      name: fullName(s.person),
      birthDate: s.person.birthDate,
      classes: s.memberships.map((m) => className(m.class)).join(", ") || "—",
      hasAccount: !!s.person.user,
      consent: !!s.person.consent && !s.person.consent.revokedAt,
    })),
  };
}

/** The whole file, each section present only when the actor may see it. */
export async function studentFile(actor: Actor, studentId: number) {
  const { student, classIds } = await scopedStudent(actor, studentId);
  const sees = (s: Section) => canViewSection(actor, s, classIds);
  const edits = (s: Section) => canEditSection(actor, s, classIds);
  const [profile, history, links, notes, medical, social, consent] = await Promise.all([
    prisma.personProfile.findUnique({ where: { personId: student.personId } }),
    prisma.classMembership.findMany({
      where: { schoolId: actor.schoolId, studentId: student.id },
      include: { class: { include: { year: { select: { name: true } } } } },
      orderBy: [{ fromDate: "asc" }, { id: "asc" }],
    }),
    prisma.parentLink.findMany({
      where: { schoolId: actor.schoolId, studentId: student.id },
      include: {
        parent: { include: { profile: true, consent: true, user: { select: { id: true, login: true, blocked: true } }, staff: { select: { id: true } } } },
      },
      orderBy: { id: "asc" },
    }),
    prisma.studentNote.findMany({ where: { schoolId: actor.schoolId, studentId: student.id }, orderBy: [{ date: "desc" }, { id: "desc" }] }),
    sees("medical") ? prisma.studentMedical.findUnique({ where: { studentId: student.id } }) : null,
    sees("social") ? prisma.studentSocial.findUnique({ where: { studentId: student.id } }) : null,
    sees("consent") ? prisma.personalDataConsent.findUnique({ where: { personId: student.personId } }) : null,
  ]);
  const user = await prisma.user.findUnique({ where: { personId: student.personId }, select: { login: true, blocked: true } });
  const graduating = history.some((m) => classIds.includes(m.classId) && (m.class.grade === 9 || m.class.grade === 11));
  return {
    student,
    name: fullName(student.person),
    person: student.person,
    profile,
    classIds,
    history: history.map((m) => ({
      id: m.id,
      name: className(m.class),
      year: m.class.year.name,
      fromDate: m.fromDate,
      toDate: m.toDate,
      current: classIds.includes(m.classId),
    })),
    parents: links.map((l) => ({
      linkId: l.id,
      personId: l.parentId,
      name: fullName(l.parent),
      relation: l.relation,
      phone: l.parent.phone,
      email: l.parent.email,
      workPlace: l.parent.profile?.workPlace ?? null,
      isStaff: !!l.parent.staff,
      login: l.parent.user?.login ?? null,
      blocked: l.parent.user?.blocked ?? false,
      consent: l.parent.consent,
      /** Issue 23: the login beside the consent, as it truly is. */
      loginState: loginConsentState({ hasLogin: !!l.parent.user, isStaff: !!l.parent.staff, blocked: l.parent.user?.blocked, consent: l.parent.consent }),
    })),
    notes,
    medical,
    social,
    consent,
    login: user?.login ?? null,
    blocked: user?.blocked ?? false,
    loginState: loginConsentState({ hasLogin: !!user, isStaff: false, blocked: user?.blocked, consent }),
    graduating,
    can: {
      editMain: edits("main"),
      seeMedical: sees("medical"),
      editMedical: edits("medical"),
      seeSocial: sees("social"),
      editSocial: edits("social"),
      seeConsent: sees("consent"),
      editConsent: edits("consent"),
      seeGia: sees("gia") && graduating,
      editGia: edits("gia"),
      addParent: canAddParent(actor, classIds),
      editParents: canEditParentCard(actor, classIds),
      issue: classIds.some((id) => canIssueAccounts(actor, id)),
      /** Issue 17: sections the role would show, closed for want of a recorded non-disclosure undertaking. */
      pdClosed: PD_SECTIONS.some((sec) => closedByUndertaking(actor, sec, classIds)),
    },
  };
}

/** Persons of the school with the same full name (ё = е) and birth date (R-REG: duplicate detection). */
export async function possibleDuplicates(
  db: Db,
  schoolId: number,
  p: { lastName: string; firstName: string; middleName: string | null; birthDate: Date | null },
) {
  const rows = await db.person.findMany({
    where: { id: { in: await personIdsWithSameName(db, schoolId, p) } },
    include: { student: { select: { id: true } }, staff: { select: { id: true } }, _count: { select: { childrenLinks: true } } },
    take: 10,
  });
  return rows.map((r) => ({
    id: r.id,
    name: fullName(r),
    birthDate: r.birthDate,
    studentId: r.student?.id ?? null,
    ties: [r.student ? "ученик" : null, r.staff ? "сотрудник" : null, r._count.childrenLinks ? "родитель" : null].filter(Boolean).join(", "),
  }));
}

export type Duplicate = Awaited<ReturnType<typeof possibleDuplicates>>[number];

export class DuplicateError extends ValidationError {
  constructor(readonly duplicates: Duplicate[]) {
    super({ confirmDuplicate: TEXT.duplicate });
  }
}

/**
 * Enrols a student into a class from a date (a ClassMembership). Exported for the movement book,
 * which records the enrolment order around it. The class must be of a year that is not closed and
 * the date inside that year. Runs inside the caller's transaction.
 */
export async function enrolStudent(tx: Db, actor: Actor, studentId: number, classId: number, fromDate: Date) {
  const cls = await tx.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId }, include: { year: true } });
  if (!cls) throw new ValidationError({ classId: TEXT.pickClass });
  if (cls.year.status === "CLOSED") throw new ValidationError({ classId: TEXT.classClosed });
  if (fromDate < cls.year.startDate || fromDate > cls.year.endDate) throw new ValidationError({ fromDate: TEXT.fromDateOutside });
  const student = await tx.student.findFirst({ where: { id: studentId, schoolId: actor.schoolId }, select: { personId: true } });
  if (!student) throw new NotFound();
  const m = await tx.classMembership.create({ data: { schoolId: actor.schoolId, studentId, classId, fromDate } });
  await auditPersonal(tx, actor, "class-membership", student.personId, "create", { newValue: { classId: className(cls), fromDate } });
  return m;
}

/** The secretary (admin, deputy) creates a student with the main data and the enrolment. */
export async function createStudent(actor: Actor, input: StudentCreateInput): Promise<{ studentId: number }> {
  if (!canCreateStudent(actor)) throw new Forbidden();
  return prisma.$transaction(async (tx) => {
    if (!input.confirmDuplicate) {
      const dups = await possibleDuplicates(tx, actor.schoolId, input);
      if (dups.length) throw new DuplicateError(dups);
    }
    // Issue 23: the age must fit the class the student is enrolled into (src/lib/birth-dates.ts).
    const target = await tx.schoolClass.findFirst({ where: { id: input.classId, schoolId: actor.schoolId }, select: { grade: true } });
    const problem = target ? birthDateProblem(input.birthDate, "pupil", { grade: target.grade, on: input.fromDate }) : null;
    if (problem) throw new ValidationError({ birthDate: problem });
    const person = await tx.person.create({ data: { schoolId: actor.schoolId, ...pick(input, PERSON_KEYS) } });
    const student = await tx.student.create({ data: { schoolId: actor.schoolId, personId: person.id } });
    const profile = pick(input, STUDENT_PROFILE_KEYS);
    await tx.personProfile.create({ data: { schoolId: actor.schoolId, personId: person.id, ...profile } });
    await auditPersonal(
      tx,
      actor,
      "person",
      person.id,
      "create",
      diff(null, { ...pick(input, PERSON_KEYS), ...profile }, [...PERSON_KEYS, ...STUDENT_PROFILE_KEYS]),
      input.confirmDuplicate ? "создан при совпадении ФИО и даты рождения" : null,
    );
    await enrolStudent(tx, actor, student.id, input.classId, input.fromDate);
    return { studentId: student.id };
  });
}

/** Main data: the Person row and the profile (addresses, document, SNILS). */
export async function updateStudentMain(actor: Actor, studentId: number, input: StudentMainInput): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { student, classIds } = await scopedStudent(actor, studentId, tx);
    assertEditSection(actor, "main", classIds);
    const profile = await tx.personProfile.findUnique({ where: { personId: student.personId } });
    const person = pick(input, PERSON_KEYS);
    const prof = pick(input, STUDENT_PROFILE_KEYS);
    const change = diff({ ...student.person, ...(profile ?? {}) }, { ...person, ...prof }, [...PERSON_KEYS, ...STUDENT_PROFILE_KEYS]);
    if (!change) return false;
    if ("birthDate" in change.newValue) {
      // Issue 23: a corrected birth date must fit the student's current class.
      const cls = classIds.length
        ? await tx.schoolClass.findFirst({ where: { id: { in: classIds } }, select: { grade: true }, orderBy: { grade: "desc" } })
        : null;
      const problem = birthDateProblem(input.birthDate, "pupil", { grade: cls?.grade });
      if (problem) throw new ValidationError({ birthDate: problem });
    }
    await tx.person.update({ where: { id: student.personId }, data: person });
    await tx.personProfile.upsert({
      where: { personId: student.personId },
      create: { schoolId: actor.schoolId, personId: student.personId, ...prof },
      update: prof,
    });
    await auditPersonal(tx, actor, "person", student.personId, "update", change);
    return true;
  });
}

export async function addNote(actor: Actor, studentId: number, input: { kind: "ACHIEVEMENT" | "NOTE"; date: Date; text: string }) {
  await prisma.$transaction(async (tx) => {
    const { student, classIds } = await scopedStudent(actor, studentId, tx);
    assertEditSection(actor, "main", classIds);
    const note = await tx.studentNote.create({ data: { schoolId: actor.schoolId, studentId: student.id, ...input, createdById: actor.userId } });
    await auditPersonal(tx, actor, "student-note", student.personId, "create", {
      newValue: { kind: input.kind, date: input.date, text: input.text, noteId: note.id },
    });
  });
}

export async function deleteNote(actor: Actor, studentId: number, noteId: number) {
  await prisma.$transaction(async (tx) => {
    const { student, classIds } = await scopedStudent(actor, studentId, tx);
    assertEditSection(actor, "main", classIds);
    const note = await tx.studentNote.findFirst({ where: { id: noteId, studentId: student.id, schoolId: actor.schoolId } });
    if (!note) throw new NotFound();
    await tx.studentNote.delete({ where: { id: note.id } });
    await auditPersonal(tx, actor, "student-note", student.personId, "delete", {
      oldValue: { kind: note.kind, date: note.date, text: note.text, noteId: note.id },
    });
  });
}

const MEDICAL_KEYS = ["healthGroup", "peGroup", "conditions", "disability", "ovz", "ovzNote"] as const;
const SOCIAL_KEYS = ["socialStatus", "deviantBehaviour", "characteristic", "largeFamily", "guardianship", "registeredPdn", "registeredSchool"] as const;
const SOCIAL_NONE = { largeFamily: false, guardianship: false, registeredPdn: false, registeredSchool: false };

/** R-ACL-5: the medical section, written only by the medical worker. */
export async function saveMedical(actor: Actor, studentId: number, input: MedicalInput): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { student, classIds } = await scopedStudent(actor, studentId, tx);
    assertEditSection(actor, "medical", classIds);
    const before = await tx.studentMedical.findUnique({ where: { studentId: student.id } });
    const change = diff(before ?? { disability: false, ovz: false }, input, MEDICAL_KEYS);
    if (!change) return false;
    const data = { ...pick(input, MEDICAL_KEYS), updatedById: actor.userId };
    await tx.studentMedical.upsert({ where: { studentId: student.id }, create: { schoolId: actor.schoolId, studentId: student.id, ...data }, update: data });
    await auditPersonal(tx, actor, "student-medical", student.personId, before ? "update" : "create", change);
    return true;
  });
}

/** R-ACL-6: the social and psychological section, written only by the psychologist. */
export async function saveSocial(actor: Actor, studentId: number, input: SocialInput): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { student, classIds } = await scopedStudent(actor, studentId, tx);
    assertEditSection(actor, "social", classIds);
    const before = await tx.studentSocial.findUnique({ where: { studentId: student.id } });
    const change = diff(before ?? SOCIAL_NONE, input, SOCIAL_KEYS);
    if (!change) return false;
    const data = { ...pick(input, SOCIAL_KEYS), updatedById: actor.userId };
    await tx.studentSocial.upsert({ where: { studentId: student.id }, create: { schoolId: actor.schoolId, studentId: student.id, ...data }, update: data });
    await auditPersonal(tx, actor, "student-social", student.personId, before ? "update" : "create", change);
    return true;
  });
}

/** Current classes of a student, for callers outside the module (e.g. the movement book). */
export async function studentClassIds(schoolId: number, studentId: number): Promise<number[]> {
  return currentClassIds(prisma, schoolId, studentId);
}
