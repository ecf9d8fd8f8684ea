/**
 * The demo school seed (npm run seed) and the large benchmark plan: sizes,
 * roles, classes, load, subgroups, families, idempotence and determinism.
 * R-ROLE-1, R-ROLE-2, R-SEC-1, R-SEC-2, R-PLN-2, R-PLN-4, R-JRN-6.
 */
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../src/access/roles.ts";
import { prisma } from "../../src/lib/db.ts";
import { isoDate } from "../../src/lib/dates.ts";
import type { MovementChanges } from "../../src/modules/movement/movement.service.ts";
import { passwordProblem } from "../../src/lib/passwords.ts";
import { SPECIALTY_TITLES, SUBJECTS, isSplit, specialtyFor } from "../../src/seed/curriculum.ts";
import { isSeeded } from "../../src/seed/index.ts";
import { patronymic } from "../../src/seed/names.ts";
import { buildSchoolPlan } from "../../src/seed/plan.ts";
import { planCounts } from "../../src/seed/plan-counts.ts";
import { DEMO_KEYS, type SchoolPlan } from "../../src/seed/plan-types.ts";
import { DEMO_PASSWORD, countSchool, seedSchool, type SeedResult } from "../../src/seed/school.ts";
import { signIn } from "../support/http.ts";

let seeded: SeedResult;
let schoolId: number;

beforeAll(async () => {
  seeded = await seedSchool("demo");
  schoolId = seeded.schoolId;
}, 60_000);

const demoUser = (key: string) =>
  prisma.user.findUniqueOrThrow({ where: { login: `demo.${key}` }, include: { roles: true, person: { include: { childrenLinks: true } } } });

const changesOf = (o: { changes: unknown }) => o.changes as MovementChanges;

async function currentClassOf(studentId: number) {
  const m = await prisma.classMembership.findFirstOrThrow({ where: { studentId, toDate: null }, include: { class: true } });
  return m.class;
}

