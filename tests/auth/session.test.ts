import { describe, expect, it, vi } from "vitest";
import { pgPool, prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { csrfFrom, signIn } from "../support/http.ts";

async function expireSessionsOf(userId: number) {
  await pgPool().query(`UPDATE "session" SET expire = now() - interval '1 minute' WHERE (sess->'passport'->>'user') = $1`, [String(userId)]);
}

describe("idle sessions (R-SEC-4, R-INT-2)", () => {
  it("sets the session cookie lifetime from the school's idle timeout", async () => {
    const s = await buildSchool();
    await prisma.school.update({ where: { id: s.schoolId }, data: { sessionIdleMinutes: 7 } });
    const agent = await signIn(s.users.teacherMath.login, s.users.teacherMath.password);
    const res = await agent.get("/account");
    const cookie = (res.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("ej.sid="))!;
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]!).getTime();
    expect(expires - Date.now()).toBeGreaterThan(6 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(7 * 60_000 + 1000);
    expect(res.text).toContain('name="idle-seconds" content="420"');
  });

  it("after expiry sends the user to the login page with a message", async () => {
    const s = await buildSchool();
    const agent = await signIn(s.users.teacherMath.login, s.users.teacherMath.password);
    await expireSessionsOf(s.users.teacherMath.userId);
    const res = await agent.get("/account");
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/login?expired=1");
    const login = await agent.get(res.headers.location!);
    expect(login.text).toContain("Сеанс завершён из-за бездействия");
  });

  it("keeps a form posted after expiry and offers it again, filled in, after the new login", async () => {
    const s = await buildSchool();
    const agent = await signIn(s.users.admin.login, s.users.admin.password);
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
    const agent = await signIn(s.users.deputy.login, s.users.deputy.password);
    const res = await agent.post("/session/keepalive").set("x-csrf-token", agent.token).set("Accept", "application/json");
    expect(res.status).toBe(200);
    expect((res.body as { idleSeconds: number }).idleSeconds).toBe(30 * 60);
  });

  it("logout ends the session: the old cookie no longer opens pages", async () => {
    const s = await buildSchool();
    const agent = await signIn(s.users.secretary.login, s.users.secretary.password);
    const cookies = (await agent.get("/account")).headers["set-cookie"];
    const out = await agent.form("/logout", {});
    expect(out.headers.location).toBe("/login?out=1");
    const again = await agent.get("/").set("Cookie", cookies as unknown as string[]);
    expect(again.status).toBe(302);
    expect(again.headers.location).toMatch(/^\/login/);
  });

  it("ending the other sessions signs out the other browser only", async () => {
    const s = await buildSchool();
    const first = await signIn(s.users.teacherMath.login, s.users.teacherMath.password);
    const second = await signIn(s.users.teacherMath.login, s.users.teacherMath.password);
    const r = await first.form("/account/sessions/end-others", {});
    expect(r.status).toBe(302);
    expect((await first.get("/account")).status).toBe(200);
    expect((await second.get("/account")).headers.location).toMatch(/^\/login/);
  });

  it("refuses a state-changing request without the CSRF token", async () => {
    const s = await buildSchool();
    const agent = await signIn(s.users.teacherMath.login, s.users.teacherMath.password);
    const res = await agent.post("/account/sessions/end-others").type("form").send({});
    expect(res.status).toBe(403);
  });
});

describe("the session and the actor in one read (issue 4 speed, R-ACL-1)", () => {
  /** Counts the statements sent to PostgreSQL while fn runs (all pool clients, Prisma included). */
  async function statementsDuring(fn: () => Promise<unknown>): Promise<string[]> {
    const pg = (await import("pg")).default;
    const seen: string[] = [];
    // The prototype's query as a plain function: it is called with the client as `this`.
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const original = proto.query;
    const spy = vi.spyOn(proto, "query").mockImplementation(function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { name?: string; text?: string };
      seen.push(typeof first === "string" ? first : (first.name ?? first.text ?? "?"));
      return original.apply(this, args);
    });
    try {
      await fn();
    } finally {
      spy.mockRestore();
    }
    return seen;
  }

  it("a signed-in page reads the user together with the session, not in a second statement", async () => {
    const s = await buildSchool();
    const agent = await signIn(s.users.parentAlekseev.login, s.users.parentAlekseev.password);
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
    const parent = await signIn(s.users.parentBorisova.login, s.users.parentBorisova.password);
    expect((await parent.get(`/diary/${s.students.studentA2!.studentId}/week`)).status).toBe(200);
    expect((await parent.get(`/diary/${s.students.studentB1!.studentId}/week`)).status).toBe(404);
    const borisova = await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentBorisova.userId } });
    await prisma.parentLink.create({
      data: { schoolId: s.schoolId, parentId: borisova.personId, studentId: s.students.studentB1!.studentId, relation: "GUARDIAN" },
    });
    expect((await parent.get(`/diary/${s.students.studentB1!.studentId}/week`)).status).toBe(200);
    await prisma.parentLink.deleteMany({ where: { parentId: borisova.personId, studentId: s.students.studentB1!.studentId } });
    expect((await parent.get(`/diary/${s.students.studentB1!.studentId}/week`)).status).toBe(404);

    const deputy = await signIn(s.users.deputy.login, s.users.deputy.password);
    expect((await deputy.get("/reports")).status).toBe(200);
    await prisma.userRole.deleteMany({ where: { userId: s.users.deputy.userId } });
    expect((await deputy.get("/reports")).status).toBe(403);

    await prisma.user.update({ where: { id: s.users.parentBorisova.userId }, data: { blocked: true } });
    const blocked = await parent.get(`/diary/${s.students.studentA2!.studentId}/week`);
    expect(blocked.status).toBe(302);
    expect(blocked.headers.location).toMatch(/^\/login/);
  });

  it("an actor read with one session is never used for another request or user", async () => {
    const { readSessionWithActor, sessionActor } = await import("../../src/access/actor.ts");
    const s = await buildSchool();
    await signIn(s.users.teacherMath.login, s.users.teacherMath.password);
    const { rows } = await pgPool().query<{ sid: string }>(`SELECT sid FROM "session" WHERE sess->'passport'->>'user' = $1`, [
      String(s.users.teacherMath.userId),
    ]);
    const read = await readSessionWithActor(rows[0]!.sid, Math.ceil(Date.now() / 1000));
    expect(read).not.toBeNull();
    const req = (sessionRead: unknown) => ({ sessionRead }) as unknown as import("express").Request;
    // The read travels with its own request only: another request (nothing read) or another user gets nothing from it.
    expect(sessionActor(req(undefined), s.users.teacherMath.userId)).toBeUndefined();
    expect(sessionActor(req(read!.extra), s.users.deputy.userId)).toBeUndefined();
    expect(sessionActor(req(read!.extra), s.users.teacherMath.userId)?.userId).toBe(s.users.teacherMath.userId);
    // A session without a signed-in user reads no actor.
    expect(await readSessionWithActor("no-such-session", Math.ceil(Date.now() / 1000))).toBeNull();
  });
});
