/**
 * Communication in a real browser (issue 15 «Tests»): the class teacher of the demo student's class
 * posts an announcement to the parents of the class; the demo parent sees «Объявления» in the header
 * grow by one, reads it (the counter goes back), writes to the class teacher; the teacher's
 * «Сообщения» grows, the teacher opens the message (the parent then sees «прочитано») and replies
 * with a spreadsheet attached; the parent's «Сообщения» grows, the parent reads the reply and
 * downloads the file — the same bytes as were uploaded. The header's counters are read by their text
 * and compared with the database at every step; axe checks the board, the announcement and the
 * message pages on the way.
 */
import fs from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeFindings } from "./support/checks.ts";
import { useBrowser, useDb } from "./support/browser.ts";

const b = useBrowser();
const db = useDb();

type Counter = "Объявления" | "Сообщения" | "Уведомления";

/**
 * The header's counter of `label` as the user reads it: «Сообщения 2 непрочитанных» is 2, a bare
 * «Сообщения» is 0 (no badge when nothing is new).
 */
async function headerCount(page: Page, label: Counter): Promise<number> {
  const link = page.getByRole("navigation", { name: "Общение" }).getByRole("link", { name: new RegExp(`^${label}`) });
  const text = ((await link.textContent()) ?? "").replace(/\s+/g, " ").trim();
  if (text === label) return 0;
  const m = new RegExp(`^${label} (\\d+)\\+? непрочитанных$`).exec(text); // «99+» above 99
  if (!m) throw new Error(`Счётчик «${label}» в шапке: неожиданный текст «${text}»`);
  return Number(m[1]);
}

/** Unread messages and in-product notifications of a user, as the header counts them. */
async function unreadInDb(userId: number): Promise<{ messages: number; notifications: number }> {
  return db.one<{ messages: number; notifications: number }>(
    `SELECT (SELECT count(*)::int FROM "MessageReceipt" WHERE "userId" = $1 AND "readAt" IS NULL) AS messages,
            (SELECT count(*)::int FROM "Notification" WHERE "userId" = $1 AND "readAt" IS NULL AND "inApp") AS notifications`,
    [userId],
  );
}

/** The three counters of the page, the messages' and notifications' checked against the database. */
async function counters(page: Page, userId: number): Promise<{ announcements: number; messages: number; notifications: number }> {
  const shown = {
    announcements: await headerCount(page, "Объявления"),
    messages: await headerCount(page, "Сообщения"),
    notifications: await headerCount(page, "Уведомления"),
  };
  const stored = await unreadInDb(userId);
  expect(shown.messages, "«Сообщения» в шапке = непрочитанные в базе").toBe(Math.min(stored.messages, 99));
  expect(shown.notifications, "«Уведомления» в шапке = непрочитанные в базе").toBe(Math.min(stored.notifications, 99));
  return shown;
}

async function axeClean(page: Page, label: string): Promise<void> {
  const { findings } = await axeFindings(page, label);
  expect(findings, label).toEqual([]); // serious and critical only
}

