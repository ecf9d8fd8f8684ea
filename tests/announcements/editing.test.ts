/**
 * Editing, pinning and deleting announcements (issue 15, R-COM-1): the author edits and deletes the
 * own, the administrator any; everyone else (and every guessed id) gets a 404 with nothing changed;
 * edits, pins and deletions are in the audit log, old → new.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";
import { announce, boardSchool, boardState, type BoardSchool } from "./helpers.ts";

let s: BoardSchool;
let mine: number; // teacherMath's, to 5А
beforeEach(async () => {
  s = await boardSchool();
  mine = (await announce(s, "teacherMath", { title: "Контрольная", body: "В пятницу", audience: "FAMILIES", toParents: true, classes: ["5А"] })).id;
});

const auditOf = (id: number) => prisma.auditLog.findMany({ where: { entity: "announcement", entityId: String(id) }, orderBy: { id: "asc" } });

const edit = (over: Record<string, unknown> = {}) => ({
  title: "Контрольная перенесена",
  body: "В понедельник",
  audience: "FAMILIES",
  toParents: "on",
  toStudents: "on",
  classIds: String(s.classes["5А"].id),
  ...over,
});

describe("the author edits the own announcement", () => {
  it("the form shows the stored values; the edit is stored and audited with the changed fields, old → new", async () => {
    const agent = await as(s.users.teacherMath);
    const form = await agent.get(`/announcements/${mine}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Контрольная"');
    expect(form.text).toContain(">В пятницу</textarea>");
    expect(form.text).toMatch(new RegExp(`name="classIds" value="${s.classes["5А"].id}" checked`));
    expect(await htmlProblems(form.text)).toEqual([]);

    const res = await agent.form(`/announcements/${mine}`, edit());
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/announcements/${mine}`);
    const a = await prisma.announcement.findUniqueOrThrow({ where: { id: mine } });
    expect(a).toMatchObject({ title: "Контрольная перенесена", body: "В понедельник", toParents: true, toStudents: true, classIds: [s.classes["5А"].id] });
    const [entry, ...rest] = await auditOf(mine);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      schoolId: s.schoolId,
      actorId: s.users.teacherMath.userId,
      action: "update",
      oldValue: { title: "Контрольная", body: "В пятницу", toStudents: false },
      newValue: { title: "Контрольная перенесена", body: "В понедельник", toStudents: true },
    });

    const page = await agent.get(`/announcements/${mine}`);
    expect(page.text).toContain("Объявление сохранено");
    expect(await htmlProblems(page.text)).toEqual([]);
  });

  it("saving without a change writes no audit row", async () => {
    const agent = await as(s.users.teacherMath);
    const res = await agent.form(`/announcements/${mine}`, {
      title: "Контрольная",
      body: "В пятницу",
      audience: "FAMILIES",
      toParents: "on",
      classIds: String(s.classes["5А"].id),
    });
    expect(res.status).toBe(302);
    expect(await auditOf(mine)).toEqual([]);
  });

  it("a crafted edit to an audience the author may not address is refused, nothing changed", async () => {
    const agent = await as(s.users.teacherMath);
    const before = await boardState(s.schoolId);
    for (const over of [{ audience: "SCHOOL" }, { classIds: String(s.classes["6В"].id) }, { grades: "5" }, { pinned: "on" }])
      expect((await agent.form(`/announcements/${mine}`, edit(over))).status).toBe(403);
    expect(await boardState(s.schoolId)).toEqual(before);
  });

  it("bad input comes back with the message beside the field and the typed values", async () => {
    const agent = await as(s.users.teacherMath);
    const res = await agent.form(`/announcements/${mine}`, edit({ title: "", body: "Новый текст" }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-title-error">Заполните поле<');
    expect(res.text).toContain(">Новый текст</textarea>");
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: mine } })).title).toBe("Контрольная");
  });

  it("a past «показывать до» may be kept, but not set anew", async () => {
    await prisma.announcement.update({ where: { id: mine }, data: { showUntil: new Date("2026-12-01T00:00:00Z") } });
    const agent = await as(s.users.teacherMath);
    expect((await agent.form(`/announcements/${mine}`, edit({ showUntil: "2026-12-01" }))).status).toBe(302);
    const res = await agent.form(`/announcements/${mine}`, edit({ showUntil: "2026-12-02" }));
    expect(res.status).toBe(422);
    expect(res.text).toContain("Дата не может быть раньше сегодняшней");
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: mine } })).showUntil?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("the author's edit keeps the pin the administration set", async () => {
    await prisma.announcement.update({ where: { id: mine }, data: { pinned: true } });
    expect((await (await as(s.users.teacherMath)).form(`/announcements/${mine}`, edit())).status).toBe(302);
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: mine } })).pinned).toBe(true);
  });
});

describe("who else may change it", () => {
  it("the administrator edits and deletes anyone's, audited under the administrator's name", async () => {
    const admin = await as(s.users.admin);
    expect((await admin.get(`/announcements/${mine}/edit`)).status).toBe(200);
    expect((await admin.form(`/announcements/${mine}`, edit({ audience: "SCHOOL" }))).status).toBe(302);
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: mine } })).audience).toBe("SCHOOL");
    const del = await admin.form(`/announcements/${mine}/delete`, {});
    expect(del.status).toBe(302);
    expect(await prisma.announcement.findUnique({ where: { id: mine } })).toBeNull();
    const log = await auditOf(mine);
    expect(log.map((e) => [e.action, e.actorId])).toEqual([
      ["update", s.users.admin.userId],
      ["delete", s.users.admin.userId],
    ]);
    expect(log[0]!.oldValue).toMatchObject({ audience: "FAMILIES", classIds: [s.classes["5А"].id] });
    expect(log[1]).toMatchObject({ oldValue: { title: "Контрольная перенесена", audience: "SCHOOL", authorId: s.users.teacherMath.userId }, newValue: null });
  });

  it.each(["deputy", "teacherRussian", "teacherEnglish", "secretary", "parentBorisova", "studentA1"] as const)(
    "%s: edit form, edit, delete and pin of another's announcement are 404, nothing changed",
    async (user) => {
      const agent = await as(s.users[user]);
      const before = await boardState(s.schoolId);
      expect((await agent.get(`/announcements/${mine}/edit`)).status).toBe(404);
      expect((await agent.form(`/announcements/${mine}`, edit())).status).toBe(404);
      expect((await agent.form(`/announcements/${mine}/delete`, {})).status).toBe(404);
      expect((await agent.form(`/announcements/${mine}/pin`, { pinned: "1" })).status).toBe(404);
      expect(await boardState(s.schoolId)).toEqual(before);
    },
  );

  it("the page offers changes only to those who may make them", async () => {
    const author = await (await as(s.users.teacherMath)).get(`/announcements/${mine}`);
    expect(author.text).toContain(`href="/announcements/${mine}/edit"`);
    expect(author.text).toContain(`action="/announcements/${mine}/delete"`);
    expect(author.text).not.toContain(`action="/announcements/${mine}/pin"`);
    const parent = await (await as(s.users.parentBorisova)).get(`/announcements/${mine}`);
    expect(parent.status).toBe(200);
    expect(parent.text).not.toContain(`/announcements/${mine}/edit`);
    expect(parent.text).not.toContain(`/announcements/${mine}/delete`);
    const admin = await (await as(s.users.admin)).get(`/announcements/${mine}`);
    expect(admin.text).toContain(`action="/announcements/${mine}/pin"`);
  });

  it("a deputy edits, pins and deletes the own", async () => {
    const own = (await announce(s, "deputy", { title: "Педсовет", audience: "STAFF" })).id;
    const agent = await as(s.users.deputy);
    expect((await agent.form(`/announcements/${own}/pin`, { pinned: "1" })).status).toBe(302);
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: own } })).pinned).toBe(true);
    expect((await agent.form(`/announcements/${own}`, { title: "Педсовет в 15:00", audience: "STAFF", pinned: "on" })).status).toBe(302);
    expect((await agent.form(`/announcements/${own}/delete`, {})).status).toBe(302);
    expect((await auditOf(own)).map((e) => e.action)).toEqual(["update", "update", "delete"]);
    expect((await auditOf(own))[0]).toMatchObject({ oldValue: { pinned: false }, newValue: { pinned: true } });
  });
});

describe("pinning", () => {
  it("the administrator pins and unpins; audited", async () => {
    const admin = await as(s.users.admin);
    expect((await admin.form(`/announcements/${mine}/pin`, { pinned: "1" })).status).toBe(302);
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: mine } })).pinned).toBe(true);
    expect((await admin.form(`/announcements/${mine}/pin`, { pinned: "0" })).status).toBe(302);
    expect((await prisma.announcement.findUniqueOrThrow({ where: { id: mine } })).pinned).toBe(false);
    expect((await auditOf(mine)).map((e) => [e.oldValue, e.newValue])).toEqual([
      [{ pinned: false }, { pinned: true }],
      [{ pinned: true }, { pinned: false }],
    ]);
  });

  it("the author who is not administration cannot pin the own (404), nothing changed", async () => {
    const before = await boardState(s.schoolId);
    expect((await (await as(s.users.teacherMath)).form(`/announcements/${mine}/pin`, { pinned: "1" })).status).toBe(404);
    expect(await boardState(s.schoolId)).toEqual(before);
  });
});

describe("guessed ids", () => {
  it.each(["99999999", "0", "x"])("id %s: view, edit, delete, pin are 404", async (id) => {
    const admin = await as(s.users.admin);
    expect((await admin.get(`/announcements/${id}`)).status).toBe(404);
    expect((await admin.get(`/announcements/${id}/edit`)).status).toBe(404);
    expect((await admin.form(`/announcements/${id}`, edit())).status).toBe(404);
    expect((await admin.form(`/announcements/${id}/delete`, {})).status).toBe(404);
    expect((await admin.form(`/announcements/${id}/pin`, { pinned: "1" })).status).toBe(404);
  });

  it("another school's administrator gets 404 for everything, nothing changed", async () => {
    const other = await boardSchool();
    const agent = await as(other.users.admin);
    const before = await boardState(s.schoolId);
    expect((await agent.get(`/announcements/${mine}`)).status).toBe(404);
    expect((await agent.get(`/announcements/${mine}/edit`)).status).toBe(404);
    expect((await agent.form(`/announcements/${mine}`, edit({ audience: "SCHOOL" }))).status).toBe(404);
    expect((await agent.form(`/announcements/${mine}/delete`, {})).status).toBe(404);
    expect((await agent.form(`/announcements/${mine}/pin`, { pinned: "1" })).status).toBe(404);
    expect(await boardState(s.schoolId)).toEqual(before);
  });
});
