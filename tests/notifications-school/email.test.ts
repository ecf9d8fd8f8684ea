/**
 * The school's letters through a real SMTP server (issue 15, R-SEC-8): logins issued by e-mail to
 * the addresses of the people's cards (the others still get a printed slip), a new temporary
 * password sent to an existing account by the administrator or the own class's class teacher —
 * the password in the letter signs in and must be changed; refused requests (another class, staff
 * for a class teacher, a guessed id, roles without the right) send nothing and change nothing.
 * Also tomorrow's timetable changes and a remark arrive by e-mail in Russian.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { verifyPassword } from "../../src/lib/passwords.ts";
import { runTimetableChanges } from "../../src/modules/schedule/changes.notify.ts";
import { buildSchool, PASSWORD, type TestSchool } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { anonymous, as, csrfFrom } from "../support/http.ts";
import { until, useMailAndQueue } from "../communication/support.ts";
import { addParent, addStudent, pdfPages, postForPdf, squash } from "../students/helpers.ts";
import { weekSchool } from "./helpers.ts";

const { smtp } = useMailAndQueue();

/** Signs in with the password; true when the product then asks for a new password (mustChangePassword). */
async function signsInToPasswordChange(login: string, password: string): Promise<boolean> {
  const agent = anonymous();
  const page = await agent.get("/login");
  const res = await agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrfFrom(page.text), login, password });
  if (res.status !== 302 || res.headers.location === "/login") return false;
  const next = await agent.get(res.headers.location!);
  return /password/.test(next.status === 302 ? next.headers.location! : res.headers.location!);
}

/** The login and the temporary password of a letter. */
function credentialsIn(text: string) {
  const login = /^Логин: (\S+)$/m.exec(text)?.[1];
  const password = /^Временный пароль: (\S+)$/m.exec(text)?.[1];
  expect(login && password, text).toBeTruthy();
  return { login: login!, password: password! };
}

let s: TestSchool;
beforeAll(async () => {
  s = await buildSchool();
});