/** A small real spreadsheet (checked by its content on upload, served as an attachment). */
async function spreadsheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Собрание");
  ws.addRow(["Вопрос", "Время"]);
  ws.addRow(["Итоги второй четверти", "18:00"]);
  ws.addRow(["Экскурсия в музей", "18:30"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("объявление, сообщение классному руководителю и ответ с файлом", () => {
  it("родитель читает объявление, пишет классному руководителю, получает ответ с файлом и скачивает его; счётчики в шапке меняются", async () => {
    const parent = await db.one<{ id: number }>(`SELECT id FROM "User" WHERE login = 'demo.parent'`);
    // The class teacher of the demo student (a child of demo.parent) and the class.
    const ct = await db.one<{ id: number; login: string; lastName: string; classId: number; className: string }>(
      `SELECT u.id, u.login, p."lastName", c.id AS "classId", c.grade || c.letter AS "className"
         FROM "User" s JOIN "Student" st ON st."personId" = s."personId"
         JOIN "ClassMembership" m ON m."studentId" = st.id AND m."toDate" IS NULL
         JOIN "SchoolClass" c ON c.id = m."classId"
         JOIN "User" u ON u."personId" = c."classTeacherId" AND NOT u.blocked
         JOIN "Person" p ON p.id = u."personId"
        WHERE s.login = 'demo.student'`,
    );
    const linked = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM "ParentLink" pl JOIN "Student" st ON st.id = pl."studentId" JOIN "User" s ON s."personId" = st."personId"
        JOIN "User" pu ON pu."personId" = pl."parentId" WHERE s.login = 'demo.student' AND pu.login = 'demo.parent'`,
    );
    expect(linked.n).toBe(1);
    const tag = Date.now().toString(36);
    const title = `Собрание ${ct.className} ${tag}`;
    const subject = `Вопрос о собрании ${tag}`;

    const parentPage = await b.as("demo.parent");
    const teacherPage = await b.as(ct.login);
    await parentPage.goto("/");
    const p0 = await counters(parentPage, parent.id);

    // 1. The class teacher posts an announcement to the parents of the class through the form.
    await teacherPage.goto("/announcements");
    await teacherPage.getByRole("link", { name: "Новое объявление" }).click();
    await teacherPage.waitForURL(/\/announcements\/new$/);
    await teacherPage.getByRole("textbox", { name: "Заголовок", exact: true }).fill(title);
    await teacherPage.getByLabel("Текст", { exact: true }).fill("Уважаемые родители!\n\nСобрание в **четверг** в 18:00, кабинет 21.");
    await teacherPage.getByRole("radio", { name: "Родителям и (или) ученикам выбранных классов" }).check();
    await teacherPage.getByRole("checkbox", { name: "Родители", exact: true }).check();
    await teacherPage.getByRole("group", { name: "Классы" }).getByRole("checkbox", { name: ct.className, exact: true }).check();
    await Promise.all([teacherPage.waitForURL(/\/announcements\/\d+$/), teacherPage.getByRole("button", { name: "Опубликовать" }).click()]);
    const announcementId = Number(new URL(teacherPage.url()).pathname.split("/")[2]);
    const stored = await db.one<{ authorId: number; audience: string; toParents: boolean; toStudents: boolean; classIds: number[] }>(
      `SELECT "authorId", audience::text AS audience, "toParents", "toStudents", "classIds" FROM "Announcement" WHERE id = $1 AND title = $2`,
      [announcementId, title],
    );
    expect(stored).toEqual({ authorId: ct.id, audience: "FAMILIES", toParents: true, toStudents: false, classIds: [ct.classId] });

    // 2. The parent: «Объявления» grew by one; the board marks it new; opening it marks it read.
    await parentPage.goto("/");
    const p1 = await counters(parentPage, parent.id);
    expect(p1.announcements).toBe(p0.announcements + 1);
    await parentPage
      .getByRole("navigation", { name: "Общение" })
      .getByRole("link", { name: /^Объявления/ })
      .click();
    await parentPage.waitForURL(/\/announcements$/);
    const item = parentPage.locator("li.ann-item", { has: parentPage.getByRole("link", { name: title }) });
    await expect(item.textContent()).resolves.toContain("новое");
    await axeClean(parentPage, "доска объявлений, родитель");
    await item.getByRole("link", { name: title }).click();
    await parentPage.waitForURL(new RegExp(`/announcements/${announcementId}$`));
    await expect(parentPage.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(title);
    await expect(parentPage.getByRole("main").textContent()).resolves.toContain("Собрание в четверг в 18:00, кабинет 21.");
    await expect(parentPage.locator(".rich-text strong").textContent()).resolves.toBe("четверг");
    await axeClean(parentPage, "объявление, родитель");
    const read = await db.rows(`SELECT 1 FROM "AnnouncementRead" WHERE "announcementId" = $1 AND "userId" = $2`, [announcementId, parent.id]);
    expect(read.length).toBe(1);

    // 3. The parent writes to the class teacher (from the address book of the form).
    await parentPage
      .getByRole("navigation", { name: "Общение" })
      .getByRole("link", { name: /^Сообщения/ })
      .click();
    await parentPage.waitForURL(/\/messages$/);
    const p2 = await counters(parentPage, parent.id);
    expect(p2.announcements).toBe(p0.announcements);
    await axeClean(parentPage, "сообщения, родитель");
    await teacherPage.goto("/");
    const t0 = await counters(teacherPage, ct.id);

    await parentPage.getByRole("link", { name: "Написать" }).click();
    await parentPage.waitForURL(/\/messages\/new$/);
    await axeClean(parentPage, "новое сообщение, родитель");
    const to = parentPage.locator(`input[name="to"][value="${ct.id}"]`);
    await expect(to.count()).resolves.toBe(1);
    await expect(parentPage.locator(`label:has(input[name="to"][value="${ct.id}"])`).textContent()).resolves.toContain(ct.lastName);
    await to.check();
    await parentPage.getByRole("textbox", { name: "Тема", exact: true }).fill(subject);
    await parentPage.getByLabel("Текст", { exact: true }).fill("Здравствуйте! Можно ли прийти на собрание вдвоём с мужем?");
    await Promise.all([parentPage.waitForURL(/\/messages\/\d+$/), parentPage.getByRole("button", { name: "Отправить", exact: true }).click()]);
    const conversationId = Number(new URL(parentPage.url()).pathname.split("/")[2]);
    const members = await db.rows<{ userId: number }>(`SELECT "userId" FROM "ConversationMember" WHERE "conversationId" = $1 ORDER BY "userId"`, [
      conversationId,
    ]);
    expect(members.map((m) => m.userId).sort((x, y) => x - y)).toEqual([parent.id, ct.id].sort((x, y) => x - y));
    const first = await db.one<{ id: number; readAt: Date | null }>(
      `SELECT m.id, r."readAt" FROM "Message" m JOIN "MessageReceipt" r ON r."messageId" = m.id AND r."userId" = $2
        WHERE m."conversationId" = $1 AND m."authorId" = $3`,
      [conversationId, ct.id, parent.id],
    );
    expect(first.readAt).toBeNull();
    await expect(parentPage.locator(".msg-receipt").first().textContent()).resolves.toBe("не прочитано");

    // 4. The class teacher: «Сообщения» grew by one; opening the conversation marks it read.
    await teacherPage.goto("/");
    const t1 = await counters(teacherPage, ct.id);
    expect(t1.messages).toBe(t0.messages + 1);
    await teacherPage
      .getByRole("navigation", { name: "Общение" })
      .getByRole("link", { name: /^Сообщения/ })
      .click();
    await teacherPage.waitForURL(/\/messages$/);
    const row = teacherPage.locator("li.msg-item", { has: teacherPage.getByRole("link", { name: subject }) });
    await expect(row.textContent()).resolves.toContain("1 новое");
    await row.getByRole("link", { name: subject }).click();
    await teacherPage.waitForURL(new RegExp(`/messages/${conversationId}$`));
    await expect(teacherPage.getByRole("main").textContent()).resolves.toContain("Можно ли прийти на собрание вдвоём с мужем?");
    const readByTeacher = await db.one<{ readAt: Date | null }>(`SELECT "readAt" FROM "MessageReceipt" WHERE "messageId" = $1 AND "userId" = $2`, [
      first.id,
      ct.id,
    ]);
    expect(readByTeacher.readAt).not.toBeNull();
    await axeClean(teacherPage, "разговор, классный руководитель");

    // 5. The class teacher replies with a spreadsheet attached.
    const file = await spreadsheet();
    const fileName = "План собрания.xlsx";
    await teacherPage.getByLabel("Текст ответа").fill("Да, конечно. План собрания во вложении.");
    await teacherPage.getByLabel("Файлы").setInputFiles({ name: fileName, mimeType: "application/octet-stream", buffer: file });
    await Promise.all([
      teacherPage.waitForURL(new RegExp(`/messages/${conversationId}$`)),
      teacherPage.getByRole("button", { name: "Отправить ответ" }).click(),
    ]);
    const reply = await db.one<{ id: number; name: string; size: number; mime: string; readAt: Date | null }>(
      `SELECT m.id, f.name, f.size, f.mime, r."readAt" FROM "Message" m
         JOIN "MessageFile" mf ON mf."messageId" = m.id JOIN "StoredFile" f ON f.id = mf."fileId"
         JOIN "MessageReceipt" r ON r."messageId" = m.id AND r."userId" = $3
        WHERE m."conversationId" = $1 AND m."authorId" = $2`,
      [conversationId, ct.id, parent.id],
    );
    expect(reply).toMatchObject({ name: fileName, size: file.length, mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", readAt: null });
    await teacherPage.goto("/");
    expect((await counters(teacherPage, ct.id)).messages).toBe(t0.messages);

    // 6. The parent: «Сообщения» grew by one (the reply); the own message now reads «прочитано …».
    await parentPage.goto("/messages");
    const p3 = await counters(parentPage, parent.id);
    expect(p3.messages).toBe(p2.messages + 1);
    const parentRow = parentPage.locator("li.msg-item", { has: parentPage.getByRole("link", { name: subject }) });
    await expect(parentRow.textContent()).resolves.toContain("1 новое");
    await parentRow.getByRole("link", { name: subject }).click();
    await parentPage.waitForURL(new RegExp(`/messages/${conversationId}$`));
    const mine = parentPage.locator(`#m${first.id}`);
    await expect(mine.locator(".msg-receipt").textContent()).resolves.toMatch(/^прочитано \d/);
    const theirs = parentPage.locator(`#m${reply.id}`);
    await expect(theirs.textContent()).resolves.toContain("План собрания во вложении.");
    await expect(theirs.textContent()).resolves.toContain("новое");
    await axeClean(parentPage, "разговор, родитель");

    // 7. The parent downloads the file: the same bytes, under its name.
    const link = theirs.getByRole("link", { name: fileName });
    const [download] = await Promise.all([parentPage.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(fileName);
    const bytes = await fs.readFile(await download.path());
    expect(bytes.equals(file)).toBe(true);
    const response = await parentPage.request.get(new URL((await link.getAttribute("href"))!, parentPage.url()).toString());
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");

    // 8. Read: the counter is back where it was, and the database agrees.
    const readReply = await db.one<{ readAt: Date | null }>(`SELECT "readAt" FROM "MessageReceipt" WHERE "messageId" = $1 AND "userId" = $2`, [
      reply.id,
      parent.id,
    ]);
    expect(readReply.readAt).not.toBeNull();
    await parentPage.goto("/messages");
    const p4 = await counters(parentPage, parent.id);
    expect(p4.messages).toBe(p2.messages);
    expect(p4.announcements).toBe(p0.announcements);
  });
});