describe("demo school: size and accounts", () => {
  it("holds about 550 students in 22–33 classes, about 45 staff and a parent account for every consenting family", async () => {
    const c = seeded.counts;
    expect(seeded.created).toBe(true);
    expect(c.students).toBeGreaterThanOrEqual(500);
    expect(c.students).toBeLessThanOrEqual(600);
    expect(c.classes).toBeGreaterThanOrEqual(22);
    expect(c.classes).toBeLessThanOrEqual(33);
    expect(c.staff).toBeGreaterThanOrEqual(40);
    expect(c.staff).toBeLessThanOrEqual(50);
    expect(c.parents).toBeGreaterThan(c.students);
    expect(c.staffParents).toBeGreaterThanOrEqual(1);
    expect(c.rooms).toBeGreaterThanOrEqual(35);
    // Everyone has an account except the pupils and parents of the families without consent (R-SEC-6, tests/seed/consent.test.ts).
    const noAccount = await prisma.person.findMany({ where: { schoolId, user: null }, include: { student: true, staff: true, childrenLinks: true } });
    expect(noAccount.length).toBeGreaterThan(0);
    expect(noAccount.length).toBeLessThan(c.users / 5);
    expect(noAccount.filter((p) => p.staff || (!p.student && !p.childrenLinks.length))).toEqual([]);
    expect(c.users).toBe((await prisma.person.count({ where: { schoolId } })) - noAccount.length);
    expect(await countSchool(schoolId)).toEqual(c);
    expect(c).toEqual(planCounts(buildSchoolPlan("demo")));
    expect(c.movementOrders).toBe(5);
  });

  it("has grades 1–11 with two or three classes each", async () => {
    const classes = await prisma.schoolClass.groupBy({ by: ["grade"], where: { schoolId }, _count: true, orderBy: { grade: "asc" } });
    expect(classes.map((g) => g.grade)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const g of classes) expect([2, 3]).toContain(g._count);
  });

  it("gives every person with an account one unique lower-case latin login, no forced password change (R-SEC-1)", async () => {
    const users = await prisma.user.findMany({ where: { schoolId }, select: { login: true, mustChangePassword: true, personId: true } });
    for (const u of users) expect(u.login).toMatch(/^[a-z][a-z0-9.]*$/);
    expect(new Set(users.map((u) => u.login)).size).toBe(users.length);
    expect(users.every((u) => !u.mustChangePassword)).toBe(true);
    const withoutRole = await prisma.user.count({ where: { schoolId, roles: { none: {} } } });
    expect(withoutRole).toBe(0);
  });

  it("has one named login per role, and every role of R-ROLE-1 appears among them", async () => {
    const users = await prisma.user.findMany({ where: { login: { in: DEMO_KEYS.map((k) => `demo.${k}`) } }, include: { roles: true, person: true } });
    expect(users.map((u) => u.login).sort()).toEqual(DEMO_KEYS.map((k) => `demo.${k}`).sort());
    const roles = new Set(users.flatMap((u) => u.roles.map((r) => r.role as string)));
    const leads = await prisma.schoolClass.count({ where: { schoolId, classTeacherId: (await demoUser("classteacher")).personId } });
    if (leads) roles.add("CLASS_TEACHER");
    expect([...roles].sort()).toEqual([...ROLES].sort());
    // The shared password passes the password rules for every named account (R-SEC-2).
    for (const u of users) expect(passwordProblem(DEMO_PASSWORD, { login: u.login, lastName: u.person.lastName, birthDate: u.person.birthDate })).toBeNull();
  });

  it("ties the named accounts to what they demonstrate", async () => {
    const teacher = await demoUser("teacher");
    const taught = await prisma.teachingLoad.findMany({ where: { teacherId: teacher.personId }, distinct: ["classId"] });
    expect(taught.length).toBeGreaterThanOrEqual(3);
    expect(await prisma.schoolClass.count({ where: { classTeacherId: teacher.personId } })).toBe(0);

    const classTeacher = await demoUser("classteacher");
    const led = await prisma.schoolClass.findFirstOrThrow({ where: { classTeacherId: classTeacher.personId } });
    expect(await prisma.teachingLoad.count({ where: { teacherId: classTeacher.personId, classId: led.id } })).toBeGreaterThan(0);

    const parent = await demoUser("parent");
    expect(parent.person.childrenLinks).toHaveLength(2);
    const classes = await Promise.all(parent.person.childrenLinks.map((l) => currentClassOf(l.studentId)));
    expect(classes[0]!.id).not.toBe(classes[1]!.id);

    const student = await demoUser("student");
    const own = await prisma.student.findUniqueOrThrow({ where: { personId: student.personId } });
    expect(parent.person.childrenLinks.map((l) => l.studentId)).toContain(own.id);

    const tp = await demoUser("teacherparent");
    expect(tp.roles.map((r) => r.role).sort()).toEqual(["PARENT", "TEACHER"]);
    expect(tp.person.childrenLinks.length).toBeGreaterThan(0);
    expect(await prisma.staff.count({ where: { personId: tp.personId } })).toBe(1);
  });

  it("lets the named accounts sign in with the demo password", async () => {
    for (const key of ["admin", "teacher", "parent"]) {
      const agent = await signIn(`demo.${key}`, DEMO_PASSWORD);
      expect((await agent.get("/")).status).toBe(200);
    }
  });
});

