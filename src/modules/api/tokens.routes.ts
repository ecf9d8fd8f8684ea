/**
 * Pages of personal API tokens (issue 21): the section «Токены для приложений (API)» of
 * «Персональные настройки» (list, create — shown once —, revoke) and the administrator's page of
 * every token of the school (/admin/api-tokens). Mounted after sign-in and CSRF, like the account page.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { Forbidden } from "../../lib/errors.ts";
import { attempt, bodyOf, idParam, typed } from "../../lib/http.ts";
import { listQuery, parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { canCreateToken, seesSchoolTokens } from "./tokens.policy.ts";
import { tokenForm } from "./tokens.schemas.ts";
import { createToken, ownTokens, revokeToken, schoolTokens } from "./tokens.service.ts";
import { EXPIRY_DAYS, TOKEN_TEXT } from "./tokens.text.ts";

export const apiTokenPagesRouter = Router();

/** The locals of the section (views/api/_tokens.ejs). */
async function sectionLocals(req: Request, values: Record<string, unknown> = {}, errors: FieldErrors = {}) {
  const actor = actorOf(req);
  return {
    apiTokens: await ownTokens(actor),
    apiTokenText: TOKEN_TEXT,
    apiTokenExpiryDays: EXPIRY_DAYS,
    apiTokenCanCreate: canCreateToken(actor),
    tokenValues: values,
    tokenErrors: errors,
  };
}

// The account page (account.routes.ts) shows the section with these locals: loaded here so the token
// section stays a separate include. Other renders of the account page show a link to /account/api-tokens.
apiTokenPagesRouter.get("/account", async (req, res, next) => {
  Object.assign(res.locals, await sectionLocals(req));
  next();
});

async function tokensPage(req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, status = 200) {
  res.page("api/tokens", { title: TOKEN_TEXT.section, ...(await sectionLocals(req, values, errors)) }, status);
}

apiTokenPagesRouter.get("/account/api-tokens", requirePermission("api-token", "view"), (req, res) => tokensPage(req, res));

apiTokenPagesRouter.post("/account/api-tokens", requirePermission("api-token", "create"), async (req, res) => {
  const parsed = parseForm(tokenForm, bodyOf(req));
  const created = parsed.ok ? await attempt(() => createToken(actorOf(req), parsed.data)) : parsed;
  if (!created.ok || !parsed.ok) return tokensPage(req, res, typed(req.body), created.ok ? {} : created.errors, 422);
  // Shown once, on this page (never through a redirect: nothing of it is kept in the session).
  res.setHeader("Cache-Control", "no-store");
  res.page("api/token-created", {
    title: TOKEN_TEXT.created,
    T: TOKEN_TEXT,
    token: created.value.token,
    name: parsed.data.name,
    canWrite: parsed.data.scope === "write",
    expiresAt: created.value.expiresAt,
  });
});

apiTokenPagesRouter.post("/account/api-tokens/:id/revoke", requirePermission("api-token", "delete"), async (req, res) => {
  await revokeToken(actorOf(req), idParam(req), "own");
  flash(req, "ok", TOKEN_TEXT.revoked);
  res.redirect("/account#api-tokens");
});

function assertSeesSchoolTokens(req: Request): void {
  if (!seesSchoolTokens(actorOf(req))) throw new Forbidden();
}

apiTokenPagesRouter.get("/admin/api-tokens", requirePermission("api-token", "view"), async (req, res) => {
  assertSeesSchoolTokens(req);
  const list = await schoolTokens(actorOf(req), listQuery.parse(req.query).page);
  res.page("api/admin-tokens", {
    title: TOKEN_TEXT.adminTitle,
    T: TOKEN_TEXT,
    tokens: list.rows,
    page: list.page,
    pages: list.pages,
    pagerBase: "/admin/api-tokens?",
  });
});

apiTokenPagesRouter.post("/admin/api-tokens/:id/revoke", requirePermission("api-token", "delete"), async (req, res) => {
  assertSeesSchoolTokens(req);
  await revokeToken(actorOf(req), idParam(req), "school");
  flash(req, "ok", TOKEN_TEXT.revoked);
  res.redirect("/admin/api-tokens");
});
