/**
 * The planning module's service API: what other modules (the journal, the schedule's «Сегодня»,
 * the reports, the seed) call. Modules reach planning only through this file.
 *
 * The journal follows the plan (plan-topics.ts and plan-pace.ts, R-JRN-11, R-JRN-10)
 *   planTopicsAt(schoolId, journal, { lessonId } | { date })   the plan's topics with the next one for a lesson
 *   resolvePlanTopic(db, schoolId, journal, input, lesson)     checks and applies the chosen topic when saving
 *   topicForm(plan, types, selectedId), topicPrefill(plan, types)  the lesson form's select and its pre-filled values
 *   workNote(item, types)                                      what a topic's kind of work does to the lesson
 *   journalPace / journalsPace(schoolId, journals, day)        the behind/ahead figure (N planned, M given)
 *   paceText, paceState, paceBadge                             its wording
 *
 * The schedule of assessment procedures (assessments.*.ts, R-PLN-6) for the diary
 *   publishedClassSchedule(schoolId, classId, periodId)        a class's published schedule of a period, null when not published
 *   publishedPeriodIds(schoolId, classId)                      the periods whose schedule the class's families see
 *   schedulePdf(input), schedulePdfName(cls, period)           its PDF
 */
export {
  planTopicsAt,
  resolvePlanTopic,
  workNote,
  topicForm,
  topicPrefill,
  workTypeFor,
  nextTopic,
  type JournalKey,
  type JournalPlanTopics,
  type PlanTopic,
  type LessonTopicFields,
  type WorkType,
  type TopicForm,
} from "./plan-topics.ts";
export { journalPace, journalsPace, journalKey, walkPlan, paceText, paceState, paceBadge, type Pace } from "./plan-pace.ts";

export { publishedClassSchedule, publishedPeriodIds, type PublishedSchedule } from "./assessments.service.ts";
export { schedulePdf, schedulePdfName } from "./assessments.pdf.ts";
export { TEXT as ASSESSMENT_TEXT } from "./assessments.text.ts";
