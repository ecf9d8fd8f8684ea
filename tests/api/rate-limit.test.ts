/** The API's rate limit counts per token (issue 21): above API_RATE_LIMIT a minute, 429 JSON with Retry-After; another token is not affected. */
import { beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "../../src/config.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { apiAs, bearer, errorOf } from "./helpers.ts";

describe("rate limit per token", () => {
  let s: TestSchool;
  beforeAll(async () => {
    process.env.API_RATE_LIMIT = "5"; // this file only (setup-file.ts restores the environment)
    resetConfig();
    s = await buildSchool();
  });

  it("the 6th request of a minute is 429 with Retry-After; the user's other token still works", async () => {
    const first = await apiAs(s.users.parentAlekseev);
    const second = await apiAs(s.users.parentAlekseev);
    for (let i = 0; i < 5; i++) expect((await first.get("/api/v1/me")).status, `request ${i + 1}`).toBe(200);
    const limited = await first.get("/api/v1/me");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(errorOf(limited)).toEqual({ code: "rate_limited", message: "Слишком много запросов с этим токеном: не больше 5 в минуту. Повторите позже." });
    expect((await second.get("/api/v1/me")).status).toBe(200);
  });

  it("an invalid token is refused before it is counted (401, not 429)", async () => {
    const api = await apiAs(s.users.studentA1);
    for (let i = 0; i < 8; i++) expect((await bearer("ejapi_" + "x".repeat(43)).get("/api/v1/me")).status).toBe(401);
    expect((await api.get("/api/v1/me")).status).toBe(200);
  });
});
