/**
 * /reports/check — the monthly journal check (R-RPT-1) as a page (the school summary, or one class's
 * journals with its remarks: ?class=ID), PDF and .xlsx, and the remarks for teachers: /reports/remarks
 * (list, create, fixed, delete).
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { bodyOf, formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { figureCells, figureWarnings, noHomeworkNote } from "./check.figures.ts";
import { monthlyCheck } from "./check.service.ts";
import {
  checkDoc,
  classLines,
  detailCols,
  remarksOf,
  softHyphens,
  SUMMARY_COLS,
  subjectLabel,
  summaryCells,
  summaryTotal,
  summaryWarnings,
} from "./check.doc.ts";
import { checkMonthOf, classIdsOf, classesOf, formatOf, idsOf, queryString, scripts, sendExport, styles, yearOf, yearsOf } from "./reports.common.ts";
import { CHECK_DEADLINE_DAY, canWriteRemarks, requireAnyReport } from "./reports.policy.ts";
import { addRemark, deleteRemark, listRemarks, remarkInput, remarkTeachers, setRemarkFixed } from "./remarks.service.ts";
import { fromReplica } from "../../lib/replica.ts";

export const checkRouter = Router();
const view = requireAnyReport;
const helpers = { figureCells, figureWarnings, noHomeworkNote, summaryCells, summaryWarnings, subjectLabel, softHyphens, SUMMARY_COLS, CHECK_DEADLINE_DAY };

interface CheckPageOptions {
  /** The month asked for (?month=, or the month of a posted remark). */
  month?: unknown;
  /** The classes asked for (?class=, or the class of a posted remark); one class shows its journals. */
  classIds?: number[];
  extra?: Record<string, unknown>;
  status?: number;
}

/**
 * The check of a month (issue 23): without a class the school summary (a line per class), with one class
 * (?class=ID) that class's journals beside its remarks and the remark form; .pdf and .xlsx hold both.
 */
async function checkPage(req: Request, res: Response, opts: CheckPageOptions = {}) {
  const actor = actorOf(req);
  // Issue 7: ?year= (a past year too) picks a month of that year when no month is asked.
  const year = await yearOf(actor, queryId(req, "year") !== null ? req.query.year : undefined);
  const month = checkMonthOf(opts.month ?? req.query.month, year);
  const classIds = opts.classIds ?? classIdsOf(req.query);
  const check = await monthlyCheck(actor, { month, classIds });
  const remarks = await listRemarks(actor, { month: month.from });
  const lines = classLines(check, remarks);
  if (await sendExport(res, formatOf(req), check.school.name, () => checkDoc(check, lines, remarks))) return;
  const [classes, years] = await Promise.all([classesOf(actor.schoolId, check.year.id, check.scope), yearsOf(actor)]);
  const picked = classIds.length === 1 ? classes.find((c) => c.id === classIds[0]) : undefined;
  const block = picked
    ? (check.classes.find((b) => b.classId === picked.id) ?? { classId: picked.id, classTeacher: null, rows: [], total: check.total })
    : null;
  const writer = canWriteRemarks(actor);
  const teachers = writer ? await remarkTeachers(actor, check.year.id) : [];
  const own = new Set(block?.rows.map((r) => r.teacherId));
  res.page(
    "reports/check",
    {
      title: picked ? `Проверка журналов ${picked.name}` : "Проверка журналов",
      check,
      lines,
      sum: summaryTotal(check, lines, remarks),
      picked,
      block,
      cols: detailCols(check.school.lateControlWorkDays, check.school.homeworkAllowanceMinutes),
      years,
      remarks: block ? remarksOf(block, remarks) : remarks,
      writer,
      // The teachers of the class's journals first: a remark beside a class is mostly about them.
      teachers: [...teachers.filter((t) => own.has(t.value)), ...teachers.filter((t) => !own.has(t.value))],
      qs: queryString(req),
      styles,
      scripts,
      ...helpers,
      ...opts.extra,
    },
    opts.status ?? 200,
  );
}

checkRouter.get(
  "/check{.:format}",
  view,
  fromReplica((req, res) => checkPage(req, res)),
);

checkRouter.get("/remarks", requirePermission("journal-remark", "view"), async (req, res) => {
  const remarks = await listRemarks(actorOf(req), { openOnly: req.query.open === "1" });
  res.page("reports/remarks", { title: "Замечания по ведению журнала", remarks, styles });
});

checkRouter.post("/remarks", requirePermission("journal-remark", "create"), async (req, res) => {
  const body = bodyOf(req);
  // The class whose details the form stands beside: the page to return to.
  const classIds = idsOf(body.class).slice(0, 1);
  const parsed = parseForm(remarkInput, body);
  if (!parsed.ok) return checkPage(req, res, { month: body.month, classIds, extra: { values: typed(body), errors: parsed.errors }, status: 422 });
  const errors = await formErrors(() => addRemark(actorOf(req), parsed.data));
  if (errors) return checkPage(req, res, { month: parsed.data.month, classIds, extra: { values: typed(body), errors }, status: 422 });
  flash(req, "ok", "Замечание добавлено");
  res.redirect(`/reports/check?month=${parsed.data.month}${classIds.length ? `&class=${classIds[0]}` : ""}#remarks`);
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
