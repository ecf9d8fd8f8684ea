/** /students/changes: the personal-data change log for the administrator (R-REG-6). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { field, listQuery, parseForm, z } from "../../lib/validation.ts";
import { fieldOptions, listChanges, sectionOptions } from "./changes.service.ts";
import { STYLES } from "./students.http.ts";

export const changesRouter = Router();

const optional = (max: number) => z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, max) : null), z.string().nullable());

const changesQuery = z
  .object({ section: optional(50), person: optional(100), field: optional(50), actor: optional(100), from: field.optionalDate(), to: field.optionalDate() })
  .refine((f) => !f.from || !f.to || f.from.getTime() <= f.to.getTime(), { message: "Начало периода позже его конца", path: ["to"] });

changesRouter.get("/changes", requirePermission("personal-data-log", "view"), async (req, res) => {
  const { page } = listQuery.parse(req.query);
  const parsed = parseForm(changesQuery, req.query);
  const filter = parsed.ok ? parsed.data : { section: null, person: null, field: null, actor: null, from: null, to: null };
  const log = await listChanges(actorOf(req), { ...filter, page });
  const params = new URLSearchParams();
  for (const key of ["section", "person", "field", "actor", "from", "to"] as const) {
    const v = req.query[key];
    if (parsed.ok && typeof v === "string" && v.trim()) params.set(key, v.trim());
  }
  const base = params.toString();
  res.page(
    "students/changes",
    {
      title: "Изменения персональных данных",
      ...log,
      sections: sectionOptions(),
      fields: fieldOptions(),
      values: req.query,
      errors: parsed.ok ? {} : parsed.errors,
      styles: STYLES,
      pagerBase: `/students/changes?${base ? base + "&" : ""}`,
    },
    parsed.ok ? 200 : 422,
  );
});
