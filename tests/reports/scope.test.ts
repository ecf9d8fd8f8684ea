/**
 * Issue 23 §5: a report asked for a class or a teacher outside the user's scope answers 404 (README «Права»),
 * never 200 with an empty report — for every report with such a parameter, its page, PDF and .xlsx: a teacher
 * with a class not taught, a class teacher with another class's paper copy, ids of another school, of another
 * year, and guessed ids. Parents, students and the medic do not open these reports at all (403).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { getBinary } from "./helpers.ts";

useMidQuarterDay();

let s: TestSchool;
let other: TestSchool;
/** 6А: a class of the school nobody in the fixture teaches or leads. */
let c6a: number;
/** A class of the school's past year. */
let past: number;
const GUESSED = 2147483647;

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  c6a = (await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 6, letter: "А" } })).id;
  const old = await prisma.academicYear.create({
    data: { schoolId: s.schoolId, name: "2025/2026", startDate: d("2025-09-01"), endDate: d("2026-05-31"), status: "CLOSED" },
  });
  past = (await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: old.id, grade: 4, letter: "А" } })).id;
});

/** Every way a report names a class, as page, PDF and spreadsheet. */
const classUrls = (id: number) => [
  `/reports/check?month=2026-11&class=${id}`,
  `/reports/check.pdf?month=2026-11&class=${id}`,
  `/reports/check.xlsx?month=2026-11&class=${id}`,
  `/reports/check?month=2026-11&class[]=${id}`,
  `/reports/progress?class=${id}`,
  `/reports/progress.pdf?class=${id}`,
  `/reports/progress.xlsx?class=${id}`,
  `/reports/attendance?class=${id}&month=2026-11`,
  `/reports/attendance.pdf?class=${id}&month=2026-11`,
  `/reports/attendance.xlsx?class=${id}&month=2026-11`,
  `/reports/charts?class=${id}`,
];
const paperUrls = (id: number) => [
  `/reports/paper?class=${id}`,
  `/reports/paper/${id}/journal.pdf`,
  `/reports/paper/${id}/summary`,
  `/reports/paper/${id}/summary.xlsx`,
];

async function statuses(user: TestSchool["users"]["deputy"], urls: string[]): Promise<Record<string, number>> {
  const agent = await as(user);
  const out: Record<string, number> = {};
  for (const url of urls) out[url] = (await getBinary(agent, url)).status;
  return out;
}
const all = (urls: string[], status: number) => Object.fromEntries(urls.map((u) => [u, status]));

describe("reports outside the scope answer 404", () => {
  it("a teacher: a class not taught is 404 in every report and format; the own class is 200", async () => {
    expect(await statuses(s.users.teacherMath, classUrls(c6a))).toEqual(all(classUrls(c6a), 404));
    expect(await statuses(s.users.teacherMath, classUrls(s.classes["5А"]!.id))).toEqual(all(classUrls(s.classes["5А"]!.id), 200));
  });

  it("a teacher: another teacher's journals (?teacher=) are 404, the own are 200", async () => {
    expect(await statuses(s.users.teacherMath, [`/reports/progress?teacher=${s.users.teacherRussian.personId}`])).toEqual({
      [`/reports/progress?teacher=${s.users.teacherRussian.personId}`]: 404,
    });
    expect(await statuses(s.users.teacherMath, [`/reports/progress.xlsx?teacher=${s.users.teacherMath.personId}`])).toEqual({
      [`/reports/progress.xlsx?teacher=${s.users.teacherMath.personId}`]: 200,
    });
  });

  it("a class teacher: teachers of the own class are in scope; another class's paper copy and summary sheet are 404", async () => {
    // Русакова leads 5А, where Математиков and Инглишева teach.
    const ok = [`/reports/progress?teacher=${s.users.teacherMath.personId}`, `/reports/progress.pdf?teacher=${s.users.teacherEnglish.personId}`];
    expect(await statuses(s.users.teacherRussian, ok)).toEqual(all(ok, 200));
    expect(await statuses(s.users.teacherRussian, paperUrls(s.classes["5Б"]!.id))).toEqual(all(paperUrls(s.classes["5Б"]!.id), 404));
    expect(await statuses(s.users.teacherRussian, paperUrls(c6a))).toEqual(all(paperUrls(c6a), 404));
    const own = paperUrls(s.classes["5А"]!.id);
    expect(await statuses(s.users.teacherRussian, own)).toEqual(all(own, 200));
    expect(await statuses(s.users.teacherRussian, classUrls(c6a))).toEqual(all(classUrls(c6a), 404));
  });

  it("the deputy: classes of another school, of a past year, guessed ids, and a list with one foreign id are 404", async () => {
    const foreign = other.classes["5А"]!.id;
    for (const id of [foreign, GUESSED]) {
      const urls = [...classUrls(id), ...paperUrls(id)];
      expect(await statuses(s.users.deputy, urls)).toEqual(all(urls, 404));
    }
    const pastUrls = [`/reports/check?month=2026-11&class=${past}`, `/reports/progress?class=${past}`, `/reports/attendance?class=${past}&month=2026-11`];
    expect(await statuses(s.users.deputy, pastUrls)).toEqual(all(pastUrls, 404));
    const mixed = [
      `/reports/check?month=2026-11&class[]=${s.classes["5А"]!.id}&class[]=${foreign}`,
      `/reports/progress?class[]=${s.classes["5А"]!.id}&class[]=${foreign}`,
    ];
    expect(await statuses(s.users.deputy, mixed)).toEqual(all(mixed, 404));
    const mine = [`/reports/check?month=2026-11&class=${c6a}`, `/reports/progress?class=${c6a}`, `/reports/paper/${c6a}/summary`];
    expect(await statuses(s.users.deputy, mine)).toEqual(all(mine, 200));
  });

  it("the deputy: a teacher of another school, a guessed id, or staff without a teaching load (?teacher=) are 404", async () => {
    const urls = [other.users.teacherMath.personId, GUESSED, s.users.medic.personId].flatMap((id) => [
      `/reports/progress?teacher=${id}`,
      `/reports/progress.pdf?teacher=${id}`,
    ]);
    expect(await statuses(s.users.deputy, urls)).toEqual(all(urls, 404));
  });

  it("a parent with other classes' ids, a student and the medic get 403: these reports are not theirs", async () => {
    const urls = [
      `/reports/check?month=2026-11&class=${s.classes["5Б"]!.id}`,
      `/reports/progress?class=${c6a}`,
      `/reports/paper/${s.classes["5А"]!.id}/summary`,
    ];
    for (const u of [s.users.parentAlekseev, s.users.parentBorisova, s.users.studentA1]) expect(await statuses(u, urls)).toEqual(all(urls, 403));
    // The medic sees attendance (R-ACL-7) — of the own school's classes only.
    expect(await statuses(s.users.medic, [`/reports/attendance?class=${other.classes["5А"]!.id}&month=2026-11`])).toEqual({
      [`/reports/attendance?class=${other.classes["5А"]!.id}&month=2026-11`]: 404,
    });
  });
});
