/**
 * Import of a КТП from .xlsx, preview then commit, all or nothing (as the registers' import):
 *   POST /:id/import                 the file (multipart «file»): kept, then the preview
 *   GET  /:id/import/:uploadId       every row checked: errors by row and column, or what each row will do
 *   POST /:id/import/:uploadId       «Подтвердить и записать»: checked again and written in one transaction
 * The template (/template.xlsx) and the export (/:id/export) are in plans.routes.ts.
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { attempt, idParam } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import { applyPlanUpload, previewPlanUpload, storePlanUpload } from "./plan-import.service.ts";
import { itemsPage, lists, styles } from "./plans.pages.ts";
import { TEXT } from "./plans.text.ts";

export const importRouter = Router();
const view = requirePermission("thematic-plan", "view");
const update = requirePermission("thematic-plan", "update");

importRouter.post("/:id/import", update, async (req, res) => {
  const id = idParam(req);
  const file = req.uploads?.find((f) => f.field === "file");
  const problem = !file || !file.data.length ? TEXT.pickFile : !/\.xlsx$/i.test(file.filename) ? TEXT.needXlsx : null;
  if (problem || !file) return itemsPage(req, res, id, { locals: { errors: { file: problem ?? TEXT.pickFile } }, status: 422 });
  const upload = await storePlanUpload(actorOf(req), id, file.filename, file.data);
  res.redirect(`/planning/plans/${id}/import/${upload.id}`);
});

importRouter.get("/:id/import/:uploadId", view, async (req, res) => {
  const preview = await previewPlanUpload(actorOf(req), idParam(req), idParam(req, "uploadId"));
  res.page("planning/plan-import", { title: `Загрузка КТП: ${preview.plan.title}`, preview, styles, ...lists });
});

importRouter.post("/:id/import/:uploadId", update, async (req, res) => {
  const id = idParam(req);
  const done = await attempt(() => applyPlanUpload(actorOf(req), id, idParam(req, "uploadId")));
  if (!done.ok) {
    flash(req, "error", done.errors._form ?? "Проверьте файл");
    return res.redirect(`/planning/plans/${id}/import/${idParam(req, "uploadId")}`);
  }
  const c = done.value;
  flash(req, "ok", `КТП загружен из файла: добавлено ${c.added}, изменено ${c.changed}, удалено ${c.removed}; всего часов: ${c.total}`);
  res.redirect(`/planning/plans/${id}`);
});
