/**
 * The personal calendar feed (issue 18):
 *   GET  /ical/<token>.ics            the feed (public: the token is the key; anything wrong is a 404)
 *   POST /account/calendar            create (or replace) the link; shown once on /account/calendar/issued
 *   POST /account/calendar/delete     revoke it
 * The section's state is put in res.locals for every /account page, so the account page renders
 * it as one more include. The new token waits in the session for its one page (Post/Redirect/Get).
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { formatDate } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { flash } from "../../lib/views.ts";
import { createFeed, feedText, feedView, revokeFeed } from "./feed.service.ts";
import { FEED_TEXT } from "./events.text.ts";

declare module "express-session" {
  interface SessionData {
    /** A just created calendar link's token, until its one page shows it. */
    calendarFeedIssued?: { token: string; userId: number; at: number };
  }
}

const ISSUED_TTL_MS = 5 * 60_000;

/** Mounted before the sign-in: a calendar application fetches the feed without a session. */
export const icalRouter = Router();

icalRouter.get("/ical/:file", async (req, res) => {
  const m = /^(.+)\.ics$/.exec(req.params.file ?? "");
  const text = m ? await feedText(m[1]!, req.get("host") ?? "localhost") : null;
  if (text === null) throw new NotFound();
  res.setHeader("Cache-Control", "private, no-store");
  res.type("text/calendar; charset=utf-8").send(text);
});

export const feedSettingsRouter = Router();

feedSettingsRouter.use("/account", async (req, res, next) => {
  const feed = await feedView(actorOf(req));
  res.locals.calendarFeed = { T: FEED_TEXT, exists: feed !== null, createdText: feed ? FEED_TEXT.createdAt(formatDate(feed.createdAt)) : "" };
  next();
});

feedSettingsRouter.post("/account/calendar", requirePermission("calendar-feed", "create"), async (req, res) => {
  const actor = actorOf(req);
  req.session.calendarFeedIssued = { token: await createFeed(actor), userId: actor.userId, at: Date.now() };
  res.redirect("/account/calendar/issued");
});

feedSettingsRouter.get("/account/calendar/issued", requirePermission("calendar-feed", "create"), (req, res) => {
  const actor = actorOf(req);
  const issued = req.session.calendarFeedIssued;
  delete req.session.calendarFeedIssued;
  if (!issued || issued.userId !== actor.userId || Date.now() - issued.at > ISSUED_TTL_MS) return res.redirect("/account#calendar");
  res.setHeader("Cache-Control", "no-store");
  const url = `${req.protocol}://${req.get("host")}/ical/${issued.token}.ics`;
  res.page("events/feed-issued", { title: FEED_TEXT.issuedTitle, url, T: FEED_TEXT });
});

feedSettingsRouter.post("/account/calendar/delete", requirePermission("calendar-feed", "delete"), async (req, res) => {
  flash(req, "ok", (await revokeFeed(actorOf(req))) ? FEED_TEXT.revoked : FEED_TEXT.noneToRevoke);
  res.redirect("/account#calendar");
});
