/** The monthly check's figures as table cells: the same on the page, in the PDF and the spreadsheet. */
import { pct } from "./reports.common.ts";
import { perStudent, type CheckFigures } from "./check.service.ts";

/** Why «Без д/з» shows «—»: the hint under the check's tables. */
export const NO_HOMEWORK_NOTE =
  "«—» в «Без д/з»: в классе домашние задания не задаются (1-й класс — по СанПиН 1.2.3685-21, а также классы, обучающиеся без отметок), уроки без них не считаются.";

/** NO_HOMEWORK_NOTE when some of the lines show «—» in «Без д/з», else null. */
export function noHomeworkNote(lines: readonly CheckFigures[]): string | null {
  return lines.some((f) => f.homeworkSet === false) ? NO_HOMEWORK_NOTE : null;
}

/** «Без д/з» as text: «—» where homework is not set (1st grade, grading.ts homeworkExpected). */
export function noHomeworkCell(f: CheckFigures): string {
  return f.homeworkSet === false ? "—" : String(f.noHomework);
}

/** The figures of one journal line as text, the same on the page, in the PDF and the spreadsheet. */
export function figureCells(f: CheckFigures): string[] {
  return [
    String(f.planned),
    String(f.lessons),
    String(f.noTopic),
    noHomeworkCell(f),
    String(f.noAttendance),
    String(f.marks),
    perStudent(f),
    f.students ? `${f.noMark} (${pct(f.noMark, f.students)})` : "—",
    f.students ? `${f.oneMark} (${pct(f.oneMark, f.students)})` : "—",
    String(f.lateControl),
    String(f.lateOther),
    String(f.lateTopic),
    f.homeworkSet === false ? "—" : String(f.lateHomework),
    String(f.edits),
  ];
}

/** Which of figureCells() show a problem (highlighted on the page): fewer lessons than planned, gaps, few marks, late marks, corrections. */
export function figureWarnings(f: CheckFigures): boolean[] {
  return [
    false,
    f.lessons < f.planned,
    f.noTopic > 0,
    f.noHomework > 0,
    f.noAttendance > 0,
    false,
    false,
    f.noMark > 0,
    f.oneMark > 0,
    f.lateControl > 0,
    f.lateOther > 0,
    f.lateTopic > 0,
    f.lateHomework > 0,
    f.edits > 0,
  ];
}
