/**
 * R-JRN-14 (004 Регламент §2.1–2.3): topics entered after the lesson day and homework entered after the class's
 * last lesson of the day plus the school's allowance are counted by the monthly check and shown on the journal.
 * The entry times are stamped by the lesson form (journal/lessons.service entryTimes); the clock is set to the
 * instant of each save.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../../src/access/actor.ts";
import { setClock } from "../../src/lib/clock.ts";
import { prisma } from "../../src/lib/db.ts";
import { d } from "../support/fixtures.ts";
import { monthlyCheck } from "../../src/modules/reports/check.service.ts";
import { monthOf } from "../../src/modules/reports/reports.common.ts";
import { as } from "../support/http.ts";
import { journalSchool, type JournalSchool } from "../journal/helpers.ts";

const december = monthOf("2026-12");
let s: JournalSchool;

afterAll(() => setClock(process.env.TEST_NOW ?? null));

/** A lesson of 5А written directly (no topic, no homework), number `n` of the day. */
async function lesson(subject: "math" | "russian", date: string, n: number) {
  const teacher = subject === "math" ? s.users.teacherMath : s.users.teacherRussian;
  return prisma.lesson.create({
    data: { schoolId: s.schoolId, classId: s.classes["5А"]!.id, subjectId: s.subjects[subject].id, teacherId: teacher.personId, date: d(date), number: n },
  });
}

/** The teacher saves the lesson form at a given instant (Moscow time). */
async function saveAt(instant: string, l: { id: number; date: Date; number: number | null }, fields: { topic?: string; homework?: string }) {
  setClock(instant);
  const res = await (
    await as(s.users.teacherMath)
  ).form(`/journal/lessons/${l.id}`, {
    date: l.date.toISOString().slice(0, 10),
    number: String(l.number),
    topic: fields.topic ?? "",
    homework: fields.homework ?? "",
    works: String(s.types["Ответ на уроке"]),
  });
  expect(res.status).toBe(302);
}

const mathRow = async (userId: number) => {
  setClock("2026-12-09T18:00:00+03:00");
  const c = await monthlyCheck((await loadActor(userId))!, { month: december, classIds: [] });
  return c.teachers.flatMap((t) => t.rows).find((r) => r.className === "5А" && r.subjectId === s.subjects.math.id)!;
};

describe("timeliness of topics and homework (R-JRN-14)", () => {
  let onTime: { id: number; date: Date; number: number | null };
  let lateHw: { id: number; date: Date; number: number | null };
  let lateTopic: { id: number; date: Date; number: number | null };
  beforeAll(async () => {
    s = await journalSchool();
    // The default bell schedule: lesson 3 ends at 11:10 (670 minutes).
    const bells = await prisma.bellSchedule.create({ data: { schoolId: s.schoolId, name: "Основное", isDefault: true } });
    await prisma.bellSlot.createMany({
      data: [
        [1, 510, 555],
        [2, 565, 610],
        [3, 625, 670],
      ].map(([number, startMinute, endMinute]) => ({
        schoolId: s.schoolId,
        scheduleId: bells.id,
        number: number!,
        startMinute: startMinute!,
        endMinute: endMinute!,
      })),
    });
    // Mathematics is the 1st lesson, Russian the 3rd (the class's last) on 7 and 8 December.
    onTime = await lesson("math", "2026-12-07", 1);
    lateHw = await lesson("math", "2026-12-08", 1);
    lateTopic = await lesson("math", "2026-12-04", 1);
    await lesson("russian", "2026-12-07", 3);
    await lesson("russian", "2026-12-08", 3);
    // Homework exactly at the allowance (11:10 + 120 min = 13:10) is on time; one minute later is late.
    await saveAt("2026-12-07T13:10:00+03:00", onTime, { topic: "Дроби", homework: "№ 1" });
    await saveAt("2026-12-08T13:11:00+03:00", lateHw, { topic: "Дроби", homework: "№ 2" });
    // The topic of Friday's lesson entered at 23:59 that day is on time; its change at 00:00:30 on Saturday is late.
    await saveAt("2026-12-04T23:59:00+03:00", lateTopic, { topic: "Проценты" });
    await saveAt("2026-12-05T00:00:30+03:00", lateTopic, { topic: "Проценты и доли" });
  });

  it("stamps the entry times when a text is entered or changed, keeps them when it stays the same", async () => {
    const a = await prisma.lesson.findUniqueOrThrow({ where: { id: onTime.id } });
    expect(a.homeworkSetAt?.toISOString().slice(0, 16)).toBe("2026-12-07T10:10");
    // Saving again later with the same homework keeps the stamp (not late).
    await saveAt("2026-12-07T19:00:00+03:00", onTime, { topic: "Дроби", homework: "№ 1" });
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: onTime.id } })).homeworkSetAt?.toISOString().slice(0, 16)).toBe("2026-12-07T10:10");
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lateTopic.id } })).topicSetAt?.toISOString().slice(0, 19)).toBe("2026-12-04T21:00:30");
  });

  it("the monthly check counts one late topic and one late homework; exactly at the allowance is not late", async () => {
    const row = await mathRow(s.users.deputy.userId);
    expect(row).toMatchObject({ lessons: 3, lateTopic: 1, lateHomework: 1 });
    const rus = (await monthlyCheck((await loadActor(s.users.deputy.userId))!, { month: december, classIds: [] })).teachers
      .flatMap((t) => t.rows)
      .find((r) => r.subjectId === s.subjects.russian.id)!;
    expect(rus).toMatchObject({ lateTopic: 0, lateHomework: 0 });
    // The page shows both numbers in the class's details.
    const page = await (await as(s.users.deputy)).get(`/reports/check?month=2026-12&class=${s.classes["5А"]!.id}`);
    expect(page.text).toContain("Поздно: темы");
    expect(page.text).toContain("Поздно: д/з (+120 мин)");
  });

  it("the teacher sees the same counts on the journal", async () => {
    setClock("2026-12-09T18:00:00+03:00");
    const grid = await (await as(s.users.teacherMath)).get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`);
    expect(grid.text).toContain("тем уроков позже дня урока — 1, домашних заданий позже срока — 1");
    const other = await (await as(s.users.teacherRussian)).get(`/journal/${s.classes["5А"]!.id}/${s.subjects.russian.id}`);
    expect(other.text).not.toContain("Записано несвоевременно");
  });

  it("rows entered before the rule (no entry time) are unknown, never late; the school's allowance is its setting", async () => {
    await prisma.lesson.update({ where: { id: lateTopic.id }, data: { topicSetAt: null } });
    expect(await mathRow(s.users.deputy.userId)).toMatchObject({ lateTopic: 0, lateHomework: 1 });
    // With no allowance, homework at 13:10 after an 11:10 end is late too.
    const good = {
      name: "Школа",
      shortName: "Школа",
      lockDays: "30",
      sessionIdleMinutes: "30",
      lateControlWorkDays: "7",
      weekDays: "6",
      forecastThreshold5: "4,5",
      forecastThreshold4: "3,5",
      forecastThreshold3: "2,5",
    };
    const admin = await as(s.users.admin);
    const bad = await admin.form("/admin/school", { ...good, homeworkAllowanceMinutes: "сто" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="сто"');
    expect((await admin.form("/admin/school", { ...good, homeworkAllowanceMinutes: "0" })).status).toBe(302);
    expect((await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } })).homeworkAllowanceMinutes).toBe(0);
    expect(await mathRow(s.users.deputy.userId)).toMatchObject({ lateHomework: 2 });
  });
});
