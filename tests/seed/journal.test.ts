/**
 * The seeded journal (src/seed/journal.ts) on the small test school, extended with
 * a grade-1 class, holidays, a student who changes class and English subgroups.
 * R-JRN-1 (topic, type, works, homework, attendance), R-JRN-6 (subgroups),
 * R-JRN-7 (period finals), school conventions (no marks and no homework in grade 1).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { pgPool } from "../../src/lib/db.ts";
import { seedJournal, type JournalSeedCounts } from "../../src/seed/journal.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

const UNTIL = d("2026-11-20");

async function prepareSchool() {
  const s = await buildSchool();
  const { schoolId, year } = s;
  // A grade-1 class taught without marks.
  const first = await prisma.schoolClass.create({ data: { schoolId, yearId: year.id, grade: 1, letter: "А" } });
  await prisma.teachingLoad.create({
    data: { schoolId, yearId: year.id, teacherId: s.users.teacherRussian.personId, classId: first.id, subjectId: s.subjects.russian.id, hoursPerWeek: 5 },
  });
  await prisma.teachingLoad.create({
    data: { schoolId, yearId: year.id, teacherId: s.users.teacherMath.personId, classId: first.id, subjectId: s.subjects.math.id, hoursPerWeek: 4 },
  });
  for (const [last, first_] of [
    ["Яковлев", "Ян"],
    ["Юдина", "Юлия"],
  ] as const) {
    const p = await prisma.person.create({ data: { schoolId, lastName: last, firstName: first_ } });
    const st = await prisma.student.create({ data: { schoolId, personId: p.id } });
    await prisma.classMembership.create({ data: { schoolId, studentId: st.id, classId: first.id, fromDate: d("2026-09-01") } });
  }
  // A pupil of 5Б who leaves the school on 15 October (the last day here is the 14th).
  const leaverPerson = await prisma.person.create({ data: { schoolId, lastName: "Уварова", firstName: "Ульяна" } });
  const leaver = await prisma.student.create({ data: { schoolId, personId: leaverPerson.id } });
  await prisma.classMembership.create({
    data: { schoolId, studentId: leaver.id, classId: s.classes["5Б"]!.id, fromDate: d("2026-09-01"), toDate: d("2026-10-14") },
  });
  // studentA2 moves from 5А to 5Б on 1 October.
  await prisma.classMembership.updateMany({ where: { studentId: s.students.studentA2!.studentId }, data: { toDate: d("2026-09-30") } });
  await prisma.classMembership.create({
    data: { schoolId, studentId: s.students.studentA2!.studentId, classId: s.classes["5Б"]!.id, fromDate: d("2026-10-01") },
  });
  // English in 5А in two parallel subgroups with their own teachers; studentA1 in group 1 only from 15 September.
  const g1 = await prisma.subgroup.create({ data: { schoolId, classId: s.classes["5А"]!.id, subjectId: s.subjects.english.id, name: "1 группа" } });
  const g2 = await prisma.subgroup.create({ data: { schoolId, classId: s.classes["5А"]!.id, subjectId: s.subjects.english.id, name: "2 группа" } });
  await prisma.subgroupMembership.create({ data: { schoolId, subgroupId: g1.id, studentId: s.students.studentA1!.studentId, fromDate: d("2026-09-15") } });
  await prisma.subgroupMembership.create({ data: { schoolId, subgroupId: g2.id, studentId: s.students.studentA2!.studentId, fromDate: d("2026-09-01") } });
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
      teacherId: s.users.teacherRussian.personId,
      classId: s.classes["5А"]!.id,
      subgroupId: g2.id,
      subjectId: s.subjects.english.id,
      hoursPerWeek: 3,
    },
  });
  // Literature and history in both classes, so that a day has lessons inside it: a control work is
  // given on neither the first nor the last lesson of a day (R-PLN-6, src/seed/journal-controls.ts).
  const literature = await prisma.subject.create({ data: { schoolId, name: "Литература", shortName: "Лит" } });
  const history = await prisma.subject.create({ data: { schoolId, name: "История", shortName: "Ист" } });
  for (const cls of ["5А", "5Б"])
    await prisma.teachingLoad.createMany({
      data: [
        { schoolId, yearId: year.id, teacherId: s.users.teacherRussian.personId, classId: s.classes[cls]!.id, subjectId: literature.id, hoursPerWeek: 3 },
        { schoolId, yearId: year.id, teacherId: s.users.teacherMath.personId, classId: s.classes[cls]!.id, subjectId: history.id, hoursPerWeek: 2 },
      ],
    });
  // Holidays: a school-wide one inside the first quarter, an extra week for grade 1 only.
  await prisma.holiday.create({ data: { schoolId, yearId: year.id, name: "День учителя", startDate: d("2026-10-05"), endDate: d("2026-10-06") } });
  await prisma.holiday.create({
    data: { schoolId, yearId: year.id, name: "Дополнительные каникулы", startDate: d("2026-11-16"), endDate: d("2026-11-20"), gradeFrom: 1, gradeTo: 1 },
  });
  return { ...s, firstClass: first, subgroups: [g1, g2], leaver };
}

type School = Awaited<ReturnType<typeof prepareSchool>>;
let s: School;
let counts: JournalSeedCounts;

// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

beforeAll(async () => {
  s = await prepareSchool();
  counts = await seedJournal(s.schoolId, "demo", { until: UNTIL });
});

const q = async <T extends object>(sql: string, params: unknown[] = []) => (await pgPool().query<T & object>(sql, params)).rows;

describe("seedJournal on the small school", () => {
  it("writes lessons, works, marks, attendance and period finals", () => {
    expect(counts.skipped).toBe(false);
    expect(counts.lessons).toBeGreaterThan(200);
    expect(counts.works).toBeGreaterThanOrEqual(counts.lessons);
    expect(counts.marks).toBeGreaterThan(100);
    expect(counts.attendance).toBeGreaterThan(0);
    expect(counts.finalMarks).toBeGreaterThan(0);
    expect(counts.teacherConflicts).toBe(0);
  });

  it("puts lessons only on school days inside periods and outside holidays, up to the given day", async () => {
    const lessons = await prisma.lesson.findMany({ where: { schoolId: s.schoolId }, include: { class: true } });
    const holidays = await prisma.holiday.findMany({ where: { schoolId: s.schoolId } });
    for (const l of lessons) {
      const t = l.date.getTime();
      expect(l.date.getUTCDay()).not.toBe(0);
      if (l.class.grade === 1) expect(l.date.getUTCDay()).not.toBe(6); // five-day week in grade 1
      expect(t).toBeLessThanOrEqual(UNTIL.getTime());
      expect(s.periods.some((p) => p.startDate.getTime() <= t && t <= p.endDate.getTime())).toBe(true);
      const off = holidays.filter((h) => (h.gradeFrom ?? 0) <= l.class.grade && l.class.grade <= (h.gradeTo ?? 99));
      expect(off.some((h) => h.startDate.getTime() <= t && t <= h.endDate.getTime())).toBe(false);
      expect(l.number).toBeGreaterThanOrEqual(1);
      expect(l.number).toBeLessThanOrEqual(7);
    }
    // Grade-only holidays stop only that grade.
    expect(lessons.some((l) => l.class.grade === 5 && l.date.getTime() === d("2026-11-16").getTime())).toBe(true);
  });

  it("never gives a class two lessons at the same number on a day (parallel subgroups of one subject excepted)", async () => {
    const rows = await q<{ classId: number; date: Date; number: number; subjects: number; groups: number; wholeClass: number; n: number }>(
      `SELECT "classId", date, number, count(DISTINCT "subjectId")::int AS subjects, count(DISTINCT "subgroupId")::int AS groups,
              count(*) FILTER (WHERE "subgroupId" IS NULL)::int AS "wholeClass", count(*)::int AS n
         FROM "Lesson" WHERE "schoolId" = $1 GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [s.schoolId],
    );
    for (const r of rows) expect({ subjects: r.subjects, wholeClass: r.wholeClass, groups: r.groups }).toEqual({ subjects: 1, wholeClass: 0, groups: r.n });
    // The two English groups do run in parallel.
    expect(rows.length).toBeGreaterThan(0);
    // A teacher is never booked twice at once in this small school.
    const teacher = await q(`SELECT 1 FROM "Lesson" WHERE "schoolId" = $1 GROUP BY "teacherId", date, number HAVING count(*) > 1`, [s.schoolId]);
    expect(teacher).toEqual([]);
  });

  it("gives marks and attendance only to members of the class (and subgroup) on the lesson date", async () => {
    for (const table of ["Mark", "Attendance"]) {
      const strays = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" x JOIN "Lesson" l ON l.id = x."lessonId"
          WHERE l."schoolId" = $1 AND (
            NOT EXISTS (SELECT 1 FROM "ClassMembership" m WHERE m."studentId" = x."studentId" AND m."classId" = l."classId"
                         AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date))
            OR (l."subgroupId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "SubgroupMembership" g WHERE g."studentId" = x."studentId"
                         AND g."subgroupId" = l."subgroupId" AND g."fromDate" <= l.date AND (g."toDate" IS NULL OR g."toDate" >= l.date))))`,
        [s.schoolId],
      );
      expect(strays[0]!.n).toBe(0);
    }
    // The student who moved has marks in 5А before October and in 5Б after.
    const moved = await q<{ classId: number; first: Date; last: Date }>(
      `SELECT l."classId", min(l.date) AS first, max(l.date) AS last FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId"
        WHERE m."studentId" = $1 GROUP BY 1`,
      [s.students.studentA2!.studentId],
    );
    const inA = moved.find((r) => r.classId === s.classes["5А"]!.id)!;
    const inB = moved.find((r) => r.classId === s.classes["5Б"]!.id)!;
    expect(inA.last.getTime()).toBeLessThanOrEqual(d("2026-09-30").getTime());
    expect(inB.first.getTime()).toBeGreaterThanOrEqual(d("2026-10-01").getTime());
    // Nobody in a subgroup lesson before joining the subgroup.
    const early = await prisma.mark.count({
      where: { studentId: s.students.studentA1!.studentId, lesson: { subgroupId: { not: null }, date: { lt: d("2026-09-15") } } },
    });
    expect(early).toBe(0);
  });

  it("attests only the students still at school at the period's end: one who left has marks before leaving and no final", async () => {
    const marks = await prisma.mark.findMany({ where: { studentId: s.leaver.id }, include: { lesson: true } });
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.filter((m) => m.lesson.date.getTime() > d("2026-10-14").getTime())).toEqual([]);
    expect(await prisma.finalMark.count({ where: { studentId: s.leaver.id } })).toBe(0);
    // Those who stayed are attested for the 1st quarter.
    expect(await prisma.finalMark.count({ where: { studentId: s.students.studentB1!.studentId, periodId: s.periods[0]!.id } })).toBeGreaterThan(0);
  });

  it("gives no marks and no homework in grade 1 but keeps topics and works there (СанПиН 1.2.3685-21)", async () => {
    const where = { classId: s.firstClass.id };
    expect(await prisma.lesson.count({ where })).toBeGreaterThan(50);
    expect(await prisma.mark.count({ where: { lesson: where } })).toBe(0);
    expect(await prisma.finalMark.count({ where: { student: { memberships: { some: where } } } })).toBe(0);
    expect(await prisma.lesson.count({ where: { ...where, topic: null } })).toBe(0);
    expect(await prisma.lesson.count({ where: { ...where, homework: { not: null } } })).toBe(0);
    expect(await prisma.lesson.count({ where: { schoolId: s.schoolId, class: { grade: 5 }, homework: { not: null } } })).toBeGreaterThan(0);
    expect(await prisma.lessonWork.count({ where: { lesson: where } })).toBeGreaterThan(0);
  });

  it("keeps marks between 1 and 5, control works for everyone present, homework due after the lesson", async () => {
    const bad = await prisma.mark.count({ where: { schoolId: s.schoolId, OR: [{ value: { lt: 1 } }, { value: { gt: 5 } }] } });
    expect(bad).toBe(0);
    const controls = await q<{ missing: number; works: number }>(
      `SELECT count(*) FILTER (WHERE marked < present)::int AS missing, count(*)::int AS works FROM (
         SELECT w.id,
           (SELECT count(*) FROM "Mark" m WHERE m."workId" = w.id) AS marked,
           (SELECT count(*) FROM "ClassMembership" cm WHERE cm."classId" = l."classId" AND cm."fromDate" <= l.date
              AND (cm."toDate" IS NULL OR cm."toDate" >= l.date)
              AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM "SubgroupMembership" g WHERE g."studentId" = cm."studentId"
                    AND g."subgroupId" = l."subgroupId" AND g."fromDate" <= l.date AND (g."toDate" IS NULL OR g."toDate" >= l.date)))
              AND NOT EXISTS (SELECT 1 FROM "Attendance" a WHERE a."lessonId" = l.id AND a."studentId" = cm."studentId" AND a.code <> 'LATE')) AS present
           FROM "LessonWork" w JOIN "AssignmentType" t ON t.id = w."assignmentTypeId" JOIN "Lesson" l ON l.id = w."lessonId"
          WHERE w."schoolId" = $1 AND t."isControl") x`,
      [s.schoolId],
    );
    expect(controls[0]!.works).toBeGreaterThan(5);
    expect(controls[0]!.missing).toBe(0);
    const early = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Lesson" WHERE "schoolId" = $1 AND homework IS NOT NULL AND ("homeworkDue" IS NULL OR "homeworkDue" <= date)`,
      [s.schoolId],
    );
    expect(early[0]!.n).toBe(0);
    // A mark is entered on the lesson day or later.
    const before = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" WHERE m."schoolId" = $1 AND m."createdAt" < l.date`,
      [s.schoolId],
    );
    expect(before[0]!.n).toBe(0);
  });

  it("gives control works inside the class's day, at most one subject a day, 11 lessons apart, the subgroups on the same days (R-PLN-6)", async () => {
    const rows = await q<{ classId: number; subjectId: number; sg: number; date: Date; edge: boolean; idx: number }>(
      `WITH l AS (SELECT l.*, row_number() OVER (PARTITION BY "classId", coalesce("subgroupId", 0), "subjectId" ORDER BY date, number) AS idx,
                         min(number) OVER (PARTITION BY "classId", date) AS first, max(number) OVER (PARTITION BY "classId", date) AS last
                    FROM "Lesson" l WHERE "schoolId" = $1)
       SELECT DISTINCT l."classId", l."subjectId", coalesce(l."subgroupId", 0) AS sg, l.date, l.number IN (l.first, l.last) AS edge, l.idx::int AS idx
         FROM l JOIN "LessonWork" w ON w."lessonId" = l.id JOIN "AssignmentType" t ON t.id = w."assignmentTypeId" AND t."isAssessment"
        ORDER BY 1, 2, 3, 6`,
      [s.schoolId],
    );
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.edge)).toEqual([]);
    const subjectsOn = new Map<string, Set<number>>();
    for (const r of rows)
      subjectsOn.set(`${r.classId}:${r.date.getTime()}`, (subjectsOn.get(`${r.classId}:${r.date.getTime()}`) ?? new Set()).add(r.subjectId));
    expect([...subjectsOn.values()].filter((x) => x.size > 1)).toEqual([]);
    rows.forEach((r, i) => {
      const prev = rows[i - 1];
      if (prev && prev.classId === r.classId && prev.subjectId === r.subjectId && prev.sg === r.sg) expect(r.idx - prev.idx).toBeGreaterThanOrEqual(11);
    });
    const english = (sg: number) => rows.filter((r) => r.sg === sg).map((r) => r.date.getTime());
    expect(english(s.subgroups[0]!.id).length).toBeGreaterThan(0);
    expect(english(s.subgroups[0]!.id)).toEqual(english(s.subgroups[1]!.id));
  });

  it("writes period final marks only for the periods that have ended", async () => {
    const finals = await prisma.finalMark.findMany({ where: { schoolId: s.schoolId } });
    expect(new Set(finals.map((f) => f.periodId))).toEqual(new Set([s.periods[0]!.id]));
    for (const f of finals) expect(["5", "4", "3", "2", "н/а"]).toContain(f.value);
  });

  it("uses the default assignment types by name and weight", async () => {
    const types = await prisma.assignmentType.findMany({ where: { schoolId: s.schoolId } });
    const byName = new Map(types.map((t) => [t.name, t]));
    expect(Number(byName.get("Контрольная работа")!.weight)).toBe(2);
    expect(byName.get("Диктант")!.isControl).toBe(true);
    expect(Number(byName.get("Самостоятельная работа")!.weight)).toBe(1.5);
  });

  it("does nothing on a second run for the same school", async () => {
    const again = await seedJournal(s.schoolId, "demo", { until: UNTIL });
    expect(again.skipped).toBe(true);
    expect(await prisma.lesson.count({ where: { schoolId: s.schoolId } })).toBe(counts.lessons);
  });

  it("is deterministic: an identical school gets the same journal", async () => {
    const twin = await prepareSchool();
    const twinCounts = await seedJournal(twin.schoolId, "demo", { until: UNTIL });
    expect({ ...twinCounts, seconds: 0 }).toEqual({ ...counts, seconds: 0 });
    const fingerprint = (schoolId: number) =>
      q<{ f: string }>(
        `SELECT string_agg(concat_ws('|', l.date, l.number, sj.name, l.topic, l.homework, p."lastName", m.value), ';' ORDER BY l.date, l.number, sj.name, p."lastName", m.value) AS f
           FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" JOIN "Subject" sj ON sj.id = l."subjectId"
           JOIN "Student" st ON st.id = m."studentId" JOIN "Person" p ON p.id = st."personId" WHERE m."schoolId" = $1`,
        [schoolId],
      );
    expect((await fingerprint(twin.schoolId))[0]!.f).toBe((await fingerprint(s.schoolId))[0]!.f);
  });
});

describe("seedJournal follows the school's ungraded grades (src/lib/grading.ts)", () => {
  it("a school teaching the 5th grade without marks gets no marks, finals or homework there,", async () => {
    const own = await prepareSchool();
    await prisma.school.update({ where: { id: own.schoolId }, data: { ungradedGrades: [1, 5] } });
    const written = await seedJournal(own.schoolId, "demo", { until: UNTIL });
    expect(written.lessons).toBeGreaterThan(200);
    const where = { schoolId: own.schoolId, class: { grade: 5 } };
    expect(await prisma.lesson.count({ where })).toBeGreaterThan(100);
    expect(await prisma.lesson.count({ where: { ...where, topic: null } })).toBe(0);
    expect(await prisma.lesson.count({ where: { ...where, homework: { not: null } } })).toBe(0);
    expect(await prisma.mark.count({ where: { lesson: where } })).toBe(0);
    expect(await prisma.finalMark.count({ where: { schoolId: own.schoolId } })).toBe(0);
  });
});
