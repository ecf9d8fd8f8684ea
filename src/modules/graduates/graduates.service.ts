/**
 * Exam and final (certificate) marks of the graduating classes, grades 9 and 11 (issue 17,
 * R-GIA-1): per class a sheet of pupils × subjects with the year mark, the exam mark (entered, or
 * the pupil's GIA result when the GIA exam is linked to the subject), the final mark proposed by
 * the school's rule for the grade (graduates.rule.ts) and the final mark confirmed by a person.
 * Marks are FinalMark rows of kind EXAM and FINAL; every change is audited (entity "final-mark")
 * in the same transaction; nothing changes in a closed year.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { Forbidden, Locked, NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName } from "../../lib/names.ts";
import type { FinalMarkRule, GradingMode } from "../../generated/prisma/enums.ts";
import { canEditGraduates, canViewGraduates, isGraduating } from "./graduates.policy.ts";
import { proposeFinal } from "./graduates.rule.ts";
import type { CellInput } from "./graduates.schemas.ts";
import { MSG } from "./graduates.text.ts";

export const EXAM_VALUES = ["5", "4", "3", "2"] as const;
/** Final marks of the certificate by the subject's grading mode. */
export const GRAD_FINAL_VALUES: Record<GradingMode, readonly string[]> = { MARKS: ["5", "4", "3", "2"], PASS_FAIL: ["зач", "незач"], NONE: [] };

export interface GradCell {
  year: string | null;
  /** The EXAM mark stored for the pupil. */
  exam: string | null;
  /** The mark of the pupil's GIA exam linked to this subject, if any. */
  gia: string | null;
  proposed: string | null;
  final: string | null;
}

async function classOf(db: Db, actor: Actor, classId: number) {
  const cls = await db.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId }, include: { year: true, classTeacher: true } });
  if (!cls || !canViewGraduates(actor, cls.id)) throw new NotFound("Класс не найден");
  if (!isGraduating(cls.grade)) throw new NotFound(MSG.notGraduating);
  return cls;
}

/** One statement set for the whole class: members, subjects, the year/exam/final marks and the linked GIA marks. */
async function sheetData(db: Db, actor: Actor, classId: number) {
  const cls = await classOf(db, actor, classId);
  const day = today() < cls.year.endDate ? today() : cls.year.endDate;
  const [members, school] = await Promise.all([
    db.classMembership.findMany({
      where: { schoolId: actor.schoolId, classId, fromDate: { lte: day }, OR: [{ toDate: null }, { toDate: { gte: day } }] },
      include: { student: { include: { person: true } } },
    }),
    db.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { name: true, finalRule9: true, finalRule11: true } }),
  ]);
  const students = [...new Map(members.map((m) => [m.studentId, m.student])).values()].sort((a, b) => compareNames(a.person, b.person));
  const ids = students.map((s) => s.id);
  const [finals, gia] = await Promise.all([
    db.finalMark.findMany({
      where: { schoolId: actor.schoolId, yearId: cls.yearId, studentId: { in: ids }, kind: { in: ["YEAR", "EXAM", "FINAL"] } },
      select: { id: true, studentId: true, subjectId: true, kind: true, value: true },
    }),
    db.giaExam.findMany({
      where: {
        schoolId: actor.schoolId,
        subjectId: { not: null },
        mark: { in: [...EXAM_VALUES] },
        registration: { yearId: cls.yearId, studentId: { in: ids } },
      },
      select: { subjectId: true, mark: true, registration: { select: { studentId: true } } },
    }),
  ]);
  const subjects = (
    await db.subject.findMany({
      where: {
        schoolId: actor.schoolId,
        gradingMode: { not: "NONE" },
        OR: [{ teachingLoads: { some: { classId } } }, { id: { in: finals.map((f) => f.subjectId) } }],
      },
      select: { id: true, name: true, shortName: true, gradingMode: true, sortOrder: true },
    })
  ).sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.name, b.name));
  const rule: FinalMarkRule = cls.grade === 9 ? school.finalRule9 : school.finalRule11;
  const mark = new Map<string, { id: number; value: string }>();
  for (const f of finals) mark.set(`${f.kind}:${f.studentId}:${f.subjectId}`, { id: f.id, value: f.value });
  const giaMark = new Map<string, string>();
  for (const g of gia) giaMark.set(`${g.registration.studentId}:${g.subjectId}`, g.mark!);
  const cell = (studentId: number, subjectId: number, mode: GradingMode): GradCell => {
    const year = mark.get(`YEAR:${studentId}:${subjectId}`)?.value ?? null;
    const exam = mode === "MARKS" ? (mark.get(`EXAM:${studentId}:${subjectId}`)?.value ?? null) : null;
    const g = mode === "MARKS" ? (giaMark.get(`${studentId}:${subjectId}`) ?? null) : null;
    return { year, exam, gia: g, proposed: proposeFinal(rule, year, exam ?? g), final: mark.get(`FINAL:${studentId}:${subjectId}`)?.value ?? null };
  };
  return { cls, school, rule, students, subjects, mark, cell };
}

/** The current year's graduating classes the actor may open (grades 9 and 11). */
export async function graduatingClasses(actor: Actor) {
  if (!actor.currentYearId) return [];
  const rows = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: actor.currentYearId, grade: { in: [9, 11] } },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  return rows.filter((c) => canViewGraduates(actor, c.id)).map((c) => ({ id: c.id, name: className(c), grade: c.grade }));
}

