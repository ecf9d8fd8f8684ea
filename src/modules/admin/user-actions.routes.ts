/**
 * Actions on one account (R-ROLE-3, R-SEC-3, R-SEC-5): roles, block / unblock, unlock, password reset,
 * ending sessions. The catalogue guard is user:update; the services apply the record rules.
 */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { ValidationError } from "../../lib/errors.ts";
import { parseForm } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { blockUser, endUserSessions, resetPassword, unblockUser, unlockUser, updateRoles } from "./accounts.service.ts";
import { TEXT } from "./admin.text.ts";
import { idParam, showUser } from "./user-page.ts";
import { showIssuedPassword } from "./users.routes.ts";
import { blockSchema, foldArrayErrors, rolesSchema } from "./users.schemas.ts";

export const userActionsRouter = Router();
const mayUpdate = requirePermission("user", "update");

const back = (req: Request) => `/admin/users/${idParam(req)}`;

/** A refused rule (ValidationError) shows the account page again with the message beside the form. */
async function refusedOr<T>(
  req: Request,
  res: Response,
  action: () => Promise<T>,
  values?: Record<string, unknown>,
): Promise<{ done: true; value: T } | { done: false }> {
  try {
    return { done: true, value: await action() };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    await showUser(req, res, { errors: err.fields, values, status: 422 });
    return { done: false };
  }
}

userActionsRouter.post("/admin/users/:id/roles", mayUpdate, async (req, res) => {
  const id = idParam(req);
  const body = (req.body ?? {}) as Record<string, unknown>;
  const values = { roles: ([] as unknown[]).concat(body.roles ?? []) };
  const parsed = parseForm(rolesSchema, body);
  if (!parsed.ok) return showUser(req, res, { errors: foldArrayErrors(parsed.errors), values, status: 422 });
  const r = await refusedOr(req, res, () => updateRoles(req.actor!, id, parsed.data.roles), values);
  if (!r.done) return;
  flash(req, r.value ? "ok" : "info", r.value ? "Роли изменены" : "Роли не изменились");
  res.redirect(back(req));
});

userActionsRouter.post("/admin/users/:id/block", mayUpdate, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(blockSchema, req.body);
  if (!parsed.ok) return showUser(req, res, { errors: parsed.errors, values: req.body, status: 422 });
  const r = await refusedOr(req, res, () => blockUser(req.actor!, id, parsed.data.reason), req.body);
  if (!r.done) return;
  flash(req, r.value ? "ok" : "info", r.value ? "Учётная запись заблокирована, все её сеансы завершены" : TEXT.alreadyBlocked);
  res.redirect(back(req));
});

userActionsRouter.post("/admin/users/:id/unblock", mayUpdate, async (req, res) => {
  const changed = await unblockUser(req.actor!, idParam(req));
  flash(req, changed ? "ok" : "info", changed ? "Учётная запись разблокирована" : TEXT.notBlocked);
  res.redirect(back(req));
});

userActionsRouter.post("/admin/users/:id/unlock", mayUpdate, async (req, res) => {
  const changed = await unlockUser(req.actor!, idParam(req));
  flash(req, changed ? "ok" : "info", changed ? "Временная блокировка снята: пользователь может войти" : TEXT.notLocked);
  res.redirect(back(req));
});

userActionsRouter.post("/admin/users/:id/password", mayUpdate, async (req, res) => {
  const issued = await resetPassword(req.actor!, idParam(req));
  showIssuedPassword(res, issued, "Пароль сброшен");
});

userActionsRouter.post("/admin/users/:id/sessions/end", mayUpdate, async (req, res) => {
  const n = await endUserSessions(req.actor!, idParam(req), req.sessionID);
  flash(req, "ok", n ? `Завершено сеансов: ${n}` : "Открытых сеансов не было");
  res.redirect(back(req));
});
