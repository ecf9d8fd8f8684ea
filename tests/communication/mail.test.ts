/**
 * E-mail end to end with a real SMTP server (issue 15 «Notifications», R-COM-4): the address is
 * confirmed by the link in a letter; a notification arrives in Russian with the school's name, a
 * `List-Unsubscribe` header (RFC 8058 one-click) and an unsubscribe link in the body; following
 * the link turns the setting off without signing in; digests gather marks; direct letters to an
 * outside address honour its unsubscribe; the same event twice sends once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { queueCounts } from "../../src/lib/queue.ts";
import { notify, sendEmail } from "../../src/modules/notifications/notifications.service.ts";
import { runDigest } from "../../src/modules/notifications/digest.ts";
import { buildSchool, type TestSchool, type TestUser } from "../support/fixtures.ts";
import { anonymous, as, csrfFrom } from "../support/http.ts";
import { until, useMailAndQueue, type Received } from "./support.ts";

const { smtp } = useMailAndQueue();

let s: TestSchool;
beforeAll(async () => {
  s = await buildSchool();
});

const linkIn = (text: string, path: string) => new RegExp(`http://localhost:\\d+(${path}/[A-Za-z0-9_.-]+)`).exec(text)?.[1];

/** Sets the user's address on «Персональные настройки» and opens the confirmation link from the letter. */
async function confirmAddress(user: TestUser, address: string): Promise<Received> {
  const agent = await as(user);
  const res = await agent.form("/account/email", { address });
  expect(res.status).toBe(302);
  await until(`письмо на ${address}`, () => smtp().to(address).length > 0);
  const letter = smtp().to(address)[0]!;
  const path = linkIn(letter.mail.text ?? "", "/email/confirm");
  expect(path).toBeTruthy();
  // The link works without signing in: a page with a button (mail scanners only GET), then the POST.
  const visitor = anonymous();
  const page = await visitor.get(path!);
  expect(page.status).toBe(200);
  expect(page.text).toContain(address);
  const done = await visitor
    .post(path!)
    .type("form")
    .send({ _csrf: csrfFrom(page.text) });
  expect(done.status).toBe(200);
  expect(done.text).toContain("подтверждён");
  return letter;
}

describe("confirming the address", () => {
  it("a parent gets a Russian letter with a link; opening it confirms the address, stored only as a hash until then", async () => {
    const user = s.users.parentAlekseev;
    const agent = await as(user);
    const before = await agent.get("/account");
    expect(before.text).toContain("Уведомления");
    expect(before.text).not.toContain("Отправка почты не настроена");

    await agent.form("/account/email", { address: "alekseev@example.ru" });
    const row = await prisma.emailAddress.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(row.confirmedAt).toBeNull();
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);

    await until("письмо подтверждения", () => smtp().to("alekseev@example.ru").length > 0);
    const letter = smtp().to("alekseev@example.ru")[0]!;
    expect(letter.mail.subject).toBe(`Подтверждение адреса для уведомлений — ${s.school.name}`);
    expect(letter.mail.text).toContain("Здравствуйте, Игорь Петрович!");
    expect(letter.mail.from?.value[0]?.name).toBe(`${s.school.shortName} — электронный журнал`);
    const token = linkIn(letter.mail.text ?? "", "/email/confirm")!
      .split("/")
      .pop()!;
    expect(row.tokenHash).not.toContain(token); // the token itself is not in the database

    const visitor = anonymous();
    const page = await visitor.get(`/email/confirm/${token}`);
    await visitor
      .post(`/email/confirm/${token}`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text) });
    const after = await prisma.emailAddress.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(after.confirmedAt).not.toBeNull();
    expect(after.tokenHash).toBeNull();
    // Used once: the same link again is a Russian 404 page.
    const again = await anonymous().get(`/email/confirm/${token}`);
    expect(again.status).toBe(404);
    expect(again.text).toContain("Ссылка для подтверждения адреса неверна или устарела");
  });

  it.each(["nonsense", "a".repeat(43), "../../etc/passwd"])("a bad confirmation token (%s) is a Russian 404, never a 500", async (token) => {
    const res = await anonymous().get(`/email/confirm/${encodeURIComponent(token)}`);
    expect(res.status).toBe(404);
    const post = await anonymous()
      .post(`/email/confirm/${encodeURIComponent(token)}`)
      .type("form")
      .send({});
    expect([403, 404]).toContain(post.status);
  });

  it("a wrong address is refused beside the field, with the typed value kept; nothing stored", async () => {
    const agent = await as(s.users.parentBorisova);
    const res = await agent.form("/account/email", { address: "borisova@" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Укажите адрес электронной почты");
    expect(res.text).toContain('value="borisova@"');
    expect(await prisma.emailAddress.findUnique({ where: { userId: s.users.parentBorisova.userId } })).toBeNull();
  });
});

