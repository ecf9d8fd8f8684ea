/**
 * HTTP helpers over supertest: sign in as a persona and post forms with the
 * session's CSRF token, as a browser would.
 */
import crypto from "node:crypto";
import request from "supertest";
import type { Express } from "express";
import { createApp } from "../../src/app.ts";
import { config } from "../../src/config.ts";
import { pgPool } from "../../src/lib/db.ts";
import { SESSION_COOKIE, SIGNED_IN_COOKIE } from "../../src/lib/session.ts";
import { resetAfterEachFile } from "./file-state.ts";

/**
 * The app of this test file, built on first use. Each file has its own: the app's session store
 * holds the pool of the file's database (setup-file.ts), and its sign-in limiter the file's counts.
 */
let app: Express | undefined;
resetAfterEachFile(() => {
  app = undefined;
});
export function testApp(): Express {
  app ??= createApp();
  return app;
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m) throw new Error("На странице нет CSRF-токена");
  return m[1]!;
}

export type Agent = ReturnType<typeof request.agent> & {
  /** GET a page and remember its CSRF token; POST a form with it. */
  form(url: string, data: Record<string, unknown>): Promise<request.Response>;
  token: string;
};

export function anonymous(): Agent {
  const agent = request.agent(testApp()) as Agent;
  agent.token = "";
  agent.form = async (url, data) => {
    if (!agent.token) {
      const page = await agent.get("/login");
      agent.token = csrfFrom(page.text);
    }
    return agent
      .post(url)
      .type("form")
      .send({ _csrf: agent.token, ...data });
  };
  return agent;
}

/** Signs in; throws if the login page does not send the user on. */
export async function signIn(login: string, password: string): Promise<Agent> {
  const agent = anonymous();
  const page = await agent.get("/login");
  const res = await agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrfFrom(page.text), login, password });
  if (res.status !== 302) throw new Error(`Вход ${login} не удался: ${res.status}`);
  const next = await agent.get(res.headers.location ?? "/");
  const home = next.status === 302 ? await agent.get(next.headers.location!) : next;
  agent.token = csrfFrom(home.text);
  return agent;
}

/**
 * An agent with a session already signed in as the user: the session row is written straight to
 * PostgreSQL as a sign-in would leave it (passport's user id, the CSRF token csrf-sync keeps), and
 * the cookie is signed with SESSION_SECRET as express-session signs it. No POST /login: no login
 * journal entry, no lastLoginAt, no password check. Tests about signing in use signIn().
 */
export async function signedInAs(user: { login: string; userId?: number }): Promise<Agent> {
  const userId = user.userId ?? (await pgPool().query<{ id: number }>(`SELECT id FROM "User" WHERE login = $1`, [user.login])).rows[0]?.id;
  if (userId === undefined) throw new Error(`Нет пользователя ${user.login}`);
  const sid = crypto.randomBytes(24).toString("base64url");
  const maxAge = config().sessionIdleMinutes * 60_000;
  // Real time, as the session store keeps it (sessions are not school time).
  const expires = Date.now() + maxAge;
  const token = crypto.randomBytes(128).toString("hex");
  const sess = {
    cookie: { originalMaxAge: maxAge, expires: new Date(expires).toISOString(), httpOnly: true, path: "/", sameSite: "lax" },
    passport: { user: userId },
    loginAt: Date.now(),
    csrfToken: token,
  };
  await pgPool().query(`INSERT INTO "session" (sid, sess, expire) VALUES ($1, $2, to_timestamp($3))`, [sid, sess, expires / 1000]);

  // express-session's cookie: "s:" + the id + "." + its HMAC-SHA256 (cookie-signature), URI-encoded.
  const mac = crypto.createHmac("sha256", config().sessionSecret).update(sid).digest("base64").replace(/=+$/, "");
  const agent = anonymous();
  agent.jar.setCookies(
    [`${SESSION_COOKIE}=${encodeURIComponent(`s:${sid}.${mac}`)}; Path=/; HttpOnly`, `${SIGNED_IN_COOKIE}=1; Path=/; HttpOnly`],
    "127.0.0.1",
    "/",
  );
  agent.token = token;
  return agent;
}

/** A persona's agent for tests that are not about signing in: the session is made directly (signedInAs). */
export function as(user: { login: string; userId?: number }): Promise<Agent> {
  return signedInAs(user);
}
