/**
 * What other modules use of the diary (the JSON API, issue 21): the week, the marks of a period and
 * the students whose diary the actor may open. Each checks access itself (R-ACL-1: NotFound).
 */
export { diaryStudents, type DiaryStudent } from "./diary.common.ts";
export { getDiaryWeek, type DiaryWeek } from "./diary.week.ts";
export { getMarksPage, type MarksPage, type PeriodOption } from "./diary.marks.ts";
