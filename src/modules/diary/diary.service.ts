/**
 * What other modules use of the diary (the JSON API and the web API for apps, issue 21): the week a
 * family sees (R-DRY-1), the marks of a period, the students the actor may switch between and the rule
 * that decides it (R-ACL-1: NotFound).
 */
export { diaryStudents, mondayOf, type DiaryStudent } from "./diary.common.ts";
export { getDiaryWeek, type DiaryLesson, type DiaryMark, type DiaryWeek } from "./diary.week.ts";
export { getMarksPage, type MarksPage, type PeriodOption } from "./diary.marks.ts";
export { canViewDiary } from "./diary.policy.ts";
