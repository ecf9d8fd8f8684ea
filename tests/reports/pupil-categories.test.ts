/**
 * The medical worker's and the psychologist's reports (issue 17, R-REG-11): counts per class and school of
 * the categories of the medical and social sections. 1 and 2 are «<3» in the school-wide table for everyone
 * and in the per-class table for everyone but the keeper of the data; 3 is shown. Only the keeper, the
 * administrator and the deputies open them; a teacher, a class teacher, a parent, the other keeper: 403.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { getBinary, pageText as htmlText, pdfPages, squash, xlsxRows } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

type School = Awaited<ReturnType<typeof buildSchool>>;
let s: School;
let other: School;

async function pupil(school: School, lastName: string, cls: string) {
  const p = await prisma.person.create({ data: { schoolId: school.schoolId, lastName, firstName: "Ученик" } });
  const st = await prisma.student.create({ data: { schoolId: school.schoolId, personId: p.id } });
  await prisma.classMembership.create({ data: { schoolId: school.schoolId, studentId: st.id, classId: school.classes[cls]!.id, fromDate: d("2026-09-01") } });
  return st.id;
}

async function medical(school: School, studentId: number, healthGroup: string, ovz = false) {
  await prisma.studentMedical.create({ data: { schoolId: school.schoolId, studentId, healthGroup, peGroup: "основная", ovz } });
}

beforeAll(async () => {
  s = await buildSchool();
  other = await buildSchool();
  const a1 = s.students.studentA1!.studentId;
  const a2 = s.students.studentA2!.studentId;
  const b1 = s.students.studentB1!.studentId;
  const x1 = await pupil(s, "Третьяков", "5А");
  const x2 = await pupil(s, "Четвериков", "5А");
  // Health group II: three pupils of 5А (shown as 3); group I: one in 5А and one in 5Б (2 in the school); ОВЗ: one.
  await medical(s, a1, "II");
  await medical(s, a2, "II");
  await medical(s, x1, "II", true);
  await medical(s, x2, "I");
  await medical(s, b1, "I");
  // Another school's pupils never count.
  for (const st of Object.values(other.students)) await medical(other, st.studentId, "I");
  // A pupil who left 5А in October is not counted on today's date.
  const left = await pupil(s, "Ушедший", "5Б");
  await prisma.classMembership.updateMany({ where: { studentId: left }, data: { toDate: d("2026-10-01") } });
  await medical(s, left, "V");
});

const pageText = (html: string) => htmlText(html).replace(/&lt;/g, "<");

/** The rows of the per-class table of a page: «5А 4 …». */
function classRow(text: string, cls: string): string {
  const m = new RegExp(`${cls} \\d+(?: (?:\\d+|<3)(?=\\s))+`).exec(text.slice(text.indexOf("По классам")));
  return m?.[0] ?? "";
}

describe("the medical worker's report", () => {
  it("the medic sees exact per-class counts; the school-wide table hides 1 and 2 but shows 3", async () => {
    const medic = await as(s.users.medic);
    const page = await medic.get("/reports/medical");
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    // School: 5 pupils (the one who left is not counted); I = 2 → «<3», II = 3 → 3, ОВЗ 1 → «<3», V = 0.
    expect(text).toContain("Всего учеников 5");
    expect(text).toContain("Группа здоровья I <3");
    expect(text).toContain("Группа здоровья II 3 60,0");
    expect(text).toContain("Группа здоровья V 0");
    expect(text).toContain("ОВЗ <3");
    expect(text).toContain("Физкультурная группа: основная 5 100,0");
    // Per class (I, II, III, IV, V, not given, the PE groups, disability, ОВЗ): the medic's exact 1s.
    expect(classRow(text, "5А")).toBe("5А 4 1 3 0 0 0 0 4 0 0 0 0 0 1");
    expect(classRow(text, "5Б")).toBe("5Б 1 1 0 0 0 0 0 1 0 0 0 0 0 0");
  });

  it("the deputy and the administrator see «<3» in the per-class table too; the PDF and .xlsx say the same", async () => {
    for (const user of [s.users.deputy, s.users.admin]) {
      const agent = await as(user);
      const text = pageText((await agent.get("/reports/medical")).text);
      expect(classRow(text, "5А")).toBe("5А 4 <3 3 0 0 0 0 4 0 0 0 0 0 <3");
      expect(classRow(text, "5Б")).toBe("5Б 1 <3 0 0 0 0 0 <3 0 0 0 0 0 0");
    }
    const deputy = await as(s.users.deputy);
    const rows = await xlsxRows((await getBinary(deputy, "/reports/medical.xlsx")).body as Buffer);
    expect(rows).toContainEqual(["Группа здоровья I", "<3", ""]);
    expect(rows).toContainEqual(["Группа здоровья II", 3, "60"].map(String));
    expect(rows.find((r) => r[0] === "5А")).toEqual(["5А", "4", "<3", "3", "0", "0", "0", "0", "4", "0", "0", "0", "0", "0", "<3"]);
    const pdf = squash((await pdfPages((await getBinary(deputy, "/reports/medical.pdf")).body as Buffer)).join(" "));
    expect(pdf).toContain(squash("Группа здоровья I <3"));
    expect(pdf).toContain(squash("Группа здоровья II 3 60,0"));
  });

  it.each([
    ["teacher", "teacherMath", 403],
    ["class teacher", "teacherRussian", 403],
    ["psychologist", "psychologist", 403],
    ["parent", "parentAlekseev", 403],
    ["student", "studentA1", 403],
  ] as const)("a %s cannot open it (page, PDF, .xlsx)", async (_who, key, status) => {
    const agent = await as(s.users[key]);
    for (const url of ["/reports/medical", "/reports/medical.pdf", "/reports/medical.xlsx"]) expect((await agent.get(url)).status).toBe(status);
  });

  it("another school's year is a 404", async () => {
    const medic = await as(s.users.medic);
    expect((await medic.get(`/reports/medical?year=${other.year.id}`)).status).toBe(404);
  });
});

