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
import { pgPool } from "./db.ts";
import { rememberSessionActor, SESSION_ACTOR_SQL, type ActorRow } from "../access/actor.ts";

export const SESSION_COOKIE = "ej.sid";

/**
 * A rolling session would write its new expiry to the database on every
 * request. The expiry moves by minutes, so writing it at most every
 * TOUCH_EVERY_MS per session loses nothing a user can notice (the idle
 * warning comes a minute before the end) and saves a write per page.
 */
const TOUCH_EVERY_MS = 10_000;

function throttledStore(Base: ReturnType<typeof connectPgSimple>, options: ConstructorParameters<ReturnType<typeof connectPgSimple>>[0]) {
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
  // The session and its user's actor in one prepared statement (access/actor.ts); the store's own
  // read is an unprepared SELECT of the session alone, followed by a second round trip for the actor.
  // express-session takes an ENOENT from the store for "no such session" and signs the user out;
  // pg reports a database it cannot reach over a socket as ENOENT. Report it as a connection failure
  // (SQLSTATE 08006), so the request gets the 503 page and the session survives the outage.
  store.get = (sid: string, callback: (err: unknown, session?: session.SessionData | null) => void) => {
    pgPool()
      .query<ActorRow & { sess: session.SessionData | string; actorUserId: number | null }>({
        name: "session-actor",
        text: SESSION_ACTOR_SQL,
        values: [sid, Math.ceil(Date.now() / 1000)],
      })
      .then(
        ({ rows }) => {
          const row = rows[0];
          if (!row) return callback(null, null);
          rememberSessionActor(sid, row);
          callback(null, typeof row.sess === "string" ? (JSON.parse(row.sess) as session.SessionData) : row.sess);
        },
        (err: unknown) =>
          callback(
            (err as { code?: string } | null)?.code === "ENOENT" ? Object.assign(new Error((err as Error).message), { code: "08006", cause: err }) : err,
          ),
      );
  };
  const destroy = store.destroy.bind(store);
  store.destroy = (sid: string, callback?: (err?: unknown) => void) => {
    touched.delete(sid);
    return destroy(sid, callback);
  };
  return store;
}

export function sessionMiddleware() {
  const PgStore = connectPgSimple(session);
  const cfg = config();
  return session({
    name: SESSION_COOKIE,
    store: throttledStore(PgStore, { pool: pgPool(), tableName: "session", createTableIfMissing: false, pruneSessionInterval: cfg.isTest ? false : 600 }),
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
