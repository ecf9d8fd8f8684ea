/** /admin/audit: the change log for the administrator and the deputy (R-REG-6). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { field, listQuery, parseForm, z } from "../../lib/validation.ts";
import { listAudit } from "./audit-log.service.ts";
import { ADMIN_STYLES } from "./user-page.ts";

export const auditRouter = Router();

const optional = (max: number) => z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, max) : null), z.string().nullable());

const auditQuery = z
  .object({
    entity: optional(50),
    action: optional(50),
    actor: optional(100),
    entityId: optional(50),
    from: field.optionalDate(),
    to: field.optionalDate(),
  })
  .refine((f) => !f.from || !f.to || f.from.getTime() <= f.to.getTime(), { message: "Начало периода позже его конца", path: ["to"] });

auditRouter.get("/audit", requirePermission("audit", "view"), async (req, res) => {
  const { page } = listQuery.parse(req.query);
  const parsed = parseForm(auditQuery, req.query);
  const filter = parsed.ok ? parsed.data : { entity: null, action: null, actor: null, entityId: null, from: null, to: null };
  const log = await listAudit(actorOf(req), { ...filter, page });
  const params = new URLSearchParams();
  for (const key of ["entity", "action", "actor", "entityId", "from", "to"] as const) {
    const v = req.query[key];
    if (parsed.ok && typeof v === "string" && v.trim()) params.set(key, v.trim());
  }
  const base = params.toString();
  res.page(
    "admin/audit",
    {
      title: "Журнал изменений",
      styles: ADMIN_STYLES,
      ...log,
      values: req.query,
      errors: parsed.ok ? {} : parsed.errors,
      pagerBase: `/admin/audit?${base ? base + "&" : ""}`,
    },
    parsed.ok ? 200 : 422,
  );
});
