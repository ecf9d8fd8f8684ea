/** The student and parent diary: week view, marks page, statistics (/diary) and weekly printouts. */
import { Router, type Request } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { attempt, idParam, queryId } from "../../lib/http.ts";
import { formatAverage } from "../journal/journal.service.ts";
import { dateQuery, diaryStudents, parseRange, pickDiaryStudent } from "./diary.common.ts";
import { getDiaryWeek } from "./diary.week.ts";
import { studentWeekEvents } from "../events/events.service.ts";
import { getMarksPage } from "./diary.marks.ts";
import { giaResultsForStudent } from "../students/gia.service.ts";
import { academicDebtsForStudent } from "../year-close/year-close.service.ts";
import { getDiaryStats } from "./diary.stats.ts";
import { selectYear, yearQuery } from "../setup/year-select.service.ts";
import { diaryPrintRouter } from "./diary-print.routes.ts";
import { ATTENDANCE, MARKLESS, TEXT, dayMonth, placeText } from "./diary.text.ts";
import { getDiaryAssessments } from "./diary.assessments.ts";
import { ASSESSMENT_TEXT, schedulePdf, schedulePdfName } from "../planning/planning.service.ts";
import { sendPdf } from "../../lib/pdf.ts";
import { fromReplica } from "../../lib/replica.ts";
import {
  ABSENCE_COLUMNS,
  CARD_TEXT,
  absenceRows,
  cardDates,
  cardSubtitle,
  familyReportCard,
  reportCardsFileName,
  reportCardsPdf,
  subjectColumns,
  subjectRows,
} from "../reports/report-card.service.ts";

export const diaryRouter = Router();
const page = { styles: ["/static/css/diary.css"], scripts: ["/static/js/diary.js"] };
const helpers = { formatAverage, dayMonth, placeText, ATTENDANCE, MARKLESS };
const cardView = { T: CARD_TEXT, cardDates, cardSubtitle, subjectColumns, subjectRows, ABSENCE_COLUMNS, absenceRows };

diaryRouter.use(diaryPrintRouter);

/** An optional ?name= id: null when absent or empty, 404 for anything but an id (a guessed id shows nothing). */
function optionalQueryId(req: Request, name: string): number | null {
  if (req.query[name] === undefined || req.query[name] === "") return null;
  const id = queryId(req, name);
  if (id === null) throw new NotFound();
  return id;
}

/** /diary: a student's own diary; a parent's children, switched with ?student=ID (R-ACL-1: others 404). */
diaryRouter.get("/", requirePermission("diary", "view"), async (req, res) => {
  const students = await diaryStudents(actorOf(req));
  if (!students.length) return res.page("diary/none", { title: TEXT.diary, text: TEXT.noStudents, ...page });
  const asked = queryId(req, "student");
  const chosen = req.query.student === undefined ? students[0]! : students.find((s) => s.id === asked);
  if (!chosen) throw new NotFound();
  res.redirect(`/diary/${chosen.id}/week`);
});

diaryRouter.get(
  "/:studentId/week",
  requirePermission("diary", "view"),
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const now = today(); // once per request: Intl formatting is not free
    const week = await getDiaryWeek(actor, idParam(req, "studentId"), dateQuery(req.query.date, now), now);
    // Issue 18: the pupil's (and for a parent the parents') events of the week, beside the lessons.
    const events = await studentWeekEvents(actor, week.student.id, week.monday, week.saturday);
    res.page("diary/week", {
      title: `${TEXT.diary}: ${week.student.name}`,
      week,
      eventsOn: (day: Date) => events.filter((o) => o.date <= day && o.endDate >= day),
      students: week.students,
      tab: "week",
      todayIso: isoDate(now),
      ...helpers,
      ...page,
    });
  }),
);

