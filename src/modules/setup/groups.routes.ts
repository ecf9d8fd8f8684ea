/** /setup/groups: cross-class groups (R-JRN-13) — ГПД, electives, optional and extracurricular courses across classes. */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { isoDate, parseIsoDate, today } from "../../lib/dates.ts";
import { parseForm } from "../../lib/validation.ts";
import { bodyOf, formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { groupCreateSchema, groupLoadSchema, subgroupMembersSchema, subgroupRenameSchema } from "./setup.schemas.ts";
import { chooseYear, dateParam } from "./setup.common.ts";
import { isYearWritable } from "./setup.policy.ts";
import { deleteSubgroup, getSubgroup, renameSubgroup, setSubgroupMembers, subgroupMembersForm } from "./subgroups.service.ts";
import { addGroupLoad, createGroup, gradesText, groupPlan, groupTeacherOptions, listGroups } from "./groups.service.ts";
import { subjectOptions } from "./subjects.service.ts";
import { STUDY_GROUP_KINDS } from "./setup.text.ts";
import { NotFound } from "../../lib/errors.ts";

export const groupsRouter = Router();
const styles = ["/static/css/setup.css"];
const scripts = ["/static/js/setup.js"];
const GRADES = Array.from({ length: 11 }, (_, i) => ({ value: i + 1, label: String(i + 1) }));
const KINDS = Object.entries(STUDY_GROUP_KINDS).map(([value, label]) => ({ value, label }));

async function renderList(req: Request, res: Response, yearId: number | null, values: Record<string, unknown> = {}, errors = {}, status = 200) {
  const actor = actorOf(req);
  const { year, years } = await chooseYear(actor, yearId);
  const [groups, subjects] = year ? await Promise.all([listGroups(actor, year.id), subjectOptions(actor)]) : [[], []];
  const options = { kinds: KINDS, grades: GRADES, subjects: subjects.map((s) => ({ value: s.id, label: s.name })) };
  res.page("setup/groups", { title: "Сводные группы", year, years, groups, options, values, errors, styles }, status);
}

groupsRouter.get("/groups", requirePermission("study-group", "view"), async (req, res) => {
  await renderList(req, res, queryId(req, "year"));
});

groupsRouter.post("/groups", requirePermission("study-group", "create"), async (req, res) => {
  const yearId = queryId(req, "year");
  const { year } = await chooseYear(actorOf(req), yearId);
  if (!year) throw new NotFound();
  const body = bodyOf(req);
  const parsed = parseForm(groupCreateSchema, body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = (await createGroup(actorOf(req), year.id, parsed.data)).id)) : parsed.errors;
  if (errors) return renderList(req, res, year.id, typed(body), errors, 422);
  flash(req, "ok", "Сводная группа создана. Отметьте её участников и добавьте строку нагрузки.");
  res.redirect(`/setup/groups/${id}`);
});

async function renderGroup(req: Request, res: Response, values?: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const actor = actorOf(req);
  const g = await getSubgroup(actor, idParam(req), true);
  const fromQuery = dateParam(req);
  const typedDay = typeof values?.date === "string" ? parseIsoDate(values.date.trim()) : null;
  const day = values ? (typedDay ?? today()) : fromQuery.date;
  const [students, plan, teachers] = await Promise.all([subgroupMembersForm(actor, g, day), groupPlan(actor, g.id, day), groupTeacherOptions(actor)]);
  const checked = values && "studentIds" in values ? new Set([values.studentIds ?? []].flat().map(String)) : null;
  res.page(
    "setup/group",
    {
      title: `${g.name}: ${STUDY_GROUP_KINDS[g.kind!]}`,
      g,
      kind: STUDY_GROUP_KINDS[g.kind!],
      grades: gradesText(g),
      students,
      plan,
      teachers: teachers.map((t) => ({ value: t.id, label: t.name })),
      date: day,
      checked,
      notices: !values && fromQuery.bad ? ["Дата не распознана, показан состав на сегодня."] : [],
      writable: isYearWritable(g.class.year),
      values: { name: g.name, date: isoDate(day), ...values },
      errors,
      styles,
      scripts,
    },
    status,
  );
}

groupsRouter.get("/groups/:id", requirePermission("study-group", "view"), async (req, res) => {
  await renderGroup(req, res);
});

groupsRouter.post("/groups/:id", requirePermission("study-group", "update"), async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(subgroupRenameSchema, body);
  const errors = parsed.ok ? await formErrors(() => renameSubgroup(actorOf(req), id, parsed.data.name, true)) : parsed.errors;
  if (errors) return renderGroup(req, res, typed(body), errors, 422);
  flash(req, "ok", "Группа переименована");
  res.redirect(`/setup/groups/${id}`);
});

groupsRouter.post("/groups/:id/members", requirePermission("study-group", "update"), async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(subgroupMembersSchema, body);
  let result = { added: 0, removed: 0 };
  const errors = parsed.ok ? await formErrors(async () => (result = await setSubgroupMembers(actorOf(req), id, parsed.data, true))) : parsed.errors;
  if (errors) return renderGroup(req, res, { ...typed(body), studentIds: body.studentIds ?? [] }, errors, 422);
  flash(req, "ok", `Состав группы сохранён: добавлено ${result.added}, исключено ${result.removed}`);
  res.redirect(`/setup/groups/${id}?date=${isoDate(parsed.ok ? parsed.data.date : today())}`);
});

groupsRouter.post("/groups/:id/load", requirePermission("study-group", "update"), requirePermission("teaching-load", "create"), async (req, res) => {
  const id = idParam(req);
  await getSubgroup(actorOf(req), id, true);
  const body = bodyOf(req);
  const parsed = parseForm(groupLoadSchema, body);
  const errors = parsed.ok ? await formErrors(() => addGroupLoad(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) return renderGroup(req, res, typed(body), errors, 422);
  flash(req, "ok", "Строка нагрузки группы добавлена");
  res.redirect(`/setup/groups/${id}#load`);
});

groupsRouter.post("/groups/:id/delete", requirePermission("study-group", "delete"), async (req, res) => {
  const g = await deleteSubgroup(actorOf(req), idParam(req), true);
  flash(req, "ok", `Группа «${g.name}» удалена`);
  res.redirect(`/setup/groups?year=${g.class.yearId}`);
});
