/**
 * Безотметочное обучение (issue 23): the grades a school teaches without marks (School.ungradedGrades,
 * by default the 1st, set on «Настройки школы») and the subjects graded «без отметок»
 * (Subject.gradingMode NONE, e.g. ОРКСЭ, set on «Предметы»). There the journal takes no lesson and no
 * final marks, the diary says so in a sentence instead of a table of dashes, and no report or
 * pre-close check counts such a class-subject as missing marks. One rule, used everywhere.
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
