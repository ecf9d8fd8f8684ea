/**
 * The curriculum (R-PLN-1): the weekly limits of СанПиН 1.2.3685-21 table 6.6 on their edge (the
 * limit itself saved, one hour more refused with the figures, 5- vs 6-day week), profiles fixed
 * during the year, the copy of last year's plan into a draft year (all or nothing), the PDF and
 * the .xlsx against the database, the journal's settings, bad input and access.
 */
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { htmlProblems } from "../support/html.ts";
import { getBinary, pdfText, squash } from "../support/pdf.ts";
import { weeklyLimit } from "../../src/modules/planning/curriculum.policy.ts";
import { curriculumView } from "../../src/modules/planning/curriculum.service.ts";
import { compareClass } from "../../src/modules/planning/load-check.service.ts";
import { SUBJECTS } from "../../src/seed/curriculum.ts";
import { buildSchoolPlan } from "../../src/seed/plan.ts";
import { planCurricula, profileOf } from "../../src/seed/plan-curriculum.ts";

type Item = { subjectId: number; hours: number; area?: string; part?: "MANDATORY" | "ELECTIVE"; marked?: boolean; split?: boolean; assessmentForm?: string };

let subjectSeq = 0;
/** A new subject of the school (the fixture has only three). */
async function subject(schoolId: number, name = `Предмет ${++subjectSeq}`) {
  return prisma.subject.create({ data: { schoolId, name, shortName: name.slice(0, 10), sortOrder: 100 + subjectSeq } });
}

async function curriculum(s: TestSchool, opts: { yearId?: number; grade: number; profile?: string; weekDays?: number | null; items?: Item[] }) {
  return prisma.curriculum.create({
    data: {
      schoolId: s.schoolId,
      yearId: opts.yearId ?? s.year.id,
      grade: opts.grade,
      profile: opts.profile ?? "",
      weekDays: opts.weekDays ?? null,
      items: {
        create: (opts.items ?? []).map((i, n) => ({
          schoolId: s.schoolId,
          subjectId: i.subjectId,
          area: i.area ?? "Математика и информатика",
          part: i.part ?? "MANDATORY",
          hoursPerWeek: i.hours,
          marked: i.marked ?? true,
          split: i.split ?? false,
          assessmentForm: i.assessmentForm ?? "годовая отметка",
          sortOrder: n,
        })),
      },
    },
  });
}

/** Subjects filling `total` hours (10 at most each). */
async function filler(schoolId: number, total: number): Promise<Item[]> {
  const items: Item[] = [];
  for (let left = total; left > 0; left -= 10) items.push({ subjectId: (await subject(schoolId)).id, hours: Math.min(10, left) });
  return items;
}

let yearSeq = 0;
async function draftYear(s: TestSchool, status: "DRAFT" | "CURRENT" | "CLOSED" = "DRAFT") {
  const y = 2030 + ++yearSeq;
  return prisma.academicYear.create({
    data: { schoolId: s.schoolId, name: `${y}/${y + 1}`, startDate: d(`${y}-09-01`), endDate: d(`${y + 1}-05-31`), status },
  });
}

const itemsOf = (curriculumId: number) => prisma.curriculumItem.findMany({ where: { curriculumId }, orderBy: { id: "asc" } });
const state = async (schoolId: number) =>
  JSON.parse(
    JSON.stringify({
      curricula: await prisma.curriculum.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
      items: await prisma.curriculumItem.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
      classes: await prisma.schoolClass.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
      subjects: await prisma.subject.findMany({ where: { schoolId }, orderBy: { id: "asc" } }),
      audits: await prisma.auditLog.count({ where: { schoolId } }),
    }),
  ) as unknown;

const form = (subjectId: number, hours: string, extra: Record<string, string> = {}) => ({
  subjectId: String(subjectId),
  area: "Общественно-научные предметы",
  part: "MANDATORY",
  hours,
  assessmentForm: "тестирование",
  marked: "on",
  ...extra,
});

