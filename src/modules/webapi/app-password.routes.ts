/**
 * «Пароль для приложений» in «Персональные настройки» (issue 21): create (shown once), replace,
 * revoke. Parents and students only (the catalogue's «app-password»; staff get 403 and the section
 * says why). The section's state is put in res.locals for every /account page, so the account
 * module renders it as one more include.
 *
 * Post/Redirect/Get: the new password waits in the session for the one page that shows it (at most
 * ISSUED_TTL_MS) and is removed from it when shown, so reloading that page neither shows it again
 * nor creates another one.
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { appPasswordView, createAppPassword, revokeAppPassword } from "./app-password.service.ts";
import { APP_PASSWORD_TEXT } from "./webapi.text.ts";

declare module "express-session" {
  interface SessionData {
    /** A just created app password, until its one page shows it (issue 21). */
    appPasswordIssued?: { password: string; replaced: boolean; userId: number; at: number };
  }
}

const ISSUED_TTL_MS = 5 * 60_000;

export const appPasswordRouter = Router();

appPasswordRouter.use("/account", async (req, res, next) => {
  res.locals.appPassword = await appPasswordView(actorOf(req));
  next();
});

appPasswordRouter.post("/account/app-password", requirePermission("app-password", "create"), async (req, res) => {
  const actor = actorOf(req);
  const { password, replaced } = await createAppPassword(actor);
  req.session.appPasswordIssued = { password, replaced, userId: actor.userId, at: Date.now() };
  res.redirect("/account/app-password/issued");
});

/** The one view of a new password; afterwards (or for anyone else) back to the settings. */
appPasswordRouter.get("/account/app-password/issued", requirePermission("app-password", "create"), (req, res) => {
  const actor = actorOf(req);
  const issued = req.session.appPasswordIssued;
  delete req.session.appPasswordIssued;
  if (!issued || issued.userId !== actor.userId || Date.now() - issued.at > ISSUED_TTL_MS) return res.redirect("/account#app-password");
  res.setHeader("Cache-Control", "no-store");
  res.page("webapi/app-password-issued", {
    title: APP_PASSWORD_TEXT.issuedTitle,
    password: issued.password,
    note: issued.replaced ? APP_PASSWORD_TEXT.replaced : APP_PASSWORD_TEXT.created,
    issuedNote: APP_PASSWORD_TEXT.issuedNote,
    serverUrl: `${req.protocol}://${req.get("host")}`,
  });
});

appPasswordRouter.post("/account/app-password/delete", requirePermission("app-password", "delete"), async (req, res) => {
  flash(req, "ok", (await revokeAppPassword(actorOf(req))) ? APP_PASSWORD_TEXT.revoked : APP_PASSWORD_TEXT.noneToRevoke);
  res.redirect("/account#app-password");
});
