/**
 * R-RPT-1: remarks of the monthly journal check. A deputy (or the administrator) writes a
 * remark for a teacher, optionally about one class and subject; the teacher sees the own
 * remarks and marks them fixed. Every change is audited (entity "journal-remark"). A new
 * remark is told to its teacher (issue 15, notification kind REMARK) in the same transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { Forbidden, NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, fullName, shortName } from "../../lib/names.ts";
import { field, z } from "../../lib/validation.ts";
import { canFixRemark, canWriteRemarks } from "./reports.policy.ts";
import { clock } from "../../lib/clock.ts";
import { notify } from "../notifications/notifications.service.ts";

export const remarkInput = z.object({
  teacherId: field.id("учителя"),
  journal: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().regex(/^(|\d{1,10}:\d{1,10})$/, "Неверное значение")),
  month: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Укажите месяц")),
  text: field.text(2000),
});
export type RemarkInput = z.output<typeof remarkInput>;

/**
 * Creates a remark and tells the teacher (REMARK, in the same transaction); the teacher must be a
 * staff person of the school with a load (ValidationError otherwise).
 */
export async function addRemark(actor: Actor, input: RemarkInput): Promise<number> {
  if (!canWriteRemarks(actor)) throw new Forbidden();
  const teacher = await prisma.person.findFirst({ where: { id: input.teacherId, schoolId: actor.schoolId, staff: { isNot: null } }, select: { id: true } });
  if (!teacher) throw new ValidationError({ teacherId: "Выберите учителя из списка" });
  let classId: number | null = null;
  let subjectId: number | null = null;
  if (input.journal) {
    const [c, s] = input.journal.split(":").map(Number) as [number, number];
    const load = await prisma.teachingLoad.findFirst({ where: { schoolId: actor.schoolId, classId: c, subjectId: s } });
    if (!load) throw new ValidationError({ journal: "Выберите журнал из списка" });
    [classId, subjectId] = [c, s];
  }
  return prisma.$transaction(async (tx) => {
    const r = await tx.journalRemark.create({
      data: {
        schoolId: actor.schoolId,
        teacherId: teacher.id,
        classId,
        subjectId,
        month: new Date(`${input.month}-01T00:00:00Z`),
        text: input.text,
        authorId: actor.userId,
      },
    });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "journal-remark",
      entityId: r.id,
      action: "create",
      newValue: { teacherId: teacher.id, classId, subjectId, text: input.text },
    });
    await tellTeacher(tx, actor, r);
    return r.id;
  });
}

const MONTH = new Intl.DateTimeFormat("ru-RU", { month: "long", year: "numeric", timeZone: "UTC" });

/** The remark's notification to its teacher (one per remark): the journal, the month, the text, the author; it leads to the list of open remarks. */
async function tellTeacher(
  tx: Db,
  actor: Actor,
  r: { id: number; teacherId: number; classId: number | null; subjectId: number | null; month: Date; text: string },
) {
  const user = await tx.user.findUnique({ where: { personId: r.teacherId }, select: { id: true } });
  if (!user) return;
  const [cls, subject] = await Promise.all([
    r.classId ? tx.schoolClass.findUnique({ where: { id: r.classId }, select: { grade: true, letter: true } }) : null,
    r.subjectId ? tx.subject.findUnique({ where: { id: r.subjectId }, select: { name: true } }) : null,
  ]);
  const journal = cls && subject ? `${className(cls)}, ${subject.name}` : null;
  await notify(tx, {
    schoolId: actor.schoolId,
    userIds: [user.id],
    kind: "REMARK",
    title: `Замечание по проверке журнала${journal ? `: ${journal}` : ""}`,
    body: `${r.text}\n\nПроверка за ${MONTH.format(r.month)}\nЗамечание записал(а): ${actor.shortName}\nИсправьте и отметьте «Исправлено» в списке замечаний.`,
    link: "/reports/remarks?open=1",
    dedupeKey: `remark:${r.id}`,
  });
}

