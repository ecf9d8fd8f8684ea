/** Accounts: the list, creating an account, the account page (R-ROLE-3, R-SEC-1, R-SEC-3). */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { ASSIGNABLE_ROLES, ROLES, ROLE_NAMES } from "../../access/roles.ts";
import { NotFound } from "../../lib/errors.ts";
import { bodyOf, typed } from "../../lib/http.ts";
import { field, parseForm, z, type FieldErrors } from "../../lib/validation.ts";
import { TEXT } from "./admin.text.ts";
import {
  createPersonAccount,
  createStaffAccount,
  personForAccount,
  personsWithoutAccount,
  suggestLogin,
  type CreateResult,
  type IssuedPassword,
} from "./users.create.ts";
import { listUsers } from "./users.query.ts";
import { foldArrayErrors, newStaffSchema, newUserQuery, personAccountSchema, usersQuery } from "./users.schemas.ts";
import { ADMIN_SCRIPTS, ADMIN_STYLES, showUser } from "./user-page.ts";

export const usersRouter = Router();

usersRouter.get("/users", requirePermission("user", "view"), async (req, res) => {
  const filter = usersQuery.parse(req.query);
  const list = await listUsers(actorOf(req), filter);
  const base = new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), ...(filter.role ? { role: filter.role } : {}) }).toString();
  res.page("admin/users", {
    title: "Пользователи",
    styles: ADMIN_STYLES,
    ...list,
    filter,
    pagerBase: `/admin/users?${base ? base + "&" : ""}`,
    roleOptions: ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] })),
  });
});

/** The result page of a new or reset password: shown once, never cached (R-SEC-8: a printable slip). */
export function showIssuedPassword(res: Response, issued: IssuedPassword, heading: string) {
  res.set("Cache-Control", "no-store");
  res.page("admin/password-issued", { title: heading, heading, styles: ADMIN_STYLES, scripts: ADMIN_SCRIPTS, issued, note: TEXT.passwordOnce });
}

async function showNewForm(
  req: Request,
  res: Response,
  opts: { values?: Record<string, unknown>; errors?: FieldErrors; duplicates?: unknown[]; status?: number } = {},
) {
  const body = bodyOf(req);
  const query = newUserQuery.parse({ ...req.query, ...(req.method === "POST" ? { mode: body.mode, personId: body.personId } : {}) });
  const person = query.mode === "person" && query.personId ? await personForAccount(actorOf(req), query.personId) : null;
  if (query.mode === "person" && query.personId && !person && req.method === "GET") throw new NotFound();
  const persons = query.mode === "person" && !person ? await personsWithoutAccount(actorOf(req), query.q) : [];
  res.page(
    "admin/user-new",
    {
      title: "Новая учётная запись",
      styles: ADMIN_STYLES,
      scripts: ADMIN_SCRIPTS,
      mode: query.mode,
      q: query.q,
      person,
      persons,
      duplicates: opts.duplicates ?? [],
      assignable: ASSIGNABLE_ROLES,
      classTeacherNote: TEXT.classTeacherNote,
      loginHint: TEXT.loginHint,
      values: opts.values ?? (person ? { login: person.login, roles: person.roles } : {}),
      errors: opts.errors ?? {},
    },
    opts.status ?? 200,
  );
}

usersRouter.get("/users/new", requirePermission("user", "create"), (req, res) => showNewForm(req, res));

usersRouter.post("/users", requirePermission("user", "create"), async (req, res) => {
  const body = bodyOf(req);
  const values = { ...typed(body), roles: ([] as unknown[]).concat(body.roles ?? []) };
  let result: CreateResult;
  if (body.mode === "person") {
    const parsed = parseForm(personAccountSchema, body);
    result = parsed.ok ? await createPersonAccount(actorOf(req), parsed.data) : { ok: false, errors: parsed.errors };
  } else {
    const parsed = parseForm(newStaffSchema, body);
    result = parsed.ok ? await createStaffAccount(actorOf(req), parsed.data) : { ok: false, errors: parsed.errors };
  }
  if (!result.ok) return showNewForm(req, res, { values, errors: foldArrayErrors(result.errors), duplicates: result.duplicates, status: 422 });
  showIssuedPassword(res, result, "Учётная запись создана");
});

const nameQuery = z.object({ lastName: field.text(100), firstName: field.text(100), middleName: field.optionalText(100) });

/** Progressive enhancement for the create form: a free login made from the typed name. */
usersRouter.get("/users/login-suggestion", requirePermission("user", "create"), async (req, res) => {
  const parsed = parseForm(nameQuery, req.query);
  if (!parsed.ok) return res.status(422).json({ errors: parsed.errors });
  res.json({ login: await suggestLogin(parsed.data) });
});

usersRouter.get("/users/:id", requirePermission("user", "view"), (req, res) => showUser(req, res));
