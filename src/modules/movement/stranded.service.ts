/**
 * A backdated transfer or withdrawal (R-REG-3) would leave the pupil's entries in the old class's journal on
 * and after the order's date — marks and attendance of lessons after the pupil left, and the period and
 * year finals of periods not over by then. The order form lists them and the registrar decides:
 *   refuse  the order is not saved (the message says so; the refusal is audited);
 *   keep    the order is saved and the entries stay where they are, as entries «из другого класса».
 * Data shape: Mark, Attendance and FinalMark rows are not moved or copied. The journal's figures count a
 * mark only while its pupil is a member of the lesson's class on the lesson day (journal.service
 * memberOnLessonDay), so kept marks leave the old class's averages and the monthly check by themselves,
 * and the new class's journal lists them read-only with the old class's name. The order's stored
 * changes record the kept ids and the audit the decision.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { className } from "../../lib/names.ts";
import { isoDate } from "../../lib/dates.ts";
import { ATTENDANCE_LABELS } from "../journal/journal.service.ts";

export type StrandedDecision = "refuse" | "keep";

export interface StrandedEntry {
  kind: "mark" | "attendance" | "final";
  id: number;
  /** The lesson day; for a final mark, the period's last day (null: the year mark). */
  date: Date | null;
  subject: string;
  /** The mark, the absence code (Н, Б, …), or the final mark with its period. */
  value: string;
}

const SQL = `
SELECT 'mark' AS kind, m.id, l.date, s.name AS subject, m.value::text || coalesce(' (' || t."shortName" || ')', '') AS value, l.number, 1 AS ord
  FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" JOIN "Subject" s ON s.id = l."subjectId"
  LEFT JOIN "LessonWork" w ON w.id = m."workId" LEFT JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
 WHERE m."schoolId" = $1 AND m."studentId" = $2 AND l."classId" = $3 AND l.date >= $4::date
UNION ALL
SELECT 'attendance', a.id, l.date, s.name, a.code::text, l.number, 2
  FROM "Attendance" a JOIN "Lesson" l ON l.id = a."lessonId" JOIN "Subject" s ON s.id = l."subjectId"
 WHERE a."schoolId" = $1 AND a."studentId" = $2 AND l."classId" = $3 AND l.date >= $4::date
UNION ALL
SELECT 'final', f.id, p."endDate", s.name, f.value || CASE WHEN f.kind = 'YEAR' THEN ' за год' ELSE ' за ' || p.number || '-й период' END, 99, 3
  FROM "FinalMark" f JOIN "Subject" s ON s.id = f."subjectId" LEFT JOIN "StudyPeriod" p ON p.id = f."periodId"
 WHERE f."schoolId" = $1 AND f."studentId" = $2 AND f."yearId" = (SELECT c."yearId" FROM "SchoolClass" c WHERE c.id = $3)
   AND ((f.kind = 'PERIOD' AND p."endDate" >= $4::date) OR f.kind = 'YEAR')
 ORDER BY 3 NULLS LAST, 6, 4, 7, 2`;

/** The pupil's entries in the class's journal on and after `from` (the order's effective day), in date order. */
export async function strandedEntries(db: Db, schoolId: number, studentId: number, classId: number, from: Date): Promise<StrandedEntry[]> {
  type Raw = { kind: StrandedEntry["kind"]; id: number; date: Date | null; subject: string; value: string };
  const raw = await db.$queryRawUnsafe<Raw[]>(SQL, schoolId, studentId, classId, isoDate(from));
  return raw.map((r) => ({
    ...r,
    value: r.kind === "attendance" ? (ATTENDANCE_LABELS[r.value as keyof typeof ATTENDANCE_LABELS] ?? r.value) : r.value,
  }));
}

/** The ids kept as entries «из другого класса», by kind (stored in the order's changes and the audit). */
export function keptIds(entries: readonly StrandedEntry[]) {
  const ids = (k: StrandedEntry["kind"]) => entries.filter((e) => e.kind === k).map((e) => e.id);
  return { marks: ids("mark"), attendance: ids("attendance"), finals: ids("final") };
}

/**
 * For the order form: the entries a transfer or withdrawal of the pupil from `effectiveDate` would leave in
 * the class the pupil is in on that day, with the class's name; null when there is no such class (the
 * service re-reads them inside its transaction).
 */
export async function strandedPreview(
  actor: Actor,
  input: { kind: string; studentId: number | null; effectiveDate: Date },
): Promise<{ className: string; entries: StrandedEntry[] } | null> {
  if ((input.kind !== "TRANSFER" && input.kind !== "WITHDRAW") || !input.studentId) return null;
  const D = input.effectiveDate;
  const m = await prisma.classMembership.findFirst({
    where: { schoolId: actor.schoolId, studentId: input.studentId, fromDate: { lte: D }, OR: [{ toDate: null }, { toDate: { gte: D } }] },
    include: { class: true },
  });
  if (!m) return null;
  return { className: className(m.class), entries: await strandedEntries(prisma, actor.schoolId, input.studentId, m.classId, D) };
}
