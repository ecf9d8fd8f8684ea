/** The monthly check's figures as table cells: the same on the page, in the PDF and the spreadsheet. */
import { pct } from "./reports.common.ts";
import { perStudent, type CheckFigures } from "./check.service.ts";

/** The figures of one journal line as text, the same on the page, in the PDF and the spreadsheet. */
export function figureCells(f: CheckFigures): string[] {
  return [
    String(f.planned),
    String(f.lessons),
    String(f.noTopic),
    String(f.noHomework),
    String(f.noAttendance),
    String(f.marks),
    perStudent(f),
    f.students ? `${f.noMark} (${pct(f.noMark, f.students)})` : "—",
    f.students ? `${f.oneMark} (${pct(f.oneMark, f.students)})` : "—",
    String(f.lateControl),
    String(f.lateOther),
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
    f.edits > 0,
  ];
}
