import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, type TestSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { DENIED_ROLES, FAMILY_ROLES, c, snapshot } from "./helpers.ts";

describe("classes and class teachers", () => {
  // Read-only and refused requests change nothing (the refusals check it): they share one school with an
  // empty class 9А; a test that changes the school builds its own.
  let s: TestSchool;
  let empty: { id: number };
  beforeAll(async () => {
    s = await buildSchool();
    empty = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 9, letter: "А" } });
  });

  it("the deputy creates a class; a lower-case Cyrillic letter is raised; the creation is audited", async () => {
    const s = await buildSchool();
    const res = await (
      await as(s.users.deputy)
    ).form("/setup/classes", { yearId: s.year.id, grade: "7", letter: "б", classTeacherId: s.users.teacherMath.personId });
    expect(res.status).toBe(302);
    const cls = await prisma.schoolClass.findFirstOrThrow({ where: { schoolId: s.schoolId, grade: 7 } });
    expect(cls).toMatchObject({ letter: "Б", classTeacherId: s.users.teacherMath.personId, yearId: s.year.id });
    expect(res.headers.location).toBe(`/setup/classes/${cls.id}`);
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "class", entityId: String(cls.id) } });
    expect(log.action).toBe("create");
  });

  it.each([
    [{ grade: "7", letter: "A" }, "letter", "Одна заглавная русская буква"],
    [{ grade: "7", letter: "" }, "letter", "Укажите букву"],
    [{ grade: "7", letter: "АБ" }, "letter", "Одна заглавная русская буква"],
    [{ grade: "12", letter: "А" }, "grade", "Не больше 11"],
    [{ grade: "0", letter: "А" }, "grade", "Не меньше 1"],
    [{ grade: "", letter: "А" }, "grade", "Укажите параллель"],
    [{ grade: "5", letter: "А" }, "letter", "Класс 5А в этом учебном году уже есть"],
  ])("refuses %j with 422 and changes nothing", async (form, _field, message) => {
    const s = await buildSchool();
    const before = await snapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form("/setup/classes", { yearId: s.year.id, ...form });
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a class teacher who already leads a class of the year", async () => {
    const s = await buildSchool();
    const before = await snapshot(s.schoolId);
    const res = await (
      await as(s.users.admin)
    ).form("/setup/classes", { yearId: s.year.id, grade: "6", letter: "А", classTeacherId: s.users.teacherRussian.personId });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Русакова М. О. уже классный руководитель 5А в этом учебном году");
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("refuses a class teacher without the TEACHER role or from another school", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const agent = await as(s.users.admin);
    for (const personId of [s.users.secretary.personId, s.users.admin.personId, other.users.teacherMath.personId, s.users.studentA1.personId]) {
      const res = await agent.form("/setup/classes", { yearId: s.year.id, grade: "6", letter: "А", classTeacherId: personId });
      expect(res.status).toBe(422);
      expect(res.text).toContain("Выберите учителя из списка");
    }
    expect(await prisma.schoolClass.count({ where: { schoolId: s.schoolId } })).toBe(2);
  });

  it("offers only teachers as class teachers", async () => {
    const res = await (await as(s.users.admin)).get(`/setup/classes/new?year=${s.year.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Математиков Пётр Ильич");
    expect(res.text).not.toContain("Секретарева");
    expect(res.text).not.toContain("Админова Анна");
  });

  it("changes the class teacher and audits the old and new values (entity class)", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.deputy);
    const res = await agent.form(`/setup/classes/${c(s, "5А").id}`, { classTeacherId: s.users.teacherMath.personId });
    expect(res.status).toBe(302);
    expect((await prisma.schoolClass.findUniqueOrThrow({ where: { id: c(s, "5А").id } })).classTeacherId).toBe(s.users.teacherMath.personId);
    const log = await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "class", entityId: String(c(s, "5А").id), action: "update" } });
    expect(log.oldValue).toMatchObject({ classTeacherId: s.users.teacherRussian.personId, classTeacher: "Русакова Мария Олеговна" });
    expect(log.newValue).toMatchObject({ classTeacherId: s.users.teacherMath.personId, classTeacher: "Математиков Пётр Ильич" });
    expect(log.actorId).toBe(s.users.deputy.userId);

    // Removing the class teacher is allowed.
    await agent.form(`/setup/classes/${c(s, "5А").id}`, { classTeacherId: "" });
    expect((await prisma.schoolClass.findUniqueOrThrow({ where: { id: c(s, "5А").id } })).classTeacherId).toBeNull();
  });

  it("refuses to make a person the class teacher of a second class in the year", async () => {
    const s = await buildSchool();
    const before = await snapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form(`/setup/classes/${c(s, "5Б").id}`, { classTeacherId: s.users.teacherRussian.personId });
    expect(res.status).toBe(422);
    expect(res.text).toContain("уже классный руководитель 5А");
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("two simultaneous requests cannot make one person the class teacher of two classes", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    const results = await Promise.all(
      ["В", "Г"].map((letter) => agent.form("/setup/classes", { yearId: s.year.id, grade: "6", letter, classTeacherId: s.users.teacherMath.personId })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([302, 422]);
    expect(await prisma.schoolClass.count({ where: { schoolId: s.schoolId, yearId: s.year.id, classTeacherId: s.users.teacherMath.personId } })).toBe(1);
  });

  it("a draft year's classes may be set up; the same teacher may lead a class in each year", async () => {
    const s = await buildSchool();
    const next = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") } });
    const res = await (
      await as(s.users.deputy)
    ).form("/setup/classes", { yearId: next.id, grade: "6", letter: "А", classTeacherId: s.users.teacherRussian.personId });
    expect(res.status).toBe(302);
    expect(await prisma.schoolClass.count({ where: { yearId: next.id, classTeacherId: s.users.teacherRussian.personId } })).toBe(1);
  });

  it("lists the classes of a year by grade then letter, with class teacher and students today", async () => {
    const s = await buildSchool();
    for (const [grade, letter] of [
      [10, "А"],
      [5, "В"],
      [1, "Б"],
      [11, "А"],
      [1, "А"],
    ] as const)
      await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade, letter } });
    const res = await (await as(s.users.admin)).get("/setup/classes");
    expect(res.status).toBe(200);
    const names = [...res.text.matchAll(/<a href="\/setup\/classes\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(names).toEqual(["1А", "1Б", "5А", "5Б", "5В", "10А", "11А"]);
    const row5A = res.text.slice(res.text.indexOf(">5А<"), res.text.indexOf(">5Б<"));
    expect(row5A).toContain("Русакова Мария Олеговна");
    expect(row5A).toMatch(/class="num">2</);
  });

  it("shows the chosen year; the default is the current year; another school's year is 404", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const next = await prisma.academicYear.create({ data: { schoolId: s.schoolId, name: "2027/2028", startDate: d("2027-09-01"), endDate: d("2028-05-31") } });
    await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: next.id, grade: 9, letter: "Д" } });
    const agent = await as(s.users.admin);
    const current = await agent.get("/setup/classes");
    expect(current.text).toContain("5А");
    expect(current.text).not.toContain("9Д");
    const chosen = await agent.get(`/setup/classes?year=${next.id}`);
    expect(chosen.text).toContain("9Д");
    expect(chosen.text).not.toContain(">5А<");
    expect((await agent.get(`/setup/classes?year=${other.year.id}`)).status).toBe(404);
  });

  it("paginates the classes 25 per page and searches by name or class teacher", async () => {
    const s = await buildSchool();
    const letters = "ВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ".split("");
    await prisma.schoolClass.createMany({ data: letters.slice(0, 24).map((letter) => ({ schoolId: s.schoolId, yearId: s.year.id, grade: 5, letter })) });
    const agent = await as(s.users.admin);
    const p1 = await agent.get("/setup/classes");
    expect((p1.text.match(/<a href="\/setup\/classes\/\d+">/g) ?? []).length).toBe(25);
    expect(p1.text).toContain("Страница 1 из 2");
    const p2 = await agent.get(`/setup/classes?year=${s.year.id}&page=2`);
    expect((p2.text.match(/<a href="\/setup\/classes\/\d+">/g) ?? []).length).toBe(1);
    const found = await agent.get("/setup/classes?q=" + encodeURIComponent("инглишева"));
    expect([...found.text.matchAll(/<a href="\/setup\/classes\/\d+">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual(["5Б"]);
  });

  it("deletes an empty class, refuses one with students or load", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.admin);
    const empty = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 9, letter: "А" } });
    expect((await agent.form(`/setup/classes/${empty.id}/delete`, {})).status).toBe(302);
    expect(await prisma.schoolClass.findUnique({ where: { id: empty.id } })).toBeNull();

    const withLoad = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 9, letter: "Б" } });
    await prisma.teachingLoad.create({
      data: {
        schoolId: s.schoolId,
        yearId: s.year.id,
        teacherId: s.users.teacherMath.personId,
        classId: withLoad.id,
        subjectId: s.subjects.math.id,
        hoursPerWeek: 2,
      },
    });
    for (const id of [c(s, "5А").id, withLoad.id]) {
      const res = await agent.form(`/setup/classes/${id}/delete`, {});
      expect(res.status).toBe(409);
      expect(res.text).toContain("Класс нельзя удалить");
      expect(await prisma.schoolClass.findUnique({ where: { id } })).not.toBeNull();
    }
  });

  it("shows the roster as of a date from the membership dates", async () => {
    const s = await buildSchool();
    const add = async (last: string, from: string, to: string | null) => {
      const p = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: last, firstName: "Иван" } });
      const st = await prisma.student.create({ data: { schoolId: s.schoolId, personId: p.id } });
      await prisma.classMembership.create({
        data: { schoolId: s.schoolId, studentId: st.id, classId: c(s, "5А").id, fromDate: d(from), toDate: to ? d(to) : null },
      });
    };
    await add("Выбывший", "2026-09-01", "2026-10-31");
    await add("Новенький", "2026-11-10", null);
    const agent = await as(s.users.deputy);
    const oct = await agent.get(`/setup/classes/${c(s, "5А").id}?date=2026-10-15`);
    expect(oct.status).toBe(200);
    expect(oct.text).toContain("Состав класса на 15.10.2026");
    expect(oct.text).toContain("Выбывший Иван");
    expect(oct.text).toContain("Алексеев Артём Игоревич");
    expect(oct.text).not.toContain("Новенький");
    const lastDay = await agent.get(`/setup/classes/${c(s, "5А").id}?date=31.10.2026`);
    expect(lastDay.text).toContain("Выбывший Иван");
    const nov = await agent.get(`/setup/classes/${c(s, "5А").id}?date=2026-11-15`);
    expect(nov.text).toContain("Новенький Иван");
    expect(nov.text).not.toContain("Выбывший");
    // Alphabetical order: Алексеев, Борисова, Новенький.
    expect(nov.text.indexOf("Алексеев Артём")).toBeLessThan(nov.text.indexOf("Борисова Вера"));
    expect(nov.text.indexOf("Борисова Вера")).toBeLessThan(nov.text.indexOf("Новенький Иван"));
    const bad = await agent.get(`/setup/classes/${c(s, "5А").id}?date=2026-02-30`);
    expect(bad.status).toBe(200);
    expect(bad.text).toContain("Дата не распознана");
  });

  it("the class page shows subgroups and load to staff who may see them, not to the secretary", async () => {
    const deputy = await (await as(s.users.deputy)).get(`/setup/classes/${c(s, "5А").id}`);
    expect(deputy.text).toContain("Подгруппы");
    expect(deputy.text).toContain("Учебная нагрузка");
    expect(deputy.text).toContain("Математиков Пётр Ильич");
    const secretary = await (await as(s.users.secretary)).get(`/setup/classes/${c(s, "5А").id}`);
    expect(secretary.status).toBe(200);
    expect(secretary.text).toContain("Алексеев Артём Игоревич");
    expect(secretary.text).not.toContain("Учебная нагрузка");
    expect(secretary.text).not.toContain("Сменить классного руководителя");
  });

  it("staff with view see the list read-only", async () => {
    for (const u of [s.users.teacherMath, s.users.secretary, s.users.medic]) {
      const res = await (await as(u)).get("/setup/classes");
      expect(res.status).toBe(200);
      expect(res.text).toContain("5А");
      expect(res.text).not.toContain("Создать класс");
    }
  });

  it.each(FAMILY_ROLES)("%s may not see the classes or a class page (403)", async (who) => {
    const agent = await as(s.users[who]);
    expect((await agent.get("/setup/classes")).status).toBe(403);
    expect((await agent.get(`/setup/classes/${c(s, "5А").id}`)).status).toBe(403);
  });

  it.each(DENIED_ROLES)("%s may not create, change or delete a class; nothing changes", async (who) => {
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users[who]);
    expect((await agent.form("/setup/classes", { yearId: s.year.id, grade: "8", letter: "А" })).status).toBe(403);
    expect((await agent.form(`/setup/classes/${c(s, "5Б").id}`, { classTeacherId: s.users.teacherMath.personId })).status).toBe(403);
    expect((await agent.form(`/setup/classes/${empty.id}/delete`, {})).status).toBe(403);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });

  it("another school's class and year answer 404 and stay unchanged", async () => {
    const s = await buildSchool();
    const other = await buildSchool();
    const agent = await as(s.users.admin);
    const foreign = c(other, "5А").id;
    const before = await snapshot(other.schoolId);
    expect((await agent.get(`/setup/classes/${foreign}`)).status).toBe(404);
    expect((await agent.get(`/setup/classes/${foreign}/edit`)).status).toBe(404);
    expect((await agent.form(`/setup/classes/${foreign}`, { classTeacherId: "" })).status).toBe(404);
    expect((await agent.form(`/setup/classes/${foreign}/delete`, {})).status).toBe(404);
    expect((await agent.get(`/setup/classes/new?year=${other.year.id}`)).status).toBe(404);
    expect((await agent.form("/setup/classes", { yearId: other.year.id, grade: "8", letter: "А" })).status).toBe(404);
    expect(await snapshot(other.schoolId)).toEqual(before);
  });

  it("a closed year is read-only: creating, changing and deleting its classes is Locked (423)", async () => {
    const s = await buildSchool({ yearStatus: "CLOSED" });
    const empty = await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 9, letter: "А" } });
    const before = await snapshot(s.schoolId);
    const agent = await as(s.users.admin);
    const list = await agent.get(`/setup/classes?year=${s.year.id}`);
    expect(list.text).toContain("закрыт");
    expect(list.text).not.toContain("Создать класс");
    expect((await agent.get(`/setup/classes/new?year=${s.year.id}`)).status).toBe(423);
    expect((await agent.form("/setup/classes", { yearId: s.year.id, grade: "8", letter: "А" })).status).toBe(423);
    expect((await agent.form(`/setup/classes/${c(s, "5Б").id}`, { classTeacherId: s.users.teacherMath.personId })).status).toBe(423);
    expect((await agent.form(`/setup/classes/${empty.id}/delete`, {})).status).toBe(423);
    expect(await snapshot(s.schoolId)).toEqual(before);
  });
});
