/**
 * The plumbing of the JSON API (/api/v1, issue 21): bearer-token authentication (no cookies, no
 * session, no CSRF), the write guard of read-only tokens, the rate limit per token, zod parsing of
 * the query and body, and one error handler that answers every error as
 * { error: { code, message, fields? } } with a Russian message.
 */
import type { NextFunction, Request, Response } from "express";
import rateLimit from "express-rate-limit";
import { config } from "../../config.ts";
import { isConnectionError } from "../../lib/db.ts";
import { reportUnexpected } from "../../lib/error-handler.ts";
import { AppError, Forbidden, NotFound, Unauthorized, ValidationError } from "../../lib/errors.ts";
import { parseForm, type z } from "../../lib/validation.ts";
import { API_TEXT, ERROR_CODES } from "./api.text.ts";
import { API_AUTH_TEXT, authenticateToken } from "./tokens.service.ts";

interface ApiTokenLocals {
  id: number;
  canWrite: boolean;
}

/** The token of this request (set by bearerAuth). */
export function tokenOf(res: Response): ApiTokenLocals {
  const t = res.locals.apiToken as ApiTokenLocals | undefined;
  if (!t) throw new Unauthorized(API_AUTH_TEXT.missing);
  return t;
}

/**
 * `Authorization: Bearer <token>` → req.actor, as the session gives it to pages, so the same
 * policies and services decide. Anything else (no header, a cookie only, another scheme) is 401.
 */
export async function bearerAuth(req: Request, res: Response, next: NextFunction): Promise<void> {
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(req.get("authorization") ?? "");
  if (!m) return next(new Unauthorized(API_AUTH_TEXT.missing));
  const auth = await authenticateToken(m[1]!, req.ip ?? null);
  req.actor = auth.actor;
  res.locals.apiToken = { id: auth.tokenId, canWrite: auth.canWrite } satisfies ApiTokenLocals;
  next();
}

/** 403 for a read-only token on a write. */
export function requireWriteToken(_req: Request, res: Response, next: NextFunction): void {
  next(tokenOf(res).canWrite ? undefined : new Forbidden(API_AUTH_TEXT.readOnly));
}

/** API_RATE_LIMIT requests a minute per token (counted in memory, one store per app); 429 with Retry-After above it. */
export function tokenRateLimit() {
  return rateLimit({
    windowMs: 60_000,
    limit: () => config().apiRateLimit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (_req, res) => `token:${tokenOf(res).id}`,
    handler: (_req, res, _next, options) => {
      const seconds = Math.ceil(options.windowMs / 1000);
      if (!res.getHeader("Retry-After")) res.setHeader("Retry-After", String(seconds));
      sendError(res, 429, API_TEXT.rateLimited(config().apiRateLimit));
    },
  });
}

/** Parses the request part with the schema; ValidationError (422 with the fields) otherwise. */
export function parsed<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = parseForm(schema, input ?? {});
  if (!r.ok) throw new ValidationError(r.errors, API_TEXT.validation);
  return r.data;
}

/** A positive integer id from a path parameter already matched by its schema; 404 beyond PostgreSQL's integer. */
export function pathId(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 2_147_483_647) throw new NotFound(API_TEXT.notFound);
  return n;
}

function sendError(res: Response, status: number, message: string, fields?: Record<string, string>): void {
  const error: { code: string; message: string; fields?: { field: string; message: string }[] } = { code: ERROR_CODES[status] ?? "error", message };
  if (fields) error.fields = Object.entries(fields).map(([field, m]) => ({ field, message: m }));
  res.status(status).json({ error });
}

/** Every unknown path under /api/v1: 404 JSON. */
export function apiNotFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFound(API_TEXT.notFound));
}

/** The API's one error handler: JSON always, never a page. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express knows an error handler by its four parameters.
export function apiErrors(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) return;
  const e = err as { code?: string; type?: string } | null;
  if (err instanceof ValidationError) return sendError(res, 422, err.message, err.fields);
  if (err instanceof AppError) return sendError(res, err.status, err.status === 404 && err.message === "Страница не найдена" ? API_TEXT.notFound : err.message);
  if (e?.code === "P2025") return sendError(res, 404, API_TEXT.notFound);
  if (e?.type === "entity.too.large") return sendError(res, 413, API_TEXT.tooLarge);
  if (e?.type === "entity.parse.failed" || e?.type === "parameters.too.many") return sendError(res, 400, API_TEXT.badRequest);
  if (isConnectionError(e)) return sendError(res, 503, API_TEXT.unavailable);
  reportUnexpected(err, req, res);
  sendError(res, 500, API_TEXT.internal);
}
