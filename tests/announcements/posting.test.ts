/**
 * Posting announcements (issue 15, R-COM-1): every role × audience, allowed and refused, with the
 * database re-read after a refusal; the form offers only what the actor may address; Russian
 * messages beside the fields with the typed values kept.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";
import { boardSchool, boardState, postAnnouncement, type BoardSchool, type UserKey } from "./helpers.ts";

let s: BoardSchool;
beforeAll(async () => {
  s = await boardSchool();
});

type Target = "SCHOOL" | "STAFF" | "5А" | "5Б" | "6В" | "grade 5" | "pinned";

function fields(target: Target): Record<string, unknown> {
  const title = `Проверка: ${target}`;
  switch (target) {
    case "SCHOOL":
    case "STAFF":
      return { title, body: "Текст", audience: target };
    case "grade 5":
      return { title, audience: "FAMILIES", toParents: "on", grades: "5" };
    case "pinned":
      return { title, audience: "STAFF", pinned: "on" };
    default:
      return { title, audience: "FAMILIES", toParents: "on", toStudents: "on", classIds: String(s.classes[target].id) };
  }
}

const TARGETS: Target[] = ["SCHOOL", "STAFF", "5А", "5Б", "6В", "grade 5", "pinned"];

/** Who may post where: administration anywhere; a teacher to the taught classes; a class teacher to the own class; other staff to staff. */
const ALLOWED: Record<UserKey, Target[]> = {
  admin: TARGETS,
  deputy: TARGETS,
  teacherMath: ["5А", "5Б"],
  teacherRussian: ["5А", "5Б"],
  teacherEnglish: ["5А", "5Б"], // teaches 5А, leads 5Б
  teacherHistory: ["6В"], // leads 6В, teaches nothing
  secretary: ["STAFF"],
  hr: ["STAFF"],
  medic: ["STAFF"],
  psychologist: ["STAFF"],
  tech: ["STAFF"],
  parentAlekseev: [],
  parentBorisova: [],
  parentV: [],
  studentA1: [],
  studentA2: [],
  studentB1: [],
  studentV1: [],
};

const cases = (Object.keys(ALLOWED) as UserKey[]).flatMap((user) => TARGETS.map((target) => [user, target, ALLOWED[user].includes(target)] as const));

describe("every role × audience", () => {
  it.each(cases)("%s posting to %s: allowed = %s", async (user, target, allowed) => {
    const agent = await as(s.users[user]);
    const before = await boardState(s.schoolId);
    const res = await postAnnouncement(agent, fields(target));
    if (allowed) {
      expect(res.status, res.text.slice(0, 400)).toBe(302);
      const id = Number(/^\/announcements\/(\d+)$/.exec(res.headers.location ?? "")?.[1]);
      const a = await prisma.announcement.findUniqueOrThrow({ where: { id } });
      expect(a).toMatchObject({ schoolId: s.schoolId, authorId: s.users[user].userId, title: `Проверка: ${target}` });
      if (target === "pinned") expect(a.pinned).toBe(true);
      if (target === "grade 5") expect(a).toMatchObject({ audience: "FAMILIES", grades: [5], classIds: [], toParents: true, toStudents: false });
      if (["5А", "5Б", "6В"].includes(target))
        expect(a).toMatchObject({ audience: "FAMILIES", classIds: [s.classes[target as "5А"].id], toParents: true, toStudents: true });
      // The author has read the own announcement.
      expect(await prisma.announcementRead.count({ where: { announcementId: id, userId: s.users[user].userId } })).toBe(1);
      await prisma.announcement.delete({ where: { id } });
    } else {
      expect(res.status).toBe(403);
      expect(res.text).toMatch(/Доступ запрещён|Вы не можете публиковать|Закреплять объявления может только администрация|Недостаточно прав/);
      expect(await boardState(s.schoolId)).toEqual(before);
    }
  });

  it("a class of another school is refused, nothing stored", async () => {
    const other = await boardSchool();
    const agent = await as(s.users.admin);
    const before = await boardState(s.schoolId);
    const res = await postAnnouncement(agent, { title: "Чужой класс", audience: "FAMILIES", toParents: "on", classIds: String(other.classes["5А"].id) });
    expect(res.status).toBe(403);
    expect(await boardState(s.schoolId)).toEqual(before);
    expect(await prisma.announcement.count({ where: { title: "Чужой класс" } })).toBe(0);
  });

  it("a teacher's crafted post mixing an own class with a foreign one stores nothing", async () => {
    const agent = await as(s.users.teacherMath);
    const before = await boardState(s.schoolId);
    const res = await postAnnouncement(agent, {
      title: "Смесь",
      audience: "FAMILIES",
      toParents: "on",
      classIds: [String(s.classes["5А"].id), String(s.classes["6В"].id)],
    });
    expect(res.status).toBe(403);
    expect(await boardState(s.schoolId)).toEqual(before);
  });
});

