/**
 * Diagnostic and all-Russian checking works (issue 17, 002 §2, R-GIA-1): a work of a class in a subject —
 * ВПР, the school's diagnostic or an administrative control — with its date, maximum score and mark scale,
 * and each pupil's score and the mark the scale gives. Entered like a work of the journal, by the teacher of
 * that class-subject (the teaching load) or a deputy, but kept apart from the journal's marks: the deputy's
 * analysis (reports/diagnostics.service.ts) compares them with the journal. Every lookup is scoped
 * (diagnostics.policy), so a work, class or subject outside the actor's reach is a 404. Writes are audited.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName } from "../../lib/names.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { lockWritableYear } from "../setup/years.service.ts";
import { diagnosticReach, markOfScore, reachesWork, scaleErrors, type DiagnosticReach } from "./diagnostics.policy.ts";
import type { WorkInput } from "./diagnostics.schemas.ts";

export { markOfScore } from "./diagnostics.policy.ts";
export { KIND_NAMES } from "./diagnostics.text.ts";

/** The class-subjects of the year the actor may write works for (the form's choices). */
async function writableClassSubjects(actor: Actor, yearId: number, r: DiagnosticReach) {
  const loads = await prisma.teachingLoad.findMany({
    where: { schoolId: actor.schoolId, yearId, ...(r.all ? {} : { teacherId: r.teacherId ?? -1 }) },
    select: { classId: true, subjectId: true, class: true, subject: { select: { name: true } } },
  });
  const seen = new Set<string>();
  return loads
    .filter((l) => {
      const k = `${l.classId}:${l.subjectId}`;
      return !seen.has(k) && !!seen.add(k);
    })
    .map((l) => ({
      classId: l.classId,
      subjectId: l.subjectId,
      grade: l.class.grade,
      label: `${className(l.class)} — ${l.subject.name}`,
      subject: l.subject.name,
    }))
    .sort((a, b) => a.grade - b.grade || compareText(a.label, b.label));
}

/** The works of the year the actor reaches, newest first, with how many results each has; and what the actor may create. */
export async function listWorks(actor: Actor, yearId: number) {
  const view = await diagnosticReach(actor, "view", yearId);
  const create = await diagnosticReach(actor, "create", yearId);
  const works = await prisma.diagnosticWork.findMany({
    where: { schoolId: actor.schoolId, yearId },
    include: { _count: { select: { results: true } } },
    orderBy: [{ date: "desc" }, { id: "desc" }],
  });
  const [classes, subjects] = await Promise.all([
    prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId } }),
    prisma.subject.findMany({ where: { schoolId: actor.schoolId }, select: { id: true, name: true } }),
  ]);
  const cls = new Map(classes.map((c) => [c.id, className(c)]));
  const subj = new Map(subjects.map((s) => [s.id, s.name]));
  return {
    works: works
      .filter((w) => reachesWork(view, w))
      .map((w) => ({ ...w, className: cls.get(w.classId) ?? "", subject: subj.get(w.subjectId) ?? "", results: w._count.results })),
    choices: create.all || create.teacherId !== null ? await writableClassSubjects(actor, yearId, create) : [],
  };
}

async function findWork(db: Db, actor: Actor, id: number, action: "view" | "update" | "delete") {
  const work = await db.diagnosticWork.findFirst({ where: { id, schoolId: actor.schoolId } });
  if (!work || !reachesWork(await diagnosticReach(actor, action, work.yearId), work)) throw new NotFound("Работа не найдена");
  return work;
}

/**
 * Creates a work for a class-subject of the year that the actor reaches for writing (NotFound otherwise: another
 * school's class, a class-subject the teacher does not teach). The scale must rise within the maximum (ValidationError).
 */
export async function createWork(actor: Actor, yearId: number, input: WorkInput): Promise<number> {
  const errors: FieldErrors = scaleErrors(input);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return prisma.$transaction(async (tx) => {
    await lockWritableYear(tx, actor.schoolId, yearId);
    const cls = await tx.schoolClass.findFirst({ where: { id: input.classId, schoolId: actor.schoolId, yearId } });
    const subject = await tx.subject.findFirst({ where: { id: input.subjectId, schoolId: actor.schoolId } });
    if (!cls || !subject) throw new NotFound("Класс или предмет не найден");
    if (!reachesWork(await diagnosticReach(actor, "create", yearId), { classId: cls.id, subjectId: subject.id }))
      throw new NotFound("Класс или предмет не найден");
    const work = await tx.diagnosticWork.create({
      data: {
        schoolId: actor.schoolId,
        yearId,
        classId: cls.id,
        subjectId: subject.id,
        kind: input.kind,
        title: input.title,
        date: input.date,
        maxScore: input.maxScore,
        score3: input.score3,
        score4: input.score4,
        score5: input.score5,
        createdById: actor.userId,
      },
    });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "diagnostic-work",
      entityId: work.id,
      action: "create",
      newValue: { class: className(cls), subject: subject.name, kind: input.kind, date: isoDate(input.date), maxScore: input.maxScore },
    });
    return work.id;
  });
}

