/**
 * The topics of a КТП, a table form that works without JavaScript (R-JRN-10, R-JRN-11):
 *   GET  /:id/items?after=N     the table (with a blank row after position N: «вставить строку ниже»)
 *   POST /:id/items             saves every row; the pressed button may also move a row up or down,
 *                               delete it or open a blank row below it (op=up:N|down:N|delete:N|insert:N)
 *   POST /:id/paste             «вставить из таблицы»: lines pasted from a spreadsheet, added or replacing all
 * A rejected table comes back as typed, with the message beside each wrong field; nothing is saved.
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { attempt, bodyOf, idParam, queryText } from "../../lib/http.ts";
import { parseForm } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { pasteItems, saveItems, type ItemsChange } from "./plans.edit.ts";
import { itemsPage } from "./plans.pages.ts";
import { parsePasted } from "./plans.rows.ts";
import { applyOp, checkTable, pasteSchema, postedRows, rowOpOf } from "./plans.schemas.ts";
import { TEXT } from "./plans.text.ts";

export const itemsRouter = Router();
const view = requirePermission("thematic-plan", "view");
const update = requirePermission("thematic-plan", "update");

itemsRouter.get("/:id/items", view, async (req, res) => {
  const after = Number(queryText(req, "after"));
  await itemsPage(req, res, idParam(req), { after: Number.isInteger(after) && queryText(req, "after") !== "" ? after : null });
});

const changed = (c: ItemsChange) => `добавлено ${c.added}, изменено ${c.changed}, удалено ${c.removed}; всего часов: ${c.total}`;

itemsRouter.post("/:id/items", update, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const posted = postedRows(body);
  const op = rowOpOf(body.op);
  const ordered = applyOp(posted, op);
  const checked = checkTable(ordered);
  if (!checked.ok) return itemsPage(req, res, id, { posted, locals: { errors: checked.errors }, status: 422 });
  const saved = await attempt(() => saveItems(actorOf(req), id, checked.items));
  if (!saved.ok) return itemsPage(req, res, id, { posted, locals: { errors: saved.errors }, status: 422 });
  // Where the pressed row is now (0-based among the saved rows), for the anchor and «вставить строку ниже».
  const at = op.kind === "save" || op.kind === "delete" ? -1 : checked.items.findIndex((r) => r.index === op.index);
  flash(req, "ok", `${TEXT.rowsSaved}: ${changed(saved.value)}`);
  if (op.kind === "insert" && at >= 0) return res.redirect(`/planning/plans/${id}/items?after=${at + 1}#row-${at + 2}`);
  res.redirect(`/planning/plans/${id}/items${at >= 0 ? `#row-${at + 1}` : ""}`);
});

itemsRouter.post("/:id/paste", update, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(pasteSchema, body);
  const paste = { paste: typeof body.paste === "string" ? body.paste : "", mode: body.mode === "replace" ? "replace" : "append" };
  if (!parsed.ok) return itemsPage(req, res, id, { locals: { paste, errors: parsed.errors }, status: 422 });
  const rows = parsePasted(parsed.data.paste);
  if (!rows.ok) return itemsPage(req, res, id, { locals: { paste, pasteErrors: rows.errors, errors: { paste: rows.errors[0]! } }, status: 422 });
  const done = await attempt(() => pasteItems(actorOf(req), id, rows.items, parsed.data.mode));
  if (!done.ok) return itemsPage(req, res, id, { locals: { paste, errors: done.errors }, status: 422 });
  flash(req, "ok", `Вставлено тем: ${rows.items.length}; ${changed(done.value)}`);
  res.redirect(`/planning/plans/${id}/items`);
});
