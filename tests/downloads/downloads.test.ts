/**
 * Issue 23: every download says what it is — a Russian name in `filename*` and its transliteration in
 * `filename` (src/lib/download.ts) — for the reports (check, progress, attendance, activity, the journal's
 * paper copy, the summary sheet), the timetable, the diary printouts, HR, the movement book and the imports.
 * PDFs open in the browser (inline), spreadsheets and archives are saved (attachment).
 */
import { parse } from "content-disposition";
import { beforeAll, describe, expect, it } from "vitest";
import { asciiName } from "../../src/lib/download.ts";
import { as } from "../support/http.ts";
import { getBinary } from "../support/pdf.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { checkSchool } from "../reports/helpers.ts";
import type { TestSchool } from "../support/fixtures.ts";

useMidQuarterDay();

let s: TestSchool;
beforeAll(async () => {
  s = (await checkSchool()).s;
});

/** Status, the disposition type, the Russian name and the ASCII fallback of a download. */
async function download(user: keyof TestSchool["users"], url: string) {
  const res = await getBinary(await as(s.users[user]), url);
  const header = String(res.headers["content-disposition"] ?? "");
  const parsed = parse(header);
  return {
    status: res.status,
    type: parsed.type,
    name: parsed.parameters.filename,
    ascii: parse(header, { extended: false }).parameters.filename,
    contentType: String(res.headers["content-type"]),
  };
}

describe("download names (issue 23)", () => {
  it.each([
    ["Проверка-журналов-октябрь-2026.pdf", "deputy", (): string => "/reports/check.pdf?month=2026-10", "inline", "Proverka-zhurnalov-oktyabr-2026.pdf"],
    ["Проверка-журналов-октябрь-2026.xlsx", "deputy", (): string => "/reports/check.xlsx?month=2026-10", "attachment", "Proverka-zhurnalov-oktyabr-2026.xlsx"],
    [
      "Проверка-журналов-5А-октябрь-2026.pdf",
      "deputy",
      (): string => `/reports/check.pdf?month=2026-10&class=${s.classes["5А"]!.id}`,
      "inline",
      "Proverka-zhurnalov-5A-oktyabr-2026.pdf",
    ],
    [
      "Журнал-5А-1-четверть.pdf",
      "teacherRussian",
      (): string => `/reports/paper/${s.classes["5А"]!.id}/journal.pdf?period=${s.periods[0]!.id}`,
      "inline",
      "Zhurnal-5A-1-chetvert.pdf",
    ],
    [
      "Журнал-5А-2026-2027.pdf",
      "teacherRussian",
      (): string => `/reports/paper/${s.classes["5А"]!.id}/journal.pdf?period=year`,
      "inline",
      "Zhurnal-5A-2026-2027.pdf",
    ],
    [
      "Сводная-ведомость-5Б-2026-2027.xlsx",
      "deputy",
      (): string => `/reports/paper/${s.classes["5Б"]!.id}/summary.xlsx`,
      "attachment",
      "Svodnaya-vedomost-5B-2026-2027.xlsx",
    ],
    [
      "Успеваемость-1-четверть-2026-2027.pdf",
      "deputy",
      (): string => `/reports/progress.pdf?period=${s.periods[0]!.id}`,
      "inline",
      "Uspevaemost-1-chetvert-2026-2027.pdf",
    ],
    ["Успеваемость-год-2026-2027.xlsx", "deputy", (): string => "/reports/progress.xlsx?period=year", "attachment", "Uspevaemost-god-2026-2027.xlsx"],
    [
      "Посещаемость-5А-октябрь-2026.xlsx",
      "medic",
      (): string => `/reports/attendance.xlsx?class=${s.classes["5А"]!.id}&month=2026-10`,
      "attachment",
      "Poseshchaemost-5A-oktyabr-2026.xlsx",
    ],
    [
      "Посещаемость-школа-1-четверть-2026-2027.pdf",
      "deputy",
      (): string => `/reports/attendance.pdf?period=${s.periods[0]!.id}`,
      "inline",
      "Poseshchaemost-shkola-1-chetvert-2026-2027.pdf",
    ],
    [
      "Активность-пользователей-октябрь-2026.xlsx",
      "deputy",
      (): string => "/reports/activity.xlsx?month=2026-10",
      "attachment",
      "Aktivnost-polzovateley-oktyabr-2026.xlsx",
    ],
    ["Расписание-на-07.12.2026.pdf", "admin", (): string => "/schedule/day/pdf?date=2026-12-07", "inline", "Raspisanie-na-07.12.2026.pdf"],
    ["Расписание-5Б-класса.pdf", "admin", (): string => `/schedule/classes/${s.classes["5Б"]!.id}/pdf?date=2026-12-07`, "inline", "Raspisanie-5B-klassa.pdf"],
    [
      "Дневники-5А-неделя-с-16.11.2026.pdf",
      "teacherRussian",
      (): string => `/diary/class/${s.classes["5А"]!.id}/week.pdf?date=2026-11-18`,
      "inline",
      "Dnevniki-5A-nedelya-s-16.11.2026.pdf",
    ],
    ["Кадровый-отчёт-на-2026-11-23.pdf", "hr", (): string => "/staff/reports.pdf?on=2026-11-23", "inline", "Kadrovyy-otchet-na-2026-11-23.pdf"],
    ["Шаблон-Ученики.xlsx", "admin", (): string => "/imports/template/students", "attachment", "Shablon-Ucheniki.xlsx"],
  ] as const)("%s (%s)", async (name, user, url, type, ascii) => {
    const d = await download(user, url());
    expect(d).toMatchObject({ status: 200, type, name, ascii });
    expect(d.contentType).toMatch(name.endsWith(".pdf") ? /^application\/pdf/ : /spreadsheetml/);
  });

  it("the movement book names its period", async () => {
    const d = await download("secretary", "/movement/book.pdf");
    expect(d.status).toBe(200);
    expect(d.name).toMatch(/^Книга-движения-учащихся-\d{2}\.\d{2}\.\d{4}–\d{2}\.\d{2}\.\d{4}\.pdf$/);
    expect(d.ascii).toBe(asciiName(d.name!));
    expect(d.ascii).toMatch(/^Kniga-dvizheniya-uchashchikhsya-\d{2}\.\d{2}\.\d{4}-\d{2}\.\d{2}\.\d{4}\.pdf$/);
  });
});
