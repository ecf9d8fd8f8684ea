/**
 * Sign-ins from one address (issue 23), over real HTTP and in the browser: a whole school behind one
 * NAT address signs in at 8:00 — 200 successful sign-ins from one address within a minute all
 * succeed (each a real GET /login for the CSRF token and a POST /login, demo accounts repeated);
 * password spraying — 50 wrong passwords for 50 different logins from one address — is stopped
 * after the limit (429 and the Russian message on the login form, in chromium too), while the
 * per-account lockout stays 5 wrong passwords in 15 minutes. Each case checked in PostgreSQL.
 *
 * The shared e2e server runs with a very high LOGIN_RATE_LIMIT (global-setup.ts) so that no other
 * file is ever limited; this file starts its own instance of the app on the same database with the
 * production default (40 failures in 15 minutes), its limiter's counts in its own process. Other
 * source addresses of the loopback (127.0.0.2, 127.0.0.3) stand for other computers. Every account
 * touched is reset afterwards.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clock } from "../../src/lib/clock.ts";
import { DATABASE_URL, DEMO_LOGINS, DEMO_PASSWORD, useBrowser, useDb } from "./support/browser.ts";

const b = useBrowser();
const db = useDb();

/** The production default of LOGIN_RATE_LIMIT (src/config.ts). */
const LIMIT = 40;
const LIMITED = "Слишком много неудачных попыток входа с этого адреса. Подождите 15 минут.";
const WRONG = "Неверный логин или пароль.";
const LOCKOUT_HINT = "После 5 неверных паролей подряд вход в учётную запись закрывается на 15 минут.";

let server: Server;
let base: string;
/** Accounts this file gives failed sign-ins to (reset afterwards). */
const touched = new Set<string>();

beforeAll(async () => {
  // The app's environment as the e2e server has it (global-setup.ts), in this process.
  process.env.NODE_ENV = "test";
  process.env.DATABASE_URL = DATABASE_URL;
  process.env.COOKIE_SECURE = "false";
  process.env.SESSION_SECRET ??= "e2e-secret-e2e-secret-e2e-secret-0123";
  const { config } = await import("../../src/config.ts");
  config().loginRateLimit = LIMIT;
  const { connectDatabase } = await import("../../src/lib/db.ts");
  connectDatabase(DATABASE_URL);
  const { createApp } = await import("../../src/app.ts");
  const app = createApp();
  server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (touched.size)
    await db.rows(`UPDATE "User" SET "failedLogins" = 0, "lastFailedLoginAt" = NULL, "lockedUntil" = NULL WHERE login = ANY($1)`, [[...touched]]);
  server?.closeAllConnections?.();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  const { disconnectDatabase } = await import("../../src/lib/db.ts");
  await disconnectDatabase().catch(() => {});
});

interface Reply {
  status: number;
  location: string | null;
  cookies: string[];
  text: string;
}

