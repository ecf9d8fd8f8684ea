/**
 * «График оценочных процедур» (R-PLN-6): every rule of the federal letter СК-228/03 on its edge, the
 * schedule's sources (planned, КТП, recorded), exceptions, publishing to the diary, access and bad input.
 *
 * The fixture school (tests/support/fixtures.ts) at the run's clock (Wed 09.12.2026): the 2nd quarter
 * is 05.11–28.12.2026, 54 days = 7.7 weeks, so at most ceil(7.7 / 2.5) = 4 assessments of a subject.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { ensureDefaultAssignmentTypes } from "../../src/modules/journal/journal.service.ts";
import { loadYearSchedule } from "../../src/modules/planning/assessments.data.ts";
import { frequencyLimit, shareLimit } from "../../src/modules/planning/assessments.rules.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";

type Cls = "5А" | "5Б";
type Subj = "math" | "russian" | "english";
type School = TestSchool & { kinds: Record<string, number> };

async function school(): Promise<School> {
  const s = await buildSchool();
  const types = await ensureDefaultAssignmentTypes(s.schoolId);
  return { ...s, kinds: Object.fromEntries(types.map((t) => [t.name, t.id])) };
}

const teacherOf: Record<Subj, "teacherMath" | "teacherRussian" | "teacherEnglish"> = {
  math: "teacherMath",
  russian: "teacherRussian",
  english: "teacherEnglish",
};

/** A planned assessment written straight to the database (rule tests are about the rules, not the form). */
async function planned(s: School, cls: Cls, subject: Subj, date: string, lessonNumber: number | null = null, title = "Контрольная работа") {
  return prisma.plannedAssessment.create({
    data: {
      schoolId: s.schoolId,
      classId: s.classes[cls]!.id,
      subjectId: s.subjects[subject].id,
      date: d(date),
      lessonNumber,
      assignmentTypeId: s.kinds["Контрольная работа"]!,
      title,
      createdById: s.users[teacherOf[subject]].personId,
    },
  });
}

async function lesson(s: School, cls: Cls, subject: Subj, date: string, number: number | null, extra: { planItemId?: number } = {}) {
  return prisma.lesson.create({
    data: {
      schoolId: s.schoolId,
      classId: s.classes[cls]!.id,
      subjectId: s.subjects[subject].id,
      teacherId: s.users[teacherOf[subject]].personId,
      date: d(date),
      number,
      ...extra,
    },
  });
}

/** The schedule's entries of a class: subject, date, sources and the rules it breaks (open ones, accepted ones marked «✓»). */
async function scheduleOf(s: School, cls: Cls) {
  const y = await loadYearSchedule(s.schoolId, s.year.id, [s.classes[cls]!.id]);
  const name = (id: number) => Object.entries(s.subjects).find(([, v]) => v.id === id)![0] as Subj;
  return y!.entries.map((e) => ({
    subject: name(e.subjectId),
    date: e.date.toISOString().slice(0, 10),
    number: e.lessonNumber,
    sources: [...e.sources].sort(),
    rules: e.warnings.map((w) => (w.exception ? `${w.rule} ✓` : w.rule)),
    texts: e.warnings.map((w) => w.text),
  }));
}

const rulesOn = async (s: School, cls: Cls, subject: Subj, date: string) =>
  (await scheduleOf(s, cls)).find((e) => e.subject === subject && e.date === date)?.rules;

async function clear(s: School) {
  await prisma.plannedAssessment.deleteMany({ where: { schoolId: s.schoolId } });
  await prisma.assessmentException.deleteMany({ where: { schoolId: s.schoolId } });
  await prisma.lessonWork.deleteMany({ where: { schoolId: s.schoolId } });
  await prisma.lesson.deleteMany({ where: { schoolId: s.schoolId } });
  await prisma.timetableEntry.deleteMany({ where: { schoolId: s.schoolId } });
  await prisma.teachingLoad.updateMany({ where: { schoolId: s.schoolId, subjectId: s.subjects.english.id }, data: { hoursPerWeek: 3 } });
}

