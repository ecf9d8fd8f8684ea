/** Subgroups of a class (R-JRN-6): created on the class page; each has a page for its name and members. */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { isoDate, parseIsoDate, today } from "../../lib/dates.ts";
import { parseForm } from "../../lib/validation.ts";
import { subgroupCreateSchema, subgroupMembersSchema, subgroupRenameSchema } from "./setup.schemas.ts";
import { dateParam } from "./setup.common.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { isYearWritable } from "./setup.policy.ts";
import {
  canEditSubgroup,
  createSubgroup,
  deleteSubgroup,
  getSubgroup,
  renameSubgroup,
  setSubgroupMembers,
  subgroupMembersForm,
  subgroupSubjectOptions,
} from "./subgroups.service.ts";
import { getClass } from "./classes.service.ts";

export const subgroupsRouter = Router();
const styles = ["/static/css/setup.css"];
const scripts = ["/static/js/setup.js"];

subgroupsRouter.post("/classes/:id/subgroups", requirePermission("subgroup", "create"), async (req, res) => {
  const actor = actorOf(req);
  const cls = await getClass(actor, idParam(req));
  const body = bodyOf(req);
  const parsed = parseForm(subgroupCreateSchema, body);
  const errors = parsed.ok ? await formErrors(() => createSubgroup(actor, cls.id, parsed.data)) : parsed.errors;
  if (errors) {
    const subjects = (await subgroupSubjectOptions(actor, cls.id)).map((s) => ({ value: s.id, label: s.name }));
    return res.page("setup/subgroup-new", { title: `Новая подгруппа, ${cls.name} класс`, cls, subjects, values: typed(body), errors, styles }, 422);
  }
  flash(req, "ok", "Подгруппа создана");
  res.redirect(`/setup/classes/${cls.id}#subgroups`);
});

async function renderSubgroup(req: Request, res: Response, values?: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const actor = actorOf(req);
  const g = await getSubgroup(actor, idParam(req));
  // A rejected form keeps its typed date; a page view takes ?date= (default today).
  const fromQuery = dateParam(req);
  const typedDay = typeof values?.date === "string" ? parseIsoDate(values.date.trim()) : null;
  const day = values ? (typedDay ?? today()) : fromQuery.date;
  const bad = !values && fromQuery.bad;
  const [students, editable] = await Promise.all([subgroupMembersForm(actor, g, day), canEditSubgroup(actor, g)]);
  const notices = bad ? ["Дата не распознана, показан состав на сегодня."] : [];
  const checked = values ? new Set([values.studentIds ?? []].flat().map(String)) : null;
  res.page(
    "setup/subgroup",
    {
      title: `${g.name}: ${g.subject.name}, ${g.className} класс`,
      g,
      students,
      date: day,
      checked,
      notices,
      writable: isYearWritable(g.class.year),
      editable: isYearWritable(g.class.year) && editable,
      values: { name: g.name, date: isoDate(day), ...values },
      errors,
      styles,
      scripts,
    },
    status,
  );
}

subgroupsRouter.get("/subgroups/:id", requirePermission("subgroup", "view"), async (req, res) => {
  await renderSubgroup(req, res);
});

subgroupsRouter.post("/subgroups/:id", requirePermission("subgroup", "update"), async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(subgroupRenameSchema, body);
  const errors = parsed.ok ? await formErrors(() => renameSubgroup(actorOf(req), id, parsed.data.name)) : parsed.errors;
  if (errors) return renderSubgroup(req, res, typed(body), errors, 422);
  flash(req, "ok", "Подгруппа переименована");
  res.redirect(`/setup/subgroups/${id}`);
});

subgroupsRouter.post("/subgroups/:id/members", requirePermission("subgroup", "update"), async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(subgroupMembersSchema, body);
  let result = { added: 0, removed: 0 };
  const errors = parsed.ok ? await formErrors(async () => (result = await setSubgroupMembers(actorOf(req), id, parsed.data))) : parsed.errors;
  if (errors) return renderSubgroup(req, res, typed(body), errors, 422);
  flash(req, "ok", `Состав подгруппы сохранён: добавлено ${result.added}, исключено ${result.removed}`);
  res.redirect(`/setup/subgroups/${id}?date=${isoDate(parsed.ok ? parsed.data.date : today())}`);
});

subgroupsRouter.post("/subgroups/:id/delete", requirePermission("subgroup", "delete"), async (req, res) => {
  const g = await deleteSubgroup(actorOf(req), idParam(req));
  flash(req, "ok", `Подгруппа «${g.name}» удалена`);
  res.redirect(`/setup/classes/${g.classId}#subgroups`);
});
