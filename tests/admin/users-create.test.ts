/** Creating accounts (R-ROLE-3, R-SEC-1, R-SEC-2): the one-time password, the forced change, bad input. */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as, csrfFrom } from "../support/http.ts";
import { auditEntries, containsSecret, issuedLogin, issuedPassword, tryLogin } from "./helpers.ts";

const staff = (over: Record<string, unknown> = {}) => ({
  mode: "staff",
  lastName: "Фёдорова",
  firstName: "Галина",
  middleName: "Петровна",
  birthDate: "1979-05-12",
  email: "fedorova@example.ru",
  phone: "+7 (900) 123-45-67",
  position: "Учитель физики",
  login: "",
  roles: ["TEACHER"],
  consentDate: "2026-09-01",
  ...over,
});

describe("admin creates a new staff member with an account (R-ROLE-3)", () => {
  it("shows the temporary password once; the new user must change it at the first login (R-SEC-2)", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const form = await admin.get("/admin/users/new");
    expect(form.status).toBe(200);
    expect(form.text).toContain("Классный руководитель");

    const res = await admin.form("/admin/users", staff({ login: "Fedorova.GP" }));
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toContain("no-store");
    const password = issuedPassword(res.text);
    expect(issuedLogin(res.text)).toBe("fedorova.gp");

    const user = await prisma.user.findUniqueOrThrow({
      where: { login: "fedorova.gp" },
      include: { roles: true, person: { include: { staff: { include: { positions: true } } } } },
    });
    expect(user.schoolId).toBe(s.schoolId);
    expect(user.mustChangePassword).toBe(true);
    expect(user.passwordHash).not.toContain(password);
    expect(user.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(user.roles.map((r) => r.role)).toEqual(["TEACHER"]);
    expect(user.person.birthDate?.toISOString().slice(0, 10)).toBe("1979-05-12");
    expect(user.person.staff?.positions.map((p) => p.title)).toEqual(["Учитель физики"]);

    // Never again: the account page and the list do not show it.
    const page = await admin.get(`/admin/users/${user.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(password);
    expect((await admin.get("/admin/users")).text).not.toContain(password);

    // Audited without password material.
    const entries = await auditEntries(user.id, "create");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorId).toBe(s.users.admin.userId);
    expect(
      containsSecret(
        entries.map((e) => [e.oldValue, e.newValue]),
        [password, user.passwordHash],
      ),
    ).toBe(false);

    // First login: sent to the password change, then home.
    const { agent, res: login } = await tryLogin("fedorova.gp", password);
    expect(login.status).toBe(302);
    const home = await agent.get(login.headers.location!);
    expect(home.status).toBe(302);
    expect(home.headers.location).toBe("/account/password");
    const change = await agent.get("/account/password");
    const changed = await agent
      .post("/account/password")
      .type("form")
      .send({ _csrf: csrfFrom(change.text), current: password, password: "Зелёный-чай-2031", repeat: "Зелёный-чай-2031" });
    expect(changed.status).toBe(302);
    expect(changed.headers.location).toBe("/");
    expect((await agent.get("/")).status).toBe(200);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(false);
  });

  it("makes a login from the name when the field is left empty", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const res = await admin.form("/admin/users", staff({ lastName: "Щукин", firstName: "Юрий", middleName: "Ёжикович", login: "" }));
    expect(res.status).toBe(200);
    const login = issuedLogin(res.text);
    expect(login).toMatch(/^shchukin\.ye\d*$/);
    const again = await admin.form("/admin/users", staff({ lastName: "Щукин", firstName: "Юрий", middleName: "Ёжикович", birthDate: "1990-01-01", login: "" }));
    expect(again.status).toBe(200);
    expect(issuedLogin(again.text)).toBe(`${login}2`);
  });

  it("suggests a free login for the typed name (JSON for the form's script)", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const res = await admin
      .get("/admin/users/login-suggestion")
      .query({ lastName: "Иванов", firstName: "Пётр", middleName: "" })
      .set("accept", "application/json");
    expect(res.status).toBe(200);
    expect((res.body as { login: string }).login).toMatch(/^ivanov\.p\d*$/);
  });

  it.each([
    ["empty surname", { lastName: "  " }, "lastName"],
    ["bad login characters", { login: "иванов!" }, "login"],
    ["too short login", { login: "ab" }, "login"],
    ["no roles", { roles: [] }, "roles"],
    ["an unknown role", { roles: ["SUPERUSER"] }, "roles"],
    ["CLASS_TEACHER chosen by hand", { roles: ["CLASS_TEACHER"] }, "roles"],
    ["birth date in the future", { birthDate: "2999-01-01" }, "birthDate"],
    ["a 12-year-old staff member", { birthDate: "2014-05-05" }, "birthDate"],
    ["a date that does not exist", { birthDate: "2001-02-30" }, "birthDate"],
    ["a date in a wrong format", { birthDate: "вчера" }, "birthDate"],
    ["a bad e-mail", { email: "не-почта" }, "email"],
  ])("refuses %s with 422, keeps the typed values and creates nothing", async (_name, over, fieldName) => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const before = await prisma.user.count();
    const persons = await prisma.person.count();
    const res = await admin.form("/admin/users", staff({ lastName: "Тестова", ...over }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="f-${fieldName}-error"`.replace("f-roles-error", "roles-error"));
    expect(res.text).toContain('value="Галина"');
    expect(await prisma.user.count()).toBe(before);
    expect(await prisma.person.count()).toBe(persons);
  });

  it("refuses a login that is taken, whatever its letter case", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const before = await prisma.user.count();
    const res = await admin.form("/admin/users", staff({ login: s.users.teacherMath.login.toUpperCase() }));
    expect(res.status).toBe(422);
    expect(res.text).toContain("Этот логин уже занят");
    expect(await prisma.user.count()).toBe(before);
  });

  it("asks to confirm a person with the same name and birth date, and creates after «Всё равно создать»", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const twin = staff({ lastName: "Математиков", firstName: "Пётр", middleName: "Ильич", birthDate: "1980-03-15", login: "petr.twin" });
    const before = await prisma.user.count();
    const asked = await admin.form("/admin/users", twin);
    expect(asked.status).toBe(422);
    expect(asked.text).toContain("Всё равно создать");
    expect(asked.text).toContain(`/admin/users/${s.users.teacherMath.userId}`);
    expect(await prisma.user.count()).toBe(before);
    const created = await admin.form("/admin/users", { ...twin, confirmDuplicate: "on" });
    expect(created.status).toBe(200);
    expect(await prisma.user.count()).toBe(before + 1);
  });
});

