/**
 * КТП as .xlsx (R-PLN-3): the template, the export and the import share one layout — a sheet
 * «КТП» with the columns №, Раздел, Тема, Часы, Тип урока, Вид работы, Примечание in row 1 — so an
 * exported plan imports back unchanged. The import follows the registers' rules (src/modules/imports):
 * the upload is kept (ImportUpload, kind «ktp:<plan id>», the uploader's own), checked row by row
 * with Russian messages (row, column, what is wrong) and shown as a preview; nothing is written
 * until the whole file is valid and the user confirms; then the file is checked again and written
 * in one transaction, replacing the plan's topics (topics at the same position keep their id, so
 * lessons linked to them stay linked). The registers' sheet helpers are typed for people and
 * classes, not exported by their service, so this file reads and writes its own simple sheet.
 */
import ExcelJS from "exceljs";
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma } from "../../lib/db.ts";
import { isoDate } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { lockEditable, writeItems, type ItemsChange } from "./plans.edit.ts";
import { compareHours, yearHoursIndex } from "./planning.hours.ts";
import { assertContentEditable, inEditScope } from "./plans.policy.ts";
import { MAX_ITEMS, checkRow, isBlank, rawOf, sameItem, totalOf, type ItemInput, type RawRow, type RowField } from "./plans.rows.ts";
import { findPlan, planHeads } from "./plans.service.ts";
import { COLUMN_TITLES, LESSON_TYPES, TEXT, WORK_KINDS, WORK_KIND_NAMES, hoursSummary } from "./plans.text.ts";

type ColumnKey = "no" | RowField;
const COLUMNS: readonly { key: ColumnKey; width: number; required?: boolean }[] = [
  { key: "no", width: 6 },
  { key: "section", width: 32 },
  { key: "topic", width: 60, required: true },
  { key: "hours", width: 8, required: true },
  { key: "lessonType", width: 34 },
  { key: "workKind", width: 24 },
  { key: "note", width: 32 },
];
const SHEET = "КТП";

export interface RowError {
  row: number;
  column: string;
  message: string;
}

const norm = (s: string) => s.toLocaleLowerCase("ru").replaceAll("ё", "е").replace(/\*/g, "").replace(/\s+/g, " ").trim();

/** A cell as text, as a person reads it: rich text joined, a formula's result, a date as ГГГГ-ММ-ДД. */
function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Date) return isoDate(v);
  if (typeof v === "object") {
    if ("richText" in v)
      return v.richText
        .map((t) => t.text)
        .join("")
        .trim();
    if ("result" in v) return cellText(v.result);
    if ("text" in v) return String(v.text).trim();
  }
  return "";
}

/** The «Вид работы» column offers its values as a list (Excel's data validation). */
function addWorkKindList(ws: ExcelJS.Worksheet, rows: number) {
  const list = `"${WORK_KINDS.map((k) => WORK_KIND_NAMES[k]).join(",")}"`;
  // exceljs keeps range validations in worksheet.dataValidations, which its typings do not declare.
  const dv = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  dv.add(`F2:F${rows + 1}`, { type: "list", allowBlank: true, formulae: [list], showErrorMessage: false });
}

function planSheet(wb: ExcelJS.Workbook): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.required ? `${COLUMN_TITLES[c.key]}*` : COLUMN_TITLES[c.key], key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getColumn("topic").alignment = { wrapText: true, vertical: "top" };
  return ws;
}

async function bufferOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The empty template: the columns, the list of kinds of work, and a sheet of notes. */
export async function planTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  addWorkKindList(planSheet(wb), 500);
  const notes = wb.addWorksheet("Пояснения");
  notes.columns = [
    { header: "Столбец", key: "t", width: 20 },
    { header: "Как заполнять", key: "h", width: 100 },
  ];
  notes.getRow(1).font = { bold: true };
  const hint: Record<ColumnKey, string> = {
    no: "Номер по порядку (необязательно): темы загружаются в порядке строк",
    section: "Название раздела — в строке его первой темы; следующие темы относятся к нему до нового раздела",
    topic: "Тема урока (обязательно)",
    hours: "Целое число часов от 1 до 99 (обязательно): тема на несколько уроков — несколько часов",
    lessonType: `Необязательно, например: ${LESSON_TYPES.join("; ")}`,
    workKind: `Пусто или одно из: ${WORK_KINDS.map((k) => WORK_KIND_NAMES[k]).join(", ")}`,
    note: "Примечание для учителя (необязательно)",
  };
  for (const c of COLUMNS) notes.addRow({ t: c.required ? `${COLUMN_TITLES[c.key]} (обязательно)` : COLUMN_TITLES[c.key], h: hint[c.key] });
  notes.addRow({});
  notes.addRow({
    t: "Важно",
    h: "Первая строка листа «КТП» — названия столбцов, их не меняйте. Загрузка заменяет все темы КТП строками файла; сначала показывается проверка, записывается всё или ничего. Выгрузка КТП имеет тот же вид, поэтому выгруженный файл загружается обратно без изменений.",
  });
  return bufferOf(wb);
}

