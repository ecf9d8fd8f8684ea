/**
 * «Пароль для приложений» in «Персональные настройки» (issue 21): a parent creates one (shown once,
 * only its MD5 kept), sees when it was last used, replaces and revokes it; each change is audited
 * and ends the apps' sessions; the page works without JavaScript (plain forms).
 */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as, type Agent } from "../support/http.ts";
import { pageText } from "../diary/helpers.ts";
import { htmlProblems } from "../support/html.ts";
import { webapiLogin } from "./helpers.ts";

const md5 = (s: string) => crypto.createHash("md5").update(s).digest("hex");
const shown = (html: string) => /id="app-password-value">([^<]+)</.exec(html)?.[1];

/** Posts «Создать» as the browser does: a redirect to the page that shows the new password once. */
async function create(agent: Agent) {
  const posted = await agent.form("/account/app-password", {});
  expect(posted.status).toBe(302);
  expect(posted.headers.location).toBe("/account/app-password/issued");
  return agent.get("/account/app-password/issued");
}

describe("«Пароль для приложений» (issue 21)", () => {
  it("a parent creates it: shown once with the server, school and login; only its MD5 is kept; the creation is audited", async () => {
    const s = await buildSchool();
    const parent = await as(s.users.parentBorisova);
    const before = await parent.get("/account").expect(200);
    expect(pageText(before.text)).toContain("Пароль для приложений не создан.");

    const res = await create(parent);
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toContain("no-store");
    const password = shown(res.text)!;
    expect(password).toMatch(/^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$/);
    expect(res.text).toContain(`id="school-id">${s.schoolId}<`);
    expect(res.text).toContain(`id="app-login">${s.users.parentBorisova.login}<`);

    const row = await prisma.appPassword.findUniqueOrThrow({ where: { userId: s.users.parentBorisova.userId } });
    expect(row.md5).toBe(md5(password));
    expect(JSON.stringify(row)).not.toContain(password);
    const logged = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "app-password" } });
    expect(logged).toMatchObject({ action: "create", actorId: s.users.parentBorisova.userId, entityId: String(s.users.parentBorisova.userId) });
    expect(JSON.stringify([logged.oldValue, logged.newValue, logged.reason])).not.toContain(password);

    // Never shown again (reloading the page goes back to the settings); «last used» appears after an app signed in.
    const again = await parent.get("/account/app-password/issued");
    expect(again.status).toBe(302);
    expect(again.text).not.toContain(password);
    const sessions = await prisma.session.findMany({ select: { sess: true } });
    expect(JSON.stringify(sessions)).not.toContain(password);
    const after = await parent.get("/account").expect(200);
    expect(after.text).not.toContain(password);
    expect(pageText(after.text)).toContain("ещё не использовался");
    expect((await webapiLogin(s, s.users.parentBorisova, password)).res.status).toBe(200);
    expect(pageText((await parent.get("/account")).text)).not.toContain("ещё не использовался");
    expect((await prisma.appPassword.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
  });

  it("a new one replaces the old (the old stops working, its app sessions end); revoking removes it and ends them too", async () => {
    const s = await buildSchool();
    const student = await as(s.users.studentA1);
    const first = shown((await create(student)).text)!;
    const session = await webapiLogin(s, s.users.studentA1, first);
    expect(session.res.status).toBe(200);

    const second = shown((await create(student)).text)!;
    expect(second).not.toBe(first);
    expect(await prisma.webApiSession.count({ where: { userId: s.users.studentA1.userId } })).toBe(0);
    expect((await webapiLogin(s, s.users.studentA1, first)).res.status).toBe(409);
    expect((await webapiLogin(s, s.users.studentA1, second)).res.status).toBe(200);

    const revoked = await student.form("/account/app-password/delete", {});
    expect(revoked.status).toBe(302);
    expect(await prisma.appPassword.count({ where: { userId: s.users.studentA1.userId } })).toBe(0);
    expect(await prisma.webApiSession.count({ where: { userId: s.users.studentA1.userId } })).toBe(0);
    expect((await webapiLogin(s, s.users.studentA1, second)).res.status).toBe(409);
    const actions = await prisma.auditLog.findMany({
      where: { schoolId: s.schoolId, entity: "app-password" },
      orderBy: { id: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(["create", "create", "revoke"]);
    expect(pageText((await student.get("/account")).text)).toContain("Пароль для приложений отозван");
  });

  it("the section and the page that shows the password are valid HTML, for a parent (without and with one) and for staff", async () => {
    const s = await buildSchool();
    const parent = await as(s.users.parentAlekseev);
    expect(await htmlProblems((await parent.get("/account")).text)).toEqual([]);
    const issued = await create(parent);
    expect(await htmlProblems(issued.text)).toEqual([]);
    expect(await htmlProblems((await parent.get("/account")).text)).toEqual([]);
    expect(await htmlProblems((await (await as(s.users.deputy)).get("/account")).text)).toEqual([]);
  });

  it("a form without the CSRF token changes nothing", async () => {
    const s = await buildSchool();
    const parent = await as(s.users.parentAlekseev);
    const res = await parent.post("/account/app-password").type("form").send({});
    expect(res.status).toBe(403);
    expect(await prisma.appPassword.count({ where: { userId: s.users.parentAlekseev.userId } })).toBe(0);
  });
});
