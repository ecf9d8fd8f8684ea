/**
 * Issue 23: the consent section of a personal file does not contradict itself. A login without a
 * recorded consent (issued before consent was required, or by the administrator's «account for a
 * known person») is shown as it is, with what to do; the revoke button reads as an action; and
 * the administrator's path can no longer issue a student's or parent's login without consent.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { closedByRevocation, loginConsentState } from "../../src/modules/students/students.policy.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";

/** The consent table's row of one person, as text. */
function consentRow(html: string, who: string): string {
  const section = /<section class="card" id="consent">([\s\S]*?)<\/section>/.exec(html)![1]!;
  const row = section.split("<tr>").find((r) => r.includes(who));
  expect(row, `нет строки «${who}»`).toBeDefined();
  return row!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("the login beside the consent (R-SEC-6)", () => {
  it.each([
    [{ hasLogin: false, isStaff: false, consent: null }, "none"],
    [{ hasLogin: true, isStaff: false, consent: { revokedAt: null } }, "ok"],
    [{ hasLogin: true, isStaff: false, consent: null }, "no-consent"],
    [{ hasLogin: true, isStaff: false, consent: { revokedAt: new Date() } }, "revoked"],
    [{ hasLogin: true, isStaff: false, blocked: true, consent: { revokedAt: new Date() } }, "revoked"],
    [{ hasLogin: true, isStaff: false, blocked: false, consent: { revokedAt: new Date() } }, "revoked-open"],
    [{ hasLogin: true, isStaff: true, consent: null }, "staff"],
  ] as const)("%j → %s", (p, state) => expect(loginConsentState(p)).toBe(state));

  it.each([
    [["PARENT"], true],
    [["STUDENT"], true],
    [["PARENT", "TEACHER"], false],
    [["DEPUTY"], false],
    [[], false],
  ] as const)("a withdrawn consent closes an account of %j: %s (issue 17)", (roles, closed) => expect(closedByRevocation(roles)).toBe(closed));

  it("a parent with a login and no consent: «вход выдан до записи согласия» and what to do; recording the consent clears it", async () => {
    const s = await buildSchool();
    const a1 = s.students.studentA1!.studentId;
    const sec = await as(s.users.secretary);
    let html = (await sec.get(`/students/${a1}`)).text;
    let row = consentRow(html, "Алексеев Игорь Петрович");
    expect(row).toContain("нет"); // the consent column
    expect(row).toContain(s.users.parentAlekseev.login);
    expect(row).toContain("вход выдан до записи согласия");
    expect(row).toContain("Запишите согласие по подписанному документу");
    // The student's own login likewise, and the register's list says so too.
    expect(consentRow(html, "(ученик)")).toContain("вход выдан до записи согласия");
    expect((await sec.get("/students")).text).toContain('<span class="badge badge-warn">без действующего согласия</span>');

    expect((await sec.form(`/students/${a1}/consent`, { personId: s.users.parentAlekseev.personId, date: "2026-09-02" })).status).toBe(302);
    html = (await sec.get(`/students/${a1}`)).text;
    row = consentRow(html, "Алексеев Игорь Петрович");
    expect(row).toContain("есть");
    expect(row).toContain(s.users.parentAlekseev.login);
    expect(row).not.toContain("вход выдан до записи согласия");
    // The revoke action reads as an action, with a confirmation that says what it does.
    expect(html).toContain(">Записать отзыв согласия</button>");
    expect(html).not.toContain(">Согласие отозвано</button>");
    expect(html).toContain('data-confirm="Записать отзыв согласия? Учётная запись этого ученика или родителя будет сразу заблокирована');
  });

  it("after the consent is withdrawn: «согласие отозвано, вход закрыт» (issue 17: the revocation blocks the account)", async () => {
    const s = await buildSchool();
    const a1 = s.students.studentA1!.studentId;
    const sec = await as(s.users.secretary);
    await sec.form(`/students/${a1}/consent`, { personId: s.users.parentAlekseev.personId, date: "2026-09-02" });
    expect((await sec.form(`/students/${a1}/consent/revoke`, { personId: s.users.parentAlekseev.personId })).status).toBe(302);
    expect((await prisma.personalDataConsent.findUniqueOrThrow({ where: { personId: s.users.parentAlekseev.personId } })).revokedAt).not.toBeNull();
    const row = consentRow((await sec.get(`/students/${a1}`)).text, "Алексеев Игорь Петрович");
    expect(row).toContain("отозвано");
    expect(row).toContain("согласие отозвано, вход закрыт");
    expect(row).toContain("Вход откроется, когда согласие будет записано вновь");
  });

  it("a parent who is a staff member: the login is the staff account, not a consent problem", async () => {
    const s = await buildSchool();
    await prisma.parentLink.create({
      data: { schoolId: s.schoolId, parentId: s.users.teacherMath.personId, studentId: s.students.studentA2!.studentId, relation: "FATHER" },
    });
    const row = consentRow((await (await as(s.users.secretary)).get(`/students/${s.students.studentA2!.studentId}`)).text, "Математиков Пётр Ильич");
    expect(row).toContain("учётная запись сотрудника");
    expect(row).not.toContain("вход выдан до записи согласия");
  });
});

describe("the administrator's «account for a known person» respects consent", () => {
  async function parentWithoutAccount() {
    const s = await buildSchool();
    const mother = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Семёнова", firstName: "Алла" } });
    await prisma.parentLink.create({ data: { schoolId: s.schoolId, parentId: mother.id, studentId: s.students.studentA1!.studentId, relation: "MOTHER" } });
    return { s, mother };
  }

  it("refuses a PARENT login without a recorded consent (422, said on the page first), creates nothing", async () => {
    const { s, mother } = await parentWithoutAccount();
    const admin = await as(s.users.admin);
    const chosen = await admin.get("/admin/users/new").query({ mode: "person", personId: mother.id });
    expect(chosen.text).toContain("Нет записанного согласия на обработку персональных данных");
    const users = await prisma.user.count();
    const res = await admin.form("/admin/users", { mode: "person", personId: mother.id, login: "semenova.a", roles: ["PARENT"] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("логин ученику или родителю выдаётся только после записи согласия");
    expect(await prisma.user.count()).toBe(users);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "user", action: "create" } })).toBe(0);
  });

  it("a withdrawn consent is refused too; a recorded one lets the login be issued", async () => {
    const { s, mother } = await parentWithoutAccount();
    const admin = await as(s.users.admin);
    await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: mother.id, date: new Date("2026-09-02"), revokedAt: new Date() } });
    const refused = await admin.form("/admin/users", { mode: "person", personId: mother.id, login: "semenova.a", roles: ["PARENT"] });
    expect(refused.status).toBe(422);
    await prisma.personalDataConsent.update({ where: { personId: mother.id }, data: { revokedAt: null } });
    const ok = await admin.form("/admin/users", { mode: "person", personId: mother.id, login: "semenova.a", roles: ["PARENT"] });
    expect(ok.status).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { personId: mother.id }, include: { roles: true } })).roles.map((r) => r.role)).toEqual(["PARENT"]);
  });
});
