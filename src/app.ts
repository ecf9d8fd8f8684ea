/**
 * Builds the Express application (no listen; tests import this).
 * Order: static files, the JSON API (/api/v1, bearer tokens, no session), public routes, then authentication for everything
 * else, CSRF on every form, the forced password change, the modules.
 */
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import passport from "passport";
import { config } from "./config.ts";
import { loadActor, readSessionWithActor, sessionActor } from "./access/actor.ts";
import { withLetterhead } from "./lib/letterhead.ts";
import { can } from "./access/policy.ts";
import { ROLE_NAMES } from "./access/roles.ts";
import { csrf, hadExpiredSession, sessionMiddleware } from "./lib/session.ts";
import { flash, pageRenderer } from "./lib/views.ts";
import { errorHandler, notFound } from "./lib/error-handler.ts";
import { formatDate, formatDateTime, isoDate } from "./lib/dates.ts";
import { declinePeriodName, periodFor, periodIn } from "./lib/periods-ru.ts";
import { navigationFor } from "./access/navigation.ts";
import { healthRouter } from "./modules/health/health.routes.ts";
import { metricsRouter, requestTiming } from "./modules/metrics/metrics.routes.ts";
import { noteWrites } from "./lib/replica.ts";
import { authRoutes, configurePassport, stashExpiredForm } from "./modules/auth/auth.routes.ts";
import { accountRouter } from "./modules/auth/account.routes.ts";
import { homeRouter } from "./modules/home/home.routes.ts";
import { unreadCountsForPage } from "./modules/inbox/inbox.service.ts";
import { letterLinksRouter } from "./modules/notifications/notifications.routes.ts";
import { moduleRoutes } from "./modules/index.ts";
import { multipartForms } from "./lib/uploads.ts";
import { apiRouter } from "./modules/api/api.routes.ts";
import { openApiDocument } from "./modules/api/openapi.ts";
import { apiDocsRouter } from "./modules/api/docs.routes.ts";
import { apiTokenPagesRouter } from "./modules/api/tokens.routes.ts";
import { webapiRouter } from "./modules/webapi/webapi.routes.ts";
import { feedSettingsRouter, icalRouter } from "./modules/events/feed.routes.ts";
import { appPasswordRouter } from "./modules/webapi/app-password.routes.ts";

const root = path.resolve(import.meta.dirname, "..");

/** Options of the app; only the benchmark passes any. */
export interface AppOptions {
  /**
   * The header's unread counts on every page (default on). `npm run bench` builds a second app with
   * them off to measure what they add to a page (bench/scenarios/communication.ts); nothing else turns them off.
   */
  unreadCounts?: boolean;
}

