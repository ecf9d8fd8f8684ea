/**
 * Sessions in PostgreSQL (connect-pg-simple), rolling: every request extends
 * the idle timeout set by the administrator (R-SEC-4). CSRF tokens live in the
 * session (synchroniser token pattern).
 */
import connectPgSimple from "connect-pg-simple";
import session from "express-session";
import { csrfSync } from "csrf-sync";
import type { Request } from "express";
import { config } from "../config.ts";
import { pgPool, reportDatabaseError } from "./db.ts";

export const SESSION_COOKIE = "ej.sid";

/**
 * A rolling session would write its new expiry to the database on every
 * request. The expiry moves by minutes, so writing it at most every
 * TOUCH_EVERY_MS per session loses nothing a user can notice (the idle
 * warning comes a minute before the end) and saves a write per page.
 */
const TOUCH_EVERY_MS = 10_000;

/**
 * Reads a session row, and in the same round trip whatever else every request needs (app.ts
 * passes access/actor.ts readSessionWithActor: the user's actor). `extra` reaches the request
 * as req.sessionRead; null when there is no such session.
 */
export type SessionReader = (sid: string, nowSeconds: number) => Promise<{ sess: session.SessionData; extra: unknown } | null>;

/** Carries a reader's extra value from the store's get() to the request (express-session passes the same object on). */
const EXTRA = Symbol("session-read");

function throttledStore(Base: ReturnType<typeof connectPgSimple>, options: ConstructorParameters<ReturnType<typeof connectPgSimple>>[0], read: SessionReader) {
  const store = new Base(options);
  const touched = new Map<string, number>();
  const touch = store.touch.bind(store);
  store.touch = (sid: string, sess: session.SessionData, callback?: () => void) => {
    const now = Date.now();
    const last = touched.get(sid);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return callback?.();
    if (touched.size > 100_000) touched.clear();
    touched.set(sid, now);
    return touch(sid, sess, callback);
  };
  // The app's reader replaces the store's own read (an unprepared SELECT of the session alone,
  // which a second round trip for the actor would follow). express-session takes an ENOENT from
  // the store for "no such session" and signs the user out; pg reports a database it cannot reach
  // over a socket as ENOENT. Report it as a connection failure (SQLSTATE 08006), so the request
  // gets the 503 page and the session survives the outage.
  store.get = (sid: string, callback: (err: unknown, session?: session.SessionData | null) => void) => {
    read(sid, Math.ceil(Date.now() / 1000)).then(
      (found) => {
        if (!found) return callback(null, null);
        Object.defineProperty(found.sess, EXTRA, { value: found.extra, enumerable: false });
        callback(null, found.sess);
      },
      (err: unknown) =>
        callback((err as { code?: string } | null)?.code === "ENOENT" ? Object.assign(new Error((err as Error).message), { code: "08006", cause: err }) : err),
    );
  };
  const createSession = store.createSession.bind(store);
  store.createSession = (req: Request, sess: session.SessionData) => {
    req.sessionRead = (sess as session.SessionData & { [EXTRA]?: unknown })[EXTRA];
    return createSession(req, sess);
  };
  const destroy = store.destroy.bind(store);
  store.destroy = (sid: string, callback?: (err?: unknown) => void) => {
    touched.delete(sid);
    return destroy(sid, callback);
  };
  return store;
}

export function sessionMiddleware(read: SessionReader) {
  const PgStore = connectPgSimple(session);
  const cfg = config();
  return session({
    name: SESSION_COOKIE,
    store: throttledStore(
      PgStore,
      {
        pool: pgPool(),
        tableName: "session",
        createTableIfMissing: false,
        pruneSessionInterval: cfg.isTest ? false : 600,
        // Not the error object with its stack on every failed query while the database is away.
        errorLog: (...args: unknown[]) => reportDatabaseError("Хранилище сеансов", args.find((a) => a instanceof Error) ?? args.join(" ")),
      },
      read,
    ),
    secret: cfg.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: "lax",
      secure: cfg.cookieSecure === "auto" ? "auto" : cfg.cookieSecure === "true",
      maxAge: cfg.sessionIdleMinutes * 60_000,
    },
  });
}

export const csrf = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === "string") return fromBody;
    const header = req.headers["x-csrf-token"];
    return typeof header === "string" ? header : undefined;
  },
});

/** Set at sign-in and cleared at sign-out: its presence without a session means the session expired. */
export const SIGNED_IN_COOKIE = "ej.signed";

export function hadExpiredSession(req: Request): boolean {
  return !req.user && !!req.headers.cookie?.split(/;\s*/).includes(`${SIGNED_IN_COOKIE}=1`);
}
