/**
 * The journal follows the plan (R-JRN-11, R-JRN-10): a new lesson, and a lesson made from the
 * timetable without a topic, are offered the next topic of the journal's approved plan, pre-filled,
 * without JavaScript; a topic of N hours is offered to N lessons; another topic of the plan or a
 * topic of one's own can be chosen; control, practical and laboratory works of the plan set the
 * lesson's kinds of work. Every saved value is read back from the database.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { isoDate } from "../../src/lib/dates.ts";
import { as, type Agent } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { addDays, journalSchool, lessonAt, today, type JournalSchool } from "../journal/helpers.ts";
import { assignedPlan, formFields, lessonOn } from "./progress-helpers.ts";

useMidQuarterDay();

const day = (daysAgo: number) => isoDate(addDays(today(), -daysAgo));
const idOf = (location: string | undefined) => Number(/\/journal\/lessons\/(\d+)/.exec(location ?? "")![1]);

/** The plan select's chosen option and the topic field of a lesson form. */
function offered(html: string) {
  const select = /<select id="f-planItemId"[\s\S]*?<\/select>/.exec(html)?.[0] ?? "";
  const selected = /<option value="(\d*)"[^>]*selected/.exec(select)?.[1] ?? "";
  const topic = /id="f-topic" name="topic" type="text" value="([^"]*)"/.exec(html)?.[1] ?? null;
  return { hasSelect: select !== "", selected: selected ? Number(selected) : null, topic };
}

