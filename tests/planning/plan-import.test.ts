/**
 * КТП as .xlsx: the template, the export, and the import with its preview-then-commit, all-or-nothing
 * rules (as the registers' import, R-REG-7). R-PLN-3, R-JRN-10.
 */
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { getBinary } from "../support/pdf.ts";
import { as, type Agent } from "../support/http.ts";
import { itemsOf, makePlan, planSchool, snapshot, type PlanSchool } from "./plans-support.ts";

const HEADER = ["№", "Раздел", "Тема", "Часы", "Тип урока", "Вид работы", "Примечание"];
const decode = (html: string) => html.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

async function xlsx(rows: (string | number | null)[][], header: string[] = HEADER): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("КТП");
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(agent: Agent, planId: number, data: Buffer, name = "ktp.xlsx") {
  return agent.post(`/planning/plans/${planId}/import`).field("_csrf", agent.token).attach("file", data, name);
}

async function uploadAndPreview(agent: Agent, planId: number, data: Buffer) {
  const res = await upload(agent, planId, data);
  expect(res.status).toBe(302);
  const url = res.headers.location!;
  expect(url).toMatch(new RegExp(`^/planning/plans/${planId}/import/\\d+$`));
  return { url, page: await agent.get(url) };
}

async function sheetRows(data: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

let s: PlanSchool;
let teacher: Agent;
beforeAll(async () => {
  s = await planSchool();
  teacher = await as(s.users.teacherMath);
});

describe("the .xlsx template and export", () => {
  it("the template has the columns in row 1 and a sheet of notes", async () => {
    const res = await getBinary(teacher, "/planning/plans/template.xlsx");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["КТП", "Пояснения"]);
    expect((await sheetRows(res.body as Buffer))[0]).toEqual(["№", "Раздел", "Тема*", "Часы*", "Тип урока", "Вид работы", "Примечание"]);
  });

  it("an export → import round trip changes nothing: the preview says so and writing keeps every row and id", async () => {
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId, title: "Круговой КТП" });
    await prisma.planItem.update({
      where: { planId_position: { planId: plan.id, position: 1 } },
      data: { section: "Раздел 1. Числа", lessonType: "Урок открытия новых знаний", note: "стр. 5–9" },
    });
    await prisma.planItem.update({ where: { planId_position: { planId: plan.id, position: 3 } }, data: { lessonType: "Урок развивающего контроля" } });
    const before = await itemsOf(plan.id);
    const exported = await getBinary(teacher, `/planning/plans/${plan.id}/export`);
    expect(exported.status).toBe(200);
    expect(await sheetRows(exported.body as Buffer)).toEqual([
      ["№", "Раздел", "Тема*", "Часы*", "Тип урока", "Вид работы", "Примечание"],
      [1, "Раздел 1. Числа", "Натуральные числа", 2, "Урок открытия новых знаний", undefined, "стр. 5–9"],
      [2, undefined, "Сложение и вычитание", 3],
      [3, undefined, "Контрольная работа № 1", 1, "Урок развивающего контроля", "Контрольная работа"],
    ]);
    const { url, page } = await uploadAndPreview(teacher, plan.id, exported.body as Buffer);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Новых: 0, изменённых: 0, без изменений: 3, будет удалено тем: 0");
    expect(page.text).toContain("Все строки совпадают с темами КТП");
    expect((await teacher.form(url, {})).status).toBe(302);
    expect(await itemsOf(plan.id)).toEqual(before);
    expect((await prisma.importUpload.findFirstOrThrow({ where: { id: Number(url.split("/").pop()) } })).appliedAt).not.toBeNull();
    // The same file once more: already written.
    await teacher.form(url, {});
    expect(decode((await teacher.get(url)).text)).toContain("Этот файл уже загружен");
  });
});

