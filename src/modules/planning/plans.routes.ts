/**
 * «КТП» — calendar-thematic plans (R-PLN-3, R-JRN-10, R-JRN-11) under /planning/plans:
 *   GET  /?tab=mine|all|review|library&year=&subject=&grade=&status=&author=   the lists
 *   GET  /new?from=ID&kind=template           «Создать КТП»: empty or a copy; POST / creates
 *   GET  /missing?year=ID                     journals of the year without an approved plan (reviewers)
 *   GET  /template.xlsx                       the empty .xlsx template
 *   GET  /:id                                 the plan; POST /:id/settings; POST /:id/delete
 *   GET  /:id/history                         versions and the log of the plan
 *   GET  /:id/export                          the plan as .xlsx (the template's layout)
 * Topics (/:id/items, /:id/paste): plans.items.routes.ts; review, versions and journals
 * (/:id/submit|withdraw|approve|return|version|assignments): plans.review.routes.ts; import
 * (/:id/import…): plan-import.routes.ts.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { sendDownload } from "../../lib/download.ts";
import { bodyOf, formErrors, idParam, queryId, queryText, typed } from "../../lib/http.ts";
import { parseForm } from "../../lib/validation.ts";
import { flash, type PageLocals } from "../../lib/views.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import { exportPlan, planTemplate } from "./plan-import.service.ts";
import { importRouter } from "./plan-import.routes.ts";
import { pickYear } from "./planning-year.ts";
import { createPlan, deletePlan, updatePlanSettings } from "./plans.edit.ts";
import { itemsRouter } from "./plans.items.routes.ts";
import { lists, planPage, styles } from "./plans.pages.ts";
import { canManageTemplates, createReach, isReviewer } from "./plans.policy.ts";
import { reviewRouter } from "./plans.review.routes.ts";
import { planCreateSchema, planSettingsSchema } from "./plans.schemas.ts";
import { journalsOfYear, journalsWithoutPlan, newPlanOptions } from "./plans.journals.ts";
import { findPlan, listOptions, listPlans, planHistory } from "./plans.service.ts";
import { STATUS_NAMES, TABS, type Tab } from "./plans.text.ts";

export const plansRouter = Router();
const view = requirePermission("thematic-plan", "view");
const create = requirePermission("thematic-plan", "create");
const update = requirePermission("thematic-plan", "update");
const remove = requirePermission("thematic-plan", "delete");
const review = requirePermission("plan-review", "update");

function tabsFor(req: Request): Tab[] {
  const actor = actorOf(req);
  return (Object.keys(TABS) as Tab[]).filter((t) => (t === "mine" ? createReach(actor) !== "none" : t === "review" ? isReviewer(actor) : true));
}

plansRouter.get("/", view, async (req, res) => {
  const actor = actorOf(req);
  const tabs = tabsFor(req);
  const asked = queryText(req, "tab") as Tab;
  const tab: Tab = tabs.includes(asked) ? asked : createReach(actor) === "taught" ? "mine" : "all";
  const { year, years } = await pickYear(req);
  const grade = Number(queryText(req, "grade"));
  const status = queryText(req, "status");
  const filters = {
    tab,
    yearId: year?.id ?? null,
    subjectId: queryId(req, "subject"),
    grade: Number.isInteger(grade) && grade >= 1 && grade <= 11 ? grade : null,
    status: status in STATUS_NAMES ? (status as PlanStatus) : null,
    authorId: queryId(req, "author"),
  };
  const [plans, options, journals] = await Promise.all([
    listPlans(actor, filters),
    listOptions(actor),
    tab === "mine" && year ? journalsOfYear(actor.schoolId, year.id, actor.personId) : [],
  ]);
  const templates = canManageTemplates(actor);
  res.page("planning/plans", { title: "КТП", tab, tabs, TABS, year, years, filters, plans, journals, templates, ...options, styles, ...lists });
});

async function newPage(req: Request, res: Response, values: Record<string, unknown>, locals: PageLocals = {}, status = 200) {
  const actor = actorOf(req);
  const fromId = Number(values.fromId) || null;
  const source = fromId ? (await findPlan(actor, fromId)).plan : null;
  const { year } = await pickYear(req, Number(values.yearId) || undefined);
  const options = await newPlanOptions(actor, year?.id ?? null);
  res.page("planning/plan-new", { title: source ? "Копия КТП" : "Создать КТП", source, year, ...options, values, styles, ...locals }, status);
}

plansRouter.get("/new", create, async (req, res) => {
  const actor = actorOf(req);
  const fromId = queryId(req, "from");
  const source = fromId ? (await findPlan(actor, fromId)).plan : null;
  const { year } = await pickYear(req);
  const kind = queryText(req, "kind") === "template" ? "template" : "plan";
  await newPage(req, res, {
    kind,
    yearId: year?.id ?? "",
    fromId: source?.id ?? "",
    subjectId: source?.subjectId ?? queryId(req, "subject") ?? "",
    grade: source?.grade ?? queryText(req, "grade"),
    profile: source?.profile ?? "",
    title: source ? source.title : "",
  });
});

plansRouter.post("/", create, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(planCreateSchema, body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = (await createPlan(actorOf(req), parsed.data)).id)) : parsed.errors;
  if (errors) return newPage(req, res, typed(body), { errors }, 422);
  flash(req, "ok", parsed.ok && parsed.data.fromId ? "КТП скопирован: проверьте и поправьте темы" : "КТП создан: заполните темы");
  res.redirect(`/planning/plans/${id}${parsed.ok && parsed.data.fromId ? "" : "/items"}`);
});

plansRouter.get("/missing", review, async (req, res) => {
  const { year, years } = await pickYear(req);
  const report = year ? await journalsWithoutPlan(actorOf(req), year.id) : null;
  res.page("planning/plans-missing", { title: "Журналы без утверждённого КТП", year, years, report, styles, ...lists });
});

plansRouter.get("/template.xlsx", view, async (_req, res) => {
  sendDownload(res, await planTemplate(), "Шаблон КТП.xlsx");
});

plansRouter.get("/:id", view, async (req, res) => planPage(req, res, idParam(req)));

plansRouter.get("/:id/history", view, async (req, res) => {
  const data = await planHistory(actorOf(req), idParam(req));
  res.page("planning/plan-history", { title: `История: ${data.plan.title}`, ...data, styles, ...lists });
});

plansRouter.get("/:id/export", view, async (req, res) => {
  const file = await exportPlan(actorOf(req), idParam(req));
  sendDownload(res, file.data, file.name);
});

plansRouter.post("/:id/settings", update, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(planSettingsSchema, body);
  const errors = parsed.ok ? await formErrors(() => updatePlanSettings(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) return planPage(req, res, id, { settings: typed(body), errors }, 422);
  flash(req, "ok", "Название и примечание сохранены");
  res.redirect(`/planning/plans/${id}`);
});

plansRouter.post("/:id/delete", remove, async (req, res) => {
  const gone = await deletePlan(actorOf(req), idParam(req));
  flash(req, "ok", gone.previousId ? "Новая версия КТП удалена: действует прежняя" : gone.isTemplate ? "Шаблон удалён из библиотеки" : "КТП удалён");
  res.redirect(gone.previousId ? `/planning/plans/${gone.previousId}` : `/planning/plans${gone.isTemplate ? "?tab=library" : ""}`);
});

plansRouter.use(itemsRouter);
plansRouter.use(reviewRouter);
plansRouter.use(importRouter);