describe("demo school: staff, classes and load", () => {
  it("staffs every role, with two deputies (УВР and ВР), and gives every staff member a position with a hire date", async () => {
    const staff = await prisma.staff.findMany({
      where: { schoolId },
      include: { positions: true, person: { include: { user: { include: { roles: true } } } } },
    });
    const roles = new Set(staff.flatMap((s) => s.person.user!.roles.map((r) => r.role)));
    for (const r of ["ADMIN", "DEPUTY", "TEACHER", "SECRETARY", "HR", "MEDIC", "PSYCHOLOGIST", "TECH_STAFF"]) expect(roles).toContain(r);
    const titles = staff.flatMap((s) => s.positions.map((p) => p.title));
    expect(titles).toContain("Заместитель директора по УВР");
    expect(titles).toContain("Заместитель директора по ВР");
    for (const s of staff) {
      expect(s.hiredAt).not.toBeNull();
      expect(s.positions).toHaveLength(1);
    }
  });

  it("gives every class a class teacher who teaches in it, a home room, and a roster from 1 September (later only by an order)", async () => {
    const classes = await prisma.schoolClass.findMany({ where: { schoolId }, include: { memberships: true } });
    const opened = new Set((await prisma.movementOrder.findMany({ where: { schoolId } })).flatMap((o) => changesOf(o).opened.map((c) => c.id)));
    expect(opened.size).toBe(4);
    const leaders = new Set<number>();
    for (const c of classes) {
      expect(c.classTeacherId).not.toBeNull();
      expect(await prisma.teachingLoad.count({ where: { classId: c.id, teacherId: c.classTeacherId! } })).toBeGreaterThan(0);
      expect(c.homeRoomId).not.toBeNull();
      expect(c.memberships.length).toBeGreaterThanOrEqual(15);
      for (const m of c.memberships) if (!opened.has(m.id)) expect(isoDate(m.fromDate)).toBe("2026-09-01");
      leaders.add(c.classTeacherId!);
    }
    expect(leaders.size).toBe(classes.length);
  });

  it("plans every subject of the curriculum for every class, each row taught by a teacher of that subject (R-PLN-2)", async () => {
    const subjects = new Map((await prisma.subject.findMany({ where: { schoolId } })).map((s) => [s.name, s]));
    expect([...subjects.values()].every((s) => s.gradingMode === "MARKS")).toBe(true);
    const loads = await prisma.teachingLoad.findMany({
      where: { schoolId },
      include: { class: true, subject: true, teacher: { include: { staff: { include: { positions: true } } } } },
    });
    const classes = await prisma.schoolClass.findMany({ where: { schoolId } });
    for (const c of classes)
      for (const def of SUBJECTS) {
        const hours = def.hours[c.grade - 1]!;
        const rows = loads.filter((l) => l.classId === c.id && l.subject.name === def.name);
        expect(rows, `${c.grade}${c.letter} ${def.name}`).toHaveLength(hours ? (isSplit(def.key, c.grade) ? 2 : 1) : 0);
        for (const r of rows) {
          expect(Number(r.hoursPerWeek)).toBe(hours);
          expect(r.teacher.staff!.positions[0]!.title).toBe(SPECIALTY_TITLES[specialtyFor(def.key, c.grade)]);
        }
      }
  });

  it("keeps every teacher at or below 36 hours a week, and the set year on the load", async () => {
    const year = await prisma.academicYear.findFirstOrThrow({ where: { schoolId, status: "CURRENT" } });
    const sums = await prisma.teachingLoad.groupBy({ by: ["teacherId"], where: { schoolId }, _sum: { hoursPerWeek: true } });
    for (const s of sums) expect(Number(s._sum.hoursPerWeek)).toBeLessThanOrEqual(36);
    expect(await prisma.teachingLoad.count({ where: { schoolId, yearId: { not: year.id } } })).toBe(0);
    const teachers = await prisma.userRole.findMany({ where: { role: "TEACHER", user: { schoolId } }, include: { user: true } });
    const loaded = new Set(sums.map((s) => s.teacherId));
    for (const t of teachers) expect(loaded.has(t.user.personId)).toBe(true);
  });

  it("splits each class into two subgroups for Английский язык (2–11), Информатика and Труд (5–11) that cover the class (R-JRN-6)", async () => {
    const classes = await prisma.schoolClass.findMany({
      where: { schoolId },
      include: { memberships: true, subgroups: { include: { members: true, subject: true, teachingLoads: true } } },
    });
    for (const c of classes) {
      const expected = ["Английский язык", "Информатика", "Труд (технология)"].filter((name) => {
        const def = SUBJECTS.find((s) => s.name === name)!;
        return def.hours[c.grade - 1]! > 0 && isSplit(def.key, c.grade);
      });
      expect([...new Set(c.subgroups.map((g) => g.subject.name))].sort()).toEqual(expected.sort());
      const roster = c.memberships.map((m) => m.studentId).sort((a, b) => a - b);
      for (const subject of expected) {
        const groups = c.subgroups.filter((g) => g.subject.name === subject);
        expect(groups).toHaveLength(2);
        for (const g of groups) {
          expect(g.members.length).toBeGreaterThan(0);
          expect(g.teachingLoads).toHaveLength(1);
        }
        const members = groups.flatMap((g) => g.members.map((m) => m.studentId)).sort((a, b) => a - b);
        expect(members).toEqual(roster);
      }
    }
  });

  it("sets the year 2026/2027 as current, with quarters for 1–9, halves for 10–11 and the holidays (R-PLN-4)", async () => {
    const year = await prisma.academicYear.findFirstOrThrow({
      where: { schoolId },
      include: { periodSets: { include: { periods: { orderBy: { number: "asc" } } }, orderBy: { gradeFrom: "asc" } }, holidays: true },
    });
    expect([year.name, year.status, isoDate(year.startDate), isoDate(year.endDate)]).toEqual(["2026/2027", "CURRENT", "2026-09-01", "2027-05-31"]);
    expect(year.periodSets.map((s) => [s.kind, s.gradeFrom, s.gradeTo, s.periods.length])).toEqual([
      ["QUARTER", 1, 9, 4],
      ["HALF", 10, 11, 2],
    ]);
    const quarters = year.periodSets[0]!.periods;
    // Every gap between two quarters is covered by a holiday for all grades.
    for (let i = 1; i < quarters.length; i++) {
      const gapStart = quarters[i - 1]!.endDate.getTime() + 86_400_000;
      const gapEnd = quarters[i]!.startDate.getTime() - 86_400_000;
      expect(year.holidays.some((h) => h.gradeFrom === null && h.startDate.getTime() <= gapStart && h.endDate.getTime() >= gapEnd)).toBe(true);
    }
    const extra = year.holidays.find((h) => h.gradeFrom === 1 && h.gradeTo === 1);
    expect(extra && isoDate(extra.startDate).slice(0, 7)).toBe("2027-02");
  });
});