/** One HTTP request to this file's app from a loopback address (another computer for the limiter). */
function request(method: "GET" | "POST", path: string, opts: { from: string; cookie?: string; form?: Record<string, string> }): Promise<Reply> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        localAddress: opts.from,
        agent: false,
        headers: {
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...(body ? { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location ?? null,
            cookies: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!),
            text,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A sign-in as the login form does it: GET /login (session cookie and CSRF token), then POST /login. */
async function signIn(login: string, password: string, from: string): Promise<Reply> {
  const form = await request("GET", "/login", { from });
  expect(form.status).toBe(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
  expect(token, "нет CSRF-токена на странице входа").toBeTruthy();
  return request("POST", "/login", { from, cookie: form.cookies.join("; "), form: { _csrf: token!, login, password } });
}

/** An account's failures and, when locked (by the app's clock, src/lib/clock.ts), for how many minutes more. */
async function userRow(login: string) {
  const u = await db.one<{ failedLogins: number; lockedMs: string | null }>(
    `SELECT "failedLogins", (extract(epoch from "lockedUntil") * 1000)::bigint::text AS "lockedMs" FROM "User" WHERE login = $1`,
    [login],
  );
  const left = u.lockedMs === null ? 0 : Number(u.lockedMs) - clock.nowMs();
  return { failedLogins: u.failedLogins, locked: left > 0, lockMinutes: left > 0 ? Math.round(left / 60_000) : null };
}

const lastEventId = async () => (await db.one<{ id: number }>(`SELECT coalesce(max(id), 0)::int AS id FROM "LoginEvent"`)).id;

describe("вход многих пользователей с одного адреса", () => {
  it("200 успешных входов с одного адреса за минуту — все успешны", { timeout: 120_000 }, async () => {
    const since = await lastEventId();
    const started = Date.now();
    const replies: Reply[] = [];
    for (let i = 0; i < 200; i += 10)
      replies.push(
        ...(await Promise.all(Array.from({ length: 10 }, (_, k) => signIn(DEMO_LOGINS[(i + k) % DEMO_LOGINS.length]!, DEMO_PASSWORD, "127.0.0.1")))),
      );
    const seconds = (Date.now() - started) / 1000;
    expect(seconds, `200 входов заняли ${seconds} с`).toBeLessThan(60);
    expect(replies.filter((r) => r.status !== 302).map((r) => r.status)).toEqual([]);
    expect(new Set(replies.map((r) => r.location))).toEqual(new Set(["/"]));
    // Each is a real session: the login journal holds 200 successful sign-ins of the demo accounts.
    const journal = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM "LoginEvent" WHERE success AND login = ANY($1) AND id > $2 AND ip LIKE '%127.0.0.1'`,
      [DEMO_LOGINS, since],
    );
    expect(journal.n).toBe(200);
  });

  it("личная блокировка: 5 неверных паролей за 15 минут закрывают вход в учётную запись на 15 минут", async () => {
    const { login } = await db.one<{ login: string }>(
      `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'STUDENT'
        WHERE u.login NOT LIKE 'demo.%' AND u."lockedUntil" IS NULL AND u."failedLogins" = 0 ORDER BY u.id LIMIT 1`,
    );
    touched.add(login);
    for (let i = 1; i <= 4; i++) {
      const r = await signIn(login, `wrong-${i}`, "127.0.0.2");
      expect(r.status).toBe(401);
      expect(r.text).toContain(WRONG);
      expect(r.text).toContain(LOCKOUT_HINT);
    }
    expect(await userRow(login)).toMatchObject({ failedLogins: 4, locked: false, lockMinutes: null });
    expect((await signIn(login, "wrong-5", "127.0.0.2")).status).toBe(401);
    // Locked for 15 minutes (the counter starts again after the lock).
    expect(await userRow(login)).toMatchObject({ failedLogins: 0, locked: true, lockMinutes: 15 });
    // The right password does not open a locked account, and the answer is the same as for a wrong one.
    const right = await signIn(login, DEMO_PASSWORD, "127.0.0.2");
    expect(right.status).toBe(401);
    expect(right.text).toContain(WRONG);
    // From another computer too: the lock is the account's, not the address's.
    expect((await signIn(login, DEMO_PASSWORD, "127.0.0.3")).status).toBe(401);
  });

  it(`50 неверных паролей к 50 разным логинам с одного адреса: после ${LIMIT} — 429 с объяснением, в браузере тоже`, async () => {
    const victims = await db.rows<{ login: string }>(
      `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
        WHERE u.login NOT LIKE 'demo.%' AND u."lockedUntil" IS NULL AND u."failedLogins" = 0 AND NOT EXISTS (SELECT 1 FROM "Staff" s WHERE s."personId" = u."personId")
        ORDER BY u.id LIMIT 50`,
    );
    expect(victims).toHaveLength(50);
    const logins = victims.map((v) => v.login);
    for (const l of logins) touched.add(l);
    const events = async () => (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM "LoginEvent" WHERE login = ANY($1) AND NOT success`, [logins])).n;
    const before = await events();

    const replies: Reply[] = [];
    for (const l of logins) replies.push(await signIn(l, "Лето2026!", "127.0.0.1"));
    expect(replies.slice(0, LIMIT).map((r) => r.status)).toEqual(Array<number>(LIMIT).fill(401));
    expect(replies.slice(LIMIT).map((r) => r.status)).toEqual(Array<number>(50 - LIMIT).fill(429));
    for (const r of replies.slice(LIMIT)) expect(r.text).toContain(LIMITED);
    // The limited attempts never reached the password check: only the first 40 are in the login journal.
    expect((await events()) - before).toBe(LIMIT);
    // Spraying locks no account: those that were tried have one failure, the limited ones none.
    const rows = await db.rows<{ failedLogins: number; lockedUntil: Date | null }>(`SELECT "failedLogins", "lockedUntil" FROM "User" WHERE login = ANY($1)`, [
      logins,
    ]);
    expect(rows.filter((r) => r.lockedUntil !== null)).toEqual([]);
    expect(rows.map((r) => r.failedLogins).sort()).toEqual([...Array<number>(LIMIT).fill(1), ...Array<number>(50 - LIMIT).fill(0)].sort());

    // The right password from the limited address waits too; from another computer it signs in.
    const limited = await signIn(logins[0]!, DEMO_PASSWORD, "127.0.0.1");
    expect(limited.status).toBe(429);
    expect(limited.text).toContain(LIMITED);
    const elsewhere = await signIn(logins[0]!, DEMO_PASSWORD, "127.0.0.3");
    expect([elsewhere.status, elsewhere.location]).toEqual([302, "/"]);

    // In chromium (it connects from 127.0.0.1): the login form says why, the typed login is kept, no session.
    const page = await b.page();
    await page.goto(`${base}/login`);
    await page.getByLabel("Логин").fill("demo.teacher");
    await page.getByLabel("Пароль").fill(DEMO_PASSWORD);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/login") && r.request().method() === "POST"),
      page.getByLabel("Пароль").press("Enter"),
    ]);
    expect(response.status()).toBe(429);
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(page.getByRole("main").textContent()).resolves.toContain(LIMITED);
    await expect(page.getByLabel("Логин").inputValue()).resolves.toBe("demo.teacher");
    expect((await page.goto(`${base}/`))?.url()).toContain("/login");
  });
});
