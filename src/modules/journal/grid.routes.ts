/**
 * /journal: the journal list and picker, the grid of a period, the year view with final
 * marks (JSON autosave and a plain form), and cell histories.
 */
import { Router, type Request } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { flash } from "../../lib/views.ts";
import { parseOrThrow } from "../../lib/validation.ts";
import { cellHistory, journalLateness, otherClassMarks, getGrid, getYearSheet, listJournals, saveFinalMark, saveFinalMarks } from "./journal.service.ts";
import { finalMarkInput } from "./journal.schemas.ts";
import { bodyOf, formErrors, idParam, json, queryId, typed } from "../../lib/http.ts";
import { journalOf, journalPath, reasonOf, scripts, styles } from "./journal.http.ts";
import { ATTENDANCE_NAMES, FINAL_NAMES } from "./journal.text.ts";
import { gridBodyHtml } from "./grid.html.ts";
import { GRID_TEXT } from "./grid.text.ts";
import { journalPace, paceBadge, paceState } from "../planning/planning.service.ts";
import { fromReplica } from "../../lib/replica.ts";

export const gridRouter = Router();
const view = requirePermission("journal", "view");
const update = requirePermission("journal", "update");

gridRouter.get("/", view, async (req, res) => {
  const data = await listJournals(actorOf(req), queryId(req, "year"));
  res.page("journal/index", { title: "Журнал", ...data, styles });
});

gridRouter.get("/open", view, (req, res) => {
  const classId = queryId(req, "classId");
  const subjectId = queryId(req, "subjectId");
  if (!classId || !subjectId) {
    flash(req, "error", "Выберите класс и предмет");
    return res.redirect("/journal");
  }
  res.redirect(`/journal/${classId}/${subjectId}`);
});

// With a read replica the grid is read from it, except by a teacher who has just saved something (replica.ts).
gridRouter.get(
  "/:classId/:subjectId",
  view,
  fromReplica(async (req, res) => {
    const j = journalOf(req);
    const t0 = performance.now();
    // The behind/ahead figure of the journal's plan (R-JRN-11): one more query, run beside the grid's.
    const [grid, pace] = await Promise.all([getGrid(actorOf(req), { ...j, periodId: queryId(req, "period") }), journalPace(actorOf(req).schoolId, j)]);
    const t1 = performance.now();
    const gridBody = gridBodyHtml(grid);
    // Server-Timing: the grid's data and its rows' HTML (the benchmark and the browser's dev tools show them).
    res.setHeader("Server-Timing", `grid;dur=${(t1 - t0).toFixed(1)}, rows;dur=${(performance.now() - t1).toFixed(1)}`);
    const title = `${grid.cls.grade}${grid.cls.letter} — ${grid.subject.name}${grid.subgroup ? ` (${grid.subgroup.name})` : ""}`;
    const plan = pace && { ...pace, badge: paceBadge(pace), state: paceState(pace) };
    // R-JRN-14: the same late topics and homework the monthly check counts, for the period shown.
    // Marks of the roster kept in another class's journal by a backdated transfer: listed read-only (journal.membership.ts).
    const p = grid.period;
    const [late, other] = p
      ? await Promise.all([
          journalLateness(actorOf(req).schoolId, j, p.startDate, p.endDate),
          otherClassMarks(actorOf(req).schoolId, j.classId, j.subjectId, p.startDate, p.endDate),
        ])
      : [null, []];
    const names = new Map(grid.rows.map((r) => [r.id, r.short]));
    const fromOther = other.filter((m) => names.has(m.studentId)).map((m) => ({ ...m, name: names.get(m.studentId)! }));
    res.page("journal/grid", { title, grid, gridBody, j, journalPath, ATTENDANCE_NAMES, FINAL_NAMES, GRID_TEXT, styles, scripts, pace: plan, late, fromOther });
  }),
);

gridRouter.get("/:classId/:subjectId/year", view, async (req, res) => {
  const j = journalOf(req);
  const sheet = await getYearSheet(actorOf(req), j);
  const title = `${sheet.cls.grade}${sheet.cls.letter} — ${sheet.subject.name}: итоговые отметки`;
  res.page("journal/year", { title, sheet, j, journalPath, FINAL_NAMES, styles, scripts });
});

/** JSON: { studentId, periodId (null or "year" for the year mark), value ("" clears), reason? } → { ok, value, corrected }. R-JRN-7. */
gridRouter.post(
  "/:classId/:subjectId/final-marks",
  update,
  json(async (req) => saveFinalMark(actorOf(req), journalOf(req), parseOrThrow(finalMarkInput, req.body))),
);

/** The plain form for final marks of one period (?period=ID) or the year (?period=year). */
async function finalsPage(req: Request) {
  const j = journalOf(req);
  const sheet = await getYearSheet(actorOf(req), j);
  const periodParam = req.query.period === "year" ? null : queryId(req, "period");
  const period = periodParam === null ? null : sheet.periods.find((p) => p.id === periodParam);
  if (periodParam !== null && !period) throw new NotFound("Период не найден");
  return { j, sheet, period: period ?? null };
}

gridRouter.get("/:classId/:subjectId/finals", view, async (req, res) => {
  const { j, sheet, period } = await finalsPage(req);
  const values = Object.fromEntries(
    sheet.rows.map((r) => [`final_${r.id}`, period ? (r.periods.find((p) => p.periodId === period.id)?.final ?? "") : (r.yearFinal ?? "")]),
  );
  res.page("journal/finals", { title: "Итоговые отметки", sheet, period, j, journalPath, FINAL_NAMES, values, styles });
});

gridRouter.post("/:classId/:subjectId/finals", update, async (req, res) => {
  const { j, sheet, period } = await finalsPage(req);
  const body = bodyOf(req);
  const values = new Map<number, string>();
  for (const r of sheet.rows) {
    const v = body[`final_${r.id}`];
    if (typeof v === "string") values.set(r.id, v.trim());
  }
  let changed = 0;
  const errors = await formErrors(async () => {
    changed = await saveFinalMarks(actorOf(req), j, period?.id ?? null, values, reasonOf(body));
  });
  if (errors)
    return res.page("journal/finals", { title: "Итоговые отметки", sheet, period, j, journalPath, FINAL_NAMES, values: typed(body), errors, styles }, 422);
  flash(req, "ok", changed ? `Итоговые отметки сохранены (изменено: ${changed})` : "Изменений нет");
  res.redirect(journalPath(j, "/year"));
});

gridRouter.get("/:classId/:subjectId/final-history", view, async (req, res) => {
  const j = journalOf(req);
  const studentId = queryId(req, "student");
  const yearId = queryId(req, "year");
  if (!studentId || !yearId) throw new NotFound();
  const history = await cellHistory(actorOf(req), { kind: "final-mark", studentId, subjectId: j.subjectId, yearId, periodId: queryId(req, "period") });
  res.page("journal/history", { title: "История изменений", history, back: journalPath(j, "/year"), styles });
});

gridRouter.get("/lessons/:lessonId/history", view, async (req, res) => {
  const lessonId = idParam(req, "lessonId");
  const studentId = queryId(req, "student");
  if (!studentId) throw new NotFound();
  const typeId = queryId(req, "type");
  const history = await cellHistory(
    actorOf(req),
    typeId ? { kind: "mark", lessonId, studentId, assignmentTypeId: typeId } : { kind: "attendance", lessonId, studentId },
  );
  res.page("journal/history", { title: "История изменений", history, back: `/journal/lessons/${lessonId}`, styles });
});