describe("the psychologist's report (social passport)", () => {
  beforeAll(async () => {
    const psy = await as(s.users.psychologist);
    const form = { socialStatus: "", deviantBehaviour: "", characteristic: "" };
    // Large families: 2; registered with ПДН / КДН: 3 (one of them with a deviant-behaviour record); entered through the form.
    for (const key of ["studentA1", "studentA2"] as const)
      expect((await psy.form(`/students/${s.students[key]!.studentId}/social`, { ...form, largeFamily: "on", registeredPdn: "on" })).status).toBe(302);
    expect(
      (await psy.form(`/students/${s.students.studentB1!.studentId}/social`, { ...form, registeredPdn: "on", deviantBehaviour: "Пропуски без причины" }))
        .status,
    ).toBe(302);
    // Guardianship from the parent link «опекун».
    await prisma.parentLink.create({
      data: { schoolId: s.schoolId, parentId: s.users.parentBorisova.personId, studentId: s.students.studentB1!.studentId, relation: "GUARDIAN" },
    });
  });

  it("the categories are saved from the social section and audited", async () => {
    const row = await prisma.studentSocial.findUniqueOrThrow({ where: { studentId: s.students.studentA1!.studentId } });
    expect(row).toMatchObject({ largeFamily: true, registeredPdn: true, guardianship: false, registeredSchool: false });
    const audit = await prisma.auditLog.findFirst({
      where: { schoolId: s.schoolId, entity: "student-social", entityId: String(s.students.studentA1!.personId) },
      orderBy: { id: "desc" },
    });
    expect(audit?.newValue).toMatchObject({ largeFamily: true, registeredPdn: true });
  });

  it("the psychologist sees exact per-class counts; the deputy «<3»; the school table hides 1 and 2 for both", async () => {
    const psy = pageText((await (await as(s.users.psychologist)).get("/reports/social")).text);
    expect(psy).toContain("Многодетные семьи <3");
    expect(psy).toContain("На учёте в ПДН / КДН и ЗП 3 60,0");
    expect(psy).toContain("Под опекой (попечительством) <3");
    expect(psy).toContain("Девиантное поведение (есть запись) <3");
    // Large, guardianship, ОВЗ, ПДН, ВШУ, deviant.
    expect(classRow(psy, "5А")).toBe("5А 4 2 0 1 2 0 0");
    expect(classRow(psy, "5Б")).toBe("5Б 1 0 1 0 1 0 1");
    const deputy = pageText((await (await as(s.users.deputy)).get("/reports/social")).text);
    expect(classRow(deputy, "5А")).toBe("5А 4 <3 0 <3 <3 0 0");
    expect(deputy).toContain("На учёте в ПДН / КДН и ЗП 3 60,0");
  });

  it.each([
    ["teacher", "teacherMath"],
    ["class teacher", "teacherRussian"],
    ["medic", "medic"],
    ["parent", "parentBorisova"],
  ] as const)("a %s cannot open it", async (_who, key) => {
    const agent = await as(s.users[key]);
    expect((await agent.get("/reports/social")).status).toBe(403);
    expect((await agent.get("/reports/social.xlsx")).status).toBe(403);
  });
});
