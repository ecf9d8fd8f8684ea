import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { DENIED_ROLES, FAMILY_ROLES, c, snapshot } from "./helpers.ts";

describe("rooms (R-SCH-1)", () => {
  // Read-only and refused requests change nothing (the refusals check it): they share one school with
  // room 214; a test that changes the school builds its own.
  let s: TestSchool;
  let room: { id: number };
  beforeAll(async () => {
    s = await buildSchool();
    room = await prisma.room.create({ data: { schoolId: s.schoolId, name: "214" } });
  });

  it("the deputy adds, edits, archives and restores a room", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.deputy);
    let res = await agent.form("/setup/rooms", { name: "214", floor: "2", capacity: "30", note: "Кабинет математики" });
    expect(res.status).toBe(302);
    const room = await prisma.room.findFirstOrThrow({ where: { schoolId: s.schoolId, name: "214" } });
    expect(room).toMatchObject({ floor: 2, capacity: 30, note: "Кабинет математики", archived: false });

    res = await agent.form(`/setup/rooms/${room.id}`, { name: "215", floor: "", capacity: "", note: "" });
    expect(res.status).toBe(302);
    expect(await prisma.room.findUniqueOrThrow({ where: { id: room.id } })).toMatchObject({ name: "215", floor: null, capacity: null, note: null });

    await agent.form(`/setup/rooms/${room.id}/archive`, {});
    expect((await prisma.room.findUniqueOrThrow({ where: { id: room.id } })).archived).toBe(true);
    await agent.form(`/setup/rooms/${room.id}/unarchive`, {});
    expect((await prisma.room.findUniqueOrThrow({ where: { id: room.id } })).archived).toBe(false);

    const list = await agent.get("/setup/rooms");
    expect(list.status).toBe(200);
    expect(list.text).toContain("215");
  });

  it.each([
    [{ name: "" }, "name", "Заполните поле"],
    [{ name: "   " }, "name", "Заполните поле"],
    [{ name: "101", floor: "второй" }, "floor", "Укажите число"],
    [{ name: "101", capacity: "0" }, "capacity", "Не меньше 1"],
    [{ name: "101", floor: "1.5" }, "floor", "Укажите целое число"],
  ])("refuses bad input %j with 422 and the typed values", async (form, _field, message) => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    const res = await agent.form("/setup/rooms", form);
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(await prisma.room.count({ where: { schoolId: s.schoolId } })).toBe(0);
  });

  it("refuses a duplicate name (case-insensitive) on create and on edit", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    await agent.form("/setup/rooms", { name: "Спортзал" });
    let res = await agent.form("/setup/rooms", { name: "спортзал" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Кабинет с таким названием уже есть");
    expect(res.text).toContain('value="спортзал"');
    await agent.form("/setup/rooms", { name: "Актовый зал" });
    const hall = await prisma.room.findFirstOrThrow({ where: { schoolId: s.schoolId, name: "Актовый зал" } });
    res = await agent.form(`/setup/rooms/${hall.id}`, { name: "Спортзал" });
    expect(res.status).toBe(422);
    expect(await prisma.room.count({ where: { schoolId: s.schoolId, name: "Спортзал" } })).toBe(1);
  });

  it("the same room name is allowed in another school", async () => {
    const s1 = await buildSchool();
    const s2 = await buildSchool();
    await prisma.room.create({ data: { schoolId: s2.schoolId, name: "101" } });
    const res = await (await as(s1.users.admin)).form("/setup/rooms", { name: "101" });
    expect(res.status).toBe(302);
  });

  it("deletes an unused room but refuses to delete a room in use (only archive)", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    const free = await prisma.room.create({ data: { schoolId: s.schoolId, name: "301" } });
    const used = await prisma.room.create({ data: { schoolId: s.schoolId, name: "302" } });
    await prisma.schoolClass.update({ where: { id: c(s, "5А").id }, data: { homeRoomId: used.id } });
    expect((await agent.form(`/setup/rooms/${free.id}/delete`, {})).status).toBe(302);
    expect(await prisma.room.findUnique({ where: { id: free.id } })).toBeNull();
    const res = await agent.form(`/setup/rooms/${used.id}/delete`, {});
    expect(res.status).toBe(409);
    expect(res.text).toContain("Перенесите его в архив");
    expect(await prisma.room.findUnique({ where: { id: used.id } })).not.toBeNull();
  });

  it("paginates 25 per page and searches with ?q=", async () => {
    const s = await buildSchool();
    await prisma.room.createMany({ data: Array.from({ length: 30 }, (_, i) => ({ schoolId: s.schoolId, name: `Каб-${i + 1}` })) });
    await prisma.room.create({ data: { schoolId: s.schoolId, name: "Спортзал" } });
    const agent = await as(s.users.admin);
    const p1 = await agent.get("/setup/rooms");
    expect((p1.text.match(/\/setup\/rooms\/\d+\/edit/g) ?? []).length).toBe(25);
    expect(p1.text).toContain("Страница 1 из 2");
    const p2 = await agent.get("/setup/rooms?page=2");
    expect((p2.text.match(/\/setup\/rooms\/\d+\/edit/g) ?? []).length).toBe(6);
    const found = await agent.get("/setup/rooms?q=спорт");
    expect((found.text.match(/\/setup\/rooms\/\d+\/edit/g) ?? []).length).toBe(1);
    expect(found.text).toContain("Спортзал");
  });

  it("teachers and technical staff see the list read-only, without edit buttons", async () => {
    for (const u of [s.users.teacherMath, s.users.tech]) {
      const res = await (await as(u)).get("/setup/rooms");
      expect(res.status).toBe(200);
      expect(res.text).toContain("214");
      expect(res.text).not.toContain("/edit");
      expect(res.text).not.toContain("Добавить кабинет");
    }
  });

  it.each(FAMILY_ROLES)("%s may not see the rooms (403)", async (who) => {
    const res = await (await as(s.users[who])).get("/setup/rooms");
    expect(res.status).toBe(403);
  });

  it.each(DENIED_ROLES)("%s may not create, change, archive or delete a room; nothing changes", async (who) => {
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users[who]);
    expect((await agent.form("/setup/rooms", { name: "999" })).status).toBe(403);
    expect((await agent.form(`/setup/rooms/${room.id}`, { name: "998" })).status).toBe(403);
    expect((await agent.form(`/setup/rooms/${room.id}/archive`, {})).status).toBe(403);
    expect((await agent.form(`/setup/rooms/${room.id}/delete`, {})).status).toBe(403);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("a room of another school answers 404 and stays unchanged", async () => {
    const s1 = await buildSchool();
    const s2 = await buildSchool();
    const foreign = await prisma.room.create({ data: { schoolId: s2.schoolId, name: "Чужой" } });
    const agent = await as(s1.users.admin);
    expect((await agent.get(`/setup/rooms/${foreign.id}/edit`)).status).toBe(404);
    expect((await agent.form(`/setup/rooms/${foreign.id}`, { name: "Мой" })).status).toBe(404);
    expect((await agent.form(`/setup/rooms/${foreign.id}/archive`, {})).status).toBe(404);
    expect((await agent.form(`/setup/rooms/${foreign.id}/delete`, {})).status).toBe(404);
    expect(await prisma.room.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ name: "Чужой", archived: false });
  });

  it("a non-numeric id answers 404", async () => {
    expect((await (await as(s.users.admin)).get("/setup/rooms/abc/edit")).status).toBe(404);
  });
});
