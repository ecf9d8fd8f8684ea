/**
 * What a visitor of the demo school sees working beyond the journal: the year's movement book
 * (enrolments during the year, a transfer between parallel classes, a withdrawal to another
 * school, R-REG-3..4) consistent with the memberships and the seeded journal, the personnel
 * cards (R-REG-5: education, qualification categories, courses, hire orders), and no homework
 * or marks in grade 1 (СанПиН 1.2.3685-21, безотметочное обучение), which the monthly check
 * does not count as gaps.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma, pgPool } from "../../src/lib/db.ts";
import { addDays, isoDate, parseIsoDate } from "../../src/lib/dates.ts";
import type { MovementChanges } from "../../src/modules/movement/movement.service.ts";
import { RECORDS_AS_OF, YEAR } from "../../src/seed/calendar.ts";
import { seedJournal } from "../../src/seed/journal.ts";
import { loadActor } from "../../src/access/actor.ts";
import { monthlyCheck } from "../../src/modules/reports/check.service.ts";
import { monthOf } from "../../src/modules/reports/reports.common.ts";
import { addYears, isTeachingTitle } from "../../src/seed/plan-staff-cards.ts";
import { seedSchool } from "../../src/seed/school.ts";
import { seedStaffPersonalData } from "../../src/seed/staff-pd.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

const AS_OF = parseIsoDate(RECORDS_AS_OF)!;
const YEAR_START = parseIsoDate(YEAR.start)!;
const DAY = 86_400_000;
let schoolId: number;

// The journal up to a fixed school day, whatever TEST_NOW the run has.
useMidQuarterDay();

beforeAll(async () => {
  schoolId = (await seedSchool("demo")).schoolId;
  await seedJournal(schoolId, "demo");
  await seedStaffPersonalData(schoolId, "demo"); // the HR card's personal data needs demo.hr's undertaking (R-SEC-7)
}, 240_000);

const q = async <T extends object>(sql: string, params: unknown[]) => (await pgPool().query<T & object>(sql, params)).rows;

async function ordersOf(kind: "ENROL" | "TRANSFER" | "WITHDRAW") {
  const orders = await prisma.movementOrder.findMany({
    where: { schoolId, kind },
    include: { fromClass: true, toClass: true, student: { include: { memberships: { orderBy: { fromDate: "asc" } }, subgroups: true } } },
    orderBy: { effectiveDate: "asc" },
  });
  return orders.map((o) => ({ ...o, changes: o.changes as MovementChanges }));
}

/** Marks and absences of a student, with the class and date of their lesson. */
const journalOf = (studentId: number) =>
  q<{ classId: number; date: Date }>(
    `SELECT l."classId", l.date FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" WHERE m."studentId" = $1
     UNION ALL SELECT l."classId", l.date FROM "Attendance" a JOIN "Lesson" l ON l.id = a."lessonId" WHERE a."studentId" = $1`,
    [studentId],
  );