describe("issuing logins by e-mail", () => {
  it("those with an address get the login by e-mail, the others a slip; the letter's password signs in and must be changed", async () => {
    const c5a = s.classes["5А"]!.id;
    const ivanov = await addStudent(s, c5a, "Иванов", "Иван", "Иванович");
    const petrova = await addStudent(s, c5a, "Петрова", "Анна", "Сергеевна");
    const mother = await addParent(s, ivanov.studentId, "Иванова", "Мария", "MOTHER");
    for (const p of [ivanov, petrova, mother])
      await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: p.personId, date: new Date("2026-09-02") } });
    await prisma.person.update({ where: { id: ivanov.personId }, data: { email: "ivan@example.ru" } });
    await prisma.person.update({ where: { id: mother.personId }, data: { email: " ivanova@example.ru " } });
    await prisma.person.update({ where: { id: petrova.personId }, data: { email: "не адрес" } }); // not an address: a slip

    const ct = await as(s.users.teacherRussian);
    const page = await ct.get(`/students/accounts?class=${c5a}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<input type="checkbox" name="byEmail" value="1" aria-describedby="by-email-hint">/);
    expect(page.text).toContain("Адрес e-mail указан у 2 из 3.");
    expect(await htmlProblems(page.text)).toEqual([]);

    const res = await postForPdf(ct, "/students/accounts", { classId: c5a, byEmail: "1" });
    expect(res.status).toBe(200);
    const pdf = (await pdfPages(res.body as Buffer)).join("");
    expect(pdf).toContain(squash("Петрова Анна Сергеевна"));
    expect(pdf).not.toContain("Иванов");

    await until("два письма", () => smtp().to("ivan@example.ru").length + smtp().to("ivanova@example.ru").length === 2);
    const letter = smtp().to("ivan@example.ru")[0]!;
    expect(letter.mail.subject).toBe(`Данные для входа в электронный журнал — ${s.school.name}`);
    const text = letter.mail.text ?? "";
    expect(text).toContain("Здравствуйте, Иван Иванович!");
    expect(text).toContain(`Для вас создана учётная запись в электронном журнале школы «${s.school.name}».`);
    expect(text).toMatch(/^Адрес сайта: http:\/\/localhost:\d+$/m);
    expect(text).toContain("Временный пароль нужно сменить при первом входе");
    const { login, password } = credentialsIn(text);
    const user = await prisma.user.findUniqueOrThrow({ where: { personId: ivanov.personId }, include: { roles: true } });
    expect([user.login, user.mustChangePassword, user.roles.map((r) => r.role)]).toEqual([login, true, ["STUDENT"]]);
    expect(await verifyPassword(user.passwordHash, password)).toBe(true);
    expect(await signsInToPasswordChange(login, password)).toBe(true);
    expect(credentialsIn(smtp().to("ivanova@example.ru")[0]!.mail.text ?? "").login).toBe(
      (await prisma.user.findUniqueOrThrow({ where: { personId: mother.personId } })).login,
    );

    // The delivery log names the kind and the user; the audit says how it was handed out, without the password.
    const deliveries = await prisma.emailDelivery.findMany({ where: { schoolId: s.schoolId, kind: "LOGIN_SLIP" }, orderBy: { id: "asc" } });
    expect(deliveries.map((x) => [x.toAddress, x.status])).toEqual([
      ["ivan@example.ru", "SENT"],
      ["ivanova@example.ru", "SENT"],
    ]);
    expect(deliveries[0]!.userId).toBe(user.id);
    // Once sent, the log no longer keeps the letter's text with the password (only address, subject, status).
    for (const d of deliveries) expect([d.text, d.html]).toEqual(["Текст письма с временным паролем удалён после отправки.", null]);
    const log = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "user", action: "create" }, orderBy: { id: "asc" } });
    expect(log.map((l) => (l.newValue as { byEmail?: boolean; slip?: boolean }).byEmail ?? false)).toEqual([true, false, true]);
    expect(JSON.stringify(log.map((l) => [l.oldValue, l.newValue]))).not.toContain(password);

    // The page again: nobody left to issue; the flash said how many were e-mailed.
    const after = await ct.get(`/students/accounts?class=${c5a}`);
    expect(after.text).toContain("Логины и временные пароли отправлены на e-mail: 2.");
  });
});

describe("a new temporary password by e-mail", () => {
  it("the class teacher sends one to a student of the own class: the old password stops, the new one signs in and must be changed; audited; sessions ended", async () => {
    const a1 = s.users.studentA1;
    await prisma.person.update({ where: { id: a1.personId }, data: { email: "artem@example.ru" } });
    const own = await as(a1);
    const ct = await as(s.users.teacherRussian);
    const page = await ct.get(`/students/accounts?class=${s.classes["5А"]!.id}`);
    expect(page.text).toContain(`action="/students/accounts/users/${a1.userId}/password-email"`);
    // Not for the class teacher herself nor staff, and nothing for those without an address.
    expect(page.text).not.toContain(`/students/accounts/users/${s.users.parentBorisova.userId}/password-email`);
    expect(await htmlProblems(page.text)).toEqual([]);

    const res = await ct.form(`/students/accounts/users/${a1.userId}/password-email`, { back: `/students/accounts?class=${s.classes["5А"]!.id}` });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/students/accounts?class=${s.classes["5А"]!.id}`);
    expect((await ct.get(res.headers.location!)).text).toContain("Новый временный пароль отправлен на artem@example.ru.");

    await until("письмо с паролем", () => smtp().to("artem@example.ru").length === 1);
    const letter = smtp().to("artem@example.ru")[0]!;
    expect(letter.mail.subject).toBe(`Новый временный пароль в электронный журнал — ${s.school.name}`);
    expect(letter.mail.text).toContain("Прежний пароль больше не действует.");
    const { login, password } = credentialsIn(letter.mail.text ?? "");
    expect(login).toBe(a1.login);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: a1.userId } });
    expect(user.mustChangePassword).toBe(true);
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(false);
    expect(await signsInToPasswordChange(login, password)).toBe(true);
    // The student's open session is over.
    expect((await own.get("/diary")).status).toBe(302);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { schoolId: s.schoolId, entity: "user", entityId: String(a1.userId), action: "reset-password" },
    });
    expect([audit.actorId, audit.newValue]).toEqual([s.users.teacherRussian.userId, { mustChangePassword: true, byEmail: true }]);
  });

  it("the administrator sends one from the account page of a staff member", async () => {
    await prisma.person.update({ where: { id: s.users.hr.personId }, data: { email: "hr@example.ru" } });
    const admin = await as(s.users.admin);
    const page = await admin.get(`/admin/users/${s.users.hr.userId}`);
    expect(page.text).toContain(`action="/students/accounts/users/${s.users.hr.userId}/password-email"`);
    expect(page.text).toContain("Письмо с логином и временным паролем уйдёт на hr@example.ru");
    expect(await htmlProblems(page.text)).toEqual([]);
    const res = await admin.form(`/students/accounts/users/${s.users.hr.userId}/password-email`, { back: `/admin/users/${s.users.hr.userId}` });
    expect(res.headers.location).toBe(`/admin/users/${s.users.hr.userId}`);
    await until("письмо кадровику", () => smtp().to("hr@example.ru").length === 1);
    const { password } = credentialsIn(smtp().to("hr@example.ru")[0]!.mail.text ?? "");
    expect(await signsInToPasswordChange(s.users.hr.login, password)).toBe(true);
  });

  it("refused: another class, staff or a guessed id for a class teacher (404); roles without the right (403); nothing sent, nothing changed", async () => {
    const other = await buildSchool();
    await prisma.person.updateMany({
      where: { id: { in: [s.users.studentB1.personId, s.users.teacherEnglish.personId, s.users.parentAlekseev.personId, other.users.studentA1.personId] } },
      data: { email: "target@example.ru" },
    });
    const state = async () => ({
      users: await prisma.user.findMany({
        where: { schoolId: { in: [s.schoolId, other.schoolId] } },
        select: { id: true, passwordHash: true, mustChangePassword: true },
        orderBy: { id: "asc" },
      }),
      deliveries: await prisma.emailDelivery.count({ where: { kind: "LOGIN_SLIP" } }),
      audit: await prisma.auditLog.count({ where: { action: "reset-password" } }),
    });
    const before = await state();
    const ct = await as(s.users.teacherRussian); // class teacher of 5А
    for (const id of [s.users.studentB1.userId, s.users.teacherEnglish.userId, s.users.admin.userId, other.users.studentA1.userId, 99_999_999])
      expect((await ct.form(`/students/accounts/users/${id}/password-email`, {})).status, `id ${id}`).toBe(404);
    // The administrator of another school: not found either.
    expect((await (await as(other.users.admin)).form(`/students/accounts/users/${s.users.studentB1.userId}/password-email`, {})).status).toBe(404);
    for (const who of ["teacherMath", "deputy", "secretary", "parentAlekseev", "studentA2"] as const)
      expect((await (await as(s.users[who])).form(`/students/accounts/users/${s.users.studentA1.userId}/password-email`, {})).status, who).toBe(403);
    expect(await state()).toEqual(before);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp().to("target@example.ru")).toEqual([]);
  });

  it("a card without an address: refused with a message, nothing changed", async () => {
    const before = await prisma.user.findUniqueOrThrow({ where: { id: s.users.studentA2.userId } });
    const admin = await as(s.users.admin);
    const res = await admin.form(`/students/accounts/users/${s.users.studentA2.userId}/password-email`, { back: `/admin/users/${s.users.studentA2.userId}` });
    expect(res.status).toBe(302);
    expect((await admin.get(res.headers.location!)).text).toContain("В карточке не указан адрес e-mail");
    expect(await prisma.user.findUniqueOrThrow({ where: { id: s.users.studentA2.userId } })).toEqual(before);
  });
});