/** The class's sheet for the page (NotFound outside the scope or for a class that is not graduating). */
export async function graduatesSheet(actor: Actor, classId: number) {
  const { cls, school, rule, students, subjects, cell } = await sheetData(prisma, actor, classId);
  return {
    cls: { id: cls.id, name: className(cls), grade: cls.grade, yearName: cls.year.name, yearStatus: cls.year.status },
    schoolName: school.name,
    rule,
    subjects,
    canEdit: canEditGraduates(actor, { id: cls.id, yearStatus: cls.year.status }),
    rows: students.map((s, i) => ({ n: i + 1, id: s.id, name: fullName(s.person), cells: subjects.map((sub) => cell(s.id, sub.id, sub.gradingMode)) })),
  };
}

async function writable(tx: Db, actor: Actor, classId: number) {
  const data = await sheetData(tx, actor, classId);
  if (data.cls.year.status === "CLOSED") throw new Locked(MSG.closedYear(data.cls.year.name));
  if (!canEditGraduates(actor, { id: data.cls.id, yearStatus: data.cls.year.status })) throw new Forbidden();
  return data;
}

type Sheet = Awaited<ReturnType<typeof sheetData>>;

/** Creates, updates or deletes (value "") one EXAM or FINAL mark; audits old → new. Returns whether it changed. */
async function writeMark(tx: Db, actor: Actor, d: Sheet, kind: "EXAM" | "FINAL", studentId: number, subjectId: number, value: string): Promise<boolean> {
  const old = d.mark.get(`${kind}:${studentId}:${subjectId}`);
  if ((old?.value ?? "") === value) return false;
  const base = {
    schoolId: actor.schoolId,
    actorId: actor.userId,
    entity: "final-mark",
    entityId: `${studentId}:${subjectId}:${d.cls.yearId}:${kind.toLowerCase()}`,
  };
  if (!value) {
    await tx.finalMark.delete({ where: { id: old!.id } });
    await audit(tx, { ...base, action: "delete", oldValue: { value: old!.value } });
  } else if (old) {
    await tx.finalMark.update({ where: { id: old.id }, data: { value, createdBy: actor.userId } });
    await audit(tx, { ...base, action: "update", oldValue: { value: old.value }, newValue: { value } });
  } else {
    const created = await tx.finalMark.create({
      data: { schoolId: actor.schoolId, studentId, subjectId, yearId: d.cls.yearId, kind, periodId: null, value, createdBy: actor.userId },
    });
    d.mark.set(`${kind}:${studentId}:${subjectId}`, { id: created.id, value });
    await audit(tx, { ...base, action: "create", newValue: { value } });
  }
  return true;
}

/**
 * Saves the cells of the class's form (R-GIA-1), all or nothing: a value not allowed, an exam mark
 * of a subject without marks, a pupil who is not in the class or a subject outside the sheet throws
 * ValidationError on that cell's field. Locked in a closed year; Forbidden without the right to write.
 * Returns the number of changed marks.
 */
export async function saveGraduateMarks(actor: Actor, classId: number, cells: readonly CellInput[]): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const d = await writable(tx, actor, classId);
    const students = new Set(d.students.map((s) => s.id));
    const subjects = new Map(d.subjects.map((s) => [s.id, s]));
    const errors: Record<string, string> = {};
    for (const c of cells) {
      const sub = subjects.get(c.subjectId);
      // A crafted cell of a pupil or subject outside the sheet has no field on the page: said above the table.
      if (!students.has(c.studentId) || !sub) errors[c.field] = errors._form = MSG.unknownCell;
      else if (c.value && c.kind === "EXAM" && sub.gradingMode !== "MARKS") errors[c.field] = MSG.noExam;
      else if (c.value && c.kind === "EXAM" && !(EXAM_VALUES as readonly string[]).includes(c.value)) errors[c.field] = MSG.examValue;
      else if (c.value && c.kind === "FINAL" && !GRAD_FINAL_VALUES[sub.gradingMode].includes(c.value))
        errors[c.field] = MSG.finalValue(GRAD_FINAL_VALUES[sub.gradingMode]);
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    let changed = 0;
    for (const c of cells) if (await writeMark(tx, actor, d, c.kind, c.studentId, c.subjectId, c.value)) changed++;
    return changed;
  });
}

/**
 * «Подтвердить предложенные» (R-GIA-1): every pupil × subject of the class with a proposed final mark
 * and no final mark yet gets the proposed one; an exam mark taken from the GIA result is stored as the
 * EXAM mark with it. Final marks already set (confirmed or overridden by a person) stay. One transaction.
 * Returns the number of confirmed final marks.
 */
export async function confirmProposedFinals(actor: Actor, classId: number): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const d = await writable(tx, actor, classId);
    let confirmed = 0;
    for (const s of d.students)
      for (const sub of d.subjects) {
        const c = d.cell(s.id, sub.id, sub.gradingMode);
        if (c.final !== null || c.proposed === null || !GRAD_FINAL_VALUES[sub.gradingMode].includes(c.proposed)) continue;
        if (c.exam === null && c.gia !== null) await writeMark(tx, actor, d, "EXAM", s.id, sub.id, c.gia);
        await writeMark(tx, actor, d, "FINAL", s.id, sub.id, c.proposed);
        confirmed++;
      }
    return confirmed;
  });
}

/** The rules' Russian names, for the school settings page. */
export { FINAL_RULE_NAMES } from "./graduates.text.ts";
