/** The account page (/admin/users/:id), shown by GET and again by a refused action with its message. */
import type { Request, Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { ASSIGNABLE_ROLES } from "../../access/roles.ts";
import { idParam } from "../../lib/http.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { activeSessionCount, recentLogins } from "../auth/auth.service.ts";
import { emailEnabled } from "../notifications/notifications.service.ts";
import { LOGIN_REASONS, TEXT } from "./admin.text.ts";
import { canManageAccounts, canResetPassword, viewsAllAccounts } from "./users.policy.ts";
import { userDetail } from "./users.query.ts";

export const ADMIN_STYLES = ["/static/css/admin.css"];
export const ADMIN_SCRIPTS = ["/static/js/admin.js"];

/** The account page; a foreign or malformed id is a 404, like a missing one. */
export async function showUser(req: Request, res: Response, opts: { errors?: FieldErrors; values?: Record<string, unknown>; status?: number } = {}) {
  const actor = actorOf(req);
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
      // «Выслать новый временный пароль на e-mail» (students/accounts.routes.ts): off without SMTP.
      mailOn: emailEnabled(),
      may: {
        roles: manage,
        login: manage,
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
