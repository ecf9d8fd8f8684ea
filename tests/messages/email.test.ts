/**
 * Messages and e-mail (issue 15, R-COM-2), with a real SMTP server and the product's queue: a message
 * may also go out to one outside address (validated; nothing comes back in), and a recipient who
 * asked for «копия сообщений на e-mail» on a confirmed address gets a copy — a group message's copy
 * names nobody else.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { clock } from "../../src/lib/clock.ts";
import { prisma } from "../../src/lib/db.ts";
import { until, useMailAndQueue } from "../communication/support.ts";
import { as } from "../support/http.ts";
import { conversationOf, messageSchool, messageState, send, type MessageSchool } from "./helpers.ts";

const mail = useMailAndQueue();
let s: MessageSchool;
beforeAll(async () => {
  s = await messageSchool();
  const confirmedAt = clock.now();
  await prisma.emailAddress.createMany({
    data: [
      { userId: s.users.parentAlekseev.userId, schoolId: s.schoolId, address: "alekseev@example.ru", confirmedAt, copyMessages: true },
      { userId: s.users.parentBorisova.userId, schoolId: s.schoolId, address: "borisova@example.ru", confirmedAt, copyMessages: false },
    ],
  });
});

describe("«Также отправить на внешний адрес e-mail»", () => {
  it("the letter goes to that address with the author, the subject and the text — no recipient's name; only the author sees the address", async () => {
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get("/messages/new")).text).toContain('name="externalEmail"');
    const id = conversationOf(
      await send(teacher, {
        to: [s.users.parentBorisova.userId],
        subject: "Итоги четверти",
        body: "Вера закончила четверть без троек.",
        externalEmail: " babushka@example.ru ",
      }),
    );
    const m = await prisma.message.findFirstOrThrow({ where: { conversationId: id } });
    expect(m.externalEmail).toBe("babushka@example.ru");
    await until("письмо на внешний адрес", () => mail.smtp().to("babushka@example.ru").length === 1);
    const [letter] = mail.smtp().to("babushka@example.ru");
    expect(letter!.mail.subject).toBe("Итоги четверти");
    expect(letter!.mail.text).toContain("Математиков Пётр Ильич");
    expect(letter!.mail.text).toContain("Вера закончила четверть без троек.");
    expect(letter!.mail.text).toContain("Ответ на это письмо в журнал не попадёт");
    expect(letter!.mail.text).not.toContain("Борисова");
    expect(letter!.header("list-unsubscribe")).toMatch(/^<https?:\/\/[^>]+>$/);
    const where = { schoolId: s.schoolId, toAddress: "babushka@example.ru" };
    await until("отметка «отправлено»", async () => (await prisma.emailDelivery.findFirstOrThrow({ where })).status === "SENT");
    const delivery = await prisma.emailDelivery.findFirstOrThrow({ where });
    expect([delivery.kind, delivery.userId]).toEqual(["message-out", null]);

    expect((await teacher.get(`/messages/${id}`)).text).toContain("также отправлено на babushka@example.ru");
    expect((await (await as(s.users.parentBorisova)).get(`/messages/${id}`)).text).not.toContain("babushka@example.ru");
  });

  it("an invalid address is refused beside the field; nothing is stored or sent", async () => {
    const before = await messageState(s.schoolId);
    for (const bad of ["бабушка", "a@b", "x@example.ru, y@example.ru"]) {
      const res = await send(await as(s.users.teacherMath), { to: [s.users.parentBorisova.userId], externalEmail: bad });
      expect(res.status, bad).toBe(422);
      expect(res.text).toMatch(/id="f-externalEmail-error">Укажите адрес e-mail вида name@example.ru/);
    }
    expect(await messageState(s.schoolId)).toEqual(before);
  });
});

describe("«Копия сообщений на e-mail»", () => {
  it("a group message: a copy to the parent who asked for it, none to the other; the copy names nobody else", async () => {
    await send(await as(s.users.teacherRussian), {
      groups: [`parents:${s.classes["5А"].id}`],
      subject: "Экскурсия в музей",
      body: "Экскурсия в среду, сбор в 9:00.",
    });
    await until("копия сообщения", () => mail.smtp().to("alekseev@example.ru").length === 1);
    const [copy] = mail.smtp().to("alekseev@example.ru");
    expect(copy!.mail.subject).toContain("Экскурсия в музей");
    expect(copy!.mail.text).toContain("Экскурсия в среду, сбор в 9:00.");
    expect(copy!.mail.text).not.toContain("Борисова");
    // Give a stray letter every chance to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    expect(mail.smtp().to("borisova@example.ru")).toEqual([]);
    expect(await prisma.emailDelivery.count({ where: { schoolId: s.schoolId, toAddress: "borisova@example.ru" } })).toBe(0);
  });

  it("a reply is copied too", async () => {
    const id = conversationOf(await send(await as(s.users.parentAlekseev), { to: [s.users.teacherEnglish.userId], subject: "Вопрос про домашнее задание" }));
    await (await as(s.users.teacherEnglish)).form(`/messages/${id}/reply`, { body: "Упражнение 5 на странице 40." });
    await until("копия ответа", () =>
      mail
        .smtp()
        .to("alekseev@example.ru")
        .some((r) => (r.mail.text ?? "").includes("Упражнение 5 на странице 40.")),
    );
  });
});
