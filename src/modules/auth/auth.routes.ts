/** Sign in and out (passport-local), keep-alive for the idle warning, the forced return to a lost form. */
import { Router, type NextFunction, type Request, type Response } from "express";
import passport from "passport";
import { Strategy as LocalStrategy, type IVerifyOptions } from "passport-local";
import rateLimit from "express-rate-limit";
import { config } from "../../config.ts";
import { bodyOf } from "../../lib/http.ts";
import { csrf, SIGNED_IN_COOKIE } from "../../lib/session.ts";
import { field, parseForm, z } from "../../lib/validation.ts";
import { authenticate, LOCKOUT_HINT, WRONG } from "./auth.service.ts";

let configured = false;
export function configurePassport(): void {
  if (configured) return;
  configured = true;
  passport.use(
    new LocalStrategy({ usernameField: "login", passwordField: "password", passReqToCallback: true }, (req, login, password, done) => {
      void verifyLogin(req, login, password, done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: unknown, done) => done(null, typeof id === "number" ? { id } : false));
}

/** passport-local's verify callback: the answer of authenticate(); an unexpected error goes to done, so the promise never rejects. */
async function verifyLogin(
  req: Request,
  login: string,
  password: string,
  done: (error: unknown, user?: Express.User | false, options?: IVerifyOptions) => void,
): Promise<void> {
  try {
    const result = await authenticate(login, password, { ip: req.ip, userAgent: req.get("user-agent") });
    if (result.ok) done(null, { id: result.userId });
    else done(null, false, { message: result.message });
  } catch (err) {
    done(err);
  }
}

/** The login as posted, for the form shown again («» when missing). */
function postedLogin(req: Request): string {
  const login = bodyOf(req).login;
  return typeof login === "string" ? login : "";
}

const loginSchema = z.object({ login: field.text(100), password: z.string({ message: "Введите пароль" }).min(1, "Введите пароль").max(200) });

/**
 * Failed sign-ins per address in 15 minutes (LOGIN_RATE_LIMIT). Successful ones are not counted:
 * a whole school signs in at 8:00 from one NAT address. Above the limit every sign-in from the
 * address waits until the window passes (password spraying over many logins). Per account, the
 * lockout after 5 wrong passwords (auth.service) stays. The counts are kept in memory, one store
 * per app (authRoutes()).
 */
function loginLimiter() {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: () => config().loginRateLimit,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (req, res) => {
      res.page(
        "auth/login",
        { title: "Вход", values: { login: postedLogin(req) }, formError: "Слишком много неудачных попыток входа с этого адреса. Подождите 15 минут." },
        429,
      );
    },
  });
}

/** The sign-in routes of one app, with its own count of failed sign-ins per address (loginLimiter). */
export function authRoutes(): Router {
  const router = Router();
  const limiter = loginLimiter();

  router.get("/login", (req, res) => {
    if (req.actor) return res.redirect("/");
    const notice =
      req.query.expired === "1"
        ? req.session.pendingForm
          ? "Сеанс завершён из-за бездействия. Войдите снова — заполненная форма не потеряна и откроется после входа."
          : "Сеанс завершён из-за бездействия. Войдите снова."
        : req.query.out === "1"
          ? "Вы вышли из системы."
          : null;
    res.page("auth/login", { title: "Вход", notice });
  });

  router.post("/login", limiter, csrf.csrfSynchronisedProtection, (req, res, next) => {
    const parsed = parseForm(loginSchema, bodyOf(req));
    if (!parsed.ok) return res.page("auth/login", { title: "Вход", values: { login: postedLogin(req) }, errors: parsed.errors }, 422);
    const signIn = passport.authenticate("local", (err: unknown, user: Express.User | false, info?: { message?: string }) => {
      if (err) return next(err);
      if (!user) {
        const formError = info?.message ?? WRONG;
        return res.page(
          "auth/login",
          { title: "Вход", values: { login: parsed.data.login }, formError, lockoutHint: formError === WRONG ? LOCKOUT_HINT : null },
          401,
        );
      }
      // passport regenerates the session at login; carry over what the old one kept for us.
      const pending = req.session.pendingForm;
      const returnTo = req.session.returnTo;
      req.logIn(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        req.session.loginAt = Date.now();
        res.cookie(SIGNED_IN_COOKIE, "1", { httpOnly: true, sameSite: "lax", maxAge: 90 * 86_400_000, secure: req.secure });
        if (pending) {
          req.session.restoredForm = pending;
          return res.redirect(pending.path);
        }
        res.redirect(safeReturn(returnTo));
      });
    }) as (req: Request, res: Response, next: NextFunction) => void;
    signIn(req, res, next);
  });

  router.post("/logout", csrf.csrfSynchronisedProtection, (req, res, next) => {
    req.logOut((err) => {
      if (err) return next(err);
      req.session.destroy(() => {
        res.clearCookie(SIGNED_IN_COOKIE);
        res.clearCookie("ej.sid");
        res.redirect("/login?out=1");
      });
    });
  });

  /** The idle warning's «Остаться в системе»: any authenticated request extends the session. */
  router.post("/session/keepalive", csrf.csrfSynchronisedProtection, (req, res) => {
    if (!req.actor) return res.status(401).json({ error: "Сеанс истёк. Войдите снова." });
    res.json({ ok: true, idleSeconds: req.actor.idleMinutes * 60 });
  });

  return router;
}

/** Only local paths: an absolute URL in returnTo would be an open redirect. */
function safeReturn(path: string | undefined): string {
  return path && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/login") ? path : "/";
}

const SECRET_FIELDS = new Set(["_csrf", "password", "current", "repeat"]);

/**
 * Keeps a form posted after the session expired: the values go back to the
 * page the form was on (from Referer), and are restored there after login.
 */
export function stashExpiredForm(req: Request): void {
  const body = bodyOf(req);
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!SECRET_FIELDS.has(k)) values[k] = v;
  let path = req.path;
  const referer = req.get("referer");
  if (referer) {
    // Only the path is used, and only as a local redirect (safeReturn), so a foreign Referer leads nowhere else.
    try {
      path = new URL(referer).pathname;
    } catch {
      /* keep the posted path */
    }
  }
  if (JSON.stringify(values).length < 200_000) req.session.pendingForm = { path: safeReturn(path), values };
}
