/** R-DRY-3: the class teacher's weekly PDF for parents, read back as text; other classes are a 404. */
import { beforeAll, describe, expect, it } from "vitest";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { createPdf, pdfHeader, pdfSignatureLines, pdfTable, toBuffer } from "../../src/lib/pdf.ts";
import { getBinary as getPdf, pdfPages, squash } from "../support/pdf.ts";
import { assignmentType, attendance, lesson, mark } from "./helpers.ts";

async function weekSchool() {
  const s = await buildSchool();
  const control = await assignmentType(s, "Контрольная работа", 2);
  const c5a = s.classes["5А"]!.id;
  const math = await lesson(s, {
    classId: c5a,
    subjectId: s.subjects.math.id,
    teacherId: s.users.teacherMath.personId,
    date: "2026-11-16",
    number: 2,
    topic: "Дроби",
    homework: "Учебник, № 123",
    homeworkDue: "2026-11-18",
  });
  const rus = await lesson(s, { classId: c5a, subjectId: s.subjects.russian.id, teacherId: s.users.teacherRussian.personId, date: "2026-11-18", number: 3 });
  await mark(s, math.id, s.students.studentA1!.studentId, control.id, 4);
  await mark(s, math.id, s.students.studentA2!.studentId, control.id, 5);
  await attendance(s, rus.id, s.students.studentA1!.studentId, "ABSENT");
  await lesson(s, {
    classId: s.classes["5Б"]!.id,
    subjectId: s.subjects.math.id,
    teacherId: s.users.teacherMath.personId,
    date: "2026-11-16",
    homework: "Задание пятого Б",
  });
  return s;
}

