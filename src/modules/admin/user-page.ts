/** The account page (/admin/users/:id), shown by GET and again by a refused action with its message. */
import type { Request, Response } from "express";
import { ASSIGNABLE_ROLES } from "../../access/roles.ts";
import { NotFound } from "../../lib/errors.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { activeSessionCount, recentLogins } from "../auth/auth.service.ts";
import { LOGIN_REASONS, TEXT } from "./admin.text.ts";
import { canManageAccounts, canResetPassword, viewsAllAccounts } from "./users.policy.ts";
import { userDetail } from "./users.query.ts";

export const ADMIN_STYLES = ["/static/css/admin.css"];
export const ADMIN_SCRIPTS = ["/static/js/admin.js"];

/** A path id: digits only, else 404 (a foreign or malformed id looks the same as a missing one). */
export function idParam(req: Request): number {
  const raw = String(req.params.id ?? "");
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > 2147483647) throw new NotFound();
  return id;
}

export async function showUser(req: Request, res: Response, opts: { errors?: FieldErrors; values?: Record<string, unknown>; status?: number } = {}) {
  const actor = req.actor!;
  const detail = await userDetail(actor, idParam(req));
  const self = detail.user.id === actor.userId;
  const manage = canManageAccounts(actor);
  const seesActivity = viewsAllAccounts(actor);
  const [logins, sessions] = seesActivity ? await Promise.all([recentLogins(detail.user.id), activeSessionCount(detail.user.id)]) : [[], null];
  res.page(
    "admin/user",
    {
      title: detail.user.name,
      styles: ADMIN_STYLES,
      ...detail,
      logins,
      sessions,
      self,
      may: {
        roles: manage,
        block: manage && !self,
        endSessions: manage,
        reset: canResetPassword(actor, detail.target),
      },
      assignable: ASSIGNABLE_ROLES,
      classTeacherNote: TEXT.classTeacherNote,
      loginReasons: LOGIN_REASONS,
      values: opts.values ?? { roles: detail.user.storedRoles },
      errors: opts.errors ?? {},
    },
    opts.status ?? 200,
  );
}
