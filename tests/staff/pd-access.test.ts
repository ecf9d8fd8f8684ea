/**
 * Issue 17: staff consents (R-REG-10), HR's staff logins with slips and a signature sheet, and the
 * register of staff admitted to personal data (001 §3.14, R-SEC-7) gating the personal-data sections.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { verifyPassword } from "../../src/lib/passwords.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as, signIn } from "../support/http.ts";
import { getBinary, pdfPages, postFormBinary, squash } from "../support/pdf.ts";
import { xlsxRows } from "../reports/helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { htmlProblems } from "../support/html.ts";

useMidQuarterDay();

/** A working staff member without a login, with a position (and a consent unless `consent: false`). */
async function newcomer(schoolId: number, last: string, position: string, opts: { consent?: boolean } = {}) {
  const person = await prisma.person.create({ data: { schoolId, lastName: last, firstName: "Вера", middleName: "Ивановна", birthDate: d("1985-02-02") } });
  const staff = await prisma.staff.create({
    data: { schoolId, personId: person.id, hiredAt: d("2026-09-01"), positions: { create: { schoolId, title: position, fromDate: d("2026-09-01") } } },
  });
  if (opts.consent !== false) await prisma.personalDataConsent.create({ data: { schoolId, personId: person.id, date: d("2026-09-01") } });
  return { personId: person.id, staffId: staff.id };
}

describe("staff consents and logins (R-REG-10)", () => {
  it("a staff login is refused without a recorded consent, on HR's page and on the administrator's form", async () => {
    const s = await buildSchool();
    const nc = await newcomer(s.schoolId, "Безсогласова", "Учитель химии", { consent: false });
    const hr = await as(s.users.hr);
    const page = await hr.get("/staff/accounts");
    expect(page.status).toBe(200);
    expect(page.text).toContain("нет согласия на обработку ПДн");
    const refused = await hr.form("/staff/accounts", { staffIds: [String(nc.staffId)] });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("Никому из отмеченных нельзя выдать логин");
    const admin = await as(s.users.admin);
    const byAdmin = await admin.form("/admin/users", { mode: "person", personId: nc.personId, login: "bezsoglasova.v", roles: ["TEACHER"] });
    expect(byAdmin.status).toBe(422);
    expect(byAdmin.text).toContain("Нет записанного согласия сотрудника");
    expect(await prisma.user.count({ where: { personId: nc.personId } })).toBe(0);

    // HR records the consent on the card (a future date is refused next to the field, the typed value kept).
    const future = await hr.form(`/staff/${nc.staffId}/consent`, { date: "2027-01-10", documentNote: "№ 7" });
    expect(future.status).toBe(422);
    expect(future.text).toContain("Дата не может быть в будущем");
    expect(future.text).toContain('value="№ 7"');
    expect((await hr.form(`/staff/${nc.staffId}/consent`, { date: "2026-09-02", documentNote: "№ 7" })).status).toBe(302);
    const entry = await prisma.auditLog.findFirst({ where: { schoolId: s.schoolId, entity: "consent", entityId: String(nc.personId) } });
    expect(entry?.action).toBe("create");
  });

  it("HR issues logins with the roles of the positions and prints slips and the signature sheet in one PDF; re-issue resets the password", async () => {
    const s = await buildSchool();
    const a = await newcomer(s.schoolId, "Аверина", "Учитель физики");
    const b = await newcomer(s.schoolId, "Медсестрова", "Медицинская сестра");
    const director = await newcomer(s.schoolId, "Директорова", "Директор");
    const hr = await as(s.users.hr);
    const res = await postFormBinary(hr, "/staff/accounts", { staffIds: [String(a.staffId), String(b.staffId), String(director.staffId)] });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/pdf");
    const pages = (await pdfPages(res.body as Buffer)).map(squash);
    const users = await prisma.user.findMany({ where: { personId: { in: [a.personId, b.personId] } }, include: { roles: true, person: true } });
    expect(users).toHaveLength(2);
    expect(Object.fromEntries(users.map((u) => [u.person.lastName, u.roles.map((r) => r.role)]))).toEqual({ Аверина: ["TEACHER"], Медсестрова: ["MEDIC"] });
    // The director's account (ADMIN) is the administrator's to create.
    expect(await prisma.user.count({ where: { personId: director.personId } })).toBe(0);
    for (const u of users) expect(pages[0]).toContain(squash(u.login));
    const sheet = pages[pages.length - 1]!;
    expect(sheet).toContain(squash("Ведомость получения учётных данных"));
    expect(sheet).toContain(squash("Подпись"));
    expect(sheet).toContain(squash("Аверина Вера Ивановна"));
    expect(sheet).toContain(squash("Учитель физики"));
    // The password printed on the slip is the one stored as a hash, and never in the audit.
    const avera = users.find((u) => u.person.lastName === "Аверина")!;
    const password = new RegExp(`${avera.login}Временныйпароль:(\\S+?)Адрес`).exec(pages[0]!)?.[1];
    expect(password).toBeTruthy();
    expect(await verifyPassword(avera.passwordHash, password!)).toBe(true);
    const audits = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "user", entityId: { in: users.map((u) => String(u.id)) } } });
    expect(audits.length).toBe(2);
    expect(JSON.stringify(audits.map((e) => [e.oldValue, e.newValue]))).not.toContain(password!);

    // Re-issue (an account not used yet): a new temporary password, the old one stops working.
    const again = await postFormBinary(hr, "/staff/accounts", { staffIds: [String(a.staffId)] });
    expect(again.status).toBe(200);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: avera.id } });
    expect(await verifyPassword(after.passwordHash, password!)).toBe(false);
    expect(after.mustChangePassword).toBe(true);
  });

  it("HR cannot re-issue the password of an account already in use; the administrator can", async () => {
    const s = await buildSchool();
    await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: s.users.teacherMath.personId, date: d("2026-09-01") } });
    await prisma.user.update({ where: { id: s.users.teacherMath.userId }, data: { lastLoginAt: new Date() } });
    const staff = await prisma.staff.findUniqueOrThrow({ where: { personId: s.users.teacherMath.personId } });
    const before = (await prisma.user.findUniqueOrThrow({ where: { id: s.users.teacherMath.userId } })).passwordHash;
    const hr = await as(s.users.hr);
    const refused = await hr.form("/staff/accounts", { staffIds: [String(staff.id)] });
    expect(refused.status).toBe(422);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.teacherMath.userId } })).passwordHash).toBe(before);
    const admin = await as(s.users.admin);
    expect((await postFormBinary(admin, "/staff/accounts", { staffIds: [String(staff.id)] })).status).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.teacherMath.userId } })).passwordHash).not.toBe(before);
  });

  it("the grace banner counts staff with a login and no valid consent; a revoked staff consent keeps the login", async () => {
    const s = await buildSchool();
    const hr = await as(s.users.hr);
    // The fixture's ten staff all have logins and no consent yet.
    const list = await hr.get("/staff");
    expect(list.text).toContain("У 10 сотрудников с учётной записью нет действующего согласия");
    // The same banner on the home page of the administrator and HR, not of a teacher.
    expect((await (await as(s.users.admin)).get("/")).text).toContain("У 10 сотрудников");
    expect((await (await as(s.users.teacherMath)).get("/")).text).not.toContain("нет действующего согласия");
    const staff = await prisma.staff.findUniqueOrThrow({ where: { personId: s.users.teacherMath.personId } });
    await hr.form(`/staff/${staff.id}/consent`, { date: "2026-09-01", documentNote: "" });
    expect((await hr.get("/staff")).text).toContain("У 9 сотрудников");
    await hr.form(`/staff/${staff.id}/consent/revoke`, {});
    const user = await prisma.user.findUniqueOrThrow({ where: { id: s.users.teacherMath.userId } });
    expect(user.blocked).toBe(false);
    expect((await hr.get("/staff")).text).toContain("из них отозвали согласие: 1");
    expect((await signIn(s.users.teacherMath.login, s.users.teacherMath.password)).token).toBeTruthy();
  });
});

