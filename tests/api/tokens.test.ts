/**
 * Personal API tokens (issue 21): shown once, kept as a hash, listed with the last use, revoked by
 * the owner or the administrator (audited); expired, revoked and blocked-owner tokens are 401, a
 * read-only token writing is 403; another user's or school's token is not found.
 */
import crypto from "node:crypto";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { clock } from "../../src/lib/clock.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as, testApp } from "../support/http.ts";
import { meSchema } from "../../src/modules/api/api.schemas.ts";
import { apiAs, bearer, errorOf, tokenFor } from "./helpers.ts";

const sha256 = (t: string) => crypto.createHash("sha256").update(t).digest("hex");

describe("personal API tokens", () => {
  let s: TestSchool;
  let other: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
    other = await buildSchool();
  });

  it("a parent creates a token in «Персональные настройки»: shown once, only its SHA-256 stored, audited", async () => {
    const agent = await as(s.users.parentBorisova);
    const account = await agent.get("/account");
    expect(account.status).toBe(200);
    expect(account.text).toContain("Токены для приложений (API)");
    const res = await agent.form("/account/api-tokens", { name: "Телефон мамы", days: "30", scope: "read" });
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const token = /value="(ejapi_[A-Za-z0-9_-]{43})"/.exec(res.text)?.[1];
    expect(token).toBeDefined();

    const rows = await prisma.apiToken.findMany({ where: { userId: s.users.parentBorisova.userId } });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.hash).toBe(sha256(token!));
    expect(JSON.stringify(row)).not.toContain(token!.slice(10));
    expect(row.canWrite).toBe(false);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 86_400_000);
    const log = await prisma.auditLog.findFirst({ where: { entity: "api-token", entityId: String(row.id), action: "create" } });
    expect(log?.actorId).toBe(s.users.parentBorisova.userId);
    expect(JSON.stringify([log?.oldValue, log?.newValue])).not.toContain(token!.slice(10));

    // Never shown again: the account page lists the name and the prefix only.
    const again = await agent.get("/account");
    expect(again.text).toContain("Телефон мамы");
    expect(again.text).not.toContain(token!);
    expect(again.text).toContain("не использовался");

    const res2 = await bearer(token!).get("/api/v1/me");
    expect(res2.status).toBe(200);
    const me = meSchema.parse(res2.body);
    expect(me.user.login).toBe(s.users.parentBorisova.login);
    expect(me.children).toEqual([{ id: s.students.studentA2!.studentId, name: "Борисова Вера Андреевна" }]);
    expect(me.student).toBeNull();
    expect(me.user.roles).toEqual([{ code: "PARENT", name: "Родитель" }]);
    expect(me.token.scope).toBe("read");
  });

  it("a bad form comes back with the message beside the field and the typed values; nothing is created", async () => {
    const agent = await as(s.users.studentA1);
    for (const [body, field, message] of [
      [{ name: "   ", days: "365", scope: "write" }, "name", "Введите название токена"],
      [{ name: "x".repeat(101), days: "365", scope: "write" }, "name", "Не длиннее 100 символов"],
      [{ name: "Бот", days: "7", scope: "write" }, "days", "Выберите срок действия из списка"],
      [{ name: "Бот", days: "365", scope: "admin" }, "scope", "Выберите права из списка"],
    ] as const) {
      const res = await agent.form("/account/api-tokens", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.text).toContain(`id="api-token-${field}-error">${message}`);
      if (field !== "days") expect(res.text).toMatch(/<option value="365" selected>/);
    }
    expect(await prisma.apiToken.count({ where: { userId: s.users.studentA1.userId } })).toBe(0);
  });

  it("the last use (time and address) is written at most once a minute", async () => {
    const { token, tokenId, get } = await apiAs(s.users.studentA1);
    expect((await get("/api/v1/me")).status).toBe(200);
    const first = await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(first.lastUsedAt).not.toBeNull();
    expect(first.lastUsedIp).toMatch(/127\.0\.0\.1/);
    // 30 seconds ago: not written again; 2 minutes ago: written.
    const recent = new Date(clock.nowMs() - 30_000);
    await prisma.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: recent } });
    await bearer(token).get("/api/v1/me");
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).lastUsedAt).toEqual(recent);
    const old = new Date(clock.nowMs() - 120_000);
    await prisma.apiToken.update({ where: { id: tokenId }, data: { lastUsedAt: old } });
    await bearer(token).get("/api/v1/me");
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).lastUsedAt!.getTime()).toBeGreaterThan(old.getTime() + 60_000);
  });

  it("an expired token is 401 JSON", async () => {
    const { token, tokenId } = await tokenFor(s.users.studentA1).then((t) => ({ token: t.token, tokenId: t.id }));
    expect((await bearer(token).get("/api/v1/me")).status).toBe(200);
    await prisma.apiToken.update({ where: { id: tokenId }, data: { expiresAt: new Date(clock.nowMs() - 1000) } });
    const res = await bearer(token).get("/api/v1/me");
    expect(res.status).toBe(401);
    expect(errorOf(res)).toEqual({ code: "unauthorized", message: "Срок действия токена истёк: создайте новый в «Персональных настройках»." });
  });

  it("a revoked token is 401; the owner revokes on the account page, audited", async () => {
    const { token, tokenId } = await apiAs(s.users.parentAlekseev);
    const agent = await as(s.users.parentAlekseev);
    const res = await agent.form(`/account/api-tokens/${tokenId}/revoke`, {});
    expect(res.status).toBe(302);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt).not.toBeNull();
    expect(await prisma.auditLog.count({ where: { entity: "api-token", entityId: String(tokenId), action: "revoke" } })).toBe(1);
    const api = await bearer(token).get("/api/v1/me");
    expect(api.status).toBe(401);
    expect(errorOf(api).message).toBe("Токен отозван.");
  });

  it("a token of a blocked user is 401", async () => {
    const s2 = await buildSchool();
    const { get } = await apiAs(s2.users.studentB1);
    expect((await get("/api/v1/me")).status).toBe(200);
    await prisma.user.update({ where: { id: s2.users.studentB1.userId }, data: { blocked: true } });
    const res = await get("/api/v1/me");
    expect(res.status).toBe(401);
    expect(errorOf(res).code).toBe("unauthorized");
  });

  it("a read-only token cannot write (403) and nothing is written", async () => {
    const { post } = await apiAs(s.users.teacherMath, { scope: "read" });
    const before = await prisma.mark.count({ where: { schoolId: s.schoolId } });
    const res = await post("/api/v1/journal/marks", { lessonId: 1, studentId: s.students.studentA1!.studentId, assignmentTypeId: 1, value: 5 });
    expect(res.status).toBe(403);
    expect(errorOf(res).code).toBe("forbidden");
    expect(errorOf(res).message).toContain("только для чтения");
    expect(await prisma.mark.count({ where: { schoolId: s.schoolId } })).toBe(before);
  });

  it("no token, a malformed one, another scheme, or a session cookie alone: 401 JSON", async () => {
    const app = testApp();
    const { token } = await tokenFor(s.users.studentA2);
    const altered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"); // well-formed, never issued
    for (const header of [undefined, "Bearer", `Basic ${token}`, `Bearer ${token}x`, "Bearer ejapi_short", `Bearer ${altered}`]) {
      const r = request(app).get("/api/v1/me");
      const res = await (header ? r.set("Authorization", header) : r);
      expect(res.status, String(header)).toBe(401);
      expect(errorOf(res).code).toBe("unauthorized");
      expect(res.headers["content-type"]).toMatch(/application\/json/);
    }
    const agent = await as(s.users.studentA2); // a signed-in browser session, no token
    expect((await agent.get("/")).status).toBe(200);
    const viaCookie = await agent.get("/api/v1/me");
    expect(viaCookie.status).toBe(401);
    expect(viaCookie.headers["set-cookie"]).toBeUndefined();
  });

  it("CORS stays closed: no Access-Control-* headers, even for a preflight", async () => {
    const { token } = await tokenFor(s.users.studentA2);
    const res = await request(testApp()).get("/api/v1/me").set("Authorization", `Bearer ${token}`).set("Origin", "https://evil.example");
    expect(res.status).toBe(200);
    expect(Object.keys(res.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    expect(res.headers["set-cookie"]).toBeUndefined();
    const pre = await request(testApp()).options("/api/v1/me").set("Origin", "https://evil.example").set("Access-Control-Request-Method", "GET");
    expect(Object.keys(pre.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
  });

  it("another user's token cannot be revoked (404) and stays live", async () => {
    const victim = await tokenFor(s.users.parentBorisova, { name: "Чужой" });
    for (const who of [s.users.parentAlekseev, s.users.teacherMath, s.users.deputy]) {
      const agent = await as(who);
      expect((await agent.form(`/account/api-tokens/${victim.id}/revoke`, {})).status).toBe(404);
    }
    // Guessed and malformed ids too.
    const agent = await as(s.users.parentAlekseev);
    for (const id of [victim.id + 1000, 0, "abc"]) expect((await agent.form(`/account/api-tokens/${id}/revoke`, {})).status).toBe(404);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: victim.id } })).revokedAt).toBeNull();
    expect((await bearer(victim.token).get("/api/v1/me")).status).toBe(200);
  });

  it("the administrator sees the school's tokens (not another school's) and revokes any of them, audited", async () => {
    const own = await tokenFor(s.users.teacherRussian, { name: "Планшет учителя" });
    const foreign = await tokenFor(other.users.studentA1, { name: "Токен другой школы" });
    const admin = await as(s.users.admin);
    expect((await admin.get("/admin/users")).text).toContain('href="/admin/api-tokens"');
    const page = await admin.get("/admin/api-tokens");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Планшет учителя");
    expect(page.text).toContain("Русакова Мария Олеговна");
    expect(page.text).not.toContain("Токен другой школы");

    expect((await admin.get("/admin/api-tokens?page=2")).text).not.toContain("Планшет учителя"); // one page of 50 holds them all
    expect((await admin.get("/admin/api-tokens?page=abc")).status).toBe(200);
    expect((await admin.form(`/admin/api-tokens/${foreign.id}/revoke`, {})).status).toBe(404);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: foreign.id } })).revokedAt).toBeNull();

    expect((await admin.form(`/admin/api-tokens/${own.id}/revoke`, {})).status).toBe(302);
    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: own.id } });
    expect(row.revokedById).toBe(s.users.admin.userId);
    const log = await prisma.auditLog.findFirstOrThrow({ where: { entity: "api-token", entityId: String(own.id), action: "revoke" } });
    expect(log.actorId).toBe(s.users.admin.userId);
    expect(log.oldValue).toMatchObject({ userId: s.users.teacherRussian.userId, name: "Планшет учителя" });
    const auditPage = await admin.get("/admin/audit?entity=api-token");
    expect(auditPage.text).toContain("Токен для приложений (API)");
    expect(auditPage.text).toContain("отзыв");
    expect((await bearer(own.token).get("/api/v1/me")).status).toBe(401);
  });

  it("the administrator's list is paged by 50, newest first", async () => {
    const s2 = await buildSchool();
    const now = clock.now();
    await prisma.apiToken.createMany({
      data: Array.from({ length: 53 }, (_, i) => ({
        schoolId: s2.schoolId,
        userId: s2.users.hr.userId,
        name: `Токен №${i + 1}`,
        hash: crypto.randomBytes(32).toString("hex"),
        hint: "ejapi_abcd",
        expiresAt: new Date(now.getTime() + 86_400_000),
      })),
    });
    const admin = await as(s2.users.admin);
    const first = await admin.get("/admin/api-tokens");
    expect(first.text.match(/<th scope="row">Токен №\d+/g)).toHaveLength(50);
    expect(first.text).toContain("Токен №53");
    expect(first.text).toContain('href="/admin/api-tokens?page=2"');
    const second = await admin.get("/admin/api-tokens?page=2");
    expect(second.text.match(/<th scope="row">Токен №\d+/g)?.map((m) => m.replace('<th scope="row">', ""))).toEqual(["Токен №3", "Токен №2", "Токен №1"]);
  });

  it.each(["deputy", "teacherMath", "parentAlekseev", "studentA1"] as const)("%s has no school token page (403) and cannot revoke there", async (who) => {
    const t = await tokenFor(s.users.teacherEnglish);
    const agent = await as(s.users[who]);
    expect((await agent.get("/admin/api-tokens")).status).toBe(403);
    expect((await agent.form(`/admin/api-tokens/${t.id}/revoke`, {})).status).toBe(403);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: t.id } })).revokedAt).toBeNull();
  });
});
