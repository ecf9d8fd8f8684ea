/**
 * The lesson page (works without JavaScript): the lesson's details and a sheet with every
 * student's attendance and marks, saved all at once — all or nothing (R-JRN-1).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { marklessReason } from "../../lib/grading.ts";
import { fullName, shortName } from "../../lib/names.ts";
import { field, type FieldErrors } from "../../lib/validation.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { listAssignmentTypes } from "./assignment-types.service.ts";
import { writeAttendance, writeAttendanceTaken } from "./attendance.service.ts";
import { cellKey, lessonForEdit, onField, rosterSpans } from "./journal.context.ts";
import { canEditLessonDetails, canOverride, canSeeHistory, canSetSubstitute, decideLessonEdit, isLocked, marksAllowed, wasMemberOn } from "./journal.policy.ts";
import { attendanceCode, markValue } from "./journal.schemas.ts";
import { pgTransaction } from "./journal.sql.ts";
import { accessOf, correctedCells, rosterWithNames } from "./grid.service.ts";
import { substituteOptions } from "./lessons.service.ts";
import { writeMark } from "./marks.service.ts";
import { planTopicsAt } from "../planning/planning.service.ts";

/**
 * Everything the lesson page shows, with the topics of the journal's approved plan and the next one
 * for this lesson (R-JRN-11, one query); NotFound for another school's lesson.
 */
export async function getLessonPage(actor: Actor, lessonId: number, now: Date = today()) {
  const facts = await lessonForEdit(prisma, actor, lessonId);
  const j = { classId: facts.classId, subgroupId: facts.subgroupId };
  const [lesson, roster, marks, attendance, types, teachers, plan] = await Promise.all([
    prisma.lesson.findUniqueOrThrow({
      where: { id: lessonId },
      include: {
        class: true,
        subject: true,
        subgroup: true,
        works: { include: { assignmentType: true } },
        teacher: { select: { lastName: true, firstName: true, middleName: true } },
        substitute: { select: { lastName: true, firstName: true, middleName: true } },
      },
    }),
    rosterWithNames(actor.schoolId, j, facts.date, facts.date),
    prisma.mark.findMany({ where: { lessonId }, select: { studentId: true, workId: true, value: true, comment: true } }),
    prisma.attendance.findMany({ where: { lessonId }, select: { studentId: true, code: true } }),
    listAssignmentTypes(actor.schoolId, true),
    canSetSubstitute(actor) ? substituteOptions(prisma, actor.schoolId) : Promise.resolve([]),
    planTopicsAt(actor.schoolId, { classId: facts.classId, subjectId: facts.subjectId, subgroupId: facts.subgroupId }, { lessonId }),
  ]);
  const works = [...lesson.works].sort((a, b) => a.assignmentType.sortOrder - b.assignmentType.sortOrder || a.id - b.id);
  const fallback = types.find((t) => !t.archived);
  const cols = works.length
    ? works.map((w) => ({ typeId: w.assignmentTypeId, workId: w.id, name: w.assignmentType.name, topic: w.topic }))
    : fallback
      ? [{ typeId: fallback.id, workId: null as number | null, name: fallback.name, topic: null as string | null }]
      : [];
  const students = roster.filter((s) => wasMemberOn(s.spans, facts.date));
  const keys = students.flatMap((s) => [cellKey.attendance(lessonId, s.id), ...cols.map((c) => cellKey.mark(lessonId, s.id, c.typeId))]);
  const history = await correctedCells(actor.schoolId, ["mark", "attendance"], keys);
  const markOf = new Map(marks.map((m) => [`${m.workId}:${m.studentId}`, m]));
  const attOf = new Map(attendance.map((a) => [a.studentId, a.code]));
  return {
    lesson,
    facts,
    plan,
    cols,
    teacher: fullName(lesson.teacher),
    substitute: lesson.substitute ? fullName(lesson.substitute) : null,
    rows: students.map((s) => ({
      id: s.id,
      name: fullName(s.person),
      att: attOf.get(s.id) ?? null,
      attHist: history.has(`attendance|${cellKey.attendance(lessonId, s.id)}`),
      marks: cols.map((c) => {
        const m = c.workId ? markOf.get(`${c.workId}:${s.id}`) : undefined;
        return { typeId: c.typeId, v: m?.value ?? null, c: m?.comment ?? null, h: history.has(`mark|${cellKey.mark(lessonId, s.id, c.typeId)}`) };
      }),
    })),
    types: types.filter((t) => !t.archived || works.some((w) => w.assignmentTypeId === t.id)),
    teachers: teachers.map((t) => ({ value: t.id, label: shortName(t) })).sort((a, b) => a.label.localeCompare(b.label, "ru")),
    /** Issue 23: «Обучение без отметок: …» where marks are not used (the page shows it instead of mark columns). */
    marklessNote: marklessReason(facts),
    marksAccess: marksAllowed(facts) ? accessOf(decideLessonEdit(actor, facts, facts.ownLoad, "marks", now, facts.lockDays)) : "ro",
    attAccess: accessOf(decideLessonEdit(actor, facts, facts.ownLoad, "attendance", now, facts.lockDays)),
    canEditDetails: canEditLessonDetails(actor, facts, facts.ownLoad),
    canSetSubstitute: canSetSubstitute(actor) && facts.yearStatus !== "CLOSED",
    canSeeHistory: canSeeHistory(actor),
    canOverride: canOverride(actor),
    locked: isLocked(facts.date, now, facts.lockDays),
    future: facts.date > now,
    hasData: marks.length + attendance.length > 0,
  };
}

