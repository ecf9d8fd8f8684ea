/**
 * The home pages of deputies, administrators and the staff who keep the registers (issue 23 §2):
 * what each offers, read from the database the test wrote, with the links to where the work is done;
 * a block the catalogue does not give a role (or that a school narrows) is not there.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { clock } from "../../src/lib/clock.ts";
import { addDays, formatDate, isoDate, today } from "../../src/lib/dates.ts";
import { journalSchool, type JournalSchool } from "../journal/helpers.ts";
import { as } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { attendance, block, blocks, dm, items, lesson, links } from "./home-helpers.ts";

useMidQuarterDay(); // Wednesday 09.12.2026, 10:00 in Moscow; the 2nd quarter runs 05.11–28.12

const home = async (user: { login: string; userId?: number }) => {
  const res = await (await as(user)).get("/");
  expect(res.status).toBe(200);
  return res.text;
};

/** Blocks of teaching and families: never on the registers' staff's homes. */
const TEACHING = /^(family-|class-|teacher-)/;

describe("the deputy's and the administrator's home", () => {
  let s: JournalSchool;
  let deputy: string;
  let admin: string;
  beforeAll(async () => {
    s = await journalSchool();
    const { schoolId } = s;
    // Bells: lesson 1 at 08:30 has begun at 10:00, lesson 5 at 12:30 has not.
    await prisma.bellSchedule.create({
      data: {
        schoolId,
        name: "Основное",
        isDefault: true,
        slots: { create: [1, 2, 3, 4, 5].map((n) => ({ schoolId, number: n, startMinute: 510 + (n - 1) * 60, endMinute: 555 + (n - 1) * 60 })) },
      },
    });
    await lesson(s, { daysAgo: 0, number: 1, topic: "Дроби", taken: true });
    await lesson(s, { cls: "5Б", subject: "russian", daysAgo: 0, number: 2, topic: "Падежи" });
    await lesson(s, { subject: "english", daysAgo: 0, number: 5 });
    // The last three days: math 2 days ago without a topic, Russian yesterday without attendance; 4 days ago does not count.
    await lesson(s, { daysAgo: 2, taken: true });
    await lesson(s, { cls: "5Б", subject: "russian", daysAgo: 1, topic: "Имя существительное" });
    await lesson(s, { subject: "english", daysAgo: 4 });
    await lesson(s, { daysAgo: 3, topic: "Всё заполнено", taken: true });
    // Remarks: one in November (fixed), two in December (one fixed).
    const remark = (month: string, fixed: boolean) =>
      prisma.journalRemark.create({
        data: { schoolId, teacherId: s.users.teacherMath.personId, month: new Date(month), text: "Замечание", fixedAt: fixed ? clock.now() : null },
      });
    await remark("2026-11-01", true);
    await remark("2026-12-01", true);
    await remark("2026-12-01", false);
    // The secretary is locked out after wrong passwords.
    await prisma.user.update({ where: { id: s.users.secretary.userId }, data: { lockedUntil: new Date(clock.now().getTime() + 10 * 60_000) } });
    deputy = await home(s.users.deputy);
    admin = await home(s.users.admin);
  });

  it("shows how much of today's journal is filled among the lessons begun by now", async () => {
    const lessons = await prisma.lesson.findMany({ where: { schoolId: s.schoolId, date: today() } });
    expect(lessons).toHaveLength(3);
    for (const page of [deputy, admin])
      expect(block(page, "school-today")).toBe(
        "Журнал сегодня 50 % начавшихся уроков заполнено С темой и посещаемостью: 1 из 2; всего уроков сегодня — 3. Проверка журналов за декабрь 2026",
      );
    expect(links(deputy, "school-today")).toEqual(["/reports/check?month=2026-12"]);
  });

  it("lists the teachers whose lessons of the last three days lack a topic or attendance, with their journals", () => {
    expect(block(deputy, "school-gaps")).toBe(
      `Незаполненные уроки ${dm(addDays(today(), -3))}–${dm(addDays(today(), -1))} Учителей с уроками без темы или посещаемости: 2. ` +
        "Математиков П. И. (без темы — 1, без посещаемости — 0): 5А Математика Русакова М. О. (без темы — 0, без посещаемости — 1): 5Б Русский язык",
    );
    expect(links(deputy, "school-gaps")).toEqual([
      `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`,
      `/journal/${s.classes["5Б"]!.id}/${s.subjects.russian.id}`,
    ]);
  });

  it("shows the monthly check's remarks of the previous and this month and the open ones", () => {
    expect(items(deputy, "school-check")).toEqual(["ноябрь 2026: замечаний — 1, исправлено — 1", "декабрь 2026: замечаний — 2, исправлено — 1"]);
    expect(block(deputy, "school-check")).toContain("Не исправлено замечаний: 1");
    expect(links(deputy, "school-check")).toEqual(["/reports/check?month=2026-11", "/reports/check?month=2026-12", "/reports/remarks?open=1"]);
  });

  it("the administrator sees the locked accounts and the year's state; the deputy no accounts", async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { id: s.users.secretary.userId } });
    expect(items(admin, "admin-locked")).toEqual([expect.stringMatching(/^Секретарева Светлана Юрьевна \(.+\.secretary\) — до \d\d\.12\.2026 \d\d:\d\d$/)]);
    expect(links(admin, "admin-locked")).toEqual([`/admin/users/${user.id}`]);
    expect(blocks(deputy)).not.toContain("admin-locked");
    expect(block(admin, "admin-year")).toBe(
      `Учебный год ${s.year.name} — текущий, ${formatDate(s.year.startDate)}–${formatDate(s.year.endDate)} 1–11 классы: идёт 2-я четверть, до 28.12.2026 Следующий учебный год: ещё не создан`,
    );
    expect(links(admin, "admin-year")).toEqual(["/year-close"]);
    expect(links(deputy, "admin-year")).toEqual(["/setup/years"]);
  });

  it("neither has a family's or a teacher's block; the pages are valid HTML", async () => {
    for (const page of [deputy, admin]) {
      expect(blocks(page).filter((b) => TEACHING.test(b))).toEqual([]);
      expect(await htmlProblems(page)).toEqual([]);
    }
    // A teacher does not see the school's blocks.
    expect(blocks(await home(s.users.teacherMath)).filter((b) => b.startsWith("school-") || b.startsWith("admin-"))).toEqual([]);
  });
});