export function createApp(options: AppOptions = {}) {
  const cfg = config();
  const app = express();
  app.disable("x-powered-by");
  if (cfg.trustProxy) app.set("trust proxy", 1);
  app.set("view engine", "ejs");
  app.set("views", path.join(root, "views"));
  if (cfg.isProduction) app.set("view cache", true);
  Object.assign(app.locals, { formatDate, formatDateTime, isoDate, ROLE_NAMES, periodFor, periodIn, declinePeriodName });

  app.use(requestTiming); // first: times every request, static files and /health included
  app.use(metricsRouter);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'"],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "form-action": ["'self'"],
          "upgrade-insecure-requests": null,
        },
      },
      strictTransportSecurity: cfg.isProduction,
    }),
  );
  app.use("/static", express.static(path.join(root, "public"), { maxAge: cfg.isProduction ? "7d" : 0, index: false }));
  app.use(healthRouter);
  // The JSON API (issue 21): bearer tokens only, before the session and the replica's write cookie
  // (no cookie is read or set, no CSRF); it parses its own JSON bodies.
  app.use("/api/v1", apiRouter(openApiDocument));
  app.use(noteWrites); // with a read replica: a browser that writes reads from the primary for a while
  // The «Сетевой город» web API for families' diary apps (issue 21): its own sessions (the `at` token),
  // JSON errors, no cookies of the pages and no CSRF — so before the session, CSRF and sign-in below.
  app.use("/webapi", webapiRouter());

  app.use(express.urlencoded({ extended: true, limit: "1mb", parameterLimit: 5000 }));
  app.use(express.json({ limit: "256kb" }));
  app.use(sessionMiddleware(readSessionWithActor));
  // A redirect waits until the session is stored: otherwise the browser's next request can arrive
  // before a kept form (R-INT-2), a flash message or a new login is in the store (found by tests/e2e).
  // An unchanged session is not written again here (express-session touches it as usual): most
  // redirects (/diary → the child's week) change nothing, and the write cost a round trip each.
  const sessionState = (req: Request) => (req.session ? JSON.stringify({ ...req.session, cookie: undefined, id: req.sessionID }) : "");
  app.use((req: Request, res: Response, next: NextFunction) => {
    const loaded = sessionState(req);
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = (...args: unknown[]) => {
      if (!req.session || sessionState(req) === loaded) return redirect(...args);
      req.session.save(() => redirect(...args));
    };
    next();
  });
  configurePassport();
  app.use(passport.session());
  app.use(pageRenderer);

  // The actor of this request; a blocked or removed account is signed out at once.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.user) {
      // Normally read together with the session (one round trip); loaded alone after a sign-in.
      const prefetched = sessionActor(req, req.user.id);
      const actor = prefetched === undefined ? await loadActor(req.user.id) : prefetched;
      if (!actor) {
        await new Promise<void>((resolve) => req.logOut(() => resolve()));
        flash(req, "error", "Ваш сеанс завершён: учётная запись заблокирована или недоступна.");
      } else {
        req.actor = actor;
        req.session.cookie.maxAge = actor.idleMinutes * 60_000;
      }
    }
    const actor = req.actor;
    Object.assign(res.locals, {
      actor,
      can: (action: Parameters<typeof can>[1], entity: Parameters<typeof can>[2]) => can(actor, action, entity),
      nav: navigationFor(actor, req.path),
      currentPath: req.path,
      csrfToken: csrf.generateToken(req),
      idleSeconds: actor ? actor.idleMinutes * 60 : 0,
    });
    // The school's letterhead on the documents this request prints (lib/letterhead.ts).
    if (actor) withLetterhead(actor.letterhead, next);
    else next();
  });

  app.use(authRoutes());
  app.use(letterLinksRouter); // links in letters (unsubscribe, address confirmation): no sign-in needed
  app.use(apiDocsRouter); // the API's documentation page: public, like /api/v1/openapi.json
  app.use(icalRouter); // the personal calendar feed (issue 18): its token is the key, no sign-in

  // Everything below needs a signed-in user. A form posted after the session
  // expired is kept and offered again after the new login (R-SEC-4, R-INT-2).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.actor) return next();
    const expired = hadExpiredSession(req);
    if (req.method === "POST" && expired) stashExpiredForm(req);
    else if (req.method === "GET" && !req.xhr) req.session.returnTo = req.originalUrl;
    if (req.accepts(["html", "json"]) === "json") return res.status(401).json({ error: "Сеанс истёк. Войдите снова." });
    res.redirect(expired ? "/login?expired=1" : "/login");
  });
  app.use(multipartForms()); // forms with files (imports, announcements, messages): fields reach the CSRF check
  app.use(csrf.csrfSynchronisedProtection);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const allowed = ["/account/password", "/logout", "/session/keepalive"];
    if (req.actor?.mustChangePassword && !allowed.includes(req.path)) return res.redirect("/account/password");
    next();
  });

  if (options.unreadCounts !== false) app.use(unreadCountsForPage); // the header's unread counts: one statement per page (src/modules/inbox)
  app.use(apiTokenPagesRouter); // before accountRouter: the token section of «Персональные настройки» and /admin/api-tokens
  app.use(feedSettingsRouter); // «Календарь в телефоне» in «Персональные настройки» (issue 18): before the page it adds to
  app.use(appPasswordRouter); // «Пароль для приложений» in «Персональные настройки» (issue 21): before the page it adds to
  app.use(accountRouter);
  app.use(homeRouter);
  app.use(moduleRoutes());

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
