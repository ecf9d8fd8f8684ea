import { describe, expect, it, vi } from "vitest";
import { pgPool, prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as, csrfFrom } from "../support/http.ts";

async function expireSessionsOf(userId: number) {
  await pgPool().query(`UPDATE "session" SET expire = now() - interval '1 minute' WHERE (sess->'passport'->>'user') = $1`, [String(userId)]);
}

describe("idle sessions (R-SEC-4, R-INT-2)", () => {
  it("sets the session cookie lifetime from the school's idle timeout", async () => {
    const s = await buildSchool();
    await prisma.school.update({ where: { id: s.schoolId }, data: { sessionIdleMinutes: 7 } });
    const agent = await as(s.users.teacherMath);
    const res = await agent.get("/account");
    const cookie = (res.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("ej.sid="))!;
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]!).getTime();
    expect(expires - Date.now()).toBeGreaterThan(6 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(7 * 60_000 + 1000);
    expect(res.text).toContain('name="idle-seconds" content="420"');
  });

  it("after expiry sends the user to the login page with a message", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.teacherMath);
    await expireSessionsOf(s.users.teacherMath.userId);
    const res = await agent.get("/account");
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/login?expired=1");
    const login = await agent.get(res.headers.location!);
    expect(login.text).toContain("Сеанс завершён из-за бездействия");
  });

  it("keeps a form posted after expiry and offers it again, filled in, after the new login", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    await expireSessionsOf(s.users.admin.userId);
    const posted = await agent
      .post("/account/sessions/end-others")
      .set("Referer", "http://127.0.0.1/account")
      .type("form")
      .send({ _csrf: agent.token, note: "Важный текст, набранный до истечения сеанса" });
    expect(posted.status).toBe(302);
    expect(posted.headers.location).toBe("/login?expired=1");
    const loginPage = await agent.get("/login?expired=1");
    expect(loginPage.text).toContain("заполненная форма не потеряна");
    const relogin = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(loginPage.text), login: s.users.admin.login, password: s.users.admin.password });
    expect(relogin.status).toBe(302);
    expect(relogin.headers.location).toBe("/account");
    const restored = await agent.get("/account");
    expect(restored.text).toContain("данные восстановлены");
    // Nothing was executed while signed out: the form only comes back to be sent again.
    expect(await prisma.auditLog.count({ where: { actorId: s.users.admin.userId } })).toBe(0);
  });

  it("keep-alive extends the session and answers with the idle time", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.deputy);
    const res = await agent.post("/session/keepalive").set("x-csrf-token", agent.token).set("Accept", "application/json");
    expect(res.status).toBe(200);
    expect(res.body.idleSeconds).toBe(30 * 60);
  });

  it("logout ends the session: the old cookie no longer opens pages", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.secretary);
    const cookies = (await agent.get("/account")).headers["set-cookie"];
    const out = await agent.form("/logout", {});
    expect(out.headers.location).toBe("/login?out=1");
    const again = await agent.get("/").set("Cookie", cookies as unknown as string[]);
    expect(again.status).toBe(302);
    expect(again.headers.location).toMatch(/^\/login/);
  });

  it("ending the other sessions signs out the other browser only", async () => {
    const s = await buildSchool();
    const first = await as(s.users.teacherMath);
    const second = await as(s.users.teacherMath);
    const r = await first.form("/account/sessions/end-others", {});
    expect(r.status).toBe(302);
    expect((await first.get("/account")).status).toBe(200);
    expect((await second.get("/account")).headers.location).toMatch(/^\/login/);
  });

  it("refuses a state-changing request without the CSRF token", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.teacherMath);
    const res = await agent.post("/account/sessions/end-others").type("form").send({});
    expect(res.status).toBe(403);
  });
});

describe("the session and the actor in one read (issue 4 speed, R-ACL-1)", () => {
  /** Counts the statements sent to PostgreSQL while fn runs (all pool clients, Prisma included). */
  async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
    const pg = (await import("pg")).default;
    const seen: string[] = [];
    const original = pg.Client.prototype.query;
    const spy = vi.spyOn(pg.Client.prototype, "query").mockImplementation(function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { name?: string; text?: string };
      seen.push(typeof first === "string" ? first : (first.name ?? first.text ?? "?"));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original);
    try {
      await fn();
    } finally {
      spy.mockRestore();
    }
    return seen;
  }

  it("a signed-in page reads the user together with the session, not in a second statement", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.parentAlekseev);
    await agent.get("/account"); // the first page after sign-in may load the actor alone
    const statements = await statementsDuring(async () => {
      const res = await agent.get("/account");
      expect(res.status).toBe(200);
      expect(res.text).toContain("Алексеев");
    });
    expect(statements.filter((q) => q === "session-actor")).toHaveLength(1);
    expect(statements).not.toContain("load-actor");
  });

  it("a block, a role taken away and a new child take effect on the very next request", async () => {
    const s = await buildSchool();
    const parent = await as(s.users.parentBorisova);
    expect((await parent.get(`/diary/${s.students.studentA2!.studentId}/week`)).status).toBe(200);
    expect((await parent.get(`/diary/${s.students.studentB1!.studentId}/week`)).status).toBe(404);
    const borisova = await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentBorisova.userId } });
    await prisma.parentLink.create({
      data: { schoolId: s.schoolId, parentId: borisova.personId, studentId: s.students.studentB1!.studentId, relation: "GUARDIAN" },
    });
    expect((await parent.get(`/diary/${s.students.studentB1!.studentId}/week`)).status).toBe(200);
    await prisma.parentLink.deleteMany({ where: { parentId: borisova.personId, studentId: s.students.studentB1!.studentId } });
    expect((await parent.get(`/diary/${s.students.studentB1!.studentId}/week`)).status).toBe(404);

    const deputy = await as(s.users.deputy);
    expect((await deputy.get("/reports")).status).toBe(200);
    await prisma.userRole.deleteMany({ where: { userId: s.users.deputy.userId } });
    expect((await deputy.get("/reports")).status).toBe(403);

    await prisma.user.update({ where: { id: s.users.parentBorisova.userId }, data: { blocked: true } });
    const blocked = await parent.get(`/diary/${s.students.studentA2!.studentId}/week`);
    expect(blocked.status).toBe(302);
    expect(blocked.headers.location).toMatch(/^\/login/);
  });

  it("an actor read with one session is never used for another session or user", async () => {
    const { rememberSessionActor, takeSessionActor } = await import("../../src/access/actor.ts");
    const s = await buildSchool();
    const { rows } = await pgPool().query(`SELECT sid FROM "session" LIMIT 0`);
    expect(rows).toHaveLength(0);
    const row = (await pgPool().query(`SELECT u.id AS "actorUserId", u.* FROM "User" u WHERE u.id = $1`, [s.users.teacherMath.userId])).rows[0];
    rememberSessionActor("sid-a", row);
    expect(takeSessionActor("sid-b", s.users.teacherMath.userId)).toBeUndefined();
    expect(takeSessionActor("sid-a", s.users.deputy.userId)).toBeUndefined(); // another user: not used, and gone
    rememberSessionActor("sid-a", row);
    expect(takeSessionActor("sid-a", s.users.teacherMath.userId)).not.toBeUndefined();
    expect(takeSessionActor("sid-a", s.users.teacherMath.userId)).toBeUndefined(); // used once
    rememberSessionActor("sid-c", undefined); // a session without a signed-in user
    expect(takeSessionActor("sid-c", s.users.teacherMath.userId)).toBeUndefined();
  });
});
