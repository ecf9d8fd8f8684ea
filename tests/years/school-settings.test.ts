import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { calendarSnapshot } from "./helpers.ts";

const good = {
  name: "Муниципальное бюджетное общеобразовательное учреждение «Школа № 7»",
  shortName: "Школа № 7",
  address: "г. Тверь, ул. Школьная, 7",
  lockDays: "20",
  sessionIdleMinutes: "45",
  lateControlWorkDays: "5",
  weekDays: "5",
  forecastThreshold5: "4,6",
  forecastThreshold4: "3.6",
  forecastThreshold3: "2,6",
};

describe("school settings (/admin/school)", () => {
  it("shows the current settings to the administrator", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.admin)).get("/admin/school");
    expect(res.status).toBe(200);
    expect(res.text).toContain(`value="${s.school.name}"`);
    expect(res.text).toContain('name="lockDays" type="number" value="30"');
    expect(res.text).toContain('value="4,5"');
  });

  it("saves every setting and records old → new in the audit log (entity school)", async () => {
    const s = await buildSchool();
    const res = await (await as(s.users.admin)).form("/admin/school", good);
    expect(res.status).toBe(302);
    const school = await prisma.school.findUniqueOrThrow({ where: { id: s.schoolId } });
    expect(school).toMatchObject({
      shortName: "Школа № 7",
      address: "г. Тверь, ул. Школьная, 7",
      lockDays: 20,
      sessionIdleMinutes: 45,
      lateControlWorkDays: 5,
      weekDays: 5,
    });
    expect([school.forecastThreshold5, school.forecastThreshold4, school.forecastThreshold3].map(Number)).toEqual([4.6, 3.6, 2.6]);
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "school", entityId: String(s.schoolId) } });
    expect(log.actorId).toBe(s.users.admin.userId);
    expect(log.oldValue).toMatchObject({ lockDays: 30, forecastThreshold5: 4.5 });
    expect(log.newValue).toMatchObject({ lockDays: 20, forecastThreshold5: 4.6, weekDays: 5 });
  });

  it("applies the new idle timeout to the session at the next request (R-SEC-4)", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    await agent.form("/admin/school", good);
    const page = await agent.get("/");
    expect(page.text).toContain('name="idle-seconds" content="2700"');
  });

  it.each([
    ["lockDays 0", { lockDays: "0" }, "lockDays", "Не меньше 1"],
    ["lockDays abc", { lockDays: "abc" }, "lockDays", "Укажите число дней"],
    ["lockDays 366", { lockDays: "366" }, "lockDays", "Не больше 365"],
    ["lockDays 2.5", { lockDays: "2.5" }, "lockDays", "Укажите целое число дней"],
    ["an idle timeout of 4 minutes", { sessionIdleMinutes: "4" }, "sessionIdleMinutes", "Не меньше 5"],
    ["an idle timeout of 481 minutes", { sessionIdleMinutes: "481" }, "sessionIdleMinutes", "Не больше 480"],
    ["late control works after 61 days", { lateControlWorkDays: "61" }, "lateControlWorkDays", "Не больше 60"],
    ["a 7-day week", { weekDays: "7" }, "weekDays", "Выберите 5 или 6 дней"],
    ["thresholds 5 ≤ 4", { forecastThreshold5: "3,5", forecastThreshold4: "3,5" }, "forecastThreshold4", "Пороги должны убывать"],
    ["thresholds 4 ≤ 3", { forecastThreshold4: "2,5", forecastThreshold3: "2,6" }, "forecastThreshold3", "Пороги должны убывать"],
    ["a threshold with three decimals", { forecastThreshold5: "4,555" }, "forecastThreshold5", "Не больше двух знаков после запятой"],
    ["a threshold above 5", { forecastThreshold5: "5,5" }, "forecastThreshold5", "Не больше 5"],
    ["a threshold that is not a number", { forecastThreshold3: "два" }, "forecastThreshold3", "Укажите число"],
    ["an empty short name", { shortName: "  " }, "shortName", "Заполните поле"],
  ])("refuses %s beside the field, keeps the typed values, saves nothing", async (_what, change, field, message) => {
    const s = await buildSchool();
    const before = await calendarSnapshot(s.schoolId);
    const data = { ...good, ...change };
    const res = await (await as(s.users.admin)).form("/admin/school", data);
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="f-${field}-error"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain('value="г. Тверь, ул. Школьная, 7"');
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "school" } })).toBe(0);
  });

  it.each(["deputy", "teacherMath", "secretary", "parentAlekseev", "studentA1"] as const)("%s may neither open nor change the settings (403)", async (who) => {
    const s = await buildSchool();
    const before = await calendarSnapshot(s.schoolId);
    const agent = await as(s.users[who]);
    expect((await agent.get("/admin/school")).status).toBe(403);
    expect((await agent.form("/admin/school", good)).status).toBe(403);
    expect(await calendarSnapshot(s.schoolId)).toEqual(before);
  });

  it("changes only the administrator's own school", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const before = await calendarSnapshot(other.schoolId);
    await (await as(s.users.admin)).form("/admin/school", good);
    expect(await calendarSnapshot(other.schoolId)).toEqual(before);
  });
});