describe("a notification by e-mail", () => {
  it("arrives in Russian with the school's name, List-Unsubscribe (one-click) and the link in the body; the link turns it off without signing in", async () => {
    const user = s.users.parentBorisova;
    await confirmAddress(user, "borisova@example.ru");
    const r = await notify(prisma, {
      schoolId: s.schoolId,
      userIds: [user.userId],
      kind: "ABSENCE",
      title: "Пропуск урока: Борисов Антон",
      body: "Сегодня Антон не был на уроке «Математика» (2-й урок), причина не указана.",
      link: "/diary",
      dedupeKey: "absence:test:1",
    });
    expect(r).toEqual({ inApp: 1, emails: 1, digests: 0 });
    await until("уведомление", () => smtp().to("borisova@example.ru").length === 2);
    const letter = smtp().to("borisova@example.ru")[1]!;
    expect(letter.mail.subject).toBe(`Пропуск урока: Борисов Антон — ${s.school.shortName}`);
    expect(letter.mail.text).toContain("Сегодня Антон не был на уроке «Математика» (2-й урок), причина не указана.");
    expect(letter.mail.text).toContain(`${s.school.name}, электронный журнал.`);
    expect(letter.mail.text).toContain("уведомления «Пропуск урока без уважительной причины»");
    expect(letter.mail.html).toContain("Сегодня Антон не был на уроке «Математика»");
    expect(letter.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const header = /^<(http:\/\/localhost:\d+\/unsubscribe\/[^>]+)>$/.exec(letter.header("list-unsubscribe"))?.[1];
    expect(header).toBeTruthy();
    expect(letter.mail.text).toContain(header!);
    expect(letter.header("auto-submitted")).toBe("auto-generated");

    const delivery = await prisma.emailDelivery.findFirstOrThrow({ where: { userId: user.userId, kind: "ABSENCE" } });
    expect(delivery.status).toBe("SENT");
    expect(delivery.sentAt).not.toBeNull();
    expect(letter.mail.messageId).toMatch(new RegExp(`^<delivery-${delivery.id}\\.[0-9a-f]{12}@school\\.test>$`));

    // The mail program's one-click: POST List-Unsubscribe=One-Click, no session, no CSRF token.
    const path = new URL(header!).pathname;
    const page = await anonymous().get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Пропуск урока без уважительной причины");
    const click = await anonymous().post(path).type("form").send("List-Unsubscribe=One-Click");
    expect(click.status).toBe(200);
    const setting = await prisma.notificationSetting.findUniqueOrThrow({ where: { userId_kind: { userId: user.userId, kind: "ABSENCE" } } });
    expect(setting.email).toBe(false);
    expect(setting.inApp).toBe(true);

    const next = await notify(prisma, {
      schoolId: s.schoolId,
      userIds: [user.userId],
      kind: "ABSENCE",
      title: "Пропуск урока",
      body: "Ещё один пропуск.",
      dedupeKey: "absence:test:2",
    });
    expect(next).toEqual({ inApp: 1, emails: 0, digests: 0 });
    // Other kinds still come by e-mail.
    const other = await notify(prisma, {
      schoolId: s.schoolId,
      userIds: [user.userId],
      kind: "EVENT",
      title: "Собрание",
      body: "В четверг в 18:00.",
      dedupeKey: "event:1",
    });
    expect(other.emails).toBe(1);
  });

  it("a forged or damaged unsubscribe token is a Russian 404 page and changes nothing", async () => {
    const before = await prisma.notificationSetting.count();
    for (const token of ["x", "dS4xLkFMTA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "%00", "a".repeat(300)]) {
      const get = await anonymous().get(`/unsubscribe/${encodeURIComponent(token)}`);
      expect(get.status).toBe(404);
      expect(get.text).toContain("Ссылка для отписки неверна или устарела");
      const post = await anonymous()
        .post(`/unsubscribe/${encodeURIComponent(token)}`)
        .type("form")
        .send("List-Unsubscribe=One-Click");
      expect(post.status).toBe(404);
    }
    expect(await prisma.notificationSetting.count()).toBe(before);
  });

  it("the same event twice makes one notification and one letter", async () => {
    const user = s.users.parentAlekseev; // confirmed above
    const input = {
      schoolId: s.schoolId,
      userIds: [user.userId],
      kind: "ANNOUNCEMENT" as const,
      title: "Новое объявление",
      body: "Каникулы",
      dedupeKey: "ann:77",
    };
    const first = await notify(prisma, input);
    const second = await notify(prisma, input);
    expect(first).toEqual({ inApp: 1, emails: 1, digests: 0 });
    expect(second).toEqual({ inApp: 0, emails: 0, digests: 0 });
    expect(await prisma.notification.count({ where: { userId: user.userId, dedupeKey: "ann:77" } })).toBe(1);
    await until("объявление", () =>
      smtp()
        .to("alekseev@example.ru")
        .some((r) => r.mail.subject?.startsWith("Новое объявление")),
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      smtp()
        .to("alekseev@example.ru")
        .filter((r) => r.mail.subject?.startsWith("Новое объявление")),
    ).toHaveLength(1);
  });

  it("a notification for a user of another school or a blocked account is not made", async () => {
    const other = await buildSchool();
    await prisma.user.update({ where: { id: s.users.studentA2.userId }, data: { blocked: true } });
    const r = await notify(prisma, {
      schoolId: s.schoolId,
      userIds: [other.users.parentAlekseev.userId, s.users.studentA2.userId],
      kind: "EVENT",
      title: "Событие",
      body: "Текст",
      dedupeKey: "event:cross",
    });
    expect(r).toEqual({ inApp: 0, emails: 0, digests: 0 });
    expect(await prisma.notification.count({ where: { dedupeKey: "event:cross" } })).toBe(0);
  });
});

describe("digests", () => {
  it("marks set to «раз в день» are gathered into one letter by the daily digest, and not sent again", async () => {
    const user = s.users.parentAlekseev;
    for (const [i, subject] of ["Математика", "Русский язык"].entries())
      await notify(prisma, {
        schoolId: s.schoolId,
        userIds: [user.userId],
        kind: "MARK",
        title: `Новая отметка: 5 (${subject})`,
        body: "Иван Алексеев",
        link: "/diary",
        dedupeKey: `mark:d${i}`,
      });
    const waiting = await prisma.notification.findMany({ where: { userId: user.userId, kind: "MARK" } });
    expect(waiting.map((n) => [n.digest, n.digestedAt, n.inApp])).toEqual([
      ["DAILY", null, true],
      ["DAILY", null, true],
    ]);
    expect(await runDigest("DAILY")).toBe(1);
    expect(await runDigest("DAILY")).toBe(0);
    await until("сводка", () =>
      smtp()
        .to("alekseev@example.ru")
        .some((r) => r.mail.subject?.startsWith("Сводка за день")),
    );
    const digest = smtp()
      .to("alekseev@example.ru")
      .find((r) => r.mail.subject?.startsWith("Сводка за день"))!;
    expect(digest.mail.subject).toBe(`Сводка за день — ${s.school.name}`);
    expect(digest.mail.text).toContain("Новая отметка: 5 (Математика)");
    expect(digest.mail.text).toContain("Новая отметка: 5 (Русский язык)");
    expect(digest.header("list-unsubscribe")).toMatch(/\/unsubscribe\//);
    expect(await prisma.notification.count({ where: { userId: user.userId, kind: "MARK", digestedAt: null } })).toBe(0);
  });
});

describe("the settings page with a confirmed address", () => {
  it("a parent chooses «раз в неделю» for marks: the weekly digest sends them; e-mail switched off for a kind sends nothing", async () => {
    const user = s.users.parentAlekseev;
    const agent = await as(user);
    const page = await agent.get("/account");
    expect(page.text).toContain("подтверждён");
    expect(page.text).toMatch(/name="email_MARK" value="1" checked>/);
    const res = await agent.form("/account/notifications", {
      shown: "1",
      inApp_MARK: "1",
      email_MARK: "1",
      frequency_MARK: "WEEKLY",
      inApp_EVENT: "1",
      copyMessages: "1",
    });
    expect(res.status).toBe(302);
    const saved = await prisma.notificationSetting.findMany({ where: { userId: user.userId, kind: { in: ["MARK", "EVENT"] } }, orderBy: { kind: "asc" } });
    expect(saved.map((x) => [x.kind, x.inApp, x.email, x.frequency])).toEqual([
      ["MARK", true, true, "WEEKLY"],
      ["EVENT", true, false, "IMMEDIATE"],
    ]);
    expect((await prisma.emailAddress.findUniqueOrThrow({ where: { userId: user.userId } })).copyMessages).toBe(true);

    await notify(prisma, {
      schoolId: s.schoolId,
      userIds: [user.userId],
      kind: "MARK",
      title: "Новая отметка: 4 (Английский язык)",
      body: "",
      dedupeKey: "mark:w1",
    });
    expect(await runDigest("DAILY")).toBe(0);
    expect(await runDigest("WEEKLY")).toBe(1);
    await until("недельная сводка", () =>
      smtp()
        .to("alekseev@example.ru")
        .some((r) => r.mail.subject?.startsWith("Сводка за неделю")),
    );
    const event = await notify(prisma, { schoolId: s.schoolId, userIds: [user.userId], kind: "EVENT", title: "Событие", body: "", dedupeKey: "event:off" });
    expect(event).toEqual({ inApp: 1, emails: 0, digests: 0 });
    // MESSAGE's e-mail is the copy of messages, now on.
    const message = await notify(prisma, {
      schoolId: s.schoolId,
      userIds: [user.userId],
      kind: "MESSAGE",
      title: "Новое сообщение: Экскурсия",
      body: "Текст сообщения",
      dedupeKey: "msg:1",
    });
    expect(message.emails).toBe(1);
  });
});

describe("the queue", () => {
  it("has the digests and the nightly clean-up of files on their schedules, and counts the letters sent", async () => {
    const queues = Object.fromEntries((await queueCounts()).map((q) => [q.name, q]));
    expect([queues["digest-daily"]!.schedule, queues["digest-weekly"]!.schedule, queues["files-cleanup"]!.schedule]).toEqual([
      "0 18 * * *",
      "0 18 * * 6",
      "30 3 * * *",
    ]);
    expect(queues["email-send"]!.counts.completed).toBeGreaterThan(0);
    const log = await (await as(s.users.admin)).get("/admin/notifications?status=SENT");
    expect(log.status).toBe(200);
    expect(log.text).toContain("alekseev@example.ru");
    expect(log.text).toContain("Подтверждение адреса");
  });
});

describe("direct letters", () => {
  it("a letter to an outside address arrives; its unsubscribe link stops the school's letters to that address", async () => {
    const first = await sendEmail(prisma, {
      schoolId: s.schoolId,
      userId: null,
      to: "grandma@example.org",
      kind: "message-out",
      subject: "Сообщение из школы",
      text: "Здравствуйте! Напоминаем о собрании.",
      dedupeKey: "out:1",
    });
    expect(first.queued).toBe(true);
    await until("письмо наружу", () => smtp().to("grandma@example.org").length === 1);
    const letter = smtp().to("grandma@example.org")[0]!;
    expect(letter.mail.text).toContain("Напоминаем о собрании.");
    const path = new URL(/^<(.+)>$/.exec(letter.header("list-unsubscribe"))![1]!).pathname;
    const page = await anonymous().get(path);
    expect(page.text).toContain("grandma@example.org");
    const done = await anonymous().post(path).type("form").send({});
    expect(done.status).toBe(200);
    expect(done.text).toContain("больше не будут приходить");
    const second = await sendEmail(prisma, {
      schoolId: s.schoolId,
      userId: null,
      to: "Grandma@Example.org",
      kind: "message-out",
      subject: "Ещё",
      text: "Текст",
      dedupeKey: "out:2",
    });
    expect(second).toEqual({ queued: false, reason: "opted-out" });
    const dup = await sendEmail(prisma, {
      schoolId: s.schoolId,
      userId: s.users.parentAlekseev.userId,
      to: "alekseev@example.ru",
      kind: "LOGIN_SLIP",
      subject: "Данные для входа",
      text: "Логин: …",
      dedupeKey: "slip:1",
    });
    const dup2 = await sendEmail(prisma, {
      schoolId: s.schoolId,
      userId: s.users.parentAlekseev.userId,
      to: "alekseev@example.ru",
      kind: "LOGIN_SLIP",
      subject: "Данные для входа",
      text: "Логин: …",
      dedupeKey: "slip:1",
    });
    expect(dup.queued).toBe(true);
    expect(dup2).toEqual({ queued: false, reason: "duplicate" });
  });
});
