/**
 * E-mail off (no SMTP_URL, the default of the test run): issuing logins says so and the option is
 * disabled — everybody gets a printed slip even when the card has an address; «выслать новый
 * временный пароль на e-mail» is disabled and, posted anyway, changes nothing; nothing fails.
 * Timetable changes and remarks are still told in the product.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { mailEnabled } from "../../src/lib/mail.ts";
import { verifyPassword } from "../../src/lib/passwords.ts";
import { buildSchool, PASSWORD, type TestSchool } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";
import { addStudent, pdfPages, postForPdf, squash } from "../students/helpers.ts";

let s: TestSchool;
beforeAll(async () => {
  s = await buildSchool();
});

describe("e-mail not configured", () => {
  it("the issue page says e-mail is off and the option is disabled; asked for anyway, everybody gets a slip", async () => {
    expect(mailEnabled()).toBe(false);
    const c5a = s.classes["5А"]!.id;
    const ivanov = await addStudent(s, c5a, "Иванов", "Иван", "Иванович");
    await prisma.person.update({ where: { id: ivanov.personId }, data: { email: "ivan@example.ru" } });
    await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: ivanov.personId, date: new Date("2026-09-02") } });
    const ct = await as(s.users.teacherRussian);
    const page = await ct.get(`/students/accounts?class=${c5a}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<input type="checkbox" name="byEmail" value="1" aria-describedby="by-email-hint" disabled>/);
    expect(page.text).toContain("Отправка почты не настроена администратором сервера: логины и пароли выдаются только на листках.");
    expect(await htmlProblems(page.text)).toEqual([]);

    const res = await postForPdf(ct, "/students/accounts", { classId: c5a, byEmail: "1" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const text = (await pdfPages(res.body as Buffer)).join("");
    expect(text).toContain(squash("Иванов Иван Иванович"));
    const password = /Временныйпароль:([A-Za-z0-9]+)Адрессайта/.exec(text)![1]!;
    const user = await prisma.user.findUniqueOrThrow({ where: { personId: ivanov.personId } });
    expect(await verifyPassword(user.passwordHash, password)).toBe(true);
    expect(await prisma.emailDelivery.count()).toBe(0);
  });

  it("the new-password-by-e-mail action is disabled; posted anyway it refuses with a message and changes nothing", async () => {
    const a1 = s.users.studentA1;
    await prisma.person.update({ where: { id: a1.personId }, data: { email: "artem@example.ru" } });
    const admin = await as(s.users.admin);
    const page = await admin.get(`/admin/users/${a1.userId}`);
    expect(page.text).toMatch(/<button type="submit" aria-describedby="password-email-hint" disabled>Выслать новый временный пароль на e-mail<\/button>/);
    expect(page.text).toContain("Отправка почты не настроена администратором сервера");
    expect(await htmlProblems(page.text)).toEqual([]);
    const issue = await (await as(s.users.teacherRussian)).get(`/students/accounts?class=${s.classes["5А"]!.id}`);
    expect(issue.text).toMatch(
      /<button type="submit" class="link-button" disabled title="[^"]+">Выслать новый временный пароль на e-mail \(artem@example\.ru\)<\/button>/,
    );
    expect(await htmlProblems(issue.text)).toEqual([]);

    const before = await prisma.user.findUniqueOrThrow({ where: { id: a1.userId } });
    const res = await admin.form(`/students/accounts/users/${a1.userId}/password-email`, { back: `/admin/users/${a1.userId}` });
    expect(res.status).toBe(302);
    expect((await admin.get(res.headers.location!)).text).toContain("Отправка почты не настроена администратором сервера");
    const after = await prisma.user.findUniqueOrThrow({ where: { id: a1.userId } });
    expect(after).toEqual(before);
    expect(await verifyPassword(after.passwordHash, PASSWORD)).toBe(true);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, action: "reset-password" } })).toBe(0);
    expect(await prisma.emailDelivery.count()).toBe(0);
  });
});