describe("the next topic of the plan (R-JRN-11)", () => {
  let s: JournalSchool;
  let teacher: Agent;
  let base: string;
  let items: Awaited<ReturnType<typeof assignedPlan>>["items"];

  beforeAll(async () => {
    s = await journalSchool();
    ({ items } = await assignedPlan(s, [
      ["Натуральные числа", 1],
      ["Сложение и вычитание", 2],
      ["Контрольная работа № 1", 1, "CONTROL"],
      ["Измерение углов", 1, "PRACTICAL"],
      ["Экскурсия в планетарий", 1, "EXCURSION"],
    ]));
    teacher = await as(s.users.teacherMath);
    base = `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
  });

  /** Opens the new-lesson form for a date and posts it back as it was offered. */
  async function acceptOffer(daysAgo: number): Promise<{ id: number; offeredId: number | null }> {
    const page = await teacher.get(`${base}/lessons/new?date=${day(daysAgo)}`);
    expect(page.status).toBe(200);
    const fields = formFields(page.text, `${base}/lessons`);
    const r = await teacher.form(`${base}/lessons`, fields);
    expect(r.status, r.text.slice(0, 400)).toBe(302);
    return { id: idOf(r.headers.location), offeredId: offered(page.text).selected };
  }

  it("offers the topics in order, a 2-hour topic to two lessons, then the next; each saved lesson is linked to its topic", async () => {
    const first = await acceptOffer(10);
    const second = await acceptOffer(9);
    const third = await acceptOffer(8);
    const fourth = await acceptOffer(7);
    expect([first.offeredId, second.offeredId, third.offeredId, fourth.offeredId]).toEqual([items[0]!.id, items[1]!.id, items[1]!.id, items[2]!.id]);
    const saved = await prisma.lesson.findMany({ where: { id: { in: [first.id, second.id, third.id] } }, orderBy: { date: "asc" } });
    expect(saved.map((l) => [l.planItemId, l.topic])).toEqual([
      [items[0]!.id, "Натуральные числа"],
      [items[1]!.id, "Сложение и вычитание"],
      [items[1]!.id, "Сложение и вычитание"],
    ]);
    // The form names the next topic and the hour of it.
    const page = await teacher.get(`${base}/lessons/new?date=${day(9)}`);
    expect(page.text).toContain("Следующая тема по КТП: №2 «Сложение и вычитание» (урок 2 из 2)");
  });

  it("a control work of the plan sets the kind of work «Контрольная работа» with the topic as the work's topic", async () => {
    const lesson = await prisma.lesson.findFirstOrThrow({ where: { planItemId: items[2]!.id }, include: { works: true } });
    expect(lesson.works.map((w) => [w.assignmentTypeId, w.topic])).toEqual([[s.types["Контрольная работа"], "Контрольная работа № 1"]]);
  });

  it("a lesson made from the timetable without a topic is offered the next topic on its page; saving the page links it", async () => {
    const made = await lessonAt(s, { daysAgo: 6, number: 3 });
    const page = await teacher.get(`/journal/lessons/${made.id}`);
    expect(offered(page.text)).toEqual({ hasSelect: true, selected: items[3]!.id, topic: "Измерение углов" });
    expect(page.text).toContain("к уроку добавляется вид работы «Практическая работа»");
    const r = await teacher.form(`/journal/lessons/${made.id}`, formFields(page.text, `/journal/lessons/${made.id}`));
    expect(r.status, r.text.slice(0, 400)).toBe(302);
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: made.id }, include: { works: true } });
    expect(lesson).toMatchObject({ planItemId: items[3]!.id, topic: "Измерение углов" });
    expect(lesson.works.map((w) => [w.assignmentTypeId, w.topic])).toEqual([[s.types["Практическая работа"], "Измерение углов"]]);
  });

  it("an excursion has no kind of work in the school: the form says so and the lesson keeps its kinds of work", async () => {
    const page = await teacher.get(`${base}/lessons/new?date=${day(5)}`);
    expect(offered(page.text).selected).toBe(items[4]!.id);
    expect(page.text).toContain("такого вида работы в школе нет");
    const r = await teacher.form(`${base}/lessons`, formFields(page.text, `${base}/lessons`));
    expect(r.status).toBe(302);
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: idOf(r.headers.location) }, include: { works: true } });
    expect(lesson).toMatchObject({ planItemId: items[4]!.id, topic: "Экскурсия в планетарий" });
    expect(lesson.works).toEqual([]);
    // Every topic is covered now.
    expect((await teacher.get(`${base}/lessons/new?date=${day(4)}`)).text).toContain("Все темы КТП уже пройдены.");
  });

  it("the offer counts only earlier lessons: a lesson before the others is offered the first topic", async () => {
    const early = await lessonAt(s, { daysAgo: 20, number: 1 });
    const page = await teacher.get(`/journal/lessons/${early.id}`);
    expect(offered(page.text).selected).toBe(items[0]!.id);
    await prisma.lesson.delete({ where: { id: early.id } });
  });
});

describe("choosing another topic (R-JRN-11)", () => {
  let s: JournalSchool;
  let teacher: Agent;
  let base: string;
  let items: Awaited<ReturnType<typeof assignedPlan>>["items"];

  beforeAll(async () => {
    s = await journalSchool();
    ({ items } = await assignedPlan(s, [
      ["Дроби", 1],
      ["Сравнение дробей", 1],
      ["Лабораторная: измерение площади", 1, "LABORATORY"],
      ["Контрольная работа по дробям", 1, "CONTROL"],
    ]));
    teacher = await as(s.users.teacherMath);
    base = `/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`;
  });

  it("another topic of the plan chosen without JavaScript replaces the pre-filled topic and kind of work", async () => {
    const page = await teacher.get(`${base}/lessons/new?date=${day(3)}`);
    const fields = formFields(page.text, `${base}/lessons`);
    expect(fields).toMatchObject({ planItemId: String(items[0]!.id), planShown: String(items[0]!.id), topic: "Дроби" });
    const r = await teacher.form(`${base}/lessons`, { ...fields, planItemId: String(items[2]!.id) });
    expect(r.status).toBe(302);
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: idOf(r.headers.location) }, include: { works: true } });
    expect(lesson).toMatchObject({ planItemId: items[2]!.id, topic: "Лабораторная: измерение площади" });
    expect(lesson.works.map((w) => [w.assignmentTypeId, w.topic])).toEqual([[s.types["Лабораторная работа"], "Лабораторная: измерение площади"]]);
    // The skipped first topic is still the next one.
    expect(offered((await teacher.get(`${base}/lessons/new?date=${day(2)}`)).text).selected).toBe(items[0]!.id);
  });

  it("a topic written by the teacher stays as written, linked to the chosen topic; «тема не из КТП» stores no link", async () => {
    const own = await teacher.form(`${base}/lessons`, {
      date: day(2),
      planItemId: String(items[1]!.id),
      planShown: String(items[0]!.id),
      topic: "Сравнение дробей с разными знаменателями",
    });
    expect(own.status).toBe(302);
    expect(await prisma.lesson.findUniqueOrThrow({ where: { id: idOf(own.headers.location) } })).toMatchObject({
      planItemId: items[1]!.id,
      topic: "Сравнение дробей с разными знаменателями",
    });
    const free = await teacher.form(`${base}/lessons`, { date: day(1), planItemId: "", planShown: String(items[0]!.id), topic: "Повторение" });
    expect(free.status).toBe(302);
    expect(await prisma.lesson.findUniqueOrThrow({ where: { id: idOf(free.headers.location) } })).toMatchObject({ planItemId: null, topic: "Повторение" });
  });

  it("a topic changed on the lesson page adds the new topic's kind of work; the pre-checked one of the first offer is dropped", async () => {
    const made = await lessonAt(s, { daysAgo: 0, number: 4 });
    const page = await teacher.get(`/journal/lessons/${made.id}`);
    const fields = formFields(page.text, `/journal/lessons/${made.id}`);
    expect(fields.planItemId).toBe(String(items[0]!.id));
    // The control work instead of the offered topic, without touching the text fields.
    const r = await teacher.form(`/journal/lessons/${made.id}`, { ...fields, planItemId: String(items[3]!.id) });
    expect(r.status).toBe(302);
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: made.id }, include: { works: true } });
    expect(lesson).toMatchObject({ planItemId: items[3]!.id, topic: "Контрольная работа по дробям" });
    expect(lesson.works.map((w) => w.assignmentTypeId)).toEqual([s.types["Контрольная работа"]]);
    // Saving the page again (homework only) keeps the link and the kinds of work.
    const again = formFields((await teacher.get(`/journal/lessons/${made.id}`)).text, `/journal/lessons/${made.id}`);
    expect(again.planItemId).toBe(String(items[3]!.id));
    expect((await teacher.form(`/journal/lessons/${made.id}`, { ...again, homework: "№ 12" })).status).toBe(302);
    const kept = await prisma.lesson.findUniqueOrThrow({ where: { id: made.id }, include: { works: true } });
    expect(kept).toMatchObject({ planItemId: items[3]!.id, homework: "№ 12" });
    expect(kept.works.map((w) => w.assignmentTypeId)).toEqual([s.types["Контрольная работа"]]);
  });

  it("a form without the plan's select leaves the lesson's link as it is", async () => {
    const linked = await lessonOn(s, 12, { planItemId: items[1]!.id, topic: "Сравнение дробей" });
    const r = await teacher.form(`/journal/lessons/${linked.id}`, { date: day(12), topic: "Сравнение дробей (продолжение)" });
    expect(r.status).toBe(302);
    expect(await prisma.lesson.findUniqueOrThrow({ where: { id: linked.id } })).toMatchObject({
      planItemId: items[1]!.id,
      topic: "Сравнение дробей (продолжение)",
    });
  });

  it("a topic of another journal's plan or a guessed id: 422 with the message beside the select, nothing saved", async () => {
    const other = await assignedPlan(s, [["Чужая тема", 1]], { cls: "5Б" });
    const before = await prisma.lesson.count({ where: { schoolId: s.schoolId } });
    for (const id of [other.items[0]!.id, 999_999_999]) {
      const r = await teacher.form(`${base}/lessons`, { date: day(1), planItemId: String(id), topic: "Попытка" });
      expect(r.status).toBe(422);
      expect(r.text).toContain("Этой темы нет в утверждённом КТП журнала");
      expect(r.text).toContain('value="Попытка"');
    }
    const bad = await teacher.form(`${base}/lessons`, { date: day(1), planItemId: "abc", topic: "Попытка" });
    expect(bad.status).toBe(422);
    expect(await prisma.lesson.count({ where: { schoolId: s.schoolId } })).toBe(before);
  });
});

describe("journals without an approved plan", () => {
  it("a draft or returned plan, or none: the form has no plan select and the topic field is empty", async () => {
    const s = await journalSchool();
    await assignedPlan(s, [["Черновая тема", 1]], { status: "RETURNED" });
    const teacher = await as(s.users.teacherMath);
    const page = await teacher.get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}/lessons/new?date=${day(1)}`);
    expect(offered(page.text)).toEqual({ hasSelect: false, selected: null, topic: "" });
    const russian = await (await as(s.users.teacherRussian)).get(`/journal/${s.classes["5А"]!.id}/${s.subjects.russian.id}/lessons/new`);
    expect(offered(russian.text).hasSelect).toBe(false);
  });

  it("a superseded plan is not the journal's plan", async () => {
    const s = await journalSchool();
    const { planId } = await assignedPlan(s, [["Старая версия", 1]]);
    await prisma.thematicPlan.update({ where: { id: planId }, data: { supersededAt: today() } });
    const page = await (await as(s.users.teacherMath)).get(`/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}/lessons/new`);
    expect(offered(page.text).hasSelect).toBe(false);
  });
});
