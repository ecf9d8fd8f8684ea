/** The change log viewer (R-REG-6): admin and deputy only, filters, newest first, 50 a page, no password material. */
import { clock } from "../../src/lib/clock.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { issuedPassword } from "./helpers.ts";

describe("the audit log", () => {
  it("records every account action with the actor, and never a password or hash", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const id = s.users.teacherMath.userId;
    const created = await admin.form("/admin/users", {
      mode: "staff",
      lastName: "Орлова",
      firstName: "Ольга",
      birthDate: "1990-10-10",
      login: "orlova.o",
      roles: ["TEACHER"],
      consentDate: "2026-09-01",
    });
    const secrets = [issuedPassword(created.text)];
    await admin.form(`/admin/users/${id}/roles`, { roles: ["TEACHER", "PSYCHOLOGIST"] });
    await admin.form(`/admin/users/${id}/block`, { reason: "проверка" });
    await admin.form(`/admin/users/${id}/unblock`, {});
    await prisma.user.update({ where: { id }, data: { lockedUntil: new Date(clock.nowMs() + 600_000) } });
    await admin.form(`/admin/users/${id}/unlock`, {});
    secrets.push(issuedPassword((await admin.form(`/admin/users/${id}/password`, {})).text));
    await admin.form(`/admin/users/${id}/sessions/end`, {});

    const entries = await prisma.auditLog.findMany({ where: { schoolId: s.schoolId, entity: "user" }, orderBy: { id: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["create", "update-roles", "block", "unblock", "unlock", "reset-password", "end-sessions"]);
    expect(entries.every((e) => e.actorId === s.users.admin.userId)).toBe(true);
    const hashes = (await prisma.user.findMany({ where: { schoolId: s.schoolId } })).map((u) => u.passwordHash);
    const stored = JSON.stringify(entries.map((e) => [e.oldValue, e.newValue, e.reason]));
    for (const secret of [...secrets, ...hashes]) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/argon2|"password"|passwordHash/i);

    const page = await admin.get("/admin/audit");
    expect(page.status).toBe(200);
    for (const secret of secrets) expect(page.text).not.toContain(secret);
    expect(page.text).toContain("изменение ролей");
    expect(page.text).toContain("Психолог, социальный педагог");
    // Newest first.
    expect(page.text.indexOf("завершение сеансов")).toBeLessThan(page.text.indexOf("изменение ролей"));
  });

  it("filters by entity, action, actor login, entity id and dates", async () => {
    const s = await buildSchool();
    const base = { schoolId: s.schoolId, entity: "user" };
    await prisma.auditLog.createMany({
      data: [
        { ...base, actorId: s.users.admin.userId, entityId: "11", action: "block", at: new Date("2026-10-01T10:00:00Z") },
        { ...base, actorId: s.users.admin.userId, entityId: "12", action: "unblock", at: new Date("2026-10-05T10:00:00Z") },
        { ...base, actorId: s.users.teacherRussian.userId, entityId: "13", action: "reset-password", at: new Date("2026-10-05T22:30:00Z") },
        {
          schoolId: s.schoolId,
          entity: "mark",
          actorId: s.users.teacherMath.userId,
          entityId: "501",
          action: "update",
          oldValue: { value: 3 },
          newValue: { value: 4 },
          at: new Date("2026-10-07T10:00:00Z"),
        },
      ],
    });
    const admin = await as(s.users.admin);
    const rows = async (q: Record<string, string>) => {
      const res = await admin.get("/admin/audit").query(q);
      expect(res.status).toBe(200);
      return Number(/Записей: (\d+)/.exec(res.text)![1]);
    };
    expect(await rows({})).toBe(4);
    expect(await rows({ entity: "user" })).toBe(3);
    expect(await rows({ action: "unblock" })).toBe(1);
    expect(await rows({ actor: s.users.teacherRussian.login.toUpperCase() })).toBe(1);
    expect(await rows({ entityId: "501" })).toBe(1);
    // 22:30 UTC on 5 October is 6 October in Moscow.
    expect(await rows({ from: "2026-10-05", to: "2026-10-05" })).toBe(1);
    expect(await rows({ from: "06.10.2026" })).toBe(2);
    const mark = await admin.get("/admin/audit").query({ entity: "mark" });
    expect(mark.text).toMatch(/value: 3[\s\S]*value: 4/);
  });

  it("refuses a bad date with 422 and shows the message beside the field", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const res = await admin.get("/admin/audit").query({ from: "2026-13-40" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-from-error"');
    const reversed = await admin.get("/admin/audit").query({ from: "2026-10-10", to: "2026-10-01" });
    expect(reversed.status).toBe(422);
  });

  it("pages by 50 and shows only the own school's entries", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const rows = Array.from({ length: 60 }, (_, i) => ({
      schoolId: s.schoolId,
      entity: "user",
      entityId: String(i),
      action: "unlock",
      at: new Date(Date.UTC(2026, 9, 1, 0, i)),
    }));
    await prisma.auditLog.createMany({ data: [...rows, { schoolId: other.schoolId, entity: "user", entityId: "777", action: "block" }] });
    const deputy = await as(s.users.deputy);
    const first = await deputy.get("/admin/audit");
    expect(first.status).toBe(200);
    expect(first.text).toContain("Записей: 60");
    const bodyRows = (html: string) => (html.split("<tbody>")[1] ?? "").match(/<tr>/g)?.length ?? 0;
    expect(bodyRows(first.text)).toBe(50);
    expect(first.text).toContain("№ 59");
    const second = await deputy.get("/admin/audit").query({ page: 2 });
    expect(bodyRows(second.text)).toBe(10);
    expect(second.text).toContain("№ 0<");
    expect(first.text).not.toContain("№ 777");
  });
});
