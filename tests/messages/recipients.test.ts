/**
 * Whom each role may write to (issue 15, R-COM-2): the address book shows exactly those people, and
 * the server decides every recipient of a posted form — a family, a teacher who does not teach the
 * child, a student's parent, a class the teacher does not teach, a guessed id, another school's
 * user: refused with a Russian message, nothing stored. A group message reaches every parent as a
 * separate conversation and leaks no names.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";
import { conversationOf, conversationsOf, messageSchool, messageState, send, type MessageSchool, type UserKey } from "./helpers.ts";

let s: MessageSchool;
let other: MessageSchool;
beforeAll(async () => {
  s = await messageSchool();
  other = await messageSchool();
});

describe("allowed: every role reaches the people of its scope", () => {
  const allowed: [UserKey, UserKey][] = [
    ["parentBorisova", "teacherMath"], // teaches the child's class
    ["parentBorisova", "teacherRussian"], // the class teacher
    ["parentBorisova", "admin"],
    ["parentBorisova", "deputy"],
    ["parentBorisova", "secretary"],
    ["parentV", "teacherHistory"], // the class teacher of 6В, who has no lessons there
    ["studentA1", "teacherEnglish"],
    ["studentA1", "deputy"],
    ["teacherMath", "parentBorisova"], // a parent of a taught class
    ["teacherMath", "studentB1"],
    ["teacherMath", "medic"], // staff to staff
    ["teacherHistory", "parentV"], // a class teacher to the own class's parents
    ["medic", "tech"],
    ["admin", "parentV"],
    ["deputy", "studentV1"],
    ["secretary", "hr"],
  ];
  it.each(allowed)("%s → %s: delivered as a conversation of the two, unread, with a notification", async (from, to) => {
    const subject = `Тема ${from} → ${to}`;
    const res = await send(await as(s.users[from]), { to: [s.users[to].userId], subject, body: "Текст" });
    const id = conversationOf(res);
    const [c] = await conversationsOf(s.schoolId, subject);
    expect(c!.id).toBe(id);
    expect(c!.members).toEqual([s.users[from].userId, s.users[to].userId].sort((a, b) => a - b));
    expect(c!.messages.map((m) => [m.authorId, m.body, m.receipts.map((r) => [r.userId, r.readAt])])).toEqual([
      [s.users[from].userId, "Текст", [[s.users[to].userId, null]]],
    ]);
    const note = await prisma.notification.findFirst({ where: { userId: s.users[to].userId, kind: "MESSAGE", link: `/messages/${id}` } });
    expect(note?.title).toContain(subject);
  });
});

describe("refused: nothing stored, a Russian message beside «Кому»", () => {
  const refused: [string, UserKey, UserKey][] = [
    ["a parent to another family's parent", "parentBorisova", "parentAlekseev"],
    ["a parent to another family's child", "parentBorisova", "studentA1"],
    ["a parent to a teacher who does not teach the child", "parentBorisova", "teacherHistory"],
    ["a parent to a teacher of another class", "parentV", "teacherMath"],
    ["a parent to staff outside teachers and administration", "parentBorisova", "medic"],
    ["a student to a parent", "studentA1", "parentBorisova"],
    ["a student to the own parent", "studentA1", "parentAlekseev"],
    ["a student to a classmate", "studentA1", "studentA2"],
    ["a student to a teacher of another class", "studentA1", "teacherHistory"],
    ["a teacher to a parent of a class not taught", "teacherMath", "parentV"],
    ["a teacher to a student of a class not taught", "teacherMath", "studentV1"],
    ["a class teacher to another class's parent", "teacherHistory", "parentBorisova"],
    ["other staff to a parent", "medic", "parentBorisova"],
    ["other staff to a student", "tech", "studentA1"],
  ];
  it.each(refused)("%s (%s → %s)", async (_what, from, to) => {
    const before = await messageState(s.schoolId);
    const res = await send(await as(s.users[from]), { to: [s.users[to].userId], subject: "Нельзя", body: "Текст" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Этому адресату вы не можете написать");
    expect(res.text).toContain('value="Нельзя"');
    expect(await messageState(s.schoolId)).toEqual(before);
  });

  it("a guessed user id, another school's user (even for the administrator), one's own id: refused", async () => {
    const before = await messageState(s.schoolId);
    const admin = await as(s.users.admin);
    for (const id of [99_999_999, other.users.parentV.userId, other.users.admin.userId]) {
      const res = await send(admin, { to: [id], subject: "Чужой" });
      expect(res.status, String(id)).toBe(422);
      expect(res.text).toContain("Этому адресату вы не можете написать");
    }
    const self = await send(admin, { to: [s.users.admin.userId] });
    expect(self.status).toBe(422);
    expect(self.text).toContain("Выберите хотя бы одного получателя");
    // An allowed recipient together with a crafted one: the whole send is refused.
    const mixed = await send(await as(s.users.parentBorisova), { to: [s.users.teacherMath.userId, s.users.parentAlekseev.userId] });
    expect(mixed.status).toBe(422);
    expect(await messageState(s.schoolId)).toEqual(before);
    expect(await prisma.conversation.count({ where: { schoolId: other.schoolId } })).toBe(0);
  });

  it.each([
    ["a teacher to a class not taught", "teacherMath", "parents", "6В"],
    ["a class teacher to another class", "teacherHistory", "students", "5А"],
    ["a parent to a class group", "parentBorisova", "parents", "5А"],
    ["a student to a class group", "studentA1", "teachers", "5А"],
    ["other staff to a class group", "medic", "parents", "5Б"],
  ] as const)("a group outside the scope: %s", async (_what, from, kind, cls) => {
    const before = await messageState(s.schoolId);
    const res = await send(await as(s.users[from]), { groups: [`${kind}:${s.classes[cls].id}`] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Этой группе вы не можете написать");
    expect(await messageState(s.schoolId)).toEqual(before);
  });

  it("malformed and foreign-school groups, garbage ids: refused", async () => {
    const before = await messageState(s.schoolId);
    const admin = await as(s.users.admin);
    for (const g of ["parents:abc", "everyone:1", `parents:${other.classes["5А"].id}`, "parents:99999999"])
      expect((await send(admin, { groups: [g] })).status, g).toBe(422);
    const garbage = await admin.form("/messages/new", { to: ["-1"], subject: "x", body: "y" });
    expect(garbage.status).toBe(422);
    expect(await messageState(s.schoolId)).toEqual(before);
  });

  it("no recipients, no subject, an over-long subject or text: the form again with messages, nothing stored", async () => {
    const before = await messageState(s.schoolId);
    const agent = await as(s.users.teacherMath);
    const none = await send(agent, { subject: "Без адресата" });
    expect(none.status).toBe(422);
    expect(none.text).toContain("Выберите хотя бы одного получателя");
    const noSubject = await send(agent, { to: [s.users.parentBorisova.userId], subject: "  " });
    expect(noSubject.text).toMatch(/id="f-subject-error">Укажите тему сообщения/);
    const long = await send(agent, { to: [s.users.parentBorisova.userId], subject: "я".repeat(201), body: "б".repeat(10_001) });
    expect(long.status).toBe(422);
    expect(long.text).toMatch(/id="f-subject-error">Не длиннее 200 символов/);
    expect(long.text).toMatch(/id="f-body-error">Не длиннее 10\s000 символов/u);
    const empty = await send(agent, { to: [s.users.parentBorisova.userId], body: "   " });
    expect(empty.text).toContain("Напишите текст сообщения или приложите файл");
    expect(await messageState(s.schoolId)).toEqual(before);
  });
});

describe("the address book shows exactly whom one may write to", () => {
  const names = {
    admin: "Админова Анна",
    deputy: "Завучева Зоя",
    secretary: "Секретарева Светлана",
    teacherMath: "Математиков Пётр",
    teacherRussian: "Русакова Мария",
    teacherEnglish: "Инглишева Елена",
    teacherHistory: "Историкова Ирина",
    medic: "Медикова Надежда",
    hr: "Кадрова Кира",
    tech: "Техников Тимофей",
    parentAlekseev: "Алексеев Игорь",
    parentV: "Васильева Вера",
    studentA1: "Алексеев Артём",
    studentB1: "Алексеева Дарья",
    studentV1: "Васильев Виктор",
  };

  it("a parent: the children's teachers and class teachers, the administration — never another family or other staff", async () => {
    const agent = await as(s.users.parentAlekseev);
    for (const url of ["/messages/new", "/messages/contacts"]) {
      const page = await agent.get(url);
      expect(page.status).toBe(200);
      for (const n of [names.admin, names.deputy, names.secretary, names.teacherMath, names.teacherRussian, names.teacherEnglish])
        expect(page.text, url).toContain(n);
      for (const n of [names.teacherHistory, names.medic, names.hr, names.tech, "Борисова", names.parentV, names.studentV1])
        expect(page.text, `${url}: ${n}`).not.toContain(n);
      expect(page.text).toContain("классный руководитель 5А");
      expect(page.text).toContain("Математика (5Б)");
      expect(page.text).not.toContain('name="groups"');
      expect(await htmlProblems(page.text)).toEqual([]);
    }
    // Searching the address book finds no family either.
    const found = await agent.get("/messages/contacts?q=Борисова");
    expect(found.text).toContain("Никого не найдено");
    // Nor does a class's page open.
    expect((await agent.get(`/messages/contacts?class=${s.classes["5А"].id}`)).status).toBe(404);
  });

  it("a student: the own class's teachers and the administration only", async () => {
    const page = await (await as(s.users.studentB1)).get("/messages/new");
    for (const n of [names.admin, names.teacherMath, names.teacherRussian]) expect(page.text).toContain(n);
    expect(page.text).toContain('Инглишева Елена Викторовна <span class="muted">— классный руководитель 5Б');
    for (const n of [names.teacherHistory, names.parentAlekseev, "Борисова", names.medic, names.studentA1]) expect(page.text).not.toContain(n);
  });

  it("a teacher: all staff, and the classes taught as groups and per class; another class's page is a 404", async () => {
    const agent = await as(s.users.teacherMath);
    const page = await agent.get("/messages/new");
    for (const n of [names.admin, names.medic, names.hr, names.tech, names.teacherHistory]) expect(page.text).toContain(n);
    expect(page.text).toContain(`value="parents:${s.classes["5А"].id}"`);
    expect(page.text).toContain(`value="teachers:${s.classes["5Б"].id}"`);
    expect(page.text).not.toContain(`:${s.classes["6В"].id}"`);
    for (const n of [names.parentAlekseev, names.studentA1, names.parentV]) expect(page.text).not.toContain(n);
    expect(await htmlProblems(page.text)).toEqual([]);

    const cls = await agent.get(`/messages/contacts?class=${s.classes["5А"].id}`);
    expect(cls.status).toBe(200);
    for (const n of [names.studentA1, "Борисова Вера", names.parentAlekseev, "Борисова Ольга", names.teacherEnglish]) expect(cls.text).toContain(n);
    expect(cls.text).toContain("родитель: Алексеев Артём (5А), Алексеева Дарья (5Б)");
    expect(cls.text).not.toContain("ученик 5Б"); // 5Б's students are not 5А's
    expect(await htmlProblems(cls.text)).toEqual([]);
    expect((await agent.get(`/messages/contacts?class=${s.classes["6В"].id}`)).status).toBe(404);
    expect((await agent.get(`/messages/contacts?class=${other.classes["5А"].id}`)).status).toBe(404);
    const search = await agent.get("/messages/contacts?q=Васил");
    expect(search.text).not.toContain(names.parentV);
    expect(search.text).not.toContain(names.studentV1);
  });

  it("other staff (a medic): staff only, no classes", async () => {
    const page = await (await as(s.users.medic)).get("/messages/contacts");
    for (const n of [names.admin, names.teacherMath, names.tech]) expect(page.text).toContain(n);
    for (const n of [names.parentAlekseev, names.studentA1]) expect(page.text).not.toContain(n);
    expect(page.text).not.toContain("/messages/contacts?class=");
  });

  it("the administrator: every class; a prefilled ?to= outside the address book is simply not offered", async () => {
    const admin = await as(s.users.admin);
    const page = await admin.get(`/messages/new?to=${s.users.parentV.userId}&to=${other.users.parentV.userId}&group=parents:${s.classes["6В"].id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`name="to" value="${s.users.parentV.userId}" id="sel-${s.users.parentV.userId}" checked`));
    expect(page.text).not.toContain(`value="${other.users.parentV.userId}"`);
    expect(page.text).toMatch(new RegExp(`name="groups" value="parents:${s.classes["6В"].id}" checked> Родители 6В`));
    for (const c of ["5А", "5Б", "6В"] as const) expect(page.text).toContain(`/messages/contacts?class=${s.classes[c].id}`);
    const parentPage = await (await as(s.users.parentBorisova)).get(`/messages/new?to=${s.users.parentAlekseev.userId}`);
    expect(parentPage.text).not.toContain(names.parentAlekseev);
  });
});

describe("a group message (152-ФЗ): one conversation per recipient, no names leak", () => {
  it("the class teacher writes to «Родители 5А»: each parent gets an own conversation with the author only", async () => {
    const subject = "Родительское собрание 5А";
    const teacher = await as(s.users.teacherRussian);
    const res = await send(teacher, { groups: [`parents:${s.classes["5А"].id}`], subject, body: "Собрание в четверг в 18:00." });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/messages?folder=sent");
    const convs = await conversationsOf(s.schoolId, subject);
    const author = s.users.teacherRussian.userId;
    expect(convs.map((c) => c.members)).toEqual(
      [s.users.parentAlekseev.userId, s.users.parentBorisova.userId]
        .map((p) => [author, p].sort((a, b) => a - b))
        .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!),
    );
    // All copies share the send's instant (a group send counts once for the rate limit).
    expect(new Set(convs.map((c) => c.messages[0]!.createdAt.getTime())).size).toBe(1);

    for (const [me, otherParent] of [
      ["parentBorisova", "Алексеев Игорь"],
      ["parentAlekseev", "Борисова Ольга"],
    ] as const) {
      const agent = await as(s.users[me]);
      const inbox = await agent.get("/messages");
      expect(inbox.text).toContain(subject);
      expect(inbox.text).not.toContain(otherParent);
      const mine = convs.find((c) => c.members.includes(s.users[me].userId))!;
      const page = await agent.get(`/messages/${mine.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain("Собрание в четверг в 18:00.");
      expect(page.text).toContain("Русакова Мария Олеговна");
      expect(page.text).not.toContain(otherParent);
      // The other parent's copy is not this parent's: a 404.
      const theirs = convs.find((c) => !c.members.includes(s.users[me].userId))!;
      expect((await agent.get(`/messages/${theirs.id}`)).status).toBe(404);
      const note = await prisma.notification.findFirst({ where: { userId: s.users[me].userId, title: { contains: subject } } });
      expect(note?.body).toBe("Собрание в четверг в 18:00.");
      expect(note?.body).not.toContain(otherParent);
    }

    // The author's «Отправленные» shows the send once, with the number of recipients; the copies wait
    // in the author's archive until a parent replies.
    const sent = await teacher.get("/messages?folder=sent");
    expect(sent.text).toContain(subject);
    expect(sent.text).toContain("и ещё 1 (каждому отдельно)");
    expect((await teacher.get("/messages")).text).not.toContain(subject);
    const borisova = convs.find((c) => c.members.includes(s.users.parentBorisova.userId))!;
    expect((await (await as(s.users.parentBorisova)).form(`/messages/${borisova.id}/reply`, { body: "Приду." })).status).toBe(302);
    const inbox = await teacher.get("/messages");
    expect(inbox.text).toContain(`<a href="/messages/${borisova.id}">${subject}</a>`);
    expect(inbox.text.match(new RegExp(subject, "g"))).toHaveLength(1);
  });

  it("individuals and groups together: each person once", async () => {
    const subject = "Экскурсия";
    const res = await send(await as(s.users.teacherMath), {
      to: [s.users.parentBorisova.userId, s.users.medic.userId],
      groups: [`parents:${s.classes["5А"].id}`, `students:${s.classes["5Б"].id}`, `teachers:${s.classes["5Б"].id}`],
      subject,
    });
    expect(res.status).toBe(302);
    const convs = await conversationsOf(s.schoolId, subject);
    const others = convs.map((c) => c.members.find((m) => m !== s.users.teacherMath.userId)).sort((a, b) => a! - b!);
    const expected = ["parentBorisova", "medic", "parentAlekseev", "studentB1", "teacherRussian", "teacherEnglish"] as const;
    expect(others).toEqual(expected.map((k) => s.users[k].userId).sort((a, b) => a - b));
  });
});