describe("the rules of the schedule, each on its edge (R-PLN-6)", () => {
  let s: School;
  beforeAll(async () => {
    s = await school();
  });
  beforeEach(async () => clear(s));

  it("at most one per class per day: two works on one day are both warned, one alone is not, another class does not count", async () => {
    await planned(s, "5А", "math", "2026-12-14");
    expect(await rulesOn(s, "5А", "math", "2026-12-14")).toEqual([]);
    await planned(s, "5Б", "russian", "2026-12-14");
    expect(await rulesOn(s, "5А", "math", "2026-12-14")).toEqual([]);
    // A recorded control work in Russian the same day in 5А: now two.
    const l = await lesson(s, "5А", "russian", "2026-12-14", null);
    await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: l.id, assignmentTypeId: s.kinds["Диктант"]!, topic: "Контрольный диктант" } });
    const day = (await scheduleOf(s, "5А")).filter((e) => e.date === "2026-12-14");
    expect(day.map((e) => [e.subject, e.sources, e.rules])).toEqual([
      ["math", ["planned"], ["one-per-day"]],
      ["russian", ["recorded"], ["one-per-day"]],
    ]);
    expect(day[0]!.texts[0]).toBe("В этот день у класса 2 оценочные процедуры (Математика, Русский язык), а допускается не больше одной в день.");
    // Two works of one subject on a day are one assessment of that day; a work that is not an assessment is not in the schedule.
    await planned(s, "5А", "english", "2026-12-15");
    const l2 = await lesson(s, "5А", "english", "2026-12-15", null);
    await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: l2.id, assignmentTypeId: s.kinds["Контрольная работа"]! } });
    await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: l2.id, assignmentTypeId: s.kinds["Ответ на уроке"]! } });
    const e = (await scheduleOf(s, "5А")).filter((x) => x.date === "2026-12-15");
    expect(e.map((x) => [x.subject, x.sources, x.rules])).toEqual([["english", ["planned", "recorded"], []]]);
  });

  it("not on the first or the last lesson of the day, unless the subject has one lesson a week", async () => {
    for (const date of ["2026-12-15", "2026-12-16", "2026-12-17"]) {
      await lesson(s, "5А", "math", date, 1);
      await lesson(s, "5А", "russian", date, 2);
      await lesson(s, "5А", "english", date, 3);
    }
    await planned(s, "5А", "math", "2026-12-15", 1);
    await planned(s, "5А", "russian", "2026-12-16", 2);
    await planned(s, "5А", "english", "2026-12-17", 3);
    expect(await rulesOn(s, "5А", "math", "2026-12-15")).toEqual(["first-last-lesson"]);
    expect(await rulesOn(s, "5А", "russian", "2026-12-16")).toEqual([]);
    expect(await rulesOn(s, "5А", "english", "2026-12-17")).toEqual(["first-last-lesson"]);
    const texts = (await scheduleOf(s, "5А")).flatMap((e) => e.texts);
    expect(texts).toContain(
      "1-й урок — первый урок дня: оценочные процедуры не проводят на первом и последнем уроке, кроме предметов с одним уроком в неделю (по предмету уроков в неделю: 5).",
    );
    expect(texts.some((t) => t.startsWith("3-й урок — последний урок дня"))).toBe(true);
    // English with one lesson a week (the load, there is no timetable): its last lesson is allowed.
    await prisma.teachingLoad.updateMany({ where: { schoolId: s.schoolId, subjectId: s.subjects.english.id }, data: { hoursPerWeek: 1 } });
    expect(await rulesOn(s, "5А", "english", "2026-12-17")).toEqual([]);
    // Without a lesson number the entry takes the journal's lesson of that day.
    await prisma.plannedAssessment.deleteMany({ where: { schoolId: s.schoolId, subjectId: s.subjects.math.id } });
    await planned(s, "5А", "math", "2026-12-15", null);
    const e = (await scheduleOf(s, "5А")).find((x) => x.subject === "math");
    expect([e!.number, e!.rules]).toEqual([1, ["first-last-lesson"]]);
  });

  it("the day's lesson numbers and lessons a week come from the timetable for future dates", async () => {
    const entry = (subject: Subj, weekday: number, number: number) =>
      prisma.timetableEntry.create({
        data: {
          schoolId: s.schoolId,
          yearId: s.year.id,
          classId: s.classes["5Б"]!.id,
          subjectId: s.subjects[subject].id,
          teacherId: s.users[teacherOf[subject]].personId,
          weekday,
          number,
          validFrom: d("2026-09-01"),
        },
      });
    // Mondays: 2 — math, 3 — Russian, 4 — English; math also on Thursdays (two a week), English once a week.
    await entry("math", 1, 2);
    await entry("russian", 1, 3);
    await entry("english", 1, 4);
    await entry("math", 4, 1);
    await entry("russian", 4, 2);
    await planned(s, "5Б", "math", "2026-12-21", 2);
    await planned(s, "5Б", "russian", "2026-12-24", 2);
    await planned(s, "5Б", "english", "2026-12-28", 4);
    expect(await rulesOn(s, "5Б", "math", "2026-12-21")).toEqual(["first-last-lesson"]);
    expect(await rulesOn(s, "5Б", "russian", "2026-12-24")).toEqual(["first-last-lesson"]); // the last of Thursday's two
    expect(await rulesOn(s, "5Б", "english", "2026-12-28")).toEqual([]); // last lesson, but one English lesson a week
  });

  it("no more than once in 2.5 weeks on average: 4 in the 2nd quarter are allowed, the 5th is warned", async () => {
    expect(frequencyLimit(d("2026-11-05"), d("2026-12-28"))).toBe(4); // 54 days: 7.7 weeks / 2.5 = 3.1
    expect(frequencyLimit(d("2027-01-01"), d("2027-02-04"))).toBe(2); // 35 days: exactly 5 weeks = 2 × 2.5
    expect(frequencyLimit(d("2027-01-01"), d("2027-02-05"))).toBe(3); // one day more
    for (const date of ["2026-11-10", "2026-11-20", "2026-11-30", "2026-12-10"]) await planned(s, "5А", "math", date);
    expect((await scheduleOf(s, "5А")).map((e) => e.rules)).toEqual([[], [], [], []]);
    await planned(s, "5А", "math", "2026-12-21");
    const all = await scheduleOf(s, "5А");
    expect(all.map((e) => e.rules)).toEqual([[], [], [], [], ["frequency"]]);
    expect(all[4]!.texts[0]).toBe(
      "5-я оценочная процедура по предмету за период: в периоде 7,7 нед., по правилу «не чаще одного раза в 2,5 недели» допускается не больше 4.",
    );
    // Another period counts on its own.
    await planned(s, "5А", "math", "2027-01-20");
    expect(await rulesOn(s, "5А", "math", "2027-01-20")).toEqual([]);
  });

  it("no more than 10 % of the subject's lessons in the year: 3 of 30 lessons are allowed, the 4th is warned", async () => {
    expect([shareLimit(30), shareLimit(29), shareLimit(40)]).toEqual([3, 2, 4]);
    // 20 English lessons given (Mon, Wed, Fri from 07.09) and 10 more by the timetable: Mondays 14.12–01.03 in the quarters.
    const start = d("2026-09-07");
    for (let i = 0; i < 20; i++) {
      const date = new Date(start.getTime() + (Math.floor(i / 3) * 7 + (i % 3) * 2) * 86_400_000);
      await lesson(s, "5А", "english", date.toISOString().slice(0, 10), null);
    }
    await prisma.timetableEntry.create({
      data: {
        schoolId: s.schoolId,
        yearId: s.year.id,
        classId: s.classes["5А"]!.id,
        subjectId: s.subjects.english.id,
        teacherId: s.users.teacherEnglish.personId,
        weekday: 1,
        number: 2,
        validFrom: d("2026-12-14"),
        validTo: d("2027-03-01"),
      },
    });
    const y = await loadYearSchedule(s.schoolId, s.year.id, [s.classes["5А"]!.id]);
    expect(y!.facts.yearLessons(s.classes["5А"]!.id, s.subjects.english.id)).toBe(30);
    // Without a timetable: the load's weekly hours × 34 weeks.
    expect(y!.facts.yearLessons(s.classes["5А"]!.id, s.subjects.russian.id)).toBe(4 * 34);
    for (const date of ["2026-09-15", "2026-10-15", "2026-11-17"]) await planned(s, "5А", "english", date);
    expect((await scheduleOf(s, "5А")).map((e) => e.rules)).toEqual([[], [], []]);
    await planned(s, "5А", "english", "2026-12-16");
    const all = await scheduleOf(s, "5А");
    expect(all.map((e) => e.rules)).toEqual([[], [], [], ["share"]]);
    expect(all[3]!.texts[0]).toBe(
      "4-я оценочная процедура по предмету за год: уроков предмета в году 30, а на оценочные процедуры отводится не больше 10 % — 3.",
    );
  });

  it("КТП: control, diagnostic and test topics of the approved plan fall on the n-th lesson, «по КТП»; a linked lesson or a planned topic wins", async () => {
    const dates = ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07", "2026-12-08"];
    for (const date of dates) await lesson(s, "5А", "math", date, 3);
    const plan = await prisma.thematicPlan.create({
      data: {
        schoolId: s.schoolId,
        subjectId: s.subjects.math.id,
        grade: 5,
        yearId: s.year.id,
        title: "Математика 5",
        authorId: s.users.teacherMath.personId,
        status: "APPROVED",
        items: {
          create: [
            { schoolId: s.schoolId, position: 1, topic: "Натуральные числа", hours: 2 },
            { schoolId: s.schoolId, position: 2, topic: "Контрольная работа № 1", hours: 1, workKind: "CONTROL" },
            { schoolId: s.schoolId, position: 3, topic: "Практическая работа", hours: 1, workKind: "PRACTICAL" },
            { schoolId: s.schoolId, position: 4, topic: "Тест по дробям", hours: 1, workKind: "TEST" },
          ],
        },
      },
      include: { items: { orderBy: { position: "asc" } } },
    });
    await prisma.planAssignment.create({
      data: { schoolId: s.schoolId, planId: plan.id, yearId: s.year.id, classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id },
    });
    // Hours 1–2 on lessons 1–2; the control work (hour 3) on the 3rd lesson, the test (hour 5) on the 5th.
    expect((await scheduleOf(s, "5А")).map((e) => [e.date, e.sources])).toEqual([
      ["2026-12-03", ["plan"]],
      ["2026-12-07", ["plan"]],
    ]);
    // The control work was given on the 4th lesson (linked to the topic): it moves there.
    await prisma.lesson.updateMany({ where: { schoolId: s.schoolId, date: d("2026-12-04") }, data: { planItemId: plan.items[1]!.id } });
    // The teacher planned the test as an assessment of another date: not repeated from the plan.
    await prisma.plannedAssessment.create({
      data: {
        schoolId: s.schoolId,
        classId: s.classes["5А"]!.id,
        subjectId: s.subjects.math.id,
        date: d("2026-12-08"),
        lessonNumber: 3,
        assignmentTypeId: s.kinds["Тест"]!,
        title: "Тест по дробям",
        planItemId: plan.items[3]!.id,
        createdById: s.users.teacherMath.personId,
      },
    });
    expect((await scheduleOf(s, "5А")).map((e) => [e.date, e.sources])).toEqual([
      ["2026-12-04", ["plan"]],
      ["2026-12-08", ["planned"]],
    ]);
    // A plan not approved gives nothing.
    await prisma.thematicPlan.update({ where: { id: plan.id }, data: { status: "SUBMITTED" } });
    expect((await scheduleOf(s, "5А")).map((e) => e.date)).toEqual(["2026-12-08"]);
    await prisma.planAssignment.deleteMany({ where: { planId: plan.id } });
    await prisma.thematicPlan.delete({ where: { id: plan.id } });
  });
});

