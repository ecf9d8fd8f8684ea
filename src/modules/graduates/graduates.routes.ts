/**
 * /graduates: exam and final (certificate) marks of the graduating classes (issue 17, R-GIA-1).
 *   GET  /graduates                    the current year's 9th and 11th classes in the scope
 *   GET  /graduates/:classId           the class's sheet: year, exam, proposed and final marks
 *   POST /graduates/:classId           saves the typed exam and final marks (all or nothing)
 *   POST /graduates/:classId/confirm   «Подтвердить предложенные»
 * The certificate sheet itself is a report: /reports/paper/:classId/certificate{.pdf,.xlsx}.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { bodyOf, formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { cellsSchema } from "./graduates.schemas.ts";
import { confirmProposedFinals, graduatesSheet, graduatingClasses, saveGraduateMarks } from "./graduates.service.ts";
import { FINAL_RULE_NAMES, MSG } from "./graduates.text.ts";

export const graduatesRouter = Router();
const view = requirePermission("graduate-final", "view");
const update = requirePermission("graduate-final", "update");
const styles = ["/static/css/reports.css"];

async function render(req: Request, res: Response, values: Record<string, unknown> | null = null, errors: FieldErrors = {}, status = 200) {
  const sheet = await graduatesSheet(actorOf(req), idParam(req, "classId"));
  // ?subject=ID narrows the table to one subject (a class of 15 subjects is 60 columns wide).
  const subjectId = queryId(req, "subject");
  const shown = sheet.subjects.some((s) => s.id === subjectId) ? subjectId : null;
  res.page(
    "graduates/sheet",
    { title: `Итоговые отметки ${sheet.cls.name}`, sheet, shown, entered: values, errors, ruleName: FINAL_RULE_NAMES[sheet.rule], styles },
    status,
  );
}

graduatesRouter.get("/", view, async (req, res) => {
  const classes = await graduatingClasses(actorOf(req));
  if (classes.length === 1) return res.redirect(`/graduates/${classes[0]!.id}`);
  res.page("graduates/index", { title: "Итоговые отметки выпускников", classes, styles });
});

graduatesRouter.get("/:classId", view, (req, res) => render(req, res));

graduatesRouter.post("/:classId", update, async (req, res) => {
  const classId = idParam(req, "classId");
  const body = bodyOf(req);
  const parsed = parseForm(cellsSchema, body);
  let changed = 0;
  const errors = parsed.ok ? await formErrors(async () => (changed = await saveGraduateMarks(actorOf(req), classId, parsed.data))) : parsed.errors;
  if (errors) return render(req, res, typed(body), errors, 422);
  flash(req, "ok", MSG.saved(changed));
  const subjectId = queryId(req, "subject");
  res.redirect(`/graduates/${classId}${subjectId ? `?subject=${subjectId}` : ""}`);
});

graduatesRouter.post("/:classId/confirm", update, async (req, res) => {
  const classId = idParam(req, "classId");
  const n = await confirmProposedFinals(actorOf(req), classId);
  flash(req, "ok", MSG.confirmed(n));
  res.redirect(`/graduates/${classId}`);
});
