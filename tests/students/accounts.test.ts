/**
 * Consent (R-SEC-6) and issuing logins on paper slips (R-SEC-8): only people with consent and no account
 * get a login; the others are listed; the PDF carries school, name, login, temporary password, site
 * address and instruction; the password is stored only as a hash and works once to force a change.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { verifyPassword } from "../../src/lib/passwords.ts";
import { buildSchool } from "../support/fixtures.ts";
import { anonymous, as, csrfFrom } from "../support/http.ts";
import { addParent, addStudent, pdfPages, postForPdf, squash } from "./helpers.ts";

async function classWithFamilies() {
  const s = await buildSchool();
  const c5a = s.classes["5А"]!.id;
  const ivanov = await addStudent(s, c5a, "Иванов", "Иван", "Иванович");
  const petrova = await addStudent(s, c5a, "Петрова", "Анна", "Сергеевна");
  const mother = await addParent(s, ivanov.studentId, "Иванова", "Мария", "MOTHER");
  const father = await addParent(s, petrova.studentId, "Петров", "Сергей", "FATHER");
  return { s, c5a, ivanov, petrova, mother, father };
}

describe("consent", () => {
  it("the class teacher records consent for a student and a parent of the own class; date and recorder are kept and audited", async () => {
    const { s, ivanov, mother } = await classWithFamilies();
    const ct = await as(s.users.teacherRussian);
    expect(
      (await ct.form(`/students/${ivanov.studentId}/consent`, { personId: ivanov.personId, date: "2026-09-02", documentNote: "Согласие № 7" })).status,
    ).toBe(302);
    expect((await ct.form(`/students/${ivanov.studentId}/consent`, { personId: mother.personId, date: "2026-09-03", documentNote: "" })).status).toBe(302);
    const c = await prisma.personalDataConsent.findUniqueOrThrow({ where: { personId: ivanov.personId } });
    expect(c.recordedById).toBe(s.users.teacherRussian.userId);
    expect(c.documentNote).toBe("Согласие № 7");
    expect(await prisma.personalDataConsent.count({ where: { personId: mother.personId } })).toBe(1);
    const rows = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "consent" } });
    expect(rows).toHaveLength(2);
    // A person who is not of this student's family cannot be targeted through this file.
    const res = await ct.form(`/students/${ivanov.studentId}/consent`, { personId: s.users.parentBorisova.personId, date: "2026-09-03" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Этот человек не относится к ученику");
    expect(await prisma.personalDataConsent.count({ where: { personId: s.users.parentBorisova.personId } })).toBe(0);
    const bad = await ct.form(`/students/${ivanov.studentId}/consent`, { personId: mother.personId, date: "32.13.2026", documentNote: "Черновик" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Дата в формате ДД.ММ.ГГГГ");
    expect(bad.text).toContain('value="Черновик"');
  });

  it("a class teacher cannot record consent in another class (404); the medic and the deputy cannot at all (403)", async () => {
    const { s } = await classWithFamilies();
    const b1 = s.students.studentB1!;
    const ct = await as(s.users.teacherRussian);
    expect((await ct.form(`/students/${b1.studentId}/consent`, { personId: b1.personId, date: "2026-09-02" })).status).toBe(404);
    for (const who of ["medic", "deputy"] as const) {
      const agent = await as(s.users[who]);
      expect((await agent.form(`/students/${b1.studentId}/consent`, { personId: b1.personId, date: "2026-09-02" })).status).toBe(403);
    }
    expect(await prisma.personalDataConsent.count({ where: { personId: b1.personId } })).toBe(0);
  });
});

describe("issuing logins on slips", () => {
  it("issues logins only to people with consent and no account, lists the skipped, and prints working slips", async () => {
    const { s, c5a, ivanov, petrova, mother, father } = await classWithFamilies();
    const ct = await as(s.users.teacherRussian);
    await ct.form(`/students/${ivanov.studentId}/consent`, { personId: ivanov.personId, date: "2026-09-02" });
    await ct.form(`/students/${ivanov.studentId}/consent`, { personId: mother.personId, date: "2026-09-02" });
    // Петрова and her father have no consent; the fixture's students already have accounts.

    const page = await ct.get(`/students/accounts?class=${c5a}`);
    expect(page.status).toBe(200);
    const skippedPart = page.text.slice(page.text.indexOf('id="skipped"'));
    expect(skippedPart).toContain("Петрова Анна Сергеевна");
    expect(skippedPart).toContain("Петров Сергей");
    expect(page.text).toContain("Иванов Иван Иванович");

    const res = await postForPdf(ct, "/students/accounts", { classId: c5a });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const text = (await pdfPages(res.body as Buffer)).join("");
    expect(text).toContain(squash(s.school.name));
    expect(text).toContain(squash("Иванов Иван Иванович"));
    expect(text).toContain(squash("Иванова Мария"));
    expect(text).not.toContain("Петров");
    expect(text).toContain(squash("Адрес сайта: http://127.0.0.1"));
    expect(text).toContain(squash("Система попросит придумать свой пароль"));
    const slips = [...text.matchAll(/Логин:([a-z0-9._-]+)Временныйпароль:([A-Za-z0-9]+)Адрессайта/g)].map((m) => ({ login: m[1]!, password: m[2]! }));
    expect(slips).toHaveLength(2);

    const student = await prisma.user.findUniqueOrThrow({ where: { personId: ivanov.personId }, include: { roles: true } });
    const parent = await prisma.user.findUniqueOrThrow({ where: { personId: mother.personId }, include: { roles: true } });
    expect(student.roles.map((r) => r.role)).toEqual(["STUDENT"]);
    expect(parent.roles.map((r) => r.role)).toEqual(["PARENT"]);
    expect(student.mustChangePassword).toBe(true);
    expect(student.login).toBe("ivanov.ii");
    const bySlip = new Map(slips.map((x) => [x.login, x.password]));
    for (const u of [student, parent]) {
      const password = bySlip.get(u.login)!;
      expect(u.passwordHash).not.toContain(password);
      expect(await verifyPassword(u.passwordHash, password)).toBe(true);
    }
    expect(await prisma.user.count({ where: { personId: { in: [petrova.personId, father.personId] } } })).toBe(0);
    // Audited, and no password anywhere in the log.
    const log = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "user", action: "create" } });
    expect(log).toHaveLength(2);
    expect(JSON.stringify(log.map((l) => [l.oldValue, l.newValue]))).not.toMatch(new RegExp(`${slips[0]!.password}|${slips[1]!.password}|argon2`));

    // The slip works: signing in sends the user to the password change.
    const agent = anonymous();
    const login = await agent.get("/login");
    const signIn = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(login.text), login: slips[0]!.login, password: slips[0]!.password });
    expect(signIn.status).toBe(302);
    const next = await agent.get(signIn.headers.location!);
    expect([next.status === 302 ? next.headers.location : signIn.headers.location].join()).toMatch(/password/);

    // A second run finds nobody: no new accounts, no PDF.
    const again = await ct.form("/students/accounts", { classId: c5a });
    expect(again.status).toBe(302);
    expect(await prisma.user.count({ where: { schoolId: s.schoolId } })).toBe(15 + 2);
  });

  it("a class teacher cannot issue logins for another class (404); a teacher and a parent are refused (403)", async () => {
    const { s } = await classWithFamilies();
    const c5b = s.classes["5Б"]!.id;
    const b = await addStudent(s, c5b, "Сидоров", "Олег");
    await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: b.personId, date: new Date("2026-09-01") } });
    const ct = await as(s.users.teacherRussian);
    expect((await ct.get(`/students/accounts?class=${c5b}`)).status).toBe(404);
    expect((await ct.form("/students/accounts", { classId: c5b })).status).toBe(404);
    for (const who of ["teacherMath", "parentAlekseev", "medic"] as const) {
      const agent = await as(s.users[who]);
      expect((await agent.form("/students/accounts", { classId: c5b })).status).toBe(403);
    }
    expect(await prisma.user.count({ where: { personId: b.personId } })).toBe(0);
    // The secretary may issue for any class.
    const sec = await as(s.users.secretary);
    const res = await postForPdf(sec, "/students/accounts", { classId: c5b });
    expect(res.status).toBe(200);
    expect(await prisma.user.count({ where: { personId: b.personId } })).toBe(1);
  });

  it("a withdrawn consent stops the issue", async () => {
    const { s, c5a, ivanov } = await classWithFamilies();
    const sec = await as(s.users.secretary);
    await sec.form(`/students/${ivanov.studentId}/consent`, { personId: ivanov.personId, date: "2026-09-02" });
    await sec.form(`/students/${ivanov.studentId}/consent/revoke`, { personId: ivanov.personId });
    expect((await prisma.personalDataConsent.findUniqueOrThrow({ where: { personId: ivanov.personId } })).revokedAt).not.toBeNull();
    const res = await sec.form("/students/accounts", { classId: c5a });
    expect(res.status).toBe(302);
    expect(await prisma.user.count({ where: { personId: ivanov.personId } })).toBe(0);
  });
});
