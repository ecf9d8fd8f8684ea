/**
 * Lessons generated from the timetable (R-SCH-1: the timetable feeds the
 * journal): every school day of the class's grade inside its periods, none on
 * holidays; idempotent; kept in step when the timetable changes, and a lesson
 * with marks or attendance is never dropped silently.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { addDays, isoDate } from "../../src/lib/dates.ts";
import { as } from "../support/http.ts";
import { generateLessons, divergentLessons } from "../../src/modules/schedule/lessons.service.ts";
import { actorOf, addEntry, d, lessonOn, putMark, timetableSchool } from "./helpers.ts";
import { updateEntry, removeEntry } from "../../src/modules/schedule/timetable.service.ts";

/** ISO dates of a weekday (1 = Monday) inside the periods, minus the given holidays. */
function expectedDates(periods: { startDate: Date; endDate: Date }[], weekday: number, holidays: [string, string][] = []) {
  const out: string[] = [];
  for (const p of periods)
    for (let t = p.startDate; t <= p.endDate; t = addDays(t, 1)) {
      const iso = isoDate(t);
      if ((t.getUTCDay() || 7) === weekday && !holidays.some(([a, b]) => a <= iso && iso <= b)) out.push(iso);
    }
  return out;
}

describe("lesson generation from the timetable", () => {
  it("makes a lesson on every school day of the entry: inside the periods, not on holidays, with number, room and entry", async () => {
    const s = await timetableSchool();
    await prisma.holiday.create({
      data: { schoolId: s.schoolId, yearId: s.year.id, name: "Методический день", startDate: d("2026-09-14"), endDate: d("2026-09-14") },
    });
    // A grade-only holiday that does not concern grade 5.
    await prisma.holiday.create({
      data: {
        schoolId: s.schoolId,
        yearId: s.year.id,
        name: "Для первых классов",
        startDate: d("2026-09-21"),
        endDate: d("2026-09-21"),
        gradeFrom: 1,
        gradeTo: 1,
      },
    });
    const a = s.classes["5А"]!.id;
    const id = await addEntry(s, a, { loadId: s.loads.mathA.id, roomId: s.rooms.r201.id, weekday: 1, number: 2 });
    const lessons = await prisma.lesson.findMany({ where: { classId: a }, orderBy: { date: "asc" } });
    expect(lessons.map((l) => isoDate(l.date))).toEqual(expectedDates(s.periods, 1, [["2026-09-14", "2026-09-14"]]));
    for (const l of lessons)
      expect(l).toMatchObject({
        timetableEntryId: id,
        number: 2,
        roomId: s.rooms.r201.id,
        teacherId: s.users.teacherMath.personId,
        subjectId: s.subjects.math.id,
        subgroupId: null,
        substituteId: null,
      });
    // Nothing between the quarters (26.10–04.11).
    expect(lessons.some((l) => isoDate(l.date) >= "2026-10-26" && isoDate(l.date) <= "2026-11-04")).toBe(false);
  });

  it("is idempotent: generating again changes nothing", async () => {
    const s = await timetableSchool();
    await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.mathA.id, weekday: 2, number: 1 });
    await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.englishG1.id, roomId: s.rooms.r202.id, weekday: 2, number: 2 });
    await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.englishG2.id, roomId: s.rooms.r203.id, weekday: 2, number: 2 });
    const before = await prisma.lesson.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } });
    const r = await generateLessons(s.schoolId, s.year.id, s.year.startDate, s.year.endDate);
    expect(r).toEqual({ created: 0, updated: 0, removed: 0, kept: 0 });
    expect(await prisma.lesson.findMany({ where: { schoolId: s.schoolId }, orderBy: { id: "asc" } })).toEqual(before);
    // Parallel subgroups each get their own lesson at the same number.
    const tuesday = await prisma.lesson.findMany({ where: { classId: s.classes["5А"]!.id, date: d("2026-09-08"), number: 2 } });
    expect(tuesday.map((l) => l.subgroupId).sort()).toEqual([s.subgroups.g1.id, s.subgroups.g2.id].sort());
  });

  it("the deputy's «Сформировать уроки на год» fills lessons missing after a hand deletion", async () => {
    const s = await timetableSchool();
    const id = await addEntry(s, s.classes["5Б"]!.id, { loadId: s.loads.mathB.id, weekday: 3, number: 1 });
    const total = await prisma.lesson.count({ where: { timetableEntryId: id } });
    await prisma.lesson.deleteMany({ where: { timetableEntryId: id, date: { gte: d("2027-01-01") } } });
    const agent = await as(s.users.deputy);
    const res = await agent.form("/schedule/generate", {});
    expect(res.status).toBe(302);
    expect(await prisma.lesson.count({ where: { timetableEntryId: id } })).toBe(total);
    const page = await agent.get(res.headers.location!);
    expect(page.text).toMatch(/создано \d+/);
    expect((await (await as(s.users.teacherMath)).form("/schedule/generate", {})).status).toBe(403);
  });

  it("regenerates after a change: future lessons move, a lesson with marks stays and is reported", async () => {
    const s = await timetableSchool();
    const a = s.classes["5А"]!.id;
    const id = await addEntry(s, a, { loadId: s.loads.mathA.id, roomId: s.rooms.r201.id, weekday: 1, number: 1 });
    // Marks in the lesson of 07.12 and attendance in the one of 14.12; 21.12 stays empty.
    const marked = (await lessonOn(id, "2026-12-07"))!;
    await putMark(s.schoolId, marked.id, s.students.studentA1!.studentId, 4);
    const attended = (await lessonOn(id, "2026-12-14"))!;
    await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: attended.id, studentId: s.students.studentA1!.studentId, code: "ILL" } });
    const empty = (await lessonOn(id, "2026-12-21"))!;
    const earlier = (await lessonOn(id, "2026-11-16"))!;

    const agent = await as(s.users.deputy);
    const res = await agent.form(`/schedule/entries/${id}`, {
      loadId: s.loads.mathA.id,
      roomId: s.rooms.r202.id,
      weekday: "2",
      number: "3",
      validFrom: "2026-12-01",
    });
    expect(res.status).toBe(302);
    const next = await agent.get(res.headers.location!);
    expect(next.text).toContain("Уроков, которых больше нет в расписании, но в них уже есть отметки, посещаемость, тема или домашнее задание: 2");

    // Kept with their marks and attendance; the empty one is gone; earlier lessons are untouched.
    expect(await prisma.lesson.findUnique({ where: { id: marked.id } })).toMatchObject({ date: d("2026-12-07"), number: 1 });
    expect(await prisma.mark.count({ where: { lessonId: marked.id } })).toBe(1);
    expect(await prisma.lesson.findUnique({ where: { id: attended.id } })).not.toBeNull();
    expect(await prisma.lesson.findUnique({ where: { id: empty.id } })).toBeNull();
    expect(await prisma.lesson.findUnique({ where: { id: earlier.id } })).toMatchObject({ timetableEntryId: id, number: 1, roomId: s.rooms.r201.id });
    // The new entry's lessons: Tuesdays, 3rd lesson, room 202, from 01.12.
    const newEntry = await prisma.timetableEntry.findFirstOrThrow({ where: { classId: a, validFrom: d("2026-12-01") } });
    expect(await lessonOn(newEntry.id, "2026-12-08")).toMatchObject({ number: 3, roomId: s.rooms.r202.id });
    expect(await prisma.lesson.count({ where: { classId: a, date: { gte: d("2026-12-01") }, timetableEntryId: newEntry.id } })).toBe(
      expectedDates(s.periods, 2).filter((x) => x >= "2026-12-01").length,
    );

    // The page of divergent lessons lists both, and the deputy resolves them.
    const list = await agent.get("/schedule/conflicts");
    expect(list.status).toBe(200);
    expect(list.text).toContain("07.12.2026");
    expect(list.text).toContain("14.12.2026");
    expect(list.text).toContain("Отметок: 1");
    expect((await divergentLessons(s.schoolId, s.year.id)).map((l) => l.id).sort()).toEqual([marked.id, attended.id].sort());
    expect((await agent.form(`/schedule/conflicts/${marked.id}/keep`, {})).status).toBe(302);
    expect(await prisma.lesson.findUnique({ where: { id: marked.id } })).toMatchObject({ timetableEntryId: null });
    expect((await agent.form(`/schedule/conflicts/${attended.id}/delete`, {})).status).toBe(302);
    expect(await prisma.lesson.findUnique({ where: { id: attended.id } })).toBeNull();
    const log = await prisma.auditLog.findFirst({ where: { schoolId: s.schoolId, entity: "lesson", entityId: String(attended.id), action: "delete" } });
    expect(log?.reason).toBe("Урок расходился с расписанием");
    expect(await divergentLessons(s.schoolId, s.year.id)).toEqual([]);
    // A teacher may not see or resolve the list.
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.get("/schedule/conflicts")).status).toBe(403);
  });

  it("a lesson with a topic only also stays when its entry is removed", async () => {
    const s = await timetableSchool();
    const id = await addEntry(s, s.classes["5А"]!.id, { loadId: s.loads.russianA.id, weekday: 4, number: 4 });
    const l = (await lessonOn(id, "2027-02-04"))!;
    await prisma.lesson.update({ where: { id: l.id }, data: { topic: "Имя существительное" } });
    const deputy = await actorOf(s.users.deputy);
    let kept = -1;
    await removeEntry(deputy, id, d("2027-01-14"), (r) => (kept = r.kept));
    expect(kept).toBe(1);
    expect(await prisma.lesson.findUnique({ where: { id: l.id } })).toMatchObject({ topic: "Имя существительное" });
    expect(await prisma.lesson.count({ where: { timetableEntryId: id, date: { gte: d("2027-01-14") } } })).toBe(1);
  });

  it("changing only the room keeps the lessons (same rows, new room) and their marks", async () => {
    const s = await timetableSchool();
    const id = await addEntry(s, s.classes["5Б"]!.id, { loadId: s.loads.russianB.id, roomId: s.rooms.r201.id, weekday: 5, number: 2 });
    const l = (await lessonOn(id, "2026-12-04"))!;
    await putMark(s.schoolId, l.id, s.students.studentB1!.studentId, 5);
    const deputy = await actorOf(s.users.deputy);
    let kept = -1;
    await updateEntry(
      deputy,
      id,
      { loadId: s.loads.russianB.id, roomId: s.rooms.r203.id, weekday: 5, number: 2, validFrom: d("2026-12-01") },
      (r) => (kept = r.kept),
    );
    expect(kept).toBe(0);
    expect(await prisma.lesson.findUnique({ where: { id: l.id } })).toMatchObject({ roomId: s.rooms.r203.id, number: 2 });
    expect(await prisma.mark.count({ where: { lessonId: l.id } })).toBe(1);
  });

  it("generates the whole year of a bigger timetable fast (set-based)", async () => {
    const s = await timetableSchool();
    // 5А and 5Б: five maths/russian lessons a week each, in different slots.
    for (let day = 1; day <= 5; day++) {
      await prisma.timetableEntry.createMany({
        data: [
          {
            schoolId: s.schoolId,
            yearId: s.year.id,
            classId: s.classes["5А"]!.id,
            subjectId: s.subjects.math.id,
            teacherId: s.users.teacherMath.personId,
            weekday: day,
            number: 1,
            validFrom: d("2026-09-01"),
          },
          {
            schoolId: s.schoolId,
            yearId: s.year.id,
            classId: s.classes["5Б"]!.id,
            subjectId: s.subjects.math.id,
            teacherId: s.users.teacherMath.personId,
            weekday: day,
            number: 2,
            validFrom: d("2026-09-01"),
          },
          {
            schoolId: s.schoolId,
            yearId: s.year.id,
            classId: s.classes["5А"]!.id,
            subjectId: s.subjects.russian.id,
            teacherId: s.users.teacherRussian.personId,
            weekday: day,
            number: 2,
            validFrom: d("2026-09-01"),
          },
          {
            schoolId: s.schoolId,
            yearId: s.year.id,
            classId: s.classes["5Б"]!.id,
            subjectId: s.subjects.russian.id,
            teacherId: s.users.teacherRussian.personId,
            weekday: day,
            number: 1,
            validFrom: d("2026-09-01"),
          },
        ],
      });
    }
    const t = Date.now();
    const r = await generateLessons(s.schoolId, s.year.id, s.year.startDate, s.year.endDate);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(r.created).toBe(4 * [1, 2, 3, 4, 5].reduce((n, wd) => n + expectedDates(s.periods, wd).length, 0));
    expect(await generateLessons(s.schoolId, s.year.id, s.year.startDate, s.year.endDate)).toEqual({ created: 0, updated: 0, removed: 0, kept: 0 });
  });
});
