/**
 * «Уведомления» (/notifications) for every signed-in user: own notifications only (another user's
 * id is a 404). And the public links of letters, which work without signing in:
 * - /unsubscribe/<token>: GET shows what will stop and a button; POST does it. The POST is exempt
 *   from the CSRF check (RFC 8058: a mail program posts `List-Unsubscribe=One-Click` to it); the
 *   signed token is the proof.
 * - /email/confirm/<token>: GET shows the address and a button; POST confirms (CSRF-checked).
 * A bad or expired token is a Russian 404 page, never a 500. Links in letters are followed by
 * mail scanners too, hence a button rather than a change on GET.
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { NotFound } from "../../lib/errors.ts";
import { idParam } from "../../lib/http.ts";
import { csrf } from "../../lib/session.ts";
import { listQuery } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { confirmAddress, describeUnsubscribe, pendingConfirmation, unsubscribe } from "./settings.ts";
import { listNotifications, markAllRead, openNotification } from "./notifications.service.ts";
import { KIND_NAMES, TEXT } from "./notifications.text.ts";
import { readUnsubscribeToken } from "./tokens.ts";

const styles = ["/static/css/notifications.css"];

export const notificationsRouter = Router();

notificationsRouter.get("/", async (req, res) => {
  const { page } = listQuery.parse(req.query);
  const list = await listNotifications(actorOf(req).userId, page);
  res.page("notifications/list", { title: "Уведомления", styles, ...list, kindNames: KIND_NAMES });
});

notificationsRouter.post("/read-all", async (req, res) => {
  flash(req, "ok", TEXT.markedRead(await markAllRead(actorOf(req).userId)));
  res.redirect("/notifications");
});

notificationsRouter.get("/:id/open", async (req, res) => {
  res.redirect(await openNotification(actorOf(req).userId, idParam(req)));
});

/** Public pages of letters' links; mounted before the sign-in. */
export const letterLinksRouter = Router();

/** A bad or expired token: the product's «not found» page with the Russian reason. */
const badLink = (message: string) => new NotFound(message);

letterLinksRouter.get("/unsubscribe/:token", async (req, res) => {
  const target = readUnsubscribeToken(String(req.params.token));
  const about = target ? await describeUnsubscribe(target) : null;
  if (!about) throw badLink(TEXT.unsubscribeBad);
  res.page("notifications/unsubscribe", { title: "Отписка от писем", styles, token: String(req.params.token), ...about });
});

letterLinksRouter.post("/unsubscribe/:token", async (req, res) => {
  const target = readUnsubscribeToken(String(req.params.token));
  const about = target ? await describeUnsubscribe(target) : null;
  if (!target || !about || !(await unsubscribe(target))) throw badLink(TEXT.unsubscribeBad);
  // A mail program's one-click post gets a short answer; a person gets the page.
  if ((req.body as Record<string, unknown>)?.["List-Unsubscribe"] === "One-Click")
    return res.type("text/plain; charset=utf-8").send(TEXT.unsubscribed(about.what));
  res.page("notifications/link-result", { title: "Вы отписались", styles, ok: true, message: TEXT.unsubscribed(about.what) });
});

letterLinksRouter.get("/email/confirm/:token", async (req, res) => {
  const pending = await pendingConfirmation(String(req.params.token));
  if (!pending) throw badLink(TEXT.confirmBad);
  res.page("notifications/confirm", { title: "Подтверждение адреса", styles, token: String(req.params.token), address: pending.address });
});

letterLinksRouter.post("/email/confirm/:token", csrf.csrfSynchronisedProtection, async (req, res) => {
  const address = await confirmAddress(String(req.params.token));
  if (!address) throw badLink(TEXT.confirmBad);
  res.page("notifications/link-result", { title: "Адрес подтверждён", styles, ok: true, message: TEXT.confirmed(address), signedIn: !!req.actor });
});
