/** Tokens and bearer requests for the JSON API's tests (issue 21). */
import request from "supertest";
import { loadActor } from "../../src/access/actor.ts";
import { errorSchema } from "../../src/modules/api/api.schemas.ts";
import { createToken } from "../../src/modules/api/tokens.service.ts";
import type { TestUser } from "../support/fixtures.ts";
import { testApp } from "../support/http.ts";

/** A token of the user made by the service (the page's own flow is tested in tokens.test.ts). */
export async function tokenFor(user: TestUser, opts: { scope?: "read" | "write"; days?: 30 | 90 | 365; name?: string } = {}) {
  const actor = await loadActor(user.userId);
  if (!actor) throw new Error(`Нет пользователя ${user.login}`);
  return createToken(actor, { name: opts.name ?? "Телефон", days: opts.days ?? 90, scope: opts.scope ?? "read" });
}

/** Requests with `Authorization: Bearer <token>` and nothing else (no cookie). */
export function bearer(token: string) {
  const app = testApp();
  return {
    get: (url: string) => request(app).get(url).set("Authorization", `Bearer ${token}`),
    post: (url: string, body: object) => request(app).post(url).set("Authorization", `Bearer ${token}`).send(body),
  };
}

/** A user's fresh token and its bearer client. */
export async function apiAs(user: TestUser, opts: Parameters<typeof tokenFor>[1] = {}) {
  const t = await tokenFor(user, opts);
  return { ...bearer(t.token), token: t.token, tokenId: t.id };
}

/** The error of an API answer, checked against the Error schema: { code, message, fields? }. */
export function errorOf(res: { body: unknown }) {
  return errorSchema.parse(res.body).error;
}