describe("notifications of the school by e-mail", () => {
  it("tomorrow's changes reach a parent with a confirmed address, in Russian, once", async () => {
    const w = await weekSchool();
    const parent = w.users.parentBorisova;
    await prisma.emailAddress.create({ data: { userId: parent.userId, schoolId: w.schoolId, address: "borisova@example.ru", confirmedAt: new Date() } });
    const deputy = await as(w.users.deputy);
    await deputy.form("/schedule/changes", { entry: w.thu.russianA, date: "2026-12-10", kind: "CANCEL" });
    await runTimetableChanges(new Date("2026-12-09T17:00:00+03:00"));
    await runTimetableChanges(new Date("2026-12-09T17:00:00+03:00"));
    await until("письмо о завтрашних изменениях", () => smtp().to("borisova@example.ru").length === 1);
    const letter = smtp().to("borisova@example.ru")[0]!;
    expect(letter.mail.subject).toBe(`Завтра, 10 декабря, Борисова Вера (5А): 2-й урок «Русский язык» отменён — ${w.school.shortName}`);
    expect(letter.mail.text).toContain("2-й урок «Русский язык» отменён");
    expect(letter.mail.text).toMatch(new RegExp(`Открыть в журнале: http://localhost:\\d+/diary/${w.students.studentA2!.studentId}/week\\?date=2026-12-10`));
    expect(letter.mail.text).toContain("уведомления «Замены и отмены уроков на завтра»");
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp().to("borisova@example.ru")).toHaveLength(1);
  });

  it("a remark reaches the teacher's confirmed address", async () => {
    await prisma.emailAddress.create({
      data: { userId: s.users.teacherEnglish.userId, schoolId: s.schoolId, address: "english@example.ru", confirmedAt: new Date() },
    });
    await (
      await as(s.users.deputy)
    ).form("/reports/remarks", { month: "2026-11", teacherId: String(s.users.teacherEnglish.personId), journal: "", text: "Нет тем за 5 ноября" });
    await until("письмо о замечании", () => smtp().to("english@example.ru").length === 1);
    const letter = smtp().to("english@example.ru")[0]!;
    expect(letter.mail.subject).toBe(`Замечание по проверке журнала — ${s.school.shortName}`);
    expect(letter.mail.text).toContain("Нет тем за 5 ноября");
    expect(letter.mail.text).toMatch(/Открыть в журнале: http:\/\/localhost:\d+\/reports\/remarks\?open=1/);
  });
});
