/**
 * Fixtures of the school's notification producers (issue 15): the timetable school of tests/schedule
 * with a Thursday and a Wednesday of lessons, the subgroups filled, and readers of the notifications.
 */
import { prisma } from "../../src/lib/db.ts";
import type { NotificationKind } from "../../src/generated/prisma/client.ts";
import { addEntry, d, timetableSchool } from "../schedule/helpers.ts";

export { d };

/**
 * timetableSchool() plus: Thursday 10.12 — 5А: 1 «Математика» (teacherMath), 2 «Русский язык»
 * (teacherRussian), 3 «Английский язык» in two subgroups (1 группа: studentA1, teacherEnglish;
 * 2 группа: studentA2, teacherRussian); 5Б: 1 «Русский язык», 4 «Математика». Wednesday 09.12 — 5А:
 * 1 «Математика», 4 «Русский язык».
 */
export async function weekSchool() {
  const s = await timetableSchool();
  const a = s.classes["5А"]!.id;
  const b = s.classes["5Б"]!.id;
  const { schoolId } = s;
  await prisma.subgroupMembership.createMany({
    data: [
      { schoolId, subgroupId: s.subgroups.g1.id, studentId: s.students.studentA1!.studentId, fromDate: d("2026-09-01") },
      { schoolId, subgroupId: s.subgroups.g2.id, studentId: s.students.studentA2!.studentId, fromDate: d("2026-09-01") },
    ],
  });
  const thu = {
    mathA: await addEntry(s, a, { loadId: s.loads.mathA.id, roomId: s.rooms.r201.id, weekday: 4, number: 1 }),
    russianA: await addEntry(s, a, { loadId: s.loads.russianA.id, roomId: s.rooms.r202.id, weekday: 4, number: 2 }),
    englishG1: await addEntry(s, a, { loadId: s.loads.englishG1.id, roomId: s.rooms.r201.id, weekday: 4, number: 3 }),
    englishG2: await addEntry(s, a, { loadId: s.loads.englishG2.id, roomId: s.rooms.r202.id, weekday: 4, number: 3 }),
    russianB: await addEntry(s, b, { loadId: s.loads.russianB.id, roomId: s.rooms.r203.id, weekday: 4, number: 1 }),
    mathB: await addEntry(s, b, { loadId: s.loads.mathB.id, roomId: s.rooms.r203.id, weekday: 4, number: 4 }),
  };
  const wed = {
    mathA: await addEntry(s, a, { loadId: s.loads.mathA.id, roomId: s.rooms.r201.id, weekday: 3, number: 1 }),
    russianA: await addEntry(s, a, { loadId: s.loads.russianA.id, roomId: s.rooms.r202.id, weekday: 3, number: 4 }),
  };
  return { ...s, thu, wed };
}
export type WeekSchool = Awaited<ReturnType<typeof weekSchool>>;

/** The school's notifications of a kind, oldest first, as [user key, title, body, link] for exact comparison. */
export async function told(s: { schoolId: number; users: Record<string, { userId: number }> }, kind: NotificationKind, since = 0) {
  const names = new Map(Object.entries(s.users).map(([k, u]) => [u.userId, k]));
  const rows = await prisma.notification.findMany({ where: { schoolId: s.schoolId, kind, id: { gt: since } }, orderBy: { id: "asc" } });
  return rows.map((n) => ({ who: names.get(n.userId) ?? `user ${n.userId}`, title: n.title, body: n.body, link: n.link }));
}

/** The last notification id (to look only at what comes after). */
export async function lastNotificationId(): Promise<number> {
  return (await prisma.notification.aggregate({ _max: { id: true } }))._max.id ?? 0;
}

/** Who got notifications, sorted (a user twice when twice). */
export const whoOf = (rows: { who: string }[]) => rows.map((r) => r.who).sort();
