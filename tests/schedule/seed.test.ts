/**
 * The seeded timetable (src/seed/timetable.ts): bells, a conflict-free weekly
 * timetable with rooms for every class, and the journal's lessons made from it
 * (timetableEntryId, roomId, number), the rest of the year by the generator.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pgPool, prisma } from "../../src/lib/db.ts";
import { seedJournal } from "../../src/seed/journal.ts";
import { seedFutureLessons } from "../../src/seed/timetable.ts";
import { buildSchool, d } from "../support/fixtures.ts";

const UNTIL = d("2026-11-20");
let s: Awaited<ReturnType<typeof buildSchool>>;

const q = async <T extends object>(sql: string, params: unknown[] = []) => (await pgPool().query<T & object>(sql, params)).rows;

beforeAll(async () => {
  s = await buildSchool();
  const { schoolId, year } = s;
  // Rooms: a home room per class, a gym; a first-grade class; English in two groups in 5А.
  const home = [];
  for (const name of ["101", "201", "202", "203"]) home.push(await prisma.room.create({ data: { schoolId, name } }));
  await prisma.room.create({ data: { schoolId, name: "Спортзал" } });
  await prisma.schoolClass.update({ where: { id: s.classes["5А"]!.id }, data: { homeRoomId: home[1]!.id } });
  await prisma.schoolClass.update({ where: { id: s.classes["5Б"]!.id }, data: { homeRoomId: home[2]!.id } });
  const first = await prisma.schoolClass.create({ data: { schoolId, yearId: year.id, grade: 1, letter: "А", homeRoomId: home[0]!.id } });
  await prisma.teachingLoad.create({
    data: { schoolId, yearId: year.id, teacherId: s.users.teacherRussian.personId, classId: first.id, subjectId: s.subjects.russian.id, hoursPerWeek: 5 },
  });
  const g1 = await prisma.subgroup.create({ data: { schoolId, classId: s.classes["5А"]!.id, subjectId: s.subjects.english.id, name: "1 группа" } });
  const g2 = await prisma.subgroup.create({ data: { schoolId, classId: s.classes["5А"]!.id, subjectId: s.subjects.english.id, name: "2 группа" } });
  await prisma.teachingLoad.deleteMany({ where: { classId: s.classes["5А"]!.id, subjectId: s.subjects.english.id } });
  await prisma.teachingLoad.create({
    data: {
      schoolId,
      yearId: year.id,
      teacherId: s.users.teacherEnglish.personId,
      classId: s.classes["5А"]!.id,
      subgroupId: g1.id,
      subjectId: s.subjects.english.id,
      hoursPerWeek: 3,
    },
  });
  await prisma.teachingLoad.create({
    data: {
      schoolId,
      yearId: year.id,
      teacherId: s.users.teacherMath.personId,
      classId: s.classes["5А"]!.id,
      subgroupId: g2.id,
      subjectId: s.subjects.english.id,
      hoursPerWeek: 3,
    },
  });
  await seedJournal(schoolId, "demo", { until: UNTIL });
  await seedFutureLessons(schoolId, UNTIL);
});

describe("the seeded timetable", () => {
  it("has a main bell schedule and one for the first grade, assigned to grade 1", async () => {
    const bells = await prisma.bellSchedule.findMany({ where: { schoolId: s.schoolId }, include: { slots: true, classes: true }, orderBy: { id: "asc" } });
    expect(bells.map((b) => [b.name, b.isDefault])).toEqual([
      ["Основное", true],
      ["1 классы", false],
    ]);
    expect(bells[1]!.classes.map((c) => c.grade)).toEqual([1]);
    expect(bells[1]!.slots[0]!.endMinute - bells[1]!.slots[0]!.startMinute).toBe(35);
  });

  it("gives every load row its weekly hours, with rooms, and no teacher, room or class clash", async () => {
    const loads = await prisma.teachingLoad.findMany({ where: { schoolId: s.schoolId } });
    for (const l of loads) {
      const n = await prisma.timetableEntry.count({ where: { classId: l.classId, subjectId: l.subjectId, teacherId: l.teacherId, subgroupId: l.subgroupId } });
      expect(n).toBe(Math.ceil(Number(l.hoursPerWeek)));
    }
    expect(await prisma.timetableEntry.count({ where: { schoolId: s.schoolId, roomId: null } })).toBe(0);
    expect(await q(`SELECT 1 FROM "TimetableEntry" WHERE "schoolId" = $1 GROUP BY "teacherId", weekday, number HAVING count(*) > 1`, [s.schoolId])).toEqual([]);
    expect(await q(`SELECT 1 FROM "TimetableEntry" WHERE "schoolId" = $1 GROUP BY "roomId", weekday, number HAVING count(*) > 1`, [s.schoolId])).toEqual([]);
    expect(
      await q(
        `SELECT 1 FROM "TimetableEntry" a JOIN "TimetableEntry" b ON a."classId" = b."classId" AND a.weekday = b.weekday AND a.number = b.number AND a.id < b.id
          WHERE a."schoolId" = $1 AND (a."subgroupId" IS NULL OR b."subgroupId" IS NULL OR a."subgroupId" = b."subgroupId")`,
        [s.schoolId],
      ),
    ).toEqual([]);
    // The English groups run in parallel, each in its own room; whole-class lessons are in the home room.
    const english = await prisma.timetableEntry.findMany({ where: { classId: s.classes["5А"]!.id, subjectId: s.subjects.english.id } });
    expect(new Set(english.map((e) => `${e.weekday}:${e.number}`)).size).toBe(3);
    const math = await prisma.timetableEntry.findMany({ where: { classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id } });
    const homeRoomId = (await prisma.schoolClass.findUniqueOrThrow({ where: { id: s.classes["5А"]!.id } })).homeRoomId;
    expect(new Set(math.map((e) => e.roomId))).toEqual(new Set([homeRoomId]));
  });

  it("makes every lesson from the timetable: entry, room, number and weekday match; later lessons come from the generator", async () => {
    const mismatch = await q(
      `SELECT l.id FROM "Lesson" l LEFT JOIN "TimetableEntry" e ON e.id = l."timetableEntryId"
        WHERE l."schoolId" = $1 AND (e.id IS NULL OR e.number <> l.number OR e."roomId" IS DISTINCT FROM l."roomId" OR e."teacherId" <> l."teacherId" OR extract(isodow FROM l.date) <> e.weekday)`,
      [s.schoolId],
    );
    expect(mismatch).toEqual([]);
    expect(await prisma.lesson.count({ where: { schoolId: s.schoolId, date: { lte: UNTIL }, topic: null } })).toBe(0);
    expect(await prisma.lesson.count({ where: { schoolId: s.schoolId, date: { gt: UNTIL }, topic: { not: null } } })).toBe(0);
    expect(await prisma.lesson.count({ where: { schoolId: s.schoolId, date: { gt: UNTIL } } })).toBeGreaterThan(300);
    expect(await seedFutureLessons(s.schoolId, UNTIL)).toMatchObject({ created: 0, updated: 0, removed: 0, kept: 0 });
  });

  it("a second journal seed reads the timetable back and writes nothing", async () => {
    const entries = await prisma.timetableEntry.count({ where: { schoolId: s.schoolId } });
    const again = await seedJournal(s.schoolId, "demo", { until: UNTIL });
    expect(again.skipped).toBe(true);
    expect(await prisma.timetableEntry.count({ where: { schoolId: s.schoolId } })).toBe(entries);
  });
});