describe("admin creates an account for a person the school knows", () => {
  it("lists persons without an account and creates one for a chosen student, with STUDENT preselected", async () => {
    const s = await buildSchool();
    const person = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Новикова", firstName: "Ева", birthDate: new Date("2015-02-01") } });
    const student = await prisma.student.create({ data: { schoolId: s.schoolId, personId: person.id } });
    await prisma.classMembership.create({
      data: { schoolId: s.schoolId, studentId: student.id, classId: s.classes["5А"]!.id, fromDate: new Date("2026-09-01") },
    });
    // R-SEC-6 (issue 23): a student's login needs a recorded consent on this path too (tests/students/consent-state.test.ts).
    await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: person.id, date: new Date("2026-09-01") } });
    const admin = await as(s.users.admin);

    const list = await admin.get("/admin/users/new").query({ mode: "person", q: "новик" });
    expect(list.status).toBe(200);
    expect(list.text).toContain("Новикова Ева");
    expect(list.text).not.toContain("Математиков"); // has an account already

    const chosen = await admin.get("/admin/users/new").query({ mode: "person", personId: person.id });
    expect(chosen.status).toBe(200);
    expect(chosen.text).toMatch(/value="STUDENT" checked/);
    expect(chosen.text).toContain('value="novikova.e"');

    const res = await admin.form("/admin/users", { mode: "person", personId: person.id, login: "novikova.e", roles: ["STUDENT"] });
    expect(res.status).toBe(200);
    issuedPassword(res.text);
    const user = await prisma.user.findUniqueOrThrow({ where: { personId: person.id }, include: { roles: true } });
    expect(user.login).toBe("novikova.e");
    expect(user.mustChangePassword).toBe(true);
    expect(user.roles.map((r) => r.role)).toEqual(["STUDENT"]);
  });

  it("refuses a person who already has an account or belongs to another school", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const stranger = await prisma.person.create({ data: { schoolId: other.schoolId, lastName: "Чужой", firstName: "Иван" } });
    const admin = await as(s.users.admin);
    const before = await prisma.user.count();
    const taken = await admin.form("/admin/users", { mode: "person", personId: s.users.teacherMath.personId, login: "some.login", roles: ["TEACHER"] });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain("уже есть учётная запись");
    const foreign = await admin.form("/admin/users", { mode: "person", personId: stranger.id, login: "some.login", roles: ["TEACHER"] });
    expect(foreign.status).toBe(422);
    expect(foreign.text).toContain("Выберите человека из списка");
    expect((await admin.get("/admin/users/new").query({ mode: "person", personId: stranger.id })).status).toBe(404);
    expect(await prisma.user.count()).toBe(before);
  });

  it.each(["deputy", "teacherRussian", "teacherMath", "secretary", "parentAlekseev", "studentA1"] as const)(
    "%s cannot create accounts (403, nothing created)",
    async (who) => {
      const s = await buildSchool();
      const agent = await as(s.users[who]);
      const before = await prisma.user.count();
      expect((await agent.get("/admin/users/new")).status).toBe(403);
      const res = await agent.form("/admin/users", staff({ login: "sneaky.one" }));
      expect(res.status).toBe(403);
      expect(await prisma.user.count()).toBe(before);
    },
  );
});