/** The pupils of the work's class on its date, in order (the rows of the results form). */
async function pupilsOf(db: Db, work: { schoolId: number; classId: number; date: Date }) {
  const members = await db.classMembership.findMany({
    where: { schoolId: work.schoolId, classId: work.classId, fromDate: { lte: work.date }, OR: [{ toDate: null }, { toDate: { gte: work.date } }] },
    select: { studentId: true, student: { select: { person: true } } },
  });
  const seen = new Set<number>();
  return members
    .filter((m) => !seen.has(m.studentId) && !!seen.add(m.studentId))
    .map((m) => ({ studentId: m.studentId, person: m.student.person, name: fullName(m.student.person) }))
    .sort((a, b) => compareNames(a.person, b.person));
}

/** A work with its pupils and their results; NotFound outside the actor's reach. */
export async function workPage(actor: Actor, id: number) {
  const work = await findWork(prisma, actor, id, "view");
  const [cls, subject, pupils, results, canEdit] = await Promise.all([
    prisma.schoolClass.findUniqueOrThrow({ where: { id: work.classId } }),
    prisma.subject.findUniqueOrThrow({ where: { id: work.subjectId }, select: { name: true } }),
    pupilsOf(prisma, work),
    prisma.diagnosticResult.findMany({ where: { workId: work.id } }),
    diagnosticReach(actor, "update", work.yearId).then((r) => reachesWork(r, work)),
  ]);
  const by = new Map(results.map((r) => [r.studentId, r]));
  return {
    work,
    className: className(cls),
    subject: subject.name,
    canEdit,
    rows: pupils.map((p) => ({ studentId: p.studentId, name: p.name, score: by.get(p.studentId)?.score ?? null, mark: by.get(p.studentId)?.mark ?? null })),
  };
}

/**
 * Saves the scores of the form (score-<studentId>; empty = did not write) in one transaction, the mark from the
 * work's scale. A score outside 0..max is a ValidationError beside its field; a pupil who is not in the class on
 * the work's date is a NotFound (a crafted form). Audited as one entry. Returns how many pupils have a result.
 */
export async function saveResults(actor: Actor, id: number, scores: Map<number, string>): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const work = await findWork(tx, actor, id, "update");
    await lockWritableYear(tx, actor.schoolId, work.yearId);
    const pupils = new Set((await pupilsOf(tx, work)).map((p) => p.studentId));
    const errors: FieldErrors = {};
    const parsed = new Map<number, number | null>();
    for (const [studentId, raw] of scores) {
      if (!pupils.has(studentId)) throw new NotFound("Ученик не найден");
      const v = raw.trim();
      if (v === "") parsed.set(studentId, null);
      else if (!/^\d{1,4}$/.test(v) || Number(v) > work.maxScore) errors[`score-${studentId}`] = `Балл — целое число от 0 до ${work.maxScore}`;
      else parsed.set(studentId, Number(v));
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const before = await tx.diagnosticResult.findMany({ where: { workId: work.id } });
    const old = new Map(before.map((r) => [r.studentId, r.score]));
    const changes: { studentId: number; from: number | null; to: number | null }[] = [];
    for (const [studentId, score] of parsed) {
      const was = old.get(studentId) ?? null;
      if (was === score) continue;
      changes.push({ studentId, from: was, to: score });
      if (score === null) await tx.diagnosticResult.deleteMany({ where: { workId: work.id, studentId } });
      else
        await tx.diagnosticResult.upsert({
          where: { workId_studentId: { workId: work.id, studentId } },
          create: { schoolId: actor.schoolId, workId: work.id, studentId, score, mark: markOfScore(work, score) },
          update: { score, mark: markOfScore(work, score) },
        });
    }
    if (changes.length)
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "diagnostic-result",
        entityId: work.id,
        action: "update",
        newValue: { changes },
      });
    return tx.diagnosticResult.count({ where: { workId: work.id } });
  });
}

/** Deletes a work with its results (a work entered by mistake), in one transaction; audited with what it held. NotFound outside the reach. */
export async function deleteWork(actor: Actor, id: number): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const work = await findWork(tx, actor, id, "delete");
    await lockWritableYear(tx, actor.schoolId, work.yearId);
    const results = await tx.diagnosticResult.count({ where: { workId: work.id } });
    await tx.diagnosticWork.delete({ where: { id: work.id } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "diagnostic-work",
      entityId: work.id,
      action: "delete",
      oldValue: { classId: work.classId, subjectId: work.subjectId, kind: work.kind, date: isoDate(work.date), results },
    });
    return work.yearId;
  });
}
