/**
 * Writes a seeded school: the demo school (npm run seed, first npm start) or
 * the large benchmark school (npm run seed:large). The people, classes and
 * load come from plan.ts (deterministic); this file only stores them, in bulk
 * (createMany in batches) inside one transaction, so a failed seed leaves
 * nothing behind. In the same transaction the year's movement book goes
 * through the movement book's own writer (movement.ts) and the personnel
 * cards are written (staff-cards.ts).
 *
 * Idempotent: a school is recognised by its named administrator account
 * (demo.admin / bench.admin); when it exists nothing is written.
 * The demo password is hashed once and the hash reused for every account
 * (argon2 is slow on purpose); seeded accounts need no password change.
 *
 * Later seeds (lessons, marks: seedJournal) chain on the returned schoolId.
 */
import { prisma, type Db } from "../lib/db.ts";
import { parseIsoDate } from "../lib/dates.ts";
import { hashPassword } from "../lib/passwords.ts";
import { HOLIDAYS, PERIOD_SETS, YEAR, YEAR_START } from "./calendar.ts";
import { SUBJECTS, SUBJECT_BY_KEY, type SubjectKey } from "./curriculum.ts";
import { buildSchoolPlan } from "./plan.ts";
import type { SeedCounts } from "./plan-counts.ts";
import { loginPrefixFor } from "./plan-sizes.ts";
import { writeMovements } from "./movement.ts";
import { writeStaffCards } from "./staff-cards.ts";
import { writeCurriculum } from "./plan-curriculum.ts";
import type { SchoolPlan, SeedSize } from "./plan-types.ts";

export type { SeedCounts, SeedSize };

/** The password of every seeded account (it passes the R-SEC-2 rules for all of them; a test checks). */
export const DEMO_PASSWORD = "demo-2026";

export interface SeedResult {
  schoolId: number;
  /** False when the school was already there and nothing was written. */
  created: boolean;
  counts: SeedCounts;
}

const BATCH = 1000;
const day = (iso: string) => parseIsoDate(iso)!;

/** The login that marks a seeded school of this size as present. */
export function markerLogin(size: SeedSize): string {
  return `${loginPrefixFor(size)}.admin`;
}

/** The seeded school of this size, if it is already in the database. */
export async function findSeededSchool(size: SeedSize): Promise<number | null> {
  const user = await prisma.user.findUnique({ where: { login: markerLogin(size) }, select: { schoolId: true } });
  return user?.schoolId ?? null;
}

/** Creates the school of this size unless it exists; returns its id and what it holds. */
export async function seedSchool(size: SeedSize): Promise<SeedResult> {
  const existing = await findSeededSchool(size);
  if (existing !== null) return { schoolId: existing, created: false, counts: await countSchool(existing) };

  const taken = new Set((await prisma.user.findMany({ select: { login: true } })).map((u) => u.login));
  const plan = buildSchoolPlan(size, taken);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const schoolId = await prisma.$transaction((tx) => writePlan(tx, plan, passwordHash), { maxWait: 30_000, timeout: 600_000 });
  return { schoolId, created: true, counts: await countSchool(schoolId) };
}

async function inBatches<T, R>(rows: readonly T[], write: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(...(await write(rows.slice(i, i + BATCH))));
  return out;
}

/** createManyAndReturn gives rows back in insertion order; this guards that assumption. */
function assertSameOrder<T>(sent: readonly T[], got: readonly T[], what: string): void {
  if (sent.length !== got.length || sent.some((s, i) => s !== got[i])) throw new Error(`Seed: ${what} came back in another order`);
}

