/**
 * The diary's exports for other modules (the web API for apps, issue 21): the week a family sees
 * (R-DRY-1), the students the actor may switch between and the rule that decides it (R-ACL-1).
 */
export { getDiaryWeek, type DiaryLesson, type DiaryMark, type DiaryWeek } from "./diary.week.ts";
export { diaryStudents, mondayOf, type DiaryStudent } from "./diary.common.ts";
export { canViewDiary } from "./diary.policy.ts";
