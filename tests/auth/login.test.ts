import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { anonymous, csrfFrom, signIn } from "../support/http.ts";

describe("login (R-SEC-1)", () => {
  it("signs in with the right password and lands on the home page", async () => {
    const s = await buildSchool();
    const agent = await signIn(s.users.teacherMath.login, s.users.teacherMath.password);
    const home = await agent.get("/");
    expect(home.status).toBe(200);
    expect(home.text).toContain("Математиков Пётр Ильич");
    const events = await prisma.loginEvent.findMany({ where: { userId: s.users.teacherMath.userId } });
    expect(events.map((e) => e.success)).toEqual([true]);
  });

  it("refuses a wrong password with a Russian message and keeps the typed login", async () => {
    const s = await buildSchool();
    const agent = anonymous();
    const page = await agent.get("/login");
    const res = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), login: s.users.admin.login, password: "wrong-password" });
    expect(res.status).toBe(401);
    expect(res.text).toContain("Неверный логин или пароль");
    expect(res.text).toContain(`value="${s.users.admin.login}"`);
  });

  it("sends an anonymous visitor to the login page", async () => {
    const res = await anonymous().get("/");
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/login");
  });

  it("refuses a login form without the CSRF token", async () => {
    const s = await buildSchool();
    const agent = anonymous();
    await agent.get("/login");
    const res = await agent.post("/login").type("form").send({ login: s.users.admin.login, password: s.users.admin.password });
    expect(res.status).toBe(403);
    expect(res.text).toContain("Форма устарела");
  });
});