describe("demo school: families", () => {
  it("gives every student one or two parents; siblings share their parents and surname", async () => {
    const students = await prisma.student.findMany({ where: { schoolId }, include: { parentLinks: { include: { parent: true } }, person: true } });
    for (const s of students) {
      expect(s.parentLinks.length).toBeGreaterThanOrEqual(1);
      expect(s.parentLinks.length).toBeLessThanOrEqual(2);
    }
    const byParent = new Map<number, typeof students>();
    for (const s of students) for (const l of s.parentLinks) byParent.set(l.parentId, [...(byParent.get(l.parentId) ?? []), s]);
    const withSiblings = [...byParent.values()].filter((list) => list.length >= 2);
    expect(withSiblings.length).toBeGreaterThanOrEqual(20);
    for (const siblings of withSiblings) {
      const parentSets = siblings.map((s) =>
        s.parentLinks
          .map((l) => l.parentId)
          .sort()
          .join(","),
      );
      expect(new Set(parentSets).size).toBe(1);
      const stem = (last: string) => last.replace(/(а|ая|ий|ой)$/, "");
      expect(new Set(siblings.map((s) => stem(s.person.lastName))).size).toBe(1);
    }
  });

  it("derives children's patronymics from the father's name and gives mothers the female surname", async () => {
    const links = await prisma.parentLink.findMany({
      where: { schoolId, relation: "FATHER" },
      include: { parent: true, student: { include: { person: true } } },
    });
    expect(links.length).toBeGreaterThan(100);
    for (const l of links) {
      const child = l.student.person;
      expect(child.middleName).toBe(patronymic(l.parent.firstName, child.sex!));
    }
    const mothers = await prisma.parentLink.findMany({ where: { schoolId, relation: "MOTHER" }, include: { parent: true } });
    expect(mothers.every((m) => m.parent.sex === "FEMALE")).toBe(true);
    expect(mothers.filter((m) => /ова$/.test(m.parent.lastName)).length).toBeGreaterThan(50);
  });

  it("gives students birth dates that fit their grade", async () => {
    const members = await prisma.classMembership.findMany({ where: { schoolId }, include: { class: true, student: { include: { person: true } } } });
    for (const m of members) {
      const birth = m.student.person.birthDate!;
      const ageOnFirstSeptember = (Date.UTC(2026, 8, 1) - birth.getTime()) / (365.25 * 86_400_000);
      expect(ageOnFirstSeptember - m.class.grade).toBeGreaterThanOrEqual(5.4);
      expect(ageOnFirstSeptember - m.class.grade).toBeLessThanOrEqual(6.6);
    }
  });

  it("makes some staff members parents of pupils, with both roles on one account (R-ROLE-2)", async () => {
    const staffParents = await prisma.staff.findMany({
      where: { schoolId, person: { childrenLinks: { some: {} } } },
      include: { person: { include: { user: { include: { roles: true } } } } },
    });
    expect(staffParents.length).toBeGreaterThanOrEqual(3);
    for (const s of staffParents) {
      const roles = s.person.user!.roles.map((r) => r.role);
      expect(roles).toContain("PARENT");
      expect(roles.some((r) => r !== "PARENT")).toBe(true);
    }
  });
});