describe("the registers' pending work", () => {
  let s: JournalSchool;
  let newcomer: number;
  let orderId: number;
  beforeAll(async () => {
    s = await journalSchool();
    const { schoolId } = s;
    const [a1, a2] = [s.students.studentA1!.studentId, s.students.studentA2!.studentId];
    // A pupil enrolled ten days ago, with a consent and no login, by an order of two days ago.
    const person = await prisma.person.create({ data: { schoolId, lastName: "Новикова", firstName: "Нина", middleName: "Олеговна" } });
    newcomer = (await prisma.student.create({ data: { schoolId, personId: person.id } })).id;
    await prisma.classMembership.create({ data: { schoolId, studentId: newcomer, classId: s.classes["5Б"]!.id, fromDate: addDays(today(), -10) } });
    await prisma.personalDataConsent.create({ data: { schoolId, personId: person.id, date: addDays(today(), -10) } });
    await prisma.personalDataConsent.create({ data: { schoolId, personId: s.students.studentA1!.personId, date: today() } });
    const order = (daysAgo: number, cancelled = false) =>
      prisma.movementOrder.create({
        data: {
          schoolId,
          kind: "ENROL",
          number: `${daysAgo}-у`,
          orderDate: addDays(today(), -daysAgo),
          effectiveDate: addDays(today(), -daysAgo),
          studentId: newcomer,
          toClassId: s.classes["5Б"]!.id,
          changes: {},
          cancelledAt: cancelled ? clock.now() : null,
        },
      });
    orderId = (await order(2)).id;
    await order(20);
    await order(1, true);
    // Staff: a hire order three days ago, a category ending in a month, the math teacher trained a year ago.
    const staffOf = (p: number) => prisma.staff.findUniqueOrThrow({ where: { personId: p } });
    const math = await staffOf(s.users.teacherMath.personId);
    const russian = await staffOf(s.users.teacherRussian.personId);
    await prisma.staffEvent.create({
      data: { schoolId, staffId: math.id, kind: "HIRE", orderNumber: "12-к", orderDate: addDays(today(), -3), date: addDays(today(), -3) },
    });
    await prisma.staffQualification.create({
      data: { schoolId, staffId: russian.id, category: "FIRST", assignedAt: new Date("2021-12-01"), validUntil: addDays(today(), 30) },
    });
    await prisma.staffTraining.create({
      data: { schoolId, staffId: math.id, course: "Курсы", hours: 72, fromDate: addDays(today(), -400), toDate: addDays(today(), -365) },
    });
    // Medical: Артём has a health group; Вера is ill today.
    await prisma.studentMedical.create({ data: { schoolId, studentId: a1, healthGroup: "II" } });
    await attendance(s, (await lesson(s, { daysAgo: 0, number: 1 })).id, a2, "ILL");
    // The timetable: today's math of 5А moves to room 203.
    const room = await prisma.room.create({ data: { schoolId, name: "203" } });
    const weekday = ((today().getUTCDay() + 6) % 7) + 1;
    const entry = await prisma.timetableEntry.create({
      data: {
        schoolId,
        yearId: s.year.id,
        classId: s.classes["5А"]!.id,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        weekday,
        number: 1,
        validFrom: s.year.startDate,
      },
    });
    await prisma.timetableChange.create({ data: { schoolId, entryId: entry.id, date: today(), kind: "ROOM", roomId: room.id } });
  });

  it("the secretary: pupils and parents without a consent, logins to issue, recent orders", async () => {
    const page = await home(s.users.secretary);
    const pupils = await prisma.student.findMany({ where: { schoolId: s.schoolId }, include: { person: { include: { consent: true } } } });
    const without = pupils.filter((p) => !p.person.consent);
    expect(without).toHaveLength(2);
    expect(block(page, "reg-consent")).toMatch(/^Согласия на обработку персональных данных Учеников без согласия: 2; родителей: 2\./);
    expect(items(page, "reg-consent")).toEqual(["Алексеева Дарья Игоревна 5Б, в школе с 01.09.2026", "Борисова Вера Андреевна 5А, в школе с 01.09.2026"]);
    expect(links(page, "reg-consent").sort()).toEqual(without.map((p) => `/students/${p.id}#consent`).sort());
    expect(block(page, "reg-logins")).toContain("Можно выдать логины: 1");
    expect(items(page, "reg-orders")).toEqual([`№ 2-у от ${dm(addDays(today(), -2))} — зачисление: Новикова Нина Олеговна`]);
    expect(links(page, "reg-orders")).toEqual(["/movement", `/movement/${orderId}`]);
    expect(blocks(page).filter((b) => TEACHING.test(b) || b.startsWith("school-"))).toEqual([]);
    expect(blocks(page)).not.toContain("reg-staff");
    expect(await htmlProblems(page)).toEqual([]);
  });

  it("HR: staff orders, categories that end, teachers without training in three years", async () => {
    const page = await home(s.users.hr);
    const math = await prisma.staff.findUniqueOrThrow({ where: { personId: s.users.teacherMath.personId } });
    const russian = await prisma.staff.findUniqueOrThrow({ where: { personId: s.users.teacherRussian.personId } });
    expect(items(page, "reg-staff")).toEqual([
      `Математиков Пётр Ильич — приём, приказ № 12-к от ${dm(addDays(today(), -3))}`,
      `Русакова Мария Олеговна — до ${formatDate(addDays(today(), 30))}`,
      "Инглишева Елена Викторовна курсов нет",
      "Русакова Мария Олеговна курсов нет",
    ]);
    expect(links(page, "reg-staff")).toEqual(expect.arrayContaining([`/staff/${math.id}`, `/staff/${russian.id}`]));
    expect(blocks(page)).toEqual(["reg-staff", "home-news"]);
  });

  it("the medical worker: pupils without a health group and pupils ill today", async () => {
    const page = await home(s.users.medic);
    const noGroup = await prisma.student.count({ where: { schoolId: s.schoolId, medical: null } });
    expect(block(page, "reg-medical")).toMatch(new RegExp(`^Нет группы здоровья Учеников: ${noGroup} `));
    expect(links(page, "reg-medical")).not.toContain(`/students/${s.students.studentA1!.studentId}/medical`);
    expect(block(page, "reg-ill")).toBe("Болеют сегодня Учеников: 1 5А — 1");
    expect(links(page, "reg-ill")).toEqual([`/reports/attendance?month=${isoDate(today()).slice(0, 7)}`]);
    expect(blocks(page)).toEqual(["reg-ill", "reg-medical", "home-news"]);
  });

  it("the psychologist: new pupils without the social section", async () => {
    const page = await home(s.users.psychologist);
    expect(items(page, "reg-social")).toEqual([`Новикова Нина Олеговна 5Б, в школе с ${formatDate(addDays(today(), -10))}`]);
    expect(links(page, "reg-social")).toEqual([`/students/${newcomer}/social`]);
    expect(blocks(page)).toEqual(["reg-social", "home-news"]);
  });

  it("technical staff: today's changes of the timetable", async () => {
    const page = await home(s.users.tech);
    expect(items(page, "reg-changes")).toEqual(["1-й урок, 5А, Математика: другой кабинет — 203"]);
    expect(links(page, "reg-changes")).toEqual([`/schedule/changes?date=${isoDate(today())}`]);
    expect(blocks(page)).toEqual(["reg-changes", "home-news"]);
  });

  it("a block follows the school's rights: without consents to record the secretary has no consent block", async () => {
    await prisma.roleGrantOverride.create({ data: { schoolId: s.schoolId, role: "SECRETARY", entity: "consent", action: "update", scope: "none" } });
    const page = await home(s.users.secretary);
    expect(blocks(page)).not.toContain("reg-consent");
    expect(blocks(page)).toContain("reg-orders");
  });
});
