/**
 * «Нагрузка и учебный план» under /planning — the tool of whoever distributes the teaching load
 * (the curriculum readable and the load writable: the administrator and the deputy):
 *   GET  /load-check?year=ID          the load against the curriculum, teachers against their rate, the timetable
 *   GET  /load-check/create?year=ID   what «Создать нагрузку по учебному плану» would write
 *   POST /load-check/create           writes it (subgroups, rows with a known teacher)
 */
import { Router, type NextFunction, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import type { Action, Entity } from "../../access/permissions.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { bodyOf } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { yearFormSchema } from "./curriculum.schemas.ts";
import { createLoadFromCurriculum, previewLoadCreation } from "./load-check.create.ts";
import { checkDay, HOURS_PER_RATE, loadCheck } from "./load-check.service.ts";
import { pickYear } from "./planning-year.ts";

export const loadCheckRouter = Router();

/** 403 unless the actor holds every one of these rights. */
function requireAll(...rights: [Entity, Action][]) {
  return (req: Request, _res: Response, next: NextFunction) => next(rights.every(([e, a]) => can(req.actor, a, e)) ? undefined : new Forbidden());
}

const view = requireAll(["curriculum", "view"], ["teaching-load", "update"]);
const create = requireAll(["curriculum", "view"], ["teaching-load", "create"]);

loadCheckRouter.get("/load-check", view, async (req: Request, res: Response) => {
  const { year, years } = await pickYear(req);
  const check = year ? await loadCheck(actorOf(req), year) : null;
  res.page("planning/load-check", { title: "Нагрузка и учебный план", year, years, check, HOURS_PER_RATE });
});

loadCheckRouter.get("/load-check/create", create, async (req: Request, res: Response) => {
  const { year } = await pickYear(req);
  if (!year) throw new NotFound();
  const plan = await previewLoadCreation(actorOf(req), year, checkDay(year));
  res.page("planning/load-check-create", { title: "Создать нагрузку по учебному плану", year, plan });
});

loadCheckRouter.post("/load-check/create", create, async (req: Request, res: Response) => {
  const parsed = parseForm(yearFormSchema, bodyOf(req));
  if (!parsed.ok) throw new NotFound();
  const { year } = await pickYear(req, parsed.data.yearId);
  const done = await createLoadFromCurriculum(actorOf(req), year!.id, checkDay(year!));
  const left = done.needTeacher.length ? `; нужно назначить учителя: ${done.needTeacher.length}` : "";
  flash(req, done.created || done.subgroups ? "ok" : "info", `Создано строк нагрузки: ${done.created}, подгрупп: ${done.subgroups}${left}`);
  res.redirect(`/planning/load-check?year=${year!.id}`);
});
