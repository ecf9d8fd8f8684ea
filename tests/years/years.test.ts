import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { calendarSnapshot } from "./helpers.ts";

const newYear = { name: "2027/2028", startDate: "2027-09-01", endDate: "2028-05-31" };

describe("the list of academic years (R-YR-1)", () => {
  it("shows the school's years with their status to the administrator, with the create form", async () => {
    const s = await buildSchool();
    await prisma.academicYear.create({
      data: { schoolId: s.schoolId, name: "2025/2026", startDate: d("2025-09-01"), endDate: d("2026-05-31"), status: "CLOSED" },
    });
    const res = await (await as(s.users.admin)).get("/setup/years");
    expect(res.status).toBe(200);
    expect(res.text).toContain("2026/2027");
    expect(res.text).toContain("Текущий");
    expect(res.text).toContain("Закрыт");
    expect(res.text).toContain("Новый учебный год");
  });

  it("lets a teacher view the years but offers no forms", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.teacherMath)).get("/setup/years");
    expect(res.status).toBe(200);
    expect(res.text).toContain("2026/2027");
    expect(res.text).not.toContain("Новый учебный год");
    expect(res.text).not.toContain("Сделать текущим");
  });

  it.each(["parentAlekseev", "studentA1", "tech"] as const)("refuses the list to %s (403)", async (who) => {
    const s = await buildSchool();
    const res = await (await as(s.users[who])).get("/setup/years");
    expect(res.status).toBe(403);
  });

  it("does not show another school's years", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    await prisma.academicYear.update({ where: { id: other.year.id }, data: { name: "2030/2031" } });
    const res = await (await as(s.users.admin)).get("/setup/years");
    expect(res.text).not.toContain("2030/2031");
  });
});

describe("creating a year", () => {
  it.each(["admin", "deputy"] as const)("%s creates a DRAFT year and the change is audited", async (who) => {
    const s = await buildSchool();
    const agent = await as(s.users[who]);
    const res = await agent.form("/setup/years", newYear);
    expect(res.status).toBe(302);
    const year = await prisma.academicYear.findFirstOrThrow({ where: { schoolId: s.schoolId, name: "2027/2028" } });
    expect(year.status).toBe("DRAFT");
    expect(year.startDate).toEqual(d("2027-09-01"));
    expect(res.headers.location).toBe(`/setup/years/${year.id}`);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "year", entityId: String(year.id), action: "create" } })).toBe(1);
  });

  it.each([
    ["a name in the wrong format", { ...newYear, name: "2027-2028" }, "name", "Название в формате ГГГГ/ГГГГ"],
    ["a name whose years are not consecutive", { ...newYear, name: "2027/2029" }, "name", "Второй год должен быть следующим"],
    ["an empty name", { ...newYear, name: "" }, "name", "Заполните поле"],
    ["the end before the start", { ...newYear, endDate: "2027-08-01" }, "endDate", "Дата окончания должна быть позже даты начала"],
    ["the end equal to the start", { ...newYear, endDate: "2027-09-01" }, "endDate", "Дата окончания должна быть позже даты начала"],
    ["a start outside the named year", { ...newYear, startDate: "2026-09-01" }, "startDate", "должен начинаться в 2027 году"],
    ["an impossible date", { ...newYear, startDate: "2027-02-30" }, "startDate", "Дата в формате ДД.ММ.ГГГГ"],
    ["a missing date", { name: "2027/2028", startDate: "2027-09-01" }, "endDate", "Укажите дату"],
  ])("refuses %s with a message beside the field and keeps the typed values", async (_what, data, field, message) => {
    const s = await buildSchool();
    const before = await calendarSnapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form("/setup/years", data);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="f-${field}-error"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${data.name}"`);
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a name the school already has", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.admin)).form("/setup/years", { name: "2026/2027", startDate: "2026-09-01", endDate: "2027-05-31" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Учебный год с таким названием уже есть");
    expect(await prisma.academicYear.count({ where: { schoolId: s.schoolId } })).toBe(1);
  });

  it("accepts a name another school already uses", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    await prisma.academicYear.create({ data: { schoolId: other.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") } });
    const res = await (await as(s.users.admin)).form("/setup/years", newYear);
    expect(res.status).toBe(302);
  });
});

describe("editing a year", () => {
  it("changes the name and dates of the current year", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    expect((await agent.get(`/setup/years/${s.year.id}/edit`)).text).toContain('value="2026-09-01"');
    const res = await agent.form(`/setup/years/${s.year.id}`, { name: "2026/2027", startDate: "2026-09-01", endDate: "2027-06-30" });
    expect(res.status).toBe(302);
    const year = await prisma.academicYear.findUniqueOrThrow({ where: { id: s.year.id } });
    expect(year.endDate).toEqual(d("2027-06-30"));
    expect(year.status).toBe("CURRENT");
    expect(await prisma.auditLog.count({ where: { entity: "year", entityId: String(s.year.id), action: "update" } })).toBe(1);
  });

  it("refuses dates that would leave a period outside the year (R-PLN-4)", async () => {
    const s = await buildSchool();
    const before = await calendarSnapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}`, { name: "2026/2027", startDate: "2026-09-01", endDate: "2027-05-20" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("4-я четверть");
    expect(res.text).toContain("не помещается в новые даты");
    expect(res.text).toContain('value="2027-05-20"');
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a bad name on the edit form", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}`, { name: "26/27", startDate: "2026-09-01", endDate: "2027-05-31" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Название в формате ГГГГ/ГГГГ");
    expect(res.text).toContain('value="26/27"');
  });
});

