/**
 * /reports/check — the monthly journal check (R-RPT-1) as a page, PDF and .xlsx, and the
 * remarks for teachers: /reports/remarks (list, create, fixed, delete).
 */
import { Router } from "express";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { ValidationError } from "../../lib/errors.ts";
import { idParam } from "../journal/journal.http.ts";
import { checkDoc, figureCells, journalLabel, monthlyCheck } from "./check.service.ts";
import { classIdsOf, classesOf, formatOf, idOf, monthInYear, queryString, scripts, sendExport, styles, yearOf, yearsOf } from "./reports.common.ts";
import { canWriteRemarks } from "./reports.policy.ts";
import { addRemark, deleteRemark, listRemarks, remarkInput, remarkTeachers, setRemarkFixed } from "./remarks.service.ts";

export const checkRouter = Router();
const view = requirePermission("report", "view");

async function checkPage(req: import("express").Request, res: import("express").Response, extra: Record<string, unknown> = {}, status = 200) {
  const actor = req.actor!;
  // Issue 7: ?year= (a past year too) picks a month of that year when no month is asked.
  const asked = idOf(req.query.year) !== null ? await yearOf(actor, req.query.year) : null;
  const month = monthInYear(req.query.month, asked);
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

checkRouter.get("/reports/check{.:format}", view, (req, res) => checkPage(req, res));

checkRouter.get("/reports/remarks", requirePermission("journal-remark", "view"), async (req, res) => {
  const remarks = await listRemarks(req.actor!, { openOnly: req.query.open === "1" });
  res.page("reports/remarks", { title: "Замечания по ведению журнала", remarks, styles });
});

checkRouter.post("/reports/remarks", requirePermission("journal-remark", "create"), async (req, res) => {
  const p = parseForm(remarkInput, req.body);
  if (!p.ok) {
    req.query.month = typeof req.body?.month === "string" ? req.body.month : undefined;
    return checkPage(req, res, { values: req.body, errors: p.errors }, 422);
  }
  try {
    await addRemark(req.actor!, p.data);
  } catch (e) {
    if (e instanceof ValidationError) {
      req.query.month = p.data.month;
      return checkPage(req, res, { values: req.body, errors: e.fields }, 422);
    }
    throw e;
  }
  flash(req, "ok", "Замечание добавлено");
  res.redirect(`/reports/check?month=${p.data.month}#remarks`);
});

const back = (req: import("express").Request) =>
  typeof req.body?.back === "string" && /^\/reports\/[a-z?=&0-9#-]*$/.test(req.body.back) ? req.body.back : "/reports/remarks";

checkRouter.post("/reports/remarks/:id/fixed", requirePermission("journal-remark", "update"), async (req, res) => {
  await setRemarkFixed(req.actor!, idParam(req, "id"), req.body?.fixed !== "0");
  flash(req, "ok", req.body?.fixed !== "0" ? "Замечание отмечено как исправленное" : "Замечание снова открыто");
  res.redirect(back(req));
});

checkRouter.post("/reports/remarks/:id/delete", requirePermission("journal-remark", "delete"), async (req, res) => {
  await deleteRemark(req.actor!, idParam(req, "id"));
  flash(req, "ok", "Замечание удалено");
  res.redirect(back(req));
});
