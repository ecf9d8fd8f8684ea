/**
 * /messages/complaints — «Жалобы на сообщения» (issue 15, R-COM-2), the administrator's
 * ("message-moderation"):
 *   GET  /messages/complaints[?status=closed&page=]   open complaints (or the decided ones)
 *   POST /messages/complaints/:id/hide                hide the message (audited)
 *   POST /messages/complaints/:id/dismiss             dismiss the complaint (audited)
 *   GET  /messages/complaints/:id/files/:fileId       a file of the message complained about
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { Conflict, NotFound } from "../../lib/errors.ts";
import { idParam, queryText } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import { listQuery } from "../../lib/validation.ts";
import { sendStoredFile } from "../files/files.service.ts";
import { complaintFile, decideComplaint, listComplaints, type Decision } from "./messages.moderation.ts";
import { MSG } from "./messages.text.ts";

export const complaintsRouter = Router();
const styles = ["/static/css/messages.css"];
const view = requirePermission("message-moderation", "view");
const update = requirePermission("message-moderation", "update");

complaintsRouter.get("/", view, async (req, res) => {
  const { page } = listQuery.parse(req.query);
  const status = queryText(req, "status") === "closed" ? "closed" : "open";
  const data = await listComplaints(actorOf(req), { status, page });
  res.page("messages/complaints", { title: "Жалобы на сообщения", ...data, styles });
});

for (const [path, decision] of [
  ["hide", "hidden"],
  ["dismiss", "dismissed"],
] as const satisfies readonly (readonly [string, Decision])[]) {
  complaintsRouter.post(`/:id/${path}`, update, async (req, res) => {
    try {
      await decideComplaint(actorOf(req), idParam(req), decision);
      flash(req, "ok", decision === "hidden" ? MSG.hiddenDone : MSG.dismissed);
    } catch (e) {
      if (!(e instanceof Conflict)) throw e;
      flash(req, "info", e.message);
    }
    res.redirect("/messages/complaints");
  });
}

complaintsRouter.get("/:id/files/:fileId", view, async (req, res) => {
  const file = await complaintFile(actorOf(req), idParam(req), idParam(req, "fileId"));
  if (!file) throw new NotFound();
  await sendStoredFile(res, file);
});
