/**
 * Calendar-thematic plans (КТП): the library, copy, adjust, assign; hours against the curriculum;
 * review and versions; access. R-PLN-3, R-JRN-10, R-JRN-11.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { countStudyDays, weeksOf } from "../../src/modules/planning/planning.hours.ts";
import { parsePasted } from "../../src/modules/planning/plans.rows.ts";
import { d } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";
import { itemsOf, makePlan, planSchool, snapshot, tableBody, type PlanSchool } from "./plans-support.ts";

const decode = (html: string) => html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
const planIdOf = (location: string | undefined) => Number(/\/planning\/plans\/(\d+)/.exec(location ?? "")?.[1]);

describe("study weeks of a grade (planning.hours.ts)", () => {
  it("counts the days of the periods on the school days of the week, without holidays, and rounds to whole weeks", () => {
    const periods = [
      { startDate: d("2026-09-01"), endDate: d("2026-10-25") },
      { startDate: d("2026-11-05"), endDate: d("2026-12-28") },
      { startDate: d("2027-01-12"), endDate: d("2027-03-21") },
      { startDate: d("2027-04-01"), endDate: d("2027-05-31") },
    ];
    // Hand count on a six-day week: 47 + 46 + 59 + 52 = 204 days; a five-day week: 39 + 39 + 49 + 42 = 169.
    expect(countStudyDays(periods, [], 6)).toBe(204);
    expect(countStudyDays(periods, [], 5)).toBe(169);
    expect(weeksOf(204, 6)).toBe(34);
    expect(weeksOf(169, 5)).toBe(34); // 33.8
    const holiday = [{ startDate: d("2027-02-15"), endDate: d("2027-02-21") }];
    expect(countStudyDays(periods, holiday, 6)).toBe(198);
    expect(weeksOf(198, 6)).toBe(33);
  });
});

describe("«Создать КТП», copy of a template, the topics table, journals (R-PLN-3)", () => {
  let s: PlanSchool;
  let templateId: number;
  beforeAll(async () => {
    s = await planSchool();
  });

  it("the deputy keeps the library: a template without a year, filled by pasting from a spreadsheet", async () => {
    const deputy = await as(s.users.deputy);
    const res = await deputy.form("/planning/plans", { kind: "template", subjectId: s.subjects.math.id, grade: 5, title: "Математика 5 (базовый)" });
    expect(res.status).toBe(302);
    templateId = planIdOf(res.headers.location);
    const paste = [
      "№\tРаздел\tТема\tЧасы\tТип урока\tВид работы\tПримечание",
      "1\tНатуральные числа\tЧтение и запись чисел\t2\t\t\t",
      "2\t\tСравнение чисел\t1\t\t\t",
      "3\t\tКонтрольная работа № 1\t1\tУрок развивающего контроля\tКонтрольная работа\t",
    ].join("\n");
    const pasted = await deputy.form(`/planning/plans/${templateId}/paste`, { paste, mode: "append" });
    expect(pasted.status).toBe(302);
    const t = await prisma.thematicPlan.findUniqueOrThrow({ where: { id: templateId } });
    expect(t).toMatchObject({ isTemplate: true, yearId: null, authorId: s.users.deputy.personId, status: "DRAFT" });
    expect((await itemsOf(templateId)).map((i) => [i.section, i.topic, i.hours, i.workKind])).toEqual([
      ["Натуральные числа", "Чтение и запись чисел", 2, null],
      [null, "Сравнение чисел", 1, null],
      [null, "Контрольная работа № 1", 1, "CONTROL"],
    ]);
    const library = await (await as(s.users.teacherMath)).get("/planning/plans?tab=library");
    expect(library.text).toContain("Математика 5 (базовый)");
    expect(library.text).toContain("Завучева Зоя Ивановна"); // the author is named
  });

  it("a teacher cannot add a template to the library (403), nor plan a subject outside the own load (422)", async () => {
    const teacher = await as(s.users.teacherMath);
    const before = await prisma.thematicPlan.count({ where: { schoolId: s.schoolId } });
    expect((await teacher.form("/planning/plans", { kind: "template", subjectId: s.subjects.math.id, grade: 5 })).status).toBe(403);
    const other = await teacher.form("/planning/plans", { kind: "plan", yearId: s.year.id, subjectId: s.subjects.russian.id, grade: 5 });
    expect(other.status).toBe(422);
    expect(decode(other.text)).toContain("Вы не ведёте «Русский язык» в 5 классе в 2026/2027");
    expect(await prisma.thematicPlan.count({ where: { schoolId: s.schoolId } })).toBe(before);
  });

  it("the teacher copies the template, adjusts the topics in the table and assigns the plan to 5А and 5Б", async () => {
    const teacher = await as(s.users.teacherMath);
    const res = await teacher.form("/planning/plans", {
      kind: "plan",
      yearId: s.year.id,
      subjectId: s.subjects.math.id,
      grade: 5,
      fromId: templateId,
      title: "",
    });
    expect(res.status).toBe(302);
    const id = planIdOf(res.headers.location);
    const plan = await prisma.thematicPlan.findUniqueOrThrow({ where: { id } });
    expect(plan).toMatchObject({ authorId: s.users.teacherMath.personId, copiedFromId: templateId, yearId: s.year.id, isTemplate: false, status: "DRAFT" });
    const copied = await itemsOf(id);
    expect(copied.map((i) => i.topic)).toEqual(["Чтение и запись чисел", "Сравнение чисел", "Контрольная работа № 1"]);

    // Move «Контрольная работа» up, change hours of the first row, add a practical work at the end.
    const rows = copied.map((i) => ({
      id: i.id,
      section: i.section ?? "",
      topic: i.topic,
      hours: String(i.hours),
      lessonType: i.lessonType ?? "",
      workKind: i.workKind ?? "",
    }));
    rows[0]!.hours = "3";
    const moved = await teacher.form(
      `/planning/plans/${id}/items`,
      tableBody([...rows, { topic: "Практическая работа: шкалы", hours: "1", workKind: "PRACTICAL" }, {}], "up:3"),
    );
    expect(moved.status).toBe(302);
    const after = await itemsOf(id);
    expect(after.map((i) => [i.position, i.topic, i.hours, i.workKind])).toEqual([
      [1, "Чтение и запись чисел", 3, null],
      [2, "Контрольная работа № 1", 1, "CONTROL"],
      [3, "Сравнение чисел", 1, null],
      [4, "Практическая работа: шкалы", 1, "PRACTICAL"],
    ]);
    // Stored topics keep their ids (lessons linked to them stay linked); the template is untouched.
    expect(after[0]!.id).toBe(copied[0]!.id);
    expect(after[1]!.id).toBe(copied[2]!.id);
    expect((await itemsOf(templateId)).map((i) => i.hours)).toEqual([2, 1, 1]);

    // Delete row 3; a lesson given on it loses the link (its own topic text stays).
    const now = await itemsOf(id);
    const lesson = await prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: s.classes["5А"]!.id,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        date: d("2026-12-02"),
        topic: now[2]!.topic,
        planItemId: now[2]!.id,
      },
    });
    const del = await teacher.form(
      `/planning/plans/${id}/items`,
      tableBody(
        now.map((i) => ({ id: i.id, section: i.section ?? "", topic: i.topic, hours: String(i.hours), workKind: i.workKind ?? "" })),
        "delete:3",
      ),
    );
    expect(del.status).toBe(302);
    expect((await itemsOf(id)).map((i) => i.topic)).toEqual(["Чтение и запись чисел", "Контрольная работа № 1", "Практическая работа: шкалы"]);
    expect(await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).toMatchObject({ planItemId: null, topic: "Сравнение чисел" });

    // «Вставить строку ниже» of row 1: saved, then the table opens with a blank row 2; filling it puts the topic there.
    const kept = (await itemsOf(id)).map((i) => ({ id: i.id, section: i.section ?? "", topic: i.topic, hours: String(i.hours), workKind: i.workKind ?? "" }));
    const insert = await teacher.form(`/planning/plans/${id}/items`, tableBody(kept, "insert:1"));
    expect(insert.headers.location).toBe(`/planning/plans/${id}/items?after=1#row-2`);
    const table = (await teacher.get(`/planning/plans/${id}/items?after=1`)).text;
    expect(table).toMatch(/<tr id="row-2" class="plan-new-row">/);
    expect(table).toContain(`name="id_3" value="${kept[1]!.id}"`);
    await teacher.form(`/planning/plans/${id}/items`, tableBody([kept[0]!, { topic: "Шкалы и координаты", hours: "2" }, ...kept.slice(1)]));
    expect((await itemsOf(id)).map((i) => i.topic)).toEqual([
      "Чтение и запись чисел",
      "Шкалы и координаты",
      "Контрольная работа № 1",
      "Практическая работа: шкалы",
    ]);

    // Assign to both own classes.
    const assign = await teacher.form(`/planning/plans/${id}/assignments`, { journals: [`${s.classes["5А"]!.id}:0`, `${s.classes["5Б"]!.id}:0`] });
    expect(assign.status).toBe(302);
    const a = await prisma.planAssignment.findMany({ where: { planId: id }, orderBy: { classId: "asc" } });
    expect(a.map((x) => [x.classId, x.subgroupId, x.subjectId, x.yearId])).toEqual(
      [s.classes["5А"]!.id, s.classes["5Б"]!.id].sort((x, y) => x - y).map((c) => [c, 0, s.subjects.math.id, s.year.id]),
    );
    // The plan page names the author and the classes.
    const page = await teacher.get(`/planning/plans/${id}`);
    expect(page.text).toContain("Математиков Пётр Ильич");
    expect(page.text).toMatch(/5А<\/a>, <a [^>]+>5Б<\/a>/);
  });

  it("a journal outside the teacher's load is refused (422) and nothing is assigned", async () => {
    const teacher = await as(s.users.teacherMath);
    const plan = await prisma.thematicPlan.findFirstOrThrow({ where: { schoolId: s.schoolId, authorId: s.users.teacherMath.personId } });
    const before = await snapshot(plan.id);
    const res = await teacher.form(`/planning/plans/${plan.id}/assignments`, { journals: [`${s.classes["5А"]!.id}:0`, `${s.classes["5А"]!.id}:77`] });
    expect(res.status).toBe(422);
    expect(decode(res.text)).toContain("Выберите журнал из списка");
    expect(await snapshot(plan.id)).toEqual(before);
  });

  it("bad rows (hours «abc», 0, an empty topic) are refused with Russian messages beside the fields, values kept, nothing saved", async () => {
    const teacher = await as(s.users.teacherMath);
    const plan = await prisma.thematicPlan.findFirstOrThrow({ where: { schoolId: s.schoolId, authorId: s.users.teacherMath.personId } });
    const before = await snapshot(plan.id);
    const items = await itemsOf(plan.id);
    const res = await teacher.form(
      `/planning/plans/${plan.id}/items`,
      tableBody([
        { id: items[0]!.id, topic: "Чтение и запись чисел", hours: "abc" },
        { id: items[1]!.id, topic: "Контрольная работа № 1", hours: "0", workKind: "CONTROL" },
        { id: items[2]!.id, topic: "", hours: "1", note: "примечание остаётся" },
        { topic: "Новая тема", hours: "2", workKind: "НЕЧТО" },
      ]),
    );
    expect(res.status).toBe(422);
    const html = decode(res.text);
    expect(html).toContain("Исправьте выделенные строки: ничего не сохранено");
    expect(html).toMatch(/id="hours-1-error">Часы — целое число от 1 до 99, а не «abc»</);
    expect(html).toMatch(/id="hours-2-error">Не меньше 1 часа</);
    expect(html).toMatch(/id="topic-3-error">Заполните тему</);
    expect(html).toMatch(/id="workKind-4-error">Неизвестный вид работы «НЕЧТО»/);
    expect(html).toContain('name="hours_1" id="hours-1" value="abc"');
    expect(html).toContain('value="примечание остаётся"');
    expect(html).toContain('name="topic_4" id="topic-4" value="Новая тема"');
    expect(await snapshot(plan.id)).toEqual(before);
  });

  it("pasted text with a wrong line adds nothing and lists the line", async () => {
    const teacher = await as(s.users.teacherMath);
    const plan = await prisma.thematicPlan.findFirstOrThrow({ where: { schoolId: s.schoolId, authorId: s.users.teacherMath.personId } });
    const before = await snapshot(plan.id);
    const res = await teacher.form(`/planning/plans/${plan.id}/paste`, { paste: "Тема А\t2\nТема Б\tдва", mode: "append" });
    expect(res.status).toBe(422);
    expect(decode(res.text)).toContain("Строка 2, «Часы»: Часы — целое число от 1 до 99, а не «два»");
    expect(decode(res.text)).toContain("Тема Б\tдва");
    expect(await snapshot(plan.id)).toEqual(before);
    expect(parsePasted("Тема А\t2\nТема Б\t3")).toEqual({
      ok: true,
      items: [
        { section: null, topic: "Тема А", hours: 2, lessonType: null, workKind: null, note: null },
        { section: null, topic: "Тема Б", hours: 3, lessonType: null, workKind: null, note: null },
      ],
    });
  });
});

describe("hours of a plan against the curriculum (R-JRN-11)", () => {
  it("shows «по плану 161 ч, в учебном плане 5 ч × 33 нед. = 165 ч» and «не хватает 4 ч»; without a curriculum row says so", async () => {
    const s = await planSchool();
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId }, [
      ["Натуральные числа", 80],
      ["Дроби", 80],
      ["Итоговая контрольная работа", 1],
    ]);
    const teacher = await as(s.users.teacherMath);
    const page = decode((await teacher.get(`/planning/plans/${plan.id}`)).text);
    expect(page).toContain("по плану 161 ч, в учебном плане 5 ч × 33 нед. = 165 ч");
    expect(page).toContain("не хватает 4 ч");
    // Five more hours: one over.
    await prisma.planItem.update({ where: { planId_position: { planId: plan.id, position: 3 } }, data: { hours: 6 } });
    expect(decode((await teacher.get(`/planning/plans/${plan.id}`)).text)).toContain("лишние 1 ч");
    await prisma.planItem.update({ where: { planId_position: { planId: plan.id, position: 3 } }, data: { hours: 5 } });
    expect(decode((await teacher.get(`/planning/plans/${plan.id}`)).text)).toContain("часы совпадают");
    // Русский язык has no row in the grade's curriculum.
    const russian = await makePlan(s, { authorId: s.users.teacherRussian.personId, subjectId: s.subjects.russian.id, title: "Русский язык, 5 класс" });
    const rPage = decode((await (await as(s.users.teacherRussian)).get(`/planning/plans/${russian.id}`)).text);
    expect(rPage).toContain("по плану 6 ч");
    expect(rPage).toContain("в учебном плане 2026/2027 нет этого предмета для этой параллели — сверить часы не с чем");
    // The list shows the same difference.
    const list = decode((await teacher.get("/planning/plans?tab=all")).text);
    expect(list).toContain("в учебном плане 5 ч × 33 нед. = 165 ч");
  });
});

describe("review and versions (R-PLN-3)", () => {
  let s: PlanSchool;
  let v1: number;
  beforeAll(async () => {
    s = await planSchool();
    v1 = (await makePlan(s, { authorId: s.users.teacherMath.personId })).id;
    await prisma.planAssignment.create({
      data: { schoolId: s.schoolId, planId: v1, yearId: s.year.id, classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id },
    });
  });

  it("the teacher submits; the reviewers are told; a teacher cannot approve (403, nothing changed)", async () => {
    const teacher = await as(s.users.teacherMath);
    expect((await teacher.form(`/planning/plans/${v1}/submit`, {})).status).toBe(302);
    const plan = await prisma.thematicPlan.findUniqueOrThrow({ where: { id: v1 } });
    expect(plan.status).toBe("SUBMITTED");
    expect(plan.submittedAt).not.toBeNull();
    const told = await prisma.notification.findMany({ where: { schoolId: s.schoolId, link: `/planning/plans/${v1}` } });
    expect(new Set(told.map((n) => n.userId))).toEqual(new Set([s.users.admin.userId, s.users.deputy.userId]));
    expect(told.every((n) => n.kind === "REMARK" && n.title.startsWith("КТП на утверждение"))).toBe(true);
    const before = await snapshot(v1);
    expect((await teacher.form(`/planning/plans/${v1}/approve`, {})).status).toBe(403);
    // Submitted: the topics are locked too until the plan is withdrawn.
    const items = await itemsOf(v1);
    expect((await teacher.form(`/planning/plans/${v1}/items`, tableBody(items.map((i) => ({ id: i.id, topic: "другая", hours: "1" }))))).status).toBe(423);
    expect(await snapshot(v1)).toEqual(before);
  });

  it("the deputy returns it only with a comment, which the author then sees and is told", async () => {
    const deputy = await as(s.users.deputy);
    const empty = await deputy.form(`/planning/plans/${v1}/return`, { comment: "  " });
    expect(empty.status).toBe(422);
    expect(decode(empty.text)).toContain("Напишите, что нужно исправить: автор увидит этот комментарий");
    expect((await prisma.thematicPlan.findUniqueOrThrow({ where: { id: v1 } })).status).toBe("SUBMITTED");
    const res = await deputy.form(`/planning/plans/${v1}/return`, { comment: "Добавьте контрольную работу за полугодие" });
    expect(res.status).toBe(302);
    const plan = await prisma.thematicPlan.findUniqueOrThrow({ where: { id: v1 } });
    expect(plan).toMatchObject({ status: "RETURNED", reviewComment: "Добавьте контрольную работу за полугодие", reviewedById: s.users.deputy.personId });
    const page = decode((await (await as(s.users.teacherMath)).get(`/planning/plans/${v1}`)).text);
    expect(page).toContain("Возвращён на доработку: Завучева Зоя Ивановна");
    expect(page).toContain("Добавьте контрольную работу за полугодие");
    const note = await prisma.notification.findFirstOrThrow({ where: { userId: s.users.teacherMath.userId, link: `/planning/plans/${v1}` } });
    expect(note.title).toContain("КТП возвращён на доработку");
    expect(note.body).toContain("Добавьте контрольную работу за полугодие");
  });

  it("approved after the fix: locked (423, nothing changed); a change is a new version", async () => {
    const teacher = await as(s.users.teacherMath);
    const items = await itemsOf(v1);
    const rows = items.map((i) => ({ id: i.id, topic: i.topic, hours: String(i.hours), workKind: i.workKind ?? "" }));
    await teacher.form(`/planning/plans/${v1}/items`, tableBody([...rows, { topic: "Контрольная работа за полугодие", hours: "1", workKind: "CONTROL" }]));
    await teacher.form(`/planning/plans/${v1}/submit`, {});
    const deputy = await as(s.users.deputy);
    expect((await deputy.form(`/planning/plans/${v1}/approve`, { comment: "" })).status).toBe(302);
    const approved = await prisma.thematicPlan.findUniqueOrThrow({ where: { id: v1 } });
    expect(approved).toMatchObject({ status: "APPROVED", reviewedById: s.users.deputy.personId, supersededAt: null });
    expect((await prisma.notification.findFirstOrThrow({ where: { userId: s.users.teacherMath.userId, title: { startsWith: "КТП утверждён" } } })).link).toBe(
      `/planning/plans/${v1}`,
    );

    const before = await snapshot(v1);
    const now = await itemsOf(v1);
    expect((await teacher.form(`/planning/plans/${v1}/items`, tableBody(now.map((i) => ({ id: i.id, topic: "другая", hours: "9" }))))).status).toBe(423);
    expect((await teacher.form(`/planning/plans/${v1}/settings`, { title: "Другое" })).status).toBe(423);
    expect((await teacher.form(`/planning/plans/${v1}/delete`, {})).status).toBe(423);
    expect((await deputy.form(`/planning/plans/${v1}/items`, tableBody(now.map((i) => ({ id: i.id, topic: "другая", hours: "9" }))))).status).toBe(423);
    expect(await snapshot(v1)).toEqual(before);
  });

  it("version 2: assignments stay with version 1 until version 2 is approved, then move; lessons follow the same topics; history kept", async () => {
    const teacher = await as(s.users.teacherMath);
    const old = await itemsOf(v1);
    // A lesson given on the second topic of version 1.
    const lesson = await prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: s.classes["5А"]!.id,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        date: d("2026-12-01"),
        number: 1,
        topic: old[1]!.topic,
        planItemId: old[1]!.id,
      },
    });
    const res = await teacher.form(`/planning/plans/${v1}/version`, {});
    expect(res.status).toBe(302);
    const v2 = planIdOf(res.headers.location);
    expect(v2).not.toBe(v1);
    expect(await prisma.thematicPlan.findUniqueOrThrow({ where: { id: v2 } })).toMatchObject({
      version: 2,
      previousId: v1,
      status: "DRAFT",
      authorId: s.users.teacherMath.personId,
    });
    // Pressing again opens the same new version.
    expect(planIdOf((await teacher.form(`/planning/plans/${v1}/version`, {})).headers.location)).toBe(v2);
    expect((await itemsOf(v2)).map((i) => i.topic)).toEqual(old.map((i) => i.topic));

    // Version 2: a new first topic; the rest shifts down.
    const rows = (await itemsOf(v2)).map((i) => ({ id: i.id, topic: i.topic, hours: String(i.hours), workKind: i.workKind ?? "" }));
    await teacher.form(`/planning/plans/${v2}/items`, tableBody([{ topic: "Повторение курса 4 класса", hours: "2" }, ...rows]));
    await teacher.form(`/planning/plans/${v2}/submit`, {});
    expect((await prisma.planAssignment.findMany({ where: { planId: v1 } })).length).toBe(1);
    expect(await prisma.planAssignment.count({ where: { planId: v2 } })).toBe(0);

    // The author may not approve the own plan; a reviewer does.
    expect((await (await as(s.users.admin)).form(`/planning/plans/${v2}/approve`, {})).status).toBe(302);
    const [p1, p2] = await Promise.all([
      prisma.thematicPlan.findUniqueOrThrow({ where: { id: v1 } }),
      prisma.thematicPlan.findUniqueOrThrow({ where: { id: v2 } }),
    ]);
    expect(p1.supersededAt).not.toBeNull();
    expect(p1.status).toBe("APPROVED");
    expect(p2.status).toBe("APPROVED");
    expect((await prisma.planAssignment.findMany({ where: { planId: v2 } })).map((a) => a.classId)).toEqual([s.classes["5А"]!.id]);
    expect(await prisma.planAssignment.count({ where: { planId: v1 } })).toBe(0);
    const v2Items = await itemsOf(v2);
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } })).planItemId).toBe(v2Items.find((i) => i.topic === old[1]!.topic)!.id);
    // The old version is history: unchanged and not deletable; both are on the history page.
    expect((await teacher.form(`/planning/plans/${v1}/delete`, {})).status).toBe(423);
    expect((await itemsOf(v1)).map((i) => i.topic)).toEqual(old.map((i) => i.topic));
    const history = decode((await teacher.get(`/planning/plans/${v2}/history`)).text);
    expect(history).toContain(`href="/planning/plans/${v1}">версия 1</a>`);
    expect(history).toContain(`href="/planning/plans/${v2}">версия 2</a>`);
    expect(history).toContain("возвращён на доработку");
    expect(history).toContain("Добавьте контрольную работу за полугодие");
  });
});

describe("access: authors, reviewers and other teachers (R-PLN-3)", () => {
  let s: PlanSchool;
  beforeAll(async () => {
    s = await planSchool();
  });

  it("a deputy never approves the own plan (403, still submitted); another reviewer may", async () => {
    const own = await makePlan(s, { authorId: s.users.deputy.personId, status: "SUBMITTED", title: "КТП заместителя" });
    const deputy = await as(s.users.deputy);
    const before = await snapshot(own.id);
    const res = await deputy.form(`/planning/plans/${own.id}/approve`, {});
    expect(res.status).toBe(403);
    expect(decode(res.text)).toContain("Свой КТП утверждает другой сотрудник");
    expect((await deputy.form(`/planning/plans/${own.id}/return`, { comment: "сам себе" })).status).toBe(403);
    expect(await snapshot(own.id)).toEqual(before);
    expect(decode((await deputy.get(`/planning/plans/${own.id}`)).text)).not.toContain('formaction="/planning/plans/');
    expect((await (await as(s.users.admin)).form(`/planning/plans/${own.id}/approve`, {})).status).toBe(302);
    expect((await prisma.thematicPlan.findUniqueOrThrow({ where: { id: own.id } })).reviewedById).toBe(s.users.admin.personId);
  });

  it("a teacher sees a colleague's plan but cannot change it: every crafted POST is a 404 and nothing changes", async () => {
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId });
    const other = await as(s.users.teacherRussian);
    expect((await other.get(`/planning/plans/${plan.id}`)).status).toBe(200);
    const page = decode((await other.get(`/planning/plans/${plan.id}`)).text);
    expect(page).not.toContain(`/planning/plans/${plan.id}/items"`);
    const before = await snapshot(plan.id);
    const items = await itemsOf(plan.id);
    const posts: [string, Record<string, unknown>][] = [
      [`/planning/plans/${plan.id}/items`, tableBody(items.map((i) => ({ id: i.id, topic: "чужая", hours: "1" })))],
      [`/planning/plans/${plan.id}/paste`, { paste: "чужая\t1", mode: "replace" }],
      [`/planning/plans/${plan.id}/settings`, { title: "Чужое" }],
      [`/planning/plans/${plan.id}/submit`, {}],
      [`/planning/plans/${plan.id}/delete`, {}],
      [`/planning/plans/${plan.id}/assignments`, { journals: [`${s.classes["5А"]!.id}:0`] }],
    ];
    for (const [url, body] of posts) expect([url, (await other.form(url, body)).status]).toEqual([url, 404]);
    expect((await other.get(`/planning/plans/${plan.id}/items`)).status).toBe(404);
    expect(await snapshot(plan.id)).toEqual(before);
  });

  it("guessed ids and another school's plan are 404; families and the secretary have no КТП (403)", async () => {
    const teacher = await as(s.users.teacherMath);
    for (const url of ["/planning/plans/999999", "/planning/plans/999999/items", "/planning/plans/abc", "/planning/plans/999999/export"])
      expect([url, (await teacher.get(url)).status]).toEqual([url, 404]);
    expect((await teacher.form("/planning/plans/999999/submit", {})).status).toBe(404);
    expect((await teacher.form("/planning/plans", { kind: "plan", yearId: s.year.id, subjectId: s.subjects.math.id, grade: 5, fromId: 999999 })).status).toBe(
      404,
    );
    const elsewhere = await planSchool();
    const foreign = await makePlan(elsewhere, { authorId: elsewhere.users.teacherMath.personId });
    const before = await snapshot(foreign.id);
    expect((await teacher.get(`/planning/plans/${foreign.id}`)).status).toBe(404);
    expect((await (await as(s.users.deputy)).form(`/planning/plans/${foreign.id}/approve`, {})).status).toBe(404);
    expect((await (await as(s.users.admin)).form(`/planning/plans/${foreign.id}/delete`, {})).status).toBe(404);
    expect(await snapshot(foreign.id)).toEqual(before);
    for (const who of [s.users.parentAlekseev, s.users.studentA1, s.users.secretary]) expect((await (await as(who)).get("/planning/plans")).status).toBe(403);
  });

  it("the deputy's list names the journals of the year without an approved plan", async () => {
    const approved = await makePlan(s, { authorId: s.users.teacherMath.personId, status: "APPROVED", title: "Утверждённая математика" });
    await prisma.planAssignment.create({
      data: { schoolId: s.schoolId, planId: approved.id, yearId: s.year.id, classId: s.classes["5А"]!.id, subjectId: s.subjects.math.id },
    });
    const page = decode((await (await as(s.users.deputy)).get(`/planning/plans/missing?year=${s.year.id}`)).text);
    // 5 journals in the load: math 5А/5Б, russian 5А/5Б, english 5А; one has an approved plan.
    expect(page).toContain("Журналов в нагрузке: 5, с утверждённым КТП: 1, без утверждённого: <strong>4</strong>");
    expect(page).not.toMatch(/<td>5А<\/td>\s*<td>Математика<\/td>/);
    expect(page).toMatch(/<td>5Б<\/td>\s*<td>Математика<\/td>\s*<td>Математиков Пётр Ильич<\/td>/);
    expect(page).toMatch(/<td>5А<\/td>\s*<td>Английский язык<\/td>/);
    expect((await (await as(s.users.teacherMath)).get("/planning/plans/missing")).status).toBe(403);
  });
});

describe("the pages are valid HTML (html-validate, as the e2e accessibility run checks them)", () => {
  it("lists, the plan, its topics table (also with errors), «Создать КТП», history and the deputy's list", async () => {
    const s = await planSchool();
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId, status: "SUBMITTED" });
    await prisma.planItem.update({
      where: { planId_position: { planId: plan.id, position: 1 } },
      data: { section: "Раздел 1", lessonType: "Комбинированный урок", note: "стр. 5" },
    });
    const draft = await makePlan(s, { authorId: s.users.teacherMath.personId, title: "Черновик" });
    const template = await makePlan(s, { authorId: s.users.deputy.personId, isTemplate: true, title: "Шаблон" });
    const teacher = await as(s.users.teacherMath);
    const deputy = await as(s.users.deputy);
    const items = await itemsOf(draft.id);
    const rejected = await teacher.form(
      `/planning/plans/${draft.id}/items`,
      tableBody([
        { id: items[0]!.id, topic: "", hours: "abc" },
        { topic: "x", hours: "0" },
      ]),
    );
    const pasteRejected = await teacher.form(`/planning/plans/${draft.id}/paste`, { paste: "a\tb\nc\td", mode: "replace" });
    const pages: [string, string][] = [
      ["mine", (await teacher.get("/planning/plans?tab=mine")).text],
      ["library", (await deputy.get("/planning/plans?tab=library")).text],
      ["missing", (await deputy.get("/planning/plans/missing")).text],
      ["new", (await deputy.get(`/planning/plans/new?from=${template.id}&kind=template`)).text],
      ["plan-review", (await deputy.get(`/planning/plans/${plan.id}`)).text],
      ["plan-draft", (await teacher.get(`/planning/plans/${draft.id}`)).text],
      ["items-rejected", rejected.text],
      ["paste-rejected", pasteRejected.text],
      ["history", (await teacher.get(`/planning/plans/${plan.id}/history`)).text],
    ];
    expect(rejected.status).toBe(422);
    expect(pasteRejected.status).toBe(422);
    for (const [name, html] of pages) expect([name, await htmlProblems(html)]).toEqual([name, []]);
  });
});