describe("making a year current (R-YR-1)", () => {
  it("refuses a second CURRENT year with a clear message and changes nothing", async () => {
    const s = await buildSchool();
    const draft = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") } });
    const before = await calendarSnapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form(`/setup/years/${draft.id}/make-current`, {});
    expect(res.status).toBe(409);
    expect(res.text).toContain("Текущим уже является учебный год 2026/2027");
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });

  it("makes a draft current once no other year is current", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    const draft = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") } });
    const res = await (await as(s.users.deputy)).form(`/setup/years/${draft.id}/make-current`, {});
    expect(res.status).toBe(302);
    expect((await prisma.academicYear.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("CURRENT");
    expect(await prisma.auditLog.count({ where: { entity: "year", entityId: String(draft.id), action: "make-current" } })).toBe(1);
  });

  it("another school's current year does not block this school", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    await buildSchool();
    const draft = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") } });
    const res = await (await as(s.users.admin)).form(`/setup/years/${draft.id}/make-current`, {});
    expect(res.status).toBe(302);
  });

  it("refuses to make the current year current again", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}/make-current`, {});
    expect(res.status).toBe(409);
    expect(res.text).toContain("только год в статусе «Черновик»");
  });
});

describe("a closed year is read-only for everyone (R-YR-1, R-JRN-5)", () => {
  const writes = (yearId: number, setId: number, periodId: number, holidayId: number): [string, Record<string, string>][] => [
    [`/setup/years/${yearId}`, { name: "2026/2027", startDate: "2026-09-01", endDate: "2027-06-30" }],
    [`/setup/years/${yearId}/make-current`, {}],
    [`/setup/years/${yearId}/period-sets`, { kind: "HALF", gradeFrom: "10", gradeTo: "11" }],
    [`/setup/years/${yearId}/period-sets/${setId}`, { kind: "QUARTER", gradeFrom: "1", gradeTo: "9" }],
    [`/setup/years/${yearId}/period-sets/${setId}/delete`, {}],
    [`/setup/years/${yearId}/period-sets/${setId}/standard`, {}],
    [`/setup/years/${yearId}/period-sets/${setId}/periods`, { number: "1", startDate: "2026-09-01", endDate: "2026-10-20" }],
    [`/setup/years/${yearId}/periods/${periodId}`, { number: "1", startDate: "2026-09-02", endDate: "2026-10-25" }],
    [`/setup/years/${yearId}/periods/${periodId}/delete`, {}],
    [`/setup/years/${yearId}/holidays`, { name: "Осенние", startDate: "2026-10-26", endDate: "2026-11-04" }],
    [`/setup/years/${yearId}/holidays/${holidayId}`, { name: "Зимние", startDate: "2026-12-29", endDate: "2027-01-10" }],
    [`/setup/years/${yearId}/holidays/${holidayId}/delete`, {}],
  ];

  it("answers every write with 423 and a Russian message, and changes nothing", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    const set = await prisma.periodSet.findFirstOrThrow({ where: { yearId: s.year.id } });
    const holiday = await prisma.holiday.create({
      data: { schoolId: s.schoolId, yearId: s.year.id, name: "Зимние", startDate: d("2026-12-29"), endDate: d("2027-01-11") },
    });
    const before = await calendarSnapshot(s.schoolId);
    const agent = await as(s.users.admin);
    for (const [url, data] of writes(s.year.id, set.id, s.periods[0]!.id, holiday.id)) {
      const res = await agent.form(url, data);
      expect(res.status, url).toBe(423);
      expect(res.text, url).toContain("Учебный год 2026/2027 закрыт");
    }
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a closed year's edit pages (423) and shows its page without forms", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    const agent = await as(s.users.admin);
    expect((await agent.get(`/setup/years/${s.year.id}/edit`)).status).toBe(423);
    expect((await agent.get(`/setup/years/${s.year.id}/periods/${s.periods[0]!.id}/edit`)).status).toBe(423);
    const page = await agent.get(`/setup/years/${s.year.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("только для просмотра");
    expect(page.text).not.toContain('<form method="post" action="/setup/years/');
  });

  it("refuses invalid input on a closed year with 423 as well", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    const res = await (await as(s.users.admin)).form(`/setup/years/${s.year.id}/holidays`, { name: "", startDate: "x" });
    expect(res.status).toBe(423);
  });
});

