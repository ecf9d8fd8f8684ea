/**
 * Changes for one date (R-SCH-2, R-JRN-2): a substitute teacher (reaching the
 * journal as the one who taught), a cancelled lesson, a moved lesson, another
 * room; clashes refused in Russian; recorded in the audit log; deputies and
 * administrators only; another school's ids are a 404.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { addEntry, d, lessonOn, putMark, timetableSchool, timetableSnapshot } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

/** 5А: maths on Monday 1 (room 201), russian on Monday 2 (room 202); 5Б: russian on Monday 1 (room 203). */
async function mondaySchool() {
  const s = await timetableSchool();
  const a = s.classes["5А"]!.id;
  const b = s.classes["5Б"]!.id;
  const math = await addEntry(s, a, { loadId: s.loads.mathA.id, roomId: s.rooms.r201.id, weekday: 1, number: 1 });
  const russian = await addEntry(s, a, { loadId: s.loads.russianA.id, roomId: s.rooms.r202.id, weekday: 1, number: 2 });
  const russianB = await addEntry(s, b, { loadId: s.loads.russianB.id, roomId: s.rooms.r203.id, weekday: 1, number: 1 });
  return { ...s, entries: { math, russian, russianB } };
}

// Fixed dates of the fixture school (a student who left on 01.10, a dismissal on 20.11, lessons of the past weeks)
// are in the past: on a school day of the 2nd quarter (tests/support/use-clock.ts).
useMidQuarterDay();

const DATE = "2026-12-07"; // a Monday in the second quarter