describe("the form offers only what the actor may address", () => {
  const classBoxes = (html: string) => [...html.matchAll(/name="classIds" value="(\d+)"/g)].map((m) => Number(m[1]));
  const audiences = (html: string) => [...html.matchAll(/name="audience" value="(\w+)"/g)].map((m) => m[1]);

  it("administration: every audience, every class and the grades", async () => {
    const res = await (await as(s.users.deputy)).get("/announcements/new");
    expect(res.status).toBe(200);
    expect(audiences(res.text)).toEqual(["SCHOOL", "STAFF", "FAMILIES"]);
    expect(classBoxes(res.text).sort()).toEqual([s.classes["5А"].id, s.classes["5Б"].id, s.classes["6В"].id].sort());
    expect(res.text).toContain('name="grades" value="5"');
    expect(res.text).toContain('name="grades" value="6"');
    expect(res.text).toContain('name="pinned"');
    expect(await htmlProblems(res.text)).toEqual([]);
  });

  it("a teacher: families of the taught classes only, no grades, no pinning", async () => {
    const res = await (await as(s.users.teacherMath)).get("/announcements/new");
    expect(audiences(res.text)).toEqual(["FAMILIES"]);
    expect(classBoxes(res.text).sort()).toEqual([s.classes["5А"].id, s.classes["5Б"].id].sort());
    expect(res.text).not.toContain('name="grades"');
    expect(res.text).not.toContain('name="pinned"');
  });

  it("a class teacher without a load: the own class", async () => {
    const res = await (await as(s.users.teacherHistory)).get("/announcements/new");
    expect(audiences(res.text)).toEqual(["FAMILIES"]);
    expect(classBoxes(res.text)).toEqual([s.classes["6В"].id]);
  });

  it("other staff: staff only", async () => {
    const res = await (await as(s.users.medic)).get("/announcements/new");
    expect(audiences(res.text)).toEqual(["STAFF"]);
    expect(classBoxes(res.text)).toEqual([]);
  });

  it.each(["parentAlekseev", "studentA1"] as const)("%s: the form is 403 and there is no «Новое объявление»", async (user) => {
    const agent = await as(s.users[user]);
    expect((await agent.get("/announcements/new")).status).toBe(403);
    const board = await agent.get("/announcements");
    expect(board.status).toBe(200);
    expect(board.text).not.toContain("/announcements/new");
  });
});

describe("bad input: Russian messages beside the fields, typed values kept, nothing stored", () => {
  const errorOf = (html: string, id: string) => new RegExp(`id="${id}-error">([^<]*)<`).exec(html)?.[1];

  it.each([
    ["an empty title", { title: "  ", body: "Текст", audience: "STAFF" }, "f-title", "Заполните поле"],
    ["a title over 200 characters", { title: "Я".repeat(201), audience: "STAFF" }, "f-title", "Не длиннее 200 символов"],
    ["a text over 10 000 characters", { title: "Длинный", body: "я".repeat(10_001), audience: "STAFF" }, "f-body", "Не длиннее 10\u00a0000 символов"],
    ["no audience", { title: "Кому?" }, "f-audience", "Выберите, кому адресовано объявление"],
    ["an unknown audience", { title: "Кому?", audience: "EVERYONE" }, "f-audience", "Выберите, кому адресовано объявление"],
    ["a date in the past", { title: "Вчера", audience: "STAFF", showUntil: "2026-12-08" }, "f-showUntil", "Дата не может быть раньше сегодняшней"],
    ["a date that is not a date", { title: "Дата", audience: "STAFF", showUntil: "31.02.2026" }, "f-showUntil", "Дата в формате ДД.ММ.ГГГГ"],
  ])("%s", async (_name, form, id, message) => {
    const agent = await as(s.users.admin);
    const before = await boardState(s.schoolId);
    const res = await postAnnouncement(agent, form);
    expect(res.status).toBe(422);
    expect(errorOf(res.text, id)).toBe(message);
    expect(res.text).toContain("Проверьте выделенные поля");
    if (form.title.trim() && form.title.length <= 200) expect(res.text).toContain(`value="${form.title}"`);
    expect(await boardState(s.schoolId)).toEqual(before);
  });

  it("families without readers or classes: both messages, the choices kept", async () => {
    const agent = await as(s.users.admin);
    const res = await postAnnouncement(agent, { title: "Семьям", body: "Собрание", audience: "FAMILIES", grades: "6" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Отметьте родителей, учеников или тех и других");
    expect(res.text).toMatch(/name="grades" value="6" checked/);
    expect(res.text).toMatch(/name="audience" value="FAMILIES" checked/);
    expect(res.text).toContain(">Собрание</textarea>");

    expect(await htmlProblems(res.text)).toEqual([]);

    const none = await postAnnouncement(agent, { title: "Семьям", audience: "FAMILIES", toStudents: "on" });
    expect(none.status).toBe(422);
    expect(none.text).toContain("Выберите хотя бы один класс или параллель");
    expect(none.text).toMatch(/name="toStudents" checked/);
  });

  it("today is a valid «показывать до»; the date is stored", async () => {
    const agent = await as(s.users.secretary);
    const res = await postAnnouncement(agent, { title: "До сегодня", audience: "STAFF", showUntil: "09.12.2026" });
    expect(res.status).toBe(302);
    const a = await prisma.announcement.findFirstOrThrow({ where: { schoolId: s.schoolId, title: "До сегодня" } });
    expect(a.showUntil?.toISOString()).toBe("2026-12-09T00:00:00.000Z");
  });
});