describe("who may change years", () => {
  it.each(["teacherMath", "teacherRussian", "secretary", "parentAlekseev", "studentA1"] as const)(
    "%s is refused every write (403) and nothing changes",
    async (who) => {
      const s = await buildSchool();
      const draft = await prisma.academicYear.create({
        data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") },
      });
      const set = await prisma.periodSet.findFirstOrThrow({ where: { yearId: s.year.id } });
      const before = await calendarSnapshot(s.schoolId);
      const agent = await as(s.users[who]);
      const posts: [string, Record<string, string>][] = [
        ["/setup/years", { name: "2028/2029", startDate: "2028-09-01", endDate: "2029-05-31" }],
        [`/setup/years/${draft.id}`, { name: "2027/2028", startDate: "2027-09-01", endDate: "2028-06-30" }],
        [`/setup/years/${draft.id}/make-current`, {}],
        [`/setup/years/${draft.id}/period-sets`, { kind: "QUARTER", gradeFrom: "1", gradeTo: "11" }],
        [`/setup/years/${s.year.id}/period-sets/${set.id}/standard`, {}],
        [`/setup/years/${s.year.id}/period-sets/${set.id}/delete`, {}],
        [`/setup/years/${s.year.id}/periods/${s.periods[0]!.id}`, { number: "1", startDate: "2026-09-02", endDate: "2026-10-25" }],
        [`/setup/years/${s.year.id}/periods/${s.periods[0]!.id}/delete`, {}],
        [`/setup/years/${s.year.id}/holidays`, { name: "Осенние", startDate: "2026-10-26", endDate: "2026-11-04" }],
        [
          "/admin/school",
          {
            name: "X",
            shortName: "X",
            lockDays: "365",
            sessionIdleMinutes: "480",
            lateControlWorkDays: "60",
            weekDays: "5",
            forecastThreshold5: "4.6",
            forecastThreshold4: "3.6",
            forecastThreshold3: "2.6",
          },
        ],
      ];
      for (const [url, data] of posts) expect((await agent.form(url, data)).status, url).toBe(403);
      expect(await calendarSnapshot(s.schoolId)).toEqual(before);
    },
  );

  it("a teacher may open a year's page read-only", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.teacherMath)).get(`/setup/years/${s.year.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("1-я четверть");
    expect(res.text).not.toContain("Заполнить типовыми датами");
    expect(res.text).not.toContain("Добавить систему");
  });
});

describe("another school's years answer 404", () => {
  it("for pages and every write", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const oset = await prisma.periodSet.findFirstOrThrow({ where: { yearId: other.year.id } });
    const oholiday = await prisma.holiday.create({
      data: { schoolId: other.schoolId, yearId: other.year.id, name: "Зимние", startDate: d("2026-12-29"), endDate: d("2027-01-11") },
    });
    const before = await calendarSnapshot(other.schoolId);
    const agent = await as(s.users.admin);
    for (const url of [
      `/setup/years/${other.year.id}`,
      `/setup/years/${other.year.id}/edit`,
      `/setup/years/${s.year.id}/period-sets/${oset.id}/edit`,
      `/setup/years/${s.year.id}/periods/${other.periods[0]!.id}/edit`,
      `/setup/years/${s.year.id}/holidays/${oholiday.id}/edit`,
    ])
      expect((await agent.get(url)).status, url).toBe(404);
    const posts: [string, Record<string, string>][] = [
      [`/setup/years/${other.year.id}`, { name: "2026/2027", startDate: "2026-09-01", endDate: "2027-06-30" }],
      [`/setup/years/${other.year.id}/make-current`, {}],
      [`/setup/years/${other.year.id}/period-sets`, { kind: "HALF", gradeFrom: "10", gradeTo: "11" }],
      [`/setup/years/${other.year.id}/holidays`, { name: "Осенние", startDate: "2026-10-26", endDate: "2026-11-04" }],
      // Own year in the URL, another school's record id.
      [`/setup/years/${s.year.id}/period-sets/${oset.id}`, { kind: "HALF", gradeFrom: "1", gradeTo: "11" }],
      [`/setup/years/${s.year.id}/period-sets/${oset.id}/delete`, {}],
      [`/setup/years/${s.year.id}/period-sets/${oset.id}/standard`, {}],
      [`/setup/years/${s.year.id}/period-sets/${oset.id}/periods`, { number: "1", startDate: "2026-09-01", endDate: "2026-10-20" }],
      [`/setup/years/${s.year.id}/periods/${other.periods[0]!.id}`, { number: "1", startDate: "2026-09-02", endDate: "2026-10-25" }],
      [`/setup/years/${s.year.id}/periods/${other.periods[0]!.id}/delete`, {}],
      [`/setup/years/${s.year.id}/holidays/${oholiday.id}`, { name: "Зимние", startDate: "2026-12-29", endDate: "2027-01-10" }],
      [`/setup/years/${s.year.id}/holidays/${oholiday.id}/delete`, {}],
    ];
    for (const [url, data] of posts) expect((await agent.form(url, data)).status, url).toBe(404);
    expect(await calendarSnapshot(other.schoolId)).toEqual(before);
  });

  it("for ids that are not numbers", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    expect((await agent.get("/setup/years/abc")).status).toBe(404);
    expect((await agent.get("/setup/years/99999999999")).status).toBe(404);
  });
});
