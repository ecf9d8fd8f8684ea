/**
 * «Пароль для приложений» in «Персональные настройки» (issue 21): create (shown once), replace,
 * revoke. Parents and students only (the catalogue's «app-password»; staff get 403 and the section
 * says why). The section's state is put in res.locals for every /account page, so the account
 * module renders it as one more include.
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { appPasswordView, createAppPassword, revokeAppPassword } from "./app-password.service.ts";
import { APP_PASSWORD_TEXT } from "./webapi.text.ts";

export const appPasswordRouter = Router();

appPasswordRouter.use("/account", async (req, res, next) => {
  res.locals.appPassword = await appPasswordView(actorOf(req));
  next();
});

/** Shows the new password once (a page of its own, never kept in the session or a flash message). */
appPasswordRouter.post("/account/app-password", requirePermission("app-password", "create"), async (req, res) => {
  const actor = actorOf(req);
  const { password, replaced } = await createAppPassword(actor);
  res.setHeader("Cache-Control", "no-store");
  res.page("webapi/app-password-issued", {
    title: APP_PASSWORD_TEXT.issuedTitle,
    password,
    note: replaced ? APP_PASSWORD_TEXT.replaced : APP_PASSWORD_TEXT.created,
    issuedNote: APP_PASSWORD_TEXT.issuedNote,
    serverUrl: `${req.protocol}://${req.get("host")}`,
  });
});

appPasswordRouter.post("/account/app-password/delete", requirePermission("app-password", "delete"), async (req, res) => {
  flash(req, "ok", (await revokeAppPassword(actorOf(req))) ? APP_PASSWORD_TEXT.revoked : APP_PASSWORD_TEXT.noneToRevoke);
  res.redirect("/account#app-password");
});
