/**
 * What staff are told (issue 15 «Notifications»): a remark of the monthly journal check reaches the
 * teacher it is about (kind REMARK, in the remark's transaction, once per remark) and leads to the
 * list where the teacher fixes it; a reply to a staff member's message reaches them (kind MESSAGE),
 * also in a group send's copy. Refused requests tell nobody. E-mail is off here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { communicationSchool, type CommunicationSchool } from "../support/communication.ts";
import { as } from "../support/http.ts";
import { told, whoOf } from "./helpers.ts";

let s: CommunicationSchool;
beforeAll(async () => {
  s = await communicationSchool();
});

describe("a remark of the monthly check", () => {
  it("tells the teacher it is about, once, with the journal, the month and the text, leading to the open remarks", async () => {
    const c5a = s.classes["5А"].id;
    const deputy = await as(s.users.deputy);
    const res = await deputy.form("/reports/remarks", {
      month: "2026-11",
      class: String(c5a),
      teacherId: String(s.users.teacherMath.personId),
      journal: `${c5a}:${s.subjects.math.id}`,
      text: "Не записаны темы уроков 12 и 13 ноября",
    });
    expect(res.status).toBe(302);
    const remark = await prisma.journalRemark.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    const rows = await told(s, "REMARK");
    expect(rows).toEqual([
      {
        who: "teacherMath",
        title: "Замечание по проверке журнала: 5А, Математика",
        body: "Не записаны темы уроков 12 и 13 ноября\n\nПроверка за ноябрь 2026 г.\nЗамечание записал(а): Завучева З. И.\nИсправьте и отметьте «Исправлено» в списке замечаний.",
        link: "/reports/remarks?open=1",
      },
    ]);
    const n = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.teacherMath.userId, kind: "REMARK" } });
    expect(n.dedupeKey).toBe(`remark:${remark.id}`);
    // The link opens the teacher's open remarks with the button that fixes it.
    const teacher = await as(s.users.teacherMath);
    const page = await teacher.get("/reports/remarks?open=1");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Не записаны темы уроков 12 и 13 ноября");
    expect(page.text).toContain(`action="/reports/remarks/${remark.id}/fixed"`);

    // A remark without a journal is told too, by its own key.
    await deputy.form("/reports/remarks", { month: "2026-11", teacherId: String(s.users.teacherMath.personId), journal: "", text: "Проверьте итоговые" });
    expect((await told(s, "REMARK")).map((r) => r.title)).toEqual(["Замечание по проверке журнала: 5А, Математика", "Замечание по проверке журнала"]);
  });

  it("a refused remark (a teacher writing one, a bad teacher id) tells nobody", async () => {
    const before = await prisma.notification.count({ where: { schoolId: s.schoolId, kind: "REMARK" } });
    const teacher = await as(s.users.teacherRussian);
    const denied = await teacher.form("/reports/remarks", { month: "2026-11", teacherId: String(s.users.teacherMath.personId), journal: "", text: "Ну-ну" });
    expect(denied.status).toBe(403);
    const bad = await (await as(s.users.deputy)).form("/reports/remarks", { month: "2026-11", teacherId: "999999", journal: "", text: "Кому?" });
    expect(bad.status).toBe(422);
    expect(await prisma.notification.count({ where: { schoolId: s.schoolId, kind: "REMARK" } })).toBe(before);
  });
});

describe("a reply to a staff member's message", () => {
  it("tells the teacher who wrote to a parent, and the colleague who wrote to a teacher; not the one who replied", async () => {
    const teacher = await as(s.users.teacherMath);
    const sent = await teacher.form("/messages/new", { to: [String(s.users.parentBorisova.userId)], subject: "Контрольная", body: "Вера не сдала работу." });
    const cid = Number(/\/messages\/(\d+)$/.exec(sent.headers.location!)![1]);
    const before = (await told(s, "MESSAGE")).length;
    expect((await (await as(s.users.parentBorisova)).form(`/messages/${cid}/reply`, { body: "Сдаст завтра." })).status).toBe(302);
    const replies = (await told(s, "MESSAGE")).slice(before);
    expect(replies).toEqual([{ who: "teacherMath", title: "Ответ от Борисова О. Н.: Контрольная", body: "Сдаст завтра.", link: `/messages/${cid}` }]);

    // Staff to staff: the deputy writes, the teacher replies.
    const deputy = await as(s.users.deputy);
    const memo = await deputy.form("/messages/new", { to: [String(s.users.teacherEnglish.userId)], subject: "Замена в четверг", body: "Сможете заменить?" });
    const memoId = Number(/\/messages\/(\d+)$/.exec(memo.headers.location!)![1]);
    const mark = (await told(s, "MESSAGE")).length;
    await (await as(s.users.teacherEnglish)).form(`/messages/${memoId}/reply`, { body: "Да, смогу." });
    expect((await told(s, "MESSAGE")).slice(mark)).toEqual([
      { who: "deputy", title: "Ответ от Инглишева Е. В.: Замена в четверг", body: "Да, смогу.", link: `/messages/${memoId}` },
    ]);
  });

  it("a group message's copy: the parent's reply reaches the teacher, the other parents nothing", async () => {
    const ct = await as(s.users.teacherRussian);
    const sent = await ct.form("/messages/new", { groups: [`parents:${s.classes["5А"].id}`], subject: "Собрание", body: "Собрание в пятницу." });
    expect(sent.status).toBe(302);
    const copy = await prisma.conversation.findFirstOrThrow({
      where: { schoolId: s.schoolId, subject: "Собрание", members: { some: { userId: s.users.parentAlekseev.userId } } },
    });
    const before = (await told(s, "MESSAGE")).length;
    await (await as(s.users.parentAlekseev)).form(`/messages/${copy.id}/reply`, { body: "Приду." });
    const rows = (await told(s, "MESSAGE")).slice(before);
    expect(whoOf(rows)).toEqual(["teacherRussian"]);
    expect(rows[0]!.link).toBe(`/messages/${copy.id}`);
  });

  it("a reply to a conversation of others (a guessed id) is a 404 and tells nobody", async () => {
    const teacher = await as(s.users.teacherMath);
    const sent = await teacher.form("/messages/new", { to: [String(s.users.teacherEnglish.userId)], subject: "Между нами", body: "Текст" });
    const cid = Number(/\/messages\/(\d+)$/.exec(sent.headers.location!)![1]);
    const before = await prisma.notification.count({ where: { schoolId: s.schoolId, kind: "MESSAGE" } });
    const res = await (await as(s.users.parentBorisova)).form(`/messages/${cid}/reply`, { body: "Вмешаюсь" });
    expect(res.status).toBe(404);
    expect(await prisma.notification.count({ where: { schoolId: s.schoolId, kind: "MESSAGE" } })).toBe(before);
  });
});