/** A plan the actor sees as a sheet in the import layout, with a second sheet about the plan. */
export async function exportPlan(actor: Actor, id: number): Promise<{ name: string; data: Buffer }> {
  const { plan } = await findPlan(actor, id);
  const [[head], items] = await Promise.all([
    planHeads(prisma, actor.schoolId, [plan], plan.yearId ?? actor.currentYearId),
    prisma.planItem.findMany({ where: { planId: id }, orderBy: { position: "asc" } }),
  ]);
  const wb = new ExcelJS.Workbook();
  const ws = planSheet(wb);
  for (const i of items) {
    const raw = rawOf(i, true);
    ws.addRow({
      no: i.position,
      section: raw.section || null,
      topic: raw.topic,
      hours: i.hours,
      lessonType: raw.lessonType || null,
      workKind: raw.workKind || null,
      note: raw.note || null,
    });
  }
  addWorkKindList(ws, Math.max(items.length + 100, 200));
  const about = wb.addWorksheet("Сведения");
  about.columns = [
    { header: "", key: "k", width: 24 },
    { header: "", key: "v", width: 80 },
  ];
  const h = head!;
  const rows: [string, string][] = [
    ["КТП", h.title],
    ["Предмет", h.subject],
    ["Класс", `${h.grade}${h.profile ? `, профиль «${h.profile}»` : ""}`],
    ["Учебный год", h.isTemplate ? "шаблон библиотеки" : (h.yearName ?? "")],
    ["Автор", h.author],
    ["Статус", h.isTemplate ? "шаблон" : `${h.statusName}${h.version > 1 ? `, версия ${h.version}` : ""}`],
    ["Часы", `${h.hoursText.line}: ${h.hoursText.verdict}`],
    ["Назначен", h.assigned.map((a) => a.label).join(", ") || "—"],
  ];
  for (const [k, v] of rows) about.addRow({ k, v });
  about.getColumn("k").font = { bold: true };
  const name = `КТП ${h.subject} ${h.grade} класс${h.version > 1 ? ` версия ${h.version}` : ""}.xlsx`;
  return { name, data: await bufferOf(wb) };
}

export interface SheetRead {
  rows: { row: number; item: ItemInput }[];
  /** Data rows of the sheet, the wrong ones included. */
  count: number;
  errors: RowError[];
}

/** Reads the first sheet: titles in row 1 (found by name, any order), topics from row 2; blank rows are skipped. */
export async function readPlanSheet(data: Buffer): Promise<SheetRead> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs declares the pre-generic Buffer of older @types/node; the bytes are the same.
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { rows: [], count: 0, errors: [{ row: 0, column: "", message: TEXT.notXlsx }] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { rows: [], count: 0, errors: [{ row: 0, column: "", message: TEXT.noSheet }] };
  const header = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => header.set(norm(cellText(cell.value)), col));
  const at = new Map<ColumnKey, number>();
  const errors: RowError[] = [];
  for (const c of COLUMNS) {
    const idx = header.get(norm(COLUMN_TITLES[c.key]));
    if (idx) at.set(c.key, idx);
    else if (c.required) errors.push({ row: 1, column: COLUMN_TITLES[c.key], message: TEXT.noColumn });
  }
  if (errors.length) return { rows: [], count: 0, errors };
  const rows: SheetRead["rows"] = [];
  let count = 0;
  for (let r = 2; r <= ws.rowCount; r++) {
    const sheetRow = ws.getRow(r);
    const raw = Object.fromEntries(
      COLUMNS.filter((c) => c.key !== "no").map((c) => [c.key, at.has(c.key) ? cellText(sheetRow.getCell(at.get(c.key)!).value) : ""]),
    ) as RawRow;
    if (isBlank(raw)) continue;
    count++;
    if (count > MAX_ITEMS) {
      errors.push({ row: r, column: "", message: TEXT.tooManyRows(MAX_ITEMS) });
      break;
    }
    const c = checkRow(raw);
    if (c.ok) rows.push({ row: r, item: c.item });
    else for (const [f, m] of Object.entries(c.errors)) errors.push({ row: r, column: COLUMN_TITLES[f as RowField], message: m });
  }
  if (!count && !errors.length) errors.push({ row: 2, column: "", message: TEXT.noRows });
  return { rows, count, errors };
}

const uploadKind = (planId: number) => `ktp:${planId}`;