diaryRouter.get(
  "/:studentId/marks",
  requirePermission("diary", "view"),
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const periodId = optionalQueryId(req, "period");
    const students = await diaryStudents(actor);
    // Issue 7: ?year=<id> shows a past year's periods and marks (the class the student was in that year).
    const { year, years } = await selectYear(req, actor.schoolId, yearQuery(req) !== null);
    const yearId = yearQuery(req) !== null && year ? year.id : null;
    const marks = await getMarksPage(actor, idParam(req, "studentId"), periodId, today(), students, yearId);
    // GIA results as soon as they are entered (R-REG-8); getMarksPage has checked the family scope.
    const gia = await giaResultsForStudent(actor.schoolId, marks.student.id);
    // Issue 17 (003 §2.13.3): academic debts of a conditional promotion, with their deadline, until liquidated.
    const academicDebts = await academicDebtsForStudent(actor.schoolId, marks.student.id);
    res.page("diary/marks", {
      title: `Оценки: ${marks.student.name}`,
      marks,
      gia,
      academicDebts,
      students,
      tab: "marks",
      years,
      year,
      yearId,
      ...helpers,
      ...page,
    });
  }),
);

/** R-DRY-2: statistics for a chosen range of dates; a bad date re-renders the form with 422. */
diaryRouter.get(
  "/:studentId/stats",
  requirePermission("diary", "view"),
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const students = await diaryStudents(actor);
    const student = pickDiaryStudent(actor, students, idParam(req, "studentId"));
    const view = { title: `Статистика: ${student.name}`, student, students, tab: "stats", ...helpers, ...page };
    const range = parseRange(req.query);
    if (!range.ok) return res.page("diary/stats", { ...view, stats: null, values: range.values, errors: range.errors }, 422);
    const stats = await attempt(() => getDiaryStats(actor, student.id, range.from, range.to, today(), student));
    if (!stats.ok) return res.page("diary/stats", { ...view, stats: null, values: range.values, errors: stats.errors }, 422);
    res.page("diary/stats", { ...view, stats: stats.value, values: range.values });
  }),
);

/** R-PLN-6: «График оценочных процедур» of the student's own class, only when published (others 404). */
diaryRouter.get("/:studentId/assessments", requirePermission("assessment-schedule", "view"), async (req, res) => {
  const actor = actorOf(req);
  const students = await diaryStudents(actor);
  const student = pickDiaryStudent(actor, students, idParam(req, "studentId"));
  const data = await getDiaryAssessments(actor, student, optionalQueryId(req, "period"), today());
  const styles = [...page.styles, "/static/css/assessments.css"];
  res.page("diary/assessments", {
    title: `Оценочные процедуры: ${student.name}`,
    data,
    student,
    students,
    tab: "assessments",
    TEXT: ASSESSMENT_TEXT,
    ...page,
    styles,
  });
});

diaryRouter.get("/:studentId/assessments/pdf", requirePermission("assessment-schedule", "view"), async (req, res) => {
  const actor = actorOf(req);
  const student = pickDiaryStudent(actor, await diaryStudents(actor), idParam(req, "studentId"));
  const { schedule } = await getDiaryAssessments(actor, student, optionalQueryId(req, "period"), today());
  if (!schedule) throw new NotFound();
  const pdf = await schedulePdf({ schoolName: actor.schoolName, ...schedule });
  sendPdf(res, pdf, schedulePdfName(schedule.cls, schedule.period));
});

/** «Табель» (issue 17, R-DRY-6): the own card, for the periods (and the year) whose finals are entered (R-DRY-4); others 404. */
diaryRouter.get(
  "/:studentId/report-card",
  requirePermission("report-card", "view"),
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const students = await diaryStudents(actor);
    const student = pickDiaryStudent(actor, students, idParam(req, "studentId"));
    const data = await familyReportCard(actor, student.id, req.query.period);
    res.page("diary/report-card", { title: `${CARD_TEXT.title}: ${student.name}`, data, student, students, tab: "report-card", ...cardView, ...page });
  }),
);

diaryRouter.get(
  "/:studentId/report-card/pdf",
  requirePermission("report-card", "view"),
  fromReplica(async (req, res) => {
    const actor = actorOf(req);
    const { card } = await familyReportCard(actor, idParam(req, "studentId"), req.query.period);
    if (!card) throw new NotFound();
    sendPdf(res, await reportCardsPdf(actor.schoolName, [card]), reportCardsFileName(card.className, card.period, card.name));
  }),
);
