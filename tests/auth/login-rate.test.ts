/**
 * The per-address sign-in limit (issue 23): only failed sign-ins count, so a whole school behind
 * one NAT address signs in at 8:00; many failures from one address (password spraying over many
 * logins) are stopped. Its own file: the limiter's counts live in the app, one per test file.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../src/config.ts";
import { buildSchool, PASSWORD } from "../support/fixtures.ts";
import { tryLogin } from "../admin/helpers.ts";
import { prisma } from "../../src/lib/db.ts";

let saved: number;
beforeAll(() => {
  saved = config().loginRateLimit;
  // The production default, not the tests' high one (tests/support/setup-file.ts).
  config().loginRateLimit = 40;
});
afterAll(() => {
  config().loginRateLimit = saved;
});

const attempt = async (login: string, password: string) => (await tryLogin(login, password)).res;

describe("sign-ins from one address", () => {
  it("200 successful sign-ins from one address in a minute all succeed", async () => {
    const s = await buildSchool();
    const logins = Object.values(s.users).map((u) => u.login);
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 200; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, k) => attempt(logins[(i + k) % logins.length]!, PASSWORD)));
      statuses.push(...batch.map((r) => r.status));
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(statuses.filter((st) => st !== 302)).toEqual([]);
  });

  it("50 wrong passwords for 50 different logins from one address are stopped after 40", async () => {
    const s = await buildSchool();
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await attempt(`${s.tag}.spray${i}`, "Лето2026!")).status);
    expect(statuses.slice(0, 40).every((st) => st === 401)).toBe(true);
    expect(statuses.slice(40).every((st) => st === 429)).toBe(true);
    const limited = await attempt(s.users.admin.login, PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain("Слишком много неудачных попыток входа с этого адреса");
    // The limited attempts never reached the password check.
    expect(await prisma.loginEvent.count({ where: { login: { startsWith: `${s.tag}.spray` } } })).toBe(40);
  });
});
