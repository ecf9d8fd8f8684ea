import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { buildSchool } from "../support/fixtures.ts";
import { actorOf, addEntry, d, timetableSchool, timetableSnapshot } from "./helpers.ts";
import { updateEntry } from "../../src/modules/schedule/timetable.service.ts";

describe("weekly timetable entries (R-SCH-1..2)", () => {
  it("the deputy adds an entry from the class's teaching load; lessons are generated for it", async () => {
    const s = await timetableSchool();
    const agent = await as(s.users.deputy);
    const a = s.classes["5А"]!.id;
    const res = await agent.form(`/schedule/classes/${a}/entries`, {
      loadId: s.loads.mathA.id,
      roomId: s.rooms.r201.id,
      weekday: "1",
      number: "2",
      validFrom: "2026-09-01",
    });
    expect(res.status).toBe(302);
    const e = await prisma.timetableEntry.findFirstOrThrow({ where: { classId: a } });
    expect(e).toMatchObject({
      subjectId: s.subjects.math.id,
      teacherId: s.users.teacherMath.personId,
      roomId: s.rooms.r201.id,
      weekday: 1,
      number: 2,
      validTo: null,
    });
    expect(await prisma.lesson.count({ where: { timetableEntryId: e.id } })).toBeGreaterThan(20);
    const page = await agent.get(`/schedule/classes/${a}?date=2026-09-07`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Математика");
  });

  it("refuses the same teacher twice at the same time, naming the clash", async () => {
    const s = await timetableSchool();
    await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.mathA.id, weekday: 1, number: 1 });
    const agent = await as(s.users.deputy);
    const before = await timetableSnapshot(s.schoolId);
    const res = await agent.form(`/schedule/classes/${s.classes["5Б"]!.id}/entries`, {
      loadId: s.loads.mathB.id,
      weekday: "1",
      number: "1",
      validFrom: "2026-10-01",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Учитель Математиков П. И. в понедельник, 1-й урок уже ведёт урок: 5А, Математика");
    expect(await timetableSnapshot(s.schoolId)).toEqual(before);
  });

  it("refuses the same room twice at the same time", async () => {
    const s = await timetableSchool();
    await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.mathA.id, roomId: s.rooms.r201.id, weekday: 2, number: 3 });
    const agent = await as(s.users.admin);
    const res = await agent.form(`/schedule/classes/${s.classes["5Б"]!.id}/entries`, {
      loadId: s.loads.russianB.id,
      roomId: s.rooms.r201.id,
      weekday: "2",
      number: "3",
      validFrom: "2026-09-01",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Кабинет 201 во вторник, 3-й урок уже занят: 5А, Математика");
  });

  it("refuses a whole-class lesson over a subgroup lesson of the same class", async () => {
    const s = await timetableSchool();
    await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.englishG1.id, roomId: s.rooms.r201.id, weekday: 3, number: 1 });
    const agent = await as(s.users.deputy);
    const res = await agent.form(`/schedule/classes/${s.classes["5А"]!.id}/entries`, {
      loadId: s.loads.mathA.id,
      roomId: s.rooms.r202.id,
      weekday: "3",
      number: "1",
      validFrom: "2026-09-01",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("У класса 5А (1 группа) в среду, 1-й урок уже есть урок: Английский язык");
  });

  it("allows two subgroups of one class at the same time in different rooms (R-JRN-6)", async () => {
    const s = await timetableSchool();
    const a = s.classes["5А"]!.id;
    await addEntry(s, a, { loadId: s.loads.englishG1.id, roomId: s.rooms.r201.id, weekday: 4, number: 2 });
    const agent = await as(s.users.deputy);
    const res = await agent.form(`/schedule/classes/${a}/entries`, {
      loadId: s.loads.englishG2.id,
      roomId: s.rooms.r202.id,
      weekday: "4",
      number: "2",
      validFrom: "2026-09-01",
    });
    expect(res.status).toBe(302);
    expect(await prisma.timetableEntry.count({ where: { classId: a, weekday: 4, number: 2 } })).toBe(2);
  });

  it("an entry that ends before another starts does not clash", async () => {
    const s = await timetableSchool();
    const id = await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.mathA.id, weekday: 5, number: 1 });
    const deputy = await actorOf(s.users.deputy);
    // Move 5А's maths to Tuesday from 01.12; 5Б may then take Friday 1 from 01.12.
    await updateEntry(deputy, id, { loadId: s.loads.mathA.id, roomId: null, weekday: 2, number: 1, validFrom: d("2026-12-01") });
    await expect(addEntry(s, s.classes["5Б"]!.id, { loadId: s.loads.mathB.id, weekday: 5, number: 1, validFrom: "2026-12-01" })).resolves.toBeGreaterThan(0);
    await expect(addEntry(s, s.classes["5Б"]!.id, { loadId: s.loads.mathB.id, weekday: 5, number: 2, validFrom: "2026-09-01" })).resolves.toBeGreaterThan(0);
  });

  it("a change closes the old entry the day before and opens a new one, so history is kept", async () => {
    const s = await timetableSchool();
    const a = s.classes["5А"]!.id;
    const id = await addEntry(s, a, { loadId: s.loads.mathA.id, roomId: s.rooms.r201.id, weekday: 1, number: 1 });
    const agent = await as(s.users.deputy);
    const res = await agent.form(`/schedule/entries/${id}`, {
      loadId: s.loads.mathA.id,
      roomId: s.rooms.r202.id,
      weekday: "1",
      number: "1",
      validFrom: "2026-11-16",
    });
    expect(res.status).toBe(302);
    const rows = await prisma.timetableEntry.findMany({ where: { classId: a }, orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ roomId: s.rooms.r201.id, validFrom: d("2026-09-01"), validTo: d("2026-11-15") });
    expect(rows[1]).toMatchObject({ roomId: s.rooms.r202.id, validFrom: d("2026-11-16"), validTo: null });
    const old = await agent.get(`/schedule/classes/${a}?date=2026-10-05`);
    expect(old.text).toContain("каб. 201");
    // Both edits are in the audit log, the update with the old and the new version.
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "timetable-entry", action: "update" } });
    expect(log.actorId).toBe(s.users.deputy.userId);
    expect(log.oldValue).toMatchObject({ roomId: s.rooms.r201.id, validFrom: "2026-09-01" });
    expect(log.newValue).toMatchObject({ roomId: s.rooms.r202.id, validFrom: "2026-11-16" });
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "timetable-entry", action: "create" } })).toBe(1);
  });

  it.each([
    [{ weekday: "7" }, "День недели — от понедельника до субботы"],
    [{ weekday: "0" }, "День недели — от понедельника до субботы"],
    [{ number: "9" }, "Номер урока — от 1 до 8"],
    [{ number: "abc" }, "Номер урока — от 1 до 8"],
    [{ validFrom: "31.02.2026" }, "Дата в формате ДД.ММ.ГГГГ"],
    [{ validFrom: "2030-01-01" }, "Дата должна быть в пределах учебного года"],
    [{ loadId: "999999" }, "Выберите предмет и учителя из нагрузки класса"],
    [{ loadId: "" }, "Выберите предмет и учителя"],
    [{ roomId: "999999" }, "Выберите кабинет из списка"],
  ])("refuses bad input %j with 422 and changes nothing", async (bad, message) => {
    const s = await timetableSchool();
    const agent = await as(s.users.deputy);
    const before = await timetableSnapshot(s.schoolId);
    const res = await agent.form(`/schedule/classes/${s.classes["5А"]!.id}/entries`, {
      loadId: String(s.loads.mathA.id),
      roomId: "",
      weekday: "1",
      number: "1",
      validFrom: "2026-09-01",
      ...bad,
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(await timetableSnapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a load row of another class", async () => {
    const s = await timetableSchool();
    const agent = await as(s.users.deputy);
    const res = await agent.form(`/schedule/classes/${s.classes["5А"]!.id}/entries`, {
      loadId: s.loads.mathB.id,
      weekday: "1",
      number: "1",
      validFrom: "2026-09-01",
    });
    expect(res.status).toBe(422);
  });

  it.each(["teacherMath", "teacherRussian", "secretary", "parentAlekseev", "studentA1"] as const)(
    "%s cannot add, change or remove entries (403, nothing changes)",
    async (who) => {
      const s = await timetableSchool();
      const id = await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.mathA.id, weekday: 1, number: 1 });
      const before = await timetableSnapshot(s.schoolId);
      const agent = await as(s.users[who]);
      expect(
        (
          await agent.form(`/schedule/classes/${s.classes["5А"]!.id}/entries`, {
            loadId: s.loads.russianA.id,
            weekday: "2",
            number: "1",
            validFrom: "2026-09-01",
          })
        ).status,
      ).toBe(403);
      expect((await agent.form(`/schedule/entries/${id}`, { loadId: s.loads.mathA.id, weekday: "3", number: "1", validFrom: "2026-09-01" })).status).toBe(403);
      expect((await agent.form(`/schedule/entries/${id}/delete`, { fromDate: "2026-09-01" })).status).toBe(403);
      expect((await agent.get(`/schedule/classes/${s.classes["5А"]!.id}/entries/new`)).status).toBe(403);
      expect(await timetableSnapshot(s.schoolId)).toEqual(before);
    },
  );

  it("everyone signed in views a class's timetable (R-SCH-1)", async () => {
    const s = await timetableSchool();
    await addEntry(s, s.classes["5Б"]!.id, { loadId: s.loads.mathB.id, weekday: 1, number: 1 });
    for (const who of ["parentBorisova", "studentA1", "tech", "teacherEnglish"] as const) {
      const res = await (await as(s.users[who])).get(`/schedule/classes/${s.classes["5Б"]!.id}?date=2026-09-07`);
      expect(res.status).toBe(200);
      expect(res.text).toContain("Математика");
      expect(res.text).not.toContain("/entries/new");
    }
  });

  it("another school's class, entry, teacher and room answer 404", async () => {
    const s = await timetableSchool();
    const other = await timetableSchool();
    const id = await addEntry(other, other.classes["5А"]!.id, { loadId: other.loads.mathA.id, roomId: other.rooms.r201.id, weekday: 1, number: 1 });
    const agent = await as(s.users.deputy);
    const before = await timetableSnapshot(other.schoolId);
    expect((await agent.get(`/schedule/classes/${other.classes["5А"]!.id}`)).status).toBe(404);
    expect((await agent.get(`/schedule/classes/${other.classes["5А"]!.id}/pdf`)).status).toBe(404);
    expect((await agent.get(`/schedule/teachers/${other.users.teacherMath.personId}`)).status).toBe(404);
    expect((await agent.get(`/schedule/rooms/${other.rooms.r201.id}`)).status).toBe(404);
    expect((await agent.get(`/schedule/entries/${id}/edit`)).status).toBe(404);
    expect((await agent.form(`/schedule/entries/${id}`, { loadId: other.loads.mathA.id, weekday: "2", number: "1", validFrom: "2026-09-01" })).status).toBe(
      404,
    );
    expect((await agent.form(`/schedule/entries/${id}/delete`, { fromDate: "2026-09-01" })).status).toBe(404);
    expect(
      (
        await agent.form(`/schedule/classes/${other.classes["5А"]!.id}/entries`, {
          loadId: other.loads.mathA.id,
          weekday: "2",
          number: "1",
          validFrom: "2026-09-01",
        })
      ).status,
    ).toBe(404);
    expect(await timetableSnapshot(other.schoolId)).toEqual(before);
  });

  it("removing an entry from a date keeps its earlier history", async () => {
    const s = await timetableSchool();
    const id = await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.mathA.id, weekday: 1, number: 1 });
    const agent = await as(s.users.deputy);
    expect((await agent.form(`/schedule/entries/${id}/delete`, { fromDate: "2027-01-11" })).status).toBe(302);
    expect(await prisma.timetableEntry.findUniqueOrThrow({ where: { id } })).toMatchObject({ validTo: d("2027-01-10") });
    expect(await prisma.lesson.count({ where: { timetableEntryId: id, date: { gte: d("2027-01-11") } } })).toBe(0);
    expect(await prisma.lesson.count({ where: { timetableEntryId: id, date: { lt: d("2027-01-11") } } })).toBeGreaterThan(10);
  });

  it("an entry valid until a date gives lessons only until then; the slot is free afterwards", async () => {
    const s = await timetableSchool();
    const a = s.classes["5А"]!.id;
    const agent = await as(s.users.deputy);
    const res = await agent.form(`/schedule/classes/${a}/entries`, {
      loadId: s.loads.mathA.id,
      roomId: "",
      weekday: "3",
      number: "2",
      validFrom: "2026-09-01",
      validTo: "2026-10-25",
    });
    expect(res.status).toBe(302);
    const e = await prisma.timetableEntry.findFirstOrThrow({ where: { classId: a } });
    expect(e.validTo).toEqual(d("2026-10-25"));
    expect(await prisma.lesson.count({ where: { timetableEntryId: e.id, date: { gt: d("2026-10-25") } } })).toBe(0);
    expect(await prisma.lesson.count({ where: { timetableEntryId: e.id } })).toBeGreaterThan(5);
    // Another teacher's lesson may take the slot from 26.10.
    const next = await agent.form(`/schedule/classes/${a}/entries`, {
      loadId: s.loads.russianA.id,
      roomId: "",
      weekday: "3",
      number: "2",
      validFrom: "2026-10-26",
    });
    expect(next.status).toBe(302);
    // Before 26.10 it clashes.
    const clash = await agent.form(`/schedule/classes/${a}/entries`, {
      loadId: s.loads.englishG1.id,
      roomId: "",
      weekday: "3",
      number: "2",
      validFrom: "2026-10-01",
      validTo: "2026-10-10",
    });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain("У класса 5А в среду, 2-й урок уже есть урок: Математика");
    // Extending the first entry's end date into the new one's time is refused; the edit form shows the end date.
    const form = await agent.get(`/schedule/entries/${e.id}/edit`);
    expect(form.text).toContain('value="2026-10-25"');
    const extend = await agent.form(`/schedule/entries/${e.id}`, {
      loadId: s.loads.mathA.id,
      roomId: "",
      weekday: "3",
      number: "2",
      validFrom: "2026-09-01",
      validTo: "2026-12-31",
    });
    expect(extend.status).toBe(422);
    expect(extend.text).toContain("уже есть урок: Русский язык");
  });

  it("refuses an end date before the start", async () => {
    const s = await timetableSchool();
    const res = await (
      await as(s.users.deputy)
    ).form(`/schedule/classes/${s.classes["5А"]!.id}/entries`, {
      loadId: s.loads.mathA.id,
      roomId: "",
      weekday: "3",
      number: "2",
      validFrom: "2026-10-01",
      validTo: "2026-09-20",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Дата окончания не может быть раньше даты начала");
  });

  it("a school of five days refuses Saturday", async () => {
    const s = await timetableSchool();
    await prisma.school.update({ where: { id: s.schoolId }, data: { weekDays: 5 } });
    const res = await (
      await as(s.users.deputy)
    ).form(`/schedule/classes/${s.classes["5А"]!.id}/entries`, { loadId: s.loads.mathA.id, weekday: "6", number: "1", validFrom: "2026-09-01" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("В этот день недели в школе нет уроков");
  });

  it("a closed year's timetable is read-only", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    const load = await prisma.teachingLoad.findFirstOrThrow({ where: { classId: s.classes["5А"]!.id } });
    const res = await (
      await as(s.users.deputy)
    ).form(`/schedule/classes/${s.classes["5А"]!.id}/entries`, { loadId: load.id, weekday: "1", number: "1", validFrom: "2026-09-01" });
    expect(res.status).toBe(423);
    expect(await prisma.timetableEntry.count({ where: { schoolId: s.schoolId } })).toBe(0);
  });
});