async function writePlan(tx: Db, plan: SchoolPlan, passwordHash: string): Promise<number> {
  const school = await tx.school.create({ data: plan.school });
  const schoolId = school.id;

  // The year, its period systems and holidays (R-PLN-4).
  const year = await tx.academicYear.create({
    data: { schoolId, name: YEAR.name, startDate: day(YEAR.start), endDate: day(YEAR.end), status: "CURRENT" },
  });
  const yearId = year.id;
  for (const set of PERIOD_SETS) {
    const ps = await tx.periodSet.create({ data: { schoolId, yearId, kind: set.kind, gradeFrom: set.gradeFrom, gradeTo: set.gradeTo } });
    await tx.studyPeriod.createMany({
      data: set.periods.map(([from, to], i) => ({ schoolId, yearId, periodSetId: ps.id, number: i + 1, startDate: day(from), endDate: day(to) })),
    });
  }
  await tx.holiday.createMany({
    data: HOLIDAYS.map((h) => ({
      schoolId,
      yearId,
      name: h.name,
      startDate: day(h.start),
      endDate: day(h.end),
      gradeFrom: h.gradeFrom ?? null,
      gradeTo: h.gradeTo ?? null,
    })),
  });

  const rooms = await tx.room.createManyAndReturn({ data: plan.rooms.map((r) => ({ schoolId, ...r })), select: { id: true, name: true } });
  const roomId = new Map(rooms.map((r) => [r.name, r.id]));
  const subjects = await tx.subject.createManyAndReturn({
    data: SUBJECTS.map((s, i) => ({ schoolId, name: s.name, shortName: s.shortName, gradingMode: "MARKS" as const, sortOrder: (i + 1) * 10 })),
    select: { id: true, name: true },
  });
  const subjectIdByName = new Map(subjects.map((s) => [s.name, s.id]));
  const subjectId = (key: SubjectKey) => subjectIdByName.get(SUBJECT_BY_KEY.get(key)!.name)!;

  // People and accounts.
  const persons = await inBatches(plan.persons, (batch) =>
    tx.person.createManyAndReturn({
      data: batch.map((p) => ({ schoolId, ...p, birthDate: day(p.birthDate) })),
      select: { id: true, lastName: true, firstName: true },
    }),
  );
  assertSameOrder(
    plan.persons.map((p) => p.lastName + " " + p.firstName),
    persons.map((p) => p.lastName + " " + p.firstName),
    "persons",
  );
  const personId = persons.map((p) => p.id);

  const users = await inBatches(plan.users, (batch) =>
    tx.user.createManyAndReturn({
      data: batch.map((u) => ({ schoolId, personId: personId[u.person]!, login: u.login, passwordHash, mustChangePassword: false })),
      select: { id: true, login: true },
    }),
  );
  const userId = new Map(users.map((u) => [u.login, u.id]));
  await inBatches(
    plan.users.flatMap((u) => u.roles.map((role) => ({ userId: userId.get(u.login)!, role }))),
    async (batch) => {
      await tx.userRole.createMany({ data: batch });
      return [];
    },
  );

  const staff = await tx.staff.createManyAndReturn({
    data: plan.staff.map((s, i) => {
      const card = plan.staffCards[i]!;
      return {
        schoolId,
        personId: personId[s.person]!,
        hiredAt: day(s.hiredAt),
        personnelNumber: card.personnelNumber,
        serviceSince: day(card.serviceSince),
        teachingSince: card.teachingSince === null ? null : day(card.teachingSince),
      };
    }),
    select: { id: true, personId: true },
  });
  const staffId = new Map(staff.map((s) => [s.personId, s.id]));
  await tx.staffPosition.createMany({
    data: plan.staff.map((s) => ({ schoolId, staffId: staffId.get(personId[s.person]!)!, title: s.title, rate: s.rate, fromDate: day(s.hiredAt) })),
  });

  const students = await inBatches(plan.students, (batch) =>
    tx.student.createManyAndReturn({ data: batch.map((s) => ({ schoolId, personId: personId[s.person]! })), select: { id: true, personId: true } }),
  );
  const studentByPerson = new Map(students.map((s) => [s.personId, s.id]));
  const studentId = plan.students.map((s) => studentByPerson.get(personId[s.person]!)!);

  // Classes with their class teachers and rosters from the first day of the year; pupils who
  // join during the year are enrolled by their orders below (movement.ts), their subgroups start that day.
  const classes = await tx.schoolClass.createManyAndReturn({
    data: plan.classes.map((c) => ({
      schoolId,
      yearId,
      grade: c.grade,
      letter: c.letter,
      classTeacherId: personId[c.teacher]!,
      homeRoomId: roomId.get(c.homeRoom)!,
    })),
    select: { id: true, grade: true, letter: true },
  });
  const classByName = new Map(classes.map((c) => [`${c.grade}${c.letter}`, c.id]));
  const classId = plan.classes.map((c) => classByName.get(`${c.grade}${c.letter}`)!);
  const from = day(YEAR_START);
  const joins = new Map(plan.movements.filter((m) => m.kind === "ENROL").map((m) => [m.student, day(m.effectiveDate)]));
  const fromYearStart = plan.students.filter((_, i) => !joins.has(i));
  await inBatches(fromYearStart, async (batch) => {
    await tx.classMembership.createMany({
      data: batch.map((s) => ({ schoolId, studentId: studentByPerson.get(personId[s.person]!)!, classId: classId[s.cls]!, fromDate: from })),
    });
    return [];
  });
  await inBatches(plan.parentLinks, async (batch) => {
    await tx.parentLink.createMany({
      data: batch.map((l) => ({ schoolId, parentId: personId[l.parent]!, studentId: studentId[l.student]!, relation: l.relation })),
    });
    return [];
  });

  // Subgroups (R-JRN-6) and the teaching load (R-PLN-2).
  const subgroups = await tx.subgroup.createManyAndReturn({
    data: plan.subgroups.map((g) => ({ schoolId, classId: classId[g.cls]!, subjectId: subjectId(g.subject), name: g.name })),
    select: { id: true, classId: true, subjectId: true, name: true },
  });
  const subgroupByKey = new Map(subgroups.map((g) => [`${g.classId}|${g.subjectId}|${g.name}`, g.id]));
  const subgroupId = plan.subgroups.map((g) => subgroupByKey.get(`${classId[g.cls]}|${subjectId(g.subject)}|${g.name}`)!);
  await inBatches(
    plan.subgroups.flatMap((g, i) =>
      g.students.map((s) => ({ schoolId, subgroupId: subgroupId[i]!, studentId: studentId[s]!, fromDate: joins.get(s) ?? from })),
    ),
    async (batch) => {
      await tx.subgroupMembership.createMany({ data: batch });
      return [];
    },
  );
  await inBatches(plan.loads, async (batch) => {
    await tx.teachingLoad.createMany({
      data: batch.map((l) => ({
        schoolId,
        yearId,
        teacherId: personId[l.teacher]!,
        classId: classId[l.cls]!,
        subgroupId: l.subgroup === null ? null : subgroupId[l.subgroup]!,
        subjectId: subjectId(l.subject),
        hoursPerWeek: l.hours,
      })),
    });
    return [];
  });

  // The curriculum of the year and the profiles of grades 10–11 (plan-curriculum.ts, R-PLN-1).
  await writeCurriculum(tx, { schoolId, yearId, subjectId });

  // The year's movement book (before the journal, which follows the memberships) and the personnel cards.
  const login = (key: string) => userId.get(`${plan.loginPrefix}.${key}`) ?? null;
  await writeMovements(tx, plan.movements, { schoolId, actorId: login("secretary"), studentId, classId, subgroupId });
  const staffIdOf = plan.staff.map((s) => staffId.get(personId[s.person]!)!);
  await writeStaffCards(tx, schoolId, { staff: plan.staff, cards: plan.staffCards, staffId: staffIdOf }, login("hr"));
  return schoolId;
}