const reasonField = field.optionalText(500);

/**
 * Saves the lesson sheet form: `att_<studentId>` (Н/Б/УП/НП/ОП or empty) and
 * `mark_<assignmentTypeId>_<studentId>` (1–5 or empty) with `comment_<typeId>_<studentId>`;
 * fields absent from the form, and cells whose posted value is the stored one, are left as
 * they are (and need no rights). Every value is checked before anything is written
 * (ValidationError with the field names); then the changed cells go one by one through the
 * cells' writers (writeAttendance, writeMark) in one transaction — all or nothing, each change
 * audited, the rules re-asserted on the locked lesson — and the attendance is stamped as taken.
 * Returns the number of changed cells.
 */
export async function saveLessonSheet(actor: Actor, lessonId: number, body: Record<string, unknown>, now: Date = today()): Promise<number> {
  const lesson = await lessonForEdit(prisma, actor, lessonId);
  const reasonParsed = reasonField.safeParse(body.reason);
  if (!reasonParsed.success) throw new ValidationError({ reason: reasonParsed.error.issues[0]!.message });
  const reason = reasonParsed.data;
  const [spans, marks, attendance, works, types] = await Promise.all([
    rosterSpans(prisma, actor.schoolId, lesson, null, { from: lesson.date, to: lesson.date }),
    prisma.mark.findMany({ where: { lessonId }, select: { studentId: true, value: true, comment: true, work: { select: { assignmentTypeId: true } } } }),
    prisma.attendance.findMany({ where: { lessonId }, select: { studentId: true, code: true } }),
    prisma.lessonWork.findMany({ where: { lessonId }, select: { assignmentTypeId: true } }),
    listAssignmentTypes(actor.schoolId, false),
  ]);
  const members = [...spans.keys()].filter((id) => wasMemberOn(spans.get(id)!, lesson.date));
  const typeIds = works.length ? works.map((w) => w.assignmentTypeId) : types.slice(0, 1).map((t) => t.id);
  const markOf = new Map(marks.map((m) => [`${m.work.assignmentTypeId}:${m.studentId}`, m]));
  const attOf = new Map(attendance.map((a) => [a.studentId, a.code]));

  const errors: FieldErrors = {};
  const attChanges: { field: string; studentId: number; code: AttendanceCode | null }[] = [];
  const markChanges: { field: string; studentId: number; assignmentTypeId: number; value: number | null; comment: string | null }[] = [];
  for (const studentId of members) {
    const attName = `att_${studentId}`;
    if (body[attName] !== undefined) {
      const p = attendanceCode.safeParse(body[attName]);
      if (!p.success) errors[attName] = p.error.issues[0]!.message;
      else if (p.data !== (attOf.get(studentId) ?? null)) attChanges.push({ field: attName, studentId, code: p.data });
    }
    for (const typeId of typeIds) {
      const name = `mark_${typeId}_${studentId}`;
      if (body[name] === undefined) continue;
      const v = markValue.safeParse(body[name]);
      const c = field.optionalText(500).safeParse(body[`comment_${typeId}_${studentId}`]);
      if (!v.success) errors[name] = v.error.issues[0]!.message;
      if (!c.success) errors[`comment_${typeId}_${studentId}`] = c.error.issues[0]!.message;
      if (!v.success || !c.success) continue;
      const old = markOf.get(`${typeId}:${studentId}`);
      const comment = v.data === null ? null : c.data;
      if ((old?.value ?? null) !== v.data || (old && (old.comment ?? null) !== comment))
        markChanges.push({ field: name, studentId, assignmentTypeId: typeId, value: v.data, comment });
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const touchesAttendance = Object.keys(body).some((k) => k.startsWith("att_"));
  return pgTransaction(async (c) => {
    if (touchesAttendance) await writeAttendanceTaken(c, actor, lessonId, reason, now);
    let changed = 0;
    for (const { field: name, ...cell } of attChanges)
      if ((await onField(name, () => writeAttendance(c, actor, lessonId, { ...cell, reason }, now))).changed) changed++;
    for (const { field: name, ...cell } of markChanges)
      if ((await onField(name, () => writeMark(c, actor, lessonId, { ...cell, reason }, now))).changed) changed++;
    return changed;
  });
}
