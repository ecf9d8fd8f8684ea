/**
 * Whose marks count in a class's figures (R-JRN-8, R-RPT-1; issue 17): a mark or an attendance entry counts
 * for the lesson's class only while its pupil is a member of that class on the lesson day. Entries left in
 * the old class's journal by a backdated transfer (movement/stranded.service.ts, «из другого класса») are
 * therefore outside the old class's averages and the monthly check, and the new class's journal lists them
 * read-only (otherClassMarks).
 */
import { pgPool } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { className } from "../../lib/names.ts";

/** SQL: the row `entry` (a Mark or Attendance alias) belongs to a member of the lesson `lesson`'s class on its day. */
export const memberOnLessonDay = (entry: string, lesson: string): string =>
  `EXISTS (SELECT 1 FROM "ClassMembership" cmx WHERE cmx."studentId" = ${entry}."studentId" AND cmx."classId" = ${lesson}."classId"
            AND cmx."fromDate" <= ${lesson}.date AND (cmx."toDate" IS NULL OR cmx."toDate" >= ${lesson}.date))`;

export interface OtherClassMark {
  studentId: number;
  date: Date;
  value: number;
  /** The kind of work's short name. */
  work: string | null;
  /** «7Б»: the class whose journal holds the mark. */
  fromClass: string;
}

/**
 * The marks of this class's members in the subject, between two days, entered in another class's journal on a
 * day the pupil already belonged to this class (a backdated transfer kept them): read-only in the journal.
 */
export async function otherClassMarks(schoolId: number, classId: number, subjectId: number, from: Date, to: Date): Promise<OtherClassMark[]> {
  const { rows } = await pgPool().query<{ studentId: number; date: string; value: number; work: string | null; grade: number; letter: string }>(
    `SELECT m."studentId", to_char(l.date, 'YYYY-MM-DD') AS date, m.value, t."shortName" AS work, c.grade, c.letter
       FROM "ClassMembership" cm
       JOIN "Mark" m ON m."studentId" = cm."studentId" AND m."schoolId" = $1
       JOIN "Lesson" l ON l.id = m."lessonId" AND l."subjectId" = $3 AND l."classId" <> $2 AND l.date BETWEEN greatest(cm."fromDate", $4::date) AND least(coalesce(cm."toDate", $5::date), $5::date)
       JOIN "SchoolClass" c ON c.id = l."classId"
       LEFT JOIN "LessonWork" w ON w.id = m."workId" LEFT JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
      WHERE cm."schoolId" = $1 AND cm."classId" = $2 AND NOT ${memberOnLessonDay("m", "l")}
      ORDER BY l.date, l.number NULLS LAST, m.id`,
    [schoolId, classId, subjectId, isoDate(from), isoDate(to)],
  );
  return rows.map((r) => ({ studentId: r.studentId, date: new Date(`${r.date}T00:00:00Z`), value: r.value, work: r.work, fromClass: className(r) }));
}