/**
 * What a school holds, counted in the database. One query after another on
 * purpose: parallel queries open several pool connections, and pg's pool.end()
 * does not wait for them to close before the embedded server stops.
 */
export async function countSchool(schoolId: number): Promise<SeedCounts> {
  const where = { schoolId };
  const hours = await prisma.teachingLoad.groupBy({ by: ["teacherId"], where, _sum: { hoursPerWeek: true } });
  return {
    classes: await prisma.schoolClass.count({ where }),
    students: await prisma.student.count({ where }),
    parents: (await prisma.parentLink.groupBy({ by: ["parentId"], where })).length,
    staff: await prisma.staff.count({ where }),
    teachers: await prisma.userRole.count({ where: { role: "TEACHER", user: where } }),
    staffParents: await prisma.staff.count({ where: { schoolId, person: { childrenLinks: { some: {} } } } }),
    users: await prisma.user.count({ where }),
    subjects: await prisma.subject.count({ where }),
    rooms: await prisma.room.count({ where }),
    teachingLoads: await prisma.teachingLoad.count({ where }),
    subgroups: await prisma.subgroup.count({ where }),
    subgroupMemberships: await prisma.subgroupMembership.count({ where }),
    parentLinks: await prisma.parentLink.count({ where }),
    movementOrders: await prisma.movementOrder.count({ where }),
    maxTeacherHours: Math.max(0, ...hours.map((h) => Number(h._sum.hoursPerWeek ?? 0))),
  };
}
