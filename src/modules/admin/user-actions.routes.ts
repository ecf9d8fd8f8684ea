/**
 * Actions on one account (R-ROLE-3, R-SEC-3, R-SEC-5): roles, block / unblock, unlock, password reset,
 * ending sessions. The catalogue guard is user:update; the services apply the record rules.
 */
import { Router, type Request } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { parseForm } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { blockUser, endUserSessions, renameLogin, resetPassword, unblockUser, unlockUser, updateRoles } from "./accounts.service.ts";
import { TEXT } from "./admin.text.ts";
import { showUser } from "./user-page.ts";
import { showIssuedPassword } from "./users.routes.ts";
import { blockSchema, foldArrayErrors, renameLoginSchema, rolesSchema } from "./users.schemas.ts";

export const userActionsRouter = Router();
const mayUpdate = requirePermission("user", "update");

const back = (req: Request) => `/admin/users/${idParam(req)}`;

// A refused rule (ValidationError) shows the account page again with the message beside the form (422).

userActionsRouter.post("/users/:id/roles", mayUpdate, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const values = { roles: ([] as unknown[]).concat(body.roles ?? []) };
  const parsed = parseForm(rolesSchema, body);
  let changed = false;
  const errors = parsed.ok ? await formErrors(async () => (changed = await updateRoles(actorOf(req), id, parsed.data.roles))) : foldArrayErrors(parsed.errors);
  if (errors) return showUser(req, res, { errors, values, status: 422 });
  flash(req, changed ? "ok" : "info", changed ? "Роли изменены" : "Роли не изменились");
  res.redirect(back(req));
});

userActionsRouter.post("/users/:id/login", mayUpdate, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(renameLoginSchema, body);
  let changed = false;
  const errors = parsed.ok ? await formErrors(async () => (changed = await renameLogin(actorOf(req), id, parsed.data.newLogin))) : parsed.errors;
  if (errors) return showUser(req, res, { errors, values: typed(body), status: 422 });
  flash(req, changed ? "ok" : "info", changed ? "Логин изменён: прежний записан в журнал изменений" : "Логин не изменился");
  res.redirect(back(req));
});

userActionsRouter.post("/users/:id/block", mayUpdate, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(blockSchema, body);
  let changed = false;
  const errors = parsed.ok ? await formErrors(async () => (changed = await blockUser(actorOf(req), id, parsed.data.reason))) : parsed.errors;
  if (errors) return showUser(req, res, { errors, values: typed(body), status: 422 });
  flash(req, changed ? "ok" : "info", changed ? "Учётная запись заблокирована, все её сеансы завершены" : TEXT.alreadyBlocked);
  res.redirect(back(req));
});

userActionsRouter.post("/users/:id/unblock", mayUpdate, async (req, res) => {
  const changed = await unblockUser(actorOf(req), idParam(req));
  flash(req, changed ? "ok" : "info", changed ? "Учётная запись разблокирована" : TEXT.notBlocked);
  res.redirect(back(req));
});

userActionsRouter.post("/users/:id/unlock", mayUpdate, async (req, res) => {
  const changed = await unlockUser(actorOf(req), idParam(req));
  flash(req, changed ? "ok" : "info", changed ? "Временная блокировка снята: пользователь может войти" : TEXT.notLocked);
  res.redirect(back(req));
});

userActionsRouter.post("/users/:id/password", mayUpdate, async (req, res) => {
  const issued = await resetPassword(actorOf(req), idParam(req));
  showIssuedPassword(res, issued, "Пароль сброшен");
});

userActionsRouter.post("/users/:id/sessions/end", mayUpdate, async (req, res) => {
  const n = await endUserSessions(actorOf(req), idParam(req), req.sessionID);
  flash(req, "ok", n ? `Завершено сеансов: ${n}` : "Открытых сеансов не было");
  res.redirect(back(req));
});
