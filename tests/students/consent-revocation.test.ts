/**
 * Issue 17 «Consent and accounts» (R-SEC-6): a recorded revocation of a parent's or a pupil's consent
 * blocks that person's account at once and ends its open sessions; the sign-in page tells the owner
 * why (only with the right password); re-recording the consent opens it again. A block the
 * administrator set is never lifted by a consent, and a staff member's account is left alone.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { CONSENT_REVOKED } from "../../src/modules/auth/auth.service.ts";
import { buildSchool } from "../support/fixtures.ts";
import { tryLogin } from "../admin/helpers.ts";
import { as, signIn } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Fixed dates of the fixture (lessons, consents, the 2nd quarter 05.11–28.12) on a school day of that quarter, whatever TEST_NOW the run has.
useMidQuarterDay();

const consent = (personId: number, date = "2026-09-02") => ({ personId, date });

async function consentedFamily() {
  const s = await buildSchool();
  const a1 = s.students.studentA1!.studentId;
  const sec = await as(s.users.secretary);
  expect((await sec.form(`/students/${a1}/consent`, consent(s.users.parentAlekseev.personId))).status).toBe(302);
  return { s, a1, sec };
}

describe("revoking consent closes the family account (R-SEC-6)", () => {
  it("blocks the parent at once: the open session ends on its next request, the sign-in says why, the audit holds both", async () => {
    const { s, a1, sec } = await consentedFamily();
    const parent = await signIn(s.users.parentAlekseev.login, s.users.parentAlekseev.password);
    expect((await parent.get("/")).status).toBe(200);

    expect((await sec.form(`/students/${a1}/consent/revoke`, { personId: s.users.parentAlekseev.personId })).status).toBe(302);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentAlekseev.userId } });
    expect(user).toMatchObject({ blocked: true, blockedByConsent: true });

    const next = await parent.get("/diary");
    expect(next.status).toBe(302);
    expect(next.headers.location).toMatch(/^\/login/);

    const right = (await tryLogin(s.users.parentAlekseev.login, s.users.parentAlekseev.password)).res;
    expect(right.status).toBe(401);
    expect(right.text).toContain(CONSENT_REVOKED.slice(0, 60));
    // A stranger with a wrong password learns nothing of it.
    const wrong = (await tryLogin(s.users.parentAlekseev.login, "not-the-password")).res;
    expect(wrong.text).not.toContain("согласи");
    expect(wrong.text).toContain("Неверный логин или пароль.");
    const event = await prisma.loginEvent.findFirstOrThrow({ where: { userId: user.id, success: false }, orderBy: { id: "asc" } });
    expect(event.reason).toBe("consent-revoked");

    const audit = await prisma.auditLog.findMany({
      where: { schoolId: s.schoolId, OR: [{ entity: "user", entityId: String(user.id) }, { action: "revoke" }] },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => `${a.entity}:${a.action}`)).toEqual(expect.arrayContaining(["user:block"]));
    expect(audit.find((a) => a.entity === "user" && a.action === "block")!.reason).toBe("Отзыв согласия на обработку персональных данных");
    expect(audit.some((a) => a.action === "revoke")).toBe(true);

    // The personal file and «Пользователи» show the true state.
    const file = (await sec.get(`/students/${a1}`)).text;
    expect(file).toContain("согласие отозвано, вход закрыт");
    const admin = await as(s.users.admin);
    expect((await admin.get(`/admin/users/${user.id}`)).text).toContain("заблокирован: отзыв согласия на обработку данных");
    // The diary data stays.
    expect(await prisma.parentLink.count({ where: { parentId: s.users.parentAlekseev.personId } })).toBe(2);
  });

  it("recording the consent again opens the account; signing in works", async () => {
    const { s, a1, sec } = await consentedFamily();
    await sec.form(`/students/${a1}/consent/revoke`, { personId: s.users.parentAlekseev.personId });
    expect((await sec.form(`/students/${a1}/consent`, consent(s.users.parentAlekseev.personId, "2026-10-05"))).status).toBe(302);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentAlekseev.userId } })).toMatchObject({ blocked: false, blockedByConsent: false });
    await signIn(s.users.parentAlekseev.login, s.users.parentAlekseev.password);
    const unblock = await prisma.auditLog.findFirstOrThrow({ where: { entity: "user", entityId: String(s.users.parentAlekseev.userId), action: "unblock" } });
    expect(unblock.reason).toBe("Согласие на обработку персональных данных записано вновь");
  });

  it("the pupil's own revocation blocks the pupil's account", async () => {
    const s = await buildSchool();
    const a1 = s.students.studentA1!;
    const sec = await as(s.users.secretary);
    await sec.form(`/students/${a1.studentId}/consent`, consent(a1.personId));
    await sec.form(`/students/${a1.studentId}/consent/revoke`, { personId: a1.personId });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: a1.user.userId } })).toMatchObject({ blocked: true, blockedByConsent: true });
  });

  it("an account the administrator blocked stays blocked when the consent is recorded again", async () => {
    const { s, a1, sec } = await consentedFamily();
    await prisma.user.update({ where: { id: s.users.parentAlekseev.userId }, data: { blocked: true } });
    await sec.form(`/students/${a1}/consent/revoke`, { personId: s.users.parentAlekseev.personId });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentAlekseev.userId } })).toMatchObject({ blocked: true, blockedByConsent: false });
    await sec.form(`/students/${a1}/consent`, consent(s.users.parentAlekseev.personId, "2026-10-05"));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentAlekseev.userId } })).blocked).toBe(true);
    // Signing in says «заблокирована», not the consent sentence.
    const res = (await tryLogin(s.users.parentAlekseev.login, s.users.parentAlekseev.password)).res;
    expect(res.text).toContain("Учётная запись заблокирована");
  });

  it("the administrator may open a consent-blocked account; the file then says so", async () => {
    const { s, a1, sec } = await consentedFamily();
    await sec.form(`/students/${a1}/consent/revoke`, { personId: s.users.parentAlekseev.personId });
    const admin = await as(s.users.admin);
    expect((await admin.form(`/admin/users/${s.users.parentAlekseev.userId}/unblock`, {})).status).toBe(302);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentAlekseev.userId } })).toMatchObject({ blocked: false, blockedByConsent: false });
    expect((await sec.get(`/students/${a1}`)).text).toContain("согласие отозвано, вход открыт администратором");
  });

  it("a parent who is a staff member keeps the staff account", async () => {
    const s = await buildSchool();
    const a2 = s.students.studentA2!.studentId;
    await prisma.parentLink.create({ data: { schoolId: s.schoolId, parentId: s.users.teacherMath.personId, studentId: a2, relation: "FATHER" } });
    const sec = await as(s.users.secretary);
    await sec.form(`/students/${a2}/consent`, consent(s.users.teacherMath.personId));
    await sec.form(`/students/${a2}/consent/revoke`, { personId: s.users.teacherMath.personId });
    expect((await prisma.personalDataConsent.findUniqueOrThrow({ where: { personId: s.users.teacherMath.personId } })).revokedAt).not.toBeNull();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.teacherMath.userId } })).blocked).toBe(false);
  });

  it("nobody outside the file's scope can revoke: a teacher, the parent himself, another school's secretary — nothing changes", async () => {
    const { s, a1 } = await consentedFamily();
    const other = await buildSchool();
    for (const who of [s.users.teacherMath, s.users.parentAlekseev, s.users.studentA1, other.users.secretary]) {
      const res = await (await as(who)).form(`/students/${a1}/consent/revoke`, { personId: s.users.parentAlekseev.personId });
      expect([403, 404]).toContain(res.status);
    }
    expect((await prisma.personalDataConsent.findUniqueOrThrow({ where: { personId: s.users.parentAlekseev.personId } })).revokedAt).toBeNull();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.parentAlekseev.userId } })).blocked).toBe(false);
  });
});
