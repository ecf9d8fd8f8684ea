import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { calendarSnapshot, finalMarkOn } from "./helpers.ts";

/** The fixture's single QUARTER set for grades 1–11 of 2026/2027. */
async function schoolWithSet() {
  const s = await buildSchool();
  const set = await prisma.periodSet.findFirstOrThrow({ where: { yearId: s.year.id } });
  return { s, set };
}

const periodsOf = (setId: number) =>
  prisma.studyPeriod
    .findMany({ where: { periodSetId: setId }, orderBy: { number: "asc" } })
    .then((ps) => ps.map((p) => [p.number, p.startDate.toISOString().slice(0, 10), p.endDate.toISOString().slice(0, 10)]));

describe("the year page (R-PLN-4)", () => {
  it("shows the period systems with their periods, and the holidays", async () => {
    const { s } = await schoolWithSet();
    await prisma.holiday.create({
      data: { schoolId: s.schoolId, yearId: s.year.id, name: "Осенние каникулы", startDate: d("2026-10-26"), endDate: d("2026-11-04") },
    });
    const res = await (await as(s.users.deputy)).get(`/setup/years/${s.year.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Четверти — 1–11 классы");
    expect(res.text).toContain("4-я четверть");
    expect(res.text).toContain("12.01.2027");
    expect(res.text).toContain("Осенние каникулы");
    expect(res.text).not.toContain("заполнен не полностью");
  });

  it("warns while a set has fewer periods than its kind needs, and about grades no set covers", async () => {
    const { s, set } = await schoolWithSet();
    await prisma.periodSet.update({ where: { id: set.id }, data: { gradeTo: 9 } });
    await prisma.studyPeriod.delete({ where: { id: s.periods[3]!.id } });
    const res = await (await as(s.users.admin)).get(`/setup/years/${s.year.id}`);
    expect(res.text).toContain("Календарь года заполнен не полностью");
    expect(res.text).toContain("задано 3 из 4 четвертей");
    expect(res.text).toContain("10–11 классы не входят ни в одну систему периодов");
  });
});

describe("period systems", () => {
  it("adds halves for 10–11 once quarters cover 1–9", async () => {
    const { s, set } = await schoolWithSet();
    const agent = await as(s.users.admin);
    expect((await agent.form(`/setup/years/${s.year.id}/period-sets/${set.id}`, { kind: "QUARTER", gradeFrom: "1", gradeTo: "9" })).status).toBe(302);
    const res = await agent.form(`/setup/years/${s.year.id}/period-sets`, { kind: "HALF", gradeFrom: "10", gradeTo: "11" });
    expect(res.status).toBe(302);
    const sets = await prisma.periodSet.findMany({ where: { yearId: s.year.id }, orderBy: { gradeFrom: "asc" } });
    expect(sets.map((x) => [x.kind, x.gradeFrom, x.gradeTo])).toEqual([
      ["QUARTER", 1, 9],
      ["HALF", 10, 11],
    ]);
    const page = await agent.get(`/setup/years/${s.year.id}`);
    expect(page.text).toContain("задано 0 из 2 полугодий");
  });

  it.each([
    ["overlapping grade ranges", { kind: "HALF", gradeFrom: "9", gradeTo: "11" }, "gradeFrom", "Пересекается с системой «четверти» (1–11 классы)"],
    ["from greater than to", { kind: "HALF", gradeFrom: "11", gradeTo: "10" }, "gradeTo", "не может быть больше"],
    ["grade 0", { kind: "HALF", gradeFrom: "0", gradeTo: "10" }, "gradeFrom", "Не меньше 1"],
    ["grade 12", { kind: "HALF", gradeFrom: "10", gradeTo: "12" }, "gradeTo", "Не больше 11"],
    ["an unknown kind", { kind: "MONTH", gradeFrom: "10", gradeTo: "11" }, "kind", "Выберите вид периодов"],
  ])("refuses %s beside the field and keeps the typed values", async (_what, data, field, message) => {
    const { s } = await schoolWithSet();
    const before = await calendarSnapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}/period-sets`, data);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="set-${field}-error"`);
    expect(res.text).toContain(message);
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });

  it("refuses to turn quarters into halves while periods 3 and 4 exist", async () => {
    const { s, set } = await schoolWithSet();
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}/period-sets/${set.id}`, { kind: "HALF", gradeFrom: "1", gradeTo: "11" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("сначала удалите лишние");
    expect(res.text).toContain('<option value="HALF" selected>');
    expect((await prisma.periodSet.findUniqueOrThrow({ where: { id: set.id } })).kind).toBe("QUARTER");
  });

  it("deletes a set with its periods", async () => {
    const { s, set } = await schoolWithSet();
    const res = await (await as(s.users.deputy)).form(`/setup/years/${s.year.id}/period-sets/${set.id}/delete`, {});
    expect(res.status).toBe(302);
    expect(await prisma.periodSet.count({ where: { yearId: s.year.id } })).toBe(0);
    expect(await prisma.studyPeriod.count({ where: { yearId: s.year.id } })).toBe(0);
  });
});

describe("periods", () => {
  async function emptySet() {
    const { s, set } = await schoolWithSet();
    await prisma.studyPeriod.deleteMany({ where: { periodSetId: set.id, number: { in: [3, 4] } } });
    return { s, set };
  }

  it("adds a period inside the year after the earlier ones", async () => {
    const { s, set } = await emptySet();
    const res = await (
      await as(s.users.admin)
    ).form(`/setup/years/${s.year.id}/period-sets/${set.id}/periods`, { number: "3", startDate: "2027-01-12", endDate: "2027-03-21" });
    expect(res.status).toBe(302);
    expect((await periodsOf(set.id))[2]).toEqual([3, "2027-01-12", "2027-03-21"]);
  });

  it.each([
    ["a start before the year", { number: "3", startDate: "2026-08-20", endDate: "2026-08-30" }, "startDate", "Не раньше начала учебного года (01.09.2026)"],
    ["an end after the year", { number: "4", startDate: "2027-04-01", endDate: "2027-06-15" }, "endDate", "Не позже окончания учебного года (31.05.2027)"],
    ["an end before the start", { number: "3", startDate: "2027-03-01", endDate: "2027-02-01" }, "endDate", "не может быть раньше даты начала"],
    [
      "an overlap with another period",
      { number: "3", startDate: "2026-12-20", endDate: "2027-03-21" },
      "startDate",
      "Пересекается с периодом «2-я четверть» (05.11.2026–28.12.2026)",
    ],
    [
      "an order against the numbers",
      { number: "4", startDate: "2027-01-12", endDate: "2027-03-21" },
      "startDate",
      "Должен начинаться после окончания периода «3-я четверть» (31.05.2027)",
    ],
    ["a number taken", { number: "2", startDate: "2027-01-12", endDate: "2027-03-21" }, "number", "Период с таким номером уже есть"],
    ["a number beyond the kind", { number: "5", startDate: "2027-04-01", endDate: "2027-05-31" }, "number", "Не больше 4"],
    ["a date that is not a date", { number: "3", startDate: "12.13.2027", endDate: "2027-03-21" }, "startDate", "Дата в формате ДД.ММ.ГГГГ"],
  ])("refuses %s beside the field and keeps the typed values", async (_what, data, field, message) => {
    const { s, set } = await emptySet();
    // For the order case: period 3 already lies in April–May, so a 4th before it is out of order.
    if (_what === "an order against the numbers")
      await prisma.studyPeriod.create({
        data: { schoolId: s.schoolId, yearId: s.year.id, periodSetId: set.id, number: 3, startDate: d("2027-04-01"), endDate: d("2027-05-31") },
      });
    const before = await calendarSnapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}/period-sets/${set.id}/periods`, data);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="period-${set.id}-${field}-error"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${data.startDate}"`);
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a 3rd half in a set of halves", async () => {
    const { s } = await schoolWithSet();
    await prisma.periodSet.updateMany({ where: { yearId: s.year.id }, data: { gradeTo: 9 } });
    const halves = await prisma.periodSet.create({ data: { schoolId: s.schoolId, yearId: s.year.id, kind: "HALF", gradeFrom: 10, gradeTo: 11 } });
    const res = await (
      await as(s.users.admin)
    ).form(`/setup/years/${s.year.id}/period-sets/${halves.id}/periods`, { number: "3", startDate: "2027-04-01", endDate: "2027-05-31" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("В системе «полугодия» номера периодов от 1 до 2");
  });

  it("moves a period's boundary and refuses to move it into its neighbour", async () => {
    const { s } = await schoolWithSet();
    const agent = await as(s.users.admin);
    const q1 = s.periods[0]!;
    expect((await agent.get(`/setup/years/${s.year.id}/periods/${q1.id}/edit`)).text).toContain('value="2026-10-25"');
    expect((await agent.form(`/setup/years/${s.year.id}/periods/${q1.id}`, { number: "1", startDate: "2026-09-01", endDate: "2026-10-26" })).status).toBe(302);
    expect((await prisma.studyPeriod.findUniqueOrThrow({ where: { id: q1.id } })).endDate).toEqual(d("2026-10-26"));
    const bad = await agent.form(`/setup/years/${s.year.id}/periods/${q1.id}`, { number: "1", startDate: "2026-09-01", endDate: "2026-11-10" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Пересекается с периодом «2-я четверть»");
    expect(bad.text).toContain('value="2026-11-10"');
    expect((await prisma.studyPeriod.findUniqueOrThrow({ where: { id: q1.id } })).endDate).toEqual(d("2026-10-26"));
  });

  it("deletes a period", async () => {
    const { s, set } = await schoolWithSet();
    expect((await (await as(s.users.admin)).form(`/setup/years/${s.year.id}/periods/${s.periods[3]!.id}/delete`, {})).status).toBe(302);
    expect((await periodsOf(set.id)).length).toBe(3);
  });
});

describe("«Заполнить типовыми датами»", () => {
  it("replaces a set's periods with the standard quarters of the year's start year", async () => {
    const { s, set } = await schoolWithSet();
    await prisma.studyPeriod.deleteMany({ where: { periodSetId: set.id, number: 4 } });
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}/period-sets/${set.id}/standard`, {});
    expect(res.status).toBe(302);
    expect(await periodsOf(set.id)).toEqual([
      [1, "2026-09-01", "2026-10-26"],
      [2, "2026-11-05", "2026-12-28"],
      [3, "2027-01-12", "2027-03-22"],
      [4, "2027-04-01", "2027-05-31"],
    ]);
  });

  it("fills trimesters up to the end of February in a leap year, and halves", async () => {
    const s = await buildSchool();
    const year = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") } });
    const tri = await prisma.periodSet.create({ data: { schoolId: s.schoolId, yearId: year.id, kind: "TRIMESTER", gradeFrom: 1, gradeTo: 9 } });
    const half = await prisma.periodSet.create({ data: { schoolId: s.schoolId, yearId: year.id, kind: "HALF", gradeFrom: 10, gradeTo: 11 } });
    const agent = await as(s.users.deputy);
    expect((await agent.form(`/setup/years/${year.id}/period-sets/${tri.id}/standard`, {})).status).toBe(302);
    expect((await agent.form(`/setup/years/${year.id}/period-sets/${half.id}/standard`, {})).status).toBe(302);
    expect(await periodsOf(tri.id)).toEqual([
      [1, "2027-09-01", "2027-11-30"],
      [2, "2027-12-01", "2028-02-29"],
      [3, "2028-03-01", "2028-05-31"],
    ]);
    expect(await periodsOf(half.id)).toEqual([
      [1, "2027-09-01", "2027-12-28"],
      [2, "2028-01-12", "2028-05-31"],
    ]);
  });

  it("clips the standard dates to a shorter year", async () => {
    const s = await buildSchool();
    const year = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-02"), endDate: d("2028-05-25") } });
    const set = await prisma.periodSet.create({ data: { schoolId: s.schoolId, yearId: year.id, kind: "QUARTER", gradeFrom: 1, gradeTo: 11 } });
    expect((await (await as(s.users.admin)).form(`/setup/years/${year.id}/period-sets/${set.id}/standard`, {})).status).toBe(302);
    const ps = await periodsOf(set.id);
    expect(ps[0]).toEqual([1, "2027-09-02", "2027-10-26"]);
    expect(ps[3]).toEqual([4, "2028-04-01", "2028-05-25"]);
  });

  it("refuses when the standard dates do not fit the year, and keeps the old periods", async () => {
    const s = await buildSchool();
    const year = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-03-15") } });
    const set = await prisma.periodSet.create({ data: { schoolId: s.schoolId, yearId: year.id, kind: "QUARTER", gradeFrom: 1, gradeTo: 11 } });
    await prisma.studyPeriod.create({
      data: { schoolId: s.schoolId, yearId: year.id, periodSetId: set.id, number: 1, startDate: d("2027-09-01"), endDate: d("2027-10-20") },
    });
    const before = await calendarSnapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form(`/setup/years/${year.id}/period-sets/${set.id}/standard`, {});
    expect(res.status).toBe(422);
    expect(res.text).toContain("Типовые даты не помещаются в даты учебного года");
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });
});

describe("boundaries are locked once final marks exist (R-PLN-4)", () => {
  it("refuses to move, renumber or delete a period with final marks, and changes nothing", async () => {
    const { s, set } = await schoolWithSet();
    const q1 = s.periods[0]!;
    await finalMarkOn(s, q1.id);
    const before = await calendarSnapshot(s.schoolId);
    const agent = await as(s.users.admin);
    const attempts: [string, Record<string, string>][] = [
      [`/setup/years/${s.year.id}/periods/${q1.id}`, { number: "1", startDate: "2026-09-01", endDate: "2026-10-20" }],
      [`/setup/years/${s.year.id}/periods/${q1.id}`, { number: "1", startDate: "2026-09-01", endDate: "2026-12-31" }],
      [`/setup/years/${s.year.id}/periods/${q1.id}/delete`, {}],
      [`/setup/years/${s.year.id}/period-sets/${set.id}/standard`, {}],
      [`/setup/years/${s.year.id}/period-sets/${set.id}`, { kind: "QUARTER", gradeFrom: "1", gradeTo: "9" }],
      [`/setup/years/${s.year.id}/period-sets/${set.id}/delete`, {}],
    ];
    for (const [url, data] of attempts) {
      const res = await agent.form(url, data);
      expect(res.status, url).toBe(423);
      expect(res.text, url).toMatch(/уже выставлены итоговые отметки/);
    }
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
    const page = await agent.get(`/setup/years/${s.year.id}/periods/${q1.id}/edit`);
    expect(page.text).toContain("его границы и номер изменить нельзя");
    const setPage = await agent.get(`/setup/years/${s.year.id}/period-sets/${set.id}/edit`);
    expect(setPage.text).toContain("систему нельзя изменить или удалить");
    expect(setPage.text).not.toContain('name="kind"');
  });

  it("still lets other periods of the set move", async () => {
    const { s } = await schoolWithSet();
    await finalMarkOn(s, s.periods[0]!.id);
    const res = await (
      await as(s.users.admin)
    ).form(`/setup/years/${s.year.id}/periods/${s.periods[3]!.id}`, { number: "4", startDate: "2027-04-01", endDate: "2027-05-30" });
    expect(res.status).toBe(302);
  });
});

describe("holidays", () => {
  it("adds school-wide holidays and holidays for a grade range, edits and deletes them", async () => {
    const { s } = await schoolWithSet();
    const agent = await as(s.users.admin);
    expect(
      (
        await agent.form(`/setup/years/${s.year.id}/holidays`, {
          name: "Осенние каникулы",
          startDate: "2026-10-26",
          endDate: "2026-11-04",
          gradeFrom: "",
          gradeTo: "",
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await agent.form(`/setup/years/${s.year.id}/holidays`, {
          name: "Дополнительные каникулы",
          startDate: "2027-02-15",
          endDate: "2027-02-21",
          gradeFrom: "1",
          gradeTo: "1",
        })
      ).status,
    ).toBe(302);
    const hs = await prisma.holiday.findMany({ where: { yearId: s.year.id }, orderBy: { startDate: "asc" } });
    expect(hs.map((h) => [h.name, h.gradeFrom, h.gradeTo])).toEqual([
      ["Осенние каникулы", null, null],
      ["Дополнительные каникулы", 1, 1],
    ]);
    expect((await agent.get(`/setup/years/${s.year.id}`)).text).toContain("1 класс");
    expect(
      (await agent.form(`/setup/years/${s.year.id}/holidays/${hs[0]!.id}`, { name: "Осенние", startDate: "2026-10-26", endDate: "2026-11-03" })).status,
    ).toBe(302);
    expect((await prisma.holiday.findUniqueOrThrow({ where: { id: hs[0]!.id } })).endDate).toEqual(d("2026-11-03"));
    expect((await agent.form(`/setup/years/${s.year.id}/holidays/${hs[1]!.id}/delete`, {})).status).toBe(302);
    expect(await prisma.holiday.count({ where: { yearId: s.year.id } })).toBe(1);
  });

  it.each([
    ["no name", { name: " ", startDate: "2026-10-26", endDate: "2026-11-04" }, "name", "Заполните поле"],
    ["dates outside the year", { name: "Летние", startDate: "2027-06-01", endDate: "2027-08-31" }, "startDate", "Не позже окончания учебного года"],
    ["an end before the start", { name: "Осенние", startDate: "2026-11-04", endDate: "2026-10-26" }, "endDate", "не может быть раньше даты начала"],
    ["only one end of the grade range", { name: "Доп.", startDate: "2027-02-15", endDate: "2027-02-21", gradeFrom: "1" }, "gradeTo", "Укажите оба класса"],
    [
      "a reversed grade range",
      { name: "Доп.", startDate: "2027-02-15", endDate: "2027-02-21", gradeFrom: "5", gradeTo: "1" },
      "gradeTo",
      "не может быть больше",
    ],
  ])("refuses %s beside the field and keeps the typed values", async (_what, data, field, message) => {
    const { s } = await schoolWithSet();
    const before = await calendarSnapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}/holidays`, data);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="holiday-${field}-error"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${data.startDate}"`);
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a bad edit on the holiday's own page", async () => {
    const { s } = await schoolWithSet();
    const h = await prisma.holiday.create({
      data: { schoolId: s.schoolId, yearId: s.year.id, name: "Зимние", startDate: d("2026-12-29"), endDate: d("2027-01-11") },
    });
    const res = await (
      await as(s.users.admin)
    ).form(`/setup/years/${s.year.id}/holidays/${h.id}`, { name: "Зимние", startDate: "2026-12-29", endDate: "2027-07-01" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="f-endDate-error"');
    expect(res.text).toContain('value="2027-07-01"');
  });
});
