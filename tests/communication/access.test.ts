/**
 * Who reaches what (issue 15): a user sees and changes only own notifications and own settings
 * (another user's notification by id: 404, the database unchanged); only the administrator sees
 * «Журнал доставки» (every other role 403, as for every page the catalogue denies); texts from
 * users are escaped; the school's file limits are validated with Russian errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { notify } from "../../src/modules/notifications/notifications.service.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { anonymous, as } from "../support/http.ts";

let s: TestSchool;
let mine: number;
let theirs: number;
beforeAll(async () => {
  s = await buildSchool();
  await notify(prisma, {
    schoolId: s.schoolId,
    userIds: [s.users.parentAlekseev.userId],
    kind: "EVENT",
    title: 'Собрание <script>alert("x")</script>',
    body: "В четверг в 18:00, кабинет 21.\nПриходите.",
    link: "/diary",
    dedupeKey: "e:1",
  });
  await notify(prisma, {
    schoolId: s.schoolId,
    userIds: [s.users.parentBorisova.userId],
    kind: "EVENT",
    title: "Чужое уведомление Борисовой",
    body: "Текст",
    link: "/diary",
    dedupeKey: "e:2",
  });
  mine = (await prisma.notification.findFirstOrThrow({ where: { userId: s.users.parentAlekseev.userId } })).id;
  theirs = (await prisma.notification.findFirstOrThrow({ where: { userId: s.users.parentBorisova.userId } })).id;
});

describe("«Уведомления»: own only", () => {
  it("the list shows the user's own notifications, unread marked, user text escaped, valid HTML", async () => {
    const res = await (await as(s.users.parentAlekseev)).get("/notifications");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Собрание &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;");
    expect(res.text).not.toContain("<script>alert");
    expect(res.text).not.toContain("Чужое уведомление Борисовой");
    expect(res.text).toContain("Непрочитанных: 1");
    expect(res.text).toContain('class="badge badge-new">Новое');
    expect(await htmlProblems(res.text)).toEqual([]);
  });

  it("opening another user's notification by its id is a 404 and it stays unread", async () => {
    const res = await (await as(s.users.parentAlekseev)).get(`/notifications/${theirs}/open`);
    expect(res.status).toBe(404);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: theirs } })).readAt).toBeNull();
  });

  it("opening one's own marks it read and leads to its page", async () => {
    const res = await (await as(s.users.parentAlekseev)).get(`/notifications/${mine}/open`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/diary");
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: mine } })).readAt).not.toBeNull();
  });

  it("«отметить прочитанными» marks only the user's own", async () => {
    await notify(prisma, { schoolId: s.schoolId, userIds: [s.users.parentAlekseev.userId], kind: "EVENT", title: "Ещё", body: "", dedupeKey: "e:3" });
    const agent = await as(s.users.parentAlekseev);
    const res = await agent.form("/notifications/read-all", {});
    expect(res.status).toBe(302);
    expect(await prisma.notification.count({ where: { userId: s.users.parentAlekseev.userId, readAt: null } })).toBe(0);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: theirs } })).readAt).toBeNull();
  });

  it("a user id smuggled into the settings form changes only the signed-in user's own settings", async () => {
    const agent = await as(s.users.parentAlekseev);
    const res = await agent.form("/account/notifications", { shown: "1", userId: String(s.users.parentBorisova.userId), inApp_EVENT: "1" });
    expect(res.status).toBe(302);
    expect(await prisma.notificationSetting.count({ where: { userId: s.users.parentBorisova.userId } })).toBe(0);
    expect(await prisma.notificationSetting.count({ where: { userId: s.users.parentAlekseev.userId } })).toBeGreaterThan(0);
  });

  it("a frequency that is not offered is refused beside the form, nothing saved", async () => {
    const agent = await as(s.users.parentBorisova);
    const res = await agent.form("/account/notifications", { shown: "1", inApp_MARK: "1", frequency_MARK: "HOURLY" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Выберите, как часто присылать письма");
    expect(await prisma.notificationSetting.count({ where: { userId: s.users.parentBorisova.userId } })).toBe(0);
  });

  it.each([
    ["an empty post", {}],
    ["a box with a value the form never sends", { shown: "1", inApp_EVENT: "<script>" }],
    ["a post from another page (no marker)", { inApp_EVENT: "1" }],
  ])("%s is refused (422, the form shown with a message), nothing saved", async (_label, body) => {
    const agent = await as(s.users.teacherMath);
    const res = await agent.form("/account/notifications", body);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/Форма устарела|Неверное значение/);
    expect(res.text).not.toContain("<script>");
    expect(await prisma.notificationSetting.count({ where: { userId: s.users.teacherMath.userId } })).toBe(0);
  });

  it("signed out, the pages send to the login", async () => {
    expect((await anonymous().get("/notifications")).status).toBe(302);
    expect((await anonymous().get("/admin/notifications")).status).toBe(302);
  });

  it("the settings offer a family the family's kinds and a teacher the teacher's", async () => {
    const parent = await (await as(s.users.parentAlekseev)).get("/account");
    expect(parent.text).toContain("Новые отметки");
    expect(parent.text).not.toContain("Замечания по проверке журнала");
    expect(parent.text).toContain("копия сообщений на e-mail");
    const teacher = await (await as(s.users.teacherMath)).get("/account");
    expect(teacher.text).toContain("Замечания по проверке журнала");
    expect(teacher.text).not.toContain("Новые отметки");
    expect(await htmlProblems(teacher.text)).toEqual([]);
  });
});

describe("«Журнал доставки»: the administrator only", () => {
  it("the administrator sees the school's letters with the reason of a failure, filtered by status, and the queue", async () => {
    const other = await buildSchool();
    await prisma.emailDelivery.createMany({
      data: [
        { schoolId: s.schoolId, toAddress: "a@example.ru", kind: "MARK", subject: "Отправленное", status: "SENT", sentAt: new Date(), dedupeKey: "log:1" },
        {
          schoolId: s.schoolId,
          toAddress: "b@example.ru",
          kind: "EVENT",
          subject: "Не доставленное",
          status: "FAILED",
          error: "550 5.1.1 <b@example.ru>: no such mailbox",
          attempts: 3,
          dedupeKey: "log:2",
        },
        { schoolId: other.schoolId, toAddress: "c@example.ru", kind: "EVENT", subject: "Чужая школа", status: "FAILED", dedupeKey: "log:3" },
      ],
    });
    const admin = await as(s.users.admin);
    const all = await admin.get("/admin/notifications");
    expect(all.status).toBe(200);
    expect(all.text).toContain("Отправленное");
    expect(all.text).toContain("550 5.1.1 &lt;b@example.ru&gt;: no such mailbox");
    expect(all.text).not.toContain("Чужая школа");
    expect(all.text).toContain("Очередь заданий");
    expect(await htmlProblems(all.text)).toEqual([]);
    const failed = await admin.get("/admin/notifications?status=FAILED");
    expect(failed.text).toContain("Не доставленное");
    expect(failed.text).not.toContain("Отправленное");
    const junk = await admin.get("/admin/notifications?status=<x>&page=abc");
    expect(junk.status).toBe(200);
  });

  it.each(["deputy", "teacherMath", "teacherRussian", "secretary", "hr", "medic", "psychologist", "tech", "parentAlekseev", "studentA1"] as const)(
    "%s gets 403",
    async (who) => {
      const res = await (await as(s.users[who])).get("/admin/notifications");
      expect(res.status).toBe(403);
      expect(res.text).not.toContain("Журнал доставки</h1>");
    },
  );
});

describe("the school's limits of files and messages (/admin/school)", () => {
  const good = {
    name: "Школа",
    shortName: "Школа",
    address: "",
    lockDays: "30",
    sessionIdleMinutes: "30",
    lateControlWorkDays: "7",
    weekDays: "5",
    forecastThreshold5: "4,5",
    forecastThreshold4: "3,5",
    forecastThreshold3: "2,5",
  };

  it("the administrator sets them; the values are saved and audited", async () => {
    const res = await (await as(s.users.admin)).form("/admin/school", { ...good, maxFileMb: "20", maxFilesPerMessage: "8", messagesPerHour: "30" });
    expect(res.status).toBe(302);
    const school = await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } });
    expect([school.maxFileMb, school.maxFilesPerMessage, school.messagesPerHour]).toEqual([20, 8, 30]);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "school" }, orderBy: { id: "desc" } });
    expect(audit.newValue).toMatchObject({ maxFileMb: 20, maxFilesPerMessage: 8, messagesPerHour: 30 });
    const page = await (await as(s.users.admin)).get("/admin/school");
    expect(page.text).toContain('name="maxFileMb" type="number" value="20"');
  });

  it.each([
    ["maxFileMb", "0", "Не меньше 1"],
    ["maxFileMb", "51", "Не больше 50"],
    ["maxFileMb", "", "Укажите число мегабайт"],
    ["maxFilesPerMessage", "пять", "Укажите число файлов"],
    ["messagesPerHour", "1.5", "Укажите целое число сообщений"],
  ])("%s = «%s» is refused: %s; the typed value is kept, nothing saved", async (fieldName, value, message) => {
    const before = await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } });
    const res = await (
      await as(s.users.admin)
    ).form("/admin/school", { ...good, maxFileMb: "10", maxFilesPerMessage: "5", messagesPerHour: "60", [fieldName]: value });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${value}"`);
    const after = await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } });
    expect([after.maxFileMb, after.maxFilesPerMessage, after.messagesPerHour]).toEqual([before.maxFileMb, before.maxFilesPerMessage, before.messagesPerHour]);
  });

  it("the deputy cannot change them (403), nothing saved", async () => {
    const before = await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } });
    const res = await (await as(s.users.deputy)).form("/admin/school", { ...good, maxFileMb: "1" });
    expect(res.status).toBe(403);
    expect((await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } })).maxFileMb).toBe(before.maxFileMb);
  });
});