/** Keeps an uploaded file for the preview; the plan must be one the actor may change now (NotFound, Locked). */
export async function storePlanUpload(actor: Actor, planId: number, fileName: string, data: Buffer): Promise<{ id: number }> {
  const { plan, year } = await findPlan(actor, planId);
  if (!inEditScope(actor, plan)) throw new NotFound("КТП не найден");
  assertContentEditable(plan, year);
  // Files never confirmed are not kept longer than a day. Compared with createdAt, which the database sets on the real clock.
  await prisma.importUpload.deleteMany({
    where: { schoolId: actor.schoolId, kind: { startsWith: "ktp:" }, appliedAt: null, createdAt: { lt: new Date(Date.now() - 86_400_000) } },
  });
  return prisma.importUpload.create({
    data: { schoolId: actor.schoolId, userId: actor.userId, kind: uploadKind(planId), fileName: fileName.slice(0, 200), data: new Uint8Array(data) },
    select: { id: true },
  });
}

/** The actor's own upload for this plan, or NotFound. */
async function getPlanUpload(actor: Actor, planId: number, uploadId: number) {
  const u = await prisma.importUpload.findFirst({ where: { id: uploadId, schoolId: actor.schoolId, userId: actor.userId, kind: uploadKind(planId) } });
  if (!u) throw new NotFound();
  return { ...u, data: Buffer.from(u.data) };
}

export interface PreviewRow {
  row: number;
  item: ItemInput;
  action: "create" | "update" | "same";
}

/** The check of an upload against the plan: rows read, errors, what each row does, topics removed, hours against the curriculum. Nothing is written. */
export async function previewPlanUpload(actor: Actor, planId: number, uploadId: number) {
  const upload = await getPlanUpload(actor, planId, uploadId);
  const { plan, year } = await findPlan(actor, planId);
  if (!inEditScope(actor, plan)) throw new NotFound("КТП не найден");
  const [[head], stored] = await Promise.all([
    planHeads(prisma, actor.schoolId, [plan], plan.yearId ?? actor.currentYearId),
    prisma.planItem.findMany({ where: { planId }, orderBy: { position: "asc" } }),
  ]);
  if (upload.appliedAt) return { upload, plan: head!, year, applied: true as const };
  const sheet = await readPlanSheet(upload.data);
  const rows: PreviewRow[] = sheet.rows.map((r, i) => {
    const old = stored[i];
    return { ...r, action: !old ? "create" : sameItem(old, r.item) ? "same" : "update" };
  });
  const removed = Math.max(0, stored.length - sheet.rows.length);
  const total = totalOf(sheet.rows.map((r) => r.item));
  const hoursYear = plan.yearId ?? actor.currentYearId;
  const curriculum = hoursYear ? (await yearHoursIndex(prisma, actor.schoolId, hoursYear)).of(plan.grade, plan.profile, plan.subjectId) : null;
  const hours = compareHours(total, curriculum);
  return {
    upload,
    plan: head!,
    year,
    applied: false as const,
    count: sheet.count,
    errors: sheet.errors,
    rows,
    removed,
    unchanged: !removed && rows.every((r) => r.action === "same"),
    hours,
    hoursText: hoursSummary(hours, head!.isTemplate ? null : head!.yearName),
    lock: year?.status === "CLOSED" ? TEXT.yearClosed : null,
  };
}

/**
 * Writes a confirmed upload: checked again inside the transaction that locks the plan, all rows or
 * none (ValidationError with the count of errors), replacing the plan's topics. NotFound, Locked as
 * lockEditable; ValidationError when the file was already written.
 */
export async function applyPlanUpload(actor: Actor, planId: number, uploadId: number): Promise<ItemsChange> {
  const upload = await getPlanUpload(actor, planId, uploadId);
  if (upload.appliedAt) throw new ValidationError({ _form: TEXT.uploadApplied });
  return prisma.$transaction(
    async (tx) => {
      await lockEditable(tx, actor, planId);
      await tx.$queryRaw`SELECT id FROM "ImportUpload" WHERE id = ${upload.id} FOR UPDATE`;
      const fresh = await tx.importUpload.findUniqueOrThrow({ where: { id: upload.id }, select: { appliedAt: true } });
      if (fresh.appliedAt) throw new ValidationError({ _form: TEXT.uploadApplied });
      const sheet = await readPlanSheet(upload.data);
      if (sheet.errors.length) throw new ValidationError({ _form: TEXT.fileHasErrors(sheet.errors.length) });
      const stored = await tx.planItem.findMany({ where: { planId }, orderBy: { position: "asc" }, select: { id: true } });
      const change = await writeItems(
        tx,
        actor.schoolId,
        planId,
        sheet.rows.map((r, i) => ({ id: stored[i]?.id ?? null, item: r.item })),
      );
      await tx.importUpload.update({ where: { id: upload.id }, data: { appliedAt: clock.now(), data: new Uint8Array() } });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "thematic-plan",
        entityId: planId,
        action: "import",
        newValue: { fileName: upload.fileName, topics: sheet.rows.length, ...change },
      });
      return change;
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
}
