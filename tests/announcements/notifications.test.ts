/**
 * A new announcement notifies exactly its readers (issue 15 «Notifications»: new announcements for
 * them): not its author, not those outside the audience; edits notify nobody again.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { boardSchool, postAnnouncement, type BoardSchool, type UserKey } from "./helpers.ts";

let s: BoardSchool;
beforeAll(async () => {
  s = await boardSchool();
});

async function post(author: UserKey, fields: Record<string, unknown>) {
  const res = await postAnnouncement(await as(s.users[author]), fields);
  expect(res.status, res.text.slice(0, 300)).toBe(302);
  return Number(/(\d+)$/.exec(res.headers.location!)![1]);
}

/** The users notified of announcement `id`, by their fixture names. */
async function notified(id: number): Promise<string[]> {
  const rows = await prisma.notification.findMany({ where: { dedupeKey: `announcement:${id}` } });
  const byId = new Map(Object.entries(s.users).map(([k, u]) => [u.userId, k]));
  for (const r of rows) expect(r).toMatchObject({ schoolId: s.schoolId, kind: "ANNOUNCEMENT", link: `/announcements/${id}`, inApp: true, readAt: null });
  return rows.map((r) => byId.get(r.userId) ?? `?${r.userId}`).sort();
}

const STAFF = ["admin", "deputy", "teacherMath", "teacherRussian", "teacherEnglish", "teacherHistory", "secretary", "hr", "medic", "psychologist", "tech"];
const FAMILIES = ["parentAlekseev", "parentBorisova", "parentV", "studentA1", "studentA2", "studentB1", "studentV1"];

describe("who is told of a new announcement", () => {
  it("families of 5А: the parents and students of 5А, not the author, not other classes, not staff", async () => {
    const id = await post("teacherMath", {
      title: "Экскурсия",
      body: "Сбор в **8:00**",
      audience: "FAMILIES",
      toParents: "on",
      toStudents: "on",
      classIds: String(s.classes["5А"].id),
    });
    expect(await notified(id)).toEqual(["parentAlekseev", "parentBorisova", "studentA1", "studentA2"]);
    const one = await prisma.notification.findFirstOrThrow({ where: { dedupeKey: `announcement:${id}` } });
    // The notification is plain text: the formatting subset's stars are gone.
    expect(one).toMatchObject({ title: "Объявление: Экскурсия", body: "Сбор в 8:00" });
  });

  it("parents only of grade 5: the parents of 5А and 5Б", async () => {
    const id = await post("deputy", { title: "Собрание параллели", audience: "FAMILIES", toParents: "on", grades: "5" });
    expect(await notified(id)).toEqual(["parentAlekseev", "parentBorisova"]);
  });

  it("staff only: every staff member but the author", async () => {
    const id = await post("secretary", { title: "Педсовет", audience: "STAFF" });
    expect(await notified(id)).toEqual(STAFF.filter((k) => k !== "secretary").sort());
  });

  it("the whole school: everyone but the author; a blocked account is skipped", async () => {
    await prisma.user.update({ where: { id: s.users.tech.userId }, data: { blocked: true } });
    try {
      const id = await post("admin", { title: "Каникулы", audience: "SCHOOL" });
      expect(await notified(id)).toEqual([...STAFF, ...FAMILIES].filter((k) => k !== "admin" && k !== "tech").sort());
    } finally {
      await prisma.user.update({ where: { id: s.users.tech.userId }, data: { blocked: false } });
    }
  });

  it("an edit tells nobody again; a refused post tells nobody", async () => {
    const id = await post("teacherHistory", { title: "6В: форма", audience: "FAMILIES", toStudents: "on", classIds: String(s.classes["6В"].id) });
    expect(await notified(id)).toEqual(["studentV1"]);
    const agent = await as(s.users.teacherHistory);
    await agent.form(`/announcements/${id}`, {
      title: "6В: форма (уточнение)",
      audience: "FAMILIES",
      toStudents: "on",
      toParents: "on",
      classIds: String(s.classes["6В"].id),
    });
    expect(await notified(id)).toEqual(["studentV1"]);
    const before = await prisma.notification.count({ where: { schoolId: s.schoolId } });
    expect((await postAnnouncement(agent, { title: "Чужим", audience: "FAMILIES", toParents: "on", classIds: String(s.classes["5А"].id) })).status).toBe(403);
    expect(await prisma.notification.count({ where: { schoolId: s.schoolId } })).toBe(before);
  });
});
