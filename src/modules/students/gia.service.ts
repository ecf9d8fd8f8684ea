/**
 * GIA (R-REG-8): for graduating classes (9th: ОГЭ, 11th: ЕГЭ) the exam subjects each student chose,
 * the identity document used at the exams, and the results. giaResultsForStudent() is the service the
 * diary calls to show results to the student and the parents.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import { auditPersonal, diff, scopedStudent } from "./students.common.ts";
import { assertEditSection, canViewSection } from "./students.policy.ts";
import type { GiaInput } from "./students.schemas.ts";
import { GIA_LEVELS, TEXT } from "./students.text.ts";
import { clock } from "../../lib/clock.ts";

/** The student's class of the current year if it is a graduating one (9 or 11), else null. */
async function graduatingClass(db: Db, actor: Actor, studentId: number, classIds: readonly number[]) {
  if (!actor.currentYearId) return null;
  return db.schoolClass.findFirst({ where: { id: { in: [...classIds] }, schoolId: actor.schoolId, yearId: actor.currentYearId, grade: { in: [9, 11] } } });
}

async function editable(tx: Db, actor: Actor, studentId: number) {
  const { student, classIds } = await scopedStudent(actor, studentId, tx);
  assertEditSection(actor, "gia", classIds);
  const cls = await graduatingClass(tx, actor, student.id, classIds);
  if (!cls) throw new ValidationError({ level: TEXT.giaNotGraduating });
  return { student, cls };
}

/** The GIA section of the file: the current year's registration with its exams (or a draft from the profile). */
export async function giaSection(actor: Actor, studentId: number) {
  const { student, classIds } = await scopedStudent(actor, studentId);
  if (!canViewSection(actor, "gia", classIds)) throw new NotFound();
  const cls = await graduatingClass(prisma, actor, student.id, classIds);
  if (!cls) throw new NotFound();
  const [registration, profile] = await Promise.all([
    prisma.giaRegistration.findUnique({
      where: { studentId_yearId: { studentId: student.id, yearId: cls.yearId } },
      include: { exams: { orderBy: { subjectName: "asc" } } },
    }),
    prisma.personProfile.findUnique({ where: { personId: student.personId } }),
  ]);
  const draft = {
    level: cls.grade === 9 ? "OGE" : "EGE",
    docKind: profile?.docKind ?? null,
    docSeries: profile?.docSeries ?? null,
    docNumber: profile?.docNumber ?? null,
    docIssuedBy: profile?.docIssuedBy ?? null,
    docIssuedAt: profile?.docIssuedAt ?? null,
  };
  return { student, name: fullName(student.person), cls, classIds, registration, draft };
}

const REG_KEYS = ["level", "docKind", "docSeries", "docNumber", "docIssuedBy", "docIssuedAt"] as const;

/** Saves the exam form (ОГЭ/ЕГЭ/ГВЭ) and the document used at the exams. */
export async function saveGia(actor: Actor, studentId: number, input: GiaInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { student, cls } = await editable(tx, actor, studentId);
    const before = await tx.giaRegistration.findUnique({ where: { studentId_yearId: { studentId: student.id, yearId: cls.yearId } } });
    const change = diff(before, input, REG_KEYS);
    if (!change) return;
    await tx.giaRegistration.upsert({
      where: { studentId_yearId: { studentId: student.id, yearId: cls.yearId } },
      create: { schoolId: actor.schoolId, studentId: student.id, yearId: cls.yearId, ...input },
      update: input,
    });
    await auditPersonal(tx, actor, "gia", student.personId, before ? "update" : "create", change);
  });
}

async function registrationOf(tx: Db, actor: Actor, studentId: number) {
  const { student, cls } = await editable(tx, actor, studentId);
  const reg = await tx.giaRegistration.upsert({
    where: { studentId_yearId: { studentId: student.id, yearId: cls.yearId } },
    create: { schoolId: actor.schoolId, studentId: student.id, yearId: cls.yearId, level: cls.grade === 9 ? "OGE" : "EGE" },
    update: {},
  });
  return { student, reg };
}

export async function addGiaExam(actor: Actor, studentId: number, input: { subjectName: string; examDate: Date | null }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { student, reg } = await registrationOf(tx, actor, studentId);
    const exists = await tx.giaExam.findUnique({ where: { registrationId_subjectName: { registrationId: reg.id, subjectName: input.subjectName } } });
    if (exists) throw new ValidationError({ subjectName: TEXT.giaSubjectTaken });
    await tx.giaExam.create({ data: { schoolId: actor.schoolId, registrationId: reg.id, subjectName: input.subjectName, examDate: input.examDate } });
    await auditPersonal(tx, actor, "gia", student.personId, "add-exam", {
      newValue: { level: GIA_LEVELS[reg.level], subjectName: input.subjectName, examDate: input.examDate },
    });
  });
}

async function examOf(tx: Db, actor: Actor, studentId: number, examId: number) {
  const { student, reg } = await registrationOf(tx, actor, studentId);
  const exam = await tx.giaExam.findFirst({ where: { id: examId, registrationId: reg.id, schoolId: actor.schoolId } });
  if (!exam) throw new NotFound();
  return { student, exam };
}