/** Marks a remark fixed (or open again); NotFound for another school's or another teacher's remark. */
export async function setRemarkFixed(actor: Actor, id: number, fixed: boolean): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const r = await tx.journalRemark.findFirst({ where: { id, schoolId: actor.schoolId } });
    if (!r || !canFixRemark(actor, r)) throw new NotFound("Замечание не найдено");
    await tx.journalRemark.update({ where: { id }, data: fixed ? { fixedAt: clock.now(), fixedById: actor.userId } : { fixedAt: null, fixedById: null } });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "journal-remark", entityId: id, action: fixed ? "fixed" : "reopened" });
  });
}

/** Deletes a remark (deputies and the administrator). */
export async function deleteRemark(actor: Actor, id: number): Promise<void> {
  if (!canWriteRemarks(actor)) throw new Forbidden();
  await prisma.$transaction(async (tx) => {
    const r = await tx.journalRemark.findFirst({ where: { id, schoolId: actor.schoolId } });
    if (!r) throw new NotFound("Замечание не найдено");
    await tx.journalRemark.delete({ where: { id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "journal-remark",
      entityId: id,
      action: "delete",
      oldValue: { teacherId: r.teacherId, text: r.text },
    });
  });
}

/**
 * Remarks to show: a teacher's own; for deputies all of the school (of one month when given).
 * Each with the teacher's and author's names and the journal.
 */
export async function listRemarks(actor: Actor, opts: { month?: Date; teacherId?: number | null; openOnly?: boolean } = {}) {
  const all = canWriteRemarks(actor);
  const remarks = await prisma.journalRemark.findMany({
    where: {
      schoolId: actor.schoolId,
      ...(all ? (opts.teacherId ? { teacherId: opts.teacherId } : {}) : { teacherId: actor.personId }),
      ...(opts.month ? { month: opts.month } : {}),
      ...(opts.openOnly ? { fixedAt: null } : {}),
    },
    orderBy: [{ fixedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 500,
  });
  const personIds = [...new Set(remarks.map((r) => r.teacherId))];
  const userIds = [...new Set(remarks.map((r) => r.authorId).filter((x): x is number => x !== null))];
  const [persons, users, classes, subjects] = await Promise.all([
    prisma.person.findMany({ where: { id: { in: personIds }, schoolId: actor.schoolId } }),
    prisma.user.findMany({ where: { id: { in: userIds }, schoolId: actor.schoolId }, include: { person: true } }),
    prisma.schoolClass.findMany({ where: { id: { in: remarks.map((r) => r.classId).filter((x): x is number => x !== null) } } }),
    prisma.subject.findMany({ where: { id: { in: remarks.map((r) => r.subjectId).filter((x): x is number => x !== null) } } }),
  ]);
  const p = new Map(persons.map((x) => [x.id, x]));
  const u = new Map(users.map((x) => [x.id, x.person]));
  const c = new Map(classes.map((x) => [x.id, className(x)]));
  const s = new Map(subjects.map((x) => [x.id, x.name]));
  return remarks.map((r) => ({
    ...r,
    teacher: p.has(r.teacherId) ? fullName(p.get(r.teacherId)!) : "?",
    author: r.authorId && u.has(r.authorId) ? shortName(u.get(r.authorId)!) : "",
    journal: r.classId && r.subjectId ? `${c.get(r.classId) ?? "?"} ${s.get(r.subjectId) ?? "?"}` : "",
    journalLink: r.classId && r.subjectId ? `/journal/${r.classId}/${r.subjectId}` : null,
    canFix: canFixRemark(actor, r),
    canDelete: all,
  }));
}

/** The teachers of the year (with a teaching load) for the remark form, alphabetically. */
export async function remarkTeachers(actor: Actor, yearId: number) {
  const people = await prisma.person.findMany({ where: { schoolId: actor.schoolId, teachingLoads: { some: { yearId } } } });
  return people.sort(compareNames).map((p) => ({ value: p.id, label: fullName(p) }));
}

/** The number of the teacher's open remarks (for a home-page badge). */
export async function openRemarkCount(actor: Actor): Promise<number> {
  return prisma.journalRemark.count({ where: { schoolId: actor.schoolId, teacherId: actor.personId, fixedAt: null } });
}
