/**
 * The journal module's service API: what other modules (the diary, reports, the seed and the
 * benchmark) call. Each function takes the signed-in Actor, scopes every query by its school,
 * re-asserts the rules of journal.policy.ts inside its transaction and audits every change of
 * a mark, attendance entry or final mark (old → new, reason).
 *
 * Reading
 *   getGrid(actor, { classId, subjectId, subgroupId, periodId })  the grid of one period (R-JRN-1, R-JRN-8)
 *   getYearSheet(actor, { classId, subjectId, subgroupId })       period finals, forecasts, year mark (R-JRN-7)
 *   listJournals(actor, yearId)                                    the actor's journals and the picker
 *   getLessonPage(actor, lessonId)                                 one lesson with all students
 *   cellHistory(actor, cell)                                       a cell's audit history (deputy, admin)
 *   dailyAttendance / absenceTotals / weeklyCompleteness           class teacher's pages (R-JRN-9, R-JRN-12)
 *
 * Writing (throw NotFound 404, Forbidden 403, Locked 423, ValidationError 422 { field: message })
 *   saveMark(actor, lessonId, { studentId, assignmentTypeId, value: 1..5 | null, comment, reason })
 *   saveAttendance(actor, lessonId, { studentId, code: "ABSENT"|"ILL"|"VALID"|"INVALID"|"LATE"|null, reason })
 *   markAttendanceTaken(actor, lessonId)                           "everyone present" (R-JRN-12)
 *   saveLessonSheet(actor, lessonId, formBody)                     all marks and attendance of a lesson at once
 *   saveFinalMark(actor, journal, { studentId, periodId|null, value, reason })
 *   createLesson(actor, { classId, subjectId, subgroupId }, { date, number, topic, lessonType, homework, homeworkDue, works, planItemId? })
 *     (planItemId: a topic of the journal's approved plan, R-JRN-11 — planning.service.ts resolvePlanTopic)
 *   updateLesson / deleteLesson / setSubstitute
 *   ensureDefaultAssignmentTypes(schoolId[, db])                   the default kinds of work with weights (seed)
 *
 * Pure helpers: weightedAverage, forecast, yearForecast, formatAverage, type Thresholds
 * (journal.calc.ts); the «прогноз 2» rule in SQL and its decision, forecastRiskCtes and
 * failsForecast (journal.forecast.ts); ATTENDANCE_LABELS (journal.text.ts); journalPath(journal, extra, query),
 * the URL of a journal page (journal.http.ts).
 *
 * Marks and attendance have one writer each (writeMark, writeAttendance, writeAttendanceTaken:
 * raw SQL on a client inside a transaction); saveMark, saveAttendance, saveLessonSheet and
 * saveDailyAttendance all go through them.
 *
 * For bulk demo data the seed may write Lesson, LessonWork, Mark and Attendance rows directly
 * (createMany); it must then keep these invariants: Mark.value 1..5 (a CHECK constraint), one
 * LessonWork per lesson and kind of work, a Mark only for a student who was a member of the
 * lesson's class (subgroup) on its date, Lesson.attendanceCheckedAt set for past lessons whose
 * attendance was taken, lessons only on study-period days outside holidays.
 */
export { getGrid, type Grid, type GridQuery } from "./grid.service.ts";
export { getYearSheet, saveFinalMark, saveFinalMarks } from "./finals.service.ts";
export { listJournals } from "./journal-list.service.ts";
export { getLessonPage, saveLessonSheet } from "./lesson-page.service.ts";
export { cellHistory, type HistoryCell } from "./history.service.ts";
export { saveMark, type SavedMark } from "./marks.service.ts";
export { markInput, type MarkInput } from "./journal.schemas.ts";
export { saveAttendance, markAttendanceTaken, type SavedAttendance } from "./attendance.service.ts";
export { lateLessonsSql, journalLateness, type Lateness } from "./journal.timeliness.ts";
export { memberOnLessonDay, otherClassMarks, type OtherClassMark } from "./journal.membership.ts";
export { createLesson, updateLesson, deleteLesson, setSubstitute, checkLessonDate } from "./lessons.service.ts";
export {
  ensureDefaultAssignmentTypes,
  listAssignmentTypes,
  createAssignmentType,
  updateAssignmentType,
  setAssignmentTypeArchived,
  getAssignmentType,
} from "./assignment-types.service.ts";
export { dailyAttendance, saveDailyAttendance, absenceTotals, classForPages } from "./class-attendance.service.ts";
export { weeklyCompleteness, classExemptions, createExemption, deleteExemption } from "./class-checks.service.ts";
export { weightedAverage, forecast, forecastOfSums, yearForecast, formatAverage, type Thresholds } from "./journal.calc.ts";
export { failsForecast, forecastRiskCtes, thresholdsOf, thresholdsSql, type MarkCounts } from "./journal.forecast.ts";
export { ATTENDANCE_LABELS } from "./journal.text.ts";
export { journalPath } from "./journal.http.ts";
