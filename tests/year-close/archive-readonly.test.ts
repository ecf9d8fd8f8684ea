/**
 * R-YR-1, R-JRN-5: after closing, nothing of the closed year can be changed by anyone, through
 * the HTTP routes of the journal, setup, schedule, years and the decisions. Each request is
 * refused (423 for those who could write in an open year, 403/404 for the others) and the
 * database is re-read to prove nothing changed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { closeYear } from "../../src/modules/year-close/close.service.ts";
import { as } from "../support/http.ts";
import { AFTER_END, closingSchool, decideAll, type ClosingSchool } from "./helpers.ts";

let s: ClosingSchool;
let loadId: number;
let entryId: number;
let graduationOrderId: number;
let promotionOrderId: number;

async function yearSnapshot(schoolId: number, yearId: number) {
  const classWhere = { class: { yearId } };
  const [memberships, lessons, marks, attendance, finals, classes, loads, subgroups, subMembers, entries, decisions, year, periods] = await Promise.all([
    prisma.classMembership.findMany({ where: { schoolId, ...classWhere }, orderBy: { id: "asc" } }),
    prisma.lesson.findMany({ where: { schoolId, ...classWhere }, orderBy: { id: "asc" } }),
    prisma.mark.findMany({ where: { schoolId, lesson: classWhere }, orderBy: { id: "asc" } }),
    prisma.attendance.findMany({ where: { schoolId, lesson: classWhere }, orderBy: { id: "asc" } }),
    prisma.finalMark.findMany({ where: { schoolId, yearId }, orderBy: { id: "asc" } }),
    prisma.schoolClass.findMany({ where: { schoolId, yearId }, orderBy: { id: "asc" } }),
    prisma.teachingLoad.findMany({ where: { schoolId, yearId }, orderBy: { id: "asc" } }),
    prisma.subgroup.findMany({ where: { schoolId, ...classWhere }, orderBy: { id: "asc" } }),
    prisma.subgroupMembership.findMany({ where: { schoolId, subgroup: classWhere }, orderBy: { id: "asc" } }),
    prisma.timetableEntry.findMany({ where: { schoolId, yearId }, orderBy: { id: "asc" } }),
    prisma.yearDecision.findMany({ where: { schoolId, yearId }, orderBy: { id: "asc" } }),
    prisma.academicYear.findUniqueOrThrow({ where: { id: yearId } }),
    prisma.studyPeriod.findMany({ where: { yearId }, orderBy: { id: "asc" } }),
  ]);
  return JSON.parse(
    JSON.stringify({ memberships, lessons, marks, attendance, finals, classes, loads, subgroups, subMembers, entries, decisions, year, periods }),
  ) as unknown;
}

beforeAll(async () => {
  s = await closingSchool();
  await decideAll(s);
  const entry = await prisma.timetableEntry.create({
    data: {
      schoolId: s.schoolId,
      yearId: s.year.id,
      classId: s.classes["5А"]!.id,
      subjectId: s.subjects.math.id,
      teacherId: s.users.teacherMath.personId,
      weekday: 4,
      number: 1,
      validFrom: s.year.startDate,
    },
  });
  entryId = entry.id;
  await prisma.lesson.update({ where: { id: s.lessons[0]! }, data: { timetableEntryId: entry.id } });
  const r = await closeYear(s.actor, s.year.id, { asOf: AFTER_END });
  expect(r.status).toBe("DONE");
  graduationOrderId = (await prisma.movementOrder.findFirstOrThrow({ where: { studentId: s.g11.studentId, kind: "GRADUATE" } })).id;
  promotionOrderId = (await prisma.movementOrder.findFirstOrThrow({ where: { studentId: s.A1, kind: "PROMOTE" } })).id;
  loadId = (await prisma.teachingLoad.findFirstOrThrow({ where: { yearId: s.year.id, classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id } })).id;
});

/** What, URL, form, and the administrator's status when it is not 423. */
type Req = [string, () => string, () => Record<string, unknown>, number?];
const c5a = () => s.classes["5А"]!.id;
const lesson = () => s.lessons[0]!;
const math = () => s.subjects.math.id;

