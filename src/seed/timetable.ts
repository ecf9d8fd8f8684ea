/**
 * The seeded timetable (R-SCH-1): bell schedules (the main one and a shorter
 * one for the first grade), and a full weekly timetable for every class of the
 * year, turned from the deterministic pattern of src/seed/journal-timetable.ts
 * into TimetableEntry rows with rooms:
 * - a whole-class lesson takes the class's home room, a subject with its own
 *   room (gym, workshops, computer science, chemistry …) takes that room;
 * - the second subgroup of a split subject, and any lesson whose room is taken
 *   at that time, gets another free room, so no room is booked twice;
 * - entries are valid from the first day of the year, open-ended.
 *
 * The journal seed makes its lessons from these entries (timetableEntryId,
 * roomId, number), and seedFutureLessons() lets the timetable module's lesson
 * generator make the rest of the year's lessons, so a teacher finds them ready.
 * Idempotent: a year that already has entries keeps them (they are read back).
 */
import type pg from "pg";
import { prisma } from "../lib/db.ts";
import { addDays, isoDate } from "../lib/dates.ts";
import { buildTimetable, type ClassInput, type LoadInput } from "./journal-timetable.ts";
import { generateLessons, type SyncResult } from "../modules/schedule/lessons.service.ts";

export interface SeededSlot {
  day: number;
  number: number;
  entryId: number;
  roomId: number | null;
}

export interface SeededTimetable {
  /** Weekly slots of each load (ceil(hours) of them), earliest first. */
  slots: Map<number, SeededSlot[]>;
  /** School days of each class. */
  days: Map<number, number>;
  teacherConflicts: number;
  roomConflicts: number;
  entries: number;
  /** True when the year already had a timetable (read back, nothing written). */
  existed: boolean;
}

/** Main bells: 45-minute lessons from 8:30; the first grade: 35 minutes (СанПиН), longer breaks. */
const MAIN_BELLS: [number, number][] = [
  [510, 555],
  [565, 610],
  [630, 675],
  [695, 740],
  [750, 795],
  [805, 850],
  [860, 905],
  [910, 955],
];
const FIRST_GRADE_BELLS: [number, number][] = [
  [510, 545],
  [565, 600],
  [640, 675],
  [695, 730],
  [750, 785],
];

/** Subjects (by name) taught in a room of their own, by the room's note or name. */
const SUBJECT_ROOMS: [RegExp, (r: { name: string; note: string | null }) => boolean][] = [
  [/^Физическая культура/, (r) => /спортзал/i.test(r.name)],
  [/^Труд/, (r) => /^Мастерская/.test(r.name)],
  [/^Информатика/, (r) => r.note === "Кабинет информатики"],
  [/^Химия/, (r) => r.note === "Кабинет химии"],
  [/^Физика/, (r) => r.note === "Кабинет физики"],
  [/^Биология/, (r) => r.note === "Кабинет биологии"],
  [/^Музыка/, (r) => r.note === "Кабинет музыки"],
  [/^Изобразительное/, (r) => r.note === "Кабинет ИЗО"],
  [/^Основы безопасности/, (r) => r.note === "Кабинет ОБЗР"],
];

/** Creates the two bell schedules when the school has none; the first-grade classes get the short one. */
async function seedBells(client: pg.PoolClient, schoolId: number, yearId: number): Promise<void> {
  const { rows } = await client.query(`SELECT 1 FROM "BellSchedule" WHERE "schoolId" = $1 LIMIT 1`, [schoolId]);
  if (rows.length) return;
  const make = async (name: string, isDefault: boolean, slots: [number, number][]) => {
    const r = await client.query<{ id: number }>(`INSERT INTO "BellSchedule" ("schoolId", "name", "isDefault") VALUES ($1, $2, $3) RETURNING id`, [
      schoolId,
      name,
      isDefault,
    ]);
    const id = r.rows[0]!.id;
    await client.query(
      `INSERT INTO "BellSlot" ("schoolId", "scheduleId", "number", "startMinute", "endMinute")
       SELECT $1, $2, n, s, e FROM unnest($3::int[], $4::int[], $5::int[]) AS u(n, s, e)`,
      [schoolId, id, slots.map((_, i) => i + 1), slots.map((s) => s[0]), slots.map((s) => s[1])],
    );
    return id;
  };
  await make("Основное", true, MAIN_BELLS);
  const first = await make("1 классы", false, FIRST_GRADE_BELLS);
  await client.query(`UPDATE "SchoolClass" SET "bellScheduleId" = $1 WHERE "schoolId" = $2 AND "yearId" = $3 AND grade = 1`, [first, schoolId, yearId]);
}