describe("seed runs", () => {
  it("changes nothing when run a second time", async () => {
    const before = await countSchool(schoolId);
    const logins = await prisma.user.count();
    const again = await seedSchool("demo");
    expect(again.created).toBe(false);
    expect(again.schoolId).toBe(schoolId);
    expect(await countSchool(schoolId)).toEqual(before);
    expect(await prisma.user.count()).toBe(logins);
    expect(await prisma.school.count()).toBe(1);
    expect(await isSeeded()).toBe(true);
    expect(await isSeeded("demo")).toBe(true);
    expect(await isSeeded("large")).toBe(false);
  });

  it("is deterministic: the generator gives the same school twice, and the database holds exactly that", async () => {
    const fingerprint = (p: SchoolPlan) => crypto.createHash("sha256").update(JSON.stringify(p)).digest("hex");
    expect(fingerprint(buildSchoolPlan("demo"))).toBe(fingerprint(buildSchoolPlan("demo")));
    expect(fingerprint(buildSchoolPlan("large"))).toBe(fingerprint(buildSchoolPlan("large")));

    const plan = buildSchoolPlan("demo");
    const users = await prisma.user.findMany({ where: { schoolId }, include: { person: true } });
    const dbRows = users.map((u) => `${u.login} ${u.person.lastName} ${u.person.firstName} ${u.person.middleName} ${isoDate(u.person.birthDate!)}`).sort();
    const planRows = plan.users
      .map((u) => {
        const p = plan.persons[u.person]!;
        return `${u.login} ${p.lastName} ${p.firstName} ${p.middleName} ${p.birthDate}`;
      })
      .sort();
    expect(dbRows).toEqual(planRows);
  });
});

describe("large benchmark school (plan)", () => {
  it("has about 1,100 students in 40 classes (3–4 per grade) and 90 staff, the same structure as the demo", () => {
    const plan = buildSchoolPlan("large");
    const c = planCounts(plan);
    expect(c.classes).toBe(40);
    expect(c.students).toBeGreaterThanOrEqual(1050);
    expect(c.students).toBeLessThanOrEqual(1150);
    expect(c.staff).toBe(90);
    expect(c.maxTeacherHours).toBeLessThanOrEqual(30);
    expect(c.staffParents).toBeGreaterThanOrEqual(3);
    for (let g = 1; g <= 11; g++) expect([3, 4]).toContain(plan.classes.filter((k) => k.grade === g).length);
    const logins = plan.users.map((u) => u.login);
    expect(new Set(logins).size).toBe(logins.length);
    for (const k of DEMO_KEYS) expect(logins).toContain(`bench.${k}`);
    // Every class × subject of the curriculum is on the load.
    for (const [cls, k] of plan.classes.entries())
      for (const def of SUBJECTS) {
        const rows = plan.loads.filter((l) => l.cls === cls && l.subject === def.key);
        expect(rows.length).toBe(def.hours[k.grade - 1] ? (isSplit(def.key, k.grade) ? 2 : 1) : 0);
      }
  });

  it("keeps logins unique against those already in the database", () => {
    const demo = buildSchoolPlan("demo");
    const taken = new Set(demo.users.map((u) => u.login));
    const large = buildSchoolPlan("large", taken);
    expect(large.users.filter((u) => taken.has(u.login))).toEqual([]);
  });
});
