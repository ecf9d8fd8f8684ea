/**
 * /reports/check — the monthly journal check (R-RPT-1) as a page, PDF and .xlsx, and the
 * remarks for teachers: /reports/remarks (list, create, fixed, delete).
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { bodyOf, formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { checkDoc, figureCells, journalLabel, monthlyCheck } from "./check.service.ts";
import { classIdsOf, classesOf, formatOf, monthInYear, queryString, scripts, sendExport, styles, yearOf, yearsOf } from "./reports.common.ts";
import { canWriteRemarks, requireAnyReport } from "./reports.policy.ts";
import { addRemark, deleteRemark, listRemarks, remarkInput, remarkTeachers, setRemarkFixed } from "./remarks.service.ts";

export const checkRouter = Router();
const view = requireAnyReport;

/** The check page of a month: ?month= (or, refusing a remark, the month of the posted form). */
async function checkPage(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200, askedMonth: unknown = req.query.month) {
  const actor = actorOf(req);
  // Issue 7: ?year= (a past year too) picks a month of that year when no month is asked.
  const asked = queryId(req, "year") !== null ? await yearOf(actor, req.query.year) : null;
  const month = monthInYear(askedMonth, asked);
  const check = await monthlyCheck(actor, { month, classIds: classIdsOf(req.query) });
  if (await sendExport(res, formatOf(req), check.school.name, () => checkDoc(check))) return;
  const [classes, years] = await Promise.all([classesOf(actor.schoolId, check.year.id, check.scope), yearsOf(actor)]);
  const remarks = await listRemarks(actor, { month: month.from });
  const writer = canWriteRemarks(actor);
  const teachers = writer ? await remarkTeachers(actor, check.year.id) : [];
  res.page(
    "reports/check",
    {
      title: "Проверка журналов",
      check,
      classes,
      years,
      remarks,
      writer,
      teachers,
      figureCells,
      journalLabel,
      qs: queryString(req),
      styles,
      scripts,
      ...extra,
    },
    status,
  );
}

checkRouter.get("/check{.:format}", view, (req, res) => checkPage(req, res));

checkRouter.get("/remarks", requirePermission("journal-remark", "view"), async (req, res) => {
  const remarks = await listRemarks(actorOf(req), { openOnly: req.query.open === "1" });
  res.page("reports/remarks", { title: "Замечания по ведению журнала", remarks, styles });
});

checkRouter.post("/remarks", requirePermission("journal-remark", "create"), async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(remarkInput, body);
  if (!parsed.ok) return checkPage(req, res, { values: typed(body), errors: parsed.errors }, 422, body.month);
  const errors = await formErrors(() => addRemark(actorOf(req), parsed.data));
  if (errors) return checkPage(req, res, { values: typed(body), errors }, 422, parsed.data.month);
  flash(req, "ok", "Замечание добавлено");
  res.redirect(`/reports/check?month=${parsed.data.month}#remarks`);
});

/** Where a remark's form came from: a local reports page, else the list of remarks. */
function back(req: Request): string {
  const to = bodyOf(req).back;
  return typeof to === "string" && /^\/reports\/[a-z?=&0-9#-]*$/.test(to) ? to : "/reports/remarks";
}

checkRouter.post("/remarks/:id/fixed", requirePermission("journal-remark", "update"), async (req, res) => {
  const fixed = bodyOf(req).fixed !== "0";
  await setRemarkFixed(actorOf(req), idParam(req, "id"), fixed);
  flash(req, "ok", fixed ? "Замечание отмечено как исправленное" : "Замечание снова открыто");
  res.redirect(back(req));
});

checkRouter.post("/remarks/:id/delete", requirePermission("journal-remark", "delete"), async (req, res) => {
  await deleteRemark(actorOf(req), idParam(req, "id"));
  flash(req, "ok", "Замечание удалено");
  res.redirect(back(req));
});