const journal: Req[] = [
  ["change a lesson's topic", () => `/journal/lessons/${lesson()}`, () => ({ date: "2027-05-20", topic: "Другая тема" })],
  [
    "put a mark",
    () => `/journal/lessons/${lesson()}/marks`,
    () => ({ studentId: s.A1, assignmentTypeId: s.assignmentTypeId, value: "2", reason: "исправление" }),
  ],
  ["mark attendance", () => `/journal/lessons/${lesson()}/attendance`, () => ({ studentId: s.A1, code: "ABSENT", reason: "исправление" })],
  ["attendance taken", () => `/journal/lessons/${lesson()}/attendance-taken`, () => ({ reason: "исправление" })],
  ["set a year final mark", () => `/journal/${c5a()}/${math()}/final-marks`, () => ({ studentId: s.A1, periodId: "year", value: "3", reason: "исправление" })],
  ["create a lesson", () => `/journal/${c5a()}/${math()}/lessons`, () => ({ date: "2027-05-25", topic: "Новый урок" })],
  ["delete a lesson", () => `/journal/lessons/${lesson()}/delete`, () => ({})],
  ["daily attendance of the class", () => `/class/${c5a()}/attendance`, () => ({ date: "2027-05-20", [`day_${s.A1}`]: "ILL" })],
  ["add an exemption", () => `/class/${c5a()}/exemptions`, () => ({ studentId: s.A1, fromDate: "2027-05-01", toDate: "2027-05-10" })],
];
const setup: Req[] = [
  ["create a class", () => "/setup/classes", () => ({ yearId: s.year.id, grade: 7, letter: "В" })],
  ["change the class teacher", () => `/setup/classes/${c5a()}`, () => ({ classTeacherId: "" })],
  ["delete a class", () => `/setup/classes/${s.g9.cls.id}/delete`, () => ({})],
  [
    "add teaching load",
    () => "/setup/load",
    () => ({ teacherId: s.users.teacherMath.personId, classId: s.g9.cls.id, subjectId: s.subjects.russian.id, hours: "2" }),
  ],
  ["change teaching load", () => `/setup/load/${loadId}`, () => ({ teacherId: s.users.teacherMath.personId, hours: "6" })],
  ["delete teaching load", () => `/setup/load/${loadId}/delete`, () => ({})],
  ["create a subgroup", () => `/setup/classes/${c5a()}/subgroups`, () => ({ subjectId: s.subjects.english.id, name: "2 группа" })],
  ["rename a subgroup", () => `/setup/subgroups/${s.group.id}`, () => ({ name: "Первая" })],
  ["change subgroup members", () => `/setup/subgroups/${s.group.id}/members`, () => ({ date: "2027-05-01", studentIds: String(s.A1) })],
  ["delete a subgroup", () => `/setup/subgroups/${s.group.id}/delete`, () => ({})],
  ["change the year's dates", () => `/setup/years/${s.year.id}`, () => ({ name: "2026/2027", startDate: "2026-09-01", endDate: "2027-06-30" })],
];
const schedule: Req[] = [
  ["add a timetable entry", () => `/schedule/classes/${c5a()}/entries`, () => ({ loadId, weekday: "1", number: "1", validFrom: "2027-05-10" })],
  ["change a timetable entry", () => `/schedule/entries/${entryId}`, () => ({ loadId, weekday: "2", number: "3", validFrom: "2027-05-10" })],
  ["remove a timetable entry", () => `/schedule/entries/${entryId}/delete`, () => ({ fromDate: "2027-05-10" })],
  // The changes page looks entries up in the current year only: an entry of a closed year is not found.
  ["cancel a lesson for a day", () => "/schedule/changes", () => ({ entryId, date: "2027-05-20", kind: "CANCEL" }), 404],
];
const movement: Req[] = [
  // The movement book answers with the form and «Учебный год … закрыт» beside the class field.
  [
    "transfer a student inside the closed year",
    () => "/movement",
    () => ({ kind: "TRANSFER", number: "9-уч", orderDate: "2027-05-15", effectiveDate: "2027-05-15", studentId: s.A1, toClassId: s.classes["5Б"]!.id }),
    422,
  ],
  ["cancel the graduation order", () => `/movement/${graduationOrderId}/cancel`, () => ({ cancelReason: "ошибка" })],
  // The promotion order is dated in the new year, but it closed a membership of the closed one.
  ["cancel a year-end promotion order", () => `/movement/${promotionOrderId}/cancel`, () => ({ cancelReason: "ошибка" })],
];
const decisions: Req[] = [
  [
    "change a decision of the council",
    () => `/year-close/${s.year.id}/decisions/${c5a()}`,
    () => ({ orderNumber: "1", orderDate: "2027-05-30", [`kind-${s.A1}`]: "RETAIN" }),
  ],
  ["fill default decisions", () => `/year-close/${s.year.id}/decisions/defaults`, () => ({ orderNumber: "1", orderDate: "2027-05-30" })],
];

const ROLES = ["admin", "deputy", "teacherMath", "teacherRussian", "secretary", "studentA1", "parentAlekseev"] as const;

describe("a closed year is read-only for every role", () => {
  it.each([...journal, ...setup, ...schedule, ...movement, ...decisions].map(([what, url, body, status]) => [what, url, body, status ?? 423] as const))(
    "%s: the administrator is refused (423 unless noted), everyone else too, nothing changes",
    async (_what, url, body, adminStatus) => {
      const before = await yearSnapshot(s.schoolId, s.year.id);
      for (const role of ROLES) {
        const agent = await as(s.users[role]);
        const res = await agent.form(url(), body());
        if (role === "admin") expect([res.status, role]).toEqual([adminStatus, role]);
        else expect([[403, 404, 422, 423].includes(res.status), role, res.status]).toEqual([true, role, res.status]);
      }
      expect(await yearSnapshot(s.schoolId, s.year.id)).toEqual(before);
    },
  );

  it("the closed year's journal and decisions stay viewable", async () => {
    const admin = await as(s.users.admin);
    expect((await admin.get(`/journal/lessons/${lesson()}`)).status).toBe(200);
    const page = await admin.get(`/year-close/${s.year.id}/decisions/${c5a()}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("Сохранить решения");
    expect((await admin.get(`/year-close?year=${s.year.id}`)).text).toContain("закрыт (архив)");
  });
});
