/**
 * «Персональные настройки»: own data, own password (R-SEC-2), own recent logins and sessions
 * (R-SEC-5), own notifications: the e-mail address and its confirmation, channels per kind (R-COM-4).
 * Every form here changes the signed-in user's own rows only.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { attempt, bodyOf, typed } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import { parseForm, z, type FieldErrors } from "../../lib/validation.ts";
import { MIN_PASSWORD_LENGTH } from "../../lib/passwords.ts";
import { activeSessionCount, changeOwnPassword, endSessions, recentLogins } from "./auth.service.ts";
import {
  FREQUENCY_NAMES,
  kindsFor,
  NOTIFICATION_TEXT,
  parseAddressForm,
  parseSettingsForm,
  resendConfirmation,
  saveSettings,
  setAddress,
  settingsView,
} from "../notifications/notifications.service.ts";

export const accountRouter = Router();

async function accountPage(req: Request, res: Response, form: { values?: Record<string, unknown>; errors?: FieldErrors } = {}, status = 200) {
  const actor = actorOf(req);
  const [logins, sessions, n] = await Promise.all([recentLogins(actor.userId), activeSessionCount(actor.userId), settingsView(actor, kindsFor(actor))]);
  res.page(
    "auth/account",
    {
      title: "Персональные настройки",
      styles: ["/static/css/notifications.css"],
      logins,
      sessions,
      n,
      frequencyNames: FREQUENCY_NAMES,
      mailOffText: NOTIFICATION_TEXT.mailOff,
      values: form.values ?? {},
      errors: form.errors ?? {},
    },
    status,
  );
}

accountRouter.get("/account", (req, res) => accountPage(req, res));

accountRouter.post("/account/notifications", async (req, res) => {
  const actor = actorOf(req);
  const kinds = kindsFor(actor);
  const parsed = parseSettingsForm(bodyOf(req), kinds);
  if (!parsed.ok) return accountPage(req, res, { errors: parsed.errors }, 422);
  await saveSettings(actor, kinds, parsed.data);
  flash(req, "ok", NOTIFICATION_TEXT.settingsSaved);
  res.redirect("/account#notifications");
});

accountRouter.post("/account/email", async (req, res) => {
  const parsed = parseAddressForm(bodyOf(req));
  const saved = parsed.ok ? await attempt(() => setAddress(actorOf(req), parsed.address)) : parsed;
  if (!saved.ok) return accountPage(req, res, { values: typed(req.body), errors: saved.errors }, 422);
  flash(req, "ok", saved.value);
  res.redirect("/account#notifications");
});

accountRouter.post("/account/email/resend", async (req, res) => {
  flash(req, "info", await resendConfirmation(actorOf(req)));
  res.redirect("/account#notifications");
});

accountRouter.post("/account/email/delete", async (req, res) => {
  flash(req, "ok", await setAddress(actorOf(req), null));
  res.redirect("/account#notifications");
});

accountRouter.post("/account/sessions/end-others", async (req, res) => {
  const n = await endSessions(actorOf(req).userId, req.sessionID);
  flash(req, "ok", n ? `Завершено других сеансов: ${n}` : "Других открытых сеансов нет");
  res.redirect("/account");
});

const passwordSchema = z.object({
  current: z.string({ message: "Введите текущий пароль" }).min(1, "Введите текущий пароль").max(200),
  password: z.string({ message: "Введите новый пароль" }).min(1, "Введите новый пароль").max(200, "Не длиннее 128 символов"),
  repeat: z.string({ message: "Повторите новый пароль" }).min(1, "Повторите новый пароль").max(200),
});

accountRouter.get("/account/password", (req, res) => {
  res.page("auth/password", { title: "Смена пароля", forced: actorOf(req).mustChangePassword, minLength: MIN_PASSWORD_LENGTH });
});

accountRouter.post("/account/password", async (req, res) => {
  const actor = actorOf(req);
  const render = (errors: Record<string, string>) =>
    res.page("auth/password", { title: "Смена пароля", forced: actor.mustChangePassword, minLength: MIN_PASSWORD_LENGTH, errors }, 422);
  const parsed = parseForm(passwordSchema, bodyOf(req));
  const errors = parsed.ok ? await changeOwnPassword(actor.userId, parsed.data) : parsed.errors;
  if (errors) return render(errors);
  // As banks do: a changed password ends every other session of the user (another device, a stolen cookie).
  const ended = await endSessions(actor.userId, req.sessionID);
  flash(req, "ok", ended ? `Пароль изменён. Другие сеансы завершены (${ended}): на других устройствах войдите с новым паролем.` : "Пароль изменён.");
  res.redirect(actor.mustChangePassword ? "/" : "/account");
});
