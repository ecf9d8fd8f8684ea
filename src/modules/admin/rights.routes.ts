/** /admin/rights: «Права ролей» — the permission catalogue of the school, narrowed or widened within its ceilings. */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { bodyOf, formErrors } from "../../lib/http.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { postedCells, resetRights, rightsMatrix, saveRights } from "./rights.service.ts";
import { TEXT } from "./rights.text.ts";
import { ADMIN_STYLES } from "./user-page.ts";

export const rightsRouter = Router();

async function rightsPage(req: Request, res: Response, posted?: Record<string, string>, errors: FieldErrors = {}, status = 200) {
  const matrix = await rightsMatrix(actorOf(req), posted);
  res.page("admin/rights", { title: "Права ролей", styles: ADMIN_STYLES, ...matrix, errors }, status);
}

rightsRouter.get("/rights", requirePermission("role-grant", "view"), (req, res) => rightsPage(req, res));

rightsRouter.post("/rights", requirePermission("role-grant", "update"), async (req, res) => {
  const cells = postedCells(bodyOf(req));
  let changed = 0;
  const errors = await formErrors(async () => (changed = await saveRights(actorOf(req), cells)));
  if (errors) return rightsPage(req, res, cells, errors, 422);
  flash(req, "ok", TEXT.saved(changed));
  res.redirect("/admin/rights");
});

rightsRouter.post("/rights/reset", requirePermission("role-grant", "update"), async (req, res) => {
  flash(req, "ok", TEXT.reset(await resetRights(actorOf(req))));
  res.redirect("/admin/rights");
});