describe("the import: preview, then all or nothing", () => {
  it("a file with wrong rows writes nothing and lists every error by row and column, in Russian", async () => {
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId, title: "КТП с ошибками" });
    const before = await snapshot(plan.id);
    const file = await xlsx([
      [1, "Раздел", "Хорошая тема", 2, null, null, null],
      [2, null, "Часы словами", "abc", null, null, null],
      [3, null, "Ноль часов", 0, null, null, null],
      [4, null, null, 1, null, null, "тема пропущена"],
      [5, null, "Странный вид", 1, null, "Семинар", null],
      [6, null, "Полтора часа", 1.5, null, null, null],
    ]);
    const { url, page } = await uploadAndPreview(teacher, plan.id, file);
    const html = decode(page.text);
    expect(html).toContain("В файле ошибки: 5. Ничего не записано.");
    expect(html).toMatch(/<td class="num">3<\/td><td>Часы<\/td><td>Часы — целое число от 1 до 99, а не «abc»<\/td>/);
    expect(html).toMatch(/<td class="num">4<\/td><td>Часы<\/td><td>Не меньше 1 часа<\/td>/);
    expect(html).toMatch(/<td class="num">5<\/td><td>Тема<\/td><td>Заполните тему<\/td>/);
    expect(html).toMatch(/<td class="num">6<\/td><td>Вид работы<\/td><td>Неизвестный вид работы «Семинар»/);
    expect(html).toMatch(/<td class="num">7<\/td><td>Часы<\/td><td>Часы — целое число \(без дробной части\)<\/td>/);
    expect(html).not.toContain("Подтвердить и записать");
    // A crafted confirmation is refused too.
    const forced = await teacher.form(url, {});
    expect(forced.status).toBe(302);
    expect(decode((await teacher.get(forced.headers.location!)).text)).toContain("В файле есть ошибки (5): ничего не записано");
    expect(await snapshot(plan.id)).toEqual(before);
  });

  it("a file without the required columns, a file that is not .xlsx, and an empty sheet are refused", async () => {
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId, title: "КТП без столбцов" });
    const before = await snapshot(plan.id);
    const noHours = decode((await uploadAndPreview(teacher, plan.id, await xlsx([["Тема", 1]], ["Тема", "Количество"]))).page.text);
    expect(noHours).toMatch(/<td class="num">1<\/td><td>Часы<\/td><td>В первой строке нет этого столбца \(скачайте шаблон\)<\/td>/);
    const garbage = decode((await uploadAndPreview(teacher, plan.id, Buffer.from("это не таблица"))).page.text);
    expect(garbage).toContain("Файл не читается как таблица Excel (.xlsx)");
    const empty = decode((await uploadAndPreview(teacher, plan.id, await xlsx([]))).page.text);
    expect(empty).toContain("В файле нет ни одной строки с данными");
    const csv = await upload(teacher, plan.id, Buffer.from("a;b"), "ktp.csv");
    expect(csv.status).toBe(422);
    expect(decode(csv.text)).toContain("Нужен файл Excel в формате .xlsx");
    expect(await snapshot(plan.id)).toEqual(before);
  });

  it("a changed file replaces the topics after confirmation; topics at the same position keep their id", async () => {
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId, title: "КТП для замены" });
    const old = await itemsOf(plan.id);
    const file = await xlsx([
      [1, "Глава 1", "Натуральные числа", 2, null, null, null],
      [2, null, "Сложение, вычитание и умножение", 4, null, "практическая работа", null],
      [3, null, "Лабораторная работа: измерения", 1, null, "Л/Р", "с линейкой"],
      [4, null, "Экскурсия в музей математики", 1, null, "Экскурсия", null],
    ]);
    const { url, page } = await uploadAndPreview(teacher, plan.id, file);
    expect(page.text).toContain("Новых: 1, изменённых: 3, без изменений: 0, будет удалено тем: 0");
    expect(await itemsOf(plan.id)).toEqual(old); // nothing written by the preview
    expect((await teacher.form(url, {})).status).toBe(302);
    const now = await itemsOf(plan.id);
    expect(now.map((i) => [i.position, i.section, i.topic, i.hours, i.workKind, i.note])).toEqual([
      [1, "Глава 1", "Натуральные числа", 2, null, null],
      [2, null, "Сложение, вычитание и умножение", 4, "PRACTICAL", null],
      [3, null, "Лабораторная работа: измерения", 1, "LABORATORY", "с линейкой"],
      [4, null, "Экскурсия в музей математики", 1, "EXCURSION", null],
    ]);
    expect(now.slice(0, 3).map((i) => i.id)).toEqual(old.map((i) => i.id));
    const log = await prisma.auditLog.findFirstOrThrow({
      where: { schoolId: s.schoolId, entity: "thematic-plan", entityId: String(plan.id), action: "import" },
    });
    expect(log.newValue).toMatchObject({ topics: 4, added: 1, changed: 3, removed: 0 });
  });

  it("another teacher's plan and an approved plan take no file (404, 423); someone else's upload is a 404", async () => {
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId, title: "Чужой для импорта" });
    const file = await xlsx([[1, null, "Тема", 1, null, null, null]]);
    const other = await as(s.users.teacherRussian);
    expect((await upload(other, plan.id, file)).status).toBe(404);
    const { url } = await uploadAndPreview(teacher, plan.id, file);
    expect((await other.get(url)).status).toBe(404);
    expect((await other.form(url, {})).status).toBe(404);
    const approved = await makePlan(s, { authorId: s.users.teacherMath.personId, status: "APPROVED", title: "Утверждённый для импорта" });
    const before = await snapshot(approved.id);
    expect((await upload(teacher, approved.id, file)).status).toBe(423);
    expect(await snapshot(approved.id)).toEqual(before);
  });

  it("a plan of 200 topics: upload and preview within a second", async () => {
    const plan = await makePlan(s, { authorId: s.users.teacherMath.personId, title: "Большой КТП" }, []);
    const rows = Array.from({ length: 200 }, (_, i) => [
      i + 1,
      i % 20 === 0 ? `Раздел ${i / 20 + 1}` : null,
      `Тема ${i + 1}. Решение задач по теме раздела`,
      1,
      "Комбинированный урок",
      i % 10 === 9 ? "Контрольная работа" : null,
      null,
    ]);
    const file = await xlsx(rows);
    const started = performance.now();
    const { url, page } = await uploadAndPreview(teacher, plan.id, file);
    const ms = performance.now() - started;
    expect(page.text).toContain("Новых: 200, изменённых: 0, без изменений: 0");
    console.log(`КТП 200 rows: upload + preview ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1000);
    expect((await teacher.form(url, {})).status).toBe(302);
    const items = await itemsOf(plan.id);
    expect(items.length).toBe(200);
    expect(items.filter((i) => i.workKind === "CONTROL").length).toBe(20);
  });
});
