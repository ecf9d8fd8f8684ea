/**
 * No SMTP_URL (the default of the test run): e-mail is off, nothing fails (issue 15). Notifications
 * still appear in the product, no delivery is recorded and no job queued (the queue is not even
 * running here), the settings page says e-mail is not set up, an address can still be saved.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { mailEnabled } from "../../src/lib/mail.ts";
import { notify, sendEmail } from "../../src/modules/notifications/notifications.service.ts";
import { runDigest } from "../../src/modules/notifications/digest.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";

let s: TestSchool;
beforeAll(async () => {
  s = await buildSchool();
});

describe("e-mail not configured", () => {
  it("notify() makes in-product notifications only; sendEmail() and the digests do nothing; no delivery is recorded", async () => {
    expect(mailEnabled()).toBe(false);
    const user = s.users.parentAlekseev;
    await prisma.emailAddress.create({ data: { userId: user.userId, schoolId: s.schoolId, address: "a@example.ru", confirmedAt: new Date() } });
    const r = await notify(prisma, {
      schoolId: s.schoolId,
      userIds: [user.userId, s.users.parentBorisova.userId],
      kind: "MARK",
      title: "Новая отметка",
      body: "5",
      dedupeKey: "m:1",
    });
    expect(r).toEqual({ inApp: 2, emails: 0, digests: 0 });
    expect(await prisma.notification.count({ where: { dedupeKey: "m:1", digest: null } })).toBe(2);
    expect(
      await sendEmail(prisma, { schoolId: s.schoolId, userId: null, to: "x@example.ru", kind: "message-out", subject: "Тема", text: "Текст", dedupeKey: "x" }),
    ).toEqual({
      queued: false,
      reason: "off",
    });
    expect(await runDigest("DAILY")).toBe(0);
    expect(await prisma.emailDelivery.count()).toBe(0);
  });

  it("the settings page says so, and saving an address or the settings works without a letter", async () => {
    const agent = await as(s.users.parentBorisova);
    const page = await agent.get("/account");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Отправка почты не настроена администратором сервера");
    const saved = await agent.form("/account/email", { address: "borisova@example.ru" });
    expect(saved.status).toBe(302);
    const row = await prisma.emailAddress.findUniqueOrThrow({ where: { userId: s.users.parentBorisova.userId } });
    expect([row.address, row.confirmedAt, row.tokenHash]).toEqual(["borisova@example.ru", null, null]);
    const settings = await agent.form("/account/notifications", { shown: "1", inApp_MARK: "1", frequency_MARK: "WEEKLY" });
    expect(settings.status).toBe(302);
    const mark = await prisma.notificationSetting.findUniqueOrThrow({ where: { userId_kind: { userId: s.users.parentBorisova.userId, kind: "MARK" } } });
    // Without a confirmed address the e-mail choices are not offered and stay as they were.
    expect([mark.inApp, mark.email, mark.frequency]).toEqual([true, false, "DAILY"]);
    const absence = await prisma.notificationSetting.findUniqueOrThrow({ where: { userId_kind: { userId: s.users.parentBorisova.userId, kind: "ABSENCE" } } });
    expect(absence.inApp).toBe(false); // unticked box
    expect(await prisma.emailDelivery.count()).toBe(0);
  });

  it("the delivery log tells the administrator that e-mail is off", async () => {
    const res = await (await as(s.users.admin)).get("/admin/notifications");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Отправка почты не настроена администратором сервера");
    expect(res.text).toContain("Отправка писем");
  });
});
