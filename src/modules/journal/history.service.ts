/**
 * The history of one journal cell (a mark, an attendance entry, a final mark) from the audit
 * log: who, when, old → new, reason. Deputies and administrators only (can view audit).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { formatDate } from "../../lib/dates.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { fullName } from "../../lib/names.ts";
import { ATTENDANCE_LABELS } from "./journal.text.ts";
import { cellKey } from "./journal.context.ts";
import { canSeeHistory } from "./journal.policy.ts";

export type HistoryCell =
  | { kind: "mark"; lessonId: number; studentId: number; assignmentTypeId: number }
  | { kind: "attendance"; lessonId: number; studentId: number }
  | { kind: "final-mark"; studentId: number; subjectId: number; yearId: number; periodId: number | null };

const ACTIONS: Record<string, string> = { create: "выставлено", update: "изменено", delete: "удалено" };

function show(kind: HistoryCell["kind"], v: unknown): string {
  if (!v || typeof v !== "object") return "—";
  const o = v as { value?: number | string | null; code?: string; comment?: string | null };
  if (kind === "attendance") return o.code ? (ATTENDANCE_LABELS[o.code as keyof typeof ATTENDANCE_LABELS] ?? o.code) : "—";
  const text = o.value === undefined || o.value === null ? "—" : `${o.value}`;
  return o.comment ? `${text} («${o.comment}»)` : text;
}

/**
 * The cell's changes, newest first, with a description of the cell. NotFound when the lesson,
 * student, subject or year is not the school's; Forbidden without the right to see the audit.
 */
export async function cellHistory(actor: Actor, cell: HistoryCell) {
  if (!canSeeHistory(actor)) throw new Forbidden();
  const student = await prisma.student.findFirst({ where: { id: cell.studentId, schoolId: actor.schoolId }, include: { person: true } });
  if (!student) throw new NotFound();
  let title: string;
  let key: string;
  if (cell.kind === "final-mark") {
    const subject = await prisma.subject.findFirst({ where: { id: cell.subjectId, schoolId: actor.schoolId } });
    const year = await prisma.academicYear.findFirst({ where: { id: cell.yearId, schoolId: actor.schoolId } });
    if (!subject || !year) throw new NotFound();
    title = `Итоговая отметка (${cell.periodId ? "период" : "год"}), ${subject.name}`;
    key = cellKey.final(cell.studentId, cell.subjectId, cell.yearId, cell.periodId);
  } else {
    const lesson = await prisma.lesson.findFirst({ where: { id: cell.lessonId, schoolId: actor.schoolId }, include: { subject: true } });
    if (!lesson) throw new NotFound();
    if (cell.kind === "mark") {
      const type = await prisma.assignmentType.findFirst({ where: { id: cell.assignmentTypeId, schoolId: actor.schoolId } });
      if (!type) throw new NotFound();
      title = `Отметка «${type.name}», ${lesson.subject.name}`;
      key = cellKey.mark(cell.lessonId, cell.studentId, cell.assignmentTypeId);
    } else {
      title = `Посещаемость, ${lesson.subject.name}`;
      key = cellKey.attendance(cell.lessonId, cell.studentId);
    }
    title += `, урок ${formatDate(lesson.date)}`;
  }
  const entries = await prisma.auditLog.findMany({
    where: { schoolId: actor.schoolId, entity: cell.kind, entityId: key },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    include: { actor: { select: { login: true, person: { select: { lastName: true, firstName: true, middleName: true } } } } },
  });
  return {
    title,
    student: fullName(student.person),
    entries: entries.map((e) => ({
      at: e.at,
      who: e.actor ? fullName(e.actor.person) : "—",
      action: ACTIONS[e.action] ?? e.action,
      from: show(cell.kind, e.oldValue),
      to: show(cell.kind, e.newValue),
      reason: e.reason,
    })),
  };
}
