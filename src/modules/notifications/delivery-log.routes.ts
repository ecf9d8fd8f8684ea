/**
 * «Журнал доставки» (/admin/notifications, entity "notification-log": the administrator): the
 * school's letters — queued, sent, failed with the reason — filtered by status, and the state of
 * the background queue (jobs per queue and state, schedules).
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { listQuery } from "../../lib/validation.ts";
import { mailEnabled } from "../../lib/mail.ts";
import { queueCounts, queueReady } from "../../lib/queue.ts";
import { listDeliveries, parseStatus } from "./delivery-log.ts";
import { JOB_STATE_NAMES, LETTER_KIND_NAMES, QUEUE_NAMES, STATUS_NAMES, TEXT } from "./notifications.text.ts";

export const deliveryLogRouter = Router();

deliveryLogRouter.get("/", requirePermission("notification-log", "view"), async (req, res) => {
  const { page } = listQuery.parse(req.query);
  const status = parseStatus(req.query.status);
  const [log, queues] = await Promise.all([listDeliveries(actorOf(req).schoolId, status, page), queueCounts()]);
  res.page("notifications/delivery-log", {
    title: "Журнал доставки",
    styles: ["/static/css/notifications.css"],
    ...log,
    status,
    statusNames: STATUS_NAMES,
    kindNames: LETTER_KIND_NAMES,
    queues,
    queueNames: QUEUE_NAMES,
    jobStateNames: JOB_STATE_NAMES,
    mailOn: mailEnabled(),
    queueOn: queueReady(),
    mailOffText: TEXT.mailOff,
    pagerBase: `/admin/notifications?${status ? `status=${status}&` : ""}`,
  });
});