describe("one-date changes", () => {
  it("a substitute teacher is set on that date's lesson only, shows in the journal and may fill in that lesson", async () => {
    const s = await mondaySchool();
    const deputy = await as(s.users.deputy);
    const form = await deputy.get(`/schedule/changes/new?entry=${s.entries.math}&date=${DATE}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain("Замещающий учитель");
    const res = await deputy.form("/schedule/changes", {
      entry: s.entries.math,
      date: DATE,
      kind: "SUBSTITUTE",
      substituteId: s.users.teacherEnglish.personId,
      note: "Больничный",
    });
    expect(res.status).toBe(302);

    const lesson = (await lessonOn(s.entries.math, DATE))!;
    expect(lesson.substituteId).toBe(s.users.teacherEnglish.personId);
    expect(lesson.teacherId).toBe(s.users.teacherMath.personId);
    expect((await lessonOn(s.entries.math, "2026-12-14"))!.substituteId).toBeNull();

    // The journal shows who taught; the substitute opens and fills in that lesson.
    const sub = await as(s.users.teacherEnglish);
    const page = await sub.get(`/journal/lessons/${lesson.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("замена: Инглишева Елена Викторовна");
    const save = await sub.form(`/journal/lessons/${lesson.id}`, {
      date: DATE,
      number: "1",
      topic: "Дроби (замена)",
      lessonType: "",
      homework: "",
      homeworkDue: "",
    });
    expect(save.status).toBeLessThan(400);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).topic).toBe("Дроби (замена)");
    // The grid of the class marks the substituted lesson.
    const grid = await (await as(s.users.teacherMath)).get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`);
    expect(grid.text).toContain("Замена: Инглишева Е. В.");

    // «Сегодня» of that date: the substitute sees the lesson with a direct link, the teacher sees who replaces.
    const today = await sub.get(`/today?date=${DATE}`);
    expect(today.text).toContain(`/journal/lessons/${lesson.id}`);
    expect(today.text).toContain("замена за Математиков П. И.");
    const own = await (await as(s.users.teacherMath)).get(`/today?date=${DATE}`);
    expect(own.text).toContain("заменяет Инглишева Е. В.");

    // The change is in the audit log.
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "timetable-change", action: "create" } });
    expect(log.newValue).toMatchObject({ kind: "SUBSTITUTE", date: DATE, substituteId: s.users.teacherEnglish.personId });
    expect(log.reason).toBe("Больничный");
    expect(log.actorId).toBe(s.users.deputy.userId);

    // The changes page lists it; removing the change clears the substitute (audited too).
    const list = await deputy.get(`/schedule/changes?date=${DATE}`);
    expect(list.text).toContain("Замена учителя");
    const change = await prisma.timetableChange.findFirstOrThrow({ where: { entryId: s.entries.math } });
    expect((await deputy.form(`/schedule/changes/${change.id}/delete`, {})).status).toBe(302);
    expect((await lessonOn(s.entries.math, DATE))!.substituteId).toBeNull();
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "timetable-change", action: "delete" } })).toBe(1);
  });

  it("refuses a substitute who teaches at that time, naming the clash", async () => {
    const s = await mondaySchool();
    const before = await timetableSnapshot(s.schoolId);
    const res = await (
      await as(s.users.deputy)
    ).form("/schedule/changes", { entry: s.entries.math, date: DATE, kind: "SUBSTITUTE", substituteId: s.users.teacherRussian.personId });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Учитель Русакова М. О. в это время ведёт урок: 5Б, Русский язык, 1-й урок");
    expect(await timetableSnapshot(s.schoolId)).toEqual(before);
  });

  it("cancels a lesson: the empty lesson goes; the day view shows it crossed out", async () => {
    const s = await mondaySchool();
    const deputy = await as(s.users.deputy);
    const lesson = (await lessonOn(s.entries.russian, DATE))!;
    expect((await deputy.form("/schedule/changes", { entry: s.entries.russian, date: DATE, kind: "CANCEL", note: "Экскурсия" })).status).toBe(302);
    expect(await prisma.lesson.findUnique({ where: { id: lesson.id } })).toBeNull();
    const day = await deputy.get(`/schedule/day?date=${DATE}`);
    expect(day.text).toContain("Урок отменён");
    expect(day.text).toMatch(/class="lesson cancelled/);
  });

  it("cancelling a lesson that already has marks keeps it and says so", async () => {
    const s = await mondaySchool();
    const deputy = await as(s.users.deputy);
    const lesson = (await lessonOn(s.entries.russian, DATE))!;
    await putMark(s.schoolId, lesson.id, s.students.studentA1!.studentId, 3);
    const res = await deputy.form("/schedule/changes", { entry: s.entries.russian, date: DATE, kind: "CANCEL" });
    expect(res.status).toBe(302);
    expect(await prisma.lesson.findUnique({ where: { id: lesson.id } })).not.toBeNull();
    expect((await deputy.get(res.headers.location!)).text).toContain("Они сохранены в журнале");
  });

  it("moves a lesson to another number and to another date; a taken slot is refused", async () => {
    const s = await mondaySchool();
    const deputy = await as(s.users.deputy);
    // To the 3rd lesson the same day.
    const lesson = (await lessonOn(s.entries.russian, DATE))!;
    expect((await deputy.form("/schedule/changes", { entry: s.entries.russian, date: DATE, kind: "MOVE", newNumber: "3" })).status).toBe(302);
    expect(await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).toMatchObject({ date: d(DATE), number: 3 });
    // Onto the 1st lesson: the class has maths there.
    const clash = await deputy.form("/schedule/changes", { entry: s.entries.russian, date: DATE, kind: "MOVE", newNumber: "1" });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain("У класса в это время уже есть урок: 5А, Математика, 1-й урок");
    // Maths of 14.12 moved to Tuesday 15.12, 4th lesson.
    const m = (await lessonOn(s.entries.math, "2026-12-14"))!;
    expect(
      (await deputy.form("/schedule/changes", { entry: s.entries.math, date: "2026-12-14", kind: "MOVE", newDate: "2026-12-15", newNumber: "4" })).status,
    ).toBe(302);
    expect(await prisma.lesson.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ date: d("2026-12-15"), number: 4 });
    const day = await deputy.get("/schedule/day?date=2026-12-15");
    expect(day.text).toContain("Урок перенесён");
    const changes = await deputy.get("/schedule/changes?date=2026-12-15");
    expect(changes.text).toContain("Перенесён с 14.12.2026");
    // Undoing the move brings the same lesson row back to its day and number.
    const move = await prisma.timetableChange.findFirstOrThrow({ where: { entryId: s.entries.math, date: d("2026-12-14") } });
    expect((await deputy.form(`/schedule/changes/${move.id}/delete`, {})).status).toBe(302);
    expect(await prisma.lesson.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ date: d("2026-12-14"), number: 1 });
  });

  it("another room for one date; an occupied room is refused", async () => {
    const s = await mondaySchool();
    const deputy = await as(s.users.deputy);
    const busy = await deputy.form("/schedule/changes", { entry: s.entries.math, date: DATE, kind: "ROOM", roomId: s.rooms.r203.id });
    expect(busy.status).toBe(422);
    expect(busy.text).toContain("Кабинет 203 в это время занят: 5Б, Русский язык, 1-й урок");
    expect((await deputy.form("/schedule/changes", { entry: s.entries.math, date: DATE, kind: "ROOM", roomId: s.rooms.r202.id })).status).toBe(302);
    expect((await lessonOn(s.entries.math, DATE))!.roomId).toBe(s.rooms.r202.id);
    expect((await lessonOn(s.entries.math, "2026-12-14"))!.roomId).toBe(s.rooms.r201.id);
  });

  it.each([
    [{ kind: "SUBSTITUTE", substituteId: "" }, "Выберите учителя из списка"],
    [{ kind: "SUBSTITUTE", substituteId: "999999" }, "Выберите учителя из списка"],
    [{ kind: "ROOM", roomId: "" }, "Выберите кабинет из списка"],
    [{ kind: "MOVE", newNumber: "", newDate: "" }, "Укажите новую дату или новый номер урока"],
    [{ kind: "MOVE", newNumber: "12" }, "Номер урока — от 1 до 8"],
    [{ kind: "MOVE", newDate: "2031-01-01" }, "Дата должна быть в пределах учебного года"],
    [{ kind: "MOVE", newDate: "2026-12-13" }, "В воскресенье уроков нет"],
    [{ kind: "WHATEVER" }, "Выберите вид изменения"],
  ])("refuses bad input %j with a Russian message and changes nothing", async (bad, message) => {
    const s = await mondaySchool();
    const before = await timetableSnapshot(s.schoolId);
    const res = await (await as(s.users.deputy)).form("/schedule/changes", { entry: s.entries.math, date: DATE, ...bad });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(await timetableSnapshot(s.schoolId)).toEqual(before);
  });

  it("a date without that lesson is a 404", async () => {
    const s = await mondaySchool();
    const deputy = await as(s.users.deputy);
    expect((await deputy.get(`/schedule/changes/new?entry=${s.entries.math}&date=2026-12-08`)).status).toBe(404);
    expect((await deputy.get(`/schedule/changes/new?entry=${s.entries.math}&date=2026-11-02`)).status).toBe(404); // holidays
  });

  it.each(["teacherMath", "secretary", "parentAlekseev", "studentA1"] as const)("%s cannot make or remove changes (403)", async (who) => {
    const s = await mondaySchool();
    await (await as(s.users.deputy)).form("/schedule/changes", { entry: s.entries.math, date: DATE, kind: "CANCEL" });
    const change = await prisma.timetableChange.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    const before = await timetableSnapshot(s.schoolId);
    const agent = await as(s.users[who]);
    expect((await agent.form("/schedule/changes", { entry: s.entries.russian, date: DATE, kind: "CANCEL" })).status).toBe(403);
    expect((await agent.form(`/schedule/changes/${change.id}/delete`, {})).status).toBe(403);
    expect((await agent.get(`/schedule/changes/new?entry=${s.entries.russian}&date=${DATE}`)).status).toBe(403);
    expect(await timetableSnapshot(s.schoolId)).toEqual(before);
  });

  it("another school's entry and change answer 404", async () => {
    const s = await mondaySchool();
    const other = await mondaySchool();
    await (await as(other.users.deputy)).form("/schedule/changes", { entry: other.entries.math, date: DATE, kind: "CANCEL" });
    const change = await prisma.timetableChange.findFirstOrThrow({ where: { schoolId: other.schoolId } });
    const before = await timetableSnapshot(other.schoolId);
    const deputy = await as(s.users.deputy);
    expect((await deputy.get(`/schedule/changes/new?entry=${other.entries.russian}&date=${DATE}`)).status).toBe(404);
    expect((await deputy.form("/schedule/changes", { entry: other.entries.russian, date: DATE, kind: "CANCEL" })).status).toBe(404);
    expect((await deputy.form(`/schedule/changes/${change.id}/delete`, {})).status).toBe(404);
    // A substitute from another school is not offered and is refused.
    const res = await deputy.form("/schedule/changes", {
      entry: s.entries.math,
      date: DATE,
      kind: "SUBSTITUTE",
      substituteId: other.users.teacherEnglish.personId,
    });
    expect(res.status).toBe(422);
    expect(await timetableSnapshot(other.schoolId)).toEqual(before);
  });
});
