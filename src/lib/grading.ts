/**
 * Безотметочное обучение (issue 23): the grades a school teaches without marks (School.ungradedGrades,
 * by default the 1st, set on «Настройки школы») and the subjects graded «без отметок»
 * (Subject.gradingMode NONE, e.g. ОРКСЭ, set on «Предметы»). There the journal takes no lesson and no
 * final marks, the diary says so in a sentence instead of a table of dashes, and no report or
 * pre-close check counts such a class-subject as missing marks. One rule, used everywhere.
 * Homework: none in the 1st grade (СанПиН 1.2.3685-21) nor in the school's ungraded grades
 * (homeworkExpected), so no check counts a lesson there as «без д/з».
 */

/** The default of School.ungradedGrades: first grade is taught without marks. */
export const DEFAULT_UNGRADED_GRADES: readonly number[] = [1];

export interface GradingFacts {
  grade: number;
  /** Subject.gradingMode: MARKS, PASS_FAIL or NONE. */
  gradingMode: string;
  /** School.ungradedGrades. */
  ungradedGrades: readonly number[] | null;
}

/** The grade is taught without marks by the school's setting. */
export function isUngradedGrade(grade: number, ungradedGrades: readonly number[] | null): boolean {
  return (ungradedGrades ?? DEFAULT_UNGRADED_GRADES).includes(grade);
}

/** Marks (lesson and final) are used for this class and subject. */
export function marksUsed(f: GradingFacts): boolean {
  return !isUngradedGrade(f.grade, f.ungradedGrades) && f.gradingMode !== "NONE";
}

/** СанПиН 1.2.3685-21 (table 6.6): no homework in the 1st grade, whatever the school's marks setting. */
export const GRADES_WITHOUT_HOMEWORK_BY_LAW: readonly number[] = [1];

/**
 * The grades where homework is not set: the 1st (СанПиН 1.2.3685-21) and every grade the school
 * teaches without marks (School.ungradedGrades). The list form of homeworkExpected, for SQL
 * (`c.grade <> ALL($n::int[])`); sorted, without repeats.
 */
export function gradesWithoutHomework(ungradedGrades: readonly number[] | null): number[] {
  return [...new Set([...GRADES_WITHOUT_HOMEWORK_BY_LAW, ...(ungradedGrades ?? DEFAULT_UNGRADED_GRADES)])].sort((a, b) => a - b);
}

/**
 * Homework is set in this grade (issue 23): not in the 1st grade (СанПиН 1.2.3685-21, table 6.6)
 * nor in a grade the school teaches without marks. Where it is not, a lesson without homework is
 * no gap — the monthly check, the teacher's «Сегодня» and home page and the deputy's home page do
 * not count it — and the demo journal gives none. Subjects are not exempt (a lesson of any subject
 * may have homework). One rule, used everywhere.
 */
export function homeworkExpected(grade: number, ungradedGrades: readonly number[] | null): boolean {
  return !gradesWithoutHomework(ungradedGrades).includes(grade);
}

/** «1-х», «1-х и 2-х», «1–4-х»: grades in the genitive plural, for «в … классах». */
export function gradesText(grades: readonly number[]): string {
  const sorted = [...new Set(grades)].sort((a, b) => a - b);
  if (!sorted.length) return "";
  const runs: [number, number][] = [];
  for (const g of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === g - 1) last[1] = g;
    else runs.push([g, g]);
  }
  const parts = runs.flatMap(([a, b]) => (a === b ? [`${a}-х`] : b === a + 1 ? [`${a}-х`, `${b}-х`] : [`${a}–${b}-х`]));
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} и ${parts[parts.length - 1]}`;
}

/**
 * Why marks are not used, as a plain Russian sentence, or null when they are:
 * «Обучение без отметок: в 1-х классах отметки не ставятся.»,
 * «Обучение без отметок: предмет «ОРКСЭ» изучается без отметок.»
 */
export function marklessReason(f: GradingFacts & { subjectName: string }): string | null {
  if (isUngradedGrade(f.grade, f.ungradedGrades)) return `Обучение без отметок: в ${f.grade}-х классах отметки не ставятся.`;
  if (f.gradingMode === "NONE") return `Обучение без отметок: предмет «${f.subjectName}» изучается без отметок.`;
  return null;
}
