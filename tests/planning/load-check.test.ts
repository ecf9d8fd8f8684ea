/**
 * «Нагрузка и учебный план» (R-PLN-1, R-PLN-2): the load of each class (and subgroup) against its
 * curriculum on a hand-made case, teachers' hours against their rate, the timetable against the
 * load, «Создать нагрузку по учебному плану» (subgroups, last year's teachers, idempotent), access.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { loadActor } from "../../src/access/actor.ts";
import { loadCheck } from "../../src/modules/planning/load-check.service.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";

async function plan(s: TestSchool, grade: number, items: { subjectId: number; hours: number; split?: boolean }[], yearId = s.year.id) {
  return prisma.curriculum.create({
    data: {
      schoolId: s.schoolId,
      yearId,
      grade,
      items: {
        create: items.map((i, n) => ({
          schoolId: s.schoolId,
          subjectId: i.subjectId,
          area: "Область",
          hoursPerWeek: i.hours,
          split: i.split ?? false,
          sortOrder: n,
        })),
      },
    },
  });
}

const loadState = async (schoolId: number) =>
  JSON.parse(
    JSON.stringify({
      loads: await prisma.teachingLoad.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
      subgroups: await prisma.subgroup.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
      audits: await prisma.auditLog.count({ where: { schoolId } }),
    }),
  ) as unknown;

async function checkOf(s: TestSchool) {
  const actor = (await loadActor(s.users.deputy.userId))!;
  return loadCheck(actor, s.year);
}

describe("the load of each class against its curriculum", () => {
  // The fixture's load: Математика 5 h and Русский язык 4 h in 5А and 5Б, Английский язык 3 h in 5А (whole class).
  let s: TestSchool;
  let history: { id: number };
  beforeAll(async () => {
    s = await buildSchool();
    history = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "История", shortName: "Ист", sortOrder: 5 } });
    await plan(s, 5, [
      { subjectId: s.subjects.math.id, hours: 5 },
      { subjectId: s.subjects.russian.id, hours: 5 },
      { subjectId: s.subjects.english.id, hours: 3, split: true },
    ]);
    // 5Б: History is taught though the plan has none; English by subgroups, the second short of an hour.
    const g1 = await prisma.subgroup.create({
      data: { schoolId: s.schoolId, classId: s.classes["5Б"]!.id, subjectId: s.subjects.english.id, name: "1 группа" },
    });
    const g2 = await prisma.subgroup.create({
      data: { schoolId: s.schoolId, classId: s.classes["5Б"]!.id, subjectId: s.subjects.english.id, name: "2 группа" },
    });
    const row = { schoolId: s.schoolId, yearId: s.year.id, classId: s.classes["5Б"]!.id };
    await prisma.teachingLoad.createMany({
      data: [
        { ...row, teacherId: s.users.teacherEnglish.personId, subjectId: s.subjects.english.id, subgroupId: g1.id, hoursPerWeek: 3 },
        { ...row, teacherId: s.users.teacherRussian.personId, subjectId: s.subjects.english.id, subgroupId: g2.id, hoursPerWeek: 2 },
        { ...row, teacherId: s.users.teacherRussian.personId, subjectId: history.id, hoursPerWeek: 2 },
      ],
    });
  });

  it("lists every difference of the hand-made case, and nothing else", async () => {
    const check = await checkOf(s);
    const diffs = check.classes.map((c) => ({
      name: c.name,
      planTotal: c.planTotal,
      loadTotal: c.loadTotal,
      diffs: c.diffs.map((x) => [x.subject, x.subgroup, x.kind, x.plan, x.load]),
    }));
    expect(diffs).toEqual([
      {
        name: "5А",
        planTotal: 13,
        loadTotal: 12,
        diffs: [
          ["Английский язык", null, "wholeInsteadOfGroups", 3, 3],
          ["Русский язык", null, "hours", 5, 4],
        ],
      },
      {
        name: "5Б",
        planTotal: 13,
        loadTotal: 14,
        diffs: [
          ["Английский язык", "2 группа", "hours", 3, 2],
          ["Русский язык", null, "hours", 5, 4],
          ["История", null, "notInPlan", null, 2],
        ],
      },
    ]);
  });

  it("a subject of the plan with no load is missing; a class without a plan is said so", async () => {
    const s2 = await buildSchool();
    const informatics = await prisma.subject.create({ data: { schoolId: s2.schoolId, name: "Информатика", shortName: "Инф" } });
    await plan(s2, 5, [
      { subjectId: s2.subjects.math.id, hours: 5 },
      { subjectId: s2.subjects.russian.id, hours: 4 },
      { subjectId: s2.subjects.english.id, hours: 3 },
      { subjectId: informatics.id, hours: 1 },
    ]);
    const ten = await prisma.schoolClass.create({ data: { schoolId: s2.schoolId, yearId: s2.year.id, grade: 10, letter: "А", profile: "Технологический" } });
    const check = await checkOf(s2);
    expect(check.classes.find((c) => c.name === "5А")!.diffs.map((x) => [x.subject, x.kind])).toEqual([["Информатика", "missing"]]);
    expect(check.classes.find((c) => c.name === "5Б")!.diffs.map((x) => [x.subject, x.kind])).toEqual([
      ["Английский язык", "missing"],
      ["Информатика", "missing"],
    ]);
    expect(check.classes.find((c) => c.classId === ten.id)).toMatchObject({ curriculum: null, diffs: [] });

    const page = await (await as(s2.users.deputy)).get("/planning/load-check");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Нет учебного плана для 10 класса (профиль «Технологический»)");
    expect(page.text).toContain("Классов с расхождениями: 3 из 3.");
    expect(await htmlProblems(page.text)).toEqual([]);
  });

  it("the page shows the differences in words", async () => {
    const res = await (await as(s.users.deputy)).get(`/planning/load-check?year=${s.year.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("в плане 5 ч, в нагрузке 4 ч");
    expect(res.text).toContain("в плане — деление на группы, в нагрузке — весь класс");
    expect(res.text).toContain("нет в учебном плане");
    expect(await htmlProblems(res.text)).toEqual([]);
  });
});

describe("teachers against their rate", () => {
  it("marks over- and under-load from the HR card's teaching rate, one rate without a card, nothing without a teaching position", async () => {
    const s = await buildSchool();
    const staffOf = async (personId: number) => (await prisma.staff.findUniqueOrThrow({ where: { personId } })).id;
    // Математиков: 10 h on 0,5 rate (9 h) → over by 1. Русакова: 8 h on 1 rate (18 h) → under by 10.
    await prisma.staffPosition.create({
      data: { schoolId: s.schoolId, staffId: await staffOf(s.users.teacherMath.personId), title: "Учитель математики", rate: 0.5 },
    });
    await prisma.staffPosition.create({
      data: { schoolId: s.schoolId, staffId: await staffOf(s.users.teacherRussian.personId), title: "Учитель русского языка", rate: 1 },
    });
    // Инглишева: 3 h, only an administrative position → no norm.
    await prisma.staffPosition.create({
      data: { schoolId: s.schoolId, staffId: await staffOf(s.users.teacherEnglish.personId), title: "Заместитель директора по УВР", rate: 1 },
    });
    // A teacher without an HR card: 18 h on the assumed one rate → on the norm; an ended position does not count.
    const p = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: "Безкарточный", firstName: "Иван" } });
    await prisma.user.create({
      data: { schoolId: s.schoolId, personId: p.id, login: `${s.tag}.nocard`, passwordHash: "x", roles: { create: [{ role: "TEACHER" }] } },
    });
    await prisma.teachingLoad.create({
      data: { schoolId: s.schoolId, yearId: s.year.id, teacherId: p.id, classId: s.classes["5Б"]!.id, subjectId: s.subjects.english.id, hoursPerWeek: 18 },
    });
    await prisma.staffPosition.create({
      data: { schoolId: s.schoolId, staffId: await staffOf(s.users.teacherMath.personId), title: "Учитель информатики", rate: 1, toDate: d("2026-10-31") },
    });

    const check = await checkOf(s);
    const rows: Record<string, unknown[]> = {};
    for (const t of check.teachers) rows[t.name.split(" ")[0]!] = [t.hours, t.rate, t.assumed, t.norm, t.diff, t.status];
    expect(rows).toEqual({
      Безкарточный: [18, 1, true, 18, 0, "ok"],
      Инглишева: [3, null, false, null, null, "unknown"],
      Математиков: [10, 0.5, false, 9, 1, "over"],
      Русакова: [8, 1, false, 18, -10, "under"],
    });
    const res = await (await as(s.users.admin)).get("/planning/load-check");
    expect(res.text).toContain("Перегрузка: 1, недогрузка: 1, учителей: 4.");
    expect(res.text).toMatch(
      /Математиков Пётр Ильич<\/a><\/th>\s*<td class="num">10<\/td>\s*<td class="num">0,5<\/td>\s*<td class="num">9<\/td>\s*<td class="num">\+1<\/td>/,
    );
    expect(res.text).toContain("Кадровой карточки нет: принята одна ставка");
  });
});

describe("the timetable against the load", () => {
  it("finds a load row with fewer lessons a week than hours, and lessons no load row covers; ended entries do not count", async () => {
    const s = await buildSchool();
    const entry = (classId: number, subjectId: number, teacherId: number, weekday: number, number: number, validTo: Date | null = null) => ({
      schoolId: s.schoolId,
      yearId: s.year.id,
      classId,
      subjectId,
      teacherId,
      weekday,
      number,
      validFrom: d("2026-09-01"),
      validTo,
    });
    const a = s.classes["5А"]!.id;
    const b = s.classes["5Б"]!.id;
    const math = s.users.teacherMath.personId;
    const rus = s.users.teacherRussian.personId;
    await prisma.timetableEntry.createMany({
      data: [
        // 5А: math 4 lessons for 5 hours (a fifth ended in October); russian 4 = 4; english 3 = 3.
        ...[1, 2, 3, 4].map((day) => entry(a, s.subjects.math.id, math, day, 1)),
        entry(a, s.subjects.math.id, math, 5, 1, d("2026-10-31")),
        ...[1, 2, 3, 4].map((day) => entry(a, s.subjects.russian.id, rus, day, 2)),
        ...[1, 2, 3].map((day) => entry(a, s.subjects.english.id, s.users.teacherEnglish.personId, day, 3)),
        // 5Б: math 5 = 5; russian 4 = 4; and english by the math teacher, who has no such load.
        ...[1, 2, 3, 4, 5].map((day) => entry(b, s.subjects.math.id, math, day, 1)),
        ...[1, 2, 3, 4].map((day) => entry(b, s.subjects.russian.id, rus, day, 2)),
        ...[1, 2].map((day) => entry(b, s.subjects.english.id, math, day, 3)),
      ],
    });
    const check = await checkOf(s);
    expect(check.timetable.rows.map((r) => [r.className, r.subject, r.teacher, r.hours, r.lessons])).toEqual([
      ["5А", "Математика", "Математиков Пётр Ильич", 5, 4],
    ]);
    expect(check.timetable.notInLoad.map((r) => [r.className, r.subject, r.teacher, r.lessons])).toEqual([
      ["5Б", "Английский язык", "Математиков Пётр Ильич", 2],
    ]);
    const res = await (await as(s.users.deputy)).get("/planning/load-check");
    expect(res.text).toContain("Уроков в неделю не столько, сколько часов нагрузки");
    expect(res.text).toContain("Уроки в расписании, которых нет в нагрузке");
  });
});

describe("«Создать нагрузку по учебному плану»", () => {
  it("creates subgroups and rows with last year's teachers, lists the rest as to assign, and a second run adds nothing", async () => {
    const s = await buildSchool();
    // Last year: 4А and 4Б; 4Б learnt English in «1 группа» (Инглишева) and «2 группа» (Русакова).
    const last = await prisma.academicYear.create({
      data: { schoolId: s.schoolId, name: "2025/2026", startDate: d("2025-09-01"), endDate: d("2026-05-31"), status: "CLOSED" },
    });
    const fourB = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: last.id, grade: 4, letter: "Б" } });
    const lg1 = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: fourB.id, subjectId: s.subjects.english.id, name: "1 группа" } });
    const lg2 = await prisma.subgroup.create({ data: { schoolId: s.schoolId, classId: fourB.id, subjectId: s.subjects.english.id, name: "2 группа" } });
    const lastRow = { schoolId: s.schoolId, yearId: last.id, classId: fourB.id, subjectId: s.subjects.english.id, hoursPerWeek: 2 };
    await prisma.teachingLoad.createMany({
      data: [
        { ...lastRow, subgroupId: lg1.id, teacherId: s.users.teacherEnglish.personId },
        { ...lastRow, subgroupId: lg2.id, teacherId: s.users.teacherRussian.personId },
      ],
    });
    const history = await prisma.subject.create({ data: { schoolId: s.schoolId, name: "История", shortName: "Ист" } });
    await plan(s, 5, [
      { subjectId: s.subjects.math.id, hours: 5 },
      { subjectId: s.subjects.russian.id, hours: 4 },
      { subjectId: s.subjects.english.id, hours: 3, split: true },
      { subjectId: history.id, hours: 2 },
    ]);
    const agent = await as(s.users.deputy);
    const preview = await agent.get(`/planning/load-check/create?year=${s.year.id}`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("Будут созданы подгруппы: 2");
    expect(preview.text).toContain("Будут созданы строки нагрузки: 2");
    expect(preview.text).toContain("Нужно назначить учителя: 2");
    expect(await htmlProblems(preview.text)).toEqual([]);

    const before = await prisma.teachingLoad.findMany({ where: { schoolId: s.schoolId, yearId: s.year.id } });
    let res = await agent.form("/planning/load-check/create", { yearId: s.year.id });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/planning/load-check?year=${s.year.id}`);
    const b = s.classes["5Б"]!.id;
    const groups = await prisma.subgroup.findMany({ where: { classId: b }, orderBy: { name: "asc" } });
    expect(groups.map((g) => [g.name, g.subjectId])).toEqual([
      ["1 группа", s.subjects.english.id],
      ["2 группа", s.subjects.english.id],
    ]);
    const after = await prisma.teachingLoad.findMany({ where: { schoolId: s.schoolId, yearId: s.year.id }, orderBy: { id: "asc" } });
    const added = after.filter((r) => !before.some((x) => x.id === r.id));
    expect(added.map((r) => [r.classId, r.subgroupId, r.subjectId, r.teacherId, Number(r.hoursPerWeek)])).toEqual([
      [b, groups[0]!.id, s.subjects.english.id, s.users.teacherEnglish.personId, 3],
      [b, groups[1]!.id, s.subjects.english.id, s.users.teacherRussian.personId, 3],
    ]);
    // Existing rows kept as they were (5А's English stays one whole-class row).
    expect(after.filter((r) => before.some((x) => x.id === r.id))).toEqual(before);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "teaching-load", action: "create" } })).toBe(1);

    const state = await loadState(s.schoolId);
    res = await agent.form("/planning/load-check/create", { yearId: s.year.id });
    expect(res.status).toBe(302);
    expect(await loadState(s.schoolId)).toEqual(state);
    const page = await agent.get(res.headers.location!);
    expect(page.text).toContain("Создано строк нагрузки: 0, подгрупп: 0; нужно назначить учителя: 2");
    // History is still missing in both classes: the check says so.
    const check = await checkOf(s);
    expect(check.classes.map((c) => c.diffs.filter((x) => x.kind === "missing").map((x) => x.subject))).toEqual([["История"], ["История"]]);
  });

  it("in grades 1–4 the class teacher takes the subjects they teach in the primary grades", async () => {
    const s = await buildSchool();
    const one = await prisma.schoolClass.create({
      data: { schoolId: s.schoolId, yearId: s.year.id, grade: 1, letter: "А", classTeacherId: s.users.teacherRussian.personId },
    });
    const two = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 2, letter: "А" } });
    await prisma.teachingLoad.create({
      data: {
        schoolId: s.schoolId,
        yearId: s.year.id,
        teacherId: s.users.teacherRussian.personId,
        classId: two.id,
        subjectId: s.subjects.russian.id,
        hoursPerWeek: 5,
      },
    });
    await plan(s, 1, [
      { subjectId: s.subjects.russian.id, hours: 5 },
      { subjectId: s.subjects.math.id, hours: 4 },
    ]);
    expect((await (await as(s.users.admin)).form("/planning/load-check/create", { yearId: s.year.id })).status).toBe(302);
    const rows = await prisma.teachingLoad.findMany({ where: { classId: one.id } });
    expect(rows.map((r) => [r.subjectId, r.teacherId, Number(r.hoursPerWeek)])).toEqual([[s.subjects.russian.id, s.users.teacherRussian.personId, 5]]);
  });
});

describe("access", () => {
  let s: TestSchool;
  let other: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
    other = await buildSchool();
    await plan(s, 5, [{ subjectId: s.subjects.english.id, hours: 3, split: true }]);
  });

  it.each(["teacherMath", "teacherRussian", "secretary", "hr", "parentAlekseev", "studentA1"] as const)(
    "%s cannot open the load check or create load (403, nothing written)",
    async (key) => {
      const agent = await as(s.users[key]);
      expect((await agent.get("/planning/load-check")).status).toBe(403);
      expect((await agent.get("/planning/load-check/create")).status).toBe(403);
      const before = await loadState(s.schoolId);
      expect((await agent.form("/planning/load-check/create", { yearId: s.year.id })).status).toBe(403);
      expect(await loadState(s.schoolId)).toEqual(before);
    },
  );

  it("another school's year is 404, nothing written there", async () => {
    const agent = await as(s.users.deputy);
    const before = await loadState(other.schoolId);
    expect((await agent.get(`/planning/load-check?year=${other.year.id}`)).status).toBe(404);
    expect((await agent.get(`/planning/load-check/create?year=${other.year.id}`)).status).toBe(404);
    expect((await agent.form("/planning/load-check/create", { yearId: other.year.id })).status).toBe(404);
    expect(await loadState(other.schoolId)).toEqual(before);
  });

  it("a closed year's load is not created (423)", async () => {
    const closed = await prisma.academicYear.create({
      data: { schoolId: s.schoolId, name: "2020/2021", startDate: d("2020-09-01"), endDate: d("2021-05-31"), status: "CLOSED" },
    });
    await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: closed.id, grade: 5, letter: "А" } });
    await plan(s, 5, [{ subjectId: s.subjects.math.id, hours: 5 }], closed.id);
    const before = await loadState(s.schoolId);
    expect((await (await as(s.users.deputy)).form("/planning/load-check/create", { yearId: closed.id })).status).toBe(423);
    expect(await loadState(s.schoolId)).toEqual(before);
  });
});
