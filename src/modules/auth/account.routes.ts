/** «Персональные настройки»: own data, own password (R-SEC-2), own recent logins and sessions (R-SEC-5). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { bodyOf } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import { parseForm, z } from "../../lib/validation.ts";
import { MIN_PASSWORD_LENGTH } from "../../lib/passwords.ts";
import { activeSessionCount, changeOwnPassword, endSessions, recentLogins } from "./auth.service.ts";

export const accountRouter = Router();

accountRouter.get("/account", async (req, res) => {
  const actor = actorOf(req);
  const [logins, sessions] = await Promise.all([recentLogins(actor.userId), activeSessionCount(actor.userId)]);
  res.page("auth/account", { title: "Персональные настройки", logins, sessions });
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
