/**
 * Events and the calendar (issue 18): who may create, see and change which events, each refusal
 * with the database re-read; recurring events (RRULE) with a cancelled occurrence (EXDATE);
 * Russian messages beside the fields with the typed values kept; notifications to the audience.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { d, buildSchool } from "../support/fixtures.ts";
import { communicationSchool, type CommunicationSchool } from "../support/communication.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

type UserKey = keyof CommunicationSchool["users"];
let s: CommunicationSchool;
let otherSchoolEventId: number;

useMidQuarterDay(); // Wednesday 2026-12-09

async function event(
  author: UserKey,
  data: {
    title: string;
    audience: "SCHOOL" | "GRADES" | "CLASSES" | "STAFF" | "PARENTS";
    classes?: ("5А" | "5Б" | "6В")[];
    grades?: number[];
    date?: string;
    rrule?: string;
    until?: string;
    exdates?: string[];
  },
) {
  return prisma.schoolEvent.create({
    data: {
      schoolId: s.schoolId,
      authorId: s.users[author].userId,
      title: data.title,
      audience: data.audience,
      classIds: (data.classes ?? []).map((c) => s.classes[c].id),
      grades: data.grades ?? [],
      startDate: d(data.date ?? "2026-12-10"),
      endDate: d(data.date ?? "2026-12-10"),
      startMinute: 600,
      endMinute: 660,
      rrule: data.rrule ?? null,
      untilDate: data.until ? d(data.until) : null,
      exdates: (data.exdates ?? []).map(d),
    },
  });
}

const state = async () => ({
  events: await prisma.schoolEvent.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } }),
  audits: await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "event" } }),
});

const form = (fields: Record<string, unknown>) => ({ title: "Проверка", startDate: "2026-12-15", startTime: "15:00", endTime: "16:00", ...fields });

beforeAll(async () => {
  s = await communicationSchool();
  const other = await buildSchool();
  otherSchoolEventId = (
    await prisma.schoolEvent.create({
      data: {
        schoolId: other.schoolId,
        authorId: other.users.admin.userId,
        title: "Чужое событие",
        audience: "SCHOOL",
        startDate: d("2026-12-10"),
        endDate: d("2026-12-10"),
      },
    })
  ).id;
}, 60_000);

describe("creating", () => {
  it("the administrator creates a school event: stored, audited, the audience notified (not the author)", async () => {
    const admin = await as(s.users.admin);
    const res = await admin.form("/events", form({ title: "Новогодний концерт", audience: "SCHOOL", place: "Актовый зал", description: "Приглашаем всех" }));
    expect(res.status).toBe(302);
    const id = Number(/\/events\/(\d+)/.exec(res.headers.location!)![1]);
    const e = await prisma.schoolEvent.findUniqueOrThrow({ where: { id } });
    expect(e).toMatchObject({ schoolId: s.schoolId, title: "Новогодний концерт", place: "Актовый зал", startMinute: 900, endMinute: 960, rrule: null });
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "event", entityId: String(id), action: "create" } })).toBe(1);
    const notified = await prisma.notification.findMany({
      where: { schoolId: s.schoolId, kind: "EVENT", dedupeKey: { startsWith: `event:${id}:` } },
      select: { userId: true },
    });
    const ids = notified.map((n) => n.userId);
    expect(ids).toContain(s.users.parentV.userId);
    expect(ids).toContain(s.users.studentA1.userId);
    expect(ids).not.toContain(s.users.admin.userId);
  });

  it("a class teacher creates an event for the own class: its families and teachers are told, another class's are not", async () => {
    const teacher = await as(s.users.teacherHistory); // leads 6В
    const res = await teacher.form("/events", form({ title: "Экскурсия 6В", audience: "CLASSES", classIds: String(s.classes["6В"].id) }));
    expect(res.status).toBe(302);
    const id = Number(/\/events\/(\d+)/.exec(res.headers.location!)![1]);
    const ids = (await prisma.notification.findMany({ where: { dedupeKey: { startsWith: `event:${id}:` } }, select: { userId: true } })).map((n) => n.userId);
    expect(ids).toEqual(expect.arrayContaining([s.users.parentV.userId, s.users.studentV1.userId]));
    expect(ids).not.toContain(s.users.parentAlekseev.userId);
    expect(ids).not.toContain(s.users.studentA1.userId);
  });

  it("a class teacher creating an event for another class: 404, nothing stored", async () => {
    const before = await state();
    const teacher = await as(s.users.teacherHistory);
    const res = await teacher.form("/events", form({ audience: "CLASSES", classIds: String(s.classes["5А"].id) }));
    expect(res.status).toBe(404);
    expect(await state()).toEqual(before);
  });

  it("a teacher may not create a school-wide event: 403, nothing stored", async () => {
    const before = await state();
    const res = await (await as(s.users.teacherMath)).form("/events", form({ audience: "SCHOOL" }));
    expect(res.status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it.each(["parentAlekseev", "studentA1", "secretary"] as const)("%s may not create events: 403, nothing stored", async (who) => {
    const before = await state();
    const agent = await as(s.users[who]);
    expect((await agent.get("/events/new")).status).toBe(403);
    const res = await agent
      .post("/events")
      .type("form")
      .send({ ...form({ audience: "SCHOOL" }), _csrf: agent.token });
    expect(res.status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it("bad input: Russian messages beside the fields, typed values kept, nothing stored", async () => {
    const before = await state();
    const res = await (
      await as(s.users.admin)
    ).form("/events", { title: "Слёт <отличников>", startDate: "31.02.2026", startTime: "25:00", audience: "CLASSES", repeat: "on" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Дата в формате ДД.ММ.ГГГГ");
    expect(res.text).toContain("Время в формате ЧЧ:ММ");
    expect(res.text).toContain('value="Слёт &lt;отличников&gt;"');
    const rest = await (await as(s.users.admin)).form("/events", { title: "Слёт", startDate: "2026-12-15", audience: "CLASSES", repeat: "on" });
    expect(rest.status).toBe(422);
    expect(rest.text).toContain("Выберите хотя бы один класс");
    expect(rest.text).toContain("Выберите дни недели для повторения");
    expect(rest.text).toContain("Укажите время начала или отметьте «Весь день»");
    expect(await state()).toEqual(before);
  });
});

describe("seeing", () => {
  it("a pupil of 5А does not see 5Б's event: not in the calendar, its page 404", async () => {
    const e = await event("teacherEnglish", { title: "Поход 5Б", audience: "CLASSES", classes: ["5Б"] });
    const pupil = await as(s.users.studentA2);
    expect((await pupil.get("/events?month=2026-12")).text).not.toContain("Поход 5Б");
    expect((await pupil.get(`/events/${e.id}`)).status).toBe(404);
    const other = await as(s.users.studentB1);
    expect((await other.get("/events?month=2026-12")).text).toContain("Поход 5Б");
    expect((await other.get(`/events/${e.id}`)).status).toBe(200);
    // A parent of a 5Б pupil sees it; a parent of 5А pupils only does not.
    expect((await (await as(s.users.parentAlekseev)).get(`/events/${e.id}`)).status).toBe(200);
    expect((await (await as(s.users.parentBorisova)).get(`/events/${e.id}`)).status).toBe(404);
  });

  it("staff-only events are not shown to families; parents-only not to pupils", async () => {
    const staff = await event("admin", { title: "Педсовет", audience: "STAFF" });
    const parents = await event("admin", { title: "Общешкольное собрание", audience: "PARENTS" });
    const pupil = await as(s.users.studentA1);
    const parent = await as(s.users.parentBorisova);
    expect((await pupil.get(`/events/${staff.id}`)).status).toBe(404);
    expect((await parent.get(`/events/${staff.id}`)).status).toBe(404);
    expect((await pupil.get(`/events/${parents.id}`)).status).toBe(404);
    expect((await parent.get(`/events/${parents.id}`)).status).toBe(200);
    expect((await (await as(s.users.medic)).get(`/events/${staff.id}`)).status).toBe(200);
  });

  it("another school's event id: 404 for its own kind of role (the administrator too)", async () => {
    for (const who of ["admin", "studentA1"] as const) {
      const agent = await as(s.users[who]);
      expect((await agent.get(`/events/${otherSchoolEventId}`)).status).toBe(404);
      expect((await agent.get(`/events/${otherSchoolEventId}/edit`)).status).toBe(404);
    }
    const before = await prisma.schoolEvent.findUniqueOrThrow({ where: { id: otherSchoolEventId } });
    const admin = await as(s.users.admin);
    expect((await admin.form(`/events/${otherSchoolEventId}/delete`, {})).status).toBe(404);
    expect(await prisma.schoolEvent.findUniqueOrThrow({ where: { id: otherSchoolEventId } })).toEqual(before);
  });

  it("the month grid links the previous and next months and works for every role", async () => {
    for (const who of ["admin", "teacherMath", "parentV", "studentV1", "tech"] as const) {
      const res = await (await as(s.users[who])).get("/events?month=2027-01");
      expect(res.status).toBe(200);
      expect(res.text).toContain('href="/events?month=2026-12"');
      expect(res.text).toContain('href="/events?month=2027-02"');
    }
  });
});

describe("changing", () => {
  it("a class teacher may not change or delete another class's event: 404, unchanged", async () => {
    const e = await event("teacherEnglish", { title: "Только 5Б", audience: "CLASSES", classes: ["5Б"] });
    const before = await state();
    const teacher = await as(s.users.teacherHistory);
    expect((await teacher.get(`/events/${e.id}/edit`)).status).toBe(404);
    expect((await teacher.form(`/events/${e.id}`, form({ audience: "CLASSES", classIds: String(s.classes["6В"].id) }))).status).toBe(404);
    expect((await teacher.form(`/events/${e.id}/delete`, {})).status).toBe(404);
    expect(await state()).toEqual(before);
  });

  it("the author changes the own event: audited old → new, the audience told of the change", async () => {
    const teacher = await as(s.users.teacherHistory);
    const created = await teacher.form("/events", form({ title: "Классный час", audience: "CLASSES", classIds: String(s.classes["6В"].id) }));
    const id = Number(/\/events\/(\d+)/.exec(created.headers.location!)![1]);
    const res = await teacher.form(
      `/events/${id}`,
      form({ title: "Классный час", place: "Кабинет 12", audience: "CLASSES", classIds: String(s.classes["6В"].id) }),
    );
    expect(res.status).toBe(302);
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "event", entityId: String(id), action: "update" } });
    expect(log.oldValue).toEqual({ place: "" });
    expect(log.newValue).toEqual({ place: "Кабинет 12" });
    const told = await prisma.notification.findMany({ where: { userId: s.users.parentV.userId, dedupeKey: { startsWith: `event:${id}:` } } });
    expect(told.map((n) => n.title)).toEqual(expect.arrayContaining(["Новое событие: Классный час", "Событие изменено: Классный час"]));
  });
});

describe("recurring events", () => {
  it("weekly on Mondays from one row: every Monday shows, a cancelled Monday (EXDATE) does not", async () => {
    const created = await (
      await as(s.users.admin)
    ).form(
      "/events",
      form({
        title: "Разговоры о важном",
        audience: "GRADES",
        grades: "5",
        startDate: "2026-12-07",
        startTime: "08:00",
        endTime: "08:45",
        repeat: "on",
        weekdays: "MO",
        until: "2027-01-31",
      }),
    );
    expect(created.status).toBe(302);
    const id = Number(/\/events\/(\d+)/.exec(created.headers.location!)![1]);
    expect(await prisma.schoolEvent.count({ where: { schoolId: s.schoolId, title: "Разговоры о важном" } })).toBe(1);
    const row = await prisma.schoolEvent.findUniqueOrThrow({ where: { id } });
    expect(row.rrule).toBe("FREQ=WEEKLY;BYDAY=MO;UNTIL=20270131T235959Z");

    const teacher = await as(s.users.teacherRussian); // leads 5А, but the event is the administration's
    expect((await teacher.form(`/events/${id}/cancel`, { date: "2026-12-14" })).status).toBe(404);

    const admin = await as(s.users.admin);
    expect((await admin.form(`/events/${id}/cancel`, { date: "2026-12-15" })).status).toBe(422); // a Tuesday: no occurrence
    expect((await admin.form(`/events/${id}/cancel`, { date: "2026-12-14" })).status).toBe(302);
    expect((await prisma.schoolEvent.findUniqueOrThrow({ where: { id } })).exdates).toEqual([d("2026-12-14")]);

    const pupil = await as(s.users.studentA1);
    const page = (await pupil.get("/events?month=2026-12")).text;
    const list = page.slice(page.indexOf("Все события месяца"));
    const days = [...list.matchAll(/(\d+) декабря, 08:00–08:45<\/span> — <a href="\/events\/(\d+)">Разговоры о важном/g)].map((m) => Number(m[1]));
    expect(days).toEqual([7, 21, 28]);
    // A pupil of 6В (not grade 5) does not see it.
    expect((await (await as(s.users.studentV1)).get(`/events/${id}`)).status).toBe(404);
  });
});

describe("where people look", () => {
  it("the pupil's diary week and home page show the class's events, not another class's", async () => {
    await event("teacherRussian", { title: "Экскурсия 5А в музей", audience: "CLASSES", classes: ["5А"], date: "2026-12-11" });
    await event("teacherEnglish", { title: "Экскурсия 5Б в театр", audience: "CLASSES", classes: ["5Б"], date: "2026-12-11" });
    const pupil = await as(s.users.studentA2);
    const student = await prisma.student.findFirstOrThrow({ where: { personId: s.users.studentA2.personId } });
    const week = await pupil.get(`/diary/${student.id}/week?date=2026-12-09`);
    expect(week.status).toBe(200);
    expect(week.text).toContain("Экскурсия 5А в музей");
    expect(week.text).not.toContain("Экскурсия 5Б в театр");
    const home = await pupil.get("/");
    const block = home.text.slice(home.text.indexOf("Ближайшие события"));
    expect(block).toContain("Экскурсия 5А в музей");
    expect(block).not.toContain("Экскурсия 5Б в театр");
  });
});
