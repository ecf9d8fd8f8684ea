/**
 * /journal/lessons: create, edit and delete lessons, the per-lesson sheet (marks and
 * attendance without JavaScript; on a phone one section at a time, `?view=att|<typeId>`),
 * the substitution, and the grid's JSON autosave (the lesson page's lesson.js uses it too):
 *   POST /journal/lessons/:lessonId/marks        { studentId, assignmentTypeId, value, comment?, reason? }
 *   POST /journal/lessons/:lessonId/attendance   { studentId, code, reason? }
 *   POST /journal/lessons/:lessonId/attendance-taken
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { isoDate, parseIsoDate, today } from "../../lib/dates.ts";
import { flash } from "../../lib/views.ts";
import { field, parseForm, parseOrThrow } from "../../lib/validation.ts";
import { newLessonForm } from "./lessons.service.ts";
import {
  createLesson,
  deleteLesson,
  getLessonPage,
  markAttendanceTaken,
  saveAttendance,
  saveLessonSheet,
  saveMark,
  setSubstitute,
  updateLesson,
} from "./journal.service.ts";
import { attendanceInput, lessonInput, markInput, substituteInput, type LessonInput } from "./journal.schemas.ts";
import { bodyOf, formErrors, idParam, json, typed } from "../../lib/http.ts";
import { journalOf, journalPath, reasonOf, scripts, styles } from "./journal.http.ts";
import { ATTENDANCE_LABELS, ATTENDANCE_NAMES } from "./journal.text.ts";
import { lessonTypeNames } from "../references/references.service.ts";
import { topicForm, topicPrefill, type JournalPlanTopics, type WorkType } from "../planning/planning.service.ts";

export const lessonsRouter = Router();
const view = requirePermission("journal", "view");
const update = requirePermission("journal", "update");

/**
 * The lesson form's input with the topics of its kinds of work (`workTopic_<typeId>`, R-JRN-10) and
 * the plan's topic (R-JRN-11): `planItemId` ("" = a topic not of the plan; absent = the form has no
 * plan select, the lesson's link stays) and `planShown`, the topic the form was pre-filled with.
 */
function parseLesson(body: Record<string, unknown>) {
  const parsed = parseForm(lessonInput, body);
  if (!parsed.ok) return parsed;
  const workTopics: Record<number, string | null> = {};
  for (const id of parsed.data.works) {
    const t = field.optionalText(300).safeParse(body[`workTopic_${id}`]);
    if (!t.success) return { ok: false as const, errors: { [`workTopic_${id}`]: t.error.issues[0]!.message } };
    workTopics[id] = t.data;
  }
  const plan: { planItemId?: number | null; planShown?: number | null } = {};
  for (const name of ["planItemId", "planShown"] as const) {
    if (body[name] === undefined) continue;
    const p = field.optionalId().safeParse(body[name]);
    if (!p.success) return { ok: false as const, errors: { planItemId: "Выберите тему из списка" } };
    plan[name] = p.data;
  }
  return { ok: true as const, data: { ...parsed.data, workTopics, ...plan } satisfies LessonInput };
}

/** The plan's select for the form (R-JRN-11), or null when the journal has no approved plan. */
function planForm(plan: JournalPlanTopics | null, types: readonly WorkType[], values: Record<string, unknown>) {
  const selected = Number(values.planItemId);
  return plan ? topicForm(plan, types, Number.isSafeInteger(selected) && selected > 0 ? selected : null) : null;
}

async function newLessonPage(req: Request, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const j = journalOf(req);
  const form = await newLessonForm(actorOf(req), j, parseIsoDate(typeof values.date === "string" ? values.date : "") ?? today());
  // A fresh form starts at the next topic of the plan (R-JRN-11); a form sent back keeps what was typed.
  const start = status === 200 ? { ...values, ...topicPrefill(form.plan, form.types) } : values;
  const plan = planForm(form.plan, form.types, start);
  res.page(
    "journal/lesson-new",
    {
      title: "Новый урок",
      j,
      ...form,
      plan,
      values: start,
      errors,
      LESSON_TYPES: await lessonTypeNames(actorOf(req).schoolId),
      journalPath,
      styles,
      scripts: planScripts,
    },
    status,
  );
}

/** The plan topic's select fills the topic, the lesson type and the kind of work in the browser too (progressive enhancement). */
const planScripts = ["/static/js/plan-topic.js"];

lessonsRouter.get("/:classId/:subjectId/lessons/new", view, async (req, res) => {
  const date = typeof req.query.date === "string" ? req.query.date : isoDate(today());
  await newLessonPage(req, res, { date, works: [] });
});

lessonsRouter.post("/:classId/:subjectId/lessons", update, async (req, res) => {
  const j = journalOf(req);
  const body = bodyOf(req);
  const parsed = parseLesson(body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = await createLesson(actorOf(req), j, parsed.data))) : parsed.errors;
  if (errors) return newLessonPage(req, res, typed(body), errors, 422);
  flash(req, "ok", "Урок создан");
  res.redirect(`/journal/lessons/${id}`);
});

/** The section the lesson's phone layout opens at: "att" or a kind of work's id (`?view=`, or `lp-view` of the posted sheet). */
function viewOf(v: unknown): string | null {
  return typeof v === "string" && /^(att|\d{1,9})$/.test(v) ? v : null;
}