describe("weekly diary printout (R-DRY-3)", () => {
  // One school for the checks that only read it; a test that adds lessons builds its own.
  let s: Awaited<ReturnType<typeof weekSchool>>;
  beforeAll(async () => {
    s = await weekSchool();
  });

  it("the class teacher prints one page per student with marks, absences, homework and a signature line", async () => {
    const res = await getPdf(await as(s.users.teacherRussian), `/diary/class/${s.classes["5А"]!.id}/week.pdf?date=2026-11-18`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const pages = await pdfPages(res.body as Buffer);
    expect(pages).toHaveLength(2);
    const [a1, a2] = pages as [string, string];
    for (const page of pages) {
      expect(page).toContain(squash(s.school.name));
      expect(page).toContain(squash("Дневник ученика за неделю"));
      expect(page).toContain(squash("неделя 16.11.2026 – 21.11.2026"));
      expect(page).toContain(squash("Учебник, № 123"));
      expect(page).toContain(squash("Подпись родителя"));
      expect(page).not.toContain(squash("Задание пятого Б"));
    }
    // Alphabetical: Алексеев first, then Борисова; each page has only that student's data.
    expect(a1).toContain(squash("Алексеев Артём Игоревич, 5А класс"));
    expect(a1).toContain(squash("Математика 16.11: 4 (Контрольная работа)"));
    expect(a1).toContain(squash("18.11 3 Русский язык Н — Отсутствовал(а)"));
    expect(a1).toContain(squash("Страница 1 из 2"));
    expect(a2).toContain(squash("Борисова Вера Андреевна, 5А класс"));
    expect(a2).toContain(squash("Математика 16.11: 5 (Контрольная работа)"));
    expect(a2).toContain(squash("Пропусков и опозданий нет."));
    expect(a2).not.toContain("Алексеев");
  });

  it("a full week (six lessons a day, each with homework, marks and a comment) still fits one page per student", async () => {
    const s = await buildSchool();
    const answer = await assignmentType(s, "Ответ на уроке", 1);
    const control = await assignmentType(s, "Контрольная работа", 2);
    const c5a = s.classes["5А"]!.id;
    const subjects = [s.subjects.math, s.subjects.russian, s.subjects.english];
    const a1 = s.students.studentA1!.studentId;
    const a2 = s.students.studentA2!.studentId;
    for (let day = 16; day <= 21; day++)
      for (let number = 1; number <= 6; number++) {
        const subject = subjects[(day + number) % 3]!;
        const l = await lesson(s, {
          classId: c5a,
          subjectId: subject.id,
          teacherId: s.users.teacherMath.personId,
          date: `2026-11-${day}`,
          number,
          topic: `Тема ${day}.${number}`,
          homework: `Задание ${day}.${number}: прочитать параграф, ответить на вопросы в конце, упражнения 1–5`,
          homeworkDue: "2026-11-23",
        });
        await mark(s, l.id, a1, answer.id, 5, "Хороший развёрнутый ответ");
        await mark(s, l.id, a1, control.id, 4);
        await mark(s, l.id, a2, answer.id, 3);
        if (number === 6) await attendance(s, l.id, a2, "LATE");
      }
    const res = await getPdf(await as(s.users.teacherRussian), `/diary/class/${c5a}/week.pdf?date=2026-11-16`);
    expect(res.status).toBe(200);
    const pages = await pdfPages(res.body as Buffer);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain(squash("Задание 21.6:"));
    expect(pages[0]).toContain(squash("Подпись родителя"));
    expect(pages[1]).toContain(squash("Борисова Вера Андреевна"));
    expect(pages[1]).toContain(squash("21.11 6"));
    expect(pages[1]).toContain(squash("ОП — Опоздание"));
  });

  it("a deputy may print any class of the school", async () => {
    const res = await getPdf(await as(s.users.deputy), `/diary/class/${s.classes["5Б"]!.id}/week.pdf?date=2026-11-16`);
    expect(res.status).toBe(200);
    const pages = await pdfPages(res.body as Buffer);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain(squash("Алексеева Дарья Игоревна"));
    expect(pages[0]).toContain(squash("Задание пятого Б"));
  });

  it.each([
    ["teacherRussian", "5Б"], // class teacher of 5А
    ["teacherEnglish", "5А"], // class teacher of 5Б
    ["parentAlekseev", "5А"],
    ["studentA1", "5А"],
  ] as const)("%s cannot print the diary of %s (404)", async (who, cls) => {
    const res = await (await as(s.users[who])).get(`/diary/class/${s.classes[cls]!.id}/week.pdf?date=2026-11-16`);
    expect(res.status).toBe(404);
  });

  it.each([
    ["teacherMath", "5А"], // teaches there but leads no class: no diary right at all
    ["secretary", "5А"],
  ] as const)("%s has no right in the diary section: printing the diary of %s is refused (403)", async (who, cls) => {
    const res = await (await as(s.users[who])).get(`/diary/class/${s.classes[cls]!.id}/week.pdf?date=2026-11-16`);
    expect(res.status).toBe(403);
  });

  it("another school's class and guessed ids answer 404, even for a deputy", async () => {
    const other = await buildSchool();
    const agent = await as(s.users.deputy);
    for (const id of [other.classes["5А"]!.id, 999999, "abc"]) expect((await agent.get(`/diary/class/${id}/week.pdf`)).status).toBe(404);
  });

  it("a bad date answers 422", async () => {
    const res = await (await as(s.users.teacherRussian)).get(`/diary/class/${s.classes["5А"]!.id}/week.pdf?date=2026-02-30`);
    expect(res.status).toBe(422);
  });

  it("the printout page lists the own class for a class teacher and every class for a deputy", async () => {
    let res = await (await as(s.users.teacherRussian)).get("/diary/print?date=2026-11-18");
    expect(res.status).toBe(200);
    expect(res.text).toContain(`/diary/class/${s.classes["5А"]!.id}/week.pdf?date=2026-11-16`);
    expect(res.text).not.toContain(`/diary/class/${s.classes["5Б"]!.id}/`);
    expect(res.text).toContain('href="/diary/print"'); // the navigation item for class teachers
    res = await (await as(s.users.deputy)).get("/diary/print");
    expect(res.text).toContain(`/diary/class/${s.classes["5Б"]!.id}/`);
    expect((await (await as(s.users.teacherMath)).get("/diary/print")).status).toBe(403);
    expect((await (await as(s.users.parentAlekseev)).get("/diary/print")).status).toBe(403);
  });
});

describe("the PDF helper (src/lib/pdf.ts)", () => {
  it("writes Cyrillic text, tables across pages with the header repeated, and page numbers", async () => {
    const doc = createPdf({ title: "Проверка" });
    pdfHeader(doc, { schoolName: "Школа № 1 имени А. С. Пушкина", title: "Ведомость", subtitle: "Ёлкин Щавель Юрьевич" });
    const rows = Array.from({ length: 80 }, (_, i) => [`Строка ${i + 1}`, "Съешь же ещё этих мягких французских булок"]);
    pdfTable(
      doc,
      [
        { header: "Номер", width: 1 },
        { header: "Текст", width: 3 },
      ],
      rows,
    );
    pdfSignatureLines(doc, ["Подпись"]);
    const pages = await pdfPages(await toBuffer(doc));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain(squash("Школа № 1 имени А. С. Пушкина"));
    expect(pages[0]).toContain(squash("Ёлкин Щавель Юрьевич"));
    expect(pages.join("")).toContain(squash("Строка 80"));
    expect(pages[1]).toContain(squash("Номер Текст")); // the header repeated on the next page
    expect(pages.at(-1)).toContain(squash(`Страница ${pages.length} из ${pages.length}`));
    expect(pages.at(-1)).toContain("Подпись");
  });
});