describe("the weekly limit of СанПиН 1.2.3685-21, table 6.6 (R-PLN-1)", () => {
  let s: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
  });

  it.each([
    [1, null, 21, "пятидневной"],
    [2, 5, 23, "пятидневной"],
    [4, 6, 26, "шестидневной"],
    [5, 5, 29, "пятидневной"],
    [5, 6, 32, "шестидневной"],
    [6, 5, 30, "пятидневной"],
    [6, 6, 33, "шестидневной"],
    [7, 5, 32, "пятидневной"],
    [7, 6, 35, "шестидневной"],
    [8, 5, 33, "пятидневной"],
    [9, 6, 36, "шестидневной"],
    [10, 5, 34, "пятидневной"],
    [11, 6, 37, "шестидневной"],
  ])("grade %i, %s-day week: exactly %i hours are saved, one more is refused with the figures", async (grade, weekDays, limit, week) => {
    const year = await draftYear(s);
    const c = await curriculum(s, { yearId: year.id, grade, weekDays, items: await filler(s.schoolId, limit - 3) });
    const agent = await as(s.users.deputy);
    const a = await subject(s.schoolId);
    let res = await agent.form(`/planning/curriculum/${c.id}/items`, form(a.id, "3"));
    expect(res.status).toBe(302);
    const items = await itemsOf(c.id);
    expect(items.reduce((sum, i) => sum + Number(i.hoursPerWeek), 0)).toBe(limit);

    const b = await subject(s.schoolId);
    const before = await state(s.schoolId);
    res = await agent.form(`/planning/curriculum/${c.id}/items`, form(b.id, "1"));
    expect(res.status).toBe(422);
    expect(res.text).toContain(
      `Недельная нагрузка ${grade} класса была бы ${limit + 1} ч, а при ${week} неделе допустимо не больше ${limit} ч (СанПиН 1.2.3685-21, табл. 6.6)`,
    );
    expect(res.text).toMatch(/id="f-hours-error">Недельная нагрузка/);
    expect(res.text).toContain('value="1"');
    expect(await state(s.schoolId)).toEqual(before);

    // Raising a subject already in the plan by an hour is refused the same way.
    const last = items.at(-1)!;
    res = await agent.form(`/planning/curriculum/items/${last.id}`, {
      area: last.area,
      part: last.part,
      hours: String(Number(last.hoursPerWeek) + 1),
      marked: "on",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`была бы ${limit + 1} ч`);
    expect(await state(s.schoolId)).toEqual(before);
  });

  it("a 6-day plan of 32 hours in grade 5 cannot become a 5-day one (29): refused beside the week, nothing saved", async () => {
    const year = await draftYear(s);
    const c = await curriculum(s, { yearId: year.id, grade: 5, weekDays: 6, items: await filler(s.schoolId, 32) });
    const before = await state(s.schoolId);
    const res = await (await as(s.users.deputy)).form(`/planning/curriculum/${c.id}`, { profile: "", weekDays: "5", note: "" });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="settings-weekDays-error">Недельная нагрузка 5 класса была бы 32 ч, а при пятидневной неделе допустимо не больше 29 ч/);
    expect(await state(s.schoolId)).toEqual(before);
  });

  it("the school's week decides when the plan has none: 30 hours fit grade 5 on 6 days, not on 5", async () => {
    const year = await draftYear(s);
    const c = await curriculum(s, { yearId: year.id, grade: 5, items: await filler(s.schoolId, 29) });
    const agent = await as(s.users.deputy);
    await prisma.school.update({ where: { id: s.schoolId }, data: { weekDays: 5 } });
    try {
      const a = await subject(s.schoolId);
      expect((await agent.form(`/planning/curriculum/${c.id}/items`, form(a.id, "1"))).status).toBe(422);
      await prisma.school.update({ where: { id: s.schoolId }, data: { weekDays: 6 } });
      expect((await agent.form(`/planning/curriculum/${c.id}/items`, form(a.id, "1"))).status).toBe(302);
    } finally {
      await prisma.school.update({ where: { id: s.schoolId }, data: { weekDays: 6 } });
    }
  });

  it("grade 1 learns five days a week only", async () => {
    const year = await draftYear(s);
    const c = await curriculum(s, { yearId: year.id, grade: 1 });
    const res = await (await as(s.users.deputy)).form(`/planning/curriculum/${c.id}`, { profile: "", weekDays: "6" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("В 1 классе — только пятидневная неделя");
    expect((await prisma.curriculum.findUniqueOrThrow({ where: { id: c.id } })).weekDays).toBeNull();
  });

  it.each([
    ["abc", "Укажите число"],
    ["-1", "Не меньше 0,5"],
    ["100", "Не больше 10"],
    ["1,25", "Не больше одного знака после запятой"],
    ["", "Укажите число"],
  ])("hours «%s» are refused with «%s» beside the field, the typed value kept, nothing saved", async (hours, message) => {
    const c = await curriculum(s, { yearId: (await draftYear(s)).id, grade: 7 });
    const a = await subject(s.schoolId);
    const before = await state(s.schoolId);
    const res = await (await as(s.users.deputy)).form(`/planning/curriculum/${c.id}/items`, form(a.id, hours, { area: "Моя область" }));
    expect(res.status).toBe(422);
    expect(res.text).toMatch(new RegExp(`id="f-hours-error">${message}`));
    expect(res.text).toContain(`value="${hours}"`);
    expect(res.text).toContain('value="Моя область"');
    expect(await state(s.schoolId)).toEqual(before);
  });

  it("the deputy adds, edits and removes a subject row; every field is stored as typed", async () => {
    const c = await curriculum(s, { yearId: (await draftYear(s)).id, grade: 8 });
    const agent = await as(s.users.deputy);
    let res = await agent.form(`/planning/curriculum/${c.id}/items`, {
      ...form(s.subjects.english.id, "3"),
      area: "Иностранные языки",
      part: "ELECTIVE",
      assessmentForm: "зачёт",
      marked: "",
      split: "on",
    });
    expect(res.status).toBe(302);
    const [row] = await itemsOf(c.id);
    expect(row).toMatchObject({
      subjectId: s.subjects.english.id,
      area: "Иностранные языки",
      part: "ELECTIVE",
      assessmentForm: "зачёт",
      marked: false,
      split: true,
    });
    expect(Number(row!.hoursPerWeek)).toBe(3);

    res = await agent.form(`/planning/curriculum/${c.id}/items`, form(s.subjects.english.id, "2"));
    expect(res.status).toBe(422);
    expect(res.text).toContain("Предмет «Английский язык» уже есть в этом плане");

    res = await agent.form(`/planning/curriculum/items/${row!.id}`, { area: "Иностранные языки", part: "MANDATORY", hours: "2,5", marked: "on" });
    expect(res.status).toBe(302);
    const changed = await prisma.curriculumItem.findUniqueOrThrow({ where: { id: row!.id } });
    expect(changed).toMatchObject({ part: "MANDATORY", marked: true, split: false, assessmentForm: null });
    expect(Number(changed.hoursPerWeek)).toBe(2.5);

    const page = await agent.get(`/planning/curriculum/${c.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("2,5");
    expect(await htmlProblems(page.text)).toEqual([]);

    expect((await agent.form(`/planning/curriculum/items/${row!.id}/delete`, {})).status).toBe(302);
    expect(await itemsOf(c.id)).toEqual([]);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "curriculum", entityId: String(c.id) } })).toBe(3);
  });
});

describe("profiles cannot change during the year (R-PLN-1)", () => {
  it("a class of the current year with lessons keeps its profile; without lessons, or in a draft year, it is set", async () => {
    const s = await buildSchool();
    const cls = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 10, letter: "А" } });
    const fresh = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 10, letter: "Б" } });
    await curriculum(s, { grade: 10, profile: "Технологический" });
    await curriculum(s, { grade: 10 });
    await prisma.lesson.create({
      data: { schoolId: s.schoolId, classId: cls.id, subjectId: s.subjects.math.id, teacherId: s.users.teacherMath.personId, date: d("2026-09-02") },
    });
    const agent = await as(s.users.deputy);

    const before = await state(s.schoolId);
    let res = await agent.form(`/planning/curriculum/classes/${cls.id}/profile`, { profile: "Технологический" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Профиль нельзя менять в течение учебного года: у 10А уже есть уроки в журнале");
    expect(res.text).toMatch(new RegExp(`id="profile-${cls.id}-error"`));
    expect(await state(s.schoolId)).toEqual(before);

    res = await agent.form(`/planning/curriculum/classes/${fresh.id}/profile`, { profile: "Технологический" });
    expect(res.status).toBe(302);
    expect((await prisma.schoolClass.findUniqueOrThrow({ where: { id: fresh.id } })).profile).toBe("Технологический");

    // A profile the grade's curriculum does not have is refused.
    res = await agent.form(`/planning/curriculum/classes/${fresh.id}/profile`, { profile: "Космический" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Выберите профиль из учебного плана этой параллели");

    // Renaming a plan's profile moves its classes along: allowed while none of them has lessons (10Б follows).
    const tech = await prisma.curriculum.findFirstOrThrow({ where: { yearId: s.year.id, grade: 10, profile: "Технологический" } });
    res = await agent.form(`/planning/curriculum/${tech.id}`, { profile: "Инженерный", weekDays: "" });
    expect(res.status).toBe(302);
    expect((await prisma.schoolClass.findUniqueOrThrow({ where: { id: fresh.id } })).profile).toBe("Инженерный");

    // The plan without a profile is the one of 10А, which has lessons: renaming it is refused.
    const plain = await prisma.curriculum.findFirstOrThrow({ where: { yearId: s.year.id, grade: 10, profile: "" } });
    const before2 = await state(s.schoolId);
    res = await agent.form(`/planning/curriculum/${plain.id}`, { profile: "Гуманитарный", weekDays: "" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("у 10А уже есть уроки");
    expect(await state(s.schoolId)).toEqual(before2);

    // In a draft year the profile is set freely; grades 1–9 have none.
    const draft = await draftYear(s);
    const next = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: draft.id, grade: 11, letter: "А" } });
    await curriculum(s, { yearId: draft.id, grade: 11, profile: "Гуманитарный" });
    expect((await agent.form(`/planning/curriculum/classes/${next.id}/profile`, { profile: "Гуманитарный" })).status).toBe(302);
    res = await agent.form("/planning/curriculum", { yearId: draft.id, grade: "5", profile: "Гуманитарный" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Профили есть только в 10 и 11 классах");
  });
});

describe("copying last year's curriculum into the draft year", () => {
  it("copies every plan with its subjects by id; a second copy is refused, nothing doubled", async () => {
    const s = await buildSchool();
    const five = await curriculum(s, {
      grade: 5,
      weekDays: 5,
      items: [
        { subjectId: s.subjects.math.id, hours: 5 },
        { subjectId: s.subjects.russian.id, hours: 5, area: "Русский язык и литература" },
        { subjectId: s.subjects.english.id, hours: 3, area: "Иностранные языки", split: true, part: "ELECTIVE", marked: false, assessmentForm: "зачёт" },
      ],
    });
    await curriculum(s, { grade: 10, profile: "Технологический", items: [{ subjectId: s.subjects.math.id, hours: 6 }] });
    const draft = await prisma.academicYear.create({
      data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31"), status: "DRAFT" },
    });
    const agent = await as(s.users.deputy);
    const page = await agent.get(`/planning/curriculum?year=${draft.id}`);
    expect(page.text).toContain("Скопировать учебный план прошлого года");
    expect(await htmlProblems(page.text)).toEqual([]);

    let res = await agent.form("/planning/curriculum/copy", { yearId: draft.id });
    expect(res.status).toBe(302);
    const copied = await prisma.curriculum.findMany({
      where: { yearId: draft.id },
      include: { items: { orderBy: { subjectId: "asc" } } },
      orderBy: { grade: "asc" },
    });
    const source = await prisma.curriculum.findMany({
      where: { yearId: s.year.id },
      include: { items: { orderBy: { subjectId: "asc" } } },
      orderBy: { grade: "asc" },
    });
    const strip = (list: typeof source) =>
      list.map((c) => ({
        grade: c.grade,
        profile: c.profile,
        weekDays: c.weekDays,
        items: c.items.map((i) => ({ ...i, id: 0, curriculumId: 0, hoursPerWeek: Number(i.hoursPerWeek) })),
      }));
    expect(strip(copied)).toEqual(strip(source));
    expect(copied[0]!.id).not.toBe(five.id);

    const before = await state(s.schoolId);
    res = await agent.form("/planning/curriculum/copy", { yearId: draft.id });
    expect(res.status).toBe(422);
    expect(res.text).toContain("В этом году уже есть учебный план: 5 класс; 10 класс, профиль «Технологический»");
    expect(await state(s.schoolId)).toEqual(before);

    // Only into a draft year.
    res = await agent.form("/planning/curriculum/copy", { yearId: s.year.id });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Копировать учебный план можно только в год-черновик");
  });

  it("all or nothing: one grade over the limit with the school's present week, or an archived subject, copies nothing", async () => {
    const s = await buildSchool();
    await curriculum(s, { grade: 5, items: [{ subjectId: s.subjects.math.id, hours: 5 }] });
    await curriculum(s, { grade: 9, items: await filler(s.schoolId, 34) }); // fits the school's 6-day week (36)
    const draft = await prisma.academicYear.create({
      data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31"), status: "DRAFT" },
    });
    await prisma.school.update({ where: { id: s.schoolId }, data: { weekDays: 5 } });
    const agent = await as(s.users.deputy);
    const before = await state(s.schoolId);
    let res = await agent.form("/planning/curriculum/copy", { yearId: draft.id });
    expect(res.status).toBe(422);
    expect(res.text).toContain("9 класс — 34 ч при допустимых 33 ч");
    expect(await state(s.schoolId)).toEqual(before);

    await prisma.school.update({ where: { id: s.schoolId }, data: { weekDays: 6 } });
    await prisma.subject.update({ where: { id: s.subjects.math.id }, data: { archived: true } });
    const before2 = await state(s.schoolId);
    res = await agent.form("/planning/curriculum/copy", { yearId: draft.id });
    expect(res.status).toBe(422);
    expect(res.text).toContain("предметы в архиве: «Математика»");
    expect(await state(s.schoolId)).toEqual(before2);
    expect(await prisma.curriculum.count({ where: { yearId: draft.id } })).toBe(0);
  });
});

describe("the printed curriculum", () => {
  let s: TestSchool;
  beforeAll(async () => {
    s = await buildSchool();
    await curriculum(s, {
      grade: 5,
      items: [
        { subjectId: s.subjects.russian.id, hours: 5, area: "Русский язык и литература", assessmentForm: "диктант" },
        { subjectId: s.subjects.math.id, hours: 5, area: "Математика и информатика", assessmentForm: "контрольная работа" },
        { subjectId: s.subjects.english.id, hours: 1.5, area: "Иностранные языки", part: "ELECTIVE", split: true, marked: false, assessmentForm: "зачёт" },
      ],
    });
    await curriculum(s, { grade: 10, profile: "Технологический", weekDays: 5, items: [{ subjectId: s.subjects.math.id, hours: 7 }] });
  });

  it("the PDF names the school and the year and has every subject's hours, the totals and the limits of the database", async () => {
    const res = await getBinary(await as(s.users.teacherMath), `/planning/curriculum.pdf?year=${s.year.id}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toContain(`filename*=UTF-8''${encodeURIComponent("Учебный-план-2026-2027.pdf")}`);
    expect(res.headers["content-disposition"]).toContain("filename=Uchebnyy-plan-2026-2027.pdf;");
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain(squash(`Учебный план ${s.school.shortName} на 2026/2027 учебный год`));
    const curricula = await prisma.curriculum.findMany({ where: { yearId: s.year.id }, include: { items: true }, orderBy: { grade: "asc" } });
    const subjects = new Map((await prisma.subject.findMany({ where: { schoolId: s.schoolId } })).map((x) => [x.id, x.name]));
    for (const c of curricula) {
      for (const i of c.items) {
        const hours = String(Number(i.hoursPerWeek)).replace(".", ",");
        expect(text).toContain(
          squash(`${subjects.get(i.subjectId)}${i.split ? " (по группам)" : ""}${hours}${i.assessmentForm}${i.marked ? "" : " (без отметок)"}`),
        );
      }
      const total = c.items.reduce((sum, i) => sum + Number(i.hoursPerWeek), 0);
      expect(text).toContain(squash(`Итого часов в неделю${String(total).replace(".", ",")}`));
    }
    expect(text).toContain(squash("5 класс — шестидневная неделя"));
    expect(text).toContain(squash("Максимально допустимая недельная нагрузка (СанПиН 1.2.3685-21, табл. 6.6)32"));
    expect(text).toContain(squash("10 класс, профиль «Технологический» — пятидневная неделя"));
    expect(text).toContain(squash("(СанПиН 1.2.3685-21, табл. 6.6)34"));
    expect(text).toContain(squash("Обязательная часть"));
    expect(text).toContain(squash("Часть, формируемая участниками образовательных отношений"));
  });

  it("the .xlsx has a sheet per plan with the hours as numbers, as in the database", async () => {
    const res = await getBinary(await as(s.users.deputy), `/planning/curriculum.xlsx?year=${s.year.id}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toContain("filename=Uchebnyy-plan-2026-2027.xlsx;");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["5 класс", "10 кл. Технологический"]);
    const curricula = await prisma.curriculum.findMany({ where: { yearId: s.year.id }, include: { items: true }, orderBy: { grade: "asc" } });
    const subjects = new Map((await prisma.subject.findMany({ where: { schoolId: s.schoolId } })).map((x) => [x.id, x.name]));
    for (const [n, c] of curricula.entries()) {
      const ws = wb.worksheets[n]!;
      const rows = new Map<string, ExcelJS.CellValue[]>();
      ws.eachRow((r) => rows.set(r.getCell(2).text, (r.values as ExcelJS.CellValue[]).slice(1)));
      for (const i of c.items)
        expect(rows.get(subjects.get(i.subjectId)!)).toEqual([
          i.area,
          subjects.get(i.subjectId),
          i.part === "MANDATORY" ? "обязательная" : "формируемая участниками",
          Number(i.hoursPerWeek),
          i.assessmentForm,
          i.marked ? "да" : "нет",
          i.split ? "да" : "нет",
        ]);
      expect(rows.get("Итого часов в неделю")?.[3]).toBe(c.items.reduce((sum, i) => sum + Number(i.hoursPerWeek), 0));
    }
    expect(wb.worksheets[0]!.getCell("A2").value).toBe(`Учебный план ${s.school.shortName} на 2026/2027 учебный год`);
  });

  it("the year's page lists the plans with totals and limits and is valid HTML", async () => {
    const res = await (await as(s.users.deputy)).get("/planning/curriculum");
    expect(res.status).toBe(200);
    expect(res.text).toContain("Профиль «Технологический»");
    expect(res.text).toMatch(/<td class="num">11,5<\/td>\s*<td class="num">32<\/td>/);
    expect(await htmlProblems(res.text)).toEqual([]);
  });
});

describe("the «marked» flag and the journal's settings", () => {
  it("shows where they differ; the deputy applies the subjects, the administrator the grades", async () => {
    const s = await buildSchool();
    await curriculum(s, {
      grade: 5,
      items: [
        { subjectId: s.subjects.math.id, hours: 5 },
        { subjectId: s.subjects.english.id, hours: 1, marked: false, assessmentForm: "зачёт" },
      ],
    });
    await curriculum(s, { grade: 2, items: [{ subjectId: s.subjects.russian.id, hours: 5, marked: false }] });
    const deputy = await as(s.users.deputy);
    let page = await deputy.get("/planning/curriculum");
    expect(page.text).toContain("Английский язык (5 кл.): в журнале — отметки, по учебному плану — зачёт / незачёт");
    expect(page.text).toContain("2 класс: в учебном плане — без отметок, в журнале — с отметками");
    expect(page.text).toContain("меняет администратор");
    expect(await htmlProblems(page.text)).toEqual([]);

    expect((await deputy.form("/planning/curriculum/journal-settings", { yearId: s.year.id })).status).toBe(302);
    expect((await prisma.subject.findUniqueOrThrow({ where: { id: s.subjects.english.id } })).gradingMode).toBe("PASS_FAIL");
    expect((await prisma.subject.findUniqueOrThrow({ where: { id: s.subjects.math.id } })).gradingMode).toBe("MARKS");
    expect((await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } })).ungradedGrades).toEqual([1]);

    expect((await (await as(s.users.admin)).form("/planning/curriculum/journal-settings", { yearId: s.year.id })).status).toBe(302);
    expect((await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } })).ungradedGrades).toEqual([1, 2]);
    page = await deputy.get("/planning/curriculum");
    expect(page.text).not.toContain('id="journal"');
  });
});

describe("access", () => {
  let s: TestSchool;
  let other: TestSchool;
  let mine: { id: number };
  let theirs: { id: number };
  let theirItem: { id: number };
  beforeAll(async () => {
    s = await buildSchool();
    other = await buildSchool();
    mine = await curriculum(s, { grade: 5, items: [{ subjectId: s.subjects.math.id, hours: 5 }] });
    theirs = await curriculum(other, { grade: 5, items: [{ subjectId: other.subjects.math.id, hours: 5 }] });
    theirItem = (await itemsOf(theirs.id))[0]!;
  });

  it.each(["teacherMath", "secretary"] as const)("%s reads the curriculum but cannot change it (403, nothing saved)", async (key) => {
    const agent = await as(s.users[key]);
    const page = await agent.get(`/planning/curriculum/${mine.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Добавить предмет");
    const before = await state(s.schoolId);
    const item = (await itemsOf(mine.id))[0]!;
    for (const [url, data] of [
      [`/planning/curriculum/${mine.id}/items`, form(s.subjects.russian.id, "2")],
      [`/planning/curriculum/items/${item.id}`, { area: "x", part: "MANDATORY", hours: "1" }],
      [`/planning/curriculum/items/${item.id}/delete`, {}],
      [`/planning/curriculum/${mine.id}/delete`, {}],
      ["/planning/curriculum", { yearId: String(s.year.id), grade: "6", profile: "" }],
      ["/planning/curriculum/journal-settings", { yearId: String(s.year.id) }],
    ] as const)
      expect((await agent.form(url, data)).status, url).toBe(403);
    expect(await state(s.schoolId)).toEqual(before);
  });

  it.each(["parentAlekseev", "studentA1", "hr"] as const)("%s has no curriculum at all (403)", async (key) => {
    const agent = await as(s.users[key]);
    expect((await agent.get("/planning/curriculum")).status).toBe(403);
    expect((await agent.get(`/planning/curriculum/${mine.id}`)).status).toBe(403);
    expect((await agent.get(`/planning/curriculum.pdf?year=${s.year.id}`)).status).toBe(403);
  });

  it("another school's plan, row and year are 404 for the deputy, and stay as they were", async () => {
    const agent = await as(s.users.deputy);
    const before = await state(other.schoolId);
    expect((await agent.get(`/planning/curriculum/${theirs.id}`)).status).toBe(404);
    expect((await agent.get(`/planning/curriculum?year=${other.year.id}`)).status).toBe(404);
    expect((await agent.get(`/planning/curriculum.xlsx?year=${other.year.id}`)).status).toBe(404);
    expect((await agent.get(`/planning/curriculum/items/${theirItem.id}/edit`)).status).toBe(404);
    expect((await agent.form(`/planning/curriculum/${theirs.id}/items`, form(s.subjects.russian.id, "2"))).status).toBe(404);
    expect((await agent.form(`/planning/curriculum/items/${theirItem.id}`, { area: "x", part: "MANDATORY", hours: "1" })).status).toBe(404);
    expect((await agent.form(`/planning/curriculum/items/${theirItem.id}/delete`, {})).status).toBe(404);
    expect((await agent.form(`/planning/curriculum/${theirs.id}/delete`, {})).status).toBe(404);
    expect((await agent.form("/planning/curriculum", { yearId: other.year.id, grade: "6", profile: "" })).status).toBe(404);
    expect((await agent.form("/planning/curriculum/copy", { yearId: other.year.id })).status).toBe(404);
    // Another school's subject in my plan is no subject at all.
    const res = await agent.form(`/planning/curriculum/${mine.id}/items`, form(other.subjects.russian.id, "2"));
    expect(res.status).toBe(422);
    expect(res.text).toContain("Выберите предмет из списка");
    expect(await state(other.schoolId)).toEqual(before);
  });

  it("a closed year's plan is read-only (423), its page shows no forms", async () => {
    const closed = await draftYear(s, "CLOSED");
    const c = await curriculum(s, { yearId: closed.id, grade: 6, items: [{ subjectId: s.subjects.math.id, hours: 5 }] });
    const agent = await as(s.users.deputy);
    const page = await agent.get(`/planning/curriculum/${c.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("закрыт: учебный план доступен только для чтения");
    expect(page.text).not.toContain("Добавить предмет");
    const before = await state(s.schoolId);
    expect((await agent.form(`/planning/curriculum/${c.id}/items`, form(s.subjects.russian.id, "2"))).status).toBe(423);
    expect(await state(s.schoolId)).toEqual(before);
  });
});

describe("the seeded schools' curriculum", () => {
  it.each(["demo", "large"] as const)(
    "%s: a plan for every grade and profile, within even the 5-day limits; the seeded load differs only in the technological profile's mathematics",
    (size) => {
      const plan = buildSchoolPlan(size);
      const curricula = planCurricula(plan.classes);
      const ids = new Map(SUBJECTS.map((x, i) => [x.key, i + 1]));
      const keyOf = new Map([...ids].map(([k, id]) => [id, k]));
      expect(curricula.map((c) => `${c.grade}${c.profile}`)).toEqual([
        ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map(String),
        "10Технологический",
        "10Универсальный",
        "11Технологический",
        "11Универсальный",
      ]);
      const views = new Map(
        curricula.map((c) => [
          `${c.grade}|${c.profile}`,
          curriculumView(
            { id: 0, yearId: 0, grade: c.grade, profile: c.profile, weekDays: null, note: null },
            c.items.map((i, n) => ({
              id: n,
              subjectId: ids.get(i.subject)!,
              subject: i.subject,
              area: i.area,
              part: i.part,
              hours: i.hours,
              hoursText: String(i.hours),
              assessmentForm: i.assessmentForm,
              marked: i.marked,
              split: i.split,
              sortOrder: n,
            })),
            5,
          ),
        ]),
      );
      for (const v of views.values()) expect(v.total, v.name).toBeLessThanOrEqual(weeklyLimit(v.grade, 5));
      const diffs = plan.classes.flatMap((cls, i) => {
        const view = views.get(`${cls.grade}|${profileOf(cls.grade, cls.letter)}`)!;
        const rows = plan.loads.filter((l) => l.cls === i).map((l) => ({ classId: i, subgroupId: l.subgroup, subjectId: ids.get(l.subject)!, hours: l.hours }));
        return compareClass(view, rows, { subject: (id) => keyOf.get(id)!, subgroup: String }).diffs.map(
          (x) => `${cls.grade}${cls.letter} ${x.subject} ${x.plan}/${x.load}`,
        );
      });
      expect(diffs).toEqual(["10А algebra 4/3", "10А geometry 3/2", "11А algebra 4/3", "11А geometry 3/2"]);
    },
  );
});
