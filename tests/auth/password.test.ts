import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { passwordProblem } from "../../src/lib/passwords.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { anonymous, csrfFrom, signIn } from "../support/http.ts";

describe("password rules (R-SEC-2)", () => {
  const who = { login: "ivanov.pe", lastName: "Иванов", birthDate: d("2011-03-07") };
  it.each([
    ["short1", "не короче 8"],
    ["xxivanov.pe-2026", "логин"],
    ["Иванов-навсегда", "фамилию"],
    ["ivanov2026!", "фамилию"],
    ["мой-07.03.2011", "дату рождения"],
    ["pass07032011", "дату рождения"],
    ["x2011-03-07x", "дату рождения"],
    ["12345678", "слишком простой"],
    ["aaaaaaaaaa", "слишком простой"],
  ])("refuses %s", (password, reason) => {
    expect(passwordProblem(password, who)).toContain(reason);
  });
  it.each(["Сирень-под-окном-7", "correct horse battery", "Ключ#2026!"])("accepts %s", (password) => {
    expect(passwordProblem(password, who)).toBeNull();
  });
});

describe("forced password change on first login (R-SEC-2)", () => {
  it("sends a user with a temporary password to the change form and nowhere else", async () => {
    const s = await buildSchool({ mustChangePassword: true });
    const agent = anonymous();
    const page = await agent.get("/login");
    const res = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), login: s.users.teacherMath.login, password: s.users.teacherMath.password });
    expect(res.status).toBe(302);
    const home = await agent.get("/");
    expect(home.status).toBe(302);
    expect(home.headers.location).toBe("/account/password");
    const form = await agent.get("/account/password");
    expect(form.text).toContain("задайте свой пароль");
    agent.token = csrfFrom(form.text);

    const bad = [
      [{ current: "wrong", password: "Сирень-под-окном-7", repeat: "Сирень-под-окном-7" }, "Текущий пароль введён неверно"],
      [{ current: s.users.teacherMath.password, password: "short", repeat: "short" }, "не короче 8"],
      [{ current: s.users.teacherMath.password, password: "Математиков-1", repeat: "Математиков-1" }, "фамилию"],
      [{ current: s.users.teacherMath.password, password: "p-15.03.1980", repeat: "p-15.03.1980" }, "дату рождения"],
      [{ current: s.users.teacherMath.password, password: "Сирень-под-окном-7", repeat: "Сирень-под-окном-8" }, "Пароли не совпадают"],
      [{ current: "", password: "", repeat: "" }, "Введите текущий пароль"],
    ] as const;
    for (const [data, message] of bad) {
      const r = await agent.form("/account/password", data);
      expect(r.status, message).toBe(422);
      expect(r.text).toContain(message);
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: s.users.teacherMath.userId } })).mustChangePassword).toBe(true);

    const ok = await agent.form("/account/password", { current: s.users.teacherMath.password, password: "Сирень-под-окном-7", repeat: "Сирень-под-окном-7" });
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe("/");
    expect((await agent.get("/")).status).toBe(200);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: s.users.teacherMath.userId } });
    expect(user.mustChangePassword).toBe(false);
    const entry = await prisma.auditLog.findFirst({ where: { entity: "user", entityId: String(user.id), action: "change-password" } });
    expect(entry).not.toBeNull();
    expect(JSON.stringify([entry!.oldValue, entry!.newValue, entry!.reason])).not.toContain("Сирень");
  });

  it("lets a user change the own password in personal settings, and the old one stops working", async () => {
    const s = await buildSchool();
    const agent = await signIn(s.users.parentBorisova.login, s.users.parentBorisova.password);
    expect((await agent.get("/account")).text).toContain("Последние входы");
    const r = await agent.form("/account/password", { current: s.users.parentBorisova.password, password: "Новый-пароль-99", repeat: "Новый-пароль-99" });
    expect(r.headers.location).toBe("/account");
    const again = anonymous();
    const page = await again.get("/login");
    const old = await again
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), login: s.users.parentBorisova.login, password: s.users.parentBorisova.password });
    expect(old.status).toBe(401);
    await expect(signIn(s.users.parentBorisova.login, "Новый-пароль-99")).resolves.toBeTruthy();
  });
});

describe("changing one's own password ends the other sessions", () => {
  it("signs out the user's other devices, keeps this one, and says so", async () => {
    const s = await buildSchool();
    const here = await signIn(s.users.deputy.login, s.users.deputy.password);
    const phone = await signIn(s.users.deputy.login, s.users.deputy.password);
    const other = await signIn(s.users.admin.login, s.users.admin.password);
    expect((await phone.get("/")).status).toBe(200);
    const form = await here.get("/account/password");
    expect(form.text).toContain("все другие ваши сеансы");
    const ok = await here.form("/account/password", { current: s.users.deputy.password, password: "Сирень-под-окном-7", repeat: "Сирень-под-окном-7" });
    expect(ok.status).toBe(302);
    const account = await here.get("/account");
    expect(account.status).toBe(200);
    expect(account.text).toContain("Пароль изменён. Другие сеансы завершены (1)");
    // The phone's session is gone: it lands on the login page; another user's session is untouched.
    const again = await phone.get("/");
    expect(again.status).toBe(302);
    expect(again.headers.location).toMatch(/^\/login/);
    expect((await other.get("/")).status).toBe(200);
  });
});
