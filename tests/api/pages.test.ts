/** The token pages and the API's documentation page are valid HTML (html-validate with the project's rules) and work without JavaScript: plain forms and links (issue 21). */
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { as, testApp } from "../support/http.ts";
import { tokenFor } from "./helpers.ts";

describe("token and documentation pages", () => {
  let s: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
    await tokenFor(s.users.parentAlekseev, { name: "Телефон" });
  });

  it("«Персональные настройки» with a token, the created-token page and a rejected form are valid HTML", async () => {
    const agent = await as(s.users.parentAlekseev);
    const account = await agent.get("/account");
    expect(await htmlProblems(account.text)).toEqual([]);
    expect(account.text).toMatch(/<form method="post" action="\/account\/api-tokens\/\d+\/revoke"/);
    const created = await agent.form("/account/api-tokens", { name: "Бот", days: "365", scope: "read" });
    expect(await htmlProblems(created.text)).toEqual([]);
    const rejected = await agent.form("/account/api-tokens", { name: "", days: "90", scope: "read" });
    expect(rejected.status).toBe(422);
    expect(await htmlProblems(rejected.text)).toEqual([]);
  });

  it("the administrator's token page and /api/docs are valid HTML", async () => {
    const admin = await as(s.users.admin);
    const page = await admin.get("/admin/api-tokens");
    expect(page.text).toContain("Телефон");
    expect(await htmlProblems(page.text)).toEqual([]);
    const docs = await request(testApp()).get("/api/docs");
    expect(docs.status).toBe(200);
    expect(await htmlProblems(docs.text)).toEqual([]);
  });
});
