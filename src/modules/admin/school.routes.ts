/** School settings (/admin/school): the administrator only, can('update', 'school'). */
import { Router, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { parseSchool } from "./school.schemas.ts";
import { schoolSettings, updateSchoolSettings } from "./school.service.ts";
import { bodyOf, typed } from "../../lib/http.ts";
import { FINAL_RULE_NAMES } from "../graduates/graduates.service.ts";

const finalRuleOptions = Object.entries(FINAL_RULE_NAMES).map(([value, label]) => ({ value, label }));

export const schoolRouter = Router();

const decimal = (n: number) => String(n).replace(".", ",");

const render = (res: Response, values: Record<string, unknown>, errors: FieldErrors = {}, status = 200) =>
  res.page("years/school", { title: "Настройки школы", styles: ["/static/css/years.css"], values, errors, finalRuleOptions }, status);

schoolRouter.get("/school", requirePermission("school", "update"), async (req, res) => {
  const s = await schoolSettings(actorOf(req).schoolId);
  render(res, {
    ...s,
    address: s.address ?? "",
    forecastThreshold5: decimal(s.forecastThreshold5),
    forecastThreshold4: decimal(s.forecastThreshold4),
    forecastThreshold3: decimal(s.forecastThreshold3),
  });
});

schoolRouter.post("/school", requirePermission("school", "update"), async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseSchool(body);
  if (!parsed.ok) return render(res, typed(body), parsed.errors, 422);
  const changed = await updateSchoolSettings(actorOf(req), parsed.data);
  flash(req, "ok", changed ? "Настройки школы сохранены" : "Изменений нет");
  res.redirect("/admin/school");
});