describe("demo school: the movement book", () => {
  it("holds three enrolments, a transfer and a withdrawal, numbered in date order, registered by the secretary in September–November", async () => {
    const orders = await prisma.movementOrder.findMany({ where: { schoolId }, orderBy: { orderDate: "asc" } });
    expect(orders.map((o) => o.kind).sort()).toEqual(["ENROL", "ENROL", "ENROL", "TRANSFER", "WITHDRAW"]);
    const secretary = await prisma.user.findUniqueOrThrow({ where: { login: "demo.secretary" } });
    const numbers = orders.map((o) => Number(/^(\d+)-у$/.exec(o.number)![1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const o of orders) {
      expect(o.cancelledAt).toBeNull();
      expect(o.createdById).toBe(secretary.id);
      expect(o.orderDate.getTime()).toBeLessThanOrEqual(o.effectiveDate.getTime());
      expect(o.effectiveDate.getTime()).toBeGreaterThan(YEAR_START.getTime());
      expect(o.effectiveDate.getTime()).toBeLessThanOrEqual(AS_OF.getTime());
      const logged = await prisma.auditLog.findFirstOrThrow({ where: { schoolId, entity: "movement-order", entityId: String(o.id), action: "create" } });
      expect(logged.actorId).toBe(secretary.id);
    }
    // The named demo accounts keep their classes: none of them, nor their children, moved.
    const named = await prisma.user.findMany({
      where: { login: { startsWith: "demo." } },
      include: { person: { include: { student: true, childrenLinks: true } } },
    });
    const namedStudents = new Set(named.flatMap((u) => [u.person.student?.id, ...u.person.childrenLinks.map((l) => l.studentId)]));
    for (const o of orders) expect(namedStudents.has(o.studentId)).toBe(false);
  });

  it("enrols pupils into existing classes from the order's date: no earlier membership, subgroups from that day, no journal before", async () => {
    const enrolments = await ordersOf("ENROL");
    expect(enrolments).toHaveLength(3);
    for (const o of enrolments) {
      expect(["FROM_SCHOOL", "FROM_FAMILY"]).toContain(o.reason);
      expect(o.fromClassId).toBeNull();
      const [m, ...others] = o.student.memberships;
      expect(others).toEqual([]);
      expect({ classId: m!.classId, from: isoDate(m!.fromDate), to: m!.toDate }).toEqual({ classId: o.toClassId, from: isoDate(o.effectiveDate), to: null });
      expect(o.changes).toEqual({ closed: [], opened: [{ kind: "class", id: m!.id }] });
      if (o.toClass!.grade >= 2) expect(o.student.subgroups.length).toBeGreaterThan(0);
      for (const g of o.student.subgroups) expect(isoDate(g.fromDate)).toBe(isoDate(o.effectiveDate));
      const journal = await journalOf(o.studentId);
      expect(journal.length).toBeGreaterThan(0);
      expect(journal.filter((r) => r.date.getTime() < o.effectiveDate.getTime())).toEqual([]);
    }
    // Three different classes, one in the senior school.
    expect(new Set(enrolments.map((o) => o.toClassId)).size).toBe(3);
  });

  it("transfers a pupil from 6А to 6Б: the membership and subgroups split on the effective date, marks follow the class of the day", async () => {
    const [o, ...more] = await ordersOf("TRANSFER");
    expect(more).toEqual([]);
    expect([o!.fromClass!.grade, o!.fromClass!.letter, o!.toClass!.grade, o!.toClass!.letter]).toEqual([6, "А", 6, "Б"]);
    const D = o!.effectiveDate;
    const [before, after] = o!.student.memberships;
    expect(o!.student.memberships).toHaveLength(2);
    expect([before!.classId, isoDate(before!.fromDate), isoDate(before!.toDate!)]).toEqual([o!.fromClassId, YEAR.start, isoDate(addDays(D, -1))]);
    expect([after!.classId, isoDate(after!.fromDate), after!.toDate]).toEqual([o!.toClassId, isoDate(D), null]);
    expect(o!.changes.opened).toEqual([{ kind: "class", id: after!.id }]);
    expect(o!.changes.closed.filter((c) => c.kind === "class")).toEqual([
      { kind: "class", id: before!.id, previousToDate: null, toDate: isoDate(addDays(D, -1)) },
    ]);
    // Subgroups: those of 6А end the day before (recorded in the order), those of 6Б start on the day.
    const groups = await prisma.subgroupMembership.findMany({ where: { studentId: o!.studentId }, include: { subgroup: { include: { subject: true } } } });
    const old = groups.filter((g) => g.subgroup.classId === o!.fromClassId);
    const fresh = groups.filter((g) => g.subgroup.classId === o!.toClassId);
    expect(old.length).toBe(3);
    expect(fresh.map((g) => g.subgroup.subject.name).sort()).toEqual(old.map((g) => g.subgroup.subject.name).sort());
    for (const g of old) expect(isoDate(g.toDate!)).toBe(isoDate(addDays(D, -1)));
    for (const g of fresh) expect([isoDate(g.fromDate), g.toDate]).toEqual([isoDate(D), null]);
    expect(
      o!.changes.closed
        .filter((c) => c.kind === "subgroup")
        .map((c) => c.id)
        .sort(),
    ).toEqual(old.map((g) => g.id).sort());
    const journal = await journalOf(o!.studentId);
    const early = journal.filter((r) => r.date.getTime() < D.getTime());
    const late = journal.filter((r) => r.date.getTime() >= D.getTime());
    expect(early.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);
    expect(new Set(early.map((r) => r.classId))).toEqual(new Set([o!.fromClassId]));
    expect(new Set(late.map((r) => r.classId))).toEqual(new Set([o!.toClassId]));
  });

  it("withdraws a pupil to another school with that school's enrolment order: the membership ends, no marks after", async () => {
    const [o, ...more] = await ordersOf("WITHDRAW");
    expect(more).toEqual([]);
    expect(o!.reason).toBe("TO_SCHOOL");
    expect(o!.destSchool).toMatch(/^МБОУ «.+» г\. /);
    expect(o!.destOrderNumber).toBeTruthy();
    expect(o!.destOrderDate!.getTime()).toBeLessThanOrEqual(o!.orderDate.getTime());
    expect(o!.toClassId).toBeNull();
    const D = o!.effectiveDate;
    const [m, ...others] = o!.student.memberships;
    expect(others).toEqual([]);
    expect([m!.classId, isoDate(m!.toDate!)]).toEqual([o!.fromClassId, isoDate(addDays(D, -1))]);
    expect(o!.changes.opened).toEqual([]);
    expect(o!.changes.closed[0]).toEqual({ kind: "class", id: m!.id, previousToDate: null, toDate: isoDate(addDays(D, -1)) });
    for (const g of o!.student.subgroups) expect(isoDate(g.toDate!)).toBe(isoDate(addDays(D, -1)));
    const journal = await journalOf(o!.studentId);
    expect(journal.filter((r) => r.date.getTime() < D.getTime()).length).toBeGreaterThan(0);
    expect(journal.filter((r) => r.date.getTime() >= D.getTime())).toEqual([]);
  });

  it("gives marks and attendance only to members of the class and subgroup on the lesson day, in the whole school", async () => {
    for (const table of ["Mark", "Attendance"]) {
      const [row] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" x JOIN "Lesson" l ON l.id = x."lessonId"
          WHERE l."schoolId" = $1 AND (
            NOT EXISTS (SELECT 1 FROM "ClassMembership" m WHERE m."studentId" = x."studentId" AND m."classId" = l."classId"
                         AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date))
            OR (l."subgroupId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "SubgroupMembership" g WHERE g."studentId" = x."studentId"
                         AND g."subgroupId" = l."subgroupId" AND g."fromDate" <= l.date AND (g."toDate" IS NULL OR g."toDate" >= l.date))))`,
        [schoolId],
      );
      expect(row!.n, table).toBe(0);
    }
  });
});

describe("demo school: what the secretary and the HR specialist see", () => {
  it("the movement book lists the orders, an order page shows the other school; the HR card shows education and courses", async () => {
    const orders = await prisma.movementOrder.findMany({ where: { schoolId } });
    const secretary = await as({ login: "demo.secretary" });
    const book = await secretary.get("/movement");
    expect(book.status).toBe(200);
    for (const o of orders) expect(book.text).toContain(o.number);
    const withdrawal = orders.find((o) => o.kind === "WITHDRAW")!;
    const page = await secretary.get(`/movement/${withdrawal.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(withdrawal.destSchool!);

    const card = await prisma.staff.findFirstOrThrow({
      where: { schoolId, qualifications: { some: {} } },
      include: { education: true, trainings: true },
      orderBy: { id: "asc" },
    });
    const hr = await as({ login: "demo.hr" });
    const res = await hr.get(`/staff/${card.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(card.personnelNumber!);
    expect(res.text).toContain(card.education[0]!.speciality!);
    expect(res.text).toContain(card.trainings[0]!.course);
    expect((await hr.get("/staff/reports")).status).toBe(200);
  });
});

describe("demo school: grade 1", () => {
  it("has lessons with topics but no homework and no marks (СанПиН 1.2.3685-21, безотметочное обучение)", async () => {
    const where = { schoolId, class: { grade: 1 } };
    expect(await prisma.lesson.count({ where: { ...where, date: { lte: AS_OF } } })).toBeGreaterThan(300);
    expect(await prisma.lesson.count({ where: { ...where, homework: { not: null } } })).toBe(0);
    expect(await prisma.lesson.count({ where: { ...where, homeworkDue: { not: null } } })).toBe(0);
    expect(await prisma.mark.count({ where: { lesson: where } })).toBe(0);
    expect(await prisma.finalMark.count({ where: { schoolId, student: { memberships: { some: { class: { grade: 1 } } } } } })).toBe(0);
    // Grade 2 does get homework and marks.
    expect(await prisma.lesson.count({ where: { schoolId, class: { grade: 2 }, homework: { not: null } } })).toBeGreaterThan(100);
    expect(await prisma.mark.count({ where: { lesson: { schoolId, class: { grade: 2 } } } })).toBeGreaterThan(100);
  });

  it("the deputy's monthly check of November counts no 1st-grade lesson as without homework, and 2nd-grade gaps as the database has them", async () => {
    const deputy = (await loadActor((await prisma.user.findUniqueOrThrow({ where: { login: "demo.deputy" } })).id))!;
    const check = await monthlyCheck(deputy, { month: monthOf("2026-11"), classIds: [] });
    const november = { gte: parseIsoDate("2026-11-01")!, lte: parseIsoDate("2026-11-30")! };
    for (const b of check.classes.filter((c) => c.grade <= 2)) {
      const noHomework = await prisma.lesson.count({ where: { schoolId, classId: b.classId, date: november, homework: null } });
      if (b.grade === 1) {
        expect(noHomework, b.name).toBeGreaterThan(50);
        expect(b.total, b.name).toMatchObject({ noHomework: 0, homeworkSet: false });
      } else expect(b.total.noHomework, b.name).toBe(noHomework);
    }
  });

  it("a few of November's topics and homework were entered late, and the check counts the topics as the database has them (R-JRN-14)", async () => {
    const deputy = (await loadActor((await prisma.user.findUniqueOrThrow({ where: { login: "demo.deputy" } })).id))!;
    const check = await monthlyCheck(deputy, { month: monthOf("2026-11"), classIds: [] });
    const lessons = await prisma.lesson.findMany({
      where: { schoolId, date: { gte: parseIsoDate("2026-11-01")!, lte: parseIsoDate("2026-11-30")! }, topicSetAt: { not: null } },
      select: { date: true, topic: true, topicSetAt: true },
    });
    // Moscow midnight after the lesson day is 21:00 UTC of the lesson day.
    const late = lessons.filter((l) => l.topic?.trim() && l.topicSetAt!.getTime() >= l.date.getTime() + DAY - 3 * 3_600_000).length;
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(lessons.length / 20);
    expect(check.total.lateTopic).toBe(late);
    expect(check.total.lateHomework).toBeGreaterThan(late);
  });
});

describe("demo school: personnel cards", () => {
  const staffRows = () =>
    prisma.staff.findMany({
      where: { schoolId },
      include: {
        person: true,
        positions: true,
        education: true,
        qualifications: { orderBy: { assignedAt: "asc" } },
        trainings: true,
        events: true,
        awards: true,
      },
    });

  it("gives everyone a personnel number, a hire order for the position, and service that starts before the hire", async () => {
    const staff = await staffRows();
    expect(new Set(staff.map((s) => s.personnelNumber)).size).toBe(staff.length);
    for (const s of staff) {
      const birth = s.person.birthDate!.getTime();
      expect(s.personnelNumber).toMatch(/^\d{4}$/);
      expect(s.events).toHaveLength(1);
      const [hire] = s.events;
      expect([hire!.kind, isoDate(hire!.date), hire!.position, Number(hire!.rate)]).toEqual([
        "HIRE",
        isoDate(s.hiredAt!),
        s.positions[0]!.title,
        Number(s.positions[0]!.rate),
      ]);
      expect(hire!.orderNumber).toMatch(/^\d+-к$/);
      expect(hire!.orderDate.getTime()).toBeLessThanOrEqual(hire!.date.getTime());
      expect(s.serviceSince!.getTime()).toBeLessThanOrEqual(s.hiredAt!.getTime());
      expect((s.serviceSince!.getTime() - birth) / (365.25 * DAY)).toBeGreaterThanOrEqual(17);
      if (isTeachingTitle(s.positions[0]!.title)) {
        expect(s.teachingSince!.getTime()).toBeGreaterThanOrEqual(s.serviceSince!.getTime());
        expect(s.teachingSince!.getTime()).toBeLessThanOrEqual(s.hiredAt!.getTime());
      } else expect(s.teachingSince).toBeNull();
    }
  });

  it("gives everyone education that fits their age, the teachers a pedagogical one", async () => {
    const staff = await staffRows();
    const levels = new Set<string>();
    for (const s of staff) {
      expect(s.education.length).toBeGreaterThanOrEqual(1);
      const born = s.person.birthDate!.getUTCFullYear();
      for (const e of s.education) {
        levels.add(e.level);
        expect(["POSTGRAD", "HIGHER", "SECONDARY_PROF", "SECONDARY"]).toContain(e.level);
        expect(e.graduationYear - born).toBeGreaterThanOrEqual(17);
        expect(e.graduationYear).toBeLessThanOrEqual(2026);
        expect(e.institution.length).toBeGreaterThan(10);
      }
      const first = Math.min(...s.education.map((e) => e.graduationYear));
      expect(first).toBeLessThanOrEqual(s.hiredAt!.getUTCFullYear());
      if (/^Учитель/.test(s.positions[0]!.title))
        expect(s.education.some((e) => e.level === "HIGHER" && /(университет|институт)/.test(e.institution) && e.speciality)).toBe(true);
    }
    expect(levels.has("HIGHER") && levels.has("SECONDARY_PROF")).toBe(true);
  });

  it("gives every teaching position a current category valid five years, or teaching of under two years; other positions none", async () => {
    const staff = await staffRows();
    const current = new Map<string, number>();
    for (const s of staff) {
      const title = s.positions[0]!.title;
      if (!isTeachingTitle(title)) {
        // Categories are for teaching positions only.
        expect(s.qualifications, title).toEqual([]);
        continue;
      }
      for (const q of s.qualifications) {
        expect(isoDate(q.validUntil!)).toBe(isoDate(new Date(addYears(q.assignedAt.getTime(), 5))));
        expect(q.orderNumber).toMatch(q.category === "CONFORMITY" ? /^\d+-о$/ : /^\d+\/ПК$/);
        expect(q.assignedAt.getTime()).toBeGreaterThanOrEqual(addYears(s.teachingSince!.getTime(), 2));
        expect(q.assignedAt.getTime()).toBeLessThanOrEqual(AS_OF.getTime());
      }
      const last = s.qualifications.at(-1);
      if (!last) {
        // Not attested yet: teaching for less than two years.
        expect(addYears(s.teachingSince!.getTime(), 2)).toBeGreaterThan(AS_OF.getTime() - 30 * DAY);
        continue;
      }
      expect(last.validUntil!.getTime()).toBeGreaterThan(AS_OF.getTime());
      expect(["FIRST", "HIGHEST", "CONFORMITY"]).toContain(last.category);
      if (last.category === "CONFORMITY") expect(last.assignedAt.getTime()).toBeGreaterThanOrEqual(addYears(s.hiredAt!.getTime(), 2));
      current.set(last.category, (current.get(last.category) ?? 0) + 1);
    }
    for (const c of ["FIRST", "HIGHEST", "CONFORMITY"]) expect(current.get(c), c).toBeGreaterThanOrEqual(2);
  });

  it("gives everyone one to three courses of 16–72 hours in the last three years", async () => {
    const staff = await staffRows();
    const threeYearsAgo = addYears(AS_OF.getTime(), -3);
    for (const s of staff) {
      expect(s.trainings.length).toBeGreaterThanOrEqual(1);
      expect(s.trainings.length).toBeLessThanOrEqual(3);
      expect(new Set(s.trainings.map((t) => t.course)).size).toBe(s.trainings.length);
      for (const t of s.trainings) {
        expect(t.hours).toBeGreaterThanOrEqual(16);
        expect(t.hours).toBeLessThanOrEqual(72);
        expect(t.fromDate.getTime()).toBeGreaterThanOrEqual(threeYearsAgo);
        expect(t.toDate.getTime()).toBeGreaterThanOrEqual(t.fromDate.getTime());
        expect(t.toDate.getTime()).toBeLessThanOrEqual(AS_OF.getTime());
        expect(t.provider).toBeTruthy();
        expect(t.document).toMatch(/^Удостоверение о повышении квалификации \d{12}/);
      }
    }
  });
});