describe("planning an assessment, exceptions, publishing (pages)", () => {
  let s: School;
  let a: number;
  let b: number;
  let period: number;
  beforeAll(async () => {
    s = await school();
    a = s.classes["5А"]!.id;
    b = s.classes["5Б"]!.id;
    period = s.periods[1]!.id;
  });

  const form = (over: Record<string, string> = {}) => ({
    periodId: String(period),
    journal: `${s.subjects.math.id}:0`,
    date: "2026-12-14",
    lessonNumber: "",
    assignmentTypeId: String(s.kinds["Контрольная работа"]),
    title: "Контрольная работа № 3 «Дроби»",
    ...over,
  });

  it("a teacher plans for the own journal; a second work that day saves with the rule's warning in words", async () => {
    const math = await as(s.users.teacherMath);
    const page = await math.get(`/planning/assessments/classes/${a}?period=${period}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Запланировать оценочную процедуру");
    expect(await htmlProblems(page.text)).toEqual([]);
    const res = await math.form(`/planning/assessments/classes/${a}/planned`, form());
    expect(res.status).toBe(302);
    const row = await prisma.plannedAssessment.findFirstOrThrow({ where: { schoolId: s.schoolId, classId: a } });
    expect(row).toMatchObject({
      subjectId: s.subjects.math.id,
      subgroupId: 0,
      title: "Контрольная работа № 3 «Дроби»",
      createdById: s.users.teacherMath.personId,
    });
    expect((await math.get(res.headers.location!)).text).not.toContain("нарушает правила графика");
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "assessment-schedule", entityId: String(row.id) } });
    expect(audit.action).toBe("create");

    const russian = await as(s.users.teacherRussian);
    const res2 = await russian.form(`/planning/assessments/classes/${a}/planned`, form({ journal: `${s.subjects.russian.id}:0`, title: "Диктант" }));
    expect(res2.status).toBe(302);
    const shown = await russian.get(res2.headers.location!);
    expect(shown.text).toContain("Оценочная процедура добавлена, но нарушает правила графика");
    expect(shown.text).toContain("не больше одной оценочной процедуры в классе в день");
    expect(await prisma.plannedAssessment.count({ where: { schoolId: s.schoolId, classId: a } })).toBe(2);
  });

  it("a teacher cannot plan for a class or a subject not taught: crafted POSTs are 404, nothing saved", async () => {
    const before = await prisma.plannedAssessment.count({ where: { schoolId: s.schoolId } });
    const english = await as(s.users.teacherEnglish); // English in 5А only
    expect((await english.form(`/planning/assessments/classes/${b}/planned`, form({ journal: `${s.subjects.english.id}:0` }))).status).toBe(404);
    const math = await as(s.users.teacherMath);
    expect((await math.form(`/planning/assessments/classes/${a}/planned`, form({ journal: `${s.subjects.russian.id}:0` }))).status).toBe(404);
    // The form offers only the own subjects.
    const page = await math.get(`/planning/assessments/classes/${a}?period=${period}`);
    expect(page.text).toContain(`value="${s.subjects.math.id}:0"`);
    expect(page.text).not.toContain(`value="${s.subjects.russian.id}:0"`);
    // Families and other schools' classes: 404.
    expect((await (await as(s.users.parentAlekseev)).form(`/planning/assessments/classes/${a}/planned`, form())).status).toBe(403);
    expect((await (await as(s.users.studentA1)).get(`/planning/assessments/classes/${a}`)).status).toBe(404);
    expect((await (await as(s.users.parentAlekseev)).get(`/planning/assessments`)).status).toBe(404);
    const other = await buildSchool();
    expect((await math.get(`/planning/assessments/classes/${other.classes["5А"]!.id}`)).status).toBe(404);
    expect(await prisma.plannedAssessment.count({ where: { schoolId: s.schoolId } })).toBe(before);
  });

  it("bad input: a date outside the period, a kind that is not an assessment, no title — Russian messages, values kept, nothing saved", async () => {
    const before = await prisma.plannedAssessment.count({ where: { schoolId: s.schoolId } });
    const math = await as(s.users.teacherMath);
    const out = await math.form(
      `/planning/assessments/classes/${a}/planned`,
      form({ date: "2027-01-20", assignmentTypeId: String(s.kinds["Ответ на уроке"]) }),
    );
    expect(out.status).toBe(422);
    expect(out.text).toContain("Дата вне выбранного периода: с 05.11.2026 по 28.12.2026");
    expect(out.text).toContain("Выберите вид работы из списка оценочных процедур");
    expect(out.text).toContain('value="2027-01-20"');
    expect(out.text).toContain("Контрольная работа № 3 «Дроби»");
    const empty = await math.form(`/planning/assessments/classes/${a}/planned`, form({ title: "", date: "31.02.2026", assignmentTypeId: "999999" }));
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("Заполните поле");
    expect(empty.text).toContain("Дата в формате ДД.ММ.ГГГГ");
    expect(await htmlProblems(empty.text)).toEqual([]);
    expect(await prisma.plannedAssessment.count({ where: { schoolId: s.schoolId } })).toBe(before);
  });

  it("bad input: a day off of the class's week or a holiday of its grade is refused with the reason; a Saturday of a six-day week is a school day", async () => {
    const before = await prisma.plannedAssessment.count({ where: { schoolId: s.schoolId } });
    const math = await as(s.users.teacherMath);
    const sunday = await math.form(`/planning/assessments/classes/${a}/planned`, form({ date: "2026-12-13" }));
    expect(sunday.status).toBe(422);
    expect(sunday.text).toContain("Это выходной день: у класса шестидневная учебная неделя");
    expect(sunday.text).toContain('value="2026-12-13"');
    const year = await prisma.schoolClass.findUniqueOrThrow({ where: { id: a }, select: { yearId: true } });
    const holiday = await prisma.holiday.create({
      data: { schoolId: s.schoolId, yearId: year.yearId, name: "Дни здоровья", startDate: d("2026-12-21"), endDate: d("2026-12-22"), gradeFrom: 5, gradeTo: 9 },
    });
    const off = await math.form(`/planning/assessments/classes/${a}/planned`, form({ date: "2026-12-22" }));
    expect(off.status).toBe(422);
    expect(off.text).toContain("В этот день нет уроков: Дни здоровья");
    expect(await prisma.plannedAssessment.count({ where: { schoolId: s.schoolId } })).toBe(before);
    // The same holiday for other grades only does not close the day for 5А.
    await prisma.holiday.update({ where: { id: holiday.id }, data: { gradeFrom: 10, gradeTo: 11 } });
    expect((await math.form(`/planning/assessments/classes/${a}/planned`, form({ date: "2026-12-22", title: "Самостоятельная работа" }))).status).toBe(302);
    expect((await math.form(`/planning/assessments/classes/${a}/planned`, form({ date: "2026-12-19", title: "Тест" }))).status).toBe(302);
    await prisma.plannedAssessment.deleteMany({ where: { schoolId: s.schoolId, title: { in: ["Самостоятельная работа", "Тест"] } } });
    await prisma.holiday.delete({ where: { id: holiday.id } });
  });

  it("the deputy accepts an exception with a reason (shown as accepted, audited); an empty reason is refused; a teacher may not", async () => {
    const deputy = await as(s.users.deputy);
    const list = await deputy.get(`/planning/assessments?period=${period}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain("В этот день у класса 2 оценочные процедуры (Математика, Русский язык)");
    const body = { periodId: String(period), subjectId: String(s.subjects.russian.id), date: "2026-12-14", rule: "one-per-day" };
    const empty = await deputy.form(`/planning/assessments/classes/${a}/exceptions`, { ...body, reason: "  " });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("Укажите причину исключения: почему правило нарушено обоснованно");
    expect(await htmlProblems(empty.text)).toEqual([]);
    const teacher = await as(s.users.teacherRussian);
    expect((await teacher.form(`/planning/assessments/classes/${a}/exceptions`, { ...body, reason: "Хочу" })).status).toBe(403);
    expect(await prisma.assessmentException.count({ where: { schoolId: s.schoolId } })).toBe(0);

    const reason = "Перенос после карантина, согласовано с родителями";
    const ok = await deputy.form(`/planning/assessments/classes/${a}/exceptions`, { ...body, reason });
    expect(ok.status).toBe(302);
    const x = await prisma.assessmentException.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    expect(x).toMatchObject({ classId: a, subjectId: s.subjects.russian.id, rule: "one-per-day", reason, acceptedById: s.users.deputy.personId });
    const log = await prisma.auditLog.findFirstOrThrow({
      where: { schoolId: s.schoolId, entity: "assessment-exception", entityId: String(x.id), action: "create" },
    });
    expect(log.reason).toBe(reason);
    const page = await deputy.get(ok.headers.location!);
    expect(page.text).toContain("исключение принято");
    expect(page.text).toContain(reason);
    // The day is settled: the other work has no warning left.
    expect(await rulesOn(s, "5А", "math", "2026-12-14")).toEqual([]);
    expect(await rulesOn(s, "5А", "russian", "2026-12-14")).toEqual(["one-per-day ✓"]);
    // A warning that is not there cannot be excepted.
    const none = await deputy.form(`/planning/assessments/classes/${a}/exceptions`, { ...body, subjectId: String(s.subjects.math.id), reason });
    expect(none.status).toBe(422);
    expect(none.text).toContain("Нарушения этого правила в этот день нет");
    expect(await prisma.assessmentException.count({ where: { schoolId: s.schoolId } })).toBe(1);
  });

  it("publishing: the class's students and parents see it in the diary; another class's parent gets 404; unpublished shows nothing", async () => {
    const parentB = await as(s.users.parentBorisova); // child A2 in 5А
    const before = await parentB.get(`/diary/${s.students.studentA2!.studentId}/assessments`);
    expect(before.status).toBe(200);
    expect(before.text).toContain("График оценочных процедур на этот период ещё не опубликован.");
    expect(before.text).not.toContain("Контрольная работа № 3");
    expect((await parentB.get(`/diary/${s.students.studentA2!.studentId}/assessments/pdf`)).status).toBe(404);

    const teacher = await as(s.users.teacherMath);
    expect((await teacher.form(`/planning/assessments/classes/${a}/publication`, { periodId: String(period) })).status).toBe(403);
    const deputy = await as(s.users.deputy);
    expect((await deputy.form(`/planning/assessments/classes/${a}/publication`, { periodId: String(period) })).status).toBe(302);
    expect(await prisma.assessmentPublication.findMany({ where: { schoolId: s.schoolId }, select: { classId: true, periodId: true } })).toEqual([
      { classId: a, periodId: period },
    ]);

    const after = await parentB.get(`/diary/${s.students.studentA2!.studentId}/assessments`);
    expect(after.text).toContain("Контрольная работа № 3 «Дроби»");
    expect(after.text).not.toContain("исключение"); // families see the schedule, not the staff's warnings
    expect(await htmlProblems(after.text)).toEqual([]);
    const student = await as(s.users.studentA1);
    const own = await student.get(`/diary/${s.students.studentA1!.studentId}/assessments?period=${period}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain("Контрольная работа № 3 «Дроби»");
    const pdf = await student.get(`/diary/${s.students.studentA1!.studentId}/assessments/pdf?period=${period}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(decodeURIComponent(pdf.headers["content-disposition"]!)).toContain("График-оценочных-процедур-5А-2-я-четверть.pdf");

    // Another class: not the parent's child — 404; the parent of 5Б's child sees 5Б unpublished.
    expect((await parentB.get(`/diary/${s.students.studentB1!.studentId}/assessments`)).status).toBe(404);
    expect((await student.get(`/diary/${s.students.studentB1!.studentId}/assessments`)).status).toBe(404);
    const parentA = await as(s.users.parentAlekseev);
    const b1 = await parentA.get(`/diary/${s.students.studentB1!.studentId}/assessments`);
    expect(b1.text).toContain("ещё не опубликован");
    expect(b1.text).not.toContain("Контрольная работа № 3");

    // Withdrawn: nothing shown again.
    expect((await deputy.form(`/planning/assessments/classes/${a}/publication/delete`, { periodId: String(period) })).status).toBe(302);
    expect((await parentB.get(`/diary/${s.students.studentA2!.studentId}/assessments`)).text).toContain("ещё не опубликован");
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, action: { in: ["publish", "unpublish"] } } })).toBe(2);
  });

  it("the class's PDF and the overview for a teacher", async () => {
    const math = await as(s.users.teacherMath);
    const pdf = await math.get(`/planning/assessments/classes/${a}/pdf?period=${period}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const list = await math.get("/planning/assessments");
    expect(list.status).toBe(200);
    expect(list.text).toContain("Мои предметы");
    expect(await htmlProblems(list.text)).toEqual([]);
  });

  it("a teacher moves the own planned work to another day (audited old and new); bad input keeps the values; another teacher or a family cannot (404/403)", async () => {
    const math = await as(s.users.teacherMath);
    const created = await math.form(`/planning/assessments/classes/${a}/planned`, form({ date: "2026-12-16", title: "Проверочная работа" }));
    expect(created.status).toBe(302);
    const row = await prisma.plannedAssessment.findFirstOrThrow({ where: { schoolId: s.schoolId, title: "Проверочная работа" } });
    expect((await math.get(`/planning/assessments/classes/${a}?period=${period}`)).text).toContain(`&amp;edit=${row.id}#new`);
    expect((await (await as(s.users.teacherRussian)).get(`/planning/assessments/classes/${a}?period=${period}`)).text).not.toContain(`&amp;edit=${row.id}#new`);
    const page = await math.get(`/planning/assessments/classes/${a}?period=${period}&edit=${row.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Изменить оценочную процедуру");
    expect(page.text).toContain(`action="/planning/assessments/planned/${row.id}"`);
    expect(page.text).toContain('value="2026-12-16"');
    expect(await htmlProblems(page.text)).toEqual([]);

    const bad = await math.form(`/planning/assessments/planned/${row.id}`, form({ date: "2026-12-20", title: "Проверочная работа № 2" }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Это выходной день");
    expect(bad.text).toContain("Проверочная работа № 2");
    expect(bad.text).toContain(`action="/planning/assessments/planned/${row.id}"`);
    expect((await prisma.plannedAssessment.findUniqueOrThrow({ where: { id: row.id } })).title).toBe("Проверочная работа");

    // Another teacher, a family, another school's id: nothing shown, nothing changed.
    const russian = await as(s.users.teacherRussian);
    expect((await russian.get(`/planning/assessments/classes/${a}?period=${period}&edit=${row.id}`)).status).toBe(404);
    expect((await russian.form(`/planning/assessments/planned/${row.id}`, form({ date: "2026-12-17" }))).status).toBe(404);
    expect((await (await as(s.users.parentAlekseev)).form(`/planning/assessments/planned/${row.id}`, form({ date: "2026-12-17" }))).status).toBe(403);
    expect((await math.get(`/planning/assessments/classes/${b}?period=${period}&edit=${row.id}`)).status).toBe(404);
    expect((await prisma.plannedAssessment.findUniqueOrThrow({ where: { id: row.id } })).date).toEqual(d("2026-12-16"));

    const moved = await math.form(`/planning/assessments/planned/${row.id}`, form({ date: "2026-12-17", lessonNumber: "3", title: "Проверочная работа № 2" }));
    expect(moved.status).toBe(302);
    expect(moved.headers.location).toContain(`changed=${row.id}`);
    expect(await prisma.plannedAssessment.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      date: d("2026-12-17"),
      lessonNumber: 3,
      title: "Проверочная работа № 2",
    });
    const log = await prisma.auditLog.findFirstOrThrow({
      where: { schoolId: s.schoolId, entity: "assessment-schedule", entityId: String(row.id), action: "update" },
    });
    expect(log.oldValue).toMatchObject({ date: "2026-12-16", title: "Проверочная работа" });
    expect(log.newValue).toMatchObject({ date: "2026-12-17", lessonNumber: 3, title: "Проверочная работа № 2" });
    await math.form(`/planning/assessments/planned/${row.id}/delete`, { periodId: String(period) });
  });

  it("a teacher removes the own planned work but not another teacher's (404)", async () => {
    const rus = await prisma.plannedAssessment.findFirstOrThrow({ where: { schoolId: s.schoolId, subjectId: s.subjects.russian.id } });
    const math = await as(s.users.teacherMath);
    expect((await math.form(`/planning/assessments/planned/${rus.id}/delete`, { periodId: String(period) })).status).toBe(404);
    expect(await prisma.plannedAssessment.count({ where: { id: rus.id } })).toBe(1);
    const russian = await as(s.users.teacherRussian);
    expect((await russian.form(`/planning/assessments/planned/${rus.id}/delete`, { periodId: String(period) })).status).toBe(302);
    expect(await prisma.plannedAssessment.count({ where: { id: rus.id } })).toBe(0);
  });
});

describe("kinds of work: «оценочная процедура» (/journal/assignment-types)", () => {
  it("the defaults mark control works, dictations, tests and diagnostics; the administrator sets and clears the flag", async () => {
    const s = await school();
    const types = await prisma.assignmentType.findMany({ where: { schoolId: s.schoolId } });
    const flag = Object.fromEntries(types.map((t) => [t.name, t.isAssessment]));
    expect(flag).toMatchObject({
      "Контрольная работа": true,
      Диктант: true,
      Тест: true,
      "Диагностическая работа": true,
      "Проверочная работа": false,
      "Ответ на уроке": false,
      "Домашнее задание": false,
    });
    const admin = await as(s.users.admin);
    expect((await admin.form("/journal/assignment-types", { name: "Итоговая работа", shortName: "Итог", weight: "2", isAssessment: "on" })).status).toBe(302);
    const t = await prisma.assignmentType.findFirstOrThrow({ where: { schoolId: s.schoolId, name: "Итоговая работа" } });
    expect(t.isAssessment).toBe(true);
    const edit = await admin.get(`/journal/assignment-types/${t.id}/edit`);
    expect(edit.text).toMatch(/name="isAssessment" checked/);
    expect((await admin.form(`/journal/assignment-types/${t.id}`, { name: "Итоговая работа", shortName: "Итог", weight: "2" })).status).toBe(302);
    expect((await prisma.assignmentType.findUniqueOrThrow({ where: { id: t.id } })).isAssessment).toBe(false);
    expect((await admin.get("/journal/assignment-types")).text).toContain("Оценочная процедура");
  });
});
