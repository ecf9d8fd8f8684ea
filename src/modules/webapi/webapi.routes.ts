/**
 * /webapi — the subset of the «Сетевой город. Образование» web API that the open-source diary
 * clients use (issue 21), mounted before the pages' session, CSRF and sign-in (app.ts): it has its
 * own sessions (webapi.auth.ts). Paths are case-insensitive (clients send «auth/getData»); errors
 * are JSON {message}, a refused sign-in HTTP 409 as the real server answers it.
 *   GET  logindata, prepareloginform, sysInfo, schools/search[?name=], context/expired?token=
 *   POST auth/getdata, login (form-encoded), auth/logout
 *   … and, with the `at` header, the diary's reads (webapi-read.routes.ts).
 */
import express, { Router, type NextFunction, type Request, type Response } from "express";
import rateLimit from "express-rate-limit";
import { config } from "../../config.ts";
import { AppError, ValidationError } from "../../lib/errors.ts";
import { bodyOf, queryText } from "../../lib/http.ts";
import { parseOrThrow } from "../../lib/validation.ts";
import { ROLE_NAMES } from "../../access/roles.ts";
import { actorOfToken, issueLoginData, openSession, SESSION_COOKIE_NAME, signIn, signOut, tokenExpired, TOKEN_DAYS } from "./webapi.auth.ts";
import { loginForm, schoolSearch } from "./webapi.schemas.ts";
import { searchSchools, sysInfoText } from "./webapi.school.ts";
import { webapiReadRouter } from "./webapi-read.routes.ts";
import { WEBAPI_TEXT } from "./webapi.text.ts";

const cookieOf = (req: Request): string | undefined =>
  req.headers.cookie
    ?.split(/;\s*/)
    .find((c) => c.startsWith(`${SESSION_COOKIE_NAME}=`))
    ?.slice(SESSION_COOKIE_NAME.length + 1);

/** The `at` token: the header, or ?at= (the clients' photo request). */
export const tokenOf = (req: Request): string | undefined => req.get("at") || queryText(req, "at") || undefined;

function setSessionCookie(req: Request, res: Response, value: string) {
  res.cookie(SESSION_COOKIE_NAME, value, { path: "/webapi", httpOnly: true, sameSite: "lax", secure: req.secure });
}

/**
 * Failed sign-ins per address and per login in 15 minutes (successful ones are not counted): the
 * app password is random, so this only stops guessing. Each app has its own counts (in memory).
 */
function signInLimiters() {
  const tooMany = (_req: Request, res: Response) => void res.status(429).json({ message: WEBAPI_TEXT.tooManyAttempts });
  const base = { windowMs: 15 * 60_000, skipSuccessfulRequests: true, standardHeaders: "draft-7" as const, legacyHeaders: false, handler: tooMany };
  return [
    rateLimit({ ...base, limit: () => config().loginRateLimit }),
    rateLimit({
      ...base,
      limit: 10,
      keyGenerator: (req) => {
        const un = bodyOf(req).un;
        return `login:${typeof un === "string" ? un.trim().toLowerCase().slice(0, 100) : ""}`;
      },
    }),
  ];
}

/**
 * Sessions opened per address in 15 minutes (logindata, auth/getdata write a row each): 25 times
 * LOGIN_RATE_LIMIT, so a school's families behind one address are never held up, a flood is.
 */
function openingLimiter() {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: () => 25 * config().loginRateLimit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (_req, res) => void res.status(429).json({ message: WEBAPI_TEXT.tooManyAttempts }),
  });
}

/** The router of one app (its own sign-in counts). */
export function webapiRouter(): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: "64kb", parameterLimit: 50 }), express.json({ limit: "64kb" }));
  router.use((_req, res, next) => {
    res.setHeader("Cache-Control", "private, no-store");
    next();
  });

  const opening = openingLimiter();
  router.get("/logindata", opening, async (req, res) => {
    setSessionCookie(req, res, await openSession());
    res.json({ version: "", schoolId: 0, loginType: 1 });
  });
  router.post("/auth/getdata", opening, async (req, res) => {
    const { cookie, data } = await issueLoginData(cookieOf(req));
    if (cookie) setSessionCookie(req, res, cookie);
    res.json(data);
  });
  router.get("/prepareloginform", (_req, res) => {
    res.json({ cid: 1, sid: 1, pid: 1, cn: 1, sft: 2, scid: 0, hlevels: [], countries: [], states: [], provinces: [], cities: [], funcs: [], schools: [] });
  });
  router.get("/sysinfo", (_req, res) => {
    res.type("text/plain; charset=utf-8").send(sysInfoText());
  });
  router.get("/schools/search", async (req, res) => {
    res.json(await searchSchools(parseOrThrow(schoolSearch, req.query).name));
  });

  router.post("/login", ...signInLimiters(), async (req, res) => {
    const parsed = loginForm.safeParse(bodyOf(req));
    if (!parsed.success) return void res.status(409).json({ message: WEBAPI_TEXT.badForm });
    const { at, actor } = await signIn(cookieOf(req), parsed.data, { ip: req.ip, userAgent: req.get("user-agent") });
    const roles = [...actor.roles].filter((r) => r === "PARENT" || r === "STUDENT");
    res.json({
      at,
      code: null,
      timeOut: TOKEN_DAYS * 86_400_000,
      accessToken: null,
      refreshToken: null,
      accountInfo: {
        activeToken: null,
        secureActiveToken: false,
        currentOrganization: { id: actor.schoolId, name: actor.schoolName },
        user: { id: actor.userId, name: actor.fullName },
        userRoles: roles.map((r, i) => ({ id: i + 1, name: ROLE_NAMES[r] })),
      },
      tryingToLogin: false,
      errorMessage: null,
    });
  });
  router.get("/context/expired", async (req, res) => {
    res.json(await tokenExpired(queryText(req, "token") || tokenOf(req)));
  });
  router.post("/auth/logout", async (req, res) => {
    await signOut(tokenOf(req) ?? (typeof bodyOf(req).at === "string" ? (bodyOf(req).at as string) : undefined));
    res.json({});
  });

  // Everything below reads on behalf of the token's family member.
  router.use(async (req, res, next) => {
    const actor = await actorOfToken(tokenOf(req));
    if (!actor) return void res.status(401).json({ message: WEBAPI_TEXT.unauthorized });
    req.actor = actor;
    next();
  });
  router.use(webapiReadRouter);

  router.use((_req, res) => void res.status(404).json({ message: WEBAPI_TEXT.notFound }));
  router.use(webapiErrors);
  return router;
}

/** JSON errors {message}: the error family with its status (invalid input 400); the unexpected go to the app's handler (logged, 500). */
function webapiErrors(err: unknown, req: Request, res: Response, next: NextFunction): void {
  const e = err as { type?: string; status?: number };
  if (err instanceof ValidationError) {
    const [field, text] = Object.entries(err.fields)[0] ?? [];
    return void res.status(400).json({ message: field && text ? `${field}: ${text}` : err.message });
  }
  if (err instanceof AppError) return void res.status(err.status).json({ message: err.message });
  if (e?.type === "entity.parse.failed" || e?.type === "parameters.too.many" || e?.type === "entity.too.large")
    return void res.status(e.status ?? 400).json({ message: WEBAPI_TEXT.badRequest });
  req.headers.accept = "application/json";
  next(err);
}
