/**
 * The web API's limits per address (issue 21), with LOGIN_RATE_LIMIT=1 for this file: one failed
 * sign-in from an address holds the next ones; sessions opened (logindata, auth/getData) are held
 * above 25 × LOGIN_RATE_LIMIT. Answers are JSON 429 {message}.
 */
import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { resetConfig } from "../../src/config.ts";
import { errorFormat } from "../../src/modules/webapi/webapi.formats.ts";
import { buildSchool } from "../support/fixtures.ts";
import { testApp } from "../support/http.ts";
import { appPasswordOf, webapiLogin } from "./helpers.ts";

beforeAll(() => {
  process.env.LOGIN_RATE_LIMIT = "1";
  resetConfig();
});

describe("limits per address (issue 21)", () => {
  it("after LOGIN_RATE_LIMIT failed sign-ins from an address, the next one waits, even for another login with the right password", async () => {
    const s = await buildSchool();
    expect((await webapiLogin(s, s.users.studentA1, "wrong-password")).res.status).toBe(409);
    const held = await webapiLogin(s, s.users.studentA2, await appPasswordOf(s.users.studentA2));
    expect(held.res.status).toBe(429);
    expect(errorFormat.parse(held.res.body).message).toMatch(/15 минут/);
  });

  it("opening sessions is held above 25 × LOGIN_RATE_LIMIT per address", async () => {
    // The first test opened 4 sessions (logindata and auth/getData twice).
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await request(testApp()).get("/webapi/logindata")).status);
    expect(statuses.slice(0, 21).every((x) => x === 200)).toBe(true);
    expect(statuses[21]).toBe(429);
    expect((await request(testApp()).post("/webapi/auth/getData")).status).toBe(429);
  });
});