export async function deleteGiaExam(actor: Actor, studentId: number, examId: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { student, exam } = await examOf(tx, actor, studentId, examId);
    await tx.giaExam.delete({ where: { id: exam.id } });
    await auditPersonal(tx, actor, "gia", student.personId, "remove-exam", { oldValue: { subjectName: exam.subjectName, score: exam.score, mark: exam.mark } });
  });
}

/**
 * Enters (or corrects) an exam result; from now on the diary shows it (giaResultsForStudent). The result may be
 * linked to a school subject with marks (issue 17), so the graduates' sheet and the ГИА analysis compare it with
 * the year mark; a subject of another school or an archived one is a ValidationError on subjectId.
 */
export async function saveGiaResult(
  actor: Actor,
  studentId: number,
  examId: number,
  input: { score: number | null; mark: string | null; examDate: Date | null; subjectId?: number | null },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { student, exam } = await examOf(tx, actor, studentId, examId);
    const subjectId = input.subjectId === undefined ? exam.subjectId : input.subjectId;
    if (subjectId !== null && subjectId !== exam.subjectId) {
      const subject = await tx.subject.findFirst({ where: { id: subjectId, schoolId: actor.schoolId, archived: false, gradingMode: "MARKS" } });
      if (!subject) throw new ValidationError({ subjectId: TEXT.giaSubjectUnknown });
    }
    const next = { score: input.score, mark: input.mark, examDate: input.examDate ?? exam.examDate, subjectId };
    const change = diff(exam, next, ["score", "mark", "examDate", "subjectId"]);
    if (!change) return;
    await tx.giaExam.update({ where: { id: exam.id }, data: { ...next, resultEnteredAt: clock.now(), resultEnteredById: actor.userId } });
    await auditPersonal(tx, actor, "gia", student.personId, "result", {
      oldValue: { subjectName: exam.subjectName, ...change.oldValue },
      newValue: { subjectName: exam.subjectName, ...change.newValue },
    });
  });
}

/** Issue 17: the school's subjects with marks an exam result may be linked to (the select of the result form). */
export async function giaSubjectOptions(actor: Actor) {
  const rows = await prisma.subject.findMany({
    where: { schoolId: actor.schoolId, archived: false, gradingMode: "MARKS" },
    orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
    select: { id: true, name: true },
  });
  return rows.map((r) => ({ value: String(r.id), label: r.name }));
}

export interface GiaResult {
  yearId: number;
  level: string;
  subjectName: string;
  examDate: Date | null;
  score: number | null;
  mark: string | null;
  enteredAt: Date;
}

/**
 * The student's entered GIA results, for the diary (visible to the student and the parents, R-REG-8).
 * The caller has already checked that the viewer is the student or a parent (diary.policy).
 * Subjects chosen but without a result are not returned.
 */
export async function giaResultsForStudent(schoolId: number, studentId: number): Promise<GiaResult[]> {
  const regs = await prisma.giaRegistration.findMany({
    where: { schoolId, studentId },
    include: { exams: { where: { resultEnteredAt: { not: null } }, orderBy: [{ examDate: "asc" }, { subjectName: "asc" }] } },
    orderBy: { yearId: "asc" },
  });
  return regs.flatMap((r) =>
    r.exams.map((e) => ({
      yearId: r.yearId,
      level: GIA_LEVELS[r.level],
      subjectName: e.subjectName,
      examDate: e.examDate,
      score: e.score,
      mark: e.mark,
      enteredAt: e.resultEnteredAt!,
    })),
  );
}

/** The GIA overview of a graduating class: each student's form, subjects and results. NotFound outside the scope. */
export async function giaClassOverview(actor: Actor, classId: number | null) {
  const classes = actor.currentYearId
    ? await prisma.schoolClass.findMany({
        where: { schoolId: actor.schoolId, yearId: actor.currentYearId, grade: { in: [9, 11] } },
        orderBy: [{ grade: "asc" }, { letter: "asc" }],
      })
    : [];
  const visible = classes.filter((c) => canViewSection(actor, "gia", [c.id]));
  const cls = classId ? visible.find((c) => c.id === classId) : visible.length === 1 ? visible[0] : undefined;
  if (classId && !cls) throw new NotFound();
  if (!cls) return { classes: visible, cls: null, rows: [] };
  const members = await prisma.classMembership.findMany({
    where: { schoolId: actor.schoolId, classId: cls.id, OR: [{ toDate: null }, { toDate: { gte: today() } }] },
    include: { student: { include: { person: true, gia: { where: { yearId: cls.yearId }, include: { exams: { orderBy: { subjectName: "asc" } } } } } } },
  });
  const students = [...new Map(members.map((m) => [m.studentId, m.student])).values()].sort((a, b) => compareNames(a.person, b.person));
  return {
    classes: visible,
    cls,
    rows: students.map((s) => {
      const reg = s.gia[0] ?? null;
      return { studentId: s.id, name: fullName(s.person), level: reg ? GIA_LEVELS[reg.level] : null, docSet: !!reg?.docNumber, exams: reg?.exams ?? [] };
    }),
  };
}