async function lessonPage(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const page = await getLessonPage(actorOf(req), idParam(req, "lessonId"));
  const l = page.lesson;
  const title = `Урок ${l.class.grade}${l.class.letter}, ${l.subject.name}`;
  const values = {
    date: isoDate(l.date),
    number: l.number ?? "",
    topic: l.topic ?? "",
    lessonType: l.lessonType ?? "",
    homework: l.homework ?? "",
    homeworkDue: l.homeworkDue ? isoDate(l.homeworkDue) : "",
    works: l.works.map((w) => String(w.assignmentTypeId)),
    ...Object.fromEntries(l.works.map((w) => [`workTopic_${w.assignmentTypeId}`, w.topic ?? ""])),
    substituteId: l.substituteId ?? "",
    planItemId: l.planItemId ?? "",
    planShown: l.planItemId ?? "",
  };
  // A lesson without a topic yet (one made from the timetable) is offered the next topic of the plan (R-JRN-11).
  const prefill = !l.topic?.trim() && !l.planItemId ? topicPrefill(page.plan, page.types) : null;
  if (prefill) Object.assign(values, prefill, { works: [...new Set([...values.works, ...(prefill.works as string[])])] });
  const shown = (extra.values as Record<string, unknown> | undefined) ?? values;
  const j = { classId: l.classId, subjectId: l.subjectId, subgroupId: l.subgroupId };
  res.page(
    "journal/lesson",
    {
      title,
      page,
      j,
      journalPath,
      values,
      errors: {},
      sheetErrors: {},
      sheetValues: null,
      ATTENDANCE_LABELS,
      ATTENDANCE_NAMES,
      LESSON_TYPES: await lessonTypeNames(actorOf(req).schoolId),
      styles: [...styles, "/static/css/lesson.css"],
      scripts: [...scripts, "/static/js/lesson.js", ...planScripts],
      lpView: viewOf(req.query.view),
      plan: planForm(page.plan, page.types, shown),
      ...extra,
    },
    status,
  );
}

lessonsRouter.get("/lessons/:lessonId", view, (req, res) => lessonPage(req, res));

lessonsRouter.post("/lessons/:lessonId", update, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseLesson(body);
  const errors = parsed.ok ? await formErrors(() => updateLesson(actorOf(req), idParam(req, "lessonId"), parsed.data)) : parsed.errors;
  if (errors) return lessonPage(req, res, { values: typed(body), errors }, 422);
  flash(req, "ok", "Урок сохранён");
  res.redirect(`/journal/lessons/${idParam(req, "lessonId")}`);
});

lessonsRouter.post("/lessons/:lessonId/sheet", update, async (req, res) => {
  const body = bodyOf(req);
  let changed = 0;
  const errors = await formErrors(async () => (changed = await saveLessonSheet(actorOf(req), idParam(req, "lessonId"), body)));
  const view = viewOf(body["lp-view"]);
  if (errors) return lessonPage(req, res, { sheetErrors: errors, sheetValues: typed(body), lpView: view }, 422);
  flash(req, "ok", changed ? `Отметки и посещаемость сохранены (изменено: ${changed})` : "Посещаемость отмечена, изменений в отметках нет");
  res.redirect(`/journal/lessons/${idParam(req, "lessonId")}${view ? `?view=${view}` : ""}`);
});

lessonsRouter.post("/lessons/:lessonId/delete", update, async (req, res) => {
  const j = await deleteLesson(actorOf(req), idParam(req, "lessonId"));
  flash(req, "ok", "Урок удалён");
  res.redirect(journalPath(j));
});

lessonsRouter.post("/lessons/:lessonId/substitute", requirePermission("journal-override", "update"), async (req, res) => {
  const parsed = parseForm(substituteInput, req.body);
  const errors = parsed.ok ? await formErrors(() => setSubstitute(actorOf(req), idParam(req, "lessonId"), parsed.data.substituteId)) : parsed.errors;
  if (errors) return lessonPage(req, res, { errors, values: typed(req.body) }, 422);
  flash(req, "ok", parsed.ok && parsed.data.substituteId ? "Замена записана" : "Замена отменена");
  res.redirect(`/journal/lessons/${idParam(req, "lessonId")}`);
});

/** JSON { studentId, assignmentTypeId, value: 1..5 | null | "", comment?, reason? } → { ok, mark, corrected }. R-JRN-1, R-ACL-2, R-JRN-5. */
lessonsRouter.post(
  "/lessons/:lessonId/marks",
  update,
  json(async (req) => saveMark(actorOf(req), idParam(req, "lessonId"), parseOrThrow(markInput, req.body))),
);

/** JSON { studentId, code: "ABSENT"|"ILL"|"VALID"|"INVALID"|"LATE"|"Н"|"Б"|…|"" , reason? } → { ok, attendance, corrected }. */
lessonsRouter.post(
  "/lessons/:lessonId/attendance",
  update,
  json(async (req) => saveAttendance(actorOf(req), idParam(req, "lessonId"), parseOrThrow(attendanceInput, req.body))),
);

/** "Everyone present": attendance of the lesson was taken (R-JRN-12). JSON or a form post. */
lessonsRouter.post("/lessons/:lessonId/attendance-taken", update, async (req, res, next) => {
  const reason = reasonOf(bodyOf(req));
  if (req.accepts(["html", "json"]) === "json")
    return json(async () => (await markAttendanceTaken(actorOf(req), idParam(req, "lessonId"), reason), {}))(req, res, next);
  await markAttendanceTaken(actorOf(req), idParam(req, "lessonId"), reason);
  flash(req, "ok", "Посещаемость отмечена: все присутствовали");
  res.redirect(`/journal/lessons/${idParam(req, "lessonId")}`);
});
