/**
 * «Задолженности» in the diary (issue 17, 003 §2.13.3): a control work of the year that the pupil missed
 * (absent that day, whatever the reason) and has no mark for since is listed on «Оценки»; a mark entered
 * later, being late (ОП) or a work that is not a control one lists nothing; another pupil's debts never show.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Fixed dates of the fixture (lessons, consents, the 2nd quarter 05.11–28.12) on a school day of that quarter, whatever TEST_NOW the run has.
useMidQuarterDay();

type School = Awaited<ReturnType<typeof buildSchool>>;
let s: School;

async function work(date: string, subject: "math" | "russian", typeName: string, isControl: boolean, topic: string) {
  const teacherId = subject === "math" ? s.users.teacherMath.personId : s.users.teacherRussian.personId;
  const lesson = await prisma.lesson.create({
    data: { schoolId: s.schoolId, classId: s.classes["5А"]!.id, subjectId: s.subjects[subject].id, teacherId, date: d(date), number: 3, topic },
  });
  const type = await prisma.assignmentType.upsert({
    where: { schoolId_name: { schoolId: s.schoolId, name: typeName } },
    create: { schoolId: s.schoolId, name: typeName, shortName: typeName.slice(0, 4), weight: isControl ? 2 : 1, isControl },
    update: {},
  });
  const w = await prisma.lessonWork.create({ data: { schoolId: s.schoolId, lessonId: lesson.id, assignmentTypeId: type.id } });
  return { lesson, w };
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

beforeAll(async () => {
  s = await buildSchool();
  const a1 = s.students.studentA1!.studentId;
  const a2 = s.students.studentA2!.studentId;
  // 12.11: maths control work; A1 absent (Н), no mark — a debt. A2 wrote it.
  const k1 = await work("2026-11-12", "math", "Контрольная работа", true, "Дроби");
  await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: k1.lesson.id, studentId: a1, code: "ABSENT" } });
  await prisma.mark.create({ data: { schoolId: s.schoolId, lessonId: k1.lesson.id, workId: k1.w.id, studentId: a2, value: 4 } });
  // 19.11: Russian dictation; A1 ill (Б), then wrote it later — a mark: no debt.
  const k2 = await work("2026-11-19", "russian", "Диктант", true, "Диктант № 2");
  await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: k2.lesson.id, studentId: a1, code: "ILL" } });
  await prisma.mark.create({ data: { schoolId: s.schoolId, lessonId: k2.lesson.id, workId: k2.w.id, studentId: a1, value: 5 } });
  // 26.11: maths control work; A1 late (ОП) without a mark — not a missed work.
  const k3 = await work("2026-11-26", "math", "Контрольная работа", true, "Уравнения");
  await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: k3.lesson.id, studentId: a1, code: "LATE" } });
  // 01.12: an answer in class while A1 was absent — not a control work.
  const k4 = await work("2026-12-01", "math", "Ответ на уроке", false, "Проценты");
  await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: k4.lesson.id, studentId: a1, code: "VALID" } });
  // 03.12: Russian control work; A2 absent without a reason (НП): A2's debt, never A1's.
  const k5 = await work("2026-12-03", "russian", "Контрольная работа", true, "Причастие");
  await prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId: k5.lesson.id, studentId: a2, code: "INVALID" } });
});

describe("«Задолженности» on the diary's «Оценки» (issue 17)", () => {
  it("the parent sees exactly the missed control work without a mark, with its date, subject, work and reason", async () => {
    const a1 = s.students.studentA1!.studentId;
    const page = text((await (await as(s.users.parentAlekseev)).get(`/diary/${a1}/marks`)).text);
    expect(page).toContain("Задолженности");
    expect(page).toContain("12.11.2026 Математика Контрольная работа: Дроби Н");
    expect(page).not.toContain("Диктант № 2");
    expect(page).not.toContain("Уравнения");
    expect(page).not.toContain("Проценты");
    expect(page).not.toContain("Причастие");
  });

  it("a mark entered later settles it; a pupil without debts has no block", async () => {
    const a2 = s.students.studentA2!.studentId;
    const mother = await as(s.users.parentBorisova);
    expect(text((await mother.get(`/diary/${a2}/marks`)).text)).toContain("03.12.2026 Русский язык Контрольная работа: Причастие НП");
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { schoolId: s.schoolId, topic: "Причастие" }, include: { works: true } });
    await prisma.mark.create({ data: { schoolId: s.schoolId, lessonId: lesson.id, workId: lesson.works[0]!.id, studentId: a2, value: 3 } });
    expect(text((await mother.get(`/diary/${a2}/marks`)).text)).not.toContain("Задолженности");
  });
});