/**
 * The timetable of the school's year: read back when it exists, else built
 * from the pattern and written (bells, entries with rooms) through `client`
 * (inside the caller's transaction).
 */
export async function seedTimetable(
  client: pg.PoolClient,
  opts: { schoolId: number; yearId: number; yearStart: Date; weekDays: number; classes: ClassInput[]; loads: LoadInput[]; rand: (n: number) => number },
): Promise<SeededTimetable> {
  const { schoolId, yearId } = opts;
  await seedBells(client, schoolId, yearId);
  const loadKey = (l: { classId: number; subgroupId: number | null; subjectId: number; teacherId: number }) =>
    `${l.classId}:${l.subgroupId ?? 0}:${l.subjectId}:${l.teacherId}`;

  const existing = await client.query<{
    id: number;
    classId: number;
    subgroupId: number | null;
    subjectId: number;
    teacherId: number;
    roomId: number | null;
    weekday: number;
    number: number;
  }>(
    `SELECT id, "classId", "subgroupId", "subjectId", "teacherId", "roomId", weekday, number FROM "TimetableEntry"
      WHERE "schoolId" = $1 AND "yearId" = $2 AND "validTo" IS NULL ORDER BY id`,
    [schoolId, yearId],
  );
  if (existing.rows.length) {
    const loadOf = new Map(opts.loads.map((l) => [loadKey(l), l.id]));
    const slots = new Map<number, SeededSlot[]>();
    const days = new Map<number, number>();
    for (const e of existing.rows) {
      const id = loadOf.get(loadKey(e));
      if (id === undefined) continue;
      slots.set(id, [...(slots.get(id) ?? []), { day: e.weekday, number: e.number, entryId: e.id, roomId: e.roomId }]);
      days.set(e.classId, Math.max(days.get(e.classId) ?? 0, e.weekday));
    }
    for (const list of slots.values()) list.sort((a, b) => a.day - b.day || a.number - b.number);
    return { slots, days, teacherConflicts: 0, roomConflicts: 0, entries: existing.rows.length, existed: true };
  }

  const tt = buildTimetable(opts.classes, opts.loads, opts.weekDays, opts.rand);

  // Rooms. One client runs one query at a time (pg deprecates queueing them concurrently).
  const rooms = await client.query<{ id: number; name: string; note: string | null }>(
    `SELECT id, name, note FROM "Room" WHERE "schoolId" = $1 AND NOT archived ORDER BY id`,
    [schoolId],
  );
  const classRows = await client.query<{ id: number; homeRoomId: number | null }>(
    `SELECT id, "homeRoomId" FROM "SchoolClass" WHERE "schoolId" = $1 AND "yearId" = $2`,
    [schoolId, yearId],
  );
  const subjects = await client.query<{ id: number; name: string }>(`SELECT id, name FROM "Subject" WHERE "schoolId" = $1`, [schoolId]);
  const homeOf = new Map(classRows.rows.map((c) => [c.id, c.homeRoomId]));
  const homeRooms = new Set(classRows.rows.map((c) => c.homeRoomId).filter((x): x is number => x !== null));
  const specialOf = new Map<number, number[]>();
  for (const s of subjects.rows) {
    const rule = SUBJECT_ROOMS.find(([re]) => re.test(s.name));
    if (rule)
      specialOf.set(
        s.id,
        rooms.rows.filter(rule[1]).map((r) => r.id),
      );
  }
  const special = new Set([...specialOf.values()].flat());
  // Spare rooms for displaced lessons: ordinary rooms nobody calls home first, then any other.
  const spare = [
    ...rooms.rows.filter((r) => !homeRooms.has(r.id) && !special.has(r.id) && /^\d+$/.test(r.name)),
    ...rooms.rows.filter((r) => !homeRooms.has(r.id) && !special.has(r.id) && !/^\d+$/.test(r.name)),
    ...rooms.rows.filter((r) => homeRooms.has(r.id)),
  ].map((r) => r.id);

  interface Placed {
    load: LoadInput;
    unit: number;
    day: number;
    number: number;
    roomId: number | null;
  }
  const bySlot = new Map<string, Placed[]>();
  const placed: Placed[] = [];
  for (const load of opts.loads) {
    (tt.slots.get(load.id) ?? []).forEach((s, unit) => {
      const p: Placed = { load, unit, day: s.day, number: s.number, roomId: null };
      placed.push(p);
      const k = `${s.day}:${s.number}`;
      bySlot.set(k, [...(bySlot.get(k) ?? []), p]);
    });
  }
  let roomConflicts = 0;
  if (rooms.rows.length) {
    for (const list of bySlot.values()) {
      const taken = new Set<number>();
      const wants = (p: Placed) => specialOf.get(p.load.subjectId);
      // Whole-class lessons in their home room first, then the subject rooms, then the rest.
      const homeFirst = list.filter((p) => !wants(p) && p.load.subgroupId === null);
      const inSpecial = list.filter((p) => wants(p));
      const rest = list.filter((p) => !wants(p) && p.load.subgroupId !== null).sort((a, b) => a.load.id - b.load.id);
      const take = (p: Placed, candidates: (number | null | undefined)[]) => {
        const r = candidates.find((c): c is number => c != null && !taken.has(c)) ?? spare.find((c) => !taken.has(c));
        if (r === undefined) {
          roomConflicts++;
          return;
        }
        taken.add(r);
        p.roomId = r;
      };
      for (const p of homeFirst) take(p, [homeOf.get(p.load.classId)]);
      for (const p of inSpecial) take(p, wants(p)!);
      // The first subgroup of a class stays in the home room when it is free.
      for (const p of rest) take(p, [homeOf.get(p.load.classId)]);
    }
  }

  // Entries.
  const from = isoDate(opts.yearStart);
  const ids = placed.length
    ? (
        await client.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('"TimetableEntry"', 'id')) AS id FROM generate_series(1, $1)`, [
          placed.length,
        ])
      ).rows.map((r) => Number(r.id))
    : [];
  if (placed.length) {
    await client.query(
      `INSERT INTO "TimetableEntry" (id, "schoolId", "yearId", "classId", "subgroupId", "subjectId", "teacherId", "roomId", weekday, number, "validFrom")
       SELECT u.id, $1, $2, u.c, u.g, u.s, u.t, u.r, u.d, u.n, $3::date
         FROM unnest($4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[]) AS u(id, c, g, s, t, r, d, n)`,
      [
        schoolId,
        yearId,
        from,
        ids,
        placed.map((p) => p.load.classId),
        placed.map((p) => p.load.subgroupId),
        placed.map((p) => p.load.subjectId),
        placed.map((p) => p.load.teacherId),
        placed.map((p) => p.roomId),
        placed.map((p) => p.day),
        placed.map((p) => p.number),
      ],
    );
  }
  const slots = new Map<number, SeededSlot[]>();
  placed.forEach((p, i) => slots.set(p.load.id, [...(slots.get(p.load.id) ?? []), { day: p.day, number: p.number, entryId: ids[i]!, roomId: p.roomId }]));
  for (const list of slots.values()) list.sort((a, b) => a.day - b.day || a.number - b.number);
  return { slots, days: tt.days, teacherConflicts: tt.teacherConflicts, roomConflicts, entries: placed.length, existed: false };
}

/**
 * The lessons of the rest of the current year (after `after`) made by the
 * timetable module's generator from the seeded timetable: the teacher finds
 * today's and the coming lessons ready. Idempotent.
 */
export async function seedFutureLessons(schoolId: number, after: Date): Promise<SyncResult & { seconds: number }> {
  const started = Date.now();
  const year =
    (await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } })) ??
    (await prisma.academicYear.findFirst({ where: { schoolId }, orderBy: { startDate: "desc" } }));
  if (!year || after >= year.endDate) return { created: 0, updated: 0, removed: 0, kept: 0, seconds: 0 };
  const r = await generateLessons(schoolId, year.id, addDays(after, 1), year.endDate, { trustedRows: true });
  return { ...r, seconds: (Date.now() - started) / 1000 };
}