describe("the register of staff admitted to personal data (001 §3.14)", () => {
  it("a section is closed without the undertaking and open with one", async () => {
    const s = await buildSchool();
    const student = s.students.studentA1!;
    await prisma.studentMedical.create({ data: { schoolId: s.schoolId, studentId: student.studentId, healthGroup: "II" } }).catch(() => null);
    const medicStaff = await prisma.staff.findUniqueOrThrow({ where: { personId: s.users.medic.personId } });
    await prisma.pdUndertaking.delete({ where: { staffId: medicStaff.id } });
    const medic = await as(s.users.medic);
    const closed = await medic.get(`/students/${student.studentId}`);
    expect(closed.status).toBe(200);
    expect(closed.text).toContain("обязательство о неразглашении персональных данных не записано");
    expect(closed.text).not.toContain('id="medical"');

    const hr = await as(s.users.hr);
    const bad = await hr.form(`/staff/${medicStaff.id}/undertaking`, { date: "2026-09-01", documentNumber: "" });
    expect(bad.status).toBe(422);
    expect((await hr.form(`/staff/${medicStaff.id}/undertaking`, { date: "2026-09-01", documentNumber: "О-17" })).status).toBe(302);
    const open = await (await as(s.users.medic)).get(`/students/${student.studentId}`);
    expect(open.text).toContain('id="medical"');
    expect(open.text).not.toContain("обязательство о неразглашении персональных данных не записано");
    const entry = await prisma.auditLog.findFirst({ where: { schoolId: s.schoolId, entity: "pd-undertaking", entityId: String(medicStaff.id) } });
    expect(entry?.newValue).toMatchObject({ documentNumber: "О-17" });
  });

  it("HR without an undertaking sees a staff card's personal data closed and cannot change it", async () => {
    const s = await buildSchool();
    const hrStaff = await prisma.staff.findUniqueOrThrow({ where: { personId: s.users.hr.personId } });
    await prisma.pdUndertaking.delete({ where: { staffId: hrStaff.id } });
    const other = await prisma.staff.findUniqueOrThrow({ where: { personId: s.users.teacherMath.personId } });
    const hr = await as(s.users.hr);
    const card = await hr.get(`/staff/${other.id}`);
    expect(card.status).toBe(200);
    expect(card.text).toContain("Персональные данные карточки");
    expect(card.text).not.toContain("15.03.1980");
    expect((await hr.get(`/staff/${other.id}/card.pdf`)).status).toBe(403);
    const award = await hr.form(`/staff/${other.id}/sections/award`, { title: "Грамота", date: "2026-10-01", document: "" });
    expect(award.status).toBe(403);
    expect(await prisma.staffAward.count({ where: { staffId: other.id } })).toBe(0);
  });

  it("the register lists the admitted with date, number and who recorded it, as a page, PDF and .xlsx", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const nc = await newcomer(s.schoolId, "Новенькая", "Учитель музыки");
    await admin.form(`/staff/${nc.staffId}/undertaking`, { date: "2026-11-02", documentNumber: "О-99" });
    const page = await admin.get("/staff/pd-register");
    expect(page.status).toBe(200);
    expect(page.text).toContain("О-99");
    expect(page.text).toContain("Админова Анна Сергеевна");
    const pdf = await getBinary(admin, "/staff/pd-register.pdf");
    expect(pdf.status).toBe(200);
    expect(squash((await pdfPages(pdf.body as Buffer)).join(""))).toContain(squash("Новенькая Вера Ивановна"));
    const xlsx = await getBinary(admin, "/staff/pd-register.xlsx");
    const rows = await xlsxRows(xlsx.body as Buffer);
    expect(rows.some((r) => r.includes("О-99") && r.includes("02.11.2026"))).toBe(true);
  });

  it.each(["teacherMath", "parentAlekseev", "secretary", "medic"] as const)("%s gets no access to the new pages and posts", async (who) => {
    const s = await buildSchool();
    const agent = await as(s.users[who]);
    const nc = await newcomer(s.schoolId, "Пробная", "Учитель истории");
    for (const url of ["/staff/accounts", "/staff/pd-register", "/staff/pd-register.pdf"]) expect([403, 404], url).toContain((await agent.get(url)).status);
    expect([403, 404]).toContain((await agent.form("/staff/accounts", { staffIds: [String(nc.staffId)] })).status);
    expect([403, 404]).toContain((await agent.form(`/staff/${nc.staffId}/undertaking`, { date: "2026-09-01", documentNumber: "X" })).status);
    expect(await prisma.user.count({ where: { personId: nc.personId } })).toBe(0);
    expect(await prisma.pdUndertaking.count({ where: { staffId: nc.staffId } })).toBe(0);
  });

  it("another school's staff id answers 404 and changes nothing", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const foreign = await newcomer(other.schoolId, "Чужая", "Учитель труда");
    const hr = await as(s.users.hr);
    expect((await hr.form("/staff/accounts", { staffIds: [String(foreign.staffId)] })).status).toBe(404);
    expect((await hr.form(`/staff/${foreign.staffId}/undertaking`, { date: "2026-09-01", documentNumber: "X" })).status).toBe(404);
    expect((await hr.form(`/staff/${foreign.staffId}/consent`, { date: "2026-09-01" })).status).toBe(404);
    expect((await hr.form(`/staff/${foreign.staffId}/consent/revoke`, {})).status).toBe(404);
    expect(await prisma.user.count({ where: { personId: foreign.personId } })).toBe(0);
    expect(await prisma.pdUndertaking.count({ where: { staffId: foreign.staffId } })).toBe(0);
  });
});

describe("valid HTML (issue 17 pages)", () => {
  it("the accounts page, the register and the card with its new section, also re-rendered with errors", async () => {
    const s = await buildSchool();
    const nc = await newcomer(s.schoolId, "Проверочная", "Учитель физики", { consent: false });
    const hr = await as(s.users.hr);
    const pages: [string, { text: string }][] = [
      ["accounts", await hr.get("/staff/accounts")],
      ["no-consent", await hr.get("/staff/accounts?show=no-consent")],
      ["nothing chosen", await hr.form("/staff/accounts", {})],
      ["register", await hr.get("/staff/pd-register")],
      ["card", await hr.get(`/staff/${nc.staffId}`)],
      ["card with errors", await hr.form(`/staff/${nc.staffId}/undertaking`, { date: "", documentNumber: "" })],
      ["list", await hr.get("/staff")],
    ];
    for (const [name, p] of pages) expect(await htmlProblems(p.text), name).toEqual([]);
  });
});
